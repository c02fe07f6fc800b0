/* sesame-cli-profiles.c
 *
 * The commands around profiles: profiles, profile show, presets, and the profile
 * command's dispatch (add, edit and remove are in sesame-cli-profile-edit.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli-profiles-private.h"
#include "sesame-cli.h"
#include "sesame-oauth-private.h"
#include "sesame-store.h"

/* Helpers --------------------------------------------------------------------------- */

static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  g_autofree char *safe = value != NULL ? _sesame_cli_shown (value) : NULL;

  json_builder_set_member_name (builder, name);
  if (safe != NULL)
    json_builder_add_string_value (builder, safe);
  else
    json_builder_add_null_value (builder);
}

/* The NAME after the options, and nothing else. */
const char *
_sesame_cli_single_argument (int      argc,
                             char   **argv,
                             GError **error)
{
  if (argc == 2)
    return argv[1];
  if (argc < 2)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("Give the profile’s name: %s NAME"), g_get_prgname ());
  else
    _sesame_cli_usage_error (error, _("Too many arguments; quote a name with spaces"));
  return NULL;
}

/* profiles -------------------------------------------------------------------------- */

typedef struct
{
  const char *state;      /* signed-in, expired, needs-sign-in, unknown */
  char       *text;
  char       *subject;
  gint64      expires_at;
} Status;

static void
status_clear (Status *status)
{
  g_free (status->text);
  g_free (status->subject);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Status, status_clear)

/* The ID token's most readable name of the person, for display only. */
static char *
dup_identity (SesameTokenSet *tokens)
{
  const char *claims[] = { "email", "preferred_username", "name", "sub" };
  g_autoptr(JsonObject) object = sesame_token_set_dup_id_token_claims (tokens);

  for (guint i = 0; object != NULL && i < G_N_ELEMENTS (claims); i++)
    {
      JsonNode *node = json_object_get_member (object, claims[i]);

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING &&
          *json_node_get_string (node) != '\0')
        return _sesame_sanitize_text (json_node_get_string (node), 100);
    }
  return NULL;
}

static char *
describe_expiry (gint64 seconds)
{
  gint64 minutes = (seconds + 59) / 60;

  if (minutes < 120)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "expires in %d min",
                                         "expires in %d min", (gulong) minutes), (int) minutes);
  if (minutes < 48 * 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "expires in %d hour",
                                         "expires in %d hours", (gulong) (minutes / 60)),
                            (int) (minutes / 60));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "expires in %d day", "expires in %d days",
                                       (gulong) (minutes / 60 / 24)),
                          (int) (minutes / 60 / 24));
}

static void
describe_tokens (Status         *status,
                 SesameTokenSet *tokens)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *signed_in = NULL;
  g_autofree char *expiry = NULL;

  status->subject = dup_identity (tokens);
  status->expires_at = sesame_token_set_get_expires_at (tokens);
  signed_in = status->subject != NULL ? g_strdup_printf (_("signed in as %s"), status->subject)
                                      : g_strdup (_("signed in"));

  if (status->expires_at == 0 || status->expires_at > now)
    {
      status->state = "signed-in";
      if (status->expires_at == 0)
        status->text = g_steal_pointer (&signed_in);
      else
        {
          expiry = describe_expiry (status->expires_at - now);
          status->text = g_strdup_printf ("%s, %s", signed_in, expiry);
        }
    }
  else if (sesame_token_set_get_refresh_token (tokens) != NULL)
    {
      status->state = "expired";
      status->text = g_strdup (_("expired, will refresh"));
    }
  else
    {
      status->state = "needs-sign-in";
      status->text = g_strdup (_("expired, needs sign-in"));
    }
}

/* The state of @profile's tokens. After a keyring error (in @first_error) the keyring
 * is not asked again: each call could wait for a time-out.
 */
static void
get_status (Status         *status,
            SesameProfile  *profile,
            GError        **first_error)
{
  g_auto(SesameCliWaiter) waiter = { 0 };
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;

  status->state = "unknown";
  if (g_error_matches (*first_error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_KEYRING_UNAVAILABLE))
    {
      status->text = g_strdup (_("keyring unavailable"));
      return;
    }

  sesame_secrets_lookup_tokens_async (sesame_profile_get_id (profile), NULL,
                                      _sesame_cli_on_result, _sesame_cli_waiter_start (&waiter));
  tokens = sesame_secrets_lookup_tokens_finish (_sesame_cli_waiter_wait (&waiter), &error);
  if (error != NULL)
    {
      status->text = g_strdup (g_error_matches (error, SESAME_STORE_ERROR,
                                                SESAME_STORE_ERROR_KEYRING_UNAVAILABLE)
                                 ? _("keyring unavailable") : _("tokens unreadable"));
      if (*first_error == NULL)
        *first_error = g_steal_pointer (&error);
    }
  else if (tokens == NULL)
    {
      status->state = "needs-sign-in";
      status->text = g_strdup (_("needs sign-in"));
    }
  else
    describe_tokens (status, tokens);
}

/* Where the profile signs in: the issuer, or the authorization endpoint's host. */
static char *
dup_provider (SesameProfile *profile)
{
  const char *endpoint;
  g_autoptr(GUri) uri = NULL;

  if (sesame_profile_get_issuer (profile) != NULL)
    return _sesame_cli_shown (sesame_profile_get_issuer (profile));
  endpoint = sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION);
  uri = g_uri_parse (endpoint, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  return _sesame_cli_shown (uri != NULL ? g_uri_get_host (uri) : endpoint);
}

static void
append_padded (GString    *line,
               const char *text,
               glong       width)
{
  g_string_append (line, text);
  for (glong n = g_utf8_strlen (text, -1); n < width; n++)
    g_string_append_c (line, ' ');
  g_string_append (line, "  ");
}

static void
print_table (GPtrArray *names,
             GPtrArray *providers,
             GPtrArray *states)
{
  glong name_width = 0, provider_width = 0;

  for (guint i = 0; i < names->len; i++)
    {
      name_width = MAX (name_width, g_utf8_strlen (names->pdata[i], -1));
      provider_width = MAX (provider_width, g_utf8_strlen (providers->pdata[i], -1));
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      append_padded (line, names->pdata[i], name_width);
      append_padded (line, providers->pdata[i], provider_width);
      g_string_append (line, states->pdata[i]);
      g_print ("%s\n", line->str);
    }
}

static void
add_status_json (JsonBuilder   *builder,
                 SesameProfile *profile,
                 const char    *provider,
                 Status        *status)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "name", sesame_profile_get_name (profile));
  add_string_member (builder, "id", sesame_profile_get_id (profile));
  add_string_member (builder, "provider", provider);
  add_string_member (builder, "sign_in_with",
                     sesame_sign_in_method_to_string (sesame_profile_get_sign_in_method (profile)));
  add_string_member (builder, "state", status->state);
  add_string_member (builder, "subject", status->subject);
  json_builder_set_member_name (builder, "expires_at");
  if (status->expires_at != 0)
    json_builder_add_int_value (builder, status->expires_at);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static int
list_profiles (SesameProfileStore *store,
               gboolean            json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) providers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SesameProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_auto(Status) status = { 0 };
      char *provider = dup_provider (profile);

      get_status (&status, profile, &error);
      add_status_json (builder, profile, provider, &status);
      g_ptr_array_add (names, _sesame_cli_shown (sesame_profile_get_name (profile)));
      g_ptr_array_add (providers, provider);
      g_ptr_array_add (states, g_steal_pointer (&status.text));
    }
  json_builder_end_array (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      print_json (root);
    }
  else if (n == 0)
    g_printerr (_("There are no profiles yet; add one with “sesame profile add”.\n"));
  else
    print_table (names, providers, states);

  return error != NULL ? _sesame_cli_fail (error) : SESAME_EXIT_OK;
}

int
_sesame_cli_profiles_run (int    argc,
                          char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array instead"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = _sesame_cli_new_context (NULL,
    _("Lists the profiles, each with its provider and whether it is signed in (and as\n"
      "whom, from the ID token). No token is ever printed."), entries);
  g_autoptr(SesameProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _sesame_cli_fail (error);
  if (argc > 1)
    {
      _sesame_cli_usage_error (&error, _("“sesame profiles” takes no arguments; "
                                         "see “sesame profile show”"));
      return _sesame_cli_fail (error);
    }
  if (!(store = _sesame_cli_open_store (&error)))
    return _sesame_cli_fail (error);
  return list_profiles (store, json);
}

typedef enum
{
  SECRET_UNKNOWN,
  SECRET_NONE,
  SECRET_STORED,
} SecretState;

/* Whether a client secret is stored; the secret itself is wiped at once. */
static SecretState
get_secret_state (SesameProfile *profile)
{
  g_auto(SesameCliWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  char *secret;

  sesame_secrets_lookup_client_secret_async (sesame_profile_get_id (profile), NULL,
                                             _sesame_cli_on_result,
                                             _sesame_cli_waiter_start (&waiter));
  secret = sesame_secrets_lookup_client_secret_finish (_sesame_cli_waiter_wait (&waiter), &error);
  if (secret == NULL)
    return error != NULL ? SECRET_UNKNOWN : SECRET_NONE;
  explicit_bzero (secret, strlen (secret));
  g_free (secret);
  return SECRET_STORED;
}

static const char *endpoint_keys[SESAME_N_ENDPOINTS] = {
  [SESAME_ENDPOINT_AUTHORIZATION] = "authorization_endpoint",
  [SESAME_ENDPOINT_TOKEN] = "token_endpoint",
  [SESAME_ENDPOINT_REVOCATION] = "revocation_endpoint",
  [SESAME_ENDPOINT_USERINFO] = "userinfo_endpoint",
  [SESAME_ENDPOINT_JWKS] = "jwks_uri",
  [SESAME_ENDPOINT_DEVICE_AUTHORIZATION] = "device_authorization_endpoint",
};

static const char *endpoint_labels[SESAME_N_ENDPOINTS] = {
  [SESAME_ENDPOINT_AUTHORIZATION] = N_("Authorization endpoint"),
  [SESAME_ENDPOINT_TOKEN] = N_("Token endpoint"),
  [SESAME_ENDPOINT_REVOCATION] = N_("Revocation endpoint"),
  [SESAME_ENDPOINT_USERINFO] = N_("Userinfo endpoint"),
  [SESAME_ENDPOINT_JWKS] = N_("JWKS URI"),
  [SESAME_ENDPOINT_DEVICE_AUTHORIZATION] = N_("Device authorization endpoint"),
};

static void
show_json (SesameProfile *profile,
           SecretState    secret)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char * const *params = sesame_profile_get_params (profile);

  json_builder_begin_object (builder);
  add_string_member (builder, "name", sesame_profile_get_name (profile));
  add_string_member (builder, "id", sesame_profile_get_id (profile));
  add_string_member (builder, "preset", sesame_profile_get_preset (profile));
  add_string_member (builder, "issuer", sesame_profile_get_issuer (profile));
  for (SesameEndpoint i = 0; i < SESAME_N_ENDPOINTS; i++)
    add_string_member (builder, endpoint_keys[i], sesame_profile_get_endpoint (profile, i));
  add_string_member (builder, "client_id", sesame_profile_get_client_id (profile));
  json_builder_set_member_name (builder, "client_secret_stored");
  if (secret == SECRET_UNKNOWN)
    json_builder_add_null_value (builder);
  else
    json_builder_add_boolean_value (builder, secret == SECRET_STORED);
  add_string_member (builder, "auth_method",
                     sesame_auth_method_to_string (sesame_profile_get_auth_method (profile)));
  add_string_member (builder, "scope", sesame_profile_get_scope (profile));
  add_string_member (builder, "redirect_uri", sesame_profile_get_redirect_uri (profile));
  add_string_member (builder, "ca_file", sesame_profile_get_ca_file (profile));
  add_string_member (builder, "browser",
                     sesame_browser_to_string (sesame_profile_get_browser (profile)));
  add_string_member (builder, "sign_in_with",
                     sesame_sign_in_method_to_string (sesame_profile_get_sign_in_method (profile)));
  json_builder_set_member_name (builder, "stay_signed_in");
  json_builder_add_boolean_value (builder, sesame_profile_get_stay_signed_in (profile));
  json_builder_set_member_name (builder, "params");
  json_builder_begin_array (builder);
  for (guint i = 0; params[i] != NULL; i++)
    json_builder_add_string_value (builder, params[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  print_json (root);
}

/* "Label:   value", the values aligned; nothing for an unset value. */
static void
show_field (const char *label,
            const char *value)
{
  g_autofree char *safe = NULL;
  g_autofree char *with_colon = NULL;
  g_autoptr(GString) line = g_string_new (NULL);

  if (value == NULL)
    return;
  safe = _sesame_cli_shown (value);
  with_colon = g_strdup_printf (_("%s:"), label);
  append_padded (line, with_colon, 23);
  g_string_append (line, safe);
  g_print ("%s\n", line->str);
}

static void
show_text (SesameProfile *profile,
           SecretState    secret)
{
  const char *secret_states[] = { [SECRET_UNKNOWN] = _("unknown (keyring unavailable)"),
                                  [SECRET_NONE] = _("none"),
                                  [SECRET_STORED] = _("stored in the keyring") };
  g_autofree char *params = g_strjoinv (" ", (char **) sesame_profile_get_params (profile));

  show_field (_("Name"), sesame_profile_get_name (profile));
  show_field (_("Id"), sesame_profile_get_id (profile));
  show_field (_("Preset"), sesame_profile_get_preset (profile));
  show_field (_("Issuer"), sesame_profile_get_issuer (profile));
  for (SesameEndpoint i = 0; i < SESAME_N_ENDPOINTS; i++)
    show_field (_(endpoint_labels[i]), sesame_profile_get_endpoint (profile, i));
  show_field (_("Client id"), sesame_profile_get_client_id (profile));
  show_field (_("Client secret"), secret_states[secret]);
  show_field (_("Auth method"),
              sesame_auth_method_to_string (sesame_profile_get_auth_method (profile)));
  show_field (_("Scope"), sesame_profile_get_scope (profile));
  show_field (_("Redirect URI"), sesame_profile_get_redirect_uri (profile)
                                   ?: _("http://127.0.0.1:<free port>/callback (default)"));
  show_field (_("CA file"), sesame_profile_get_ca_file (profile));
  show_field (_("Sign in with"),
              sesame_sign_in_method_to_string (sesame_profile_get_sign_in_method (profile)));
  show_field (_("Browser"), sesame_browser_to_string (sesame_profile_get_browser (profile)));
  if (sesame_profile_get_browser (profile) == SESAME_BROWSER_EMBEDDED)
    show_field (_("Stay signed in"),
                sesame_profile_get_stay_signed_in (profile) ? _("yes") : _("no"));
  show_field (_("Parameters"), *params != '\0' ? params : NULL);
}

static int
profile_show_run (int    argc,
                  char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON object instead"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = _sesame_cli_new_context (_("NAME"),
    _("Prints the settings of the profile NAME, and whether a client secret is stored\n"
      "(never the secret itself)."), entries);
  g_autoptr(SesameProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SesameProfile *profile;
  const char *name;

  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !(name = _sesame_cli_single_argument (argc, argv, &error)) ||
      !(store = _sesame_cli_open_store (&error)) ||
      !(profile = _sesame_cli_lookup_profile (store, name, &error)))
    return _sesame_cli_fail (error);

  if (json)
    show_json (profile, get_secret_state (profile));
  else
    show_text (profile, get_secret_state (profile));
  return SESAME_EXIT_OK;
}

static const struct
{
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} profile_commands[] = {
  { "add", N_("Add a profile"), _sesame_cli_profile_add_run },
  { "edit", N_("Change a profile’s settings, name or client secret"),
    _sesame_cli_profile_edit_run },
  { "remove", N_("Remove a profile and its secrets"), _sesame_cli_profile_remove_run },
  { "show", N_("Print a profile’s settings"), profile_show_run },
};

static void
print_profile_help (void)
{
  g_autoptr(GString) text = g_string_new (_("Usage:\n  sesame profile COMMAND NAME [OPTION…]\n\n"
                                             "Commands:\n"));

  for (guint i = 0; i < G_N_ELEMENTS (profile_commands); i++)
    g_string_append_printf (text, "  %-8s %s\n", profile_commands[i].name,
                            _(profile_commands[i].summary));
  g_string_append (text,
                   _("\nRun “sesame profile COMMAND --help” for a command’s options.\n\n"));
  _sesame_cli_append_exit_codes (text);
  g_print ("%s", text->str);
}

int
_sesame_cli_profile_run (int    argc,
                         char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *safe = NULL;

  if (argc >= 2 && (g_strcmp0 (argv[1], "--help") == 0 || g_strcmp0 (argv[1], "-h") == 0))
    {
      print_profile_help ();
      return SESAME_EXIT_OK;
    }
  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (profile_commands); i++)
    if (g_strcmp0 (argv[1], profile_commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("sesame profile %s", argv[1]);

        g_set_prgname (prgname);
        return profile_commands[i].run (argc - 1, argv + 1);
      }

  if (argc < 2)
    _sesame_cli_usage_error (&error, _("Give a command: "
                                       "sesame profile add|edit|remove|show NAME …"));
  else
    {
      safe = _sesame_cli_shown (argv[1]);
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                   _("Unknown command “profile %s”; use add, edit, remove or show"), safe);
    }
  return _sesame_cli_fail (error);
}

/* presets --------------------------------------------------------------------------- */

/* Appends @text in lines of at most @width characters, each after @indent spaces. */
static void
append_wrapped (GString    *out,
                const char *text,
                guint       indent,
                guint       width)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  glong column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (column > 0 && column + 1 + len > (glong) (width - indent))
        {
          g_string_append_c (out, '\n');
          column = 0;
        }
      if (column == 0)
        g_string_append_printf (out, "%*s", indent, "");
      else
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
      column += (column > 0 ? 1 : 0) + len;
    }
  g_string_append_c (out, '\n');
}

static void
append_preset_text (GString      *out,
                    SesamePreset *preset)
{
  const char * const *variables = sesame_preset_get_variables (preset);

  g_string_append_printf (out, "%-10s %s\n", sesame_preset_get_id (preset),
                          sesame_preset_get_name (preset));
  append_wrapped (out, sesame_preset_get_description (preset), 11, 90);
  for (guint i = 0; variables[i] != NULL; i++)
    {
      const char *fallback = sesame_preset_get_variable_default (preset, variables[i]);
      g_autofree char *line = NULL;

      line = fallback != NULL
        ? g_strdup_printf (_("--var %s=…: %s (default: %s)"), variables[i],
                           sesame_preset_get_variable_description (preset, variables[i]),
                           fallback)
        : g_strdup_printf (_("--var %s=…: %s (required)"), variables[i],
                           sesame_preset_get_variable_description (preset, variables[i]));
      append_wrapped (out, line, 11, 90);
    }
  g_string_append_c (out, '\n');
}

static void
add_preset_json (JsonBuilder  *builder,
                 SesamePreset *preset)
{
  const char * const *variables = sesame_preset_get_variables (preset);

  json_builder_begin_object (builder);
  add_string_member (builder, "id", sesame_preset_get_id (preset));
  add_string_member (builder, "name", sesame_preset_get_name (preset));
  add_string_member (builder, "description", sesame_preset_get_description (preset));
  json_builder_set_member_name (builder, "variables");
  json_builder_begin_array (builder);
  for (guint i = 0; variables[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      add_string_member (builder, "name", variables[i]);
      add_string_member (builder, "default",
                         sesame_preset_get_variable_default (preset, variables[i]));
      add_string_member (builder, "description",
                         sesame_preset_get_variable_description (preset, variables[i]));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

int
_sesame_cli_presets_run (int    argc,
                         char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array instead"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = _sesame_cli_new_context (NULL,
    _("Lists the provider presets for “sesame profile add NAME --preset ID”, with the\n"
      "variables each takes (--var NAME=VALUE)."), entries);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *presets = sesame_presets_get_all ();

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _sesame_cli_fail (error);
  if (argc > 1)
    {
      _sesame_cli_usage_error (&error, _("“sesame presets” takes no arguments"));
      return _sesame_cli_fail (error);
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < presets->len; i++)
    {
      add_preset_json (builder, presets->pdata[i]);
      append_preset_text (text, presets->pdata[i]);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  if (json)
    print_json (root);
  else
    g_print ("%s", text->str);
  return SESAME_EXIT_OK;
}
