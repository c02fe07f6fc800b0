/* sesame-token-request.h
 *
 * `sesame token NAME`, as a request: what the command line asks the running app's token
 * service (sesame-token-protocol.h), and what it answers from the keyring when there is
 * no app. Written and read here alone; the text printed for it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sesame-token-set.h"

G_BEGIN_DECLS

typedef enum
{
  SESAME_TOKEN_OUTPUT_ACCESS,   /* the access token alone */
  SESAME_TOKEN_OUTPUT_HEADER,   /* Authorization: Bearer … */
  SESAME_TOKEN_OUTPUT_JSON,     /* every token, as JSON */
  SESAME_TOKEN_OUTPUT_ID,       /* the ID token */
  SESAME_TOKEN_OUTPUT_CLAIMS,   /* the ID token's claims, as JSON */
} SesameTokenOutput;

typedef struct
{
  char              *profile;      /* the profile's name */
  SesameTokenOutput  output;
  guint              min_valid;    /* seconds the token must stay valid */
  char              *config_dir;   /* the asker's g_get_user_config_dir () */
} SesameTokenRequest;

SesameTokenRequest *sesame_token_request_new       (const char               *profile,
                                                    SesameTokenOutput         output,
                                                    guint                     min_valid);
void                sesame_token_request_free      (SesameTokenRequest       *self);
GBytes             *sesame_token_request_serialize (const SesameTokenRequest *self);
SesameTokenRequest *sesame_token_request_parse     (const char               *data,
                                                    gsize                     length,
                                                    GError                  **error);

char               *sesame_token_output_format     (SesameTokenSet           *tokens,
                                                    SesameTokenOutput         output,
                                                    GError                  **error);

/* The service's directory, $XDG_RUNTIME_DIR/sesame, when it is the user's alone (made so
 * with @create); the same rules on both sides.
 */
char               *sesame_token_service_directory (gboolean                  create,
                                                    GError                  **error);
gboolean            sesame_token_service_peer_is_us (GSocket                 *socket);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameTokenRequest, sesame_token_request_free)

G_END_DECLS
