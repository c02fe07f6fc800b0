/* flood.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "flood.h"

struct _Flood
{
  GThread *thread;
  guint16  port;
  guint    n_held;
  guint    n_junk;
  int      n_sent;
  int      stop;
  int      done;
};

static GSocket *
connect_to (Flood *flood)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, flood->port);
  GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                  G_SOCKET_PROTOCOL_TCP, NULL);

  if (socket == NULL)
    return NULL;
  g_socket_set_timeout (socket, 2);
  if (!g_socket_connect (socket, address, NULL, NULL))
    g_clear_object (&socket);
  return socket;
}

static void
send_all (GSocket    *socket,
          const char *data,
          gsize       length)
{
  while (length > 0)
    {
      gssize n = g_socket_send (socket, data, length, NULL, NULL);

      if (n <= 0)
        return;
      data += n;
      length -= (gsize) n;
    }
}

/* The @i-th junk request: wrong paths, methods and Host headers, oversized lines and
 * headers, invalid UTF-8, %00, a body, a wrong state.
 */
static GString *
junk (Flood *flood,
      guint  i)
{
  GString *request = g_string_new (NULL);

  switch (i % 8)
    {
    case 0:
      g_string_append (request, "GET /");
      for (guint j = 0; j < 100000; j++)
        g_string_append_c (request, 'A');
      g_string_append_printf (request, " HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n", flood->port);
      break;
    case 1:
      g_string_append_printf (request, "GET /callback HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nX: ",
                              flood->port);
      for (guint j = 0; j < 100000; j++)
        g_string_append_c (request, 'B');
      g_string_append (request, "\r\n\r\n");
      break;
    case 2:
      g_string_append_printf (request, "GET /callback?state=\xff\xfe%%00&code=%%00 HTTP/1.1\r\n"
                              "Host: 127.0.0.1:%u\r\n\r\n", flood->port);
      break;
    case 3:
      g_string_append_printf (request, "POST /callback HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                              "Content-Length: 100000000\r\n\r\nxxxx", flood->port);
      break;
    case 4:
      g_string_append (request, "GET /callback?code=x&state=y HTTP/1.1\r\n"
                                "Host: evil.example\r\n\r\n");
      break;
    case 5:
      g_string_append_printf (request, "BREW /x HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n\r\n",
                              flood->port);
      break;
    case 6:
      g_string_append_printf (request, "GET /callback?code=x&state=guess HTTP/1.1\r\n"
                              "Host: 127.0.0.1:%u\r\n\r\n", flood->port);
      break;
    default:
      g_string_append (request, "\x01\x02 garbage \xff\r\n\r\n");
    }
  return request;
}

static gpointer
flood_run (gpointer data)
{
  Flood *flood = data;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  char answer[64];

  for (guint i = 0; i < flood->n_held && !g_atomic_int_get (&flood->stop); i++)
    {
      GSocket *socket = connect_to (flood);

      if (socket == NULL)
        continue;
      send_all (socket, "GET /callback?state=drip", 24);
      g_ptr_array_add (held, socket);
    }

  for (guint i = 0; i < flood->n_junk && !g_atomic_int_get (&flood->stop); i++)
    {
      g_autoptr(GSocket) socket = connect_to (flood);
      g_autoptr(GString) request = junk (flood, i);

      if (socket == NULL)
        continue;
      send_all (socket, request->str, request->len);
      g_socket_receive (socket, answer, sizeof answer, NULL, NULL);
      g_atomic_int_inc (&flood->n_sent);
    }

  g_atomic_int_set (&flood->done, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* Holds @n_held connections open, each with half a request, then sends @n_junk junk
 * requests, each on a connection of its own, reading the start of each answer.
 */
Flood *
flood_start (guint16 port,
             guint   n_held,
             guint   n_junk)
{
  Flood *flood = g_new0 (Flood, 1);

  flood->port = port;
  flood->n_held = n_held;
  flood->n_junk = n_junk;
  flood->thread = g_thread_new ("flood", flood_run, flood);
  return flood;
}

gboolean
flood_is_done (Flood *flood)
{
  return g_atomic_int_get (&flood->done);
}

guint
flood_get_n_sent (Flood *flood)
{
  return (guint) g_atomic_int_get (&flood->n_sent);
}

void
flood_stop (Flood *flood)
{
  g_atomic_int_set (&flood->stop, TRUE);
  g_thread_join (flood->thread);
  g_free (flood);
}
