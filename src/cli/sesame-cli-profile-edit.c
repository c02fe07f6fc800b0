/* sesame-cli-profile-edit.c
 *
 * profile add, edit and remove: every change of a profile and of its client secret, and
 * none half-done.
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
#include "sesame-store.h"

typedef struct
{
  /* Options */
  char        *preset;
  char       **vars;
  char        *issuer;
  char        *authorization_endpoint;
  char        *token_endpoint;
  char        *revocation_endpoint;
  char        *userinfo_endpoint;
  char        *device_authorization_endpoint;
  char        *client_id;
  char        *client_secret_env;
  char        *auth_method;
  char        *scope;
  char        *redirect_uri;
  char        *ca_file;
  char        *browser;
  char        *stay_signed_in;
  char        *sign_in_with;
  char       **params;
  char        *rename;
  gboolean     clear_secret;

  /* Borrowed from the environment */
  const char  *secret;
} Edit;

static void
edit_clear (Edit *e)
{
  g_free (e->preset);
  g_strfreev (e->vars);
  g_free (e->issuer);
  g_free (e->authorization_endpoint);
  g_free (e->token_endpoint);
  g_free (e->revocation_endpoint);
  g_free (e->userinfo_endpoint);
  g_free (e->device_authorization_endpoint);
  g_free (e->client_id);
  g_free (e->client_secret_env);
  g_free (e->auth_method);
  g_free (e->scope);
  g_free (e->redirect_uri);
  g_free (e->ca_file);
  g_free (e->browser);
  g_free (e->stay_signed_in);
  g_free (e->sign_in_with);
  g_strfreev (e->params);
  g_free (e->rename);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Edit, edit_clear)

static GOptionContext *
edit_options (Edit     *e,
              gboolean  editing)
{
  GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &e->preset,
      N_("Fill in the provider settings from a preset (see “sesame presets”)"), N_("ID") },
    { "var", 0, 0, G_OPTION_ARG_STRING_ARRAY, &e->vars,
      N_("A value for a variable of the preset, such as tenant=contoso.com (repeatable)"),
      N_("NAME=VALUE") },
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &e->issuer,
      N_("The provider’s issuer URL; its endpoints are discovered"), N_("URL") },
    { "authorization-endpoint", 0, 0, G_OPTION_ARG_STRING, &e->authorization_endpoint,
      N_("The authorization endpoint, instead of an issuer"), N_("URL") },
    { "token-endpoint", 0, 0, G_OPTION_ARG_STRING, &e->token_endpoint,
      N_("The token endpoint, instead of an issuer"), N_("URL") },
    { "revocation-endpoint", 0, 0, G_OPTION_ARG_STRING, &e->revocation_endpoint,
      N_("The revocation endpoint"), N_("URL") },
    { "userinfo-endpoint", 0, 0, G_OPTION_ARG_STRING, &e->userinfo_endpoint,
      N_("The userinfo endpoint"), N_("URL") },
    { "device-authorization-endpoint", 0, 0, G_OPTION_ARG_STRING,
      &e->device_authorization_endpoint,
      N_("The device authorization endpoint, where the provider’s metadata names none"),
      N_("URL") },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &e->client_id, N_("The client id"), N_("ID") },
    { "client-secret-env", 0, 0, G_OPTION_ARG_STRING, &e->client_secret_env,
      N_("Store the client secret held by this environment variable in the keyring"),
      N_("VAR") },
    { "auth-method", 0, 0, G_OPTION_ARG_STRING, &e->auth_method,
      N_("Client authentication: basic, post or none (default: the preset’s; basic with a "
         "secret, else none)"), N_("METHOD") },
    { "scope", 0, 0, G_OPTION_ARG_STRING, &e->scope,
      N_("Scopes to ask for, separated by spaces"), N_("SCOPES") },
    { "redirect-uri", 0, 0, G_OPTION_ARG_STRING, &e->redirect_uri,
      N_("The registered loopback redirect URI (default: http://127.0.0.1:<free port>/callback)"),
      N_("URI") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &e->ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("FILE") },
    { "browser", 0, 0, G_OPTION_ARG_STRING, &e->browser,
      N_("Where to sign in: system (default), embedded or none (print the address)"),
      N_("system|embedded|none") },
    { "sign-in-with", 0, 0, G_OPTION_ARG_STRING, &e->sign_in_with,
      N_("How “sesame sign-in NAME” and the window sign in: browser (default), or device "
         "(confirm a code on another device, RFC 8628)"), N_("browser|device") },
    { "stay-signed-in", 0, 0, G_OPTION_ARG_STRING, &e->stay_signed_in,
      N_("Whether the embedded sign-in keeps the provider’s cookies (default: no)"),
      N_("yes|no") },
    { "param", 0, 0, G_OPTION_ARG_STRING_ARRAY, &e->params,
      N_("An extra authorization parameter, such as prompt=consent (repeatable; NAME= "
         "removes one)"), N_("NAME=VALUE") },
    { NULL }
  };
  GOptionEntry edit_entries[] = {
    { "rename", 0, 0, G_OPTION_ARG_STRING, &e->rename, N_("Rename the profile"), N_("NAME") },
    { "clear-secret", 0, 0, G_OPTION_ARG_NONE, &e->clear_secret,
      N_("Delete the client secret from the keyring (and the tokens with it)"), NULL },
    { NULL }
  };
  GOptionContext *context;

  if (!editing)
    return _sesame_cli_new_context (_("NAME"),
      _("Adds the profile NAME: a provider (--preset, --issuer, or the authorization and\n"
        "token endpoints) and a client (--client-id). A client secret is read from the\n"
        "environment variable named by --client-secret-env, so that it never shows in a\n"
        "process list, and kept in the keyring, never in the profile file."), entries);

  context = _sesame_cli_new_context (_("NAME"),
    _("Changes the settings given and keeps the others. An empty value (--scope \"\")\n"
      "unsets a setting; with --preset the provider settings are the preset’s again."),
    entries);
  g_option_context_add_main_entries (context, edit_entries, GETTEXT_PACKAGE);
  return context;
}

static gboolean
apply_preset (Edit           *e,
              SesameProfile  *profile,
              GError        **error)
{
  g_autoptr(GHashTable) vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  SesamePreset *preset;

  if (e->preset == NULL)
    return e->vars == NULL || _sesame_cli_usage_error (error, _("--var needs --preset"));

  if (!(preset = sesame_presets_lookup (e->preset)))
    {
      g_autofree char *safe = _sesame_cli_shown (e->preset);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("There is no preset “%s”; see “sesame presets”"), safe);
      return FALSE;
    }
  for (guint i = 0; e->vars != NULL && e->vars[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (e->vars[i], "=", 2);

      if (pair[0] == NULL || pair[1] == NULL || *pair[0] == '\0')
        return _sesame_cli_usage_error (error, _("--var takes NAME=VALUE"));
      g_hash_table_replace (vars, g_strdup (pair[0]), g_strdup (pair[1]));
    }
  return sesame_preset_apply (preset, profile, vars, error);
}

/* An issuer replaces the endpoints and the endpoints an issuer. */
static gboolean
apply_provider (Edit           *e,
                SesameProfile  *profile,
                GError        **error)
{
  if (e->issuer != NULL && (e->authorization_endpoint != NULL || e->token_endpoint != NULL))
    return _sesame_cli_usage_error (error, _("Give either --issuer or the endpoints, not both"));

  if (e->issuer != NULL)
    {
      sesame_profile_set_issuer (profile, e->issuer);
      sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION, NULL);
      sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_TOKEN, NULL);
    }
  if (e->authorization_endpoint != NULL || e->token_endpoint != NULL)
    sesame_profile_set_issuer (profile, NULL);
  if (e->authorization_endpoint != NULL)
    sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION,
                                 e->authorization_endpoint);
  if (e->token_endpoint != NULL)
    sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_TOKEN, e->token_endpoint);
  if (e->revocation_endpoint != NULL)
    sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_REVOCATION, e->revocation_endpoint);
  if (e->userinfo_endpoint != NULL)
    sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_USERINFO, e->userinfo_endpoint);
  if (e->device_authorization_endpoint != NULL)
    sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_DEVICE_AUTHORIZATION,
                                 e->device_authorization_endpoint);
  return TRUE;
}

/* Each --param replaces the parameter of that name, or removes it when empty. */
static gboolean
apply_params (Edit           *e,
              SesameProfile  *profile,
              GError        **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  const char * const *old = sesame_profile_get_params (profile);

  if (e->params == NULL)
    return TRUE;
  for (guint i = 0; old[i] != NULL; i++)
    g_ptr_array_add (params, g_strdup (old[i]));

  for (guint i = 0; e->params[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (e->params[i], "=", 2);
      g_autofree char *prefix = NULL;

      if (pair[0] == NULL || pair[1] == NULL || *pair[0] == '\0')
        return _sesame_cli_usage_error (error, _("--param takes NAME=VALUE"));
      prefix = g_strconcat (pair[0], "=", NULL);
      for (guint j = params->len; j > 0; j--)
        if (g_str_has_prefix (params->pdata[j - 1], prefix))
          g_ptr_array_remove_index (params, j - 1);
      if (*pair[1] != '\0')
        g_ptr_array_add (params, g_strdup (e->params[i]));
    }
  sesame_profile_set_params (profile, (const char * const *) params->pdata);
  return TRUE;
}

static gboolean
apply_client (Edit           *e,
              SesameProfile  *profile,
              GError        **error)
{
  SesameBrowser browser;
  SesameSignInMethod method;

  if (e->sign_in_with != NULL)
    {
      if (!sesame_sign_in_method_from_string (e->sign_in_with, &method))
        return _sesame_cli_usage_error (error, _("--sign-in-with must be browser or device"));
      sesame_profile_set_sign_in_method (profile, method);
    }
  if (e->client_id != NULL)
    sesame_profile_set_client_id (profile, e->client_id);
  if (e->scope != NULL)
    sesame_profile_set_scope (profile, e->scope);
  if (e->redirect_uri != NULL)
    sesame_profile_set_redirect_uri (profile, e->redirect_uri);
  if (e->rename != NULL)
    sesame_profile_set_name (profile, e->rename);
  if (e->browser != NULL)
    {
      if (!sesame_browser_from_string (e->browser, &browser))
        return _sesame_cli_usage_error (error, _("--browser must be system, embedded or none"));
      sesame_profile_set_browser (profile, browser);
    }
  if (e->stay_signed_in != NULL)
    {
      if (g_strcmp0 (e->stay_signed_in, "yes") != 0 && g_strcmp0 (e->stay_signed_in, "no") != 0)
        return _sesame_cli_usage_error (error, _("--stay-signed-in must be yes or no"));
      sesame_profile_set_stay_signed_in (profile, g_str_equal (e->stay_signed_in, "yes"));
    }
  if (e->ca_file != NULL && *e->ca_file != '\0')
    {
      g_autofree char *path = g_canonicalize_filename (e->ca_file, NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return _sesame_cli_usage_error (error, _("The file given with --ca-file does not exist"));
      sesame_profile_set_ca_file (profile, path);
    }
  else if (e->ca_file != NULL)
    sesame_profile_set_ca_file (profile, NULL);
  return TRUE;
}

static gboolean
apply_auth_method (Edit           *e,
                   SesameProfile  *profile,
                   GError        **error)
{
  SesameAuthMethod method;

  if (e->auth_method != NULL)
    {
      if (!sesame_auth_method_from_string (e->auth_method, &method))
        return _sesame_cli_usage_error (error, _("--auth-method must be basic, post or none"));
      sesame_profile_set_auth_method (profile, method);
    }
  else if (e->secret != NULL &&
           sesame_profile_get_auth_method (profile) == SESAME_AUTH_METHOD_NONE)
    sesame_profile_set_auth_method (profile, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  else if (e->clear_secret)
    sesame_profile_set_auth_method (profile, SESAME_AUTH_METHOD_NONE);
  return TRUE;
}

static gboolean
read_secret (Edit    *e,
             GError **error)
{
  if (e->client_secret_env == NULL)
    return TRUE;
  if (e->clear_secret)
    return _sesame_cli_usage_error (error, _("Give either --client-secret-env or "
                                             "--clear-secret, not both"));

  e->secret = g_getenv (e->client_secret_env);
  if (e->secret == NULL || *e->secret == '\0')
    {
      g_autofree char *safe = _sesame_cli_shown (e->client_secret_env);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("The environment variable %s, which should hold the client secret, "
                     "is not set"), safe);
      e->secret = NULL;
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_edit (Edit           *e,
            SesameProfile  *profile,
            GError        **error)
{
  return read_secret (e, error) &&
         apply_preset (e, profile, error) &&
         apply_provider (e, profile, error) &&
         apply_client (e, profile, error) &&
         apply_params (e, profile, error) &&
         apply_auth_method (e, profile, error);
}

static gboolean
store_secret (SesameProfile  *profile,
              const char     *secret,
              GError        **error)
{
  g_auto(SesameCliWaiter) waiter = { 0 };

  sesame_secrets_store_client_secret_async (sesame_profile_get_id (profile),
                                            sesame_profile_get_name (profile), secret, NULL,
                                            _sesame_cli_on_result,
                                            _sesame_cli_waiter_start (&waiter));
  return sesame_secrets_store_client_secret_finish (_sesame_cli_waiter_wait (&waiter), error);
}

static gboolean
clear_secrets (SesameProfile  *profile,
               GError        **error)
{
  g_auto(SesameCliWaiter) waiter = { 0 };

  sesame_secrets_clear_async (sesame_profile_get_id (profile), FALSE, NULL,
                              _sesame_cli_on_result, _sesame_cli_waiter_start (&waiter));
  return sesame_secrets_clear_finish (_sesame_cli_waiter_wait (&waiter), error);
}

/* Takes back a change whose secret could not follow: the profile @written is removed
 * when it was added, or else the settings it changed from @original are put back. */
static void
undo (SesameProfileStore *store,
      SesameProfile      *written,
      SesameProfile      *original)
{
  g_autoptr(GError) error = NULL;

  if (!(original == NULL ? sesame_profile_store_remove (store, written, &error)
                         : sesame_profile_store_update_changes (store, written, original,
                                                                &error)))
    _sesame_cli_print_error (error);
}

int
_sesame_cli_profile_add_run (int    argc,
                 char **argv)
{
  g_auto(Edit) e = { 0 };
  g_autoptr(GOptionContext) context = edit_options (&e, FALSE);
  g_autoptr(SesameProfileStore) store = NULL;
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *safe = NULL;
  const char *name;

  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !(name = _sesame_cli_single_argument (argc, argv, &error)) ||
      !(store = _sesame_cli_open_store (&error)))
    return _sesame_cli_fail (error);

  profile = sesame_profile_new (name);
  if (!apply_edit (&e, profile, &error) || !sesame_profile_store_add (store, profile, &error))
    return _sesame_cli_fail (error);
  if (e.secret != NULL && !store_secret (profile, e.secret, &error))
    {
      undo (store, profile, NULL);
      return _sesame_cli_fail (error);
    }

  safe = _sesame_cli_shown (name);
  g_printerr (_("Added profile “%s”.\n"), safe);
  if (e.secret == NULL && sesame_profile_get_auth_method (profile) != SESAME_AUTH_METHOD_NONE)
    {
      g_autofree char *quoted = g_shell_quote (safe);
      g_printerr (_("It authenticates with a client secret: add one with "
                    "“sesame profile edit %s --client-secret-env VAR”.\n"), quoted);
    }
  return SESAME_EXIT_OK;
}

int
_sesame_cli_profile_edit_run (int    argc,
                  char **argv)
{
  g_auto(Edit) e = { 0 };
  g_autoptr(GOptionContext) context = edit_options (&e, TRUE);
  g_autoptr(SesameProfileStore) store = NULL;
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(SesameProfile) original = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *safe = NULL;
  SesameProfile *found;
  const char *name;

  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !(name = _sesame_cli_single_argument (argc, argv, &error)) ||
      !(store = _sesame_cli_open_store (&error)) ||
      !(found = _sesame_cli_lookup_profile (store, name, &error)))
    return _sesame_cli_fail (error);

  original = sesame_profile_copy (found);
  profile = sesame_profile_copy (found);
  if (!apply_edit (&e, profile, &error) ||
      !sesame_profile_store_update_changes (store, original, profile, &error))
    return _sesame_cli_fail (error);
  if ((e.secret != NULL && !store_secret (profile, e.secret, &error)) ||
      (e.clear_secret && !clear_secrets (profile, &error)))
    {
      undo (store, profile, original);
      return _sesame_cli_fail (error);
    }

  safe = _sesame_cli_shown (sesame_profile_get_name (profile));
  g_printerr (_("Updated profile “%s”.\n"), safe);
  if (e.clear_secret)
    g_printerr (_("Its client secret and tokens were deleted from the keyring.\n"));
  return SESAME_EXIT_OK;
}

/* profile remove|show --------------------------------------------------------------- */

int
_sesame_cli_profile_remove_run (int    argc,
                    char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GOptionContext) context = _sesame_cli_new_context (_("NAME"),
    _("Removes the profile NAME and deletes its client secret and tokens from the keyring.\n"
      "The tokens are not revoked at the provider: for that, run “sesame sign-out NAME”\n"
      "first."), entries);
  g_autoptr(SesameProfileStore) store = NULL;
  g_autoptr(SesameProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *safe = NULL;
  SesameProfile *found;
  const char *name;

  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !(name = _sesame_cli_single_argument (argc, argv, &error)) ||
      !(store = _sesame_cli_open_store (&error)) ||
      !(found = _sesame_cli_lookup_profile (store, name, &error)))
    return _sesame_cli_fail (error);

  /* Secrets first: if the keyring fails, nothing was removed and the user can try again. */
  profile = g_object_ref (found);
  if (!clear_secrets (profile, &error) || !sesame_profile_store_remove (store, profile, &error))
    return _sesame_cli_fail (error);

  safe = _sesame_cli_shown (sesame_profile_get_name (profile));
  /* And what the sign-in inside Sesame kept, as the window does. */
  if (!sesame_web_data_forget (sesame_profile_get_id (profile), &error))
    {
      g_autofree char *reason = _sesame_cli_shown (error->message);

      g_printerr (_("The profile “%s” was removed, but its cookies from the sign-in inside "
                    "Sesame were not: %s\n"), safe, reason);
      return SESAME_EXIT_FAILURE;
    }
  g_printerr (_("Removed profile “%s”.\n"), safe);
  g_printerr (_("Its tokens were deleted here but not revoked at the provider; to revoke "
                "tokens, use “sesame sign-out” before removing a profile.\n"));
  return SESAME_EXIT_OK;
}
