/* sesame-device-flow-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sesame-device-flow.h"

G_BEGIN_DECLS

/* For tests: how many microseconds the flow's “second” lasts (G_USEC_PER_SEC by default),
 * for the polling interval, the code's expiry and the timeout alike. Set before starting. */
void _sesame_device_flow_set_second (SesameDeviceFlow *self,
                                     gint64            usec);

/* Checks the device authorization answer @answer and keeps what it says, as a start does;
 * the flow must have its provider (sesame_device_flow_set_provider()). */
gboolean _sesame_device_flow_take_answer (SesameDeviceFlow  *self,
                                          JsonObject        *answer,
                                          GError           **error);

G_END_DECLS
