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
  GdkSurface *surface;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  /* And placed: GTK places a popover by its parent's monitor, which a surface has only
   * once the X server told where it is (GTK 4.8 fails on a NULL monitor otherwise). */
  surface = GTK_IS_NATIVE (widget) ? gtk_native_get_surface (GTK_NATIVE (widget)) : NULL;
  return surface == NULL ||
         gdk_display_get_monitor_at_surface (gtk_widget_get_display (widget), surface) != NULL;
}

void
wait_for_mapped (gpointer window)
{
  wait_until (is_mapped, window, WAIT_SECONDS, "the window to be mapped and placed");
}

gpointer
find_toplevel (const char *type_name,
               gboolean    mapped)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GType type = g_type_from_name (type_name);

  for (guint i = 0; type != 0 && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) &&
          (!mapped || gtk_widget_get_mapped (GTK_WIDGET (window))))
        return window;   /* the list holds it */
    }
  return NULL;
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
