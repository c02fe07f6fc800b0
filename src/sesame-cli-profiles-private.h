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
