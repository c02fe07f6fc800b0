/* window-helpers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "waits.h"
#include "window-helpers.h"

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

void
wait_for_mapped (gpointer window)
{
  wait_until (is_mapped, window, WAIT_SECONDS, "the window to be mapped");
}

GtkMenuButton *
menu_button (SesameWindow *window)
{
  return GTK_MENU_BUTTON (_sesame_window_get_part (window, "main_menu_button"));
}

const char *
label_text (SesameWindow *window,
            const char   *id)
{
  return gtk_label_get_text (GTK_LABEL (_sesame_window_get_part (window, id)));
}

GtkWidget *
preferences_part (SesamePreferencesWindow *preferences,
                  const char              *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                    SESAME_TYPE_PREFERENCES_WINDOW, id));
}
