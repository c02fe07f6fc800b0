/* test-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/sesame/window/maps", test_window_maps);

  return g_test_run ();
}
