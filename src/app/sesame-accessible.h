/* sesame-accessible.h: names for the screen reader where GTK 4.8 and libadwaita 1.2 give
 * none, or a wrong one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void _sesame_accessible_fix_mnemonics     (GtkWidget           *root);
void _sesame_accessible_name_status_page  (AdwStatusPage       *page);
void _sesame_accessible_name_pages        (GtkWidget           *root);
void _sesame_accessible_name_group_list   (AdwPreferencesGroup *group,
                                           const char          *label);
void _sesame_accessible_name_preferences  (AdwPreferencesWindow *window);
void _sesame_accessible_name_combo_items  (AdwComboRow         *row);
void _sesame_accessible_name_peek_button  (AdwPasswordEntryRow *row,
                                           const char          *show_label,
                                           const char          *hide_label);
void _sesame_accessible_name_shortcuts    (GtkShortcutsWindow  *window);

G_END_DECLS
