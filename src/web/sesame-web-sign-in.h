/* sesame-web-sign-in.h
 *
 * The embedded sign-in dialog: the only code that includes WebKit. It is built as a
 * loadable module (sesame-web-sign-in.so), opened the first time it is needed, so that
 * the sesame binary itself never links WebKitGTK (see sesame-web-sign-in-loader.h).
 *
 * The app talks to the dialog through GObject properties and signals only:
 *   "authorization-uri"  (construct) the address to load
 *   "redirect-uri"       (construct) the registered loopback redirect URI: a navigation
 *                        to it (same scheme, host, port and path) is stopped and handed on
 *   "data-directory",
 *   "cache-directory"    (construct) where the provider's cookies are kept; both NULL (the
 *                        default): an ephemeral session that forgets them on closing
 *   "error-message"      (write) the app refused the caught redirect: shown with Try again
 *   "page"               (read) "web", "load-error", "http-error", "tls-error",
 *                        "redirect-error"
 *   ::redirect (const char *uri)  the caught redirect, for the loopback's callback checks
 *   ::cancelled ()                Cancel, Escape or the window closed: the app ends the
 *                                 wait and destroys the dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SESAME_TYPE_WEB_SIGN_IN (sesame_web_sign_in_get_type ())

G_DECLARE_FINAL_TYPE (SesameWebSignIn, sesame_web_sign_in, SESAME, WEB_SIGN_IN, AdwWindow)

/* The module's one entry point, looked up by name with GModule. */
#define SESAME_WEB_SIGN_IN_ENTRY_POINT "sesame_web_sign_in_module_get_type"

G_MODULE_EXPORT GType sesame_web_sign_in_module_get_type (void);

G_END_DECLS
