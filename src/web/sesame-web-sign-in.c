/* sesame-web-sign-in.c
 *
 * The embedded sign-in: a WebKit view in a dialog of its own, loading the authorization
 * address. Where the user is shows in the header (the host in full, a padlock for a valid
 * TLS connection, a warning for plain http on this computer); load failures and HTTP errors
 * show inside it with Try Again. What the view may do is in sesame-web-sign-in-policy.c;
 * there is no script bridge. The redirect to the registered redirect URI is handed to the
 * app, which runs it through the loopback receiver's callback checks.
 *
 * Both files are built into a loadable module of their own: the only code linking WebKit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-web-sign-in"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sesame-web-sign-in-private.h"

G_DEFINE_FINAL_TYPE (SesameWebSignIn, sesame_web_sign_in, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_AUTHORIZATION_URI,
  PROP_REDIRECT_URI,
  PROP_DATA_DIRECTORY,
  PROP_CACHE_DIRECTORY,
  PROP_ERROR_MESSAGE,
  PROP_PAGE,
  N_PROPS
};

enum {
  REDIRECT,
  CANCELLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Pages ------------------------------------------------------------------------------ */

static void
set_page (SesameWebSignIn *self,
          const char      *page)
{
  self->page = page;
  gtk_stack_set_visible_child_name (self->stack, g_str_equal (page, "web") ? "web" : "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.back", !self->refused);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.reload", !self->refused);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* @text is plain text (it may hold a provider's words): never markup. */
void
_sesame_web_sign_in_show_error (SesameWebSignIn *self,
                                const char      *page,
                                const char      *icon_name,
                                const char      *title,
                                const char      *text,
                                const char      *retry_uri)
{
  gboolean can_retry = !self->refused;

  adw_status_page_set_icon_name (self->error_page, icon_name);
  adw_status_page_set_title (self->error_page, title);
  gtk_label_set_text (self->error_label, text);
  g_free (self->retry_uri);
  self->retry_uri = g_strdup (retry_uri);
  gtk_widget_set_visible (self->retry_button, can_retry);
  gtk_widget_set_visible (self->show_page_button, g_str_equal (page, "http-error"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.retry", can_retry);
  set_page (self, page);
  /* Not the selectable label: focus would select all of its text. */
  gtk_widget_grab_focus (can_retry ? self->retry_button : self->close_button);
}

static void
update_location (SesameWebSignIn *self)
{
  const char *uri = webkit_web_view_get_uri (self->web_view);
  g_autofree char *host = _sesame_web_sign_in_shown_host (uri);
  GTlsCertificateFlags errors = 0;
  const char *icon = NULL;
  const char *subtitle = "";

  if (self->refused)
    return;   /* the header keeps the host that was refused */
  if (host != NULL && g_str_has_prefix (uri, "https:") &&
      webkit_web_view_get_tls_info (self->web_view, NULL, &errors) && errors == 0)
    {
      icon = "channel-secure-symbolic";
      subtitle = _("Secure connection");
    }
  else if (host != NULL && g_str_has_prefix (uri, "http:"))
    {
      icon = "dialog-warning-symbolic";
      subtitle = _("Not encrypted · on this computer");
    }

  adw_window_title_set_title (self->location_title, host != NULL ? host : _("Sign In"));
  adw_window_title_set_subtitle (self->location_title, subtitle);
  gtk_image_set_from_icon_name (self->security_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->security_icon), icon != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->security_icon), subtitle);
}

/* The app may destroy the dialog in its handler: nothing of @self is used after. */
void
_sesame_web_sign_in_catch_redirect (SesameWebSignIn *self,
                                    const char      *uri)
{
  g_autofree char *caught = g_strdup (uri);

  self->caught = TRUE;
  webkit_web_view_stop_loading (self->web_view);
  g_signal_emit (self, signals[REDIRECT], 0, caught);
}

/* Loading ---------------------------------------------------------------------------- */

static void
check_status (SesameWebSignIn *self)
{
  WebKitWebResource *resource = webkit_web_view_get_main_resource (self->web_view);
  WebKitURIResponse *response = resource ? webkit_web_resource_get_response (resource) : NULL;
  guint status = response ? webkit_uri_response_get_status_code (response) : 0;
  g_autofree char *host = NULL;
  g_autofree char *text = NULL;

  if (status < 400)
    return;
  host = _sesame_web_sign_in_shown_host (webkit_web_view_get_uri (self->web_view));
  text = g_strdup_printf (_("%s answered with an error (HTTP %u). The page it sent may say "
                            "more."), host ? host : "?", status);
  _sesame_web_sign_in_show_error (self, "http-error", "dialog-warning-symbolic",
                                  _("The Page Could Not Be Loaded"), text,
                                  webkit_web_view_get_uri (self->web_view));
}

static void
on_load_changed (SesameWebSignIn *self,
                 WebKitLoadEvent  event)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), event != WEBKIT_LOAD_FINISHED);
  update_location (self);
  if (event == WEBKIT_LOAD_COMMITTED)
    {
      self->committed = TRUE;
      check_status (self);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.back",
                                 !self->refused &&
                                 webkit_web_view_can_go_back (self->web_view));
}

static void
on_progress (SesameWebSignIn *self)
{
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 webkit_web_view_get_estimated_load_progress (self->web_view));
}

#define MAX_FIRST_LOAD_RETRIES 3

static gboolean
retry_first_load (gpointer user_data)
{
  SesameWebSignIn *self = user_data;

  self->retry_id = 0;
  webkit_web_view_load_uri (self->web_view, self->authorization_uri);
  return G_SOURCE_REMOVE;
}

static gboolean
on_load_failed (SesameWebSignIn *self,
                WebKitLoadEvent  event,
                const char      *failing_uri,
                GError          *error)
{
  g_autofree char *host = _sesame_web_sign_in_shown_host (failing_uri);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  g_debug ("A load failed: %s %d", g_quark_to_string (error->domain), error->code);
  if (self->caught || self->refused ||
      g_error_matches (error, WEBKIT_NETWORK_ERROR, WEBKIT_NETWORK_ERROR_CANCELLED) ||
      g_error_matches (error, WEBKIT_POLICY_ERROR,
                       WEBKIT_POLICY_ERROR_FRAME_LOAD_INTERRUPTED_BY_POLICY_CHANGE))
    return TRUE;

  /* WebKit fails a load by itself when its web process still speaks to a network process
   * that has gone: seen when a dialog opens right after another closed, on a busy
   * machine. Before any page has come, the load is the first one, a plain GET: it is
   * asked for again, a little later each time (at once, the web process may not have
   * noticed yet), before the dialog says it failed. */
  if (g_strcmp0 (g_quark_to_string (error->domain), "WebKitInternal") == 0 &&
      self->retries < MAX_FIRST_LOAD_RETRIES && !self->committed &&
      self->authorization_uri != NULL)
    {
      self->retries++;
      g_debug ("WebKit failed the first load by itself; loading it again (%u)", self->retries);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add (250 * self->retries, retry_first_load, self);
      return TRUE;
    }

  text = g_strdup_printf (_("%s could not be reached: %s"), host ? host : failing_uri,
                          error->message);
  _sesame_web_sign_in_show_error (self, "load-error", "network-error-symbolic",
                                  _("The Page Could Not Be Loaded"), text, failing_uri);
  return TRUE;
}

/* The page's process died (a crash, or memory): a blank view would leave the user
 * stuck, so the dialog says so and offers to start the sign-in page again; the wait for
 * the provider's answer goes on meanwhile. */
static void
on_web_process_terminated (SesameWebSignIn                    *self,
                           WebKitWebProcessTerminationReason   reason)
{
  const char *text;

  if (self->caught || self->refused)
    return;
  g_debug ("The web process ended (%d)", reason);
  text = reason == WEBKIT_WEB_PROCESS_EXCEEDED_MEMORY_LIMIT
    ? _("The sign-in page used too much memory and was stopped. Try again to start over at "
        "the provider’s first page.")
    : _("The sign-in page stopped unexpectedly. Try again to start over at the provider’s "
        "first page.");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  _sesame_web_sign_in_show_error (self, "load-error", "computer-fail-symbolic",
                                  _("The Page Stopped"), text, self->authorization_uri);
}

/* Actions ---------------------------------------------------------------------------- */

static void
go_back (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  SesameWebSignIn *self = SESAME_WEB_SIGN_IN (widget);

  if (webkit_web_view_can_go_back (self->web_view))
    webkit_web_view_go_back (self->web_view);
  set_page (self, "web");
}

static void
retry (GtkWidget  *widget,
       const char *action_name,
       GVariant   *parameter)
{
  SesameWebSignIn *self = SESAME_WEB_SIGN_IN (widget);
  g_autofree char *uri = g_steal_pointer (&self->retry_uri);

  if (self->refused)
    return;
  self->caught = FALSE;
  set_page (self, "web");
  if (uri != NULL)
    webkit_web_view_load_uri (self->web_view, uri);
  else
    webkit_web_view_reload (self->web_view);
}

static void
show_page (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  set_page (SESAME_WEB_SIGN_IN (widget), "web");
}

static void
cancel (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
zoom (GtkWidget  *widget,
      const char *action_name,
      GVariant   *parameter)
{
  SesameWebSignIn *self = SESAME_WEB_SIGN_IN (widget);
  double level = webkit_web_view_get_zoom_level (self->web_view);

  if (g_str_equal (action_name, "sign-in.zoom-in"))
    level = MIN (level * 1.1, 3.0);
  else if (g_str_equal (action_name, "sign-in.zoom-out"))
    level = MAX (level / 1.1, 0.3);
  else
    level = 1.0;
  webkit_web_view_set_zoom_level (self->web_view, level);
}

/* Closing is cancelling: the app ends the wait and destroys the dialog; if no one did,
 * the window closes by itself.
 */
static gboolean
sesame_web_sign_in_close_request (GtkWindow *window)
{
  SesameWebSignIn *self = SESAME_WEB_SIGN_IN (window);

  g_signal_emit (self, signals[CANCELLED], 0);
  return self->disposed;
}

/* GObject ---------------------------------------------------------------------------- */

static void
create_web_view (SesameWebSignIn *self)
{
  WebKitSettings *settings;

  if (self->data_directory != NULL)
    {
      g_autofree char *cookies = g_build_filename (self->data_directory, "cookies.sqlite", NULL);

      /* Cookies are credentials: the directories are the user's alone. */
      g_mkdir_with_parents (self->data_directory, 0700);
      if (self->cache_directory != NULL)
        g_mkdir_with_parents (self->cache_directory, 0700);
      self->session = webkit_network_session_new (self->data_directory, self->cache_directory);
      webkit_cookie_manager_set_persistent_storage (
        webkit_network_session_get_cookie_manager (self->session), cookies,
        WEBKIT_COOKIE_PERSISTENT_STORAGE_SQLITE);
    }
  else
    self->session = webkit_network_session_new_ephemeral ();
  webkit_network_session_set_tls_errors_policy (self->session, WEBKIT_TLS_ERRORS_POLICY_FAIL);
  webkit_network_session_set_persistent_credential_storage_enabled (self->session, FALSE);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW, "network-session", self->session, NULL);
  settings = webkit_web_view_get_settings (self->web_view);
  webkit_settings_set_enable_developer_extras (settings, FALSE);
  webkit_settings_set_javascript_can_open_windows_automatically (settings, FALSE);
  webkit_settings_set_enable_webrtc (settings, FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->web_view), TRUE);
  gtk_box_append (self->web_box, GTK_WIDGET (self->web_view));

#define CONNECT(signal, callback) \
  g_signal_connect_object (self->web_view, signal, G_CALLBACK (callback), self, G_CONNECT_SWAPPED)
  CONNECT ("load-changed", on_load_changed);
  CONNECT ("load-failed", on_load_failed);
  CONNECT ("web-process-terminated", on_web_process_terminated);
  CONNECT ("notify::uri", update_location);
  CONNECT ("notify::estimated-load-progress", on_progress);
#undef CONNECT
  _sesame_web_sign_in_connect_policy (self);
}

static void
sesame_web_sign_in_constructed (GObject *object)
{
  SesameWebSignIn *self = SESAME_WEB_SIGN_IN (object);

  G_OBJECT_CLASS (sesame_web_sign_in_parent_class)->constructed (object);

  if (self->redirect_uri != NULL)
    self->redirect = g_uri_parse (self->redirect_uri, URI_FLAGS, NULL);
  create_web_view (self);
  set_page (self, "web");
  if (self->authorization_uri != NULL && _sesame_web_sign_in_is_allowed (self->authorization_uri))
    webkit_web_view_load_uri (self->web_view, self->authorization_uri);
  else
    _sesame_web_sign_in_refuse_unencrypted (self, self->authorization_uri);
  gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
}

static void
sesame_web_sign_in_dispose (GObject *object)
{
  SesameWebSignIn *self = SESAME_WEB_SIGN_IN (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->web_view != NULL)
    g_signal_handlers_disconnect_by_data (self->web_view, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_WEB_SIGN_IN);
  self->web_view = NULL;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sesame_web_sign_in_parent_class)->dispose (object);
}

static void
sesame_web_sign_in_finalize (GObject *object)
{
  SesameWebSignIn *self = SESAME_WEB_SIGN_IN (object);

  g_free (self->authorization_uri);
  g_free (self->redirect_uri);
  g_clear_pointer (&self->redirect, g_uri_unref);
  g_free (self->data_directory);
  g_free (self->cache_directory);
  g_free (self->retry_uri);

  G_OBJECT_CLASS (sesame_web_sign_in_parent_class)->finalize (object);
}

static void
sesame_web_sign_in_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SesameWebSignIn *self = SESAME_WEB_SIGN_IN (object);

  switch (prop_id)
    {
    case PROP_AUTHORIZATION_URI:
      g_value_set_string (value, self->authorization_uri);
      break;
    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;
    case PROP_DATA_DIRECTORY:
      g_value_set_string (value, self->data_directory);
      break;
    case PROP_CACHE_DIRECTORY:
      g_value_set_string (value, self->cache_directory);
      break;
    case PROP_PAGE:
      g_value_set_string (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The app refused the caught redirect (a wrong state, say): the wait goes on, and Try
 * Again starts at the authorization address.
 */
static void
show_redirect_error (SesameWebSignIn *self,
                     const char      *message)
{
  if (message == NULL)
    return;
  _sesame_web_sign_in_show_error (self, "redirect-error", "dialog-warning-symbolic",
                                  _("The Provider’s Answer Was Refused"), message,
                                  self->authorization_uri);
}

static void
sesame_web_sign_in_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SesameWebSignIn *self = SESAME_WEB_SIGN_IN (object);

  switch (prop_id)
    {
    case PROP_AUTHORIZATION_URI:
      self->authorization_uri = g_value_dup_string (value);
      break;
    case PROP_REDIRECT_URI:
      self->redirect_uri = g_value_dup_string (value);
      break;
    case PROP_DATA_DIRECTORY:
      self->data_directory = g_value_dup_string (value);
      break;
    case PROP_CACHE_DIRECTORY:
      self->cache_directory = g_value_dup_string (value);
      break;
    case PROP_ERROR_MESSAGE:
      show_redirect_error (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  properties[PROP_AUTHORIZATION_URI] =
    g_param_spec_string ("authorization-uri", NULL, NULL, NULL, construct);
  properties[PROP_REDIRECT_URI] =
    g_param_spec_string ("redirect-uri", NULL, NULL, NULL, construct);
  properties[PROP_DATA_DIRECTORY] =
    g_param_spec_string ("data-directory", NULL, NULL, NULL, construct);
  properties[PROP_CACHE_DIRECTORY] =
    g_param_spec_string ("cache-directory", NULL, NULL, NULL, construct);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_string ("page", NULL, NULL, "web",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "sign-in.back", NULL, go_back);
  gtk_widget_class_install_action (widget_class, "sign-in.reload", NULL, retry);
  gtk_widget_class_install_action (widget_class, "sign-in.retry", NULL, retry);
  gtk_widget_class_install_action (widget_class, "sign-in.show-page", NULL, show_page);
  gtk_widget_class_install_action (widget_class, "sign-in.cancel", NULL, cancel);
  gtk_widget_class_install_action (widget_class, "sign-in.zoom-in", NULL, zoom);
  gtk_widget_class_install_action (widget_class, "sign-in.zoom-out", NULL, zoom);
  gtk_widget_class_install_action (widget_class, "sign-in.zoom-reset", NULL, zoom);
}

static void
sesame_web_sign_in_class_init (SesameWebSignInClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sesame_web_sign_in_constructed;
  object_class->dispose = sesame_web_sign_in_dispose;
  object_class->finalize = sesame_web_sign_in_finalize;
  object_class->get_property = sesame_web_sign_in_get_property;
  object_class->set_property = sesame_web_sign_in_set_property;
  window_class->close_request = sesame_web_sign_in_close_request;
  install_properties (object_class);

  signals[REDIRECT] = g_signal_new ("redirect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sesame/Sesame/web/"
                                               "sesame-web-sign-in.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, security_icon);
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, location_title);
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, stack);
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, web_box);
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, error_page);
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, error_label);
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, retry_button);
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, show_page_button);
  gtk_widget_class_bind_template_child (widget_class, SesameWebSignIn, close_button);
  install_actions (widget_class);
}

/* Keys in the capture phase, so that a focused page cannot keep them: Escape cancels. */
static void
add_shortcuts (SesameWebSignIn *self)
{
  static const struct { const char *trigger; const char *action; } keys[] = {
    { "Escape", "sign-in.cancel" },
    { "<Control>plus|<Control>equal|<Control>KP_Add", "sign-in.zoom-in" },
    { "<Control>minus|<Control>KP_Subtract", "sign-in.zoom-out" },
    { "<Control>0|<Control>KP_0", "sign-in.zoom-reset" },
    { "<Alt>Left", "sign-in.back" },
    { "F5|<Control>r", "sign-in.reload" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_shortcut_trigger_parse_string (keys[i].trigger),
                        gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
sesame_web_sign_in_init (SesameWebSignIn *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);
  self->page = "web";
}

GType
sesame_web_sign_in_module_get_type (void)
{
  return SESAME_TYPE_WEB_SIGN_IN;
}
