/* sesame-account.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-oauth.h"
#include "sesame-profile.h"

G_BEGIN_DECLS

#define SESAME_TYPE_ACCOUNT (sesame_account_get_type ())

/* A profile's tokens over their lifetime: sign-in, a valid token on demand (refreshing,
 * serialized across processes), sign-out. Used by the command line and the window.
 */
G_DECLARE_FINAL_TYPE (SesameAccount, sesame_account, SESAME, ACCOUNT, GObject)

SesameAccount  *sesame_account_new                (SesameProfile        *profile);
SesameProfile  *sesame_account_get_profile        (SesameAccount        *self);
/* For an owner that keeps the account to serve request after request (the app's token
 * service). A resident account keeps what it learnt of the provider (metadata, keys, HTTP
 * connections) from one refresh to the next, for ten minutes at most and not past a failed
 * refresh; it still reads the client secret for each refresh, and builds a new client when
 * that changed. It reads the tokens under the profile's lock only, the client secret
 * meanwhile, where a short-lived command reads them first without the lock.
 */
void            sesame_account_set_resident       (SesameAccount        *self,
                                                   gboolean              resident);
/* Each request to the provider ends with an error (G_IO_ERROR_TIMED_OUT) when it has not
 * been answered completely within @seconds; 0 keeps the default of sesame_http_session_new().
 */
void            sesame_account_set_timeout        (SesameAccount        *self,
                                                   guint                 seconds);
/* A flow ready to run: the client secret is read from the keyring first. */
void            sesame_account_prepare_flow_async (SesameAccount        *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
SesameFlow     *sesame_account_prepare_flow_finish (SesameAccount       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* The same for the device authorization grant (RFC 8628), with the profile's hand-given
 * device authorization endpoint where it has one. */
void              sesame_account_prepare_device_flow_async  (SesameAccount       *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
SesameDeviceFlow *sesame_account_prepare_device_flow_finish (SesameAccount       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* After a sign-in with @flow: fetches the userinfo claims where the provider offers them
 * (for display: name, e-mail; a failure there is no failure of the sign-in), then saves.
 */
void            sesame_account_finish_sign_in_async  (SesameAccount     *self,
                                                      SesameFlow        *flow,
                                                      SesameTokenSet    *tokens,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
gboolean        sesame_account_finish_sign_in_finish (SesameAccount     *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
/* The same after a sign-in with the device grant. */
void            sesame_account_finish_device_sign_in_async  (SesameAccount       *self,
                                                             SesameDeviceFlow    *flow,
                                                             SesameTokenSet      *tokens,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean        sesame_account_finish_device_sign_in_finish (SesameAccount       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
/* Tokens whose access token is valid for at least @min_valid seconds more, refreshed
 * if needed. SESAME_STORE_ERROR_SIGN_IN_NEEDED when there are none or the provider
 * refused the refresh token (the stale tokens are then deleted). Refreshed tokens are
 * stored before they are returned, the profile's lock held until then; they are stored
 * even when @cancellable is cancelled after the provider answered.
 */
void            sesame_account_get_token_async    (SesameAccount        *self,
                                                   guint                 min_valid,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
SesameTokenSet *sesame_account_get_token_finish   (SesameAccount        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* The picture the provider gave for the user (userinfo `picture`), for display: at most
 * 256 KiB, over https (or http on loopback when the provider itself is on this
 * computer), with the profile's certificate authorities. The bytes are not checked to
 * be an image.
 */
void            sesame_account_fetch_picture_async  (SesameAccount       *self,
                                                     const char          *uri,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GBytes         *sesame_account_fetch_picture_finish (SesameAccount       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Revokes (refresh token first) where the provider has a revocation endpoint, then
 * deletes the tokens whatever the revocation's outcome. Returns FALSE only if the
 * tokens could not be deleted; *revoked and *revocation_error tell about revocation
 * (*revocation_error is NULL when there was nothing to revoke or no endpoint).
 */
void            sesame_account_sign_out_async     (SesameAccount        *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean        sesame_account_sign_out_finish    (SesameAccount        *self,
                                                   GAsyncResult         *result,
                                                   gboolean             *revoked,
                                                   GError              **revocation_error,
                                                   GError              **error);

G_END_DECLS
