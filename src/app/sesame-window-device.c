/* sesame-window-device.c
 *
 * The window's sign-in on another device (RFC 8628): ask the provider for a code, show
 * it (sesame-device-page.c) while the core polls, then store the tokens and show the
 * signed-in page as the code flow does. Cancel, a profile switch or the window closing
 * cancel the poll through the sign-in's cancellable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-window-private.h"

/* The provider's refusal and the code's expiry in a person's words, with Try Again;
 * anything else as the error says it. */
static void
show_device_error (SesameWindow *self,
                   const GError *error)
{
  g_autoptr(GError) shown = NULL;

  if (g_error_matches (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ACCESS_DENIED))
    {
      shown = g_error_new_literal (error->domain, error->code,
                                   _("Sign-in was refused on the other device."));
      _sesame_window_show_error (self, _("Sign-in Refused"), shown);
    }
  else if (g_error_matches (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_EXPIRED_TOKEN))
    {
      shown = g_error_new_literal (error->domain, error->code,
                                   _("The code expired before sign-in was approved. Try "
                                     "again for a new code."));
      _sesame_window_show_error (self, _("The Code Expired"), shown);
    }
  else
    _sesame_window_show_error (self, _("Sign-in Failed"), error);
}

static void
on_device_tokens_saved (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  sesame_account_finish_device_sign_in_finish (SESAME_ACCOUNT (object), result, &error);
  _sesame_window_tokens_saved (self, SESAME_ACCOUNT (object), error);
}

static void
on_polled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(SesameDeviceFlow) flow = g_object_ref (SESAME_DEVICE_FLOW (object));
  /* Held: the sign-in's end may renew the window's account. */
  g_autoptr(SesameAccount) account = self->account ? g_object_ref (self->account) : NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = sesame_device_flow_poll_finish (flow, result, &error);
  if (flow != self->device_flow)
    return;   /* an older sign-in, replaced or cancelled since */
  if (!_sesame_window_flow_ended (self, error))
    return;
  if (tokens == NULL)
    show_device_error (self, error);
  else
    {
      _sesame_window_show_tokens (self, tokens);
      sesame_account_finish_device_sign_in_async (account, flow, tokens, self->cancellable,
                                                  on_device_tokens_saved, g_object_ref (self));
    }
}

static void
on_started (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(SesameDeviceFlow) flow = g_object_ref (SESAME_DEVICE_FLOW (object));
  g_autoptr(GError) error = NULL;

  if (!sesame_device_flow_start_finish (flow, result, &error))
    {
      if (flow != self->device_flow)
        return;
      _sesame_window_end_sign_in (self);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sesame_window_reload_tokens (self);
      else
        _sesame_window_show_error (self, _("Sign-in Failed"), error);
      return;
    }
  if (flow != self->device_flow)
    return;

  sesame_device_page_show_flow (self->device_page, flow);
  sesame_device_flow_poll_async (flow, self->sign_in_cancellable, on_polled,
                                 g_object_ref (self));
}

static void
on_device_flow_ready (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(SesameDeviceFlow) flow = NULL;
  g_autoptr(GError) error = NULL;

  flow = sesame_account_prepare_device_flow_finish (SESAME_ACCOUNT (object), result, &error);
  if (flow == NULL)
    {
      gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      if (cancelled)
        return;   /* ended by whoever cancelled */
      _sesame_window_end_sign_in (self);
      _sesame_window_show_error (self, _("Sign-in Failed"), error);
      return;
    }

  self->device_flow = g_object_ref (flow);
  sesame_device_flow_start_async (flow, self->sign_in_cancellable, on_started,
                                  g_object_ref (self));
}

/* Called by _sesame_window_sign_in() with the sign-in's cancellable made. */
void
_sesame_window_sign_in_device (SesameWindow *self)
{
  _sesame_window_ensure_page (self, "device");
  sesame_device_page_show_starting (self->device_page);
  _sesame_window_show_page (self, "device");
  _sesame_window_update_actions (self);

  sesame_account_prepare_device_flow_async (self->account, self->sign_in_cancellable,
                                            on_device_flow_ready, g_object_ref (self));
}
