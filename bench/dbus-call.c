/* dbus-call.c - the floor of a D-Bus token request, for build-aux/bench: a GIO program
 * that connects to the session bus and makes one call (org.freedesktop.DBus.GetId),
 * which is less than asking the running app over D-Bus would take.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>

int
main (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;

  if (bus == NULL)
    return 1;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetId", NULL,
                                       G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                       500, NULL, NULL);
  return reply != NULL ? 0 : 1;
}
