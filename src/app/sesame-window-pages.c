/* sesame-window-pages.c
 *
 * The main window's pages that its first frame does not show: each is built from its own
 * resource the first time it is shown, which keeps their widgets, icons and menu out of
 * the start-up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include "sesame-accessible.h"
#include "sesame-window-private.h"

/* The first frame shows the welcome page or a profile's; the other pages of the stack, with
 * their icons and menu, are each built from their own resource the first time they are shown.
 */
typedef struct
{
  const char *name;        /* in the stack */
  const char *resource;
  const char *root;        /* the page's object in the resource */
} LazyPage;

#define PAGES_PATH "/io/github/sesame/Sesame/"

static const LazyPage lazy_pages[] = {
  { "signed-out", PAGES_PATH "sesame-window-signed-out.ui", "signed_out_page" },
  { "waiting", PAGES_PATH "sesame-window-waiting.ui", "waiting_page" },
  { "signed-in", PAGES_PATH "sesame-window-signed-in.ui", "signed_in_page" },
  { "error", PAGES_PATH "sesame-window-error.ui", "error_page" },
  { "device", PAGES_PATH "sesame-window-device.ui", "device_page" },
};

#define PAGE_CHILD(name) { #name, G_STRUCT_OFFSET (SesameWindow, name) }

static const struct
{
  const char *id;
  gsize       offset;
} page_children[] = {
  PAGE_CHILD (signed_out_label), PAGE_CHILD (waiting_page), PAGE_CHILD (spinner),
  PAGE_CHILD (paste_expander), PAGE_CHILD (paste_entry), PAGE_CHILD (paste_error),
  PAGE_CHILD (avatar), PAGE_CHILD (account_name), PAGE_CHILD (account_detail),
  PAGE_CHILD (expiry_label), PAGE_CHILD (error_page), PAGE_CHILD (error_label),
  PAGE_CHILD (device_page),
};

static void
on_paste_activate (SesameWindow *self)
{
  _sesame_window_deliver_pasted (self);
}

/* Continue, beside the paste field, waits for an address. */
static void
on_paste_changed (GtkEditable *entry)
{
  gtk_widget_set_sensitive (gtk_widget_get_next_sibling (GTK_WIDGET (entry)),
                            *gtk_editable_get_text (entry) != '\0');
}

static GtkBuilder *
page_builder_new (SesameWindow *self)
{
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  GtkBuilder *builder = gtk_builder_new ();

  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "on_paste_activate",
                                          G_CALLBACK (on_paste_activate));
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "on_paste_changed",
                                          G_CALLBACK (on_paste_changed));
  gtk_builder_set_scope (builder, scope);
  gtk_builder_set_current_object (builder, G_OBJECT (self));
  return builder;
}

/* Names for the screen reader; a collapsed expander's content is not in the tree yet. */
static void
name_page (GtkWidget  *root,
           GtkBuilder *builder)
{
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_BUTTON (l->data))
      _sesame_accessible_fix_mnemonics (l->data);
  if (ADW_IS_STATUS_PAGE (root))
    _sesame_accessible_name_status_page (ADW_STATUS_PAGE (root));
}

void
_sesame_window_ensure_page (SesameWindow *self,
                            const char   *name)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  const LazyPage *page = NULL;
  GtkWidget *root;

  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (lazy_pages); i++)
    if (g_str_equal (lazy_pages[i].name, name))
      page = &lazy_pages[i];
  g_return_if_fail (page != NULL);

  builder = page_builder_new (self);
  if (!gtk_builder_add_from_resource (builder, page->resource, &error))
    g_error ("The window's page “%s” cannot be built: %s", name, error->message);
  for (guint i = 0; i < G_N_ELEMENTS (page_children); i++)
    {
      GObject *child = gtk_builder_get_object (builder, page_children[i].id);

      if (child != NULL)
        G_STRUCT_MEMBER (GObject *, self, page_children[i].offset) = child;
    }
  root = GTK_WIDGET (gtk_builder_get_object (builder, page->root));
  name_page (root, builder);
  gtk_stack_add_named (self->stack, root, name);
}

void
_sesame_window_show_page (SesameWindow *self,
                          const char   *name)
{
  _sesame_window_ensure_page (self, name);
  gtk_stack_set_visible_child_name (self->stack, name);
}

gpointer
_sesame_window_get_part (SesameWindow *self,
                         const char   *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_children); i++)
    if (g_str_equal (page_children[i].id, id))
      return G_STRUCT_MEMBER (GObject *, self, page_children[i].offset);
  return gtk_widget_get_template_child (GTK_WIDGET (self), SESAME_TYPE_WINDOW, id);
}

/* Drops the pointers into the pages, which go with the window's stack. */
void
_sesame_window_forget_pages (SesameWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_children); i++)
    G_STRUCT_MEMBER (GObject *, self, page_children[i].offset) = NULL;
}
