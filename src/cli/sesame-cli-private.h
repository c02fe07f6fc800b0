/* sesame-cli-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-oauth.h"
#include "sesame-store.h"

G_BEGIN_DECLS

/* sesame-cli-util.c: shared by every command */

/* Prints "sesame: MESSAGE" on stderr, one line, and returns the exit code for @error. */
int  _sesame_cli_fail              (const GError  *error);
/* Prints "sesame: MESSAGE" on stderr, one line, the message sanitised. */
void _sesame_cli_print_error       (const GError  *error);
void _sesame_cli_append_exit_codes (GString       *text);
gboolean _sesame_cli_usage_error   (GError       **error,
                                    const char    *message);
/* @text made safe for a terminal: no control characters, bounded. */
char    *_sesame_cli_shown         (const char    *text);
/* Options with the exit codes in --help. */
GOptionContext *_sesame_cli_new_context (const char   *parameter,
                                         const char   *summary,
                                         GOptionEntry *entries);
SesameProfileStore *_sesame_cli_open_store (GError **error);
/* (transfer none): SESAME_STORE_ERROR_PROFILE_NOT_FOUND when there is none. */
SesameProfile *_sesame_cli_lookup_profile (SesameProfileStore  *store,
                                           const char          *name,
                                           GError             **error);
void _sesame_cli_print_tokens      (SesameTokenSet *tokens,
                                    gboolean        json);

/* Runs a main loop until one asynchronous call is done:
 *   some_call_async (…, _sesame_cli_on_result, _sesame_cli_waiter_start (&waiter));
 *   some_call_finish (_sesame_cli_waiter_wait (&waiter), …);
 */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} SesameCliWaiter;

void                _sesame_cli_waiter_clear    (SesameCliWaiter     *waiter);
SesameCliWaiter    *_sesame_cli_waiter_start    (SesameCliWaiter     *waiter);
GAsyncResult       *_sesame_cli_waiter_wait     (SesameCliWaiter     *waiter);
void                _sesame_cli_on_result       (GObject             *object,
                                                 GAsyncResult        *result,
                                                 gpointer             user_data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SesameCliWaiter, _sesame_cli_waiter_clear)

/* sesame-cli.c */
typedef enum
{
  SESAME_CLI_PRINT_NOTHING,
  SESAME_CLI_PRINT_TOKEN,
  SESAME_CLI_PRINT_JSON,
} SesameCliPrint;

SesameTokenSet *_sesame_cli_run_flow     (SesameFlow      *flow,
                                          gboolean         system_browser,
                                          SesameCliPrint   print,
                                          GError         **error);
void            _sesame_cli_finish_flow  (SesameFlow      *flow);

/* sesame-cli-device.c */
SesameTokenSet *_sesame_cli_run_device_flow        (SesameDeviceFlow  *flow,
                                                    SesameCliPrint     print,
                                                    GError           **error);
int             _sesame_cli_sign_in_device_profile (SesameAccount     *account,
                                                    int                timeout,
                                                    gboolean           json);
char           *_sesame_cli_draw_qr_code           (const char        *text,
                                                    GError           **error);


SesameAccount *_sesame_cli_open_account (const char  *name,
                                         GError     **error);

/* sesame-cli-token.c, sesame-cli-sign-out.c, sesame-cli.c */
int  _sesame_cli_token_run         (int            argc,
                                    char         **argv);
int  _sesame_cli_sign_out_run      (int            argc,
                                    char         **argv);
int  _sesame_cli_sign_in_profile   (const char    *name,
                                    const char    *browser,
                                    gboolean       device,
                                    int            timeout,
                                    gboolean       json);

/* sesame-cli-profiles.c */
int  _sesame_cli_profiles_run      (int            argc,
                                    char         **argv);
int  _sesame_cli_profile_run       (int            argc,
                                    char         **argv);
int  _sesame_cli_presets_run       (int            argc,
                                    char         **argv);

G_END_DECLS
