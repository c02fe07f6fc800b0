/* test-lifecycle.c
 *
 * Profiles and their tokens over a lifetime, through the `sesame` command, against the
 * real oidc-provider and a real gnome-keyring-daemon on a private bus: sign-in stores,
 * token refreshes only when due and once at a time, rotation, invalid_grant, sign-out,
 * an unavailable keyring, kill -9 mid-save, and no token anywhere it should not be.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "idp.h"
#include "keyring.h"
#include "runner.h"
#include "sesame-oauth.h"
#include "waits.h"

static Idp *idp;
static char *home;
static GPtrArray *issued;   /* every token seen, to look for where it must not be */
static GString *logs;       /* every stderr, and stdout where no token belongs */

static void
remember_tokens (const char *json)
{
  g_autoptr(JsonObject) tokens = parse_object (json);
  const char *names[] = { "access_token", "refresh_token", "id_token" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (json_object_has_member (tokens, names[i]))
      g_ptr_array_add (issued, g_strdup (json_object_get_string_member (tokens, names[i])));
}

/* Runs sesame; its stderr always goes to the logs, its stdout unless it is a token. */
static void
sesame (Run                *run,
        const char         *agent_mode,
        gboolean            prints_token,
        const char * const *args)
{
  const char *env[] = { "G_MESSAGES_DEBUG", "all", NULL };

  run_sesame (run, agent_mode, env, args);
  g_string_append (logs, run->err);
  if (!prints_token)
    g_string_append (logs, run->out);
}

static void
add_profile (const char *name,
             const char *client_id,
             const char *secret)
{
  const char *env[] = { "TEST_SECRET", secret, NULL };
  const char *args[] = { "profile", "add", name, "--issuer", idp->issuer, "--client-id",
                         client_id, "--scope", "openid email", "--browser", "none",
                         secret ? "--client-secret-env" : NULL, "TEST_SECRET", NULL };
  g_auto(Run) run = { 0 };

  run_sesame (&run, NULL, secret ? env : NULL, args);
  g_assert_cmpint (run.status, ==, 0);
  g_string_append (logs, run.err);
}

/* Signs in with the profile and returns the tokens as the command printed them. */
static JsonObject *
sign_in (const char *name)
{
  const char *args[] = { "sign-in", name, "--json", NULL };
  g_auto(Run) run = { 0 };

  sesame (&run, "login", TRUE, args);
  g_assert_cmpint (run.status, ==, 0);
  remember_tokens (run.out);
  return parse_object (run.out);
}

/* `sesame token NAME --json --min-valid N`: the exit status, and the tokens on success. */
static int
token (const char  *name,
       const char  *min_valid,
       JsonObject **tokens)
{
  const char *args[] = { "token", name, "--json", "--min-valid", min_valid, NULL };
  g_auto(Run) run = { 0 };

  sesame (&run, NULL, TRUE, args);
  if (run.status == 0)
    {
      remember_tokens (run.out);
      if (tokens != NULL)
        *tokens = parse_object (run.out);
    }
  else
    {
      g_string_append (logs, run.out);
      g_test_message ("sesame token %s: exit %d: %s", name, run.status,
                      run.err);
    }
  return run.status;
}

static const char *
member (JsonObject *object,
        const char *name)
{
  return json_object_get_string_member_with_default (object, name, NULL);
}

static void
test_sign_in_stores (void)
{
  g_autoptr(JsonObject) signed_in = NULL;
  g_autoptr(JsonObject) stored = NULL;
  const char *plain[] = { "token", "public", NULL };
  const char *header[] = { "token", "public", "--header", NULL };
  const char *id_token[] = { "token", "public", "--id-token", NULL };
  const char *claims_args[] = { "token", "public", "--claims", NULL };
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  g_auto(Run) d = { 0 };
  g_autoptr(JsonObject) claims = NULL;

  add_profile ("public", "sesame-public", NULL);
  signed_in = sign_in ("public");
  assert_token_works (member (signed_in, "access_token"));

  /* Valid for an hour: `token` gives the stored one back without refreshing. */
  g_assert_cmpint (token ("public", "60", &stored), ==, 0);
  g_assert_cmpstr (member (stored, "access_token"), ==, member (signed_in, "access_token"));
  g_assert_cmpstr (member (stored, "refresh_token"), ==, member (signed_in, "refresh_token"));

  sesame (&a, NULL, TRUE, plain);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (g_strchomp (a.out), ==, member (signed_in, "access_token"));
  sesame (&b, NULL, TRUE, header);
  g_assert_true (g_str_has_prefix (b.out, "Authorization: Bearer "));
  g_assert_cmpstr (g_strchomp (b.out + strlen ("Authorization: Bearer ")), ==,
                   member (signed_in, "access_token"));

  /* The ID token, and its claims (verified at sign-in) as JSON. */
  sesame (&c, NULL, TRUE, id_token);
  g_assert_cmpint (c.status, ==, 0);
  g_assert_cmpstr (g_strchomp (c.out), ==, member (signed_in, "id_token"));
  sesame (&d, NULL, TRUE, claims_args);
  g_assert_cmpint (d.status, ==, 0);
  claims = parse_object (d.out);
  g_assert_cmpstr (member (claims, "sub"), ==, "alice");
  g_assert_cmpstr (member (claims, "iss"), ==, idp->issuer);
  g_assert_cmpstr (member (claims, "aud"), ==, "sesame-public");
  g_assert_null (strstr (d.out, member (signed_in, "access_token")));
}

static char *
capture (const char * const *argv,
         const char         *input)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

/* Ages the stored tokens of @name: the access token now expires in @seconds. The item is
 * rewritten with secret-tool, outside Sesame.
 */
static void
set_expiry (const char *name,
            gint64      seconds)
{
  const char *show[] = { g_getenv ("SESAME_BINARY"), "profile", "show", name, "--json", NULL };
  g_autofree char *shown = capture (show, NULL);
  g_autoptr(JsonObject) profile = parse_object (shown);
  const char *id = member (profile, "id");
  const char *lookup[] = { "secret-tool", "lookup", "xdg:schema", "io.github.sesame.Sesame.Secret",
                           "profile", id, "kind", "tokens", NULL };
  const char *store[] = { "secret-tool", "store", "--label", "aged", "xdg:schema",
                          "io.github.sesame.Sesame.Secret", "profile", id, "kind", "tokens", NULL };
  g_autofree char *stored = capture (lookup, NULL);
  g_autoptr(JsonObject) tokens = parse_object (stored);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *aged = NULL;
  g_autofree char *ignored = NULL;

  json_object_set_int_member (tokens, "expires_at",
                              g_get_real_time () / G_USEC_PER_SEC + seconds);
  json_node_set_object (root, tokens);
  aged = json_to_string (root, FALSE);
  ignored = capture (store, aged);
}

/* With the default margin of 60 s: no refresh while the token has two minutes left, a
 * refresh once it has thirty seconds.
 */
static void
test_refresh_near_expiry (void)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) same = NULL;
  g_autoptr(JsonObject) refreshed = NULL;

  g_assert_cmpint (token ("public", "60", &before), ==, 0);
  set_expiry ("public", 120);
  g_assert_cmpint (token ("public", "60", &same), ==, 0);
  g_assert_cmpstr (member (same, "access_token"), ==, member (before, "access_token"));

  set_expiry ("public", 30);
  g_assert_cmpint (token ("public", "60", &refreshed), ==, 0);
  g_assert_cmpstr (member (refreshed, "access_token"), !=, member (before, "access_token"));
  g_assert_cmpint (json_object_get_int_member (refreshed, "expires_in"), >, 3000);
  assert_token_works (member (refreshed, "access_token"));
}

static void
test_refresh_when_due_and_rotation (void)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;

  g_assert_cmpint (token ("public", "0", &before), ==, 0);

  /* Due (the token lives an hour, we want a day): refreshed. */
  g_assert_cmpint (token ("public", "86400", &first), ==, 0);
  g_assert_cmpstr (member (first, "access_token"), !=, member (before, "access_token"));
  assert_token_works (member (first, "access_token"));

  /* The public client's refresh token rotates: the new one was stored, so the next
   * refresh works (spending the old one again would have revoked the whole grant).
   */
  g_assert_cmpstr (member (first, "refresh_token"), !=, member (before, "refresh_token"));
  g_assert_cmpint (token ("public", "86400", &second), ==, 0);
  g_assert_cmpstr (member (second, "access_token"), !=, member (first, "access_token"));
  assert_token_works (member (second, "access_token"));
}

/* A profile that signs in with another device (RFC 8628): `sesame sign-in NAME` takes the
 * device grant, the agent approves on the verification page, the tokens land in the
 * keyring with the userinfo claims, and `sesame token NAME` gives them back, refreshing
 * when due. */
static void
test_device_profile (void)
{
  const char *add[] = { "profile", "add", "tv", "--issuer", idp->issuer, "--client-id",
                        "sesame-device", "--scope", "openid email profile",
                        "--sign-in-with", "device", NULL };
  const char *show[] = { "profile", "show", "tv", "--json", NULL };
  const char *claims_args[] = { "token", "tv", "--claims", NULL };
  g_autoptr(JsonObject) signed_in = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };

  sesame (&a, NULL, FALSE, add);
  g_assert_cmpint (a.status, ==, 0);
  sesame (&b, NULL, FALSE, show);
  g_assert_cmpint (b.status, ==, 0);
  shown = parse_object (b.out);
  g_assert_cmpstr (member (shown, "sign_in_with"), ==, "device");

  signed_in = sign_in ("tv");
  assert_token_works (member (signed_in, "access_token"));
  g_assert_nonnull (member (signed_in, "refresh_token"));

  g_assert_cmpint (token ("tv", "60", &stored), ==, 0);
  g_assert_cmpstr (member (stored, "access_token"), ==, member (signed_in, "access_token"));
  sesame (&c, NULL, TRUE, claims_args);
  g_assert_cmpint (c.status, ==, 0);
  claims = parse_object (c.out);
  g_assert_cmpstr (member (claims, "sub"), ==, "alice");

  g_assert_cmpint (token ("tv", "86400", &refreshed), ==, 0);
  g_assert_cmpstr (member (refreshed, "access_token"), !=, member (signed_in, "access_token"));
  assert_token_works (member (refreshed, "access_token"));
}

/* How many requests the provider has had (SESAME_IDP_REQUESTS: "METHOD /path" a line). */
static guint
provider_requests (void)
{
  g_autofree char *log = NULL;
  guint count = 0;

  g_file_get_contents (g_getenv ("SESAME_IDP_REQUESTS"), &log, NULL, NULL);
  for (const char *c = log; c != NULL && *c != '\0'; c++)
    count += *c == '\n';
  return count;
}

/* A valid token comes from the keyring: the provider hears nothing. A token that is due
 * is refreshed: the provider is asked. */
static void
test_valid_token_makes_no_request (void)
{
  const char *valid[] = { "token", "public", "--json", "--min-valid", "60", NULL };
  const char *due[] = { "token", "public", "--json", "--min-valid", "86400", NULL };
  g_auto(Run) quick = { 0 };
  g_auto(Run) refresh = { 0 };
  g_autoptr(JsonObject) refreshed = NULL;
  guint before = provider_requests ();

  run_sesame (&quick, NULL, NULL, valid);
  g_assert_cmpint (quick.status, ==, 0);
  remember_tokens (quick.out);
  g_assert_cmpuint (provider_requests (), ==, before);

  run_sesame (&refresh, NULL, NULL, due);
  g_assert_cmpint (refresh.status, ==, 0);
  remember_tokens (refresh.out);
  g_assert_cmpuint (provider_requests (), >, before);
  refreshed = parse_object (refresh.out);
  assert_token_works (member (refreshed, "access_token"));
}

static GSubprocess *
spawn_token (const char *name,
             const char *min_valid)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, g_getenv ("SESAME_BINARY"), "token", name, "--min-valid",
                              min_valid, NULL);
  g_assert_no_error (error);
  return process;
}

/* Two `token` at once, the token about to expire: one refreshes, the other takes its
 * result. Had both refreshed, they would print different tokens (and the rotated refresh
 * token, spent twice, would have made the provider revoke the grant).
 */
static void
test_concurrent_refresh_once (void)
{
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GSubprocess) a = NULL;
      g_autoptr(GSubprocess) b = NULL;
      g_autofree char *out_a = NULL, *err_a = NULL, *out_b = NULL, *err_b = NULL;

      set_expiry ("public", 10);
      a = spawn_token ("public", "60");
      b = spawn_token ("public", "60");
      g_subprocess_communicate_utf8 (a, NULL, NULL, &out_a, &err_a, NULL);
      g_subprocess_communicate_utf8 (b, NULL, NULL, &out_b, &err_b, NULL);
      g_string_append (logs, err_a);
      g_string_append (logs, err_b);
      g_assert_cmpint (g_subprocess_get_exit_status (a), ==, 0);
      g_assert_cmpint (g_subprocess_get_exit_status (b), ==, 0);
      g_assert_cmpstr (out_a, ==, out_b);
      g_ptr_array_add (issued, g_strstrip (g_strdup (out_a)));
    }
}

static void
revoke_at_provider (const char *client_id,
                    const char *refresh_token)
{
  g_autofree char *auth = g_strconcat (idp->issuer, "/auth", NULL);
  g_autofree char *token_uri = g_strconcat (idp->issuer, "/token", NULL);
  g_autofree char *revoke_uri = g_strconcat (idp->issuer, "/token/revocation", NULL);
  g_autoptr(SesameProvider) provider = sesame_provider_new (idp->issuer, auth, token_uri, NULL);
  g_autoptr(SesameClient) client = sesame_client_new (client_id);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SesameTokenClient) token_client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sesame_provider_set_endpoint (provider, SESAME_ENDPOINT_REVOCATION, revoke_uri,
                                               NULL));
  token_client = sesame_token_client_new (session, provider, client);
  sesame_token_client_revoke_async (token_client, refresh_token, "refresh_token", NULL,
                                    on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_token_client_revoke_async ()");
  g_assert_true (sesame_token_client_revoke_finish (token_client, result, &error));
  g_assert_no_error (error);
}

/* The refresh token dies behind Sesame's back: `token` says sign in, with its own exit
 * code, and the stale tokens are gone.
 */
static void
test_invalid_grant (void)
{
  g_autoptr(JsonObject) current = NULL;
  const char *args[] = { "token", "public", "--min-valid", "86400", NULL };
  g_auto(Run) run = { 0 };

  g_assert_cmpint (token ("public", "0", &current), ==, 0);
  revoke_at_provider ("sesame-public", member (current, "refresh_token"));

  sesame (&run, NULL, TRUE, args);
  g_assert_cmpint (run.status, ==, 7);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "sign in"));
  g_assert_cmpint (token ("public", "0", NULL), ==, 7);
}

/* Refreshes @json's refresh token at the provider directly; returns the error. */
static GError *
refresh_at_provider (const char *client_id,
                     const char *json)
{
  g_autofree char *auth = g_strconcat (idp->issuer, "/auth", NULL);
  g_autofree char *token_uri = g_strconcat (idp->issuer, "/token", NULL);
  g_autoptr(SesameProvider) provider = sesame_provider_new (idp->issuer, auth, token_uri, NULL);
  g_autoptr(SesameClient) client = sesame_client_new (client_id);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SesameTokenClient) token_client = sesame_token_client_new (session, provider, client);
  g_autoptr(SesameTokenSet) old = sesame_token_set_new_from_json (json, NULL);
  g_autoptr(SesameTokenSet) fresh = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  g_assert_nonnull (old);
  sesame_token_client_refresh_async (token_client, old, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_token_client_refresh_async ()");
  fresh = sesame_token_client_refresh_finish (token_client, result, &error);
  return error;
}

static void
test_sign_out_revokes (void)
{
  const char *sign_in_args[] = { "sign-in", "public", "--json", NULL };
  const char *args[] = { "sign-out", "public", NULL };
  g_auto(Run) signed_in = { 0 };
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;

  sesame (&signed_in, "login", TRUE, sign_in_args);
  g_assert_cmpint (signed_in.status, ==, 0);
  remember_tokens (signed_in.out);

  sesame (&run, NULL, FALSE, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "revoked at the provider"));
  g_assert_cmpint (token ("public", "0", NULL), ==, 7);

  /* The provider now refuses the old refresh token. */
  error = refresh_at_provider ("sesame-public", signed_in.out);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_GRANT);
}

/* A confidential client: its secret lives in the keyring and is used on refresh. */
static void
test_confidential_profile (void)
{
  g_autoptr(JsonObject) signed_in = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  const char *list[] = { "profiles", NULL };
  g_auto(Run) run = { 0 };

  add_profile ("basic", "sesame-basic", IDP_BASIC_SECRET);
  signed_in = sign_in ("basic");
  g_assert_cmpint (token ("basic", "86400", &refreshed), ==, 0);
  g_assert_cmpstr (member (refreshed, "access_token"), !=, member (signed_in, "access_token"));
  assert_token_works (member (refreshed, "access_token"));

  sesame (&run, NULL, FALSE, list);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "basic"));
  g_assert_nonnull (strstr (run.out, "alice"));
}

/* No Secret Service: a plain error, its own exit code, and nothing written anywhere. */
static void
test_keyring_unavailable (void)
{
  const char *env[] = { "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", NULL };
  const char *token_args[] = { "token", "basic", NULL };
  const char *sign_in_args[] = { "sign-in", "basic", NULL };
  g_autofree char *profiles = g_build_filename (home, "config", "sesame", "profiles.ini", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };

  g_assert_true (g_file_get_contents (profiles, &before, NULL, NULL));
  run_sesame (&a, NULL, env, token_args);
  g_assert_cmpint (a.status, ==, 8);
  g_assert_cmpstr (a.out, ==, "");
  g_assert_nonnull (strstr (a.err, "keyring"));

  run_sesame (&b, "wait", env, sign_in_args);
  g_assert_cmpint (b.status, ==, 8);
  g_assert_null (strstr (b.err, "http"));   /* it stopped before any browser */

  g_assert_true (g_file_get_contents (profiles, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
}

/* A keyring daemon with no login keyring (a machine reached over SSH, say): the secret
 * cannot be kept, and the message says what to do, not the raw D-Bus error. */
static void
test_keyring_without_login (void)
{
  g_autofree char *keyring_home = g_build_filename (home, "no-login", NULL);
  g_autoptr(Keyring) empty = NULL;
  g_auto(Run) run = { 0 };
  const char *args[] = { "profile", "add", "no-login", "--issuer", runner_idp->issuer,
                         "--client-id", "sesame-basic", "--client-secret-env",
                         "NO_LOGIN_SECRET", NULL };
  const char *env[] = { "DBUS_SESSION_BUS_ADDRESS", NULL, "NO_LOGIN_SECRET", "b4sic-s3cret",
                        NULL };

  g_assert_cmpint (g_mkdir_with_parents (keyring_home, 0700), ==, 0);
  empty = keyring_start_without_login (keyring_home);
  env[1] = empty->address;
  run_sesame (&run, NULL, env, args);
  g_test_message ("sesame profile add: %s", run.err);
  g_assert_cmpint (run.status, ==, 8);
  g_assert_nonnull (strstr (run.err, "no default keyring (“Login”)"));
  g_assert_null (strstr (run.err, "/org/freedesktop/secrets"));
  g_assert_null (strstr (run.err, "b4sic-s3cret"));
}

/* kill -9 at random moments of a refresh and save: the stored tokens stay readable. */
static void
test_kill_during_save (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(JsonObject) survivor = NULL;

  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(GSubprocess) process = spawn_token ("basic", "86400");

      g_usleep (g_rand_int_range (rand, 0, 250) * 1000);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
    }

  g_assert_cmpint (token ("basic", "0", &survivor), ==, 0);
  assert_token_works (member (survivor, "access_token"));
}

static void
assert_nothing_in (const char *what,
                   const char *text)
{
  for (guint i = 0; i < issued->len; i++)
    if (strstr (text, issued->pdata[i]) != NULL)
      g_error ("A token appears in %s", what);
  if (strstr (text, IDP_BASIC_SECRET) != NULL)
    g_error ("The client secret appears in %s", what);
}

static void
check_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        check_files (path);
      else if (g_file_get_contents (path, &contents, &len, NULL))
        {
          g_autofree char *text = g_strndup (contents, len);
          assert_nothing_in (path, text);
          for (gsize at = strlen (text) + 1; at < len; at += strlen (contents + at) + 1)
            assert_nothing_in (path, contents + at);
        }
    }
}

/* Runs last: every token issued so far, searched for in every log and file. */
static void
test_no_token_leaks (void)
{
  g_assert_cmpuint (issued->len, >, 10);
  g_assert_true (strstr (logs->str, "sesame-") != NULL);   /* debug output was on */
  assert_nothing_in ("the commands' output", logs->str);
  check_files (home);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(Keyring) keyring = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  waits_init ();

  home = g_dir_make_tmp ("sesame-lifecycle-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", g_build_filename (home, "config", NULL), TRUE);
  g_setenv ("XDG_DATA_HOME", g_build_filename (home, "data", NULL), TRUE);
  g_setenv ("XDG_CACHE_HOME", g_build_filename (home, "cache", NULL), TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);
  keyring = keyring_start (home);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", keyring->address, TRUE);
  g_setenv ("SESAME_IDP_REQUESTS", g_build_filename (home, "provider-requests", NULL), TRUE);
  idp = idp_start ();
  runner_idp = idp;
  issued = g_ptr_array_new_with_free_func (g_free);
  logs = g_string_new (NULL);

  g_test_add_func ("/sesame/lifecycle/sign-in-stores", test_sign_in_stores);
  g_test_add_func ("/sesame/lifecycle/refresh-near-expiry", test_refresh_near_expiry);
  g_test_add_func ("/sesame/lifecycle/refresh-when-due-and-rotation",
                   test_refresh_when_due_and_rotation);
  g_test_add_func ("/sesame/lifecycle/valid-token-makes-no-request",
                   test_valid_token_makes_no_request);
  g_test_add_func ("/sesame/lifecycle/concurrent-refresh-once", test_concurrent_refresh_once);
  g_test_add_func ("/sesame/lifecycle/invalid-grant", test_invalid_grant);
  g_test_add_func ("/sesame/lifecycle/sign-out-revokes", test_sign_out_revokes);
  g_test_add_func ("/sesame/lifecycle/device-profile", test_device_profile);
  g_test_add_func ("/sesame/lifecycle/confidential-profile", test_confidential_profile);
  g_test_add_func ("/sesame/lifecycle/keyring-unavailable", test_keyring_unavailable);
  g_test_add_func ("/sesame/lifecycle/keyring-without-login", test_keyring_without_login);
  g_test_add_func ("/sesame/lifecycle/kill-during-save", test_kill_during_save);
  g_test_add_func ("/sesame/lifecycle/no-token-leaks", test_no_token_leaks);

  status = g_test_run ();
  idp_stop (idp);
  g_clear_pointer (&keyring, keyring_stop);
  remove_tree (home);
  g_ptr_array_unref (issued);
  g_string_free (logs, TRUE);
  return status;
}
