/* test-jwt.c
 *
 * Tokens decoded for display (sesame-jwt.c): JWTs, opaque tokens, malformed JWTs with
 * their specific errors, huge claims, control characters and text that is not UTF-8,
 * the order of the claims, and times as people read them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fake-provider.h"
#include "sesame-id-token.h"
#include "sesame-jwt.h"
#include "sesame-oauth-error.h"

#define HEADER "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"k1\"}"

static char *
b64 (const char *text)
{
  return fake_base64url ((const guint8 *) text, strlen (text));
}

/* header.claims.signature from JSON texts, as they are (not re-serialised). */
static char *
jwt3 (const char *header,
      const char *claims,
      const char *signature)
{
  g_autofree char *h = b64 (header);
  g_autofree char *c = b64 (claims);

  return g_strconcat (h, ".", c, ".", signature, NULL);
}

static void
assert_malformed (const char *token,
                  const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameJwt) jwt = sesame_jwt_decode (token, &error);

  g_assert_null (jwt);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_JWT_MALFORMED);
  if (strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  /* The token is never in the message. */
  g_assert_null (strstr (error->message, token));
}

static void
test_decodes_jwt (void)
{
  g_autofree char *token = jwt3 (HEADER, "{\"sub\":\"alice\",\"aud\":[\"api\",\"other\"],"
                                 "\"exp\":2000000000}", "c2ln");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameJwt) jwt = sesame_jwt_decode (token, &error);
  JsonObject *claims;

  g_assert_no_error (error);
  g_assert_cmpint (sesame_jwt_get_format (jwt), ==, SESAME_TOKEN_FORMAT_JWT);
  g_assert_cmpstr (sesame_token_format_to_string (SESAME_TOKEN_FORMAT_JWT), ==, "jwt");
  g_assert_cmpstr (json_object_get_string_member (sesame_jwt_get_header (jwt), "typ"), ==,
                   "at+jwt");
  claims = sesame_jwt_get_claims (jwt);
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, "alice");
  g_assert_cmpint (json_object_get_int_member (claims, "exp"), ==, 2000000000);

  /* An unsecured JWT has an empty signature: still shown. */
  g_clear_pointer (&jwt, sesame_jwt_free);
  g_free (token);
  token = jwt3 ("{\"alg\":\"none\"}", "{\"sub\":\"bob\"}", "");
  jwt = sesame_jwt_decode (token, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sesame_jwt_get_format (jwt), ==, SESAME_TOKEN_FORMAT_JWT);
}

static void
test_opaque (void)
{
  /* Not an error: no dots, dots without a JOSE header (Google's "ya29." tokens). */
  const char *tokens[] = { "2YotnFZFEjr1zCsicMWpAA", "ya29.a0AfH6SMBx.y-z", "eyJhbGciOiJIUzI1NiJ9",
                           "", "a.b.c" };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameJwt) jwt = sesame_jwt_decode (tokens[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (sesame_jwt_get_format (jwt), ==, SESAME_TOKEN_FORMAT_OPAQUE);
      g_assert_null (sesame_jwt_get_header (jwt));
      g_assert_null (sesame_jwt_get_claims (jwt));
    }
  g_assert_cmpstr (sesame_token_format_to_string (SESAME_TOKEN_FORMAT_OPAQUE), ==, "opaque");
}

static void
test_encrypted (void)
{
  g_autofree char *header = b64 ("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}");
  g_autofree char *token = g_strconcat (header, ".a2V5.aXY.Y2lwaGVy.dGFn", NULL);
  g_autofree char *no_enc = b64 ("{\"alg\":\"RSA-OAEP\"}");
  g_autofree char *bad = g_strconcat (no_enc, ".a2V5.aXY.Y2lwaGVy.dGFn", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameJwt) jwt = sesame_jwt_decode (token, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sesame_jwt_get_format (jwt), ==, SESAME_TOKEN_FORMAT_JWE);
  g_assert_cmpstr (json_object_get_string_member (sesame_jwt_get_header (jwt), "enc"), ==,
                   "A256GCM");
  g_assert_null (sesame_jwt_get_claims (jwt));
  assert_malformed (bad, "no encryption (enc)");
}

static void
test_malformed (void)
{
  g_autofree char *header = b64 (HEADER);
  g_autofree char *two = g_strconcat (header, ".e30", NULL);
  g_autofree char *four = g_strconcat (header, ".e30.c2ln.eHg", NULL);
  g_autofree char *padded = g_strconcat (header, ".e30=.c2ln", NULL);
  g_autofree char *bad_sig = g_strconcat (header, ".e30.c2l+", NULL);
  g_autofree char *not_json = jwt3 (HEADER, "{\"sub\":", "c2ln");
  g_autofree char *array = jwt3 (HEADER, "[\"sub\"]", "c2ln");
  g_autofree char *nul = jwt3 (HEADER, "{\"iss\":\"https://good\\u0000.evil\"}", "c2ln");
  g_autofree char *bad_header = g_strconcat ("eyJ!", ".e30.c2ln", NULL);
  g_autoptr(GString) deep = g_string_new ("{\"a\":");

  assert_malformed (two, "has 2 parts");
  assert_malformed (four, "has 4 parts");
  assert_malformed (padded, "claim set is not base64url");
  assert_malformed (bad_sig, "signature is not base64url");
  assert_malformed (not_json, "not valid JSON");
  assert_malformed (array, "not a JSON object");
  assert_malformed (nul, "NUL");
  assert_malformed (bad_header, "header is not base64url");

  /* The one JSON reader's depth limit holds here too. */
  for (guint i = 0; i < 70; i++)
    g_string_append (deep, "[");
  for (guint i = 0; i < 70; i++)
    g_string_append (deep, "]");
  g_string_append (deep, "}");
  {
    g_autofree char *token = jwt3 (HEADER, deep->str, "c2ln");

    assert_malformed (token, "nested too deeply");
  }
}

static void
test_huge (void)
{
  g_autoptr(GString) claims = g_string_new ("{\"sub\":\"");
  g_autoptr(GString) huge = NULL;
  g_autofree char *token = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameJwt) jwt = NULL;

  /* 40 KiB of claims: decoded, and the value shown cut short. */
  for (guint i = 0; i < 40 * 1024; i++)
    g_string_append_c (claims, 'a' + i % 26);
  g_string_append (claims, "\"}");
  token = jwt3 (HEADER, claims->str, "c2ln");
  jwt = sesame_jwt_decode (token, &error);
  g_assert_no_error (error);
  text = sesame_jwt_claim_to_text ("sub", json_object_get_member (sesame_jwt_get_claims (jwt),
                                                                  "sub"), 0);
  g_assert_cmpuint (g_utf8_strlen (text, -1), ==, SESAME_JWT_MAX_VALUE_CHARS + 1);
  g_assert_true (g_str_has_suffix (text, "…"));

  /* Beyond the limit: too large, said so, nothing read. */
  huge = g_string_new (token);
  while (huge->len <= SESAME_JWT_MAX_CHARS)
    g_string_append (huge, "AAAA");
  assert_malformed (huge->str, "too large");
}

static void
test_hostile_text (void)
{
  /* An escape sequence, a new line, a bidi override, markup, and a lone surrogate that
   * json-glib turns into bytes that are not UTF-8. */
  g_autofree char *token = jwt3 (HEADER, "{\"name\":\"a\\u001b[31mred\\nline\\u202e<b>x</b>\","
                                 "\"nick\":\"\\ud83dx\",\"\\ud83dkey\":1,\"groups\":[\"a\\u0007\",\"b\"]}", "c2ln");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameJwt) jwt = sesame_jwt_decode (token, &error);
  JsonObject *claims;
  g_autofree char *name = NULL;
  g_autofree char *nick = NULL;
  g_autofree char *groups = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  claims = sesame_jwt_get_claims (jwt);
  name = sesame_jwt_claim_to_text ("name", json_object_get_member (claims, "name"), 0);
  g_assert_null (strchr (name, '\x1b'));
  g_assert_null (strchr (name, '\n'));
  g_assert_null (strstr (name, "\u202e"));
  g_assert_nonnull (strstr (name, "\\x1b[31mred\\x0aline\\u202e<b>x</b>"));

  nick = sesame_jwt_claim_to_text ("nick", json_object_get_member (claims, "nick"), 0);
  g_assert_true (g_utf8_validate (nick, -1, NULL));
  groups = sesame_jwt_claim_to_text ("groups", json_object_get_member (claims, "groups"), 0);
  g_assert_cmpstr (groups, ==, "a\\x07, b");

  /* What JSON output is written from is UTF-8, so the JSON is valid. */
  node = json_node_init_object (json_node_alloc (), claims);
  json = json_to_string (node, FALSE);
  g_assert_true (g_utf8_validate (json, -1, NULL));
}

static void
test_order (void)
{
  g_autofree char *token = jwt3 (HEADER, "{\"z\":1,\"sub\":\"s\",\"exp\":2,\"iss\":\"i\",\"roles\":[],"
                                 "\"client_id\":\"c\",\"aud\":\"a\",\"scp\":\"x\",\"jti\":\"j\"}",
                                 "c2ln");
  g_autoptr(SesameJwt) jwt = sesame_jwt_decode (token, NULL);
  g_auto(GStrv) order = sesame_jwt_claim_order (sesame_jwt_get_claims (jwt));
  const char *expected[] = { "aud", "scp", "roles", "client_id", "iss", "sub", "z", "exp", "jti",
                             NULL };

  g_assert_cmpstrv (order, expected);
}

static void
test_times (void)
{
  const gint64 now = 1800000000;
  g_autoptr(JsonNode) exp = json_node_init_int (json_node_alloc (), now + 54 * 60 + 10);
  g_autoptr(JsonNode) iat = json_node_init_int (json_node_alloc (), now - 2 * 3600 - 5);
  g_autoptr(JsonNode) nbf = json_node_init_double (json_node_alloc (), now - 30.5);
  g_autoptr(JsonNode) huge = json_node_init_double (json_node_alloc (), 1e300);
  g_autoptr(JsonNode) text = json_node_init_string (json_node_alloc (), "tomorrow");
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now + 54 * 60 + 10);
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  g_autofree char *expected = g_strdup_printf ("%s (in 54 minutes)", date);
  g_autofree char *a = sesame_jwt_claim_to_text ("exp", exp, now);
  g_autofree char *b = sesame_jwt_claim_to_text ("iat", iat, now);
  g_autofree char *c = sesame_jwt_claim_to_text ("nbf", nbf, now);
  g_autofree char *d = sesame_jwt_claim_to_text ("auth_time", huge, now);
  g_autofree char *e = sesame_jwt_claim_to_text ("exp", text, now);
  g_autofree char *f = sesame_jwt_claim_to_text ("count", exp, now);
  g_autofree char *r1 = sesame_format_relative_time (now + 3 * 86400 + 60, now);
  g_autofree char *r2 = sesame_format_relative_time (now - 61, now);
  g_autofree char *r3 = sesame_format_relative_time (now + 3600, now);

  g_assert_cmpstr (a, ==, expected);
  g_assert_true (g_str_has_suffix (b, " (2 hours ago)"));
  g_assert_true (g_str_has_suffix (c, " (less than a minute ago)"));
  g_assert_null (strchr (d, '('));
  g_assert_cmpstr (e, ==, "tomorrow");
  g_assert_cmpstr (f, ==, "1800003250");
  g_assert_cmpstr (r1, ==, "in 3 days");
  g_assert_cmpstr (r2, ==, "1 minute ago");
  g_assert_cmpstr (r3, ==, "in 1 hour");
  g_assert_true (sesame_jwt_claim_is_time ("auth_time"));
  g_assert_false (sesame_jwt_claim_is_time ("sub"));
}

/* The ID token's claims shown go through the same decoding. */
static void
test_id_token_same_path (void)
{
  g_autofree char *token = jwt3 (HEADER, "{\"sub\":\"alice\",\"nick\":\"\\ud83dx\"}", "c2ln");
  g_autoptr(JsonObject) claims = sesame_id_token_decode_claims (token);
  g_autofree char *opaque_token = g_strdup ("opaque");

  g_assert_nonnull (claims);
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, "alice");
  g_assert_true (g_utf8_validate (json_object_get_string_member (claims, "nick"), -1, NULL));
  g_assert_null (sesame_id_token_decode_claims (opaque_token));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sesame/jwt/decodes", test_decodes_jwt);
  g_test_add_func ("/sesame/jwt/opaque", test_opaque);
  g_test_add_func ("/sesame/jwt/encrypted", test_encrypted);
  g_test_add_func ("/sesame/jwt/malformed", test_malformed);
  g_test_add_func ("/sesame/jwt/huge", test_huge);
  g_test_add_func ("/sesame/jwt/hostile-text", test_hostile_text);
  g_test_add_func ("/sesame/jwt/order", test_order);
  g_test_add_func ("/sesame/jwt/times", test_times);
  g_test_add_func ("/sesame/jwt/id-token-same-path", test_id_token_same_path);

  return g_test_run ();
}
