/* sesame-cli-trace.c
 *
 * With SESAME_TRACE set, the command line prints when each step of a sign-in happens, for
 * the benchmark (build-aux/bench): "sesame-trace MICROSECONDS EVENT" on stderr, the time
 * from CLOCK_MONOTONIC. Events name HTTP requests by method and path alone (no query, no
 * body, no header): nothing secret ever appears.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <stdio.h>

#include "sesame-cli-private.h"

static gboolean
enabled (void)
{
  static int on = -1;

  if (on < 0)
    on = g_getenv ("SESAME_TRACE") != NULL;
  return on;
}

void
_sesame_cli_trace (const char *format,
                   ...)
{
  g_autofree char *event = NULL;
  va_list args;

  if (!enabled ())
    return;
  va_start (args, format);
  event = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "sesame-trace %" G_GINT64_FORMAT " %s\n", g_get_monotonic_time (), event);
  fflush (stderr);
}

static void
trace_message (SoupMessage *message,
               const char  *what)
{
  GUri *uri = soup_message_get_uri (message);

  _sesame_cli_trace ("%s %s %s", soup_message_get_method (message), g_uri_get_path (uri), what);
}

static void
on_network_event (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection)
{
  g_autoptr(GEnumClass) events = g_type_class_ref (G_TYPE_SOCKET_CLIENT_EVENT);
  GEnumValue *value = g_enum_get_value (events, event);

  trace_message (message, value != NULL ? value->value_nick : "network-event");
}

static void
on_wrote_body (SoupMessage *message)
{
  trace_message (message, "wrote-body");
}

static void
on_got_headers (SoupMessage *message)
{
  trace_message (message, "got-headers");
}

static void
on_finished (SoupMessage *message)
{
  trace_message (message, "finished");
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message)
{
  trace_message (message, "queued");
  g_signal_connect (message, "network-event", G_CALLBACK (on_network_event), NULL);
  g_signal_connect (message, "wrote-body", G_CALLBACK (on_wrote_body), NULL);
  g_signal_connect (message, "got-headers", G_CALLBACK (on_got_headers), NULL);
  g_signal_connect (message, "finished", G_CALLBACK (on_finished), NULL);
}

void
_sesame_cli_trace_session (SoupSession *session)
{
  if (enabled ())
    g_signal_connect (session, "request-queued", G_CALLBACK (on_request_queued), NULL);
}
