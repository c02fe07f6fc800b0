/* sesame-flow.h
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

#define SESAME_TYPE_FLOW (sesame_flow_get_type ())

G_DECLARE_FINAL_TYPE (SesameFlow, sesame_flow, SESAME, FLOW, GObject)

SesameFlow     *sesame_flow_new                   (SoupSession          *session,
                                                   SesameClient         *client);
void            sesame_flow_set_issuer            (SesameFlow           *self,
                                                   const char           *issuer);
void            sesame_flow_set_provider          (SesameFlow           *self,
                                                   SesameProvider       *provider);
SesameProvider *sesame_flow_get_provider          (SesameFlow           *self);
void            sesame_flow_set_redirect_uri      (SesameFlow           *self,
                                                   const char           *redirect_uri);
void            sesame_flow_set_timeout           (SesameFlow           *self,
                                                   guint                 timeout_seconds);
const char     *sesame_flow_get_authorization_uri (SesameFlow           *self);
void            sesame_flow_run_async             (SesameFlow           *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
SesameTokenSet *sesame_flow_run_finish            (SesameFlow           *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
SesameTokenClient *sesame_flow_get_token_client   (SesameFlow           *self);
gboolean        sesame_flow_get_listening         (SesameFlow           *self);
gboolean        sesame_flow_deliver_uri           (SesameFlow           *self,
                                                   const char           *uri,
                                                   GError              **error);

G_END_DECLS
