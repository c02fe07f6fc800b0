/* sesame-qr-code.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A QR code's modules, encoded by libqrencode, for the command line (text blocks) and
 * the window (drawn rectangles) to draw. Error correction level M; the text is encoded
 * as bytes. The size is in modules per side, without the quiet zone of four modules
 * that a drawing must leave around it.
 */
typedef struct _SesameQrCode SesameQrCode;

SesameQrCode *sesame_qr_code_new        (const char         *text,
                                         GError            **error);
guint         sesame_qr_code_get_size   (const SesameQrCode *self);
gboolean      sesame_qr_code_get_module (const SesameQrCode *self,
                                         guint               x,
                                         guint               y);
void          sesame_qr_code_free       (SesameQrCode       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameQrCode, sesame_qr_code_free)

G_END_DECLS
