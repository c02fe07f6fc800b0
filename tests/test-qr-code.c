/* test-qr-code.c: QR codes are read back by an independent decoder (zbarimg)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "sesame-qr-code.h"

/* The code as a PBM image: four modules of quiet zone, @scale pixels a module. */
static char *
write_pbm (const SesameQrCode *code,
           guint               scale)
{
  g_autoptr(GString) image = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint size = sesame_qr_code_get_size (code);
  guint side = (size + 8) * scale;
  int fd;

  g_string_append_printf (image, "P1\n%u %u\n", side, side);
  for (guint py = 0; py < side; py++)
    {
      for (guint px = 0; px < side; px++)
        {
          int x = (int) (px / scale) - 4;
          int y = (int) (py / scale) - 4;
          gboolean dark = x >= 0 && y >= 0 && (guint) x < size && (guint) y < size
                          && sesame_qr_code_get_module (code, (guint) x, (guint) y);

          g_string_append_c (image, dark ? '1' : '0');
        }
      g_string_append_c (image, '\n');
    }

  fd = g_file_open_tmp ("sesame-qr-XXXXXX.pbm", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, image->str, (gssize) image->len, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
decode (const char *path)
{
  const char *argv[] = { "zbarimg", "--raw", "-q", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("zbarimg found no code in %s (status %d): %s", path, status, err);
  g_strchomp (out);
  return g_steal_pointer (&out);
}

static void
test_round_trip (void)
{
  const char *texts[] = {
    "https://example.com/device",
    "https://login.example.org/activate?user_code=WDJB-MJHT",
    "https://127.0.0.1:4000/device?user_code=ABCD%20EFGH&x=%7B%22y%22%3A1%7D",
    "HTTPS://EXAMPLE.COM/A-VERY-LONG-PATH/THAT/KEEPS/GOING/ON/AND/ON/AND/ON/UNTIL/IT/NEEDS/"
    "A/LARGER/VERSION/OF/THE/CODE/0123456789/ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameQrCode) code = sesame_qr_code_new (texts[i], &error);
      g_autofree char *path = NULL;
      g_autofree char *read = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (code);
      /* Version 1 is 21 modules; each version adds 4. */
      g_assert_cmpuint (sesame_qr_code_get_size (code), >=, 21);
      g_assert_cmpuint ((sesame_qr_code_get_size (code) - 21) % 4, ==, 0);

      path = write_pbm (code, 4);
      read = decode (path);
      g_assert_cmpstr (read, ==, texts[i]);
      g_unlink (path);
    }
}

static void
test_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameQrCode) empty = sesame_qr_code_new ("", &error);
  g_autofree char *huge = g_strnfill (4000, 'a');
  g_autoptr(SesameQrCode) too_long = NULL;

  g_assert_null (empty);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Version 40 at level M holds 2331 bytes. */
  too_long = sesame_qr_code_new (huge, &error);
  g_assert_null (too_long);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "4000 bytes"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sesame/qr-code/round-trip", test_round_trip);
  g_test_add_func ("/sesame/qr-code/refused", test_refused);

  return g_test_run ();
}
