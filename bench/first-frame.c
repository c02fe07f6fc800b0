/* first-frame.c - when a window is first drawn, for build-aux/bench
 *
 * Preloaded (LD_PRELOAD) into the program measured, Sesame's sesame-app or the floor
 * window, so that neither carries a hook for the benchmark. It wraps gtk_window_present():
 * the first window presented prints "first-frame MICROSECONDS" on stderr (CLOCK_MONOTONIC)
 * once the frame clock has painted it. With SESAME_BENCH_FIRST_FRAME=exit the application
 * then quits; with "sign-in" the window's win.sign-in action is activated, as the Sign In
 * button would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

#include <gtk/gtk.h>

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
  else if (g_strcmp0 (mode, "sign-in") == 0)
    gtk_widget_activate_action (window, "win.sign-in", NULL);
}

static void
on_realize (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_first_frame), window, 0);
}

void
gtk_window_present (GtkWindow *window)
{
  static void (*present) (GtkWindow *window);
  static gboolean watched;

  if (present == NULL)
    present = (void (*) (GtkWindow *)) dlsym (RTLD_NEXT, "gtk_window_present");
  if (!watched)
    {
      watched = TRUE;
      g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
    }
  present (window);
}
