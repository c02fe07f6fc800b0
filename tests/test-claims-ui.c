/* test-claims-ui.c
 *
 * The Tokens page of the preferences window on what the tokens say: a JWT access token
 * from the real test provider (issued for its API's resource indicator) decoded, ordered
 * and marked Not Verified; an opaque one said so; the Introspect button against the real
 * provider, cancelled when the window closes; hostile claims (markup, control characters,
 * a huge value, hundreds of claims) and a malformed JWT shown as plain text. Screenshots
 * in light and dark style and at 360 pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "idp.h"
#include "keyring.h"
#include "runner.h"
#include "sesame-preferences-window.h"
#include "ui-helpers.h"
#include "waits.h"
#include "window-helpers.h"

#define TEST_API "https://api.sesame.test/"

static char *home;
static Idp *idp;

/* Helpers ---------------------------------------------------------------------------- */

static gpointer
child (SesamePreferencesWindow *window,
       const char              *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window),
                                                   SESAME_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return object;
}

/* Whether a visible label under @widget shows exactly @text (or starts with it). */
static gboolean
shows (GtkWidget  *widget,
       const char *text,
       gboolean    prefix)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      const char *shown = gtk_label_get_text (GTK_LABEL (widget));

      if (prefix ? g_str_has_prefix (shown, text) : g_strcmp0 (shown, text) == 0)
        return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (shows (c, text, prefix))
      return TRUE;
  return FALSE;
}

/* The titles of the rows of @group, in order. */
static GStrv
row_titles (AdwPreferencesGroup *group)
{
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();
  GtkWidget *list = GTK_WIDGET (group);
  GQueue queue = G_QUEUE_INIT;

  g_queue_push_tail (&queue, list);
  while (!g_queue_is_empty (&queue))
    {
      GtkWidget *widget = g_queue_pop_head (&queue);

      if (ADW_IS_PREFERENCES_ROW (widget))
        {
          g_strv_builder_add (titles, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
          continue;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (widget); c;
           c = gtk_widget_get_next_sibling (c))
        g_queue_push_tail (&queue, c);
    }
  return g_strv_builder_end (titles);
}

static guint
index_of (GStrv       titles,
          const char *title)
{
  for (guint i = 0; titles[i] != NULL; i++)
    if (g_str_equal (titles[i], title))
      return i;
  g_error ("no row “%s”", title);
}

static void
screenshot (const char *name)
{
  g_autofree char *prefixed = g_strconcat ("claims-", name, NULL);

  take_screenshot (prefixed);
}

static void
screenshot_light_and_dark (const char *name)
{
  take_light_and_dark_screenshots ("claims-", name);
}

static void
sesame (const char * const *args,
        const char         *agent_mode,
        const char         *secret)
{
  const char *env[] = { "TEST_SECRET", secret, NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, agent_mode, secret ? env : NULL, args);
  if (run.status != 0)
    g_error ("sesame %s: exit %d: %s", args[0], run.status, run.err);
}

/* A profile of the default store, signed in against the test provider through the
 * command line (the scripted agent logs in). */
static void
sign_in (const char *name,
         const char *client_id,
         const char *secret,
         const char *scope,
         const char *param)
{
  const char *add[] = { "profile", "add", name, "--issuer", idp->issuer, "--client-id", client_id,
                        "--scope", scope, "--browser", "none", "--param",
                        param ? param : "prompt=consent",
                        secret ? "--client-secret-env" : NULL, "TEST_SECRET", NULL };
  const char *sign_in_args[] = { "sign-in", name, NULL };

  sesame (add, NULL, secret);
  sesame (sign_in_args, "login", NULL);
}

static gboolean
tokens_page_settled (gpointer data)
{
  return !gtk_widget_get_visible (child (data, "status_spinner")) &&
         gtk_widget_get_visible (child (data, "tokens_group"));
}

static SesamePreferencesWindow *
open_tokens_page (SesameProfileStore *store,
                  const char         *name,
                  int                 width)
{
  SesameProfile *profile;
  SesamePreferencesWindow *window;
  g_autoptr(GError) error = NULL;

  g_assert_true (sesame_profile_store_load (store, &error));
  g_assert_no_error (error);
  profile = sesame_profile_store_lookup (store, name);
  g_assert_nonnull (profile);
  window = sesame_preferences_window_new (NULL, store, profile);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 780);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  wait_until (tokens_page_settled, window, WAIT_SECONDS, "the Tokens page to show tokens");
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window),
                                           child (window, "tokens_page"));
  return window;
}

/* Scrolls the page so that @widget is at its top. */
static void
scroll_to (SesamePreferencesWindow *window,
           GtkWidget               *widget)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t point;

  wait_ms (100);
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (
                                             GTK_SCROLLED_WINDOW (scroller)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y - 12);
  wait_ms (100);
}

static gboolean
is_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} TextWait;

static gboolean
shows_prefix (gpointer data)
{
  TextWait *wait = data;

  return shows (wait->widget, wait->text, TRUE);
}

/* Tests ------------------------------------------------------------------------------ */

static void
test_jwt_access_token (void)
{
  g_autoptr(SesameProfileStore) store = NULL;
  SesamePreferencesWindow *window;
  GtkWidget *access, *introspect;
  g_auto(GStrv) titles = NULL;
  TextWait refused;

  sign_in ("API", "sesame-basic", IDP_BASIC_SECRET, "openid api:read", "resource=" TEST_API);
  store = sesame_profile_store_new (NULL);
  window = open_tokens_page (store, "API", 640);
  access = child (window, "access_group");
  introspect = child (window, "introspect_group");

  /* Decoded, ordered (aud, scope, client_id, iss, sub, then the rest), marked. */
  g_assert_true (gtk_widget_get_visible (access));
  g_assert_true (gtk_widget_get_visible (child (window, "not_verified_label")));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (access)), ==,
                   "Access Token Claims");
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (access)), ==,
                   "Sesame does not check the access token’s signature; it is meant for the API.");
  titles = row_titles (ADW_PREFERENCES_GROUP (access));
  g_assert_cmpstr (titles[0], ==, "aud");
  g_assert_cmpstr (titles[1], ==, "scope");
  g_assert_cmpuint (index_of (titles, "client_id"), <, index_of (titles, "iss"));
  g_assert_cmpuint (index_of (titles, "iss"), <, index_of (titles, "sub"));
  g_assert_cmpuint (index_of (titles, "sub"), <, index_of (titles, "exp"));
  g_assert_cmpstr (titles[g_strv_length (titles) - 1], ==, "Header");
  g_assert_true (shows (access, TEST_API, FALSE));
  g_assert_true (shows (access, "api:read", FALSE));
  g_assert_true (shows (access, "alg: RS256", TRUE));

  /* The ID token's claims, through the same rows. */
  g_assert_true (shows (child (window, "claims_group"), "sesame-basic", FALSE));

  /* A confidential client of a provider that announces introspection: offered. */
  wait_until (is_visible, introspect, WAIT_SECONDS, "the Introspect button to be offered");
  scroll_to (window, access);
  screenshot_light_and_dark ("jwt");

  /* oidc-provider does not introspect JWTs, and says so: the page says it, plainly. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.introspect", NULL));
  refused = (TextWait) { introspect, "The provider does not take this kind of token here" };
  wait_until (shows_prefix, &refused, WAIT_SECONDS, "the introspection to be refused");
  g_assert_false (gtk_widget_get_visible (child (window, "introspect_spinner")));
  close_preferences (window);

  /* 360 pixels wide. */
  window = open_tokens_page (store, "API", 360);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  wait_until (is_visible, child (window, "introspect_group"), WAIT_SECONDS,
              "the Introspect button to be offered");
  scroll_to (window, child (window, "access_group"));
  screenshot_light_and_dark ("narrow-jwt");
  close_preferences (window);
}

static void
test_introspect (void)
{
  g_autoptr(SesameProfileStore) store = NULL;
  SesamePreferencesWindow *window;
  GtkWidget *access, *introspect;
  TextWait active;

  sign_in ("Opaque", "sesame-basic", IDP_BASIC_SECRET, "openid email", NULL);
  store = sesame_profile_store_new (NULL);
  window = open_tokens_page (store, "Opaque", 640);
  access = child (window, "access_group");
  introspect = child (window, "introspect_group");

  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (access)), ==,
                   "Access Token");
  g_assert_false (gtk_widget_get_visible (child (window, "not_verified_label")));
  g_assert_true (shows (access, "Opaque: not a JWT.", TRUE));

  wait_until (is_visible, introspect, WAIT_SECONDS, "the Introspect button to be offered");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.introspect", NULL));
  g_assert_true (gtk_widget_get_visible (child (window, "introspect_spinner")));
  active = (TextWait) { introspect, "Yes" };
  wait_until (shows_prefix, &active, WAIT_SECONDS, "the provider to say the token is active");
  g_assert_true (shows (introspect, "sesame-basic", FALSE));
  g_assert_true (shows (introspect, "openid email", FALSE));
  g_assert_false (gtk_widget_get_visible (child (window, "introspect_spinner")));

  /* Asked again: one answer shown, not two. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.introspect", NULL));
  wait_until (shows_prefix, &active, WAIT_SECONDS, "the provider to answer again");
  wait_until ((gboolean (*) (gpointer)) gtk_widget_is_sensitive, child (window,
                                                                        "introspect_button"),
              WAIT_SECONDS, "the Introspect button to be enabled again");
  {
    g_auto(GStrv) titles = row_titles (ADW_PREFERENCES_GROUP (introspect));
    const char *expected[] = { "Active", "scope", "exp", "client_id", NULL };

    g_assert_cmpstrv (titles, expected);
  }
  scroll_to (window, access);
  screenshot_light_and_dark ("introspected");
  close_preferences (window);

  /* Closing while the provider is asked: cancelled, nothing left behind. */
  window = open_tokens_page (store, "Opaque", 640);
  wait_until (is_visible, child (window, "introspect_group"), WAIT_SECONDS,
              "the Introspect button to be offered");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.introspect", NULL));
  close_preferences (window);
  wait_ms (200);
}

/* A profile of its own (no issuer: no introspection) holding @access_token. */
static SesameProfile *
profile_with_access_token (SesameProfileStore *store,
                           const char         *name,
                           const char         *access_token)
{
  g_autoptr(SesameProfile) profile = sesame_profile_new (name);
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION,
                               "https://auth.example.test/authorize");
  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_TOKEN, "https://auth.example.test/token");
  sesame_profile_set_client_id (profile, "sesame-test");
  g_assert_true (sesame_profile_store_add (store, profile, &error));
  g_assert_no_error (error);

  json_object_set_string_member (object, "access_token", access_token);
  json_object_set_string_member (object, "token_type", "Bearer");
  json_object_set_int_member (object, "obtained_at", now);
  json_object_set_int_member (object, "expires_at", now + 3600);
  node = json_node_init_object (json_node_alloc (), object);
  json = json_to_string (node, FALSE);
  tokens = sesame_token_set_new_from_json (json, &error);
  g_assert_no_error (error);
  store_tokens_and_wait (sesame_profile_get_id (profile), name, tokens);
  return g_object_ref (sesame_profile_store_lookup (store, name));
}

static void
test_hostile (void)
{
  g_autofree char *path = g_build_filename (home, "hostile", "profiles.ini", NULL);
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (path);
  g_autoptr(GString) claims = g_string_new ("{\"name\":\"<b>Mallory</b> & \\u001b[2Jco\\n\","
                                            "\"bio\":\"");
  g_autoptr(SesameProfile) hostile = NULL;
  g_autoptr(SesameProfile) malformed = NULL;
  g_autofree char *header = base64url ("{\"alg\":\"RS256\",\"typ\":\"<i>jwt</i>\"}");
  g_autofree char *payload = NULL;
  g_autofree char *token = NULL;
  SesamePreferencesWindow *window;
  GtkWidget *access;

  for (guint i = 0; i < 8000; i++)
    g_string_append (claims, "long ");
  g_string_append (claims, "\"");
  for (guint i = 0; i < 150; i++)
    g_string_append_printf (claims, ",\"c%u\":%u", i, i);
  g_string_append (claims, "}");
  payload = base64url (claims->str);
  token = g_strconcat (header, ".", payload, ".c2ln", NULL);
  hostile = profile_with_access_token (store, "Hostile", token);
  malformed = profile_with_access_token (store, "Malformed", "eyJhbGciOiJSUzI1NiJ9.e30");

  window = open_tokens_page (store, "Hostile", 640);
  access = child (window, "access_group");
  /* Plain text: markup shown as typed, control characters as escapes. */
  g_assert_true (shows (access, "<b>Mallory</b> & \\x1b[2Jco\\x0a", FALSE));
  g_assert_true (shows (access, "alg: RS256, typ: <i>jwt</i>", FALSE));
  g_assert_true (shows (access, "52 more claims are not shown", FALSE));
  g_assert_true (shows (access, "long long", TRUE));
  /* No issuer, no introspection. */
  wait_ms (200);
  g_assert_false (gtk_widget_get_visible (child (window, "introspect_group")));
  scroll_to (window, access);
  screenshot ("hostile");
  close_preferences (window);

  window = open_tokens_page (store, "Malformed", 360);
  access = child (window, "access_group");
  g_assert_true (shows (access, "The token looks like a JWT but has 2 parts", TRUE));
  g_assert_false (gtk_widget_get_visible (child (window, "not_verified_label")));
  scroll_to (window, access);
  screenshot ("narrow-malformed");
  close_preferences (window);
}

/* In German, from the build tree's catalog, 360 pixels wide: the longer words fit. */
static void
test_german (void)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  SesamePreferencesWindow *window;

  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "C.UTF-8");  /* glibc reads LANGUAGE again; "C" would ignore it */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SESAME_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  window = open_tokens_page (store, "API", 360);
  g_assert_cmpstr (gtk_label_get_text (child (window, "not_verified_label")), ==,
                   "Nicht geprüft");
  g_assert_cmpstr (adw_preferences_group_get_title (child (window, "access_group")), ==,
                   "Angaben im Zugriffstoken");
  wait_until (is_visible, child (window, "introspect_group"), WAIT_SECONDS,
              "the Introspect button to be offered");
  scroll_to (window, child (window, "access_group"));
  screenshot ("narrow-jwt-de");
  close_preferences (window);
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(Keyring) keyring = NULL;
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  home = g_dir_make_tmp ("sesame-claims-ui-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  /* Before GTK starts: the session bus it connects to is the private keyring's. */
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  waits_init ();
  adw_init ();
  idp = idp_start ();
  runner_idp = idp;

  g_test_add_func ("/sesame/claims-ui/jwt-access-token", test_jwt_access_token);
  g_test_add_func ("/sesame/claims-ui/introspect", test_introspect);
  g_test_add_func ("/sesame/claims-ui/hostile", test_hostile);
  g_test_add_func ("/sesame/claims-ui/german", test_german);

  status = g_test_run ();
  idp_stop (idp);
  g_clear_pointer (&keyring, keyring_stop);
  remove_tree (home);
  return status;
}
