/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "sesame-application.h"
#include "sesame-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SesameApplication) app = NULL;
  const char *localedir = g_getenv ("SESAME_LOCALEDIR");   /* for running from the build tree */

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Standard output carries tokens for scripts; every log message goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);

  /* Subcommands run without a window, a display or the session bus. */
  if (argc > 1 && sesame_cli_is_command (argv[1]))
    return sesame_cli_run (argc, argv);

  app = sesame_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
