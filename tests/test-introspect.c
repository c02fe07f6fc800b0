/* test-introspect.c
 *
 * Token introspection (RFC 7662) against a fake provider: what is sent (the client's
 * authentication, the token in the body only), the answers refused (no boolean active,
 * not JSON, an error object, an HTTP error, a redirect), the endpoint taken from the
 * metadata under the endpoint rules, and a client without a secret never asking.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fake-provider.h"
#include "sesame-http.h"
#include "sesame-oauth-error.h"
#include "sesame-token-client.h"
#include "waits.h"

#define TOKEN     "opaque-Token_4Introspection"
#define CLIENT_ID "sesame-test-client"
#define SECRET    "s3cret"

typedef struct
{
  FakeProvider      *fake;
  SoupSession       *session;
  SesameProvider    *provider;
  SesameClient      *client;
  SesameTokenClient *tokens;
  GAsyncResult      *result;
} Fixture;

static SesameProvider *
provider_from_metadata (FakeProvider *fake,
                        const char   *issuer,
                        const char   *introspection_endpoint)
{
  g_autoptr(JsonObject) metadata = fake_provider_new_metadata (fake, issuer);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SesameProvider *provider;
  char *text;

  if (introspection_endpoint != NULL)
    json_object_set_string_member (metadata, "introspection_endpoint", introspection_endpoint);
  node = json_node_init_object (json_node_alloc (), metadata);
  text = json_to_string (node, FALSE);
  bytes = g_bytes_new_take (text, strlen (text));
  provider = sesame_provider_new_from_metadata (issuer, bytes, &error);
  g_assert_no_error (error);
  return provider;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *introspect = NULL;
  GError *error = NULL;

  f->fake = fake_provider_new ();
  introspect = fake_provider_get_uri (f->fake, "/introspect");
  f->session = sesame_http_session_new (NULL, &error);
  g_assert_no_error (error);
  f->provider = provider_from_metadata (f->fake, fake_provider_get_issuer (f->fake), introspect);
  f->client = sesame_client_new (CLIENT_ID);
  sesame_client_set_secret (f->client, SECRET);
  sesame_client_set_auth_method (f->client, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  f->tokens = sesame_token_client_new (f->session, f->provider, f->client);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->result);
  g_clear_object (&f->tokens);
  g_clear_object (&f->client);
  g_clear_object (&f->provider);
  g_clear_object (&f->session);
  g_clear_pointer (&f->fake, fake_provider_free);
}

static JsonObject *
introspect (Fixture  *f,
            GError  **error)
{
  g_clear_object (&f->result);
  sesame_token_client_introspect_async (f->tokens, TOKEN, "access_token", NULL,
                                        keep_result, &f->result);
  wait_for_pointer ((gpointer *) &f->result, "the introspection answer");
  return sesame_token_client_introspect_finish (f->tokens, f->result, error);
}

static void
test_active (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const FakeRequest *request;

  fake_provider_set_answer (f->fake, "/introspect", 200, "application/json",
                            "{\"active\":true,\"scope\":\"openid api\",\"client_id\":\"c\","
                            "\"exp\":2000000000}");
  g_assert_true (sesame_token_client_can_introspect (f->tokens));
  answer = introspect (f, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (answer, "active"));
  g_assert_cmpstr (json_object_get_string_member (answer, "scope"), ==, "openid api");

  /* RFC 7662 §2.1: a POST with the token in the form, the client authenticated. */
  request = fake_provider_get_last_request (f->fake);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (g_hash_table_lookup (request->form, "token"), ==, TOKEN);
  g_assert_cmpstr (g_hash_table_lookup (request->form, "token_type_hint"), ==, "access_token");
  g_assert_true (g_str_has_prefix (request->authorization, "Basic "));
  g_assert_null (strstr (request->path, TOKEN));
}

static void
test_inactive (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  fake_provider_set_answer (f->fake, "/introspect", 200, "application/json",
                            "{\"active\":false}");
  answer = introspect (f, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (answer, "active"));
}

typedef struct
{
  guint             status;
  const char       *type;
  const char       *body;
  SesameOAuthError  code;
  const char       *words;
} BadAnswer;

static const BadAnswer bad_answers[] = {
  { 200, "application/json", "{\"scope\":\"openid\"}", SESAME_OAUTH_ERROR_BAD_RESPONSE,
    "active" },
  { 200, "application/json", "{\"active\":\"true\"}", SESAME_OAUTH_ERROR_BAD_RESPONSE,
    "active" },
  { 200, "application/json", "{\"active\":true,\"scope\":[\"a\"]}",
    SESAME_OAUTH_ERROR_BAD_RESPONSE, "scope" },
  { 200, "text/plain", "active=true", SESAME_OAUTH_ERROR_BAD_RESPONSE, "not valid JSON" },
  { 401, "application/json", "{\"error\":\"invalid_client\"}", SESAME_OAUTH_ERROR_INVALID_CLIENT,
    "client id or secret" },
  { 400, "application/json", "{\"error\":\"unsupported_token_type\",\"error_description\":"
    "\"no \\u001b[31mJWTs\"}", SESAME_OAUTH_ERROR_TOKEN_ERROR, "no \\x1b[31mJWTs" },
  { 500, "text/html", "<h1>oops</h1>", SESAME_OAUTH_ERROR_HTTP, "HTTP 500" },
  { 302, "text/plain", "", SESAME_OAUTH_ERROR_HTTP, "redirect" },
};

static void
test_bad_answer (Fixture       *f,
                 gconstpointer  data)
{
  const BadAnswer *bad = data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  fake_provider_set_answer (f->fake, "/introspect", bad->status, bad->type, bad->body);
  if (bad->status == 302)
    fake_provider_add_header (f->fake, "/introspect", "Location", "/elsewhere");
  answer = introspect (f, &error);
  g_assert_null (answer);
  g_assert_error (error, SESAME_OAUTH_ERROR, (int) bad->code);
  if (strstr (error->message, bad->words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, bad->words);
  g_assert_null (strstr (error->message, TOKEN));
  g_assert_null (strchr (error->message, '\x1b'));
}

static SesameProvider *
https_provider (const char *member)
{
  g_autofree char *text = g_strdup_printf ("{\"issuer\":\"https://id.example.com\","
                                           "\"authorization_endpoint\":\"https://id.example.com/a\","
                                           "\"token_endpoint\":\"https://id.example.com/t\",%s}",
                                           member);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  SesameProvider *provider = sesame_provider_new_from_metadata ("https://id.example.com", bytes,
                                                                &error);

  g_assert_no_error (error);
  return provider;
}

/* Only a client with a secret authenticates; an endpoint Sesame would not use is left out. */
static void
test_not_offered (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SesameClient) public_client = sesame_client_new (CLIENT_ID);
  g_autoptr(SesameTokenClient) public_tokens = NULL;
  g_autoptr(SesameProvider) https = NULL;
  g_autoptr(SesameProvider) none = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;

  public_tokens = sesame_token_client_new (f->session, f->provider, public_client);
  g_assert_false (sesame_token_client_can_introspect (public_tokens));
  g_clear_object (&f->tokens);
  f->tokens = g_steal_pointer (&public_tokens);
  answer = introspect (f, &error);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/introspect"), ==, 0);

  /* An https issuer's plain-http introspection endpoint is left out, not fatal. */
  https = https_provider ("\"introspection_endpoint\":\"http://id.example.com/i\"");
  g_assert_null (sesame_provider_get_introspection_endpoint (https));
  none = https_provider ("\"introspection_endpoint\":\"https://id.example.com/i\"");
  g_assert_cmpstr (sesame_provider_get_introspection_endpoint (none), ==,
                   "https://id.example.com/i");
  g_assert_nonnull (sesame_provider_get_introspection_endpoint (f->provider));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add ("/sesame/introspect/active", Fixture, NULL, fixture_set_up, test_active,
              fixture_tear_down);
  g_test_add ("/sesame/introspect/inactive", Fixture, NULL, fixture_set_up, test_inactive,
              fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_answers); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sesame/introspect/bad-answer/%u", i);

      g_test_add (path, Fixture, &bad_answers[i], fixture_set_up, test_bad_answer,
                  fixture_tear_down);
    }
  g_test_add ("/sesame/introspect/not-offered", Fixture, NULL, fixture_set_up, test_not_offered,
              fixture_tear_down);

  return g_test_run ();
}
