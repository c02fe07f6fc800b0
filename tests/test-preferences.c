/* test-preferences.c
 *
 * The preferences window on a profile in a temporary store, with a private
 * gnome-keyring: invalid values are marked and never saved, valid ones are saved after
 * the pause, the tokens page reads the keyring (and says so in words when it cannot).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "keyring.h"
#include "sesame-clipboard.h"
#include "ui-helpers.h"
#include "sesame-preferences-window.h"
#include "waits.h"
#include "window-helpers.h"

#define TOKEN_ENDPOINT "https://auth.example.test/token"

static char *home;
static const char *keyring_address;

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

static char *
read_store_file (SesameProfileStore *store)
{
  char *contents = NULL;

  g_file_get_contents (sesame_profile_store_get_path (store), &contents, NULL, NULL);
  return contents != NULL ? contents : g_strdup ("");
}

/* A store of its own for each test, with one valid profile named @name. */
static SesameProfileStore *
store_with_profile (const char     *name,
                    SesameProfile **profile_out)
{
  g_autofree char *path = g_build_filename (home, "config", name, "profiles.ini", NULL);
  SesameProfileStore *store = sesame_profile_store_new (path);
  g_autoptr(SesameProfile) profile = sesame_profile_new (name);
  g_autoptr(GError) error = NULL;

  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION,
                               "https://auth.example.test/authorize");
  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_TOKEN, TOKEN_ENDPOINT);
  sesame_profile_set_client_id (profile, "sesame-test");
  sesame_profile_set_scope (profile, "openid email profile");
  g_assert_true (sesame_profile_store_add (store, profile, &error));
  g_assert_no_error (error);
  *profile_out = g_object_ref (sesame_profile_store_lookup (store, name));
  return store;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  AdwMessageDialog *dialog = find_toplevel ("AdwMessageDialog", FALSE);

  g_assert_nonnull (dialog);
  return dialog;
}

static SesamePreferencesWindow *
open_window (SesameProfileStore *store,
             SesameProfile      *profile)
{
  SesamePreferencesWindow *window = sesame_preferences_window_new (NULL, store, profile);

  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  return window;
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static gboolean
tokens_page_settled (gpointer data)
{
  GtkLabel *title = child (data, "status_title");

  return !gtk_widget_get_visible (child (data, "status_spinner")) &&
         (*gtk_label_get_text (title) != '\0' ||
          gtk_widget_get_visible (child (data, "tokens_group")));
}

/* Whether a label under @widget shows exactly @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (shows_text (c, text))
      return TRUE;
  return FALSE;
}

/* A picture of the whole (virtual) screen, in the build tree, when imagemagick is there. */
static void
screenshot (const char *name)
{
  g_autofree char *prefixed = g_strconcat ("preferences-", name, NULL);

  take_screenshot (prefixed);
}

static void
screenshot_light_and_dark (const char *name)
{
  take_light_and_dark_screenshots ("preferences-", name);
}

/* Settings page ---------------------------------------------------------------------- */

typedef struct
{
  SesameProfileStore *store;
  const char         *needle;
} FileWait;

static gboolean
file_contains (gpointer data)
{
  FileWait *wait = data;
  g_autofree char *contents = read_store_file (wait->store);

  return strstr (contents, wait->needle) != NULL;
}

static void
test_invalid_not_saved (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Validation", &profile);
  g_autofree char *before = read_store_file (store);
  g_autofree char *after = NULL;
  SesamePreferencesWindow *window = open_window (store, profile);
  GtkWidget *token_row = child (window, "token_row");
  GtkLabel *error_label = child (window, "provider_error_label");
  FileWait wait = { store, "https://auth.example.test/token2" };
  guint changed = 0;

  g_signal_connect_swapped (window, "profile-changed", G_CALLBACK (count_signal), &changed);
  g_assert_true (gtk_widget_get_visible (token_row));
  g_assert_false (gtk_widget_has_css_class (token_row, "error"));

  /* Plain http off loopback: marked at once, with the reason, and never written. */
  gtk_editable_set_text (GTK_EDITABLE (token_row), "http://auth.example.test/token2");
  g_assert_true (gtk_widget_has_css_class (token_row, "error"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "token endpoint"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (token_row));
  wait_ms (1000);
  after = read_store_file (store);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (changed, ==, 0);

  /* Emptied: still an error, of its own words. */
  gtk_editable_set_text (GTK_EDITABLE (token_row), "");
  g_assert_true (gtk_widget_has_css_class (token_row, "error"));

  /* Valid: the mark goes, and the profile is saved after the pause. */
  gtk_editable_set_text (GTK_EDITABLE (token_row), "https://auth.example.test/token2");
  g_assert_false (gtk_widget_has_css_class (token_row, "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  wait_until (file_contains, &wait, WAIT_SECONDS, "the profiles file to hold the change");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpstr (sesame_profile_get_endpoint (sesame_profile_store_lookup (store, "Validation"),
                                                SESAME_ENDPOINT_TOKEN),
                   ==, "https://auth.example.test/token2");

  close_preferences (window);
}

static void
test_rename_and_save_on_close (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Rename", &profile);
  SesamePreferencesWindow *window = open_window (store, profile);
  GtkWidget *name_row = child (window, "name_row");
  GtkWidget *scope_row = child (window, "scope_row");
  FileWait wait = { store, "Renamed" };
  g_autofree char *contents = NULL;

  gtk_editable_set_text (GTK_EDITABLE (name_row), "");
  g_assert_true (gtk_widget_has_css_class (name_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Renamed");
  g_assert_false (gtk_widget_has_css_class (name_row, "error"));
  wait_until (file_contains, &wait, WAIT_SECONDS, "the profiles file to hold the change");
  g_assert_nonnull (sesame_profile_store_lookup (store, "Renamed"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Renamed");

  /* Closed before the pause is over: saved all the same. */
  gtk_editable_set_text (GTK_EDITABLE (scope_row), "openid offline_access");
  gtk_window_close (GTK_WINDOW (window));
  contents = read_store_file (store);
  g_assert_nonnull (strstr (contents, "openid offline_access"));
  wait_ms (50);
}

static void
test_preset (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Preset", &profile);
  SesamePreferencesWindow *window = open_window (store, profile);
  AdwComboRow *preset_row = child (window, "preset_row");
  GPtrArray *presets = sesame_presets_get_all ();
  guint generic = presets->len - 1;
  GtkListBoxRow *variable_row;

  /* A saved profile without a preset shows "Custom". */
  g_assert_cmpuint (adw_combo_row_get_selected (preset_row), ==, presets->len);

  /* The generic preset needs its issuer: marked, nothing applied. */
  adw_combo_row_set_selected (preset_row, generic);
  variable_row = GTK_LIST_BOX_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (preset_row)));
  g_assert_true (ADW_IS_ENTRY_ROW (variable_row));
  /* Titled as in the Add Profile dialog. */
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (variable_row)), ==,
                   "Issuer URL");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (variable_row), "error"));

  gtk_editable_set_text (GTK_EDITABLE (variable_row), "https://id.example.test");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (variable_row), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (window, "issuer_row"))), ==,
                   "https://id.example.test");
  g_assert_true (gtk_widget_get_visible (child (window, "issuer_row")));
  g_assert_false (gtk_widget_get_visible (child (window, "token_row")));

  close_preferences (window);
  profile = g_object_ref (sesame_profile_store_lookup (store, "Preset"));
  g_assert_cmpstr (sesame_profile_get_preset (profile), ==, "generic");
  g_assert_cmpstr (sesame_profile_get_issuer (profile), ==, "https://id.example.test");
  g_assert_null (sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_TOKEN));

  /* Opened again: the variable is read back from the issuer. */
  window = open_window (store, profile);
  preset_row = child (window, "preset_row");
  g_assert_cmpuint (adw_combo_row_get_selected (preset_row), ==, generic);
  variable_row = GTK_LIST_BOX_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (preset_row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (variable_row)), ==,
                   "https://id.example.test");
  close_preferences (window);
}

static void
test_remove (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Removed", &profile);
  SesamePreferencesWindow *window = open_window (store, profile);
  AdwMessageDialog *dialog = NULL;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.remove-profile", NULL));
  dialog = g_object_ref (find_message_dialog ());
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "remove");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  /* Gone from the store at once; the window closes once the keyring is cleared. */
  g_assert_null (sesame_profile_store_lookup (store, "Removed"));
  wait_for_cleared ((gpointer *) &window, "the removed profile's window to close");
}

/* Tokens page ------------------------------------------------------------------------ */

static void
test_not_signed_in (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Signed Out", &profile);
  SesamePreferencesWindow *window = open_window (store, profile);

  wait_until (tokens_page_settled, window, WAIT_SECONDS, "the Tokens page to settle");
  g_assert_cmpstr (gtk_label_get_text (child (window, "status_title")), ==, "Not Signed In");
  g_assert_false (gtk_widget_get_visible (child (window, "tokens_group")));
  g_assert_false (gtk_widget_get_visible (child (window, "actions_group")));
  close_preferences (window);
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
store_tokens (SesameProfile *profile)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *header = base64url ("{\"alg\":\"none\"}");
  g_autofree char *payload = NULL;
  g_autofree char *claims = NULL;
  g_autofree char *json = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  claims = g_strdup_printf ("{\"sub\":\"ada\",\"name\":\"<b>Ada</b> & co\","
                            "\"iat\":%" G_GINT64_FORMAT ",\"exp\":%" G_GINT64_FORMAT "}",
                            now, now + 3600);
  payload = base64url (claims);
  json = g_strdup_printf ("{\"access_token\":\"secret-access-token\",\"token_type\":\"Bearer\","
                          "\"refresh_token\":\"secret-refresh-token\","
                          "\"id_token\":\"%s.%s.sig\",\"scope\":\"openid email\","
                          "\"obtained_at\":%" G_GINT64_FORMAT ",\"expires_at\":%" G_GINT64_FORMAT
                          "}", header, payload, now, now + 3600);
  tokens = sesame_token_set_new_from_json (json, &error);
  g_assert_no_error (error);
  store_tokens_and_wait (sesame_profile_get_id (profile), sesame_profile_get_name (profile),
                         tokens);
}

/* Copy goes through the one helper: marked as secret, cleared later (test-clipboard.c). */
static void
test_tokens_copy (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Copied", &profile);
  SesamePreferencesWindow *window;
  GdkClipboard *clipboard;
  g_autofree char *text = NULL;

  store_tokens (profile);
  window = open_window (store, profile);
  wait_until (tokens_page_settled, window, WAIT_SECONDS, "the Tokens page to settle");
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.copy-token", "s",
                                             "refresh"));
  g_assert_true (_sesame_clipboard_holds_secret (clipboard));
  g_assert_true (_sesame_clipboard_clearing_pending (clipboard));
  g_assert_true (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard),
                                                        SESAME_CLIPBOARD_HINT_TYPE));
  text = read_clipboard_text (clipboard);
  g_assert_cmpstr (text, ==, "secret-refresh-token");
  close_preferences (window);
}

static void
test_tokens_and_sign_out (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Signed In", &profile);
  SesamePreferencesWindow *window;
  GtkWidget *tokens_group;
  AdwMessageDialog *dialog = NULL;
  guint changed = 0;

  store_tokens (profile);
  window = open_window (store, profile);
  g_signal_connect_swapped (window, "tokens-changed", G_CALLBACK (count_signal), &changed);
  wait_until (tokens_page_settled, window, WAIT_SECONDS, "the Tokens page to settle");
  tokens_group = child (window, "tokens_group");
  g_assert_true (gtk_widget_get_visible (tokens_group));

  /* Masked until asked; claims as plain text, markup and all; scopes not granted. */
  g_assert_true (shows_text (tokens_group, "••••••••"));
  g_assert_false (shows_text (GTK_WIDGET (window), "secret-access-token"));
  g_assert_true (shows_text (child (window, "claims_group"), "<b>Ada</b> & co"));
  g_assert_true (shows_text (child (window, "scopes_group"), "profile"));
  g_assert_true (gtk_widget_get_visible (child (window, "claims_group")));

  /* Sign out: confirmed, then the tokens are gone (no revocation endpoint: none revoked). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.sign-out", NULL));
  dialog = g_object_ref (find_message_dialog ());
  g_assert_nonnull (dialog);
  /* The main window's words (tests/test-ui.c, /sesame/ui/sign-out). */
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Sign Out?");
  g_assert_true (g_str_has_suffix (adw_message_dialog_get_body (dialog),
                                   "are revoked at the provider, where it allows that, and "
                                   "deleted from this computer."));
  adw_message_dialog_response (dialog, "sign-out");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  wait_until (tokens_page_settled, window, WAIT_SECONDS, "the Tokens page to settle");
  wait_for_flag ((gboolean *) &changed, "the Tokens page to change");
  g_assert_cmpstr (gtk_label_get_text (child (window, "status_title")), ==, "Not Signed In");
  g_assert_false (gtk_widget_get_visible (tokens_group));
  close_preferences (window);
}


static void
scroll_to_end (SesamePreferencesWindow *window)
{
  AdwPreferencesWindow *preferences = ADW_PREFERENCES_WINDOW (window);
  GtkWidget *page = GTK_WIDGET (adw_preferences_window_get_visible_page (preferences));
  GtkWidget *scroller = find_descendant (page, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  wait_ms (100);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

static void
on_secret_stored (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_assert_true (sesame_secrets_store_client_secret_finish (result, NULL));
  *(gboolean *) user_data = TRUE;
}

/* Every state, wide and narrow, light and dark, for a person to look at. */
/* The label showing @text inside @widget, drawn now; NULL if there is none. */
static GtkLabel *
shown_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *found = shown_label (c, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether @row lies within its window's visible height (scrolled to). */
static gboolean
row_in_view (gpointer row)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (row));
  graphene_rect_t bounds;

  return gtk_widget_compute_bounds (row, window, &bounds) && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (window);
}

/* @text is shown whole in the combo row, and in its popover once opened. */
static void
assert_choice_whole (AdwComboRow *row,
                     const char  *text,
                     const char  *name)
{
  GtkLabel *label = shown_label (GTK_WIDGET (row), text);
  GtkPopover *popover;

  /* A popover anchored off the screen fails in GTK 4.8 (no monitor): as a person would,
   * the row is scrolled into view first. */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  wait_until (row_in_view, row, WAIT_SECONDS, "the combo row to be scrolled into view");
  g_assert_nonnull (label);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
  adw_action_row_activate (ADW_ACTION_ROW (row));
  popover = GTK_POPOVER (find_descendant (GTK_WIDGET (row), GTK_TYPE_POPOVER));
  wait_for_mapped (popover);
  screenshot (name);
  label = shown_label (GTK_WIDGET (popover), text);
  g_assert_nonnull (label);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
  gtk_popover_popdown (popover);
  wait_ms (100);
}

static gboolean
file_lacks (gpointer data)
{
  return !file_contains (data);
}

/* Sign In With: another device hides what only a browser needs, asks for the device
 * endpoint where nothing discovers it, and is saved as the others are. */
static void
test_sign_in_with (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Device", &profile);
  SesamePreferencesWindow *window = open_window (store, profile);
  GtkWidget *device_row = child (window, "device_row");
  g_autofree char *before = read_store_file (store);
  g_autofree char *unsaved = NULL;
  FileWait saved = { store, "SignInWith=device" };
  FileWait endpoint = { store, "DeviceAuthorizationEndpoint=https://auth.example.test/device" };

  g_assert_cmpuint (adw_combo_row_get_selected (child (window, "sign_in_method_row")), ==,
                    SESAME_SIGN_IN_BROWSER);
  g_assert_true (gtk_widget_get_visible (child (window, "redirect_row")));
  g_assert_true (gtk_widget_get_visible (child (window, "browser_row")));
  g_assert_false (gtk_widget_get_visible (device_row));

  adw_combo_row_set_selected (child (window, "sign_in_method_row"), SESAME_SIGN_IN_DEVICE);
  g_assert_false (gtk_widget_get_visible (child (window, "redirect_row")));
  g_assert_false (gtk_widget_get_visible (child (window, "browser_row")));
  g_assert_false (gtk_widget_get_visible (child (window, "stay_signed_in_row")));
  g_assert_true (gtk_widget_get_visible (device_row));
  /* The endpoints are typed in: the device one too, else nothing is saved. */
  g_assert_true (gtk_widget_has_css_class (device_row, "error"));
  g_assert_true (shows_text (GTK_WIDGET (window), "Enter the device authorization endpoint, "
                                                  "or sign in with a browser"));
  wait_ms (800);
  unsaved = read_store_file (store);
  g_assert_cmpstr (unsaved, ==, before);

  gtk_editable_set_text (GTK_EDITABLE (device_row), "http://auth.example.test/device");
  g_assert_true (gtk_widget_has_css_class (device_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (device_row), "https://auth.example.test/device");
  g_assert_false (gtk_widget_has_css_class (device_row, "error"));
  wait_until (file_contains, &saved, WAIT_SECONDS, "SignInWith=device in the profiles file");
  g_assert_true (file_contains (&endpoint));
  gtk_widget_grab_focus (child (window, "sign_in_method_row"));   /* scrolled to */
  screenshot_light_and_dark ("sign-in-with-device");

  adw_combo_row_set_selected (child (window, "sign_in_method_row"), SESAME_SIGN_IN_BROWSER);
  g_assert_true (gtk_widget_get_visible (child (window, "redirect_row")));
  g_assert_false (gtk_widget_get_visible (device_row));
  wait_until (file_lacks, &saved, WAIT_SECONDS, "SignInWith=device gone from the file");
  g_assert_cmpint (sesame_profile_get_sign_in_method (
                     sesame_profile_store_lookup (store, "Device")), ==, SESAME_SIGN_IN_BROWSER);

  /* A preset that documents its device endpoint fills it in. */
  {
    guint github;

    g_assert_true (g_ptr_array_find (sesame_presets_get_all (), sesame_presets_lookup ("github"),
                                     &github));
    adw_combo_row_set_selected (child (window, "preset_row"), github);
    adw_combo_row_set_selected (child (window, "sign_in_method_row"), SESAME_SIGN_IN_DEVICE);
    g_assert_true (gtk_widget_get_visible (device_row));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (device_row)), ==,
                     "https://github.com/login/device/code");
    g_assert_false (gtk_widget_has_css_class (device_row, "error"));
  }
  close_preferences (window);
}

/* Nothing cut off at 360 px: "A Window Inside Sesame", "OpenID Connect provider". */
static void
test_whole_choices (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Whole Choices", &profile);
  SesamePreferencesWindow *window = sesame_preferences_window_new (NULL, store, profile);
  GPtrArray *presets = sesame_presets_get_all ();
  guint generic;

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 740);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  g_assert_true (g_ptr_array_find (presets, sesame_presets_lookup ("generic"), &generic));
  adw_combo_row_set_selected (child (window, "preset_row"), generic);
  wait_ms (100);
  assert_choice_whole (child (window, "preset_row"), "OpenID Connect provider",
                       "preset-choices-narrow");

  adw_combo_row_set_selected (child (window, "browser_row"), 1);
  gtk_widget_grab_focus (child (window, "browser_row"));
  wait_ms (100);
  assert_choice_whole (child (window, "browser_row"), "A Window Inside Sesame",
                       "browser-choices-narrow");
  close_preferences (window);
}

static void
test_screenshots (void)
{
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfileStore) store = store_with_profile ("Example Provider", &profile);
  SesamePreferencesWindow *window;
  AdwMessageDialog *dialog;
  gboolean stored = FALSE;

  store_tokens (profile);
  sesame_secrets_store_client_secret_async (sesame_profile_get_id (profile), "Example Provider",
                                            "s3cret", NULL, on_secret_stored, &stored);
  wait_until (is_true, &stored, WAIT_SECONDS, "the keyring to store the client secret");
  window = sesame_preferences_window_new (NULL, store, profile);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 780);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (tokens_page_settled, window, WAIT_SECONDS, "the Tokens page to settle");
  screenshot_light_and_dark ("settings");
  scroll_to_end (window);
  screenshot_light_and_dark ("settings-end");

  gtk_editable_set_text (child (window, "token_row"), "http://auth.example.test/token");
  gtk_editable_set_text (child (window, "client_id_row"), "");
  screenshot_light_and_dark ("settings-errors");
  gtk_editable_set_text (child (window, "token_row"), TOKEN_ENDPOINT);
  gtk_editable_set_text (child (window, "client_id_row"), "sesame-test");

  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window),
                                           child (window, "tokens_page"));
  screenshot_light_and_dark ("tokens");
  gtk_toggle_button_set_active (
    GTK_TOGGLE_BUTTON (find_descendant (child (window, "tokens_group"), GTK_TYPE_TOGGLE_BUTTON)),
    TRUE);
  screenshot ("tokens-revealed");
  scroll_to_end (window);
  screenshot_light_and_dark ("tokens-end");
  close_preferences (window);

  window = sesame_preferences_window_new (NULL, store, profile);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 740);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (tokens_page_settled, window, WAIT_SECONDS, "the Tokens page to settle");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  screenshot_light_and_dark ("narrow-settings");
  scroll_to_end (window);
  screenshot ("narrow-settings-end");
  adw_combo_row_set_selected (child (window, "preset_row"), 0);
  screenshot ("narrow-preset");
  adw_combo_row_set_selected (child (window, "preset_row"), sesame_presets_get_all ()->len);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window),
                                           child (window, "tokens_page"));
  screenshot_light_and_dark ("narrow-tokens");

  gtk_widget_activate_action (GTK_WIDGET (window), "prefs.sign-out", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  screenshot ("narrow-sign-out");
  adw_message_dialog_response (dialog, "sign-out");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_until (tokens_page_settled, window, WAIT_SECONDS, "the Tokens page to settle");
  screenshot_light_and_dark ("narrow-signed-out");
  close_preferences (window);
}

/* A session bus with nothing on it and nothing to start: no Secret Service at all. */
static GSubprocess *
start_bare_bus (char **address)
{
  g_autofree char *config = g_build_filename (home, "bare-bus.conf", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *bus;

  g_assert_true (g_file_set_contents (config,
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>"
    "<auth>EXTERNAL</auth><policy context=\"default\"><allow send_destination=\"*\"/>"
    "<allow receive_sender=\"*\"/><allow own=\"*\"/></policy></busconfig>\n", -1, NULL));
  bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "dbus-daemon", "--nofork",
                          "--print-address=1", "--config-file", config, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
  *address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*address);
  return bus;
}

/* Without a Secret Service the page says why, in words, and nothing crashes. */
static void
test_no_keyring (void)
{
  g_autoptr(GSubprocess) bus = NULL;
  g_autofree char *address = NULL;
  gint64 limit = waits_limit (WAIT_SECONDS);

  if (g_test_subprocess ())
    {
      g_autoptr(SesameProfile) profile = NULL;
      g_autoptr(SesameProfileStore) store = store_with_profile ("No Keyring", &profile);
      SesamePreferencesWindow *window = open_window (store, profile);

      wait_until (tokens_page_settled, window, WAIT_SECONDS, "the Tokens page to settle");
      adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window),
                                               child (window, "tokens_page"));
      screenshot ("no-keyring");
      g_print ("title: %s\n", gtk_label_get_text (child (window, "status_title")));
      g_print ("description: %s\n", gtk_label_get_text (child (window, "status_description")));
      close_preferences (window);
      return;
    }

  bus = start_bare_bus (&address);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);  /* no accessibility bus there either */
  g_test_trap_subprocess (NULL, limit == G_MAXINT64 ? 0 : (guint64) limit,
                          G_TEST_SUBPROCESS_DEFAULT);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring_address, TRUE);
  g_unsetenv ("GTK_A11Y");
  g_subprocess_force_exit (bus);
  g_subprocess_wait (bus, NULL, NULL);

  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*title: The Tokens Cannot Be Read*");
  g_test_trap_assert_stdout ("*description: The keyring*");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(Keyring) keyring = NULL;
  g_autoptr(GFile) tree = NULL;
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  gboolean subprocess = FALSE;
  int status;

  for (int i = 1; i < argc; i++)
    subprocess |= g_str_equal (argv[i], "--GTestSubprocess");
  if (!subprocess)
    {
      home = g_dir_make_tmp ("sesame-preferences-XXXXXX", NULL);
      g_setenv ("HOME", home, TRUE);
      g_setenv ("XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
      g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
      g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
      g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
      /* Before GTK starts: the session bus it connects to is the private keyring's. */
      keyring = keyring_start (home);
      keyring_address = keyring->address;
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring_address, TRUE);
    }
  else
    home = g_strdup (g_getenv ("HOME"));

  gtk_test_init (&argc, &argv, NULL);
  waits_init ();
  adw_init ();

  g_test_add_func ("/sesame/preferences/invalid-not-saved", test_invalid_not_saved);
  g_test_add_func ("/sesame/preferences/rename-and-save-on-close", test_rename_and_save_on_close);
  g_test_add_func ("/sesame/preferences/preset", test_preset);
  g_test_add_func ("/sesame/preferences/remove", test_remove);
  g_test_add_func ("/sesame/preferences/tokens/not-signed-in", test_not_signed_in);
  g_test_add_func ("/sesame/preferences/tokens/sign-out", test_tokens_and_sign_out);
  g_test_add_func ("/sesame/preferences/tokens/copy", test_tokens_copy);
  g_test_add_func ("/sesame/preferences/tokens/no-keyring", test_no_keyring);
  g_test_add_func ("/sesame/preferences/sign-in-with", test_sign_in_with);
  g_test_add_func ("/sesame/preferences/whole-choices", test_whole_choices);
  g_test_add_func ("/sesame/preferences/screenshots", test_screenshots);

  status = g_test_run ();

  if (!subprocess)
    {
      g_clear_pointer (&keyring, keyring_stop);
      tree = g_file_new_for_path (home);
      delete_tree (tree);
      if (address != NULL)
        g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
    }
  g_free (home);
  return status;
}
