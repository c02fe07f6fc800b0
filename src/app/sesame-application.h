/* sesame-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SESAME_TYPE_APPLICATION (sesame_application_get_type ())

G_DECLARE_FINAL_TYPE (SesameApplication, sesame_application, SESAME, APPLICATION, AdwApplication)

SesameApplication *sesame_application_new (void);

GtkShortcutsWindow *_sesame_application_build_help_overlay (void);

G_END_DECLS
