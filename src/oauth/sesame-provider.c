/* sesame-provider.c
 *
 * Where a provider's endpoints are, from discovery (OpenID Connect Discovery 1.0 or
 * RFC 8414) or given one by one.
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

#define MAX_METADATA_BYTES (256 * 1024)

struct _SesameProvider
{
  GObject  parent_instance;

  char    *issuer;
  char    *endpoints[SESAME_N_ENDPOINTS];
  GStrv    auth_methods;
  GStrv    id_token_algs;
  guint    is_openid : 1;
  guint    requires_iss : 1;
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
};

static const char *endpoint_members[SESAME_N_ENDPOINTS] = {
  [SESAME_ENDPOINT_AUTHORIZATION] = "authorization_endpoint",
  [SESAME_ENDPOINT_TOKEN] = "token_endpoint",
  [SESAME_ENDPOINT_REVOCATION] = "revocation_endpoint",
  [SESAME_ENDPOINT_USERINFO] = "userinfo_endpoint",
  [SESAME_ENDPOINT_JWKS] = "jwks_uri",
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
static gboolean
check_issuer (const char  *issuer,
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

  if (issuer != NULL && !check_issuer (issuer, error))
    return NULL;
  self->issuer = g_strdup (issuer);

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

gboolean
sesame_provider_set_endpoint (SesameProvider  *self,
                              SesameEndpoint   endpoint,
                              const char      *uri,
                              GError         **error)
{
  g_autoptr(GUri) parsed = NULL;

  g_return_val_if_fail (SESAME_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (endpoint < SESAME_N_ENDPOINTS, FALSE);

  parsed = _sesame_parse_endpoint (_(endpoint_names[endpoint]), uri, error);
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

/* Discovery ------------------------------------------------------------------------- */

typedef struct
{
  SoupSession *session;
  char        *issuer;
  GStrv        urls;
  guint        next;
} Discovery;

static void
discovery_free (Discovery *discovery)
{
  g_clear_object (&discovery->session);
  g_free (discovery->issuer);
  g_strfreev (discovery->urls);
  g_free (discovery);
}

/* OpenID Connect Discovery appends the well-known path to the issuer's path;
 * RFC 8414 §3.1 inserts it between the host and the path.
 */
static GStrv
metadata_urls (const char *issuer)
{
  g_autoptr(GUri) uri = g_uri_parse (issuer, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *path = g_strdup (g_uri_get_path (uri));
  g_autofree char *oidc_path = NULL;
  g_autofree char *oauth_path = NULL;
  g_autoptr(GUri) oidc = NULL;
  g_autoptr(GUri) oauth = NULL;
  char **urls = g_new0 (char *, 3);

  while (*path != '\0' && path[strlen (path) - 1] == '/')
    path[strlen (path) - 1] = '\0';

  oidc_path = g_strconcat (path, "/.well-known/openid-configuration", NULL);
  oauth_path = g_strconcat ("/.well-known/oauth-authorization-server", path, NULL);
  oidc = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                      g_uri_get_port (uri), oidc_path, NULL, NULL);
  oauth = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), oauth_path, NULL, NULL);
  urls[0] = g_uri_to_string (oidc);
  urls[1] = g_uri_to_string (oauth);
  return urls;
}

static void fetch_next (GTask *task);

static void
on_metadata (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = SOUP_MESSAGE (object);
  Discovery *discovery = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status;

  body = _sesame_http_send_finish (message, result, &error);
  if (body == NULL)
    {
      g_prefix_error (&error, _("Could not fetch the provider’s metadata: "));
      g_task_return_error (task, error);
      return;
    }

  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_OK)
    {
      SesameProvider *provider = sesame_provider_new_from_metadata (discovery->issuer, body, &error);

      if (provider == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, provider, g_object_unref);
      return;
    }

  if (discovery->urls[discovery->next] != NULL)
    {
      fetch_next (g_steal_pointer (&task));
      return;
    }

  g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_DISCOVERY,
                           _("Could not find the provider’s metadata for %s (HTTP %u %s)"),
                           discovery->issuer, status, soup_status_get_phrase (status) ?: "");
}

static void
fetch_next (GTask *task)
{
  Discovery *discovery = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;

  message = soup_message_new (SOUP_METHOD_GET, discovery->urls[discovery->next++]);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");
  _sesame_http_send_async (discovery->session, message, MAX_METADATA_BYTES,
                           g_task_get_cancellable (task), on_metadata, task);
}

/**
 * sesame_provider_discover_async:
 * @issuer: the issuer identifier, exactly as the provider names itself
 *
 * Fetches the provider's metadata, OpenID Connect's first, then RFC 8414's.
 */
void
sesame_provider_discover_async (const char          *issuer,
                                SoupSession         *session,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Discovery *discovery;

  g_return_if_fail (issuer != NULL);
  g_return_if_fail (SOUP_IS_SESSION (session));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_provider_discover_async);

  if (!check_issuer (issuer, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  discovery = g_new0 (Discovery, 1);
  discovery->session = g_object_ref (session);
  discovery->issuer = g_strdup (issuer);
  discovery->urls = metadata_urls (issuer);
  g_task_set_task_data (task, discovery, (GDestroyNotify) discovery_free);

  fetch_next (g_steal_pointer (&task));
}

SesameProvider *
sesame_provider_discover_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_provider_discover_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
