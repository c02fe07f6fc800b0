/* test-faults.c
 *
 * Faults that must end with a clear error and lose nothing, through the `sesame`
 * command against the real oidc-provider and a real gnome-keyring-daemon on a private
 * bus: the token endpoint dies in the middle of a refresh or answers half a response
 * (a raw socket server in a thread plays it), the keyring daemon is killed while a
 * sign-in or a refresh saves, the profile file cannot be written (a file size limit on the process:
 * EFBIG, as a full disk would give ENOSPC), and the clock is off by minutes either
 * way (libfaketime preloaded into sesame).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "fake-provider.h"
#include "idp.h"
#include "keyring.h"
#include "runner.h"
#include "sesame-store.h"
#include "waits.h"

static Idp *idp;
static Keyring *keyring;
static char *home;

/* A token endpoint that breaks ----------------------------------------------------- */

typedef enum
{
  BREAK_SHORT_BODY,      /* complete-looking JSON, but shorter than its Content-Length */
  BREAK_HEADERS_ONLY,    /* the status and headers, then the connection closes */
  BREAK_HALF_CHUNKED,    /* half a chunk, then the connection closes */
  BREAK_CLOSE,           /* the request is read, then the connection closes */
  BREAK_RESET,           /* the request is read, then the connection is reset */
  BREAK_STALL,           /* the request is read, and no answer ever comes */
  N_BREAKS
} Break;

static const char *break_names[N_BREAKS] = {
  "short body", "headers only", "half a chunk", "closed", "reset", "no answer",
};

/* What the error says: the answer began and broke off, or none came. */
static const char *break_messages[N_BREAKS] = {
  "The token endpoint’s answer broke off: ", "The token endpoint’s answer broke off: ",
  "The token endpoint’s answer broke off: ", "Could not reach the token endpoint: ",
  "Could not reach the token endpoint: ",
  "Could not reach the token endpoint: The provider did not answer completely within 2 seconds",
};

static const char *answers[N_BREAKS] = {
  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
  "Content-Length: 400\r\n\r\n"
  "{\"access_token\":\"cut-short\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
  "\"refresh_token\":\"cut-short-refresh\"}",
  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 120\r\n\r\n",
  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
  "60\r\n{\"access_token\":\"half\",\"token_type\":\"Bearer\"",
  "",
  NULL,
  NULL,
};

/* A provider of raw sockets on 127.0.0.1: a thread accepts connections and hands each
 * to @serve_one until stopped.
 */
typedef void (*ServeOne) (gpointer           data,
                          GSocketConnection *connection);

typedef struct
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  ServeOne         serve_one;
  gpointer         data;
  guint16          port;
} Serving;

static gpointer
serving_run (gpointer user_data)
{
  Serving *serving = user_data;

  for (;;)
    {
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_listener_accept (serving->listener, NULL, serving->cancellable,
                                             NULL);
      if (connection == NULL)
        return NULL;
      serving->serve_one (serving->data, connection);
    }
}

static void
serving_start (Serving    *serving,
               const char *name,
               ServeOne    serve_one,
               gpointer    data)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  serving->serve_one = serve_one;
  serving->data = data;
  serving->cancellable = g_cancellable_new ();
  serving->listener = g_socket_listener_new ();
  g_socket_listener_add_address (serving->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  serving->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  serving->thread = g_thread_new (name, serving_run, serving);
}

static void
serving_stop (Serving *serving)
{
  g_cancellable_cancel (serving->cancellable);
  g_thread_join (serving->thread);
  g_socket_listener_close (serving->listener);
  g_object_unref (serving->listener);
  g_object_unref (serving->cancellable);
}

typedef struct
{
  Serving  serving;
  Break    mode;
  int      requests;
} Broken;

/* Reads one request: its headers, and as much body as Content-Length says. */
static GString *
read_request (GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GString *request = g_string_new (NULL);
  const char *end = NULL;
  gsize body_length = 0;
  char buf[4096];
  gssize n;

  while (request->len < 65536)
    {
      const char *length;

      end = strstr (request->str, "\r\n\r\n");
      length = end != NULL ? strstr (request->str, "\r\nContent-Length:") : NULL;
      if (length != NULL)
        body_length = g_ascii_strtoull (length + strlen ("\r\nContent-Length:"), NULL, 10);
      if (end != NULL && request->len >= (gsize) (end + 4 - request->str) + body_length)
        return request;
      n = g_input_stream_read (in, buf, sizeof buf, NULL, NULL);
      if (n <= 0)
        return request;
      g_string_append_len (request, buf, n);
    }
  return request;
}

static void
reset (GSocket *socket)
{
  struct linger linger = { .l_onoff = 1, .l_linger = 0 };

  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
}

static void
broken_one (gpointer           data,
            GSocketConnection *connection)
{
  Broken *broken = data;
  GSocket *socket = g_socket_connection_get_socket (connection);
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_socket_set_timeout (socket, 10);
  g_string_free (read_request (connection), TRUE);
  g_atomic_int_inc (&broken->requests);

  if (broken->mode == BREAK_STALL)
    g_string_free (read_request (connection), TRUE);   /* until the client gives up */
  else if (broken->mode == BREAK_RESET)
    reset (socket);
  else
    g_output_stream_write_all (out, answers[broken->mode], strlen (answers[broken->mode]),
                               NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static Broken *
broken_start (Break mode)
{
  Broken *broken = g_new0 (Broken, 1);

  broken->mode = mode;
  serving_start (&broken->serving, "broken-provider", broken_one, broken);
  return broken;
}

static void
broken_stop (Broken *broken)
{
  serving_stop (&broken->serving);
  g_free (broken);
}

/* A token endpoint that stops the keyring daemon (SIGSTOP), then passes the request on
 * to the real one and its answer back: the save that follows waits on the daemon.
 */
typedef struct
{
  Serving      serving;
  char        *target;
  GSubprocess *daemon;
  int          answered;
} Relay;

static char *
header_value (const char *request,
              const char *name)
{
  g_autofree char *prefix = g_strconcat ("\r\n", name, ": ", NULL);
  const char *start = strstr (request, prefix);

  if (start == NULL)
    return NULL;
  start += strlen (prefix);
  return g_strndup (start, strcspn (start, "\r"));
}

static void
relay_one (gpointer           data,
           GSocketConnection *connection)
{
  Relay *relay = data;
  g_autoptr(GString) request = read_request (connection);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new ("POST", relay->target);
  g_autofree char *authorization = header_value (request->str, "Authorization");
  g_autofree char *type = header_value (request->str, "Content-Type");
  const char *body = strstr (request->str, "\r\n\r\n") + 4;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GBytes) sent = g_bytes_new (body, strlen (body));
  g_autofree char *head = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_subprocess_send_signal (relay->daemon, SIGSTOP);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                  authorization);
  soup_message_set_request_body_from_bytes (message, type, sent);
  answer = soup_session_send_and_read (session, message, NULL, NULL);
  g_assert_nonnull (answer);
  head = g_strdup_printf ("HTTP/1.1 %u Relayed\r\nContent-Type: application/json\r\n"
                          "Cache-Control: no-store\r\nContent-Length: %zu\r\n"
                          "Connection: close\r\n\r\n",
                          soup_message_get_status (message), g_bytes_get_size (answer));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                             NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_atomic_int_set (&relay->answered, TRUE);
}

static Relay *
relay_start (const char  *target,
             GSubprocess *daemon)
{
  Relay *relay = g_new0 (Relay, 1);

  relay->target = g_strdup (target);
  relay->daemon = g_object_ref (daemon);
  serving_start (&relay->serving, "relay", relay_one, relay);
  return relay;
}

static void
relay_stop (Relay *relay)
{
  serving_stop (&relay->serving);
  g_object_unref (relay->daemon);
  g_free (relay->target);
  g_free (relay);
}

/* Running sesame -------------------------------------------------------------------- */

static int
sesame_run (Run                *run,
            const char         *agent_mode,
            const char * const *env,
            const char * const *args)
{
  run_clear (run);
  memset (run, 0, sizeof *run);
  run_sesame (run, agent_mode, env, args);
  if (run->status != 0)
    g_test_message ("sesame %s: exit %d: %s", args[0], run->status, run->err);
  return run->status;
}

static void
add_profile (const char *name,
             const char *extra_option,
             const char *extra_value)
{
  const char *args[] = { "profile", "add", name, "--client-id", "sesame-public", "--scope",
                         "openid email", "--browser", "none", "--issuer", idp->issuer,
                         extra_option, extra_value, NULL };
  g_auto(Run) run = { 0 };

  g_assert_cmpint (sesame_run (&run, NULL, NULL, args), ==, 0);
}

static JsonObject *
sign_in (const char         *name,
         const char * const *env)
{
  const char *args[] = { "sign-in", name, "--json", NULL };
  g_auto(Run) run = { 0 };

  g_assert_cmpint (sesame_run (&run, "login", env, args), ==, 0);
  return parse_object (run.out);
}

/* `sesame token NAME --json --min-valid N`; the tokens on success. */
static int
token (const char          *name,
       const char          *min_valid,
       const char * const  *env,
       JsonObject         **tokens)
{
  const char *args[] = { "token", name, "--json", "--min-valid", min_valid, NULL };
  g_auto(Run) run = { 0 };

  if (sesame_run (&run, NULL, env, args) == 0 && tokens != NULL)
    *tokens = parse_object (run.out);
  return run.status;
}

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

static void
assert_same_tokens (JsonObject *a,
                    JsonObject *b)
{
  g_assert_cmpstr (member (a, "access_token"), ==, member (b, "access_token"));
  g_assert_cmpstr (member (a, "refresh_token"), ==, member (b, "refresh_token"));
  g_assert_cmpstr (member (a, "id_token"), ==, member (b, "id_token"));
}

static void
set_token_endpoint (const char *name,
                    const char *uri)
{
  g_autofree char *auth = g_strconcat (idp->issuer, "/auth", NULL);
  const char *args[] = { "profile", "edit", name, "--authorization-endpoint", auth,
                         "--token-endpoint", uri, NULL };
  g_auto(Run) run = { 0 };

  g_assert_cmpint (sesame_run (&run, NULL, NULL, args), ==, 0);
}

/* The provider breaks during a refresh ---------------------------------------------- */

/* Each way of breaking: a network error (exit 4) that names the token endpoint, nothing
 * on stdout, and the stored tokens as they were; once the endpoint is back, they refresh.
 * An endpoint that never answers is given up after --timeout, and the error says so.
 */
static void
test_provider_breaks_during_refresh (void)
{
  g_autofree char *token_uri = g_strconcat (idp->issuer, "/token", NULL);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) refreshed = NULL;

  add_profile ("refresh", NULL, NULL);
  before = sign_in ("refresh", NULL);

  for (Break mode = 0; mode < N_BREAKS; mode++)
    {
      Broken *broken = broken_start (mode);
      g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/token", broken->serving.port);
      const char *args[] = { "token", "refresh", "--min-valid", "86400", "--timeout", "2",
                             NULL };
      g_autoptr(JsonObject) after = NULL;
      g_auto(Run) run = { 0 };

      g_test_message ("The token endpoint breaks: %s", break_names[mode]);
      set_token_endpoint ("refresh", uri);
      g_assert_cmpint (sesame_run (&run, NULL, NULL, args), ==, 4);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, "sesame: "));
      g_assert_nonnull (strstr (run.err, break_messages[mode]));
      g_assert_cmpint (g_atomic_int_get (&broken->requests), >=, 1);
      broken_stop (broken);

      set_token_endpoint ("refresh", token_uri);
      g_assert_cmpint (token ("refresh", "0", NULL, &after), ==, 0);
      assert_same_tokens (before, after);
    }

  g_assert_cmpint (token ("refresh", "86400", NULL, &refreshed), ==, 0);
  g_assert_cmpstr (member (refreshed, "access_token"), !=, member (before, "access_token"));
  assert_token_works (member (refreshed, "access_token"));
}

/* Nothing between the provider's answer and the keyring ---------------------------- */

#define ORDER_CLIENT "sesame-order"
#define ORDER_SUBJECT "order-subject"

/* An ID token of the fake provider, signed with @key. */
static char *
order_id_token (FakeProvider *fake,
                FakeKey      *key)
{
  g_autoptr(JsonObject) claims = json_object_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  json_object_set_string_member (claims, "iss", fake_provider_get_issuer (fake));
  json_object_set_string_member (claims, "sub", ORDER_SUBJECT);
  json_object_set_string_member (claims, "aud", ORDER_CLIENT);
  json_object_set_int_member (claims, "iat", now);
  json_object_set_int_member (claims, "exp", now + 3600);
  return fake_jwt_sign (key, "RS256", "order-key", claims);
}

/* Stores tokens for the profile @name as a sign-in would have, about to expire. */
static void
store_order_tokens (const char *name,
                    const char *id_token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autofree char *json = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GAsyncResult) stored = NULL;

  g_assert_true (sesame_profile_store_load (store, &error));
  g_assert_no_error (error);
  json = g_strdup_printf ("{\"access_token\":\"at-0\",\"token_type\":\"Bearer\","
                          "\"refresh_token\":\"rt-0\",\"scope\":\"openid\","
                          "\"id_token\":\"%s\",\"obtained_at\":%" G_GINT64_FORMAT ","
                          "\"expires_at\":%" G_GINT64_FORMAT "}", id_token, now, now + 30);
  tokens = sesame_token_set_new_from_json (json, &error);
  g_assert_no_error (error);
  sesame_secrets_store_tokens_async (
    sesame_profile_get_id (sesame_profile_store_lookup (store, name)), name, tokens, NULL,
    on_result, &stored);
  wait_for_pointer ((gpointer *) &stored, "the keyring to store the tokens");
  g_assert_true (sesame_secrets_store_tokens_finish (stored, &error));
}

typedef struct
{
  GSubprocess *process;
  const char  *err_path;
} Refreshing;

/* The refreshing command has the provider's answer and goes on to store it, or ended. */
static gboolean
storing_or_over (gpointer data)
{
  Refreshing *refreshing = data;
  g_autofree char *err = NULL;

  if (g_subprocess_get_identifier (refreshing->process) == NULL)
    return TRUE;
  return g_file_get_contents (refreshing->err_path, &err, NULL, NULL) &&
         strstr (err, "Refreshed: storing the new tokens") != NULL;
}

/* `sesame token` refreshes against a fake provider that signs its ID tokens: the keys
 * come before the token request, and nothing after the answer. It is killed as soon as
 * it has read the answer and goes on to store it (its debug output says so): the
 * provider saw no request after the token request. The fake does not rotate refresh
 * tokens, so the next refresh works whatever the kill left in the keyring.
 */
static void
test_nothing_between_answer_and_keyring (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(FakeKey) key = fake_key_new ("RS256");
  g_autoptr(JsonObject) jwks = json_object_new ();
  g_autoptr(JsonArray) keys = json_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id_token = order_id_token (fake, key);
  g_autofree char *err_path = g_build_filename (home, "order.err", NULL);
  g_autofree char *err = NULL;
  g_autofree char *answer_text = NULL;
  const char *args[] = { "profile", "add", "order", "--issuer", fake_provider_get_issuer (fake),
                         "--client-id", ORDER_CLIENT, "--scope", "openid", "--browser", "none",
                         NULL };
  const char * const *paths;
  Refreshing refreshing = { NULL, err_path };
  g_auto(Run) run = { 0 };
  guint n;

  json_array_add_object_element (keys, fake_key_get_jwk (key, "order-key"));
  json_object_set_array_member (jwks, "keys", json_array_ref (keys));
  fake_provider_set_json (fake, "/jwks", SOUP_STATUS_OK, jwks);
  json_object_set_string_member (answer, "access_token", "at-1");
  json_object_set_string_member (answer, "token_type", "Bearer");
  json_object_set_int_member (answer, "expires_in", 3600);
  json_object_set_string_member (answer, "refresh_token", "rt-0");   /* no rotation */
  json_object_set_string_member (answer, "id_token", id_token);
  fake_provider_set_json (fake, "/token", SOUP_STATUS_OK, answer);

  g_assert_cmpint (sesame_run (&run, NULL, NULL, args), ==, 0);
  store_order_tokens ("order", id_token);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "sesame-account", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SESAME_BINARY"), "token",
                                         "order", "--min-valid", "600", NULL);
  g_assert_no_error (error);
  refreshing.process = process;
  wait_until (storing_or_over, &refreshing, WAIT_SECONDS,
              "sesame token to have the provider's answer");
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_file_get_contents (err_path, &err, NULL, NULL);
  g_test_message ("sesame token, killed: %s", err);

  paths = fake_provider_get_paths (fake);
  n = g_strv_length ((char **) paths);
  answer_text = g_strjoinv (" ", (char **) paths);
  g_test_message ("the provider's requests: %s", answer_text);
  g_assert_cmpuint (n, >=, 3);
  g_assert_cmpstr (paths[n - 1], ==, "/token");
  g_assert_cmpstr (paths[n - 2], ==, "/jwks");
  g_assert_cmpstr (g_hash_table_lookup (fake_provider_get_last_request (fake)->form,
                                        "refresh_token"), ==, "rt-0");

  /* Whatever the kill left, the next refresh works: the provider does not rotate. */
  g_assert_cmpint (token ("order", "86400", NULL, &after), ==, 0);
  g_assert_cmpstr (member (after, "access_token"), ==, "at-1");
  g_assert_cmpstr (member (after, "refresh_token"), ==, "rt-0");
  paths = fake_provider_get_paths (fake);
  g_assert_cmpstr (paths[g_strv_length ((char **) paths) - 1], ==, "/token");
}

/* A refresh answer out of grammar ---------------------------------------------------- */

/* Stores @json as the tokens of the profile @name. */
static void
store_tokens_json (const char *name,
                   const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GAsyncResult) stored = NULL;

  g_assert_true (sesame_profile_store_load (store, &error));
  tokens = sesame_token_set_new_from_json (json, &error);
  g_assert_no_error (error);
  sesame_secrets_store_tokens_async (
    sesame_profile_get_id (sesame_profile_store_lookup (store, name)), name, tokens, NULL,
    on_result, &stored);
  wait_for_pointer ((gpointer *) &stored, "the keyring to store the tokens");
  g_assert_true (sesame_secrets_store_tokens_finish (stored, &error));
}

/* A refresh whose answer breaks a token's grammar or names no token type fails with exit
 * 5, quoting no token; the stored tokens stay as they were, and refresh once the
 * provider answers properly.
 */
static void
test_refresh_out_of_grammar (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autofree char *json = NULL;
  const char *add[] = { "profile", "add", "grammar", "--issuer", fake_provider_get_issuer (fake),
                        "--client-id", "sesame-grammar", "--scope", "email", "--browser", "none",
                        NULL };
  const char *refresh[] = { "token", "grammar", "--min-valid", "600", NULL };
  const struct { const char *answer; const char *message; } cases[] = {
    { "{\"access_token\":\"planted' ; touch /tmp/p ; echo '\",\"token_type\":\"Bearer\"}",
      "The access token is not a valid Bearer token" },
    { "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\","
      "\"refresh_token\":\"planted\\u001b]0;x\\u0007\"}",
      "The refresh token holds characters other than printable ASCII" },
    { "{\"access_token\":\"planted\"}", "names no token type (token_type)" },
  };
  g_autoptr(JsonObject) after = NULL;
  g_auto(Run) run = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpint (sesame_run (&run, NULL, NULL, add), ==, 0);
  json = g_strdup_printf ("{\"access_token\":\"at-0\",\"token_type\":\"Bearer\","
                          "\"refresh_token\":\"rt-0\",\"scope\":\"email\","
                          "\"obtained_at\":%" G_GINT64_FORMAT ","
                          "\"expires_at\":%" G_GINT64_FORMAT "}", now, now + 30);
  store_tokens_json ("grammar", json);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) stored = NULL;

      fake_provider_set_answer (fake, "/token", SOUP_STATUS_OK, "application/json",
                                cases[i].answer);
      g_assert_cmpint (sesame_run (&run, NULL, NULL, refresh), ==, 5);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].message));
      g_assert_null (strstr (run.err, "planted"));
      g_assert_null (strpbrk (run.err, "\x1b\x07"));
      g_assert_cmpstr (g_hash_table_lookup (fake_provider_get_last_request (fake)->form,
                                            "refresh_token"), ==, "rt-0");

      g_assert_cmpint (token ("grammar", "0", NULL, &stored), ==, 0);
      g_assert_cmpstr (member (stored, "access_token"), ==, "at-0");
      g_assert_cmpstr (member (stored, "refresh_token"), ==, "rt-0");
    }

  fake_provider_set_answer (fake, "/token", SOUP_STATUS_OK, "application/json",
                            "{\"access_token\":\"at-1\",\"token_type\":\"bearer\","
                            "\"expires_in\":3600}");
  g_assert_cmpint (token ("grammar", "600", NULL, &after), ==, 0);
  g_assert_cmpstr (member (after, "access_token"), ==, "at-1");
  g_assert_cmpstr (member (after, "refresh_token"), ==, "rt-0");
}

/* A running app that never answers ------------------------------------------------ */

/* A token service that takes every request, says WAIT, and then nothing more. */
typedef struct
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  GPtrArray       *connections;   /* held open: the command must give up by itself */
  char            *path;
  int              asked;
} StuckApp;

static gpointer
stuck_app_serve (gpointer data)
{
  StuckApp *app = data;

  for (;;)
    {
      GSocketConnection *connection;
      GOutputStream *out;

      connection = g_socket_listener_accept (app->listener, NULL, app->cancellable, NULL);
      if (connection == NULL)
        return NULL;
      g_ptr_array_add (app->connections, connection);
      out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      g_output_stream_write_all (out, "WAIT\n", 5, NULL, NULL, NULL);
      g_atomic_int_inc (&app->asked);
    }
}

static StuckApp *
stuck_app_start (void)
{
  StuckApp *app = g_new0 (StuckApp, 1);
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "sesame", NULL);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  app->path = g_build_filename (dir, "token-service", NULL);
  address = g_unix_socket_address_new (app->path);
  app->cancellable = g_cancellable_new ();
  app->connections = g_ptr_array_new_with_free_func (g_object_unref);
  app->listener = g_socket_listener_new ();
  g_socket_listener_add_address (app->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error);
  g_assert_no_error (error);
  app->thread = g_thread_new ("stuck-app", stuck_app_serve, app);
  return app;
}

static void
stuck_app_stop (StuckApp *app)
{
  g_cancellable_cancel (app->cancellable);
  g_thread_join (app->thread);
  g_socket_listener_close (app->listener);
  g_unlink (app->path);
  g_ptr_array_unref (app->connections);
  g_object_unref (app->listener);
  g_object_unref (app->cancellable);
  g_free (app->path);
  g_free (app);
}

/* The app is asked first; it says it refreshes and then never answers. The command gives
 * it --timeout, says so on stderr, and answers from the keyring.
 */
static void
test_app_never_answers (void)
{
  const char *args[] = { "token", "stuck", "--json", "--min-valid", "0", "--timeout", "1",
                         NULL };
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_auto(Run) run = { 0 };
  StuckApp *app;

  add_profile ("stuck", NULL, NULL);
  before = sign_in ("stuck", NULL);
  app = stuck_app_start ();
  g_assert_cmpint (sesame_run (&run, NULL, NULL, args), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&app->asked), ==, 1);
  stuck_app_stop (app);
  g_test_message ("sesame token: %s", run.err);
  g_assert_nonnull (strstr (run.err, "The running app has not answered within 1 second;"));
  after = parse_object (run.out);
  assert_same_tokens (before, after);
}

/* A process holds the profile's lock and never lets go ----------------------------- */

/* `sesame token` gives up waiting for it, bounded, with a message that names the lock;
 * once it is free, the same command works. */
static void
test_lock_held (void)
{
  const char *args[] = { "token", "locked", "--json", "--min-valid", "99999", "--timeout", "1",
                         NULL };
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_auto(Run) run = { 0 };
  int fd;

  add_profile ("locked", NULL, NULL);
  before = sign_in ("locked", NULL);
  g_assert_true (sesame_profile_store_load (store, &error));
  name = g_strconcat (sesame_profile_get_id (sesame_profile_store_lookup (store, "locked")),
                      ".lock", NULL);
  dir = g_build_filename (g_get_user_runtime_dir (), "sesame", NULL);
  path = g_build_filename (dir, name, NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  g_assert_cmpint (sesame_run (&run, NULL, NULL, args), ==, 6);
  g_assert_nonnull (strstr (run.err, "has held the lock of “locked” for more than 9 seconds"));

  close (fd);
  g_assert_cmpint (sesame_run (&run, NULL, NULL, args), ==, 0);
  after = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (before, "access_token"), !=,
                   json_object_get_string_member (after, "access_token"));
}

/* The keyring daemon dies during a save --------------------------------------------- */

static char *
wait_for_uri (const char  *err_path,
              GSubprocess *sesame)
{
  gint64 deadline = g_get_monotonic_time () + waits_limit (WAIT_SECONDS);

  for (;;)
    {
      g_autofree char *text = NULL;
      const char *line;

      g_usleep (G_USEC_PER_SEC / 20);
      g_file_get_contents (err_path, &text, NULL, NULL);
      line = text != NULL ? strstr (text, idp->issuer) : NULL;
      if (line != NULL && strchr (line, '\n') != NULL)
        return g_strndup (line, strchr (line, '\n') - line);
      g_assert_nonnull (g_subprocess_get_identifier (sesame));
      if (g_get_monotonic_time () > deadline)
        waits_give_up ("gave up waiting for sesame to print the authorization address");
    }
}

/* The daemon is stopped before the callback comes, so that the save after the code
 * exchange waits on it, then killed: the sign-in ends with the keyring's exit code, and
 * the tokens of the sign-in before are there once a daemon runs again. (gnome-keyring
 * writes login.keyring to a temporary file that it renames over the old one, as strace
 * shows: a daemon killed mid-write leaves the old file.)
 */
static void
test_keyring_killed_during_save (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GSubprocess) sesame = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_path = g_build_filename (home, "sign-in.err", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  add_profile ("keyring", NULL, NULL);
  before = sign_in ("keyring", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  sesame = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SESAME_BINARY"), "sign-in",
                                        "keyring", "--json", NULL);
  g_assert_no_error (error);
  uri = wait_for_uri (err_path, sesame);

  g_subprocess_send_signal (keyring->daemon, SIGSTOP);
  run_agent (uri, FALSE);
  /* The exchange takes milliseconds; then only the stopped daemon holds sesame up. */
  for (guint i = 0; i < 10; i++)
    {
      g_usleep (G_USEC_PER_SEC / 10);
      g_assert_nonnull (g_subprocess_get_identifier (sesame));
    }
  keyring_restart_daemon (keyring);

  g_subprocess_communicate_utf8 (sesame, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (err_path, &err, NULL, NULL);
  g_test_message ("sesame sign-in: exit %d: %s", g_subprocess_get_exit_status (sesame), err);
  g_assert_cmpint (g_subprocess_get_exit_status (sesame), ==, 8);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "keyring"));

  g_assert_cmpint (token ("keyring", "0", NULL, &after), ==, 0);
  assert_same_tokens (before, after);
  assert_token_works (member (after, "access_token"));
}

/* The daemon is stopped while the provider answers a refresh, then killed while the
 * refreshed tokens wait to be saved: exit 8, and the keyring still holds the tokens from
 * before. The provider rotated the refresh token meanwhile, so the one kept is spent:
 * the next refresh is refused, with the sign-in-needed exit code, and a sign-in mends it.
 */
static void
test_keyring_killed_during_refresh_save (void)
{
  g_autofree char *token_uri = g_strconcat (idp->issuer, "/token", NULL);
  g_autoptr(GSubprocess) sesame = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  Relay *relay;

  add_profile ("rotate", NULL, NULL);
  before = sign_in ("rotate", NULL);
  relay = relay_start (token_uri, keyring->daemon);
  uri = g_strdup_printf ("http://127.0.0.1:%u/token", relay->serving.port);
  set_token_endpoint ("rotate", uri);

  sesame = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &error, g_getenv ("SESAME_BINARY"), "token", "rotate",
                             "--min-valid", "86400", NULL);
  g_assert_no_error (error);
  wait_for_flag (&relay->answered, "the relay to pass the provider's answer on");
  for (guint i = 0; i < 10; i++)
    {
      g_usleep (G_USEC_PER_SEC / 10);
      g_assert_nonnull (g_subprocess_get_identifier (sesame));
    }
  keyring_restart_daemon (keyring);
  relay_stop (relay);

  g_subprocess_communicate_utf8 (sesame, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("sesame token: exit %d: %s", g_subprocess_get_exit_status (sesame), err);
  g_assert_cmpint (g_subprocess_get_exit_status (sesame), ==, 8);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "keyring"));

  set_token_endpoint ("rotate", token_uri);
  g_assert_cmpint (token ("rotate", "0", NULL, &after), ==, 0);
  assert_same_tokens (before, after);
  g_assert_cmpint (token ("rotate", "86400", NULL, NULL), ==, 7);
  again = sign_in ("rotate", NULL);
  assert_token_works (member (again, "access_token"));
}

/* The profile file cannot be written ------------------------------------------------ */

#define FILE_SIZE_LIMIT 64

/* Runs in the child before exec: no file may grow past a few bytes (EFBIG). */
static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { FILE_SIZE_LIMIT, FILE_SIZE_LIMIT };

  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* Runs sesame with the file size limit; stdout and stderr are pipes, which it spares. */
static int
run_limited (const char * const *args,
             char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) sesame = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, limit_file_size, NULL, NULL);
  g_ptr_array_add (argv, (char *) g_getenv ("SESAME_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  sesame = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (sesame, NULL, NULL, &out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (sesame));
  g_test_message ("sesame %s %s: exit %d: %s", args[0], args[1],
                  g_subprocess_get_exit_status (sesame), *err);
  return g_subprocess_get_exit_status (sesame);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Adding and editing a profile fail with a message that says what could not be saved;
 * profiles.ini stays byte for byte, no temporary file is left, the tokens still work.
 */
static void
test_profile_write_fails (void)
{
  g_autofree char *dir = g_build_filename (home, "config", "sesame", NULL);
  g_autofree char *path = g_build_filename (dir, "profiles.ini", NULL);
  const char *add[] = { "profile", "add", "extra", "--issuer", idp->issuer, "--client-id",
                        "sesame-public", NULL };
  const char *edit[] = { "profile", "edit", "disk", "--scope", "openid email profile", NULL };
  const char *rename[] = { "profile", "edit", "disk", "--rename", "renamed", NULL };
  const char * const *commands[] = { add, edit, rename };
  g_autoptr(JsonObject) before_tokens = NULL;
  g_autoptr(JsonObject) after_tokens = NULL;
  g_autofree char *before = NULL;
  g_autofree char *files = NULL;
  g_autofree char *files_after = NULL;
  g_autofree char *after = NULL;
  gsize length = 0;

  add_profile ("disk", NULL, NULL);
  before_tokens = sign_in ("disk", NULL);
  g_assert_true (g_file_get_contents (path, &before, &length, NULL));
  g_assert_cmpuint (length, >, FILE_SIZE_LIMIT);
  files = list_dir (dir);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_limited (commands[i], &err), ==, 1);
      g_assert_nonnull (strstr (err, "profiles.ini"));
      g_assert_nonnull (strstr (err, g_strerror (EFBIG)));
      g_assert_cmpuint (strlen (err), <, 400);
    }

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  files_after = list_dir (dir);
  g_assert_cmpstr (files, ==, files_after);
  g_assert_cmpint (token ("disk", "0", NULL, &after_tokens), ==, 0);
  assert_same_tokens (before_tokens, after_tokens);
}

/* The clock is off ------------------------------------------------------------------ */

static char *
find_faketime (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/usr/lib", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/usr/lib", name, "faketime",
                                                "libfaketimeMT.so.1", NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static gint64
expires_in (JsonObject *tokens)
{
  return json_object_get_int_member (tokens, "expires_in");
}

/* The clock four minutes behind, then five ahead: a sign-in completes either way (ID
 * token checks allow five minutes of skew: behind by more, the provider's iat is in the
 * future); the access token's expiry is the provider's expires_in counted on the local
 * clock, so a token stored by a clock four minutes behind counts as four minutes shorter
 * on the right one, and --min-valid refreshes by that. Every token the command hands
 * out is accepted by the provider.
 */
static void
test_clock_off (void)
{
  g_autofree char *faketime = find_faketime ();
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *asan_options = g_strdup_printf ("%s:verify_asan_link_order=0", asan ?: "");
  const char *behind[] = { "LD_PRELOAD", faketime, "FAKETIME", "-4m",
                           "FAKETIME_DONT_FAKE_MONOTONIC", "1", "ASAN_OPTIONS", asan_options,
                           NULL };
  const char *ahead[] = { "LD_PRELOAD", faketime, "FAKETIME", "+5m",
                          "FAKETIME_DONT_FAKE_MONOTONIC", "1", "ASAN_OPTIONS", asan_options,
                          NULL };
  g_autoptr(JsonObject) signed_in = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(JsonObject) ahead_stored = NULL;
  g_autoptr(JsonObject) ahead_signed_in = NULL;
  g_autoptr(JsonObject) ahead_refreshed = NULL;

  if (faketime == NULL)
    {
      g_test_skip ("libfaketime is not installed (Debian package faketime)");
      return;
    }
  if (asan == NULL)
    behind[6] = ahead[6] = NULL;

  add_profile ("clock", NULL, NULL);
  signed_in = sign_in ("clock", behind);
  g_assert_cmpint (expires_in (signed_in), >, 3500);
  assert_token_works (member (signed_in, "access_token"));

  /* On the right clock, the stored token has four minutes less. */
  g_assert_cmpint (token ("clock", "60", NULL, &stored), ==, 0);
  assert_same_tokens (signed_in, stored);
  g_assert_cmpint (expires_in (stored), >, 3600 - 240 - 120);
  g_assert_cmpint (expires_in (stored), <, 3600 - 240 + 20);

  /* Not valid for 3450 s more on this clock: refreshed. */
  g_assert_cmpint (token ("clock", "3450", NULL, &refreshed), ==, 0);
  g_assert_cmpstr (member (refreshed, "access_token"), !=, member (signed_in, "access_token"));
  g_assert_cmpint (expires_in (refreshed), >, 3500);
  assert_token_works (member (refreshed, "access_token"));

  /* Five minutes ahead: the same token, five minutes shorter; the provider takes it. */
  g_assert_cmpint (token ("clock", "60", ahead, &ahead_stored), ==, 0);
  assert_same_tokens (refreshed, ahead_stored);
  g_assert_cmpint (expires_in (ahead_stored), <, 3600 - 300 + 20);
  assert_token_works (member (ahead_stored, "access_token"));

  ahead_signed_in = sign_in ("clock", ahead);
  assert_token_works (member (ahead_signed_in, "access_token"));
  g_assert_cmpint (token ("clock", "86400", ahead, &ahead_refreshed), ==, 0);
  g_assert_cmpstr (member (ahead_refreshed, "access_token"), !=,
                   member (ahead_signed_in, "access_token"));
  assert_token_works (member (ahead_refreshed, "access_token"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  waits_init ();

  home = g_dir_make_tmp ("sesame-faults-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  idp = idp_start ();
  runner_idp = idp;

  g_test_add_func ("/sesame/faults/provider-breaks-during-refresh",
                   test_provider_breaks_during_refresh);
  g_test_add_func ("/sesame/faults/keyring-killed-during-save", test_keyring_killed_during_save);
  g_test_add_func ("/sesame/faults/keyring-killed-during-refresh-save",
                   test_keyring_killed_during_refresh_save);
  g_test_add_func ("/sesame/faults/nothing-between-answer-and-keyring",
                   test_nothing_between_answer_and_keyring);
  g_test_add_func ("/sesame/faults/refresh-out-of-grammar", test_refresh_out_of_grammar);
  g_test_add_func ("/sesame/faults/app-never-answers", test_app_never_answers);
  g_test_add_func ("/sesame/faults/lock-held", test_lock_held);
  g_test_add_func ("/sesame/faults/profile-write-fails", test_profile_write_fails);
  g_test_add_func ("/sesame/faults/clock-off", test_clock_off);

  status = g_test_run ();
  idp_stop (idp);
  keyring_stop (keyring);
  remove_tree (home);
  return status;
}
