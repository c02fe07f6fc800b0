/* sesame-preferences-window.c
 *
 * The settings of one profile. Every change is checked as it is typed, field by field
 * with the store's own rules, and saved shortly after the last change once the whole
 * profile is valid: nothing invalid is ever written. The tokens page is in
 * sesame-preferences-window-tokens.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-preferences-window-private.h"

#define SAVE_DELAY_MS          500
#define AUTOMATIC_REDIRECT_URI "http://127.0.0.1/callback"
/* Stands in for the fields not under test when a single field is checked. */
#define PROBE_URL              "https://probe.invalid/"

enum
{
  DISCOVERY_ISSUER,
  DISCOVERY_MANUAL,
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_PROFILE,
  N_PROPS
};

enum
{
  PROFILE_CHANGED,
  TOKENS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SesamePreferencesWindow, sesame_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* Rows and feedback ------------------------------------------------------------------ */

static char *
row_text (gpointer row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_row_text (gpointer    row,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

void
_sesame_preferences_window_mark_row (GtkWidget  *row,
                                     const char *message)
{
  gtk_widget_set_tooltip_text (row, message);
  if (message != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID);
    }
}

/* Adds a line to the error label under a group; the same message only once. */
static void
append_error (GtkLabel   *label,
              const char *message)
{
  const char *text = gtk_label_get_text (label);
  g_autofree char *joined = NULL;

  if (strstr (text, message) != NULL)
    return;
  joined = *text != '\0' ? g_strconcat (text, "\n", message, NULL) : g_strdup (message);
  gtk_label_set_text (label, joined);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

static void
clear_label (GtkLabel *label)
{
  gtk_label_set_text (label, "");
  gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
}

/* Always FALSE, for returning. */
static gboolean
show_field_error (GtkWidget  *row,
                  GtkLabel   *label,
                  const char *message)
{
  _sesame_preferences_window_mark_row (row, message);
  append_error (label, message);
  return FALSE;
}

void
_sesame_preferences_window_show_toast (SesamePreferencesWindow *self,
                                       const char              *text)
{
  g_autoptr(AdwToast) toast = adw_toast_new ("");
  GtkWidget *title = gtk_label_new (NULL);

  /* A toast's title is markup: a label of our own keeps the text as it is. */
  gtk_label_set_text (GTK_LABEL (title), text);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  adw_toast_set_custom_title (toast, title);
  adw_toast_set_timeout (toast, 3);

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_set_object (&self->toast, toast);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), g_object_ref (toast));
}

/* Filling in the rows ---------------------------------------------------------------- */

static SesamePreset *
selected_preset (SesamePreferencesWindow *self)
{
  GPtrArray *presets = sesame_presets_get_all ();
  guint selected = adw_combo_row_get_selected (self->preset_row);

  return selected < presets->len ? g_ptr_array_index (presets, selected) : NULL;
}

static void
update_visibility (SesamePreferencesWindow *self)
{
  gboolean by_issuer = adw_combo_row_get_selected (self->discovery_row) == DISCOVERY_ISSUER;

  gtk_widget_set_visible (GTK_WIDGET (self->issuer_row), by_issuer);
  gtk_widget_set_visible (GTK_WIDGET (self->authorization_row), !by_issuer);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), !by_issuer);
}

/* What a preset or the saved profile says about the provider. */
static void
fill_provider_rows (SesamePreferencesWindow *self,
                    SesameProfile           *profile)
{
  gboolean by_issuer = sesame_profile_get_issuer (profile) != NULL ||
                       (sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION) == NULL &&
                        sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_TOKEN) == NULL);

  self->loading++;
  adw_combo_row_set_selected (self->discovery_row, by_issuer ? DISCOVERY_ISSUER : DISCOVERY_MANUAL);
  set_row_text (self->issuer_row, sesame_profile_get_issuer (profile));
  set_row_text (self->authorization_row,
                sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION));
  set_row_text (self->token_row, sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_TOKEN));
  set_row_text (self->revocation_row,
                sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_REVOCATION));
  set_row_text (self->scope_row, sesame_profile_get_scope (profile));
  set_row_text (self->redirect_row, sesame_profile_get_redirect_uri (profile));
  adw_combo_row_set_selected (self->auth_method_row, sesame_profile_get_auth_method (profile));
  update_visibility (self);
  self->loading--;
}

static void
set_ca_file (SesamePreferencesWindow *self,
             const char              *path)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;

  g_free (self->ca_file);
  self->ca_file = path != NULL && *path != '\0' ? g_strdup (path) : NULL;
  g_clear_pointer (&self->ca_error, g_free);
  if (self->ca_file != NULL && (database = g_tls_file_database_new (self->ca_file, &error)) == NULL)
    self->ca_error = g_strdup_printf (_("The CA file cannot be read: %s"), error->message);

  adw_action_row_set_subtitle (self->ca_file_row,
                               self->ca_file != NULL ? self->ca_file
                                                     : _("None: only the system’s are trusted"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-ca-file", self->ca_file != NULL);
}

static void
select_preset_row (SesamePreferencesWindow *self,
                   const char              *preset_id)
{
  GPtrArray *presets = sesame_presets_get_all ();
  guint selected = presets->len;  /* Custom */

  for (guint i = 0; preset_id != NULL && i < presets->len; i++)
    if (g_strcmp0 (sesame_preset_get_id (presets->pdata[i]), preset_id) == 0)
      selected = i;
  adw_combo_row_set_selected (self->preset_row, selected);
}

static void fill_variable_rows (SesamePreferencesWindow *self,
                                SesameProfile           *guess_from);

static void
load_rows (SesamePreferencesWindow *self)
{
  SesameProfile *profile = self->saved;

  self->loading++;
  select_preset_row (self, sesame_profile_get_preset (profile));
  fill_variable_rows (self, profile);
  fill_provider_rows (self, profile);
  set_row_text (self->client_id_row, sesame_profile_get_client_id (profile));
  if (sesame_profile_get_browser (profile) == SESAME_BROWSER_NONE)
    gtk_string_list_append (GTK_STRING_LIST (adw_combo_row_get_model (self->browser_row)),
                            _("Only Show the Address"));
  adw_combo_row_set_selected (self->browser_row, sesame_profile_get_browser (profile));
  set_ca_file (self, sesame_profile_get_ca_file (profile));
  set_row_text (self->name_row, sesame_profile_get_name (profile));
  self->loading--;
}

/* The profile the rows describe: a copy of @base with every row's value. */
static SesameProfile *
build_edited (SesamePreferencesWindow *self)
{
  SesameProfile *edited = sesame_profile_copy (self->base);
  gboolean by_issuer = adw_combo_row_get_selected (self->discovery_row) == DISCOVERY_ISSUER;
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *issuer = row_text (self->issuer_row);
  g_autofree char *authorization = row_text (self->authorization_row);
  g_autofree char *token = row_text (self->token_row);
  g_autofree char *revocation = row_text (self->revocation_row);
  g_autofree char *client_id = row_text (self->client_id_row);
  g_autofree char *scope = row_text (self->scope_row);
  g_autofree char *redirect_uri = row_text (self->redirect_row);

  sesame_profile_set_name (edited, name);
  sesame_profile_set_issuer (edited, by_issuer ? issuer : NULL);
  sesame_profile_set_endpoint (edited, SESAME_ENDPOINT_AUTHORIZATION,
                               by_issuer ? NULL : authorization);
  sesame_profile_set_endpoint (edited, SESAME_ENDPOINT_TOKEN, by_issuer ? NULL : token);
  sesame_profile_set_endpoint (edited, SESAME_ENDPOINT_REVOCATION, revocation);
  sesame_profile_set_client_id (edited, client_id);
  sesame_profile_set_auth_method (edited, adw_combo_row_get_selected (self->auth_method_row));
  sesame_profile_set_scope (edited, scope);
  sesame_profile_set_redirect_uri (edited, redirect_uri);
  sesame_profile_set_browser (edited, adw_combo_row_get_selected (self->browser_row));
  sesame_profile_set_ca_file (edited, self->ca_file);
  return edited;
}

/* Presets ---------------------------------------------------------------------------- */

static void on_variable_changed (SesamePreferencesWindow *self);

/* The value of @variable that @preset turned into @profile's URLs, found by applying the
 * preset again with a marker for it: NULL when it cannot be told.
 */
static char *
guess_variable (SesamePreset  *preset,
                SesameProfile *profile,
                const char    *variable)
{
  static const char *markers[] = { "sesamemarker", "https://sesame-marker.invalid" };

  for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
    {
      g_autoptr(SesameProfile) scratch = sesame_profile_new ("scratch");
      g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);

      g_hash_table_insert (values, (gpointer) variable, (gpointer) markers[m]);
      if (!sesame_preset_apply (preset, scratch, values, NULL))
        continue;

      for (int field = -1; field < SESAME_N_ENDPOINTS; field++)
        {
          const char *template = field < 0 ? sesame_profile_get_issuer (scratch)
                                           : sesame_profile_get_endpoint (scratch, field);
          const char *actual = field < 0 ? sesame_profile_get_issuer (profile)
                                         : sesame_profile_get_endpoint (profile, field);
          const char *at = template != NULL ? strstr (template, markers[m]) : NULL;
          gsize prefix, suffix;

          if (at == NULL || actual == NULL)
            continue;
          prefix = (gsize) (at - template);
          suffix = strlen (at + strlen (markers[m]));
          if (strlen (actual) > prefix + suffix && strncmp (actual, template, prefix) == 0 &&
              strcmp (actual + strlen (actual) - suffix, at + strlen (markers[m])) == 0)
            return g_strndup (actual + prefix, strlen (actual) - prefix - suffix);
        }
    }
  return NULL;
}

static void
remove_variable_rows (SesamePreferencesWindow *self)
{
  for (guint i = 0; i < self->variable_rows->len; i++)
    {
      GtkWidget *row = self->variable_rows->pdata[i];

      gtk_list_box_remove (GTK_LIST_BOX (gtk_widget_get_parent (row)), row);
    }
  g_ptr_array_set_size (self->variable_rows, 0);
}

/* One entry row per variable of the chosen preset, right under the preset row: with the
 * value read back from @guess_from if it can be, else the variable's default.
 */
static void
fill_variable_rows (SesamePreferencesWindow *self,
                    SesameProfile           *guess_from)
{
  SesamePreset *preset = selected_preset (self);
  const char * const *variables = preset != NULL ? sesame_preset_get_variables (preset) : NULL;
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (self->preset_row));
  int position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self->preset_row)) + 1;

  remove_variable_rows (self);
  for (guint i = 0; variables != NULL && variables[i] != NULL; i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      g_autofree char *title = g_strdup (variables[i]);
      g_autofree char *value = guess_from != NULL
                                 ? guess_variable (preset, guess_from, variables[i]) : NULL;

      *title = g_ascii_toupper (*title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_tooltip_text (row, sesame_preset_get_variable_description (preset,
                                                                                variables[i]));
      set_row_text (row, value != NULL ? value
                                       : sesame_preset_get_variable_default (preset, variables[i]));
      g_object_set_data_full (G_OBJECT (row), "variable", g_strdup (variables[i]), g_free);
      g_signal_connect_object (row, "changed", G_CALLBACK (on_variable_changed), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_insert (GTK_LIST_BOX (list), row, position + (int) i);
      g_ptr_array_add (self->variable_rows, row);
    }
}

static GHashTable *
collect_variables (SesamePreferencesWindow *self)
{
  GHashTable *variables = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < self->variable_rows->len; i++)
    {
      GtkWidget *row = self->variable_rows->pdata[i];
      char *value = row_text (row);

      if (*value != '\0')
        g_hash_table_insert (variables, g_object_get_data (G_OBJECT (row), "variable"), value);
      else
        g_free (value);
    }
  return variables;
}

/* Applies the chosen preset to a copy of the profile as edited; on success the copy is the
 * new base and the provider rows show what the preset set.
 */
static void
apply_preset (SesamePreferencesWindow *self)
{
  SesamePreset *preset = selected_preset (self);
  g_autoptr(SesameProfile) edited = build_edited (self);
  g_autoptr(GHashTable) variables = collect_variables (self);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->preset_error, g_free);
  if (preset == NULL)
    {
      sesame_profile_set_preset (self->base, NULL);
      return;
    }
  if (!sesame_preset_apply (preset, edited, variables, &error))
    {
      self->preset_error = g_strdup (error->message);
      return;
    }
  g_set_object (&self->base, edited);
  fill_provider_rows (self, edited);
}

/* Checking --------------------------------------------------------------------------- */

typedef void (*ProbeFunc) (SesameProfile *probe,
                           const char    *value);

typedef struct
{
  gsize        row;      /* offsets in SesamePreferencesWindow */
  gsize        label;
  int          mode;     /* checked only in this DISCOVERY_ mode, or always when -1 */
  ProbeFunc    probe;
  const char  *missing;  /* the message when empty, or NULL to let the probe tell */
} FieldCheck;

static void
probe_name (SesameProfile *probe,
            const char    *value)
{
  sesame_profile_set_name (probe, value);
}

static void
probe_issuer (SesameProfile *probe,
              const char    *value)
{
  sesame_profile_set_issuer (probe, value);
}

static void
probe_authorization (SesameProfile *probe,
                     const char    *value)
{
  sesame_profile_set_issuer (probe, NULL);
  sesame_profile_set_endpoint (probe, SESAME_ENDPOINT_AUTHORIZATION, value);
  sesame_profile_set_endpoint (probe, SESAME_ENDPOINT_TOKEN, PROBE_URL);
}

static void
probe_token (SesameProfile *probe,
             const char    *value)
{
  sesame_profile_set_issuer (probe, NULL);
  sesame_profile_set_endpoint (probe, SESAME_ENDPOINT_AUTHORIZATION, PROBE_URL);
  sesame_profile_set_endpoint (probe, SESAME_ENDPOINT_TOKEN, value);
}

static void
probe_revocation (SesameProfile *probe,
                  const char    *value)
{
  sesame_profile_set_endpoint (probe, SESAME_ENDPOINT_REVOCATION, value);
}

static void
probe_client_id (SesameProfile *probe,
                 const char    *value)
{
  sesame_profile_set_client_id (probe, value);
}

static void
probe_scope (SesameProfile *probe,
             const char    *value)
{
  sesame_profile_set_scope (probe, value);
}

static void
probe_redirect_uri (SesameProfile *probe,
                    const char    *value)
{
  sesame_profile_set_redirect_uri (probe, value);
}

#define FIELD(row, label, mode, probe, missing) \
  { G_STRUCT_OFFSET (SesamePreferencesWindow, row), \
    G_STRUCT_OFFSET (SesamePreferencesWindow, label), mode, probe, missing }

static const FieldCheck field_checks[] = {
  FIELD (issuer_row, provider_error_label, DISCOVERY_ISSUER, probe_issuer,
         N_("Enter the provider’s issuer URL")),
  FIELD (authorization_row, provider_error_label, DISCOVERY_MANUAL, probe_authorization,
         N_("Enter the authorization endpoint")),
  FIELD (token_row, provider_error_label, DISCOVERY_MANUAL, probe_token,
         N_("Enter the token endpoint")),
  FIELD (revocation_row, provider_error_label, -1, probe_revocation, NULL),
  FIELD (client_id_row, client_error_label, -1, probe_client_id, NULL),
  FIELD (scope_row, client_error_label, -1, probe_scope, NULL),
  FIELD (redirect_row, sign_in_error_label, -1, probe_redirect_uri, NULL),
  FIELD (name_row, profile_error_label, -1, probe_name, NULL),
};

/* One field at a time, in a profile that is valid but for it: the store's own rules say
 * which row is wrong.
 */
static gboolean
check_field (SesamePreferencesWindow *self,
             const FieldCheck        *check)
{
  GtkWidget *row = G_STRUCT_MEMBER (GtkWidget *, self, check->row);
  GtkLabel *label = G_STRUCT_MEMBER (GtkLabel *, self, check->label);
  g_autofree char *value = row_text (row);
  g_autoptr(SesameProfile) probe = NULL;
  g_autoptr(GError) error = NULL;

  if (*value == '\0' && check->missing != NULL)
    return show_field_error (row, label, _(check->missing));

  probe = sesame_profile_new ("probe");
  sesame_profile_set_issuer (probe, PROBE_URL);
  sesame_profile_set_client_id (probe, "probe");
  check->probe (probe, value);
  if (!sesame_profile_validate (probe, &error))
    return show_field_error (row, label, error->message);
  return TRUE;
}

static gboolean
check_preset (SesamePreferencesWindow *self)
{
  gboolean named = FALSE;

  if (self->preset_error == NULL)
    return TRUE;

  for (guint pass = 0; pass < 2 && !named; pass++)
    for (guint i = 0; i < self->variable_rows->len; i++)
      {
        GtkWidget *row = self->variable_rows->pdata[i];
        g_autofree char *quoted = g_strdup_printf ("“%s”",
                                                   (char *) g_object_get_data (G_OBJECT (row),
                                                                               "variable"));

        /* The row the message names, or failing that every one. */
        if (pass == 1 || strstr (self->preset_error, quoted) != NULL)
          {
            _sesame_preferences_window_mark_row (row, self->preset_error);
            named = TRUE;
          }
      }
  append_error (self->provider_error_label, self->preset_error);
  return FALSE;
}

/* A CA file that cannot be read blocks a save only when it was just chosen: a saved one
 * may come and go.
 */
static gboolean
check_ca_file (SesamePreferencesWindow *self)
{
  if (self->ca_error == NULL)
    return TRUE;
  show_field_error (GTK_WIDGET (self->ca_file_row), self->sign_in_error_label, self->ca_error);
  return g_strcmp0 (self->ca_file, sesame_profile_get_ca_file (self->saved)) == 0;
}

static void
clear_errors (SesamePreferencesWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_checks); i++)
    _sesame_preferences_window_mark_row (G_STRUCT_MEMBER (GtkWidget *, self, field_checks[i].row),
                                         NULL);
  for (guint i = 0; i < self->variable_rows->len; i++)
    _sesame_preferences_window_mark_row (self->variable_rows->pdata[i], NULL);
  _sesame_preferences_window_mark_row (GTK_WIDGET (self->ca_file_row), NULL);
  clear_label (self->provider_error_label);
  clear_label (self->client_error_label);
  clear_label (self->sign_in_error_label);
  clear_label (self->profile_error_label);
}

/* Marks every invalid row; TRUE when the whole profile as edited may be saved. */
static gboolean
check_all (SesamePreferencesWindow *self)
{
  guint discovery = adw_combo_row_get_selected (self->discovery_row);
  g_autoptr(SesameProfile) edited = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid = TRUE;

  clear_errors (self);
  for (guint i = 0; i < G_N_ELEMENTS (field_checks); i++)
    if (field_checks[i].mode < 0 || (guint) field_checks[i].mode == discovery)
      valid = check_field (self, &field_checks[i]) && valid;
  valid = check_preset (self) && valid;
  valid = check_ca_file (self) && valid;
  if (!valid)
    return FALSE;

  /* What no single field shows, such as a preset's extra parameters. */
  edited = build_edited (self);
  if (!sesame_profile_validate (edited, &error))
    {
      append_error (self->provider_error_label, error->message);
      return FALSE;
    }
  return TRUE;
}

/* Saving ----------------------------------------------------------------------------- */

static void
free_stored_secret (SesamePreferencesWindow *self)
{
  if (self->stored_secret != NULL)
    explicit_bzero (self->stored_secret, strlen (self->stored_secret));
  g_clear_pointer (&self->stored_secret, g_free);
}

static void
on_secret_stored (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SesamePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sesame_secrets_store_client_secret_finish (result, &error))
    return;
  if (self->disposed)
    {
      g_warning ("The client secret could not be stored: %s", error->message);
      return;
    }
  free_stored_secret (self);  /* to try again at the next save */
  _sesame_preferences_window_mark_row (GTK_WIDGET (self->secret_row), error->message);
  _sesame_preferences_window_show_toast (self, error->message);
}

/* Not tied to the window's cancellable: a secret typed just before closing is kept. */
static void
store_secret (SesamePreferencesWindow *self)
{
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));

  if (*secret == '\0' || g_strcmp0 (secret, self->stored_secret) == 0)
    return;
  free_stored_secret (self);
  self->stored_secret = g_strdup (secret);
  sesame_secrets_store_client_secret_async (sesame_profile_get_id (self->saved),
                                            sesame_profile_get_name (self->saved),
                                            secret, NULL, on_secret_stored,
                                            g_object_ref (self));
}

static gboolean
write_profile (SesamePreferencesWindow *self)
{
  g_autoptr(SesameProfile) edited = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->removed || !check_all (self))
    return FALSE;

  edited = build_edited (self);
  if (!sesame_profile_store_update (self->store, edited, &error))
    {
      if (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_EXISTS))
        _sesame_preferences_window_mark_row (GTK_WIDGET (self->name_row), error->message);
      append_error (self->profile_error_label, error->message);
      return FALSE;
    }
  g_set_object (&self->saved, edited);
  g_clear_object (&self->account);  /* made again from the saved profile when needed */
  store_secret (self);
  g_signal_emit (self, signals[PROFILE_CHANGED], 0);
  return TRUE;
}

static gboolean
save (gpointer user_data)
{
  SesamePreferencesWindow *self = user_data;

  self->save_source = 0;
  if (write_profile (self))
    {
      gtk_window_set_title (GTK_WINDOW (self), sesame_profile_get_name (self->saved));
      _sesame_preferences_window_show_toast (self, _("Saved"));
    }
  return G_SOURCE_REMOVE;
}

static void
on_changed (SesamePreferencesWindow *self)
{
  if (self->loading > 0 || self->removed)
    return;

  update_visibility (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  if (check_all (self))
    self->save_source = g_timeout_add (SAVE_DELAY_MS, save, self);
}

static void
on_variable_changed (SesamePreferencesWindow *self)
{
  if (self->loading > 0)
    return;
  apply_preset (self);
  on_changed (self);
}

static void
update_preset_description (SesamePreferencesWindow *self)
{
  SesamePreset *preset = selected_preset (self);
  GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (self->preset_row),
                                              ADW_TYPE_PREFERENCES_GROUP);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         preset != NULL ? sesame_preset_get_description (preset)
                                                        : NULL);
}

static void
on_preset_selected (SesamePreferencesWindow *self)
{
  if (self->loading > 0)
    return;
  update_preset_description (self);
  fill_variable_rows (self, NULL);
  apply_preset (self);
  on_changed (self);
}

/* Actions ---------------------------------------------------------------------------- */

static void
copy_redirect_uri_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);
  g_autofree char *uri = row_text (self->redirect_row);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          *uri != '\0' ? uri : AUTOMATIC_REDIRECT_URI);
  _sesame_preferences_window_show_toast (self, _("Copied"));
}

static void
on_ca_file_response (SesamePreferencesWindow *self,
                     int                      response,
                     GtkNativeDialog         *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path != NULL)
        {
          set_ca_file (self, path);
          on_changed (self);
        }
      else
        _sesame_preferences_window_show_toast (self, _("Choose a file on this computer"));
    }
  g_clear_object (&self->ca_chooser);
}

static void
choose_ca_file_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *pem = gtk_file_filter_new ();
  GtkFileFilter *all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a CA Certificate File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (pem, _("PEM Certificates"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_filter_add_pattern (pem, "*.cer");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), pem);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  g_object_unref (pem);
  g_object_unref (all);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_ca_file_response), self,
                           G_CONNECT_SWAPPED);
  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (self->ca_chooser);
  g_set_object (&self->ca_chooser, GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
  gtk_native_dialog_show (self->ca_chooser);
}

static void
clear_ca_file_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);

  set_ca_file (self, NULL);
  on_changed (self);
}

/* The profile is gone already: the window closes whatever happens to its secrets, and
 * a failure is told on the window below.
 */
static void
on_secrets_cleared (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SesamePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!sesame_secrets_clear_finish (result, &error) && parent != NULL && !self->disposed)
    {
      GtkWidget *dialog = adw_message_dialog_new (parent, _("Secrets Not Deleted"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("The profile was removed, but its client secret and "
                                        "tokens are still in the keyring: %s"),
                                      error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (error != NULL)
    g_warning ("The secrets of a removed profile could not be deleted: %s", error->message);

  if (!self->disposed)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_remove_response (SesamePreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (!sesame_profile_store_remove (self->store, self->saved, &error))
    {
      append_error (self->profile_error_label, error->message);
      return;
    }
  self->removed = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  sesame_secrets_clear_async (sesame_profile_get_id (self->saved), FALSE, NULL,
                              on_secrets_cleared, g_object_ref (self));
}

static void
remove_profile_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Remove “%s”?"),
                                     sesame_profile_get_name (self->saved));
  adw_message_dialog_set_body (dialog, _("Its settings, client secret and tokens are deleted "
                                         "from this computer. The tokens are not revoked: sign "
                                         "out first to revoke them at the provider."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response::remove", G_CALLBACK (on_remove_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The client secret in the keyring ---------------------------------------------------- */

static void
on_secret_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SesamePreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;
  GtkEditable *text;

  secret = sesame_secrets_lookup_client_secret_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      _sesame_preferences_window_mark_row (GTK_WIDGET (self->secret_row), error->message);
      return;
    }
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
  /* An entry row has no placeholder of its own; its text field does. */
  text = gtk_editable_get_delegate (GTK_EDITABLE (self->secret_row));
  if (GTK_IS_TEXT (text))
    gtk_text_set_placeholder_text (GTK_TEXT (text), _("Stored in the keyring"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->secret_row),
                               _("A client secret is stored in the keyring; type a new one to "
                                 "replace it"));
}

/* GObject ---------------------------------------------------------------------------- */

static gboolean
sesame_preferences_window_close_request (GtkWindow *window)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (window);

  if (self->save_source != 0)
    write_profile (self);

  return GTK_WINDOW_CLASS (sesame_preferences_window_parent_class)->close_request (window);
}

static void
sesame_preferences_window_constructed (GObject *object)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (sesame_preferences_window_parent_class)->constructed (object);

  g_assert (self->store != NULL && self->saved != NULL);
  self->base = sesame_profile_copy (self->saved);
  gtk_window_set_title (GTK_WINDOW (self), sesame_profile_get_name (self->saved));
  load_rows (self);
  update_preset_description (self);
  sesame_secrets_lookup_client_secret_async (sesame_profile_get_id (self->saved),
                                             self->cancellable, on_secret_looked_up, self);
  _sesame_preferences_window_load_tokens (self);
}

static void
sesame_preferences_window_dispose (GObject *object)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (object);

  /* Closed some other way than by the user: what was valid is kept all the same. */
  if (self->save_source != 0)
    write_profile (self);
  self->disposed = TRUE;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_source, g_source_remove);
  _sesame_preferences_window_dispose_tokens (self);
  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (self->ca_chooser);
  g_clear_object (&self->ca_chooser);
  g_clear_object (&self->toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (sesame_preferences_window_parent_class)->dispose (object);
}

static void
sesame_preferences_window_finalize (GObject *object)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->saved);
  g_clear_object (&self->base);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->variable_rows, g_ptr_array_unref);
  g_clear_pointer (&self->preset_error, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->ca_error, g_free);
  free_stored_secret (self);

  G_OBJECT_CLASS (sesame_preferences_window_parent_class)->finalize (object);
}

static void
sesame_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PROFILE:
      g_value_set_object (value, self->saved);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_PROFILE:
      /* A copy: the store replaces its own objects on every change. */
      self->saved = sesame_profile_copy (g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_preferences_window_class_init (SesamePreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sesame_preferences_window_constructed;
  object_class->dispose = sesame_preferences_window_dispose;
  object_class->finalize = sesame_preferences_window_finalize;
  object_class->get_property = sesame_preferences_window_get_property;
  object_class->set_property = sesame_preferences_window_set_property;
  window_class->close_request = sesame_preferences_window_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SESAME_TYPE_PROFILE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, SESAME_TYPE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SesamePreferencesWindow::profile-changed:
   *
   * The profile was saved to the store (it may have a new name).
   */
  signals[PROFILE_CHANGED] =
    g_signal_new ("profile-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SesamePreferencesWindow::tokens-changed:
   *
   * Refresh now or Sign out changed the stored tokens.
   */
  signals[TOKENS_CHANGED] =
    g_signal_new ("tokens-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sesame/Sesame/"
                                               "sesame-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, preset_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, discovery_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, authorization_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, token_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, revocation_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        provider_error_label);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, secret_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, auth_method_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, scope_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        client_error_label);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, redirect_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, browser_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        sign_in_error_label);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        profile_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_preset_selected);

  gtk_widget_class_install_action (widget_class, "prefs.copy-redirect-uri", NULL,
                                   copy_redirect_uri_activated);
  gtk_widget_class_install_action (widget_class, "prefs.choose-ca-file", NULL,
                                   choose_ca_file_activated);
  gtk_widget_class_install_action (widget_class, "prefs.clear-ca-file", NULL,
                                   clear_ca_file_activated);
  gtk_widget_class_install_action (widget_class, "prefs.remove-profile", NULL,
                                   remove_profile_activated);

  _sesame_preferences_window_class_init_tokens (widget_class);
}

static void
sesame_preferences_window_init (SesamePreferencesWindow *self)
{
  GPtrArray *presets = sesame_presets_get_all ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  /* No change is the user's until the rows are filled in (constructed). */
  self->loading = 1;
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->variable_rows = g_ptr_array_new ();
  self->token_rows = g_ptr_array_new ();

  for (guint i = 0; i < presets->len; i++)
    gtk_string_list_append (names, sesame_preset_get_name (presets->pdata[i]));
  gtk_string_list_append (names, _("Custom"));
  adw_combo_row_set_model (self->preset_row, G_LIST_MODEL (names));
  self->loading = 0;
}

SesamePreferencesWindow *
sesame_preferences_window_new (GtkWindow          *parent,
                               SesameProfileStore *store,
                               SesameProfile      *profile)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SESAME_IS_PROFILE_STORE (store), NULL);
  g_return_val_if_fail (SESAME_IS_PROFILE (profile), NULL);

  return g_object_new (SESAME_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "store", store,
                       "profile", profile,
                       NULL);
}
