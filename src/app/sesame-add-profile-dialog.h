/* sesame-add-profile-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sesame-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_ADD_PROFILE_DIALOG (sesame_add_profile_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SesameAddProfileDialog, sesame_add_profile_dialog, SESAME,
                      ADD_PROFILE_DIALOG, AdwWindow)

/* @preset: (nullable): the preset chosen already, or NULL for a choice in the dialog.
 * Emits ::profile-added (const char *name) once the profile is stored.
 */
SesameAddProfileDialog *sesame_add_profile_dialog_new (GtkWindow          *parent,
                                                       SesameProfileStore *store,
                                                       SesamePreset       *preset);

G_END_DECLS
