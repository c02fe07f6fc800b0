/* sesame-core-main.h
 *
 * The entry points of the program's private libraries, which the launcher (main.c) finds
 * with dlsym(): plain C types only, so that the launcher needs no GLib.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* libsesame-base.so ------------------------------------------------------------------ */

/* Locale, translations, and log messages on stderr. */
void sesame_core_init  (void);
/* `sesame token ARGS`, when the stored token is valid long enough: prints it and returns
 * the exit code. Returns -1 for everything else (a refresh is due, no tokens, errors),
 * which libsesame-core.so's sesame_core_main() then handles from the start. */
int  sesame_token_main (int    argc,
                        char **argv);

/* libsesame-core.so (links libsesame-base.so) ----------------------------------------- */

/* Runs the command named by argv[1] and returns its exit code; -1 if argv[1] names none. */
int  sesame_core_main  (int    argc,
                        char **argv);

/* libsesame-gui.so ------------------------------------------------------------------- */

/* Runs the app (the window, or --help, --version…) and returns its exit code. */
int  sesame_gui_main   (int    argc,
                        char **argv);
