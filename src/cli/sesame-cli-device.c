/* sesame-cli-device.c
 *
 * `sesame sign-in --device`: the device authorization grant (RFC 8628) on a terminal.
 * The verification URI and the user code go to stderr (with a QR code of the URI when
 * stderr is a terminal), the tokens to stdout once approved.
 *
 * Both the URI and the code were checked by the core (printable ASCII, an https URL);
 * they still go through the terminal sanitiser, the last guard.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli.h"
#include "sesame-oauth-private.h"
#include "sesame-qr-code.h"

#define QUIET_ZONE 4

/* Black on white whatever the terminal's colours, so that a phone reads the code in a
 * dark theme too: the 8-colour codes first, then the exact 256-colour ones where the
 * terminal knows them. */
#define DARK_ON_LIGHT "\033[30;47m\033[38;5;16;48;5;231m"
#define RESET         "\033[0m"

static gboolean
is_dark (const SesameQrCode *code,
         int                 x,
         int                 y)
{
  int size = (int) sesame_qr_code_get_size (code);

  return x >= 0 && y >= 0 && x < size && y < size &&
         sesame_qr_code_get_module (code, (guint) x, (guint) y);
}

/**
 * _sesame_cli_draw_qr_code:
 *
 * @text's QR code in text blocks, two rows of modules a line (▀ ▄ █ and spaces: a dark
 * module is the glyph's ink), with the quiet zone of four modules all around, each line
 * black on white and reset at its end.
 */
char *
_sesame_cli_draw_qr_code (const char  *text,
                          GError     **error)
{
  g_autoptr(SesameQrCode) code = sesame_qr_code_new (text, error);
  g_autoptr(GString) out = g_string_new (NULL);
  int size;

  if (code == NULL)
    return NULL;
  size = (int) sesame_qr_code_get_size (code);
  for (int y = -QUIET_ZONE; y < size + QUIET_ZONE; y += 2)
    {
      g_string_append (out, DARK_ON_LIGHT);
      for (int x = -QUIET_ZONE; x < size + QUIET_ZONE; x++)
        {
          gboolean top = is_dark (code, x, y);
          gboolean bottom = y + 1 < size + QUIET_ZONE && is_dark (code, x, y + 1);

          g_string_append (out, top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ");
        }
      g_string_append (out, RESET "\n");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
print_instructions (SesameDeviceFlow *flow)
{
  const char *uri = sesame_device_flow_get_verification_uri_complete (flow)
                      ?: sesame_device_flow_get_verification_uri (flow);
  g_autofree char *shown_uri = _sesame_sanitize_text (uri, G_MAXSIZE);
  g_autofree char *shown_code = _sesame_cli_shown (sesame_device_flow_get_user_code (flow));

  g_printerr (_("To sign in, open this address on a phone or another computer:\n"));
  g_printerr ("%s\n", shown_uri);
  g_printerr (_("Code: %s\n"), shown_code);
  if (isatty (STDERR_FILENO))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *drawing = _sesame_cli_draw_qr_code (uri, &error);

      if (drawing != NULL)
        g_printerr ("\n%s\n", drawing);
      else
        g_debug ("No QR code: %s", error->message);
    }
  g_printerr (_("Waiting for the sign-in to be confirmed there (Ctrl+C to cancel)…\n"));
}

typedef struct
{
  SesameTokenSet *tokens;
  GError         *error;
  gboolean        started;
  gboolean        done;
  SesameCliPrint  print;
} DeviceRun;

static void
on_started (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DeviceRun *run = user_data;

  run->started = sesame_device_flow_start_finish (SESAME_DEVICE_FLOW (object), result,
                                                  &run->error);
  run->done = TRUE;
}

static void
on_polled (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DeviceRun *run = user_data;

  run->tokens = sesame_device_flow_poll_finish (SESAME_DEVICE_FLOW (object), result,
                                                &run->error);
  run->done = TRUE;
  if (run->tokens != NULL && run->print != SESAME_CLI_PRINT_NOTHING)
    _sesame_cli_print_tokens (run->tokens, run->print == SESAME_CLI_PRINT_JSON);
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* Runs @flow to its end, the address and the code printed on the way, and prints the
 * tokens as @print says as soon as they are in; Ctrl+C cancels it.
 */
SesameTokenSet *
_sesame_cli_run_device_flow (SesameDeviceFlow  *flow,
                             SesameCliPrint     print,
                             GError           **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  DeviceRun run = { .print = print };
  guint sigint_id = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  guint sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);

  sesame_device_flow_start_async (flow, cancellable, on_started, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  if (run.started)
    {
      print_instructions (flow);
      run.done = FALSE;
      sesame_device_flow_poll_async (flow, cancellable, on_polled, &run);
      while (!run.done)
        g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (run.tokens == NULL)
    g_propagate_error (error, run.error);
  return run.tokens;
}

/* sign-in NAME for a profile that signs in with another device, the tokens kept. */
int
_sesame_cli_sign_in_device_profile (SesameAccount *account,
                                    int            timeout,
                                    gboolean       json)
{
  g_autoptr(SesameDeviceFlow) flow = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_auto(SesameCliWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  SesameProfile *profile = sesame_account_get_profile (account);
  g_autofree char *name = _sesame_cli_shown (sesame_profile_get_name (profile));

  sesame_account_prepare_device_flow_async (account, NULL, _sesame_cli_on_result,
                                            _sesame_cli_waiter_start (&waiter));
  flow = sesame_account_prepare_device_flow_finish (account, _sesame_cli_waiter_wait (&waiter),
                                                    &error);
  if (flow == NULL)
    return _sesame_cli_fail (error);
  if (timeout > 0)
    sesame_device_flow_set_timeout (flow, (guint) timeout);

  if (!(tokens = _sesame_cli_run_device_flow (flow, SESAME_CLI_PRINT_NOTHING, &error)))
    return _sesame_cli_fail (error);

  sesame_account_finish_device_sign_in_async (account, flow, tokens, NULL, _sesame_cli_on_result,
                                              _sesame_cli_waiter_start (&waiter));
  if (!sesame_account_finish_device_sign_in_finish (account, _sesame_cli_waiter_wait (&waiter),
                                                    &error))
    return _sesame_cli_fail (error);

  g_printerr (_("Signed in to “%s”; the tokens are in the keyring.\n"), name);
  _sesame_cli_print_tokens (tokens, json);
  return SESAME_EXIT_OK;
}
