/* sesame-id-token.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sesame-jwks.h"

G_BEGIN_DECLS

/* The clock skew allowed either way on exp, iat and nbf, in seconds. */
#define SESAME_ID_TOKEN_CLOCK_SKEW   (5 * 60)
/* An ID token whose iat is older than this (plus the skew) is refused, in seconds. */
#define SESAME_ID_TOKEN_MAX_AGE      (24 * 3600)
/* The longest compact ID token accepted, in characters. */
#define SESAME_ID_TOKEN_MAX_CHARS    (64 * 1024)

typedef struct _SesameIdToken SesameIdToken;

/**
 * SesameIdTokenExpected:
 * @issuer: the provider's issuer, compared exactly
 * @client_id: our client id, which `aud` must contain
 * @nonce: (nullable): the nonce sent in the authorization request; %NULL when none was
 *   sent (a refresh)
 * @now: the current time, seconds since the epoch
 */
typedef struct
{
  const char *issuer;
  const char *client_id;
  const char *nonce;
  gint64      now;
} SesameIdTokenExpected;

SesameIdToken *sesame_id_token_parse           (const char                  *compact,
                                                GError                     **error);
void           sesame_id_token_free            (SesameIdToken               *self);
const char    *sesame_id_token_get_algorithm   (SesameIdToken               *self);
const char    *sesame_id_token_get_kid         (SesameIdToken               *self);
JsonObject    *sesame_id_token_get_claims      (SesameIdToken               *self);
gboolean       sesame_id_token_check_algorithm (SesameIdToken               *self,
                                                const char * const          *provider_algs,
                                                GError                     **error);
gboolean       sesame_id_token_check_claims    (SesameIdToken               *self,
                                                const SesameIdTokenExpected *expected,
                                                GError                     **error);
gboolean       sesame_id_token_check_refresh   (SesameIdToken               *self,
                                                JsonObject                  *previous,
                                                GError                     **error);
gboolean       sesame_id_token_verify          (SesameIdToken               *self,
                                                SesameJwks                  *jwks,
                                                GError                     **error);
JsonObject    *sesame_id_token_decode_claims   (const char                  *compact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameIdToken, sesame_id_token_free)

G_END_DECLS
