/* keyring.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>

#include "keyring.h"
#include "waits.h"

/* Runs in the child before exec: the daemons die with the test, whatever happens to it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static char *
start_bus (Keyring *keyring)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  char *address;

  g_autoptr(GSubprocessLauncher) launcher = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* Services the bus starts (the portal, the keyring) are not under test. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  /* Nor does the keyring's prompter (which it starts) get the test's display. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  keyring->bus = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", "--session",
                                              "--nofork", "--print-address=1", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (keyring->bus));
  address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);
  return address;
}

/* Waits until the daemon owns org.freedesktop.secrets on the bus. */
static void
wait_for_service (Keyring *keyring)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;

  bus = g_dbus_connection_new_for_address_sync (keyring->address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, NULL, &error);
  g_assert_no_error (error);

  gint64 deadline = g_get_monotonic_time () + waits_limit (WAIT_SECONDS);

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
        bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "NameHasOwner", g_variant_new ("(s)", "org.freedesktop.secrets"), G_VARIANT_TYPE ("(b)"),
        G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      gboolean owned = FALSE;

      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      if (owned)
        return;
      g_usleep (G_USEC_PER_SEC / 50);
    }
  waits_give_up ("gave up waiting for gnome-keyring-daemon to own org.freedesktop.secrets on "
                 "the test bus");
}

static void
start_daemon (Keyring *keyring)
{
  const char *argv[] = { "gnome-keyring-daemon", "--foreground", "--components=secrets",
                         keyring->no_login ? NULL : "--unlock", NULL };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *in;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "HOME", keyring->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", keyring->home, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  if (keyring->no_login)
    {
      g_autofree char *data = g_build_filename (keyring->home, "data", NULL);

      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
    }
  /* The daemon is not under test: our fatal warnings and malloc checks are not for it. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  keyring->daemon = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* --unlock reads the password of the login keyring (new or not) from stdin, up to its
   * end.
   */
  in = g_subprocess_get_stdin_pipe (keyring->daemon);
  if (!keyring->no_login)
    g_output_stream_write_all (in, "pass", 4, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, NULL);

  wait_for_service (keyring);
}

Keyring *
keyring_start (const char *home)
{
  Keyring *keyring = g_new0 (Keyring, 1);

  keyring->home = g_strdup (home);
  keyring->address = start_bus (keyring);
  start_daemon (keyring);
  return keyring;
}

/* A daemon that has no login keyring, as on a machine where nobody made one: there is no
 * default collection to store in (and no prompter to make one). */
Keyring *
keyring_start_without_login (const char *home)
{
  Keyring *keyring = g_new0 (Keyring, 1);

  keyring->home = g_strdup (home);
  keyring->no_login = TRUE;
  keyring->address = start_bus (keyring);
  start_daemon (keyring);
  return keyring;
}

/* Kills the daemon (if it still runs) and starts another on the same bus and files. */
void
keyring_restart_daemon (Keyring *keyring)
{
  g_subprocess_force_exit (keyring->daemon);
  g_subprocess_wait (keyring->daemon, NULL, NULL);
  g_clear_object (&keyring->daemon);
  start_daemon (keyring);
}

void
keyring_stop (Keyring *keyring)
{
  g_subprocess_send_signal (keyring->daemon, SIGTERM);
  g_subprocess_wait (keyring->daemon, NULL, NULL);
  g_subprocess_send_signal (keyring->bus, SIGTERM);
  g_subprocess_wait (keyring->bus, NULL, NULL);
  g_object_unref (keyring->daemon);
  g_object_unref (keyring->bus);
  g_free (keyring->address);
  g_free (keyring->home);
  g_free (keyring);
}
