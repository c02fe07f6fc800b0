/* window-helpers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ui-helpers.h"
#include "waits.h"
#include "window-helpers.h"

static gboolean
is_mapped (gpointer widget)
{
  GdkSurface *surface;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  /* And placed: GTK places a popover by its parent's monitor, which a surface has only
   * once the X server told where it is (GTK 4.8 fails on a NULL monitor otherwise). */
  surface = GTK_IS_NATIVE (widget) ? gtk_native_get_surface (GTK_NATIVE (widget)) : NULL;
  return surface == NULL ||
         gdk_display_get_monitor_at_surface (gtk_widget_get_display (widget), surface) != NULL;
}

void
wait_for_mapped (gpointer window)
{
  wait_until (is_mapped, window, WAIT_SECONDS, "the window to be mapped and placed");
}

typedef struct
{
  SesameWindow *window;
  const char   *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (_sesame_window_get_page (wait->window), wait->page) == 0;
}

void
wait_for_page (SesameWindow *window,
               const char   *page)
{
  PageWait wait = { window, page };
  g_autofree char *what = g_strdup_printf ("the window's page “%s”", page);

  wait_until (page_is, &wait, WAIT_SECONDS, what);
}

gpointer
device_part (SesameWindow *window,
             const char   *id)
{
  return gtk_widget_get_template_child (_sesame_window_get_part (window, "device_page"),
                                        SESAME_TYPE_DEVICE_PAGE, id);
}

gboolean
device_page_at_rest (gpointer data)
{
  SesameWindow *window = data;

  return !gtk_stack_get_transition_running (device_part (window, "content_stack")) &&
         !gtk_stack_get_transition_running (_sesame_window_get_part (window, "stack"));
}

gboolean
shows_device_code (gpointer data)
{
  SesameWindow *window = data;

  return g_strcmp0 (_sesame_window_get_page (window), "device") == 0 &&
         *gtk_label_get_text (device_part (window, "user_code_label")) != '\0';
}

void
set_dark (gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                           : ADW_COLOR_SCHEME_FORCE_LIGHT);
}

void
close_preferences (SesamePreferencesWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_ms (50);
  g_assert_finalize_object (window);
}

GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sesame_secrets_store_tokens_finish (result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

void
store_tokens_and_wait (const char     *id,
                       const char     *name,
                       SesameTokenSet *tokens)
{
  gboolean done = FALSE;

  sesame_secrets_store_tokens_async (id, name, tokens, NULL, on_stored, &done);
  wait_until (is_true, &done, WAIT_SECONDS, "the keyring to store the tokens");
}

char *
base64url (const char *text)
{
  g_autoptr(GString) encoded = g_string_new (NULL);
  g_autofree char *plain = g_base64_encode ((const guchar *) text, strlen (text));

  g_string_assign (encoded, plain);
  g_string_replace (encoded, "+", "-", 0);
  g_string_replace (encoded, "/", "_", 0);
  g_string_replace (encoded, "=", "", 0);
  return g_string_free (g_steal_pointer (&encoded), FALSE);
}

void
delete_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, NULL, NULL, NULL) && info != NULL)
    {
      g_autoptr(GFile) entry = g_file_get_child (file, g_file_info_get_name (info));

      delete_tree (entry);
    }
  g_file_delete (file, NULL, NULL);
}

typedef struct
{
  char     *text;
  gboolean  done;
} TextRead;

static void
on_text (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TextRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

char *
read_clipboard_text (GdkClipboard *clipboard)
{
  TextRead read = { NULL };

  gdk_clipboard_read_text_async (clipboard, NULL, on_text, &read);
  wait_for_flag (&read.done, "the clipboard's text");
  return read.text;
}

void
take_light_and_dark_screenshots (const char *prefix,
                                 const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autofree char *light = g_strconcat (prefix, name, NULL);
  g_autofree char *dark = g_strconcat (prefix, name, "-dark", NULL);

  take_screenshot (light);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  take_screenshot (dark);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

gpointer
find_toplevel (const char *type_name,
               gboolean    mapped)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GType type = g_type_from_name (type_name);

  for (guint i = 0; type != 0 && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) &&
          (!mapped || gtk_widget_get_mapped (GTK_WIDGET (window))))
        return window;   /* the list holds it */
    }
  return NULL;
}

GtkMenuButton *
menu_button (SesameWindow *window)
{
  return GTK_MENU_BUTTON (_sesame_window_get_part (window, "main_menu_button"));
}

const char *
label_text (SesameWindow *window,
            const char   *id)
{
  return gtk_label_get_text (GTK_LABEL (_sesame_window_get_part (window, id)));
}

GtkWidget *
preferences_part (SesamePreferencesWindow *preferences,
                  const char              *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                    SESAME_TYPE_PREFERENCES_WINDOW, id));
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* A frame painted since now: the style or size just changed is laid out and drawn. */
static void
wait_for_paint (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (window);
  wait_for_flag (&painted, "the window to paint a frame");
  g_signal_handler_disconnect (clock, handler);
}

GdkTexture *
render_widget (GtkWidget *widget)
{
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int scale = gtk_widget_get_scale_factor (widget);
  graphene_rect_t bounds;

  wait_for_paint (window);
  paintable = gtk_widget_paintable_new (window);
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  /* The whole window, for its background, then the widget's rectangle of it. */
  gtk_snapshot_scale (snapshot, (float) scale, (float) scale);
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                      &GRAPHENE_RECT_INIT (bounds.origin.x * scale,
                                                           bounds.origin.y * scale,
                                                           bounds.size.width * scale,
                                                           bounds.size.height * scale));
}

char *
save_texture (GdkTexture *texture,
              const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "screenshots",
                                           NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);

  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return path;
}

char *
zbar_decode (const char *path)
{
  const char *argv[] = { "zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error))
    g_error ("zbarimg cannot run (build-aux/deps.sh installs zbar-tools): %s", error->message);
  if (!g_spawn_check_wait_status (status, NULL) || out == NULL || *out == '\0')
    {
      g_test_message ("zbarimg found no QR code in %s (status %d): %s", path, status, err);
      return NULL;
    }
  /* One code, one line: --raw ends each with a newline. */
  g_strchomp (out);
  g_assert_null (strchr (out, '\n'));
  return g_steal_pointer (&out);
}
