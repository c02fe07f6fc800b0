/* sesame-core-main.c
 *
 * The entry point of libsesame-core.so, which the launcher (main.c) opens with dlopen():
 * the command line. The set-up every part shares is sesame_core_init(), in
 * libsesame-base.so (sesame-cli-base.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame"

#include "config.h"

#include "sesame-cli.h"
#include "sesame-core-main.h"

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
