/* fuzz-token-response.c
 *
 * The token endpoint's answer to a code exchange or a refresh, through
 * _sesame_token_client_parse_answer (): the token set, or the error of RFC 6749 §5.2
 * (or of the HTTP status) it maps to. A token set that comes out is also stored and
 * read back (sesame_token_set_to_json () and _new_from_json (), which must give the
 * same tokens) and its ID token's claims decoded for display. The body also goes to
 * sesame_token_set_new_from_json () as a stored token set.
 *
 * The input's first line is "STATUS MEDIA-TYPE" (e.g. "200 application/json"); the
 * rest is the body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "fuzz-json-leak.h"
#include "sesame-oauth.h"
#include "sesame-oauth-error.h"
#include "sesame-token-client-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The HTTP status, and the media type as libsoup gives it: without parameters. */
static guint
parse_first_line (const char  *line,
                  char       **type)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 2);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  guint64 status = 0;

  if (words[0] == NULL || !g_ascii_string_to_unsigned (words[0], 10, 100, 599, &status, NULL))
    status = SOUP_STATUS_OK;
  *type = NULL;
  /* libsoup takes no header with a line break in it. */
  if (words[0] != NULL && words[1] != NULL && *words[1] != '\0' &&
      strpbrk (words[1], "\r\n") == NULL)
    {
      soup_message_headers_replace (headers, "Content-Type", words[1]);
      *type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
    }
  return (guint) status;
}

/* Whether json-glib may leak on the ID token's payload, decoded as
 * sesame_token_set_dup_id_token_claims () does.
 */
static gboolean
id_token_may_leak (SesameTokenSet *tokens)
{
  const char *id_token = sesame_token_set_get_id_token (tokens);
  g_auto(GStrv) parts = id_token != NULL ? g_strsplit (id_token, ".", 4) : NULL;
  g_autoptr(GString) b64 = NULL;
  g_autofree guchar *payload = NULL;
  gsize len = 0;

  if (parts == NULL || g_strv_length (parts) != 3)
    return FALSE;
  b64 = g_string_new (parts[1]);
  g_string_replace (b64, "-", "+", 0);
  g_string_replace (b64, "_", "/", 0);
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');
  payload = g_base64_decode (b64->str, &len);
  return fuzz_json_may_leak ((const char *) payload, len);
}

static void
check_tokens (SesameTokenSet *tokens)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = sesame_token_set_to_json (tokens);
  g_autoptr(SesameTokenSet) stored = sesame_token_set_new_from_json (json, &error);
  gboolean may_leak = id_token_may_leak (tokens);
  g_autoptr(JsonObject) claims = NULL;

  fuzz_json_leaks_begin (may_leak);
  claims = sesame_token_set_dup_id_token_claims (tokens);
  fuzz_json_leaks_end (may_leak);

  g_assert_no_error (error);
  g_assert (sesame_token_set_equal (tokens, stored));
  g_assert (sesame_token_set_get_access_token (tokens) != NULL);
  g_assert_cmpstr (sesame_token_set_get_token_type (tokens), ==, "Bearer");
  g_assert (sesame_token_set_get_expires_at (tokens) >= 0);
}

static void
check_error (const GError *error)
{
  g_assert (error != NULL);
  g_assert (error->domain == SESAME_OAUTH_ERROR);
  g_assert (g_utf8_validate (error->message, -1, NULL));
}

/* The body as a token set stored in the keyring (written by another process, or an
 * older Sesame). */
static void
check_stored (const char *text,
              gsize       len)
{
  g_autofree char *json = g_strndup (text, len);
  g_autoptr(SesameTokenSet) stored = NULL;
  g_autoptr(GError) error = NULL;
  gboolean may_leak = fuzz_json_may_leak (json, len);

  fuzz_json_leaks_begin (may_leak);
  stored = sesame_token_set_new_from_json (json, &error);
  fuzz_json_leaks_end (may_leak);
  if (stored != NULL)
    check_tokens (stored);
  else
    check_error (error);
}

static gboolean
is_form (const char *type)
{
  return type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const uint8_t *newline = memchr (data, '\n', size);
  gsize head_len = newline != NULL ? (gsize) (newline - data) : size;
  g_autofree char *first_line = g_strndup ((const char *) data, head_len);
  g_autofree char *type = NULL;
  guint status;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *text;
  gboolean may_leak;

  fuzz_init ();
  status = parse_first_line (first_line, &type);
  /* The body in a buffer of its own size, as the HTTP layer hands it over. */
  body = newline != NULL ? g_bytes_new (newline + 1, size - head_len - 1) : g_bytes_new (NULL, 0);
  text = g_bytes_get_data (body, &len);

  may_leak = !is_form (type) && fuzz_json_may_leak (text, len);
  fuzz_json_leaks_begin (may_leak);
  tokens = _sesame_token_client_parse_answer (status, type, body, "openid profile", &error);
  fuzz_json_leaks_end (may_leak);
  if (tokens != NULL)
    {
      g_assert_no_error (error);
      g_assert (status == SOUP_STATUS_OK);
      check_tokens (tokens);
    }
  else
    check_error (error);

  if (len > 0 && memchr (text, '\0', len) == NULL)
    check_stored (text, len);
  return 0;
}
