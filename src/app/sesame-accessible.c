/* sesame-accessible.c: names for the screen reader where GTK 4.8 and libadwaita 1.2 give
 * none, or a wrong one
 *
 * What a screen reader hears is checked over AT-SPI by tests/a11y-check.c. Some of the
 * widgets named here are built inside GTK or libadwaita; they are found by type, and a
 * toolkit that names them itself only makes these calls redundant. README.md,
 * "Accessibility", says what only a newer toolkit fixes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-accessible"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-accessible.h"

typedef void (*WidgetFunc) (GtkWidget *widget,
                            gpointer   data);

static void
find_list_box (GtkWidget *widget,
               gpointer   data)
{
  if (*(GtkWidget **) data == NULL && GTK_IS_LIST_BOX (widget))
    *(GtkWidget **) data = widget;
}

static void
for_each_descendant (GtkWidget  *root,
                     WidgetFunc  func,
                     gpointer    data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      func (child, data);
      for_each_descendant (child, func, data);
    }
}

/* GTK 4.8 names a button by its label property, which is the text with the underscore
 * of its access key, and then by its label widget: "_Sign In Sign In". Without the
 * property the label widget alone names it.
 */
static void
fix_mnemonic (GtkWidget *widget,
              gpointer   data)
{
  if (GTK_IS_BUTTON (widget) && gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* Call again after a button's label changes. */
void
_sesame_accessible_fix_mnemonics (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  fix_mnemonic (root, NULL);
  for_each_descendant (root, fix_mnemonic, NULL);
}

static void
set_label (gpointer    widget,
           const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label != NULL ? label : "", -1);
}

static GtkWidget *
scrolled_child (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SCROLLED_WINDOW (child))
      return child;
  return NULL;
}

static void
on_status_page_title (AdwStatusPage *page)
{
  GtkWidget *scroller = scrolled_child (GTK_WIDGET (page));

  if (scroller != NULL)
    set_label (scroller, adw_status_page_get_title (page));
}

/* A status page and a preferences page scroll their content, and the scrolled window
 * takes the focus when the content has nothing focusable (no profiles, no search
 * results): it is named by the page's title.
 */
void
_sesame_accessible_name_status_page (AdwStatusPage *page)
{
  g_return_if_fail (ADW_IS_STATUS_PAGE (page));

  g_signal_connect (page, "notify::title", G_CALLBACK (on_status_page_title), NULL);
  on_status_page_title (page);
}

static void
name_page (GtkWidget *widget,
           gpointer   data)
{
  GtkWidget *scroller;

  if (ADW_IS_STATUS_PAGE (widget))
    _sesame_accessible_name_status_page (ADW_STATUS_PAGE (widget));
  else if (ADW_IS_PREFERENCES_PAGE (widget) && (scroller = scrolled_child (widget)) != NULL)
    {
      const char *title = adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget));
      GtkRoot *root = gtk_widget_get_root (widget);

      /* A dialog's only page has no title of its own. */
      if ((title == NULL || *title == '\0') && GTK_IS_WINDOW (root))
        title = gtk_window_get_title (GTK_WINDOW (root));
      set_label (scroller, title);
    }
}

/* Every status page and preferences page under @root, libadwaita's own included. */
void
_sesame_accessible_name_pages (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  for_each_descendant (root, name_page, NULL);
}

/* A group without a title leaves its list without a name. */
void
_sesame_accessible_name_group_list (AdwPreferencesGroup *group,
                                    const char          *label)
{
  GtkWidget *list = NULL;

  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  for_each_descendant (GTK_WIDGET (group), find_list_box, &list);
  if (list != NULL)
    set_label (list, label);
}

static void
name_list_box (GtkWidget *widget,
               gpointer   label)
{
  if (GTK_IS_LIST_BOX (widget))
    set_label (widget, label);
}

static void
name_preferences_part (GtkWidget *widget,
                       gpointer   data)
{
  const char *icon = GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget))
                                            : NULL;

  if (GTK_IS_SEARCH_ENTRY (widget))
    set_label (widget, _("Search Settings"));
  else if (icon != NULL && (strstr (icon, "search") != NULL || strstr (icon, "find") != NULL))
    set_label (widget, _("Search"));
  else if (ADW_IS_PREFERENCES_PAGE (widget) &&
           adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (widget))[0] == '\0')
    {
      /* The page of search results, the only one without a title: its group's list and
       * the list of results in it. */
      for_each_descendant (widget, name_list_box, _("Search Results"));
      if (scrolled_child (widget) != NULL)
        set_label (scrolled_child (widget), _("Search Results"));
    }
}

static void
name_preferences_parts (GtkWidget *window)
{
  for_each_descendant (window, name_preferences_part, NULL);
}

/* libadwaita 1.2's preferences window leaves its search entry, its search button and the
 * list of search results without a name; its pages are named too.
 */
void
_sesame_accessible_name_preferences (AdwPreferencesWindow *window)
{
  g_return_if_fail (ADW_IS_PREFERENCES_WINDOW (window));

  _sesame_accessible_name_pages (GTK_WIDGET (window));
  name_preferences_parts (GTK_WIDGET (window));
}

/* The items of a combo row's list have no name in GTK 4.8, which gained
 * gtk_list_item_set_accessible_label() in 4.12. Until then the cell widget around each
 * item's child is named by the item's text, and the list by the row's title.
 */
static void
on_combo_item_bind (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    AdwComboRow              *row)
{
  GObject *object = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  GtkWidget *cell = child != NULL ? gtk_widget_get_parent (child) : NULL;
  GtkWidget *list = cell != NULL ? gtk_widget_get_parent (cell) : NULL;

  if (!GTK_IS_STRING_OBJECT (object) || cell == NULL ||
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (cell)) != GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_string_object_get_string (GTK_STRING_OBJECT (object)), -1);
  if (GTK_IS_LIST_VIEW (list))
    gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                    -1);
}

static void
find_label (GtkWidget *widget,
            gpointer   data)
{
  if (*(GtkWidget **) data == NULL && GTK_IS_LABEL (widget))
    *(GtkWidget **) data = widget;
}

/* The cells bound already: each by the text of its label. */
static void
name_bound_cell (GtkWidget *widget,
                 gpointer   data)
{
  GtkWidget *label = NULL;

  if (!GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget)) ||
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) != GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    return;
  for_each_descendant (widget, find_label, &label);
  if (label != NULL)
    set_label (widget, gtk_label_get_text (GTK_LABEL (label)));
  set_label (gtk_widget_get_parent (widget), data);
}

void
_sesame_accessible_name_combo_items (AdwComboRow *row)
{
  GtkListItemFactory *factory;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  factory = adw_combo_row_get_factory (row);
  if (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory))
    g_signal_connect_object (factory, "bind", G_CALLBACK (on_combo_item_bind), row,
                             G_CONNECT_AFTER);
  for_each_descendant (GTK_WIDGET (row), name_bound_cell,
                       (gpointer) adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

typedef struct
{
  AdwPasswordEntryRow *row;
  char                *show_label;
  char                *hide_label;
} PeekLabels;

static void
peek_labels_free (gpointer data)
{
  PeekLabels *labels = data;

  g_free (labels->show_label);
  g_free (labels->hide_label);
  g_free (labels);
}

static void
update_peek_label (GtkWidget  *button,
                   GParamSpec *pspec,
                   PeekLabels *labels)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (labels->row));
  gboolean shown = GTK_IS_TEXT (text) && gtk_text_get_visibility (GTK_TEXT (text));

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  shown ? labels->hide_label : labels->show_label, -1);
}

static void
find_peek_button (GtkWidget *widget,
                  gpointer   data)
{
  GtkWidget **found = data;
  const char *icon = GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget))
                                            : NULL;

  if (*found == NULL && icon != NULL && g_str_has_prefix (icon, "view-"))
    *found = widget;
}

/* libadwaita 1.2 names the eye button only by its tooltip, "Show Text", and calls it
 * "GtkImage": it is named for what it shows or hides, and its name follows it.
 */
void
_sesame_accessible_name_peek_button (AdwPasswordEntryRow *row,
                                     const char          *show_label,
                                     const char          *hide_label)
{
  GtkWidget *button = NULL;
  PeekLabels *labels;

  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  for_each_descendant (GTK_WIDGET (row), find_peek_button, &button);
  if (button == NULL)
    return;
  labels = g_new0 (PeekLabels, 1);
  labels->row = row;
  labels->show_label = g_strdup (show_label);
  labels->hide_label = g_strdup (hide_label);
  g_object_set_data_full (G_OBJECT (button), "sesame-peek-labels", labels, peek_labels_free);
  g_signal_connect (button, "notify::icon-name", G_CALLBACK (update_peek_label), labels);
  update_peek_label (button, NULL, labels);
}

static void
name_shortcuts_part (GtkWidget *widget,
                     gpointer   data)
{
  const char *label = NULL;

  if (GTK_IS_SCROLLED_WINDOW (widget))
    label = _("Keyboard Shortcuts");
  else if (GTK_IS_SEARCH_ENTRY (widget))
    label = _("Search Shortcuts");
  else if (GTK_IS_MENU_BUTTON (widget))
    label = _("Shortcut Sections");   /* the toggle button inside it is named by it */
  else if (GTK_IS_TOGGLE_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    label = _("Search");
  if (label != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    label, -1);
}

/* GTK 4.8's shortcuts window leaves its search entry, its search button and its menu
 * of sections without a name.
 */
void
_sesame_accessible_name_shortcuts (GtkShortcutsWindow *window)
{
  g_return_if_fail (GTK_IS_SHORTCUTS_WINDOW (window));

  for_each_descendant (GTK_WIDGET (window), name_shortcuts_part, NULL);
}
