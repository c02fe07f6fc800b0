/* test-diagnose.c
 *
 * The provider diagnosis (issue 20): one fake provider document per finding, each
 * asserting that finding and no other; documents it refuses (none, not JSON, too deep);
 * hostile strings that must reach neither the terminal raw nor anything as markup;
 * `sesame diagnose` and its exit codes; and, under /sesame/diagnose/idp/, the real test
 * provider (tests/idp/server.mjs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fake-provider.h"
#include "idp.h"
#include "sesame-diagnosis.h"
#include "sesame-http.h"
#include "sesame-oauth-error.h"
#include "waits.h"

#define OIDC_PATH  "/.well-known/openid-configuration"
#define OAUTH_PATH "/.well-known/oauth-authorization-server"

/* The document of a provider that deserves no remark but being on loopback. */
static JsonObject *
good_metadata (FakeProvider *fake)
{
  g_autoptr(JsonObject) metadata = fake_provider_new_metadata (fake,
                                                               fake_provider_get_issuer (fake));
  static const char *members[][2] = {
    { "grant_types_supported", "[\"authorization_code\", \"refresh_token\"]" },
    { "response_types_supported", "[\"code\"]" },
    { "code_challenge_methods_supported", "[\"S256\"]" },
    { "authorization_response_iss_parameter_supported", "true" },
    { "token_endpoint_auth_methods_supported", "[\"client_secret_basic\", \"none\"]" },
    { "id_token_signing_alg_values_supported", "[\"RS256\", \"ES256\"]" },
    { "scopes_supported", "[\"openid\", \"email\"]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    json_object_set_member (metadata, members[i][0], json_from_string (members[i][1], NULL));
  return g_steal_pointer (&metadata);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static SesameDiagnosis *
diagnose (const char  *issuer,
          GError     **error)
{
  g_autoptr(SoupSession) session = sesame_http_session_new (NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  g_object_set (session, "timeout", 5, NULL);
  sesame_diagnosis_fetch_async (issuer, session, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_diagnosis_fetch_async ()");
  return sesame_diagnosis_fetch_finish (result, error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The findings' ids, sorted, separated by spaces. */
static char *
finding_ids (SesameDiagnosis *diagnosis)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; i < sesame_diagnosis_get_n_findings (diagnosis); i++)
    {
      const char *id;

      sesame_diagnosis_get_finding (diagnosis, i, &id, NULL, NULL);
      g_strv_builder_add (builder, id);
    }
  ids = g_strv_builder_end (builder);
  qsort (ids, g_strv_length (ids), sizeof (char *), compare_strings);
  return g_strjoinv (" ", ids);
}

static SesameFindingLevel
level_of (SesameDiagnosis *diagnosis,
          const char      *id)
{
  for (guint i = 0; i < sesame_diagnosis_get_n_findings (diagnosis); i++)
    {
      const char *found, *message, *reference;
      SesameFindingLevel level = sesame_diagnosis_get_finding (diagnosis, i, &found, &message,
                                                               &reference);

      if (strcmp (found, id) == 0)
        {
          g_assert_cmpstr (message, !=, "");
          g_assert_cmpstr (reference, !=, "");
          return level;
        }
    }
  g_error ("no finding %s", id);
}

/* Good document -------------------------------------------------------------------- */

static void
test_good (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = good_metadata (fake);
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *document = fake_provider_get_uri (fake, OIDC_PATH);
  g_autofree char *jwks = fake_provider_get_uri (fake, "/jwks");
  const char * const *grants;
  const char *reason = NULL;

  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);
  diagnosis = diagnose (fake_provider_get_issuer (fake), &error);
  g_assert_no_error (error);

  ids = finding_ids (diagnosis);
  g_assert_cmpstr (ids, ==, "issuer-http-loopback");
  g_assert_cmpint (level_of (diagnosis, "issuer-http-loopback"), ==, SESAME_FINDING_INFO);
  g_assert_cmpstr (sesame_diagnosis_get_issuer (diagnosis), ==, fake_provider_get_issuer (fake));
  g_assert_cmpstr (sesame_diagnosis_get_document_url (diagnosis), ==, document);
  g_assert_cmpstr (sesame_diagnosis_get_endpoint (diagnosis, "jwks_uri"), ==, jwks);
  g_assert_null (sesame_diagnosis_get_endpoint (diagnosis, "registration_endpoint"));
  g_assert_true (sesame_diagnosis_get_is_openid (diagnosis));
  g_assert_true (sesame_diagnosis_get_iss_parameter (diagnosis));
  g_assert_true (sesame_diagnosis_get_sign_in_possible (diagnosis, &reason));
  g_assert_null (reason);
  grants = sesame_diagnosis_get_list (diagnosis, SESAME_DIAGNOSIS_GRANT_TYPES);
  g_assert_cmpstrv (grants, ((const char *[]) { "authorization_code", "refresh_token", NULL }));
  g_assert_false (sesame_diagnosis_has_level (diagnosis, SESAME_FINDING_WARNING));
  g_assert_true (sesame_diagnosis_has_level (diagnosis, SESAME_FINDING_INFO));
}

/* One document per finding ----------------------------------------------------------- */

typedef struct
{
  const char         *id;
  SesameFindingLevel  level;
  const char         *member;
  const char         *value;      /* JSON; NULL removes @member */
  const char         *also;       /* another finding the change brings by nature */
  gboolean            refused;    /* sign-in would refuse the document */
} FindingCase;

static const FindingCase finding_cases[] = {
  { "pkce-s256-missing", SESAME_FINDING_WARNING, "code_challenge_methods_supported", NULL },
  { "pkce-s256-missing", SESAME_FINDING_ERROR, "code_challenge_methods_supported", "[]",
    NULL, TRUE },
  { "pkce-plain", SESAME_FINDING_WARNING, "code_challenge_methods_supported",
    "[\"S256\", \"plain\"]" },
  { "iss-parameter-missing", SESAME_FINDING_WARNING,
    "authorization_response_iss_parameter_supported", NULL },
  { "iss-parameter-missing", SESAME_FINDING_WARNING,
    "authorization_response_iss_parameter_supported", "false" },
  { "implicit-grant", SESAME_FINDING_WARNING, "grant_types_supported",
    "[\"authorization_code\", \"refresh_token\", \"implicit\"]" },
  { "grant-types-default", SESAME_FINDING_INFO, "grant_types_supported", NULL },
  { "password-grant", SESAME_FINDING_WARNING, "grant_types_supported",
    "[\"authorization_code\", \"refresh_token\", \"password\"]" },
  { "refresh-token-grant-missing", SESAME_FINDING_INFO, "grant_types_supported",
    "[\"authorization_code\"]" },
  { "authorization-code-grant-missing", SESAME_FINDING_ERROR, "grant_types_supported",
    "[\"refresh_token\", \"client_credentials\"]" },
  { "response-type-token", SESAME_FINDING_WARNING, "response_types_supported",
    "[\"code\", \"token\"]" },
  { "response-type-token", SESAME_FINDING_WARNING, "response_types_supported",
    "[\"code\", \"code id_token token\"]" },
  { "response-type-code-missing", SESAME_FINDING_ERROR, "response_types_supported",
    "[\"id_token\"]" },
  { "response-types-missing", SESAME_FINDING_WARNING, "response_types_supported", NULL },
  { "id-token-alg-none", SESAME_FINDING_WARNING, "id_token_signing_alg_values_supported",
    "[\"RS256\", \"none\"]" },
  { "id-token-alg-hmac-only", SESAME_FINDING_ERROR, "id_token_signing_alg_values_supported",
    "[\"HS256\"]" },
  { "id-token-algs-missing", SESAME_FINDING_WARNING, "id_token_signing_alg_values_supported",
    NULL },
  { "revocation-missing", SESAME_FINDING_WARNING, "revocation_endpoint", NULL },
  { "jwks-missing", SESAME_FINDING_ERROR, "jwks_uri", NULL },
  { "userinfo-missing", SESAME_FINDING_INFO, "userinfo_endpoint", NULL },
  { "openid-scope-missing", SESAME_FINDING_WARNING, "scopes_supported", "[\"email\"]" },
  { "authorization-endpoint-missing", SESAME_FINDING_ERROR, "authorization_endpoint", NULL,
    NULL, TRUE },
  { "token-endpoint-missing", SESAME_FINDING_ERROR, "token_endpoint", NULL, NULL, TRUE },
  { "endpoint-http", SESAME_FINDING_ERROR, "token_endpoint", "\"http://id.example.com/token\"",
    NULL, TRUE },
  { "endpoint-invalid", SESAME_FINDING_ERROR, "userinfo_endpoint",
    "\"http://127.0.0.1\\u001b[2J/userinfo\"", NULL, TRUE },
  { "endpoint-invalid", SESAME_FINDING_ERROR, "revocation_endpoint", "\"ftp://127.0.0.1/r\"",
    NULL, TRUE },
  { "member-invalid", SESAME_FINDING_ERROR, "code_challenge_methods_supported", "\"S256\"",
    "pkce-s256-missing", TRUE },
  { "member-invalid", SESAME_FINDING_ERROR, "token_endpoint", "42", "token-endpoint-missing",
    TRUE },
  { "member-invalid", SESAME_FINDING_ERROR, "authorization_response_iss_parameter_supported",
    "\"yes\"", "iss-parameter-missing", TRUE },
  { "issuer-missing", SESAME_FINDING_ERROR, "issuer", NULL, NULL, TRUE },
};

static void
test_finding (gconstpointer data)
{
  const FindingCase *c = data;
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = good_metadata (fake);
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *expected = NULL;

  if (c->value != NULL)
    json_object_set_member (metadata, c->member, json_from_string (c->value, &error));
  else
    json_object_remove_member (metadata, c->member);
  g_assert_no_error (error);
  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);

  diagnosis = diagnose (fake_provider_get_issuer (fake), &error);
  g_assert_no_error (error);

  /* That finding, the loopback one every fake document has, and nothing else. */
  ids = finding_ids (diagnosis);
  g_test_message ("%s = %s: %s", c->member, c->value ? c->value : "(absent)", ids);
  g_assert_cmpint (level_of (diagnosis, c->id), ==, c->level);
  g_assert_true (sesame_diagnosis_has_finding (diagnosis, "issuer-http-loopback"));
  {
    const char *wanted[] = { c->id, "issuer-http-loopback", c->also, NULL };

    qsort (wanted, c->also != NULL ? 3 : 2, sizeof (char *), compare_strings);
    expected = g_strjoinv (" ", (GStrv) wanted);
  }
  g_assert_cmpstr (ids, ==, expected);
  g_assert_cmpint (sesame_diagnosis_get_sign_in_possible (diagnosis, NULL), ==, !c->refused);
}

/* An issuer that differs from the one asked: sign-in refuses the document; the
 * diagnosis reports it, and the rest.
 */
static void
test_issuer_mismatch (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = good_metadata (fake);
  g_autofree char *other = g_strconcat (fake_provider_get_issuer (fake), "/", NULL);
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;
  const char *reason = NULL;

  json_object_set_string_member (metadata, "issuer", other);
  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);
  diagnosis = diagnose (fake_provider_get_issuer (fake), &error);
  g_assert_no_error (error);

  ids = finding_ids (diagnosis);
  g_assert_cmpstr (ids, ==, "issuer-http-loopback issuer-mismatch");
  g_assert_cmpint (level_of (diagnosis, "issuer-mismatch"), ==, SESAME_FINDING_ERROR);
  g_assert_cmpstr (sesame_diagnosis_get_issuer (diagnosis), ==, other);
  g_assert_false (sesame_diagnosis_get_sign_in_possible (diagnosis, &reason));
  g_assert_nonnull (strstr (reason, other));
  /* The endpoints are still read. */
  g_assert_nonnull (sesame_diagnosis_get_endpoint (diagnosis, "token_endpoint"));
}

/* RFC 8414's document, when there is no OpenID one: not an OpenID provider then. */
static void
test_oauth_document (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = good_metadata (fake);
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *document = fake_provider_get_uri (fake, OAUTH_PATH);
  const char * const *methods;

  json_object_remove_member (metadata, "subject_types_supported");
  json_object_remove_member (metadata, "id_token_signing_alg_values_supported");
  json_object_remove_member (metadata, "jwks_uri");
  json_object_remove_member (metadata, "userinfo_endpoint");
  json_object_remove_member (metadata, "token_endpoint_auth_methods_supported");
  fake_provider_remove (fake, OIDC_PATH);
  fake_provider_set_json (fake, OAUTH_PATH, SOUP_STATUS_OK, metadata);
  diagnosis = diagnose (fake_provider_get_issuer (fake), &error);
  g_assert_no_error (error);

  g_assert_cmpstr (sesame_diagnosis_get_document_url (diagnosis), ==, document);
  g_assert_false (sesame_diagnosis_get_is_openid (diagnosis));
  ids = finding_ids (diagnosis);
  g_assert_cmpstr (ids, ==, "issuer-http-loopback");
  /* RFC 8414 §2's default */
  methods = sesame_diagnosis_get_list (diagnosis, SESAME_DIAGNOSIS_AUTH_METHODS);
  g_assert_cmpstrv (methods, ((const char *[]) { "client_secret_basic", NULL }));
  g_assert_false (sesame_diagnosis_get_list_announced (diagnosis, SESAME_DIAGNOSIS_AUTH_METHODS));
}

/* An https provider with an http endpoint on loopback: sign-in refuses it (issue 18). */
static void
test_https_issuer_http_endpoint (void)
{
  const char *document =
    "{\"issuer\": \"https://id.example.com\","
    " \"authorization_endpoint\": \"https://id.example.com/authorize\","
    " \"token_endpoint\": \"http://127.0.0.1:8080/token\","
    " \"revocation_endpoint\": \"https://id.example.com/revoke\","
    " \"grant_types_supported\": [\"authorization_code\", \"refresh_token\"],"
    " \"response_types_supported\": [\"code\"],"
    " \"code_challenge_methods_supported\": [\"S256\"],"
    " \"authorization_response_iss_parameter_supported\": true}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (document, strlen (document));
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ids = NULL;

  diagnosis = sesame_diagnosis_new_from_metadata ("https://id.example.com", NULL, bytes, &error);
  g_assert_no_error (error);
  ids = finding_ids (diagnosis);
  g_assert_cmpstr (ids, ==, "endpoint-http");
  g_assert_false (sesame_diagnosis_get_sign_in_possible (diagnosis, NULL));
  g_assert_false (sesame_diagnosis_get_is_openid (diagnosis));
}

/* Documents it cannot read ----------------------------------------------------------- */

typedef struct
{
  const char *name;
  guint       status;
  const char *body;
  GQuark      domain;
  int         code;
} RefusalCase;

static void
test_refusals (void)
{
  g_autoptr(GString) nested = g_string_new ("{\"issuer\":");
  const RefusalCase cases[] = {
    { "not found", SOUP_STATUS_NOT_FOUND, "{}", SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_DISCOVERY },
    { "HTML", SOUP_STATUS_OK, "<html><body>Hello</body></html>", SESAME_OAUTH_ERROR,
      SESAME_OAUTH_ERROR_BAD_RESPONSE },
    { "array", SOUP_STATUS_OK, "[1, 2]", SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE },
    { "empty", SOUP_STATUS_OK, "", SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE },
    { "too deep", SOUP_STATUS_OK, NULL, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE },
  };

  for (guint i = 0; i < 200; i++)
    g_string_append (nested, "[");
  for (guint i = 0; i < 200; i++)
    g_string_append (nested, "]");
  g_string_append (nested, "}");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FakeProvider) fake = fake_provider_new ();
      g_autoptr(SesameDiagnosis) diagnosis = NULL;
      g_autoptr(GError) error = NULL;
      const char *body = cases[i].body != NULL ? cases[i].body : nested->str;

      g_test_message ("%s", cases[i].name);
      fake_provider_set_answer (fake, OIDC_PATH, cases[i].status, "application/json", body);
      fake_provider_set_answer (fake, OAUTH_PATH, SOUP_STATUS_NOT_FOUND, "application/json", "{}");
      diagnosis = diagnose (fake_provider_get_issuer (fake), &error);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_null (diagnosis);
    }
}

static void
test_network_error (void)
{
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *issuer = NULL;

  {
    g_autoptr(FakeProvider) fake = fake_provider_new ();
    issuer = g_strdup (fake_provider_get_issuer (fake));
  }
  diagnosis = diagnose (issuer, &error);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR ||
                 error->domain == G_TLS_ERROR);
  g_assert_null (diagnosis);
}

/* Hostile strings -------------------------------------------------------------------- */

#define MARKUP "<a href=\"https://evil.example/\">click</a> &amp; <b>bold</b>"

/* A document whose every string is hostile: terminal escapes, C1, bidi, markup. */
static JsonObject *
hostile_metadata (FakeProvider *fake)
{
  g_autoptr(JsonObject) metadata = good_metadata (fake);
  g_autofree char *jwks = fake_provider_get_uri (fake, "/jwks?x=" MARKUP);

  json_object_set_member (metadata, "scopes_supported", json_from_string (
    "[\"openid\", \"\\u001b[2J\\u001b]0;pwned\\u0007\", \"\\u009b31m\", \"\\u202egnp.exe\","
    " \"" "<a href=\\\"https://evil.example/\\\">click</a> &amp; <b>bold</b>" "\","
    " \"line\\r\\nsesame: signed in\"]", NULL));
  json_object_set_member (metadata, "id_token_signing_alg_values_supported",
                          json_from_string ("[\"RS256\", \"\\u001b[31mnone\"]", NULL));
  json_object_set_string_member (metadata, "end_session_endpoint",
                                 "https://id.example.com/\x1b[2J<b>end</b>");
  json_object_set_string_member (metadata, "registration_endpoint", jwks);
  return g_steal_pointer (&metadata);
}

/* Nothing a terminal would act on: no control character but the new line, no DEL, no C1,
 * no bidi or other format character.
 */
static void
assert_terminal_safe (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        continue;
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        {
          g_autofree char *escaped = g_strescape (text, NULL);

          g_error ("a control character U+%04X reached the terminal in: %s", c, escaped);
        }
      g_assert_cmpint (g_unichar_type (c), !=, G_UNICODE_FORMAT);
    }
}

static void
assert_strv_safe (const char * const *values)
{
  for (guint i = 0; values[i] != NULL; i++)
    assert_terminal_safe (values[i]);
}

static void
test_hostile_strings (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = hostile_metadata (fake);
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  const char * const *scopes;
  const char * const *members = sesame_diagnosis_endpoint_members ();

  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);
  diagnosis = diagnose (fake_provider_get_issuer (fake), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < SESAME_DIAGNOSIS_N_LISTS; i++)
    assert_strv_safe (sesame_diagnosis_get_list (diagnosis, i));
  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *uri = sesame_diagnosis_get_endpoint (diagnosis, members[i]);

      if (uri != NULL)
        assert_terminal_safe (uri);
    }
  for (guint i = 0; i < sesame_diagnosis_get_n_findings (diagnosis); i++)
    {
      const char *message;

      sesame_diagnosis_get_finding (diagnosis, i, NULL, &message, NULL);
      assert_terminal_safe (message);
    }

  /* Shown as visible escapes, and markup as the text it is. */
  scopes = sesame_diagnosis_get_list (diagnosis, SESAME_DIAGNOSIS_SCOPES);
  g_assert_cmpstr (scopes[1], ==, "\\x1b[2J\\x1b]0;pwned\\x07");
  g_assert_cmpstr (scopes[2], ==, "\\x9b31m");
  g_assert_cmpstr (scopes[3], ==, "\\u202egnp.exe");
  g_assert_cmpstr (scopes[4], ==, MARKUP);
  g_assert_true (sesame_diagnosis_has_finding (diagnosis, "endpoint-invalid"));

  json = sesame_diagnosis_to_json (diagnosis);
  assert_terminal_safe (json);
  g_assert_null (strstr (json, "\\u001b"));
  g_assert_null (strstr (json, "\\u009b"));
}

/* The command line ------------------------------------------------------------------- */

typedef struct
{
  int           status;
  char         *out;
  char         *err;
  GAsyncResult *result;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_object (&run->result);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs `sesame` with the main loop turning, so that the in-process providers answer, with
 * @home as its home and configuration.
 */
static void
run_sesame_at (Run                *run,
               const char         *home,
               const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", home, TRUE);
  g_ptr_array_add (argv, (char *) g_getenv ("SESAME_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_clear_object (&run->result);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_result, &run->result);
  wait_for_pointer ((gpointer *) &run->result, "sesame to end");
  g_subprocess_communicate_utf8_finish (process, run->result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static void
run_sesame (Run                *run,
            const char * const *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("sesame-diagnose-XXXXXX", &error);

  g_assert_no_error (error);
  run_sesame_at (run, home, args);
  g_rmdir (home);
}

static JsonObject *
parse_output (const char *out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
has_finding (JsonObject *report,
             const char *id,
             const char *level)
{
  JsonArray *findings = json_object_get_array_member (report, "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member (finding, "id"), id) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (finding, "level"), ==, level);
          g_assert_nonnull (json_object_get_string_member (finding, "message"));
          g_assert_nonnull (json_object_get_string_member (finding, "reference"));
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_cli_json (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = good_metadata (fake);
  const char *issuer = fake_provider_get_issuer (fake);
  const char *args[] = { "diagnose", "--issuer", issuer, "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) report = NULL;
  JsonObject *supports, *endpoints, *counts;

  json_object_set_member (metadata, "code_challenge_methods_supported",
                          json_from_string ("[\"plain\", \"S256\"]", NULL));
  json_object_remove_member (metadata, "revocation_endpoint");
  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);
  run_sesame (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  report = parse_output (run.out);
  g_assert_cmpint (json_object_get_int_member (report, "schema"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (report, "requested"), ==, issuer);
  g_assert_cmpstr (json_object_get_string_member (report, "issuer"), ==, issuer);
  g_assert_true (json_object_get_boolean_member (report, "sign_in_possible"));
  endpoints = json_object_get_object_member (report, "endpoints");
  g_assert_true (json_object_get_null_member (endpoints, "revocation_endpoint"));
  g_assert_nonnull (json_object_get_string_member (endpoints, "token_endpoint"));
  supports = json_object_get_object_member (report, "supports");
  g_assert_true (json_object_get_boolean_member (supports, "iss_parameter"));
  g_assert_false (json_object_get_boolean_member (supports, "revocation"));
  g_assert_true (json_object_get_boolean_member (supports, "userinfo"));
  g_assert_true (json_object_get_boolean_member (supports, "device"));
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (supports,
                                                                        "pkce_methods")), ==, 2);
  g_assert_true (has_finding (report, "pkce-plain", "warning"));
  g_assert_true (has_finding (report, "revocation-missing", "warning"));
  g_assert_false (has_finding (report, "pkce-s256-missing", "error"));
  counts = json_object_get_object_member (report, "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "warning"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "error"), ==, 0);
}

static void
test_cli_fail_on (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = good_metadata (fake);
  const char *issuer = fake_provider_get_issuer (fake);
  const char *warning[] = { "diagnose", "--issuer", issuer, "--fail-on", "warning", NULL };
  const char *error[] = { "diagnose", "--issuer", issuer, "--fail-on", "error", NULL };
  const char *info[] = { "diagnose", "--issuer", issuer, "--fail-on", "info", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };

  json_object_remove_member (metadata, "revocation_endpoint");
  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);
  run_sesame (&a, warning);
  g_assert_cmpint (a.status, ==, 9);
  g_assert_nonnull (strstr (a.out, "revocation-missing"));
  run_sesame (&b, error);
  g_assert_cmpint (b.status, ==, 0);
  run_sesame (&c, info);
  g_assert_cmpint (c.status, ==, 2);
}

typedef struct
{
  const char *args[8];
  int         status;
  const char *err;
} CliCase;

static void
test_cli_errors (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autofree char *closed = NULL;
  const char *issuer = fake_provider_get_issuer (fake);

  {
    g_autoptr(FakeProvider) gone = fake_provider_new ();
    closed = g_strdup (fake_provider_get_issuer (gone));
  }
  fake_provider_set_answer (fake, OIDC_PATH, SOUP_STATUS_OK, "text/html",
                            "<html>\x1b[2J not json</html>");

  {
    const CliCase cases[] = {
      { { "diagnose", NULL }, 2, "Name one profile" },
      { { "diagnose", "work", "--issuer", issuer, NULL }, 2, "Name one profile" },
      { { "diagnose", "nobody", NULL }, 2, "no profile" },
      { { "diagnose", "--issuer", issuer, "--timeout", "0", NULL }, 2, "--timeout" },
      { { "diagnose", "--issuer", "http://id.example.com", NULL }, 5, "plain http" },
      { { "diagnose", "--issuer", issuer, "--json", NULL }, 5, "not valid JSON" },
      { { "diagnose", "--issuer", closed, NULL }, 4, "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_auto(Run) run = { 0 };

        run_sesame (&run, cases[i].args);
        g_test_message ("%s %s: %d %s", cases[i].args[1], cases[i].args[2] ?: "", run.status,
                        run.err);
        g_assert_cmpint (run.status, ==, cases[i].status);
        g_assert_cmpstr (run.out, ==, "");
        g_assert_nonnull (strstr (run.err, cases[i].err));
        assert_terminal_safe (run.err);
      }
  }
}

static void
test_cli_hostile (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = hostile_metadata (fake);
  g_autofree char *other = g_strconcat (fake_provider_get_issuer (fake), "/\x1b[2J\xe2\x80\xae",
                                        NULL);
  const char *human[] = { "diagnose", "--issuer", fake_provider_get_issuer (fake), NULL };
  const char *json[] = { "diagnose", "--issuer", fake_provider_get_issuer (fake), "--json",
                         NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };

  json_object_set_string_member (metadata, "issuer", other);
  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);
  run_sesame (&a, human);
  g_assert_cmpint (a.status, ==, 0);
  assert_terminal_safe (a.out);
  assert_terminal_safe (a.err);
  g_assert_nonnull (strstr (a.out, "issuer-mismatch"));
  g_assert_nonnull (strstr (a.out, "\\x1b[2J\\x1b]0;pwned\\x07"));
  g_assert_nonnull (strstr (a.out, MARKUP));

  run_sesame (&b, json);
  g_assert_cmpint (b.status, ==, 0);
  assert_terminal_safe (b.out);
  g_assert_null (strstr (b.out, "\\u001b"));
}

/* `sesame diagnose PROFILE`: the profile's issuer; one given by its endpoints has no
 * document to read (exit code 2). */
static void
test_cli_profile (void)
{
  g_autoptr(FakeProvider) fake = fake_provider_new ();
  g_autoptr(JsonObject) metadata = good_metadata (fake);
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("sesame-diagnose-XXXXXX", &error);
  g_autofree char *authorize = fake_provider_get_uri (fake, "/authorize");
  g_autofree char *token = fake_provider_get_uri (fake, "/token");
  g_autofree char *ini = NULL;
  g_autofree char *dir = NULL;
  const char *add[] = { "profile", "add", "lab", "--issuer", fake_provider_get_issuer (fake),
                        "--client-id", "cli", NULL };
  const char *add_by_hand[] = { "profile", "add", "by-hand", "--authorization-endpoint",
                                authorize, "--token-endpoint", token, "--client-id", "cli",
                                NULL };
  const char *lab[] = { "diagnose", "lab", "--json", NULL };
  const char *by_hand[] = { "diagnose", "by-hand", NULL };
  const char *ca_file[] = { "diagnose", "lab", "--ca-file", "/nonexistent/ca.pem", NULL };
  g_autoptr(JsonObject) report = NULL;
  g_auto(Run) run = { 0 };

  g_assert_no_error (error);
  fake_provider_set_json (fake, OIDC_PATH, SOUP_STATUS_OK, metadata);
  run_sesame_at (&run, home, add);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);
  run_sesame_at (&run, home, add_by_hand);
  g_assert_cmpint (run.status, ==, 0);
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  run_sesame_at (&run, home, lab);
  g_assert_cmpint (run.status, ==, 0);
  report = parse_output (run.out);
  g_assert_cmpstr (json_object_get_string_member (report, "requested"), ==,
                   fake_provider_get_issuer (fake));
  g_assert_cmpuint (fake_provider_get_n_requests (fake, OIDC_PATH), ==, 1);
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  /* --ca-file takes the place of the profile's. */
  run_sesame_at (&run, home, ca_file);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "/nonexistent/ca.pem"));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);

  run_sesame_at (&run, home, by_hand);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "without an issuer"));

  ini = g_build_filename (home, "sesame", "profiles.ini", NULL);
  g_unlink (ini);
  g_free (ini);
  ini = g_build_filename (home, "sesame", "profiles.ini.lock", NULL);
  g_unlink (ini);
  dir = g_build_filename (home, "sesame", NULL);
  g_rmdir (dir);
  g_rmdir (home);
}

/* The real test provider ------------------------------------------------------------- */

static void
test_idp_cli (void)
{
  g_autoptr(Idp) idp = idp_start ();
  const char *args[] = { "diagnose", "--issuer", idp->issuer, "--json", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) report = NULL;
  JsonObject *supports, *endpoints;
  JsonArray *findings;

  waits_step ("sesame diagnose --issuer %s --json", idp->issuer);
  run_sesame (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  report = parse_output (run.out);

  g_assert_cmpstr (json_object_get_string_member (report, "issuer"), ==, idp->issuer);
  g_assert_true (json_object_get_boolean_member (report, "openid"));
  g_assert_true (json_object_get_boolean_member (report, "sign_in_possible"));
  endpoints = json_object_get_object_member (report, "endpoints");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (endpoints, "jwks_uri"),
                                   idp->issuer));
  supports = json_object_get_object_member (report, "supports");
  g_assert_true (json_object_get_boolean_member (supports, "iss_parameter"));
  g_assert_true (json_object_get_boolean_member (supports, "revocation"));
  g_assert_true (json_object_get_boolean_member (supports, "introspection"));
  g_assert_true (json_object_get_boolean_member (supports, "userinfo"));
  g_assert_true (json_object_get_boolean_member (supports, "device"));
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (supports, "pkce_methods"), 0), ==, "S256");

  /* server.mjs: S256 only, iss in responses, code alone, revocation: only its being on
   * loopback deserves a remark. */
  findings = json_object_get_array_member (report, "findings");
  g_assert_cmpint (json_array_get_length (findings), ==, 1);
  g_assert_true (has_finding (report, "issuer-http-loopback", "info"));

  /* And the human form: sections, exit code 0 with --fail-on warning. */
  {
    const char *human[] = { "diagnose", "--issuer", idp->issuer, "--fail-on", "warning", NULL };
    g_auto(Run) text = { 0 };

    run_sesame (&text, human);
    g_assert_cmpint (text.status, ==, 0);
    g_assert_nonnull (strstr (text.out, "Endpoints\n"));
    g_assert_nonnull (strstr (text.out, "Supports\n"));
    g_assert_nonnull (strstr (text.out, "Findings\n"));
    g_assert_nonnull (strstr (text.out, "issuer-http-loopback"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/diagnose/good", test_good);
  for (guint i = 0; i < G_N_ELEMENTS (finding_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sesame/diagnose/finding/%s/%u",
                                               finding_cases[i].id, i);
      g_test_add_data_func (path, &finding_cases[i], test_finding);
    }
  g_test_add_func ("/sesame/diagnose/issuer-mismatch", test_issuer_mismatch);
  g_test_add_func ("/sesame/diagnose/oauth-document", test_oauth_document);
  g_test_add_func ("/sesame/diagnose/https-issuer-http-endpoint",
                   test_https_issuer_http_endpoint);
  g_test_add_func ("/sesame/diagnose/refusals", test_refusals);
  g_test_add_func ("/sesame/diagnose/network-error", test_network_error);
  g_test_add_func ("/sesame/diagnose/hostile-strings", test_hostile_strings);
  g_test_add_func ("/sesame/diagnose/cli/json", test_cli_json);
  g_test_add_func ("/sesame/diagnose/cli/fail-on", test_cli_fail_on);
  g_test_add_func ("/sesame/diagnose/cli/errors", test_cli_errors);
  g_test_add_func ("/sesame/diagnose/cli/hostile", test_cli_hostile);
  g_test_add_func ("/sesame/diagnose/cli/profile", test_cli_profile);
  g_test_add_func ("/sesame/diagnose/idp/cli", test_idp_cli);

  return g_test_run ();
}
