/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sesame-application.h"
#include "sesame-window.h"

static void
test_window_maps (void)
{
  g_autoptr(SesameApplication) app = sesame_application_new ();
  SesameWindow *window;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = sesame_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Sesame");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The shortcuts window is built when it is asked for, not with the window. */
static void
test_shortcuts_on_demand (void)
{
  g_autoptr(SesameApplication) app = sesame_application_new ();
  g_auto(GStrv) accels = NULL;
  GtkApplicationWindow *window;
  GtkShortcutsWindow *overlay;
  g_autoptr(GError) error = NULL;

  /* An id of its own: the first test's app may still hold its name and object paths. */
  g_application_set_application_id (G_APPLICATION (app), "io.github.sesame.Sesame.TestShortcuts");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = GTK_APPLICATION_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_null (gtk_application_window_get_help_overlay (window));
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (window);
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sesame/window/maps", test_window_maps);
  g_test_add_func ("/sesame/window/shortcuts-on-demand", test_shortcuts_on_demand);

  return g_test_run ();
}
