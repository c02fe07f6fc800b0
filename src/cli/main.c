/* main.c
 *
 * `sesame`: the command line. It links the core and nothing graphical, so that it runs
 * without a display (over SSH, say). Without a command it starts the app, sesame-app,
 * installed beside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli.h"

/* The app's executable: $SESAME_APP (the build tree, where the two are not side by side),
 * else sesame-app in the directory this program runs from. */
static char *
find_app (void)
{
  const char *override = g_getenv ("SESAME_APP");
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;

  if (override != NULL && *override != '\0')
    return g_strdup (override);
  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self == NULL)
    return g_strdup ("sesame-app");
  dir = g_path_get_dirname (self);
  return g_build_filename (dir, "sesame-app", NULL);
}

static int
start_app (void)
{
  g_autofree char *app = find_app ();
  char *argv[] = { app, NULL };

  execv (app, argv);
  g_printerr (_("sesame: could not start the app (%s): %s\n"), app, g_strerror (errno));
  return SESAME_EXIT_FAILURE;
}

/* `sesame` with options but no command: --help, --version, or a usage error. */
static int
run_without_command (int    argc,
                     char **argv)
{
  gboolean version = FALSE;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[COMMAND …]"));
  g_autofree char *commands = sesame_cli_describe_commands ();
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Without a command, Sesame opens its window."));
  g_option_context_set_description (context, commands);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _sesame_cli_print_error (error);
      return SESAME_EXIT_USAGE;
    }
  if (version)
    {
      g_print ("sesame %s\n", PACKAGE_VERSION);
      return SESAME_EXIT_OK;
    }
  if (argc > 1)
    return sesame_cli_run (argc, argv);
  return start_app ();
}

int
main (int   argc,
      char *argv[])
{
  sesame_cli_init ();
  g_set_prgname ("sesame");
  if (argc > 1 && sesame_cli_is_command (argv[1]))
    return sesame_cli_run (argc, argv);
  return run_without_command (argc, argv);
}
