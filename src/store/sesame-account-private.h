/* sesame-account-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-account.h"

G_BEGIN_DECLS

/* A token client for the profile: the client secret from the keyring, the provider
 * discovered when the profile names an issuer (the kept one for a resident account). */
void               _sesame_account_resolve_token_client_async  (SesameAccount        *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
SesameTokenClient *_sesame_account_resolve_token_client_finish (GAsyncResult         *result,
                                                                GError              **error);

G_END_DECLS
