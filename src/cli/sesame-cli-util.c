/* sesame-cli-util.c
 *
 * What every command shares, in the part of the core that does not speak HTTP
 * (libsesame-base.so): setting up, exit codes, reporting errors, printing tokens, and
 * the timings that build-aux/bench reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli.h"
#include "sesame-oauth.h"
#include "sesame-oauth-private.h"
#include "sesame-store.h"

#define MAX_SHOWN_CHARS 300
#define MAX_ERROR_CHARS 2000

void
sesame_cli_init (void)
{
  const char *localedir = g_getenv ("SESAME_LOCALEDIR");   /* for running from the build tree */

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Standard output carries tokens for scripts; every log message goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
}

static const struct
{
  SesameExit  code;
  const char *meaning;
} exit_codes[] = {
  { SESAME_EXIT_OK, N_("success") },
  { SESAME_EXIT_FAILURE, N_("other failure") },
  { SESAME_EXIT_USAGE, N_("usage error: bad options or configuration") },
  { SESAME_EXIT_REFUSED, N_("the provider refused (access denied, invalid_grant, invalid_client…)") },
  { SESAME_EXIT_NETWORK, N_("network or TLS error, or the provider did not answer in time") },
  { SESAME_EXIT_BAD_PROVIDER, N_("the provider’s answer was invalid or unsafe") },
  { SESAME_EXIT_TIMEOUT, N_("timed out waiting (for the browser, the confirmation on another "
                            "device, or another sesame), or cancelled") },
  { SESAME_EXIT_SIGN_IN_NEEDED, N_("sign-in needed: no tokens, or the provider no longer "
                                   "accepts them") },
  { SESAME_EXIT_KEYRING, N_("the keyring (Secret Service) is unavailable or locked") },
};

void
_sesame_cli_append_exit_codes (GString *text)
{
  g_string_append (text, _("Exit codes:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (exit_codes); i++)
    g_string_append_printf (text, "  %d  %s\n", exit_codes[i].code, _(exit_codes[i].meaning));
}

static int
exit_for_store_error (const GError *error)
{
  switch ((SesameStoreError) error->code)
    {
    case SESAME_STORE_ERROR_KEYRING_UNAVAILABLE:
      return SESAME_EXIT_KEYRING;
    case SESAME_STORE_ERROR_SIGN_IN_NEEDED:
      return SESAME_EXIT_SIGN_IN_NEEDED;
    case SESAME_STORE_ERROR_BUSY:
      return SESAME_EXIT_TIMEOUT;
    case SESAME_STORE_ERROR_PROFILE_NOT_FOUND:
    case SESAME_STORE_ERROR_PROFILE_EXISTS:
    case SESAME_STORE_ERROR_INVALID_PROFILE:
      return SESAME_EXIT_USAGE;
    case SESAME_STORE_ERROR_CORRUPT:
    case SESAME_STORE_ERROR_IO:
    default:
      return SESAME_EXIT_FAILURE;
    }
}

int
sesame_cli_exit_for_error (const GError *error)
{
  if (error->domain == G_OPTION_ERROR)
    return SESAME_EXIT_USAGE;
  if (error->domain == SESAME_STORE_ERROR)
    return exit_for_store_error (error);
  /* A provider that does not answer in time is a network error; the timeout of exit
   * code 6 is the person's (a browser that never came back), SESAME_OAUTH_ERROR_TIMED_OUT.
   */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return SESAME_EXIT_TIMEOUT;
  if (error->domain != SESAME_OAUTH_ERROR)
    return SESAME_EXIT_NETWORK;

  switch ((SesameOAuthError) error->code)
    {
    case SESAME_OAUTH_ERROR_INVALID_ARGUMENT:
      return SESAME_EXIT_USAGE;
    case SESAME_OAUTH_ERROR_ACCESS_DENIED:
    case SESAME_OAUTH_ERROR_AUTHORIZATION_FAILED:
    case SESAME_OAUTH_ERROR_INVALID_REQUEST:
    case SESAME_OAUTH_ERROR_INVALID_CLIENT:
    case SESAME_OAUTH_ERROR_INVALID_GRANT:
    case SESAME_OAUTH_ERROR_UNAUTHORIZED_CLIENT:
    case SESAME_OAUTH_ERROR_UNSUPPORTED_GRANT_TYPE:
    case SESAME_OAUTH_ERROR_INVALID_SCOPE:
    case SESAME_OAUTH_ERROR_TOKEN_ERROR:
      return SESAME_EXIT_REFUSED;
    case SESAME_OAUTH_ERROR_INSECURE:
    case SESAME_OAUTH_ERROR_DISCOVERY:
    case SESAME_OAUTH_ERROR_ISSUER_MISMATCH:
    case SESAME_OAUTH_ERROR_STATE_MISMATCH:
    case SESAME_OAUTH_ERROR_HTTP:
    case SESAME_OAUTH_ERROR_BAD_RESPONSE:
    case SESAME_OAUTH_ERROR_ID_TOKEN_MISSING:
    case SESAME_OAUTH_ERROR_ID_TOKEN_INVALID:
    case SESAME_OAUTH_ERROR_ID_TOKEN_ALGORITHM:
    case SESAME_OAUTH_ERROR_ID_TOKEN_KEY_NOT_FOUND:
    case SESAME_OAUTH_ERROR_ID_TOKEN_SIGNATURE:
    case SESAME_OAUTH_ERROR_ID_TOKEN_IDENTITY_CHANGED:
      return SESAME_EXIT_BAD_PROVIDER;
    case SESAME_OAUTH_ERROR_TIMED_OUT:
    case SESAME_OAUTH_ERROR_EXPIRED_TOKEN:
      return SESAME_EXIT_TIMEOUT;
    case SESAME_OAUTH_ERROR_LISTEN_FAILED:
    default:
      return SESAME_EXIT_FAILURE;
    }
}

/* Waiting for one asynchronous call at a time. */

void
_sesame_cli_waiter_clear (SesameCliWaiter *waiter)
{
  g_clear_pointer (&waiter->loop, g_main_loop_unref);
  g_clear_object (&waiter->result);
}

void
_sesame_cli_on_result (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SesameCliWaiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

/* Ready for the next call: pass the result to the call's callback data. */
SesameCliWaiter *
_sesame_cli_waiter_start (SesameCliWaiter *waiter)
{
  _sesame_cli_waiter_clear (waiter);
  waiter->loop = g_main_loop_new (NULL, FALSE);
  return waiter;
}

GAsyncResult *
_sesame_cli_waiter_wait (SesameCliWaiter *waiter)
{
  if (waiter->result == NULL)
    g_main_loop_run (waiter->loop);
  return waiter->result;
}

/* Text made safe for a terminal: no control characters, bounded. */
char *
_sesame_cli_shown (const char *text)
{
  return _sesame_sanitize_text (text != NULL ? text : "", MAX_SHOWN_CHARS);
}

GOptionContext *
_sesame_cli_new_context (const char   *parameter,
                         const char   *summary,
                         GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);
  g_autoptr(GString) description = g_string_new (NULL);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  _sesame_cli_append_exit_codes (description);
  g_option_context_set_description (context, description->str);
  return context;
}

SesameProfileStore *
_sesame_cli_open_store (GError **error)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);

  if (!sesame_profile_store_load (store, error))
    return NULL;
  return g_steal_pointer (&store);
}

SesameProfile *
_sesame_cli_lookup_profile (SesameProfileStore  *store,
                            const char          *name,
                            GError             **error)
{
  SesameProfile *profile = sesame_profile_store_lookup (store, name);

  if (profile == NULL)
    {
      g_autofree char *safe = _sesame_cli_shown (name);
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_NOT_FOUND,
                   _("There is no profile “%s”; see “sesame profiles”"), safe);
    }
  return profile;
}

/* Sets a usage error (exit code 2) and returns %FALSE. */
gboolean
_sesame_cli_usage_error (GError    **error,
                         const char *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return FALSE;
}

/* The one way an error reaches the terminal: its message may quote a provider's words
 * or a host name (GLib's and libsoup's messages do), so it goes through the sanitiser,
 * and stays one line.
 */
void
_sesame_cli_print_error (const GError *error)
{
  g_autofree char *shown = _sesame_sanitize_text (error->message, MAX_ERROR_CHARS);

  g_printerr ("sesame: %s\n", shown);
}

/* Prints one line for @error on stderr and returns the exit code. */
int
_sesame_cli_fail (const GError *error)
{
  _sesame_cli_print_error (error);
  return sesame_cli_exit_for_error (error);
}

/* Prints the access token alone, or with @json all tokens. */
void
_sesame_cli_print_tokens (SesameTokenSet *tokens,
                          gboolean        json)
{
  if (json)
    {
      g_autofree char *text = sesame_token_set_to_json (tokens);
      g_print ("%s\n", text);
    }
  else
    g_print ("%s\n", sesame_token_set_get_access_token (tokens));
}

/* The account of the profile named @name, from the profiles file. */
SesameAccount *
_sesame_cli_open_account (const char  *name,
                          GError     **error)
{
  g_autoptr(SesameProfileStore) store = NULL;
  SesameProfile *profile;

  if (!(store = _sesame_cli_open_store (error)) ||
      !(profile = _sesame_cli_lookup_profile (store, name, error)))
    return NULL;
  return sesame_account_new (profile);
}
