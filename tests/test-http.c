/* test-http.c
 *
 * The sessions' proxy resolver: with a proxy set in the environment, a provider on the
 * loopback is still reached directly, while other addresses keep the system's answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sesame-oauth.h"
#include "sesame-proxy-resolver-private.h"
#include "waits.h"

/* A proxy nobody listens on: going through it fails at once. */
#define DEAD_PROXY "http://127.0.0.1:1"

static void
on_hello (SoupServer        *server,
          SoupServerMessage *message,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, "hello", 5);
}

static char *
start_server (SoupServer **server)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoslist(GUri) uris = NULL;
  g_autoptr(GError) error = NULL;

  *server = soup_server_new (NULL, NULL);
  soup_server_add_handler (*server, "/hello", on_hello, NULL, NULL);
  soup_server_listen (*server, address, 0, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (*server);
  return g_strdup_printf ("http://127.0.0.1:%d/hello", g_uri_get_port (uris->data));
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GBytes **body = user_data;
  g_autoptr(GError) error = NULL;

  *body = sesame_http_fetch_finish (result, &error);
  g_assert_no_error (error);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                              error);

  g_assert_null (body);
}

static void
test_loopback_direct (void)
{
  g_autoptr(SoupServer) server = NULL;
  g_autofree char *uri = start_server (&server);
  g_autoptr(SoupSession) plain = soup_session_new ();
  g_autoptr(SoupSession) session = sesame_http_session_new (NULL, NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  /* The system's resolver honours the environment even for the loopback: a plain
   * session goes to the dead proxy, which shows that this test can fail.
   */
  soup_session_send_and_read_async (plain, message, G_PRIORITY_DEFAULT, NULL, on_sent, &error);
  wait_for_pointer ((gpointer *) &error, "the answer of soup_session_send_and_read_async ()");
  g_assert_nonnull (strstr (error->message, "proxy"));

  sesame_http_fetch_async (session, uri, 1024, NULL, on_fetched, &body);
  wait_for_pointer ((gpointer *) &body, "the answer of sesame_http_fetch_async ()");
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "hello", 5);
}

static void
test_others_asked (void)
{
  g_autoptr(GProxyResolver) resolver = _sesame_proxy_resolver_new ();
  const char *loopback[] = { "http://127.0.0.1:8080/", "https://localhost/x", "http://[::1]:9/",
                             "http://127.1.2.3/" };
  g_auto(GStrv) proxies = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      g_auto(GStrv) direct = g_proxy_resolver_lookup (resolver, loopback[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstrv (direct, ((const char * const[]) { "direct://", NULL }));
    }

  proxies = g_proxy_resolver_lookup (resolver, "https://id.example.com/", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (proxies[0], ==, DEAD_PROXY);
}

int
main (int   argc,
      char *argv[])
{
  /* Before GIO's resolver is first asked. */
  g_setenv ("http_proxy", DEAD_PROXY, TRUE);
  g_setenv ("https_proxy", DEAD_PROXY, TRUE);
  g_unsetenv ("no_proxy");
  g_unsetenv ("NO_PROXY");
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/http/loopback-direct", test_loopback_direct);
  g_test_add_func ("/sesame/http/others-asked", test_others_asked);

  return g_test_run ();
}
