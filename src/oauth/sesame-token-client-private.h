/* sesame-token-client-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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
void         _sesame_token_client_form_add       (GString            *form,
                                                  const char         *name,
                                                  const char         *value);
/* A POST of @form (wiped) to @uri, with the client's authentication. */
SoupMessage *_sesame_token_client_new_post       (SesameTokenClient  *self,
                                                  const char         *uri,
                                                  GString            *form);
/* The OAuth error object in @object (RFC 6749 §5.2), if there is one, as @error. */
gboolean     _sesame_token_client_set_oauth_error (JsonObject        *object,
                                                   GError           **error);

/* The token endpoint's answer to an exchange or a refresh: its HTTP @status, its
 * media @type (without parameters) and its @body. For the fuzzer.
 */
SesameTokenSet *_sesame_token_client_parse_answer (guint         status,
                                                   const char   *type,
                                                   GBytes       *body,
                                                   const char   *requested_scope,
                                                   GError      **error);

G_END_DECLS
