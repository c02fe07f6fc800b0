/* fuzz-callback.c
 *
 * The loopback receiver's answer to what a browser (or any local process) sends it:
 * the request line, the headers, the path and the query of the callback, through
 * _sesame_loopback_check_request (), the function the receiver's SoupServer handler
 * calls, and pasted addresses through sesame_loopback_deliver_uri ().
 *
 * The input is one or more HTTP request heads, each ended by an empty line; a block
 * that starts with "PASTE " is an address pasted by the user instead, and a block
 * "REQUIRE-ISS" makes the provider promise an `iss` (RFC 9207). Before parsing,
 * "@STATE@" is replaced by the waiting request's state and "@HOST@" by the receiver's
 * host and port, so that the fuzzer gets past the state check. With FUZZ_VERBOSE set in
 * the environment, each answer is printed on standard error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include <libsoup/soup.h>

#include "fuzz-common.h"
#include "sesame-loopback-private.h"
#include "sesame-oauth.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static SesameProvider *provider;
static SesameClient *client;
static GRegex *blank_line;

static void
init_once (void)
{
  g_autoptr(GError) error = NULL;

  if (provider != NULL)
    return;
  fuzz_init ();
  provider = sesame_provider_new ("https://id.example.com", "https://id.example.com/authorize",
                                  "https://id.example.com/token", &error);
  g_assert_no_error (error);
  client = sesame_client_new ("fuzz-client");
  sesame_client_set_scope (client, "openid profile");
  blank_line = g_regex_new ("\r?\n\r?\n", G_REGEX_RAW | G_REGEX_OPTIMIZE, 0, &error);
  g_assert_no_error (error);
}

/* Where the receiver's SoupServer would route the request: the decoded path and the
 * query of the request target, the way libsoup 3 builds them.
 */
static GUri *
request_uri (const char *target,
             const char *host)
{
  g_autofree char *url = NULL;

  if (host != NULL && strchr (host, '/') != NULL)
    return NULL;
  if (*target != '/')
    return g_uri_parse (target, SOUP_HTTP_URI_FLAGS, NULL);
  if (host == NULL)
    return NULL;
  url = g_strdup_printf ("http://%s%s", host, target);
  return g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
}

static void
check_page (guint       status,
            const char *title,
            const char *text)
{
  /* The page is sent as UTF-8, with the sentence escaped into it. */
  g_assert (status >= 200 && status < 500);
  g_assert (title != NULL && text != NULL);
  g_assert (g_utf8_validate (text, -1, NULL));
}

static void
handle_request (SesameLoopback *loopback,
                const char     *head)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *whole = NULL;
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  const char *host, *title;
  guint status;

  /* As the server reads it: up to and with the empty line that ends it. */
  whole = g_strconcat (head, "\r\n\r\n", NULL);
  status = soup_headers_parse_request (whole, strlen (whole), headers, &method, &target, NULL);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status) || strcmp (target, "*") == 0 ||
      strcmp (method, SOUP_METHOD_CONNECT) == 0)
    return;
  host = soup_message_headers_get_one (headers, "Host");
  uri = request_uri (target, host);
  if (uri == NULL || g_uri_get_host (uri) == NULL || strcmp (g_uri_get_scheme (uri), "http") != 0)
    return;
  path = g_uri_unescape_string (g_uri_get_path (uri), NULL);
  if (path == NULL || strstr (path, "/../") != NULL || g_str_has_suffix (path, "/.."))
    return;

  status = _sesame_loopback_check_request (loopback, method, *path != '\0' ? path : "/", host,
                                           g_uri_get_query (uri), &title, &text);
  if (g_getenv ("FUZZ_VERBOSE") != NULL)
    g_printerr ("%u %s: %s\n", status, title, text);
  check_page (status, title, text);
}

static void
handle_paste (SesameLoopback *loopback,
              const char     *address)
{
  g_autoptr(GError) error = NULL;

  if (!sesame_loopback_deliver_uri (loopback, address, &error))
    g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
  else
    g_assert_no_error (error);
}

static void
on_waited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = sesame_loopback_wait_finish (SESAME_LOOPBACK (object), result, &error);
  gboolean *done = user_data;

  g_assert ((code == NULL) != (error == NULL));
  *done = TRUE;
}

/* The input as text (up to a NUL, as a request head would end there), with the
 * placeholders filled in.
 */
static char *
substitute (const uint8_t  *data,
            size_t          size,
            const char     *state,
            SesameLoopback *loopback)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GString) string = g_string_new (text);
  g_autofree char *host = g_strdup_printf ("127.0.0.1:%u", sesame_loopback_get_port (loopback));

  g_string_replace (string, "@STATE@", state, 0);
  g_string_replace (string, "@HOST@", host, 0);
  return g_string_free (g_steal_pointer (&string), FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameLoopback) loopback = NULL;
  g_autoptr(SesameAuthRequest) request = NULL;
  g_autofree char *input = NULL;
  g_auto(GStrv) blocks = NULL;
  gboolean done = FALSE;

  init_once ();
  sesame_provider_set_requires_iss (provider, FALSE);

  loopback = sesame_loopback_new (NULL, &error);
  g_assert_no_error (error);
  request = sesame_auth_request_new (provider, client,
                                     sesame_loopback_get_redirect_uri (loopback), &error);
  g_assert_no_error (error);
  sesame_loopback_wait_async (loopback, request, 0, NULL, on_waited, &done);

  input = substitute (data, size, sesame_auth_request_get_state (request), loopback);
  blocks = g_regex_split (blank_line, input, 0);
  for (guint i = 0; blocks[i] != NULL; i++)
    {
      if (strcmp (blocks[i], "REQUIRE-ISS") == 0)
        sesame_provider_set_requires_iss (provider, TRUE);
      else if (g_str_has_prefix (blocks[i], "PASTE "))
        handle_paste (loopback, blocks[i] + strlen ("PASTE "));
      else if (*blocks[i] != '\0')
        handle_request (loopback, blocks[i]);
    }

  sesame_loopback_stop (loopback);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert (!sesame_loopback_get_listening (loopback));
  return 0;
}
