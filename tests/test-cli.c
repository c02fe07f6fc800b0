/* test-cli.c
 *
 * The command line's contract where no provider is needed: help, usage errors, exit
 * codes, refusing insecure endpoints before any request.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "waits.h"

#include <string.h>

#include <gio/gio.h>

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
run_sesame (Run               *run,
            const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "OAUTH_CLIENT_ID");
  g_subprocess_launcher_unsetenv (launcher, "OAUTH_CLIENT_SECRET");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_ptr_array_add (argv, (char *) g_getenv ("SESAME_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

/* A failure is one line on stderr and nothing on stdout. */
static void
assert_fails (const char * const *args,
              int                 status,
              const char         *fragment)
{
  g_auto(Run) run = { 0 };

  run_sesame (&run, args);
  g_assert_cmpint (run.status, ==, status);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_true (g_str_has_prefix (run.err, "sesame"));
  g_assert_nonnull (strstr (run.err, fragment));
  g_assert_cmpint (strchr (run.err, '\n') - run.err, ==, (int) strlen (run.err) - 1);
}

static void
test_help (void)
{
  const char *top[] = { "--help", NULL };
  const char *sign_in[] = { "sign-in", "--help", NULL };
  const char *options[] = { "--issuer", "--authorization-endpoint", "--token-endpoint",
                            "--client-id", "--client-secret-env", "--auth-method", "--scope",
                            "--redirect-uri", "--ca-file", "--browser", "--timeout", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };

  run_sesame (&a, top);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_nonnull (strstr (a.out, "sign-in"));
  g_assert_nonnull (strstr (a.out, "Exit codes"));

  run_sesame (&b, sign_in);
  g_assert_cmpint (b.status, ==, 0);
  for (guint i = 0; options[i] != NULL; i++)
    g_assert_nonnull (strstr (b.out, options[i]));
  g_assert_nonnull (strstr (b.out, "Exit codes"));
}

static void
test_usage_errors (void)
{
  const char *no_provider[] = { "sign-in", "--client-id", "x", NULL };
  const char *both[] = { "sign-in", "--issuer", "https://a.example", "--token-endpoint",
                         "https://a.example/t", "--client-id", "x", NULL };
  const char *no_client[] = { "sign-in", "--issuer", "https://a.example", NULL };
  const char *bad_browser[] = { "sign-in", "--issuer", "https://a.example", "--client-id", "x",
                                "--browser", "lynx", NULL };
  const char *bad_method[] = { "sign-in", "--issuer", "https://a.example", "--client-id", "x",
                               "--auth-method", "jwt", NULL };
  const char *secret_needed[] = { "sign-in", "--issuer", "https://a.example", "--client-id", "x",
                                  "--auth-method", "post", NULL };
  const char *unset_env[] = { "sign-in", "--issuer", "https://a.example", "--client-id", "x",
                              "--client-secret-env", "SESAME_TEST_UNSET_VARIABLE", NULL };
  const char *reserved[] = { "sign-in", "--issuer", "https://a.example", "--client-id", "x",
                             "--param", "state=mine", NULL };

  assert_fails (no_provider, 2, "--issuer");
  assert_fails (both, 2, "not both");
  assert_fails (no_client, 2, "OAUTH_CLIENT_ID");
  assert_fails (bad_browser, 2, "--browser");
  assert_fails (bad_method, 2, "--auth-method");
  assert_fails (secret_needed, 2, "client secret");
  assert_fails (unset_env, 2, "SESAME_TEST_UNSET_VARIABLE");
  assert_fails (reserved, 2, "state");
}

static void
test_insecure_endpoints_refused (void)
{
  const char *issuer[] = { "sign-in", "--issuer", "http://id.example.com", "--client-id", "x",
                           "--browser", "none", NULL };
  const char *endpoints[] = { "sign-in", "--authorization-endpoint", "https://id.example.com/a",
                              "--token-endpoint", "http://id.example.com/t", "--client-id", "x",
                              "--browser", "none", NULL };
  const char *scheme[] = { "sign-in", "--authorization-endpoint", "javascript:alert(1)",
                           "--token-endpoint", "https://id.example.com/t", "--client-id", "x",
                           "--browser", "none", NULL };

  assert_fails (issuer, 5, "only https");
  assert_fails (endpoints, 5, "only https");
  assert_fails (scheme, 2, "not an absolute URL");
}

static void
test_redirect_port_taken (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect = NULL;
  const char *args[] = { "sign-in", "--authorization-endpoint", "https://id.example.com/a",
                         "--token-endpoint", "https://id.example.com/t", "--client-id", "x",
                         "--browser", "none", "--redirect-uri", NULL, NULL };

  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &bound, &error);
  g_assert_no_error (error);
  redirect = g_strdup_printf ("http://127.0.0.1:%u/callback",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  args[10] = redirect;
  assert_fails (args, 1, "already in use");
}

static void
test_unknown_command (void)
{
  g_auto(Run) run = { 0 };
  const char *args[] = { "--no-such-option", NULL };

  run_sesame (&run, args);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpstr (run.out, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/cli/help", test_help);
  g_test_add_func ("/sesame/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/sesame/cli/insecure-endpoints-refused", test_insecure_endpoints_refused);
  g_test_add_func ("/sesame/cli/redirect-port-taken", test_redirect_port_taken);
  g_test_add_func ("/sesame/cli/unknown-option", test_unknown_command);

  return g_test_run ();
}
