/* sesame-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  SESAME_ENDPOINT_AUTHORIZATION,
  SESAME_ENDPOINT_TOKEN,
  SESAME_ENDPOINT_REVOCATION,
  SESAME_ENDPOINT_USERINFO,
  SESAME_ENDPOINT_JWKS,
  SESAME_ENDPOINT_DEVICE_AUTHORIZATION,  /* RFC 8628 */
  SESAME_N_ENDPOINTS,
} SesameEndpoint;

#define SESAME_TYPE_PROVIDER (sesame_provider_get_type ())

G_DECLARE_FINAL_TYPE (SesameProvider, sesame_provider, SESAME, PROVIDER, GObject)

SesameProvider *sesame_provider_new                (const char           *issuer,
                                                    const char           *authorization_endpoint,
                                                    const char           *token_endpoint,
                                                    GError              **error);
SesameProvider *sesame_provider_new_from_metadata  (const char           *expected_issuer,
                                                    GBytes               *metadata,
                                                    GError              **error);
void            sesame_provider_discover_async     (const char           *issuer,
                                                    SoupSession          *session,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
SesameProvider *sesame_provider_discover_finish    (GAsyncResult         *result,
                                                    GError              **error);
const char     *sesame_provider_get_issuer         (SesameProvider       *self);
const char     *sesame_provider_get_endpoint       (SesameProvider       *self,
                                                    SesameEndpoint        endpoint);
gboolean        sesame_provider_set_endpoint       (SesameProvider       *self,
                                                    SesameEndpoint        endpoint,
                                                    const char           *uri,
                                                    GError              **error);
gboolean        sesame_provider_check_uri          (SesameProvider       *self,
                                                    const char           *what,
                                                    const char           *uri,
                                                    GError              **error);
gboolean        sesame_provider_get_is_openid      (SesameProvider       *self);
gboolean        sesame_provider_get_requires_iss   (SesameProvider       *self);
void            sesame_provider_set_requires_iss   (SesameProvider       *self,
                                                    gboolean              requires_iss);
const char * const *sesame_provider_get_id_token_algs (SesameProvider     *self);
gboolean        sesame_provider_supports_auth_method (SesameProvider     *self,
                                                      const char         *method);

G_END_DECLS
