/* test-token-client.c
 *
 * The token and revocation requests against a fake provider: what is sent, and what
 * becomes of every kind of answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fake-provider.h"
#include "sesame-auth-request.h"
#include "sesame-http.h"
#include "sesame-oauth-error.h"
#include "sesame-token-client.h"
#include "waits.h"

#define CODE          "code-planted-7Qx"
#define CLIENT_ID     "sesame-test-client"
/* Without openid: ID tokens are test-id-token.c's business. */
#define SCOPE         "profile email"
#define REDIRECT_URI  "http://127.0.0.1:1234/callback"
#define FORM_TYPE     "application/x-www-form-urlencoded"

typedef struct
{
  FakeProvider      *fake;
  SoupSession       *session;
  SesameProvider    *provider;
  SesameClient      *client;
  SesameAuthRequest *request;
  SesameTokenClient *tokens;
  GAsyncResult      *result;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *authorize = NULL, *token = NULL, *revoke = NULL;
  GError *error = NULL;

  f->fake = fake_provider_new ();
  authorize = fake_provider_get_uri (f->fake, "/authorize");
  token = fake_provider_get_uri (f->fake, "/token");
  revoke = fake_provider_get_uri (f->fake, "/revoke");

  f->session = sesame_http_session_new (NULL, &error);
  g_assert_no_error (error);
  f->provider = sesame_provider_new (fake_provider_get_issuer (f->fake), authorize, token, &error);
  g_assert_no_error (error);
  sesame_provider_set_endpoint (f->provider, SESAME_ENDPOINT_REVOCATION, revoke, &error);
  g_assert_no_error (error);
  f->client = sesame_client_new (CLIENT_ID);
  sesame_client_set_scope (f->client, SCOPE);
  f->request = sesame_auth_request_new (f->provider, f->client, REDIRECT_URI, &error);
  g_assert_no_error (error);
  f->tokens = sesame_token_client_new (f->session, f->provider, f->client);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->result);
  g_clear_object (&f->tokens);
  g_clear_object (&f->request);
  g_clear_object (&f->client);
  g_clear_object (&f->provider);
  g_clear_object (&f->session);
  g_clear_pointer (&f->fake, fake_provider_free);
}

/* Helpers ---------------------------------------------------------------------------- */

static GAsyncResult *
wait_for_result (Fixture *f)
{
  g_clear_object (&f->result);
  wait_for_pointer ((gpointer *) &f->result, "an answer");
  return f->result;
}

static SesameTokenSet *
exchange (Fixture  *f,
          GError  **error)
{
  sesame_token_client_exchange_code_async (f->tokens, f->request, CODE, NULL,
                                           keep_result, &f->result);
  return sesame_token_client_exchange_code_finish (f->tokens, wait_for_result (f), error);
}

static SesameTokenSet *
refresh (Fixture         *f,
         SesameTokenSet  *current,
         GError         **error)
{
  sesame_token_client_refresh_async (f->tokens, current, NULL, keep_result, &f->result);
  return sesame_token_client_refresh_finish (f->tokens, wait_for_result (f), error);
}

static gboolean
revoke_token (Fixture     *f,
              const char  *token,
              GError     **error)
{
  sesame_token_client_revoke_async (f->tokens, token, "refresh_token", NULL,
                                    keep_result, &f->result);
  return sesame_token_client_revoke_finish (f->tokens, wait_for_result (f), error);
}

static void
answer_json (Fixture    *f,
             guint       status,
             const char *body)
{
  fake_provider_set_answer (f->fake, "/token", status, "application/json", body);
}

/* No secret that was planted in the request or the answer may reach an error message. */
static void
assert_no_secret (const GError *error)
{
  const char *secrets[] = { CODE, "planted", "cr:et" };

  g_assert_nonnull (error);
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (error->message, secrets[i]));
}

static void
assert_exchange_fails (Fixture    *f,
                       GQuark      domain,
                       int         code,
                       GError    **out_error)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = exchange (f, &error);
  g_assert_error (error, domain, code);
  g_assert_null (tokens);
  assert_no_secret (error);
  g_assert_null (strstr (error->message, sesame_auth_request_get_code_verifier (f->request)));
  if (out_error != NULL)
    *out_error = g_steal_pointer (&error);
}

static SesameTokenSet *
assert_exchange_succeeds (Fixture    *f,
                          const char *answer)
{
  g_autoptr(GError) error = NULL;
  SesameTokenSet *tokens;

  if (answer != NULL)
    answer_json (f, SOUP_STATUS_OK, answer);
  tokens = exchange (f, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  return tokens;
}

static const char *
sent (Fixture    *f,
      const char *name)
{
  return g_hash_table_lookup (fake_provider_get_last_request (f->fake)->form, name);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Connections -------------------------------------------------------------------------- */

/* Fetches the keys, as a sign-in does while the user is in the browser; returns the port
 * of the connection that took, which the session keeps open. */
static guint
fetch_keys (Fixture *f)
{
  g_autofree char *keys = fake_provider_get_uri (f->fake, "/jwks");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  fake_provider_set_answer (f->fake, "/jwks", SOUP_STATUS_OK, "application/json",
                            "{\"keys\":[]}");
  sesame_http_fetch_async (f->session, keys, 1024, NULL, keep_result, &f->result);
  body = sesame_http_fetch_finish (wait_for_result (f), &error);
  g_assert_no_error (error);
  port = fake_provider_get_last_request (f->fake)->remote_port;
  g_assert_cmpuint (port, !=, 0);
  return port;
}

static SesameTokenSet *current_tokens (const char *refresh_token);

/* A token request is sent once, whatever becomes of its connection: neither the code nor
 * the refresh token may reach the provider twice (a provider that rotates refresh tokens
 * takes a second use for theft and revokes the grant). Here the session holds a
 * connection from the keys' fetch, and the provider reads each token request and drops
 * its connection without an answer (issue 18, item 7). */
static void
test_never_sent_twice (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SesameTokenSet) current = current_tokens ("rt-once");
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  /* libsoup 3.2 would never re-send a POST, but a request marked idempotent goes on a
   * kept-alive connection (the one the keys came on), which a provider may close at any
   * moment: a token request has a connection of its own.
   */
  port = fetch_keys (f);
  fake_provider_set_close (f->fake, "/token");
  tokens = exchange (f, &error);
  g_assert_null (tokens);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach the token endpoint"));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 1);
  g_assert_cmpuint (fake_provider_get_last_request (f->fake)->remote_port, !=, port);
  g_clear_error (&error);

  port = fetch_keys (f);
  tokens = refresh (f, current, &error);
  g_assert_null (tokens);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach the token endpoint"));
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 2);
  g_assert_cmpuint (fake_provider_get_last_request (f->fake)->remote_port, !=, port);
}

/* A connection the provider closed while it was idle is not used again. */
static void
test_closed_connection_not_reused (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  guint port = fetch_keys (f);

  fake_provider_close_connections (f->fake);
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (5 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  tokens = assert_exchange_succeeds (f, "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\"}");
  g_assert_cmpuint (fake_provider_get_last_request (f->fake)->remote_port, !=, port);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 1);
}

/* Successful answers ------------------------------------------------------------------ */

static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = assert_exchange_succeeds (f,
    "{\"access_token\":\"at-1\",\"token_type\":\"bEaReR\",\"refresh_token\":\"rt-1\","
    "\"expires_in\":3600}");

  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "at-1");
  g_assert_cmpstr (sesame_token_set_get_refresh_token (tokens), ==, "rt-1");
  g_assert_null (sesame_token_set_get_id_token (tokens));
  g_assert_cmpstr (sesame_token_set_get_token_type (tokens), ==, "Bearer");
  g_assert_cmpstr (sesame_token_set_get_scope (tokens), ==, SCOPE);
  g_assert_cmpint (ABS (sesame_token_set_get_expires_at (tokens) - (now () + 3600)), <=, 5);
}

/* An ID token comes even without openid: it is checked all the same (the provider's keys
 * are known), and this one is no JWS.
 */
static void
test_malformed_id_token (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *jwks = fake_provider_get_uri (f->fake, "/jwks");
  g_autoptr(GError) error = NULL;

  g_assert_true (sesame_provider_set_endpoint (f->provider, SESAME_ENDPOINT_JWKS, jwks, NULL));

  answer_json (f, SOUP_STATUS_OK,
               "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"id_token\":\"it-planted\"}");
  assert_exchange_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_INVALID, &error);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, NULL), ==, 1);
}

static void
test_scope_from_answer (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = assert_exchange_succeeds (f,
    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"scope\":\"email\"}");

  g_assert_cmpstr (sesame_token_set_get_scope (tokens), ==, "email");
  g_assert_null (sesame_token_set_get_refresh_token (tokens));
  g_assert_cmpint (sesame_token_set_get_expires_at (tokens), ==, 0);
}

static void
test_expires_alias (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = assert_exchange_succeeds (f,
    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires\":600}");

  g_assert_cmpint (ABS (sesame_token_set_get_expires_at (tokens) - (now () + 600)), <=, 5);
}

static void
test_expires_in_string (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = assert_exchange_succeeds (f,
    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"expires_in\":\"1800\"}");

  g_assert_cmpint (ABS (sesame_token_set_get_expires_at (tokens) - (now () + 1800)), <=, 5);
}

/* RFC 6749 §5.1: token_type is required, and §7.1: a token of an unknown type is not
 * used. The message names the omission, or the type (sanitised). */
static void
test_token_type_missing (Fixture       *f,
                         gconstpointer  data)
{
  const char *answers[] = {
    "{\"access_token\":\"at-planted\"}",
    "{\"access_token\":\"at-planted\",\"token_type\":null}",
    "{\"access_token\":\"at-planted\",\"token_type\":\"\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GError) error = NULL;

      answer_json (f, SOUP_STATUS_OK, answers[i]);
      assert_exchange_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE, &error);
      g_assert_nonnull (strstr (error->message, "no token type (token_type)"));
    }
}

static void
test_token_type_mac (Fixture       *f,
                     gconstpointer  data)
{
  const struct { const char *answer; const char *shown; } cases[] = {
    { "{\"access_token\":\"at-planted\",\"token_type\":\"mac\",\"mac_key\":\"k\"}", "“mac”" },
    { "{\"access_token\":\"at-planted\",\"token_type\":\"DPoP\"}", "“DPoP”" },
    { "{\"access_token\":\"at-planted\",\"token_type\":\"DPoP\\u001b[2J\\r\\n\"}", "DPoP" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      answer_json (f, SOUP_STATUS_OK, cases[i].answer);
      assert_exchange_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE, &error);
      g_assert_nonnull (strstr (error->message, cases[i].shown));
      g_assert_null (strpbrk (error->message, "\x1b\r\n"));
    }
}

/* Tokens outside their grammar (RFC 6750 §2.1, RFC 6749 appendix A, RFC 7515) are
 * refused: they would reach a header, a shell line and a terminal. The message names
 * the field, never the token. */
typedef struct
{
  const char *path;
  const char *answer;
  int         code;
  const char *field;
} GrammarCase;

#define GRAMMAR_ANSWER(member, value) \
  "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"" member "\":\"" value "\"}"

static const GrammarCase grammar_cases[] = {
  { "/sesame/token-client/grammar/access-token-shell",
    "{\"access_token\":\"x' ; touch /tmp/planted ; echo '\",\"token_type\":\"Bearer\"}",
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "access token" },
  { "/sesame/token-client/grammar/access-token-escape",
    "{\"access_token\":\"planted\\u001b]0;x\\u0007\",\"token_type\":\"Bearer\"}",
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "access token" },
  { "/sesame/token-client/grammar/access-token-header-line",
    "{\"access_token\":\"planted\\r\\nX-Injected: 1\",\"token_type\":\"Bearer\"}",
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "access token" },
  { "/sesame/token-client/grammar/access-token-space",
    "{\"access_token\":\"planted token\",\"token_type\":\"Bearer\"}",
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "access token" },
  { "/sesame/token-client/grammar/access-token-after-padding",
    "{\"access_token\":\"planted==x\",\"token_type\":\"Bearer\"}",
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "access token" },
  { "/sesame/token-client/grammar/access-token-padding-only",
    "{\"access_token\":\"==\",\"token_type\":\"Bearer\"}",
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "access token" },
  { "/sesame/token-client/grammar/refresh-token-newline",
    GRAMMAR_ANSWER ("refresh_token", "rt-planted\\n"),
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "refresh token" },
  { "/sesame/token-client/grammar/refresh-token-delete",
    GRAMMAR_ANSWER ("refresh_token", "rt-planted\\u007f"),
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "refresh token" },
  { "/sesame/token-client/grammar/refresh-token-non-ascii",
    GRAMMAR_ANSWER ("refresh_token", "rt-planted\\u00e9"),
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "refresh token" },
  { "/sesame/token-client/grammar/id-token-two-parts",
    GRAMMAR_ANSWER ("id_token", "eyJhbGciOiJub25lIn0.planted"),
    SESAME_OAUTH_ERROR_ID_TOKEN_INVALID, "ID token" },
  { "/sesame/token-client/grammar/id-token-four-parts",
    GRAMMAR_ANSWER ("id_token", "a.b.planted.d"),
    SESAME_OAUTH_ERROR_ID_TOKEN_INVALID, "ID token" },
  { "/sesame/token-client/grammar/id-token-empty-header",
    GRAMMAR_ANSWER ("id_token", ".b.planted"),
    SESAME_OAUTH_ERROR_ID_TOKEN_INVALID, "ID token" },
  { "/sesame/token-client/grammar/id-token-padding",
    GRAMMAR_ANSWER ("id_token", "YQ==.Yg.planted"),
    SESAME_OAUTH_ERROR_ID_TOKEN_INVALID, "ID token" },
  { "/sesame/token-client/grammar/id-token-escape",
    GRAMMAR_ANSWER ("id_token", "a.b.planted\\u001b[2J"),
    SESAME_OAUTH_ERROR_ID_TOKEN_INVALID, "ID token" },
};

/* The fixture's provider has no JWKS: an ID token would be dropped unverified, so only
 * the grammar check refuses these. */
static void
test_grammar (Fixture       *f,
              gconstpointer  data)
{
  const GrammarCase *c = data;
  g_autoptr(GError) error = NULL;

  answer_json (f, SOUP_STATUS_OK, c->answer);
  assert_exchange_fails (f, SESAME_OAUTH_ERROR, c->code, &error);
  g_assert_nonnull (strstr (error->message, c->field));
  g_assert_null (strstr (error->message, "touch"));
  g_assert_null (strpbrk (error->message, "\x1b\r\n\x7f"));
}

/* The whole of each grammar is accepted. */
static void
test_grammar_accepted (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = assert_exchange_succeeds (f,
    "{\"access_token\":\"AZaz09-._~+/==\",\"token_type\":\"Bearer\","
    "\"refresh_token\":\" !\\\"#~}|{`_^ZA@?09/.-+*)('&%$\"}");

  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "AZaz09-._~+/==");
  g_assert_cmpstr (sesame_token_set_get_refresh_token (tokens), ==,
                   " !\"#~}|{`_^ZA@?09/.-+*)('&%$");
}

static void
test_form_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;

  fake_provider_set_answer (f->fake, "/token", SOUP_STATUS_OK, FORM_TYPE,
                            "access_token=gho_16C7e42F&scope=repo%2Cgist&token_type=bearer");
  tokens = assert_exchange_succeeds (f, NULL);
  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "gho_16C7e42F");
  g_assert_cmpstr (sesame_token_set_get_scope (tokens), ==, "repo,gist");
  g_assert_cmpstr (sesame_token_set_get_token_type (tokens), ==, "Bearer");
}

/* What is sent ------------------------------------------------------------------------ */

static void
test_sends_code_grant (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = assert_exchange_succeeds (f, NULL);
  const FakeRequest *request = fake_provider_get_last_request (f->fake);
  const char *verifier = sesame_auth_request_get_code_verifier (f->request);

  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/token");
  g_assert_cmpstr (request->content_type, ==, FORM_TYPE);
  g_assert_cmpstr (request->accept, ==, "application/json");
  g_assert_null (request->authorization);
  g_assert_cmpstr (sent (f, "grant_type"), ==, "authorization_code");
  g_assert_cmpstr (sent (f, "code"), ==, CODE);
  g_assert_cmpstr (sent (f, "redirect_uri"), ==, REDIRECT_URI);
  g_assert_cmpuint (strlen (verifier), ==, 43);
  g_assert_cmpstr (sent (f, "code_verifier"), ==, verifier);
  g_assert_cmpstr (sent (f, "client_id"), ==, CLIENT_ID);
  g_assert_false (g_hash_table_contains (request->form, "client_secret"));
}

/* Awkward on purpose: space, colon, plus, percent, ampersand and non-ASCII. */
#define ODD_ID             "my id:+%&é"
#define ODD_SECRET         "s3 cr:et+%&ü"
#define ODD_ID_ENCODED     "my+id%3A%2B%25%26%C3%A9"
#define ODD_SECRET_ENCODED "s3+cr%3Aet%2B%25%26%C3%BC"

static void
use_odd_client (Fixture          *f,
                SesameAuthMethod  method)
{
  GError *error = NULL;

  g_clear_object (&f->tokens);
  g_clear_object (&f->request);
  g_clear_object (&f->client);
  f->client = sesame_client_new (ODD_ID);
  sesame_client_set_secret (f->client, ODD_SECRET);
  sesame_client_set_auth_method (f->client, method);
  f->request = sesame_auth_request_new (f->provider, f->client, REDIRECT_URI, &error);
  g_assert_no_error (error);
  f->tokens = sesame_token_client_new (f->session, f->provider, f->client);
}

static void
test_client_secret_basic (Fixture       *f,
                          gconstpointer  data)
{
  const char *pair = ODD_ID_ENCODED ":" ODD_SECRET_ENCODED;
  g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *expected = g_strconcat ("Basic ", b64, NULL);
  g_autoptr(SesameTokenSet) tokens = NULL;
  const FakeRequest *request;
  GHashTableIter iter;
  gpointer value;

  use_odd_client (f, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  tokens = assert_exchange_succeeds (f, NULL);
  request = fake_provider_get_last_request (f->fake);
  g_assert_cmpstr (request->authorization, ==, expected);
  g_assert_false (g_hash_table_contains (request->form, "client_secret"));
  g_hash_table_iter_init (&iter, request->form);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_assert_null (strstr (value, "cr:et"));
}

static void
test_client_secret_post (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;

  use_odd_client (f, SESAME_AUTH_METHOD_CLIENT_SECRET_POST);
  tokens = assert_exchange_succeeds (f, NULL);
  g_assert_null (fake_provider_get_last_request (f->fake)->authorization);
  g_assert_cmpstr (sent (f, "client_id"), ==, ODD_ID);
  g_assert_cmpstr (sent (f, "client_secret"), ==, ODD_SECRET);
  g_assert_cmpstr (sent (f, "code"), ==, CODE);
}

/* OAuth errors (RFC 6749 §5.2) --------------------------------------------------------- */

typedef struct
{
  const char *path;
  const char *code;
  guint       status;
  int         expected;
} OAuthErrorCase;

static const OAuthErrorCase oauth_error_cases[] = {
  { "/sesame/token-client/invalid-request", "invalid_request", 400,
    SESAME_OAUTH_ERROR_INVALID_REQUEST },
  { "/sesame/token-client/invalid-client", "invalid_client", 400,
    SESAME_OAUTH_ERROR_INVALID_CLIENT },
  { "/sesame/token-client/invalid-client-401", "invalid_client", 401,
    SESAME_OAUTH_ERROR_INVALID_CLIENT },
  { "/sesame/token-client/invalid-grant", "invalid_grant", 400,
    SESAME_OAUTH_ERROR_INVALID_GRANT },
  { "/sesame/token-client/unauthorized-client", "unauthorized_client", 400,
    SESAME_OAUTH_ERROR_UNAUTHORIZED_CLIENT },
  { "/sesame/token-client/unsupported-grant-type", "unsupported_grant_type", 400,
    SESAME_OAUTH_ERROR_UNSUPPORTED_GRANT_TYPE },
  { "/sesame/token-client/invalid-scope", "invalid_scope", 400,
    SESAME_OAUTH_ERROR_INVALID_SCOPE },
  { "/sesame/token-client/unknown-error", "temporarily_unavailable", 400,
    SESAME_OAUTH_ERROR_TOKEN_ERROR },
  { "/sesame/token-client/error-in-200", "bad_verification_code", 200,
    SESAME_OAUTH_ERROR_TOKEN_ERROR },
  /* The device grant's “ask again” means nothing to a code exchange: an error like any. */
  { "/sesame/token-client/pending-in-exchange", "authorization_pending", 400,
    SESAME_OAUTH_ERROR_TOKEN_ERROR },
  { "/sesame/token-client/slow-down-in-exchange", "slow_down", 400,
    SESAME_OAUTH_ERROR_TOKEN_ERROR },
  { "/sesame/token-client/access-denied", "access_denied", 400,
    SESAME_OAUTH_ERROR_ACCESS_DENIED },
};

static void
test_oauth_error (Fixture       *f,
                  gconstpointer  data)
{
  const OAuthErrorCase *c = data;
  g_autofree char *body = g_strdup_printf ("{\"error\":\"%s\","
                                           "\"error_description\":\"Told you twice\"}",
                                           c->code);
  g_autoptr(GError) error = NULL;

  answer_json (f, c->status, body);
  assert_exchange_fails (f, SESAME_OAUTH_ERROR, c->expected, &error);
  g_assert_nonnull (strstr (error->message, c->code));
}

/* RFC 6749 §5.2: a 401 carries WWW-Authenticate; the session must not try to answer it. */
static void
test_invalid_client_challenge (Fixture       *f,
                               gconstpointer  data)
{
  use_odd_client (f, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  answer_json (f, 401, "{\"error\":\"invalid_client\"}");
  fake_provider_add_header (f->fake, "/token", "WWW-Authenticate", "Basic realm=\"sesame\"");
  assert_exchange_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_CLIENT, NULL);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 1);
}

static void
test_error_description (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  answer_json (f, 400, "{\"error\":\"invalid_grant\",\"error_description\":"
                       "\"Code \\u001b[31mexpired\\u001b[0m\\nFake: line\\r\\u0007 ok\"}");
  assert_exchange_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_GRANT, &error);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_assert_nonnull (strstr (error->message, "Fake: line"));
  for (const char *p = error->message; *p != '\0'; p++)
    g_assert_false (g_ascii_iscntrl (*p));
}

/* HTTP faults ------------------------------------------------------------------------- */

static void
test_http_500_html (Fixture       *f,
                    gconstpointer  data)
{
  fake_provider_set_answer (f->fake, "/token", 500, "text/html",
                            "<html><body>Internal error for code-planted</body></html>");
  assert_exchange_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_HTTP, NULL);
}

static void
test_redirect_not_followed (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *elsewhere = fake_provider_get_uri (f->fake, "/elsewhere");

  fake_provider_set_answer (f->fake, "/token", 302, NULL, NULL);
  fake_provider_add_header (f->fake, "/token", "Location", elsewhere);
  fake_provider_set_answer (f->fake, "/elsewhere", SOUP_STATUS_OK, "application/json",
                            "{\"access_token\":\"at-elsewhere\"}");
  assert_exchange_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_HTTP, NULL);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 1);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/elsewhere"), ==, 0);
}

typedef struct
{
  const char *path;
  const char *content_type;
  const char *body;
} BadAnswerCase;

static const BadAnswerCase bad_answer_cases[] = {
  { "/sesame/token-client/not-json", "text/html", "<html>access_token=planted</html>" },
  { "/sesame/token-client/json-array", "application/json", "[{\"access_token\":\"planted\"}]" },
  { "/sesame/token-client/no-access-token", "application/json", "{\"token_type\":\"Bearer\"}" },
  { "/sesame/token-client/access-token-wrong-type", "application/json",
    "{\"access_token\":{\"value\":\"planted\"},\"token_type\":\"Bearer\"}" },
  { "/sesame/token-client/access-token-number", "application/json",
    "{\"access_token\":42,\"token_type\":\"Bearer\"}" },
  { "/sesame/token-client/empty-body", "application/json", "" },
  { "/sesame/token-client/empty-form", FORM_TYPE, "" },
};

static void
test_bad_answer (Fixture       *f,
                 gconstpointer  data)
{
  const BadAnswerCase *c = data;

  fake_provider_set_answer (f->fake, "/token", SOUP_STATUS_OK, c->content_type, c->body);
  assert_exchange_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE, NULL);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 1);
}

static void
test_huge_answer (Fixture       *f,
                  gconstpointer  data)
{
  gboolean chunked = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;

  fake_provider_set_huge (f->fake, "/token", 1024 * 1024 + 4096, chunked);
  assert_exchange_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE, &error);
  g_assert_nonnull (strstr (error->message, "larger"));
}

/* Just below the limit, the same answer is accepted: the limit is what refuses it. */
static void
test_large_answer_accepted (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;

  fake_provider_set_huge (f->fake, "/token", 1024 * 1024 - 64, TRUE);
  tokens = assert_exchange_succeeds (f, NULL);
  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "huge");
}

static void
test_connection_closed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  fake_provider_set_close (f->fake, "/token");
  tokens = exchange (f, &error);
  g_assert_null (tokens);
  g_assert_nonnull (error);
  g_test_message ("connection closed: %s", error->message);
  g_assert_true (error->domain == G_IO_ERROR || error->domain == SOUP_SESSION_ERROR);
  assert_no_secret (error);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GError) error = NULL;

  g_object_set (f->session, "timeout", 1, NULL);
  fake_provider_set_delay (f->fake, "/token", 4000);
  assert_exchange_fails (f, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, &error);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.9);
}

/* A provider that drips its answer byte by byte, each byte in time for the read timeout,
 * still hits the request's overall deadline (twice the timeout).
 */
static void
test_drip_hits_deadline (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_object_set (f->session, "timeout", 1, NULL);
  fake_provider_set_drip (f->fake, "/token", 200);
  assert_exchange_fails (f, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, &error);
  g_assert_nonnull (strstr (error->message, "did not answer completely"));
}

/* The same drip with a generous timeout completes: the deadline is what stopped it. */
static void
test_drip_within_deadline (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;

  fake_provider_set_drip (f->fake, "/token", 1);
  tokens = assert_exchange_succeeds (f, NULL);
  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "dripped");
}

/* A slow answer that still comes within the timeout is taken. */
static void
test_slow_answer_accepted (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;

  fake_provider_set_delay (f->fake, "/token", 300);
  tokens = assert_exchange_succeeds (f, NULL);
  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "default-access");
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  fake_provider_set_delay (f->fake, "/token", 5000);
  g_timeout_add (200, cancel_later, cancellable);
  sesame_token_client_exchange_code_async (f->tokens, f->request, CODE, cancellable,
                                           keep_result, &f->result);
  tokens = sesame_token_client_exchange_code_finish (f->tokens, wait_for_result (f), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (tokens);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 2.0);
}

/* Refresh ----------------------------------------------------------------------------- */

static SesameTokenSet *
current_tokens (const char *refresh_token)
{
  g_autofree char *text = NULL;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  SesameTokenSet *tokens;

  if (refresh_token != NULL)
    text = g_strdup_printf ("{\"access_token\":\"at-old\",\"token_type\":\"Bearer\","
                            "\"refresh_token\":\"%s\"}", refresh_token);
  else
    text = g_strdup ("{\"access_token\":\"at-old\",\"token_type\":\"Bearer\"}");
  body = g_bytes_new (text, strlen (text));
  tokens = sesame_token_set_new_from_response (body, "application/json", SCOPE, &error);
  g_assert_no_error (error);
  return tokens;
}

static void
test_refresh_keeps_old (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SesameTokenSet) current = current_tokens ("rt-old");
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_json (f, SOUP_STATUS_OK, "{\"access_token\":\"at-new\",\"token_type\":\"Bearer\"}");
  tokens = refresh (f, current, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent (f, "grant_type"), ==, "refresh_token");
  g_assert_cmpstr (sent (f, "refresh_token"), ==, "rt-old");
  g_assert_cmpstr (sent (f, "client_id"), ==, CLIENT_ID);
  g_assert_null (sent (f, "code"));
  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "at-new");
  g_assert_cmpstr (sesame_token_set_get_refresh_token (tokens), ==, "rt-old");
  g_assert_cmpstr (sesame_token_set_get_scope (tokens), ==, SCOPE);
}

static void
test_refresh_replaces (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SesameTokenSet) current = current_tokens ("rt-old");
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_json (f, SOUP_STATUS_OK,
               "{\"access_token\":\"at-new\",\"token_type\":\"Bearer\",\"refresh_token\":\"rt-new\"}");
  tokens = refresh (f, current, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_token_set_get_refresh_token (tokens), ==, "rt-new");
  g_assert_cmpstr (sesame_token_set_get_refresh_token (current), ==, "rt-old");
}

/* A refresh answer outside the grammar fails, and the current tokens stay as they were. */
static void
test_refresh_out_of_grammar (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SesameTokenSet) current = current_tokens ("rt-old");
  const char *answers[] = {
    "{\"access_token\":\"at-planted\\u001b[2J\",\"token_type\":\"Bearer\"}",
    GRAMMAR_ANSWER ("refresh_token", "rt-planted\\r\\n"),
    "{\"access_token\":\"at-planted\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(SesameTokenSet) tokens = NULL;
      g_autoptr(GError) error = NULL;

      answer_json (f, SOUP_STATUS_OK, answers[i]);
      tokens = refresh (f, current, &error);
      g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
      g_assert_null (tokens);
      assert_no_secret (error);
      g_assert_cmpstr (sesame_token_set_get_access_token (current), ==, "at-old");
      g_assert_cmpstr (sesame_token_set_get_refresh_token (current), ==, "rt-old");
    }
}

/* A stored token set is read back under the same rules: one out of grammar is an error
 * (the store asks to sign in again), and the message quotes no token. */
static void
test_stored_out_of_grammar (Fixture       *f,
                            gconstpointer  data)
{
  const char *stored[] = {
    "{\"access_token\":\"at-planted\\u001b[2J\",\"token_type\":\"Bearer\"}",
    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"refresh_token\":\"rt\\nplanted\"}",
    "{\"access_token\":\"at-1\",\"token_type\":\"Bearer\",\"id_token\":\"a.b.c.planted\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (stored); i++)
    {
      g_autoptr(SesameTokenSet) tokens = NULL;
      g_autoptr(GError) error = NULL;

      tokens = sesame_token_set_new_from_json (stored[i], &error);
      g_assert_null (tokens);
      g_assert_nonnull (error);
      assert_no_secret (error);
    }
}

static void
test_refresh_invalid_grant (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SesameTokenSet) current = current_tokens ("rt-old-planted");
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_json (f, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token revoked\"}");
  tokens = refresh (f, current, &error);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_GRANT);
  g_assert_null (tokens);
  g_assert_nonnull (strstr (error->message, "Token revoked"));
  assert_no_secret (error);
}

static void
test_refresh_without_token (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SesameTokenSet) current = current_tokens (NULL);
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = refresh (f, current, &error);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_GRANT);
  g_assert_null (tokens);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, NULL), ==, 0);
}

/* Revocation (RFC 7009) --------------------------------------------------------------- */

static void
test_revoke (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (revoke_token (f, "rt-to-revoke", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fake_provider_get_last_request (f->fake)->path, ==, "/revoke");
  g_assert_cmpstr (fake_provider_get_last_request (f->fake)->method, ==, "POST");
  g_assert_cmpstr (sent (f, "token"), ==, "rt-to-revoke");
  g_assert_cmpstr (sent (f, "token_type_hint"), ==, "refresh_token");
  g_assert_cmpstr (sent (f, "client_id"), ==, CLIENT_ID);
}

static void
test_revoke_unsupported (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fake_provider_set_answer (f->fake, "/revoke", 400, "application/json",
                            "{\"error\":\"unsupported_token_type\"}");
  g_assert_false (revoke_token (f, "rt-planted", &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_TOKEN_ERROR);
  g_assert_nonnull (strstr (error->message, "unsupported_token_type"));
  assert_no_secret (error);
}

static void
test_revoke_no_endpoint (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *authorize = fake_provider_get_uri (f->fake, "/authorize");
  g_autofree char *token = fake_provider_get_uri (f->fake, "/token");
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->tokens);
  g_clear_object (&f->provider);
  f->provider = sesame_provider_new (NULL, authorize, token, &error);
  g_assert_no_error (error);
  f->tokens = sesame_token_client_new (f->session, f->provider, f->client);

  g_assert_false (revoke_token (f, "rt-planted", &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, NULL), ==, 0);
}

/* ------------------------------------------------------------------------------------ */

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_DATA(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

/* Userinfo ------------------------------------------------------------------------ */

static JsonObject *
userinfo (Fixture     *f,
          const char  *id_token,
          GError     **error)
{
  g_autofree char *json = g_strdup_printf ("{\"access_token\":\"planted-access\","
                                           "\"token_type\":\"Bearer\"%s%s%s}",
                                           id_token ? ",\"id_token\":\"" : "",
                                           id_token ? id_token : "", id_token ? "\"" : "");
  g_autoptr(SesameTokenSet) tokens = sesame_token_set_new_from_json (json, NULL);
  g_autofree char *uri = fake_provider_get_uri (f->fake, "/userinfo");

  sesame_provider_set_endpoint (f->provider, SESAME_ENDPOINT_USERINFO, uri, NULL);
  sesame_token_client_fetch_userinfo_async (f->tokens, tokens, NULL, keep_result, &f->result);
  return sesame_token_client_fetch_userinfo_finish (f->tokens, wait_for_result (f), error);
}

/* An unsigned JWT whose payload is {"sub":"alice"}: only the sub is looked at here. */
#define ID_TOKEN_ALICE "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.eA"

static void
test_userinfo (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;
  const FakeRequest *request;

  fake_provider_set_answer (f->fake, "/userinfo", 200, "application/json",
                            "{\"sub\":\"alice\",\"name\":\"Alice\",\"email\":\"a@example.com\"}");
  claims = userinfo (f, ID_TOKEN_ALICE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (claims, "email"), ==, "a@example.com");

  /* The token travels in the header, never in the URL. */
  request = fake_provider_get_last_request (f->fake);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->authorization, ==, "Bearer planted-access");
  g_assert_null (strstr (request->path, "planted"));
}

/* An answer nested too deeply is refused before json-glib, which would exhaust the stack. */
static void
test_userinfo_too_deep (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"sub\":\"alice\",\"x\":");
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (body, '[');
  fake_provider_set_answer (f->fake, "/userinfo", 200, "application/json", body->str);
  claims = userinfo (f, ID_TOKEN_ALICE, &error);
  g_assert_null (claims);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (error->message, ==, "The provider’s answer is nested too deeply");
}

static void
test_userinfo_other_subject (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;

  fake_provider_set_answer (f->fake, "/userinfo", 200, "application/json",
                            "{\"sub\":\"mallory\",\"name\":\"Mallory\"}");
  claims = userinfo (f, ID_TOKEN_ALICE, &error);
  g_assert_null (claims);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
  g_clear_error (&error);

  fake_provider_set_answer (f->fake, "/userinfo", 200, "application/json", "{\"name\":\"X\"}");
  claims = userinfo (f, NULL, &error);
  g_assert_null (claims);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
}

static void
test_userinfo_redirect_not_followed (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *elsewhere = fake_provider_get_uri (f->fake, "/elsewhere");

  fake_provider_set_answer (f->fake, "/userinfo", 302, "text/plain", "moved");
  fake_provider_add_header (f->fake, "/userinfo", "Location", elsewhere);
  fake_provider_set_answer (f->fake, "/elsewhere", 200, "application/json", "{\"sub\":\"alice\"}");
  claims = userinfo (f, ID_TOKEN_ALICE, &error);
  g_assert_null (claims);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_HTTP);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/elsewhere"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  ADD ("/sesame/token-client/success", test_success);
  ADD ("/sesame/token-client/never-sent-twice", test_never_sent_twice);
  ADD ("/sesame/token-client/closed-connection-not-reused", test_closed_connection_not_reused);
  ADD ("/sesame/token-client/malformed-id-token", test_malformed_id_token);
  ADD ("/sesame/token-client/scope-from-answer", test_scope_from_answer);
  ADD ("/sesame/token-client/expires-alias", test_expires_alias);
  ADD ("/sesame/token-client/expires-in-string", test_expires_in_string);
  ADD ("/sesame/token-client/token-type-missing", test_token_type_missing);
  ADD ("/sesame/token-client/token-type-mac", test_token_type_mac);
  for (guint i = 0; i < G_N_ELEMENTS (grammar_cases); i++)
    ADD_DATA (grammar_cases[i].path, &grammar_cases[i], test_grammar);
  ADD ("/sesame/token-client/grammar/accepted", test_grammar_accepted);
  ADD ("/sesame/token-client/stored-out-of-grammar", test_stored_out_of_grammar);
  ADD ("/sesame/token-client/form-answer", test_form_answer);
  ADD ("/sesame/token-client/sends-code-grant", test_sends_code_grant);
  ADD ("/sesame/token-client/client-secret-basic", test_client_secret_basic);
  ADD ("/sesame/token-client/client-secret-post", test_client_secret_post);
  for (guint i = 0; i < G_N_ELEMENTS (oauth_error_cases); i++)
    ADD_DATA (oauth_error_cases[i].path, &oauth_error_cases[i], test_oauth_error);
  ADD ("/sesame/token-client/invalid-client-challenge", test_invalid_client_challenge);
  ADD ("/sesame/token-client/error-description", test_error_description);
  ADD ("/sesame/token-client/http-500-html", test_http_500_html);
  ADD ("/sesame/token-client/redirect-not-followed", test_redirect_not_followed);
  for (guint i = 0; i < G_N_ELEMENTS (bad_answer_cases); i++)
    ADD_DATA (bad_answer_cases[i].path, &bad_answer_cases[i], test_bad_answer);
  ADD_DATA ("/sesame/token-client/huge-content-length", GINT_TO_POINTER (FALSE), test_huge_answer);
  ADD_DATA ("/sesame/token-client/huge-chunked", GINT_TO_POINTER (TRUE), test_huge_answer);
  ADD ("/sesame/token-client/large-answer-accepted", test_large_answer_accepted);
  ADD ("/sesame/token-client/connection-closed", test_connection_closed);
  ADD ("/sesame/token-client/timeout", test_timeout);
  ADD ("/sesame/token-client/slow-answer-accepted", test_slow_answer_accepted);
  ADD ("/sesame/token-client/drip-hits-deadline", test_drip_hits_deadline);
  ADD ("/sesame/token-client/userinfo", test_userinfo);
  ADD ("/sesame/token-client/userinfo-too-deep", test_userinfo_too_deep);
  ADD ("/sesame/token-client/userinfo-other-subject", test_userinfo_other_subject);
  ADD ("/sesame/token-client/userinfo-redirect-not-followed",
       test_userinfo_redirect_not_followed);
  ADD ("/sesame/token-client/drip-within-deadline", test_drip_within_deadline);
  ADD ("/sesame/token-client/cancel", test_cancel);
  ADD ("/sesame/token-client/refresh-keeps-old", test_refresh_keeps_old);
  ADD ("/sesame/token-client/refresh-replaces", test_refresh_replaces);
  ADD ("/sesame/token-client/refresh-out-of-grammar", test_refresh_out_of_grammar);
  ADD ("/sesame/token-client/refresh-invalid-grant", test_refresh_invalid_grant);
  ADD ("/sesame/token-client/refresh-without-token", test_refresh_without_token);
  ADD ("/sesame/token-client/revoke", test_revoke);
  ADD ("/sesame/token-client/revoke-unsupported-token-type", test_revoke_unsupported);
  ADD ("/sesame/token-client/revoke-no-endpoint", test_revoke_no_endpoint);

  return g_test_run ();
}
