/* sesame-device-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sesame-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_DEVICE_PAGE (sesame_device_page_get_type ())

/* The window's page while a sign-in waits for another device (RFC 8628): the QR code of
 * the verification URI, the user code with a copy button, the URI as a link, a countdown
 * to the code's expiry, and Cancel (the window's win.cancel-sign-in).
 */
G_DECLARE_FINAL_TYPE (SesameDevicePage, sesame_device_page, SESAME, DEVICE_PAGE, AdwBin)

/* While the provider is asked for a code. */
void        sesame_device_page_show_starting (SesameDevicePage *self);
/* The started @flow's code, address and expiry; the countdown runs until _stop(). */
void        sesame_device_page_show_flow     (SesameDevicePage *self,
                                              SesameDeviceFlow *flow);
void        sesame_device_page_stop          (SesameDevicePage *self);
/* The address the QR code and the link hold: the complete one where the provider gave it. */
const char *sesame_device_page_get_uri       (SesameDevicePage *self);

G_END_DECLS
