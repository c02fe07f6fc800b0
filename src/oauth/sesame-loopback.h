/* sesame-loopback.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sesame-auth-request.h"

G_BEGIN_DECLS

#define SESAME_TYPE_LOOPBACK (sesame_loopback_get_type ())

G_DECLARE_FINAL_TYPE (SesameLoopback, sesame_loopback, SESAME, LOOPBACK, GObject)

SesameLoopback *sesame_loopback_new              (const char           *redirect_uri,
                                                  GError              **error);
const char     *sesame_loopback_get_redirect_uri (SesameLoopback       *self);
guint           sesame_loopback_get_port         (SesameLoopback       *self);
gboolean        sesame_loopback_get_listening    (SesameLoopback       *self);
void            sesame_loopback_wait_async       (SesameLoopback       *self,
                                                  SesameAuthRequest    *request,
                                                  guint                 timeout_seconds,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char           *sesame_loopback_wait_finish      (SesameLoopback       *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
gboolean        sesame_loopback_deliver_uri      (SesameLoopback       *self,
                                                  const char           *uri,
                                                  GError              **error);
void            sesame_loopback_finish_page      (SesameLoopback       *self,
                                                  const GError         *error);
void            sesame_loopback_stop             (SesameLoopback       *self);

G_END_DECLS
