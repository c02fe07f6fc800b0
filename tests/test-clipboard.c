/* test-clipboard.c
 *
 * Secrets on the clipboard under Xvfb (sesame-clipboard.c): offered with the
 * x-kde-passwordManagerHint type beside the text, cleared after the delay of the setting,
 * never when it is Never, left alone when someone else copied meanwhile, and cleared
 * when the app quits; the preference that sets the delay.
 *
 * "Someone else" is another client of the X server, as another program would be. Two
 * connections are opened by the test besides the app's: one in plain Xlib reads the
 * clipboard as a clipboard manager does (TARGETS, then a target's bytes; GTK would not
 * list a type without a '/', such as the hint), and one through GDK takes the clipboard
 * as another GTK program would. Neither reads Sesame's memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

#include "a11y-check.h"
#include "keyring.h"
#include "sesame-app-preferences-window.h"
#include "sesame-application.h"
#include "sesame-clipboard.h"
#include "ui-helpers.h"
#include "waits.h"
#include "window-helpers.h"

#define SECRET "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2lnbmF0dXJl"
#define TEXT_MIME "text/plain;charset=utf-8"

static char *home;
static GdkDisplay *other_display;   /* another X client, through GDK */
static GSettings *settings;

/* Another X client, in plain Xlib: a clipboard manager's view. */
static struct
{
  Display *display;
  Window   window;
  Atom     clipboard;
  Atom     property;
} x;

/* Helpers ---------------------------------------------------------------------------- */

static GdkClipboard *
other_clipboard (void)
{
  return gdk_display_get_clipboard (other_display);
}

static void
set_clear_seconds (guint seconds)
{
  g_assert_true (g_settings_set_uint (settings, SESAME_CLIPBOARD_CLEAR_KEY, seconds));
}

static GtkWidget *
open_plain_window (void)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  return window;
}

/* Another program asks the clipboard's owner for @target (over X, as xclip -o -t does).
 * Returns its bytes, or NULL when the owner refuses or there is no owner; with @type, the
 * X type they come as. Format 32 data (TARGETS) comes as an array of Atom. */
typedef struct
{
  XSelectionEvent event;
  gboolean        done;
} XNotify;

static gboolean
x_notified (gpointer data)
{
  XNotify *notify = data;

  while (!notify->done && XPending (x.display) > 0)
    {
      XEvent event;

      XNextEvent (x.display, &event);
      if (event.type == SelectionNotify && event.xselection.requestor == x.window)
        {
          notify->event = event.xselection;
          notify->done = TRUE;
        }
    }
  return notify->done;
}

static GBytes *
x_read (const char *target)
{
  XNotify notify = { { 0 } };
  g_autofree char *what = g_strdup_printf ("the clipboard owner's answer for %s", target);
  Atom type = None;
  int format = 0;
  unsigned long n_items = 0, after = 0;
  unsigned char *data = NULL;
  GBytes *bytes;
  gsize size;

  XConvertSelection (x.display, x.clipboard, XInternAtom (x.display, target, False),
                     x.property, x.window, CurrentTime);
  XFlush (x.display);
  /* The owner is this very process: its main loop must run to answer. */
  wait_until (x_notified, &notify, WAIT_SECONDS, what);
  if (notify.event.property == None)
    return NULL;
  if (XGetWindowProperty (x.display, x.window, x.property, 0, G_MAXINT32 / 4, True,
                          AnyPropertyType, &type, &format, &n_items, &after, &data) != Success)
    return NULL;
  size = format == 32 ? n_items * sizeof (long) : n_items * (format / 8);
  bytes = g_bytes_new (data, size);
  XFree (data);
  return bytes;
}

static char *
x_read_string (const char *target)
{
  g_autoptr(GBytes) bytes = x_read (target);
  gsize size = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}

/* The targets the owner offers, as "NAME NAME …" with a space after each; "" when none. */
static char *
x_targets (void)
{
  g_autoptr(GBytes) bytes = x_read ("TARGETS");
  GString *names = g_string_new (NULL);
  gsize size = 0;
  const Atom *atoms;

  if (bytes == NULL)
    return g_string_free (names, FALSE);
  atoms = g_bytes_get_data (bytes, &size);
  for (gsize i = 0; i < size / sizeof (Atom); i++)
    {
      char *name = atoms[i] != None ? XGetAtomName (x.display, atoms[i]) : NULL;

      if (name != NULL)
        g_string_append_printf (names, "%s ", name);
      XFree (name);
    }
  return g_string_free (names, FALSE);
}

static gboolean
x_offers (const char *target)
{
  g_autofree char *targets = x_targets ();
  g_autofree char *needle = g_strdup_printf (" %s ", target);
  g_autofree char *haystack = g_strconcat (" ", targets, NULL);

  return strstr (haystack, needle) != NULL;
}

static void
x_open (void)
{
  x.display = XOpenDisplay (NULL);
  g_assert_nonnull (x.display);
  x.window = XCreateSimpleWindow (x.display, DefaultRootWindow (x.display), 0, 0, 1, 1, 0, 0, 0);
  x.clipboard = XInternAtom (x.display, "CLIPBOARD", False);
  x.property = XInternAtom (x.display, "SESAME_TEST_READ", False);
}

/* Any text target of X11 or GTK's, or the hint. */
static gboolean
x_offers_text (void)
{
  return x_offers ("UTF8_STRING") || x_offers ("STRING") || x_offers ("TEXT") ||
         x_offers ("COMPOUND_TEXT") || x_offers (TEXT_MIME) || x_offers ("text/plain") ||
         x_offers (SESAME_CLIPBOARD_HINT_TYPE);
}

static gboolean
offered (gpointer data)
{
  return x_offers (data);
}

static gboolean
no_text_offered (gpointer data)
{
  return !x_offers_text ();
}

/* What another program sees offered, as the owner answers TARGETS (bounded). */
static void
wait_until_offered (const char *target)
{
  g_autofree char *what = g_strdup_printf ("another X client to see %s offered", target);

  wait_until (offered, (gpointer) target, WAIT_SECONDS, what);
}

static void
wait_until_cleared (void)
{
  wait_until (no_text_offered, NULL, WAIT_SECONDS,
              "another X client to find no text on the clipboard");
}

typedef struct
{
  GMemoryOutputStream *sink;
  GError              *error;
  gboolean             done;
} Read;

static void
on_spliced (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Read *read = user_data;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &read->error);
  read->done = TRUE;
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Read *read = user_data;
  g_autoptr(GInputStream) stream = NULL;

  stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (object), result, NULL, &read->error);
  if (stream == NULL)
    {
      read->done = TRUE;
      return;
    }
  /* Asynchronously: the data comes in events of this very main loop. */
  g_output_stream_splice_async (G_OUTPUT_STREAM (read->sink), stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                  G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, on_spliced, read);
}

/* The bytes @clipboard gives for @mime_type, as a string; NULL, with the error in @error,
 * when it gives none. */
static char *
read_mime (GdkClipboard *clipboard,
           const char   *mime_type,
           GError      **error)
{
  const char *mime_types[] = { mime_type, NULL };
  Read read = { G_MEMORY_OUTPUT_STREAM (g_memory_output_stream_new_resizable ()) };
  g_autofree char *what = g_strdup_printf ("the clipboard's %s", mime_type);
  char *data = NULL;

  gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT, NULL, on_read, &read);
  wait_for_flag (&read.done, what);
  if (read.error == NULL)
    data = g_strndup (g_memory_output_stream_get_data (read.sink),
                      g_memory_output_stream_get_data_size (read.sink));
  else
    g_propagate_error (error, read.error);
  g_object_unref (read.sink);
  return data;
}

static gboolean
not_pending (gpointer data)
{
  return !_sesame_clipboard_clearing_pending (data);
}

static gboolean
not_local (gpointer data)
{
  return !gdk_clipboard_is_local (data);
}

/* Tests ------------------------------------------------------------------------------ */

/* Another program sees the text and, beside it, the hint with the bytes "secret". */
static void
test_hint_offered (void)
{
  GtkWidget *window = open_plain_window ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *text = NULL;
  g_autofree char *local_hint = NULL;
  g_autofree char *gtk_text = NULL;

  set_clear_seconds (60);
  message = sesame_clipboard_copy_secret (window, SECRET, "Access token copied");
  g_assert_cmpstr (message, ==, "Access token copied; the clipboard will be cleared in 1 minute");
  g_assert_true (_sesame_clipboard_holds_secret (clipboard));
  g_assert_true (_sesame_clipboard_clearing_pending (clipboard));

  /* In Sesame's own process... */
  g_assert_true (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard),
                                                        SESAME_CLIPBOARD_HINT_TYPE));
  g_assert_true (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard),
                                                        TEXT_MIME));
  local_hint = read_mime (clipboard, SESAME_CLIPBOARD_HINT_TYPE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (local_hint, ==, "secret");

  /* ... and over X, as a clipboard manager reads it: the hint beside the text targets. */
  wait_until_offered (SESAME_CLIPBOARD_HINT_TYPE);
  g_assert_true (x_offers (TEXT_MIME));
  g_assert_true (x_offers ("UTF8_STRING"));
  hint = x_read_string (SESAME_CLIPBOARD_HINT_TYPE);
  g_assert_cmpstr (hint, ==, "secret");
  text = x_read_string ("UTF8_STRING");
  g_assert_cmpstr (text, ==, SECRET);
  /* Another GTK program reads the text as ever. */
  gtk_text = read_clipboard_text (other_clipboard ());
  g_assert_cmpstr (gtk_text, ==, SECRET);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* After the delay, nothing of it is left for another program to read. */
static void
test_cleared_after_delay (void)
{
  GtkWidget *window = open_plain_window ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (window);
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  set_clear_seconds (1);
  message = sesame_clipboard_copy_secret (window, SECRET, "Access token copied");
  g_assert_cmpstr (message, ==, "Access token copied; the clipboard will be cleared in 1 second");
  wait_until_offered ("UTF8_STRING");

  waits_step ("waiting for the clearing, 1 s after the copy");
  wait_until (not_pending, clipboard, WAIT_SECONDS, "the clearing to happen");
  g_assert_false (_sesame_clipboard_holds_secret (clipboard));
  g_assert_null (gdk_clipboard_get_content (clipboard));
  wait_until_cleared ();
  g_assert_null (x_read ("UTF8_STRING"));
  text = read_clipboard_text (other_clipboard ());
  g_assert_null (text);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Another program copies before the delay ends: its text stays, and Sesame never reads it. */
static void
test_other_owner_left_alone (void)
{
  GtkWidget *window = open_plain_window ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (window);
  g_autofree char *message = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *seen_by_them = NULL;

  set_clear_seconds (1);
  message = sesame_clipboard_copy_secret (window, SECRET, "Access token copied");
  wait_until_offered (SESAME_CLIPBOARD_HINT_TYPE);

  gdk_clipboard_set_text (other_clipboard (), "someone else’s text");
  wait_until (not_local, clipboard, WAIT_SECONDS,
              "Sesame to lose the clipboard to the other client");
  g_assert_false (_sesame_clipboard_holds_secret (clipboard));
  /* The clearing, due 1 s after the copy, has happened or been called off. */
  wait_until (not_pending, clipboard, WAIT_SECONDS, "the clearing to be done or called off");

  theirs = read_clipboard_text (clipboard);
  g_assert_cmpstr (theirs, ==, "someone else’s text");
  g_assert_true (gdk_clipboard_is_local (other_clipboard ()));
  seen_by_them = x_read_string ("UTF8_STRING");
  g_assert_cmpstr (seen_by_them, ==, "someone else’s text");
  g_assert_false (x_offers (SESAME_CLIPBOARD_HINT_TYPE));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Sesame itself copies something that is no secret (a redirect URI): that stays too. */
static void
test_own_plain_copy_left_alone (void)
{
  GtkWidget *window = open_plain_window ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (window);
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  set_clear_seconds (1);
  message = sesame_clipboard_copy_secret (window, SECRET, "Access token copied");
  gdk_clipboard_set_text (clipboard, "http://127.0.0.1/callback");
  g_assert_false (_sesame_clipboard_holds_secret (clipboard));
  wait_until (not_pending, clipboard, WAIT_SECONDS, "the clearing to be done or called off");
  g_assert_false (x_offers (SESAME_CLIPBOARD_HINT_TYPE));
  text = x_read_string ("UTF8_STRING");
  g_assert_cmpstr (text, ==, "http://127.0.0.1/callback");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Never: no clearing is planned, and the toast says no more than "copied". A copy with
 * Never after one with a delay calls the earlier clearing off: a new copy restarts it. */
static void
test_never (void)
{
  GtkWidget *window = open_plain_window ();
  GdkClipboard *clipboard = gtk_widget_get_clipboard (window);
  g_autofree char *first = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  set_clear_seconds (300);
  first = sesame_clipboard_copy_secret (window, "first-" SECRET, "Access token copied");
  g_assert_cmpstr (first, ==, "Access token copied; the clipboard will be cleared in 5 minutes");
  g_assert_true (_sesame_clipboard_clearing_pending (clipboard));

  set_clear_seconds (0);
  message = sesame_clipboard_copy_secret (window, SECRET, "Authorization header copied");
  g_assert_cmpstr (message, ==, "Authorization header copied");
  g_assert_true (_sesame_clipboard_holds_secret (clipboard));
  g_assert_false (_sesame_clipboard_clearing_pending (clipboard));
  wait_until_offered (SESAME_CLIPBOARD_HINT_TYPE);
  text = x_read_string ("UTF8_STRING");
  g_assert_cmpstr (text, ==, SECRET);

  gtk_window_destroy (GTK_WINDOW (window));
  set_clear_seconds (60);
}

/* The real app, run in this process: a secret copied from its window, then the app quits
 * (@how: its Quit action, or the last window closed). Another program then finds the
 * clipboard empty, though the 5 minutes of the delay are far from over.
 */
typedef struct
{
  GApplication *app;
  const char   *how;
  gboolean      copied;
} QuitRun;

static gboolean
copy_then_quit (gpointer data)
{
  QuitRun *run = data;
  GApplication *app = run->app;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *message = NULL;

  wait_for_mapped (window);
  message = sesame_clipboard_copy_secret (GTK_WIDGET (window), SECRET, "Access token copied");
  wait_until_offered (SESAME_CLIPBOARD_HINT_TYPE);
  run->copied = TRUE;
  if (g_str_equal (run->how, "quit"))
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  else
    gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

static void
run_app_and_quit (const char *how)
{
  g_autoptr(SesameApplication) app = sesame_application_new ();
  QuitRun run = { G_APPLICATION (app), how, FALSE };

  /* Another Sesame on the test's bus would take the activation instead. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_idle_add (copy_then_quit, &run);
  waits_step ("the app runs, copies and quits (%s)", how);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (run.copied);

  waits_step ("the app has quit (%s)", how);
  wait_until_cleared ();
  g_assert_null (x_read ("UTF8_STRING"));
}

static void
test_quit_clears (void)
{
  set_clear_seconds (300);
  run_app_and_quit ("quit");
  run_app_and_quit ("last-window");
  set_clear_seconds (60);
}

/* The preference: the four choices, saved at once, and a value set elsewhere shown as
 * it is. */
static gboolean
has_app_preferences (gpointer data)
{
  *(GtkWindow **) data = find_toplevel ("SesameAppPreferencesWindow", TRUE);
  return *(GtkWindow **) data != NULL;
}

static AdwComboRow *
clear_row (gpointer preferences)
{
  return ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                       SESAME_TYPE_APP_PREFERENCES_WINDOW,
                                                       "clear_row"));
}

static char *
choices (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (names, "%s%s|", i == adw_combo_row_get_selected (row) ? "*" : "",
                              gtk_string_object_get_string (item));
    }
  return g_string_free (names, FALSE);
}

/* The change notification comes through the main loop. */
static gboolean
shows_custom_delay (gpointer data)
{
  g_autofree char *names = choices (data);

  return strstr (names, "*After 5 Seconds") != NULL;
}

static void
test_preference (void)
{
  g_autoptr(SesameApplication) app = sesame_application_new ();
  SesameWindow *window;
  GtkWindow *preferences = NULL;
  AdwComboRow *row;
  g_autofree char *initial = NULL;
  g_autofree char *custom = NULL;
  g_autofree char *never = NULL;

  set_clear_seconds (60);
  /* Registered, not run: the window's menu and the app's action, as the user finds them. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = sesame_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 620);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  gtk_menu_button_popup (menu_button (window));
  take_screenshot ("app-preferences-menu");
  gtk_menu_button_popdown (menu_button (window));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  wait_until (has_app_preferences, &preferences, WAIT_SECONDS, "the Preferences window");
  wait_for_mapped (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));
  row = clear_row (preferences);
  initial = choices (row);
  g_assert_cmpstr (initial, ==, "Never|After 30 Seconds|*After 1 Minute|After 5 Minutes|");
  a11y_check_names (preferences, "the app’s Preferences");

  set_dark (FALSE);
  take_screenshot ("app-preferences");
  set_dark (TRUE);
  take_screenshot ("app-preferences-dark");
  set_dark (FALSE);
  gtk_window_set_default_size (preferences, 360, 480);
  take_screenshot ("app-preferences-narrow");

  /* Chosen in the window: saved at once. */
  adw_combo_row_set_selected (row, 1);
  g_assert_cmpuint (g_settings_get_uint (settings, SESAME_CLIPBOARD_CLEAR_KEY), ==, 30);
  adw_combo_row_set_selected (row, 0);
  g_assert_cmpuint (g_settings_get_uint (settings, SESAME_CLIPBOARD_CLEAR_KEY), ==, 0);
  never = choices (row);
  g_assert_cmpstr (never, ==, "*Never|After 30 Seconds|After 1 Minute|After 5 Minutes|");

  /* Set elsewhere (`gsettings set … 5`): shown as it is, not as the nearest choice. */
  set_clear_seconds (5);
  wait_until (shows_custom_delay, row, WAIT_SECONDS, "the row to show the delay set elsewhere");
  custom = choices (row);
  g_assert_cmpstr (custom, ==, "Never|*After 5 Seconds|After 30 Seconds|After 1 Minute|"
                               "After 5 Minutes|");

  gtk_window_destroy (preferences);
  gtk_window_destroy (GTK_WINDOW (window));
  set_clear_seconds (60);
}

/* The toast the window shows after a copy, as it shows it (light, dark, narrow). */
static void
test_toast_screenshots (void)
{
  SesameWindow *window = sesame_window_new (NULL);
  g_autofree char *message = NULL;

  set_clear_seconds (60);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 620);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  message = sesame_clipboard_copy_secret (GTK_WIDGET (window), SECRET, "Access token copied");
  _sesame_window_toast (window, message);
  wait_ms (800);   /* the toast slides in */
  set_dark (FALSE);
  take_screenshot ("clipboard-toast");
  set_dark (TRUE);
  take_screenshot ("clipboard-toast-dark");
  set_dark (FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  _sesame_window_toast (window, message);
  wait_ms (800);
  take_screenshot ("clipboard-toast-narrow");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(Keyring) keyring = NULL;
  g_autofree char *runtime = NULL;
  int status;

  home = g_dir_make_tmp ("sesame-clipboard-XXXXXX", NULL);
  runtime = g_build_filename (home, "runtime", NULL);
  g_mkdir_with_parents (runtime, 0700);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* A bus of the test's own: the app registers on it, and the accessibility check. */
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  g_assert_true (a11y_check_init ());

  gtk_test_init (&argc, &argv, NULL);
  waits_init ();
  adw_init ();
  x_open ();
  other_display = gdk_display_open (NULL);
  g_assert_nonnull (other_display);
  g_assert_true (other_display != gdk_display_get_default ());
  settings = g_settings_new (APP_ID);

  g_test_add_func ("/sesame/clipboard/hint-offered", test_hint_offered);
  g_test_add_func ("/sesame/clipboard/cleared-after-delay", test_cleared_after_delay);
  g_test_add_func ("/sesame/clipboard/other-owner-left-alone", test_other_owner_left_alone);
  g_test_add_func ("/sesame/clipboard/own-plain-copy-left-alone", test_own_plain_copy_left_alone);
  g_test_add_func ("/sesame/clipboard/never", test_never);
  g_test_add_func ("/sesame/clipboard/quit-clears", test_quit_clears);
  g_test_add_func ("/sesame/clipboard/preference", test_preference);
  g_test_add_func ("/sesame/clipboard/toast-screenshots", test_toast_screenshots);

  status = g_test_run ();
  g_clear_object (&settings);
  gdk_display_close (other_display);
  XCloseDisplay (x.display);
  g_clear_pointer (&keyring, keyring_stop);
  return status;
}
