/* sesame-token-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "sesame-auth-request.h"
#include "sesame-client.h"
#include "sesame-provider.h"
#include "sesame-token-set.h"

G_BEGIN_DECLS

#define SESAME_TYPE_TOKEN_CLIENT (sesame_token_client_get_type ())

G_DECLARE_FINAL_TYPE (SesameTokenClient, sesame_token_client, SESAME, TOKEN_CLIENT, GObject)

SesameTokenClient *sesame_token_client_new                 (SoupSession          *session,
                                                            SesameProvider       *provider,
                                                            SesameClient         *client);
SesameProvider    *sesame_token_client_get_provider        (SesameTokenClient    *self);
void               sesame_token_client_exchange_code_async (SesameTokenClient    *self,
                                                            SesameAuthRequest    *request,
                                                            const char           *code,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SesameTokenSet    *sesame_token_client_exchange_code_finish (SesameTokenClient   *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void               sesame_token_client_refresh_async       (SesameTokenClient    *self,
                                                            SesameTokenSet       *current,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
SesameTokenSet    *sesame_token_client_refresh_finish      (SesameTokenClient    *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
void               sesame_token_client_revoke_async        (SesameTokenClient    *self,
                                                            const char           *token,
                                                            const char           *token_type_hint,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean           sesame_token_client_revoke_finish       (SesameTokenClient    *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

void               sesame_token_client_fetch_userinfo_async  (SesameTokenClient  *self,
                                                              SesameTokenSet     *tokens,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
JsonObject        *sesame_token_client_fetch_userinfo_finish (SesameTokenClient  *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);

gboolean           sesame_token_client_can_introspect     (SesameTokenClient  *self);
void               sesame_token_client_introspect_async   (SesameTokenClient  *self,
                                                           const char         *token,
                                                           const char         *token_type_hint,
                                                           GCancellable       *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer            user_data);
JsonObject        *sesame_token_client_introspect_finish  (SesameTokenClient  *self,
                                                           GAsyncResult       *result,
                                                           GError            **error);

G_END_DECLS
