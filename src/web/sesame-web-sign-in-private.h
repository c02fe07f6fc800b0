/* sesame-web-sign-in-private.h
 *
 * What the dialog (sesame-web-sign-in.c) and its policy (sesame-web-sign-in-policy.c)
 * share, inside the module.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <webkit/webkit.h>

#include "sesame-web-sign-in.h"

G_BEGIN_DECLS

#define URI_FLAGS (G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE)

struct _SesameWebSignIn
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkImage             *security_icon;
  AdwWindowTitle       *location_title;
  GtkProgressBar       *progress_bar;
  GtkStack             *stack;
  GtkBox               *web_box;
  AdwStatusPage        *error_page;
  GtkLabel             *error_label;
  GtkWidget            *retry_button;
  GtkWidget            *show_page_button;
  GtkWidget            *close_button;

  /* Owned */
  char                 *authorization_uri;
  char                 *redirect_uri;
  GUri                 *redirect;
  char                 *data_directory;
  char                 *cache_directory;
  char                 *retry_uri;        /* what Try Again loads; NULL: reload */
  WebKitNetworkSession *session;

  /* Borrowed */
  WebKitWebView        *web_view;
  const char           *page;             /* a static string */

  gboolean              caught;           /* the redirect was handed on: load nothing more */
  gboolean              refused;          /* a TLS error ended the attempt */
  gboolean              committed;        /* a page has come */
  guint                 retries;          /* the first load, failed by WebKit, asked again */
  guint                 retry_id;
  gboolean              disposed;
};

/* sesame-web-sign-in.c */
/* @text is plain text (it may hold a provider's words): never markup. */
void      _sesame_web_sign_in_show_error          (SesameWebSignIn *self,
                                                   const char      *page,
                                                   const char      *icon_name,
                                                   const char      *title,
                                                   const char      *text,
                                                   const char      *retry_uri);
/* Emits ::redirect; the app may destroy the dialog in its handler. */
void      _sesame_web_sign_in_catch_redirect      (SesameWebSignIn *self,
                                                   const char      *uri);

/* sesame-web-sign-in-policy.c */
gboolean  _sesame_web_sign_in_is_allowed          (const char      *uri);
/* The host in full, with the port when it is not the scheme's default. */
char     *_sesame_web_sign_in_shown_host          (const char      *uri);
void      _sesame_web_sign_in_refuse_unencrypted  (SesameWebSignIn *self,
                                                   const char      *uri);
void      _sesame_web_sign_in_connect_policy      (SesameWebSignIn *self);

G_END_DECLS
