/* fuzz-common.h
 *
 * What every fuzz target does before its first input: a GLib warning or critical (a
 * failed g_return_if_fail () in Sesame or in a library it calls wrongly) aborts, so
 * that libFuzzer records the input as a crash. GLib's own fatal logs stop with a
 * breakpoint trap instead, which libFuzzer does not catch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

static inline GLogWriterOutput
fuzz_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  GLogWriterOutput result = g_log_writer_default (log_level, fields, n_fields, user_data);

  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      fflush (stderr);
      abort ();
    }
  return result;
}

static inline void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
}
