/* sesame-preferences-window-tokens.c
 *
 * The tokens page of the preferences window: what the keyring holds for the profile,
 * hidden until asked for, a countdown to expiry, the scopes, the ID token's claims, and
 * Refresh now and Sign out. Everything from the provider goes into labels as plain text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-preferences-window-private.h"
#include "sesame-sign-out.h"

#define MASK "••••••••"

typedef enum
{
  STATUS_LOADING,
  STATUS_SIGNED_OUT,
  STATUS_ERROR,
  STATUS_SIGNED_IN,
} Status;

/* Text ------------------------------------------------------------------------------- */

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);

  if (time == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT, unix_time);
  /* Translators: a date and time, as strftime() formats it */
  return g_date_time_format (time, _("%Y-%m-%d %H:%M:%S"));
}

static char *
format_duration (gint64 seconds)
{
  if (seconds >= 24 * 3600)
    /* Translators: a duration in days and hours */
    return g_strdup_printf (_("%d d %d h"), (int) (seconds / (24 * 3600)),
                            (int) (seconds % (24 * 3600) / 3600));
  if (seconds >= 3600)
    /* Translators: a duration in hours and minutes */
    return g_strdup_printf (_("%d h %d min"), (int) (seconds / 3600), (int) (seconds % 3600 / 60));
  if (seconds >= 60)
    /* Translators: a duration in minutes and seconds */
    return g_strdup_printf (_("%d min %d s"), (int) (seconds / 60), (int) (seconds % 60));
  /* Translators: a duration in seconds */
  return g_strdup_printf (_("%d s"), (int) seconds);
}

static const char *
token_of_kind (SesameTokenSet *tokens,
               const char     *kind)
{
  if (tokens == NULL)
    return NULL;
  if (g_str_equal (kind, "access"))
    return sesame_token_set_get_access_token (tokens);
  if (g_str_equal (kind, "refresh"))
    return sesame_token_set_get_refresh_token (tokens);
  if (g_str_equal (kind, "id"))
    return sesame_token_set_get_id_token (tokens);
  g_return_val_if_reached (NULL);
}

/* Rows ------------------------------------------------------------------------------- */

/* Sets a value's text. The row, a Tab stop, and the value, which has the focus when it
 * can be selected, read their title first and then the value (@spoken, when the text is
 * not for reading aloud): GTK 4.8 names a row by nothing and a label by its text.
 */
static void
set_value_text (GtkLabel   *value,
                const char *text,
                const char *spoken)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (value), ADW_TYPE_PREFERENCES_ROW);
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  gtk_label_set_text (value, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (value),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken ? spoken : text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken ? spoken : text, -1);
}

/* A row with a small title above its value, which wraps: narrow windows show it whole.
 * Returns the value's label; its parent's parent is the row's box, for buttons.
 */
static GtkLabel *
add_value_row (SesamePreferencesWindow *self,
               AdwPreferencesGroup     *group,
               const char              *title,
               const char              *value)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title_label = gtk_label_new (NULL);
  GtkWidget *value_label = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set (box, "margin-start", 12, "margin-end", 12, "margin-top", 8, "margin-bottom", 8,
                NULL);
  gtk_widget_set_hexpand (lines, TRUE);
  gtk_widget_set_valign (lines, GTK_ALIGN_CENTER);

  gtk_label_set_text (GTK_LABEL (title_label), title);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_wrap (GTK_LABEL (title_label), TRUE);
  gtk_widget_add_css_class (title_label, "caption");
  gtk_widget_add_css_class (title_label, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);

  gtk_box_append (GTK_BOX (lines), title_label);
  gtk_box_append (GTK_BOX (lines), value_label);
  gtk_box_append (GTK_BOX (box), lines);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->token_rows, row);
  set_value_text (GTK_LABEL (value_label), value, NULL);
  return GTK_LABEL (value_label);
}

GtkLabel *
_sesame_preferences_window_add_value_row (SesamePreferencesWindow *self,
                                          AdwPreferencesGroup     *group,
                                          const char              *title,
                                          const char              *value)
{
  return add_value_row (self, group, title, value);
}

/* A second, dimmer line under a value. */
static void
add_detail (GtkLabel   *value,
            const char *text)
{
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_text (GTK_LABEL (detail), text);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (value))), detail);
}

static GtkWidget *
add_icon_button (GtkLabel   *value,
                 GtkWidget  *button,
                 const char *icon_name,
                 const char *description)
{
  gtk_button_set_icon_name (GTK_BUTTON (button), icon_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
  gtk_box_append (GTK_BOX (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (value)))),
                  button);
  return button;
}

static void
on_reveal_toggled (SesamePreferencesWindow *self,
                   GtkToggleButton         *button)
{
  GtkLabel *label = g_object_get_data (G_OBJECT (button), "value-label");
  const char *token = token_of_kind (self->tokens, g_object_get_data (G_OBJECT (button), "kind"));
  gboolean shown = gtk_toggle_button_get_active (button) && token != NULL;

  set_value_text (label, shown ? token : MASK, shown ? NULL : _("Hidden"));
  gtk_label_set_selectable (label, shown);
  gtk_button_set_icon_name (GTK_BUTTON (button),
                            shown ? "view-conceal-symbolic" : "view-reveal-symbolic");
}

/* A token, masked until revealed, with a copy button. @kind is a static string. */
static void
add_token_row (SesamePreferencesWindow *self,
               const char              *title,
               const char              *kind,
               const char              *reveal_description,
               const char              *copy_description)
{
  GtkLabel *value = add_value_row (self, self->tokens_group, title, MASK);
  GtkWidget *reveal = gtk_toggle_button_new ();
  GtkWidget *copy = gtk_button_new ();
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));

  set_value_text (value, MASK, _("Hidden"));
  gtk_label_set_selectable (value, FALSE);
  /* A token broken over lines gets no hyphens that are not in it. */
  gtk_label_set_attributes (value, attributes);
  gtk_label_set_lines (value, 4);
  gtk_label_set_ellipsize (value, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (value), "monospace");

  add_icon_button (value, reveal, "view-reveal-symbolic", reveal_description);
  g_object_set_data (G_OBJECT (reveal), "value-label", value);
  g_object_set_data (G_OBJECT (reveal), "kind", (gpointer) kind);
  g_signal_connect_object (reveal, "toggled", G_CALLBACK (on_reveal_toggled), self,
                           G_CONNECT_SWAPPED);

  add_icon_button (value, copy, "edit-copy-symbolic", copy_description);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (copy), "s", kind);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "prefs.copy-token");
}

static void
clear_token_rows (SesamePreferencesWindow *self)
{
  for (guint i = 0; i < self->token_rows->len; i++)
    {
      GtkWidget *row = self->token_rows->pdata[i];

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (
                                      gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)),
                                    row);
    }
  g_ptr_array_set_size (self->token_rows, 0);
  self->expires_label = NULL;
  g_clear_handle_id (&self->countdown_source, g_source_remove);
}

/* Showing the tokens ----------------------------------------------------------------- */

static void
update_countdown (SesamePreferencesWindow *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 left = sesame_token_set_get_expires_at (self->tokens) - now;
  g_autofree char *duration = format_duration (ABS (left));
  g_autofree char *text = NULL;

  if (left > 0)
    text = g_strdup_printf (_("Expires in %s"), duration);
  else
    text = g_strdup_printf (_("Expired %s ago"), duration);
  set_value_text (self->expires_label, text, NULL);
  if (left <= 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->expires_label), "warning");
}

static gboolean
on_countdown_tick (gpointer user_data)
{
  update_countdown (user_data);
  return G_SOURCE_CONTINUE;
}

static void
show_times (SesamePreferencesWindow *self,
            SesameTokenSet          *tokens)
{
  g_autofree char *obtained = format_time (sesame_token_set_get_obtained_at (tokens));
  g_autofree char *expires = NULL;

  add_value_row (self, self->tokens_group, _("Obtained"), obtained);
  if (sesame_token_set_get_expires_at (tokens) == 0)
    {
      add_value_row (self, self->tokens_group, _("Expires"),
                     _("Unknown: the provider did not say"));
      return;
    }
  expires = format_time (sesame_token_set_get_expires_at (tokens));
  self->expires_label = add_value_row (self, self->tokens_group, _("Expires"), "");
  add_detail (self->expires_label, expires);
  update_countdown (self);
  self->countdown_source = g_timeout_add (1000, on_countdown_tick, self);
}

static void
show_scopes (SesamePreferencesWindow *self,
             SesameTokenSet          *tokens)
{
  const char *granted = sesame_token_set_get_scope (tokens);
  const char *requested = sesame_profile_get_scope (self->saved);
  g_auto(GStrv) granted_words = g_strsplit (granted != NULL ? granted : "", " ", -1);
  g_auto(GStrv) requested_words = g_strsplit (requested != NULL ? requested : "", " ", -1);
  g_autoptr(GString) missing = g_string_new (NULL);

  add_value_row (self, self->scopes_group, _("Granted"),
                 granted != NULL ? granted : _("Not stated by the provider"));
  for (guint i = 0; granted != NULL && requested_words[i] != NULL; i++)
    if (*requested_words[i] != '\0' &&
        !g_strv_contains ((const char * const *) granted_words, requested_words[i]))
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? " " : "", requested_words[i]);
  if (missing->len > 0)
    {
      GtkLabel *value = add_value_row (self, self->scopes_group,
                                       _("Requested but Not Granted"), missing->str);
      gtk_widget_add_css_class (GTK_WIDGET (value), "warning");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->scopes_group), TRUE);
}

static void
show_claims (SesamePreferencesWindow *self,
             SesameTokenSet          *tokens)
{
  g_autoptr(JsonObject) claims = sesame_token_set_dup_id_token_claims (tokens);

  gtk_widget_set_visible (GTK_WIDGET (self->claims_group), claims != NULL);
  if (claims != NULL)
    _sesame_preferences_window_add_claim_rows (self, self->claims_group, claims);
}

static void
update_actions (SesamePreferencesWindow *self)
{
  gboolean idle = self->tokens != NULL && !self->busy;
  gboolean can_refresh = idle && sesame_token_set_get_refresh_token (self->tokens) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.refresh-tokens", can_refresh);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.sign-out", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.copy-token", self->tokens != NULL);
}

static void
show_actions_message (SesamePreferencesWindow *self,
                      const char              *message)
{
  gtk_label_set_text (self->actions_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->actions_label), message != NULL);
}

static void
show_status (SesamePreferencesWindow *self,
             Status                   status,
             const char              *description)
{
  GtkWidget *status_group = gtk_widget_get_ancestor (self->status_box, ADW_TYPE_PREFERENCES_GROUP);
  const char *titles[] = {
    [STATUS_LOADING] = _("Reading the Keyring…"),
    [STATUS_SIGNED_OUT] = _("Not Signed In"),
    [STATUS_ERROR] = _("The Tokens Cannot Be Read"),
    [STATUS_SIGNED_IN] = "",
  };

  gtk_widget_set_visible (status_group, status != STATUS_SIGNED_IN);
  gtk_widget_set_visible (GTK_WIDGET (self->status_image), status != STATUS_LOADING);
  gtk_image_set_from_icon_name (self->status_image, status == STATUS_ERROR
                                                      ? "dialog-error-symbolic"
                                                      : "dialog-password-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), status == STATUS_LOADING);
  gtk_spinner_set_spinning (self->status_spinner, status == STATUS_LOADING);
  gtk_label_set_text (self->status_title, titles[status]);
  gtk_label_set_text (self->status_description, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_description), description != NULL);
  gtk_widget_set_visible (self->status_sign_in_button, status == STATUS_SIGNED_OUT);

  gtk_widget_set_visible (GTK_WIDGET (self->tokens_group), status == STATUS_SIGNED_IN);
  gtk_widget_set_visible (GTK_WIDGET (self->actions_group), status == STATUS_SIGNED_IN);
  if (status != STATUS_SIGNED_IN)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->scopes_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->claims_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->access_group), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->introspect_group), FALSE);
    }
}

/* @tokens NULL: not signed in, with @signed_out_text to say why. */
static void
show_tokens (SesamePreferencesWindow *self,
             SesameTokenSet          *tokens,
             const char              *signed_out_text)
{
  clear_token_rows (self);
  g_set_object (&self->tokens, tokens);
  update_actions (self);
  show_actions_message (self, NULL);
  _sesame_preferences_window_show_access_token (self, NULL);
  if (tokens == NULL)
    {
      show_status (self, STATUS_SIGNED_OUT,
                   signed_out_text != NULL ? signed_out_text
                                           : _("Once you are signed in, the tokens the provider "
                                               "gives show here."));
      return;
    }

  show_status (self, STATUS_SIGNED_IN, NULL);
  add_token_row (self, _("Access Token"), "access", _("Show the Access Token"),
                 _("Copy the Access Token"));
  if (sesame_token_set_get_refresh_token (tokens) != NULL)
    add_token_row (self, _("Refresh Token"), "refresh", _("Show the Refresh Token"),
                   _("Copy the Refresh Token"));
  else
    show_actions_message (self, _("There is no refresh token: sign in again once the access "
                                  "token expires."));
  if (sesame_token_set_get_id_token (tokens) != NULL)
    add_token_row (self, _("ID Token"), "id", _("Show the ID Token"), _("Copy the ID Token"));
  add_value_row (self, self->tokens_group, _("Token Type"),
                 sesame_token_set_get_token_type (tokens) != NULL
                   ? sesame_token_set_get_token_type (tokens) : _("Not stated"));
  show_times (self, tokens);
  show_scopes (self, tokens);
  _sesame_preferences_window_show_access_token (self, tokens);
  show_claims (self, tokens);
}

static void
on_tokens_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  SesamePreferencesWindow *self = user_data;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = sesame_secrets_lookup_tokens_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the window is gone */
  if (error != NULL)
    {
      clear_token_rows (self);
      g_clear_object (&self->tokens);
      update_actions (self);
      show_status (self, STATUS_ERROR, error->message);
      return;
    }
  show_tokens (self, tokens, NULL);
}

void
_sesame_preferences_window_load_tokens (SesamePreferencesWindow *self)
{
  show_status (self, STATUS_LOADING, NULL);
  update_actions (self);
  sesame_secrets_lookup_tokens_async (sesame_profile_get_id (self->saved), self->cancellable,
                                      on_tokens_looked_up, self);
}

/* Actions ---------------------------------------------------------------------------- */

static SesameAccount *
get_account (SesamePreferencesWindow *self)
{
  if (self->account == NULL)
    self->account = sesame_account_new (self->saved);
  return self->account;
}

static void
set_busy (SesamePreferencesWindow *self,
          gboolean                 busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->actions_spinner), busy);
  gtk_spinner_set_spinning (self->actions_spinner, busy);
  if (busy)
    show_actions_message (self, NULL);
  update_actions (self);
}

static void
copy_token_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);
  const char *kind = g_variant_get_string (parameter, NULL);
  const char *token = token_of_kind (self->tokens, kind);

  if (token == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), token);
  /* As the main window says it. */
  _sesame_preferences_window_show_toast (self, g_str_equal (kind, "access")
                                                 ? _("Access token copied")
                                                 : g_str_equal (kind, "refresh")
                                                   ? _("Refresh token copied")
                                                   : _("ID token copied"));
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SesamePreferencesWindow *self = user_data;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  gboolean changed;

  tokens = sesame_account_get_token_finish (SESAME_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_SIGN_IN_NEEDED))
    {
      /* The provider refused the refresh token: the stale tokens are deleted. */
      show_tokens (self, NULL, error->message);
      g_signal_emit_by_name (self, "tokens-changed");
      return;
    }
  if (error != NULL)
    {
      show_actions_message (self, error->message);
      return;
    }

  changed = self->tokens == NULL || !sesame_token_set_equal (tokens, self->tokens);
  show_tokens (self, tokens, NULL);
  if (changed)
    {
      _sesame_preferences_window_show_toast (self, _("Refreshed"));
      g_signal_emit_by_name (self, "tokens-changed");
    }
  else
    show_actions_message (self, _("These tokens have no known expiry, so they were not "
                                  "refreshed."));
}

static void
refresh_tokens_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);

  /* Valid for longer than any token lives: a refresh whenever the expiry is known. */
  set_busy (self, TRUE);
  sesame_account_get_token_async (get_account (self), G_MAXINT32, self->cancellable,
                                  on_refreshed, self);
}

static void
on_signed_out (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SesamePreferencesWindow *self = user_data;
  g_autoptr(GError) revocation_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean revoked = FALSE;

  if (!sesame_account_sign_out_finish (SESAME_ACCOUNT (object), result, &revoked,
                                       &revocation_error, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_actions_message (self, error->message);
      return;
    }
  set_busy (self, FALSE);

  _sesame_preferences_window_show_toast (self, _sesame_sign_out_outcome (revoked,
                                                                          revocation_error));
  if (revocation_error != NULL)
    text = g_strdup_printf (_("The tokens were deleted from this computer, but the provider "
                              "did not revoke them: %s"), revocation_error->message);
  else if (!revoked)
    text = g_strdup (_("The tokens were deleted from this computer. The provider offers no way "
                       "to revoke them."));
  show_tokens (self, NULL, text);
  g_signal_emit_by_name (self, "tokens-changed");
}

static void
on_sign_out_response (SesamePreferencesWindow *self)
{
  set_busy (self, TRUE);
  sesame_account_sign_out_async (get_account (self), self->cancellable, on_signed_out, self);
}

static void
sign_out_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = _sesame_sign_out_dialog_new (GTK_WINDOW (self), sesame_profile_get_name (self->saved));
  g_signal_connect_object (dialog, "response::sign-out", G_CALLBACK (on_sign_out_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Class ------------------------------------------------------------------------------ */

void
_sesame_preferences_window_dispose_tokens (SesamePreferencesWindow *self)
{
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  self->expires_label = NULL;
  _sesame_preferences_window_dispose_claims (self);
  g_clear_pointer (&self->token_rows, g_ptr_array_unref);
  g_clear_object (&self->tokens);
  g_clear_object (&self->account);
}

void
_sesame_preferences_window_class_init_tokens (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, tokens_page);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, status_box);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, status_image);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, status_title);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        status_description);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        status_sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, tokens_group);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, scopes_group);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, claims_group);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, actions_group);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, actions_spinner);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, actions_label);

  _sesame_preferences_window_class_init_claims (widget_class);

  gtk_widget_class_install_action (widget_class, "prefs.copy-token", "s", copy_token_activated);
  gtk_widget_class_install_action (widget_class, "prefs.refresh-tokens", NULL,
                                   refresh_tokens_activated);
  gtk_widget_class_install_action (widget_class, "prefs.sign-out", NULL, sign_out_activated);
}

SesameTokenSet *
_sesame_preferences_window_get_tokens (SesamePreferencesWindow *self)
{
  return self->tokens;
}
