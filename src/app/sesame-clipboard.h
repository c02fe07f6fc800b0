/* sesame-clipboard.h: the one way a secret reaches the clipboard, and leaves it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Offered beside the text, with the bytes "secret": KDE's Klipper and other clipboard
 * managers then keep no copy in their history. */
#define SESAME_CLIPBOARD_HINT_TYPE "x-kde-passwordManagerHint"
/* The key of the app's settings (data/io.github.sesame.Sesame.gschema.xml). */
#define SESAME_CLIPBOARD_CLEAR_KEY "clipboard-clear-seconds"
/* Its default, used too when the schema is not installed. */
#define SESAME_CLIPBOARD_CLEAR_DEFAULT 60

/* Puts @secret (a token, an Authorization header, a curl line) on @widget's clipboard,
 * marked as a secret, and clears it after the delay that the settings give, if the
 * clipboard still holds what Sesame put there; a later copy of a secret restarts the
 * delay. Returns the confirmation a toast shows: @copied ("Access token copied") and
 * when the clipboard will be cleared.
 */
char      *sesame_clipboard_copy_secret        (GtkWidget    *widget,
                                                const char   *secret,
                                                const char   *copied);
/* Clears each clipboard that still holds a secret Sesame put there (the app quits). */
void       sesame_clipboard_clear_owned        (void);
/* The app's settings; %NULL when the schema is not installed. (transfer none) */
GSettings *sesame_clipboard_get_settings       (void);
/* The delay before clearing, in seconds; 0: never. */
guint      sesame_clipboard_get_clear_seconds  (void);
/* @seconds as a choice of the preference says it ("After 1 Minute", "Never"). */
char      *sesame_clipboard_describe_delay     (guint         seconds);

/* For the tests: whether @clipboard holds a secret Sesame put there, and whether its
 * clearing is still to come. */
gboolean   _sesame_clipboard_holds_secret      (GdkClipboard *clipboard);
gboolean   _sesame_clipboard_clearing_pending  (GdkClipboard *clipboard);

G_END_DECLS
