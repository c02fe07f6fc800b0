/* sesame-preferences-window-rows.c
 *
 * The settings rows of the preferences window: filled in from the profile or a preset,
 * read back into a copy of it, and checked field by field with the store's own rules,
 * so that the row at fault is the one marked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-preferences-window-private.h"
#include "sesame-web-sign-in-loader.h"

/* Stands in for the fields not under test when a single field is checked. */
#define PROBE_URL "https://probe.invalid/"

enum
{
  DISCOVERY_ISSUER,
  DISCOVERY_MANUAL,
};

/* Rows and feedback ------------------------------------------------------------------ */

char *
_sesame_preferences_window_row_text (gpointer row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
set_row_text (gpointer    row,
              const char *text)
{
  /* Unchanged, a row being typed in keeps its cursor. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text != NULL ? text : "") != 0)
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
void
_sesame_preferences_window_append_error (GtkLabel   *label,
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
  _sesame_preferences_window_append_error (label, message);
  return FALSE;
}

/* Filling in the rows ---------------------------------------------------------------- */

static SesamePreset *
selected_preset (SesamePreferencesWindow *self)
{
  GPtrArray *presets = sesame_presets_get_all ();
  guint selected = adw_combo_row_get_selected (self->preset_row);

  return selected < presets->len ? g_ptr_array_index (presets, selected) : NULL;
}

static gboolean
signs_in_on_device (SesamePreferencesWindow *self)
{
  return adw_combo_row_get_selected (self->sign_in_method_row) == SESAME_SIGN_IN_DEVICE;
}

/* The browser, its cookies and the redirect URI matter only to a sign-in in a browser;
 * a device authorization endpoint only to one on another device, and is typed in only
 * where the provider is not discovered (discovery, or the preset, gives it otherwise).
 */
void
_sesame_preferences_window_update_visibility (SesamePreferencesWindow *self)
{
  gboolean by_issuer = adw_combo_row_get_selected (self->discovery_row) == DISCOVERY_ISSUER;
  gboolean device = signs_in_on_device (self);

  gtk_widget_set_visible (GTK_WIDGET (self->issuer_row), by_issuer);
  gtk_widget_set_visible (GTK_WIDGET (self->authorization_row), !by_issuer);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), !by_issuer);
  gtk_widget_set_visible (GTK_WIDGET (self->device_row), !by_issuer && device);
  gtk_widget_set_visible (GTK_WIDGET (self->redirect_row), !device);
  gtk_widget_set_visible (GTK_WIDGET (self->browser_row), !device);
  adw_preferences_group_set_description (
    self->sign_in_group,
    device ? _("Sesame shows a code to scan or type in on a phone or another computer, "
               "where you sign in and approve.")
           : _("Leave the redirect URI empty to receive the answer on http://127.0.0.1 at a "
               "free port."));
  gtk_widget_set_visible (GTK_WIDGET (self->stay_signed_in_row),
                          !device && adw_combo_row_get_selected (self->browser_row) ==
                                       SESAME_BROWSER_EMBEDDED);
  gtk_widget_set_visible (GTK_WIDGET (self->web_data_row),
                          self->saved != NULL &&
                            sesame_web_data_exists (sesame_profile_get_id (self->saved)));
}

/* What a preset or the saved profile says about the provider. */
static void
fill_provider_rows (SesamePreferencesWindow *self,
                    SesameProfile           *profile)
{
  const char *authorization = sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION);
  const char *token = sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_TOKEN);
  gboolean by_issuer = sesame_profile_get_issuer (profile) != NULL ||
                       (authorization == NULL && token == NULL);

  self->loading++;
  adw_combo_row_set_selected (self->discovery_row, by_issuer ? DISCOVERY_ISSUER : DISCOVERY_MANUAL);
  set_row_text (self->issuer_row, sesame_profile_get_issuer (profile));
  set_row_text (self->authorization_row, authorization);
  set_row_text (self->token_row, token);
  set_row_text (self->revocation_row,
                sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_REVOCATION));
  set_row_text (self->device_row,
                sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_DEVICE_AUTHORIZATION));
  set_row_text (self->scope_row, sesame_profile_get_scope (profile));
  set_row_text (self->redirect_row, sesame_profile_get_redirect_uri (profile));
  adw_combo_row_set_selected (self->auth_method_row, sesame_profile_get_auth_method (profile));
  _sesame_preferences_window_update_visibility (self);
  self->loading--;
}

void
_sesame_preferences_window_set_ca_file (SesamePreferencesWindow *self,
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

static void fill_variable_rows        (SesamePreferencesWindow *self,
                                       SesameProfile           *guess_from);
static void update_preset_description (SesamePreferencesWindow *self);

void
_sesame_preferences_window_load_rows (SesamePreferencesWindow *self)
{
  SesameProfile *profile = self->saved;

  self->loading++;
  select_preset_row (self, sesame_profile_get_preset (profile));
  fill_variable_rows (self, profile);
  fill_provider_rows (self, profile);
  set_row_text (self->client_id_row, sesame_profile_get_client_id (profile));
  if (sesame_profile_get_browser (profile) == SESAME_BROWSER_NONE &&
      g_list_model_get_n_items (adw_combo_row_get_model (self->browser_row)) <=
        SESAME_BROWSER_NONE)
    gtk_string_list_append (GTK_STRING_LIST (adw_combo_row_get_model (self->browser_row)),
                            _("Only Show the Address"));
  adw_combo_row_set_selected (self->browser_row, sesame_profile_get_browser (profile));
  adw_combo_row_set_selected (self->sign_in_method_row,
                              sesame_profile_get_sign_in_method (profile));
  gtk_switch_set_active (self->stay_signed_in_switch, sesame_profile_get_stay_signed_in (profile));
  _sesame_preferences_window_set_ca_file (self, sesame_profile_get_ca_file (profile));
  set_row_text (self->name_row, sesame_profile_get_name (profile));
  update_preset_description (self);
  _sesame_preferences_window_update_visibility (self);
  self->loading--;
}

/* The profile the rows describe: a copy of @base with every row's value. */
SesameProfile *
_sesame_preferences_window_build_edited (SesamePreferencesWindow *self)
{
  SesameProfile *edited = sesame_profile_copy (self->base);
  gboolean by_issuer = adw_combo_row_get_selected (self->discovery_row) == DISCOVERY_ISSUER;
  g_autofree char *name = _sesame_preferences_window_row_text (self->name_row);
  g_autofree char *issuer = _sesame_preferences_window_row_text (self->issuer_row);
  g_autofree char *authorization = _sesame_preferences_window_row_text (self->authorization_row);
  g_autofree char *token = _sesame_preferences_window_row_text (self->token_row);
  g_autofree char *revocation = _sesame_preferences_window_row_text (self->revocation_row);
  g_autofree char *device = _sesame_preferences_window_row_text (self->device_row);
  g_autofree char *client_id = _sesame_preferences_window_row_text (self->client_id_row);
  g_autofree char *scope = _sesame_preferences_window_row_text (self->scope_row);
  g_autofree char *redirect_uri = _sesame_preferences_window_row_text (self->redirect_row);

  sesame_profile_set_name (edited, name);
  sesame_profile_set_issuer (edited, by_issuer ? issuer : NULL);
  sesame_profile_set_endpoint (edited, SESAME_ENDPOINT_AUTHORIZATION,
                               by_issuer ? NULL : authorization);
  sesame_profile_set_endpoint (edited, SESAME_ENDPOINT_TOKEN, by_issuer ? NULL : token);
  sesame_profile_set_endpoint (edited, SESAME_ENDPOINT_REVOCATION, revocation);
  /* With an issuer, one given by hand elsewhere (the command line, a preset) stays. */
  if (!by_issuer)
    sesame_profile_set_endpoint (edited, SESAME_ENDPOINT_DEVICE_AUTHORIZATION, device);
  sesame_profile_set_client_id (edited, client_id);
  sesame_profile_set_auth_method (edited, adw_combo_row_get_selected (self->auth_method_row));
  sesame_profile_set_scope (edited, scope);
  sesame_profile_set_redirect_uri (edited, redirect_uri);
  sesame_profile_set_browser (edited, adw_combo_row_get_selected (self->browser_row));
  sesame_profile_set_sign_in_method (edited, adw_combo_row_get_selected (self->sign_in_method_row));
  sesame_profile_set_stay_signed_in (edited, gtk_switch_get_active (self->stay_signed_in_switch));
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
      const char *title = sesame_preset_get_variable_title (preset, variables[i]);
      g_autofree char *value = guess_from != NULL
                                 ? guess_variable (preset, guess_from, variables[i]) : NULL;

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
      char *value = _sesame_preferences_window_row_text (row);

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
  g_autoptr(SesameProfile) edited = _sesame_preferences_window_build_edited (self);
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
probe_device (SesameProfile *probe,
              const char    *value)
{
  sesame_profile_set_endpoint (probe, SESAME_ENDPOINT_DEVICE_AUTHORIZATION, value);
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
  FIELD (device_row, provider_error_label, DISCOVERY_MANUAL, probe_device, NULL),
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
  g_autofree char *value = _sesame_preferences_window_row_text (row);
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
  _sesame_preferences_window_append_error (self->provider_error_label, self->preset_error);
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

/* Without discovery, a sign-in on another device needs the endpoint typed in: the
 * provider's documentation names it (a preset that documents it fills it in). */
static gboolean
check_device (SesamePreferencesWindow *self,
              guint                    discovery)
{
  g_autofree char *value = _sesame_preferences_window_row_text (self->device_row);

  if (!signs_in_on_device (self) || discovery != DISCOVERY_MANUAL || *value != '\0')
    return TRUE;
  return show_field_error (GTK_WIDGET (self->device_row), self->provider_error_label,
                           _("Enter the device authorization endpoint, or sign in with a "
                             "browser"));
}

static void
clear_errors (SesamePreferencesWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_checks); i++)
    {
      GtkWidget *row = G_STRUCT_MEMBER (GtkWidget *, self, field_checks[i].row);

      _sesame_preferences_window_mark_row (row, NULL);
    }
  for (guint i = 0; i < self->variable_rows->len; i++)
    _sesame_preferences_window_mark_row (self->variable_rows->pdata[i], NULL);
  _sesame_preferences_window_mark_row (GTK_WIDGET (self->ca_file_row), NULL);
  clear_label (self->provider_error_label);
  clear_label (self->client_error_label);
  clear_label (self->sign_in_error_label);
  clear_label (self->profile_error_label);
}

/* Marks every invalid row; TRUE when the whole profile as edited may be saved. */
gboolean
_sesame_preferences_window_check_all (SesamePreferencesWindow *self)
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
  valid = check_device (self, discovery) && valid;
  if (!valid)
    return FALSE;

  /* What no single field shows, such as a preset's extra parameters. */
  edited = _sesame_preferences_window_build_edited (self);
  if (!sesame_profile_validate (edited, &error))
    {
      _sesame_preferences_window_append_error (self->provider_error_label, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
on_variable_changed (SesamePreferencesWindow *self)
{
  if (self->loading > 0)
    return;
  apply_preset (self);
  _sesame_preferences_window_changed (self);
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

void
_sesame_preferences_window_preset_selected (SesamePreferencesWindow *self)
{
  if (self->loading > 0)
    return;
  update_preset_description (self);
  fill_variable_rows (self, NULL);
  apply_preset (self);
  _sesame_preferences_window_changed (self);
}
