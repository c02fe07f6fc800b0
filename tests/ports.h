/* ports.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A port on 127.0.0.1 that nothing listens on: the kernel's pick, released at once. */
guint16 free_loopback_port (void);

G_END_DECLS
