/* floor-window.c - the start-up and memory floor for build-aux/bench
 *
 * The least a libadwaita app can do: an AdwApplication whose window (a header bar and a
 * status page, the size of Sesame's) is drawn once. With SESAME_BENCH_FIRST_FRAME set it
 * reports its first frame exactly as Sesame does ("first-frame MICROSECONDS" on stderr,
 * CLOCK_MONOTONIC, after the frame clock's first after-paint) and quits if it is "exit".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <time.h>

#include <adwaita.h>

static void
on_first_frame (GdkFrameClock *clock,
                GtkWidget     *window)
{
  const char *mode = g_getenv ("SESAME_BENCH_FIRST_FRAME");
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  fprintf (stderr, "first-frame %lld\n", (long long) now.tv_sec * 1000000 + now.tv_nsec / 1000);
  fflush (stderr);
  g_signal_handlers_disconnect_by_func (clock, on_first_frame, window);
  if (g_strcmp0 (mode, "exit") == 0)
    g_application_quit (g_application_get_default ());
}

static void
on_realize (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_first_frame), window, 0);
}

static void
on_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Floor");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-password-symbolic");
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 860, 600);
  gtk_window_set_title (GTK_WINDOW (window), "Floor");
  if (g_getenv ("SESAME_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.sesame.BenchFloor",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
