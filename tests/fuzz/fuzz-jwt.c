/* fuzz-jwt.c
 *
 * An ID token (a compact JWS, RFC 7515 §7.1) as a token endpoint sends it, through every
 * check Sesame makes before trusting it: sesame_id_token_parse (), _check_algorithm ()
 * against the provider's algorithms, _check_claims () (OpenID Connect Core §3.1.3.7),
 * _check_refresh () (§12.2) and _verify () against a fixed JWK set of one RSA, one
 * P-256 and one Ed25519 key (the seed tokens in jwt/ are signed with their private
 * halves, since thrown away). A token that passes every check must carry the expected
 * issuer, audience and nonce. The claims shown before any check
 * (sesame_id_token_decode_claims ()) are decoded too.
 *
 * The input is the compact token. With FUZZ_VERBOSE set in the environment, the outcome
 * is printed on standard error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "fuzz-json-leak.h"
#include "sesame-id-token.h"
#include "sesame-jwt.h"
#include "sesame-jwks.h"
#include "sesame-oauth-error.h"

#define NOW 1700000100

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static const char jwks_json[] =
  "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"uN-asQGKKJ0LNVC2BD8nAZ5hJkHfNYx58BG-mVIE94UeiTAy2"
  "1uwj-TfdzE95ukaXUk-7GUdsap0X5bBP8jJowwaglPzgNO4_h5zQMdCsg4YsRj5BQboWrjDi99U-"
  "TOw-RHYEmwySispqHp7mqtlRbft0pwgE1VWw4jvdK2jvweMuT4sJU7NFvGhQLirNDIE59gBnrQ83"
  "nrZG8baq0R08Eux9bJEPq7_XiedQpyjPhZ68ctLvB-MhOEWxbZDbrTtPNCHKMyzmimmtI9mYtPm_"
  "ifXBpHt7XuPhpN1aMIU4WsXtcq-zbGFlHo4YKsM26K4RZQk2EXpAC6jkxoz1YI4mw\",\"e\":\"AQAB"
  "\",\"kid\":\"rsa1\",\"alg\":\"RS256\",\"use\":\"sig\"},{\"kty\":\"EC\",\"x\":\"aeYBfIvmiK3X42Ll1"
  "i2INgWtj0L8zYZgjvMTfogB2pM\",\"y\":\"O28_HeXJeP-8ktkc4WQfhVk5_kVDFWfN1YCBrcTW8UA"
  "\",\"crv\":\"P-256\",\"kid\":\"ec1\",\"alg\":\"ES256\",\"use\":\"sig\"},{\"crv\":\"Ed25519\",\"x\":"
  "\"rgS3tabVdtA3ex_f-5ne-CtH996T6dvBsGJ7Ii6xTfE\",\"kty\":\"OKP\",\"kid\":\"ed1\",\"alg\":"
  "\"EdDSA\",\"use\":\"sig\"}]}";

static SesameJwks *jwks;
static JsonObject *previous;

static void
init_once (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (jwks != NULL)
    return;
  fuzz_init ();
  bytes = g_bytes_new_static (jwks_json, strlen (jwks_json));
  jwks = sesame_jwks_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sesame_jwks_get_n_keys (jwks), ==, 3);
  previous = json_object_new ();
  json_object_set_string_member (previous, "iss", "https://id.example.com");
  json_object_set_string_member (previous, "sub", "alice");
  json_object_set_string_member (previous, "nonce", "n-0S6_WzA2Mj");
}

static void
check_error (const GError *error)
{
  g_assert (error != NULL && error->domain == SESAME_OAUTH_ERROR);
  g_assert (g_utf8_validate (error->message, -1, NULL));
}

/* What a token that passed every check must say. */
static void
check_trusted (SesameIdToken *token)
{
  JsonObject *claims = sesame_id_token_get_claims (token);
  const char *algorithm = sesame_id_token_get_algorithm (token);

  g_assert (sesame_jwks_algorithm_is_supported (algorithm));
  g_assert_cmpstr (json_object_get_string_member_with_default (claims, "iss", ""), ==,
                   "https://id.example.com");
  g_assert_cmpstr (json_object_get_string_member_with_default (claims, "nonce", ""), ==,
                   "n-0S6_WzA2Mj");
}

static void
check_token (const char *compact)
{
  static const char * const provider_algs[] = { "RS256", "PS256", "ES256", "EdDSA", NULL };
  const SesameIdTokenExpected expected = {
    .issuer = "https://id.example.com",
    .client_id = "fuzz-client",
    .nonce = "n-0S6_WzA2Mj",
    .now = NOW,
  };
  g_autoptr(SesameIdToken) token = NULL;
  g_autoptr(GError) error = NULL;
  gboolean trusted;

  token = sesame_id_token_parse (compact, &error);
  if (token == NULL)
    {
      check_error (error);
      return;
    }
  trusted = sesame_id_token_check_algorithm (token, provider_algs, &error) &&
            sesame_id_token_check_claims (token, &expected, &error) &&
            sesame_id_token_check_refresh (token, previous, &error) &&
            sesame_id_token_verify (token, jwks, &error);
  if (g_getenv ("FUZZ_VERBOSE") != NULL)
    g_printerr ("%s\n", trusted ? "trusted" : error->message);
  if (trusted)
    check_trusted (token);
  else
    check_error (error);
}

/* Whether json-glib may leak on the header or the payload (fuzz-json-leak.h). */
static gboolean
parts_may_leak (const char *compact)
{
  g_auto(GStrv) parts = g_strsplit (compact, ".", 4);

  for (guint i = 0; i < 2 && parts[i] != NULL; i++)
    {
      g_autoptr(GString) b64 = g_string_new (parts[i]);
      g_autofree guchar *decoded = NULL;
      gsize len = 0;

      g_string_replace (b64, "-", "+", 0);
      g_string_replace (b64, "_", "/", 0);
      while (b64->len % 4 != 0)
        g_string_append_c (b64, '=');
      decoded = g_base64_decode (b64->str, &len);
      if (fuzz_json_may_leak ((const char *) decoded, len))
        return TRUE;
    }
  return FALSE;
}

/* The claims as the Tokens page and `sesame inspect` show them: each one a line of
 * sanitised text. */
static void
show_claims (JsonObject *claims)
{
  g_auto(GStrv) names = NULL;

  if (claims == NULL)
    return;
  names = sesame_jwt_claim_order (claims);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *name = sesame_jwt_claim_name_to_text (names[i]);
      g_autofree char *text = sesame_jwt_claim_to_text (names[i],
                                                        json_object_get_member (claims, names[i]),
                                                        1800000000);

      g_assert (g_utf8_validate (text, -1, NULL) && strchr (text, '\n') == NULL);
      g_assert (g_utf8_validate (name, -1, NULL) && strchr (name, '\x1b') == NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *compact = g_strndup ((const char *) data, size);
  g_autoptr(JsonObject) shown = NULL;
  gboolean may_leak;

  init_once ();
  may_leak = parts_may_leak (compact);
  fuzz_json_leaks_begin (may_leak);
  check_token (compact);
  shown = sesame_id_token_decode_claims (compact);
  show_claims (shown);
  fuzz_json_leaks_end (may_leak);
  return 0;
}
