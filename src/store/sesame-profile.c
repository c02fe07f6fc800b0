/* sesame-profile.c
 *
 * A profile: the non-secret settings of one provider account, checked with the same
 * rules as the protocol core's, and how they are kept in a key file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-profile"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sesame-profile-private.h"
#include "sesame-store-error.h"

#define MAX_NAME_CHARS 100

/* Stands in for the endpoints while only an issuer is checked: discovery finds them. */
#define PLACEHOLDER_ENDPOINT "https://endpoint.invalid/"

struct _SesameProfile
{
  GObject           parent_instance;

  char             *id;
  char             *name;
  char             *preset;
  char             *issuer;
  char             *endpoints[SESAME_N_ENDPOINTS];
  char             *client_id;
  char             *scope;
  char             *redirect_uri;
  char             *ca_file;
  GStrv             params;
  SesameAuthMethod  auth_method;
  SesameBrowser     browser;
  SesameSignInMethod sign_in_method;
  gboolean          stay_signed_in;
};

G_DEFINE_FINAL_TYPE (SesameProfile, sesame_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Key file keys of the endpoints, in SesameEndpoint order. */
static const char *endpoint_keys[SESAME_N_ENDPOINTS] = {
  [SESAME_ENDPOINT_AUTHORIZATION] = "AuthorizationEndpoint",
  [SESAME_ENDPOINT_TOKEN] = "TokenEndpoint",
  [SESAME_ENDPOINT_REVOCATION] = "RevocationEndpoint",
  [SESAME_ENDPOINT_USERINFO] = "UserinfoEndpoint",
  [SESAME_ENDPOINT_JWKS] = "JwksUri",
  [SESAME_ENDPOINT_DEVICE_AUTHORIZATION] = "DeviceAuthorizationEndpoint",
};

static void
sesame_profile_finalize (GObject *object)
{
  SesameProfile *self = (SesameProfile *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->preset);
  g_free (self->issuer);
  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    g_free (self->endpoints[i]);
  g_free (self->client_id);
  g_free (self->scope);
  g_free (self->redirect_uri);
  g_free (self->ca_file);
  g_strfreev (self->params);

  G_OBJECT_CLASS (sesame_profile_parent_class)->finalize (object);
}

static void
sesame_profile_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SesameProfile *self = SESAME_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_profile_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SesameProfile *self = SESAME_PROFILE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      sesame_profile_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_profile_class_init (SesameProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sesame_profile_finalize;
  object_class->get_property = sesame_profile_get_property;
  object_class->set_property = sesame_profile_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sesame_profile_init (SesameProfile *self)
{
  self->name = g_strdup ("");
  self->params = g_new0 (char *, 1);
  self->browser = SESAME_BROWSER_SYSTEM;
  self->auth_method = SESAME_AUTH_METHOD_NONE;
}

/* Setters take a copy; "" means unset. */
static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

SesameProfile *
sesame_profile_new (const char *name)
{
  SesameProfile *self = g_object_new (SESAME_TYPE_PROFILE, NULL);

  self->id = g_uuid_string_random ();
  g_free (self->name);
  self->name = g_strdup (name != NULL ? name : "");
  return self;
}

/* A copy with the same id: edit the copy, then sesame_profile_store_update () it. */
SesameProfile *
sesame_profile_copy (SesameProfile *self)
{
  SesameProfile *copy;

  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  copy = g_object_new (SESAME_TYPE_PROFILE, NULL);
  copy->id = g_strdup (self->id);
  sesame_profile_set_name (copy, self->name);
  sesame_profile_set_preset (copy, self->preset);
  sesame_profile_set_issuer (copy, self->issuer);
  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    sesame_profile_set_endpoint (copy, i, self->endpoints[i]);
  sesame_profile_set_client_id (copy, self->client_id);
  sesame_profile_set_auth_method (copy, self->auth_method);
  sesame_profile_set_scope (copy, self->scope);
  sesame_profile_set_redirect_uri (copy, self->redirect_uri);
  sesame_profile_set_ca_file (copy, self->ca_file);
  sesame_profile_set_browser (copy, self->browser);
  sesame_profile_set_sign_in_method (copy, self->sign_in_method);
  sesame_profile_set_stay_signed_in (copy, self->stay_signed_in);
  sesame_profile_set_params (copy, (const char * const *) self->params);
  return copy;
}

const char *
sesame_profile_get_id (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  return self->id;
}

const char *
sesame_profile_get_name (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  return self->name;
}

void
sesame_profile_set_name (SesameProfile *self,
                         const char    *name)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));

  if (g_strcmp0 (self->name, name != NULL ? name : "") == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name != NULL ? name : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
sesame_profile_get_preset (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  return self->preset;
}

void
sesame_profile_set_preset (SesameProfile *self,
                           const char    *preset)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));

  set_string (&self->preset, preset);
}

const char *
sesame_profile_get_issuer (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  return self->issuer;
}

void
sesame_profile_set_issuer (SesameProfile *self,
                           const char    *issuer)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));

  set_string (&self->issuer, issuer);
}

const char *
sesame_profile_get_endpoint (SesameProfile  *self,
                             SesameEndpoint  endpoint)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);
  g_return_val_if_fail (endpoint < SESAME_N_ENDPOINTS, NULL);

  return self->endpoints[endpoint];
}

void
sesame_profile_set_endpoint (SesameProfile  *self,
                             SesameEndpoint  endpoint,
                             const char     *uri)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));
  g_return_if_fail (endpoint < SESAME_N_ENDPOINTS);

  set_string (&self->endpoints[endpoint], uri);
}

const char *
sesame_profile_get_client_id (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  return self->client_id;
}

void
sesame_profile_set_client_id (SesameProfile *self,
                              const char    *client_id)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));

  set_string (&self->client_id, client_id);
}

SesameAuthMethod
sesame_profile_get_auth_method (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), SESAME_AUTH_METHOD_NONE);

  return self->auth_method;
}

void
sesame_profile_set_auth_method (SesameProfile    *self,
                                SesameAuthMethod  method)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));
  g_return_if_fail (method <= SESAME_AUTH_METHOD_CLIENT_SECRET_POST);

  self->auth_method = method;
}

const char *
sesame_profile_get_scope (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  return self->scope;
}

void
sesame_profile_set_scope (SesameProfile *self,
                          const char    *scope)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));

  set_string (&self->scope, scope);
}

const char *
sesame_profile_get_redirect_uri (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  return self->redirect_uri;
}

void
sesame_profile_set_redirect_uri (SesameProfile *self,
                                 const char    *uri)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));

  set_string (&self->redirect_uri, uri);
}

const char *
sesame_profile_get_ca_file (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  return self->ca_file;
}

void
sesame_profile_set_ca_file (SesameProfile *self,
                            const char    *path)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));

  set_string (&self->ca_file, path);
}

SesameBrowser
sesame_profile_get_browser (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), SESAME_BROWSER_SYSTEM);

  return self->browser;
}

void
sesame_profile_set_browser (SesameProfile *self,
                            SesameBrowser  browser)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));
  g_return_if_fail (browser <= SESAME_BROWSER_NONE);

  self->browser = browser;
}

/* Whether the embedded sign-in keeps the provider's cookies (in a data directory of this
 * profile's own) rather than forgetting them when its dialog closes. Off by default.
 */
gboolean
sesame_profile_get_stay_signed_in (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), FALSE);

  return self->stay_signed_in;
}

void
sesame_profile_set_stay_signed_in (SesameProfile *self,
                                   gboolean       stay_signed_in)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));

  self->stay_signed_in = !!stay_signed_in;
}

const char * const *
sesame_profile_get_params (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  return (const char * const *) self->params;
}

void
sesame_profile_set_params (SesameProfile      *self,
                           const char * const *params)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));

  g_strfreev (self->params);
  self->params = params != NULL ? g_strdupv ((char **) params) : g_new0 (char *, 1);
}

/* Validation ------------------------------------------------------------------------ */

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, message);
  return FALSE;
}

/* The core's errors name the field already; a bad value is an invalid profile, an insecure
 * one stays SESAME_OAUTH_ERROR_INSECURE.
 */
static gboolean
from_core_error (GError **error,
                 GError  *core_error)
{
  if (g_error_matches (core_error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT))
    {
      invalid (error, core_error->message);
      g_error_free (core_error);
    }
  else
    g_propagate_error (error, core_error);
  return FALSE;
}

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return TRUE;
    }
  return FALSE;
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (*name == '\0')
    return invalid (error, _("The name is empty"));
  if (!g_utf8_validate (name, -1, NULL))
    return invalid (error, _("The name is not valid UTF-8"));
  if (has_control_chars (name))
    return invalid (error, _("The name must not contain control characters"));
  if (g_utf8_strlen (name, -1) > MAX_NAME_CHARS)
    {
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE,
                   _("The name is longer than %d characters"), MAX_NAME_CHARS);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_issuer_or_endpoints (SesameProfile  *self,
                           GError        **error)
{
  gboolean has_endpoints = self->endpoints[SESAME_ENDPOINT_AUTHORIZATION] != NULL ||
                           self->endpoints[SESAME_ENDPOINT_TOKEN] != NULL;

  if (self->issuer != NULL && has_endpoints)
    return invalid (error, _("Give either an issuer or the authorization and token endpoints, "
                             "not both"));
  if (self->issuer == NULL && !has_endpoints)
    return invalid (error, _("The issuer is missing; give an issuer, or both an authorization "
                             "and a token endpoint"));
  return TRUE;
}

/* The provider as the core sees it, which checks the URLs exactly as a sign-in would;
 * with an issuer, placeholders stand for the endpoints that discovery will find.
 */
static SesameProvider *
build_provider (SesameProfile  *self,
                GError        **error)
{
  g_autoptr(SesameProvider) provider = NULL;
  GError *core_error = NULL;

  if (!check_issuer_or_endpoints (self, error))
    return NULL;

  if (self->issuer != NULL)
    provider = sesame_provider_new (self->issuer, PLACEHOLDER_ENDPOINT, PLACEHOLDER_ENDPOINT,
                                    &core_error);
  else
    provider = sesame_provider_new (NULL, self->endpoints[SESAME_ENDPOINT_AUTHORIZATION],
                                    self->endpoints[SESAME_ENDPOINT_TOKEN], &core_error);
  if (provider == NULL)
    {
      from_core_error (error, core_error);
      return NULL;
    }

  for (SesameEndpoint e = SESAME_ENDPOINT_REVOCATION; e < SESAME_N_ENDPOINTS; e++)
    if (self->endpoints[e] != NULL &&
        !sesame_provider_set_endpoint (provider, e, self->endpoints[e], &core_error))
      {
        from_core_error (error, core_error);
        return NULL;
      }
  return g_steal_pointer (&provider);
}

gboolean
_sesame_profile_check_uri (SesameProfile  *self,
                           const char     *what,
                           const char     *uri,
                           GError        **error)
{
  g_autoptr(SesameProvider) provider = build_provider (self, error);

  return provider != NULL && sesame_provider_check_uri (provider, what, uri, error);
}

static gboolean
uri_host_is_loopback (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* What the loopback receiver accepts (RFC 8252 §7.3), without binding a port. */
static gboolean
check_redirect_uri (const char  *redirect_uri,
                    GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  if (redirect_uri == NULL)
    return TRUE;
  uri = g_uri_parse (redirect_uri, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      !uri_host_is_loopback (uri) || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    return invalid (error, _("The redirect URI must be http on 127.0.0.1, [::1] or localhost, "
                             "without query or fragment, such as "
                             "http://127.0.0.1:8080/callback"));
  return TRUE;
}

/* Scope tokens are printable ASCII but for '"' and '\\' (RFC 6749 §3.3). */
static gboolean
check_scope (const char  *scope,
             GError     **error)
{
  if (scope == NULL)
    return TRUE;
  for (const char *p = scope; *p != '\0'; p++)
    if (*p != ' ' && (*p < 0x21 || *p > 0x7e || *p == '"' || *p == '\\'))
      return invalid (error, _("The scope may hold only printable ASCII characters other than "
                               "\" and \\, scopes separated by spaces"));
  return TRUE;
}

/* Each "name=value", and not one the authorization request sets itself. */
static gboolean
check_params (SesameProfile  *self,
              GError        **error)
{
  g_autoptr(SesameClient) client = sesame_client_new ("check");
  GError *core_error = NULL;

  for (guint i = 0; self->params[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (self->params[i], "=", 2);

      if (pair[0] == NULL || pair[1] == NULL || *pair[0] == '\0')
        {
          g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE,
                       _("The parameter “%s” is not of the form name=value"), self->params[i]);
          return FALSE;
        }
      if (!sesame_client_add_param (client, pair[0], pair[1], &core_error))
        return from_core_error (error, core_error);
    }
  return TRUE;
}

gboolean
_sesame_profile_validate_provider (SesameProfile  *self,
                                   GError        **error)
{
  g_autoptr(SesameProvider) provider = NULL;

  g_return_val_if_fail (SESAME_IS_PROFILE (self), FALSE);

  return (provider = build_provider (self, error)) != NULL &&
         check_scope (self->scope, error) &&
         check_redirect_uri (self->redirect_uri, error) &&
         check_params (self, error);
}

static gboolean
check_client (SesameProfile  *self,
              GError        **error)
{
  if (self->client_id == NULL)
    return invalid (error, _("The client id is missing"));
  if (!g_utf8_validate (self->client_id, -1, NULL) || has_control_chars (self->client_id))
    return invalid (error, _("The client id must not contain control characters"));
  if (self->ca_file != NULL && !g_path_is_absolute (self->ca_file))
    return invalid (error, _("The CA file must be given as an absolute path"));
  return TRUE;
}

/**
 * sesame_profile_validate:
 *
 * Checks the settings only: whether a client secret is needed and stored is for the
 * sign-in to tell, and the CA file may come and go.
 */
gboolean
sesame_profile_validate (SesameProfile  *self,
                         GError        **error)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), FALSE);

  return check_name (self->name, error) &&
         _sesame_profile_validate_provider (self, error) &&
         check_client (self, error);
}

/* The core objects ------------------------------------------------------------------ */

SesameClient *
sesame_profile_create_client (SesameProfile  *self,
                              const char     *client_secret,
                              GError        **error)
{
  g_autoptr(SesameClient) client = NULL;

  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  if (!sesame_profile_validate (self, error))
    return NULL;

  client = sesame_client_new (self->client_id);
  sesame_client_set_secret (client, client_secret);
  sesame_client_set_auth_method (client, self->auth_method);
  sesame_client_set_scope (client, self->scope);
  for (guint i = 0; self->params[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (self->params[i], "=", 2);

      if (!sesame_client_add_param (client, pair[0], pair[1], error))
        return NULL;
    }
  if (!sesame_client_check (client, error))
    return NULL;
  return g_steal_pointer (&client);
}

SesameProvider *
sesame_profile_create_provider (SesameProfile  *self,
                                GError        **error)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), NULL);

  if (!_sesame_profile_validate_provider (self, error) || self->issuer != NULL)
    return NULL;
  return build_provider (self, error);
}

/* Browser --------------------------------------------------------------------------- */

static const char *browser_names[] = {
  [SESAME_BROWSER_SYSTEM] = "system",
  [SESAME_BROWSER_EMBEDDED] = "embedded",
  [SESAME_BROWSER_NONE] = "none",
};

gboolean
sesame_browser_from_string (const char    *text,
                            SesameBrowser *browser)
{
  for (guint i = 0; i < G_N_ELEMENTS (browser_names); i++)
    if (g_strcmp0 (text, browser_names[i]) == 0)
      {
        *browser = (SesameBrowser) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sesame_browser_to_string (SesameBrowser browser)
{
  g_return_val_if_fail (browser < G_N_ELEMENTS (browser_names), NULL);

  return browser_names[browser];
}

/* Sign-in method --------------------------------------------------------------------- */

static const char *sign_in_method_names[] = {
  [SESAME_SIGN_IN_BROWSER] = "browser",
  [SESAME_SIGN_IN_DEVICE] = "device",
};

SesameSignInMethod
sesame_profile_get_sign_in_method (SesameProfile *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (self), SESAME_SIGN_IN_BROWSER);

  return self->sign_in_method;
}

void
sesame_profile_set_sign_in_method (SesameProfile      *self,
                                   SesameSignInMethod  method)
{
  g_return_if_fail (SESAME_IS_PROFILE (self));
  g_return_if_fail (method < G_N_ELEMENTS (sign_in_method_names));

  self->sign_in_method = method;
}

gboolean
sesame_sign_in_method_from_string (const char         *text,
                                   SesameSignInMethod *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (sign_in_method_names); i++)
    if (g_strcmp0 (text, sign_in_method_names[i]) == 0)
      {
        *method = (SesameSignInMethod) i;
        return TRUE;
      }
  return FALSE;
}

const char *
sesame_sign_in_method_to_string (SesameSignInMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (sign_in_method_names), NULL);

  return sign_in_method_names[method];
}

/* Key file -------------------------------------------------------------------------- */

/* A missing key is NULL; anything else that goes wrong is an error. */
static gboolean
read_string (GKeyFile    *keyfile,
             const char  *group,
             const char  *key,
             char       **out,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  *out = g_key_file_get_string (keyfile, group, key, &local_error);
  if (*out != NULL ||
      g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    return TRUE;
  g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
               _("The key %s cannot be read: %s"), key, local_error->message);
  return FALSE;
}

static gboolean
read_strings (SesameProfile  *self,
              GKeyFile       *keyfile,
              const char     *group,
              GError        **error)
{
  struct { const char *key; char **field; } keys[] = {
    { "Name", &self->name }, { "Preset", &self->preset }, { "Issuer", &self->issuer },
    { "ClientId", &self->client_id }, { "Scope", &self->scope },
    { "RedirectUri", &self->redirect_uri }, { "CaFile", &self->ca_file },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = NULL;

      if (!read_string (keyfile, group, keys[i].key, &value, error))
        return FALSE;
      set_string (keys[i].field, value);
    }
  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    {
      g_autofree char *value = NULL;

      if (!read_string (keyfile, group, endpoint_keys[i], &value, error))
        return FALSE;
      set_string (&self->endpoints[i], value);
    }
  if (self->name == NULL)
    self->name = g_strdup ("");
  return TRUE;
}

static gboolean
read_enums (SesameProfile  *self,
            GKeyFile       *keyfile,
            const char     *group,
            GError        **error)
{
  g_autofree char *method = NULL;
  g_autofree char *browser = NULL;
  g_autofree char *sign_in_with = NULL;

  if (!read_string (keyfile, group, "AuthMethod", &method, error) ||
      !read_string (keyfile, group, "Browser", &browser, error) ||
      !read_string (keyfile, group, "SignInWith", &sign_in_with, error))
    return FALSE;
  if (sign_in_with != NULL &&
      !sesame_sign_in_method_from_string (sign_in_with, &self->sign_in_method))
    {
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                   _("SignInWith must be browser or device"));
      return FALSE;
    }
  if (method != NULL && !sesame_auth_method_from_string (method, &self->auth_method))
    {
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                   _("AuthMethod must be client_secret_basic, client_secret_post or none"));
      return FALSE;
    }
  if (browser != NULL && !sesame_browser_from_string (browser, &self->browser))
    {
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                   _("Browser must be system, embedded or none"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_booleans (SesameProfile  *self,
               GKeyFile       *keyfile,
               const char     *group,
               GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  self->stay_signed_in = g_key_file_get_boolean (keyfile, group, "StaySignedIn", &local_error);
  if (local_error != NULL &&
      !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND) &&
      !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND))
    {
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                   _("StaySignedIn must be true or false"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_params (SesameProfile  *self,
             GKeyFile       *keyfile,
             const char     *group,
             GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) params = g_key_file_get_string_list (keyfile, group, "Params", NULL,
                                                     &local_error);

  if (params == NULL &&
      !g_error_matches (local_error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND))
    {
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                   _("The key Params cannot be read: %s"), local_error->message);
      return FALSE;
    }
  sesame_profile_set_params (self, (const char * const *) params);
  return TRUE;
}

SesameProfile *
_sesame_profile_new_from_keyfile (GKeyFile    *keyfile,
                                  const char  *group,
                                  GError     **error)
{
  g_autoptr(SesameProfile) self = g_object_new (SESAME_TYPE_PROFILE, NULL);
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (keyfile != NULL, NULL);
  g_return_val_if_fail (group != NULL, NULL);

  self->id = g_strdup (group);
  if (!_sesame_profile_id_is_safe (group))
    {
      g_autofree char *shown = g_utf8_make_valid (group, -1);

      for (char *p = shown; *p != '\0'; p++)
        if (g_ascii_iscntrl (*p))
          *p = '?';
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                   _("The profile id “%s” is invalid: letters, digits, “-”, “_” and “.” only"),
                   shown);
      return NULL;
    }
  if (!read_strings (self, keyfile, group, &local_error) ||
      !read_enums (self, keyfile, group, &local_error) ||
      !read_booleans (self, keyfile, group, &local_error) ||
      !read_params (self, keyfile, group, &local_error) ||
      !sesame_profile_validate (self, &local_error))
    {
      gboolean clean = self->name != NULL && *self->name != '\0' &&
                       g_utf8_validate (self->name, -1, NULL) &&
                       !has_control_chars (self->name);
      g_autofree char *shown = g_utf8_make_valid (clean ? self->name : group, -1);
      /* GLib quotes a value that is not UTF-8 as it is. */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                   _("The profile “%s” is invalid: %s"), shown, reason);
      return NULL;
    }
  return g_steal_pointer (&self);
}

static void
write_string (GKeyFile   *keyfile,
              const char *group,
              const char *key,
              const char *value)
{
  if (value != NULL)
    g_key_file_set_string (keyfile, group, key, value);
  else
    g_key_file_remove_key (keyfile, group, key, NULL);
}

void
_sesame_profile_save_to_keyfile (SesameProfile *self,
                                 GKeyFile      *keyfile)
{
  const char *group;

  g_return_if_fail (SESAME_IS_PROFILE (self));
  g_return_if_fail (keyfile != NULL);

  group = self->id;
  write_string (keyfile, group, "Name", self->name);
  write_string (keyfile, group, "Preset", self->preset);
  write_string (keyfile, group, "Issuer", self->issuer);
  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    write_string (keyfile, group, endpoint_keys[i], self->endpoints[i]);
  write_string (keyfile, group, "ClientId", self->client_id);
  write_string (keyfile, group, "AuthMethod", sesame_auth_method_to_string (self->auth_method));
  write_string (keyfile, group, "Scope", self->scope);
  write_string (keyfile, group, "RedirectUri", self->redirect_uri);
  write_string (keyfile, group, "CaFile", self->ca_file);
  write_string (keyfile, group, "Browser", sesame_browser_to_string (self->browser));
  /* Absent means the browser, as in files written before the device grant. */
  write_string (keyfile, group, "SignInWith",
                self->sign_in_method == SESAME_SIGN_IN_BROWSER
                  ? NULL : sesame_sign_in_method_to_string (self->sign_in_method));
  if (self->stay_signed_in)
    g_key_file_set_boolean (keyfile, group, "StaySignedIn", TRUE);
  else
    g_key_file_remove_key (keyfile, group, "StaySignedIn", NULL);
  if (self->params[0] != NULL)
    g_key_file_set_string_list (keyfile, group, "Params", (const char * const *) self->params,
                                g_strv_length (self->params));
  else
    g_key_file_remove_key (keyfile, group, "Params", NULL);
}

gboolean
_sesame_profile_equal (SesameProfile *a,
                       SesameProfile *b)
{
  g_return_val_if_fail (SESAME_IS_PROFILE (a), FALSE);
  g_return_val_if_fail (SESAME_IS_PROFILE (b), FALSE);

  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    if (g_strcmp0 (a->endpoints[i], b->endpoints[i]) != 0)
      return FALSE;
  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->preset, b->preset) == 0 && g_strcmp0 (a->issuer, b->issuer) == 0 &&
         g_strcmp0 (a->client_id, b->client_id) == 0 && a->auth_method == b->auth_method &&
         g_strcmp0 (a->scope, b->scope) == 0 &&
         g_strcmp0 (a->redirect_uri, b->redirect_uri) == 0 &&
         g_strcmp0 (a->ca_file, b->ca_file) == 0 && a->browser == b->browser &&
         a->sign_in_method == b->sign_in_method && a->stay_signed_in == b->stay_signed_in &&
         g_strv_equal ((const char * const *) a->params, (const char * const *) b->params);
}

/* Merging ---------------------------------------------------------------------------- */

/* The settings that a merge takes as a whole: the provider is its issuer or its two
 * endpoints, which change together. */
typedef enum
{
  SETTING_NAME,
  SETTING_PRESET,
  SETTING_PROVIDER,
  SETTING_REVOCATION,
  SETTING_USERINFO,
  SETTING_JWKS,
  SETTING_DEVICE_AUTHORIZATION,
  SETTING_CLIENT_ID,
  SETTING_AUTH_METHOD,
  SETTING_SCOPE,
  SETTING_REDIRECT_URI,
  SETTING_CA_FILE,
  SETTING_PARAMS,
  SETTING_BROWSER,
  SETTING_STAY_SIGNED_IN,
  SETTING_SIGN_IN_METHOD,
  N_SETTINGS
} Setting;

static gboolean
setting_equal (SesameProfile *a,
               SesameProfile *b,
               Setting        setting)
{
  switch (setting)
    {
    case SETTING_NAME:
      return g_strcmp0 (a->name, b->name) == 0;
    case SETTING_PRESET:
      return g_strcmp0 (a->preset, b->preset) == 0;
    case SETTING_PROVIDER:
      return g_strcmp0 (a->issuer, b->issuer) == 0 &&
             g_strcmp0 (a->endpoints[SESAME_ENDPOINT_AUTHORIZATION],
                        b->endpoints[SESAME_ENDPOINT_AUTHORIZATION]) == 0 &&
             g_strcmp0 (a->endpoints[SESAME_ENDPOINT_TOKEN],
                        b->endpoints[SESAME_ENDPOINT_TOKEN]) == 0;
    case SETTING_REVOCATION:
      return g_strcmp0 (a->endpoints[SESAME_ENDPOINT_REVOCATION],
                        b->endpoints[SESAME_ENDPOINT_REVOCATION]) == 0;
    case SETTING_USERINFO:
      return g_strcmp0 (a->endpoints[SESAME_ENDPOINT_USERINFO],
                        b->endpoints[SESAME_ENDPOINT_USERINFO]) == 0;
    case SETTING_JWKS:
      return g_strcmp0 (a->endpoints[SESAME_ENDPOINT_JWKS],
                        b->endpoints[SESAME_ENDPOINT_JWKS]) == 0;
    case SETTING_DEVICE_AUTHORIZATION:
      return g_strcmp0 (a->endpoints[SESAME_ENDPOINT_DEVICE_AUTHORIZATION],
                        b->endpoints[SESAME_ENDPOINT_DEVICE_AUTHORIZATION]) == 0;
    case SETTING_CLIENT_ID:
      return g_strcmp0 (a->client_id, b->client_id) == 0;
    case SETTING_AUTH_METHOD:
      return a->auth_method == b->auth_method;
    case SETTING_SCOPE:
      return g_strcmp0 (a->scope, b->scope) == 0;
    case SETTING_REDIRECT_URI:
      return g_strcmp0 (a->redirect_uri, b->redirect_uri) == 0;
    case SETTING_CA_FILE:
      return g_strcmp0 (a->ca_file, b->ca_file) == 0;
    case SETTING_PARAMS:
      return g_strv_equal ((const char * const *) a->params, (const char * const *) b->params);
    case SETTING_BROWSER:
      return a->browser == b->browser;
    case SETTING_STAY_SIGNED_IN:
      return a->stay_signed_in == b->stay_signed_in;
    case SETTING_SIGN_IN_METHOD:
      return a->sign_in_method == b->sign_in_method;
    case N_SETTINGS:
    default:
      g_assert_not_reached ();
    }
}

static void
setting_copy (SesameProfile *to,
              SesameProfile *from,
              Setting        setting)
{
  switch (setting)
    {
    case SETTING_NAME:
      sesame_profile_set_name (to, from->name);
      break;
    case SETTING_PRESET:
      sesame_profile_set_preset (to, from->preset);
      break;
    case SETTING_PROVIDER:
      sesame_profile_set_issuer (to, from->issuer);
      sesame_profile_set_endpoint (to, SESAME_ENDPOINT_AUTHORIZATION,
                                   from->endpoints[SESAME_ENDPOINT_AUTHORIZATION]);
      sesame_profile_set_endpoint (to, SESAME_ENDPOINT_TOKEN,
                                   from->endpoints[SESAME_ENDPOINT_TOKEN]);
      break;
    case SETTING_REVOCATION:
      sesame_profile_set_endpoint (to, SESAME_ENDPOINT_REVOCATION,
                                   from->endpoints[SESAME_ENDPOINT_REVOCATION]);
      break;
    case SETTING_USERINFO:
      sesame_profile_set_endpoint (to, SESAME_ENDPOINT_USERINFO,
                                   from->endpoints[SESAME_ENDPOINT_USERINFO]);
      break;
    case SETTING_JWKS:
      sesame_profile_set_endpoint (to, SESAME_ENDPOINT_JWKS, from->endpoints[SESAME_ENDPOINT_JWKS]);
      break;
    case SETTING_DEVICE_AUTHORIZATION:
      sesame_profile_set_endpoint (to, SESAME_ENDPOINT_DEVICE_AUTHORIZATION,
                                   from->endpoints[SESAME_ENDPOINT_DEVICE_AUTHORIZATION]);
      break;
    case SETTING_CLIENT_ID:
      sesame_profile_set_client_id (to, from->client_id);
      break;
    case SETTING_AUTH_METHOD:
      sesame_profile_set_auth_method (to, from->auth_method);
      break;
    case SETTING_SCOPE:
      sesame_profile_set_scope (to, from->scope);
      break;
    case SETTING_REDIRECT_URI:
      sesame_profile_set_redirect_uri (to, from->redirect_uri);
      break;
    case SETTING_CA_FILE:
      sesame_profile_set_ca_file (to, from->ca_file);
      break;
    case SETTING_PARAMS:
      sesame_profile_set_params (to, (const char * const *) from->params);
      break;
    case SETTING_BROWSER:
      sesame_profile_set_browser (to, from->browser);
      break;
    case SETTING_STAY_SIGNED_IN:
      sesame_profile_set_stay_signed_in (to, from->stay_signed_in);
      break;
    case SETTING_SIGN_IN_METHOD:
      sesame_profile_set_sign_in_method (to, from->sign_in_method);
      break;
    case N_SETTINGS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
setting_title (Setting setting)
{
  switch (setting)
    {
    case SETTING_NAME:
      return _("the name");
    case SETTING_PRESET:
      return _("the preset");
    case SETTING_PROVIDER:
      return _("the provider");
    case SETTING_REVOCATION:
      return _("the revocation endpoint");
    case SETTING_USERINFO:
      return _("the userinfo endpoint");
    case SETTING_JWKS:
      return _("the JWKS URI");
    case SETTING_DEVICE_AUTHORIZATION:
      return _("the device authorization endpoint");
    case SETTING_CLIENT_ID:
      return _("the client ID");
    case SETTING_AUTH_METHOD:
      return _("the client authentication");
    case SETTING_SCOPE:
      return _("the scopes");
    case SETTING_REDIRECT_URI:
      return _("the redirect URI");
    case SETTING_CA_FILE:
      return _("the certificate authorities");
    case SETTING_PARAMS:
      return _("the extra parameters");
    case SETTING_BROWSER:
      return _("the browser");
    case SETTING_STAY_SIGNED_IN:
      return _("staying signed in");
    case SETTING_SIGN_IN_METHOD:
      return _("the way to sign in");
    case N_SETTINGS:
    default:
      g_assert_not_reached ();
    }
}

/**
 * _sesame_profile_merge:
 * @base: the profile as the editor read it
 * @edited: the editor's version of it
 * @current: the profile as it is stored now
 *
 * @current with the settings that @edited changed from @base: a change made meanwhile by
 * someone else (the command line, another window) to another setting is kept. When both
 * changed the same setting to different values, fails with SESAME_STORE_ERROR_CONFLICT.
 *
 * Returns: (transfer full): the merged profile, with @current's id
 */
SesameProfile *
_sesame_profile_merge (SesameProfile  *base,
                       SesameProfile  *edited,
                       SesameProfile  *current,
                       GError        **error)
{
  g_autoptr(SesameProfile) merged = NULL;

  g_return_val_if_fail (SESAME_IS_PROFILE (base), NULL);
  g_return_val_if_fail (SESAME_IS_PROFILE (edited), NULL);
  g_return_val_if_fail (SESAME_IS_PROFILE (current), NULL);

  merged = sesame_profile_copy (current);
  for (Setting setting = 0; setting < N_SETTINGS; setting++)
    {
      if (setting_equal (edited, base, setting))
        continue;
      if (!setting_equal (current, base, setting) && !setting_equal (current, edited, setting))
        {
          g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CONFLICT,
                       _("The profile “%s” was changed elsewhere meanwhile, %s too: "
                         "look at its settings again"),
                       current->name, setting_title (setting));
          return NULL;
        }
      setting_copy (merged, edited, setting);
    }
  return g_steal_pointer (&merged);
}

/**
 * _sesame_profile_id_is_safe:
 *
 * Whether @id may name files (the refresh lock, the embedded sign-in's data): 1 to 64
 * letters, digits, "-", "_" or ".", and not "." or "..". Sesame makes UUIDs.
 */
gboolean
_sesame_profile_id_is_safe (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len == 0 || len > 64 || g_str_equal (id, ".") || g_str_equal (id, ".."))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}
