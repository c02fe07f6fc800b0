/* sesame-window-sign-in.c
 *
 * The window's sign-in: prepare the flow, hand the address to the browser, wait (with
 * Cancel, Copy Link and the pasted-address fallback), store the tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sesame-web-sign-in-loader.h"
#include "sesame-window-private.h"

gboolean
_sesame_window_is_signing_in (SesameWindow *self)
{
  return self->sign_in_cancellable != NULL;
}

/* The dialog goes, its WebKit view with it; the flow is left as it is. */
void
_sesame_window_close_web_sign_in (SesameWindow *self)
{
  GtkWindow *dialog = g_steal_pointer (&self->web_sign_in);

  if (dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data (dialog, self);
  gtk_window_destroy (dialog);
}

void
_sesame_window_end_sign_in (SesameWindow *self)
{
  _sesame_window_close_web_sign_in (self);
  g_clear_object (&self->sign_in_cancellable);
  g_clear_object (&self->flow);
  g_clear_object (&self->device_flow);
  if (self->device_page != NULL)
    sesame_device_page_stop (self->device_page);
  g_clear_pointer (&self->authorization_uri, g_free);
  if (self->spinner != NULL)   /* the waiting page's, not built for a device sign-in */
    gtk_spinner_stop (self->spinner);
  if (self->account_outdated)
    _sesame_window_renew_account (self);
  _sesame_window_update_actions (self);
}

static void
on_browser_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open a browser: %s. Copy the link "
                                                 "and open it yourself."), error->message);
      _sesame_window_toast (self, text);
      gtk_expander_set_expanded (self->paste_expander, TRUE);
    }
}

/* The redirect caught by the embedded view goes through the same checks as one that
 * reached the receiver. Accepted, the dialog closes while the code is exchanged; refused
 * (a wrong state, say), the dialog says why and the wait goes on; a provider's error
 * ends the flow, which closes the dialog and shows the error in the window.
 */
static void
on_web_redirect (SesameWindow *self,
                 const char   *uri)
{
  g_autoptr(SesameFlow) flow = self->flow ? g_object_ref (self->flow) : NULL;
  g_autoptr(GError) error = NULL;

  /* The flow may end, and the window let go of it, while it takes the callback. */
  if (flow == NULL)
    return;
  if (sesame_flow_deliver_uri (flow, uri, &error))
    _sesame_window_close_web_sign_in (self);
  else if (self->web_sign_in != NULL)
    g_object_set (self->web_sign_in, "error-message", error->message, NULL);
}

/* The redirect URI the request names: the one the dialog stops at. */
static char *
redirect_uri_of (const char *authorization_uri)
{
  const char *query = strchr (authorization_uri, '?');
  g_autoptr(GHashTable) params = NULL;

  if (query == NULL)
    return NULL;
  params = g_uri_parse_params (query + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  return params != NULL ? g_strdup (g_hash_table_lookup (params, "redirect_uri")) : NULL;
}

/* The waiting page names where to sign in; the embedded dialog needs no pasted address. */
static void
show_waiting_for (SesameWindow *self,
                  gboolean      embedded)
{
  const char *title = embedded ? _("Continue in the Sign-In Window")
                               : _("Continue in Your Browser");
  const char *description = embedded
    ? _("Sign in to the provider and approve Sesame in the window that opened.")
    : _("Sign in and approve Sesame in the browser window that opened.");

  adw_status_page_set_title (self->waiting_page, title);
  adw_status_page_set_description (self->waiting_page, description);
  gtk_widget_set_visible (GTK_WIDGET (self->paste_expander), !embedded);
}

static void
open_browser (SesameWindow *self,
              const char   *uri)
{
  g_autoptr(GAppLaunchContext) context = NULL;

  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
    gtk_widget_get_display (GTK_WIDGET (self))));
  g_app_info_launch_default_for_uri_async (uri, context, self->sign_in_cancellable,
                                           on_browser_opened, g_object_ref (self));
}

static void
on_unavailable_response (SesameWindow *self,
                         const char   *response)
{
  GtkWindow *dialog = g_steal_pointer (&self->web_sign_in);

  if (dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (dialog, self);
      gtk_window_destroy (dialog);
    }
  if (g_str_equal (response, "browser") && self->authorization_uri != NULL)
    {
      show_waiting_for (self, FALSE);
      open_browser (self, self->authorization_uri);
    }
  else
    _sesame_window_cancel_sign_in (self);
}

/* The module could not be loaded: the reason in full, in a dialog that stays until it is
 * answered, and the browser only then (opened at once, it would hide the message). The
 * dialog takes the embedded dialog's place, so that the end of the sign-in closes it.
 */
static void
show_unavailable (SesameWindow *self,
                  const GError *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_WINDOW (self), _("Sign-In Inside Sesame Is Not Available"), NULL));
  adw_message_dialog_format_body (dialog, "%s\n\n%s", error->message,
                                  _("You can sign in with your web browser instead."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "browser", _("Use _Browser"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "browser", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "browser");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unavailable_response), self,
                           G_CONNECT_SWAPPED);
  _sesame_window_close_web_sign_in (self);
  self->web_sign_in = GTK_WINDOW (dialog);
  gtk_window_present (self->web_sign_in);
}

/* The embedded view, in a dialog loaded from its module on first use. Private by default;
 * the profile's own data directory when it stays signed in. When the module cannot be
 * loaded, a dialog says why and offers the browser.
 */
static void
open_web_sign_in (SesameWindow *self,
                  const char   *uri)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect_uri = redirect_uri_of (uri);
  g_autofree char *data_directory = NULL;
  g_autofree char *cache_directory = NULL;
  GType type = _sesame_web_sign_in_load (&error);

  if (type == G_TYPE_INVALID)
    {
      show_unavailable (self, error);
      return;
    }
  if (sesame_profile_get_stay_signed_in (self->profile))
    {
      data_directory = sesame_web_data_directory (sesame_profile_get_id (self->profile));
      cache_directory = sesame_web_cache_directory (
        sesame_profile_get_id (self->profile));
    }

  _sesame_window_close_web_sign_in (self);
  self->web_sign_in = g_object_new (type, "transient-for", self, "modal", TRUE,
                                    "destroy-with-parent", TRUE, "authorization-uri", uri,
                                    "redirect-uri", redirect_uri, "data-directory", data_directory,
                                    "cache-directory", cache_directory, NULL);
  g_signal_connect_object (self->web_sign_in, "redirect", G_CALLBACK (on_web_redirect), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_sign_in, "cancelled",
                           G_CALLBACK (_sesame_window_cancel_sign_in), self, G_CONNECT_SWAPPED);
  gtk_window_present (self->web_sign_in);
}

/* The browser gets https, or http on this computer's loopback, nothing else; through
 * GIO, which goes through the OpenURI portal inside a Flatpak; or the embedded view, when
 * the profile asks for it (the system browser, once accepted, if its module cannot be
 * loaded).
 */
static void
on_authorization_uri (SesameWindow *self,
                      const char   *uri)
{
  g_free (self->authorization_uri);
  self->authorization_uri = g_strdup (uri);
  _sesame_window_update_actions (self);

  if (!sesame_http_uri_is_secure (uri))
    return;
  if (sesame_profile_get_browser (self->profile) == SESAME_BROWSER_EMBEDDED)
    open_web_sign_in (self, uri);
  else
    open_browser (self, uri);
}

/* The end of a sign-in, either way: the tokens stored (@error NULL) or not. */
void
_sesame_window_tokens_saved (SesameWindow  *self,
                             SesameAccount *account,
                             const GError  *error)
{
  if (error != NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sesame_window_show_error (self, _("Could Not Store the Tokens"), error);
      return;
    }
  /* Still the profile shown: the account may have been renewed meanwhile. */
  if (self->profile != NULL && self->tokens != NULL &&
      g_strcmp0 (sesame_profile_get_id (sesame_account_get_profile (account)),
                 sesame_profile_get_id (self->profile)) == 0)
    _sesame_window_show_tokens (self, self->tokens);
  _sesame_window_toast (self, _("Signed in"));
}

/* The end of the current sign-in's flow, either way: a cancelled one goes back to the
 * tokens stored; otherwise the person was in the browser or at the other device, and the
 * window comes forward with the outcome (or, where the desktop does not let it, GNOME says
 * “Sesame is ready”). Returns whether the caller is to show that outcome. */
gboolean
_sesame_window_flow_ended (SesameWindow *self,
                           const GError *error)
{
  _sesame_window_end_sign_in (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      _sesame_window_reload_tokens (self);
      return FALSE;
    }
  gtk_window_present (GTK_WINDOW (self));
  return TRUE;
}

static void
on_tokens_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  sesame_account_finish_sign_in_finish (SESAME_ACCOUNT (object), result, &error);
  _sesame_window_tokens_saved (self, SESAME_ACCOUNT (object), error);
}

static void
on_flow_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  /* Held: the sign-in's end may renew the window's account. */
  g_autoptr(SesameAccount) account = self->account ? g_object_ref (self->account) : NULL;

  g_autoptr(SesameFlow) flow = g_object_ref (SESAME_FLOW (object));

  tokens = sesame_flow_run_finish (flow, result, &error);
  if (flow != self->flow)
    return;   /* an older sign-in, replaced or cancelled since */
  if (!_sesame_window_flow_ended (self, error))
    return;
  if (tokens == NULL)
    _sesame_window_show_error (self, _("Sign-in Failed"), error);
  else
    {
      _sesame_window_show_tokens (self, tokens);
      sesame_account_finish_sign_in_async (account, flow, tokens, self->cancellable,
                                           on_tokens_saved, g_object_ref (self));
    }
}

static void
on_flow_ready (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(SesameFlow) flow = NULL;
  g_autoptr(GError) error = NULL;

  flow = sesame_account_prepare_flow_finish (SESAME_ACCOUNT (object), result, &error);
  if (flow == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      _sesame_window_end_sign_in (self);
      if (!cancelled)
        _sesame_window_show_error (self, _("Sign-in Failed"), error);
      return;
    }

  self->flow = g_object_ref (flow);
  g_signal_connect_object (flow, "authorization-uri", G_CALLBACK (on_authorization_uri), self,
                           G_CONNECT_SWAPPED);
  sesame_flow_run_async (flow, self->sign_in_cancellable, on_flow_done, g_object_ref (self));
}

void
_sesame_window_sign_in (SesameWindow *self)
{
  g_return_if_fail (self->account != NULL);

  _sesame_window_cancel_sign_in (self);
  self->sign_in_cancellable = g_cancellable_new ();
  if (sesame_profile_get_sign_in_method (self->profile) == SESAME_SIGN_IN_DEVICE)
    {
      _sesame_window_sign_in_device (self);
      return;
    }
  _sesame_window_ensure_page (self, "waiting");
  gtk_editable_set_text (GTK_EDITABLE (self->paste_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->paste_error), FALSE);
  gtk_expander_set_expanded (self->paste_expander, FALSE);
  show_waiting_for (self, sesame_profile_get_browser (self->profile) == SESAME_BROWSER_EMBEDDED);
  gtk_spinner_start (self->spinner);
  _sesame_window_show_page (self, "waiting");
  _sesame_window_update_actions (self);

  sesame_account_prepare_flow_async (self->account, self->sign_in_cancellable, on_flow_ready,
                                     g_object_ref (self));
}

/* Ends the wait: the receiver stops listening, and the page goes back. */
void
_sesame_window_cancel_sign_in (SesameWindow *self)
{
  if (self->sign_in_cancellable == NULL)
    return;

  g_cancellable_cancel (self->sign_in_cancellable);
  _sesame_window_end_sign_in (self);
  _sesame_window_reload_tokens (self);
}

void
_sesame_window_copy_link (SesameWindow *self)
{
  if (self->authorization_uri == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->authorization_uri);
  _sesame_window_toast (self, _("Sign-in link copied"));
}

/* The fallback when the redirect cannot reach Sesame: the same checks as the receiver. */
void
_sesame_window_deliver_pasted (SesameWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->paste_entry));
  g_autoptr(GError) error = NULL;

  if (self->flow == NULL || *text == '\0')
    return;

  if (!sesame_flow_deliver_uri (self->flow, text, &error))
    {
      /* A line may break in the sentence, not right after the redirect URI's "http://"
       * (U+2060 WORD JOINER). */
      g_autoptr(GString) shown = g_string_new (error->message);

      g_string_replace (shown, "://", "://\u2060", 0);
      gtk_label_set_text (self->paste_error, shown->str);
      gtk_widget_set_visible (GTK_WIDGET (self->paste_error), TRUE);
    }
}
