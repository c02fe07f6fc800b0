/* test-e2e.c
 *
 * The whole authorization code flow against the real oidc-provider on 127.0.0.1: the
 * `sesame sign-in` command and the core's SesameFlow, with a scripted user agent that
 * logs in and consents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "idp.h"
#include "runner.h"
#include "sesame-oauth.h"
#include "waits.h"

static Idp *idp;

static void
test_cli_public_browser_none (void)
{
  const char *args[] = { "sign-in", "--issuer", idp->issuer, "--client-id", "sesame-public",
                         "--scope", "openid email profile", "--browser", "none", NULL };
  g_auto(Run) run = { 0 };
  g_autofree char *token = NULL;

  run_sesame (&run, "login", NULL, args);
  g_assert_cmpint (run.status, ==, 0);

  /* stdout: the access token alone, one line. */
  g_assert_true (g_str_has_suffix (run.out, "\n"));
  token = g_strndup (run.out, strlen (run.out) - 1);
  g_assert_cmpuint (strlen (token), >=, 20);
  g_assert_null (strpbrk (token, " \n{\""));
  assert_token_works (token);

  /* The token never reaches stderr. */
  g_assert_null (strstr (run.err, token));
}

/* Signs in with `--json`, checks the tokens, and refreshes with the core. */
static void
sign_in_json_and_refresh (const char * const *env,
                          const char * const *args,
                          SesameClient       *client)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(SesameTokenClient) token_client = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SesameTokenSet) current = NULL;
  g_autoptr(SesameTokenSet) refreshed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *auth = g_strconcat (idp->issuer, "/auth", NULL);
  g_autofree char *token_uri = g_strconcat (idp->issuer, "/token", NULL);
  g_autofree char *jwks_uri = g_strconcat (idp->issuer, "/jwks", NULL);

  run_sesame (&run, "login", env, args);
  g_assert_cmpint (run.status, ==, 0);
  tokens = parse_object (run.out);
  assert_token_works (json_object_get_string_member (tokens, "access_token"));
  g_assert_cmpstr (json_object_get_string_member (tokens, "token_type"), ==, "Bearer");
  g_assert_true (json_object_has_member (tokens, "id_token"));
  g_assert_cmpint (json_object_get_int_member (tokens, "expires_in"), >, 3000);

  /* Refresh with the returned refresh token. */
  provider = sesame_provider_new (idp->issuer, auth, token_uri, &error);
  g_assert_no_error (error);
  /* The refreshed ID token is verified: the provider's keys are needed. */
  g_assert_true (sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_JWKS, jwks_uri, &error));
  token_client = sesame_token_client_new (session, provider, client);
  current = sesame_token_set_new_from_response (
    g_bytes_new_static (run.out, strlen (run.out)), "application/json", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sesame_token_set_get_refresh_token (current));

  sesame_token_client_refresh_async (token_client, current, NULL,
                                     on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_token_client_refresh_async ()");
  refreshed = sesame_token_client_refresh_finish (token_client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_token_set_get_access_token (refreshed), !=,
                   sesame_token_set_get_access_token (current));
  g_assert_nonnull (sesame_token_set_get_refresh_token (refreshed));
  assert_token_works (sesame_token_set_get_access_token (refreshed));
}

static void
test_cli_basic_and_refresh (void)
{
  const char *env[] = { "TEST_SECRET", IDP_BASIC_SECRET, NULL };
  const char *args[] = { "sign-in", "--issuer", idp->issuer, "--client-id", "sesame-basic",
                         "--client-secret-env", "TEST_SECRET", "--auth-method", "basic",
                         "--browser", "none", "--json", NULL };
  g_autoptr(SesameClient) client = sesame_client_new ("sesame-basic");

  sesame_client_set_secret (client, IDP_BASIC_SECRET);
  sesame_client_set_auth_method (client, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  sign_in_json_and_refresh (env, args, client);
}

static void
test_cli_post_from_environment (void)
{
  /* No client on the command line: OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET. */
  const char *env[] = { "OAUTH_CLIENT_ID", "sesame-post", "OAUTH_CLIENT_SECRET", IDP_POST_SECRET,
                        NULL };
  const char *args[] = { "sign-in", "--issuer", idp->issuer, "--auth-method", "post",
                         "--browser", "none", "--json", NULL };
  g_autoptr(SesameClient) client = sesame_client_new ("sesame-post");

  sesame_client_set_secret (client, IDP_POST_SECRET);
  sesame_client_set_auth_method (client, SESAME_AUTH_METHOD_CLIENT_SECRET_POST);
  sign_in_json_and_refresh (env, args, client);
}

/* GIO's default handler for http is a desktop file that runs the agent; the browser
 * inherits no client secret from Sesame's environment.
 */
static void
test_cli_system_browser (void)
{
  g_autofree char *home = g_dir_make_tmp ("sesame-e2e-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (home, "data", NULL);
  g_autofree char *config = g_build_filename (home, "config", NULL);
  g_autofree char *apps = g_build_filename (data, "applications", NULL);
  g_autofree char *desktop = g_build_filename (apps, "sesame-test-browser.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config, "mimeapps.list", NULL);
  g_autofree char *env_file = g_build_filename (home, "browser-environment", NULL);
  g_autofree char *entry = g_strdup_printf (
    "[Desktop Entry]\nType=Application\nName=Test browser\nExec=%s %%u\n"
    "MimeType=x-scheme-handler/http;x-scheme-handler/https;\n", g_getenv ("SESAME_TEST_AGENT"));
  const char *defaults = "[Default Applications]\n"
                         "x-scheme-handler/http=sesame-test-browser.desktop\n"
                         "x-scheme-handler/https=sesame-test-browser.desktop\n";
  const char *env[] = { "XDG_DATA_HOME", data, "XDG_CONFIG_HOME", config, "HOME", home,
                        "SESAME_AGENT_ENV_FILE", env_file, "TEST_SECRET", IDP_BASIC_SECRET,
                        "OAUTH_CLIENT_SECRET", IDP_BASIC_SECRET, NULL };
  const char *args[] = { "sign-in", "--issuer", idp->issuer, "--client-id", "sesame-basic",
                         "--client-secret-env", "TEST_SECRET", "--timeout", "60", NULL };
  g_auto(Run) run = { 0 };
  g_autofree char *browser_env = NULL;

  g_assert_cmpint (g_mkdir_with_parents (apps, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (desktop, entry, -1, NULL));
  g_assert_true (g_file_set_contents (mimeapps, defaults, -1, NULL));

  run_sesame (&run, NULL, env, args);
  g_assert_cmpint (run.status, ==, 0);
  g_strchomp (run.out);
  assert_token_works (run.out);

  g_assert_true (g_file_get_contents (env_file, &browser_env, NULL, NULL));
  g_assert_nonnull (strstr (browser_env, "XDG_DATA_HOME="));
  g_assert_null (strstr (browser_env, IDP_BASIC_SECRET));
  g_assert_null (strstr (browser_env, "TEST_SECRET"));
  remove_tree (home);
}

static void
test_cli_access_denied (void)
{
  const char *args[] = { "sign-in", "--issuer", idp->issuer, "--client-id", "sesame-public",
                         "--browser", "none", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, "deny", NULL, args);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "access_denied"));
}

/* The device grant (RFC 8628): the agent opens the complete verification URI that sesame
 * printed, confirms the code on the provider's page, signs in and consents, while sesame
 * polls; the ID token is verified as in the code flow. */
static void
test_cli_device (void)
{
  const char *args[] = { "sign-in", "--device", "--issuer", idp->issuer, "--client-id",
                         "sesame-device", "--scope", "openid email", "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) tokens = NULL;
  g_auto(GStrv) lines = NULL;
  const char *access_token;

  run_sesame (&run, "login", NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.uri, idp->issuer));
  g_assert_nonnull (strstr (run.uri, "/device?user_code="));
  lines = g_strsplit (run.err, "\n", -1);
  g_assert_true (g_strv_contains ((const char * const *) lines, run.uri));
  g_assert_nonnull (strstr (run.err, "\nCode: "));
  tokens = parse_object (run.out);
  access_token = json_object_get_string_member (tokens, "access_token");
  assert_token_works (access_token);
  g_assert_true (json_object_has_member (tokens, "id_token"));
  g_assert_true (json_object_has_member (tokens, "refresh_token"));
  g_assert_null (strstr (run.err, access_token));
}

/* The user aborts on the provider's confirmation page: access_denied, exit 3. */
static void
test_cli_device_denied (void)
{
  const char *args[] = { "sign-in", "--device", "--issuer", idp->issuer, "--client-id",
                         "sesame-device", "--scope", "openid", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, "deny", NULL, args);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "access_denied"));
}

static void
test_cli_wrong_secret (void)
{
  const char *env[] = { "TEST_SECRET", "not-the-secret", NULL };
  const char *args[] = { "sign-in", "--issuer", idp->issuer, "--client-id", "sesame-basic",
                         "--client-secret-env", "TEST_SECRET", "--browser", "none", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, "login", env, args);
  g_assert_cmpint (run.status, ==, 3);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "invalid_client"));
  g_assert_null (strstr (run.err, "not-the-secret"));
}

static void
test_cli_endpoints_instead_of_issuer (void)
{
  g_autofree char *auth = g_strconcat (idp->issuer, "/auth", NULL);
  g_autofree char *token_uri = g_strconcat (idp->issuer, "/token", NULL);
  const char *args[] = { "sign-in", "--authorization-endpoint", auth, "--token-endpoint",
                         token_uri, "--client-id", "sesame-public", "--scope", "email",
                         "--browser", "none", NULL };
  const char *openid_args[] = { "sign-in", "--authorization-endpoint", auth,
                                "--token-endpoint", token_uri, "--client-id", "sesame-public",
                                "--scope", "openid", "--browser", "none", "--json", NULL };
  g_autoptr(JsonObject) tokens = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) openid_run = { 0 };

  /* Plain OAuth (no openid, so the userinfo endpoint would refuse the token). */
  run_sesame (&run, "login", NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  g_strchomp (run.out);
  g_assert_cmpuint (strlen (run.out), >=, 20);
  g_assert_null (strpbrk (run.out, " \n{\""));

  /* With openid, the ID token cannot be verified without the issuer and its keys: it is
   * dropped, never kept or shown. */
  run_sesame (&openid_run, "login", NULL, openid_args);
  g_assert_cmpint (openid_run.status, ==, 0);
  tokens = parse_object (openid_run.out);
  g_assert_false (json_object_has_member (tokens, "id_token"));
  assert_token_works (json_object_get_string_member (tokens, "access_token"));
}

static void
test_cli_timeout (void)
{
  const char *args[] = { "sign-in", "--issuer", idp->issuer, "--client-id", "sesame-public",
                         "--browser", "none", "--timeout", "1", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, "wait", NULL, args);
  g_assert_cmpint (run.status, ==, 6);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "No answer came from the browser"));
}

/* Ctrl+C while waiting: exit code 6, and the receiver no longer listens. */
static void
test_cli_interrupt (void)
{
  const char *args[] = { "sign-in", "--issuer", idp->issuer, "--client-id", "sesame-public",
                         "--browser", "none", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GUri) redirect = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  run_sesame (&run, "interrupt", NULL, args);
  g_assert_cmpint (run.status, ==, 6);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "cancelled"));

  query = g_uri_parse_params (strchr (run.uri, '?') + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  redirect = g_uri_parse (g_hash_table_lookup (query, "redirect_uri"), G_URI_FLAGS_NONE, NULL);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) g_uri_get_port (redirect), NULL,
                                                &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
on_authorization_uri (SesameFlow *flow,
                      const char *uri,
                      gpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) agent = NULL;

  /* Asynchronous here: the receiver lives on this main loop. */
  agent = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("SESAME_TEST_AGENT"),
                            uri, NULL);
  g_assert_no_error (error);
}

static void
test_core_flow_and_revoke (void)
{
  g_autoptr(SoupSession) session = sesame_http_session_new (NULL, NULL);
  g_autoptr(SesameClient) client = sesame_client_new ("sesame-public");
  g_autoptr(SesameFlow) flow = sesame_flow_new (session, client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(SesameTokenSet) refreshed = NULL;
  g_autoptr(SesameTokenClient) token_client = NULL;
  g_autoptr(GError) error = NULL;

  sesame_flow_set_issuer (flow, idp->issuer);
  sesame_flow_set_timeout (flow, 60);
  g_signal_connect (flow, "authorization-uri", G_CALLBACK (on_authorization_uri), NULL);
  sesame_flow_run_async (flow, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_flow_run_async ()");
  tokens = sesame_flow_run_finish (flow, result, &error);
  g_assert_no_error (error);
  assert_token_works (sesame_token_set_get_access_token (tokens));
  g_assert_true (sesame_provider_get_requires_iss (sesame_flow_get_provider (flow)));
  g_assert_cmpstr (sesame_token_set_get_scope (tokens), ==, "openid");

  /* Revoke the refresh token (RFC 7009); refreshing with it then fails. */
  token_client = sesame_token_client_new (session, sesame_flow_get_provider (flow), client);
  g_clear_object (&result);
  sesame_token_client_revoke_async (token_client, sesame_token_set_get_refresh_token (tokens),
                                    "refresh_token", NULL, on_result,
                                    &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_token_client_revoke_async ()");
  g_assert_true (sesame_token_client_revoke_finish (token_client, result, &error));
  g_assert_no_error (error);

  g_clear_object (&result);
  sesame_token_client_refresh_async (token_client, tokens, NULL,
                                     on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_token_client_refresh_async ()");
  refreshed = sesame_token_client_refresh_finish (token_client, result, &error);
  g_assert_null (refreshed);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_GRANT);
}

/* Signs in through the core with @client_id; the ID token is verified on the way. */
static SesameTokenSet *
core_sign_in (const char         *client_id,
              SesameTokenClient **token_client)
{
  g_autoptr(SoupSession) session = sesame_http_session_new (NULL, NULL);
  g_autoptr(SesameClient) client = sesame_client_new (client_id);
  g_autoptr(SesameFlow) flow = sesame_flow_new (session, client);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SesameTokenSet *tokens;

  sesame_client_set_scope (client, "openid email");
  sesame_flow_set_issuer (flow, idp->issuer);
  sesame_flow_set_timeout (flow, 60);
  g_signal_connect (flow, "authorization-uri", G_CALLBACK (on_authorization_uri), NULL);
  sesame_flow_run_async (flow, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_flow_run_async ()");
  tokens = sesame_flow_run_finish (flow, result, &error);
  g_assert_no_error (error);
  *token_client = g_object_ref (sesame_flow_get_token_client (flow));
  return tokens;
}

/* The real provider's ID tokens pass every check, signed with RS256 and with ES256, at
 * sign-in and on refresh (same iss and sub), and userinfo agrees on the subject.
 */
static void
test_core_id_token (gconstpointer data)
{
  const char *client_id = ((const char * const *) data)[0];
  const char *alg = ((const char * const *) data)[1];
  g_autoptr(SesameTokenClient) token_client = NULL;
  g_autoptr(SesameTokenSet) tokens = core_sign_in (client_id, &token_client);
  g_autoptr(SesameTokenSet) refreshed = NULL;
  g_autoptr(SesameIdToken) id_token = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) userinfo = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  id_token = sesame_id_token_parse (sesame_token_set_get_id_token (tokens), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_id_token_get_algorithm (id_token), ==, alg);
  g_assert_nonnull (sesame_id_token_get_kid (id_token));
  claims = sesame_token_set_dup_id_token_claims (tokens);
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (claims, "iss"), ==, idp->issuer);

  sesame_token_client_fetch_userinfo_async (token_client, tokens, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_token_client_fetch_userinfo_async ()");
  userinfo = sesame_token_client_fetch_userinfo_finish (token_client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (userinfo, "email"), ==, "alice@example.com");

  g_clear_object (&result);
  sesame_token_client_refresh_async (token_client, tokens, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_token_client_refresh_async ()");
  refreshed = sesame_token_client_refresh_finish (token_client, result, &error);
  g_assert_no_error (error);
  g_clear_pointer (&claims, json_object_unref);
  claims = sesame_token_set_dup_id_token_claims (refreshed);
  g_assert_nonnull (claims);
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, "alice");
}

static const char * const rs256_case[] = { "sesame-public", "RS256" };
static const char * const es256_case[] = { "sesame-es256", "ES256" };

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  waits_init ();
  idp = idp_start ();
  runner_idp = idp;

  g_test_add_func ("/sesame/e2e/cli/public-browser-none", test_cli_public_browser_none);
  g_test_add_func ("/sesame/e2e/cli/basic-and-refresh", test_cli_basic_and_refresh);
  g_test_add_func ("/sesame/e2e/cli/post-from-environment", test_cli_post_from_environment);
  g_test_add_func ("/sesame/e2e/cli/system-browser", test_cli_system_browser);
  g_test_add_func ("/sesame/e2e/cli/access-denied", test_cli_access_denied);
  g_test_add_func ("/sesame/e2e/cli/wrong-secret", test_cli_wrong_secret);
  g_test_add_func ("/sesame/e2e/cli/device", test_cli_device);
  g_test_add_func ("/sesame/e2e/cli/device-denied", test_cli_device_denied);
  g_test_add_func ("/sesame/e2e/cli/endpoints-instead-of-issuer",
                   test_cli_endpoints_instead_of_issuer);
  g_test_add_func ("/sesame/e2e/cli/timeout", test_cli_timeout);
  g_test_add_func ("/sesame/e2e/cli/interrupt", test_cli_interrupt);
  g_test_add_func ("/sesame/e2e/core/flow-and-revoke", test_core_flow_and_revoke);
  g_test_add_data_func ("/sesame/e2e/core/id-token-rs256", rs256_case, test_core_id_token);
  g_test_add_data_func ("/sesame/e2e/core/id-token-es256", es256_case, test_core_id_token);

  status = g_test_run ();
  idp_stop (idp);
  return status;
}
