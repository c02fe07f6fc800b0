/* sesame-provider.c
 *
 * Where a provider's endpoints are, from its metadata or given one by one. Discovery
 * fetches the metadata (sesame-provider-discovery.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-json-private.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "sesame-provider.h"

struct _SesameProvider
{
  GObject  parent_instance;

  char    *issuer;
  char    *endpoints[SESAME_N_ENDPOINTS];
  GStrv    auth_methods;
  GStrv    id_token_algs;
  guint    is_openid : 1;
  guint    requires_iss : 1;
  guint    local : 1;        /* may use plain http on loopback: is_local () */
};

G_DEFINE_FINAL_TYPE (SesameProvider, sesame_provider, G_TYPE_OBJECT)

static const char *endpoint_names[SESAME_N_ENDPOINTS] = {
  /* Translators: these endpoint names are the subjects of sentences such as “The %s
   * is missing”; translate them so they can start a sentence there (in German with
   * their article). */
  [SESAME_ENDPOINT_AUTHORIZATION] = N_("authorization endpoint"),
  [SESAME_ENDPOINT_TOKEN] = N_("token endpoint"),
  [SESAME_ENDPOINT_REVOCATION] = N_("revocation endpoint"),
  [SESAME_ENDPOINT_USERINFO] = N_("userinfo endpoint"),
  [SESAME_ENDPOINT_JWKS] = N_("JWKS URI"),
  [SESAME_ENDPOINT_DEVICE_AUTHORIZATION] = N_("device authorization endpoint"),
};

static const char *endpoint_members[SESAME_N_ENDPOINTS] = {
  [SESAME_ENDPOINT_AUTHORIZATION] = "authorization_endpoint",
  [SESAME_ENDPOINT_TOKEN] = "token_endpoint",
  [SESAME_ENDPOINT_REVOCATION] = "revocation_endpoint",
  [SESAME_ENDPOINT_USERINFO] = "userinfo_endpoint",
  [SESAME_ENDPOINT_JWKS] = "jwks_uri",
  [SESAME_ENDPOINT_DEVICE_AUTHORIZATION] = "device_authorization_endpoint",
};

static void
sesame_provider_finalize (GObject *object)
{
  SesameProvider *self = (SesameProvider *) object;

  g_free (self->issuer);
  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    g_free (self->endpoints[i]);
  g_strfreev (self->auth_methods);
  g_strfreev (self->id_token_algs);

  G_OBJECT_CLASS (sesame_provider_parent_class)->finalize (object);
}

static void
sesame_provider_class_init (SesameProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sesame_provider_finalize;
}

static void
sesame_provider_init (SesameProvider *self)
{
}

/* The issuer is an https URL (or http on loopback) without query or fragment. */
gboolean
_sesame_provider_check_issuer (const char  *issuer,
                               GError     **error)
{
  /* Translators: the subject of sentences such as “The %s is missing”; translate it
   * so it can start a sentence there (in German with its article). */
  g_autoptr(GUri) uri = _sesame_parse_endpoint (_("issuer"), issuer, error);

  if (uri == NULL)
    return FALSE;
  if (g_uri_get_query (uri) != NULL)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("The issuer must not contain a query"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
uri_is_plain_http (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;

  if (uri == NULL)
    return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  return parsed != NULL && g_ascii_strcasecmp (g_uri_get_scheme (parsed), "http") == 0;
}

/* A provider on this computer for development may speak plain http on loopback; any
 * other must use https for every endpoint, or an https provider would send the code,
 * the client secret or a key fetch in the clear to whatever listens on a local port.
 * A local provider is one whose issuer is http (on loopback, as it was checked), or,
 * given by hand without an issuer, whose authorization and token endpoints both are.
 */
static gboolean
is_local (const char *issuer,
          const char *authorization_endpoint,
          const char *token_endpoint)
{
  if (issuer != NULL)
    return uri_is_plain_http (issuer);
  return uri_is_plain_http (authorization_endpoint) && uri_is_plain_http (token_endpoint);
}

/**
 * sesame_provider_new:
 * @issuer: (nullable): the issuer identifier, if the provider has one
 *
 * A provider whose endpoints are given by hand.
 */
SesameProvider *
sesame_provider_new (const char  *issuer,
                     const char  *authorization_endpoint,
                     const char  *token_endpoint,
                     GError     **error)
{
  g_autoptr(SesameProvider) self = g_object_new (SESAME_TYPE_PROVIDER, NULL);

  if (issuer != NULL && !_sesame_provider_check_issuer (issuer, error))
    return NULL;
  self->issuer = g_strdup (issuer);
  self->local = is_local (issuer, authorization_endpoint, token_endpoint);

  if (!sesame_provider_set_endpoint (self, SESAME_ENDPOINT_AUTHORIZATION,
                                     authorization_endpoint, error) ||
      !sesame_provider_set_endpoint (self, SESAME_ENDPOINT_TOKEN, token_endpoint, error))
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
load_endpoints (SesameProvider  *self,
                JsonObject      *metadata,
                GError         **error)
{
  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    {
      const char *value;

      if (!_sesame_json_get_string (metadata, endpoint_members[i], &value, error))
        return FALSE;
      if (value == NULL && (i == SESAME_ENDPOINT_AUTHORIZATION || i == SESAME_ENDPOINT_TOKEN))
        {
          /* Translators: %s is an endpoint name such as “token endpoint” */
          g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_DISCOVERY,
                       _("The provider’s metadata has no %s"), _(endpoint_names[i]));
          return FALSE;
        }
      if (value != NULL && !sesame_provider_set_endpoint (self, i, value, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_capabilities (SesameProvider  *self,
                   JsonObject      *metadata,
                   GError         **error)
{
  g_auto(GStrv) pkce_methods = NULL;
  gboolean requires_iss;

  if (!_sesame_json_get_strv (metadata, "code_challenge_methods_supported", &pkce_methods, error) ||
      !_sesame_json_get_strv (metadata, "token_endpoint_auth_methods_supported",
                              &self->auth_methods, error) ||
      !_sesame_json_get_strv (metadata, "id_token_signing_alg_values_supported",
                              &self->id_token_algs, error) ||
      !_sesame_json_get_bool (metadata, "authorization_response_iss_parameter_supported",
                              &requires_iss, error))
    return FALSE;

  if (pkce_methods != NULL && !g_strv_contains ((const char * const *) pkce_methods, "S256"))
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_DISCOVERY,
                   _("The provider does not support PKCE with S256, which Sesame requires"));
      return FALSE;
    }

  self->requires_iss = requires_iss;
  self->is_openid = json_object_has_member (metadata, "id_token_signing_alg_values_supported") ||
                    json_object_has_member (metadata, "subject_types_supported");
  return TRUE;
}

/**
 * sesame_provider_new_from_metadata:
 * @expected_issuer: the issuer the metadata was fetched for
 * @metadata: the metadata document
 *
 * Returns: (transfer full): the provider, or %NULL if the metadata is unusable
 */
SesameProvider *
sesame_provider_new_from_metadata (const char  *expected_issuer,
                                   GBytes      *metadata,
                                   GError     **error)
{
  g_autoptr(SesameProvider) self = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *issuer;

  g_return_val_if_fail (expected_issuer != NULL, NULL);
  g_return_val_if_fail (metadata != NULL, NULL);

  /* Translators: the subject of “The %s is not valid JSON”; translate it so it can
   * start a sentence there (in German with its article). */
  object = _sesame_json_parse_object (metadata, _("provider’s metadata"), error);
  if (object == NULL || !_sesame_json_get_string (object, "issuer", &issuer, error))
    return NULL;

  if (issuer == NULL || strcmp (issuer, expected_issuer) != 0)
    {
      g_autofree char *shown = _sesame_sanitize_text (issuer ? issuer : "(none)", 200);
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ISSUER_MISMATCH,
                   _("The provider’s metadata names the issuer “%s”, not “%s”"),
                   shown, expected_issuer);
      return NULL;
    }

  self = g_object_new (SESAME_TYPE_PROVIDER, NULL);
  self->issuer = g_strdup (issuer);
  self->local = is_local (issuer, NULL, NULL);
  if (!load_endpoints (self, object, error) || !load_capabilities (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sesame_provider_get_issuer (SesameProvider *self)
{
  g_return_val_if_fail (SESAME_IS_PROVIDER (self), NULL);

  return self->issuer;
}

const char *
sesame_provider_get_endpoint (SesameProvider *self,
                              SesameEndpoint  endpoint)
{
  g_return_val_if_fail (SESAME_IS_PROVIDER (self), NULL);
  g_return_val_if_fail (endpoint < SESAME_N_ENDPOINTS, NULL);

  return self->endpoints[endpoint];
}

static GUri *
parse_endpoint (SesameProvider  *self,
                const char      *what,
                const char      *uri,
                GError         **error)
{
  g_autoptr(GUri) parsed = _sesame_parse_endpoint (what, uri, error);

  if (parsed == NULL || self->local ||
      g_ascii_strcasecmp (g_uri_get_scheme (parsed), "http") != 0)
    return g_steal_pointer (&parsed);

  if (self->issuer != NULL)
    /* Translators: %s is a subject such as “token endpoint”, translated so it can start a sentence */
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE,
                 _("The %s uses plain http, but the issuer uses https; only a provider whose "
                   "issuer is itself on this computer’s loopback address may use plain http"),
                 what);
  else
    /* Translators: %s is a subject such as “token endpoint”, translated so it can start a sentence */
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE,
                 _("The %s uses plain http; without an issuer, that is allowed only when the "
                   "authorization and token endpoints are both plain http on this computer’s "
                   "loopback address"), what);
  return NULL;
}

/**
 * sesame_provider_check_uri:
 * @what: what @uri is, translated so it can start a sentence (“profile picture”)
 *
 * Whether @uri may be fetched for this provider (a userinfo `picture`, say): an
 * https URL, or plain http on loopback when the provider itself is on this computer.
 */
gboolean
sesame_provider_check_uri (SesameProvider  *self,
                           const char      *what,
                           const char      *uri,
                           GError         **error)
{
  g_autoptr(GUri) parsed = NULL;

  g_return_val_if_fail (SESAME_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  parsed = parse_endpoint (self, what, uri, error);
  return parsed != NULL;
}

gboolean
sesame_provider_set_endpoint (SesameProvider  *self,
                              SesameEndpoint   endpoint,
                              const char      *uri,
                              GError         **error)
{
  g_autoptr(GUri) parsed = NULL;

  g_return_val_if_fail (SESAME_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (endpoint < SESAME_N_ENDPOINTS, FALSE);

  parsed = parse_endpoint (self, _(endpoint_names[endpoint]), uri, error);
  if (parsed == NULL)
    return FALSE;

  g_free (self->endpoints[endpoint]);
  self->endpoints[endpoint] = g_uri_to_string (parsed);
  return TRUE;
}

gboolean
sesame_provider_get_is_openid (SesameProvider *self)
{
  g_return_val_if_fail (SESAME_IS_PROVIDER (self), FALSE);

  return self->is_openid;
}

/* Whether callbacks must carry `iss` (RFC 9207 §2.4). */
gboolean
sesame_provider_get_requires_iss (SesameProvider *self)
{
  g_return_val_if_fail (SESAME_IS_PROVIDER (self), FALSE);

  return self->requires_iss;
}

void
sesame_provider_set_requires_iss (SesameProvider *self,
                                  gboolean        requires_iss)
{
  g_return_if_fail (SESAME_IS_PROVIDER (self));

  self->requires_iss = !!requires_iss;
}

/**
 * sesame_provider_get_id_token_algs:
 *
 * Returns: (nullable) (transfer none): the provider's `id_token_signing_alg_values_supported`,
 *   or %NULL when its metadata does not say (OpenID Connect Discovery: RS256 then)
 */
const char * const *
sesame_provider_get_id_token_algs (SesameProvider *self)
{
  g_return_val_if_fail (SESAME_IS_PROVIDER (self), NULL);

  return (const char * const *) self->id_token_algs;
}

/* TRUE when the provider lists @method, or lists nothing (RFC 8414 §2 default). */
gboolean
sesame_provider_supports_auth_method (SesameProvider *self,
                                      const char     *method)
{
  g_return_val_if_fail (SESAME_IS_PROVIDER (self), FALSE);

  if (self->auth_methods == NULL)
    return TRUE;
  return g_strv_contains ((const char * const *) self->auth_methods, method);
}
