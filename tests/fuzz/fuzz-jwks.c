/* fuzz-jwks.c
 *
 * A provider's JWK set (RFC 7517), fetched from its jwks_uri, through
 * sesame_jwks_new_from_bytes (); then a signature check with every algorithm Sesame
 * supports, by key id and without, over a fixed signing input and a signature of
 * zeros, which no key may accept.
 *
 * The input is the document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "fuzz-json-leak.h"
#include "sesame-jwks.h"
#include "sesame-oauth-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_error (const GError *error)
{
  g_assert (error != NULL && error->domain == SESAME_OAUTH_ERROR);
  g_assert (g_utf8_validate (error->message, -1, NULL));
}

static void
check_keys (SesameJwks *jwks)
{
  static const char * const algs[] = {
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
  };
  static const char * const kids[] = { NULL, "rsa1", "ec1", "ed1", "" };
  static const char input[] = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9";
  guint8 signature[512] = { 0 };

  g_assert_cmpuint (sesame_jwks_get_n_keys (jwks), <=, SESAME_JWKS_MAX_KEYS);
  for (guint i = 0; i < G_N_ELEMENTS (algs); i++)
    for (guint k = 0; k < G_N_ELEMENTS (kids); k++)
      {
        g_autoptr(GError) error = NULL;

        g_assert (sesame_jwks_algorithm_is_supported (algs[i]));
        if (kids[k] != NULL)
          sesame_jwks_has_kid (jwks, kids[k]);
        g_assert (!sesame_jwks_verify (jwks, algs[i], kids[k], (const guint8 *) input,
                                       strlen (input), signature, 64 + 64 * (k % 4), &error));
        check_error (error);
      }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(SesameJwks) jwks = NULL;
  g_autoptr(GError) error = NULL;
  gboolean may_leak;

  fuzz_init ();
  may_leak = fuzz_json_may_leak ((const char *) data, size);
  fuzz_json_leaks_begin (may_leak);
  jwks = sesame_jwks_new_from_bytes (bytes, &error);
  fuzz_json_leaks_end (may_leak);
  if (jwks == NULL)
    {
      check_error (error);
      return 0;
    }
  g_assert_no_error (error);
  check_keys (jwks);
  return 0;
}
