/* sesame-profile-diagnosis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-oauth.h"
#include "sesame-profile.h"

G_BEGIN_DECLS

/* The diagnosis of @issuer's discovery document (sesame-diagnosis.h), fetched with the
 * certificate authorities of @ca_file (nullable) besides the system's, each request
 * limited to @timeout seconds (0: the default of sesame_http_session_new()).
 * The command line and the window both ask here: neither speaks HTTP itself.
 */
void             sesame_diagnose_issuer_async   (const char           *issuer,
                                                 const char           *ca_file,
                                                 guint                 timeout,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* The same for a profile's provider, with its issuer and CA file. A profile given by
 * its endpoints, without an issuer, has no document: SESAME_OAUTH_ERROR_INVALID_ARGUMENT.
 */
void             sesame_diagnose_profile_async  (SesameProfile        *profile,
                                                 guint                 timeout,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* For both. */
SesameDiagnosis *sesame_diagnose_finish         (GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
