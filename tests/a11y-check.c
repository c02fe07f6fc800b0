/* a11y-check.c: what a screen reader hears of the app's windows, read over AT-SPI
 *
 * GTK serves its AT-SPI objects from the main loop of this very process, so every call
 * is asynchronous and waited for by iterating the main loop (tests/waits.h); a
 * synchronous call would wait for itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "a11y-check.h"
#include "waits.h"

#define ROOT_PATH "/org/a11y/atspi/accessible/root"
#define ACCESSIBLE "org.a11y.atspi.Accessible"

/* Of AtspiStateType, as bits of GetState's answer */
#define STATE_FOCUSABLE (G_GUINT64_CONSTANT (1) << 11)
#define STATE_VISIBLE   (G_GUINT64_CONSTANT (1) << 30)

static GDBusConnection *a11y_bus;
static char *gtk_name;    /* GTK's connection to the accessibility bus */
static guint windows_found;

gboolean
a11y_check_init (void)
{
  g_autoptr(GDBusConnection) session = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *address;

  session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (session != NULL)
    reply = g_dbus_connection_call_sync (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                         "GetAddress", NULL, G_VARIANT_TYPE ("(s)"),
                                         G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("# no accessibility bus: %s\n", error->message);
      return FALSE;
    }
  g_variant_get (reply, "(&s)", &address);
  g_setenv ("AT_SPI_BUS_ADDRESS", address, TRUE);
  a11y_bus = g_dbus_connection_new_for_address_sync (address,
                                                     G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                     G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                     NULL, NULL, &error);
  if (a11y_bus == NULL)
    {
      g_printerr ("# cannot connect to the accessibility bus: %s\n", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
on_reply (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GVariant **reply = user_data;
  g_autoptr(GError) error = NULL;

  *reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (*reply == NULL)
    *reply = g_variant_new_string (error->message);   /* not of the type asked for */
  g_variant_ref_sink (*reply);
}

/* One call, answered while the main loop runs; NULL when it failed. */
static GVariant *
call (const char         *name,
      const char         *path,
      const char         *interface,
      const char         *method,
      GVariant           *parameters,
      const GVariantType *reply_type)
{
  GVariant *reply = NULL;

  g_dbus_connection_call (a11y_bus, name, path, interface, method, parameters, reply_type,
                          G_DBUS_CALL_FLAGS_NONE, 10000, NULL, on_reply, &reply);
  wait_for_pointer ((gpointer *) &reply, method);
  if (!g_variant_is_of_type (reply, reply_type))
    {
      g_test_message ("%s %s.%s: %s", path, interface, method,
                      g_variant_is_of_type (reply, G_VARIANT_TYPE_STRING)
                        ? g_variant_get_string (reply, NULL) : "wrong reply");
      g_clear_pointer (&reply, g_variant_unref);
    }
  return reply;
}

static char *
get_string_property (const char *path,
                     const char *property)
{
  g_autoptr(GVariant) reply = call (gtk_name, path, "org.freedesktop.DBus.Properties", "Get",
                                    g_variant_new ("(ss)", ACCESSIBLE, property),
                                    G_VARIANT_TYPE ("(v)"));
  g_autoptr(GVariant) value = NULL;

  if (reply == NULL)
    return g_strdup ("");
  g_variant_get (reply, "(v)", &value);
  return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
           ? g_variant_dup_string (value, NULL) : g_strdup ("");
}

static guint64
get_states (const char *path)
{
  g_autoptr(GVariant) reply = call (gtk_name, path, ACCESSIBLE, "GetState", NULL,
                                    G_VARIANT_TYPE ("(au)"));
  g_autoptr(GVariantIter) iter = NULL;
  guint64 states = 0;
  guint32 word;
  guint i = 0;

  if (reply == NULL)
    return 0;
  g_variant_get (reply, "(au)", &iter);
  while (g_variant_iter_next (iter, "u", &word))
    states |= (guint64) word << (32 * i++);
  return states;
}

static char *
get_role_name (const char *path)
{
  g_autoptr(GVariant) reply = call (gtk_name, path, ACCESSIBLE, "GetRoleName", NULL,
                                    G_VARIANT_TYPE ("(s)"));
  char *role = NULL;

  if (reply == NULL)
    return g_strdup ("?");
  g_variant_get (reply, "(s)", &role);
  return role;
}

static gboolean
is_gtk (const char *name)
{
  g_autoptr(GVariant) reply = call ("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                    "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                    g_variant_new ("(s)", name), G_VARIANT_TYPE ("(u)"));
  guint32 pid = 0;

  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);
  return pid == (guint32) getpid () &&
         g_strcmp0 (name, g_dbus_connection_get_unique_name (a11y_bus)) != 0;
}

/* GTK's own connection: the other one of this process's on the bus. */
static gboolean
find_gtk (gpointer data)
{
  g_autoptr(GVariant) reply = call ("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                    "org.freedesktop.DBus", "ListNames", NULL,
                                    G_VARIANT_TYPE ("(as)"));
  g_autoptr(GVariantIter) iter = NULL;
  const char *name;

  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(as)", &iter);
  while (g_variant_iter_next (iter, "&s", &name))
    if (name[0] == ':' && is_gtk (name))
      {
        gtk_name = g_strdup (name);
        return TRUE;
      }
  return FALSE;
}

/* GTK answers for its root only once the registry took it in (GTK 4.8 crashes on a
 * GetChildren before): wait until the registry lists it.
 */
static gboolean
is_registered (gpointer data)
{
  g_autoptr(GVariant) reply = call ("org.a11y.atspi.Registry", ROOT_PATH, ACCESSIBLE,
                                    "GetChildren", NULL, G_VARIANT_TYPE ("(a(so))"));
  g_autoptr(GVariantIter) iter = NULL;
  const char *name;

  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(a(so))", &iter);
  while (g_variant_iter_next (iter, "(&s&o)", &name, NULL))
    if (g_strcmp0 (name, gtk_name) == 0)
      return TRUE;
  wait_ms (50);
  return FALSE;
}

static void
ensure_gtk (void)
{
  g_assert_nonnull (a11y_bus);
  if (gtk_name != NULL)
    return;
  wait_until (find_gtk, NULL, WAIT_SECONDS, "GTK on the accessibility bus");
  wait_until (is_registered, NULL, WAIT_SECONDS, "GTK in the accessibility registry");
  wait_ms (200);
}

/* GTK 4.8's name of a button with an access key: "_Sign In Sign In". */
static gboolean
repeats_with_mnemonic (const char *name)
{
  for (const char *space = strchr (name, ' '); space != NULL; space = strchr (space + 1, ' '))
    {
      g_autofree char *first = g_strndup (name, space - name);
      g_auto(GStrv) parts = g_strsplit (first, "_", -1);
      g_autofree char *plain = g_strjoinv ("", parts);

      if (g_strv_length (parts) > 1 && g_str_equal (plain, space + 1))
        return TRUE;
    }
  return FALSE;
}

/* A name a screen reader can say: not empty, not a type name as GTK falls back to, not
 * said twice.
 */
static gboolean
is_useful_name (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  return stripped[0] != '\0' && g_type_from_name (stripped) == 0 &&
         !repeats_with_mnemonic (stripped);
}

/* What the app cannot name, and only a newer toolkit does: reported, not failed. */
static const char *
toolkit_gap (const char *parent)
{
  if (g_strcmp0 (parent, "AdwToastWidget") == 0)
    return "libadwaita 1.2 gives a toast's close button no name, and the app never holds it";
  return NULL;
}

static guint
walk (const char *path,
      const char *where,
      const char *window,
      const char *parent,
      int         depth)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  g_autofree char *name = NULL;
  guint64 states = get_states (path);
  const char *child;
  guint bad = 0;

  /* GTK 4.8 says "showing" of windows only: hidden pages of a stack are walked too, as a
   * screen reader's review of the window can reach them. What is hidden is not.
   */
  if (depth > 0 && !(states & STATE_VISIBLE))
    return 0;
  name = get_string_property (path, "Name");
  /* Only the window asked for, by its title. */
  if (depth == 1 && g_strcmp0 (name, window) != 0)
    return 0;
  if (depth == 1)
    windows_found++;
  /* SESAME_A11Y_DUMP=1: the whole tree in the test's log, with descriptions and states. */
  if (g_getenv ("SESAME_A11Y_DUMP") != NULL)
    {
      g_autofree char *description = get_string_property (path, "Description");
      g_autofree char *role = get_role_name (path);

      g_test_message ("%*s%s “%s” “%s” %" G_GINT64_MODIFIER "x", depth * 2, "", role, name,
                      description, states);
    }
  if ((depth == 1 || (states & STATE_FOCUSABLE)) && !is_useful_name (name))
    {
      g_autofree char *role = get_role_name (path);
      const char *gap = toolkit_gap (parent);

      g_test_message ("%s: in window “%s”, a %s%s is named “%s”%s%s", where, window,
                      depth == 1 ? "" : "focusable ", role, name, gap != NULL ? ": " : "",
                      gap != NULL ? gap : "");
      if (gap == NULL)
        bad++;
    }

  reply = call (gtk_name, path, ACCESSIBLE, "GetChildren", NULL, G_VARIANT_TYPE ("(a(so))"));
  if (reply == NULL)
    return bad;
  g_variant_get (reply, "(a(so))", &iter);
  while (g_variant_iter_next (iter, "(&s&o)", NULL, &child))
    bad += walk (child, where, window, name, depth + 1);
  return bad;
}

guint
a11y_check_names (gpointer    window,
                  const char *where)
{
  const char *title;
  guint bad;

  g_return_val_if_fail (GTK_IS_WINDOW (window), 0);

  ensure_gtk ();
  /* A window without a title is named by its type. */
  title = gtk_window_get_title (window);
  if (title == NULL || *title == '\0')
    title = G_OBJECT_TYPE_NAME (window);
  windows_found = 0;
  bad = walk (ROOT_PATH, where, title, "", 0);
  if (windows_found == 0)
    {
      g_test_message ("%s: no window “%s” on the accessibility bus", where, title);
      g_test_fail ();
    }
  if (bad > 0)
    {
      g_test_message ("%s: %u focusable objects without a useful name", where, bad);
      g_test_fail ();
    }
  return bad;
}

typedef struct
{
  GPtrArray *paths;   /* of the objects that said they took the focus */
} FocusEvents;

static void
on_state_changed (GDBusConnection *connection,
                  const char      *sender,
                  const char      *path,
                  const char      *interface,
                  const char      *signal,
                  GVariant        *parameters,
                  gpointer         user_data)
{
  FocusEvents *events = user_data;
  const char *state;
  gint32 value;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(siiva{sv})")))
    return;
  g_variant_get (parameters, "(&sii@va{sv})", &state, &value, NULL, NULL, NULL);
  if (g_str_equal (state, "focused") && value == 1)
    g_ptr_array_add (events->paths, g_strdup (path));
}

char *
a11y_check_focus (gpointer widget)
{
  FocusEvents events = { g_ptr_array_new_with_free_func (g_free) };
  char *heard = NULL;
  guint id;

  ensure_gtk ();
  id = g_dbus_connection_signal_subscribe (a11y_bus, gtk_name, "org.a11y.atspi.Event.Object",
                                           "StateChanged", NULL, NULL,
                                           G_DBUS_SIGNAL_FLAGS_NONE, on_state_changed, &events,
                                           NULL);
  wait_ms (200);   /* the match rule in place */
  gtk_widget_grab_focus (widget);
  wait_ms (500);
  g_dbus_connection_signal_unsubscribe (a11y_bus, id);
  if (events.paths->len > 0)
    {
      const char *path = events.paths->pdata[events.paths->len - 1];
      g_autofree char *name = get_string_property (path, "Name");
      g_autofree char *role = get_role_name (path);

      heard = g_strdup_printf ("%s “%s”", role, name);
    }
  g_ptr_array_unref (events.paths);
  return heard;
}
