/* sesame-oauth-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-oauth-util"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "sesame-http.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"

/* Random bytes from the kernel's CSPRNG, encoded as base64url without padding. */
char *
_sesame_random_token (gsize    n_bytes,
                      GError **error)
{
  g_autofree guint8 *buf = g_malloc (n_bytes);
  gsize filled = 0;

  while (filled < n_bytes)
    {
      ssize_t n = getrandom (buf + filled, n_bytes - filled, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not get random bytes from the system: %s"),
                       g_strerror (saved_errno));
          return NULL;
        }
      filled += (gsize) n;
    }

  return _sesame_base64url_encode (buf, n_bytes);
}

char *
_sesame_base64url_encode (const guint8 *data,
                          gsize         len)
{
  char *out = g_base64_encode (data, len);
  char *w = out;

  for (const char *r = out; *r != '\0'; r++)
    {
      if (*r == '=')
        break;
      *w++ = *r == '+' ? '-' : *r == '/' ? '_' : *r;
    }
  *w = '\0';

  return out;
}

/* The value of a base64url character, which must be one. */
static guint
base64url_value (char c)
{
  if (g_ascii_isupper (c))
    return c - 'A';
  if (g_ascii_islower (c))
    return c - 'a' + 26;
  if (g_ascii_isdigit (c))
    return c - '0' + 52;
  return c == '-' ? 62 : 63;
}

/* Strict base64url without padding (RFC 7515 §2): only the URL-safe alphabet, no '=',
 * no white space, and the canonical encoding (unused trailing bits zero). @text longer
 * than @max_len characters is refused. Returns %NULL when @text is not such an encoding;
 * the result is NUL-terminated beyond *@out_len for convenience.
 */
guint8 *
_sesame_base64url_decode (const char *text,
                          gsize       max_len,
                          gsize      *out_len)
{
  gsize len = strnlen (text, max_len + 1);
  g_autofree char *b64 = NULL;
  g_autofree guchar *data = NULL;
  gsize n = 0;

  if (len > max_len || len % 4 == 1)
    return NULL;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '_')
      return NULL;
  /* One encoding per value (RFC 4648 §3.5): the bits of the last character beyond the
   * data must be zero, as _sesame_base64url_encode() writes them. */
  if (len % 4 != 0 && (base64url_value (text[len - 1]) & (len % 4 == 2 ? 0x0f : 0x03)) != 0)
    return NULL;

  b64 = g_malloc (len + 4);
  for (gsize i = 0; i < len; i++)
    b64[i] = text[i] == '-' ? '+' : text[i] == '_' ? '/' : text[i];
  for (gsize i = len; i % 4 != 0; i++)
    b64[i] = '=';
  b64[len + (4 - len % 4) % 4] = '\0';

  data = g_base64_decode (b64, &n);
  data = g_realloc (data, n + 1);
  data[n] = '\0';
  *out_len = n;
  return (guint8 *) g_steal_pointer (&data);
}

/* application/x-www-form-urlencoded, as RFC 6749 Appendix B asks. */
char *
_sesame_form_urlencode (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '*')
        g_string_append_c (out, (char) *p);
      else if (*p == ' ')
        g_string_append_c (out, '+');
      else
        {
          static const char hex[] = "0123456789ABCDEF";

          g_string_append_c (out, '%');
          g_string_append_c (out, hex[*p >> 4]);
          g_string_append_c (out, hex[*p & 0x0f]);
        }
    }

  return g_string_free (out, FALSE);
}

/* Appends the visible escape of a character that must not reach a terminal: \x1b for
 * the C0 and C1 controls and DEL, \u202e for the others (bidi and other format
 * characters, line and paragraph separators).
 */
static void
append_escape (GString  *out,
               gunichar  c)
{
  if (c < 0x100)
    g_string_append_printf (out, "\\x%02x", c);
  else if (c < 0x10000)
    g_string_append_printf (out, "\\u%04x", c);
  else
    g_string_append_printf (out, "\\U%08x", c);
}

/* Text from a provider (or any text from outside) made safe to show in a terminal or a
 * label: valid UTF-8 (U+FFFD for what is not), no control characters, so no terminal
 * escape sequence, no carriage return or new line, no bidi override. Those are shown as
 * visible escapes (\x1b) rather than dropped, so that what was there can be seen; a
 * tab becomes a space. @max_chars bounds the length, counted in characters of @text.
 * Everything Sesame writes to a terminal from outside goes through here.
 */
char *
_sesame_sanitize_text (const char *text,
                       gsize       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize n_chars = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  out = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n_chars == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == '\t')
        g_string_append_c (out, ' ');
      else if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 ||
               g_unichar_type (c) == G_UNICODE_FORMAT)
        append_escape (out, c);
      else
        g_string_append_unichar (out, c);
      n_chars++;
    }

  return g_strstrip (g_string_free (out, FALSE));
}

/* Compares secrets (state) without an early exit that would leak their prefix. */
gboolean
_sesame_str_equal_const (const char *a,
                         const char *b)
{
  gsize la, lb;
  guchar diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strlen (a);
  lb = strlen (b);
  if (la != lb)
    return FALSE;

  for (gsize i = 0; i < la; i++)
    diff |= (guchar) a[i] ^ (guchar) b[i];

  return diff == 0;
}

gboolean
_sesame_uri_is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The relaxed parser lets through what libsoup and the authorization URL's builder,
 * which parse strictly, would refuse later (such as a bad %-escape in the host), and
 * a path after the host that does not start with a slash ("https://host;x"), which
 * cannot even be turned back into a string.
 */
static gboolean
parses_strictly (GUri *parsed)
{
  const char *path = g_uri_get_path (parsed);
  g_autofree char *text = NULL;
  g_autoptr(GUri) encoded = NULL;
  g_autoptr(GUri) http = NULL;

  if (*path != '\0' && *path != '/')
    return FALSE;
  text = g_uri_to_string (parsed);
  encoded = g_uri_parse (text, G_URI_FLAGS_ENCODED, NULL);
  http = g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);
  return encoded != NULL && http != NULL;
}

/* Only printable ASCII, no space: anything else in a URL is %-encoded. A raw control
 * character (GLib 2.74 takes ESC in a host) would otherwise reach a terminal with the
 * authorization URL or an error message, or a request line.
 */
static gboolean
is_printable_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p <= 0x20 || *p >= 0x7f)
      return FALSE;
  return TRUE;
}

/* An endpoint must be an absolute https URL, or http on a loopback address, without
 * user info or fragment (RFC 6749 §3.1, §3.2; RFC 8252 §8.3), in printable ASCII, its
 * host too once %-decoded. Whether http on loopback may be used with a given provider
 * is SesameProvider's to say.
 */
GUri *
_sesame_parse_endpoint (const char  *what,
                        const char  *uri,
                        GError     **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;

  if (uri == NULL || *uri == '\0')
    {
      /* Translators: %s is a subject such as “token endpoint” or “issuer”, translated so it can start a sentence */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("The %s is missing"), what);
      return NULL;
    }

  if (!is_printable_ascii (uri))
    {
      g_autofree char *shown = _sesame_sanitize_text (uri, 200);
      /* Translators: %s is a subject such as “token endpoint” or “issuer”, translated so it can start a sentence */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE,
                   _("The %s “%s” contains control characters, spaces or other characters "
                     "that a URL does not hold"), what, shown);
      return NULL;
    }

  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, &local_error);
  if (parsed != NULL && g_uri_get_host (parsed) != NULL &&
      !is_printable_ascii (g_uri_get_host (parsed)))
    {
      g_autofree char *shown = _sesame_sanitize_text (uri, 200);
      /* Translators: %s is a subject such as “token endpoint” or “issuer”, translated so it can start a sentence */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE,
                   _("The %s “%s” has a host name with control characters or other "
                     "characters outside printable ASCII"), what, shown);
      return NULL;
    }
  if (parsed == NULL || g_uri_get_host (parsed) == NULL || *g_uri_get_host (parsed) == '\0' ||
      !parses_strictly (parsed))
    {
      g_autofree char *shown = _sesame_sanitize_text (uri, 200);
      /* Translators: %s is a subject such as “token endpoint” or “issuer”, translated so it can start a sentence */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("The %s “%s” is not an absolute URL"), what, shown);
      return NULL;
    }

  scheme = g_uri_get_scheme (parsed);
  if (g_uri_get_fragment (parsed) != NULL || g_uri_get_userinfo (parsed) != NULL)
    {
      /* Translators: %s is a subject such as “token endpoint” or “issuer”, translated so it can start a sentence */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("The %s must not contain user information or a fragment"), what);
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return g_steal_pointer (&parsed);
  if (g_ascii_strcasecmp (scheme, "http") == 0 && _sesame_uri_is_loopback (parsed))
    return g_steal_pointer (&parsed);

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      g_autofree char *host = _sesame_sanitize_text (g_uri_get_host (parsed), 100);
      /* Translators: %s is a subject such as “token endpoint” or “issuer”, translated so it can start a sentence */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE,
                   _("The %s uses plain http on %s; only https is allowed, except on this "
                     "computer’s loopback address"), what, host);
    }
  else
    {
      g_autofree char *shown = _sesame_sanitize_text (scheme, 20);
      /* Translators: %s is a subject such as “token endpoint” or “issuer”, translated so it can start a sentence */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE,
                   _("The %s uses the scheme “%s”; only https is allowed"), what, shown);
    }
  return NULL;
}

/* Parses a query string; a parameter given twice is an error (RFC 6749 §3.1). */
GHashTable *
_sesame_parse_params (const char  *query,
                      GError     **error)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GUriParamsIter iter;
  char *key, *value;
  g_autoptr(GError) local_error = NULL;

  if (query == NULL)
    return g_steal_pointer (&params);

  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &key, &value, &local_error))
    {
      if (g_hash_table_contains (params, key))
        {
          g_autofree char *shown = _sesame_sanitize_text (key, 40);
          g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                       _("The parameter “%s” appears more than once"), shown);
          g_free (key);
          g_free (value);
          return NULL;
        }
      g_hash_table_insert (params, key, value);
    }

  if (local_error != NULL)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The parameters are not properly encoded"));
      return NULL;
    }

  return g_steal_pointer (&params);
}

/* Parameters that the authorization request sets itself and that nothing else may set:
 * not the user's extra parameters, not a query already on the authorization endpoint.
 */
gboolean
_sesame_param_is_reserved (const char *name)
{
  static const char * const reserved[] = {
    "response_type", "client_id", "redirect_uri", "state", "nonce", "scope",
    "code_challenge", "code_challenge_method", "request", "request_uri", NULL
  };

  return g_strv_contains (reserved, name);
}
