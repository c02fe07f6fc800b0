/* sesame-token-client-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sesame-token-client.h"

G_BEGIN_DECLS

SoupSession *_sesame_token_client_get_session    (SesameTokenClient  *self);
void         _sesame_token_client_prefetch_keys  (SesameTokenClient  *self,
                                                  SesameAuthRequest  *request,
                                                  GCancellable       *cancellable);
void         _sesame_token_client_set_http_error (SoupMessage        *message,
                                                  const char         *what,
                                                  GError            **error);
SesameClient *_sesame_token_client_get_client     (SesameTokenClient  *self);
/* Takes over @task: a POST of @token (and @token_type_hint) to @uri, with the client's
 * authentication; @callback gets the SoupMessage. */
void         _sesame_token_client_post_token     (SesameTokenClient  *self,
                                                  const char         *uri,
                                                  const char         *token,
                                                  const char         *token_type_hint,
                                                  GAsyncReadyCallback callback,
                                                  GTask              *task);
/* The OAuth error object in @object (RFC 6749 §5.2), if there is one, as @error; with
 * @device_poll, `authorization_pending` and `slow_down` as SESAME_DEVICE_POLL_ERROR.
 */
gboolean     _sesame_token_client_set_oauth_error (JsonObject        *object,
                                                   gboolean           device_poll,
                                                   GError           **error);

/* The token endpoint's answer to an exchange or a refresh: its HTTP @status, its
 * media @type (without parameters) and its @body. For the fuzzer.
 */
SesameTokenSet *_sesame_token_client_parse_answer (guint         status,
                                                   const char   *type,
                                                   GBytes       *body,
                                                   const char   *requested_scope,
                                                   GError      **error);

/* The device grant (RFC 8628): the answers that tell the poller to ask again. Never
 * returned outside the core. */
#define SESAME_DEVICE_POLL_ERROR (_sesame_device_poll_error_quark ())
typedef enum
{
  SESAME_DEVICE_POLL_ERROR_PENDING,    /* authorization_pending */
  SESAME_DEVICE_POLL_ERROR_SLOW_DOWN,  /* slow_down */
} SesameDevicePollError;

GQuark          _sesame_device_poll_error_quark              (void);
const char     *_sesame_token_client_get_scope               (SesameTokenClient    *self);
void            _sesame_token_client_prefetch_keys_for_scope (SesameTokenClient    *self,
                                                              const char           *scope,
                                                              GCancellable         *cancellable);
void            _sesame_token_client_device_authorize_async  (SesameTokenClient    *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
JsonObject     *_sesame_token_client_device_authorize_finish (SesameTokenClient    *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
void            _sesame_token_client_poll_device_async       (SesameTokenClient    *self,
                                                              const char           *device_code,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
SesameTokenSet *_sesame_token_client_poll_device_finish      (SesameTokenClient    *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS
