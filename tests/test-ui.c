/* test-ui.c
 *
 * The window, driven through its actions under Xvfb, against the real oidc-provider, a
 * private gnome-keyring and a fake default browser (the scripted agent). Screenshots of
 * each state land in the build tree's screenshots/ folder, to be looked at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "a11y-check.h"
#include "flood.h"
#include "idp.h"
#include "keyring.h"
#include "ui-helpers.h"
#include "runner.h"
#include "sesame-add-profile-dialog.h"
#include "sesame-application.h"
#include "sesame-clipboard.h"
#include "sesame-preferences-window-private.h"
#include "sesame-web-sign-in-loader.h"
#include "sesame-window-private.h"
#include "waits.h"
#include "window-helpers.h"

static Idp *idp;
static char *home;
static char *mode_file;
static char *result_file;

/* Each mode has a result file of its own: the agent of an earlier test may still be
 * writing its result (the window moves on once it has the callback) on a busy machine.
 */
static void
set_agent_mode (const char *mode)
{
  static guint n_modes;
  g_autofree char *name = g_strdup_printf ("agent-result-%u", ++n_modes);

  g_assert_true (g_file_set_contents (mode_file, mode, -1, NULL));
  g_free (result_file);
  result_file = g_build_filename (home, name, NULL);
  g_setenv ("SESAME_AGENT_RESULT_FILE", result_file, TRUE);
}

static gboolean
has_agent_result (gpointer data)
{
  return g_file_get_contents (result_file, (char **) data, NULL, NULL);
}

/* How the receiver answered the scripted browser: "STATUS page text", or "0 why not". */
static char *
agent_result (void)
{
  char *result = NULL;

  wait_until (has_agent_result, &result, WAIT_SECONDS, "the scripted browser's last page");
  return result;
}

static SesameWindow *
open_window_sized (int width,
                   int height)
{
  SesameWindow *window = sesame_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  return window;
}

/* The window at its narrowest width, folded, then back to the usual size. */
static void
take_narrow_screenshot (SesameWindow *window,
                        const char   *name)
{
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  take_screenshot (name);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 620);
  wait_ms (100);
}

static SesameWindow *
open_window (void)
{
  return open_window_sized (900, 620);
}

static void
add_profile (const char *name)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameProfile) profile = sesame_profile_new (name);
  g_autoptr(GError) error = NULL;

  sesame_profile_store_load (store, &error);
  g_assert_no_error (error);
  sesame_profile_set_issuer (profile, idp->issuer);
  sesame_profile_set_client_id (profile, "sesame-public");
  sesame_profile_set_scope (profile, "openid email profile");
  sesame_profile_store_add (store, profile, &error);
  g_assert_no_error (error);
}

static SesameTokenSet *
stored_tokens (SesameWindow *window)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SesameTokenSet *tokens;
  SesameProfile *profile = _sesame_window_get_profile (window);

  sesame_secrets_lookup_tokens_async (sesame_profile_get_id (profile), NULL, on_result,
                                      &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_secrets_lookup_tokens_async ()");
  tokens = sesame_secrets_lookup_tokens_finish (result, &error);
  g_assert_no_error (error);
  return tokens;
}

static void
test_first_run (void)
{
  SesameWindow *window = open_window ();

  g_assert_cmpstr (_sesame_window_get_page (window), ==, "welcome");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL);   /* disabled */
  wait_ms (100);
  g_assert_cmpstr (_sesame_window_get_page (window), ==, "welcome");
  set_dark (FALSE);
  take_screenshot ("first-run");
  set_dark (TRUE);
  take_screenshot ("first-run-dark");
  set_dark (FALSE);
  take_narrow_screenshot (window, "first-run-narrow");
  gtk_menu_button_popup (menu_button (window));
  take_screenshot ("main-menu");
  gtk_menu_button_popdown (menu_button (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
clipboard_changed (gpointer data)
{
  return GPOINTER_TO_UINT (g_object_get_data (data, "changed")) > 0;
}

static void
on_clipboard_changed (GdkClipboard *clipboard)
{
  g_object_set_data (G_OBJECT (clipboard), "changed", GUINT_TO_POINTER (1));
}

static gboolean
has_userinfo (gpointer data)
{
  SesameWindow *window = data;
  SesameTokenSet *tokens = _sesame_window_get_tokens (window);

  return tokens != NULL && sesame_token_set_get_userinfo (tokens) != NULL &&
         g_strcmp0 (label_text (window, "account_name"), "alice") != 0;
}

/* The userinfo's picture, fetched from the provider, replaces the initials. */
static gboolean
has_picture (gpointer data)
{
  return adw_avatar_get_custom_image (((SesameWindow *) data)->avatar) != NULL;
}

static void
test_sign_in_and_copy (void)
{
  SesameWindow *window = NULL;
  GdkClipboard *clipboard;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *curl = NULL;
  g_autofree char *header = NULL;
  g_auto(GStrv) argv = NULL;
  int argc = 0;

  add_profile ("Demo provider");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Demo provider"));
  wait_for_page (window, "signed-out");
  take_screenshot ("signed-out");

  set_agent_mode ("login");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_for_page (window, "signed-in");
  /* Name and e-mail come from the userinfo endpoint, fetched with the new token. */
  wait_until (has_userinfo, window, WAIT_SECONDS, "the signed-in page to show the userinfo");
  g_assert_cmpstr (label_text (window, "account_name"), ==, "Alice Example");
  g_assert_cmpstr (label_text (window, "account_detail"), ==, "alice@example.com");
  wait_until (has_picture, window, WAIT_SECONDS, "the signed-in page to show the picture");
  g_assert_true (g_str_has_prefix (label_text (window, "expiry_label"),
                                   "Access token expires in"));
  set_dark (FALSE);
  take_screenshot ("signed-in");
  set_dark (TRUE);
  take_screenshot ("signed-in-dark");
  set_dark (FALSE);

  /* The keyring holds the tokens, and Copy puts the access token on the clipboard. */
  wait_ms (300);
  tokens = stored_tokens (window);
  g_assert_nonnull (tokens);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_object_set_data (G_OBJECT (clipboard), "changed", NULL);
  g_signal_connect (clipboard, "changed", G_CALLBACK (on_clipboard_changed), NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-token", NULL));
  wait_until (clipboard_changed, clipboard, WAIT_SECONDS, "the clipboard to change");
  copied = read_clipboard_text (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  g_assert_cmpstr (copied, ==, sesame_token_set_get_access_token (tokens));
  assert_token_works (copied);
  /* Marked as a secret, its clearing planned (tests/test-clipboard.c). */
  g_assert_true (_sesame_clipboard_holds_secret (clipboard));
  g_assert_true (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard),
                                                        SESAME_CLIPBOARD_HINT_TYPE));

  /* As a curl line: a shell reads it back as curl, -H and the header, whole. */
  g_object_set_data (G_OBJECT (clipboard), "changed", NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-curl", NULL));
  wait_until (clipboard_changed, clipboard, WAIT_SECONDS, "the clipboard to take the curl line");
  curl = read_clipboard_text (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  g_assert_true (_sesame_clipboard_holds_secret (clipboard));
  g_assert_true (g_shell_parse_argv (curl, &argc, &argv, NULL));
  g_assert_cmpint (argc, ==, 3);
  g_assert_cmpstr (argv[0], ==, "curl");
  g_assert_cmpstr (argv[1], ==, "-H");
  header = g_strconcat ("Authorization: Bearer ", sesame_token_set_get_access_token (tokens),
                        NULL);
  g_assert_cmpstr (argv[2], ==, header);

  g_signal_handlers_disconnect_by_func (clipboard, on_clipboard_changed, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_preferences (gpointer data)
{
  SesamePreferencesWindow *preferences = find_toplevel ("SesamePreferencesWindow", FALSE);

  if (preferences == NULL || _sesame_preferences_window_get_tokens (preferences) == NULL)
    return FALSE;
  *(SesamePreferencesWindow **) data = preferences;
  return TRUE;
}

/* A preferences window, whatever its tokens. */
static gboolean
has_any_preferences (gpointer data)
{
  *(SesamePreferencesWindow **) data = find_toplevel ("SesamePreferencesWindow", FALSE);
  return *(SesamePreferencesWindow **) data != NULL;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             const char *label_text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          (label_text == NULL || g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)),
                                            label_text) == 0))
        return child;
      if ((found = find_widget (child, type, label_text)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_insert_hyphens (PangoAttribute *attribute,
                   gpointer        data)
{
  return attribute->klass->type == PANGO_ATTR_INSERT_HYPHENS &&
         !((PangoAttrInt *) attribute)->value;
}

/* A token wrapped over lines shows no hyphen that is not in it. */
static void
assert_no_hyphens (GtkLabel *label)
{
  PangoAttrList *attributes = gtk_label_get_attributes (label);
  g_autoptr(PangoAttrList) found = NULL;

  g_assert_nonnull (attributes);
  found = pango_attr_list_filter (attributes, is_insert_hyphens, NULL);
  g_assert_nonnull (found);
}

/* The Tokens page of the settings holds the token the sign-in stored. */
static void
test_tokens_page (void)
{
  SesameWindow *window = open_window ();
  SesamePreferencesWindow *preferences = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  const char *access_token;

  g_assert_true (_sesame_window_select_profile (window, "Demo provider"));
  wait_for_page (window, "signed-in");
  tokens = stored_tokens (window);
  access_token = sesame_token_set_get_access_token (tokens);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  wait_until (has_preferences, &preferences, WAIT_SECONDS, "the preferences window");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (preferences_part (preferences,
                                                                                   "tokens_page")));
  g_assert_null (find_widget (GTK_WIDGET (preferences), GTK_TYPE_LABEL, access_token));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_widget (
    preferences_part (preferences, "tokens_group"), GTK_TYPE_TOGGLE_BUTTON, NULL)), TRUE);
  g_assert_nonnull (find_widget (GTK_WIDGET (preferences), GTK_TYPE_LABEL, access_token));
  assert_no_hyphens (GTK_LABEL (find_widget (GTK_WIDGET (preferences), GTK_TYPE_LABEL,
                                             access_token)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_widget (
    preferences_part (preferences, "tokens_group"), GTK_TYPE_TOGGLE_BUTTON, NULL)), FALSE);
  take_screenshot ("tokens-page");
  set_dark (TRUE);
  take_screenshot ("tokens-page-dark");
  set_dark (FALSE);

  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_narrow (void)
{
  SesameWindow *window = open_window_sized (360, 640);

  g_assert_true (_sesame_window_select_profile (window, "Demo provider"));
  wait_for_page (window, "signed-in");
  wait_ms (300);
  g_assert_true (adw_leaflet_get_folded (_sesame_window_get_part (window, "leaflet")));
  g_assert_false (gtk_label_get_selectable (_sesame_window_get_part (window, "account_name")));
  g_assert_false (gtk_label_get_selectable (_sesame_window_get_part (window, "account_detail")));
  take_screenshot ("signed-in-narrow");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_uri (gpointer data)
{
  return _sesame_window_get_authorization_uri (data) != NULL;
}

/* The browser never comes back: Cancel ends the wait and closes the receiver. */
static void
test_cancel (void)
{
  SesameWindow *window;
  GtkWidget *entry;
  guint port;

  add_profile ("Waiting");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Waiting"));
  wait_for_page (window, "signed-out");
  set_agent_mode ("ignore");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_for_page (window, "waiting");
  wait_until (has_uri, window, WAIT_SECONDS, "the authorization address");
  port = redirect_port (_sesame_window_get_authorization_uri (window));
  g_assert_false (port_refuses (GUINT_TO_POINTER (port)));

  /* Continue, beside the paste field, waits for an address. */
  entry = _sesame_window_get_part (window, "paste_entry");
  g_assert_false (gtk_widget_get_sensitive (gtk_widget_get_next_sibling (entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "http://127.0.0.1/");
  g_assert_true (gtk_widget_get_sensitive (gtk_widget_get_next_sibling (entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_false (gtk_widget_get_sensitive (gtk_widget_get_next_sibling (entry)));

  /* A wrong address: the error names the redirect URI, which no line break cuts after
   * its "http://". */
  gtk_expander_set_expanded (_sesame_window_get_part (window, "paste_expander"), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), "http://example.com/elsewhere?code=x");
  g_signal_emit_by_name (entry, "activate");   /* Enter */
  g_assert_true (gtk_widget_get_visible (_sesame_window_get_part (window, "paste_error")));
  g_assert_nonnull (strstr (label_text (window, "paste_error"), "http://\u2060127.0.0.1:"));
  take_narrow_screenshot (window, "waiting-paste-error-narrow");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_set_visible (_sesame_window_get_part (window, "paste_error"), FALSE);
  gtk_expander_set_expanded (_sesame_window_get_part (window, "paste_expander"), FALSE);
  take_screenshot ("waiting");
  set_dark (TRUE);
  take_screenshot ("waiting-dark");
  set_dark (FALSE);
  take_narrow_screenshot (window, "waiting-narrow");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-sign-in", NULL));
  wait_for_page (window, "signed-out");
  wait_until (port_refuses, GUINT_TO_POINTER (port), WAIT_SECONDS,
              "the receiver to stop listening");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The user refuses consent at the provider: the error in plain words, nothing stored. */
static void
test_denied (void)
{
  SesameWindow *window;
  g_autofree char *result = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;

  add_profile ("Denied");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Denied"));
  wait_for_page (window, "signed-out");
  set_agent_mode ("deny");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_for_page (window, "error");
  g_assert_nonnull (strstr (label_text (window, "error_label"), "access_denied"));
  /* Words to read, not a text field: no cursor, no selection. */
  g_assert_false (gtk_label_get_selectable (_sesame_window_get_part (window, "error_label")));
  /* The browser got the whole page, although the window's flow ended at once. */
  result = agent_result ();
  g_assert_true (g_str_has_prefix (result, "200 Sign-in failed"));
  g_assert_nonnull (strstr (result, "access_denied"));
  take_screenshot ("error");
  set_dark (TRUE);
  take_screenshot ("error-dark");
  set_dark (FALSE);
  take_narrow_screenshot (window, "error-narrow");

  tokens = stored_tokens (window);
  g_assert_null (tokens);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Sign-in on another device ---------------------------------------------------------- */

static void
add_device_profile (const char *name)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameProfile) profile = sesame_profile_new (name);
  g_autoptr(GError) error = NULL;

  sesame_profile_store_load (store, &error);
  g_assert_no_error (error);
  sesame_profile_set_issuer (profile, idp->issuer);
  sesame_profile_set_client_id (profile, "sesame-device");
  sesame_profile_set_scope (profile, "openid email profile");
  sesame_profile_set_sign_in_method (profile, SESAME_SIGN_IN_DEVICE);
  sesame_profile_store_add (store, profile, &error);
  g_assert_no_error (error);
}

/* What a phone reads off the screen: the QR code, decoded by zbarimg from the rendered
 * widget (in the style now set) and from a screenshot of the whole screen. */
static char *
scan_device_code (SesameWindow *window,
                  const char   *name)
{
  g_autoptr(GdkTexture) texture = render_widget (device_part (window, "qr_view"));
  g_autofree char *widget_path = NULL;
  g_autofree char *screen_path = NULL;
  g_autofree char *from_widget = NULL;
  g_autofree char *from_screen = NULL;
  g_autofree char *widget_name = g_strconcat (name, "-qr-code", NULL);

  widget_path = save_texture (texture, widget_name);
  from_widget = zbar_decode (widget_path);
  take_screenshot (name);
  screen_path = g_strdup_printf ("%s/../screenshots/%s.png", g_getenv ("G_TEST_BUILDDIR"), name);
  if (g_file_test (screen_path, G_FILE_TEST_EXISTS))
    {
      from_screen = zbar_decode (screen_path);
      g_assert_cmpstr (from_screen, ==, from_widget);
    }
  return g_steal_pointer (&from_widget);
}

/* The scripted agent, as the phone's browser, with the address it read. */
static void
spawn_agent (const char *uri)
{
  g_autoptr(GSubprocess) agent = NULL;
  g_autoptr(GError) error = NULL;

  agent = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("SESAME_TEST_AGENT"),
                            uri, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (agent, NULL, NULL, NULL);
}

/* End to end: the window shows the code, the QR code holds the complete verification URI,
 * the agent approves it as a phone would, and the window goes on to the signed-in page
 * with the tokens in the keyring. */
static void
test_device_sign_in (void)
{
  SesameWindow *window;
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *result = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autofree char *verify = g_strconcat (idp->issuer, "/device", NULL);
  const char *code;

  add_device_profile ("Device provider");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Device provider"));
  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_until (shows_device_code, window, WAIT_SECONDS, "the device page to show the code");

  code = gtk_label_get_text (device_part (window, "user_code_label"));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (device_part (window, "countdown_label")),
                                   "Code expires in "));
  g_assert_cmpstr (gtk_label_get_text (device_part (window, "link_label")), ==, verify);
  wait_until (device_page_at_rest, window, WAIT_SECONDS, "the device page to be still");
  set_dark (FALSE);
  light = scan_device_code (window, "device-e2e");
  set_dark (TRUE);
  dark = scan_device_code (window, "device-e2e-dark");
  set_dark (FALSE);
  g_assert_nonnull (light);
  g_assert_cmpstr (light, ==, dark);
  g_assert_cmpstr (light, ==, sesame_device_page_get_uri (_sesame_window_get_part (window,
                                                                                  "device_page")));
  g_assert_true (g_str_has_prefix (light, idp->issuer));
  g_assert_nonnull (strstr (light, "/device?user_code="));
  g_assert_nonnull (strstr (light, code));
  take_narrow_screenshot (window, "device-e2e-narrow");
  /* The spinner stopped while the names are read (see test_accessible_names). */
  gtk_spinner_stop (device_part (window, "spinner"));
  a11y_check_names (window, "the device page");
  gtk_spinner_start (device_part (window, "spinner"));

  set_agent_mode ("login");
  spawn_agent (light);
  result = agent_result ();
  g_assert_true (g_str_has_prefix (result, "200 "));
  wait_for_page (window, "signed-in");
  wait_until (has_userinfo, window, WAIT_SECONDS, "the signed-in page to show the userinfo");
  g_assert_cmpstr (label_text (window, "account_name"), ==, "Alice Example");
  wait_ms (300);
  tokens = stored_tokens (window);
  g_assert_nonnull (tokens);
  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==,
                   sesame_token_set_get_access_token (_sesame_window_get_tokens (window)));
  assert_token_works (sesame_token_set_get_access_token (tokens));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_new_device_code (gpointer data)
{
  SesameWindow *window = data;
  const char *old = g_object_get_data (G_OBJECT (window), "old-code");

  return shows_device_code (window) &&
         g_strcmp0 (gtk_label_get_text (device_part (window, "user_code_label")), old) != 0;
}

/* Refused on the provider's page, opened through the page's link (the default browser is
 * the agent): the error says so, and Try Again asks for a new code. */
static void
test_device_denied (void)
{
  SesameWindow *window;
  g_autofree char *result = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;

  add_device_profile ("Device refused");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Device refused"));
  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_until (shows_device_code, window, WAIT_SECONDS, "the device page to show the code");
  g_object_set_data_full (G_OBJECT (window), "old-code",
                          g_strdup (gtk_label_get_text (device_part (window,
                                                                     "user_code_label"))),
                          g_free);

  set_agent_mode ("deny");
  g_signal_emit_by_name (device_part (window, "link_button"), "clicked");
  result = agent_result ();
  g_assert_true (g_str_has_prefix (result, "200 "));
  wait_for_page (window, "error");
  g_assert_cmpstr (adw_status_page_get_title (_sesame_window_get_part (window, "error_page")),
                   ==, "Sign-in Refused");
  g_assert_cmpstr (label_text (window, "error_label"), ==,
                   "Sign-in was refused on the other device.");
  tokens = stored_tokens (window);
  g_assert_null (tokens);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.try-again", NULL));
  wait_until (has_new_device_code, window, WAIT_SECONDS, "a new code after Try Again");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-sign-in", NULL));
  wait_for_page (window, "signed-out");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_message_dialog (gpointer data)
{
  *(AdwMessageDialog **) data = find_toplevel ("AdwMessageDialog", FALSE);
  return *(AdwMessageDialog **) data != NULL;
}

static void
test_sign_out (void)
{
  SesameWindow *window = open_window ();
  AdwMessageDialog *dialog = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;

  g_assert_true (_sesame_window_select_profile (window, "Demo provider"));
  wait_for_page (window, "signed-in");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  wait_until (has_message_dialog, &dialog, WAIT_SECONDS, "the message dialog");
  /* The settings' words (tests/test-preferences.c, tokens/sign-out). */
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Sign Out?");
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_body (dialog),
                                   "are revoked at the provider, where it allows that, and "
                                   "deleted from this computer."));
  take_screenshot ("sign-out-confirmation");
  adw_message_dialog_response (dialog, "sign-out");
  wait_for_page (window, "signed-out");

  tokens = stored_tokens (window);
  g_assert_null (tokens);
  gtk_window_destroy (GTK_WINDOW (window));
}

static const char *
sidebar_subtitle (SesameWindow *window,
                  const char   *name)
{
  GtkWidget *row = gtk_widget_get_first_child (_sesame_window_get_part (window, "profile_list"));

  for (; row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0)
      return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_not_reached ();
}

/* The sidebar names the provider by its host: the whole authorization URL was cut off. */
static void
test_sidebar_subtitle (void)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameProfile) profile = sesame_profile_new ("Entra by endpoints");
  g_autoptr(GError) error = NULL;
  SesameWindow *window;

  sesame_profile_store_load (store, &error);
  g_assert_no_error (error);
  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION,
    "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize");
  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_TOKEN,
    "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
  sesame_profile_set_client_id (profile, "sesame-public");
  g_assert_true (sesame_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  add_profile ("By issuer");

  window = open_window ();
  g_assert_cmpstr (sidebar_subtitle (window, "Entra by endpoints"), ==,
                   "login.microsoftonline.com");
  g_assert_cmpstr (sidebar_subtitle (window, "By issuer"), ==, strstr (idp->issuer, "//") + 2);
  g_assert_true (_sesame_window_select_profile (window, "Entra by endpoints"));
  take_screenshot ("sidebar-hosts");
  gtk_window_destroy (GTK_WINDOW (window));

  sesame_profile_store_load (store, &error);
  g_assert_no_error (error);
  g_assert_true (sesame_profile_store_remove (store, profile, &error));
  g_assert_true (sesame_profile_store_remove (store, sesame_profile_store_lookup (store,
                                                                                  "By issuer"),
                                              &error));
  g_assert_no_error (error);
}

static gboolean
has_add_dialog (gpointer data)
{
  *(GtkWindow **) data = find_toplevel ("SesameAddProfileDialog", TRUE);
  return *(GtkWindow **) data != NULL;
}

/* The first-run choice opens the add dialog on that preset. */
static void
test_add_dialog (void)
{
  SesameWindow *window = open_window ();
  GtkWindow *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-profile", NULL));
  wait_until (has_add_dialog, &dialog, WAIT_SECONDS, "the add-profile dialog");
  take_screenshot ("add-profile");
  gtk_window_destroy (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The welcome page's last preset is on screen, not below the fold: at the default size
 * and at the narrowest width.
 */
static void
assert_presets_visible (SesameWindow *window,
                        const char   *name)
{
  GtkWidget *list = _sesame_window_get_part (window, "preset_list");
  GtkWidget *last = gtk_widget_get_last_child (list);
  graphene_rect_t bounds;

  take_screenshot (name);
  g_assert_true (gtk_widget_compute_bounds (last, GTK_WIDGET (window), &bounds));
  g_test_message ("%s: the last preset ends at %.0f of %d px", name,
                  bounds.origin.y + bounds.size.height, gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (GTK_WIDGET (window)));
}

static void
test_welcome_presets (void)
{
  SesameWindow *window = open_window_sized (860, 600);   /* sesame-window.ui's default */

  set_dark (FALSE);
  assert_presets_visible (window, "welcome");
  set_dark (TRUE);
  take_screenshot ("welcome-dark");
  set_dark (FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  wait_ms (200);
  /* Folded, the welcome page is the content beside the (empty) sidebar. */
  adw_leaflet_set_visible_child (_sesame_window_get_part (window, "leaflet"),
                                 gtk_widget_get_parent (_sesame_window_get_part (window,
                                                                                 "stack")));
  assert_presets_visible (window, "welcome-narrow");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The add-profile dialog ------------------------------------------------------------- */

static SesameAddProfileDialog *
open_add_dialog (SesameWindow *window,
                 const char   *preset_id)
{
  SesamePreset *preset = preset_id != NULL ? sesame_presets_lookup (preset_id) : NULL;
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  SesameAddProfileDialog *dialog;

  g_assert_true (sesame_profile_store_load (store, NULL));
  dialog = sesame_add_profile_dialog_new (GTK_WINDOW (window), store, preset);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for_mapped (dialog);
  return dialog;
}

static gpointer
dialog_part (SesameAddProfileDialog *dialog,
             const char             *id)
{
  GObject *part = gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                 SESAME_TYPE_ADD_PROFILE_DIALOG, id);

  g_assert_nonnull (part);
  return part;
}

static const char *
dialog_text (SesameAddProfileDialog *dialog,
             const char             *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (dialog_part (dialog, id)));
}

static void
set_dialog_text (SesameAddProfileDialog *dialog,
                 const char             *id,
                 const char             *text)
{
  gtk_editable_set_text (GTK_EDITABLE (dialog_part (dialog, id)), text);
}

static void
select_preset (SesameAddProfileDialog *dialog,
               const char             *id)
{
  GPtrArray *presets = sesame_presets_get_all ();
  guint index;

  g_assert_true (g_ptr_array_find (presets, sesame_presets_lookup (id), &index));
  adw_combo_row_set_selected (dialog_part (dialog, "preset_row"), index);
}

static gboolean
can_add (SesameAddProfileDialog *dialog)
{
  return gtk_widget_get_sensitive (dialog_part (dialog, "add_button"));
}

static GtkWidget *
find_entry_row (GtkWidget *widget)
{
  if (ADW_IS_ENTRY_ROW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry_row (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first variable's row (the tenant, the issuer…). */
static GtkWidget *
variable_row (SesameAddProfileDialog *dialog)
{
  GtkWidget *row = find_entry_row (dialog_part (dialog, "variables_group"));

  g_assert_nonnull (row);
  return row;
}

/* Each preset says what to do at the provider: GitHub's callback URL and its required
 * secret, what Entra's tenant may be.
 */
static void
test_add_dialog_guidance (void)
{
  SesameWindow *window = open_window ();
  SesameAddProfileDialog *dialog = open_add_dialog (window, "github");
  AdwActionRow *register_row = dialog_part (dialog, "register_row");
  GtkWidget *tenant;

  g_assert_cmpstr (adw_preferences_group_get_description (dialog_part (dialog,
                                                                       "provider_group")), ==,
                   sesame_preset_get_guidance (sesame_presets_lookup ("github")));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (register_row)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (register_row)), ==,
                   "Callback URL");
  g_assert_cmpstr (adw_action_row_get_subtitle (register_row), ==, "http://127.0.0.1/callback");
  g_assert_nonnull (strstr (adw_preferences_group_get_description (
                              dialog_part (dialog, "client_group")), "secret is required"));
  g_assert_false (gtk_widget_get_visible (dialog_part (dialog, "variables_group")));

  select_preset (dialog, "microsoft");
  tenant = variable_row (dialog);
  g_assert_true (gtk_widget_get_visible (dialog_part (dialog, "variables_group")));
  g_assert_nonnull (strstr (adw_preferences_group_get_description (
                              dialog_part (dialog, "variables_group")),
                            "contoso.onmicrosoft.com"));
  g_assert_cmpstr (adw_action_row_get_subtitle (register_row), ==, "http://localhost");
  g_assert_null (strstr (adw_preferences_group_get_description (
                           dialog_part (dialog, "client_group")), "secret is required"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (tenant)), ==, "Tenant");

  select_preset (dialog, "google");
  g_assert_null (gtk_widget_get_parent (GTK_WIDGET (register_row)));
  g_assert_false (gtk_widget_get_visible (dialog_part (dialog, "variables_group")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_device_profile (gpointer data)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  SesameProfile *profile;

  if (!sesame_profile_store_load (store, NULL))
    return FALSE;
  profile = sesame_profile_store_lookup (store, data);
  return profile != NULL &&
         sesame_profile_get_sign_in_method (profile) == SESAME_SIGN_IN_DEVICE;
}

/* Sign In With: offered for every preset (each documents a device endpoint or discovers
 * the provider), and kept in the profile added. */
static void
test_add_dialog_device (void)
{
  SesameWindow *window = open_window ();
  SesameAddProfileDialog *dialog = open_add_dialog (window, "github");
  GPtrArray *presets = sesame_presets_get_all ();

  for (guint i = 0; i < presets->len; i++)
    {
      select_preset (dialog, sesame_preset_get_id (presets->pdata[i]));
      g_assert_true (gtk_widget_get_visible (dialog_part (dialog, "sign_in_method_row")));
    }
  select_preset (dialog, "google");
  set_dialog_text (dialog, "name_row", "Google on a phone");
  set_dialog_text (dialog, "client_id_row", "device-client.apps.example");
  set_dialog_text (dialog, "secret_row", "device-s3cret");
  adw_combo_row_set_selected (dialog_part (dialog, "sign_in_method_row"), SESAME_SIGN_IN_DEVICE);
  g_assert_true (can_add (dialog));
  g_signal_emit_by_name (dialog_part (dialog, "add_button"), "clicked");
  wait_until (has_device_profile, "Google on a phone", WAIT_SECONDS,
              "the profile added to sign in with another device");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The name suggested follows the provider, until the user types one. */
static void
test_add_dialog_suggested_name (void)
{
  SesameWindow *window = open_window ();
  SesameAddProfileDialog *dialog = open_add_dialog (window, "github");

  g_assert_cmpstr (dialog_text (dialog, "name_row"), ==, "GitHub");
  select_preset (dialog, "google");
  g_assert_cmpstr (dialog_text (dialog, "name_row"), ==, "Google");
  select_preset (dialog, "generic");
  g_assert_cmpstr (dialog_text (dialog, "name_row"), ==, "OpenID Connect provider");
  set_dialog_text (dialog, "name_row", "Work");
  select_preset (dialog, "gitlab");
  g_assert_cmpstr (dialog_text (dialog, "name_row"), ==, "Work");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Add waits for the required fields; focus starts in the first one. */
static void
test_add_dialog_required (void)
{
  SesameWindow *window = open_window ();
  SesameAddProfileDialog *dialog = open_add_dialog (window, "github");
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

  g_assert_nonnull (focus);
  g_assert_true (focus == dialog_part (dialog, "name_row") ||
                 gtk_widget_is_ancestor (focus, dialog_part (dialog, "name_row")));

  g_assert_false (can_add (dialog));
  set_dialog_text (dialog, "client_id_row", "my-client");
  g_assert_false (can_add (dialog));                      /* GitHub's secret is required */
  set_dialog_text (dialog, "secret_row", "s3cret");
  g_assert_true (can_add (dialog));
  set_dialog_text (dialog, "name_row", "  ");
  g_assert_false (can_add (dialog));
  set_dialog_text (dialog, "name_row", "GitHub work");
  g_assert_true (can_add (dialog));

  select_preset (dialog, "generic");                      /* the issuer has no default */
  set_dialog_text (dialog, "secret_row", "");
  g_assert_false (can_add (dialog));
  gtk_editable_set_text (GTK_EDITABLE (variable_row (dialog)), "https://id.example.test");
  g_assert_true (can_add (dialog));

  select_preset (dialog, "microsoft");                    /* the tenant has one */
  g_assert_true (can_add (dialog));
  set_dialog_text (dialog, "client_id_row", "");
  g_assert_false (can_add (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A wrong field is marked itself, and nothing is added. */
static void
test_add_dialog_invalid_row (void)
{
  SesameWindow *window = open_window ();
  SesameAddProfileDialog *dialog = open_add_dialog (window, "generic");
  GtkWidget *issuer = variable_row (dialog);

  set_dialog_text (dialog, "name_row", "Wrong issuer");
  set_dialog_text (dialog, "client_id_row", "my-client");
  gtk_editable_set_text (GTK_EDITABLE (issuer), "not a URL");
  g_assert_true (can_add (dialog));
  g_signal_emit_by_name (dialog_part (dialog, "add_button"), "clicked");
  take_screenshot ("add-profile-invalid");

  g_assert_true (gtk_widget_has_css_class (issuer, "error"));
  g_assert_true (gtk_test_accessible_has_state (GTK_ACCESSIBLE (issuer),
                                                GTK_ACCESSIBLE_STATE_INVALID));
  g_assert_false (gtk_widget_has_css_class (dialog_part (dialog, "name_row"), "error"));
  g_assert_false (gtk_widget_has_css_class (dialog_part (dialog, "client_id_row"), "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  gtk_editable_set_text (GTK_EDITABLE (issuer), "https://id.example.test");
  g_assert_false (gtk_widget_has_css_class (issuer, "error"));
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (issuer),
                                                 GTK_ACCESSIBLE_STATE_INVALID));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The dialog on each preset, light, dark and at 360 px: to be looked at. */
static void
test_add_dialog_screenshots (void)
{
  SesameWindow *window = open_window ();
  GPtrArray *presets = sesame_presets_get_all ();

  for (guint i = 0; i < presets->len; i++)
    {
      const char *id = sesame_preset_get_id (presets->pdata[i]);
      SesameAddProfileDialog *dialog = open_add_dialog (window, id);
      g_autofree char *light = g_strdup_printf ("add-profile-%s", id);
      g_autofree char *dark = g_strdup_printf ("add-profile-%s-dark", id);
      g_autofree char *narrow = g_strdup_printf ("add-profile-%s-narrow", id);

      set_dark (FALSE);
      take_screenshot (light);
      set_dark (TRUE);
      take_screenshot (dark);
      set_dark (FALSE);
      gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 640);
      take_screenshot (narrow);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* How long the main loop went between frames (a tick callback keeps the frame clock
 * running) and between wakeups of a 10 ms timeout.
 */
typedef struct
{
  GArray *tick_gaps;     /* of gint64, µs */
  GArray *wakeup_gaps;
  gint64  last_tick;
  gint64  last_wakeup;
  Flood  *flood;
  guint   ticks_while_flooded;
} Stalls;

static void
add_gap (GArray *gaps,
         gint64 *last)
{
  gint64 now = g_get_monotonic_time ();
  gint64 gap = now - *last;

  if (*last != 0)
    g_array_append_val (gaps, gap);
  *last = now;
}

static gboolean
on_stall_tick (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  Stalls *stalls = data;

  add_gap (stalls->tick_gaps, &stalls->last_tick);
  if (stalls->flood != NULL && !flood_is_done (stalls->flood))
    stalls->ticks_while_flooded++;
  return G_SOURCE_CONTINUE;
}

static gboolean
on_stall_wakeup (gpointer data)
{
  Stalls *stalls = data;

  add_gap (stalls->wakeup_gaps, &stalls->last_wakeup);
  return G_SOURCE_CONTINUE;
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Reports the median and longest gap, and starts counting anew. */
static void
report_gaps (const char *when,
             const char *what,
             GArray     *gaps)
{
  g_array_sort (gaps, compare_gaps);
  g_test_message ("%s: %u %s, median gap %.1f ms, longest %.1f ms", when, gaps->len, what,
                  gaps->len ? g_array_index (gaps, gint64, gaps->len / 2) / 1000.0 : 0.0,
                  gaps->len ? g_array_index (gaps, gint64, gaps->len - 1) / 1000.0 : 0.0);
  g_array_set_size (gaps, 0);
}

static void
report_stalls (Stalls     *stalls,
               const char *when)
{
  report_gaps (when, "frames", stalls->tick_gaps);
  report_gaps (when, "10 ms wakeups", stalls->wakeup_gaps);
}

static gboolean
on_agent_done (gpointer data)
{
  return g_subprocess_get_identifier (data) == NULL;
}

/* While the sign-in waits, another program floods the receiver (200 connections held
 * open, 800 junk requests): the window keeps drawing frames all along, and the real
 * callback then signs in. The stalls of the main loop are reported, not judged.
 */
static void
test_flooded_redraws (void)
{
  Stalls stalls = { g_array_new (FALSE, FALSE, sizeof (gint64)),
                    g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_autoptr(GSubprocess) agent = NULL;
  g_autoptr(GError) error = NULL;
  SesameWindow *window;
  guint tick_id, wakeup_id;
  guint port;

  add_profile ("Flooded");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Flooded"));
  wait_for_page (window, "signed-out");
  set_agent_mode ("ignore");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_for_page (window, "waiting");
  wait_until (has_uri, window, WAIT_SECONDS, "the authorization address");
  port = redirect_port (_sesame_window_get_authorization_uri (window));

  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (window), on_stall_tick, &stalls, NULL);
  wakeup_id = g_timeout_add (10, on_stall_wakeup, &stalls);
  wait_ms (1000);
  report_stalls (&stalls, "waiting");

  stalls.flood = flood_start ((guint16) port, 200, 800);
  wait_until ((gboolean (*) (gpointer)) flood_is_done, stalls.flood, WAIT_SECONDS,
              "the flood to end");
  report_stalls (&stalls, "flooded");
  g_test_message ("%u junk requests, %u frames drawn meanwhile",
                  flood_get_n_sent (stalls.flood), stalls.ticks_while_flooded);
  g_assert_cmpuint (stalls.ticks_while_flooded, >, 0);
  g_assert_cmpstr (_sesame_window_get_page (window), ==, "waiting");

  set_agent_mode ("login");
  agent = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("SESAME_TEST_AGENT"),
                            _sesame_window_get_authorization_uri (window), NULL);
  g_assert_no_error (error);
  wait_for_page (window, "signed-in");
  wait_until (on_agent_done, agent, WAIT_SECONDS, "the scripted browser to finish");
  g_assert_true (g_subprocess_get_successful (agent));
  flood_stop (stalls.flood);
  report_stalls (&stalls, "signing in after the flood");

  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick_id);
  g_source_remove (wakeup_id);
  g_array_unref (stalls.tick_gaps);
  g_array_unref (stalls.wakeup_gaps);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Tab, as a person presses it: focus moves on through the window. */
static void
press_tab (SesameWindow *window)
{
  if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
    gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);  /* wrapped round */
}

/* The row of the profile list that has the focus, if any. */
static GtkListBoxRow *
focused_profile_row (SesameWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *list = _sesame_window_get_part (window, "profile_list");

  return focus != NULL && GTK_IS_LIST_BOX_ROW (focus) && gtk_widget_get_parent (focus) == list
           ? GTK_LIST_BOX_ROW (focus) : NULL;
}

/* Tabbing onto the profile row, selecting or activating it, never ends a sign-in that
 * waits for the browser. */
static void
test_focus_keeps_sign_in (void)
{
  SesameWindow *window;
  g_autofree char *uri = NULL;
  GtkListBoxRow *row = NULL;

  add_profile ("Focused");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Focused"));
  wait_for_page (window, "signed-out");
  set_agent_mode ("ignore");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_for_page (window, "waiting");
  wait_until (has_uri, window, WAIT_SECONDS, "the authorization address");
  uri = g_strdup (_sesame_window_get_authorization_uri (window));

  for (int i = 0; i < 40 && row == NULL; i++)
    {
      press_tab (window);
      wait_ms (20);
      g_assert_cmpstr (_sesame_window_get_page (window), ==, "waiting");
      row = focused_profile_row (window);
    }
  g_assert_nonnull (row);
  g_assert_cmpstr (sesame_profile_get_name (g_object_get_data (G_OBJECT (row), "profile")), ==,
                   "Focused");
  gtk_list_box_select_row (_sesame_window_get_part (window, "profile_list"), row);
  /* What a click or Enter on the row does. */
  g_signal_emit_by_name (_sesame_window_get_part (window, "profile_list"), "row-activated", row);
  wait_ms (100);
  g_assert_cmpstr (_sesame_window_get_page (window), ==, "waiting");
  g_assert_cmpstr (_sesame_window_get_authorization_uri (window), ==, uri);
  g_assert_false (port_refuses (GUINT_TO_POINTER (redirect_port (uri))));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-sign-in", NULL));
  wait_for_page (window, "signed-out");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_sidebar (gpointer data)
{
  SesameWindow *window = data;
  GtkWidget *shown = adw_leaflet_get_visible_child (_sesame_window_get_part (window, "leaflet"));

  return gtk_widget_is_ancestor (_sesame_window_get_part (window, "profile_list"), shown);
}

static gboolean
shows_content (gpointer data)
{
  return !shows_sidebar (data);
}

/* Narrow: back to the list, then a click on the profile already selected shows it again. */
static void
test_narrow_back_and_again (void)
{
  SesameWindow *window = open_window_sized (360, 640);
  GtkListBoxRow *row;

  g_assert_true (_sesame_window_select_profile (window, "Demo provider"));
  wait_for_page (window, "signed-in");
  wait_until (shows_content, window, WAIT_SECONDS, "the profile's page in the narrow window");
  adw_leaflet_navigate (_sesame_window_get_part (window, "leaflet"),
                        ADW_NAVIGATION_DIRECTION_BACK);
  wait_until (shows_sidebar, window, WAIT_SECONDS, "the profile list in the narrow window");

  row = gtk_list_box_get_selected_row (_sesame_window_get_part (window, "profile_list"));
  g_assert_nonnull (row);
  /* What a click or Enter on the row does. */
  g_signal_emit_by_name (_sesame_window_get_part (window, "profile_list"), "row-activated", row);
  wait_until (shows_content, window, WAIT_SECONDS,
              "the profile's page again, after a click on its row");
  g_assert_cmpstr (_sesame_window_get_page (window), ==, "signed-in");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_uses_embedded (gpointer data)
{
  SesameProfile *profile = _sesame_window_get_profile (data);

  return profile != NULL && sesame_profile_get_browser (profile) == SESAME_BROWSER_EMBEDDED;
}

static gboolean
preferences_show_cli_edit (gpointer data)
{
  SesamePreferencesWindow *preferences = data;

  return adw_combo_row_get_selected (ADW_COMBO_ROW (preferences_part (preferences,
                                                                      "browser_row"))) ==
           SESAME_BROWSER_EMBEDDED &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (preferences_part (preferences,
                                                                           "scope_row"))),
                    "openid email") == 0;
}

/* A change from the command line while the window and its settings are open: both show
 * it, and an edit of another setting in the window keeps it on disk. */
static void
test_cli_edit_while_open (void)
{
  const char *edit[] = { "profile", "edit", "Edited", "--browser", "embedded",
                         "--scope", "openid email", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(GError) error = NULL;
  SesamePreferencesWindow *preferences = NULL;
  SesameWindow *window;
  SesameProfile *stored;

  add_profile ("Edited");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Edited"));
  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  wait_until (has_any_preferences, &preferences, WAIT_SECONDS, "the preferences window");

  run_sesame (&run, NULL, NULL, edit);
  g_assert_cmpint (run.status, ==, 0);
  wait_until (window_uses_embedded, window, WAIT_SECONDS,
              "the window to take the browser set from the command line");
  wait_until (preferences_show_cli_edit, preferences, WAIT_SECONDS,
              "the settings to show the command line's changes");
  take_screenshot ("settings-after-cli-edit");

  gtk_editable_set_text (GTK_EDITABLE (preferences_part (preferences, "client_id_row")),
                         "sesame-public-2");
  gtk_window_close (GTK_WINDOW (preferences));  /* saves what waits to be saved */

  g_assert_true (sesame_profile_store_load (store, &error));
  stored = sesame_profile_store_lookup (store, "Edited");
  g_assert_cmpstr (sesame_profile_get_client_id (stored), ==, "sesame-public-2");
  g_assert_cmpstr (sesame_profile_get_scope (stored), ==, "openid email");
  g_assert_cmpint (sesame_profile_get_browser (stored), ==, SESAME_BROWSER_EMBEDDED);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_no_message_dialog (gpointer data)
{
  AdwMessageDialog *dialog = NULL;

  return !has_message_dialog (&dialog);
}

/* A profile that signs in inside Sesame, whose module cannot be loaded: a dialog gives
 * the reason in full (not a toast the browser hides), and the sign-in goes on in the
 * system browser once the person accepts; Cancel ends it.
 */
static void
test_module_missing (void)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameProfile) profile = sesame_profile_new ("No Module");
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *module_dir = g_strdup (g_getenv ("SESAME_MODULE_DIR"));
  g_autofree char *empty = g_build_filename (home, "no-module", NULL);
  AdwMessageDialog *dialog = NULL;
  SesameWindow *window;

  if (_sesame_web_sign_in_is_loaded ())
    {
      g_test_skip ("the module is loaded already");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (empty, 0700), ==, 0);
  g_setenv ("SESAME_MODULE_DIR", empty, TRUE);
  sesame_profile_store_load (store, &error);
  g_assert_no_error (error);
  sesame_profile_set_issuer (profile, idp->issuer);
  sesame_profile_set_client_id (profile, "sesame-public");
  sesame_profile_set_scope (profile, "openid email profile");
  sesame_profile_set_browser (profile, SESAME_BROWSER_EMBEDDED);
  sesame_profile_store_add (store, profile, &error);
  g_assert_no_error (error);

  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "No Module"));
  wait_for_page (window, "signed-out");
  set_agent_mode ("login");

  /* Cancel: no browser, the sign-in ends. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_until (has_message_dialog, &dialog, WAIT_SECONDS, "the message dialog");
  adw_message_dialog_response (dialog, "cancel");
  wait_until (has_no_message_dialog, NULL, WAIT_SECONDS, "the message dialog to close");
  wait_for_page (window, "signed-out");
  g_assert_false (_sesame_window_is_signing_in (window));

  /* The reason, whole; the browser only once accepted. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_until (has_message_dialog, &dialog, WAIT_SECONDS, "the message dialog");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "Sign-In Inside Sesame Is Not Available");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), empty));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "web browser instead"));
  take_screenshot ("module-missing");
  set_dark (TRUE);
  take_screenshot ("module-missing-dark");
  set_dark (FALSE);
  take_narrow_screenshot (window, "module-missing-narrow");
  g_assert_cmpstr (_sesame_window_get_page (window), ==, "waiting");

  adw_message_dialog_response (dialog, "browser");
  wait_for_page (window, "signed-in");
  g_assert_false (has_message_dialog (&dialog));
  wait_ms (300);
  tokens = stored_tokens (window);
  g_assert_nonnull (tokens);
  g_assert_false (_sesame_web_sign_in_is_loaded ());

  if (module_dir != NULL)
    g_setenv ("SESAME_MODULE_DIR", module_dir, TRUE);
  else
    g_unsetenv ("SESAME_MODULE_DIR");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The actions of a menu's items, sections included, as "a b c". */
static void
collect_actions (GMenuModel *model,
                 GString    *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_string_append_printf (actions, "%s ", action);
      if (section != NULL)
        collect_actions (section, actions);
    }
}

/* The actions of the first menu button at or under @root whose menu has @containing. */
static char *
menu_actions (GtkWidget  *root,
              const char *containing)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)))
    {
      GString *actions = g_string_new (NULL);

      collect_actions (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)), actions);
      if (strstr (actions->str, containing) != NULL)
        return g_string_free (actions, FALSE);
      g_string_free (actions, TRUE);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      char *found = menu_actions (child, containing);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The copy menu holds copying only; refreshing and signing out are the profile's, in the
 * menu beside its name (issue 21, item 12). */
static void
test_menus (void)
{
  SesameWindow *window = open_window ();
  g_autofree char *copy = NULL;
  g_autofree char *profile = NULL;

  g_assert_true (_sesame_window_select_profile (window, "Demo provider"));
  wait_for_page (window, "signed-in");
  copy = menu_actions (GTK_WIDGET (window), "win.copy-header");
  g_assert_cmpstr (copy, ==, "win.copy-header win.copy-curl ");
  profile = menu_actions (_sesame_window_get_part (window, "settings_button"), "win.sign-out");
  g_assert_cmpstr (profile, ==, "win.refresh win.sign-out win.preferences ");
  gtk_menu_button_popup (_sesame_window_get_part (window, "settings_button"));
  wait_ms (300);
  take_screenshot ("profile-menu");
  gtk_menu_button_popdown (_sesame_window_get_part (window, "settings_button"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (shows_label (c, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  SesameWindow *window;
  const char   *text;
} LabelWait;

static gboolean
window_shows_label (gpointer data)
{
  LabelWait *wait = data;

  return shows_label (GTK_WIDGET (wait->window), wait->text);
}

/* What a provider writes reaches a toast as text, never as markup (issue 18, item 4). */
static void
test_toast_is_text (void)
{
  SesameWindow *window = open_window ();
  LabelWait link = { window, "Refused: <a href=\"https://evil.example\">click</a> & <b" };

  _sesame_window_toast (window, link.text);
  wait_until (window_shows_label, &link, WAIT_SECONDS, "the toast to show its text as it is");
  wait_ms (500);   /* the toast slides in */
  take_screenshot ("toast-text");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
button_shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* The Tokens page of a profile not signed in offers Sign In; it signs in from the window. */
static void
test_sign_in_from_settings (void)
{
  SesamePreferencesWindow *preferences = NULL;
  SesameWindow *window;
  GtkWidget *button;

  add_profile ("From Settings");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "From Settings"));
  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  wait_until (has_any_preferences, &preferences, WAIT_SECONDS, "the preferences window");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (preferences_part (preferences,
                                                                                   "tokens_page")));
  button = preferences_part (preferences, "status_sign_in_button");
  wait_until (button_shown, button, WAIT_SECONDS, "Sign In on the Tokens page");
  take_screenshot ("tokens-page-signed-out");
  set_dark (TRUE);
  take_screenshot ("tokens-page-signed-out-dark");
  set_dark (FALSE);

  set_agent_mode ("login");
  g_assert_true (gtk_widget_activate (button));
  wait_for_page (window, "signed-in");
  g_assert_false (has_any_preferences (&preferences));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The shortcuts window as the application builds it. */
static GtkWindow *
open_shortcuts (SesameWindow *window)
{
  GtkWindow *shortcuts = GTK_WINDOW (_sesame_application_build_help_overlay ());

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (window));
  gtk_window_present (shortcuts);
  wait_for_mapped (shortcuts);
  return shortcuts;
}

static void
check_preferences_names (SesameWindow *window)
{
  SesamePreferencesWindow *preferences = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  wait_until (has_preferences, &preferences, WAIT_SECONDS, "the preferences window");
  wait_for_mapped (preferences);
  a11y_check_names (preferences, "the settings, General page");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences),
                                           ADW_PREFERENCES_PAGE (preferences_part (preferences,
                                                                                   "tokens_page")));
  wait_ms (300);
  a11y_check_names (preferences, "the settings, Tokens page");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* Every focusable thing in each window has a name a screen reader can say, as AT-SPI
 * gives it (tests/a11y-check.c). Runs while there are no profiles yet, for the welcome
 * page.
 */
static void
test_accessible_names (void)
{
  SesameWindow *window = open_window ();
  GtkWindow *other = NULL;
  g_autofree char *heard = NULL;

  g_assert_cmpstr (_sesame_window_get_page (window), ==, "welcome");
  a11y_check_names (window, "the welcome page");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.add-profile", NULL));
  wait_until (has_add_dialog, &other, WAIT_SECONDS, "the add-profile dialog");
  a11y_check_names (other, "the Add Profile dialog");
  gtk_window_destroy (other);

  other = open_shortcuts (window);
  a11y_check_names (other, "the shortcuts window");
  gtk_window_destroy (other);
  gtk_window_destroy (GTK_WINDOW (window));

  add_profile ("Spoken");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Spoken"));
  wait_for_page (window, "signed-out");
  a11y_check_names (window, "the signed-out page");
  set_agent_mode ("ignore");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_for_page (window, "waiting");
  gtk_expander_set_expanded (_sesame_window_get_part (window, "paste_expander"), TRUE);
  wait_ms (300);
  /* While the spinner turns, each answer of GTK 4.8 over AT-SPI took about 60 ms here
   * (27 s for this page, 0.2 s without): the walk reads names, not motion. */
  gtk_spinner_stop (_sesame_window_get_part (window, "spinner"));
  a11y_check_names (window, "the waiting page");
  gtk_spinner_start (_sesame_window_get_part (window, "spinner"));
  /* Not fatal: the windows after this one are checked all the same. */
  heard = a11y_check_focus (_sesame_window_get_part (window, "paste_entry"));
  if (g_strcmp0 (heard, "text box “Paste the address your browser ended on:”") != 0)
    {
      g_test_message ("the paste field announces its focus as %s", heard ? heard : "nothing");
      g_test_fail ();
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-sign-in", NULL));
  wait_for_page (window, "signed-out");

  set_agent_mode ("login");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_for_page (window, "signed-in");
  wait_until (has_userinfo, window, WAIT_SECONDS, "the signed-in page to show the userinfo");
  a11y_check_names (window, "the signed-in page");
  check_preferences_names (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A screen reader follows the focus by AT-SPI's "focused" events. An entry row of
 * libadwaita 1.2 sends none: the text widget inside it, which takes the focus, has no
 * accessible role, and GTK 4.8 sends no focus event for such a widget (its own entries
 * pass theirs on, as the paste field above shows). A relation between the text and the
 * row changes nothing, and GTK 4.8 has no public call to send a focus event: README.md,
 * "Accessibility". The test passes once the toolkit sends the event, and is reported
 * incomplete until then.
 */
static void
test_entry_row_focus (void)
{
  const char *rows[] = { "name_row", "client_id_row", "secret_row", "issuer_row", "scope_row",
                         "redirect_row" };
  SesamePreferencesWindow *preferences = NULL;
  SesameWindow *window;
  g_autoptr(GString) silent = g_string_new (NULL);
  g_autofree char *heard = NULL;

  add_profile ("Focus Events");
  window = open_window ();
  g_assert_true (_sesame_window_select_profile (window, "Focus Events"));
  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  wait_until (has_any_preferences, &preferences, WAIT_SECONDS, "the preferences window");
  wait_for_mapped (preferences);

  /* A combo row announces its focus: the check itself hears focus events. */
  heard = a11y_check_focus (preferences_part (preferences, "auth_method_row"));
  g_assert_cmpstr (heard, ==, "combo box “Client Authentication”");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *row = preferences_part (preferences, rows[i]);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

      g_free (heard);
      heard = a11y_check_focus (row);
      g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (
        GTK_EDITABLE (row)))));
      if (heard == NULL)
        g_string_append_printf (silent, "%s“%s”", silent->len > 0 ? ", " : "", title);
      else
        g_assert_nonnull (strstr (heard, title));
    }
  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
  if (silent->len > 0)
    g_test_incomplete_printf ("entry rows that announce no focus (libadwaita 1.2): %s",
                              silent->str);
}

static void
set_up_environment (void)
{
  g_autofree char *apps = NULL;
  g_autofree char *config = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *mimeapps = NULL;

  home = g_dir_make_tmp ("sesame-ui-XXXXXX", NULL);
  config = g_build_filename (home, "config", NULL);
  apps = g_build_filename (home, "data", "applications", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* The default browser is the scripted agent, steered through a file. */
  mode_file = g_build_filename (home, "agent-mode", NULL);
  g_setenv ("SESAME_AGENT_MODE_FILE", mode_file, TRUE);
  g_mkdir_with_parents (apps, 0700);
  g_mkdir_with_parents (config, 0700);
  desktop = g_build_filename (apps, "sesame-test-browser.desktop", NULL);
  entry = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Test browser\nExec=%s %%u\n"
                           "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n",
                           g_getenv ("SESAME_TEST_AGENT"));
  g_assert_true (g_file_set_contents (desktop, entry, -1, NULL));
  mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_assert_true (g_file_set_contents (mimeapps, "[Default Applications]\n"
                                      "x-scheme-handler/http=sesame-test-browser.desktop\n"
                                      "x-scheme-handler/https=sesame-test-browser.desktop\n",
                                      -1, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(Keyring) keyring = NULL;
  int status;

  set_up_environment ();
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  g_assert_true (a11y_check_init ());
  idp = idp_start ();
  runner_idp = idp;

  gtk_test_init (&argc, &argv, NULL);
  waits_init ();
  adw_init ();

  g_test_add_func ("/sesame/ui/first-run", test_first_run);
  g_test_add_func ("/sesame/ui/welcome-presets", test_welcome_presets);
  g_test_add_func ("/sesame/ui/accessible-names", test_accessible_names);
  g_test_add_func ("/sesame/ui/entry-row-focus", test_entry_row_focus);
  g_test_add_func ("/sesame/ui/sign-in-and-copy", test_sign_in_and_copy);
  g_test_add_func ("/sesame/ui/tokens-page", test_tokens_page);
  g_test_add_func ("/sesame/ui/narrow", test_narrow);
  g_test_add_func ("/sesame/ui/menus", test_menus);
  g_test_add_func ("/sesame/ui/toast-is-text", test_toast_is_text);
  g_test_add_func ("/sesame/ui/cancel", test_cancel);
  g_test_add_func ("/sesame/ui/focus-keeps-sign-in", test_focus_keeps_sign_in);
  g_test_add_func ("/sesame/ui/narrow-back-and-again", test_narrow_back_and_again);
  g_test_add_func ("/sesame/ui/cli-edit-while-open", test_cli_edit_while_open);
  g_test_add_func ("/sesame/ui/sign-in-from-settings", test_sign_in_from_settings);
  g_test_add_func ("/sesame/ui/denied", test_denied);
  g_test_add_func ("/sesame/ui/device-sign-in", test_device_sign_in);
  g_test_add_func ("/sesame/ui/device-denied", test_device_denied);
  g_test_add_func ("/sesame/ui/sign-out", test_sign_out);
  g_test_add_func ("/sesame/ui/sidebar-subtitle", test_sidebar_subtitle);
  g_test_add_func ("/sesame/ui/add-dialog", test_add_dialog);
  g_test_add_func ("/sesame/ui/add-dialog/guidance", test_add_dialog_guidance);
  g_test_add_func ("/sesame/ui/add-dialog/suggested-name", test_add_dialog_suggested_name);
  g_test_add_func ("/sesame/ui/add-dialog/device", test_add_dialog_device);
  g_test_add_func ("/sesame/ui/add-dialog/required", test_add_dialog_required);
  g_test_add_func ("/sesame/ui/add-dialog/invalid-row", test_add_dialog_invalid_row);
  g_test_add_func ("/sesame/ui/add-dialog/screenshots", test_add_dialog_screenshots);
  g_test_add_func ("/sesame/ui/flooded-redraws", test_flooded_redraws);
  g_test_add_func ("/sesame/ui/module-missing", test_module_missing);

  status = g_test_run ();
  idp_stop (idp);
  g_clear_pointer (&keyring, keyring_stop);
  remove_tree (home);
  return status;
}
