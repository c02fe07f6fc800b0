/* flood.h
 *
 * Another local program flooding a loopback receiver, from a thread: connections held
 * open, junk requests of every kind, a byte at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _Flood Flood;

Flood    *flood_start       (guint16  port,
                             guint    n_held,
                             guint    n_junk);
gboolean  flood_is_done     (Flood   *flood);
guint     flood_get_n_sent  (Flood   *flood);
void      flood_stop        (Flood   *flood);

G_END_DECLS
