/* sesame-device-flow.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "sesame-client.h"
#include "sesame-provider.h"
#include "sesame-token-client.h"
#include "sesame-token-set.h"

G_BEGIN_DECLS

#define SESAME_TYPE_DEVICE_FLOW (sesame_device_flow_get_type ())

/* The device authorization grant (RFC 8628): the user approves on another device, at a
 * verification URI, by entering a user code (or by opening the complete URI, e.g. from a
 * QR code), while this flow polls the token endpoint. There is no loopback receiver.
 *
 * Two steps, each async and cancellable:
 *  1. sesame_device_flow_start_async(): discovery where needed (the provider's
 *     `device_authorization_endpoint`, or one given by hand in the provider), then the
 *     device authorization request with the client's authentication method. Afterwards
 *     the user code, the verification URIs, the expiry and the interval can be read.
 *  2. sesame_device_flow_poll_async(): polls (RFC 8628 §3.4–3.5) until the provider
 *     issues tokens, refuses (SESAME_OAUTH_ERROR_ACCESS_DENIED), lets the code expire
 *     (SESAME_OAUTH_ERROR_EXPIRED_TOKEN, also when `expires_in` passes), or the timeout
 *     passes (SESAME_OAUTH_ERROR_TIMED_OUT). The tokens get the same checks as those of
 *     sesame_flow_run_async(): grammar, ID token (issuer, audience, signature, expiry).
 *
 * Every string the provider sent is returned as it came, after validation: the user code
 * is printable ASCII; the verification URIs are absolute, without control characters,
 * https (or http on loopback for a loopback http issuer). Display code still escapes them.
 */
G_DECLARE_FINAL_TYPE (SesameDeviceFlow, sesame_device_flow, SESAME, DEVICE_FLOW, GObject)

SesameDeviceFlow  *sesame_device_flow_new                           (SoupSession         *session,
                                                                     SesameClient        *client);
void               sesame_device_flow_set_issuer                    (SesameDeviceFlow    *self,
                                                                     const char          *issuer);
void               sesame_device_flow_set_provider                  (SesameDeviceFlow    *self,
                                                                     SesameProvider      *provider);
SesameProvider    *sesame_device_flow_get_provider                  (SesameDeviceFlow    *self);
/* A device authorization endpoint given by hand, for a provider discovered from an issuer
 * whose metadata names none (or another); checked with the provider's endpoint rules. */
void               sesame_device_flow_set_device_authorization_endpoint (SesameDeviceFlow *self,
                                                                         const char       *uri);
/* Seconds, counted from the start of polling; 0 means until the code expires. */
void               sesame_device_flow_set_timeout                   (SesameDeviceFlow    *self,
                                                                     guint                timeout_seconds);
void               sesame_device_flow_start_async                   (SesameDeviceFlow    *self,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
gboolean           sesame_device_flow_start_finish                  (SesameDeviceFlow    *self,
                                                                     GAsyncResult        *result,
                                                                     GError             **error);
/* Valid after a successful start. */
const char        *sesame_device_flow_get_user_code                 (SesameDeviceFlow    *self);
const char        *sesame_device_flow_get_verification_uri          (SesameDeviceFlow    *self);
/* NULL when the provider gave none. */
const char        *sesame_device_flow_get_verification_uri_complete (SesameDeviceFlow    *self);
/* When the device code expires, in g_get_monotonic_time() microseconds. */
gint64             sesame_device_flow_get_expires_at                (SesameDeviceFlow    *self);
/* The current polling interval in seconds (grows with `slow_down`). */
guint              sesame_device_flow_get_interval                  (SesameDeviceFlow    *self);
void               sesame_device_flow_poll_async                    (SesameDeviceFlow    *self,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
SesameTokenSet    *sesame_device_flow_poll_finish                   (SesameDeviceFlow    *self,
                                                                     GAsyncResult        *result,
                                                                     GError             **error);
/* Valid after a successful start; for userinfo and storage after the sign-in. */
SesameTokenClient *sesame_device_flow_get_token_client              (SesameDeviceFlow    *self);

G_END_DECLS
