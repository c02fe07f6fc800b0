/* waits.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "waits.h"

static double scale = -1;
static gint64 started;
static GMutex step_lock;
static char *step;        /* guarded by step_lock */
static char *step_path;   /* the test case it belongs to, guarded by step_lock */

/* The multiplier given to `meson test` (-t N, --timeout-multiplier N or =N), if @argv is
 * such a command line.
 */
static gboolean
multiplier_in (char  **argv,
               double *multiplier)
{
  gboolean meson = FALSE;

  for (guint i = 0; argv[i] != NULL; i++)
    {
      const char *arg = argv[i];
      const char *value = NULL;

      if (g_str_has_suffix (arg, "meson") || g_str_has_suffix (arg, "meson.py"))
        meson = TRUE;
      if (g_str_has_prefix (arg, "--timeout-multiplier="))
        value = arg + strlen ("--timeout-multiplier=");
      else if ((g_str_equal (arg, "-t") || g_str_equal (arg, "--timeout-multiplier")) &&
               argv[i + 1] != NULL)
        value = argv[i + 1];
      if (meson && value != NULL)
        {
          *multiplier = g_ascii_strtod (value, NULL);
          return TRUE;
        }
    }
  return FALSE;
}

static pid_t
parent_of (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  const char *end;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return 0;
  /* ") S PPID …" */
  return (pid_t) strtol (end + 4, NULL, 10);
}

/* Meson does not tell a test its multiplier: it is read off the `meson test` process
 * above this one, whatever wrappers (valgrind, xvfb-run) sit between.
 */
static gboolean
multiplier_of_ancestors (double *multiplier)
{
  for (pid_t pid = getppid (); pid > 1; pid = parent_of (pid))
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/cmdline", (int) pid);
      g_autofree char *cmdline = NULL;
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      gsize length = 0;

      if (!g_file_get_contents (path, &cmdline, &length, NULL))
        return FALSE;
      for (gsize at = 0; at < length; at += strlen (cmdline + at) + 1)
        g_ptr_array_add (argv, cmdline + at);
      g_ptr_array_add (argv, NULL);
      if (multiplier_in ((char **) argv->pdata, multiplier))
        return TRUE;
    }
  return FALSE;
}

double
waits_scale (void)
{
  if (scale < 0)
    {
      const char *env = g_getenv ("SESAME_TEST_TIMEOUT_MULTIPLIER");
      double found = 1;

      if (!multiplier_of_ancestors (&found) && env != NULL)
        found = g_ascii_strtod (env, NULL);
      scale = found >= 0 ? found : 1;
    }
  return scale;
}

gint64
waits_limit (guint seconds)
{
  if (waits_scale () == 0)
    return G_MAXINT64;
  return (gint64) (seconds * waits_scale () * G_USEC_PER_SEC);
}

static void
report (const char *what)
{
  g_autofree char *current = NULL;
  const char *path = g_test_get_path ();

  g_mutex_lock (&step_lock);
  /* A step named in an earlier test case says nothing of this one. */
  if (g_strcmp0 (step_path, path) == 0)
    current = g_strdup (step);
  g_mutex_unlock (&step_lock);

  fflush (stdout);
  printf ("not ok - %s: %s%s%s (%.0f s into the test program)\n",
          path != NULL && *path != '\0' ? path : g_get_prgname (), what,
          current != NULL ? "; step: " : "", current != NULL ? current : "",
          (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  fflush (stdout);
}

void
waits_step (const char *format,
            ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_mutex_lock (&step_lock);
  g_free (step);
  step = text;
  g_free (step_path);
  step_path = g_strdup (g_test_get_path ());
  g_mutex_unlock (&step_lock);
}

void
waits_give_up (const char *format,
               ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  report (what);
  _exit (1);
}

/* Stops the program a little before meson would kill it, saying where it was. */
static gpointer
watchdog (gpointer data)
{
  gint64 limit = GPOINTER_TO_SIZE (data) * G_USEC_PER_SEC;
  g_autofree char *what = g_strdup_printf ("the test program ran out of time (%.0f s)",
                                           limit / (double) G_USEC_PER_SEC);

  g_usleep (limit);
  report (what);
  _exit (1);
  return NULL;
}

void
waits_init (void)
{
  const char *timeout = g_getenv ("SESAME_TEST_TIMEOUT");
  double total;

  started = g_get_monotonic_time ();
  if (timeout == NULL || waits_scale () == 0)
    return;
  total = g_ascii_strtod (timeout, NULL) * waits_scale ();
  total -= MAX (5, total / 10);
  if (total > 0)
    g_thread_unref (g_thread_new ("watchdog", watchdog, GSIZE_TO_POINTER ((gsize) total)));
}

/* Wakes the loop now and then: some waits look at things outside it (files, ports). */
static gboolean
tick (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
wait_until (gboolean   (*done) (gpointer),
            gpointer     data,
            guint        seconds,
            const char  *what)
{
  gint64 limit = waits_limit (seconds);
  gint64 deadline = limit == G_MAXINT64 ? G_MAXINT64 : g_get_monotonic_time () + limit;
  guint tick_id = g_timeout_add (10, tick, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        waits_give_up ("gave up after %.0f s waiting for %s", limit / (double) G_USEC_PER_SEC,
                       what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick_id);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

void
wait_for_pointer (gpointer   *slot,
                  const char *what)
{
  wait_until (pointer_set, slot, WAIT_SECONDS, what);
}

void
keep_result (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

void
wait_for_cleared (gpointer   *slot,
                  const char *what)
{
  wait_until (pointer_cleared, slot, WAIT_SECONDS, what);
}

static gboolean
flag_set (gpointer data)
{
  return g_atomic_int_get ((gint *) data) != 0;
}

void
wait_for_flag (gboolean   *flag,
               const char *what)
{
  wait_until (flag_set, flag, WAIT_SECONDS, what);
}

static gboolean
time_is_up (gpointer data)
{
  return g_get_monotonic_time () >= *(gint64 *) data;
}

void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  wait_until (time_is_up, &end, ms / 1000 + WAIT_SECONDS, "a pause to end");
}
