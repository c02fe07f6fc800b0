/* sesame-web-sign-in-policy.c
 *
 * What the embedded sign-in's view may do: only https pages (http only on this computer);
 * the registered redirect stopped before it loads and handed on; pop-ups and
 * target=_blank in the same view; no downloads, permissions, file choosers, "open in a
 * new window" or inspector; TLS errors end the attempt with the reason, no way on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-web-sign-in"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-web-sign-in-private.h"

/* Addresses ------------------------------------------------------------------------- */

static gboolean
is_loopback_host (const char *host)
{
  return host != NULL && (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
                          g_ascii_strcasecmp (host, "localhost") == 0);
}

/* The registered redirect URI: same scheme, host, port and path, whatever the query. */
static gboolean
is_redirect (SesameWebSignIn *self,
             const char      *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, URI_FLAGS, NULL);

  return parsed != NULL && self->redirect != NULL &&
         g_strcmp0 (g_uri_get_scheme (parsed), g_uri_get_scheme (self->redirect)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (parsed) ?: "",
                             g_uri_get_host (self->redirect) ?: "") == 0 &&
         g_uri_get_port (parsed) == g_uri_get_port (self->redirect) &&
         g_strcmp0 (g_uri_get_path (parsed), g_uri_get_path (self->redirect)) == 0;
}

typedef enum
{
  ADDRESS_ALLOWED,
  ADDRESS_UNENCRYPTED,   /* http elsewhere than on this computer */
  ADDRESS_OTHER,         /* mailto:, file:, javascript:… */
} AddressKind;

static AddressKind
classify (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, URI_FLAGS, NULL);
  const char *scheme = parsed != NULL ? g_uri_get_scheme (parsed) : NULL;

  if (g_strcmp0 (uri, "about:blank") == 0 || g_strcmp0 (uri, "about:srcdoc") == 0 ||
      g_strcmp0 (scheme, "https") == 0)
    return ADDRESS_ALLOWED;
  if (g_strcmp0 (scheme, "http") == 0)
    return is_loopback_host (g_uri_get_host (parsed)) ? ADDRESS_ALLOWED : ADDRESS_UNENCRYPTED;
  return ADDRESS_OTHER;
}

/* The host in full, with the port when it is not the scheme's default. */
char *
_sesame_web_sign_in_shown_host (const char *uri)
{
  g_autoptr(GUri) parsed = uri != NULL ? g_uri_parse (uri, URI_FLAGS, NULL) : NULL;
  const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;

  if (host == NULL || *host == '\0')
    return NULL;
  if (g_uri_get_port (parsed) > 0)
    return g_strdup_printf (strchr (host, ':') ? "[%s]:%d" : "%s:%d", host,
                            g_uri_get_port (parsed));
  return g_strdup (host);
}

gboolean
_sesame_web_sign_in_is_allowed (const char *uri)
{
  return uri != NULL && classify (uri) == ADDRESS_ALLOWED;
}

/* Navigation and the rest ---------------------------------------------------------- */

void
_sesame_web_sign_in_refuse_unencrypted (SesameWebSignIn *self,
                                        const char      *uri)
{
  g_autofree char *host = _sesame_web_sign_in_shown_host (uri);
  g_autofree char *text = g_strdup_printf (_("The page wanted to go to %s without encryption. "
                                             "Sesame only opens encrypted (https) pages while "
                                             "you sign in."), host ? host : "?");

  _sesame_web_sign_in_show_error (self, "load-error", "channel-insecure-symbolic",
                                  _("Unencrypted Page Refused"), text, NULL);
}

static gboolean
decide_navigation (SesameWebSignIn           *self,
                   WebKitPolicyDecision      *decision,
                   WebKitPolicyDecisionType   type)
{
  WebKitNavigationAction *action = webkit_navigation_policy_decision_get_navigation_action (
    WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  WebKitURIRequest *request = webkit_navigation_action_get_request (action);
  const char *uri = webkit_uri_request_get_uri (request);
  AddressKind kind = classify (uri);

  if (self->caught || self->refused)
    webkit_policy_decision_ignore (decision);
  else if (is_redirect (self, uri))
    {
      webkit_policy_decision_ignore (decision);
      _sesame_web_sign_in_catch_redirect (self, uri);
    }
  else if (kind != ADDRESS_ALLOWED)
    {
      webkit_policy_decision_ignore (decision);
      g_debug ("A navigation to an address that is not https was refused");
      if (kind == ADDRESS_UNENCRYPTED)
        _sesame_web_sign_in_refuse_unencrypted (self, uri);
    }
  else if (type == WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION)
    {
      /* Pop-ups and target=_blank: in this view, never in a window of their own. */
      g_autoptr(WebKitURIRequest) same_view = webkit_uri_request_new (uri);

      webkit_policy_decision_ignore (decision);
      webkit_web_view_load_request (self->web_view, same_view);
    }
  else
    webkit_policy_decision_use (decision);
  return TRUE;
}

static gboolean
on_decide_policy (SesameWebSignIn          *self,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type)
{
  WebKitResponsePolicyDecision *response;

  if (type != WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return decide_navigation (self, decision, type);

  /* What the view cannot show would be a download: refused. */
  response = WEBKIT_RESPONSE_POLICY_DECISION (decision);
  if (webkit_response_policy_decision_is_mime_type_supported (response))
    return FALSE;
  webkit_policy_decision_ignore (decision);
  if (webkit_response_policy_decision_is_main_frame_main_resource (response))
    _sesame_web_sign_in_show_error (self, "load-error", "folder-download-symbolic",
                                    _("Download Refused"),
                                    _("The page tried to download a file. Sesame does not "
                                      "download files while you sign in."), NULL);
  return TRUE;
}

static GtkWidget *
on_create (SesameWebSignIn        *self,
           WebKitNavigationAction *action)
{
  const char *uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  if (self->caught || self->refused)
    return NULL;
  if (is_redirect (self, uri))
    _sesame_web_sign_in_catch_redirect (self, uri);
  else if (classify (uri) == ADDRESS_ALLOWED)
    webkit_web_view_load_uri (self->web_view, uri);
  return NULL;
}

static void
on_download_started (SesameWebSignIn *self,
                     WebKitDownload  *download)
{
  g_debug ("A download was refused");
  webkit_download_cancel (download);
}

static gboolean
on_permission_request (SesameWebSignIn         *self,
                       WebKitPermissionRequest *request)
{
  webkit_permission_request_deny (request);
  return TRUE;
}

static gboolean
on_run_file_chooser (SesameWebSignIn       *self,
                     WebKitFileChooserRequest *request)
{
  webkit_file_chooser_request_cancel (request);
  return TRUE;
}

/* No "open in a new window", no "download", no inspector. */
static gboolean
on_context_menu (SesameWebSignIn   *self,
                 WebKitContextMenu *menu)
{
  static const WebKitContextMenuAction refused[] = {
    WEBKIT_CONTEXT_MENU_ACTION_OPEN_LINK_IN_NEW_WINDOW,
    WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_LINK_TO_DISK,
    WEBKIT_CONTEXT_MENU_ACTION_OPEN_IMAGE_IN_NEW_WINDOW,
    WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_IMAGE_TO_DISK,
    WEBKIT_CONTEXT_MENU_ACTION_OPEN_FRAME_IN_NEW_WINDOW,
    WEBKIT_CONTEXT_MENU_ACTION_OPEN_VIDEO_IN_NEW_WINDOW,
    WEBKIT_CONTEXT_MENU_ACTION_OPEN_AUDIO_IN_NEW_WINDOW,
    WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_VIDEO_TO_DISK,
    WEBKIT_CONTEXT_MENU_ACTION_DOWNLOAD_AUDIO_TO_DISK,
    WEBKIT_CONTEXT_MENU_ACTION_INSPECT_ELEMENT,
  };
  GList *items = g_list_copy (webkit_context_menu_get_items (menu));

  for (GList *l = items; l != NULL; l = l->next)
    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      if (webkit_context_menu_item_get_stock_action (l->data) == refused[i])
        webkit_context_menu_remove (menu, l->data);
  g_list_free (items);
  return FALSE;
}

/* TLS -------------------------------------------------------------------------------- */

static const char *
describe_tls_errors (GTlsCertificateFlags errors)
{
  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("its certificate is not issued by an authority this computer trusts");
  if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("its certificate is for another name");
  if (errors & G_TLS_CERTIFICATE_EXPIRED)
    return _("its certificate has expired");
  if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("its certificate is not valid yet");
  if (errors & G_TLS_CERTIFICATE_REVOKED)
    return _("its certificate has been revoked");
  if (errors & G_TLS_CERTIFICATE_INSECURE)
    return _("its certificate uses an insecure algorithm");
  return _("its certificate is not valid");
}

/* No "continue anyway": the attempt ends here, only Cancel is left. */
static gboolean
on_load_failed_with_tls_errors (SesameWebSignIn      *self,
                                const char           *failing_uri,
                                GTlsCertificate      *certificate,
                                GTlsCertificateFlags  errors)
{
  g_autofree char *host = _sesame_web_sign_in_shown_host (failing_uri);
  g_autofree char *text = NULL;

  self->refused = TRUE;
  webkit_web_view_stop_loading (self->web_view);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  adw_window_title_set_title (self->location_title, host ? host : _("Sign In"));
  adw_window_title_set_subtitle (self->location_title, _("Not secure"));
  gtk_image_set_from_icon_name (self->security_icon, "channel-insecure-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->security_icon), TRUE);
  text = g_strdup_printf (_("The identity of %s could not be verified: %s. Sesame does not "
                            "sign in over a connection it cannot trust. Check the provider’s "
                            "address, or ask its administrators."),
                          host ? host : "?", describe_tls_errors (errors));
  _sesame_web_sign_in_show_error (self, "tls-error", "channel-insecure-symbolic",
                                  _("Insecure Connection Refused"), text, NULL);
  return TRUE;
}

void
_sesame_web_sign_in_connect_policy (SesameWebSignIn *self)
{
  g_signal_connect_object (self->session, "download-started", G_CALLBACK (on_download_started),
                           self, G_CONNECT_SWAPPED);
#define CONNECT(signal, callback) \
  g_signal_connect_object (self->web_view, signal, G_CALLBACK (callback), self, G_CONNECT_SWAPPED)
  CONNECT ("decide-policy", on_decide_policy);
  CONNECT ("create", on_create);
  CONNECT ("permission-request", on_permission_request);
  CONNECT ("run-file-chooser", on_run_file_chooser);
  CONNECT ("context-menu", on_context_menu);
  CONNECT ("load-failed-with-tls-errors", on_load_failed_with_tls_errors);
#undef CONNECT
}
