/* sesame-device-page.c
 *
 * The page shown while another device approves a sign-in (RFC 8628). The user code and
 * the verification URIs come from the provider: they are validated by the core, and set
 * here as plain text only (labels without markup, a link button whose label is a plain
 * label), never as Pango markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-accessible.h"
#include "sesame-device-page.h"
#include "sesame-qr-code-view.h"

struct _SesameDevicePage
{
  AdwBin            parent_instance;

  /* Template widgets (the status page, the bin's child, is not bound: AdwBin's dispose
   * unparents it after gtk_widget_dispose_template() would have) */
  GtkStack         *content_stack;
  GtkSpinner       *starting_spinner;
  SesameQrCodeView *qr_view;
  GtkLabel         *user_code_label;
  GtkLinkButton    *link_button;
  GtkLabel         *link_label;
  GtkSpinner       *spinner;
  GtkLabel         *countdown_label;

  /* Owned */
  SesameDeviceFlow *flow;
  char             *uri;
  guint             countdown_id;
};

G_DEFINE_FINAL_TYPE (SesameDevicePage, sesame_device_page, ADW_TYPE_BIN)

static void
toast (SesameDevicePage *self,
       const char       *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  /* A toast's title is markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

/* "Code expires in 9:41": minutes and seconds left, rounded up, as the code's own
 * expiry (monotonic time, so that a change of the clock changes nothing). */
static gboolean
update_countdown (gpointer user_data)
{
  SesameDevicePage *self = user_data;
  gint64 left_us = sesame_device_flow_get_expires_at (self->flow) - g_get_monotonic_time ();
  gint64 left = (left_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC;
  g_autofree char *text = NULL;

  if (left <= 0)
    text = g_strdup (_("The code has expired"));
  else
    /* TRANSLATORS: minutes and seconds, like 9:41 */
    text = g_strdup_printf (_("Code expires in %d:%02d"), (int) (left / 60), (int) (left % 60));
  gtk_label_set_text (self->countdown_label, text);
  if (left < 60)
    gtk_widget_add_css_class (GTK_WIDGET (self->countdown_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->countdown_label), "warning");
  return G_SOURCE_CONTINUE;
}

void
sesame_device_page_stop (SesameDevicePage *self)
{
  g_return_if_fail (SESAME_IS_DEVICE_PAGE (self));

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_object (&self->flow);
  gtk_spinner_stop (self->spinner);
  gtk_spinner_stop (self->starting_spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.copy-code", FALSE);
}

void
sesame_device_page_show_starting (SesameDevicePage *self)
{
  g_return_if_fail (SESAME_IS_DEVICE_PAGE (self));

  sesame_device_page_stop (self);
  g_clear_pointer (&self->uri, g_free);
  sesame_qr_code_view_set_text (self->qr_view, NULL);
  gtk_label_set_text (self->user_code_label, "");
  gtk_label_set_text (self->link_label, "");
  gtk_label_set_text (self->countdown_label, "");
  gtk_spinner_start (self->starting_spinner);
  gtk_stack_set_visible_child_name (self->content_stack, "starting");
}

void
sesame_device_page_show_flow (SesameDevicePage *self,
                              SesameDeviceFlow *flow)
{
  const char *complete;
  const char *uri;

  g_return_if_fail (SESAME_IS_DEVICE_PAGE (self));
  g_return_if_fail (SESAME_IS_DEVICE_FLOW (flow));

  sesame_device_page_stop (self);
  self->flow = g_object_ref (flow);
  uri = sesame_device_flow_get_verification_uri (flow);
  complete = sesame_device_flow_get_verification_uri_complete (flow);
  g_free (self->uri);
  self->uri = g_strdup (complete != NULL ? complete : uri);

  /* The code alone is what a person types; the link and the QR code save the typing
   * where the provider gave the complete address. */
  gtk_label_set_text (self->user_code_label, sesame_device_flow_get_user_code (flow));
  gtk_label_set_text (self->link_label, uri);
  /* GTK 4.8 names a link button by its type, not by the label inside it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->link_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, uri, -1);
  gtk_link_button_set_uri (self->link_button, self->uri);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->link_button), self->uri);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_view),
                          sesame_qr_code_view_set_text (self->qr_view, self->uri));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.copy-code", TRUE);

  update_countdown (self);
  self->countdown_id = g_timeout_add_seconds (1, update_countdown, self);
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->content_stack, "code");
}

const char *
sesame_device_page_get_uri (SesameDevicePage *self)
{
  g_return_val_if_fail (SESAME_IS_DEVICE_PAGE (self), NULL);

  return self->uri;
}

static void
on_browser_opened (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SesameDevicePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open a browser: %s"),
                                               error->message);
      toast (self, text);
    }
}

/* The app's way to open an address (as for the code flow): GIO, which goes through the
 * OpenURI portal inside a Flatpak. GTK 4.8's own would take the window's surface. */
static gboolean
on_activate_link (SesameDevicePage *self)
{
  g_autoptr(GAppLaunchContext) context = NULL;

  if (self->uri == NULL)
    return TRUE;
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
    gtk_widget_get_display (GTK_WIDGET (self))));
  g_app_info_launch_default_for_uri_async (self->uri, context, NULL, on_browser_opened,
                                           g_object_ref (self));
  return TRUE;
}

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SesameDevicePage *self = SESAME_DEVICE_PAGE (widget);

  if (self->flow == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          sesame_device_flow_get_user_code (self->flow));
  toast (self, _("Code copied"));
}

static void
sesame_device_page_dispose (GObject *object)
{
  SesameDevicePage *self = SESAME_DEVICE_PAGE (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_object (&self->flow);
  g_clear_pointer (&self->uri, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_DEVICE_PAGE);

  G_OBJECT_CLASS (sesame_device_page_parent_class)->dispose (object);
}

static void
sesame_device_page_class_init (SesameDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_device_page_dispose;

  g_type_ensure (SESAME_TYPE_QR_CODE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sesame/Sesame/sesame-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameDevicePage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SesameDevicePage, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, SesameDevicePage, qr_view);
  gtk_widget_class_bind_template_child (widget_class, SesameDevicePage, user_code_label);
  gtk_widget_class_bind_template_child (widget_class, SesameDevicePage, link_button);
  gtk_widget_class_bind_template_child (widget_class, SesameDevicePage, link_label);
  gtk_widget_class_bind_template_child (widget_class, SesameDevicePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SesameDevicePage, countdown_label);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_link);

  gtk_widget_class_install_action (widget_class, "device.copy-code", NULL, copy_code_action);
}

static void
sesame_device_page_init (SesameDevicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* As the window's other pages (sesame-window-pages.c: name_page). */
  _sesame_accessible_fix_mnemonics (GTK_WIDGET (self));
  _sesame_accessible_name_status_page (ADW_STATUS_PAGE (adw_bin_get_child (ADW_BIN (self))));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.copy-code", FALSE);
}
