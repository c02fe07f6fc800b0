/* sesame-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sesame-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_PREFERENCES_WINDOW (sesame_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SesamePreferencesWindow, sesame_preferences_window,
                      SESAME, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* The settings and the stored tokens of @profile, which must be in @store. Changes are
 * saved to @store as soon as the whole profile is valid ("profile-changed" follows); the
 * tokens page emits "tokens-changed" after a refresh or a sign-out.
 */
SesamePreferencesWindow *sesame_preferences_window_new (GtkWindow          *parent,
                                                        SesameProfileStore *store,
                                                        SesameProfile      *profile);

G_END_DECLS
