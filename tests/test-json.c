/* test-json.c
 *
 * The one JSON reader (sesame-json.c) and every kind of document that goes through it:
 * json-glib 1.6 parses nested arrays and objects recursively, with no limit, so nesting
 * deeper than 64 is refused before json-glib sees the text. A document nested 100,000
 * deep (about 200 KB) would otherwise exhaust the stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fake-provider.h"
#include "sesame-id-token.h"
#include "sesame-json-private.h"
#include "sesame-jwks.h"
#include "sesame-oauth-error.h"
#include "sesame-provider.h"
#include "sesame-token-set.h"
#include "waits.h"

#define TOO_DEEP "The provider’s answer is nested too deeply"

/* @prefix, then @depth arrays nested in each other, closed (or not), then @suffix. */
static GBytes *
nested (const char *prefix,
        guint       depth,
        gboolean    closed,
        const char *suffix)
{
  GString *text = g_string_new (prefix);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; closed && i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, suffix);
  return g_string_free_to_bytes (text);
}

static char *
nested_string (const char *prefix,
               guint       depth,
               const char *suffix)
{
  g_autoptr(GBytes) bytes = nested (prefix, depth, TRUE, suffix);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
assert_too_deep (const GError *error)
{
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (error->message, ==, TOO_DEEP);
}

/* The reader itself ------------------------------------------------------------------ */

/* The root object counts: 64 levels in all are read, 65 are not. */
static void
test_reader_limit (void)
{
  g_autoptr(GBytes) deepest = nested ("{\"a\":", 63, TRUE, "}");
  g_autoptr(GBytes) too_deep = nested ("{\"a\":", 64, TRUE, "}");
  g_autoptr(GBytes) huge = nested ("{\"a\":", 100000, TRUE, "}");
  g_autoptr(GBytes) open = nested ("{\"a\":", 100000, FALSE, "");
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  object = _sesame_json_parse_object (deepest, "test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);

  g_assert_null (_sesame_json_parse_object (too_deep, "test", &error));
  assert_too_deep (error);
  g_clear_error (&error);
  g_assert_null (_sesame_json_parse_object (huge, "test", &error));
  assert_too_deep (error);
  g_clear_error (&error);
  g_assert_null (_sesame_json_parse_object (open, "test", &error));
  assert_too_deep (error);
}

/* Brackets in strings (escaped quotes included) do not count; closing brackets ahead do
 * not make room for more; what could hide brackets from the count (a comment, a string
 * in single quotes, which json-glib also takes) is not JSON.
 */
static void
test_reader_strings (void)
{
  const char *read[] = {
    "{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}",
    "{\"a\\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\":1}",
    "{\"a\":\"\\\\\",\"b\":\"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\"}",
  };
  const char *hidden[][2] = {
    { "{\"a\":/* \" */", "}" },
    { "{\"a\":['\"',", "]}" },
    { "{\"a\":// \"\n", "}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (read); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (read[i], strlen (read[i]));
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GError) error = NULL;

      object = _sesame_json_parse_object (bytes, "test", &error);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
    {
      g_autoptr(GBytes) bytes = nested (hidden[i][0], 100000, TRUE, hidden[i][1]);
      g_autoptr(GError) error = NULL;

      g_assert_null (_sesame_json_parse_object (bytes, "test", &error));
      g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
    }

  /* Escapes that are not JSON's: json-glib reads a short \u its own way, and so took
   * the second object here for the rest of a string, and leaked it. */
  {
    const char *escapes[] = {
      "{\"\":\"x\\u0\"a\"}{\"\":\"x\\u0\"a\"}",
      "{\"a\":\"\\u12\"}",
      "{\"a\":\"\\x41\"}",
      "{\"a\":\"\\",
    };

    for (guint i = 0; i < G_N_ELEMENTS (escapes); i++)
      {
        g_autoptr(GBytes) bytes = g_bytes_new_static (escapes[i], strlen (escapes[i]));
        g_autoptr(GError) error = NULL;

        g_assert_true (_sesame_json_refused_early (escapes[i], strlen (escapes[i])));
        g_assert_null (_sesame_json_parse_object (bytes, "test", &error));
        g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
      }
  }
  {
    const char *text = "{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
    g_autoptr(JsonObject) object = NULL;
    g_autoptr(GError) error = NULL;

    object = _sesame_json_parse_object (bytes, "test", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (object, "a"), ==,
                     "\"\\/\b\f\n\r\t\u00e9\U0001F600");
  }

  {
    g_autoptr(GBytes) bytes = nested ("]]]]]]]]]]{\"a\":", 70, TRUE, "}");
    g_autoptr(GError) error = NULL;

    g_assert_null (_sesame_json_parse_object (bytes, "test", &error));
    assert_too_deep (error);
  }
}

/* A number too large for a double is refused wherever it stands: json-glib would read it
 * as infinity and write it back as `inf`, which no JSON reader takes.
 */
static void
test_reader_infinity (void)
{
  const char *refused[] = {
    "{\"a\":1e999}",
    "{\"a\":[1,{\"b\":-1e400}]}",
    "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"userinfo\":{\"n\":169999e333333}}",
  };
  const char *read[] = {
    "{\"a\":1e308,\"b\":-1.7e308,\"c\":1e-999,\"d\":9223372036854775807}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (refused[i], strlen (refused[i]));
      g_autoptr(GError) error = NULL;

      g_assert_null (_sesame_json_parse_object (bytes, "test", &error));
      g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
      g_assert_cmpstr (error->message, ==, "The test holds a number too large to read");
    }
  for (guint i = 0; i < G_N_ELEMENTS (read); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (read[i], strlen (read[i]));
      g_autoptr(JsonObject) object = NULL;
      g_autoptr(GError) error = NULL;

      object = _sesame_json_parse_object (bytes, "test", &error);
      g_assert_no_error (error);
      g_assert_nonnull (object);
    }

  /* A stored token set whose userinfo held one would be written as `inf`. */
  {
    g_autoptr(SesameTokenSet) tokens = NULL;
    g_autoptr(GError) error = NULL;

    tokens = sesame_token_set_new_from_json (refused[2], &error);
    g_assert_null (tokens);
    g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
  }
}

/* Each kind of document -------------------------------------------------------------- */

static void
test_token_response (void)
{
  const guint depths[] = { 64, 100000 };

  for (guint i = 0; i < G_N_ELEMENTS (depths); i++)
    {
      g_autoptr(GBytes) body = nested ("{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"x\":",
                                       depths[i], TRUE, "}");
      g_autoptr(SesameTokenSet) tokens = NULL;
      g_autoptr(GError) error = NULL;

      tokens = sesame_token_set_new_from_response (body, "application/json", NULL, &error);
      g_assert_null (tokens);
      assert_too_deep (error);
    }
}

static void
test_stored_tokens (void)
{
  g_autofree char *json = nested_string ("{\"access_token\":\"a\",\"token_type\":\"Bearer\","
                                         "\"userinfo\":{\"x\":", 100, "}}");
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = sesame_token_set_new_from_json (json, &error);
  g_assert_null (tokens);
  assert_too_deep (error);
}

static void
test_discovery (void)
{
  g_autoptr(GBytes) metadata = nested ("{\"issuer\":\"https://id.example.com\",\"x\":", 100000,
                                       TRUE, "}");
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = sesame_provider_new_from_metadata ("https://id.example.com", metadata, &error);
  g_assert_null (provider);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, TOO_DEEP));
}

static void
test_jwks (void)
{
  g_autoptr(GBytes) json = nested ("{\"keys\":", 100, TRUE, "}");
  g_autoptr(SesameJwks) jwks = NULL;
  g_autoptr(GError) error = NULL;

  jwks = sesame_jwks_new_from_bytes (json, &error);
  g_assert_null (jwks);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, TOO_DEEP));
}

/* A JWT with @header and @payload as its JSON parts. */
static char *
jwt (const char *header,
     const char *payload)
{
  g_autofree char *h = fake_base64url ((const guint8 *) header, strlen (header));
  g_autofree char *p = fake_base64url ((const guint8 *) payload, strlen (payload));

  return g_strconcat (h, ".", p, ".c2ln", NULL);
}

static void
test_jwt_parts (void)
{
  const char *header = "{\"alg\":\"RS256\",\"kid\":\"k\"}";
  const char *payload = "{\"iss\":\"https://id.example.com\",\"sub\":\"alice\"}";
  g_autofree char *deep_header = nested_string ("{\"alg\":\"RS256\",\"x\":", 65, "}");
  g_autofree char *deep_payload = nested_string ("{\"sub\":\"alice\",\"x\":", 65, "}");
  g_autofree char *shallow_payload = nested_string ("{\"sub\":\"alice\",\"x\":", 63, "}");
  g_autofree char *good = jwt (header, shallow_payload);
  g_autofree char *bad_header = jwt (deep_header, payload);
  g_autofree char *bad_payload = jwt (header, deep_payload);
  g_autoptr(SesameIdToken) token = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;

  token = sesame_id_token_parse (good, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  g_assert_null (sesame_id_token_parse (bad_header, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_INVALID);
  g_clear_error (&error);
  g_assert_null (sesame_id_token_parse (bad_payload, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_INVALID);

  /* The claims shown without a check are read the same way. */
  claims = sesame_id_token_decode_claims (bad_payload);
  g_assert_null (claims);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/json/reader-limit", test_reader_limit);
  g_test_add_func ("/sesame/json/reader-strings", test_reader_strings);
  g_test_add_func ("/sesame/json/reader-infinity", test_reader_infinity);
  g_test_add_func ("/sesame/json/token-response", test_token_response);
  g_test_add_func ("/sesame/json/stored-tokens", test_stored_tokens);
  g_test_add_func ("/sesame/json/discovery", test_discovery);
  g_test_add_func ("/sesame/json/jwks", test_jwks);
  g_test_add_func ("/sesame/json/jwt-parts", test_jwt_parts);

  return g_test_run ();
}
