/* sesame-qr-code-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SESAME_TYPE_QR_CODE_VIEW (sesame_qr_code_view_get_type ())

/* A QR code drawn crisply: dark modules on a white square with the quiet zone of four
 * modules, whatever the style, each module a whole number of device pixels.
 */
G_DECLARE_FINAL_TYPE (SesameQrCodeView, sesame_qr_code_view, SESAME, QR_CODE_VIEW, GtkWidget)

GtkWidget  *sesame_qr_code_view_new      (void);
const char *sesame_qr_code_view_get_text (SesameQrCodeView *self);
/* Encodes @text (NULL or "" clears); FALSE, and nothing drawn, when it does not fit. */
gboolean    sesame_qr_code_view_set_text (SesameQrCodeView *self,
                                          const char       *text);
/* Modules per side, quiet zone included; 0 without a code. */
guint       sesame_qr_code_view_get_modules (SesameQrCodeView *self);

G_END_DECLS
