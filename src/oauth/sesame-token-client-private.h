/* sesame-token-client-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-token-client.h"

G_BEGIN_DECLS

SoupSession *_sesame_token_client_get_session    (SesameTokenClient  *self);
void         _sesame_token_client_set_http_error (SoupMessage        *message,
                                                  const char         *what,
                                                  GError            **error);

G_END_DECLS
