/* sesame-proxy-resolver-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SESAME_TYPE_PROXY_RESOLVER (_sesame_proxy_resolver_get_type ())

G_DECLARE_FINAL_TYPE (SesameProxyResolver, _sesame_proxy_resolver, SESAME, PROXY_RESOLVER,
                      GObject)

GProxyResolver *_sesame_proxy_resolver_new (void);

G_END_DECLS
