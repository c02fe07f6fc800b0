/* sesame-add-profile-dialog.c
 *
 * A new profile from a preset: a name, the preset's variables, the client id and, if
 * the provider wants one, the client secret (straight to the keyring). The preset says
 * what to do at the provider; Add waits until every required field is filled, and a
 * field found wrong is marked itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-add-profile"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sesame-accessible.h"
#include "sesame-add-profile-dialog.h"

struct _SesameAddProfileDialog
{
  AdwWindow            parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwComboRow         *preset_row;
  AdwEntryRow         *name_row;
  AdwPreferencesGroup *variables_group;
  AdwPreferencesGroup *provider_group;
  AdwActionRow        *register_row;     /* also owned */
  AdwPreferencesGroup *client_group;
  AdwEntryRow         *client_id_row;
  AdwPasswordEntryRow *secret_row;
  AdwComboRow         *sign_in_method_row;
  GtkLabel            *error_label;
  GtkWidget           *add_button;

  /* Owned */
  GPtrArray           *variable_rows;
  char                *suggested_name;  /* the name last filled in for the user */
  SesameProfileStore  *store;
  SesameProfile       *added;
  GCancellable        *cancellable;
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

/* The row itself says it is wrong: red, the reason as its tooltip, and to assistive
 * technologies its invalid state.
 */
static void
mark_row (gpointer    row,
          const char *message)
{
  gtk_widget_set_tooltip_text (row, message != NULL ? message
                                                    : g_object_get_data (row, "tooltip"));
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

static gboolean
is_blank (gpointer row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

/* Add can be pressed once the name, the client ID, every variable without a default and,
 * where the preset needs one, the secret are there; what they hold is checked then.
 */
static void
update_add_button (SesameAddProfileDialog *self)
{
  SesamePreset *preset = selected_preset (self);
  gboolean ready = self->added == NULL && !is_blank (self->name_row) &&
                   !is_blank (self->client_id_row);

  if (preset != NULL && sesame_preset_needs_client_secret (preset))
    ready = ready && !is_blank (self->secret_row);
  for (guint i = 0; ready && i < self->variable_rows->len; i++)
    {
      GtkWidget *row = self->variable_rows->pdata[i];

      ready = !is_blank (row) ||
              sesame_preset_get_variable_default (preset, g_object_get_data (G_OBJECT (row),
                                                                             "variable"));
    }
  gtk_widget_set_sensitive (self->add_button, ready);
}

static void
on_field_changed (SesameAddProfileDialog *self,
                  GtkEditable            *row)
{
  mark_row (row, NULL);
  update_add_button (self);
}

static void
set_tooltip (gpointer    row,
             const char *tooltip)
{
  g_object_set_data_full (G_OBJECT (row), "tooltip", g_strdup (tooltip), g_free);
  gtk_widget_set_tooltip_text (row, tooltip);
}

/* One entry row per variable of the preset (e.g. the tenant), with its default; what
 * to type goes under the group, as entry rows have no subtitle.
 */
static void
fill_variable_rows (SesameAddProfileDialog *self,
                    SesamePreset           *preset)
{
  const char * const *variables = preset ? sesame_preset_get_variables (preset) : NULL;
  g_autoptr(GString) descriptions = g_string_new (NULL);

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
                                     sesame_preset_get_variable_title (preset, variables[i]));
      set_tooltip (row, description);
      if (description != NULL)
        g_string_append_printf (descriptions, "%s%s", descriptions->len ? "\n" : "",
                                description);
      gtk_editable_set_text (GTK_EDITABLE (row), fallback ? fallback : "");
      g_object_set_data_full (G_OBJECT (row), "variable", g_strdup (variables[i]), g_free);
      g_signal_connect_object (row, "changed", G_CALLBACK (on_field_changed), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->variables_group, row);
      g_ptr_array_add (self->variable_rows, row);
    }
  adw_preferences_group_set_description (self->variables_group, descriptions->str);
  gtk_widget_set_visible (GTK_WIDGET (self->variables_group), self->variable_rows->len > 0);
}

/* What to do at the provider: register this redirect URI, give the secret or not. */
static void
show_guidance (SesameAddProfileDialog *self,
               SesamePreset           *preset)
{
  const char *uri = preset ? sesame_preset_get_register_uri (preset) : NULL;
  gboolean secret = preset != NULL && sesame_preset_needs_client_secret (preset);

  adw_preferences_group_set_description (self->provider_group,
                                         preset ? sesame_preset_get_guidance (preset) : NULL);
  /* Removed, not hidden: a group keeps an empty list for a hidden row. */
  if (uri == NULL && gtk_widget_get_parent (GTK_WIDGET (self->register_row)) != NULL)
    adw_preferences_group_remove (self->provider_group, GTK_WIDGET (self->register_row));
  if (uri != NULL)
    {
      if (gtk_widget_get_parent (GTK_WIDGET (self->register_row)) == NULL)
        adw_preferences_group_add (self->provider_group, GTK_WIDGET (self->register_row));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->register_row),
                                     sesame_preset_get_register_title (preset));
      adw_action_row_set_subtitle (self->register_row, uri);
    }

  adw_preferences_group_set_description (self->client_group,
    secret ? _("As registered at the provider. The secret is required, and kept in the "
               "keyring.")
           : _("As registered at the provider. The secret, if any, is kept in the keyring."));
  set_tooltip (self->secret_row, secret ? _("Required by this provider")
                                        : _("Only if the provider gave one"));
}

/* The preset's name, or "GitHub 2" when a "GitHub" profile exists already. */
static char *
suggest_name (SesameAddProfileDialog *self,
              SesamePreset           *preset)
{
  const char *name = sesame_preset_get_name (preset);
  char *suggestion = g_strdup (name);

  for (guint n = 2; self->store != NULL && sesame_profile_store_lookup (self->store, suggestion);
       n++)
    {
      g_free (suggestion);
      suggestion = g_strdup_printf ("%s %u", name, n);
    }
  return suggestion;
}

/* Another device is offered where the provider can be asked for a device code: a preset
 * that documents the endpoint, or one that discovers the provider (whose metadata tells).
 * The variables are filled with markers only to see which endpoints the preset sets. */
static gboolean
allows_device (SesamePreset *preset)
{
  g_autoptr(SesameProfile) scratch = sesame_profile_new ("scratch");
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *variables = preset != NULL ? sesame_preset_get_variables (preset) : NULL;

  if (preset == NULL)
    return TRUE;
  for (guint i = 0; variables != NULL && variables[i] != NULL; i++)
    g_hash_table_insert (values, (gpointer) variables[i], "https://sesame-marker.invalid");
  if (!sesame_preset_apply (preset, scratch, values, NULL))
    return TRUE;   /* cannot tell: the sign-in will say */
  return sesame_profile_get_issuer (scratch) != NULL ||
         sesame_profile_get_endpoint (scratch, SESAME_ENDPOINT_DEVICE_AUTHORIZATION) != NULL;
}

static void
on_preset_changed (SesameAddProfileDialog *self)
{
  SesamePreset *preset = selected_preset (self);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));

  fill_variable_rows (self, preset);
  show_guidance (self, preset);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_method_row), allows_device (preset));

  /* A name the user typed stays; the one suggested for the last provider follows. */
  if (preset != NULL && (*name == '\0' || g_strcmp0 (name, self->suggested_name) == 0))
    {
      g_free (self->suggested_name);
      self->suggested_name = suggest_name (self, preset);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->suggested_name);
    }
  show_error (self, NULL);
  update_add_button (self);
}

static GHashTable *
collect_variables (SesameAddProfileDialog *self)
{
  GHashTable *variables = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->variable_rows->len; i++)
    {
      GtkWidget *row = self->variable_rows->pdata[i];
      const char *value = gtk_editable_get_text (GTK_EDITABLE (row));

      if (*value != '\0')
        g_hash_table_insert (variables, g_object_get_data (G_OBJECT (row), "variable"),
                             (gpointer) value);
    }
  return variables;
}

/* The variable rows the preset's message names, or all of them. */
static void
mark_variable_rows (SesameAddProfileDialog *self,
                    const char             *message)
{
  gboolean named = FALSE;

  for (guint pass = 0; pass < 2 && !named; pass++)
    for (guint i = 0; i < self->variable_rows->len; i++)
      {
        GtkWidget *row = self->variable_rows->pdata[i];
        g_autofree char *quoted = g_strdup_printf ("“%s”", (char *) g_object_get_data (
                                                     G_OBJECT (row), "variable"));

        if (pass == 1 || strstr (message, quoted) != NULL)
          {
            mark_row (row, message);
            named = TRUE;
          }
      }
}

/* Always NULL, for returning. */
static gpointer
field_error (SesameAddProfileDialog *self,
             gpointer                row,
             GError                 *error)
{
  if (row != NULL)
    mark_row (row, error->message);
  show_error (self, error->message);
  if (row != NULL)
    gtk_widget_grab_focus (row);
  return NULL;
}

/* The profile, or NULL with the field at fault marked: each field is tried on its own
 * in a profile that is valid but for it, so that the store's own rules say which.
 */
static SesameProfile *
build_profile (SesameAddProfileDialog *self,
               const char             *secret)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->name_row))));
  g_autofree char *client_id = g_strstrip (g_strdup (gtk_editable_get_text (
                                             GTK_EDITABLE (self->client_id_row))));
  g_autoptr(GHashTable) variables = collect_variables (self);
  g_autoptr(SesameProfile) profile = sesame_profile_new (name);
  g_autoptr(SesameProfile) probe = sesame_profile_new ("probe");
  SesamePreset *preset = selected_preset (self);
  g_autoptr(GError) error = NULL;

  sesame_profile_set_issuer (probe, "https://probe.invalid/");
  sesame_profile_set_client_id (probe, "probe");
  sesame_profile_set_name (probe, name);
  if (!sesame_profile_validate (probe, &error))
    return field_error (self, self->name_row, error);
  sesame_profile_set_name (probe, "probe");
  sesame_profile_set_client_id (probe, client_id);
  if (!sesame_profile_validate (probe, &error))
    return field_error (self, self->client_id_row, error);
  if (preset != NULL && !sesame_preset_apply (preset, profile, variables, &error))
    {
      mark_variable_rows (self, error->message);
      return field_error (self, NULL, error);
    }

  sesame_profile_set_client_id (profile, client_id);
  if (gtk_widget_get_visible (GTK_WIDGET (self->sign_in_method_row)))
    sesame_profile_set_sign_in_method (profile,
                                       adw_combo_row_get_selected (self->sign_in_method_row));
  if (secret != NULL && sesame_profile_get_auth_method (profile) == SESAME_AUTH_METHOD_NONE)
    sesame_profile_set_auth_method (profile, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  if (!sesame_profile_validate (profile, &error))
    return field_error (self, NULL, error);
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
  update_add_button (self);
}

static void
on_add_clicked (SesameAddProfileDialog *self)
{
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  if (!gtk_widget_get_sensitive (self->add_button))
    return;
  profile = build_profile (self, *secret ? secret : NULL);
  if (profile == NULL)
    return;
  if (!sesame_profile_store_add (self->store, profile, &error))
    {
      field_error (self, g_error_matches (error, SESAME_STORE_ERROR,
                                          SESAME_STORE_ERROR_PROFILE_EXISTS)
                           ? self->name_row : NULL, error);
      return;
    }

  self->added = g_object_ref (profile);
  if (*secret == '\0')
    {
      finish (self);
      return;
    }
  update_add_button (self);
  sesame_secrets_store_client_secret_async (sesame_profile_get_id (profile),
                                            sesame_profile_get_name (profile), secret,
                                            self->cancellable, on_secret_stored,
                                            g_object_ref (self));
}

static void
on_copy_register_uri (SesameAddProfileDialog *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)),
                          adw_action_row_get_subtitle (self->register_row));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Copied")));
}

/* Enter in any field adds, as the Add button would. */
static void
connect_entry_activated (SesameAddProfileDialog *self,
                         gpointer                row)
{
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_add_clicked), self,
                           G_CONNECT_SWAPPED);
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
  g_clear_pointer (&self->suggested_name, g_free);
  g_clear_object (&self->register_row);

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

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/sesame/Sesame/sesame-add-profile-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, preset_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, variables_group);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, provider_group);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, register_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, client_group);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog,
                                        sign_in_method_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SesameAddProfileDialog, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_preset_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_register_uri);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sesame_add_profile_dialog_init (SesameAddProfileDialog *self)
{
  GPtrArray *presets = sesame_presets_get_all ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->cancellable = g_cancellable_new ();
  self->variable_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_ref (self->register_row);  /* taken out of its group for presets without one */

  for (guint i = 0; i < presets->len; i++)
    gtk_string_list_append (names, sesame_preset_get_name (g_ptr_array_index (presets, i)));
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (names));
  set_tooltip (self->name_row, gtk_widget_get_tooltip_text (GTK_WIDGET (self->name_row)));
  set_tooltip (self->client_id_row,
               gtk_widget_get_tooltip_text (GTK_WIDGET (self->client_id_row)));
  connect_entry_activated (self, self->name_row);
  connect_entry_activated (self, self->client_id_row);
  connect_entry_activated (self, self->secret_row);

  _sesame_accessible_fix_mnemonics (GTK_WIDGET (self));
  _sesame_accessible_name_pages (GTK_WIDGET (self));
  _sesame_accessible_name_group_list (
    ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (GTK_WIDGET (self->preset_row),
                                                    ADW_TYPE_PREFERENCES_GROUP)),
    _("Provider"));
  _sesame_accessible_name_combo_items (self->preset_row);
  _sesame_accessible_name_combo_items (self->sign_in_method_row);
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
  /* Chosen on the welcome page, the provider is settled: the name is the first field. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}
