/* sesame-auth-request.c
 *
 * One authorization request (RFC 6749 §4.1.1 with PKCE, RFC 7636): its secrets, its URL,
 * and the check of the callback that answers it. Pure: no I/O.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-auth-request"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-auth-request.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"

/* 32 random bytes: 256 bits for state, nonce and the PKCE verifier (43 characters). */
#define SECRET_BYTES 32

struct _SesameAuthRequest
{
  GObject         parent_instance;

  /* Owned */
  SesameProvider *provider;
  SesameClient   *client;
  GUri           *redirect;
  char           *redirect_uri;
  char           *scope;
  char           *state;
  char           *nonce;
  char           *code_verifier;
  char           *uri;
  gboolean        consumed;
};

G_DEFINE_FINAL_TYPE (SesameAuthRequest, sesame_auth_request, G_TYPE_OBJECT)

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
sesame_auth_request_finalize (GObject *object)
{
  SesameAuthRequest *self = (SesameAuthRequest *) object;

  g_clear_object (&self->provider);
  g_clear_object (&self->client);
  g_clear_pointer (&self->redirect, g_uri_unref);
  g_free (self->redirect_uri);
  g_free (self->scope);
  g_free (self->uri);
  clear_secret (&self->state);
  clear_secret (&self->nonce);
  clear_secret (&self->code_verifier);

  G_OBJECT_CLASS (sesame_auth_request_parent_class)->finalize (object);
}

static void
sesame_auth_request_class_init (SesameAuthRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sesame_auth_request_finalize;
}

static void
sesame_auth_request_init (SesameAuthRequest *self)
{
}

static char *
code_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &len);
  return _sesame_base64url_encode (digest, len);
}

static gboolean
scope_has (const char *scope,
           const char *word)
{
  g_auto(GStrv) words = NULL;

  if (scope == NULL)
    return FALSE;
  words = g_strsplit (scope, " ", -1);
  return g_strv_contains ((const char * const *) words, word);
}

static void
append_param (GString    *query,
              const char *name,
              const char *value)
{
  g_autofree char *escaped_name = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *escaped_value = g_uri_escape_string (value, NULL, FALSE);

  if (query->len > 0)
    g_string_append_c (query, '&');
  g_string_append_printf (query, "%s=%s", escaped_name, escaped_value);
}

static char *
build_uri (SesameAuthRequest *self)
{
  const char *endpoint = sesame_provider_get_endpoint (self->provider,
                                                       SESAME_ENDPOINT_AUTHORIZATION);
  g_autoptr(GUri) base = g_uri_parse (endpoint, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GString) query = g_string_new (g_uri_get_query (base));
  g_autofree char *challenge = code_challenge (self->code_verifier);
  const char * const *extra = sesame_client_get_params (self->client);
  g_autoptr(GUri) uri = NULL;

  append_param (query, "response_type", "code");
  append_param (query, "client_id", sesame_client_get_id (self->client));
  append_param (query, "redirect_uri", self->redirect_uri);
  if (self->scope != NULL)
    append_param (query, "scope", self->scope);
  append_param (query, "state", self->state);
  if (self->nonce != NULL)
    append_param (query, "nonce", self->nonce);
  append_param (query, "code_challenge", challenge);
  append_param (query, "code_challenge_method", "S256");
  for (guint i = 0; extra[i] != NULL; i += 2)
    append_param (query, extra[i], extra[i + 1]);

  uri = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (base), NULL, g_uri_get_host (base),
                     g_uri_get_port (base), g_uri_get_path (base), query->str, NULL);
  return g_uri_to_string (uri);
}

/* A query on the authorization endpoint is kept (RFC 6749 §3.1), but it must not carry
 * what the request sets itself: the provider would see two of them.
 */
static gboolean
check_endpoint_query (SesameProvider  *provider,
                      GError         **error)
{
  const char *endpoint = sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_AUTHORIZATION);
  g_autoptr(GUri) uri = g_uri_parse (endpoint, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr(GHashTable) params = NULL;
  GHashTableIter iter;
  gpointer name;

  params = _sesame_parse_params (g_uri_get_query (uri), error);
  if (params == NULL)
    return FALSE;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (_sesame_param_is_reserved (name))
      {
        g_autofree char *shown = _sesame_sanitize_text (name, 40);

        g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE,
                     _("The authorization endpoint’s address already sets “%s”, which only "
                       "Sesame may set"), shown);
        return FALSE;
      }
  return TRUE;
}

static GUri *
parse_redirect_uri (const char  *redirect_uri,
                    GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (redirect_uri,
                                     G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);

  if (uri == NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("The redirect URI “%s” is not an absolute URL without fragment"),
                   redirect_uri);
      return NULL;
    }
  return g_steal_pointer (&uri);
}

/**
 * sesame_auth_request_new:
 * @redirect_uri: the redirect URI, exactly as it will be sent
 *
 * Creates fresh state, nonce (when the scope has `openid`) and PKCE verifier from the
 * kernel's random source, and the authorization URL.
 */
SesameAuthRequest *
sesame_auth_request_new (SesameProvider  *provider,
                         SesameClient    *client,
                         const char      *redirect_uri,
                         GError         **error)
{
  g_autoptr(SesameAuthRequest) self = NULL;
  const char *scope;

  g_return_val_if_fail (SESAME_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (SESAME_IS_CLIENT (client), NULL);
  g_return_val_if_fail (redirect_uri != NULL, NULL);

  self = g_object_new (SESAME_TYPE_AUTH_REQUEST, NULL);
  self->provider = g_object_ref (provider);
  self->client = g_object_ref (client);
  self->redirect_uri = g_strdup (redirect_uri);
  self->redirect = parse_redirect_uri (redirect_uri, error);
  if (self->redirect == NULL)
    return NULL;

  if (!check_endpoint_query (provider, error))
    return NULL;

  scope = sesame_client_get_scope (client);
  if (scope == NULL && sesame_provider_get_is_openid (provider))
    scope = "openid";
  self->scope = g_strdup (scope);

  if (!(self->state = _sesame_random_token (SECRET_BYTES, error)) ||
      !(self->code_verifier = _sesame_random_token (SECRET_BYTES, error)))
    return NULL;
  if (scope_has (self->scope, "openid") && !(self->nonce = _sesame_random_token (SECRET_BYTES, error)))
    return NULL;

  self->uri = build_uri (self);
  return g_steal_pointer (&self);
}

SesameProvider *
sesame_auth_request_get_provider (SesameAuthRequest *self)
{
  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), NULL);

  return self->provider;
}

SesameClient *
sesame_auth_request_get_client (SesameAuthRequest *self)
{
  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), NULL);

  return self->client;
}

const char *
sesame_auth_request_get_uri (SesameAuthRequest *self)
{
  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), NULL);

  return self->uri;
}

const char *
sesame_auth_request_get_redirect_uri (SesameAuthRequest *self)
{
  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), NULL);

  return self->redirect_uri;
}

const char *
sesame_auth_request_get_state (SesameAuthRequest *self)
{
  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), NULL);

  return self->state;
}

const char *
sesame_auth_request_get_nonce (SesameAuthRequest *self)
{
  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), NULL);

  return self->nonce;
}

const char *
sesame_auth_request_get_code_verifier (SesameAuthRequest *self)
{
  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), NULL);

  return self->code_verifier;
}

const char *
sesame_auth_request_get_scope (SesameAuthRequest *self)
{
  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), NULL);

  return self->scope;
}

/* TRUE once a callback carrying this request's state has been taken. */
gboolean
sesame_auth_request_get_consumed (SesameAuthRequest *self)
{
  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), FALSE);

  return self->consumed;
}

static gboolean
check_state (SesameAuthRequest  *self,
             const char         *state,
             GError            **error)
{
  if (state == NULL)
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH,
                 _("The answer to the sign-in has no state; it was not accepted"));
  else if (!_sesame_str_equal_const (state, self->state))
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH,
                 _("The answer to the sign-in belongs to another request (its state differs); "
                   "it was not accepted"));
  else if (self->consumed)
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH,
                 _("The answer to this sign-in was already used; a repeated one is not accepted"));
  else
    return TRUE;
  return FALSE;
}

/* RFC 9207: `iss`, when given or when the provider promised it, names our provider. */
static gboolean
check_iss (SesameAuthRequest  *self,
           const char         *iss,
           GError            **error)
{
  const char *issuer = sesame_provider_get_issuer (self->provider);

  if (iss == NULL && sesame_provider_get_requires_iss (self->provider))
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ISSUER_MISMATCH,
                   _("The answer to the sign-in does not say which provider sent it (no “iss”), "
                     "though the provider promises to"));
      return FALSE;
    }
  if (iss != NULL && issuer != NULL && strcmp (iss, issuer) != 0)
    {
      g_autofree char *shown = _sesame_sanitize_text (iss, 200);
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ISSUER_MISMATCH,
                   _("The answer to the sign-in comes from the issuer “%s”, not “%s”"),
                   shown, issuer);
      return FALSE;
    }
  return TRUE;
}

static void
set_provider_error (GHashTable  *params,
                    GError     **error)
{
  const char *code = g_hash_table_lookup (params, "error");
  const char *description = g_hash_table_lookup (params, "error_description");
  g_autofree char *shown_code = _sesame_sanitize_text (code, 60);
  g_autofree char *shown_description = NULL;
  g_autofree char *detail = NULL;

  if (description != NULL && *description != '\0')
    shown_description = _sesame_sanitize_text (description, SESAME_MAX_PROVIDER_TEXT);
  detail = shown_description != NULL ? g_strdup_printf ("%s: %s", shown_code, shown_description)
                                     : g_strdup (shown_code);

  if (g_strcmp0 (code, "access_denied") == 0)
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ACCESS_DENIED,
                 _("The sign-in was refused (%s)"), detail);
  else
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_AUTHORIZATION_FAILED,
                 _("The provider reported an error (%s)"), detail);
}

/**
 * sesame_auth_request_check_callback:
 * @params: the callback's query parameters
 *
 * Checks the answer of the authorization endpoint. A wrong or missing state leaves the
 * request waiting (%SESAME_OAUTH_ERROR_STATE_MISMATCH); anything else carrying the right
 * state, success or error, uses the request up.
 *
 * Returns: (transfer full): the authorization code
 */
char *
sesame_auth_request_check_callback (SesameAuthRequest  *self,
                                    GHashTable         *params,
                                    GError            **error)
{
  const char *code;

  g_return_val_if_fail (SESAME_IS_AUTH_REQUEST (self), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  if (!check_state (self, g_hash_table_lookup (params, "state"), error))
    return NULL;

  self->consumed = TRUE;

  if (!check_iss (self, g_hash_table_lookup (params, "iss"), error))
    return NULL;

  if (g_hash_table_contains (params, "error"))
    {
      set_provider_error (params, error);
      return NULL;
    }

  code = g_hash_table_lookup (params, "code");
  if (code == NULL || *code == '\0')
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The answer to the sign-in has neither a code nor an error"));
      return NULL;
    }

  return g_strdup (code);
}
