/* sesame-web-data.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the embedded sign-in keeps for a profile that stays signed in to its provider:
 * cookies and site data in $XDG_DATA_HOME/sesame/web/<id>, its cache in
 * $XDG_CACHE_HOME/sesame/web/<id>. Here, not in the WebKit module, so that the command
 * line can delete them with the profile.
 */
char     *sesame_web_data_directory  (const char  *profile_id);
char     *sesame_web_cache_directory (const char  *profile_id);
/* Whether the profile has kept web data (cookies). */
gboolean  sesame_web_data_exists     (const char  *profile_id);
/* Deletes both directories (no symbolic link is followed); nothing there is no error. */
gboolean  sesame_web_data_forget     (const char  *profile_id,
                                      GError     **error);

G_END_DECLS
