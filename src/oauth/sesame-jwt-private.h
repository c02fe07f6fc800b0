/* sesame-jwt-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One base64url part of a compact JWS or JWE (RFC 7515 §7.1) as a JSON object, read by
 * the one JSON reader; %SESAME_OAUTH_ERROR_JWT_MALFORMED naming @what otherwise. */
JsonObject *_sesame_jwt_decode_part (const char  *part,
                                     gsize        max_chars,
                                     const char  *what,
                                     GError     **error);

G_END_DECLS
