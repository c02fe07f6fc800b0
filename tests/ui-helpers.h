/* ui-helpers.h: screenshots, for the tests that drive the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "waits.h"

G_BEGIN_DECLS

/* Lets the window settle, then saves the screen as _build/screenshots/@name.png (nothing
 * without a display or ImageMagick's `import`).
 */
void take_screenshot (const char *name);

G_END_DECLS
