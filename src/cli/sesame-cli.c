/* sesame-cli.c
 *
 * The command line: the same binary as the app, without a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <stdio.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli.h"
#include "sesame-oauth.h"
#include "sesame-oauth-private.h"
#include "sesame-store.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static int sign_in_run (int argc, char **argv);

static const Command commands[] = {
  { "sign-in", N_("Sign in (with a profile, or with options; with --device from another "
                  "device) and print the access token"),
    sign_in_run },
  { "token", N_("Print a valid access token of a profile, refreshing it when needed"),
    _sesame_cli_token_run },
  { "sign-out", N_("Revoke and delete the tokens of a profile"), _sesame_cli_sign_out_run },
  { "profiles", N_("List the profiles and whether they are signed in"),
    _sesame_cli_profiles_run },
  { "profile", N_("Add, edit or remove a profile: profile add|edit|remove NAME …"),
    _sesame_cli_profile_run },
  { "presets", N_("List the provider presets for “profile add --preset”"),
    _sesame_cli_presets_run },
};

gboolean
sesame_cli_is_command (const char *arg)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (arg, commands[i].name) == 0)
      return TRUE;
  return FALSE;
}

char *
sesame_cli_describe_commands (void)
{
  GString *text = g_string_new (_("Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (text, _("\nRun “sesame COMMAND --help” for a command’s options.\n\n"));
  _sesame_cli_append_exit_codes (text);
  return g_string_free (text, FALSE);
}

/* sign-in --------------------------------------------------------------------------- */

/* sign-in NAME: with a profile, the tokens kept */
int
_sesame_cli_sign_in_profile (const char *name,
                             const char *browser,
                             gboolean    device,
                             int         timeout,
                             gboolean    json)
{
  g_autoptr(SesameAccount) account = NULL;
  g_autoptr(SesameFlow) flow = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_auto(SesameCliWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  SesameProfile *profile;
  gboolean system;

  if (!(account = _sesame_cli_open_account (name, &error)))
    return _sesame_cli_fail (error);
  profile = sesame_account_get_profile (account);
  if (device || sesame_profile_get_sign_in_method (profile) == SESAME_SIGN_IN_DEVICE)
    return _sesame_cli_sign_in_device_profile (account, timeout, json);

  sesame_account_prepare_flow_async (account, NULL, _sesame_cli_on_result,
                                     _sesame_cli_waiter_start (&waiter));
  if (!(flow = sesame_account_prepare_flow_finish (account, _sesame_cli_waiter_wait (&waiter),
                                                   &error)))
    return _sesame_cli_fail (error);
  if (timeout > 0)
    sesame_flow_set_timeout (flow, (guint) timeout);

  system = browser != NULL ? g_strcmp0 (browser, "none") != 0
                           : sesame_profile_get_browser (profile) != SESAME_BROWSER_NONE;
  if (!(tokens = _sesame_cli_run_flow (flow, system, SESAME_CLI_PRINT_NOTHING, &error)))
    return _sesame_cli_fail (error);

  sesame_account_finish_sign_in_async (account, flow, tokens, NULL, _sesame_cli_on_result,
                                       _sesame_cli_waiter_start (&waiter));
  if (!sesame_account_finish_sign_in_finish (account, _sesame_cli_waiter_wait (&waiter), &error))
    return _sesame_cli_fail (error);

  g_printerr (_("Signed in to “%s”; the tokens are in the keyring.\n"), name);
  _sesame_cli_print_tokens (tokens, json);
  _sesame_cli_finish_flow (flow);
  return SESAME_EXIT_OK;
}

typedef struct
{
  /* Options */
  char       *issuer;
  char       *authorization_endpoint;
  char       *token_endpoint;
  char       *revocation_endpoint;
  char       *userinfo_endpoint;
  char       *device_authorization_endpoint;
  char       *client_id;
  char       *client_secret_env;
  char       *auth_method;
  char       *scope;
  char       *redirect_uri;
  char       *ca_file;
  char       *browser;
  char      **params;
  int         timeout;
  gboolean    json;
  gboolean    device;

  /* State */
  SesameTokenSet *tokens;
  GError         *error;
} SignIn;

static void
sign_in_clear (SignIn *s)
{
  g_free (s->issuer);
  g_free (s->authorization_endpoint);
  g_free (s->token_endpoint);
  g_free (s->revocation_endpoint);
  g_free (s->userinfo_endpoint);
  g_free (s->device_authorization_endpoint);
  g_free (s->client_id);
  g_free (s->client_secret_env);
  g_free (s->auth_method);
  g_free (s->scope);
  g_free (s->redirect_uri);
  g_free (s->ca_file);
  g_free (s->browser);
  g_strfreev (s->params);
  g_clear_object (&s->tokens);
  g_clear_error (&s->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SignIn, sign_in_clear)

static GOptionContext *
sign_in_options (SignIn *s)
{
  const GOptionEntry entries[] = {
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &s->issuer,
      N_("The provider’s issuer URL; its endpoints are discovered"), N_("URL") },
    { "authorization-endpoint", 0, 0, G_OPTION_ARG_STRING, &s->authorization_endpoint,
      N_("The authorization endpoint, instead of discovery"), N_("URL") },
    { "token-endpoint", 0, 0, G_OPTION_ARG_STRING, &s->token_endpoint,
      N_("The token endpoint, instead of discovery"), N_("URL") },
    { "revocation-endpoint", 0, 0, G_OPTION_ARG_STRING, &s->revocation_endpoint,
      N_("The revocation endpoint, instead of discovery"), N_("URL") },
    { "userinfo-endpoint", 0, 0, G_OPTION_ARG_STRING, &s->userinfo_endpoint,
      N_("The userinfo endpoint, instead of discovery"), N_("URL") },
    { "device-authorization-endpoint", 0, 0, G_OPTION_ARG_STRING,
      &s->device_authorization_endpoint,
      N_("The device authorization endpoint, instead of discovery (with --device)"), N_("URL") },
    { "device", 0, 0, G_OPTION_ARG_NONE, &s->device,
      N_("Sign in from another device (RFC 8628): print an address and a code to confirm "
         "there, instead of opening a browser here"), NULL },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &s->client_id,
      N_("The client id (default: $OAUTH_CLIENT_ID)"), N_("ID") },
    { "client-secret-env", 0, 0, G_OPTION_ARG_STRING, &s->client_secret_env,
      N_("Read the client secret from this environment variable "
         "(default: $OAUTH_CLIENT_SECRET when the client id comes from $OAUTH_CLIENT_ID)"),
      N_("VAR") },
    { "auth-method", 0, 0, G_OPTION_ARG_STRING, &s->auth_method,
      N_("Client authentication: basic, post or none (default: basic with a secret, else none)"),
      N_("METHOD") },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &s->scope,
      N_("Scopes to ask for, separated by spaces (default: openid for OpenID providers)"),
      N_("SCOPES") },
    { "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &s->params,
      N_("An extra authorization parameter, such as prompt=consent (repeatable)"),
      N_("NAME=VALUE") },
    { "redirect-uri", 0, 0, G_OPTION_ARG_STRING, &s->redirect_uri,
      N_("The registered loopback redirect URI (default: http://127.0.0.1:<free port>/callback)"),
      N_("URI") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &s->ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("FILE") },
    { "browser", 0, 0, G_OPTION_ARG_STRING, &s->browser,
      N_("system: open the default browser (default); none: print the address on stderr"),
      N_("system|none") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &s->timeout,
      N_("Give up waiting for the browser after this long (default: 300)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &s->json,
      N_("Print all tokens as JSON instead of the access token alone"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (_("[PROFILE]"));
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *summary = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  summary = g_strconcat (
    _("Signs in with the OAuth 2.0 authorization code flow (PKCE S256, state, RFC 9207 iss)\n"
      "through a browser and a receiver on 127.0.0.1, then prints the access token alone\n"
      "on stdout. With --browser none, the address to open is printed on stderr.\n"
      "\n"
      "With a PROFILE (see “sesame profile add”), the tokens are also kept in the keyring\n"
      "for “sesame token PROFILE”; without one, give the provider and client as options."),
    "\n\n",
    _("With --device (or a profile set to “--sign-in-with device”), signs in from another\n"
      "device instead (RFC 8628): the address to open and the code to confirm there are\n"
      "printed on stderr, with a QR code of the address when stderr is a terminal, and\n"
      "without --timeout it waits until the code expires."), NULL);
  g_option_context_set_summary (context, summary);
  _sesame_cli_append_exit_codes (description);
  g_option_context_set_description (context, description->str);
  return context;
}

static gboolean
check_device_options (SignIn  *s,
                      GError **error)
{
  if (s->issuer == NULL && (s->token_endpoint == NULL || s->device_authorization_endpoint == NULL))
    return _sesame_cli_usage_error (error, _("Give --issuer, or both --device-authorization-"
                                             "endpoint and --token-endpoint"));
  if (s->issuer != NULL && (s->authorization_endpoint != NULL || s->token_endpoint != NULL))
    return _sesame_cli_usage_error (error, _("Give either --issuer or the endpoints, not both"));
  if (s->redirect_uri != NULL)
    return _sesame_cli_usage_error (error, _("--redirect-uri does not apply to --device"));
  if (s->timeout < 0)
    return _sesame_cli_usage_error (error, _("--timeout must not be negative"));
  return TRUE;
}

static gboolean
check_options (SignIn  *s,
               GError **error)
{
  if (s->device)
    return check_device_options (s, error);
  if (s->device_authorization_endpoint != NULL)
    return _sesame_cli_usage_error (error, _("--device-authorization-endpoint applies only to "
                                             "--device"));
  if (s->issuer == NULL && (s->authorization_endpoint == NULL || s->token_endpoint == NULL))
    return _sesame_cli_usage_error (error, _("Give --issuer, or both --authorization-endpoint "
                                             "and --token-endpoint"));
  if (s->issuer != NULL && (s->authorization_endpoint != NULL || s->token_endpoint != NULL))
    return _sesame_cli_usage_error (error, _("Give either --issuer or the endpoints, not both"));
  if (s->browser != NULL && g_strcmp0 (s->browser, "system") != 0 &&
      g_strcmp0 (s->browser, "none") != 0)
    return _sesame_cli_usage_error (error, _("--browser must be system or none"));
  if (s->timeout < 0)
    return _sesame_cli_usage_error (error, _("--timeout must not be negative"));
  return TRUE;
}

/* Secrets read from the environment must not reach the browser or any other child. */
static void
forget_secrets_in_environment (SignIn *s)
{
  if (s->client_secret_env != NULL)
    g_unsetenv (s->client_secret_env);
  g_unsetenv ("OAUTH_CLIENT_SECRET");
}

static SesameClient *
build_client (SignIn  *s,
              GError **error)
{
  g_autoptr(SesameClient) client = NULL;
  SesameAuthMethod method;

  if (s->client_id != NULL)
    client = sesame_client_new (s->client_id);
  else if (!(client = sesame_client_new_from_environment (error)))
    return NULL;

  if (s->client_secret_env != NULL)
    {
      const char *secret = g_getenv (s->client_secret_env);

      if (secret == NULL || *secret == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("The environment variable %s, which should hold the client secret, "
                         "is not set"), s->client_secret_env);
          return NULL;
        }
      sesame_client_set_secret (client, secret);
      sesame_client_set_auth_method (client, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
    }
  forget_secrets_in_environment (s);

  if (s->auth_method != NULL)
    {
      if (!sesame_auth_method_from_string (s->auth_method, &method))
        {
          _sesame_cli_usage_error (error, _("--auth-method must be basic, post or none"));
          return NULL;
        }
      sesame_client_set_auth_method (client, method);
    }

  sesame_client_set_scope (client, s->scope);
  for (guint i = 0; s->params != NULL && s->params[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (s->params[i], "=", 2);

      if (pair[0] == NULL || pair[1] == NULL)
        {
          _sesame_cli_usage_error (error, _("--param takes NAME=VALUE"));
          return NULL;
        }
      if (!sesame_client_add_param (client, pair[0], pair[1], error))
        return NULL;
    }

  if (!sesame_client_check (client, error))
    return NULL;
  return g_steal_pointer (&client);
}

static SesameProvider *
build_provider (SignIn  *s,
                GError **error)
{
  g_autoptr(SesameProvider) provider = NULL;

  if (s->issuer != NULL)
    return NULL;

  /* The device grant needs no authorization endpoint: its own endpoint stands in. */
  provider = sesame_provider_new (NULL,
                                  s->authorization_endpoint ?: s->device_authorization_endpoint,
                                  s->token_endpoint, error);
  if (provider == NULL)
    return NULL;
  if (s->device_authorization_endpoint != NULL &&
      !sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_DEVICE_AUTHORIZATION,
                                     s->device_authorization_endpoint, error))
    return NULL;
  if (s->revocation_endpoint != NULL &&
      !sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_REVOCATION,
                                     s->revocation_endpoint, error))
    return NULL;
  if (s->userinfo_endpoint != NULL &&
      !sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_USERINFO,
                                     s->userinfo_endpoint, error))
    return NULL;
  return g_steal_pointer (&provider);
}

typedef struct
{
  GCancellable   *cancellable;
  SesameTokenSet *tokens;
  GError         *error;
  gboolean        done;
  gboolean        system_browser;
  SesameCliPrint  print;
} FlowRun;

static void
on_browser_launched (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *shown = _sesame_cli_shown (error->message);

      g_printerr (_("sesame: could not open a browser (%s); open the address above yourself\n"),
                  shown);
    }
}

static void
on_authorization_uri (SesameFlow *flow,
                      const char *uri,
                      FlowRun    *run)
{
  /* The endpoint was checked to be printable ASCII, and the rest is %-encoded: the
   * sanitiser changes nothing here, and is the last guard if that ever fails. */
  g_autofree char *shown = _sesame_sanitize_text (uri, G_MAXSIZE);

  g_printerr (run->system_browser
                ? _("Opening your browser to sign in. If it does not open, visit:\n")
                : _("Open this address in a browser to sign in:\n"));
  g_printerr ("%s\n", shown);
  g_printerr (_("Waiting for the sign-in to complete (Ctrl+C to cancel)…\n"));

  /* The endpoint was checked already; never hand anything but https or loopback http on. */
  if (run->system_browser && sesame_http_uri_is_secure (uri))
    g_app_info_launch_default_for_uri_async (uri, NULL, run->cancellable, on_browser_launched,
                                             NULL);
}

static void
on_callback_rejected (SesameFlow *flow,
                      const char *message,
                      FlowRun    *run)
{
  g_autofree char *shown = _sesame_cli_shown (message);

  g_printerr (_("sesame: ignored a request to the redirect URI: %s\n"), shown);
}

static void
on_signed_in (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FlowRun *run = user_data;

  run->tokens = sesame_flow_run_finish (SESAME_FLOW (object), result, &run->error);
  run->done = TRUE;
  /* At once: the rest of this turn of the loop (the HTTP request winding down) need not
   * hold the token back. */
  if (run->tokens != NULL && run->print != SESAME_CLI_PRINT_NOTHING)
    _sesame_cli_print_tokens (run->tokens, run->print == SESAME_CLI_PRINT_JSON);
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_page_wait_over (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* The browser's page waits for the code's exchange to end (sesame-loopback.c): after the
 * tokens are printed, lets it go before the program ends, for a second at most.
 */
void
_sesame_cli_finish_flow (SesameFlow *flow)
{
  gboolean over = FALSE;
  guint id = g_timeout_add (1000, on_page_wait_over, &over);

  while (!over && sesame_flow_get_listening (flow))
    g_main_context_iteration (NULL, TRUE);
  if (!over)
    g_source_remove (id);
}

/* Runs @flow to its end, the browser opened (or the address printed) on the way, and
 * prints the tokens as @print says as soon as they are in; Ctrl+C cancels it.
 */
SesameTokenSet *
_sesame_cli_run_flow (SesameFlow      *flow,
                      gboolean         system_browser,
                      SesameCliPrint   print,
                      GError         **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FlowRun run = { .cancellable = cancellable, .system_browser = system_browser,
                  .print = print };
  guint sigint_id = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  guint sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);
  gulong uri_id, rejected_id;

  uri_id = g_signal_connect (flow, "authorization-uri", G_CALLBACK (on_authorization_uri), &run);
  rejected_id = g_signal_connect (flow, "callback-rejected", G_CALLBACK (on_callback_rejected),
                                  &run);
  sesame_flow_run_async (flow, cancellable, on_signed_in, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);

  g_signal_handler_disconnect (flow, uri_id);
  g_signal_handler_disconnect (flow, rejected_id);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (run.tokens == NULL)
    {
      _sesame_cli_finish_flow (flow);
      g_propagate_error (error, run.error);
    }
  return run.tokens;
}

static int
run_device_flow (SignIn         *s,
                 SoupSession    *session,
                 SesameClient   *client,
                 SesameProvider *provider)
{
  g_autoptr(SesameDeviceFlow) flow = sesame_device_flow_new (session, client);

  sesame_device_flow_set_issuer (flow, s->issuer);
  sesame_device_flow_set_provider (flow, provider);
  if (provider == NULL)
    sesame_device_flow_set_device_authorization_endpoint (flow, s->device_authorization_endpoint);
  if (s->timeout > 0)
    sesame_device_flow_set_timeout (flow, (guint) s->timeout);

  s->tokens = _sesame_cli_run_device_flow (flow, s->json ? SESAME_CLI_PRINT_JSON
                                                          : SESAME_CLI_PRINT_TOKEN, &s->error);
  if (s->tokens == NULL)
    return _sesame_cli_fail (s->error);
  return SESAME_EXIT_OK;
}

static int
run_flow (SignIn         *s,
          SesameClient   *client,
          SesameProvider *provider)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SesameFlow) flow = NULL;

  session = sesame_http_session_new (s->ca_file, &s->error);
  if (session == NULL)
    return _sesame_cli_fail (s->error);
  if (s->device)
    return run_device_flow (s, session, client, provider);

  flow = sesame_flow_new (session, client);
  sesame_flow_set_issuer (flow, s->issuer);
  sesame_flow_set_provider (flow, provider);
  sesame_flow_set_redirect_uri (flow, s->redirect_uri);
  if (s->timeout > 0)
    sesame_flow_set_timeout (flow, (guint) s->timeout);

  s->tokens = _sesame_cli_run_flow (flow, g_strcmp0 (s->browser, "none") != 0,
                                    s->json ? SESAME_CLI_PRINT_JSON : SESAME_CLI_PRINT_TOKEN,
                                    &s->error);
  if (s->tokens == NULL)
    return _sesame_cli_fail (s->error);
  _sesame_cli_finish_flow (flow);
  return SESAME_EXIT_OK;
}

/* `sesame sign-in NAME`: the profile says everything but where to sign in and how long to
 * wait; provider and client options are for sign-ins without a profile.
 */
static int
sign_in_profile (SignIn     *s,
                 const char *name)
{
  if (s->issuer || s->authorization_endpoint || s->token_endpoint || s->revocation_endpoint ||
      s->userinfo_endpoint || s->device_authorization_endpoint || s->client_id ||
      s->client_secret_env || s->auth_method || s->scope || s->redirect_uri || s->ca_file ||
      s->params)
    {
      _sesame_cli_usage_error (&s->error, _("With a profile name, only --browser, --device, "
                                            "--timeout and --json apply; change the profile "
                                            "with “sesame profile edit”"));
      return _sesame_cli_fail (s->error);
    }
  if (s->browser != NULL && g_strcmp0 (s->browser, "system") != 0 &&
      g_strcmp0 (s->browser, "none") != 0)
    {
      _sesame_cli_usage_error (&s->error, _("--browser must be system or none"));
      return _sesame_cli_fail (s->error);
    }
  return _sesame_cli_sign_in_profile (name, s->browser, s->device, s->timeout, s->json);
}

static int
sign_in_run (int    argc,
             char **argv)
{
  g_auto(SignIn) s = { 0 };
  g_autoptr(GOptionContext) context = sign_in_options (&s);
  g_autoptr(SesameClient) client = NULL;
  g_autoptr(SesameProvider) provider = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &s.error))
    return _sesame_cli_fail (s.error);
  if (argc > 2)
    {
      g_printerr (_("sesame: unexpected argument “%s”; see sesame sign-in --help\n"), argv[2]);
      return SESAME_EXIT_USAGE;
    }
  if (argc == 2)
    return sign_in_profile (&s, argv[1]);
  if (!check_options (&s, &s.error))
    return _sesame_cli_fail (s.error);

  if (!(client = build_client (&s, &s.error)))
    return _sesame_cli_fail (s.error);
  if (s.issuer == NULL && !(provider = build_provider (&s, &s.error)))
    return _sesame_cli_fail (s.error);

  return run_flow (&s, client, provider);
}

int
sesame_cli_run (int    argc,
                char **argv)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("sesame %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  g_printerr (_("sesame: unknown command “%s”\n"), argv[1]);
  return SESAME_EXIT_USAGE;
}
