/* sesame-web-sign-in-loader.h
 *
 * The app's side of the embedded sign-in: it loads the WebKit module on first use, and
 * knows where a profile's persistent web data lives. Nothing here links WebKit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The dialog's GType, from the module (in SESAME_MODULE_DIR, or the installed
 * libdir/sesame), loaded once and kept resident. G_TYPE_INVALID with @error if it
 * cannot be loaded.
 */
GType     _sesame_web_sign_in_load           (GError     **error);
/* Whether the module has been loaded in this process (that is, whether WebKit has). */
gboolean  _sesame_web_sign_in_is_loaded      (void);

G_END_DECLS
