/* window-helpers.h: the app's windows, for the tests that drive them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-preferences-window-private.h"
#include "sesame-window-private.h"

G_BEGIN_DECLS

/* Iterates the main loop until @window is mapped (bounded: tests/waits.h). */
void           wait_for_mapped  (gpointer                 window);
/* Iterates the main loop until @window shows its page @page (bounded). */
void           wait_for_page    (SesameWindow            *window,
                                 const char              *page);
/* A widget of the window's device page, by its id in its .ui file. (transfer none) */
gpointer       device_part      (SesameWindow            *window,
                                 const char              *id);
/* For wait_until(): the device page and the window's stack at rest (a picture taken
 * during a crossfade holds two pages at once); the device page showing its code. */
gboolean       device_page_at_rest (gpointer              window);
gboolean       shows_device_code (gpointer                window);
/* The style the tests' windows draw in: dark, or light. */
void           set_dark         (gboolean                 dark);
/* Widgets of the window's, by their ids in its .ui files. */
GtkMenuButton *menu_button      (SesameWindow            *window);
const char    *label_text       (SesameWindow            *window,
                                 const char              *id);
/* The first toplevel window of the type named @type_name (or a type derived from it),
 * mapped if @mapped; %NULL if there is none (or no such type yet). (transfer none) */
gpointer       find_toplevel    (const char              *type_name,
                                 gboolean                 mapped);
/* Destroys @window and checks that nothing holds it any longer. */
void           close_preferences (SesamePreferencesWindow *window);
/* @widget or the first widget below it of @type; %NULL if there is none. (transfer none) */
GtkWidget     *find_descendant  (GtkWidget               *widget,
                                 GType                    type);
/* Screenshots (ui-helpers.h) named @prefix@name in the light style, then
 * @prefix@name-dark in the dark one; the style is the default again after. */
void           take_light_and_dark_screenshots (const char *prefix,
                                                const char *name);
/* @clipboard's text, as GTK reads it (UTF8_STRING or text/plain over X): %NULL when
 * there is none. (transfer full) */
char          *read_clipboard_text (GdkClipboard         *clipboard);
/* Stores @tokens in the keyring as the profile @id's (named @name), and waits until
 * they are. */
void           store_tokens_and_wait (const char     *id,
                                      const char     *name,
                                      SesameTokenSet *tokens);
/* @text in base64url without padding (RFC 7515 §2): for JWTs made by hand. */
char          *base64url        (const char              *text);
/* Deletes @file and, for a folder, everything below it (not following links). */
void           delete_tree      (GFile                   *file);

/* A widget of the preferences window's, by its id in its .ui file. */
GtkWidget     *preferences_part (SesamePreferencesWindow *preferences,
                                 const char              *id);

/* @widget as its window draws it, in device pixels (its scale factor applied), with the
 * window's background behind it: a screenshot of the widget. (transfer full) */
GdkTexture    *render_widget    (GtkWidget               *widget);
/* Saves @texture as _build/screenshots/@name.png and returns that path. */
char          *save_texture     (GdkTexture              *texture,
                                 const char              *name);
/* The text of the one QR code `zbarimg` finds in the image at @path; NULL when it finds
 * none (and says so with g_test_message). */
char          *zbar_decode      (const char              *path);

G_END_DECLS
