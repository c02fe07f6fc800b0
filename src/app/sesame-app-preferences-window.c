/* sesame-app-preferences-window.c
 *
 * The app's preferences, apart from the profiles' settings: when copied secrets leave the
 * clipboard. The choices are Never, 30 s, 1 min and 5 min; another value of the setting
 * (written with `gsettings`) is shown as a fifth choice rather than misreported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-app-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-accessible.h"
#include "sesame-app-preferences-window.h"
#include "sesame-clipboard.h"

struct _SesameAppPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwComboRow          *clear_row;

  /* Owned */
  GArray               *delays;     /* guint seconds, one for each item of clear_row */

  /* Borrowed */
  GSettings            *settings;   /* NULL without the schema: the row is insensitive */
  gboolean              loading;
};

G_DEFINE_FINAL_TYPE (SesameAppPreferencesWindow, sesame_app_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

static const guint offered_delays[] = { 0, 30, 60, 300 };

/* The row's choices, and @current among them whatever it is; selects it. */
static void
fill_clear_row (SesameAppPreferencesWindow *self,
                guint                       current)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_array_set_size (self->delays, 0);
  g_array_append_vals (self->delays, offered_delays, G_N_ELEMENTS (offered_delays));
  for (guint i = 0; i < G_N_ELEMENTS (offered_delays) && current > offered_delays[i]; i++)
    selected = i + 1;
  if (selected == self->delays->len || g_array_index (self->delays, guint, selected) != current)
    g_array_insert_val (self->delays, selected, current);

  for (guint i = 0; i < self->delays->len; i++)
    {
      g_autofree char *name = sesame_clipboard_describe_delay (g_array_index (self->delays,
                                                                              guint, i));

      gtk_string_list_append (names, name);
    }
  self->loading = TRUE;
  adw_combo_row_set_model (self->clear_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->clear_row, selected);
  self->loading = FALSE;
}

static void
on_clear_selected (SesameAppPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->clear_row);

  if (self->loading || self->settings == NULL || selected >= self->delays->len)
    return;
  g_settings_set_uint (self->settings, SESAME_CLIPBOARD_CLEAR_KEY,
                       g_array_index (self->delays, guint, selected));
}

/* Changed elsewhere too (`gsettings set`, another window): shown as it is now. */
static void
on_setting_changed (SesameAppPreferencesWindow *self)
{
  guint seconds = sesame_clipboard_get_clear_seconds ();
  guint selected = adw_combo_row_get_selected (self->clear_row);

  if (selected < self->delays->len && g_array_index (self->delays, guint, selected) == seconds)
    return;
  fill_clear_row (self, seconds);
}

static void
sesame_app_preferences_window_finalize (GObject *object)
{
  SesameAppPreferencesWindow *self = SESAME_APP_PREFERENCES_WINDOW (object);

  g_clear_pointer (&self->delays, g_array_unref);

  G_OBJECT_CLASS (sesame_app_preferences_window_parent_class)->finalize (object);
}

static void
sesame_app_preferences_window_class_init (SesameAppPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sesame_app_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/sesame/Sesame/sesame-app-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameAppPreferencesWindow, clear_row);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_selected);
}

static void
sesame_app_preferences_window_init (SesameAppPreferencesWindow *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->delays = g_array_new (FALSE, FALSE, sizeof (guint));
  self->settings = sesame_clipboard_get_settings ();

  fill_clear_row (self, sesame_clipboard_get_clear_seconds ());
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::" SESAME_CLIPBOARD_CLEAR_KEY,
                             G_CALLBACK (on_setting_changed), self, G_CONNECT_SWAPPED);
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->clear_row), FALSE);

  _sesame_accessible_name_preferences (ADW_PREFERENCES_WINDOW (self));
  _sesame_accessible_name_combo_items (self->clear_row);
}

SesameAppPreferencesWindow *
sesame_app_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SESAME_TYPE_APP_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
