/* sesame-qr-code.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <qrencode.h>

#include "sesame-qr-code.h"

struct _SesameQrCode
{
  guint   size;
  guint8 *modules;  /* size × size, row by row; 1 = dark */
};

/**
 * sesame_qr_code_new:
 * @text: what the code holds, usually a URI
 * @error: G_IO_ERROR_INVALID_ARGUMENT when @text is empty or too long for a QR code
 *
 * Returns: (transfer full): the code's modules
 */
SesameQrCode *
sesame_qr_code_new (const char  *text,
                    GError     **error)
{
  g_autofree guint8 *modules = NULL;
  SesameQrCode *self;
  QRcode *code;
  size_t length;
  guint size;

  g_return_val_if_fail (text != NULL, NULL);

  length = strlen (text);
  if (length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Nothing to put in a QR code");
      return NULL;
    }

  errno = 0;
  code = QRcode_encodeData ((int) MIN (length, G_MAXINT), (const unsigned char *) text, 0,
                            QR_ECLEVEL_M);
  if (code == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The text (%zu bytes) does not fit in a QR code%s%s", length,
                   saved != 0 ? ": " : "", saved != 0 ? g_strerror (saved) : "");
      return NULL;
    }

  size = (guint) code->width;
  modules = g_malloc ((gsize) size * size);
  /* Bit 0 of each of libqrencode's bytes is the colour; the others say what the module
   * is part of.
   */
  for (gsize i = 0; i < (gsize) size * size; i++)
    modules[i] = code->data[i] & 1;
  QRcode_free (code);

  self = g_new0 (SesameQrCode, 1);
  self->size = size;
  self->modules = g_steal_pointer (&modules);
  return self;
}

guint
sesame_qr_code_get_size (const SesameQrCode *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

/* TRUE for a dark module. */
gboolean
sesame_qr_code_get_module (const SesameQrCode *self,
                           guint               x,
                           guint               y)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (x < self->size && y < self->size, FALSE);

  return self->modules[(gsize) y * self->size + x] != 0;
}

void
sesame_qr_code_free (SesameQrCode *self)
{
  if (self == NULL)
    return;

  g_free (self->modules);
  g_free (self);
}
