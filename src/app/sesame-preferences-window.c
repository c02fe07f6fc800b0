/* sesame-preferences-window.c
 *
 * The settings of one profile. Every change is checked as it is typed
 * (sesame-preferences-window-rows.c) and saved shortly after the last change once the
 * whole profile is valid: nothing invalid is ever written. The tokens page is in
 * sesame-preferences-window-tokens.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-accessible.h"
#include "sesame-preferences-window-private.h"
#include "sesame-profile-private.h"
#include "sesame-provider-page.h"
#include "sesame-web-sign-in-loader.h"

#define SAVE_DELAY_MS          500
#define AUTOMATIC_REDIRECT_URI "http://127.0.0.1/callback"

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
  SIGN_IN_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SesamePreferencesWindow, sesame_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* Feedback --------------------------------------------------------------------------- */

void
_sesame_preferences_window_show_toast (SesamePreferencesWindow *self,
                                       const char              *text)
{
  g_autoptr(AdwToast) toast = adw_toast_new ("");
  GtkWidget *title = gtk_label_new (NULL);

  /* A toast's title is markup: a label of our own keeps the text as it is. It wraps, but
   * not before a few words, or a toast gives it the width of its longest word.
   */
  gtk_label_set_text (GTK_LABEL (title), text);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (title), MIN ((int) g_utf8_strlen (text, -1), 24));
  gtk_label_set_max_width_chars (GTK_LABEL (title), 50);
  adw_toast_set_custom_title (toast, title);
  adw_toast_set_timeout (toast, 3);

  if (self->toast != NULL)
    adw_toast_dismiss (self->toast);
  g_set_object (&self->toast, toast);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), g_object_ref (toast));
}

/* Saving ----------------------------------------------------------------------------- */

static void
free_stored_secret (SesamePreferencesWindow *self)
{
  if (self->stored_secret != NULL)
    explicit_bzero (self->stored_secret, strlen (self->stored_secret));
  g_clear_pointer (&self->stored_secret, g_free);
}

/* The row is empty all the same: a secret is never shown, only replaced. */
static void
show_secret_stored (SesamePreferencesWindow *self)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->secret_row));

  _sesame_preferences_window_mark_row (GTK_WIDGET (self->secret_row), NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 _("Client Secret (Stored)"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->secret_row),
                               _("A client secret is stored in the keyring; type a new one to "
                                 "replace it"));
  /* Shown while the row has the focus; an entry row has no placeholder of its own. */
  if (GTK_IS_TEXT (text))
    gtk_text_set_placeholder_text (GTK_TEXT (text), _("Type a new one to replace it"));
}

static void
on_secret_stored (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SesamePreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sesame_secrets_store_client_secret_finish (result, &error))
    {
      if (!self->disposed)
        show_secret_stored (self);
      return;
    }
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

/* The rows show the profile as the file holds it now; a profile removed meanwhile (from
 * the command line) takes its settings window with it.
 */
static void
show_stored (SesamePreferencesWindow *self)
{
  SesameProfile *stored = sesame_profile_store_lookup (self->store,
                                                      sesame_profile_get_id (self->saved));

  if (stored == NULL)
    {
      self->removed = TRUE;
      g_clear_handle_id (&self->save_source, g_source_remove);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  if (_sesame_profile_equal (stored, self->saved))
    return;
  g_clear_object (&self->saved);
  g_clear_object (&self->base);
  self->saved = sesame_profile_copy (stored);
  self->base = sesame_profile_copy (stored);
  g_clear_object (&self->account);
  gtk_window_set_title (GTK_WINDOW (self), sesame_profile_get_name (self->saved));
  _sesame_preferences_window_load_rows (self);
}

/* The file changed. While an edit waits to be saved, its save merges instead. */
static void
on_store_changed (SesamePreferencesWindow *self)
{
  if (self->removed || self->save_source != 0)
    return;
  show_stored (self);
}

static gboolean
write_profile (SesamePreferencesWindow *self)
{
  g_autoptr(SesameProfile) edited = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->removed || !_sesame_preferences_window_check_all (self))
    return FALSE;

  edited = _sesame_preferences_window_build_edited (self);
  /* Only what was edited here: a change from the command line meanwhile stays. */
  if (!sesame_profile_store_update_changes (self->store, self->saved, edited, &error))
    {
      if (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_EXISTS))
        _sesame_preferences_window_mark_row (GTK_WIDGET (self->name_row), error->message);
      _sesame_preferences_window_append_error (self->profile_error_label, error->message);
      /* Someone else changed the same setting: show theirs, to be edited again. */
      if (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CONFLICT))
        show_stored (self);
      return FALSE;
    }
  /* What was written: the edit, and what others changed meanwhile. */
  g_clear_object (&self->saved);
  g_clear_object (&self->base);
  self->saved = sesame_profile_copy (
    sesame_profile_store_lookup (self->store, sesame_profile_get_id (edited)));
  self->base = sesame_profile_copy (self->saved);
  _sesame_preferences_window_load_rows (self);
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

void
_sesame_preferences_window_changed (SesamePreferencesWindow *self)
{
  if (self->loading > 0 || self->removed)
    return;

  _sesame_preferences_window_update_visibility (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  if (_sesame_preferences_window_check_all (self))
    self->save_source = g_timeout_add (SAVE_DELAY_MS, save, self);
}

/* Actions ---------------------------------------------------------------------------- */

/* Signing in is the main window's: it is asked to, and the settings make way for it. */
static void
sign_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGN_IN_REQUESTED], 0);
  gtk_window_close (GTK_WINDOW (widget));
}

/* Deletes the cookies and site data the embedded sign-in kept for this profile. */
static void
forget_web_data_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (sesame_web_data_forget (sesame_profile_get_id (self->saved), &error))
    _sesame_preferences_window_show_toast (self, _("Saved sign-in data forgotten"));
  else
    _sesame_preferences_window_show_toast (self, error->message);
  _sesame_preferences_window_update_visibility (self);
}

static void
copy_redirect_uri_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);
  g_autofree char *uri = _sesame_preferences_window_row_text (self->redirect_row);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          *uri != '\0' ? uri : AUTOMATIC_REDIRECT_URI);
  _sesame_preferences_window_show_toast (self, _("Redirect URI copied"));
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
          _sesame_preferences_window_set_ca_file (self, path);
          _sesame_preferences_window_changed (self);
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

  _sesame_preferences_window_set_ca_file (self, NULL);
  _sesame_preferences_window_changed (self);
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
      _sesame_preferences_window_append_error (self->profile_error_label, error->message);
      return;
    }
  self->removed = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  /* The profile's cookies from the embedded sign-in go with it. */
  if (!sesame_web_data_forget (sesame_profile_get_id (self->saved), &error))
    g_warning ("%s", error->message);
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
  show_secret_stored (self);
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
  _sesame_preferences_window_load_rows (self);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  sesame_secrets_lookup_client_secret_async (sesame_profile_get_id (self->saved),
                                             self->cancellable, on_secret_looked_up, self);
  _sesame_preferences_window_load_tokens (self);
  /* The Provider page reads the discovery document when it is first shown. */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (sesame_provider_page_new (
                                self->store, sesame_profile_get_id (self->saved))));
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
  /**
   * SesamePreferencesWindow::sign-in-requested:
   *
   * Sign In on the Tokens page of a profile that is not signed in: the window closes.
   */
  signals[SIGN_IN_REQUESTED] =
    g_signal_new ("sign-in-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
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
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, device_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, sign_in_group);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        sign_in_method_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        stay_signed_in_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        stay_signed_in_switch);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, web_data_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, ca_file_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        sign_in_error_label);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        profile_error_label);
  gtk_widget_class_bind_template_callback_full (
    widget_class, "on_changed", G_CALLBACK (_sesame_preferences_window_changed));
  gtk_widget_class_bind_template_callback_full (
    widget_class, "on_preset_selected", G_CALLBACK (_sesame_preferences_window_preset_selected));

  gtk_widget_class_install_action (widget_class, "prefs.copy-redirect-uri", NULL,
                                   copy_redirect_uri_activated);
  gtk_widget_class_install_action (widget_class, "prefs.choose-ca-file", NULL,
                                   choose_ca_file_activated);
  gtk_widget_class_install_action (widget_class, "prefs.clear-ca-file", NULL,
                                   clear_ca_file_activated);
  gtk_widget_class_install_action (widget_class, "prefs.remove-profile", NULL,
                                   remove_profile_activated);
  gtk_widget_class_install_action (widget_class, "prefs.forget-web-data", NULL,
                                   forget_web_data_activated);
  gtk_widget_class_install_action (widget_class, "prefs.sign-in", NULL, sign_in_activated);

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

  _sesame_accessible_fix_mnemonics (GTK_WIDGET (self));
  _sesame_accessible_name_preferences (ADW_PREFERENCES_WINDOW (self));
  _sesame_accessible_name_group_list (self->actions_group, _("Token Actions"));
  _sesame_accessible_name_combo_items (self->preset_row);
  _sesame_accessible_name_combo_items (self->discovery_row);
  _sesame_accessible_name_combo_items (self->auth_method_row);
  _sesame_accessible_name_combo_items (self->browser_row);
  _sesame_accessible_name_combo_items (self->sign_in_method_row);
  _sesame_accessible_name_peek_button (self->secret_row, _("Show the Client Secret"),
                                       _("Hide the Client Secret"));
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
