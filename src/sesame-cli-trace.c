/* sesame-cli-trace.c
 *
 * With SESAME_TRACE set, the HTTP requests of a sign-in are traced step by step for the
 * benchmark (see _sesame_cli_trace() in sesame-cli-base.c). Events name requests by
 * method and path alone (no query, no body, no header): nothing secret ever appears.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include "sesame-cli-private.h"

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
  if (_sesame_cli_trace_enabled ())
    g_signal_connect (session, "request-queued", G_CALLBACK (on_request_queued), NULL);
}
