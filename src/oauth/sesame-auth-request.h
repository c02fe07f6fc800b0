/* sesame-auth-request.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-client.h"
#include "sesame-provider.h"

G_BEGIN_DECLS

#define SESAME_TYPE_AUTH_REQUEST (sesame_auth_request_get_type ())

G_DECLARE_FINAL_TYPE (SesameAuthRequest, sesame_auth_request, SESAME, AUTH_REQUEST, GObject)

SesameAuthRequest *sesame_auth_request_new                (SesameProvider     *provider,
                                                           SesameClient       *client,
                                                           const char         *redirect_uri,
                                                           GError            **error);
SesameProvider    *sesame_auth_request_get_provider       (SesameAuthRequest  *self);
SesameClient      *sesame_auth_request_get_client         (SesameAuthRequest  *self);
const char        *sesame_auth_request_get_uri            (SesameAuthRequest  *self);
const char        *sesame_auth_request_get_redirect_uri   (SesameAuthRequest  *self);
const char        *sesame_auth_request_get_state          (SesameAuthRequest  *self);
const char        *sesame_auth_request_get_nonce          (SesameAuthRequest  *self);
const char        *sesame_auth_request_get_code_verifier  (SesameAuthRequest  *self);
const char        *sesame_auth_request_get_scope          (SesameAuthRequest  *self);
gboolean           sesame_auth_request_get_consumed       (SesameAuthRequest  *self);
char              *sesame_auth_request_check_callback     (SesameAuthRequest  *self,
                                                           GHashTable         *params,
                                                           GError            **error);

G_END_DECLS
