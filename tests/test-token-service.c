/* test-token-service.c
 *
 * The running app answers `sesame token NAME` from memory (src/sesame-token-service.c):
 * against the real oidc-provider and a real gnome-keyring on a private bus, with the app
 * itself started under Xvfb. To tell the app's answer from the keyring's, the command is
 * run with a session bus address that leads nowhere: the keyring path then fails (exit 8).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "idp.h"
#include "keyring.h"
#include "runner.h"
#include "sesame-store.h"
#include "waits.h"

#define NO_BUS "unix:path=/nonexistent/bus"

static Idp *idp;
static Keyring *keyring;
static char *home;
static char *socket_path;
static char *app_log;
static GSubprocess *app;

static void
add_profile (const char *name)
{
  const char *args[] = { "profile", "add", name, "--issuer", idp->issuer, "--client-id",
                         "sesame-public", "--scope", "openid email", "--browser", "none", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, 0);
}

static JsonObject *
sign_in (const char *name)
{
  const char *args[] = { "sign-in", name, "--json", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, "login", NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  return parse_object (run.out);
}

/* `sesame token ARGS…`; with @app_only, the keyring is out of reach. */
static int
token (gboolean            app_only,
       const char * const *args,
       char              **out)
{
  const char *env[] = { "DBUS_SESSION_BUS_ADDRESS", app_only ? NO_BUS : keyring->address,
                        NULL };
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(Run) run = { 0 };

  g_ptr_array_add (argv, "token");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  run_sesame (&run, NULL, env, (const char * const *) argv->pdata);
  if (run.status != 0)
    g_test_message ("sesame token: exit %d: %s", run.status, run.err);
  if (out != NULL)
    *out = g_steal_pointer (&run.out);
  return run.status;
}

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

static gboolean app_listens (void);

/* The app listens; it must not have exited meanwhile. */
static gboolean
app_up (gpointer process)
{
  g_assert_nonnull (g_subprocess_get_identifier (process));
  return app_listens ();
}

static gboolean
app_listens (void)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (socket_path);
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
  return connection != NULL;
}

static void
start_app (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* The app is under test for its answers, not for the warnings of the desktop around it. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "sesame-token-service", TRUE);
  g_subprocess_launcher_set_stderr_file_path (launcher, app_log);
  g_subprocess_launcher_setenv (launcher, "GSK_RENDERER", "cairo", TRUE);
  app = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SESAME_BINARY"), NULL);
  g_assert_no_error (error);

  /* Up once it accepts connections (a socket left behind by a killed app does not). */
  wait_until (app_up, app, WAIT_SECONDS, "the app's token service to accept connections");
}

/* The app's own quit action, so that it shuts down as a person would close it. */
static void
quit_app (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  bus = g_dbus_connection_new_for_address_sync (keyring->address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "io.github.sesame.Sesame", "/io/github/sesame/Sesame",
                                       "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", "quit", NULL, NULL), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (app, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (app));
  g_clear_object (&app);
}

/* How many times the app logged @text (its debug messages say when it answered from memory
 * and when it forgot what it kept; never a token).
 */
static guint
app_logged (const char *text)
{
  g_autofree char *log = NULL;
  guint count = 0;

  g_file_get_contents (app_log, &log, NULL, NULL);
  for (const char *p = log; p != NULL && (p = strstr (p, text)) != NULL; p += strlen (text))
    count++;
  return count;
}

static JsonObject *one, *two;

/* A raw request: the fields, each ended by a NUL; @config NULL for this test's own. */
static GBytes *
request_bytes (const char *magic,
               const char *format,
               const char *min_valid,
               const char *config,
               const char *name)
{
  GByteArray *request = g_byte_array_new ();
  const char *fields[] = { magic, format, min_valid,
                           config != NULL ? config : g_get_user_config_dir (), name };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL)
      g_byte_array_append (request, (const guint8 *) fields[i], strlen (fields[i]) + 1);
  return g_byte_array_free_to_bytes (request);
}

/* Sends @request as the command would and returns the answer ("" if none). */
static char *
ask (GBytes *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (socket_path);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  char answer[8192] = { 0 };
  gsize got = 0;

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             g_bytes_get_data (request, NULL), g_bytes_get_size (request),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, &error);
  g_assert_no_error (error);
  g_input_stream_read_all (g_io_stream_get_input_stream (G_IO_STREAM (connection)), answer,
                           sizeof answer - 1, &got, NULL, NULL);
  return g_strndup (answer, got);
}

static void
test_answers_from_memory (void)
{
  const char *plain[] = { "one", NULL };
  const char *json[] = { "one", "--json", NULL };
  const char *header[] = { "one", "--header", NULL };
  const char *id_token[] = { "--id-token", "one", NULL };
  const char *min_valid[] = { "one", "--min-valid=30", NULL };
  const char *two_formats[] = { "one", "--json", "--header", NULL };
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *expected = NULL;
  g_autoptr(JsonObject) tokens = NULL;

  add_profile ("one");
  add_profile ("two");
  one = sign_in ("one");
  two = sign_in ("two");
  start_app ();

  /* The first request reads the keyring in the app, the next ones are from memory. */
  g_assert_cmpint (token (TRUE, plain, &a), ==, 0);
  g_assert_cmpstr (g_strchomp (a), ==, member (one, "access_token"));
  g_assert_cmpint (token (TRUE, json, &b), ==, 0);
  tokens = parse_object (b);
  g_assert_cmpstr (member (tokens, "access_token"), ==, member (one, "access_token"));
  g_assert_cmpstr (member (tokens, "refresh_token"), ==, member (one, "refresh_token"));
  g_assert_cmpint (token (TRUE, header, &c), ==, 0);
  expected = g_strdup_printf ("Authorization: Bearer %s\n", member (one, "access_token"));
  g_assert_cmpstr (c, ==, expected);
  assert_token_works (a);
  g_assert_cmpint (token (TRUE, id_token, &d), ==, 0);
  g_assert_cmpstr (g_strchomp (d), ==, member (one, "id_token"));
  g_assert_cmpint (token (TRUE, min_valid, &e), ==, 0);
  g_assert_cmpstr (g_strchomp (e), ==, member (one, "access_token"));
  /* Two output options: the full command says why not (and the app is not asked). */
  g_assert_cmpint (token (TRUE, two_formats, NULL), ==, 2);

  /* The app kept the token once it had read it (at the latest after the second request). */
  g_assert_cmpuint (app_logged ("Answered from memory"), >=, 1);
}

/* A request names one profile and gets that one's token; an unknown name gets nothing. */
static void
test_only_the_profile_asked_for (void)
{
  const char *second[] = { "two", NULL };
  const char *unknown[] = { "three", NULL };
  const char *claims[] = { "two", "--no-such-option", NULL };
  g_autofree char *out = NULL;

  g_assert_cmpint (token (TRUE, second, &out), ==, 0);
  g_assert_cmpstr (g_strchomp (out), ==, member (two, "access_token"));
  g_assert_cmpstr (out, !=, member (one, "access_token"));
  g_assert_cmpint (token (TRUE, unknown, NULL), ==, 2);
  /* Options the fast path does not know go to the full command, which refuses this one. */
  g_assert_cmpint (token (TRUE, claims, NULL), ==, 2);
}

static void
rename_profile (const char *from,
                const char *to)
{
  const char *args[] = { "profile", "edit", from, "--rename", to, NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, 0);
}

/* The app reads the profiles again when the file changes: a rename is seen at once. */
static void
test_sees_profile_changes (void)
{
  const char *old_name[] = { "two", NULL };
  const char *new_name[] = { "deux", NULL };
  g_autofree char *out = NULL;

  rename_profile ("two", "deux");
  g_assert_cmpint (token (TRUE, new_name, &out), ==, 0);
  g_assert_cmpstr (g_strchomp (out), ==, member (two, "access_token"));
  g_assert_cmpint (token (TRUE, old_name, NULL), ==, 2);
  rename_profile ("deux", "two");
  g_assert_cmpint (token (TRUE, old_name, NULL), ==, 0);
}

/* A refresh due is done by the app, which keeps the new token. */
static void
test_refresh_in_app (void)
{
  const char *due[] = { "two", "--json", "--min-valid", "7200", NULL };
  const char *plain[] = { "two", NULL };
  g_autofree char *out = NULL, *again = NULL;
  g_autoptr(JsonObject) refreshed = NULL;

  g_assert_cmpint (token (TRUE, due, &out), ==, 0);
  refreshed = parse_object (out);
  g_assert_cmpstr (member (refreshed, "access_token"), !=, member (two, "access_token"));
  assert_token_works (member (refreshed, "access_token"));
  g_assert_cmpint (token (TRUE, plain, &again), ==, 0);
  g_assert_cmpstr (g_strchomp (again), ==, member (refreshed, "access_token"));
}

/* How many requests "METHOD /path" the provider has had (SESAME_IDP_REQUESTS). */
static guint
provider_requests (const char *request)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  guint count = 0;

  g_file_get_contents (g_getenv ("SESAME_IDP_REQUESTS"), &log, NULL, NULL);
  lines = g_strsplit (log != NULL ? log : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    count += g_str_equal (lines[i], request);
  return count;
}

/* The app keeps what it learnt of the provider from one refresh to the next: a refresh
 * is the signing keys, fetched before the refresh token is sent (never after the answer),
 * then one request to the token endpoint, without discovery again.
 */
static void
test_refresh_keeps_provider (void)
{
  const char *due[] = { "two", "--json", "--min-valid", "7200", NULL };
  g_autofree char *first = NULL, *second = NULL;
  g_autoptr(JsonObject) tokens = NULL;
  guint discovery, keys, posts;

  g_assert_cmpint (token (TRUE, due, &first), ==, 0);
  discovery = provider_requests ("GET /.well-known/openid-configuration");
  keys = provider_requests ("GET /jwks");
  posts = provider_requests ("POST /token");
  g_assert_cmpuint (discovery, >, 0);
  g_assert_cmpuint (keys, >, 0);

  g_assert_cmpint (token (TRUE, due, &second), ==, 0);
  tokens = parse_object (second);
  g_assert_nonnull (member (tokens, "id_token"));   /* checked against the fresh keys */
  assert_token_works (member (tokens, "access_token"));
  g_free (second);
  g_assert_cmpint (token (TRUE, due, &second), ==, 0);

  g_assert_cmpuint (provider_requests ("POST /token"), ==, posts + 2);
  g_assert_cmpuint (provider_requests ("GET /.well-known/openid-configuration"), ==, discovery);
  g_assert_cmpuint (provider_requests ("GET /jwks"), ==, keys + 2);
}

static char *
profile_id (const char *name)
{
  const char *args[] = { "profile", "show", name, "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) shown = NULL;

  run_sesame (&run, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  shown = parse_object (run.out);
  return g_strdup (member (shown, "id"));
}

/* The app hands refreshed tokens over before it has stored them, but holds the profile's
 * lock until it has: whoever takes the lock next reads them from the keyring.
 */
static void
test_refresh_stored_under_lock (void)
{
  const char *due[] = { "two", "--json", "--min-valid", "7200", NULL };
  g_autofree char *out = NULL, *id = profile_id ("two"), *lock = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SesameTokenSet) stored = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  lock = g_strdup_printf ("%s/sesame/%s.lock", home, id);
  g_assert_cmpint (token (TRUE, due, &out), ==, 0);
  refreshed = parse_object (out);

  fd = g_open (lock, O_RDWR | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  sesame_secrets_lookup_tokens_async (id, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_secrets_lookup_tokens_async ()");
  stored = sesame_secrets_lookup_tokens_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_token_set_get_access_token (stored), ==,
                   member (refreshed, "access_token"));
  g_assert_cmpstr (sesame_token_set_get_refresh_token (stored), ==,
                   member (refreshed, "refresh_token"));
  close (fd);
}

/* Replaces the profile's client secret in the keyring alone: the profiles file, which
 * the app watches, does not change.
 */
static void
set_client_secret (const char *name,
                   const char *secret)
{
  g_autofree char *id = profile_id (name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_secrets_store_client_secret_async (id, name, secret, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_secrets_store_client_secret_async ()");
  g_assert_true (sesame_secrets_store_client_secret_finish (result, &error));
  g_assert_no_error (error);
}

/* What the app keeps holds no client secret of its own: a secret changed in the keyring
 * is the one the next refresh uses.
 */
static void
test_refresh_reads_client_secret (void)
{
  const char *add[] = { "profile", "add", "confidential", "--issuer", idp->issuer,
                        "--client-id", "sesame-post", "--client-secret-env", "TEST_SECRET",
                        "--auth-method", "post", "--scope", "openid email", "--browser",
                        "none", NULL };
  const char *env[] = { "TEST_SECRET", IDP_POST_SECRET, NULL };
  const char *due[] = { "confidential", "--min-valid", "7200", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) tokens = NULL;
  guint posts;

  run_sesame (&run, NULL, env, add);
  g_assert_cmpint (run.status, ==, 0);
  tokens = sign_in ("confidential");
  g_assert_cmpint (token (TRUE, due, NULL), ==, 0);

  posts = provider_requests ("POST /token");
  set_client_secret ("confidential", "not-the-secret");
  g_assert_cmpint (token (TRUE, due, NULL), !=, 0);
  g_assert_cmpuint (provider_requests ("POST /token"), ==, posts + 1);   /* and refused */

  set_client_secret ("confidential", IDP_POST_SECRET);
  g_assert_cmpint (token (TRUE, due, NULL), ==, 0);
}

static void
sign_out (const char *name)
{
  const char *args[] = { "sign-out", name, NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, NULL, NULL, args);
  g_assert_cmpint (run.status, ==, 0);
}

/* The app no longer answers `sesame token one` from memory; counts the tries. */
static gboolean
app_forgot (gpointer data)
{
  const char *plain[] = { "one", NULL };

  (*(guint *) data)++;
  return token (TRUE, plain, NULL) != 0;
}

/* A sign-out elsewhere (here the command line) changes the keyring: the app forgets. */
static void
test_forgets_on_keyring_change (void)
{
  const char *plain[] = { "one", NULL };
  guint tries = 0, answered, forgot;

  /* Kept, then answered from memory. A refresh by the app in an earlier test stores its
   * tokens after answering: the keyring's signal for that may still come and make the app
   * forget once more, so the first answers from the keyring are not counted.
   */
  do
    {
      g_assert_cmpuint (++tries, <, 50);   /* a count of answers, not a time limit */
      answered = app_logged ("Answered from memory");
      g_assert_cmpint (token (TRUE, plain, NULL), ==, 0);
    }
  while (app_logged ("Answered from memory") == answered);
  tries = 0;
  forgot = app_logged ("Forgot the tokens kept in memory");
  sign_out ("one");
  /* The keyring's signal reaches the app on its own path: allow it a moment. */
  wait_until (app_forgot, &tries, WAIT_SECONDS, "the app to forget the signed-out tokens");
  g_test_message ("forgotten after %u retries", tries);
  g_assert_cmpuint (app_logged ("Forgot the tokens kept in memory"), >, forgot);
}

/* Neither side trusts a socket directory that others could enter. */
static void
test_open_directory_refused (void)
{
  const char *second[] = { "two", NULL };
  g_autofree char *dir = g_path_get_dirname (socket_path);

  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (token (TRUE, second, NULL), ==, 8);   /* not asked: the keyring path */
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  g_assert_cmpint (token (TRUE, second, NULL), ==, 0);
}

/* Another user, even with every directory and the socket opened to all, gets no answer:
 * the app checks the peer's uid (as root, a child becomes "nobody" to try).
 */
static void
test_other_user_refused (void)
{
  g_autoptr(GBytes) request = request_bytes ("SESAME-TOKEN/1", "access", "60", NULL, "two");
  g_autofree char *answer_as_owner = ask (request);   /* the same request gets a token */
  g_autofree char *dir = g_path_get_dirname (socket_path);
  const char *second[] = { "two", NULL };
  pid_t pid;
  int status;

  if (getuid () != 0)
    {
      g_test_skip ("needs root to act as another user");
      return;
    }
  g_assert_true (g_str_has_prefix (answer_as_owner, "OK\n") ||
                 g_str_has_prefix (answer_as_owner, "WAIT\nOK\n"));
  g_assert_cmpint (g_chmod (home, 0711), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0777), ==, 0);
  g_assert_cmpint (g_chmod (socket_path, 0777), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GSocketAddress) address = g_unix_socket_address_new (socket_path);
      g_autoptr(GSocket) sock = NULL;
      char answer[16];

      if (setgid (65534) != 0 || setuid (65534) != 0)
        _exit (3);
      sock = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, NULL);
      if (sock == NULL || !g_socket_connect (sock, address, NULL, NULL))
        _exit (2);   /* the test would prove nothing */
      if (g_socket_send (sock, g_bytes_get_data (request, NULL), g_bytes_get_size (request),
                         NULL, NULL) < 0 ||
          !g_socket_shutdown (sock, FALSE, TRUE, NULL))
        _exit (0);   /* closed on us already */
      _exit (g_socket_receive (sock, answer, sizeof answer, NULL, NULL) > 0 ? 1 : 0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (g_chmod (home, 0700), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_cmpint (token (TRUE, second, NULL), ==, 0);
}

/* Requests that do not follow the protocol get no token, and the app stays up; the same
 * request well formed gets one.
 */
static void
test_bad_requests (void)
{
  const char *name = "two";
  g_autofree char *good = NULL;
  struct { GBytes *request; const char *why; } bad[] = {
    { request_bytes ("SESAME-TOKEN/1", "access", "60", NULL, NULL), "a field too few" },
    { request_bytes ("SESAME-TOKEN/9", "access", "60", NULL, name), "another version" },
    { request_bytes ("SESAME-TOKEN/1", "all", "60", NULL, name), "no such format" },
    { request_bytes ("SESAME-TOKEN/1", "access", "-1", NULL, name), "not a number" },
    { request_bytes ("SESAME-TOKEN/1", "access", "60", "/elsewhere", name),
      "another configuration directory" },
    { request_bytes ("SESAME-TOKEN/1", "access", "60", NULL, "\xff"), "not UTF-8" },
  };
  g_autoptr(GBytes) valid = request_bytes ("SESAME-TOKEN/1", "access", "60", NULL, name);
  g_autoptr(GByteArray) longer = g_bytes_unref_to_array (g_bytes_ref (valid));
  g_autoptr(GBytes) extra = NULL;
  g_autoptr(GBytes) unterminated = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *answer = ask (bad[i].request);

      g_test_message ("%s", bad[i].why);
      g_assert_true (g_str_equal (answer, "") || g_str_equal (answer, "NO\n"));
      g_bytes_unref (bad[i].request);
    }

  g_byte_array_append (longer, (const guint8 *) "extra", 6);
  extra = g_bytes_new (longer->data, longer->len);
  unterminated = g_bytes_new (longer->data, longer->len - 1);
  g_free (ask (extra));
  g_free (ask (unterminated));

  good = ask (valid);
  g_assert_true (g_str_has_prefix (good, "OK\n") || g_str_has_prefix (good, "WAIT\nOK\n"));
  g_assert_cmpuint (strlen (good), >, strlen ("WAIT\nOK\n") + 8);
}

/* A caller that asks for a large answer and never reads it does not stop the app: the
 * answer waits in the background, for a while, and another command is answered at once
 * (issue 18, item 8). */
static void
test_never_read (void)
{
  const char *second[] = { "two", NULL };
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GBytes) request = request_bytes ("SESAME-TOKEN/1", "id", "0", NULL, "big");
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (socket_path);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *payload = g_strnfill (2 * 1024 * 1024, 'A');
  g_autofree char *json = NULL;
  g_autofree char *out = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* A 2 MiB ID token (of the right shape), more than a socket holds unread. */
  add_profile ("big");
  json = g_strdup_printf ("{\"access_token\":\"at-big\",\"token_type\":\"Bearer\","
                          "\"id_token\":\"eyJhbGciOiJSUzI1NiJ9.%s.c2ln\",\"obtained_at\":%"
                          G_GINT64_FORMAT ",\"expires_at\":%" G_GINT64_FORMAT "}",
                          payload, now, now + 3600);
  tokens = sesame_token_set_new_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (sesame_profile_store_load (store, &error));
  sesame_secrets_store_tokens_async (
    sesame_profile_get_id (sesame_profile_store_lookup (store, "big")), "big", tokens, NULL,
    on_result, &stored);
  wait_for_pointer ((gpointer *) &stored, "the keyring to store the large tokens");
  g_assert_true (sesame_secrets_store_tokens_finish (stored, &error));

  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             g_bytes_get_data (request, NULL), g_bytes_get_size (request),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_socket_shutdown (g_socket_connection_get_socket (connection), FALSE, TRUE, &error);
  g_assert_no_error (error);

  /* Not read. Meanwhile: */
  g_assert_cmpint (token (TRUE, second, &out), ==, 0);
  assert_token_works (g_strchomp (out));
}

/* Once the app has quit, the socket is gone and the keyring answers. */
static void
test_keyring_when_app_not_running (void)
{
  const char *second[] = { "two", NULL };
  g_autofree char *out = NULL;

  quit_app ();
  g_assert_false (g_file_test (socket_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (token (TRUE, second, NULL), ==, 8);
  g_assert_cmpint (token (FALSE, second, &out), ==, 0);
  assert_token_works (g_strchomp (out));
}

/* An app killed leaves its socket behind: nobody answers there, and the keyring does. */
static void
test_stale_socket (void)
{
  const char *second[] = { "two", NULL };
  g_autofree char *out = NULL;

  start_app ();
  g_subprocess_send_signal (app, SIGKILL);
  g_subprocess_wait (app, NULL, NULL);
  g_clear_object (&app);
  g_assert_true (g_file_test (socket_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (token (FALSE, second, &out), ==, 0);

  /* The next app takes the place over. */
  start_app ();
  g_assert_cmpint (token (TRUE, second, NULL), ==, 0);
  quit_app ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  waits_init ();

  home = g_dir_make_tmp ("sesame-token-service-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  socket_path = g_build_filename (home, "sesame", "token-service", NULL);
  app_log = g_build_filename (home, "app.log", NULL);
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  g_setenv ("SESAME_IDP_REQUESTS", g_build_filename (home, "provider-requests", NULL), TRUE);
  idp = idp_start ();
  runner_idp = idp;

  g_test_add_func ("/sesame/token-service/answers-from-memory", test_answers_from_memory);
  g_test_add_func ("/sesame/token-service/only-the-profile-asked-for",
                   test_only_the_profile_asked_for);
  g_test_add_func ("/sesame/token-service/sees-profile-changes", test_sees_profile_changes);
  g_test_add_func ("/sesame/token-service/refresh-in-app", test_refresh_in_app);
  g_test_add_func ("/sesame/token-service/refresh-keeps-provider", test_refresh_keeps_provider);
  g_test_add_func ("/sesame/token-service/refresh-stored-under-lock",
                   test_refresh_stored_under_lock);
  g_test_add_func ("/sesame/token-service/refresh-reads-client-secret",
                   test_refresh_reads_client_secret);
  g_test_add_func ("/sesame/token-service/forgets-on-keyring-change",
                   test_forgets_on_keyring_change);
  g_test_add_func ("/sesame/token-service/open-directory-refused", test_open_directory_refused);
  g_test_add_func ("/sesame/token-service/other-user-refused", test_other_user_refused);
  g_test_add_func ("/sesame/token-service/bad-requests", test_bad_requests);
  g_test_add_func ("/sesame/token-service/never-read", test_never_read);
  g_test_add_func ("/sesame/token-service/keyring-when-app-not-running",
                   test_keyring_when_app_not_running);
  g_test_add_func ("/sesame/token-service/stale-socket", test_stale_socket);

  status = g_test_run ();
  if (app != NULL)
    g_subprocess_force_exit (app);
  idp_stop (idp);
  keyring_stop (keyring);
  remove_tree (home);
  return status;
}
