/* test-cli-answers.c
 *
 * `sesame sign-in` against a hostile provider (the in-process fake) whose token answer
 * is nested too deeply for json-glib, holds a token outside its grammar, or names no
 * token type: each ends with exit 5 and one clear line on stderr, never a crash, and
 * never the token itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "fake-provider.h"
#include "waits.h"

typedef struct
{
  GSubprocess  *process;
  char         *err_path;
  char         *uri;      /* the authorization URL sesame printed */
} SignIn;

/* The authorization URL, once sesame has printed it on stderr. */
static gboolean
uri_printed (gpointer data)
{
  SignIn *sign_in = data;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  if (g_subprocess_get_identifier (sign_in->process) == NULL)
    return TRUE;
  if (!g_file_get_contents (sign_in->err_path, &err, NULL, NULL))
    return FALSE;
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "/authorize?") != NULL)
      sign_in->uri = g_strdup (g_strstrip (lines[i]));
  return sign_in->uri != NULL;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* Runs `sesame sign-in` against @fake and plays the browser; returns the exit status. */
static int
sign_in (FakeProvider  *fake,
         char         **out,
         char         **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) answered = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *callback = NULL;
  g_autofree char *state = NULL;
  SignIn run = { 0 };
  int status;
  int fd;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  fd = g_file_open_tmp ("sesame-stderr-XXXXXX", &run.err_path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_subprocess_launcher_set_stderr_file_path (launcher, run.err_path);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "OAUTH_CLIENT_ID");
  g_subprocess_launcher_unsetenv (launcher, "OAUTH_CLIENT_SECRET");
  run.process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SESAME_BINARY"),
                                             "sign-in", "--issuer",
                                             fake_provider_get_issuer (fake), "--client-id",
                                             "hostile-test", "--scope", "email", "--browser",
                                             "none", NULL);
  g_assert_no_error (error);

  /* The fake answers discovery meanwhile: the main context runs while waiting. */
  wait_until (uri_printed, &run, WAIT_SECONDS, "sesame to print the authorization address");
  g_assert_nonnull (run.uri);

  uri = g_uri_parse (run.uri, G_URI_FLAGS_ENCODED_QUERY, &error);
  g_assert_no_error (error);
  query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  state = g_uri_escape_string (g_hash_table_lookup (query, "state"), NULL, FALSE);
  callback = g_strconcat (g_hash_table_lookup (query, "redirect_uri"), "?code=fake-code&state=",
                          state, NULL);
  message = soup_message_new ("GET", callback);
  g_assert_nonnull (message);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_done,
                                    &answered);

  g_subprocess_communicate_utf8_async (run.process, NULL, NULL, on_done, &result);
  wait_for_pointer ((gpointer *) &result, "sesame sign-in to exit");
  g_subprocess_communicate_utf8_finish (run.process, result, out, NULL, &error);
  g_assert_no_error (error);
  wait_for_pointer ((gpointer *) &answered, "the loopback's page for the browser");
  g_file_get_contents (run.err_path, err, NULL, NULL);
  g_unlink (run.err_path);
  g_free (run.err_path);
  g_free (run.uri);
  if (!g_subprocess_get_if_exited (run.process))
    g_error ("sesame was killed by signal %d: %s", g_subprocess_get_term_sig (run.process), *err);
  status = g_subprocess_get_exit_status (run.process);
  g_object_unref (run.process);
  return status;
}

static void
assert_refused (const char *body,
                const char *message)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  fake_provider_set_answer (fake, "/token", SOUP_STATUS_OK, "application/json", body);
  status = sign_in (fake, &out, &err);
  g_test_message ("sesame sign-in: exit %d, %s", status, err);
  g_assert_cmpint (status, ==, 5);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, message));
  g_assert_null (strstr (err, "planted"));
  g_assert_null (strpbrk (err, "\x1b\r"));
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/token"), ==, 1);
}

/* About 200 KB of answer nested 100,000 deep: json-glib alone would exhaust the stack. */
static void
test_nested_too_deeply (void)
{
  GString *body = g_string_new ("{\"access_token\":\"planted\",\"token_type\":\"Bearer\",\"x\":");
  g_autofree char *text = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, ']');
  g_string_append_c (body, '}');
  text = g_string_free (body, FALSE);
  assert_refused (text, "The provider’s answer is nested too deeply");
}

static void
test_access_token_out_of_grammar (void)
{
  assert_refused ("{\"access_token\":\"planted' ; touch /tmp/p ; echo '\\u001b[2J\","
                  "\"token_type\":\"Bearer\"}",
                  "The access token is not a valid Bearer token");
}

static void
test_refresh_token_out_of_grammar (void)
{
  assert_refused ("{\"access_token\":\"at-1\",\"token_type\":\"Bearer\","
                  "\"refresh_token\":\"planted\\r\\nX-Injected: 1\"}",
                  "The refresh token holds characters other than printable ASCII");
}

static void
test_no_token_type (void)
{
  assert_refused ("{\"access_token\":\"planted\",\"expires_in\":3600}",
                  "names no token type (token_type)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/cli-answers/nested-too-deeply", test_nested_too_deeply);
  g_test_add_func ("/sesame/cli-answers/access-token-out-of-grammar",
                   test_access_token_out_of_grammar);
  g_test_add_func ("/sesame/cli-answers/refresh-token-out-of-grammar",
                   test_refresh_token_out_of_grammar);
  g_test_add_func ("/sesame/cli-answers/no-token-type", test_no_token_type);

  return g_test_run ();
}
