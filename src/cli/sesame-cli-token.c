/* sesame-cli-token.c
 *
 * `sesame token NAME`: a valid access token of the profile, refreshed first when it is
 * about to expire. The running app answers first, from memory, over its token service
 * (sesame-token-protocol.h); any other outcome (no app, a refusal, no answer in time) and
 * the command reads the keyring itself. Both print sesame_token_output_format()'s text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli.h"
#include "sesame-store.h"
#include "sesame-token-protocol.h"

typedef struct
{
  int      min_valid;
  int      timeout;
  gboolean header;
  gboolean json;
  gboolean id_token;
  gboolean claims;
} Options;

#define FIRST_ANSWER_SECONDS 1     /* an app that does not answer this soon is not asked */
#define DEFAULT_TIMEOUT 30         /* seconds for each answer of the provider, or of the app */
#define MAX_ANSWER (1 << 20)

static GOptionContext *
token_options (Options *o)
{
  GOptionEntry entries[] = {
    { "min-valid", 0, 0, G_OPTION_ARG_INT, &o->min_valid,
      N_("Refresh first if the token expires within this many seconds (default: 60)"),
      N_("SECONDS") },
    { "header", 0, 0, G_OPTION_ARG_NONE, &o->header,
      N_("Print “Authorization: Bearer TOKEN”"), NULL },
    { "id-token", 0, 0, G_OPTION_ARG_NONE, &o->id_token, N_("Print the ID token instead"), NULL },
    { "claims", 0, 0, G_OPTION_ARG_NONE, &o->claims,
      N_("Print the ID token’s claims as JSON (verified when the token was received)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print all tokens as JSON"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &o->timeout,
      N_("Give up on a provider that has not answered within this many seconds (default: 30)"),
      N_("SECONDS") },
    { NULL }
  };

  return _sesame_cli_new_context (_("PROFILE"),
    _("Prints a valid access token of PROFILE on stdout, refreshing it first when it\n"
      "expires soon. Two at once never both refresh: they take turns per profile."),
    entries);
}

/* Parses `token`'s options out of @argv into a request, and the time limit. */
static SesameTokenRequest *
parse (int      *argc,
       char   ***argv,
       guint    *timeout,
       GError  **error)
{
  g_autoptr(GOptionContext) context = NULL;
  Options o = { .min_valid = 60, .timeout = DEFAULT_TIMEOUT };
  SesameTokenOutput output = SESAME_TOKEN_OUTPUT_ACCESS;

  context = token_options (&o);
  if (!g_option_context_parse (context, argc, argv, error))
    return NULL;
  if (*argc != 2)
    {
      _sesame_cli_usage_error (error, _("Name one profile: sesame token PROFILE"));
      return NULL;
    }
  if (o.min_valid < 0)
    {
      _sesame_cli_usage_error (error, _("--min-valid must not be negative"));
      return NULL;
    }
  if (o.timeout <= 0)
    {
      _sesame_cli_usage_error (error, _("--timeout must be at least 1 second"));
      return NULL;
    }
  *timeout = (guint) o.timeout;
  if (o.header + o.json + o.id_token + o.claims > 1)
    {
      _sesame_cli_usage_error (error, _("Give at most one of --header, --json, --id-token "
                                        "and --claims"));
      return NULL;
    }
  if (o.header)
    output = SESAME_TOKEN_OUTPUT_HEADER;
  else if (o.json)
    output = SESAME_TOKEN_OUTPUT_JSON;
  else if (o.id_token)
    output = SESAME_TOKEN_OUTPUT_ID;
  else if (o.claims)
    output = SESAME_TOKEN_OUTPUT_CLAIMS;
  return sesame_token_request_new ((*argv)[1], output, (guint) o.min_valid);
}

/* Reads the service's answer to its end; a WAIT line gives the app @timeout seconds to
 * refresh (its own requests have the same limit, and the keyring path waits for its lock).
 */
static GByteArray *
read_answer (GSocket *socket,
             guint    timeout)
{
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  gboolean waiting = FALSE;
  char buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (n < 0 && waiting && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        {
          g_autofree char *note = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "The running app has not answered within %u second; reading the "
                         "keyring instead",
                         "The running app has not answered within %u seconds; reading the "
                         "keyring instead", timeout),
            timeout);
          g_printerr ("sesame: %s\n", note);
        }
      if (n < 0 || answer->len + (gsize) n > MAX_ANSWER)
        {
          memset (buffer, 0, sizeof buffer);
          memset (answer->data, 0, answer->len);
          return NULL;
        }
      if (n == 0)
        break;
      g_byte_array_append (answer, (const guint8 *) buffer, (guint) n);
      memset (buffer, 0, (gsize) n);
      if (answer->len >= 5 && memcmp (answer->data, "WAIT\n", 5) == 0)
        {
          g_byte_array_remove_range (answer, 0, 5);
          g_socket_set_timeout (socket, timeout);
          waiting = TRUE;
        }
    }
  return g_steal_pointer (&answer);
}

/* The running app's answer: the text to print, or %NULL when the keyring must answer (no
 * app, another user's socket, a refusal, no answer in time). */
static char *
ask_app (const SesameTokenRequest *request,
         guint                     timeout)
{
  g_autofree char *dir = sesame_token_service_directory (FALSE, NULL);
  g_autofree char *path = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GByteArray) answer = NULL;
  gsize length;
  const char *data;
  char *text = NULL;

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, SESAME_TOKEN_SERVICE_SOCKET, NULL);
  address = g_unix_socket_address_new (path);
  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                         NULL);
  if (socket != NULL)
    g_socket_set_timeout (socket, FIRST_ANSWER_SECONDS);   /* connecting and sending too */
  if (socket == NULL || !g_socket_connect (socket, address, NULL, NULL) ||
      !sesame_token_service_peer_is_us (socket))
    return NULL;

  bytes = sesame_token_request_serialize (request);
  data = g_bytes_get_data (bytes, &length);
  for (gsize sent = 0; sent < length;)
    {
      gssize n = g_socket_send (socket, data + sent, length - sent, NULL, NULL);

      if (n <= 0)
        return NULL;
      sent += (gsize) n;
    }
  if (!g_socket_shutdown (socket, FALSE, TRUE, NULL) || !(answer = read_answer (socket, timeout)))
    return NULL;
  if (answer->len > 3 && memcmp (answer->data, "OK\n", 3) == 0)
    text = g_strndup ((const char *) answer->data + 3, answer->len - 3);
  memset (answer->data, 0, answer->len);
  return text;
}

/* The keyring's tokens, refreshed if need be, as the text to print. */
static char *
ask_keyring (const SesameTokenRequest  *request,
             guint                      timeout,
             GError                   **error)
{
  g_autoptr(SesameAccount) account = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_auto(SesameCliWaiter) waiter = { 0 };

  if (!(account = _sesame_cli_open_account (request->profile, error)))
    return NULL;
  sesame_account_set_timeout (account, timeout);
  sesame_account_get_token_async (account, request->min_valid, NULL, _sesame_cli_on_result,
                                  _sesame_cli_waiter_start (&waiter));
  tokens = sesame_account_get_token_finish (account, _sesame_cli_waiter_wait (&waiter), error);
  if (tokens == NULL)
    return NULL;
  return sesame_token_output_format (tokens, request->output, error);
}

int
_sesame_cli_token_run (int    argc,
                       char **argv)
{
  g_autoptr(SesameTokenRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint timeout = DEFAULT_TIMEOUT;

  if (!(request = parse (&argc, &argv, &timeout, &error)))
    return _sesame_cli_fail (error);
  text = ask_app (request, timeout);
  if (text == NULL && !(text = ask_keyring (request, timeout, &error)))
    return _sesame_cli_fail (error);
  fputs (text, stdout);
  fflush (stdout);
  memset (text, 0, strlen (text));
  return ferror (stdout) ? SESAME_EXIT_FAILURE : SESAME_EXIT_OK;
}
