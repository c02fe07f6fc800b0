/* sesame-core-main.c
 *
 * The entry points of libsesame-core.so, which the launcher (main.c) opens with dlopen():
 * the set-up every part of the program shares, and the command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "sesame-cli.h"
#include "sesame-core-main.h"

void
sesame_core_init (void)
{
  const char *localedir = g_getenv ("SESAME_LOCALEDIR");   /* for running from the build tree */

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Standard output carries tokens for scripts; every log message goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
}

int
sesame_core_main (int    argc,
                  char **argv)
{
  if (argc < 2 || !sesame_cli_is_command (argv[1]))
    return -1;

  /* Subcommands run without a window, a display or the session bus. */
  sesame_core_init ();
  return sesame_cli_run (argc, argv);
}
