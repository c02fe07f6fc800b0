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

/* Runs a main loop until one asynchronous call is done:
 *   some_call_async (…, _sesame_cli_on_result, _sesame_cli_waiter_start (&waiter));
 *   some_call_finish (_sesame_cli_waiter_wait (&waiter), …);
 */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} SesameCliWaiter;

void                _sesame_cli_waiter_clear    (SesameCliWaiter     *waiter);
SesameCliWaiter    *_sesame_cli_waiter_start    (SesameCliWaiter     *waiter);
GAsyncResult       *_sesame_cli_waiter_wait     (SesameCliWaiter     *waiter);
void                _sesame_cli_on_result       (GObject             *object,
                                                 GAsyncResult        *result,
                                                 gpointer             user_data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SesameCliWaiter, _sesame_cli_waiter_clear)

/* @text made safe for a terminal: no control characters, bounded. */
char               *_sesame_cli_shown           (const char          *text);
/* Options with the exit codes in --help. */
GOptionContext     *_sesame_cli_new_context     (const char          *parameter,
                                                 const char          *summary,
                                                 GOptionEntry        *entries);
SesameProfileStore *_sesame_cli_open_store      (GError             **error);
/* (transfer none): SESAME_STORE_ERROR_PROFILE_NOT_FOUND when there is none. */
SesameProfile      *_sesame_cli_lookup_profile  (SesameProfileStore  *store,
                                                 const char          *name,
                                                 GError             **error);
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
