/* test-inspect.c
 *
 * `sesame inspect` against the real oidc-provider and a real gnome-keyring-daemon: a JWT
 * access token issued for the test API's resource indicator, decoded and marked not
 * verified; an opaque one said to be so; token introspection (RFC 7662) for a
 * confidential client, refused for a public one and for a JWT; the ID token's claims
 * verified; `sesame token --claims` unchanged, byte for byte. No token in any output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "idp.h"
#include "keyring.h"
#include "runner.h"
#include "waits.h"

#define TEST_API "https://api.sesame.test/"

static Idp *idp;
static char *home;

static void
add_profile (const char *name,
             const char *client_id,
             const char *secret,
             const char *scope,
             const char *param)
{
  const char *env[] = { "TEST_SECRET", secret, NULL };
  const char *args[] = { "profile", "add", name, "--issuer", idp->issuer, "--client-id",
                         client_id, "--scope", scope, "--browser", "none",
                         param ? "--param" : "--browser", param ? param : "none",
                         secret ? "--client-secret-env" : NULL, "TEST_SECRET", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, NULL, secret ? env : NULL, args);
  g_assert_cmpint (run.status, ==, 0);
}

static JsonObject *
sign_in (const char *name)
{
  const char *args[] = { "sign-in", name, "--json", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, "login", NULL, args);
  if (run.status != 0)
    g_error ("sesame sign-in %s: exit %d: %s", name, run.status, run.err);
  return parse_object (run.out);
}

/* `sesame inspect ARGS…`: its exit status; @run keeps the outputs. No token in them. */
static int
inspect (Run                *run,
         JsonObject         *tokens,
         const char * const *args)
{
  const char *names[] = { "access_token", "refresh_token", "id_token" };

  run_sesame (run, NULL, NULL, args);
  for (guint i = 0; tokens != NULL && i < G_N_ELEMENTS (names); i++)
    {
      const char *token = json_object_get_string_member_with_default (tokens, names[i], NULL);

      g_assert_true (token == NULL || strstr (run->out, token) == NULL);
      g_assert_true (token == NULL || strstr (run->err, token) == NULL);
    }
  return run->status;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static void
test_jwt_access_token (void)
{
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) shown = NULL;
  const char *json_args[] = { "inspect", "api", "--json", NULL };
  const char *text_args[] = { "inspect", "api", NULL };
  const char *introspect_args[] = { "inspect", "api", "--introspect", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  JsonObject *header, *claims;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  add_profile ("api", "sesame-basic", IDP_BASIC_SECRET, "openid api:read",
               "resource=" TEST_API);
  tokens = sign_in ("api");

  g_assert_cmpint (inspect (&a, tokens, json_args), ==, 0);
  shown = parse_object (a.out);
  g_assert_cmpstr (json_object_get_string_member (shown, "token"), ==, "access");
  g_assert_cmpstr (json_object_get_string_member (shown, "format"), ==, "jwt");
  g_assert_false (json_object_get_boolean_member (shown, "verified"));
  header = member_object (shown, "header");
  g_assert_cmpstr (json_object_get_string_member (header, "typ"), ==, "at+jwt");
  g_assert_cmpstr (json_object_get_string_member (header, "alg"), ==, "RS256");
  claims = member_object (shown, "claims");
  g_assert_cmpstr (json_object_get_string_member (claims, "aud"), ==, TEST_API);
  g_assert_cmpstr (json_object_get_string_member (claims, "scope"), ==, "api:read");
  g_assert_cmpstr (json_object_get_string_member (claims, "client_id"), ==, "sesame-basic");
  g_assert_cmpstr (json_object_get_string_member (claims, "sub"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (claims, "iss"), ==, idp->issuer);
  g_assert_cmpint (json_object_get_int_member (claims, "exp"), >, now);
  g_assert_false (json_object_has_member (shown, "introspection"));

  /* The text: marked not verified, aud first, times readable. */
  g_assert_cmpint (inspect (&b, tokens, text_args), ==, 0);
  g_assert_nonnull (strstr (b.out, "Not Verified"));
  g_assert_nonnull (strstr (b.out, "Claims:\n  aud        " TEST_API "\n  scope      api:read\n"));
  g_test_message ("%s", b.out);
  g_assert_nonnull (strstr (b.out, " (in "));
  g_assert_true (g_regex_match_simple ("\\n  iat        \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\(",
                                       b.out, 0, 0));

  /* oidc-provider does not introspect structured tokens: it says so, and so do we. */
  g_assert_cmpint (inspect (&c, tokens, introspect_args), ==, 3);
  g_assert_nonnull (strstr (c.err, "unsupported_token_type"));
}

static void
test_opaque_and_introspection (void)
{
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) introspected = NULL;
  const char *json_args[] = { "inspect", "conf", "--json", NULL };
  const char *text_args[] = { "inspect", "conf", NULL };
  const char *introspect_args[] = { "inspect", "conf", "--introspect", "--json", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  JsonObject *answer;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  add_profile ("conf", "sesame-basic", IDP_BASIC_SECRET, "openid email", NULL);
  tokens = sign_in ("conf");

  g_assert_cmpint (inspect (&a, tokens, json_args), ==, 0);
  shown = parse_object (a.out);
  g_assert_cmpstr (json_object_get_string_member (shown, "format"), ==, "opaque");
  g_assert_true (json_object_get_null_member (shown, "header"));
  g_assert_true (json_object_get_null_member (shown, "claims"));

  g_assert_cmpint (inspect (&b, tokens, text_args), ==, 0);
  g_assert_nonnull (strstr (b.out, "The access token is opaque"));

  g_assert_cmpint (inspect (&c, tokens, introspect_args), ==, 0);
  introspected = parse_object (c.out);
  answer = member_object (introspected, "introspection");
  g_assert_true (json_object_get_boolean_member (answer, "active"));
  g_assert_cmpstr (json_object_get_string_member (answer, "client_id"), ==, "sesame-basic");
  g_assert_nonnull (strstr (json_object_get_string_member (answer, "scope"), "openid"));
  g_assert_cmpint (json_object_get_int_member (answer, "exp"), >, now);
}

/* The ID token's claims: verified at sign-in, and `token --claims` as it always was. */
static void
test_id_token (void)
{
  g_autoptr(JsonObject) tokens = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *inspect_args[] = { "inspect", "conf", "--id-token", "--json", NULL };
  const char *claims_args[] = { "token", "conf", "--claims", NULL };
  const char *both_args[] = { "inspect", "conf", "--id-token", "--introspect", NULL };
  const char *json_args[] = { "token", "conf", "--json", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  g_auto(Run) d = { 0 };
  g_auto(GStrv) parts = NULL;
  g_autofree char *payload = NULL;
  g_autofree guchar *decoded = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *pretty = NULL;
  gsize len = 0;
  JsonObject *claims;

  /* The stored tokens of the previous test. */
  run_sesame (&d, NULL, NULL, json_args);
  g_assert_cmpint (d.status, ==, 0);
  tokens = parse_object (d.out);

  g_assert_cmpint (inspect (&a, tokens, inspect_args), ==, 0);
  shown = parse_object (a.out);
  g_assert_cmpstr (json_object_get_string_member (shown, "token"), ==, "id");
  g_assert_true (json_object_get_boolean_member (shown, "verified"));
  claims = member_object (shown, "claims");
  g_assert_cmpstr (json_object_get_string_member (claims, "aud"), ==, "sesame-basic");
  g_assert_cmpstr (json_object_get_string_member (claims, "iss"), ==, idp->issuer);

  /* What `token --claims` printed before: json-glib's pretty print of the payload. */
  parts = g_strsplit (json_object_get_string_member (tokens, "id_token"), ".", -1);
  payload = g_strdelimit (g_strdup (parts[1]), "-", '+');
  g_strdelimit (payload, "_", '/');
  while (strlen (payload) % 4 != 0)
    {
      g_autofree char *old = payload;
      payload = g_strconcat (old, "=", NULL);
    }
  decoded = g_base64_decode (payload, &len);
  g_assert_true (json_parser_load_from_data (parser, (const char *) decoded, (gssize) len, NULL));
  pretty = json_to_string (json_parser_get_root (parser), TRUE);
  expected = g_strconcat (pretty, "\n", NULL);
  g_assert_cmpint (inspect (&b, tokens, claims_args), ==, 0);
  g_assert_cmpstr (b.out, ==, expected);

  g_assert_cmpint (inspect (&c, tokens, both_args), ==, 2);
}

static void
test_refusals (void)
{
  const char *public_args[] = { "inspect", "pub", "--introspect", NULL };
  const char *unknown_args[] = { "inspect", "nobody", NULL };
  const char *signed_out_args[] = { "inspect", "out", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  g_autoptr(JsonObject) tokens = NULL;

  /* A public client cannot authenticate at the introspection endpoint. */
  add_profile ("pub", "sesame-public", NULL, "openid", NULL);
  tokens = sign_in ("pub");
  g_assert_cmpint (inspect (&a, tokens, public_args), ==, 2);
  g_assert_nonnull (strstr (a.err, "client secret"));

  g_assert_cmpint (inspect (&b, NULL, unknown_args), ==, 2);
  add_profile ("out", "sesame-public", NULL, "openid", NULL);
  g_assert_cmpint (inspect (&c, NULL, signed_out_args), ==, 7);
  g_assert_nonnull (strstr (c.err, "Not signed in"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(Keyring) keyring = NULL;
  int status;

  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  home = g_dir_make_tmp ("sesame-inspect-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  idp = idp_start ();
  runner_idp = idp;

  g_test_add_func ("/sesame/inspect/jwt-access-token", test_jwt_access_token);
  g_test_add_func ("/sesame/inspect/opaque-and-introspection", test_opaque_and_introspection);
  g_test_add_func ("/sesame/inspect/id-token", test_id_token);
  g_test_add_func ("/sesame/inspect/refusals", test_refusals);

  status = g_test_run ();
  idp_stop (idp);
  g_clear_pointer (&keyring, keyring_stop);
  remove_tree (home);
  return status;
}
