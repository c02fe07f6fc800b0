/* test-device-flow.c
 *
 * The device authorization grant (RFC 8628) against the fake provider: what is sent,
 * polling (interval, slow_down, authorization_pending, the final errors, expiry, the
 * timeout, Cancel), and every kind of device authorization answer that must be refused.
 *
 * The flow's “second” is shortened (_sesame_device_flow_set_second()) so that intervals
 * of several seconds pass in a fraction of one; the intervals checked are lower bounds
 * measured at the fake provider, never upper ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "fake-provider.h"
#include "sesame-device-flow-private.h"
#include "sesame-http.h"
#include "sesame-oauth-error.h"
#include "waits.h"

#define CLIENT_ID    "sesame-device-client"
#define SCOPE        "profile email"
#define DEVICE_CODE  "device-planted-Zq8"
#define USER_CODE    "WDJB-MJHT"
#define SECOND_USEC  (40 * 1000)   /* the flow's second in these tests */

typedef struct
{
  FakeProvider     *fake;
  SoupSession      *session;
  SesameClient     *client;
  SesameDeviceFlow *flow;
  GAsyncResult     *result;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GError *error = NULL;

  f->fake = fake_provider_new ();
  f->session = sesame_http_session_new (NULL, &error);
  g_assert_no_error (error);
  f->client = sesame_client_new (CLIENT_ID);
  sesame_client_set_scope (f->client, SCOPE);
  f->flow = sesame_device_flow_new (f->session, f->client);
  sesame_device_flow_set_issuer (f->flow, fake_provider_get_issuer (f->fake));
  _sesame_device_flow_set_second (f->flow, SECOND_USEC);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->result);
  g_assert_finalize_object (f->flow);
  g_clear_object (&f->client);
  g_clear_object (&f->session);
  g_clear_pointer (&f->fake, fake_provider_free);
}

/* Helpers ---------------------------------------------------------------------------- */

static GAsyncResult *
wait_for_result (Fixture    *f,
                 const char *what)
{
  wait_for_pointer ((gpointer *) &f->result, what);
  return f->result;
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

/* The device endpoint's answer, with @extra members (JSON text without braces) after the
 * usual ones; "interval" is 1 unless @extra gives it. */
static void
answer_device (Fixture    *f,
               const char *members)
{
  g_autofree char *verify = fake_provider_get_uri (f->fake, "/verify");
  g_autofree char *body = NULL;

  body = members != NULL
    ? g_strdup_printf ("{%s}", members)
    : g_strdup_printf ("{\"device_code\":\"" DEVICE_CODE "\",\"user_code\":\"" USER_CODE "\","
                       "\"verification_uri\":\"%s\",\"verification_uri_complete\":\"%s?c="
                       USER_CODE "\",\"expires_in\":600,\"interval\":1}", verify, verify);
  fake_provider_set_answer (f->fake, "/device", SOUP_STATUS_OK, "application/json", body);
}

static void
queue_token_error (Fixture    *f,
                   const char *code,
                   guint       times)
{
  g_autofree char *json = g_strdup_printf ("{\"error\":\"%s\"}", code);
  g_autoptr(JsonObject) object = parse_object (json);

  for (guint i = 0; i < times; i++)
    fake_provider_queue_json (f->fake, "/token", SOUP_STATUS_BAD_REQUEST, object);
}

static void
answer_token_error (Fixture    *f,
                    const char *code)
{
  g_autofree char *json = g_strdup_printf ("{\"error\":\"%s\"}", code);

  fake_provider_set_answer (f->fake, "/token", SOUP_STATUS_BAD_REQUEST, "application/json",
                            json);
}

static gboolean
start (Fixture  *f,
       GError  **error)
{
  gboolean ok;

  sesame_device_flow_start_async (f->flow, NULL, keep_result, &f->result);
  ok = sesame_device_flow_start_finish (f->flow, wait_for_result (f, "the device code"), error);
  g_clear_object (&f->result);
  return ok;
}

static SesameTokenSet *
poll_tokens (Fixture       *f,
             GCancellable  *cancellable,
             GError       **error)
{
  SesameTokenSet *tokens;

  sesame_device_flow_poll_async (f->flow, cancellable, keep_result, &f->result);
  tokens = sesame_device_flow_poll_finish (f->flow, wait_for_result (f, "the end of polling"),
                                           error);
  g_clear_object (&f->result);
  return tokens;
}

static void
start_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (start (f, &error));
  g_assert_no_error (error);
}

static void
assert_no_secret (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, DEVICE_CODE));
  g_assert_null (strstr (error->message, "planted"));
}

static void
assert_poll_fails (Fixture *f,
                   GQuark   domain,
                   int      code)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  tokens = poll_tokens (f, NULL, &error);
  g_assert_error (error, domain, code);
  g_assert_null (tokens);
  assert_no_secret (error);
}

static void
assert_start_fails (Fixture *f,
                    GQuark   domain,
                    int      code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (start (f, &error));
  g_assert_error (error, domain, code);
  assert_no_secret (error);
  g_test_message ("Refused: %s", error->message);
}

static const char *
sent (Fixture    *f,
      const char *name)
{
  return g_hash_table_lookup (fake_provider_get_last_request (f->fake)->form, name);
}

/* The gaps between the token requests, in the flow's seconds, at least @expected[i]. */
static void
assert_gaps_at_least (Fixture     *f,
                      const guint *expected,
                      guint        n_expected)
{
  g_autoptr(GArray) times = fake_provider_get_request_times (f->fake, "/token");

  g_assert_cmpuint (times->len, ==, n_expected + 1);
  for (guint i = 0; i < n_expected; i++)
    {
      gint64 gap = g_array_index (times, gint64, i + 1) - g_array_index (times, gint64, i);

      g_test_message ("gap %u: %" G_GINT64_FORMAT " µs, at least %u × %d µs", i, gap,
                      expected[i], SECOND_USEC);
      g_assert_cmpint (gap, >=, (gint64) expected[i] * SECOND_USEC);
    }
}

/* Success ---------------------------------------------------------------------------- */

static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *verify = fake_provider_get_uri (f->fake, "/verify");
  g_autofree char *complete = g_strconcat (verify, "?c=" USER_CODE, NULL);
  const FakeRequest *request;

  answer_device (f, NULL);
  start_ok (f);
  request = fake_provider_get_last_request (f->fake);
  g_assert_cmpstr (request->path, ==, "/device");
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (sent (f, "client_id"), ==, CLIENT_ID);
  g_assert_cmpstr (sent (f, "scope"), ==, SCOPE);
  g_assert_cmpstr (sesame_device_flow_get_user_code (f->flow), ==, USER_CODE);
  g_assert_cmpstr (sesame_device_flow_get_verification_uri (f->flow), ==, verify);
  g_assert_cmpstr (sesame_device_flow_get_verification_uri_complete (f->flow), ==, complete);
  g_assert_cmpuint (sesame_device_flow_get_interval (f->flow), ==, 1);
  g_assert_cmpint (sesame_device_flow_get_expires_at (f->flow), >, g_get_monotonic_time ());
  g_assert_nonnull (sesame_device_flow_get_token_client (f->flow));
  g_assert_nonnull (sesame_device_flow_get_provider (f->flow));

  queue_token_error (f, "authorization_pending", 2);
  tokens = poll_tokens (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "default-access");
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 3);
  g_assert_cmpstr (sent (f, "grant_type"), ==, "urn:ietf:params:oauth:grant-type:device_code");
  g_assert_cmpstr (sent (f, "device_code"), ==, DEVICE_CODE);
  g_assert_cmpstr (sent (f, "client_id"), ==, CLIENT_ID);
  g_assert_cmpuint (fake_provider_get_max_in_flight (f->fake), ==, 1);
}

/* The client authenticates to both endpoints as it does for a code exchange. */
static void
test_client_secret_basic (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected = "Basic c2VzYW1lLWRldmljZS1jbGllbnQ6czNjcmV0";  /* id:s3cret */

  sesame_client_set_secret (f->client, "s3cret");
  sesame_client_set_auth_method (f->client, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  answer_device (f, NULL);
  start_ok (f);
  g_assert_cmpstr (fake_provider_get_last_request (f->fake)->authorization, ==, expected);
  g_assert_null (sent (f, "client_secret"));
  tokens = poll_tokens (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fake_provider_get_last_request (f->fake)->authorization, ==, expected);
}

static void
test_client_secret_post (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  sesame_client_set_secret (f->client, "s3cret");
  sesame_client_set_auth_method (f->client, SESAME_AUTH_METHOD_CLIENT_SECRET_POST);
  answer_device (f, NULL);
  start_ok (f);
  g_assert_cmpstr (sent (f, "client_secret"), ==, "s3cret");
  tokens = poll_tokens (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent (f, "client_secret"), ==, "s3cret");
}

/* authorization_pending again and again: each request one interval after the last
 * answer, never two at once. */
static void
test_pending_many (Fixture       *f,
                   gconstpointer  data)
{
  const guint gaps[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_device (f, NULL);
  start_ok (f);
  queue_token_error (f, "authorization_pending", G_N_ELEMENTS (gaps));
  tokens = poll_tokens (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  assert_gaps_at_least (f, gaps, G_N_ELEMENTS (gaps));
  g_assert_cmpuint (sesame_device_flow_get_interval (f->flow), ==, 1);
  g_assert_cmpuint (fake_provider_get_max_in_flight (f->fake), ==, 1);
}

/* Slow answers do not make the flow send another request meanwhile. */
static void
test_one_in_flight (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_device (f, NULL);
  start_ok (f);
  answer_token_error (f, "authorization_pending");
  fake_provider_set_delay (f->fake, "/token", 3 * SECOND_USEC / 1000);
  sesame_device_flow_set_timeout (f->flow, 20);
  tokens = poll_tokens (f, NULL, &error);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_TIMED_OUT);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), >=, 2);
  g_assert_cmpuint (fake_provider_get_max_in_flight (f->fake), ==, 1);
}

/* slow_down adds 5 s to the interval each time, and the requests really come that much
 * further apart. */
static void
test_slow_down (Fixture       *f,
                gconstpointer  data)
{
  const guint gaps[] = { 6, 11, 11 };
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_device (f, NULL);
  start_ok (f);
  queue_token_error (f, "slow_down", 2);
  queue_token_error (f, "authorization_pending", 1);
  tokens = poll_tokens (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  g_assert_cmpuint (sesame_device_flow_get_interval (f->flow), ==, 11);
  assert_gaps_at_least (f, gaps, G_N_ELEMENTS (gaps));
}

/* Endings ---------------------------------------------------------------------------- */

static void
test_access_denied (Fixture       *f,
                    gconstpointer  data)
{
  answer_device (f, NULL);
  start_ok (f);
  queue_token_error (f, "authorization_pending", 1);
  answer_token_error (f, "access_denied");
  assert_poll_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ACCESS_DENIED);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 2);
}

static void
test_expired_token (Fixture       *f,
                    gconstpointer  data)
{
  answer_device (f, NULL);
  start_ok (f);
  answer_token_error (f, "expired_token");
  assert_poll_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_EXPIRED_TOKEN);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 1);
}

/* Other token errors end polling with the code flow's errors. */
static void
test_other_error (Fixture       *f,
                  gconstpointer  data)
{
  answer_device (f, NULL);
  start_ok (f);
  answer_token_error (f, "invalid_grant");
  assert_poll_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_GRANT);
}

/* The code's own lifetime ends polling though the provider never says expired_token. */
static void
test_expires_in_passes (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *verify = fake_provider_get_uri (f->fake, "/verify");
  g_autofree char *members = g_strdup_printf ("\"device_code\":\"" DEVICE_CODE "\","
                                              "\"user_code\":\"" USER_CODE "\","
                                              "\"verification_uri\":\"%s\",\"expires_in\":4,"
                                              "\"interval\":1", verify);

  answer_device (f, members);
  start_ok (f);
  answer_token_error (f, "authorization_pending");
  assert_poll_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_EXPIRED_TOKEN);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), <=, 4);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  answer_device (f, NULL);
  start_ok (f);
  answer_token_error (f, "authorization_pending");
  sesame_device_flow_set_timeout (f->flow, 3);
  assert_poll_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_TIMED_OUT);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), <=, 3);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Cancel during the wait between two requests ends polling at once: with a real 5 s
 * interval no token request is ever sent. */
static void
test_cancel_while_waiting (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  _sesame_device_flow_set_second (f->flow, G_USEC_PER_SEC);
  answer_device (f, "\"device_code\":\"" DEVICE_CODE "\",\"user_code\":\"" USER_CODE "\","
                    "\"verification_uri\":\"https://example.com/device\",\"expires_in\":600");
  start_ok (f);
  g_assert_cmpuint (sesame_device_flow_get_interval (f->flow), ==, 5);
  g_idle_add (cancel_now, cancellable);
  tokens = poll_tokens (f, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 0);
}

static gboolean
token_request_came (gpointer user_data)
{
  Fixture *f = user_data;

  return fake_provider_get_n_requests (f->fake, "/token") > 0;
}

/* Cancel while a token request is out ends polling without waiting for its answer. */
static void
test_cancel_in_flight (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_device (f, NULL);
  start_ok (f);
  fake_provider_set_delay (f->fake, "/token", 600 * 1000);
  sesame_device_flow_poll_async (f->flow, cancellable, keep_result, &f->result);
  wait_until (token_request_came, f, WAIT_SECONDS, "the first token request");
  g_assert_null (f->result);
  g_cancellable_cancel (cancellable);
  tokens = sesame_device_flow_poll_finish (f->flow, wait_for_result (f, "the cancelled poll"),
                                           &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (tokens);
  fake_provider_close_connections (f->fake);
}

/* A flow can start over after an ending, with a new code. */
static void
test_start_again (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_device (f, NULL);
  start_ok (f);
  answer_token_error (f, "expired_token");
  assert_poll_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_EXPIRED_TOKEN);
  start_ok (f);
  fake_provider_set_answer (f->fake, "/token", SOUP_STATUS_OK, "application/json",
                            "{\"access_token\":\"second\",\"token_type\":\"Bearer\"}");
  tokens = poll_tokens (f, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_token_set_get_access_token (tokens), ==, "second");
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/device"), ==, 2);
}

/* A start that fails leaves no earlier code to poll with or to show. */
static void
test_failed_restart (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  answer_device (f, NULL);
  start_ok (f);
  g_assert_nonnull (sesame_device_flow_get_user_code (f->flow));
  fake_provider_set_answer (f->fake, "/device", SOUP_STATUS_OK, "application/json",
                            "{\"device_code\":\"d\"}");
  assert_start_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
  g_assert_null (sesame_device_flow_get_user_code (f->flow));
  g_assert_null (sesame_device_flow_get_verification_uri (f->flow));
  tokens = poll_tokens (f, NULL, &error);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/token"), ==, 0);
}

/* Where the device authorization endpoint comes from ----------------------------------- */

static void
test_no_device_endpoint (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) metadata = fake_provider_new_metadata (f->fake,
                                                               fake_provider_get_issuer (f->fake));

  json_object_remove_member (metadata, "device_authorization_endpoint");
  fake_provider_set_json (f->fake, "/.well-known/openid-configuration", SOUP_STATUS_OK, metadata);
  assert_start_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/device"), ==, 0);
}

/* An endpoint given by hand stands in for the discovered one. */
static void
test_endpoint_by_hand (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *by_hand = fake_provider_get_uri (f->fake, "/by-hand/device");

  answer_device (f, NULL);
  fake_provider_set_answer (f->fake, "/by-hand/device", SOUP_STATUS_OK, "application/json",
                            "{\"device_code\":\"d\",\"user_code\":\"HAND\",\"verification_uri\":"
                            "\"https://example.com/d\",\"expires_in\":60}");
  sesame_device_flow_set_device_authorization_endpoint (f->flow, by_hand);
  start_ok (f);
  g_assert_cmpstr (sesame_device_flow_get_user_code (f->flow), ==, "HAND");
  g_assert_cmpuint (fake_provider_get_n_requests (f->fake, "/device"), ==, 0);
}

/* The provider's refusal of the device authorization request is the code flow's error. */
static void
test_device_request_refused (Fixture       *f,
                             gconstpointer  data)
{
  fake_provider_set_answer (f->fake, "/device", SOUP_STATUS_UNAUTHORIZED, "application/json",
                            "{\"error\":\"invalid_client\",\"error_description\":\"no\\u001b[31m\"}");
  assert_start_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_CLIENT);
}

static void
test_device_request_http_error (Fixture       *f,
                                gconstpointer  data)
{
  fake_provider_set_answer (f->fake, "/device", SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html",
                            "<html>down</html>");
  assert_start_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_HTTP);
}

/* Hostile device authorization answers -------------------------------------------------- */

typedef struct
{
  const char *name;
  const char *members;   /* the answer's members; %s is the fake's verification URI */
  int         code;      /* SesameOAuthError */
} BadAnswer;

static const BadAnswer bad_answers[] = {
  { "interval-zero", "\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":\"%s\","
    "\"expires_in\":60,\"interval\":0", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "interval-negative", "\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":\"%s\","
    "\"expires_in\":60,\"interval\":-5", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "interval-fraction", "\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":\"%s\","
    "\"expires_in\":60,\"interval\":0.2", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "interval-text", "\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":\"%s\","
    "\"expires_in\":60,\"interval\":\"soon\"", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "no-device-code", "\"user_code\":\"U\",\"verification_uri\":\"%s\",\"expires_in\":60",
    SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "empty-device-code", "\"device_code\":\"\",\"user_code\":\"U\",\"verification_uri\":\"%s\","
    "\"expires_in\":60", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "device-code-number", "\"device_code\":5,\"user_code\":\"U\",\"verification_uri\":\"%s\","
    "\"expires_in\":60", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "no-user-code", "\"device_code\":\"d\",\"verification_uri\":\"%s\",\"expires_in\":60",
    SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "user-code-escape", "\"device_code\":\"d\",\"user_code\":\"AB\\u001b]0;x\\u0007\","
    "\"verification_uri\":\"%s\",\"expires_in\":60", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "user-code-newline", "\"device_code\":\"d\",\"user_code\":\"AB\\nCD\","
    "\"verification_uri\":\"%s\",\"expires_in\":60", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "no-verification-uri", "\"device_code\":\"d\",\"user_code\":\"U\",\"expires_in\":60",
    SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "verification-uri-relative", "\"device_code\":\"d\",\"user_code\":\"U\","
    "\"verification_uri\":\"/device\",\"expires_in\":60", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "verification-uri-javascript", "\"device_code\":\"d\",\"user_code\":\"U\","
    "\"verification_uri\":\"javascript:alert(1)\",\"expires_in\":60",
    SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "verification-uri-control", "\"device_code\":\"d\",\"user_code\":\"U\","
    "\"verification_uri\":\"https://example.com/\\u001b[2Jdevice\",\"expires_in\":60",
    SESAME_OAUTH_ERROR_INSECURE },
  { "complete-uri-control", "\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":"
    "\"%s\",\"verification_uri_complete\":\"https://example.com/\\r\\nx\",\"expires_in\":60",
    SESAME_OAUTH_ERROR_INSECURE },
  { "no-expires-in", "\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":\"%s\"",
    SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "expires-in-zero", "\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":\"%s\","
    "\"expires_in\":0", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "expires-in-fraction", "\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":"
    "\"%s\",\"expires_in\":1.5", SESAME_OAUTH_ERROR_BAD_RESPONSE },
  { "pending-here", "\"error\":\"authorization_pending\"", SESAME_OAUTH_ERROR_BAD_RESPONSE },
};

static void
test_bad_answer (Fixture       *f,
                 gconstpointer  data)
{
  const BadAnswer *bad = data;
  g_autofree char *verify = fake_provider_get_uri (f->fake, "/verify");
  g_auto(GStrv) parts = g_strsplit (bad->members, "%s", -1);
  g_autofree char *members = g_strjoinv (verify, parts);

  answer_device (f, members);
  assert_start_fails (f, SESAME_OAUTH_ERROR, bad->code);
  g_assert_null (sesame_device_flow_get_user_code (f->flow));
}

static void
test_bad_json (Fixture       *f,
               gconstpointer  data)
{
  fake_provider_set_answer (f->fake, "/device", SOUP_STATUS_OK, "application/json",
                            "{\"device_code\":\"d\",");
  assert_start_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
}

static void
test_deep_json (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"device_code\":\"d\",\"x\":");

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (body, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (body, ']');
  g_string_append_c (body, '}');
  fake_provider_set_answer (f->fake, "/device", SOUP_STATUS_OK, "application/json", body->str);
  assert_start_fails (f, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE);
}

/* Without a connection: an https provider's verification URI must be https. */
static void
test_http_uri_for_https_issuer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = sesame_http_session_new (NULL, &error);
  g_autoptr(SesameClient) client = sesame_client_new (CLIENT_ID);
  g_autoptr(SesameDeviceFlow) flow = sesame_device_flow_new (session, client);
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(JsonObject) answer = NULL;
  const char *http_uris[] = { "http://127.0.0.1:8080/device", "http://example.com/device" };

  provider = sesame_provider_new ("https://idp.example.com", "https://idp.example.com/authorize",
                                  "https://idp.example.com/token", &error);
  g_assert_no_error (error);
  sesame_device_flow_set_provider (flow, provider);
  for (guint i = 0; i < G_N_ELEMENTS (http_uris); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"device_code\":\"d\",\"user_code\":\"U\","
                                               "\"verification_uri\":\"%s\",\"expires_in\":60}",
                                               http_uris[i]);

      answer = parse_object (json);
      g_assert_false (_sesame_device_flow_take_answer (flow, answer, &error));
      g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
      g_clear_error (&error);
      g_clear_pointer (&answer, json_object_unref);
    }

  answer = parse_object ("{\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":"
                         "\"https://idp.example.com/device\",\"expires_in\":\"900\","
                         "\"interval\":\"7\"}");
  g_assert_true (_sesame_device_flow_take_answer (flow, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sesame_device_flow_get_interval (flow), ==, 7);
}

/* Google's answer names the address `verification_url`; checked all the same. */
static void
test_verification_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = sesame_http_session_new (NULL, &error);
  g_autoptr(SesameClient) client = sesame_client_new (CLIENT_ID);
  g_autoptr(SesameDeviceFlow) flow = sesame_device_flow_new (session, client);
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(JsonObject) answer = NULL;

  provider = sesame_provider_new ("https://accounts.google.com",
                                  "https://accounts.google.com/o/oauth2/v2/auth",
                                  "https://oauth2.googleapis.com/token", &error);
  g_assert_no_error (error);
  sesame_device_flow_set_provider (flow, provider);
  answer = parse_object ("{\"device_code\":\"AH-1Ng\",\"user_code\":\"GQVQ-JKEC\","
                         "\"verification_url\":\"https://www.google.com/device\","
                         "\"expires_in\":1800,\"interval\":5}");
  g_assert_true (_sesame_device_flow_take_answer (flow, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_device_flow_get_verification_uri (flow), ==,
                   "https://www.google.com/device");
  g_clear_pointer (&answer, json_object_unref);

  answer = parse_object ("{\"device_code\":\"AH-1Ng\",\"user_code\":\"GQVQ-JKEC\","
                         "\"verification_url\":\"http://www.google.com/device\","
                         "\"expires_in\":1800}");
  g_assert_false (_sesame_device_flow_take_answer (flow, answer, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
}

/* A hand-given endpoint follows the provider's rules: no http for an https issuer. */
static void
test_http_endpoint_for_https_issuer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = NULL;

  provider = sesame_provider_new ("https://idp.example.com", "https://idp.example.com/authorize",
                                  "https://idp.example.com/token", &error);
  g_assert_no_error (error);
  g_assert_false (sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_DEVICE_AUTHORIZATION,
                                                "http://127.0.0.1:9/device", &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

#define ADD(path, func) \
  g_test_add ("/sesame/device-flow/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("success", test_success);
  ADD ("client-secret-basic", test_client_secret_basic);
  ADD ("client-secret-post", test_client_secret_post);
  ADD ("pending-many", test_pending_many);
  ADD ("one-in-flight", test_one_in_flight);
  ADD ("slow-down", test_slow_down);
  ADD ("access-denied", test_access_denied);
  ADD ("expired-token", test_expired_token);
  ADD ("other-error", test_other_error);
  ADD ("expires-in-passes", test_expires_in_passes);
  ADD ("timeout", test_timeout);
  ADD ("cancel-while-waiting", test_cancel_while_waiting);
  ADD ("cancel-in-flight", test_cancel_in_flight);
  ADD ("start-again", test_start_again);
  ADD ("failed-restart", test_failed_restart);
  ADD ("no-device-endpoint", test_no_device_endpoint);
  ADD ("endpoint-by-hand", test_endpoint_by_hand);
  ADD ("device-request-refused", test_device_request_refused);
  ADD ("device-request-http-error", test_device_request_http_error);
  ADD ("bad-json", test_bad_json);
  ADD ("deep-json", test_deep_json);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (bad_answers); i++)
    {
      g_autofree char *path = g_strconcat ("/sesame/device-flow/bad-answer/", bad_answers[i].name,
                                           NULL);

      g_test_add (path, Fixture, &bad_answers[i], fixture_set_up, test_bad_answer,
                  fixture_tear_down);
    }
  g_test_add_func ("/sesame/device-flow/http-uri-for-https-issuer", test_http_uri_for_https_issuer);
  g_test_add_func ("/sesame/device-flow/verification-url", test_verification_url);
  g_test_add_func ("/sesame/device-flow/http-endpoint-for-https-issuer",
                   test_http_endpoint_for_https_issuer);

  return g_test_run ();
}
