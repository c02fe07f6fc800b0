/* sesame-token-service.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SESAME_TYPE_TOKEN_SERVICE (sesame_token_service_get_type ())

/* The running app's answer to `sesame token NAME`, from memory (the protocol is in
 * sesame-token-protocol.h). Only the same user may connect; a request names one
 * profile and gets that profile's token alone. A token is kept in memory once asked for,
 * while it is valid long enough and the keyring has not changed since (the Secret
 * Service's ItemCreated/ItemDeleted/ItemChanged signals, on @bus, drop every kept token);
 * without those signals (no bus, or the Secret portal of a Flatpak) nothing is kept and
 * each request reads the keyring.
 */
G_DECLARE_FINAL_TYPE (SesameTokenService, sesame_token_service, SESAME, TOKEN_SERVICE, GObject)

SesameTokenService *sesame_token_service_new   (GDBusConnection     *bus);
/* Listens on $XDG_RUNTIME_DIR/sesame/token-service. Fails when that directory is not the
 * user's own with mode 0700, or when another instance listens there already.
 */
gboolean            sesame_token_service_start (SesameTokenService  *self,
                                                GError             **error);
/* Stops listening and removes the socket; kept tokens are dropped. */
void                sesame_token_service_stop  (SesameTokenService  *self);

G_END_DECLS
