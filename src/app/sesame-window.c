/* sesame-window.c
 *
 * The main window: profiles on the side; for the selected one, who is signed in, the
 * access token's expiry and the button to copy it, or the way to sign in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-accessible.h"
#include "sesame-add-profile-dialog.h"
#include "sesame-clipboard.h"
#include "sesame-preferences-window.h"
#include "sesame-sign-out.h"
#include "sesame-window-private.h"

G_DEFINE_FINAL_TYPE (SesameWindow, sesame_window, ADW_TYPE_APPLICATION_WINDOW)

void
_sesame_window_toast (SesameWindow *self,
                      const char   *text)
{
  /* A toast's title is markup (libadwaita 1.2), and the text may quote a provider or a
   * host: a label of our own shows it as it is, and broken markup cannot blank it. It
   * wraps in a narrow window ("Access token copied; the clipboard will be cleared in 1
   * minute"), but not before a few words, or a toast gives it its longest word's width. */
  AdwToast *toast = adw_toast_new ("");
  GtkWidget *title = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (title), MIN ((int) g_utf8_strlen (text, -1), 24));
  gtk_label_set_max_width_chars (GTK_LABEL (title), 72);
  adw_toast_set_custom_title (toast, title);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
_sesame_window_get_page (SesameWindow *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

SesameProfile *
_sesame_window_get_profile (SesameWindow *self)
{
  return self->profile;
}

SesameTokenSet *
_sesame_window_get_tokens (SesameWindow *self)
{
  return self->tokens;
}

const char *
_sesame_window_get_authorization_uri (SesameWindow *self)
{
  return self->authorization_uri;
}

void
_sesame_window_update_actions (SesameWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean busy = _sesame_window_is_signing_in (self);
  gboolean has_profile = self->profile != NULL;
  gboolean has_tokens = self->tokens != NULL;

  gtk_widget_action_set_enabled (widget, "win.sign-in", has_profile && !busy);
  gtk_widget_action_set_enabled (widget, "win.try-again", has_profile && !busy);
  gtk_widget_action_set_enabled (widget, "win.cancel-sign-in", busy);
  gtk_widget_action_set_enabled (widget, "win.copy-link", busy && self->authorization_uri);
  gtk_widget_action_set_enabled (widget, "win.preferences", has_profile);
  gtk_widget_action_set_enabled (widget, "win.copy-token", has_tokens && !busy);
  gtk_widget_action_set_enabled (widget, "win.copy-header", has_tokens && !busy);
  gtk_widget_action_set_enabled (widget, "win.copy-curl", has_tokens && !busy);
  gtk_widget_action_set_enabled (widget, "win.refresh", has_tokens && !busy);
  gtk_widget_action_set_enabled (widget, "win.sign-out", has_tokens && !busy);
  gtk_widget_set_visible (self->settings_button, has_profile);
}

void
_sesame_window_show_error (SesameWindow *self,
                           const char   *title,
                           const GError *error)
{
  self->retry_reloads = FALSE;
  _sesame_window_ensure_page (self, "error");
  adw_status_page_set_title (self->error_page, title);
  gtk_label_set_text (self->error_label, error->message);
  _sesame_window_show_page (self, "error");
  _sesame_window_update_actions (self);
}

/* Countdown ------------------------------------------------------------------------ */

static char *
format_remaining (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf (_("Access token expires in %d h %02d min"), (int) (seconds / 3600),
                            (int) (seconds % 3600 / 60));
  if (seconds >= 60)
    return g_strdup_printf (_("Access token expires in %d min %02d s"), (int) (seconds / 60),
                            (int) (seconds % 60));
  return g_strdup_printf (_("Access token expires in %d s"), (int) seconds);
}

static gboolean
update_countdown (gpointer user_data)
{
  SesameWindow *self = user_data;
  gint64 expires_at = self->tokens ? sesame_token_set_get_expires_at (self->tokens) : 0;
  gint64 left = expires_at - g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *text = NULL;

  if (expires_at == 0)
    text = g_strdup (_("The provider did not say when the access token expires"));
  else if (left <= 0)
    text = g_strdup (_("Access token expired; copying it refreshes it first"));
  else
    text = format_remaining (left);

  gtk_label_set_text (self->expiry_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->expiry_label), "warning");
  if (expires_at != 0 && left < 60)
    gtk_widget_add_css_class (GTK_WIDGET (self->expiry_label), "warning");
  return G_SOURCE_CONTINUE;
}

/* Shown state ---------------------------------------------------------------------- */

static const char *
claim (JsonObject *claims,
       const char *name)
{
  JsonNode *node = claims ? json_object_get_member (claims, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING || *json_node_get_string (node) == '\0')
    return NULL;
  return json_node_get_string (node);
}

typedef struct
{
  SesameWindow  *self;
  SesameProfile *profile;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->self);
  g_object_unref (lookup->profile);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lookup, lookup_free)

static Lookup *
lookup_new (SesameWindow *self)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->self = g_object_ref (self);
  lookup->profile = g_object_ref (self->profile);
  return lookup;
}

static void
on_picture (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  bytes = sesame_account_fetch_picture_finish (SESAME_ACCOUNT (object), result, &error);
  if (bytes == NULL)
    g_debug ("No profile picture: %s", error->message);
  if (bytes == NULL || lookup->profile != lookup->self->profile)
    return;
  texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture == NULL)
    g_debug ("The profile picture is no image: %s", error->message);
  else
    adw_avatar_set_custom_image (lookup->self->avatar, GDK_PAINTABLE (texture));
}

/* The picture the provider names, fetched by the account (the window speaks no HTTP). */
static void
show_picture (SesameWindow *self,
              const char   *uri)
{
  if (g_strcmp0 (uri, self->picture_uri) == 0)
    return;

  g_free (self->picture_uri);
  self->picture_uri = g_strdup (uri);
  adw_avatar_set_custom_image (self->avatar, NULL);
  if (uri != NULL && self->account != NULL)
    sesame_account_fetch_picture_async (self->account, uri, self->cancellable, on_picture,
                                        lookup_new (self));
}

/* Who is signed in: name and e-mail from the userinfo endpoint or the ID token, else the
 * subject. Plain text.
 */
static void
show_identity (SesameWindow *self)
{
  g_autoptr(JsonObject) claims = sesame_token_set_dup_id_token_claims (self->tokens);
  JsonObject *userinfo = sesame_token_set_get_userinfo (self->tokens);
  const char *name = claim (userinfo, "name") ?: claim (claims, "name");
  const char *email = claim (userinfo, "email") ?: claim (claims, "email");
  const char *sub = claim (claims, "sub") ?: claim (userinfo, "sub");
  const char *shown = name ? name : email ? email : sub;

  gtk_label_set_text (self->account_name,
                      shown ? shown : sesame_profile_get_name (self->profile));
  adw_avatar_set_text (self->avatar, shown ? shown : sesame_profile_get_name (self->profile));
  show_picture (self, claim (userinfo, "picture"));
  if (name != NULL && email != NULL)
    gtk_label_set_text (self->account_detail, email);
  else if (shown == NULL)
    gtk_label_set_text (self->account_detail, _("Signed in (the provider gave no identity)"));
  else
    gtk_label_set_text (self->account_detail, _("Signed in"));
}

void
_sesame_window_show_tokens (SesameWindow   *self,
                            SesameTokenSet *tokens)
{
  g_set_object (&self->tokens, tokens);
  g_clear_handle_id (&self->countdown_id, g_source_remove);

  if (tokens == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Sign in to “%s” to get an access token."),
                                               sesame_profile_get_name (self->profile));
      _sesame_window_ensure_page (self, "signed-out");
      gtk_label_set_text (self->signed_out_label, text);
      _sesame_window_show_page (self, "signed-out");
    }
  else
    {
      _sesame_window_ensure_page (self, "signed-in");
      show_identity (self);
      update_countdown (self);
      self->countdown_id = g_timeout_add_seconds (1, update_countdown, self);
      _sesame_window_show_page (self, "signed-in");
    }
  _sesame_window_update_actions (self);
}


static void
on_tokens_loaded (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Lookup) lookup = user_data;
  SesameWindow *self = lookup->self;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = sesame_secrets_lookup_tokens_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      lookup->profile != self->profile || _sesame_window_is_signing_in (self))
    return;   /* another profile is shown by now, or a sign-in runs */
  if (error != NULL)
    {
      _sesame_window_show_error (self, _("The Keyring Cannot Be Read"), error);
      self->retry_reloads = TRUE;
    }
  else
    _sesame_window_show_tokens (self, tokens);
}

void
_sesame_window_reload_tokens (SesameWindow *self)
{
  Lookup *lookup;

  if (self->profile == NULL)
    return;

  lookup = lookup_new (self);
  sesame_secrets_lookup_tokens_async (sesame_profile_get_id (self->profile), self->cancellable,
                                      on_tokens_loaded, lookup);
}

/* Profiles ------------------------------------------------------------------------- */

static const char *
provider_of (SesameProfile *profile)
{
  const char *issuer = sesame_profile_get_issuer (profile);
  const char *url = issuer ? issuer
                           : sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION);
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  g_autofree char *host = NULL;

  /* The host says which provider; the whole URL would be cut off. Interned: the few
   * hosts there are stay, and the callers need not free them.
   */
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return url;
  if (g_uri_get_port (uri) <= 0)
    return g_intern_string (g_uri_get_host (uri));
  host = g_strdup_printf (strchr (g_uri_get_host (uri), ':') ? "[%s]:%d" : "%s:%d",
                          g_uri_get_host (uri), g_uri_get_port (uri));
  return g_intern_string (host);
}

static GtkWidget *
create_profile_row (gpointer item,
                    gpointer user_data)
{
  SesameProfile *profile = item;
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sesame_profile_get_name (profile));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), provider_of (profile) ?: "");
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  g_object_set_data_full (G_OBJECT (row), "profile", g_object_ref (profile), g_object_unref);
  return row;
}

static void
show_profile (SesameWindow  *self,
              SesameProfile *profile)
{
  _sesame_window_cancel_sign_in (self);
  g_set_object (&self->profile, profile);
  g_clear_object (&self->account);
  g_clear_object (&self->tokens);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_pointer (&self->picture_uri, g_free);
  if (self->avatar != NULL)
    adw_avatar_set_custom_image (self->avatar, NULL);

  if (profile == NULL)
    {
      adw_window_title_set_title (self->content_title, "");
      adw_window_title_set_subtitle (self->content_title, "");
      gtk_stack_set_visible_child_name (self->stack, "welcome");
    }
  else
    {
      self->account = sesame_account_new (profile);
      adw_window_title_set_title (self->content_title, sesame_profile_get_name (profile));
      adw_window_title_set_subtitle (self->content_title, provider_of (profile) ?: "");
      _sesame_window_reload_tokens (self);
    }
  _sesame_window_update_actions (self);
}

/* The account follows the profile's settings. */
void
_sesame_window_renew_account (SesameWindow *self)
{
  self->account_outdated = FALSE;
  g_clear_object (&self->account);
  if (self->profile != NULL)
    self->account = sesame_account_new (self->profile);
}

/* The profile shown, changed on disk (by the command line, or the settings): the window
 * takes the new settings without starting over. A sign-in under way goes on with the
 * settings it started with; the account follows when it ends.
 */
static void
follow_profile (SesameWindow  *self,
                SesameProfile *profile)
{
  g_set_object (&self->profile, profile);
  adw_window_title_set_title (self->content_title, sesame_profile_get_name (profile));
  adw_window_title_set_subtitle (self->content_title, provider_of (profile) ?: "");
  if (_sesame_window_is_signing_in (self))
    self->account_outdated = TRUE;
  else
    {
      _sesame_window_renew_account (self);
      _sesame_window_reload_tokens (self);
    }
  _sesame_window_update_actions (self);
}

static gboolean
is_shown (SesameWindow  *self,
          SesameProfile *profile)
{
  return self->profile != NULL &&
         g_strcmp0 (sesame_profile_get_id (profile), sesame_profile_get_id (self->profile)) == 0;
}

/* Selecting the profile shown (again: by focus, a click, or the list being rebuilt)
 * changes nothing, and never ends its sign-in.
 */
static void
on_profile_selected (SesameWindow  *self,
                     GtkListBoxRow *row)
{
  SesameProfile *profile;

  if (row == NULL)
    return;
  profile = g_object_get_data (G_OBJECT (row), "profile");
  if (is_shown (self, profile))
    {
      if (profile != self->profile)
        follow_profile (self, profile);
      return;
    }
  show_profile (self, profile);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* In a narrow window, a click on the profile already selected goes back to it. */
static void
on_profile_activated (SesameWindow  *self,
                      GtkListBoxRow *row)
{
  on_profile_selected (self, row);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_clicked (SesameWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Selects the profile named @name (or the first, for NULL). */
gboolean
_sesame_window_select_profile (SesameWindow *self,
                               const char   *name)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->profile_list, i);
      SesameProfile *profile;

      if (row == NULL)
        return FALSE;
      profile = g_object_get_data (G_OBJECT (row), "profile");
      if (name == NULL || g_strcmp0 (sesame_profile_get_name (profile), name) == 0)
        {
          gtk_list_box_select_row (self->profile_list, row);
          return TRUE;
        }
    }
}

static void
on_profiles_changed (SesameWindow *self,
                     guint         position,
                     guint         removed,
                     guint         added,
                     GListModel   *model)
{
  const char *current = self->profile ? sesame_profile_get_id (self->profile) : NULL;
  SesameProfile *same = current ? sesame_profile_store_lookup (self->store, current) : NULL;

  if (g_list_model_get_n_items (model) == 0)
    show_profile (self, NULL);
  else if (same == NULL)
    _sesame_window_select_profile (self, NULL);
  else if (same != self->profile)
    {
      follow_profile (self, same);
      _sesame_window_select_profile (self, sesame_profile_get_name (same));
    }
}

/* Presets on the welcome page ------------------------------------------------------ */

static void
fill_presets (SesameWindow *self)
{
  GPtrArray *presets = sesame_presets_get_all ();

  for (guint i = 0; i < presets->len; i++)
    {
      SesamePreset *preset = g_ptr_array_index (presets, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sesame_preset_get_name (preset));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "preset", g_object_ref (preset), g_object_unref);
      gtk_list_box_append (self->preset_list, row);
    }
}

static void
on_profile_added (SesameWindow *self,
                  const char   *name)
{
  _sesame_window_select_profile (self, name);
}

static void
open_add_dialog (SesameWindow *self,
                 SesamePreset *preset)
{
  SesameAddProfileDialog *dialog = sesame_add_profile_dialog_new (GTK_WINDOW (self), self->store,
                                                                  preset);

  g_signal_connect_object (dialog, "profile-added", G_CALLBACK (on_profile_added), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_preset_activated (SesameWindow  *self,
                     GtkListBoxRow *row)
{
  open_add_dialog (self, g_object_get_data (G_OBJECT (row), "preset"));
}

/* Copying the token ------------------------------------------------------------------ */

typedef enum
{
  COPY_TOKEN,
  COPY_HEADER,
  COPY_CURL,
} CopyFormat;

typedef struct
{
  SesameWindow *self;
  CopyFormat    format;
} Copy;

static void
copy_text (SesameWindow   *self,
           SesameTokenSet *tokens,
           CopyFormat      format)
{
  const char *token = sesame_token_set_get_access_token (tokens);
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  const char *toast;

  switch (format)
    {
    case COPY_HEADER:
      text = g_strconcat ("Authorization: Bearer ", token, NULL);
      toast = _("Authorization header copied");
      break;
    case COPY_CURL:
      {
        /* Quoted for the shell whatever the token holds (it is checked against its
         * grammar when it arrives, and quoted all the same). */
        g_autofree char *header = g_strconcat ("Authorization: Bearer ", token, NULL);
        g_autofree char *quoted = g_shell_quote (header);

        text = g_strdup_printf ("curl -H %s ", quoted);
        explicit_bzero (header, strlen (header));
        explicit_bzero (quoted, strlen (quoted));
      }
      toast = _("curl command copied");
      break;
    case COPY_TOKEN:
    default:
      text = g_strdup (token);
      toast = _("Access token copied");
      break;
    }
  message = sesame_clipboard_copy_secret (GTK_WIDGET (self), text, toast);
  explicit_bzero (text, strlen (text));
  _sesame_window_toast (self, message);
}

static void
on_token_for_copy (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Copy *copy = user_data;
  g_autoptr(SesameWindow) self = copy->self;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  CopyFormat format = copy->format;

  g_free (copy);
  tokens = sesame_account_get_token_finish (SESAME_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      SESAME_ACCOUNT (object) != self->account)
    return;
  if (tokens == NULL)
    {
      _sesame_window_show_error (self, g_error_matches (error, SESAME_STORE_ERROR,
                                                        SESAME_STORE_ERROR_SIGN_IN_NEEDED)
                                         ? _("Sign-in Needed") : _("No Fresh Token"), error);
      return;
    }
  _sesame_window_show_tokens (self, tokens);
  copy_text (self, tokens, format);
}

/* Copies a token valid for another minute at least, refreshing it first if needed. */
static void
copy_token (SesameWindow *self,
            CopyFormat    format,
            guint         min_valid)
{
  Copy *copy = g_new0 (Copy, 1);

  if (self->account == NULL)
    return;
  copy->self = g_object_ref (self);
  copy->format = format;
  sesame_account_get_token_async (self->account, min_valid, self->cancellable,
                                  on_token_for_copy, copy);
}

static void
copy_token_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SesameWindow *self = SESAME_WINDOW (widget);

  if (g_str_equal (action_name, "win.copy-header"))
    copy_token (self, COPY_HEADER, 60);
  else if (g_str_equal (action_name, "win.copy-curl"))
    copy_token (self, COPY_CURL, 60);
  else
    copy_token (self, COPY_TOKEN, 60);
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = sesame_account_get_token_finish (SESAME_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      SESAME_ACCOUNT (object) != self->account)
    return;
  if (tokens == NULL)
    _sesame_window_show_error (self, _("Refreshing Failed"), error);
  else
    {
      _sesame_window_show_tokens (self, tokens);
      _sesame_window_toast (self, _("Tokens refreshed"));
    }
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SesameWindow *self = SESAME_WINDOW (widget);

  /* A margin longer than any lifetime: refresh now. */
  sesame_account_get_token_async (self->account, G_MAXINT32, self->cancellable, on_refreshed,
                                  g_object_ref (self));
}

/* Signing out ---------------------------------------------------------------------- */

static void
on_signed_out (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) revocation_error = NULL;
  gboolean revoked = FALSE;

  if (!sesame_account_sign_out_finish (SESAME_ACCOUNT (object), result, &revoked,
                                       &revocation_error, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sesame_window_show_error (self, _("Signing Out Failed"), error);
      return;
    }

  _sesame_window_toast (self, _sesame_sign_out_outcome (revoked, revocation_error));
  if (SESAME_ACCOUNT (object) == self->account)
    _sesame_window_show_tokens (self, NULL);
}

static void
on_sign_out_response (SesameWindow   *self,
                      const char     *response,
                      AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "sign-out") != 0 || self->account == NULL)
    return;
  sesame_account_sign_out_async (self->account, self->cancellable, on_signed_out,
                                 g_object_ref (self));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  AdwMessageDialog *dialog;

  dialog = _sesame_sign_out_dialog_new (GTK_WINDOW (self), sesame_profile_get_name (self->profile));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sign_out_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Other actions -------------------------------------------------------------------- */

/* The main menu's popover is built when it first opens (a click, F10), not with the window. */
static void
create_main_menu (GtkMenuButton *button,
                  gpointer       user_data)
{
  SesameWindow *self = user_data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->main_menu);
}

static void
on_preferences_changed (SesameWindow *self)
{
  _sesame_window_reload_tokens (self);
}

static void
on_sign_in_requested (SesameWindow *self)
{
  if (self->account != NULL && !_sesame_window_is_signing_in (self))
    _sesame_window_sign_in (self);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  SesamePreferencesWindow *preferences;

  if (self->profile == NULL)
    return;
  preferences = sesame_preferences_window_new (GTK_WINDOW (self), self->store, self->profile);
  g_signal_connect_object (preferences, "tokens-changed", G_CALLBACK (on_preferences_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (preferences, "sign-in-requested", G_CALLBACK (on_sign_in_requested),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
simple_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SesameWindow *self = SESAME_WINDOW (widget);

  if (g_str_equal (action_name, "win.try-again") && self->retry_reloads)
    _sesame_window_reload_tokens (self);
  else if ((g_str_equal (action_name, "win.sign-in") ||
            g_str_equal (action_name, "win.try-again")) && self->account != NULL)
    _sesame_window_sign_in (self);
  else if (g_str_equal (action_name, "win.cancel-sign-in"))
    _sesame_window_cancel_sign_in (self);
  else if (g_str_equal (action_name, "win.copy-link"))
    _sesame_window_copy_link (self);
  else if (g_str_equal (action_name, "win.add-profile"))
    open_add_dialog (self, NULL);
}

/* Life cycle ----------------------------------------------------------------------- */

static void
sesame_window_dispose (GObject *object)
{
  SesameWindow *self = (SesameWindow *) object;

  g_cancellable_cancel (self->cancellable);
  if (self->sign_in_cancellable != NULL)
    g_cancellable_cancel (self->sign_in_cancellable);
  _sesame_window_close_web_sign_in (self);
  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_object (&self->sign_in_cancellable);
  g_clear_object (&self->flow);
  g_clear_object (&self->device_flow);
  g_clear_object (&self->tokens);
  g_clear_object (&self->account);
  g_clear_object (&self->profile);
  g_clear_object (&self->store);
  g_clear_pointer (&self->picture_uri, g_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->authorization_uri, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_WINDOW);
  _sesame_window_forget_pages (self);   /* gone with the stack */

  G_OBJECT_CLASS (sesame_window_parent_class)->dispose (object);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  const char *simple[] = { "win.sign-in", "win.try-again", "win.cancel-sign-in",
                           "win.copy-link", "win.add-profile" };

  for (guint i = 0; i < G_N_ELEMENTS (simple); i++)
    gtk_widget_class_install_action (widget_class, simple[i], NULL, simple_action);
  gtk_widget_class_install_action (widget_class, "win.copy-token", NULL, copy_token_action);
  gtk_widget_class_install_action (widget_class, "win.copy-header", NULL, copy_token_action);
  gtk_widget_class_install_action (widget_class, "win.copy-curl", NULL, copy_token_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-token", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.add-profile", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.sign-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-sign-in",
                                       NULL);
}

static void
sesame_window_class_init (SesameWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_window_dispose;

  g_type_ensure (SESAME_TYPE_DEVICE_PAGE);   /* in sesame-window-device.ui */

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sesame/Sesame/sesame-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, main_menu);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, profile_list);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, preset_list);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, settings_button);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_preset_activated);

  install_actions (widget_class);
}

static GtkWidget *
empty_placeholder (void)
{
  GtkWidget *label = gtk_label_new (_("No profiles yet"));

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 24);
  gtk_widget_set_margin_bottom (label, 24);
  return label;
}

static void
sesame_window_init (SesameWindow *self)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  _sesame_accessible_name_status_page (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack,
                                                                                     "welcome")));
  self->cancellable = g_cancellable_new ();
  self->store = sesame_profile_store_new (NULL);
  /* `sesame profile edit` while the window is open: it shows what the file holds. */
  sesame_profile_store_watch (self->store);

  gtk_menu_button_set_create_popup_func (self->main_menu_button, create_main_menu, self, NULL);
  fill_presets (self);
  gtk_list_box_set_placeholder (self->profile_list, empty_placeholder ());
  gtk_list_box_bind_model (self->profile_list, G_LIST_MODEL (self->store), create_profile_row,
                           NULL, NULL);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_profiles_changed), self,
                           G_CONNECT_SWAPPED);

  if (!sesame_profile_store_load (self->store, &error))
    {
      _sesame_window_show_error (self, _("The Profiles Cannot Be Read"), error);
      return;
    }
  if (!_sesame_window_select_profile (self, NULL))
    show_profile (self, NULL);
}

SesameWindow *
sesame_window_new (SesameApplication *application)
{
  return g_object_new (SESAME_TYPE_WINDOW, "application", application, NULL);
}
