/* test-cli-endpoints.c
 *
 * `sesame sign-in` against hostile provider metadata (issue 18): endpoints with control
 * characters are refused and nothing of them reaches the terminal; an https provider
 * that lists plain http endpoints on loopback is refused before any request reaches them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "fake-provider.h"
#include "waits.h"

typedef struct
{
  int           status;
  char         *out;
  char         *err;
  GAsyncResult *result;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_object (&run->result);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;

  run->result = g_object_ref (result);
}

/* Runs `sesame` with the main loop turning, so that the in-process providers answer. */
static void
run_sesame (Run                *run,
            const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("sesame-cli-endpoints-XXXXXX", &error);

  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "OAUTH_CLIENT_ID");
  g_subprocess_launcher_unsetenv (launcher, "OAUTH_CLIENT_SECRET");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_ptr_array_add (argv, (char *) g_getenv ("SESAME_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, run);
  wait_for_pointer ((gpointer *) &run->result, "sesame sign-in to end");
  g_subprocess_communicate_utf8_finish (process, run->result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  g_rmdir (home);
}

/* Nothing a terminal would act on: no control character but the new line, no DEL, and
 * no C1 control (U+0080–U+009F, the 8-bit CSI among them).
 */
static void
assert_terminal_safe (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        continue;
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        {
          g_autofree char *escaped = g_strescape (text, NULL);

          g_error ("a control character U+%04X reached the terminal in: %s", c, escaped);
        }
      g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
    }
}

/* Control characters in an endpoint's host --------------------------------------------- */

typedef struct
{
  const char *member;
  const char *host;   /* put in place of 127.0.0.1 */
} HostileCase;

static const HostileCase hostile_cases[] = {
  { "authorization_endpoint", "127.0.0.1\x1b[2J\x1b]0;pwned\x07" },
  { "authorization_endpoint", "127.0.0.1\r\nsesame: signed in" },
  { "token_endpoint", "id\x1b[31m.example.com" },
  { "token_endpoint", "id%1b%5b2J.example.com" },
  { "jwks_uri", "id\xc2\x9b" "31m.example.com" },
  { "userinfo_endpoint", "id\x7f.example.com" },
  { "revocation_endpoint", "127.0.0.1%0d%0a" },
};

static void
test_control_characters_in_host (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  const char *issuer = fake_provider_get_issuer (fake);
  const char *args[] = { "sign-in", "--issuer", issuer, "--client-id", "x", "--browser", "none",
                         "--timeout", "3", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      const HostileCase *c = &hostile_cases[i];
      g_autoptr(JsonObject) metadata = fake_provider_new_metadata (fake, issuer);
      g_autofree char *uri = g_strdup_printf ("http://%s/%s", c->host, c->member);
      g_autofree char *shown = g_strescape (c->host, NULL);
      g_auto(Run) run = { 0 };

      g_test_message ("%s with the host %s", c->member, shown);
      json_object_set_string_member (metadata, c->member, uri);
      fake_provider_set_json (fake, "/.well-known/openid-configuration", SOUP_STATUS_OK,
                              metadata);

      run_sesame (&run, args);
      assert_terminal_safe (run.err);
      g_assert_cmpint (run.status, ==, 5);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, "sesame: "));
      g_assert_nonnull (strstr (run.err, "characters"));
      g_assert_null (strstr (run.err, "Open this address"));
    }
  /* Refused when the metadata was read, before any other request. */
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/authorize"), ==, 0);
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/token"), ==, 0);
}

/* The same from the command line, ESC in the host given by hand. */
static void
test_control_characters_by_hand (void)
{
  const char *args[] = { "sign-in", "--authorization-endpoint", "https://id\x1b[2J.example.com/a",
                         "--token-endpoint", "https://id.example.com/t", "--client-id", "x",
                         "--browser", "none", NULL };
  const char *issuer[] = { "sign-in", "--issuer", "https://id\r\n\x1b[1m.example.com",
                           "--client-id", "x", "--browser", "none", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };

  run_sesame (&a, args);
  assert_terminal_safe (a.err);
  g_assert_cmpint (a.status, ==, 5);
  g_assert_nonnull (strstr (a.err, "\\x1b[2J"));

  run_sesame (&b, issuer);
  assert_terminal_safe (b.err);
  g_assert_cmpint (b.status, ==, 5);
}

/* An error message that quotes what it was given (GLib's option parser, here) goes
 * through the sanitiser too.
 */
static void
test_error_message_sanitised (void)
{
  const char *args[] = { "sign-in", "--\x1b]0;title\x07\x1b[2J", NULL };
  const char *top[] = { "--\r\x1b[1A\xc2\x9b" "2K", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };

  run_sesame (&a, args);
  g_assert_cmpint (a.status, ==, 2);
  assert_terminal_safe (a.err);
  g_assert_nonnull (strstr (a.err, "\\x1b]0;title\\x07\\x1b[2J"));

  run_sesame (&b, top);
  g_assert_cmpint (b.status, ==, 2);
  assert_terminal_safe (b.err);
}

/* An https provider listing http endpoints on loopback ------------------------------------ */

/* Metadata of the https @p whose endpoints are its own, except @member on the plain
 * http @fake.
 */
static JsonObject *
metadata_with_http (FakeProvider *p,
                    FakeProvider *fake,
                    const char   *member)
{
  JsonObject *metadata = fake_provider_new_metadata (p, fake_provider_get_issuer (p));
  g_autofree char *uri = fake_provider_get_uri (fake, "/x");

  json_object_set_string_member (metadata, member, uri);
  return metadata;
}

static void
test_https_provider_http_endpoint (void)
{
  const char *members[] = { "token_endpoint", "authorization_endpoint", "jwks_uri",
                            "userinfo_endpoint", "revocation_endpoint" };
  const char *names[] = { "token endpoint", "authorization endpoint", "JWKS URI",
                          "userinfo endpoint", "revocation endpoint" };
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(FakeProvider) p = fake_provider_new_https ("server");
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "data", "ca.pem", NULL);
  const char *args[] = { "sign-in", "--issuer", fake_provider_get_issuer (p), "--ca-file", ca, "--client-id", "x",
                         "--browser", "none", "--timeout", "3", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_auto(Run) run = { 0 };
      g_autoptr(JsonObject) metadata = metadata_with_http (p, fake, members[i]);

      g_test_message ("an http %s", members[i]);
      fake_provider_set_json (p, "/.well-known/openid-configuration", SOUP_STATUS_OK, metadata);
      run_sesame (&run, args);
      g_assert_cmpint (run.status, ==, 5);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, names[i]));
      g_assert_nonnull (strstr (run.err, "plain http"));
      g_assert_null (strstr (run.err, "Open this address"));
    }
  g_assert_cmpuint (fake_provider_get_n_requests (fake, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/cli-endpoints/control-characters-in-host",
                   test_control_characters_in_host);
  g_test_add_func ("/sesame/cli-endpoints/control-characters-by-hand",
                   test_control_characters_by_hand);
  g_test_add_func ("/sesame/cli-endpoints/error-message-sanitised", test_error_message_sanitised);
  g_test_add_func ("/sesame/cli-endpoints/https-provider-http-endpoint",
                   test_https_provider_http_endpoint);

  return g_test_run ();
}
