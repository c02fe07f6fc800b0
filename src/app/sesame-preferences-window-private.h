/* sesame-preferences-window-private.h
 *
 * What the preferences window's two halves share: the settings page
 * (sesame-preferences-window.c) and the tokens page (sesame-preferences-window-tokens.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-preferences-window.h"

G_BEGIN_DECLS

struct _SesamePreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets: settings page */
  AdwComboRow          *preset_row;
  AdwComboRow          *discovery_row;
  AdwEntryRow          *issuer_row;
  AdwEntryRow          *authorization_row;
  AdwEntryRow          *token_row;
  AdwEntryRow          *device_row;
  AdwEntryRow          *revocation_row;
  GtkLabel             *provider_error_label;
  AdwEntryRow          *client_id_row;
  AdwPasswordEntryRow  *secret_row;
  AdwComboRow          *auth_method_row;
  AdwEntryRow          *scope_row;
  GtkLabel             *client_error_label;
  AdwPreferencesGroup  *sign_in_group;
  AdwComboRow          *sign_in_method_row;
  AdwEntryRow          *redirect_row;
  AdwComboRow          *browser_row;
  AdwActionRow         *stay_signed_in_row;
  GtkSwitch            *stay_signed_in_switch;
  AdwActionRow         *web_data_row;
  AdwActionRow         *ca_file_row;
  GtkLabel             *sign_in_error_label;
  AdwEntryRow          *name_row;
  GtkLabel             *profile_error_label;

  /* Template widgets: tokens page */
  AdwPreferencesPage   *tokens_page;
  GtkWidget            *status_box;
  GtkImage             *status_image;
  GtkSpinner           *status_spinner;
  GtkLabel             *status_title;
  GtkLabel             *status_description;
  GtkWidget            *status_sign_in_button;
  AdwPreferencesGroup  *tokens_group;
  AdwPreferencesGroup  *scopes_group;
  AdwPreferencesGroup  *claims_group;
  AdwPreferencesGroup  *access_group;
  GtkWidget            *not_verified_label;
  AdwPreferencesGroup  *introspect_group;
  GtkSpinner           *introspect_spinner;
  GtkWidget            *introspect_button;
  AdwPreferencesGroup  *actions_group;
  GtkSpinner           *actions_spinner;
  GtkLabel             *actions_label;

  /* Owned */
  SesameProfileStore   *store;
  SesameProfile        *saved;          /* as last written to the store */
  SesameProfile        *base;           /* what no row shows: preset, params, other endpoints */
  GCancellable         *cancellable;
  GPtrArray            *variable_rows;  /* AdwEntryRow, one per variable of the preset */
  char                 *preset_error;   /* why the chosen preset could not be applied */
  char                 *ca_file;
  char                 *ca_error;
  char                 *stored_secret;  /* the client secret last written from this window */
  GtkNativeDialog      *ca_chooser;
  SesameAccount        *account;
  SesameTokenSet       *tokens;
  GPtrArray            *token_rows;     /* rows added to the tokens page for @tokens */
  AdwToast             *toast;          /* the last one shown, dismissed by the next */
  GCancellable         *introspect_cancellable;  /* the access token shown: checks, requests */
  guint                 save_source;
  guint                 countdown_source;
  guint                 loading;        /* rows are being filled in: not a user's change */
  gboolean              removed;
  gboolean              busy;           /* a refresh or sign-out is running */
  gboolean              disposed;

  /* Borrowed */
  GtkLabel             *expires_label;
};

/* sesame-preferences-window.c */
void _sesame_preferences_window_show_toast        (SesamePreferencesWindow *self,
                                                   const char              *text);
/* A row changed: checks everything, and saves after a pause if all is valid. */
void _sesame_preferences_window_changed           (SesamePreferencesWindow *self);
/* The stored tokens, once the Tokens page has read them. */
SesameTokenSet *_sesame_preferences_window_get_tokens (SesamePreferencesWindow *self);

/* sesame-preferences-window-rows.c */
void           _sesame_preferences_window_load_rows         (SesamePreferencesWindow *self);
void           _sesame_preferences_window_set_ca_file       (SesamePreferencesWindow *self,
                                                             const char              *path);
void           _sesame_preferences_window_update_visibility (SesamePreferencesWindow *self);
void           _sesame_preferences_window_preset_selected   (SesamePreferencesWindow *self);
/* The profile the rows describe: a copy of @base with every row's value. */
SesameProfile *_sesame_preferences_window_build_edited      (SesamePreferencesWindow *self);
/* Marks every invalid row; TRUE when the whole profile as edited may be saved. */
gboolean       _sesame_preferences_window_check_all         (SesamePreferencesWindow *self);
char          *_sesame_preferences_window_row_text          (gpointer                 row);
/* "error" style, tooltip and accessible state of a row: @message NULL clears them. */
void           _sesame_preferences_window_mark_row          (GtkWidget               *row,
                                                             const char              *message);
/* Adds a line to the error label under a group; the same message only once. */
void           _sesame_preferences_window_append_error      (GtkLabel                *label,
                                                             const char              *message);

/* sesame-preferences-window-claims.c: what the access token and the ID token say */
void _sesame_preferences_window_class_init_claims (GtkWidgetClass          *widget_class);
void _sesame_preferences_window_dispose_claims    (SesamePreferencesWindow *self);
/* Rows in @group for @claims, in sesame_jwt_claim_order(), as plain text. */
void _sesame_preferences_window_add_claim_rows    (SesamePreferencesWindow *self,
                                                   AdwPreferencesGroup     *group,
                                                   JsonObject              *claims);
/* The access token's claims and introspection; @tokens %NULL hides them. */
void _sesame_preferences_window_show_access_token (SesamePreferencesWindow *self,
                                                   SesameTokenSet          *tokens);

/* sesame-preferences-window-tokens.c */
/* A row with a small title above its value (plain text, wrapped, selectable) in @group,
 * removed with the tokens. Returns the value's label. */
GtkLabel *_sesame_preferences_window_add_value_row (SesamePreferencesWindow *self,
                                                   AdwPreferencesGroup     *group,
                                                   const char              *title,
                                                   const char              *value);
void _sesame_preferences_window_class_init_tokens (GtkWidgetClass          *widget_class);
void _sesame_preferences_window_load_tokens       (SesamePreferencesWindow *self);
void _sesame_preferences_window_dispose_tokens    (SesamePreferencesWindow *self);

G_END_DECLS
