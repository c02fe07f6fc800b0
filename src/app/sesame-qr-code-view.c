/* sesame-qr-code-view.c
 *
 * A QR code for a phone to scan. It must read in the dark style too, so it is always
 * black on a white square that holds the quiet zone of four modules (ISO/IEC 18004), never
 * the theme's colours. It must read at every scale factor, so the snapshot works in
 * device pixels: each module is the same whole number of them, and the square starts on a
 * device pixel. No texture is scaled, so nothing is filtered into grey.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-qr-code-view"

#include "config.h"

#include "sesame-qr-code.h"
#include "sesame-qr-code-view.h"

#define QUIET_ZONE       4    /* modules on each side */
#define MIN_MODULE_SIZE  2    /* logical pixels a module, at the least */
#define MAX_MODULE_SIZE  4    /* … at the most, in the widget's minimum size */
#define MIN_SIDE         200  /* about, in logical pixels, quiet zone included */
#define NATURAL_SIDE     240

struct _SesameQrCodeView
{
  GtkWidget     parent_instance;

  /* Owned */
  char         *text;
  SesameQrCode *code;
};

G_DEFINE_FINAL_TYPE (SesameQrCodeView, sesame_qr_code_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

guint
sesame_qr_code_view_get_modules (SesameQrCodeView *self)
{
  g_return_val_if_fail (SESAME_IS_QR_CODE_VIEW (self), 0);

  return self->code != NULL ? sesame_qr_code_get_size (self->code) + 2 * QUIET_ZONE : 0;
}

static void
sesame_qr_code_view_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  guint modules = sesame_qr_code_view_get_modules (SESAME_QR_CODE_VIEW (widget));
  guint module;

  /* Whole logical pixels a module, so that it is crisp at scale 1. The minimum matters: a
   * page that scrolls gives its children no more than that when the window is short, and
   * a phone reads a code of small modules badly.
   */
  if (modules == 0)
    {
      *minimum = *natural = 0;
      return;
    }
  module = CLAMP (MIN_SIDE / modules, MIN_MODULE_SIZE, MAX_MODULE_SIZE);
  *minimum = (int) (modules * module);
  *natural = (int) (modules * MAX (module, NATURAL_SIDE / modules));
}

/* One rectangle for each run of dark modules in a row: fewer nodes, and no seams. */
static void
append_modules (SesameQrCodeView *self,
                GtkSnapshot      *snapshot,
                int               x0,
                int               y0,
                int               module)
{
  const GdkRGBA dark = { 0, 0, 0, 1 };
  guint size = sesame_qr_code_get_size (self->code);

  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size;)
      {
        guint end = x;

        while (end < size && sesame_qr_code_get_module (self->code, end, y))
          end++;
        if (end > x)
          {
            int left = x0 + (int) (x + QUIET_ZONE) * module;
            int top = y0 + (int) (y + QUIET_ZONE) * module;

            gtk_snapshot_append_color (snapshot, &dark,
                                       &GRAPHENE_RECT_INIT ((float) left, (float) top,
                                                            (float) ((int) (end - x) * module),
                                                            (float) module));
            x = end;
          }
        else
          x++;
      }
}

static void
sesame_qr_code_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  SesameQrCodeView *self = SESAME_QR_CODE_VIEW (widget);
  const GdkRGBA light = { 1, 1, 1, 1 };
  int scale = gtk_widget_get_scale_factor (widget);
  int width = gtk_widget_get_width (widget) * scale;
  int height = gtk_widget_get_height (widget) * scale;
  int modules = (int) sesame_qr_code_view_get_modules (self);
  int module, side, x0, y0;

  if (modules == 0)
    return;
  /* In device pixels from here on. */
  module = MAX (1, MIN (width, height) / modules);
  side = module * modules;
  x0 = (width - side) / 2;
  y0 = (height - side) / 2;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_scale (snapshot, 1.0f / (float) scale, 1.0f / (float) scale);
  gtk_snapshot_append_color (snapshot, &light,
                             &GRAPHENE_RECT_INIT ((float) x0, (float) y0, (float) side,
                                                  (float) side));
  append_modules (self, snapshot, x0, y0, module);
  gtk_snapshot_restore (snapshot);
}

const char *
sesame_qr_code_view_get_text (SesameQrCodeView *self)
{
  g_return_val_if_fail (SESAME_IS_QR_CODE_VIEW (self), NULL);

  return self->text;
}

gboolean
sesame_qr_code_view_set_text (SesameQrCodeView *self,
                              const char       *text)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SESAME_IS_QR_CODE_VIEW (self), FALSE);

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, self->text) == 0)
    return self->code != NULL || text == NULL;

  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_pointer (&self->code, sesame_qr_code_free);
  if (text != NULL && (self->code = sesame_qr_code_new (text, &error)) == NULL)
    g_debug ("No QR code: %s", error->message);

  /* A screen reader says the address the picture holds. */
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
  return self->code != NULL || text == NULL;
}

static void
sesame_qr_code_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SesameQrCodeView *self = SESAME_QR_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_qr_code_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SesameQrCodeView *self = SESAME_QR_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      sesame_qr_code_view_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_qr_code_view_finalize (GObject *object)
{
  SesameQrCodeView *self = SESAME_QR_CODE_VIEW (object);

  g_clear_pointer (&self->code, sesame_qr_code_free);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (sesame_qr_code_view_parent_class)->finalize (object);
}

static void
sesame_qr_code_view_class_init (SesameQrCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sesame_qr_code_view_finalize;
  object_class->get_property = sesame_qr_code_view_get_property;
  object_class->set_property = sesame_qr_code_view_set_property;
  widget_class->measure = sesame_qr_code_view_measure;
  widget_class->snapshot = sesame_qr_code_view_snapshot;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "qrcode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sesame_qr_code_view_init (SesameQrCodeView *self)
{
}

GtkWidget *
sesame_qr_code_view_new (void)
{
  return g_object_new (SESAME_TYPE_QR_CODE_VIEW, NULL);
}
