/* sesame-cli-inspect.c
 *
 * `sesame inspect NAME [--id-token] [--introspect] [--json]`: what the stored access token
 * (or ID token) says, decoded without a check (sesame_jwt_decode(), the same decoding as
 * the window's), and with --introspect what the provider says of it (RFC 7662). The
 * token itself is never printed. Text for a terminal goes through the sanitiser; the JSON
 * is written by json-glib's generator, which escapes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli.h"
#include "sesame-store.h"

typedef struct
{
  gboolean id_token;
  gboolean introspect;
  gboolean json;
} Options;

/* What is printed, gathered before anything is. */
typedef struct
{
  gboolean    id_token;
  SesameJwt  *jwt;
  JsonObject *introspection;    /* nullable */
} Report;

static void
report_clear (Report *report)
{
  g_clear_pointer (&report->jwt, sesame_jwt_free);
  g_clear_pointer (&report->introspection, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Report, report_clear)

static gboolean
parse (int       *argc,
       char    ***argv,
       Options   *o,
       GError   **error)
{
  GOptionEntry entries[] = {
    { "id-token", 0, 0, G_OPTION_ARG_NONE, &o->id_token,
      N_("Decode the ID token instead (verified when it was received)"), NULL },
    { "introspect", 0, 0, G_OPTION_ARG_NONE, &o->introspect,
      N_("Also ask the provider about the access token (RFC 7662 token introspection)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print JSON instead of text"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = _sesame_cli_new_context (_("PROFILE"),
    _("Decodes the access token of PROFILE, when it is a JWT, and prints its header and\n"
      "claims. They are not verified: Sesame does not check the access token’s signature;\n"
      "it is meant for the API. The ID token’s claims were verified at sign-in."),
    entries);

  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if (*argc != 2)
    return _sesame_cli_usage_error (error, _("Name one profile: sesame inspect PROFILE"));
  if (o->id_token && o->introspect)
    return _sesame_cli_usage_error (error, _("Give at most one of --id-token and --introspect: "
                                             "the provider introspects access tokens"));
  return TRUE;
}

/* Text ------------------------------------------------------------------------------- */

static void
print_members (JsonObject *object,
               GStrv       names)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *name = sesame_jwt_claim_name_to_text (names[i]);
      g_autofree char *value = sesame_jwt_claim_to_text (names[i],
                                                         json_object_get_member (object,
                                                                                 names[i]),
                                                         now);

      g_print ("  %-10s %s\n", name, value);
    }
}

static void
print_object (const char *title,
              JsonObject *object)
{
  g_auto(GStrv) names = sesame_jwt_claim_order (object);

  g_print ("%s\n", title);
  print_members (object, names);
}

static void
print_text (Report *report)
{
  SesameTokenFormat format = sesame_jwt_get_format (report->jwt);

  if (format == SESAME_TOKEN_FORMAT_OPAQUE)
    g_print ("%s\n", report->id_token ? _("The ID token is opaque: not a JWT, nothing to decode.")
                                      : _("The access token is opaque: not a JWT, nothing to "
                                          "decode. Only the provider and the API know what it "
                                          "means."));
  else if (report->id_token)
    g_print ("%s\n", _("ID token: a JWT, verified when it was received."));
  else if (format == SESAME_TOKEN_FORMAT_JWE)
    g_print ("%s\n", _("Access token: an encrypted JWT (JWE); only its header can be read."));
  else
    g_print ("%s\n", _("Access token: a JWT, Not Verified. Sesame does not check the access "
                       "token’s signature; it is meant for the API."));

  if (sesame_jwt_get_header (report->jwt) != NULL)
    print_object (_("Header:"), sesame_jwt_get_header (report->jwt));
  if (sesame_jwt_get_claims (report->jwt) != NULL)
    print_object (_("Claims:"), sesame_jwt_get_claims (report->jwt));
  if (report->introspection != NULL)
    print_object (_("Introspection (the provider’s answer):"), report->introspection);
}

/* JSON ------------------------------------------------------------------------------- */

static void
add_object (JsonBuilder *builder,
            const char  *name,
            JsonObject  *object)
{
  json_builder_set_member_name (builder, name);
  if (object == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_value (builder, json_node_init_object (json_node_alloc (), object));
}

static void
print_json (Report *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  SesameTokenFormat format = sesame_jwt_get_format (report->jwt);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, report->id_token ? "id" : "access");
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, sesame_token_format_to_string (format));
  json_builder_set_member_name (builder, "verified");
  json_builder_add_boolean_value (builder, report->id_token && format == SESAME_TOKEN_FORMAT_JWT);
  add_object (builder, "header", sesame_jwt_get_header (report->jwt));
  add_object (builder, "claims", sesame_jwt_get_claims (report->jwt));
  if (report->introspection != NULL)
    add_object (builder, "introspection", report->introspection);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Running ---------------------------------------------------------------------------- */

static SesameTokenSet *
read_tokens (SesameAccount  *account,
             GError        **error)
{
  g_auto(SesameCliWaiter) waiter = { 0 };
  SesameProfile *profile = sesame_account_get_profile (account);
  SesameTokenSet *tokens;
  GError *local_error = NULL;

  sesame_secrets_lookup_tokens_async (sesame_profile_get_id (profile), NULL,
                                      _sesame_cli_on_result, _sesame_cli_waiter_start (&waiter));
  tokens = sesame_secrets_lookup_tokens_finish (_sesame_cli_waiter_wait (&waiter), &local_error);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (tokens == NULL)
    g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_SIGN_IN_NEEDED,
                 _("Not signed in to “%s”: there is no token to inspect"),
                 sesame_profile_get_name (profile));
  return tokens;
}

static JsonObject *
introspect (SesameAccount   *account,
            SesameTokenSet  *tokens,
            GError         **error)
{
  g_auto(SesameCliWaiter) waiter = { 0 };

  sesame_account_introspect_async (account, sesame_token_set_get_access_token (tokens),
                                   "access_token", NULL, _sesame_cli_on_result,
                                   _sesame_cli_waiter_start (&waiter));
  return sesame_account_introspect_finish (account, _sesame_cli_waiter_wait (&waiter), error);
}

static gboolean
gather (const char  *name,
        Options     *o,
        Report      *report,
        GError     **error)
{
  g_autoptr(SesameAccount) account = NULL;
  g_autoptr(SesameTokenSet) tokens = NULL;
  const char *token;

  if (!(account = _sesame_cli_open_account (name, error)) ||
      !(tokens = read_tokens (account, error)))
    return FALSE;
  token = o->id_token ? sesame_token_set_get_id_token (tokens)
                      : sesame_token_set_get_access_token (tokens);
  if (token == NULL)
    {
      g_set_error_literal (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_MISSING,
                           _("The provider issued no ID token (is “openid” in the scope?)"));
      return FALSE;
    }
  report->id_token = o->id_token;
  if (!(report->jwt = sesame_jwt_decode (token, error)))
    return FALSE;
  if (o->introspect && !(report->introspection = introspect (account, tokens, error)))
    return FALSE;
  return TRUE;
}

int
_sesame_cli_inspect_run (int    argc,
                         char **argv)
{
  g_auto(Report) report = { 0 };
  g_autoptr(GError) error = NULL;
  Options o = { 0 };

  if (!parse (&argc, &argv, &o, &error) || !gather (argv[1], &o, &report, &error))
    return _sesame_cli_fail (error);
  if (o.json)
    print_json (&report);
  else
    print_text (&report);
  fflush (stdout);
  return ferror (stdout) ? SESAME_EXIT_FAILURE : SESAME_EXIT_OK;
}
