/* sesame-add-profile-dialog.c
 *
 * A new profile from a preset: a name, the preset's variables, the client id and, if
 * the provider wants one, the client secret (straight to the keyring).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-add-profile"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-accessible.h"
#include "sesame-add-profile-dialog.h"

struct _SesameAddProfileDialog
{
  AdwWindow           parent_instance;

  /* Widgets */
  AdwComboRow        *preset_row;
  AdwEntryRow        *name_row;
  AdwPreferencesGroup *variables_group;
  GPtrArray          *variable_rows;
  AdwEntryRow        *client_id_row;
  AdwPasswordEntryRow *secret_row;
  GtkLabel           *error_label;
  GtkWidget          *add_button;

  /* Owned */
  SesameProfileStore *store;
  SesameProfile      *added;
  GCancellable       *cancellable;
};

enum {
  PROFILE_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SesameAddProfileDialog, sesame_add_profile_dialog, ADW_TYPE_WINDOW)

static SesamePreset *
selected_preset (SesameAddProfileDialog *self)
{
  GPtrArray *presets = sesame_presets_get_all ();
  guint i = adw_combo_row_get_selected (self->preset_row);

  return i < presets->len ? g_ptr_array_index (presets, i) : NULL;
}

static void
show_error (SesameAddProfileDialog *self,
            const char             *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* One entry row per variable of the preset (e.g. the tenant), with its default. */
static void
on_preset_changed (SesameAddProfileDialog *self)
{
  SesamePreset *preset = selected_preset (self);
  const char * const *variables = preset ? sesame_preset_get_variables (preset) : NULL;

  for (guint i = 0; i < self->variable_rows->len; i++)
    adw_preferences_group_remove (self->variables_group, self->variable_rows->pdata[i]);
  g_ptr_array_set_size (self->variable_rows, 0);

  for (guint i = 0; variables != NULL && variables[i] != NULL; i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      const char *description = sesame_preset_get_variable_description (preset, variables[i]);
      const char *fallback = sesame_preset_get_variable_default (preset, variables[i]);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     description ? description : variables[i]);
      gtk_editable_set_text (GTK_EDITABLE (row), fallback ? fallback : "");
      g_object_set_data_full (G_OBJECT (row), "variable", g_strdup (variables[i]), g_free);
      adw_preferences_group_add (self->variables_group, row);
      g_ptr_array_add (self->variable_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->variables_group), self->variable_rows->len > 0);

  if (preset != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->name_row), sesame_preset_get_name (preset));
  show_error (self, NULL);
}

static SesameProfile *
build_profile (SesameAddProfileDialog  *self,
               const char              *secret,
               GError                 **error)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *client_id = gtk_editable_get_text (GTK_EDITABLE (self->client_id_row));
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SesameProfile) profile = sesame_profile_new (g_strstrip (g_strdup (name)));
  SesamePreset *preset = selected_preset (self);

  for (guint i = 0; i < self->variable_rows->len; i++)
    {
      GtkWidget *row = self->variable_rows->pdata[i];
      const char *value = gtk_editable_get_text (GTK_EDITABLE (row));

      if (*value != '\0')
        g_hash_table_insert (variables, g_object_get_data (G_OBJECT (row), "variable"),
                             (gpointer) value);
    }

  if (preset != NULL && !sesame_preset_apply (preset, profile, variables, error))
    return NULL;
  sesame_profile_set_client_id (profile, client_id);
  if (secret != NULL && sesame_profile_get_auth_method (profile) == SESAME_AUTH_METHOD_NONE)
    sesame_profile_set_auth_method (profile, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  if (!sesame_profile_validate (profile, error))
    return NULL;
  return g_steal_pointer (&profile);
}

static void
finish (SesameAddProfileDialog *self)
{
  g_signal_emit (self, signals[PROFILE_ADDED], 0, sesame_profile_get_name (self->added));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_secret_stored (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SesameAddProfileDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sesame_secrets_store_client_secret_finish (result, &error))
    {
      finish (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Nothing half-done: without its secret the profile goes again. */
  sesame_profile_store_remove (self->store, self->added, NULL);
  g_clear_object (&self->added);
  show_error (self, error->message);
  gtk_widget_set_sensitive (self->add_button, TRUE);
}

static void
on_add_clicked (SesameAddProfileDialog *self)
{
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = build_profile (self, *secret ? secret : NULL, &error);
  if (profile == NULL || !sesame_profile_store_add (self->store, profile, &error))
    {
      show_error (self, error->message);
      return;
    }

  self->added = g_object_ref (profile);
  if (*secret == '\0')
    {
      finish (self);
      return;
    }
  gtk_widget_set_sensitive (self->add_button, FALSE);
  sesame_secrets_store_client_secret_async (sesame_profile_get_id (profile),
                                            sesame_profile_get_name (profile), secret,
                                            self->cancellable, on_secret_stored,
                                            g_object_ref (self));
}

static GtkWidget *
build_header (SesameAddProfileDialog *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  self->add_button = gtk_button_new_with_mnemonic (_("_Add"));
  gtk_widget_add_css_class (self->add_button, "suggested-action");
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->add_button);
  return header;
}

static GtkWidget *
build_provider_group (SesameAddProfileDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GPtrArray *presets = sesame_presets_get_all ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < presets->len; i++)
    gtk_string_list_append (names, sesame_preset_get_name (g_ptr_array_index (presets, i)));

  self->preset_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->preset_row), _("Provider"));
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (names));
  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Profile Name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->preset_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->name_row));
  _sesame_accessible_name_group_list (ADW_PREFERENCES_GROUP (group), _("Provider"));
  return group;
}

static GtkWidget *
build_client_group (SesameAddProfileDialog *self)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Client"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
    _("As registered at the provider. The secret, if any, is kept in the keyring."));
  self->client_id_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->client_id_row), _("Client ID"));
  self->secret_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 _("Client Secret (optional)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->client_id_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->secret_row));
  return group;
}

static void
build_content (SesameAddProfileDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *errors = adw_preferences_group_new ();

  self->variables_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (errors), GTK_WIDGET (self->error_label));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (build_provider_group (self)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->variables_group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (build_client_group (self)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (errors));
  gtk_widget_set_vexpand (page, TRUE);

  gtk_box_append (GTK_BOX (box), build_header (self));
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
}

static void
sesame_add_profile_dialog_dispose (GObject *object)
{
  SesameAddProfileDialog *self = (SesameAddProfileDialog *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->added);
  g_clear_pointer (&self->variable_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sesame_add_profile_dialog_parent_class)->dispose (object);
}

static void
sesame_add_profile_dialog_class_init (SesameAddProfileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_add_profile_dialog_dispose;

  signals[PROFILE_ADDED] =
    g_signal_new ("profile-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sesame_add_profile_dialog_init (SesameAddProfileDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->variable_rows = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Add Profile"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 560);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  build_content (self);
  g_signal_connect_swapped (self->preset_row, "notify::selected",
                            G_CALLBACK (on_preset_changed), self);
  _sesame_accessible_fix_mnemonics (GTK_WIDGET (self));
  _sesame_accessible_name_pages (GTK_WIDGET (self));
  _sesame_accessible_name_combo_items (self->preset_row);
  _sesame_accessible_name_peek_button (self->secret_row, _("Show the Client Secret"),
                                       _("Hide the Client Secret"));
}

SesameAddProfileDialog *
sesame_add_profile_dialog_new (GtkWindow          *parent,
                               SesameProfileStore *store,
                               SesamePreset       *preset)
{
  SesameAddProfileDialog *self = g_object_new (SESAME_TYPE_ADD_PROFILE_DIALOG,
                                               "transient-for", parent, NULL);
  GPtrArray *presets = sesame_presets_get_all ();
  guint index = 0;

  self->store = g_object_ref (store);
  if (preset != NULL)
    g_ptr_array_find (presets, preset, &index);
  adw_combo_row_set_selected (self->preset_row, index);
  on_preset_changed (self);
  return self;
}
