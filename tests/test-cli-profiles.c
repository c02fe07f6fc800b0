/* test-cli-profiles.c
 *
 * sesame profiles, profile add|edit|show|remove and presets, run as a user would, with
 * the profile file in a temporary XDG_CONFIG_HOME. Without a keyring first (the keyring
 * steps must fail cleanly), then with a gnome-keyring of the test's own on a private bus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include <libsecret/secret.h>

#include "sesame-secrets.h"
#include "waits.h"

static char *config_home;     /* XDG_CONFIG_HOME of every run */
static char *bus_address;     /* the keyring's bus, or one that does not exist */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_sesame (Run                *run,
            const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (config_home, "data", NULL);
  g_autofree char *cache_home = g_build_filename (config_home, "cache", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", bus_address, TRUE);
  g_subprocess_launcher_setenv (launcher, "SESAME_TEST_SECRET", "s3cr3t-value", TRUE);
  g_ptr_array_add (argv, (char *) g_getenv ("SESAME_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  g_assert_null (strstr (run->out, "s3cr3t"));
  g_assert_null (strstr (run->err, "s3cr3t"));
}

#define RUN(run, ...) \
  G_STMT_START { \
    const char *args_[] = { __VA_ARGS__, NULL }; \
    run_sesame (run, args_); \
  } G_STMT_END

/* Runs, expects @status, and for a failure one line on stderr mentioning @fragment. */
#define EXPECT(status_, fragment_, ...) \
  G_STMT_START { \
    g_auto(Run) run_ = { 0 }; \
    RUN (&run_, __VA_ARGS__); \
    g_assert_cmpint (run_.status, ==, status_); \
    g_assert_nonnull (strstr (run_.err, fragment_)); \
    if (status_ != 0) \
      { \
        g_assert_cmpstr (run_.out, ==, ""); \
        g_assert_cmpint (strchr (run_.err, '\n') - run_.err, ==, (int) strlen (run_.err) - 1); \
      } \
  } G_STMT_END

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static JsonObject *
show_json (const char *name)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) node = NULL;

  RUN (&run, "profile", "show", name, "--json");
  g_assert_cmpint (run.status, ==, 0);
  node = parse_json (run.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_help (void)
{
  const char *commands[][3] = {
    { "profiles", "--help", NULL }, { "presets", "--help", NULL },
    { "profile", "--help", NULL }, { "profile", "add", "--help" },
    { "profile", "edit", "--help" }, { "profile", "remove", "--help" },
    { "profile", "show", "--help" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };
      const char *args[] = { commands[i][0], commands[i][1], commands[i][2], NULL };

      run_sesame (&run, args);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "Exit codes"));
    }
}

static void
test_presets (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  RUN (&run, "presets", "--json");
  g_assert_cmpint (run.status, ==, 0);
  node = parse_json (run.out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 4), "id"),
                   ==, "generic");

  RUN (&text, "presets");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "tenant"));
  g_assert_nonnull (strstr (text.out, "common"));
}

static void
test_add_edit_show (void)
{
  g_autoptr(JsonObject) work = NULL;
  g_autoptr(JsonObject) home = NULL;
  g_autoptr(JsonObject) entra = NULL;
  g_autofree char *path = g_build_filename (config_home, "sesame", "profiles.ini", NULL);
  g_autofree char *ini = NULL;
  GStatBuf st;

  EXPECT (0, "Added profile “work”", "profile", "add", "work", "--issuer",
          "https://id.example.com", "--client-id", "abc", "--scope", "openid email",
          "--param", "prompt=consent");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  work = show_json ("work");
  g_assert_cmpstr (json_object_get_string_member (work, "issuer"), ==, "https://id.example.com");
  g_assert_cmpstr (json_object_get_string_member (work, "client_id"), ==, "abc");
  g_assert_cmpstr (json_object_get_string_member (work, "auth_method"), ==, "none");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (work, "params"),
                                                  0), ==, "prompt=consent");

  EXPECT (0, "Updated profile “home”", "profile", "edit", "work", "--rename", "home",
          "--scope", "openid", "--param", "prompt=", "--redirect-uri",
          "http://127.0.0.1:7890/callback");
  EXPECT (2, "no profile “work”", "profile", "show", "work");
  home = show_json ("home");
  g_assert_cmpstr (json_object_get_string_member (home, "scope"), ==, "openid");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (home, "params")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (home, "id"), ==,
                   json_object_get_string_member (work, "id"));

  /* The embedded sign-in's cookies kept or not: a key of the profile file. */
  EXPECT (0, "Updated profile “home”", "profile", "edit", "home", "--browser", "embedded",
          "--stay-signed-in", "yes");
  g_assert_true (g_file_get_contents (path, &ini, NULL, NULL));
  g_assert_nonnull (strstr (ini, "StaySignedIn=true"));
  g_clear_pointer (&ini, g_free);
  g_clear_pointer (&home, json_object_unref);
  home = show_json ("home");
  g_assert_true (json_object_get_boolean_member (home, "stay_signed_in"));
  {
    g_auto(Run) shown = { 0 };

    RUN (&shown, "profile", "show", "home");
    g_assert_cmpint (shown.status, ==, 0);
    g_assert_nonnull (strstr (shown.out, "Stay signed in:          yes\n"));
  }
  EXPECT (0, "Updated profile “home”", "profile", "edit", "home", "--stay-signed-in", "no");
  g_assert_true (g_file_get_contents (path, &ini, NULL, NULL));
  g_assert_null (strstr (ini, "StaySignedIn"));

  EXPECT (0, "Added", "profile", "add", "entra", "--preset", "microsoft", "--client-id", "c");
  entra = show_json ("entra");
  g_assert_nonnull (strstr (json_object_get_string_member (entra, "token_endpoint"),
                            "/common/"));
}

static void
test_refusals (void)
{
  EXPECT (2, "exists already", "profile", "add", "home", "--issuer", "https://a.example",
          "--client-id", "c");
  EXPECT (2, "needs a value for “issuer”", "profile", "add", "g", "--preset", "generic",
          "--client-id", "c");
  EXPECT (2, "no preset", "profile", "add", "g", "--preset", "nope", "--client-id", "c");
  EXPECT (2, "--preset", "profile", "add", "g", "--var", "a=b", "--client-id", "c");
  EXPECT (5, "issuer", "profile", "add", "g", "--issuer", "http://id.example.com",
          "--client-id", "c");
  EXPECT (2, "client id", "profile", "add", "g", "--issuer", "https://id.example.com");
  EXPECT (2, "state", "profile", "add", "g", "--issuer", "https://id.example.com",
          "--client-id", "c", "--param", "state=x");
  EXPECT (2, "redirect URI", "profile", "edit", "home", "--redirect-uri", "https://a.example/");
  EXPECT (2, "not both", "profile", "edit", "home", "--issuer", "https://a.example",
          "--token-endpoint", "https://a.example/t");
  EXPECT (2, "NAME", "profile", "add");
  EXPECT (2, "profile frob", "profile", "frob");
  EXPECT (2, "", "profile");
  EXPECT (2, "no profile", "profile", "edit", "nobody", "--scope", "x");
  EXPECT (2, "yes or no", "profile", "edit", "home", "--stay-signed-in", "maybe");
  EXPECT (2, "SESAME_TEST_UNSET", "profile", "add", "g", "--issuer", "https://a.example",
          "--client-id", "c", "--client-secret-env", "SESAME_TEST_UNSET");
}

/* Without a Secret Service: the keyring steps fail with exit 8 and change nothing. */
static void
test_no_keyring (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) home = NULL;

  RUN (&run, "profiles", "--json");
  g_assert_cmpint (run.status, ==, 8);
  node = parse_json (run.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_node_get_array (node), 0), "state"),
                   ==, "unknown");

  home = show_json ("home");
  g_assert_true (json_object_get_null_member (home, "client_secret_stored"));

  EXPECT (8, "keyring", "profile", "add", "secret", "--issuer", "https://a.example",
          "--client-id", "c", "--client-secret-env", "SESAME_TEST_SECRET");
  EXPECT (2, "no profile", "profile", "show", "secret");
  EXPECT (8, "keyring", "profile", "remove", "home");
  EXPECT (0, "", "profile", "show", "home");
}

/* A gnome-keyring-daemon of our own, on a bus of our own ------------------------------ */

static GTestDBus *test_bus;
static GDBusConnection *test_connection;  /* the session bus singleton, as libsecret uses it */
static GSubprocess *keyring;

static gboolean
secret_service_running (void)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (test_connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), 0, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
}

static gboolean
start_keyring (void)
{
  g_autofree char *home = g_build_filename (config_home, "keyring-home", NULL);
  g_autofree char *runtime = g_build_filename (config_home, "keyring-run", NULL);
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GOutputStream *stdin_pipe;
  gint64 deadline = g_get_monotonic_time () + waits_limit (WAIT_SECONDS);

  if (program == NULL)
    return FALSE;
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  test_connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (test_connection == NULL)
    return FALSE;
  /* The bus goes away before this process does. */
  g_dbus_connection_set_exit_on_close (test_connection, FALSE);
  g_mkdir_with_parents (home, 0700);
  g_mkdir_with_parents (runtime, 0700);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "XDG_DATA_HOME");
  g_subprocess_launcher_unsetenv (launcher, "GNOME_KEYRING_CONTROL");
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");  /* it warns when an item is replaced */
  keyring = g_subprocess_launcher_spawn (launcher, NULL, program, "--foreground", "--unlock",
                                         "--components=secrets", NULL);
  if (keyring == NULL)
    return FALSE;
  stdin_pipe = g_subprocess_get_stdin_pipe (keyring);
  if (!g_output_stream_write_all (stdin_pipe, "pass\n", 5, NULL, NULL, NULL) ||
      !g_output_stream_close (stdin_pipe, NULL, NULL))
    return FALSE;

  while (g_get_monotonic_time () < deadline)
    {
      if (secret_service_running ())
        return TRUE;
      g_usleep (50 * 1000);
    }
  waits_give_up ("gave up waiting for gnome-keyring-daemon to own org.freedesktop.secrets");
}

/* The bus is stopped, not taken down: g_test_dbus_down () (and so finalizing @test_bus)
 * would wait for the last reference to the bus connection, which libsecret keeps.
 */
static void
stop_keyring (void)
{
  secret_service_disconnect ();
  g_clear_object (&test_connection);
  if (keyring != NULL)
    {
      g_subprocess_force_exit (keyring);
      g_subprocess_wait (keyring, NULL, NULL);
      g_clear_object (&keyring);
    }
  if (test_bus != NULL)
    g_test_dbus_stop (test_bus);
}

/* Stores tokens for @id whose ID token names alice, expiring at @expires_at. */
static void
store_tokens (const char *id,
              gint64      expires_at)
{
  const char *claims = "{\"sub\":\"1234\",\"email\":\"alice@example.com\"}";
  g_autofree char *payload = g_base64_encode ((const guchar *) claims, strlen (claims));
  g_autofree char *json = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) stored = NULL;

  g_strdelimit (payload, "=", '\0');
  json = g_strdup_printf ("{\"access_token\":\"AT-s3cr3t\",\"token_type\":\"Bearer\","
                          "\"refresh_token\":\"RT-s3cr3t\",\"id_token\":\"eyJhbGciOiJub25lIn0.%s."
                          "\",\"obtained_at\":1,\"expires_at\":%" G_GINT64_FORMAT "}",
                          payload, expires_at);
  tokens = sesame_token_set_new_from_json (json, &error);
  g_assert_no_error (error);
  sesame_secrets_store_tokens_async (id, "keyring", tokens, NULL, keep_result, &stored);
  wait_for_pointer ((gpointer *) &stored, "the keyring to store the tokens");
  g_assert_true (sesame_secrets_store_tokens_finish (stored, &error));
}

static void
test_with_keyring (void)
{
  g_autoptr(JsonObject) profile = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_auto(Run) list = { 0 };
  g_auto(Run) expired = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *web = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *cookies = NULL;
  const char *state;

  if (!start_keyring ())
    {
      g_test_skip ("gnome-keyring-daemon could not be started on a private bus");
      stop_keyring ();
      return;
    }
  g_free (bus_address);
  bus_address = g_strdup (g_test_dbus_get_bus_address (test_bus));

  EXPECT (0, "Added", "profile", "add", "keyring", "--issuer", "https://id.example.com",
          "--client-id", "c", "--client-secret-env", "SESAME_TEST_SECRET");
  profile = show_json ("keyring");
  g_assert_true (json_object_get_boolean_member (profile, "client_secret_stored"));
  g_assert_cmpstr (json_object_get_string_member (profile, "auth_method"), ==,
                   "client_secret_basic");

  store_tokens (json_object_get_string_member (profile, "id"), now + 42 * 60);
  RUN (&list, "profiles");
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "signed in as alice@example.com, expires in 42 min"));
  g_assert_nonnull (strstr (list.out, "needs sign-in"));   /* the other profiles */

  store_tokens (json_object_get_string_member (profile, "id"), now - 60);
  RUN (&expired, "profiles", "--json");
  g_assert_cmpint (expired.status, ==, 0);
  node = parse_json (expired.out);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonObject *object = json_array_get_object_element (json_node_get_array (node), i);

      state = json_object_get_string_member (object, "state");
      if (g_strcmp0 (json_object_get_string_member (object, "name"), "keyring") == 0)
        {
          g_assert_cmpstr (state, ==, "expired");
          g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==,
                           "alice@example.com");
        }
      else
        g_assert_cmpstr (state, ==, "needs-sign-in");
    }

  EXPECT (0, "deleted", "profile", "edit", "keyring", "--clear-secret");
  g_clear_pointer (&profile, json_object_unref);
  profile = show_json ("keyring");
  g_assert_false (json_object_get_boolean_member (profile, "client_secret_stored"));
  g_assert_cmpstr (json_object_get_string_member (profile, "auth_method"), ==, "none");

  /* What a sign-in inside Sesame kept goes with the profile, as from the window. */
  web = g_build_filename (config_home, "data", "sesame", "web",
                          json_object_get_string_member (profile, "id"), NULL);
  cache = g_build_filename (config_home, "cache", "sesame", "web",
                            json_object_get_string_member (profile, "id"), NULL);
  cookies = g_build_filename (web, "cookies.sqlite", NULL);
  g_assert_cmpint (g_mkdir_with_parents (web, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (cache, 0700), ==, 0);
  g_assert_true (g_file_set_contents (cookies, "kept", -1, NULL));

  EXPECT (0, "not revoked", "profile", "remove", "keyring");
  EXPECT (2, "no profile", "profile", "show", "keyring");
  g_assert_false (g_file_test (web, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  stop_keyring ();
}

/* Removes the temporary folder of a successful run. */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  waits_init ();

  config_home = g_dir_make_tmp ("sesame-cli-profiles-XXXXXX", &error);
  g_assert_no_error (error);
  bus_address = g_strdup_printf ("unix:path=%s/no-such-bus", config_home);

  /* In order: each builds on the profiles the one before left. */
  g_test_add_func ("/sesame/cli-profiles/help", test_help);
  g_test_add_func ("/sesame/cli-profiles/presets", test_presets);
  g_test_add_func ("/sesame/cli-profiles/add-edit-show", test_add_edit_show);
  g_test_add_func ("/sesame/cli-profiles/refusals", test_refusals);
  g_test_add_func ("/sesame/cli-profiles/no-keyring", test_no_keyring);
  g_test_add_func ("/sesame/cli-profiles/with-keyring", test_with_keyring);

  status = g_test_run ();
  if (status == 0)
    remove_tree (config_home);
  return status;
}
