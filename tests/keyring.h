/* keyring.h
 *
 * A private session bus with its own gnome-keyring-daemon, unlocked, for one test
 * program: tests running side by side never share a keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char        *home;
  char        *address;
  GSubprocess *bus;
  GSubprocess *daemon;
  gboolean     no_login;
} Keyring;

Keyring *keyring_start (const char *home);
Keyring *keyring_start_without_login (const char *home);
void     keyring_stop  (Keyring    *keyring);
void     keyring_restart_daemon (Keyring *keyring);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Keyring, keyring_stop)

G_END_DECLS
