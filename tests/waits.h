/* waits.h: every wait in a test is bounded, scales with meson's timeout multiplier, and
 * says what it waited for when it gives up
 *
 * The limits come from here alone. A wait's limit is a number of seconds meant for a
 * loaded 2-core machine, multiplied by meson's --timeout-multiplier (read from the `meson
 * test` command line above the test, else from $SESAME_TEST_TIMEOUT_MULTIPLIER, else 1).
 * A wait that gives up, and the watchdog that stops the whole program shortly before
 * meson would kill it ($SESAME_TEST_TIMEOUT, set by tests/meson.build), print a TAP
 * `not ok` line naming the test case and the step it was on, then exit.
 *
 * tests/waits.py is the same for the Python tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The usual limit of one wait (an answer, a page, a process), before scaling. */
#define WAIT_SECONDS 60

/* Call once, after g_test_init(): reads the multiplier and starts the watchdog. */
void     waits_init          (void);
/* Meson's timeout multiplier as this test sees it (0: no limits at all). */
double   waits_scale         (void);
/* @seconds scaled, in microseconds of g_get_monotonic_time() (G_MAXINT64: no limit). */
gint64   waits_limit         (guint       seconds);
/* Names what the test does now; a wait that gives up and the watchdog repeat it. */
void     waits_step          (const char *format,
                              ...) G_GNUC_PRINTF (1, 2);
/* Reports the current test case as failed ("not ok"), with the step and @format, and
 * exits: what the test waited for is not coming.
 */
void     waits_give_up       (const char *format,
                              ...) G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN;

/* Iterates the default main context until @done returns TRUE; gives up after @seconds
 * (scaled), saying it was waiting for @what.
 */
void     wait_until          (gboolean   (*done) (gpointer),
                              gpointer     data,
                              guint        seconds,
                              const char  *what);
/* Iterates the default main context until *@slot is set (an async result, say). */
void     wait_for_pointer    (gpointer    *slot,
                              const char  *what);
/* A GAsyncReadyCallback that keeps a reference to @result in the GAsyncResult * that
 * @user_data points to, which must be %NULL: for wait_for_pointer(). */
void     keep_result         (GObject       *object,
                              GAsyncResult  *result,
                              gpointer       user_data);
/* … until *@slot is %NULL again (a weak pointer, say). */
void     wait_for_cleared    (gpointer    *slot,
                              const char  *what);
/* … until the flag at @flag (a gboolean, read atomically: threads may set it) is not 0. */
void     wait_for_flag       (gboolean    *flag,
                              const char  *what);
/* Iterates the default main context for @ms milliseconds, no more. */
void     wait_ms             (guint        ms);

G_END_DECLS
