/* test-provider.c
 *
 * Provider discovery against a fake provider, and the checks on issuer and endpoints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fake-provider.h"
#include "sesame-http.h"
#include "sesame-oauth-error.h"
#include "sesame-provider.h"
#include "waits.h"

#define OIDC_PATH  "/.well-known/openid-configuration"
#define OAUTH_PATH "/.well-known/oauth-authorization-server"

typedef struct
{
  FakeProvider *fake;
  SoupSession  *session;
  GAsyncResult *result;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GError *error = NULL;

  f->fake = fake_provider_new ();
  f->session = sesame_http_session_new (NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->result);
  g_clear_object (&f->session);
  g_clear_pointer (&f->fake, fake_provider_free);
}

/* Helpers ---------------------------------------------------------------------------- */

static SesameProvider *
discover (Fixture     *f,
          const char  *issuer,
          GError     **error)
{
  g_clear_object (&f->result);
  sesame_provider_discover_async (issuer, f->session, NULL, keep_result, &f->result);
  wait_for_pointer ((gpointer *) &f->result, "the answer of sesame_provider_discover_async ()");
  return sesame_provider_discover_finish (f->result, error);
}

static void
assert_discovery_fails (Fixture    *f,
                        const char *issuer,
                        int         code)
{
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = discover (f, issuer ? issuer : fake_provider_get_issuer (f->fake), &error);
  g_assert_error (error, SESAME_OAUTH_ERROR, code);
  g_assert_null (provider);
}

/* Serves the default metadata at @path with @member set to the JSON @value, or removed
 * when @value is %NULL.
 */
static void
serve_metadata_with (Fixture    *f,
                     const char *path,
                     const char *member,
                     const char *value)
{
  g_autoptr(JsonObject) metadata = fake_provider_new_metadata (f->fake,
                                                               fake_provider_get_issuer (f->fake));

  if (value != NULL)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = json_from_string (value, &error);

      g_assert_no_error (error);
      json_object_set_member (metadata, member, node);
    }
  else if (member != NULL)
    json_object_remove_member (metadata, member);
  fake_provider_set_json (f->fake, path, SOUP_STATUS_OK, metadata);
}

static void
assert_endpoint (Fixture        *f,
                 SesameProvider *provider,
                 SesameEndpoint  endpoint,
                 const char     *path)
{
  g_autofree char *expected = fake_provider_get_uri (f->fake, path);

  g_assert_cmpstr (sesame_provider_get_endpoint (provider, endpoint), ==, expected);
}

static void
assert_paths (Fixture    *f,
              const char *first,
              const char *second)
{
  const char * const *paths = fake_provider_get_paths (f->fake);

  g_assert_cmpstr (paths[0], ==, first);
  g_assert_cmpstr (paths[1], ==, second);
  if (second != NULL)
    g_assert_null (paths[2]);
}

/* Discovery -------------------------------------------------------------------------- */

static void
test_discover_oidc (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  const FakeRequest *request;

  serve_metadata_with (f, OIDC_PATH, "authorization_response_iss_parameter_supported", "true");
  provider = discover (f, fake_provider_get_issuer (f->fake), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_provider_get_issuer (provider), ==, fake_provider_get_issuer (f->fake));
  assert_endpoint (f, provider, SESAME_ENDPOINT_AUTHORIZATION, "/authorize");
  assert_endpoint (f, provider, SESAME_ENDPOINT_TOKEN, "/token");
  assert_endpoint (f, provider, SESAME_ENDPOINT_REVOCATION, "/revoke");
  assert_endpoint (f, provider, SESAME_ENDPOINT_USERINFO, "/userinfo");
  assert_endpoint (f, provider, SESAME_ENDPOINT_JWKS, "/jwks");
  g_assert_true (sesame_provider_get_requires_iss (provider));
  g_assert_true (sesame_provider_get_is_openid (provider));

  request = fake_provider_get_last_request (f->fake);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->accept, ==, "application/json");
  assert_paths (f, OIDC_PATH, NULL);
}

static void
test_discover_without_iss (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  serve_metadata_with (f, OIDC_PATH, "revocation_endpoint", NULL);
  provider = discover (f, fake_provider_get_issuer (f->fake), &error);
  g_assert_no_error (error);
  g_assert_false (sesame_provider_get_requires_iss (provider));
  g_assert_null (sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_REVOCATION));
  g_assert_true (sesame_provider_supports_auth_method (provider, "client_secret_basic"));
}

static void
test_discover_auth_methods (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  serve_metadata_with (f, OIDC_PATH, "token_endpoint_auth_methods_supported",
                       "[\"client_secret_post\", \"none\"]");
  provider = discover (f, fake_provider_get_issuer (f->fake), &error);
  g_assert_no_error (error);
  g_assert_true (sesame_provider_supports_auth_method (provider, "client_secret_post"));
  g_assert_false (sesame_provider_supports_auth_method (provider, "client_secret_basic"));
}

static void
test_discover_rfc8414 (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  fake_provider_remove (f->fake, OIDC_PATH);
  serve_metadata_with (f, OAUTH_PATH, "subject_types_supported", NULL);
  provider = discover (f, fake_provider_get_issuer (f->fake), &error);
  g_assert_no_error (error);
  assert_endpoint (f, provider, SESAME_ENDPOINT_TOKEN, "/token");
  g_assert_false (sesame_provider_get_is_openid (provider));
  assert_paths (f, OIDC_PATH, OAUTH_PATH);
}

static void
test_discover_issuer_with_path (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *issuer = fake_provider_get_uri (f->fake, "/tenant/x");
  g_autoptr(JsonObject) metadata = fake_provider_new_metadata (f->fake, issuer);
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  fake_provider_remove (f->fake, OIDC_PATH);
  fake_provider_set_json (f->fake, OAUTH_PATH "/tenant/x", SOUP_STATUS_OK, metadata);
  provider = discover (f, issuer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_provider_get_issuer (provider), ==, issuer);
  assert_paths (f, "/tenant/x" OIDC_PATH, OAUTH_PATH "/tenant/x");
}

/* The OIDC location is tried first, and taken when it answers. */
static void
test_discover_issuer_with_path_oidc (Fixture       *f,
                                     gconstpointer  data)
{
  g_autofree char *issuer = fake_provider_get_uri (f->fake, "/tenant/x");
  g_autoptr(JsonObject) metadata = fake_provider_new_metadata (f->fake, issuer);
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  fake_provider_set_json (f->fake, "/tenant/x" OIDC_PATH, SOUP_STATUS_OK, metadata);
  provider = discover (f, issuer, &error);
  g_assert_no_error (error);
  assert_paths (f, "/tenant/x" OIDC_PATH, NULL);
}

/* The issuer is compared exactly: a trailing slash makes another issuer. */
static void
test_issuer_slash_asked (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *with_slash = fake_provider_get_uri (f->fake, "/");

  assert_discovery_fails (f, with_slash, SESAME_OAUTH_ERROR_ISSUER_MISMATCH);
  assert_paths (f, OIDC_PATH, NULL);
}

static void
test_issuer_slash_named (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *with_slash = fake_provider_get_uri (f->fake, "/");
  g_autofree char *value = g_strdup_printf ("\"%s\"", with_slash);

  serve_metadata_with (f, OIDC_PATH, "issuer", value);
  assert_discovery_fails (f, NULL, SESAME_OAUTH_ERROR_ISSUER_MISMATCH);
}

/* Metadata documents that must be refused, one member changed at a time. */
typedef struct
{
  const char *path;
  const char *member;
  const char *value;   /* JSON; NULL removes the member */
  int         code;
} BadMetadataCase;

static const BadMetadataCase bad_metadata_cases[] = {
  { "/sesame/provider/issuer-mismatch", "issuer", "\"https://evil.example.com\"",
    SESAME_OAUTH_ERROR_ISSUER_MISMATCH },
  { "/sesame/provider/issuer-missing", "issuer", NULL, SESAME_OAUTH_ERROR_ISSUER_MISMATCH },
  { "/sesame/provider/missing-token-endpoint", "token_endpoint", NULL,
    SESAME_OAUTH_ERROR_DISCOVERY },
  { "/sesame/provider/missing-authorization-endpoint", "authorization_endpoint", NULL,
    SESAME_OAUTH_ERROR_DISCOVERY },
  { "/sesame/provider/insecure-token-endpoint", "token_endpoint", "\"http://example.com/token\"",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/insecure-jwks-uri", "jwks_uri", "\"http://example.com/jwks\"",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/escape-in-host", "token_endpoint",
    "\"https://id\\u001b[2J.example.com/token\"", SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/encoded-crlf-in-host", "authorization_endpoint",
    "\"https://id%0d%0a.example.com/authorize\"", SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/newline-in-path", "jwks_uri",
    "\"https://id.example.com/jw\\nks\"", SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/c1-in-host", "userinfo_endpoint",
    "\"https://id\\u009b.example.com/userinfo\"", SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/pkce-plain-only", "code_challenge_methods_supported", "[\"plain\"]",
    SESAME_OAUTH_ERROR_DISCOVERY },
  { "/sesame/provider/token-endpoint-not-string", "token_endpoint", "42",
    SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "/sesame/provider/issuer-not-string", "issuer", "[\"x\"]", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "/sesame/provider/pkce-methods-not-list", "code_challenge_methods_supported", "\"S256\"",
    SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "/sesame/provider/pkce-methods-not-strings", "code_challenge_methods_supported", "[1, 2]",
    SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "/sesame/provider/iss-supported-not-bool", "authorization_response_iss_parameter_supported",
    "\"true\"", SESAME_OAUTH_ERROR_BAD_RESPONSE },
};

static void
test_bad_metadata (Fixture       *f,
                   gconstpointer  data)
{
  const BadMetadataCase *c = data;

  serve_metadata_with (f, OIDC_PATH, c->member, c->value);
  assert_discovery_fails (f, NULL, c->code);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, NULL), ==, 1);
}

typedef struct
{
  const char *path;
  const char *content_type;
  const char *body;
} BadDocumentCase;

static const BadDocumentCase bad_document_cases[] = {
  { "/sesame/provider/not-json", "text/html", "<html><body>Welcome</body></html>" },
  { "/sesame/provider/json-array", "application/json", "[{\"issuer\":\"x\"}]" },
  { "/sesame/provider/json-string", "application/json", "\"issuer\"" },
  { "/sesame/provider/empty-document", "application/json", "" },
};

static void
test_bad_document (Fixture       *f,
                   gconstpointer  data)
{
  const BadDocumentCase *c = data;

  fake_provider_set_answer (f->fake, OIDC_PATH, SOUP_STATUS_OK, c->content_type, c->body);
  assert_discovery_fails (f, NULL, SESAME_OAUTH_ERROR_BAD_RESPONSE);
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  fake_provider_set_answer (f->fake, OIDC_PATH, 500, "text/html", "<h1>Oops</h1>");
  fake_provider_set_answer (f->fake, OAUTH_PATH, 500, "text/html", "<h1>Oops</h1>");
  assert_discovery_fails (f, NULL, SESAME_OAUTH_ERROR_DISCOVERY);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, OIDC_PATH), ==, 1);
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  fake_provider_remove (f->fake, OIDC_PATH);
  assert_discovery_fails (f, NULL, SESAME_OAUTH_ERROR_DISCOVERY);
  assert_paths (f, OIDC_PATH, OAUTH_PATH);
}

static void
test_redirect_not_followed (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *elsewhere = fake_provider_get_uri (f->fake, "/elsewhere");

  fake_provider_set_answer (f->fake, OIDC_PATH, 302, NULL, NULL);
  fake_provider_add_header (f->fake, OIDC_PATH, "Location", elsewhere);
  serve_metadata_with (f, "/elsewhere", NULL, NULL);
  assert_discovery_fails (f, NULL, SESAME_OAUTH_ERROR_DISCOVERY);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/elsewhere"), ==, 0);
}

static void
test_discover_insecure_issuer (Fixture       *f,
                               gconstpointer  data)
{
  assert_discovery_fails (f, "http://example.com", SESAME_OAUTH_ERROR_INSECURE);
  assert_discovery_fails (f, "https://example.com/?tenant=x", SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, NULL), ==, 0);
}

/* Providers given by hand ------------------------------------------------------------- */

typedef struct
{
  const char *path;
  const char *uri;
  int         code;   /* -1: accepted */
} EndpointCase;

static const EndpointCase endpoint_cases[] = {
  { "/sesame/provider/endpoint/https", "https://id.example.com/token", -1 },
  { "/sesame/provider/endpoint/https-upper-case", "HTTPS://id.example.com/token", -1 },
  { "/sesame/provider/endpoint/escape-in-host", "https://id\x1b[31m.example.com/token",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/endpoint/encoded-escape-in-host", "https://id%1b.example.com/token",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/endpoint/crlf-in-path", "https://id.example.com/to\r\nken",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/endpoint/del-in-host", "https://id\x7f.example.com/token",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/endpoint/non-ascii-host", "https://b\xc3\xbc" "cher.example/token",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/endpoint/http-127.0.0.1", "http://127.0.0.1:8080/token", -1 },
  { "/sesame/provider/endpoint/http-127.0.0.2", "http://127.0.0.2/token", -1 },
  { "/sesame/provider/endpoint/http-ipv6-loopback", "http://[::1]:8080/token", -1 },
  { "/sesame/provider/endpoint/http-localhost", "http://localhost:8080/token", -1 },
  { "/sesame/provider/endpoint/http-example", "http://example.com/token",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/endpoint/http-localhost-lookalike", "http://localhost.example.com/token",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/endpoint/http-127-lookalike", "http://127.0.0.1.nip.io/token",
    SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/endpoint/ftp", "ftp://id.example.com/token", SESAME_OAUTH_ERROR_INSECURE },
  { "/sesame/provider/endpoint/javascript", "javascript:alert(1)",
    SESAME_OAUTH_ERROR_INVALID_ARGUMENT },
  { "/sesame/provider/endpoint/relative", "/token", SESAME_OAUTH_ERROR_INVALID_ARGUMENT },
  { "/sesame/provider/endpoint/empty", "", SESAME_OAUTH_ERROR_INVALID_ARGUMENT },
  { "/sesame/provider/endpoint/fragment", "https://id.example.com/token#x",
    SESAME_OAUTH_ERROR_INVALID_ARGUMENT },
  { "/sesame/provider/endpoint/user-info", "https://user:pw@id.example.com/token",
    SESAME_OAUTH_ERROR_INVALID_ARGUMENT },
  { "/sesame/provider/endpoint/user-info-no-password", "https://attacker@id.example.com/token",
    SESAME_OAUTH_ERROR_INVALID_ARGUMENT },
};

static SesameProvider *
valid_provider (void)
{
  g_autoptr(GError) error = NULL;
  SesameProvider *provider = sesame_provider_new ("https://id.example.com",
                                                  "https://id.example.com/authorize",
                                                  "https://id.example.com/token", &error);

  g_assert_no_error (error);
  g_assert_nonnull (provider);
  return provider;
}

/* A provider on this computer, which may use plain http on loopback. */
static SesameProvider *
local_provider (void)
{
  g_autoptr(GError) error = NULL;
  SesameProvider *provider = sesame_provider_new ("http://127.0.0.1:9000",
                                                  "http://127.0.0.1:9000/authorize",
                                                  "http://127.0.0.1:9000/token", &error);

  g_assert_no_error (error);
  g_assert_nonnull (provider);
  return provider;
}

/* The checks every endpoint has, with the most lenient provider. */
static void
test_set_endpoint (gconstpointer data)
{
  const EndpointCase *c = data;
  g_autoptr(SesameProvider) provider = local_provider ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_USERINFO, c->uri, &error);
  g_assert_cmpint (sesame_http_uri_is_secure (c->uri), ==, c->code == -1);
  if (c->code == -1)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_USERINFO), !=, NULL);
      return;
    }
  g_assert_error (error, SESAME_OAUTH_ERROR, c->code);
  g_assert_false (ok);
  g_assert_null (sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_USERINFO));
}

/* A refused endpoint leaves the one set before in place. */
static void
test_set_endpoint_keeps_old (void)
{
  g_autoptr(SesameProvider) provider = valid_provider ();
  g_autoptr(GError) error = NULL;

  g_assert_false (sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_TOKEN,
                                                "http://example.com/token", &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
  g_assert_cmpstr (sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_TOKEN), ==,
                   "https://id.example.com/token");
}

static void
test_new (void)
{
  g_autoptr(SesameProvider) provider = valid_provider ();

  g_assert_cmpstr (sesame_provider_get_issuer (provider), ==, "https://id.example.com");
  g_assert_cmpstr (sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_AUTHORIZATION), ==,
                   "https://id.example.com/authorize");
  g_assert_null (sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_REVOCATION));
  g_assert_false (sesame_provider_get_requires_iss (provider));
  g_assert_false (sesame_provider_get_is_openid (provider));
}

static void
test_new_loopback (void)
{
  const char *hosts[] = { "127.0.0.1:9000", "[::1]:9000", "localhost:9000" };

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    {
      g_autofree char *issuer = g_strdup_printf ("http://%s", hosts[i]);
      g_autofree char *authorize = g_strconcat (issuer, "/authorize", NULL);
      g_autofree char *token = g_strconcat (issuer, "/token", NULL);
      g_autoptr(SesameProvider) provider = NULL;
      g_autoptr(GError) error = NULL;

      provider = sesame_provider_new (issuer, authorize, token, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_TOKEN), ==, token);
    }
}

static void
assert_new_fails (const char *issuer,
                  const char *authorize,
                  const char *token,
                  int         code)
{
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = sesame_provider_new (issuer, authorize, token, &error);
  g_assert_error (error, SESAME_OAUTH_ERROR, code);
  g_assert_null (provider);
}

static void
test_new_refused (void)
{
  const char *auth = "https://id.example.com/authorize";
  const char *token = "https://id.example.com/token";

  assert_new_fails ("https://id.example.com?tenant=x", auth, token,
                    SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  assert_new_fails ("https://id.example.com#x", auth, token, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  assert_new_fails ("http://id.example.com", auth, token, SESAME_OAUTH_ERROR_INSECURE);
  assert_new_fails ("https://id.example.com", "http://id.example.com/authorize", token,
                    SESAME_OAUTH_ERROR_INSECURE);
  assert_new_fails ("https://id.example.com", auth, "http://id.example.com/token",
                    SESAME_OAUTH_ERROR_INSECURE);
  assert_new_fails (NULL, auth, NULL, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
}

static void
assert_set_fails (SesameProvider *provider,
                  SesameEndpoint  endpoint,
                  const char     *uri)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sesame_provider_set_endpoint (provider, endpoint, uri, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
  g_assert_null (sesame_provider_get_endpoint (provider, endpoint));
}

/* An https provider's endpoints are https, even on loopback: the code, the client
 * secret or a key fetch would otherwise go in the clear to whatever listens there.
 */
static void
test_https_issuer_refuses_http_loopback (void)
{
  const char *auth = "https://id.example.com/authorize";
  const char *token = "https://id.example.com/token";
  g_autoptr(SesameProvider) provider = valid_provider ();
  g_autoptr(GError) error = NULL;

  assert_new_fails ("https://id.example.com", "http://127.0.0.1/authorize", token,
                    SESAME_OAUTH_ERROR_INSECURE);
  assert_new_fails ("https://id.example.com", auth, "http://127.0.0.1:8080/token",
                    SESAME_OAUTH_ERROR_INSECURE);
  assert_new_fails ("https://id.example.com", auth, "http://localhost/token",
                    SESAME_OAUTH_ERROR_INSECURE);
  assert_set_fails (provider, SESAME_ENDPOINT_REVOCATION, "http://127.0.0.1/revoke");
  assert_set_fails (provider, SESAME_ENDPOINT_USERINFO, "http://[::1]/userinfo");
  assert_set_fails (provider, SESAME_ENDPOINT_JWKS, "http://127.0.0.1/jwks");

  g_assert_false (sesame_provider_check_uri (provider, "picture", "http://127.0.0.1/me.png",
                                             &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
  g_assert_true (sesame_provider_check_uri (provider, "picture", "https://cdn.example.com/me.png",
                                            NULL));
}

/* Discovered endpoints follow the issuer's rule too. */
static void
test_https_metadata_refuses_http_loopback (void)
{
  const char *members[] = { "authorization_endpoint", "token_endpoint", "jwks_uri",
                            "userinfo_endpoint", "revocation_endpoint" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"issuer\": \"https://id.example.com\","
        " \"authorization_endpoint\": \"https://id.example.com/authorize\","
        " \"token_endpoint\": \"https://id.example.com/token\","
        " \"%s\": \"http://127.0.0.1:8080/x\"}", members[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autoptr(SesameProvider) provider = NULL;
      g_autoptr(GError) error = NULL;

      provider = sesame_provider_new_from_metadata ("https://id.example.com", bytes, &error);
      g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
      g_assert_null (provider);
    }
}

/* A local provider (http issuer on loopback) may use http on loopback, and https. */
static void
test_local_issuer (void)
{
  g_autoptr(SesameProvider) provider = local_provider ();

  g_assert_true (sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_JWKS,
                                               "https://id.example.com/jwks", NULL));
  g_assert_true (sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_REVOCATION,
                                               "http://localhost:9001/revoke", NULL));
  g_assert_true (sesame_provider_check_uri (provider, "picture", "http://127.0.0.1/me.png",
                                            NULL));
}

/* Without an issuer, the authorization and token endpoints say whether the provider is
 * a local one: http on loopback only when both are.
 */
static void
test_without_issuer_rule (void)
{
  const char *auth = "https://id.example.com/authorize";
  const char *token = "https://id.example.com/token";
  g_autoptr(SesameProvider) local = NULL;
  g_autoptr(SesameProvider) remote = NULL;
  g_autoptr(GError) error = NULL;

  local = sesame_provider_new (NULL, "http://127.0.0.1:9000/authorize",
                               "http://[::1]:9000/token", &error);
  g_assert_no_error (error);
  g_assert_true (sesame_provider_set_endpoint (local, SESAME_ENDPOINT_USERINFO,
                                               "http://127.0.0.1:9000/userinfo", NULL));

  assert_new_fails (NULL, auth, "http://127.0.0.1:9000/token", SESAME_OAUTH_ERROR_INSECURE);
  assert_new_fails (NULL, "http://127.0.0.1:9000/authorize", token, SESAME_OAUTH_ERROR_INSECURE);

  remote = sesame_provider_new (NULL, auth, token, &error);
  g_assert_no_error (error);
  assert_set_fails (remote, SESAME_ENDPOINT_REVOCATION, "http://127.0.0.1:9000/revoke");
}

/* An issuer is optional for a provider given by hand. */
static void
test_new_without_issuer (void)
{
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = sesame_provider_new (NULL, "https://id.example.com/authorize",
                                  "https://id.example.com/token", &error);
  g_assert_no_error (error);
  g_assert_null (sesame_provider_get_issuer (provider));
}

/* ------------------------------------------------------------------------------------ */

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_DATA(path, data, func) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  ADD ("/sesame/provider/discover-oidc", test_discover_oidc);
  ADD ("/sesame/provider/discover-without-iss", test_discover_without_iss);
  ADD ("/sesame/provider/discover-auth-methods", test_discover_auth_methods);
  ADD ("/sesame/provider/discover-rfc8414", test_discover_rfc8414);
  ADD ("/sesame/provider/issuer-with-path", test_discover_issuer_with_path);
  ADD ("/sesame/provider/issuer-with-path-oidc", test_discover_issuer_with_path_oidc);
  ADD ("/sesame/provider/issuer-slash-asked", test_issuer_slash_asked);
  ADD ("/sesame/provider/issuer-slash-named", test_issuer_slash_named);
  for (guint i = 0; i < G_N_ELEMENTS (bad_metadata_cases); i++)
    ADD_DATA (bad_metadata_cases[i].path, &bad_metadata_cases[i], test_bad_metadata);
  for (guint i = 0; i < G_N_ELEMENTS (bad_document_cases); i++)
    ADD_DATA (bad_document_cases[i].path, &bad_document_cases[i], test_bad_document);
  ADD ("/sesame/provider/server-error", test_server_error);
  ADD ("/sesame/provider/not-found", test_not_found);
  ADD ("/sesame/provider/redirect-not-followed", test_redirect_not_followed);
  ADD ("/sesame/provider/discover-insecure-issuer", test_discover_insecure_issuer);

  g_test_add_func ("/sesame/provider/new", test_new);
  g_test_add_func ("/sesame/provider/new-loopback", test_new_loopback);
  g_test_add_func ("/sesame/provider/new-refused", test_new_refused);
  g_test_add_func ("/sesame/provider/new-without-issuer", test_new_without_issuer);
  g_test_add_func ("/sesame/provider/https-issuer-refuses-http-loopback",
                   test_https_issuer_refuses_http_loopback);
  g_test_add_func ("/sesame/provider/https-metadata-refuses-http-loopback",
                   test_https_metadata_refuses_http_loopback);
  g_test_add_func ("/sesame/provider/local-issuer", test_local_issuer);
  g_test_add_func ("/sesame/provider/without-issuer-rule", test_without_issuer_rule);
  g_test_add_func ("/sesame/provider/set-endpoint-keeps-old", test_set_endpoint_keeps_old);
  for (guint i = 0; i < G_N_ELEMENTS (endpoint_cases); i++)
    g_test_add_data_func (endpoint_cases[i].path, &endpoint_cases[i], test_set_endpoint);

  return g_test_run ();
}
