/* test-device-window.c
 *
 * The window's sign-in on another device (RFC 8628) against the fake provider, whose
 * answers each test scripts: the page (the code, the address, its QR code read back by
 * zbarimg from the rendered widget in light and dark style, the countdown, Copy), the
 * tokens stored and the signed-in page, a refusal and an expired code with Try Again, and
 * Cancel in the middle of polling. The real provider and the scripted user agent do the
 * same end to end in tests/test-ui.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fake-provider.h"
#include "keyring.h"
#include "runner.h"
#include "sesame-qr-code-view.h"
#include "ui-helpers.h"
#include "waits.h"
#include "window-helpers.h"

#define USER_CODE "WDJB-MJHT"

static char *home;
static FakeProvider *fake;

static const char *
page_text (SesameWindow *window,
           const char   *id)
{
  return gtk_label_get_text (device_part (window, id));
}

/* Pictures taken at scale 2 (GDK_SCALE, the device-window-scale-2 test) are kept apart. */
static char *
shot_name (const char *name)
{
  const char *scale = g_getenv ("GDK_SCALE");

  return scale != NULL && !g_str_equal (scale, "1") ? g_strdup_printf ("%s-scale-%s", name, scale)
                                                     : g_strdup (name);
}

static void
screenshot (const char *name)
{
  g_autofree char *full = shot_name (name);

  take_screenshot (full);
}

/* The device endpoint's answer; the complete URI carries the code, as providers do. */
static void
answer_device (const char *user_code)
{
  g_autofree char *verify = fake_provider_get_uri (fake, "/verify");
  g_autofree char *body = g_strdup_printf ("{\"device_code\":\"dc-%u\",\"user_code\":\"%s\","
                                           "\"verification_uri\":\"%s\","
                                           "\"verification_uri_complete\":\"%s?user_code=%s\","
                                           "\"expires_in\":600,\"interval\":1}",
                                           g_random_int (), user_code, verify, verify,
                                           user_code);

  fake_provider_set_answer (fake, "/device", SOUP_STATUS_OK, "application/json", body);
}

static void
answer_token_error (const char *code)
{
  g_autofree char *json = g_strdup_printf ("{\"error\":\"%s\"}", code);

  fake_provider_set_answer (fake, "/token", SOUP_STATUS_BAD_REQUEST, "application/json", json);
}

static void
answer_tokens (void)
{
  fake_provider_set_answer (fake, "/token", SOUP_STATUS_OK, "application/json",
                            "{\"access_token\":\"device-access-7\",\"token_type\":\"Bearer\","
                            "\"expires_in\":3600}");
}

static void
add_device_profile (const char *name)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameProfile) profile = sesame_profile_new (name);
  g_autoptr(GError) error = NULL;

  sesame_profile_store_load (store, &error);
  g_assert_no_error (error);
  sesame_profile_set_issuer (profile, fake_provider_get_issuer (fake));
  sesame_profile_set_client_id (profile, "sesame-device");
  sesame_profile_set_scope (profile, "profile");
  sesame_profile_set_sign_in_method (profile, SESAME_SIGN_IN_DEVICE);
  sesame_profile_store_add (store, profile, &error);
  g_assert_no_error (error);
}

static SesameWindow *
open_window (const char *profile)
{
  SesameWindow *window = sesame_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  g_assert_true (_sesame_window_select_profile (window, profile));
  wait_for_page (window, "signed-out");
  return window;
}

static void
sign_in_to_code (SesameWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_until (shows_device_code, window, WAIT_SECONDS, "the device page to show the code");
  if (g_getenv ("GDK_SCALE") != NULL)
    g_assert_cmpint (gtk_widget_get_scale_factor (GTK_WIDGET (window)), ==,
                     atoi (g_getenv ("GDK_SCALE")));
}

static SesameTokenSet *
stored_tokens (SesameWindow *window)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SesameTokenSet *tokens;

  sesame_secrets_lookup_tokens_async (sesame_profile_get_id (_sesame_window_get_profile (window)),
                                      NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the keyring's answer");
  tokens = sesame_secrets_lookup_tokens_finish (result, &error);
  g_assert_no_error (error);
  return tokens;
}

/* The QR code as the window draws it, read back by zbarimg. */
static char *
read_qr_code (SesameWindow *window,
              const char   *name)
{
  g_autoptr(GdkTexture) texture = render_widget (device_part (window, "qr_view"));
  g_autofree char *full = shot_name (name);
  g_autofree char *path = save_texture (texture, full);

  return zbar_decode (path);
}

static gboolean
has_tokens (gpointer data)
{
  return _sesame_window_get_tokens (data) != NULL;
}

static gboolean
countdown_moved (gpointer data)
{
  SesameWindow *window = data;
  const char *first = g_object_get_data (G_OBJECT (window), "first-countdown");

  return g_strcmp0 (page_text (window, "countdown_label"), first) != 0;
}

/* The page while the provider says authorization_pending, then the tokens. */
static void
test_sign_in (void)
{
  SesameWindow *window;
  g_autofree char *verify = fake_provider_get_uri (fake, "/verify");
  g_autofree char *complete = g_strconcat (verify, "?user_code=" USER_CODE, NULL);
  g_autofree char *read = NULL;
  g_autofree char *read_dark = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  const char *countdown;

  add_device_profile ("Device");
  answer_device (USER_CODE);
  answer_token_error ("authorization_pending");
  window = open_window ("Device");
  sign_in_to_code (window);

  /* The code to type, the address to type it at, and the address with the code in it
   * for the link and the QR code. */
  g_assert_cmpstr (page_text (window, "user_code_label"), ==, USER_CODE);
  g_assert_cmpstr (page_text (window, "link_label"), ==, verify);
  g_assert_cmpstr (gtk_link_button_get_uri (device_part (window, "link_button")), ==, complete);
  g_assert_false (gtk_label_get_use_markup (device_part (window, "user_code_label")));
  g_assert_false (gtk_label_get_use_markup (device_part (window, "link_label")));
  countdown = page_text (window, "countdown_label");
  g_assert_true (g_str_has_prefix (countdown, "Code expires in 9:") ||
                 g_str_equal (countdown, "Code expires in 10:00"));
  g_object_set_data_full (G_OBJECT (window), "first-countdown", g_strdup (countdown), g_free);
  wait_until (countdown_moved, window, WAIT_SECONDS, "the countdown to go on");
  g_assert_true (gtk_spinner_get_spinning (device_part (window, "spinner")));

  wait_until (device_page_at_rest, window, WAIT_SECONDS, "the device page to be still");
  set_dark (FALSE);
  read = read_qr_code (window, "device-qr-code");
  g_assert_cmpstr (read, ==, complete);
  screenshot ("device");
  set_dark (TRUE);
  read_dark = read_qr_code (window, "device-qr-code-dark");
  g_assert_cmpstr (read_dark, ==, complete);
  screenshot ("device-dark");
  set_dark (FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  screenshot ("device-narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);

  /* Copy puts the code alone on the clipboard. */
  g_assert_true (gtk_widget_activate_action (_sesame_window_get_part (window, "device_page"),
                                             "device.copy-code", NULL));
  copied = read_clipboard_text (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  g_assert_cmpstr (copied, ==, USER_CODE);

  /* Still waiting, the window answers; then the other device approves. */
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/token"), >=, 1);
  g_assert_cmpstr (_sesame_window_get_page (window), ==, "device");
  answer_tokens ();
  wait_for_page (window, "signed-in");
  wait_until (has_tokens, window, WAIT_SECONDS, "the window's tokens");
  g_assert_cmpstr (sesame_token_set_get_access_token (_sesame_window_get_tokens (window)), ==,
                   "device-access-7");
  g_assert_cmpstr (fake_provider_get_last_request (fake)->path, !=, "/device");
  wait_ms (300);
  tokens = stored_tokens (window);
  g_assert_nonnull (tokens);
  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "device-access-7");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Refused on the other device, or the code expired: said so, and Try Again asks the
 * provider for a new code. */
static void
check_final_error (const char *profile,
                   const char *error,
                   const char *title,
                   const char *message,
                   const char *picture)
{
  SesameWindow *window;
  guint asked;
  g_autoptr(SesameTokenSet) tokens = NULL;

  add_device_profile (profile);
  answer_device (USER_CODE);
  answer_token_error (error);
  window = open_window (profile);
  asked = fake_provider_get_n_requests (fake, "/device");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in", NULL));
  wait_for_page (window, "error");
  g_assert_cmpstr (adw_status_page_get_title (_sesame_window_get_part (window, "error_page")), ==,
                   title);
  g_assert_cmpstr (label_text (window, "error_label"), ==, message);
  if (picture != NULL)
    {
      g_autofree char *dark = g_strconcat (picture, "-dark", NULL);

      screenshot (picture);
      set_dark (TRUE);
      screenshot (dark);
      set_dark (FALSE);
    }
  tokens = stored_tokens (window);
  g_assert_null (tokens);

  /* Try Again: a new device request, and the new code shown. */
  answer_device ("NEWC-ODE2");
  answer_token_error ("authorization_pending");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.try-again", NULL));
  wait_until (shows_device_code, window, WAIT_SECONDS, "the device page to show the new code");
  g_assert_cmpstr (page_text (window, "user_code_label"), ==, "NEWC-ODE2");
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/device"), ==, asked + 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-sign-in", NULL));
  wait_for_page (window, "signed-out");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_denied (void)
{
  check_final_error ("Refused", "access_denied", "Sign-in Refused",
                     "Sign-in was refused on the other device.", "device-refused");
}

static void
test_expired (void)
{
  check_final_error ("Expired", "expired_token", "The Code Expired",
                     "The code expired before sign-in was approved. Try again for a new code.",
                     NULL);
}

/* The code is the provider's: markup in it is shown as the characters it is. */
static void
test_plain_text (void)
{
  const char *hostile = "<b>AB&amp;CD</b>";
  SesameWindow *window;

  add_device_profile ("Markup");
  answer_device (hostile);
  answer_token_error ("authorization_pending");
  window = open_window ("Markup");
  sign_in_to_code (window);
  g_assert_cmpstr (page_text (window, "user_code_label"), ==, hostile);
  g_assert_cmpstr (gtk_label_get_label (device_part (window, "user_code_label")), ==, hostile);
  g_assert_false (gtk_label_get_use_markup (device_part (window, "user_code_label")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-sign-in", NULL));
  wait_for_page (window, "signed-out");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
polled_more (gpointer data)
{
  return fake_provider_get_n_requests (fake, "/token") > GPOINTER_TO_UINT (data);
}

/* Cancel in the middle of polling: the signed-out page at once, and no more polling. */
static void
test_cancel (void)
{
  SesameWindow *window;
  guint polled;

  add_device_profile ("Cancelled");
  answer_device (USER_CODE);
  answer_token_error ("authorization_pending");
  window = open_window ("Cancelled");
  sign_in_to_code (window);
  polled = fake_provider_get_n_requests (fake, "/token");
  wait_until (polled_more, GUINT_TO_POINTER (polled), WAIT_SECONDS, "a poll");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-sign-in", NULL));
  /* The page goes back once the keyring says there are no tokens, as for the code flow. */
  wait_for_page (window, "signed-out");
  g_assert_false (gtk_spinner_get_spinning (device_part (window, "spinner")));
  polled = fake_provider_get_n_requests (fake, "/token");
  /* Two intervals of the provider's 1 s: a poll that still ran would be seen. */
  wait_ms (2500);
  g_assert_cmpuint (fake_provider_get_n_requests (fake, "/token"), ==, polled);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(Keyring) keyring = NULL;
  int status;

  home = g_dir_make_tmp ("sesame-device-window-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  waits_init ();
  adw_init ();
  fake = fake_provider_new ();

  g_test_add_func ("/sesame/device-window/sign-in", test_sign_in);
  g_test_add_func ("/sesame/device-window/denied", test_denied);
  g_test_add_func ("/sesame/device-window/expired", test_expired);
  g_test_add_func ("/sesame/device-window/cancel", test_cancel);
  g_test_add_func ("/sesame/device-window/plain-text", test_plain_text);

  status = g_test_run ();
  fake_provider_free (fake);
  g_clear_pointer (&keyring, keyring_stop);
  remove_tree (home);
  return status;
}
