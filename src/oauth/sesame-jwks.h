/* sesame-jwks.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The most keys a JWK set may hold; a larger set is refused whole. */
#define SESAME_JWKS_MAX_KEYS  64
/* The most bytes a JWK set document may have. */
#define SESAME_JWKS_MAX_BYTES (256 * 1024)

#define SESAME_TYPE_JWKS (sesame_jwks_get_type ())

G_DECLARE_FINAL_TYPE (SesameJwks, sesame_jwks, SESAME, JWKS, GObject)

SesameJwks *sesame_jwks_new_from_bytes         (GBytes        *json,
                                                GError       **error);
guint       sesame_jwks_get_n_keys             (SesameJwks    *self);
gboolean    sesame_jwks_has_kid                (SesameJwks    *self,
                                                const char    *kid);
gboolean    sesame_jwks_verify                 (SesameJwks    *self,
                                                const char    *alg,
                                                const char    *kid,
                                                const guint8  *signing_input,
                                                gsize          signing_input_len,
                                                const guint8  *signature,
                                                gsize          signature_len,
                                                GError       **error);
gboolean    sesame_jwks_algorithm_is_supported (const char    *alg);

G_END_DECLS
