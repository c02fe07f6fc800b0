/* sesame-window-sign-in.c
 *
 * The window's sign-in: prepare the flow, hand the address to the browser, wait (with
 * Cancel, Copy Link and the pasted-address fallback), store the tokens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-window-private.h"

gboolean
_sesame_window_is_signing_in (SesameWindow *self)
{
  return self->sign_in_cancellable != NULL;
}

static void
end_sign_in (SesameWindow *self)
{
  g_clear_object (&self->sign_in_cancellable);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->authorization_uri, g_free);
  gtk_spinner_stop (self->spinner);
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

/* The browser gets https, or http on this computer's loopback, nothing else; through
 * GIO, which goes through the OpenURI portal inside a Flatpak.
 */
static void
on_authorization_uri (SesameWindow *self,
                      const char   *uri)
{
  g_autoptr(GAppLaunchContext) context = NULL;

  g_free (self->authorization_uri);
  self->authorization_uri = g_strdup (uri);
  _sesame_window_update_actions (self);

  if (!sesame_http_uri_is_secure (uri))
    return;
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
    gtk_widget_get_display (GTK_WIDGET (self))));
  g_app_info_launch_default_for_uri_async (uri, context, self->sign_in_cancellable,
                                           on_browser_opened, g_object_ref (self));
}

static void
on_tokens_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sesame_account_finish_sign_in_finish (SESAME_ACCOUNT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sesame_window_show_error (self, _("Could Not Store the Tokens"), error);
      return;
    }
  if (SESAME_ACCOUNT (object) == self->account && self->tokens != NULL)
    _sesame_window_show_tokens (self, self->tokens);
  _sesame_window_toast (self, _("Signed in"));
}

static void
on_flow_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  SesameAccount *account = self->account;

  g_autoptr(SesameFlow) flow = g_object_ref (SESAME_FLOW (object));

  tokens = sesame_flow_run_finish (flow, result, &error);
  if (flow != self->flow)
    return;   /* an older sign-in, replaced or cancelled since */
  end_sign_in (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _sesame_window_reload_tokens (self);
  else if (tokens == NULL)
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

      end_sign_in (self);
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
  gtk_editable_set_text (GTK_EDITABLE (self->paste_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->paste_error), FALSE);
  gtk_expander_set_expanded (self->paste_expander, FALSE);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "waiting");
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
  end_sign_in (self);
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
      gtk_label_set_text (self->paste_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->paste_error), TRUE);
    }
}
