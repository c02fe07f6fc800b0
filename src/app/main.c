/* main.c
 *
 * sesame-app: the window, its preferences and the token service. The desktop file, the
 * Flatpak's command and `sesame` without a command start it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "sesame-application.h"

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
  /* As the command line does: messages on stderr, whatever their level. */
  g_log_writer_default_set_use_stderr (TRUE);

  app = sesame_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
