/* sesame-cli.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of the command line, documented in --help and the README. */
typedef enum
{
  SESAME_EXIT_OK = 0,
  SESAME_EXIT_FAILURE = 1,
  SESAME_EXIT_USAGE = 2,
  SESAME_EXIT_REFUSED = 3,
  SESAME_EXIT_NETWORK = 4,
  SESAME_EXIT_BAD_PROVIDER = 5,
  SESAME_EXIT_TIMEOUT = 6,
  SESAME_EXIT_SIGN_IN_NEEDED = 7,
  SESAME_EXIT_KEYRING = 8,
  SESAME_EXIT_FINDINGS = 9,
} SesameExit;

/* Locale, translations, and every log message to stderr: first thing in main(). */
void      sesame_cli_init              (void);
gboolean  sesame_cli_is_command        (const char  *arg);
char     *sesame_cli_describe_commands (void);
int       sesame_cli_run               (int          argc,
                                        char       **argv);
int       sesame_cli_exit_for_error    (const GError *error);

G_END_DECLS
