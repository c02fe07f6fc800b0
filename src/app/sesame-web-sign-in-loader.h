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

/* $XDG_DATA_HOME/sesame/web/<id> and $XDG_CACHE_HOME/sesame/web/<id>. */
char     *_sesame_web_sign_in_data_directory  (const char  *profile_id);
char     *_sesame_web_sign_in_cache_directory (const char  *profile_id);
/* Whether the profile has kept web data (cookies) from an embedded sign-in. */
gboolean  _sesame_web_sign_in_has_data        (const char  *profile_id);
/* Deletes the profile's web data and cache directories. */
gboolean  _sesame_web_sign_in_forget          (const char  *profile_id,
                                               GError     **error);

G_END_DECLS
