/* test-web-sign-in.c
 *
 * The embedded sign-in under Xvfb: the window opens the WebKit dialog (loaded from its
 * module on first use), the test fills the real oidc-provider's login form by running a
 * script in the view, and the caught redirect completes the flow. Also: a self-signed
 * TLS endpoint is refused, a page that cannot load offers Try Again, Cancel stops the
 * receiver, and cookies last only as long as the profile asks them to.
 *
 * The test does not link WebKit: that the app loads it only with the dialog is checked in
 * this very process. The one WebKit call it makes is found in the library then loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gmodule.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "idp.h"
#include "keyring.h"
#include "ports.h"
#include "ui-helpers.h"
#include "runner.h"
#include "sesame-preferences-window-private.h"
#include "sesame-web-sign-in-loader.h"
#include "sesame-window-private.h"
#include "waits.h"
#include "window-helpers.h"

static Idp *idp;
static char *home;

typedef void (*EvaluateJavascript) (GtkWidget          *web_view,
                                    const char         *script,
                                    gssize              length,
                                    const char         *world_name,
                                    const char         *source_uri,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);

/* The window ----------------------------------------------------------------------- */

static SesameWindow *
open_window (const char *profile_name)
{
  SesameWindow *window = sesame_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 620);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  g_assert_true (_sesame_window_select_profile (window, profile_name));
  return window;
}

static SesameProfile *
add_profile (const char *name,
             const char *authorization_endpoint,
             gboolean    stay_signed_in)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameProfile) profile = sesame_profile_new (name);
  g_autoptr(GError) error = NULL;

  sesame_profile_store_load (store, &error);
  g_assert_no_error (error);
  if (authorization_endpoint == NULL)
    sesame_profile_set_issuer (profile, idp->issuer);
  else
    {
      /* On the authorization endpoint's server: without an issuer, an https endpoint
       * beside a plain http one is refused. The tests that give one end before a token
       * request. */
      g_autoptr(GUri) uri = g_uri_parse (authorization_endpoint, G_URI_FLAGS_ENCODED, NULL);
      g_autofree char *token = g_strdup_printf ("%s://%s:%d/token", g_uri_get_scheme (uri),
                                                g_uri_get_host (uri), g_uri_get_port (uri));

      sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION,
                                   authorization_endpoint);
      sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_TOKEN, token);
    }
  sesame_profile_set_client_id (profile, "sesame-public");
  sesame_profile_set_scope (profile, "openid email profile");
  sesame_profile_set_browser (profile, SESAME_BROWSER_EMBEDDED);
  sesame_profile_set_stay_signed_in (profile, stay_signed_in);
  sesame_profile_store_add (store, profile, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&profile);
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

/* The dialog and its view ------------------------------------------------------------ */

static GtkWindow *
find_dialog (void)
{
  return find_toplevel ("SesameWebSignIn", TRUE);
}

static gboolean
has_dialog (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
has_no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_widget (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_web_view (GtkWindow *dialog)
{
  GType type = g_type_from_name ("WebKitWebView");

  g_assert_true (type != G_TYPE_INVALID);
  return find_widget (GTK_WIDGET (dialog), type);
}

static gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && gtk_widget_get_visible (child) &&
         strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL) ||
        label_contains (child, text))
      return TRUE;
  return FALSE;
}

/* Whether the error page's text holds @text (the label is plain text). */
static gboolean
error_text_contains (GtkWindow  *dialog,
                     const char *text)
{
  return label_contains (find_widget (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE), text);
}

static char *
dialog_page (GtkWindow *dialog)
{
  char *page = NULL;

  g_object_get (dialog, "page", &page, NULL);
  return page;
}

typedef struct
{
  const char *page;
} DialogPageWait;

static gboolean
dialog_page_is (gpointer data)
{
  GtkWindow *dialog = find_dialog ();
  g_autofree char *page = dialog ? dialog_page (dialog) : NULL;

  return g_strcmp0 (page, ((DialogPageWait *) data)->page) == 0;
}

static char *describe_dialog (GtkWindow *dialog);

/* WebKit's web process gives up on a load when it cannot reach its network process in
 * time ("WebKit encountered an internal error", WebLoaderStrategy's internally failed
 * load), which a loaded machine can cause. The dialog then offers Try Again, as a person
 * would see it; the tests press it, a few times at most, where they wait for another page.
 */
static gboolean
retried_internal_error (const char *page,
                        guint      *retries)
{
  GtkWindow *dialog = find_dialog ();

  if (dialog == NULL || g_strcmp0 (page, "load-error") == 0 || *retries >= 3 ||
      !dialog_page_is (&(DialogPageWait) { "load-error" }) ||
      !error_text_contains (dialog, "WebKit encountered an internal error"))
    return FALSE;
  (*retries)++;
  g_test_message ("WebKit failed a load internally; Try Again (%u)", *retries);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.retry", NULL);
  return TRUE;
}

/* Gives up saying what the dialog shows instead. */
static GtkWindow *
wait_for_dialog_page (const char *page)
{
  DialogPageWait wait = { page };
  gint64 limit = waits_limit (WAIT_SECONDS);
  gint64 deadline = limit == G_MAXINT64 ? G_MAXINT64 : g_get_monotonic_time () + limit;
  guint retries = 0;

  while (!dialog_page_is (&wait))
    {
      if (retried_internal_error (page, &retries))
        deadline = limit == G_MAXINT64 ? G_MAXINT64 : g_get_monotonic_time () + limit;
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *state = find_dialog () ? describe_dialog (find_dialog ())
                                                  : g_strdup ("no dialog is open");

          waits_give_up ("gave up after %.0f s waiting for the sign-in dialog's page “%s”: %s",
                         limit / (double) G_USEC_PER_SEC, page, state);
        }
      wait_ms (10);
    }
  return find_dialog ();
}

static void
run_script (GtkWidget  *web_view,
            const char *script)
{
  static EvaluateJavascript evaluate;

  if (evaluate == NULL)
    {
      GModule *webkit = g_module_open ("libwebkitgtk-6.0.so.4", G_MODULE_BIND_LAZY);

      g_assert_nonnull (webkit);
      g_assert_true (g_module_symbol (webkit, "webkit_web_view_evaluate_javascript",
                                      (gpointer *) &evaluate));
    }
  evaluate (web_view, script, -1, NULL, NULL, NULL, NULL, NULL);
}

/* The page's title, once the test's script has put its answer there. */
typedef struct
{
  GtkWidget *web_view;
  char      *answer;
} TitleWait;

static gboolean
title_answered (gpointer data)
{
  TitleWait *wait = data;
  g_autofree char *title = NULL;

  if (find_dialog () == NULL)
    return TRUE;
  g_object_get (wait->web_view, "title", &title, NULL);
  if (title == NULL || !g_str_has_prefix (title, "sesame-test:"))
    return FALSE;
  wait->answer = g_strdup (title + strlen ("sesame-test:"));
  return TRUE;
}

/* The interaction page shown: "login", "consent", or NULL while there is none. */
static char *
interaction_kind (GtkWidget *web_view)
{
  TitleWait wait = { web_view, NULL };
  g_autofree char *uri = NULL;
  gboolean loading = TRUE;

  g_object_get (web_view, "uri", &uri, "is-loading", &loading, NULL);
  if (loading || uri == NULL || strstr (uri, "/interaction/") == NULL)
    return NULL;
  run_script (web_view, "var p = document.querySelector('form input[name=prompt]');"
                        "document.title = 'sesame-test:' + (p ? p.value : '');");
  wait_until (title_answered, &wait, WAIT_SECONDS, "the page to answer the test script");
  return wait.answer;
}

typedef struct
{
  gboolean saw_login;
  gboolean saw_consent;
  char    *screenshot;   /* the login page's, when set */
} Drive;

static gboolean
uri_changed (gpointer data)
{
  TitleWait *wait = data;
  g_autofree char *uri = NULL;

  if (find_dialog () == NULL)
    return TRUE;
  g_object_get (wait->web_view, "uri", &uri, NULL);
  return g_strcmp0 (uri, wait->answer) != 0;
}

static void
answer_interaction (Drive      *drive,
                    GtkWidget  *web_view,
                    const char *kind)
{
  TitleWait moved = { web_view, NULL };

  if (g_str_equal (kind, "login"))
    {
      drive->saw_login = TRUE;
      if (drive->screenshot != NULL)
        {
          set_dark (FALSE);
          take_screenshot (drive->screenshot);
          set_dark (TRUE);
          g_autofree char *dark = g_strconcat (drive->screenshot, "-dark", NULL);
          take_screenshot (dark);
          set_dark (FALSE);
          g_clear_pointer (&drive->screenshot, g_free);
        }
      run_script (web_view, "var f = document.querySelector('form');"
                            "f.querySelector('input[name=login]').value = 'alice';"
                            "f.querySelector('input[name=password]').value = 'sesame';"
                            "f.submit();");
    }
  else if (g_str_equal (kind, "consent"))
    {
      drive->saw_consent = TRUE;
      run_script (web_view, "document.querySelector('form').submit();");
    }
  else
    g_error ("An interaction page without a known form");

  waits_step ("sending the provider's %s form", kind);
  g_object_get (web_view, "uri", &moved.answer, NULL);
  wait_until (uri_changed, &moved, WAIT_SECONDS,
              "the view to leave the page after a form was sent");
  g_free (moved.answer);
}

/* Every visible label under @root, joined. */
static void
collect_labels (GtkWidget *root,
                GString   *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child) && *gtk_label_get_text (GTK_LABEL (child)) != '\0')
        g_string_append_printf (text, "%s“%s”", text->len ? ", " : "",
                                gtk_label_get_text (GTK_LABEL (child)));
      collect_labels (child, text);
    }
}

/* What the dialog shows, for a test that gives up on it. */
static char *
describe_dialog (GtkWindow *dialog)
{
  g_autofree char *page = dialog_page (dialog);
  g_autofree char *uri = NULL;
  g_autofree char *title = NULL;
  gboolean loading = FALSE;
  g_autofree char *path = NULL;
  g_autoptr(GString) labels = g_string_new (NULL);

  g_object_get (find_web_view (dialog), "uri", &uri, "title", &title, "is-loading", &loading,
                NULL);
  /* The path alone: the query holds the state and the code. */
  path = uri != NULL && strchr (uri, '?') != NULL ? g_strndup (uri, strchr (uri, '?') - uri)
                                                  : g_strdup (uri);
  if (g_strcmp0 (page, "web") != 0)
    collect_labels (find_widget (GTK_WIDGET (dialog), ADW_TYPE_STATUS_PAGE), labels);
  return g_strdup_printf ("the dialog's page is “%s”%s%s%s, its view at %s, titled “%s”, "
                          "%s",
                          page, labels->len ? " (" : "", labels->str, labels->len ? ")" : "",
                          path ? path : "no address", title ? title : "",
                          loading ? "loading" : "not loading");
}

/* Signs in through the dialog. */
static void drive_dialog (SesameWindow *window,
                          Drive        *drive);

static void
drive_sign_in (SesameWindow *window,
               Drive        *drive)
{
  waits_step ("opening the sign-in dialog");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_until (has_dialog, NULL, WAIT_SECONDS, "the sign-in dialog to open");
  drive_dialog (window, drive);
}

/* Answers each page of the provider in the open dialog until it closes and the window
 * shows the account.
 */
static void
drive_dialog (SesameWindow *window,
              Drive        *drive)
{
  gint64 limit = waits_limit (WAIT_SECONDS);
  gint64 deadline = limit == G_MAXINT64 ? G_MAXINT64 : g_get_monotonic_time () + limit;
  GtkWindow *dialog;

  waits_step ("waiting for the provider's login page in the dialog");
  while ((dialog = find_dialog ()) != NULL)
    {
      GtkWidget *web_view = find_web_view (dialog);
      g_autofree char *kind = interaction_kind (web_view);
      g_autofree char *page = dialog_page (dialog);

      g_assert_cmpstr (page, ==, "web");
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *state = describe_dialog (dialog);

          waits_give_up ("gave up after %.0f s waiting for a page of the provider to answer "
                         "or for the dialog to close: %s", limit / (double) G_USEC_PER_SEC,
                         state);
        }
      if (kind != NULL && find_dialog () != NULL)
        {
          answer_interaction (drive, web_view, kind);
          /* Each answer moves on: the next page has its own time. */
          deadline = limit == G_MAXINT64 ? G_MAXINT64 : g_get_monotonic_time () + limit;
          waits_step ("waiting for the provider's next page after its %s page, or for the "
                      "dialog to close", kind);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  waits_step ("waiting for the window to show the account");
  wait_for_page (window, "signed-in");
}

/* Keys: the dialog's own shortcut for @accel, activated as a key press would. */
static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, modifiers) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, modifiers);
  return GTK_IS_KEYVAL_TRIGGER (trigger) &&
         gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
         gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
}

static void
press (GtkWidget  *widget,
       const char *accel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GdkModifierType modifiers;
  guint keyval;

  g_assert_true (gtk_accelerator_parse (accel, &keyval, &modifiers));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, modifiers))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           widget, NULL));
              return;
            }
        }
    }
  g_error ("No shortcut for %s", accel);
}

static double
zoom_level (GtkWindow *dialog)
{
  double level = 0;

  g_object_get (find_web_view (dialog), "zoom-level", &level, NULL);
  return level;
}

/* The listener ------------------------------------------------------------------------ */

static gboolean
has_uri (gpointer data)
{
  return _sesame_window_get_authorization_uri (data) != NULL;
}

/* Cancel in the dialog: the dialog goes, the wait ends, the receiver stops listening. */
static void
cancel_and_check_with (SesameWindow *window,
                       GtkWindow    *dialog,
                       gboolean      escape)
{
  guint port;

  wait_until (has_uri, window, WAIT_SECONDS, "the authorization address");
  port = redirect_port (_sesame_window_get_authorization_uri (window));
  g_assert_false (port_refuses (GUINT_TO_POINTER (port)));
  if (escape)
    press (GTK_WIDGET (dialog), "Escape");
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.cancel", NULL));
  wait_until (has_no_dialog, NULL, WAIT_SECONDS, "the sign-in dialog to close");
  wait_for_page (window, "signed-out");
  g_assert_false (_sesame_window_is_signing_in (window));
  wait_until (port_refuses, GUINT_TO_POINTER (port), WAIT_SECONDS,
              "the receiver to stop listening");
}

static void
cancel_and_check (SesameWindow *window,
                  GtkWindow    *dialog)
{
  cancel_and_check_with (window, dialog, FALSE);
}

/* Tests ----------------------------------------------------------------------------- */

static gboolean
maps_webkit (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, "libwebkitgtk-6.0") != NULL;
}

static char *
ldd (const char *path)
{
  g_autoptr(GSubprocess) ldd = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  ldd = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "ldd", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (ldd, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  return out;
}

/* Neither executable links WebKit, and the command line links no GTK either; the app
 * loads WebKit with the dialog, not before.
 */
static void
test_not_linked (void)
{
  g_autofree char *cli = ldd (g_getenv ("SESAME_BINARY"));
  g_autofree char *app = ldd (g_getenv ("SESAME_APP"));

  g_assert_null (strstr (cli, "libgtk-4"));
  g_assert_null (strstr (cli, "libadwaita"));
  g_assert_null (strstr (cli, "webkit"));
  g_assert_null (strstr (cli, "javascriptcore"));
  g_assert_nonnull (strstr (app, "libgtk-4"));
  g_assert_null (strstr (app, "webkit"));
  g_assert_null (strstr (app, "javascriptcore"));

  g_assert_false (_sesame_web_sign_in_is_loaded ());
  g_assert_false (maps_webkit ());
}

static void
test_sign_in (void)
{
  g_autoptr(SesameProfile) profile = add_profile ("Embedded", NULL, FALSE);
  SesameWindow *window = open_window ("Embedded");
  g_autoptr(SesameTokenSet) tokens = NULL;
  Drive drive = { .screenshot = g_strdup ("web-sign-in-login") };

  wait_for_page (window, "signed-out");
  g_assert_false (maps_webkit ());
  drive_sign_in (window, &drive);
  g_assert_true (drive.saw_login);
  g_assert_true (drive.saw_consent);
  g_assert_true (_sesame_web_sign_in_is_loaded ());
  g_assert_true (maps_webkit ());

  wait_ms (300);
  tokens = stored_tokens (window);
  g_assert_nonnull (tokens);
  assert_token_works (sesame_token_set_get_access_token (tokens));
  /* Private by default: no data or cache on disk, by Sesame or by WebKit (the runtime
   * directory holds only the sandbox's sockets). */
  g_assert_false (sesame_web_data_exists (sesame_profile_get_id (profile)));
  {
    g_autofree char *cmd = g_strdup_printf ("find %s/data %s/cache -ipath '*webkit*' -o "
                                            "-ipath '*sesame/web*'", home, home);
    g_autofree char *found = NULL;

    g_assert_true (g_spawn_command_line_sync (cmd, &found, NULL, NULL, NULL));
    g_assert_cmpstr (found, ==, "");
  }

  /* A second sign-in with the ephemeral session: the provider has forgotten us. */
  drive = (Drive) { 0 };
  drive_sign_in (window, &drive);
  g_assert_true (drive.saw_login);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_preferences (gpointer data)
{
  *(SesamePreferencesWindow **) data = find_toplevel ("SesamePreferencesWindow", TRUE);
  return *(SesamePreferencesWindow **) data != NULL;
}

/* Scrolls @widget's page so that @widget is near the top, for the screenshot. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  double x = 0, y = 0;

  g_assert_nonnull (scrolled);
  wait_ms (300);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_translate_coordinates (widget, scrolled, 0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + y - 120);
}

/* Forget, in the profile's settings. */
static void
forget (SesameWindow *window)
{
  SesamePreferencesWindow *preferences = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  wait_until (has_preferences, &preferences, WAIT_SECONDS, "the preferences window");
  g_assert_true (gtk_widget_get_visible (preferences_part (preferences, "stay_signed_in_row")));
  g_assert_true (gtk_switch_get_active (
    GTK_SWITCH (preferences_part (preferences, "stay_signed_in_switch"))));
  g_assert_true (gtk_widget_get_visible (preferences_part (preferences, "web_data_row")));
  scroll_to (preferences_part (preferences, "stay_signed_in_row"));
  take_screenshot ("web-sign-in-preferences");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.forget-web-data",
                                             NULL));
  g_assert_false (gtk_widget_get_visible (preferences_part (preferences, "web_data_row")));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

/* "Stay signed in": the second sign-in skips the login form; after Forget it is back. */
static void
test_persistent (void)
{
  g_autoptr(SesameProfile) profile = add_profile ("Persistent", NULL, TRUE);
  SesameWindow *window = open_window ("Persistent");
  g_autofree char *data_directory = NULL;
  Drive drive = { 0 };

  wait_for_page (window, "signed-out");
  drive_sign_in (window, &drive);
  g_assert_true (drive.saw_login);
  data_directory = sesame_web_data_directory (sesame_profile_get_id (profile));
  g_assert_true (g_str_has_prefix (data_directory, home));
  g_assert_true (sesame_web_data_exists (sesame_profile_get_id (profile)));

  g_assert_true (g_file_test (data_directory, G_FILE_TEST_IS_DIR));
  {
    GStatBuf buf;

    g_assert_cmpint (g_stat (data_directory, &buf), ==, 0);
    g_assert_cmpint (buf.st_mode & 0777, ==, 0700);
  }
  drive = (Drive) { 0 };
  drive_sign_in (window, &drive);
  g_assert_false (drive.saw_login);

  forget (window);
  g_assert_false (sesame_web_data_exists (sesame_profile_get_id (profile)));
  drive = (Drive) { 0 };
  drive_sign_in (window, &drive);
  g_assert_true (drive.saw_login);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_login (gpointer data)
{
  GtkWindow *dialog = find_dialog ();
  g_autofree char *kind = dialog ? interaction_kind (find_web_view (dialog)) : NULL;

  return g_strcmp0 (kind, "login") == 0;
}

static void
test_cancel (void)
{
  g_autoptr(SesameProfile) profile = add_profile ("Cancelled", NULL, FALSE);
  SesameWindow *window = open_window ("Cancelled");
  g_autoptr(SesameTokenSet) tokens = NULL;

  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_until (shows_login, NULL, WAIT_SECONDS, "the dialog to show the provider’s login page");
  /* The app refusing a caught redirect (a wrong state, say): the reason, and Try Again
   * back at the provider's page.
   */
  g_object_set (find_dialog (), "error-message", "A test refusal", NULL);
  g_assert_true (dialog_page_is (&(DialogPageWait) { "redirect-error" }));
  g_assert_true (error_text_contains (find_dialog (), "A test refusal"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (find_dialog ()), "sign-in.retry",
                                             NULL));
  g_assert_true (dialog_page_is (&(DialogPageWait) { "web" }));
  wait_until (shows_login, NULL, WAIT_SECONDS, "the dialog to show the provider’s login page");

  /* A narrow dialog still shows the whole header. */
  gtk_window_set_default_size (find_dialog (), 360, 560);
  take_screenshot ("web-sign-in-narrow");

  /* Zoom with Ctrl+plus, Ctrl+minus and Ctrl+0; Escape is Cancel. */
  press (GTK_WIDGET (find_dialog ()), "<Control>plus");
  g_assert_cmpfloat (zoom_level (find_dialog ()), >, 1.05);
  press (GTK_WIDGET (find_dialog ()), "<Control>0");
  g_assert_cmpfloat (zoom_level (find_dialog ()), ==, 1.0);
  press (GTK_WIDGET (find_dialog ()), "<Control>minus");
  g_assert_cmpfloat (zoom_level (find_dialog ()), <, 0.95);
  cancel_and_check_with (window, find_dialog (), TRUE);
  tokens = stored_tokens (window);
  g_assert_null (tokens);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  SoupServer *server;
  guint       requests;
  char       *base;
} TlsServer;

static void
on_tls_request (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  ((TlsServer *) user_data)->requests++;
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, "<p>hi</p>", 9);
}

/* An https server with the test CA's certificate, which this computer does not trust. */
static void
tls_server_start (TlsServer *s)
{
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "data", "server.pem", NULL);
  g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "data", "server-key.pem",
                                                     NULL);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoslist(GUri) uris = NULL;

  cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  s->server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_add_handler (s->server, NULL, on_tls_request, s, NULL);
  soup_server_listen (s->server, address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  s->base = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
}

/* A self-signed authorization endpoint: the attempt ends with the reason, no way on. */
static void
test_tls_refused (void)
{
  TlsServer tls = { 0 };
  g_autofree char *endpoint = NULL;
  g_autoptr(SesameProfile) profile = NULL;
  SesameWindow *window;
  GtkWindow *dialog;

  tls_server_start (&tls);
  endpoint = g_strconcat (tls.base, "/authorize", NULL);
  profile = add_profile ("Self-signed", endpoint, FALSE);
  window = open_window ("Self-signed");
  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  dialog = wait_for_dialog_page ("tls-error");
  g_assert_true (error_text_contains (dialog, "127.0.0.1"));
  g_assert_true (error_text_contains (dialog, "could not be verified"));
  /* No way on: neither Try Again nor Reload. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.retry", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.reload", NULL);
  wait_ms (500);
  g_assert_true (dialog_page_is (&(DialogPageWait) { "tls-error" }));
  g_assert_cmpuint (tls.requests, ==, 0);
  set_dark (FALSE);
  take_screenshot ("web-sign-in-tls-error");
  set_dark (TRUE);
  take_screenshot ("web-sign-in-tls-error-dark");
  set_dark (FALSE);

  cancel_and_check (window, dialog);
  g_assert_cmpuint (tls.requests, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (tls.server);
  g_free (tls.base);
}

/* Kills WebKit's web processes among this test's descendants (the dialog's is one of
 * them; WebKit may keep another ready); returns how many.
 */
static guint
kill_web_processes (void)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint killed = 0;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc", name, "comm", NULL);
      g_autofree char *comm = NULL;
      GPid pid = (GPid) g_ascii_strtoll (name, NULL, 10);

      if (pid <= 0 || !g_file_get_contents (comm_path, &comm, NULL, NULL) ||
          !g_str_has_prefix (comm, "WebKitWebProces"))
        continue;
      for (GPid ancestor = pid; ancestor > 1;)
        {
          g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", (int) ancestor);
          g_autofree char *stat = NULL;

          if (ancestor == getpid ())
            {
              killed += kill (pid, SIGKILL) == 0;
              break;
            }
          if (!g_file_get_contents (stat_path, &stat, NULL, NULL) || !strrchr (stat, ')'))
            break;
          ancestor = (GPid) g_ascii_strtoll (strrchr (stat, ')') + 4, NULL, 10);
        }
    }
  return killed;
}

/* The page's process dies while the user is on the login page: the dialog says so, with
 * Try Again, instead of a blank view; trying again starts at the provider's first page
 * and the sign-in completes.
 */
static void
test_web_process_dies (void)
{
  g_autoptr(SesameProfile) profile = add_profile ("Crashed", NULL, FALSE);
  SesameWindow *window = open_window ("Crashed");
  Drive drive = { 0 };
  GtkWindow *dialog;

  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_until (shows_login, NULL, WAIT_SECONDS, "the dialog to show the provider’s login page");
  g_assert_cmpuint (kill_web_processes (), >, 0);

  dialog = wait_for_dialog_page ("load-error");
  g_assert_true (error_text_contains (dialog, "stopped unexpectedly"));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (dialog)));
  take_screenshot ("web-sign-in-stopped");

  gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.retry", NULL);
  drive_dialog (window, &drive);
  g_assert_true (drive.saw_login);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Nothing listens: the page says so inside the dialog, with Try Again. */
static void
test_load_failure (void)
{
  g_autofree char *endpoint = g_strdup_printf ("https://127.0.0.1:%u/authorize",
                                               free_loopback_port ());
  g_autoptr(SesameProfile) profile = add_profile ("Unreachable", endpoint, FALSE);
  SesameWindow *window = open_window ("Unreachable");
  GtkWindow *dialog;

  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  dialog = wait_for_dialog_page ("load-error");
  g_assert_true (error_text_contains (dialog, "127.0.0.1"));
  take_screenshot ("web-sign-in-load-failure");

  /* Try Again loads it again (and fails again). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.retry", NULL));
  g_assert_true (dialog_page_is (&(DialogPageWait) { "web" }));
  dialog = wait_for_dialog_page ("load-error");
  cancel_and_check (window, dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The provider answers 404: shown in the dialog, with Try Again and the page itself. */
static void
test_http_error (void)
{
  g_autofree char *endpoint = g_strconcat (idp->issuer, "/no-such-page", NULL);
  g_autoptr(SesameProfile) profile = add_profile ("Not found", endpoint, FALSE);
  SesameWindow *window = open_window ("Not found");
  GtkWindow *dialog;

  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  dialog = wait_for_dialog_page ("http-error");
  g_assert_true (error_text_contains (dialog, "HTTP 404"));
  take_screenshot ("web-sign-in-http-error");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.show-page", NULL));
  g_assert_true (dialog_page_is (&(DialogPageWait) { "web" }));
  cancel_and_check (window, dialog);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  SoupServer *server;
  char       *base;
  guint       downloads;
} PlainServer;

static void
on_plain_request (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  PlainServer *s = user_data;
  static const char page[] = "<html><head><title>other</title></head><body>other</body></html>";

  soup_server_message_set_status (message, 200, NULL);
  if (g_str_equal (path, "/download"))
    {
      s->downloads++;
      soup_message_headers_append (soup_server_message_get_response_headers (message),
                                   "Content-Disposition", "attachment; filename=\"secret.bin\"");
      soup_server_message_set_response (message, "application/octet-stream", SOUP_MEMORY_STATIC,
                                        "0123456789", 10);
    }
  else
    soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, page,
                                      strlen (page));
}

static void
plain_server_start (PlainServer *s)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  s->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->server, NULL, on_plain_request, s, NULL);
  soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  s->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
}

typedef struct
{
  GtkWidget  *web_view;
  const char *uri;
} UriWait;

static gboolean
view_uri_is (gpointer data)
{
  UriWait *wait = data;
  g_autofree char *uri = NULL;
  gboolean loading = TRUE;

  g_object_get (wait->web_view, "uri", &uri, "is-loading", &loading, NULL);
  return !loading && g_strcmp0 (uri, wait->uri) == 0;
}

static guint
count_toplevels (void)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ());
}

/* What the view may do: target=_blank stays in the dialog, a download is refused and
 * nothing is saved, plain http off this computer is refused, other schemes go nowhere.
 */
static void
test_policy (void)
{
  g_autoptr(SesameProfile) profile = add_profile ("Policy", NULL, FALSE);
  SesameWindow *window = open_window ("Policy");
  PlainServer plain = { 0 };
  g_autofree char *other = NULL;
  g_autofree char *script = NULL;
  g_autofree char *found = NULL;
  g_autofree char *find = NULL;
  UriWait wait = { 0 };
  GtkWindow *dialog;
  guint toplevels;

  plain_server_start (&plain);
  other = g_strconcat (plain.base, "/other", NULL);
  wait_for_page (window, "signed-out");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_until (shows_login, NULL, WAIT_SECONDS, "the dialog to show the provider’s login page");
  dialog = find_dialog ();
  wait.web_view = find_web_view (dialog);
  toplevels = count_toplevels ();

  /* A link with target=_blank: the same view, no new window. */
  script = g_strdup_printf ("var a = document.createElement('a'); a.href = '%s';"
                            "a.target = '_blank'; document.body.appendChild(a); a.click();",
                            other);
  run_script (wait.web_view, script);
  wait.uri = other;
  wait_until (view_uri_is, &wait, WAIT_SECONDS, "the view to load the expected address");
  g_assert_cmpuint (count_toplevels (), ==, toplevels);
  g_assert_true (dialog_page_is (&(DialogPageWait) { "web" }));

  /* A download: asked for, refused, not saved. */
  g_free (script);
  script = g_strdup_printf ("location.href = '%s/download';", plain.base);
  run_script (wait.web_view, script);
  wait_for_dialog_page ("load-error");
  g_assert_true (error_text_contains (dialog, "download"));
  g_assert_cmpuint (plain.downloads, ==, 1);
  wait_ms (500);
  find = g_strdup_printf ("find %s -name 'secret*'", home);
  g_assert_true (g_spawn_command_line_sync (find, &found, NULL, NULL, NULL));
  g_assert_cmpstr (found, ==, "");

  /* Back to the page; then a file: address goes nowhere. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "sign-in.show-page", NULL));
  g_assert_true (dialog_page_is (&(DialogPageWait) { "web" }));
  run_script (wait.web_view, "location.href = 'file:///etc/passwd';");
  wait_ms (500);
  wait_until (view_uri_is, &wait, WAIT_SECONDS, "the view to load the expected address");
  g_assert_true (dialog_page_is (&(DialogPageWait) { "web" }));

  /* Plain http off this computer: refused before any connection. */
  run_script (wait.web_view, "location.href = 'http://sesame.invalid/';");
  wait_for_dialog_page ("load-error");
  g_assert_true (error_text_contains (dialog, "sesame.invalid"));
  g_assert_true (error_text_contains (dialog, "without encryption"));

  cancel_and_check (window, dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (plain.server);
  g_free (plain.base);
}

static void
set_up_environment (void)
{
  g_autofree char *apps = NULL;
  g_autofree char *config = NULL;
  g_autofree char *desktop = NULL;
  g_autofree char *mimeapps = NULL;

  home = g_dir_make_tmp ("sesame-web-XXXXXX", NULL);
  config = g_build_filename (home, "config", NULL);
  apps = g_build_filename (home, "data", "applications", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* A default browser that fails the test if the app ever falls back to it. */
  g_mkdir_with_parents (apps, 0700);
  g_mkdir_with_parents (config, 0700);
  desktop = g_build_filename (apps, "sesame-test-browser.desktop", NULL);
  g_assert_true (g_file_set_contents (desktop, "[Desktop Entry]\nType=Application\n"
                                      "Name=Test browser\nExec=false %u\n"
                                      "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n",
                                      -1, NULL));
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
  /* Under Xvfb (no GPU) the DMA-BUF renderer shows nothing a screenshot can catch. */
  g_setenv ("WEBKIT_DISABLE_DMABUF_RENDERER", "1", TRUE);
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  idp = idp_start ();
  runner_idp = idp;

  gtk_test_init (&argc, &argv, NULL);
  waits_init ();
  adw_init ();

  g_test_add_func ("/sesame/web-sign-in/not-linked", test_not_linked);
  g_test_add_func ("/sesame/web-sign-in/sign-in", test_sign_in);
  g_test_add_func ("/sesame/web-sign-in/persistent", test_persistent);
  g_test_add_func ("/sesame/web-sign-in/cancel", test_cancel);
  g_test_add_func ("/sesame/web-sign-in/tls-refused", test_tls_refused);
  g_test_add_func ("/sesame/web-sign-in/load-failure", test_load_failure);
  g_test_add_func ("/sesame/web-sign-in/web-process-dies", test_web_process_dies);
  g_test_add_func ("/sesame/web-sign-in/http-error", test_http_error);
  g_test_add_func ("/sesame/web-sign-in/policy", test_policy);

  status = g_test_run ();
  idp_stop (idp);
  g_clear_pointer (&keyring, keyring_stop);
  remove_tree (home);
  return status;
}
