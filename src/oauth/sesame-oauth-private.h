/* sesame-oauth-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Upper bounds for what the provider may send us. */
#define SESAME_MAX_RESPONSE_BYTES   (1024 * 1024)
#define SESAME_MAX_PROVIDER_TEXT    300

char     *_sesame_random_token      (gsize          n_bytes,
                                     GError       **error);
char     *_sesame_base64url_encode  (const guint8  *data,
                                     gsize          len);
guint8   *_sesame_base64url_decode  (const char    *text,
                                     gsize          max_len,
                                     gsize         *out_len);
char     *_sesame_form_urlencode    (const char    *text);
char     *_sesame_sanitize_text     (const char    *text,
                                     gsize          max_chars);
gboolean  _sesame_str_equal_const   (const char    *a,
                                     const char    *b);
gboolean  _sesame_uri_is_loopback   (GUri          *uri);
GUri     *_sesame_parse_endpoint    (const char    *what,
                                     const char    *uri,
                                     GError       **error);
GHashTable *_sesame_parse_params    (const char    *query,
                                     GError       **error);
gboolean  _sesame_param_is_reserved (const char    *name);
gboolean  _sesame_provider_check_issuer (const char  *issuer,
                                         GError     **error);
gboolean  _sesame_provider_check_endpoint_for_issuer (const char  *issuer,
                                                      const char  *what,
                                                      const char  *uri,
                                                      GError     **error);
void      _sesame_provider_fetch_metadata_async  (const char          *issuer,
                                                  SoupSession         *session,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GBytes   *_sesame_provider_fetch_metadata_finish (GAsyncResult        *result,
                                                  char               **url,
                                                  GError             **error);

void      _sesame_http_send_async   (SoupSession         *session,
                                     SoupMessage         *message,
                                     gsize                max_bytes,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
GBytes   *_sesame_http_send_finish  (SoupMessage         *message,
                                     GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
