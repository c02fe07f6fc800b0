/* sesame-cli-profiles-private.h
 *
 * What the profile commands share: sesame-cli-profiles.c and sesame-cli-profile-edit.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sesame-store.h"

G_BEGIN_DECLS


/* The one argument after the options (argv[1]: the profile's name), or a usage error. */
const char         *_sesame_cli_single_argument (int                  argc,
                                                 char               **argv,
                                                 GError             **error);

/* sesame-cli-profile-edit.c */
int                 _sesame_cli_profile_add_run    (int               argc,
                                                    char            **argv);
int                 _sesame_cli_profile_edit_run   (int               argc,
                                                    char            **argv);
int                 _sesame_cli_profile_remove_run (int               argc,
                                                    char            **argv);

G_END_DECLS
