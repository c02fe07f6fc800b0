/* sesame-window-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-device-page.h"
#include "sesame-store.h"
#include "sesame-window.h"

G_BEGIN_DECLS

struct _SesameWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkMenuButton        *main_menu_button;
  GMenuModel           *main_menu;
  GtkListBox           *profile_list;
  GtkListBox           *preset_list;
  AdwWindowTitle       *content_title;
  GtkWidget            *settings_button;
  GtkStack             *stack;

  /* Widgets of the pages built on first use (sesame-window-*.ui), NULL until then */
  GtkLabel             *signed_out_label;
  AdwStatusPage        *waiting_page;
  GtkSpinner           *spinner;
  GtkExpander          *paste_expander;
  GtkEntry             *paste_entry;
  GtkLabel             *paste_error;
  AdwAvatar            *avatar;
  GtkLabel             *account_name;
  GtkLabel             *account_detail;
  GtkLabel             *expiry_label;
  AdwStatusPage        *error_page;
  GtkLabel             *error_label;
  SesameDevicePage     *device_page;

  /* Owned */
  SesameProfileStore   *store;
  SesameProfile        *profile;
  SesameAccount        *account;
  SesameTokenSet       *tokens;
  SesameFlow           *flow;
  SesameDeviceFlow     *device_flow;        /* a sign-in on another device, while it runs */
  char                 *authorization_uri;
  GtkWindow            *web_sign_in;        /* the embedded sign-in dialog (or the one saying
                                             * it is not available), while open */
  GCancellable         *cancellable;        /* the window's: cancelled when it closes */
  GCancellable         *sign_in_cancellable;
  guint                 countdown_id;
  char                 *picture_uri;        /* the one shown or being fetched */
  gboolean              retry_reloads;      /* Try Again re-reads the keyring, no sign-in */
  gboolean              account_outdated;   /* the profile changed during the sign-in */
};

/* sesame-window-pages.c */
void     _sesame_window_ensure_page     (SesameWindow  *self,
                                         const char    *name);
void     _sesame_window_show_page       (SesameWindow  *self,
                                         const char    *name);
void     _sesame_window_forget_pages    (SesameWindow  *self);

/* sesame-window.c */
void     _sesame_window_show_error      (SesameWindow  *self,
                                         const char    *title,
                                         const GError  *error);
void     _sesame_window_show_tokens     (SesameWindow  *self,
                                         SesameTokenSet *tokens);
void     _sesame_window_reload_tokens   (SesameWindow  *self);
void     _sesame_window_toast           (SesameWindow  *self,
                                         const char    *text);
void     _sesame_window_update_actions  (SesameWindow  *self);
void     _sesame_window_renew_account   (SesameWindow  *self);

/* sesame-window-sign-in.c */
void     _sesame_window_sign_in         (SesameWindow  *self);
void     _sesame_window_cancel_sign_in  (SesameWindow  *self);
void     _sesame_window_copy_link       (SesameWindow  *self);
void     _sesame_window_deliver_pasted  (SesameWindow  *self);
gboolean _sesame_window_is_signing_in   (SesameWindow  *self);
void     _sesame_window_end_sign_in     (SesameWindow  *self);
gboolean _sesame_window_flow_ended      (SesameWindow  *self,
                                         const GError  *error);
void     _sesame_window_tokens_saved    (SesameWindow  *self,
                                         SesameAccount *account,
                                         const GError  *error);
void     _sesame_window_close_web_sign_in (SesameWindow *self);

/* sesame-window-device.c */
void     _sesame_window_sign_in_device  (SesameWindow  *self);

/* For tests: the page shown ("welcome", "signed-out", "waiting", "device", "signed-in",
 * "error"). */
const char *_sesame_window_get_page     (SesameWindow  *self);
gboolean    _sesame_window_select_profile (SesameWindow *self,
                                           const char   *name);
SesameProfile  *_sesame_window_get_profile           (SesameWindow *self);
SesameTokenSet *_sesame_window_get_tokens            (SesameWindow *self);
const char     *_sesame_window_get_authorization_uri (SesameWindow *self);
/* A widget of the window's by its id in the .ui files; %NULL while its page is not built. */
gpointer        _sesame_window_get_part              (SesameWindow *self,
                                                      const char   *id);

G_END_DECLS
