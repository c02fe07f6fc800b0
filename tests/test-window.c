/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sesame-application.h"
#include "sesame-window-private.h"
#include "waits.h"
#include "window-helpers.h"

static void
test_window_maps (void)
{
  g_autoptr(SesameApplication) app = sesame_application_new ();
  SesameWindow *window;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = sesame_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Sesame");
  /* Its icon (for About), installed or not. */
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (
                                            gtk_widget_get_display (GTK_WIDGET (window))),
                                          "io.github.sesame.Sesame"));
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

/* With no profiles, the window builds its welcome page only: the other pages and the main
 * menu are built when they are first needed, and then work as before.
 */
static void
test_built_on_demand (void)
{
  const char *pages[] = { "signed-out", "waiting", "signed-in", "error" };
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Broken");
  SesameWindow *window = sesame_window_new (NULL);
  GtkStack *stack = _sesame_window_get_part (window, "stack");
  GMenuModel *main_menu = _sesame_window_get_part (window, "main_menu");

  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);

  g_assert_cmpstr (_sesame_window_get_page (window), ==, "welcome");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    g_assert_null (gtk_stack_get_child_by_name (stack, pages[i]));
  g_assert_null (_sesame_window_get_part (window, "error_label"));
  g_assert_null (gtk_menu_button_get_popover (menu_button (window)));

  _sesame_window_show_error (window, "Test Failure", error);
  g_assert_cmpstr (_sesame_window_get_page (window), ==, "error");
  g_assert_cmpstr (adw_status_page_get_title (_sesame_window_get_part (window, "error_page")), ==,
                   "Test Failure");
  g_assert_cmpstr (label_text (window, "error_label"), ==, "Broken");
  g_assert_null (gtk_stack_get_child_by_name (stack, "waiting"));

  /* As a click or F10 (the main menu is the primary menu) does. */
  g_assert_true (gtk_menu_button_get_primary (menu_button (window)));
  gtk_menu_button_popup (menu_button (window));
  g_assert_true (gtk_menu_button_get_menu_model (menu_button (window)) == main_menu);
  g_assert_true (gtk_widget_get_visible (
    GTK_WIDGET (gtk_menu_button_get_popover (menu_button (window)))));
  gtk_menu_button_popdown (menu_button (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("sesame-test-window-XXXXXX", NULL);

  /* No profiles: the window shows its welcome page. */
  g_assert_nonnull (home);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  waits_init ();
  adw_init ();

  g_test_add_func ("/sesame/window/maps", test_window_maps);
  g_test_add_func ("/sesame/window/shortcuts-on-demand", test_shortcuts_on_demand);
  g_test_add_func ("/sesame/window/built-on-demand", test_built_on_demand);

  return g_test_run ();
}
