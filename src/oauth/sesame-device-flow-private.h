/* sesame-device-flow-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-device-flow.h"

G_BEGIN_DECLS

/* For tests: how many microseconds the flow's “second” lasts (G_USEC_PER_SEC by default),
 * for the polling interval, the code's expiry and the timeout alike. Set before starting. */
void _sesame_device_flow_set_second (SesameDeviceFlow *self,
                                     gint64            usec);

G_END_DECLS
