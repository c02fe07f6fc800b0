/* sesame-app-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SESAME_TYPE_APP_PREFERENCES_WINDOW (sesame_app_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SesameAppPreferencesWindow, sesame_app_preferences_window,
                      SESAME, APP_PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The app's own preferences, whatever the profile: for now, when copied secrets leave the
 * clipboard (sesame-clipboard.h). Each change is saved in GSettings at once.
 */
SesameAppPreferencesWindow *sesame_app_preferences_window_new (GtkWindow *parent);

G_END_DECLS
