/* ui-helpers.h: the main loop and screenshots, for the tests that drive the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Iterates the main loop until @done returns TRUE; fails the test after 60 s. */
void spin_until      (gboolean  (*done) (gpointer),
                      gpointer    data);
/* Iterates the main loop for @ms milliseconds. */
void spin_for        (guint       ms);
/* Lets the window settle, then saves the screen as _build/screenshots/@name.png (nothing
 * without a display or ImageMagick's `import`).
 */
void take_screenshot (const char *name);

G_END_DECLS
