/* test-loopback.c
 *
 * The redirect receiver, spoken to over real sockets from another thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sesame-loopback-private.h"
#include "ports.h"
#include "sesame-oauth.h"
#include "waits.h"

#define ISSUER "https://id.example.com"

typedef struct
{
  guint16  port;
  guint    delay_ms;   /* between connecting and writing the request */
  char    *request;
  char    *response;   /* NULL if the connection was refused */
  gboolean done;
} Exchange;

static gpointer
exchange_thread (gpointer data)
{
  Exchange *x = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  GOutputStream *out;
  GInputStream *in;
  guint8 buf[4096];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", x->port, NULL, NULL);
  if (connection != NULL)
    {
      out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
      g_usleep (x->delay_ms * 1000);
      g_output_stream_write_all (out, x->request, strlen (x->request), NULL, NULL, NULL);
      while ((n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
        g_byte_array_append (answer, buf, (guint) n);
      g_byte_array_append (answer, (const guint8 *) "", 1);
      x->response = g_strdup ((const char *) answer->data);
    }

  g_atomic_int_set (&x->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Sends a raw request and spins the main loop (where the receiver lives) until the
 * answer is in. Returns NULL when the connection was refused.
 */
static char *
http (guint       port,
      const char *method,
      const char *target,
      const char *host)
{
  Exchange x = { 0 };
  GThread *thread;

  x.port = (guint16) port;
  x.request = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
                               method, target, host);
  thread = g_thread_new ("client", exchange_thread, &x);
  wait_for_flag (&x.done, "the client thread's answer");
  g_thread_join (thread);
  g_free (x.request);
  return x.response;
}

/* As http(), with the request as a browser sends it: asking to keep the connection. */
static char *
http_keep_alive (guint       port,
                 const char *target,
                 const char *host)
{
  Exchange x = { 0 };
  GThread *thread;

  x.port = (guint16) port;
  x.request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", target, host);
  thread = g_thread_new ("client", exchange_thread, &x);
  wait_for_flag (&x.done, "the client thread's answer, the connection closed");
  g_thread_join (thread);
  g_free (x.request);
  return x.response;
}

static void
assert_status (const char *response,
               guint       status)
{
  g_autofree char *line = g_strdup_printf ("HTTP/1.1 %u ", status);

  g_assert_nonnull (response);
  g_assert_true (g_str_has_prefix (response, line));
}

typedef struct
{
  SesameLoopback    *loopback;
  SesameAuthRequest *request;
  char              *host;
  char              *code;
  GError            *error;
  gboolean           finished;
  guint              rejections;
  gboolean           hold_page;
} Fixture;

static void
on_rejected (SesameLoopback *loopback,
             const char     *message,
             Fixture        *f)
{
  f->rejections++;
}

static SesameAuthRequest *
new_request (const char *redirect_uri)
{
  g_autoptr(SesameProvider) provider = sesame_provider_new (ISSUER, ISSUER "/auth",
                                                            ISSUER "/token", NULL);
  g_autoptr(SesameClient) client = sesame_client_new ("client");
  g_autoptr(GError) error = NULL;
  SesameAuthRequest *request;

  request = sesame_auth_request_new (provider, client, redirect_uri, &error);
  g_assert_no_error (error);
  return request;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->loopback = sesame_loopback_new (data, &error);
  g_assert_no_error (error);
  f->request = new_request (sesame_loopback_get_redirect_uri (f->loopback));
  f->host = g_strdup_printf ("127.0.0.1:%u", sesame_loopback_get_port (f->loopback));
  g_signal_connect (f->loopback, "callback-rejected", G_CALLBACK (on_rejected), f);
}

static gboolean
not_listening (gpointer loopback)
{
  return !sesame_loopback_get_listening (loopback);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* A taken callback's page goes out before the receiver lets go of itself. */
  sesame_loopback_stop (f->loopback);
  wait_until (not_listening, f->loopback, WAIT_SECONDS, "the receiver to stop listening");
  g_clear_object (&f->request);
  g_assert_finalize_object (f->loopback);
  g_free (f->host);
  g_free (f->code);
  g_clear_error (&f->error);
}

static void
on_waited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  f->code = sesame_loopback_wait_finish (SESAME_LOOPBACK (object), result, &f->error);
  f->finished = TRUE;
  /* As the flow does once the code is exchanged; these tests say when themselves. */
  if (f->code != NULL && !f->hold_page)
    sesame_loopback_finish_page (SESAME_LOOPBACK (object), NULL);
}

static void
start_wait (Fixture      *f,
            guint         timeout,
            GCancellable *cancellable)
{
  sesame_loopback_wait_async (f->loopback, f->request, timeout, cancellable, on_waited, f);
}

static void
finish_wait (Fixture *f)
{
  wait_for_flag (&f->finished, "the receiver's wait to end");
}

static char *
callback_target (Fixture    *f,
                 const char *extra)
{
  return g_strdup_printf ("/callback?code=the-code&state=%s%s",
                          sesame_auth_request_get_state (f->request), extra);
}

static void
test_default_redirect_uri (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%u/callback",
                                               sesame_loopback_get_port (f->loopback));

  g_assert_cmpuint (sesame_loopback_get_port (f->loopback), >, 1024);
  g_assert_cmpstr (sesame_loopback_get_redirect_uri (f->loopback), ==, expected);
  g_assert_true (sesame_loopback_get_listening (f->loopback));
}

/* The page's one inline style is the one its policy allows by hash; nothing else is. */
static void
assert_style_allowed (const char *response)
{
  const char *start = strstr (response, "<style>");
  const char *end = start ? strstr (start, "</style>") : NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autofree char *hash = NULL;
  g_autofree char *header = NULL;

  g_assert_nonnull (end);
  start += strlen ("<style>");
  g_checksum_update (checksum, (const guchar *) start, end - start);
  g_checksum_get_digest (checksum, digest, &len);
  hash = g_base64_encode (digest, len);
  header = g_strdup_printf ("Content-Security-Policy: default-src 'none'; style-src "
                            "'sha256-%s'\r\n", hash);
  g_assert_nonnull (strstr (response, header));
  g_assert_null (strstr (response, "unsafe-inline"));
  g_assert_null (strstr (response, "<script"));
}

/* Every answer says the connection closes after it, and it does, whatever the browser
 * asked: a browser that reused it would get a reset (issue 18, item 10). */
static void
test_connection_close (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *target = callback_target (f, "");
  g_autofree char *wrong = g_strdup ("/callback?code=x&state=nope");
  g_autofree char *missing = NULL;
  g_autofree char *rejected = NULL;
  g_autofree char *taken = NULL;

  /* Closed connections are dropped at once, kept ones only after a long while. */
  _sesame_loopback_set_limits (f->loopback, 30, 30);
  start_wait (f, 0, NULL);
  missing = http_keep_alive (sesame_loopback_get_port (f->loopback), "/elsewhere", f->host);
  assert_status (missing, 404);
  g_assert_nonnull (strstr (missing, "\r\nConnection: close\r\n"));
  rejected = http_keep_alive (sesame_loopback_get_port (f->loopback), wrong, f->host);
  assert_status (rejected, 400);
  g_assert_nonnull (strstr (rejected, "\r\nConnection: close\r\n"));
  taken = http_keep_alive (sesame_loopback_get_port (f->loopback), target, f->host);
  assert_status (taken, 200);
  g_assert_nonnull (strstr (taken, "\r\nConnection: close\r\n"));
  finish_wait (f);
  g_assert_no_error (f->error);
}

static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *target = callback_target (f, "");
  g_autofree char *response = NULL;
  g_autofree char *after = NULL;

  start_wait (f, 0, NULL);
  response = http (sesame_loopback_get_port (f->loopback), "GET", target, f->host);
  finish_wait (f);

  g_assert_no_error (f->error);
  g_assert_cmpstr (f->code, ==, "the-code");
  assert_status (response, 200);
  g_assert_nonnull (strstr (response, "Cache-Control: no-store\r\n"));
  g_assert_nonnull (strstr (response, "Referrer-Policy: no-referrer\r\n"));
  g_assert_nonnull (strstr (response, "Content-Security-Policy: default-src 'none'; "
                                      "style-src 'sha256-"));
  assert_style_allowed (response);
  g_assert_nonnull (strstr (response, "Signed in"));

  /* The receiver stops listening once the page went out. */
  wait_until (not_listening, f->loopback, WAIT_SECONDS, "the receiver to stop listening");
  after = http (sesame_loopback_get_port (f->loopback), "GET", target, f->host);
  g_assert_null (after);
}

/* Sends a raw request from a thread; Exchange.done tells when the answer is in. */
static GThread *
start_http (Exchange   *x,
            Fixture    *f,
            const char *target)
{
  x->port = (guint16) sesame_loopback_get_port (f->loopback);
  x->request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n",
                                target, f->host);
  return g_thread_new ("client", exchange_thread, x);
}

static char *
finish_http (Exchange *x,
             GThread  *thread)
{
  wait_for_flag (&x->done, "the client thread's answer");
  g_thread_join (thread);
  g_free (x->request);
  return x->response;
}

/* The page of a callback with a code waits until the code's exchange ends, and tells how
 * it ended: nothing reaches the browser before. */
static void
test_page_tells_outcome (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *target = callback_target (f, "");
  g_autoptr(GError) refused = g_error_new (SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_GRANT,
                                           "The provider refused the <code>");
  g_autofree char *response = NULL;
  Exchange x = { 0 };
  GThread *thread;

  f->hold_page = TRUE;
  start_wait (f, 0, NULL);
  thread = start_http (&x, f, target);
  finish_wait (f);
  g_assert_cmpstr (f->code, ==, "the-code");

  /* Time enough for the browser's side to have read a page, had one been sent. */
  for (guint i = 0; i < 10; i++)
    {
      g_usleep (10 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_false (g_atomic_int_get (&x.done));
  g_assert_true (sesame_loopback_get_listening (f->loopback));

  sesame_loopback_finish_page (f->loopback, refused);
  response = finish_http (&x, thread);
  assert_status (response, 200);
  g_assert_nonnull (strstr (response, "Sign-in failed"));
  g_assert_nonnull (strstr (response, "The provider refused the &lt;code&gt;"));
  g_assert_null (strstr (response, "Signed in"));
}

/* A page nobody finishes goes out after a while, saying where to look; its connection
 * outlives the limit on other connections, whether the request came with it or later. */
static void
assert_page_waits_at_most (Fixture *f,
                           guint    delay_ms)
{
  g_autofree char *target = callback_target (f, "");
  g_autofree char *response = NULL;
  Exchange x = { .delay_ms = delay_ms };
  GThread *thread;

  f->hold_page = TRUE;
  _sesame_loopback_set_limits (f->loopback, 3, 1);
  start_wait (f, 0, NULL);
  thread = start_http (&x, f, target);
  response = finish_http (&x, thread);

  g_assert_cmpstr (f->code, ==, "the-code");
  assert_status (response, 200);
  g_assert_nonnull (strstr (response, "Finishing the sign-in"));
  g_assert_nonnull (strstr (response, "Connection: close\r\n"));
  g_assert_null (strstr (response, "Signed in"));
}

static void
test_page_waits_at_most (Fixture       *f,
                         gconstpointer  data)
{
  assert_page_waits_at_most (f, 0);
}

static void
test_page_waits_at_most_connected_ahead (Fixture       *f,
                                         gconstpointer  data)
{
  assert_page_waits_at_most (f, 200);
}

static void
test_stray_requests (Fixture       *f,
                     gconstpointer  data)
{
  guint port = sesame_loopback_get_port (f->loopback);
  g_autofree char *target = callback_target (f, "");
  g_autofree char *wrong_state = g_strdup ("/callback?code=x&state=nope");
  g_autofree char *duplicated = callback_target (f, "&state=other");
  g_autofree char *evil_host = g_strdup_printf ("evil.example.com:%u", port);
  struct { const char *method; const char *target; const char *host; guint status; } stray[] = {
    { "GET", "/", f->host, 404 },
    { "GET", "/callback/../x", f->host, 404 },
    { "GET", "/favicon.ico", f->host, 404 },
    { "POST", target, f->host, 405 },
    { "HEAD", target, f->host, 405 },
    { "GET", target, evil_host, 403 },
    { "GET", target, "localhost", 403 },
    { "GET", "/callback?code=x", f->host, 400 },
    { "GET", wrong_state, f->host, 400 },
    { "GET", duplicated, f->host, 400 },
  };
  g_autofree char *response = NULL;

  start_wait (f, 0, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (stray); i++)
    {
      g_autofree char *answer = http (port, stray[i].method, stray[i].target, stray[i].host);

      if (strcmp (stray[i].method, "HEAD") != 0 || answer != NULL)
        assert_status (answer, stray[i].status);
      g_assert_false (f->finished);
    }
  g_assert_cmpuint (f->rejections, ==, 3);

  response = http (port, "GET", target, f->host);
  finish_wait (f);
  g_assert_no_error (f->error);
  g_assert_cmpstr (f->code, ==, "the-code");
  assert_status (response, 200);
}

static void
test_provider_error (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *target = g_strdup_printf (
    "/callback?error=access_denied&error_description=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E"
    "&state=%s", sesame_auth_request_get_state (f->request));
  g_autofree char *response = NULL;

  start_wait (f, 0, NULL);
  response = http (sesame_loopback_get_port (f->loopback), "GET", target, f->host);
  finish_wait (f);

  g_assert_error (f->error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ACCESS_DENIED);
  g_assert_null (f->code);
  assert_status (response, 200);
  g_assert_nonnull (strstr (response, "Sign-in failed"));
  g_assert_nonnull (strstr (response, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  g_assert_null (strstr (response, "<script>"));
}

static void
test_wrong_iss (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *target = callback_target (f, "&iss=https%3A%2F%2Fevil.example.com");
  g_autofree char *response = NULL;

  start_wait (f, 0, NULL);
  response = http (sesame_loopback_get_port (f->loopback), "GET", target, f->host);
  finish_wait (f);

  g_assert_error (f->error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ISSUER_MISMATCH);
  assert_status (response, 200);
}

static void
test_replayed_state (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *target = callback_target (f, "");
  g_autofree char *first = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("http://%s%s", f->host, target);

  start_wait (f, 0, NULL);
  first = http (sesame_loopback_get_port (f->loopback), "GET", target, f->host);
  finish_wait (f);
  g_assert_cmpstr (f->code, ==, "the-code");

  /* The same callback again, by any route, is not taken. */
  g_assert_false (sesame_loopback_deliver_uri (f->loopback, uri, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *wrong = g_strdup ("/callback?code=x&state=nope");
  g_autofree char *response = NULL;
  gint64 start = g_get_monotonic_time ();

  start_wait (f, 1, NULL);
  response = http (sesame_loopback_get_port (f->loopback), "GET", wrong, f->host);
  assert_status (response, 400);
  finish_wait (f);

  g_assert_error (f->error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (f->error->message, "rejected"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
  g_assert_false (sesame_loopback_get_listening (f->loopback));
}

static gboolean
cancel_soon (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  start_wait (f, 0, cancellable);
  g_timeout_add (50, cancel_soon, cancellable);
  finish_wait (f);

  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (sesame_loopback_get_listening (f->loopback));
}

static void
test_deliver_uri (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *target = callback_target (f, "");
  g_autofree char *good = g_strdup_printf ("  http://%s%s\n", f->host, target);
  g_autofree char *other_port = g_strdup_printf ("http://127.0.0.1:1%s", target);
  g_autoptr(GError) error = NULL;

  start_wait (f, 0, NULL);
  g_assert_false (sesame_loopback_deliver_uri (f->loopback, "not a url", &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH);
  g_clear_error (&error);
  g_assert_false (sesame_loopback_deliver_uri (f->loopback, other_port, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH);
  g_clear_error (&error);
  g_assert_false (f->finished);

  g_assert_true (sesame_loopback_deliver_uri (f->loopback, good, &error));
  g_assert_no_error (error);
  finish_wait (f);
  g_assert_cmpstr (f->code, ==, "the-code");
  g_assert_false (sesame_loopback_get_listening (f->loopback));
}

/* Holds @n connections open to @port, the receiver accepting them meanwhile. */
static GPtrArray *
hold_connections (guint port,
                  guint n)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);
  GPtrArray *held = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL);

      g_assert_true (g_socket_connect (socket, address, NULL, NULL));
      g_socket_send (socket, "GET /callback?state=drip", 24, NULL, NULL);
      g_ptr_array_add (held, socket);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  return held;
}

/* Closed by the receiver: readable, and at its end. */
static gboolean
closed_by_peer (GSocket *socket)
{
  char byte;

  g_socket_set_blocking (socket, FALSE);
  return g_socket_receive (socket, &byte, 1, NULL, NULL) == 0;
}

/* Hundreds of held connections, a body, a stream of wrong states: the receiver keeps
 * MAX_CONNECTIONS (64) connections at most, reports ten rejections and a notice, and the
 * real callback still gets through.
 */
static void
test_flooded (Fixture       *f,
              gconstpointer  data)
{
  guint port = sesame_loopback_get_port (f->loopback);
  g_autofree char *target = callback_target (f, "");
  g_autofree char *body = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: %s\r\n"
                                           "Content-Length: 100000000\r\n\r\nxxxx",
                                           target, f->host);
  g_autoptr(GPtrArray) held = NULL;
  g_autofree char *with_body = NULL;
  g_autofree char *response = NULL;
  Exchange x = { .port = (guint16) port, .request = body };
  GThread *thread;
  guint closed = 0;

  start_wait (f, 0, NULL);
  held = hold_connections (port, 200);

  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *answer = http (port, "GET", "/callback?code=x&state=nope", f->host);
      assert_status (answer, 400);
    }
  g_assert_cmpuint (f->rejections, ==, 11);

  /* A request with a body is cut off, not answered (nor its body read). */
  thread = g_thread_new ("client", exchange_thread, &x);
  wait_for_flag (&x.done, "the client thread's answer");
  g_thread_join (thread);
  with_body = x.response;
  g_assert_cmpstr (with_body, ==, "");
  g_assert_false (f->finished);

  response = http (port, "GET", target, f->host);
  finish_wait (f);
  g_assert_cmpstr (f->code, ==, "the-code");
  assert_status (response, 200);

  for (guint i = 0; i < held->len; i++)
    closed += closed_by_peer (held->pdata[i]);
  g_assert_cmpuint (closed, >=, held->len - 64);
}

static void
test_fixed_port (void)
{
  guint16 port = free_loopback_port ();
  g_autofree char *uri = g_strdup_printf ("http://localhost:%u/oauth/done", port);
  g_autoptr(SesameLoopback) loopback = NULL;
  g_autoptr(SesameLoopback) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", port);

  loopback = sesame_loopback_new (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_loopback_get_redirect_uri (loopback), ==, uri);
  g_assert_cmpuint (sesame_loopback_get_port (loopback), ==, port);

  /* The port is taken now: a second receiver fails at once, and says why. */
  second = sesame_loopback_new (uri, &error);
  g_assert_null (second);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_LISTEN_FAILED);
  g_assert_nonnull (strstr (error->message, port_text));
  g_assert_nonnull (strstr (error->message, "in use"));
}

static void
test_localhost_host_header (void)
{
  guint16 port = free_loopback_port ();
  g_autofree char *uri = g_strdup_printf ("http://localhost:%u/cb", port);
  g_autoptr(SesameLoopback) loopback = sesame_loopback_new (uri, NULL);
  g_autoptr(SesameAuthRequest) request = new_request (uri);
  g_autofree char *target = g_strdup_printf ("/cb?code=c&state=%s",
                                             sesame_auth_request_get_state (request));
  g_autofree char *numeric = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *named = g_strdup_printf ("localhost:%u", port);
  g_autofree char *refused = NULL;
  g_autofree char *accepted = NULL;
  Fixture f = { .loopback = loopback, .request = request };

  sesame_loopback_wait_async (loopback, request, 0, NULL, on_waited, &f);
  refused = http (port, "GET", target, numeric);
  assert_status (refused, 403);
  accepted = http (port, "GET", target, named);
  finish_wait (&f);
  assert_status (accepted, 200);
  g_assert_cmpstr (f.code, ==, "c");
  g_free (f.code);
}

/* In a process of its own, where no server has had a connection yet: the receiver's
 * first connection ever is the callback, and it is taken, with nothing rejected. */
static void
test_first_connection (Fixture       *f,
                       gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *target = callback_target (f, "");
      g_autofree char *response = NULL;

      start_wait (f, 0, NULL);
      response = http (sesame_loopback_get_port (f->loopback), "GET", target, f->host);
      finish_wait (f);
      assert_status (response, 200);
      g_assert_no_error (f->error);
      g_assert_cmpstr (f->code, ==, "the-code");
      g_assert_cmpuint (f->rejections, ==, 0);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_bad_redirect_uris (void)
{
  const char *bad[] = {
    "https://127.0.0.1/callback",
    "http://example.com/callback",
    "http://10.0.0.1/callback",
    "http://127.0.0.1/callback?x=1",
    "http://127.0.0.1/callback#f",
    "com.example.app:/callback",
    "not a uri",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameLoopback) loopback = sesame_loopback_new (bad[i], &error);

      g_assert_null (loopback);
      g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

#define ADD(path, func) \
  g_test_add ("/sesame/loopback/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("default-redirect-uri", test_default_redirect_uri);
  ADD ("success", test_success);
  ADD ("connection-close", test_connection_close);
  ADD ("page-tells-outcome", test_page_tells_outcome);
  ADD ("page-waits-at-most", test_page_waits_at_most);
  ADD ("page-waits-at-most-connected-ahead", test_page_waits_at_most_connected_ahead);
  ADD ("stray-requests-before-callback", test_stray_requests);
  ADD ("provider-error", test_provider_error);
  ADD ("wrong-iss", test_wrong_iss);
  ADD ("replayed-state", test_replayed_state);
  ADD ("timeout", test_timeout);
  ADD ("cancel", test_cancel);
  ADD ("deliver-uri", test_deliver_uri);
  ADD ("flooded", test_flooded);
  ADD ("first-connection", test_first_connection);
#undef ADD
  g_test_add_func ("/sesame/loopback/fixed-port-taken", test_fixed_port);
  g_test_add_func ("/sesame/loopback/localhost-host-header", test_localhost_host_header);
  g_test_add_func ("/sesame/loopback/bad-redirect-uris", test_bad_redirect_uris);

  return g_test_run ();
}
