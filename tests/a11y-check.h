/* a11y-check.h: what a screen reader hears of the app's windows, read over AT-SPI
 *
 * The check reads the accessible tree the way Orca does: over the accessibility bus of the
 * test's own session bus, from GTK's AT-SPI objects. GTK's in-process accessible API of
 * 4.8 has no getter for a computed name, and the name a screen reader gets is computed
 * (labelled-by relations, the label property, GTK's fallback to the type name), so only
 * the bus tells the truth.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Call before gtk_init() (gtk_test_init()), with DBUS_SESSION_BUS_ADDRESS set: asks the
 * session bus for its accessibility bus (at-spi-bus-launcher) and points GTK at it with
 * AT_SPI_BUS_ADDRESS, so that GTK and the check meet on the same bus whatever the X
 * display says. Returns FALSE, with a message, when there is no accessibility bus.
 */
gboolean a11y_check_init          (void);

/* Walks @window (a GtkWindow, found by its title) as AT-SPI exports it. The window and
 * each visible, focusable object in it whose name is empty, only a type name
 * ("GtkExpander") or said twice with its access key ("_Sign In Sign In") is reported with
 * g_test_message() and the test is marked failed; a gap only the toolkit can close is
 * reported and not failed. @where names the state of the app. Returns the number of
 * failures.
 */
guint    a11y_check_names         (gpointer    window,
                                   const char *where);

/* Grabs the focus on @widget and returns what AT-SPI announced, as `role “name”` of
 * the last object whose "focused" state came on, or NULL when none said so.
 */
char    *a11y_check_focus         (gpointer    widget);

G_END_DECLS
