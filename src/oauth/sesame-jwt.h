/* sesame-jwt.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The longest token decoded, in characters; a longer JWT is refused as too large. */
#define SESAME_JWT_MAX_CHARS       (64 * 1024)
/* The most characters of one claim's value sesame_jwt_claim_to_text() returns. */
#define SESAME_JWT_MAX_VALUE_CHARS 2000

typedef enum
{
  SESAME_TOKEN_FORMAT_OPAQUE,
  SESAME_TOKEN_FORMAT_JWT,
  SESAME_TOKEN_FORMAT_JWE,
} SesameTokenFormat;

typedef struct _SesameJwt SesameJwt;

SesameJwt          *sesame_jwt_decode           (const char          *token,
                                                 GError             **error);
void                sesame_jwt_free             (SesameJwt           *self);
SesameTokenFormat   sesame_jwt_get_format       (SesameJwt           *self);
const char         *sesame_token_format_to_string (SesameTokenFormat  format);
JsonObject         *sesame_jwt_get_header       (SesameJwt           *self);
JsonObject         *sesame_jwt_get_claims       (SesameJwt           *self);

GStrv               sesame_jwt_claim_order      (JsonObject          *claims);
gboolean            sesame_jwt_claim_is_time    (const char          *name);
char               *sesame_jwt_claim_name_to_text (const char        *name);
char               *sesame_jwt_claim_to_text    (const char          *name,
                                                 JsonNode            *value,
                                                 gint64               now);
char               *sesame_format_relative_time (gint64               when,
                                                 gint64               now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameJwt, sesame_jwt_free)

G_END_DECLS
