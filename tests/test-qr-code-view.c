/* test-qr-code-view.c: the window's QR code, drawn, then read back by zbarimg
 *
 * The widget is rendered as its window draws it (tests/window-helpers.c: render_widget),
 * in light and dark style, at the natural size and at odd sizes, at the scale factor of
 * the display: meson runs this test once as it is and once with GDK_SCALE=2.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "sesame-qr-code-view.h"
#include "ui-helpers.h"
#include "waits.h"
#include "window-helpers.h"

#define URI "https://127.0.0.1:4000/device?user_code=WDJB-MJHT"

typedef struct
{
  guchar *pixels;   /* RGBA, premultiplied, as gdk_texture_download() gives them */
  int     width;
  int     height;
} Image;

static Image
download (GdkTexture *texture)
{
  Image image = { NULL, gdk_texture_get_width (texture), gdk_texture_get_height (texture) };

  image.pixels = g_malloc ((gsize) image.width * image.height * 4);
  gdk_texture_download (texture, image.pixels, (gsize) image.width * 4);
  return image;
}

static const guchar *
pixel (const Image *image,
       int          x,
       int          y)
{
  return image->pixels + ((gsize) y * image->width + x) * 4;
}

static gboolean
is_grey (const guchar *p,
         guchar        value)
{
  return p[0] == value && p[1] == value && p[2] == value;
}

/* The code is a white square of whole modules, each a whole number of device pixels, and
 * every pixel in it is pure black or pure white: nothing was filtered or blended.
 */
static void
assert_crisp (const Image *image,
              guint        modules)
{
  int left = image->width, top = image->height, right = -1, bottom = -1;
  int side;

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      if (is_grey (pixel (image, x, y), 255))
        {
          left = MIN (left, x);
          top = MIN (top, y);
          right = MAX (right, x);
          bottom = MAX (bottom, y);
        }
  g_assert_cmpint (right, >=, 0);
  side = right - left + 1;
  g_assert_cmpint (bottom - top + 1, ==, side);
  g_assert_cmpint (side % (int) modules, ==, 0);
  g_assert_cmpint (side / (int) modules, >=, 1);

  for (int y = top; y <= bottom; y++)
    for (int x = left; x <= right; x++)
      {
        const guchar *p = pixel (image, x, y);

        if (!is_grey (p, 0) && !is_grey (p, 255))
          g_error ("pixel (%d, %d) of the code is #%02x%02x%02x, neither black nor white",
                   x, y, p[0], p[1], p[2]);
      }
  /* The quiet zone: four modules of white inside the square's edge. */
  for (int i = 0; i < 4 * side / (int) modules; i++)
    {
      g_assert_true (is_grey (pixel (image, left + i, top + side / 2), 255));
      g_assert_true (is_grey (pixel (image, left + side / 2, bottom - i), 255));
    }
}

static int
expected_scale (void)
{
  const char *scale = g_getenv ("GDK_SCALE");

  return scale != NULL ? atoi (scale) : 1;
}

/* Renders the view, saves the picture, checks it is crisp and reads it back. */
static void
check_rendered (GtkWidget  *view,
                const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  g_autofree char *read = NULL;
  g_autofree char *file = NULL;
  Image image;

  wait_ms (100);
  texture = render_widget (view);
  g_assert_cmpint (gdk_texture_get_width (texture), ==,
                   gtk_widget_get_width (view) * gtk_widget_get_scale_factor (view));
  file = g_strdup_printf ("qr-code-view-%s-scale-%d", name, gtk_widget_get_scale_factor (view));
  path = save_texture (texture, file);
  image = download (texture);
  assert_crisp (&image, sesame_qr_code_view_get_modules (SESAME_QR_CODE_VIEW (view)));
  g_free (image.pixels);

  read = zbar_decode (path);
  g_assert_cmpstr (read, ==, URI);
}

static void
test_read_back (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = sesame_qr_code_view_new ();
  /* The natural size, then sizes that are no whole number of modules, with the window's
   * background beside the code. */
  const struct { int width, height; } sizes[] = { { -1, -1 }, { 263, 241 }, { 301, 347 } };

  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  g_assert_true (sesame_qr_code_view_set_text (SESAME_QR_CODE_VIEW (view), URI));
  g_assert_cmpstr (sesame_qr_code_view_get_text (SESAME_QR_CODE_VIEW (view)), ==, URI);
  gtk_widget_set_halign (view, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (view, GTK_ALIGN_CENTER);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 400);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_mapped (window);
  g_assert_cmpint (gtk_widget_get_scale_factor (view), ==, expected_scale ());

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *light = g_strdup_printf ("light-%u", i);
      g_autofree char *dark = g_strdup_printf ("dark-%u", i);

      waits_step ("the code at %d × %d", sizes[i].width, sizes[i].height);
      gtk_widget_set_size_request (view, sizes[i].width, sizes[i].height);
      set_dark (FALSE);
      check_rendered (view, light);
      set_dark (TRUE);
      check_rendered (view, dark);
    }
  set_dark (FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A text too long for any QR code draws nothing, and says so. */
static void
test_too_long (void)
{
  g_autoptr(GtkWidget) view = g_object_ref_sink (sesame_qr_code_view_new ());
  g_autofree char *huge = g_strnfill (4000, 'a');
  int minimum = -1, natural = -1;

  g_assert_false (sesame_qr_code_view_set_text (SESAME_QR_CODE_VIEW (view), huge));
  g_assert_cmpuint (sesame_qr_code_view_get_modules (SESAME_QR_CODE_VIEW (view)), ==, 0);
  gtk_widget_measure (view, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (natural, ==, 0);
  g_assert_true (sesame_qr_code_view_set_text (SESAME_QR_CODE_VIEW (view), URI));
  g_assert_cmpuint (sesame_qr_code_view_get_modules (SESAME_QR_CODE_VIEW (view)), >=, 21 + 8);
  g_assert_true (sesame_qr_code_view_set_text (SESAME_QR_CODE_VIEW (view), NULL));
  g_assert_cmpuint (sesame_qr_code_view_get_modules (SESAME_QR_CODE_VIEW (view)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  waits_init ();
  adw_init ();

  g_test_add_func ("/sesame/qr-code-view/read-back", test_read_back);
  g_test_add_func ("/sesame/qr-code-view/too-long", test_too_long);

  return g_test_run ();
}
