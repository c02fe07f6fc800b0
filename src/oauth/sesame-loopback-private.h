/* sesame-loopback-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-loopback.h"

G_BEGIN_DECLS

/* What the receiver answers to one request (the request target already split into
 * @path and @query, and the Host header), decided without a socket; for the fuzzer.
 * @title is static, @text is for the caller to free.
 */
guint _sesame_loopback_check_request (SesameLoopback  *self,
                                      const char      *method,
                                      const char      *path,
                                      const char      *host,
                                      const char      *query,
                                      const char     **title,
                                      char           **text);

/* How long a taken callback's page waits for sesame_loopback_finish_page(), and how long
 * any other connection may last; for tests. */
void  _sesame_loopback_set_limits    (SesameLoopback  *self,
                                      guint            page_wait_seconds,
                                      guint            connection_seconds);

G_END_DECLS
