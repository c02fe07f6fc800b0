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

G_END_DECLS
