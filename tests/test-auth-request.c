/* test-auth-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sesame-oauth.h"
#include "waits.h"

#define REDIRECT "http://127.0.0.1:4711/callback"
#define ISSUER   "https://id.example.com"

static SesameAuthRequest *
new_request (const char *scope,
             gboolean    requires_iss)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(SesameClient) client = sesame_client_new ("my app");
  SesameAuthRequest *request;

  provider = sesame_provider_new (ISSUER, ISSUER "/authorize?tenant=a%20b", ISSUER "/token",
                                  &error);
  g_assert_no_error (error);
  sesame_provider_set_requires_iss (provider, requires_iss);
  sesame_client_set_scope (client, scope);

  request = sesame_auth_request_new (provider, client, REDIRECT, &error);
  g_assert_no_error (error);
  return request;
}

static GHashTable *
query_of (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED, NULL);

  g_assert_nonnull (parsed);
  return g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);
}

static char *
s256 (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  g_autofree char *b64 = NULL;
  GString *out;

  g_checksum_update (checksum, (const guchar *) verifier, -1);
  g_checksum_get_digest (checksum, digest, &len);
  b64 = g_base64_encode (digest, len);
  out = g_string_new (NULL);
  for (const char *p = b64; *p && *p != '='; p++)
    g_string_append_c (out, *p == '+' ? '-' : *p == '/' ? '_' : *p);
  return g_string_free (out, FALSE);
}

static gboolean
is_base64url (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
test_uri_parameters (void)
{
  g_autoptr(SesameAuthRequest) request = new_request ("openid email", FALSE);
  g_autoptr(GHashTable) query = query_of (sesame_auth_request_get_uri (request));
  g_autofree char *challenge = s256 (sesame_auth_request_get_code_verifier (request));

  g_assert_true (g_str_has_prefix (sesame_auth_request_get_uri (request), ISSUER "/authorize?"));
  g_assert_cmpstr (g_hash_table_lookup (query, "tenant"), ==, "a b");
  g_assert_cmpstr (g_hash_table_lookup (query, "response_type"), ==, "code");
  g_assert_cmpstr (g_hash_table_lookup (query, "client_id"), ==, "my app");
  g_assert_cmpstr (g_hash_table_lookup (query, "redirect_uri"), ==, REDIRECT);
  g_assert_cmpstr (g_hash_table_lookup (query, "scope"), ==, "openid email");
  g_assert_cmpstr (g_hash_table_lookup (query, "state"), ==, sesame_auth_request_get_state (request));
  g_assert_cmpstr (g_hash_table_lookup (query, "nonce"), ==, sesame_auth_request_get_nonce (request));
  g_assert_cmpstr (g_hash_table_lookup (query, "code_challenge"), ==, challenge);
  g_assert_cmpstr (g_hash_table_lookup (query, "code_challenge_method"), ==, "S256");
  g_assert_false (g_hash_table_contains (query, "code_verifier"));
}

static void
test_secrets_are_random (void)
{
  g_autoptr(SesameAuthRequest) a = new_request ("openid", FALSE);
  g_autoptr(SesameAuthRequest) b = new_request ("openid", FALSE);
  const char *secrets_a[] = { sesame_auth_request_get_state (a), sesame_auth_request_get_nonce (a),
                              sesame_auth_request_get_code_verifier (a) };
  const char *secrets_b[] = { sesame_auth_request_get_state (b), sesame_auth_request_get_nonce (b),
                              sesame_auth_request_get_code_verifier (b) };

  for (guint i = 0; i < G_N_ELEMENTS (secrets_a); i++)
    {
      /* 32 bytes of entropy in base64url: 43 characters (RFC 7636 §4.1 allows 43 to 128). */
      g_assert_cmpuint (strlen (secrets_a[i]), ==, 43);
      g_assert_true (is_base64url (secrets_a[i]));
      g_assert_cmpstr (secrets_a[i], !=, secrets_b[i]);
      for (guint j = 0; j < G_N_ELEMENTS (secrets_a); j++)
        if (i != j)
          g_assert_cmpstr (secrets_a[i], !=, secrets_a[j]);
    }
}

static void
test_nonce_only_with_openid (void)
{
  g_autoptr(SesameAuthRequest) request = new_request ("repo read:org", FALSE);
  g_autoptr(GHashTable) query = query_of (sesame_auth_request_get_uri (request));

  g_assert_null (sesame_auth_request_get_nonce (request));
  g_assert_false (g_hash_table_contains (query, "nonce"));
  g_assert_cmpstr (g_hash_table_lookup (query, "scope"), ==, "repo read:org");
}

static void
test_extra_params (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = sesame_provider_new (NULL, ISSUER "/a", ISSUER "/t", NULL);
  g_autoptr(SesameClient) client = sesame_client_new ("c");
  g_autoptr(SesameAuthRequest) request = NULL;
  g_autoptr(GHashTable) query = NULL;

  g_assert_true (sesame_client_add_param (client, "prompt", "consent", &error));
  g_assert_true (sesame_client_add_param (client, "audience", "https://api/&x=1", &error));
  g_assert_false (sesame_client_add_param (client, "state", "mine", &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (sesame_client_add_param (client, "code_challenge_method", "plain", &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  request = sesame_auth_request_new (provider, client, REDIRECT, &error);
  g_assert_no_error (error);
  query = query_of (sesame_auth_request_get_uri (request));
  g_assert_cmpstr (g_hash_table_lookup (query, "prompt"), ==, "consent");
  g_assert_cmpstr (g_hash_table_lookup (query, "audience"), ==, "https://api/&x=1");
  g_assert_false (g_hash_table_contains (query, "x"));
  g_assert_false (g_hash_table_contains (query, "scope"));
}

/* The endpoint's own query is kept, but may not set what the request sets. */
static void
test_endpoint_query_reserved (void)
{
  const char *bad[] = { "?response_type=token", "?x=1&state=fixed",
                        "?redirect_uri=https%3A%2F%2Fevil",
                        "?code_challenge_method=plain" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *endpoint = g_strconcat (ISSUER "/authorize", bad[i], NULL);
      g_autoptr(SesameProvider) provider = sesame_provider_new (NULL, endpoint, ISSUER "/t", NULL);
      g_autoptr(SesameClient) client = sesame_client_new ("c");
      g_autoptr(SesameAuthRequest) request = NULL;
      g_autoptr(GError) error = NULL;

      request = sesame_auth_request_new (provider, client, REDIRECT, &error);
      g_assert_null (request);
      g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
    }
}

static GHashTable *
params (const char *first,
        ...)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, first);
  for (const char *key = first; key != NULL; key = va_arg (args, const char *))
    g_hash_table_insert (table, g_strdup (key), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return table;
}

static void
test_callback_code (void)
{
  g_autoptr(SesameAuthRequest) request = new_request ("openid", TRUE);
  g_autoptr(GHashTable) answer = params ("code", "abc", "state",
                                         sesame_auth_request_get_state (request),
                                         "iss", ISSUER, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = sesame_auth_request_check_callback (request, answer, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "abc");
  g_assert_true (sesame_auth_request_get_consumed (request));

  /* Single use: the same answer again is refused. */
  again = sesame_auth_request_check_callback (request, answer, &error);
  g_assert_null (again);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH);
}

static void
test_callback_bad_state (void)
{
  g_autoptr(SesameAuthRequest) request = new_request ("openid", FALSE);
  g_autoptr(GHashTable) missing = params ("code", "abc", NULL);
  g_autoptr(GHashTable) wrong = params ("code", "abc", "state", "guess", NULL);
  g_autoptr(GHashTable) prefix = NULL;
  g_autofree char *truncated = g_strndup (sesame_auth_request_get_state (request), 42);
  g_autoptr(GError) error = NULL;

  g_assert_null (sesame_auth_request_check_callback (request, missing, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH);
  g_clear_error (&error);
  g_assert_null (sesame_auth_request_check_callback (request, wrong, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH);
  g_clear_error (&error);
  prefix = params ("code", "abc", "state", truncated, NULL);
  g_assert_null (sesame_auth_request_check_callback (request, prefix, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH);

  /* None of these used the request up. */
  g_assert_false (sesame_auth_request_get_consumed (request));
}

static void
check_callback_error (const char *scope,
                      gboolean    requires_iss,
                      const char *key1,
                      const char *value1,
                      const char *key2,
                      const char *value2,
                      int         code)
{
  g_autoptr(SesameAuthRequest) request = new_request (scope, requires_iss);
  g_autoptr(GHashTable) answer = params ("state", sesame_auth_request_get_state (request), NULL);
  g_autoptr(GError) error = NULL;

  if (key1 != NULL)
    g_hash_table_insert (answer, g_strdup (key1), g_strdup (value1));
  if (key2 != NULL)
    g_hash_table_insert (answer, g_strdup (key2), g_strdup (value2));

  g_assert_null (sesame_auth_request_check_callback (request, answer, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, code);
  g_assert_true (sesame_auth_request_get_consumed (request));
}

static void
test_callback_provider_error (void)
{
  g_autoptr(SesameAuthRequest) request = new_request ("openid", FALSE);
  g_autoptr(GHashTable) answer = params ("state", sesame_auth_request_get_state (request),
                                         "error", "access_denied",
                                         "error_description", "User said\x1b[31m no\nthanks", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (sesame_auth_request_check_callback (request, answer, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "User said"));
  g_assert_null (strchr (error->message, '\x1b'));
  g_assert_null (strchr (error->message, '\n'));

  check_callback_error ("openid", FALSE, "error", "server_error", NULL, NULL,
                        SESAME_OAUTH_ERROR_AUTHORIZATION_FAILED);
}

static void
test_callback_iss (void)
{
  /* RFC 9207: a wrong iss is refused; a missing one only when the provider promised it. */
  check_callback_error ("openid", FALSE, "code", "abc", "iss", "https://evil.example.com",
                        SESAME_OAUTH_ERROR_ISSUER_MISMATCH);
  check_callback_error ("openid", FALSE, "code", "abc", "iss", ISSUER "/",
                        SESAME_OAUTH_ERROR_ISSUER_MISMATCH);
  check_callback_error ("openid", TRUE, "code", "abc", NULL, NULL,
                        SESAME_OAUTH_ERROR_ISSUER_MISMATCH);
  check_callback_error ("openid", TRUE, "error", "access_denied", "iss", "https://evil",
                        SESAME_OAUTH_ERROR_ISSUER_MISMATCH);
  check_callback_error ("openid", FALSE, NULL, NULL, NULL, NULL,
                        SESAME_OAUTH_ERROR_BAD_RESPONSE);
}

static void
test_callback_without_iss_allowed (void)
{
  g_autoptr(SesameAuthRequest) request = new_request ("openid", FALSE);
  g_autoptr(GHashTable) answer = params ("code", "xyz", "state",
                                         sesame_auth_request_get_state (request), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = sesame_auth_request_check_callback (request, answer, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "xyz");
}

static void
test_client_check (void)
{
  g_autoptr(SesameClient) client = sesame_client_new ("id");
  g_autoptr(GError) error = NULL;
  SesameAuthMethod method;

  sesame_client_set_auth_method (client, SESAME_AUTH_METHOD_CLIENT_SECRET_POST);
  g_assert_false (sesame_client_check (client, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  sesame_client_set_secret (client, "s");
  g_assert_true (sesame_client_check (client, NULL));

  g_assert_true (sesame_auth_method_from_string ("basic", &method));
  g_assert_cmpint (method, ==, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  g_assert_true (sesame_auth_method_from_string ("client_secret_post", &method));
  g_assert_cmpint (method, ==, SESAME_AUTH_METHOD_CLIENT_SECRET_POST);
  g_assert_false (sesame_auth_method_from_string ("private_key_jwt", &method));

  sesame_client_set_scope (client, "  openid \t email  ");
  g_assert_cmpstr (sesame_client_get_scope (client), ==, "openid email");
  sesame_client_set_scope (client, "   ");
  g_assert_null (sesame_client_get_scope (client));
}

static void
test_client_from_environment (void)
{
  g_autoptr(SesameClient) client = NULL;
  g_autoptr(GError) error = NULL;

  g_unsetenv ("OAUTH_CLIENT_ID");
  g_assert_null (sesame_client_new_from_environment (&error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);

  g_setenv ("OAUTH_CLIENT_ID", "env-id", TRUE);
  g_setenv ("OAUTH_CLIENT_SECRET", "env-secret", TRUE);
  client = sesame_client_new_from_environment (NULL);
  g_assert_cmpstr (sesame_client_get_id (client), ==, "env-id");
  g_assert_cmpstr (sesame_client_get_secret (client), ==, "env-secret");
  g_assert_cmpint (sesame_client_get_auth_method (client), ==,
                   SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  g_unsetenv ("OAUTH_CLIENT_ID");
  g_unsetenv ("OAUTH_CLIENT_SECRET");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/auth-request/uri-parameters", test_uri_parameters);
  g_test_add_func ("/sesame/auth-request/secrets-are-random", test_secrets_are_random);
  g_test_add_func ("/sesame/auth-request/nonce-only-with-openid", test_nonce_only_with_openid);
  g_test_add_func ("/sesame/auth-request/extra-params", test_extra_params);
  g_test_add_func ("/sesame/auth-request/endpoint-query-reserved", test_endpoint_query_reserved);
  g_test_add_func ("/sesame/auth-request/callback-code", test_callback_code);
  g_test_add_func ("/sesame/auth-request/callback-bad-state", test_callback_bad_state);
  g_test_add_func ("/sesame/auth-request/callback-provider-error", test_callback_provider_error);
  g_test_add_func ("/sesame/auth-request/callback-iss", test_callback_iss);
  g_test_add_func ("/sesame/auth-request/callback-without-iss-allowed",
                   test_callback_without_iss_allowed);
  g_test_add_func ("/sesame/client/check", test_client_check);
  g_test_add_func ("/sesame/client/from-environment", test_client_from_environment);

  return g_test_run ();
}
