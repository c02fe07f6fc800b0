/* sesame-http.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

SoupSession *sesame_http_session_new (const char  *ca_file,
                                      GError     **error);

G_END_DECLS

G_BEGIN_DECLS

gboolean sesame_http_uri_is_secure (const char *uri);

void     sesame_http_fetch_async   (SoupSession          *session,
                                    const char           *uri,
                                    gsize                 max_bytes,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
GBytes  *sesame_http_fetch_finish  (GAsyncResult         *result,
                                    GError              **error);

G_END_DECLS
