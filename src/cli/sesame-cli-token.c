/* sesame-cli-token.c
 *
 * `sesame token NAME`: a valid access token of the profile, refreshed first when it is
 * about to expire; its options and what it prints. (The running app answers first when it
 * can: sesame-token-service-client.c.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli.h"
#include "sesame-store.h"

static GOptionContext *
token_options (SesameCliTokenOptions *o)
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
    { NULL }
  };

  return _sesame_cli_new_context (_("PROFILE"),
    _("Prints a valid access token of PROFILE on stdout, refreshing it first when it\n"
      "expires soon. Two at once never both refresh: they take turns per profile."),
    entries);
}

/* The ID token's claims, pretty-printed. They were verified (signature, issuer,
 * audience, times, nonce) when the token was received, before it was stored.
 */
static int
print_claims (SesameTokenSet *tokens)
{
  g_autoptr(JsonObject) claims = sesame_token_set_dup_id_token_claims (tokens);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (claims == NULL)
    {
      g_printerr (_("sesame: the ID token cannot be read\n"));
      return SESAME_EXIT_FAILURE;
    }
  node = json_node_init_object (json_node_alloc (), claims);
  text = json_to_string (node, TRUE);
  g_print ("%s\n", text);
  return SESAME_EXIT_OK;
}

/* Prints what the options ask for of @tokens; returns the exit code. */
int
_sesame_cli_token_print (SesameTokenSet              *tokens,
                         const SesameCliTokenOptions *o)
{
  if ((o->id_token || o->claims) && sesame_token_set_get_id_token (tokens) == NULL)
    {
      g_printerr (_("sesame: the provider issued no ID token (is “openid” in the scope?)\n"));
      return SESAME_EXIT_FAILURE;
    }

  if (o->json)
    _sesame_cli_print_tokens (tokens, TRUE);
  else if (o->claims)
    return print_claims (tokens);
  else if (o->id_token)
    g_print ("%s\n", sesame_token_set_get_id_token (tokens));
  else if (o->header)
    g_print ("Authorization: Bearer %s\n", sesame_token_set_get_access_token (tokens));
  else
    _sesame_cli_print_tokens (tokens, FALSE);
  return SESAME_EXIT_OK;
}

/* Parses `token`'s options out of @argv; on success *argv is { "token", PROFILE }. */
gboolean
_sesame_cli_token_parse (SesameCliTokenOptions  *o,
                         int                    *argc,
                         char                 ***argv,
                         GError                **error)
{
  g_autoptr(GOptionContext) context = NULL;

  *o = (SesameCliTokenOptions) { .min_valid = 60 };
  context = token_options (o);
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc != 2)
    return _sesame_cli_usage_error (error, _("Name one profile: sesame token PROFILE"));
  if (o->min_valid < 0)
    return _sesame_cli_usage_error (error, _("--min-valid must not be negative"));
  if (o->header + o->json + o->id_token + o->claims > 1)
    return _sesame_cli_usage_error (error, _("Give at most one of --header, --json, "
                                             "--id-token and --claims"));
  return TRUE;
}

int
_sesame_cli_token_run (int    argc,
                       char **argv)
{
  g_autoptr(SesameAccount) account = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_auto(SesameCliWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  SesameCliTokenOptions o;

  if (!_sesame_cli_token_parse (&o, &argc, &argv, &error) ||
      !(account = _sesame_cli_open_account (argv[1], &error)))
    return _sesame_cli_fail (error);

  sesame_account_get_token_async (account, (guint) o.min_valid, NULL, _sesame_cli_on_result,
                                  _sesame_cli_waiter_start (&waiter));
  tokens = sesame_account_get_token_finish (account, _sesame_cli_waiter_wait (&waiter), &error);
  if (tokens == NULL)
    return _sesame_cli_fail (error);
  return _sesame_cli_token_print (tokens, &o);
}
