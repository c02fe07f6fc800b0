/* test-cli-device.c
 *
 * `sesame sign-in --device` against the in-process fake provider: the address and the
 * code on stderr, the token alone on stdout, the exit codes of sign-in for a refusal, an
 * expired code and a hostile answer, and on a terminal (script(1) gives it one) a QR code
 * that an independent decoder (zbarimg) reads back as the address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "fake-provider.h"
#include "keyring.h"
#include "runner.h"
#include "waits.h"

#define USER_CODE "WDJB-MJHT"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static char *home;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs @argv (NULL-terminated) to its end while the fake answers in this process. */
static void
run (Result             *r,
     const char * const *argv,
     gboolean            merge_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        (merge_stderr ? G_SUBPROCESS_FLAGS_STDERR_MERGE
                                                      : G_SUBPROCESS_FLAGS_STDERR_PIPE) |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "OAUTH_CLIENT_ID");
  g_subprocess_launcher_unsetenv (launcher, "OAUTH_CLIENT_SECRET");
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, "", NULL, on_done, &result);
  wait_for_pointer ((gpointer *) &result, "sesame sign-in --device to exit");
  g_subprocess_communicate_utf8_finish (process, result, &r->out, merge_stderr ? NULL : &r->err,
                                        &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  r->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", r->status, r->out, r->err);
}

static void
sign_in (FakeProvider *fake,
         Result       *r,
         const char   *extra)
{
  const char *argv[] = { g_getenv ("SESAME_BINARY"), "sign-in", "--device", "--issuer",
                         fake_provider_get_issuer (fake), "--client-id", "device-test",
                         "--scope", "email", extra, NULL };

  run (r, argv, FALSE);
}

static void
answer_device (FakeProvider *fake,
               const char   *user_code,
               const char   *complete)
{
  g_autofree char *verify = fake_provider_get_uri (fake, "/verify");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device_code");
  json_builder_add_string_value (builder, "device-planted-9");
  json_builder_set_member_name (builder, "user_code");
  json_builder_add_string_value (builder, user_code);
  json_builder_set_member_name (builder, "verification_uri");
  json_builder_add_string_value (builder, verify);
  if (complete != NULL)
    {
      json_builder_set_member_name (builder, "verification_uri_complete");
      json_builder_add_string_value (builder, complete);
    }
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, 600);
  json_builder_set_member_name (builder, "interval");
  json_builder_add_int_value (builder, 1);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  fake_provider_set_json (fake, "/device", SOUP_STATUS_OK, json_node_get_object (root));
}

static void
answer_token_error (FakeProvider *fake,
                    const char   *code)
{
  g_autofree char *json = g_strdup_printf ("{\"error\":\"%s\"}", code);

  fake_provider_set_answer (fake, "/token", SOUP_STATUS_BAD_REQUEST, "application/json", json);
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  return g_strv_contains ((const char * const *) lines, line);
}

/* The address (the complete one) alone on a line, then the code; the token alone on
 * stdout; no device code and no escape anywhere. */
static void
test_success (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autofree char *verify = fake_provider_get_uri (fake, "/verify");
  g_autofree char *complete = g_strconcat (verify, "?user_code=" USER_CODE, NULL);
  g_autoptr(JsonObject) pending = json_object_new ();
  g_auto(Result) r = { 0 };
  const char *uri_line, *code_line;

  answer_device (fake, USER_CODE, complete);
  json_object_set_string_member (pending, "error", "authorization_pending");
  fake_provider_queue_json (fake, "/token", SOUP_STATUS_BAD_REQUEST, pending);
  sign_in (fake, &r, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "default-access\n");
  g_assert_true (has_line (r.err, complete));
  g_assert_true (has_line (r.err, "Code: " USER_CODE));
  uri_line = strstr (r.err, complete);
  code_line = strstr (r.err, "Code: ");
  g_assert_true (uri_line < code_line);
  g_assert_null (strstr (r.err, "planted"));
  g_assert_null (strchr (r.err, '\033'));
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/token"), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (fake_provider_get_last_request (fake)->form,
                                        "device_code"), ==, "device-planted-9");
}

/* Without a complete URI, the plain one; --json as for sign-in. */
static void
test_json (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autofree char *verify = fake_provider_get_uri (fake, "/verify");
  g_autoptr(JsonNode) node = NULL;
  g_auto(Result) r = { 0 };

  answer_device (fake, USER_CODE, NULL);
  sign_in (fake, &r, "--json");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (has_line (r.err, verify));
  node = json_from_string (r.out, NULL);
  g_assert_nonnull (node);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "access_token"),
                   ==, "default-access");
}

static void
assert_exit (const char *token_error,
             int         expected)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_auto(Result) r = { 0 };

  answer_device (fake, USER_CODE, NULL);
  answer_token_error (fake, token_error);
  sign_in (fake, &r, NULL);
  g_assert_cmpint (r.status, ==, expected);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_null (strstr (r.err, "planted"));
}

static void
test_access_denied (void)
{
  assert_exit ("access_denied", 3);
}

static void
test_expired_token (void)
{
  assert_exit ("expired_token", 6);
}

static void
test_timeout (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_auto(Result) r = { 0 };

  answer_device (fake, USER_CODE, NULL);
  answer_token_error (fake, "authorization_pending");
  sign_in (fake, &r, "--timeout=1");
  g_assert_cmpint (r.status, ==, 6);
  g_assert_nonnull (strstr (r.err, "not confirmed on the other device in time"));
}

/* A user code made to rewrite the terminal is refused: exit 5, nothing of it shown raw. */
static void
test_hostile_user_code (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_auto(Result) r = { 0 };

  answer_device (fake, "AB\033]0;owned\007CD", NULL);
  sign_in (fake, &r, NULL);
  g_assert_cmpint (r.status, ==, 5);
  g_assert_null (strchr (r.err, '\033'));
  g_assert_null (strchr (r.err, '\007'));
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/token"), ==, 0);
}

static void
sign_in_https (FakeProvider *fake,
               Result       *r)
{
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "ca.pem", NULL);
  const char *argv[] = { g_getenv ("SESAME_BINARY"), "sign-in", "--device", "--issuer",
                         fake_provider_get_issuer (fake), "--ca-file", ca, "--client-id",
                         "device-test", "--scope", "email", NULL };

  run (r, argv, FALSE);
}

/* An https provider whose device answer points at a plain http page, even on this
 * computer, is refused before anything is shown: exit 5, no token request. Its https
 * page is fine. */
static void
test_https_issuer_http_uri (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new_https ("server");
  g_autofree char *http_uri = NULL;
  g_autofree char *https_uri = fake_provider_get_uri (fake, "/verify");
  g_auto(Result) refused = { 0 };
  g_auto(Result) accepted = { 0 };

  g_assert_true (g_str_has_prefix (https_uri, "https://127.0.0.1:"));
  http_uri = g_strconcat ("http", https_uri + strlen ("https"), NULL);
  answer_device (fake, USER_CODE, http_uri);
  sign_in_https (fake, &refused);
  g_assert_cmpint (refused.status, ==, 5);
  g_assert_null (strstr (refused.err, "Code: "));
  g_assert_nonnull (strstr (refused.err, "plain http"));
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/token"), ==, 0);

  answer_device (fake, USER_CODE, https_uri);
  sign_in_https (fake, &accepted);
  g_assert_cmpint (accepted.status, ==, 0);
  g_assert_true (has_line (accepted.err, https_uri));
  g_assert_cmpstr (accepted.out, ==, "default-access\n");
}

static void
test_usage (void)
{
  const char *argv[] = { g_getenv ("SESAME_BINARY"), "sign-in", "--device", "--client-id", "x",
                         "--token-endpoint", "https://example.com/token", NULL };
  g_auto(Result) r = { 0 };

  run (&r, argv, FALSE);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--device-authorization-endpoint"));
}

/* A profile set to sign in with a device, on a provider whose metadata names no device
 * endpoint: the one given by hand is asked, the tokens go to the keyring, and `sesame
 * token` gives them back. */
static void
test_profile_endpoint_by_hand (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = fake_provider_new_metadata (fake,
                                                               fake_provider_get_issuer (fake));
  g_autofree char *by_hand = fake_provider_get_uri (fake, "/by-hand/device");
  const char *add[] = { g_getenv ("SESAME_BINARY"), "profile", "add", "tv", "--issuer",
                        fake_provider_get_issuer (fake), "--client-id", "device-test",
                        "--scope", "email", "--sign-in-with", "device",
                        "--device-authorization-endpoint", by_hand, NULL };
  const char *sign_in_args[] = { g_getenv ("SESAME_BINARY"), "sign-in", "tv", NULL };
  const char *token_args[] = { g_getenv ("SESAME_BINARY"), "token", "tv", NULL };
  g_auto(Result) added = { 0 };
  g_auto(Result) signed_in = { 0 };
  g_auto(Result) token = { 0 };

  json_object_remove_member (metadata, "device_authorization_endpoint");
  fake_provider_set_json (fake, "/.well-known/openid-configuration", SOUP_STATUS_OK, metadata);
  answer_device (fake, USER_CODE, NULL);
  fake_provider_set_answer (fake, "/by-hand/device", SOUP_STATUS_OK, "application/json",
                            "{\"device_code\":\"device-planted-9\",\"user_code\":\"HAND-MADE\","
                            "\"verification_uri\":\"https://example.com/d\",\"expires_in\":60,"
                            "\"interval\":1}");

  run (&added, add, FALSE);
  g_assert_cmpint (added.status, ==, 0);
  run (&signed_in, sign_in_args, FALSE);
  g_assert_cmpint (signed_in.status, ==, 0);
  g_assert_cmpstr (signed_in.out, ==, "default-access\n");
  g_assert_true (has_line (signed_in.err, "Code: HAND-MADE"));
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/by-hand/device"), ==, 1);
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/device"), ==, 0);
  run (&token, token_args, FALSE);
  g_assert_cmpint (token.status, ==, 0);
  g_assert_cmpstr (token.out, ==, "default-access\n");
}

/* On a terminal -------------------------------------------------------------------------- */

/* The modules of the half-block drawing in @text, quiet zone included, as a PBM file of
 * @scale pixels a module; NULL when there is no drawing. */
static char *
drawing_to_pbm (const char *text,
                guint       scale,
                gboolean   *dark_on_light)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) image = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint width = 0;
  int fd;

  *dark_on_light = FALSE;
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = strstr (lines[i], "\033[30;47m");
      g_autoptr(GString) top = g_string_new (NULL);
      g_autoptr(GString) bottom = g_string_new (NULL);

      if (p == NULL)
        continue;
      *dark_on_light = TRUE;
      p = strchr (p + 1, 'm');
      p = strchr (p + 1, 'm') + 1;   /* after the 256-colour code */
      for (; *p != '\0' && *p != '\033'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          g_string_append_c (top, c == 0x2588 || c == 0x2580 ? '1' : '0');
          g_string_append_c (bottom, c == 0x2588 || c == 0x2584 ? '1' : '0');
        }
      width = MAX (width, top->len);
      g_ptr_array_add (rows, g_string_free (g_steal_pointer (&top), FALSE));
      g_ptr_array_add (rows, g_string_free (g_steal_pointer (&bottom), FALSE));
    }
  if (rows->len == 0)
    return NULL;

  g_string_append_printf (image, "P1\n%u %u\n", width * scale, rows->len * scale);
  for (guint y = 0; y < rows->len * scale; y++)
    {
      const char *row = rows->pdata[y / scale];

      g_assert_cmpuint (strlen (row), ==, width);
      for (guint x = 0; x < width * scale; x++)
        g_string_append_c (image, row[x / scale]);
      g_string_append_c (image, '\n');
    }
  /* The quiet zone: four light modules all around (two text lines at the top). */
  for (guint i = 0; i < 4; i++)
    g_assert_null (strchr (rows->pdata[i], '1'));

  fd = g_file_open_tmp ("sesame-cli-qr-XXXXXX.pbm", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, image->str, (gssize) image->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_qr_code_on_terminal (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autofree char *verify = fake_provider_get_uri (fake, "/verify");
  g_autofree char *complete = g_strconcat (verify, "?user_code=" USER_CODE, NULL);
  g_autofree char *command = NULL;
  g_autofree char *pbm = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *zbar_err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = NULL;
  g_auto(Result) r = { 0 };
  gboolean dark_on_light;
  int zbar_status = 0;
  const char *argv[] = { "script", "-qfec", NULL, "/dev/null", NULL };
  const char *zbar[] = { "zbarimg", "--raw", "-q", NULL, NULL };
  const char *quoted[] = { g_getenv ("SESAME_BINARY"), "sign-in", "--device", "--issuer",
                           fake_provider_get_issuer (fake), "--client-id", "device-test",
                           "--scope", "email" };
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *script = g_find_program_in_path ("script");

  if (script == NULL)
    {
      g_test_skip ("script(1) is not installed");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (quoted); i++)
    {
      g_autofree char *q = g_shell_quote (quoted[i]);

      g_string_append_printf (line, "%s%s", i > 0 ? " " : "", q);
    }
  command = g_strdup (line->str);
  argv[2] = command;
  answer_device (fake, USER_CODE, complete);
  run (&r, argv, TRUE);
  g_assert_cmpint (r.status, ==, 0);

  text = g_string_new (r.out);
  g_string_replace (text, "\r", "", 0);
  g_assert_true (has_line (text->str, complete));
  pbm = drawing_to_pbm (text->str, 4, &dark_on_light);
  g_assert_nonnull (pbm);
  g_assert_true (dark_on_light);

  zbar[3] = pbm;
  g_spawn_sync (NULL, (char **) zbar, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &decoded, &zbar_err,
                &zbar_status, &error);
  g_assert_no_error (error);
  g_test_message ("zbarimg: %s %s", decoded, zbar_err);
  g_assert_cmpstr (g_strchomp (decoded), ==, complete);
  g_unlink (pbm);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(Keyring) keyring = NULL;
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  waits_init ();
  home = g_dir_make_tmp ("sesame-cli-device-XXXXXX", NULL);
  config = g_build_filename (home, "config", NULL);
  data = g_build_filename (home, "data", NULL);
  cache = g_build_filename (home, "cache", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);

  g_test_add_func ("/sesame/cli-device/success", test_success);
  g_test_add_func ("/sesame/cli-device/json", test_json);
  g_test_add_func ("/sesame/cli-device/access-denied", test_access_denied);
  g_test_add_func ("/sesame/cli-device/expired-token", test_expired_token);
  g_test_add_func ("/sesame/cli-device/timeout", test_timeout);
  g_test_add_func ("/sesame/cli-device/hostile-user-code", test_hostile_user_code);
  g_test_add_func ("/sesame/cli-device/https-issuer-http-uri", test_https_issuer_http_uri);
  g_test_add_func ("/sesame/cli-device/usage", test_usage);
  g_test_add_func ("/sesame/cli-device/qr-code-on-terminal", test_qr_code_on_terminal);
  g_test_add_func ("/sesame/cli-device/profile-endpoint-by-hand", test_profile_endpoint_by_hand);

  status = g_test_run ();
  g_clear_pointer (&keyring, keyring_stop);
  remove_tree (home);
  return status;
}
