/* test-provider-page.c
 *
 * The Provider page of the profile settings (issue 20) against the in-process fake
 * provider: it reads the discovery document only once shown, shows the findings with
 * their levels and references, takes nothing the provider wrote as markup, says why
 * when the document cannot be read and tries again, and a window closed while it reads
 * goes away cleanly. Screenshots light, dark and 360 px wide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "a11y-check.h"
#include "fake-provider.h"
#include "keyring.h"
#include "sesame-preferences-window.h"
#include "sesame-provider-page.h"
#include "ui-helpers.h"
#include "waits.h"
#include "window-helpers.h"

#define OIDC_PATH  "/.well-known/openid-configuration"
#define OAUTH_PATH "/.well-known/oauth-authorization-server"
#define MARKUP     "<a href=\"https://evil.example/\">click</a> &amp; <b>bold</b>"

static char *home;
static gboolean a11y;   /* an accessibility bus to check names on */

/* Helpers ---------------------------------------------------------------------------- */

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_named (c, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gpointer
page_child (SesameProviderPage *page,
            const char         *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (page), SESAME_TYPE_PROVIDER_PAGE,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

/* A store of its own for each test, with one profile named @name for @issuer. */
static SesameProfileStore *
store_with_profile (const char     *name,
                    const char     *issuer,
                    SesameProfile **profile_out)
{
  g_autofree char *path = g_build_filename (home, "config", name, "profiles.ini", NULL);
  SesameProfileStore *store = sesame_profile_store_new (path);
  g_autoptr(SesameProfile) profile = sesame_profile_new (name);
  g_autoptr(GError) error = NULL;

  if (issuer != NULL)
    sesame_profile_set_issuer (profile, issuer);
  else
    {
      sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION,
                                   "https://auth.example.test/authorize");
      sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_TOKEN,
                                   "https://auth.example.test/token");
    }
  sesame_profile_set_client_id (profile, "sesame-test");
  sesame_profile_set_scope (profile, "openid email");
  g_assert_true (sesame_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  *profile_out = g_object_ref (sesame_profile_store_lookup (store, name));
  return store;
}

static SesamePreferencesWindow *
open_window (SesameProfileStore *store,
             SesameProfile      *profile,
             int                 width,
             SesameProviderPage **page)
{
  SesamePreferencesWindow *window = sesame_preferences_window_new (NULL, store, profile);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 780);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  *page = SESAME_PROVIDER_PAGE (find_descendant (GTK_WIDGET (window), SESAME_TYPE_PROVIDER_PAGE));
  g_assert_nonnull (*page);
  return window;
}

static void
show_page (SesamePreferencesWindow *window,
           SesameProviderPage      *page)
{
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window),
                                           ADW_PREFERENCES_PAGE (page));
}

static gboolean
page_settled (gpointer data)
{
  SesameProviderPage *page = data;

  return !gtk_widget_get_visible (page_child (page, "status_spinner"));
}

static gboolean
page_loading (gpointer data)
{
  return !page_settled (data);
}

static gboolean
switcher_bar_shown (gpointer data)
{
  GtkWidget *bar = find_descendant (data, ADW_TYPE_VIEW_SWITCHER_BAR);
  GtkWidget *revealer = bar != NULL ? find_descendant (bar, GTK_TYPE_REVEALER) : NULL;

  return revealer != NULL && gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

static void
screenshot (const char *name)
{
  g_autofree char *prefixed = g_strconcat ("provider-page-", name, NULL);

  take_screenshot (prefixed);
}

static void
screenshot_light_and_dark (const char *name)
{
  take_light_and_dark_screenshots ("provider-page-", name);
}

static void
scroll_to_end (SesameProviderPage *page)
{
  GtkWidget *scroller = find_descendant (GTK_WIDGET (page), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  wait_ms (100);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

/* No row under @widget, and no label in a row, takes text as markup (the groups' titles
 * are the app's own); returns whether a label shows @text.
 */
static gboolean
check_rows_plain (GtkWidget  *widget,
                  const char *text,
                  gboolean    in_row)
{
  gboolean found = FALSE;

  if (ADW_IS_PREFERENCES_ROW (widget))
    {
      g_assert_false (adw_preferences_row_get_use_markup (ADW_PREFERENCES_ROW (widget)));
      in_row = TRUE;
    }
  if (GTK_IS_LABEL (widget))
    {
      const char *shown = gtk_label_get_text (GTK_LABEL (widget));

      if (in_row && gtk_label_get_use_markup (GTK_LABEL (widget)) && *shown != '\0')
        g_error ("the label “%s” takes markup", shown);
      g_assert_null (strchr (shown, '\x1b'));
      found = strstr (shown, text) != NULL;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    found |= check_rows_plain (c, text, in_row);
  return found;
}

static gboolean
check_plain (GtkWidget  *widget,
             const char *text)
{
  return check_rows_plain (widget, text, FALSE);
}

/* The document of a provider with remarks, and hostile strings. */
static void
serve_remarkable (FakeProvider *fake)
{
  g_autoptr(JsonObject) metadata = fake_provider_new_metadata (fake,
                                                               fake_provider_get_issuer (fake));
  static const char *members[][2] = {
    { "grant_types_supported", "[\"authorization_code\", \"refresh_token\", \"password\"]" },
    { "response_types_supported", "[\"code\", \"code id_token token\"]" },
    { "code_challenge_methods_supported", "[\"S256\", \"plain\"]" },
    { "token_endpoint_auth_methods_supported", "[\"client_secret_basic\", \"none\"]" },
    { "id_token_signing_alg_values_supported", "[\"RS256\", \"ES256\", \"none\"]" },
    { "scopes_supported",
      "[\"openid\", \"email\", \"\\u001b[2J\\u001b]0;pwned\\u0007\", \"\\u202egnp.exe\","
      " \"<a href=\\\"https://evil.example/\\\">click</a> &amp; <b>bold</b>\"]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    json_object_set_member (metadata, members[i][0], json_from_string (members[i][1], NULL));
  json_object_remove_member (metadata, "revocation_endpoint");
  json_object_set_string_member (metadata, "end_session_endpoint",
                                 "https://id.example.com/\x1b[2J<b>end</b>");
  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);
}

/* Tests ------------------------------------------------------------------------------ */

static void
test_findings (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = NULL;
  SesamePreferencesWindow *window;
  SesameProviderPage *page;
  const char *expected[] = { "endpoint-invalid", "pkce-plain", "iss-parameter-missing",
                             "password-grant", "response-type-token", "id-token-alg-none",
                             "revocation-missing", "issuer-http-loopback" };

  serve_remarkable (fake);
  store = store_with_profile ("Remarkable", fake_provider_get_issuer (fake), &profile);
  window = open_window (store, profile, 640, &page);

  /* Not read until shown. */
  wait_ms (200);
  g_assert_cmpuint (fake_provider_get_n_requests (fake, OIDC_PATH), ==, 0);
  show_page (window, page);
  wait_until (page_settled, page, WAIT_SECONDS, "the Provider page to read the document");
  g_assert_cmpuint (fake_provider_get_n_requests (fake, OIDC_PATH), ==, 1);
  g_assert_true (gtk_widget_get_visible (page_child (page, "findings_group")));
  g_assert_false (gtk_widget_get_visible (page_child (page, "status_group")));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *row = find_named (page_child (page, "findings_group"), expected[i]);

      g_test_message ("finding %s", expected[i]);
      g_assert_nonnull (row);
      g_assert_nonnull (find_descendant (row, GTK_TYPE_IMAGE));
    }
  g_assert_null (find_named (GTK_WIDGET (page), "pkce-s256-missing"));
  g_assert_null (find_named (GTK_WIDGET (page), "implicit-grant"));

  /* The markup is shown as the text it is, the escapes as visible escapes. */
  g_assert_true (check_plain (GTK_WIDGET (page), MARKUP));
  g_assert_true (check_plain (GTK_WIDGET (page), "\\x1b[2J\\x1b]0;pwned\\x07"));
  g_assert_true (check_plain (GTK_WIDGET (page), "RFC 9700 §2.4 · password-grant"));

  screenshot_light_and_dark ("findings");
  if (a11y)
    g_assert_cmpuint (a11y_check_names (window, "the Provider page with findings"), ==, 0);
  scroll_to_end (page);
  screenshot_light_and_dark ("findings-end");

  /* Shown again, the profile unchanged: not read again. */
  adw_preferences_window_set_visible_page (
    ADW_PREFERENCES_WINDOW (window),
    ADW_PREFERENCES_PAGE (find_descendant (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_PAGE)));
  wait_ms (100);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
  show_page (window, page);
  wait_ms (200);
  g_assert_true (page_settled (page));
  g_assert_cmpuint (fake_provider_get_n_requests (fake, OIDC_PATH), ==, 1);
  close_preferences (window);

  window = open_window (store, profile, 360, &page);
  show_page (window, page);
  wait_until (page_settled, page, WAIT_SECONDS, "the narrow Provider page to read the document");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  /* The page switcher moves to the bottom when narrow, sliding in. */
  wait_until (switcher_bar_shown, window, WAIT_SECONDS, "the narrow window's page switcher");
  screenshot_light_and_dark ("narrow");
  scroll_to_end (page);
  screenshot ("narrow-end");
  close_preferences (window);
}

static void
test_error_and_retry (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  SesamePreferencesWindow *window;
  SesameProviderPage *page;

  fake_provider_set_answer (fake, OIDC_PATH, SOUP_STATUS_OK, "text/html",
                            "<html><b>Maintenance</b></html>");
  store = store_with_profile ("Broken", fake_provider_get_issuer (fake), &profile);
  window = open_window (store, profile, 640, &page);
  show_page (window, page);
  wait_until (page_settled, page, WAIT_SECONDS, "the Provider page to fail");

  g_assert_cmpstr (gtk_label_get_text (page_child (page, "status_title")), ==,
                   "The Discovery Document Cannot Be Read");
  g_assert_nonnull (strstr (gtk_label_get_text (page_child (page, "status_description")),
                            "not valid JSON"));
  g_assert_true (gtk_widget_get_visible (page_child (page, "retry_button")));
  g_assert_false (gtk_widget_get_visible (page_child (page, "findings_group")));
  screenshot_light_and_dark ("error");
  if (a11y)
    g_assert_cmpuint (a11y_check_names (window, "the Provider page, failed"), ==, 0);

  metadata = fake_provider_new_metadata (fake, fake_provider_get_issuer (fake));
  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);
  g_assert_cmpstr (gtk_actionable_get_action_name (page_child (page, "retry_button")), ==,
                   "provider.retry");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "provider.retry", NULL));
  g_assert_false (page_settled (page));
  wait_until (page_settled, page, WAIT_SECONDS, "the Provider page to read it again");
  g_assert_true (gtk_widget_get_visible (page_child (page, "findings_group")));
  g_assert_nonnull (find_named (GTK_WIDGET (page), "iss-parameter-missing"));
  g_assert_null (find_named (GTK_WIDGET (page), "revocation-missing"));
  g_assert_cmpuint (fake_provider_get_n_requests (fake, OIDC_PATH), ==, 2);
  close_preferences (window);
}

/* Cancel stops reading the document; closing the window while it is on its way cancels
 * the request too. */
static void
test_cancel_on_close (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = NULL;
  SesamePreferencesWindow *window;
  SesameProviderPage *page;

  fake_provider_set_delay (fake, OIDC_PATH, 20000);
  store = store_with_profile ("Slow", fake_provider_get_issuer (fake), &profile);
  window = open_window (store, profile, 640, &page);
  show_page (window, page);
  wait_until (page_loading, page, WAIT_SECONDS, "the Provider page to show its spinner");
  g_assert_true (gtk_spinner_get_spinning (page_child (page, "status_spinner")));
  g_assert_cmpstr (gtk_label_get_text (page_child (page, "status_title")), ==,
                   "Reading the Discovery Document…");
  g_assert_true (gtk_widget_get_visible (page_child (page, "cancel_button")));
  screenshot ("loading");

  /* Cancel: stopped, with Try Again, which reads it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "provider.cancel", NULL));
  g_assert_true (page_settled (page));
  g_assert_cmpstr (gtk_label_get_text (page_child (page, "status_title")), ==, "Reading Stopped");
  g_assert_false (gtk_widget_get_visible (page_child (page, "cancel_button")));
  g_assert_true (gtk_widget_get_visible (page_child (page, "retry_button")));
  wait_ms (200);   /* a cancelled answer coming late changes nothing */
  g_assert_cmpstr (gtk_label_get_text (page_child (page, "status_title")), ==, "Reading Stopped");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "provider.retry", NULL));
  g_assert_true (page_loading (page));

  /* And closed while it reads. */
  close_preferences (window);
}

typedef struct
{
  SesameProviderPage *page;
  const char         *text;
} ShowsWait;

static gboolean
page_shows (gpointer data)
{
  ShowsWait *wait = data;

  return page_settled (wait->page) &&
         gtk_widget_get_visible (page_child (wait->page, "summary_group")) &&
         check_plain (GTK_WIDGET (wait->page), wait->text);
}

/* The issuer changed while the page is shown: it reads the new provider's document. */
static void
test_issuer_changed (void)
{
  g_autoptr(FakeProvider) first = fake_provider_new ();
  g_autoptr(FakeProvider) second = fake_provider_new ();
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfile) edited = NULL;
  g_autoptr(SesameProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SesamePreferencesWindow *window;
  SesameProviderPage *page;
  ShowsWait wait = { NULL, NULL };

  store = store_with_profile ("Moving", fake_provider_get_issuer (first), &profile);
  window = open_window (store, profile, 640, &page);
  show_page (window, page);
  wait.page = page;
  wait.text = fake_provider_get_issuer (first);
  wait_until (page_shows, &wait, WAIT_SECONDS, "the Provider page to show the first issuer");

  edited = sesame_profile_copy (profile);
  sesame_profile_set_issuer (edited, fake_provider_get_issuer (second));
  g_assert_true (sesame_profile_store_update (store, edited, &error));
  g_assert_no_error (error);
  wait.text = fake_provider_get_issuer (second);
  wait_until (page_shows, &wait, WAIT_SECONDS, "the Provider page to show the second issuer");
  g_assert_cmpuint (fake_provider_get_n_requests (second, OIDC_PATH), ==, 1);
  close_preferences (window);
}

/* A profile given by its endpoints has no document: the page says so, with no retry. */
static void
test_no_issuer (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("By Hand", NULL, &profile);
  SesamePreferencesWindow *window;
  SesameProviderPage *page;

  window = open_window (store, profile, 640, &page);
  show_page (window, page);
  wait_until (page_settled, page, WAIT_SECONDS, "the Provider page to settle");
  g_assert_cmpstr (gtk_label_get_text (page_child (page, "status_title")), ==,
                   "No Discovery Document");
  g_assert_false (gtk_widget_get_visible (page_child (page, "retry_button")));
  close_preferences (window);
}

/* A CA file that cannot be read is an error to fix and try again, not a missing document. */
static void
test_ca_file_unreadable (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfile) edited = NULL;
  g_autoptr(SesameProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SesamePreferencesWindow *window;
  SesameProviderPage *page;

  store = store_with_profile ("Private CA", fake_provider_get_issuer (fake), &profile);
  edited = sesame_profile_copy (profile);
  sesame_profile_set_ca_file (edited, "/nonexistent/ca.pem");
  g_assert_true (sesame_profile_store_update (store, edited, &error));
  g_assert_no_error (error);
  window = open_window (store, edited, 640, &page);
  show_page (window, page);
  wait_until (page_settled, page, WAIT_SECONDS, "the Provider page to settle");
  g_assert_cmpstr (gtk_label_get_text (page_child (page, "status_title")), ==,
                   "The Discovery Document Cannot Be Read");
  g_assert_nonnull (strstr (gtk_label_get_text (page_child (page, "status_description")),
                            "/nonexistent/ca.pem"));
  g_assert_true (gtk_widget_get_visible (page_child (page, "retry_button")));
  g_assert_cmpuint (fake_provider_get_n_requests (fake, OIDC_PATH), ==, 0);
  close_preferences (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(Keyring) keyring = NULL;
  g_autoptr(GFile) tree = NULL;
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  int status;

  home = g_dir_make_tmp ("sesame-provider-page-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  /* Before GTK starts: the session bus it connects to is the private keyring's. */
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  a11y = a11y_check_init ();

  /* For a look at the page in another language: SESAME_LOCALEDIR=_build/po LANGUAGE=de. */
  if (g_getenv ("SESAME_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "");   /* gtk_test_init() keeps the C locale */
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SESAME_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  gtk_test_init (&argc, &argv, NULL);
  waits_init ();
  adw_init ();

  g_test_add_func ("/sesame/provider-page/findings", test_findings);
  g_test_add_func ("/sesame/provider-page/error-and-retry", test_error_and_retry);
  g_test_add_func ("/sesame/provider-page/cancel-on-close", test_cancel_on_close);
  g_test_add_func ("/sesame/provider-page/no-issuer", test_no_issuer);
  g_test_add_func ("/sesame/provider-page/issuer-changed", test_issuer_changed);
  g_test_add_func ("/sesame/provider-page/ca-file-unreadable", test_ca_file_unreadable);

  status = g_test_run ();

  g_clear_pointer (&keyring, keyring_stop);
  tree = g_file_new_for_path (home);
  delete_tree (tree);
  if (address != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_free (home);
  return status;
}
