/* test-util.c
 *
 * The core's small helpers: encodings, sanitizing, parameter parsing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sesame-json-private.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "waits.h"

static void
test_form_urlencode (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "abcXYZ019-._*", "abcXYZ019-._*" },
    { "a b", "a+b" },
    { "b4s!c s3cret:+/%&=", "b4s%21c+s3cret%3A%2B%2F%25%26%3D" },
    { "ü", "%C3%BC" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *encoded = _sesame_form_urlencode (cases[i].in);
      g_assert_cmpstr (encoded, ==, cases[i].out);
    }
}

static void
test_base64url (void)
{
  const guint8 bytes[] = { 0xfb, 0xff, 0xfe, 0x01 };
  g_autofree char *encoded = _sesame_base64url_encode (bytes, sizeof bytes);

  g_assert_cmpstr (encoded, ==, "-__-AQ");
}

static void
test_base64url_decode (void)
{
  const char *refused[] = {
    "-__-AR",     /* bits beyond the data set: another encoding of the same bytes */
    "-__-_x",
    "AB",         /* one byte: only the top two bits of B may be set */
    "AAB",        /* two bytes: ditto for the last two */
    "-__-AQ==",   /* padding */
    "+//+AQ",     /* the standard alphabet */
    "-__- AQ",
    "-__-A",      /* a length no encoding has */
    "-__-AQ.",
  };
  gsize len = 0;
  g_autofree guint8 *decoded = _sesame_base64url_decode ("-__-AQ", 64, &len);

  g_assert_cmpmem (decoded, len, "\xfb\xff\xfe\x01", 4);
  g_assert_cmpint (decoded[len], ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_null (_sesame_base64url_decode (refused[i], 64, &len));
  g_assert_null (_sesame_base64url_decode ("-__-AQ", 5, &len));

  /* Every length round-trips, every byte value included. */
  for (gsize n = 0; n <= 66; n++)
    {
      g_autofree guint8 *bytes = g_malloc (n + 1);
      g_autofree char *text = NULL;
      g_autofree guint8 *back = NULL;

      for (gsize i = 0; i < n; i++)
        bytes[i] = (guint8) (i * 97 + n * 31);
      text = _sesame_base64url_encode (bytes, n);
      back = _sesame_base64url_decode (text, strlen (text), &len);
      g_assert_nonnull (back);
      g_assert_cmpmem (back, len, bytes, n);
    }
}

/* Provider JSON: one object, valid UTF-8 with no NUL byte, nothing after it. */
static void
test_json_object (void)
{
  const struct { const char *text; gsize len; } refused[] = {
    { "{\"a\":\"b\0c\"}", 11 },     /* a NUL byte inside a string */
    { "{\"a\":\"b\"}\0", 10 },        /* ... after the object */
    { "{\"a\":\"\xc3\x28\"}", 10 },  /* not UTF-8 */
    { "{\"a\":1}[2]", 10 },           /* a second value */
    { "[1]", 3 },                       /* not an object */
    { "", 0 },
  };
  g_autoptr(GBytes) good = g_bytes_new_static ("{\"a\":\"b\"} \n", 11);
  g_autoptr(JsonObject) object = _sesame_json_parse_object (good, "test", NULL);

  g_assert_nonnull (object);
  g_assert_cmpstr (json_object_get_string_member (object, "a"), ==, "b");
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (refused[i].text, refused[i].len);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) none = _sesame_json_parse_object (bytes, "test", &error);

      g_assert_null (none);
      g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
    }
}

static void
test_random_token (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = _sesame_random_token (32, &error);
  g_autofree char *b = _sesame_random_token (32, &error);
  g_autofree char *c = _sesame_random_token (16, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpuint (strlen (c), ==, 22);
  g_assert_cmpstr (a, !=, b);
}

static void
test_sanitize (void)
{
  g_autofree char *escapes = _sesame_sanitize_text ("bad\x1b[2Jthing\r\nnext\ttab", 100);
  g_autofree char *invalid = _sesame_sanitize_text ("in\xff\xfevalid", 100);
  g_autofree char *long_text = _sesame_sanitize_text ("abcdefghij", 4);
  g_autofree char *bidi = _sesame_sanitize_text ("a\u202Eb\u2028c", 100);
  g_autofree char *c1 = _sesame_sanitize_text ("csi\xc2\x9b" "31m del\x7f nul-free", 100);
  g_autofree char *isolates = _sesame_sanitize_text ("\u2066x\u2069 \u200by", 100);

  g_assert_cmpstr (escapes, ==, "bad\\x1b[2Jthing\\x0d\\x0anext tab");
  g_assert_true (g_utf8_validate (invalid, -1, NULL));
  g_assert_cmpstr (invalid, ==, "in\uFFFD\uFFFDvalid");
  g_assert_cmpstr (long_text, ==, "abcd…");
  g_assert_cmpstr (bidi, ==, "a\\u202eb\\u2028c");
  g_assert_cmpstr (c1, ==, "csi\\x9b31m del\\x7f nul-free");
  g_assert_cmpstr (isolates, ==, "\\u2066x\\u2069 \\u200by");
  g_assert_null (_sesame_sanitize_text (NULL, 10));
}

/* Whatever goes in, nothing that a terminal interprets comes out. */
static void
test_sanitize_all_bytes (void)
{
  char text[256];
  g_autofree char *shown = NULL;

  for (guint i = 1; i < 256; i++)
    text[i - 1] = (char) i;
  text[255] = '\0';
  shown = _sesame_sanitize_text (text, 1000);
  g_assert_true (g_utf8_validate (shown, -1, NULL));
  for (const char *p = shown; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (g_unichar_iscntrl (c));
      g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
    }
}

static void
test_str_equal_const (void)
{
  g_assert_true (_sesame_str_equal_const ("abc", "abc"));
  g_assert_false (_sesame_str_equal_const ("abc", "abd"));
  g_assert_false (_sesame_str_equal_const ("abc", "ab"));
  g_assert_false (_sesame_str_equal_const ("", "a"));
  g_assert_false (_sesame_str_equal_const (NULL, "a"));
}

static void
test_parse_params (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) ok = _sesame_parse_params ("code=a%20b+c&state=x&empty=", &error);
  g_autoptr(GHashTable) twice = NULL;
  g_autoptr(GHashTable) none = _sesame_parse_params (NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (ok, "code"), ==, "a b c");
  g_assert_cmpstr (g_hash_table_lookup (ok, "empty"), ==, "");
  g_assert_cmpuint (g_hash_table_size (none), ==, 0);

  twice = _sesame_parse_params ("code=a&code=b", &error);
  g_assert_null (twice);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
}

static void
test_loopback_uris (void)
{
  const struct { const char *uri; gboolean loopback; } cases[] = {
    { "http://127.0.0.1/", TRUE },
    { "http://127.1.2.3:8/", TRUE },
    { "http://[::1]:80/", TRUE },
    { "http://LOCALHOST/", TRUE },
    { "http://localhost.example.com/", FALSE },
    { "http://10.0.0.1/", FALSE },
    { "http://0.0.0.0/", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GUri) uri = g_uri_parse (cases[i].uri, G_URI_FLAGS_NONE, NULL);
      g_assert_cmpint (_sesame_uri_is_loopback (uri), ==, cases[i].loopback);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/util/form-urlencode", test_form_urlencode);
  g_test_add_func ("/sesame/util/base64url", test_base64url);
  g_test_add_func ("/sesame/util/base64url-decode", test_base64url_decode);
  g_test_add_func ("/sesame/util/json-object", test_json_object);
  g_test_add_func ("/sesame/util/random-token", test_random_token);
  g_test_add_func ("/sesame/util/sanitize", test_sanitize);
  g_test_add_func ("/sesame/util/sanitize-all-bytes", test_sanitize_all_bytes);
  g_test_add_func ("/sesame/util/str-equal-const", test_str_equal_const);
  g_test_add_func ("/sesame/util/parse-params", test_parse_params);
  g_test_add_func ("/sesame/util/loopback-uris", test_loopback_uris);

  return g_test_run ();
}
