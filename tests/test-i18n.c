/* test-i18n.c
 *
 * The translations reach the command line: with LANGUAGE=de the help and the usage errors
 * come from po/de.po, read from the build tree through SESAME_LOCALEDIR.
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

/* glibc ignores LANGUAGE in the "C" locale but not in "C.UTF-8", which every glibc since
 * 2.35 has built in: no de_DE locale needs to be generated on the machine. */
static void
run_sesame (Run                *run,
            const char         *language,
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
  g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
  g_subprocess_launcher_unsetenv (launcher, "LC_MESSAGES");
  g_subprocess_launcher_setenv (launcher, "LANG", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
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

static void
assert_contains (const char *text,
                 const char *fragment)
{
  if (strstr (text, fragment) == NULL)
    g_error ("“%s” not found in:\n%s", fragment, text);
}

static void
test_help_german (void)
{
  const char *top[] = { "--help", NULL };
  const char *sign_in[] = { "sign-in", "--help", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };

  run_sesame (&a, "de", top);
  g_assert_cmpint (a.status, ==, 0);
  assert_contains (a.out, "Ohne Befehl öffnet Sesame sein Fenster.");
  assert_contains (a.out, "Befehle:");
  assert_contains (a.out, "Die Tokens eines Profils widerrufen und löschen");
  assert_contains (a.out, "Rückgabewerte:");
  g_assert_null (strstr (a.out, "Exit codes"));

  run_sesame (&b, "de", sign_in);
  g_assert_cmpint (b.status, ==, 0);
  assert_contains (b.out, "--client-id=ID");
  assert_contains (b.out, "Die Client-ID (Vorgabe: $OAUTH_CLIENT_ID)");
  assert_contains (b.out, "--timeout=SEKUNDEN");
  assert_contains (b.out, "Rückgabewerte:");
  g_assert_null (strstr (b.out, "Exit codes"));

  {
    const char *inspect[] = { "inspect", "--help", NULL };
    g_auto(Run) c = { 0 };

    run_sesame (&c, "de", inspect);
    g_assert_cmpint (c.status, ==, 0);
    assert_contains (c.out, "Dekodiert das Zugriffstoken von PROFIL");
    assert_contains (c.out, "Auch den Anbieter nach dem Zugriffstoken fragen");
    assert_contains (a.out, "Das Zugriffstoken (oder ID-Token) eines Profils dekodieren");
  }
}

static void
test_diagnose_help_german (void)
{
  const char *diagnose[] = { "diagnose", "--help", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, "de", diagnose);
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "Liest das Discovery-Dokument des Anbieters von PROFIL");
  assert_contains (run.out, "Mit Code 9 enden, wenn ein Befund diese Stufe hat");
  assert_contains (run.out, "9  diagnose --fail-on: ein Befund dieser Stufe oder schwerer");
  g_assert_null (strstr (run.out, "Exit codes"));
}

static void
test_usage_error_german (void)
{
  const char *args[] = { "sign-in", "--client-id", "x", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, "de", args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  assert_contains (run.err, "Geben Sie --issuer an");
}

/* The same binary and catalog, asked for English: the German above came from the catalog. */
static void
test_english_without_language (void)
{
  const char *top[] = { "--help", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, "C", top);
  g_assert_cmpint (run.status, ==, 0);
  assert_contains (run.out, "Exit codes:");
  g_assert_null (strstr (run.out, "Rückgabewerte"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/i18n/help-german", test_help_german);
  g_test_add_func ("/sesame/i18n/diagnose-help-german", test_diagnose_help_german);
  g_test_add_func ("/sesame/i18n/usage-error-german", test_usage_error_german);
  g_test_add_func ("/sesame/i18n/english-without-language", test_english_without_language);

  return g_test_run ();
}
