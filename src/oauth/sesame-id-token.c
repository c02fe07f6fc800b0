/* sesame-id-token.c
 *
 * ID token validation as a relying party (OpenID Connect Core 1.0 §3.1.3.7, §12.2;
 * RFC 8725): a compact JWS, parsed with size limits, whose algorithm Sesame chooses from
 * the provider's metadata (never from the token alone: no "none", no HMAC, since a
 * public client holds no shared secret), whose signature the provider's JWKS verifies,
 * and whose claims name this provider, this client and this sign-in.
 *
 * No message here ever includes the token or the nonce.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-id-token"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-id-token.h"
#include "sesame-json-private.h"
#include "sesame-jwt-private.h"
#include "sesame-jwt.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"

#define MAX_HEADER_CHARS    4096
#define MAX_SIGNATURE_CHARS 4096

struct _SesameIdToken
{
  char       *signing_input;    /* header.payload, as received */
  guint8     *signature;
  gsize       signature_len;
  JsonObject *header;
  JsonObject *claims;
  const char *alg;              /* borrowed from header */
  const char *kid;              /* borrowed from header, nullable */
};

void
sesame_id_token_free (SesameIdToken *self)
{
  if (self == NULL)
    return;
  g_free (self->signing_input);
  g_free (self->signature);
  g_clear_pointer (&self->header, json_object_unref);
  g_clear_pointer (&self->claims, json_object_unref);
  g_free (self);
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error_literal (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_INVALID, message);
  return FALSE;
}

static gboolean
parse_header (SesameIdToken  *self,
              GError        **error)
{
  if (!_sesame_json_get_string (self->header, "alg", &self->alg, NULL) || self->alg == NULL)
    return invalid (error, _("The ID token’s header names no algorithm (alg)"));
  if (!_sesame_json_get_string (self->header, "kid", &self->kid, NULL))
    return invalid (error, _("The ID token’s key id (kid) is not a string"));
  /* RFC 7515 §4.1.11: extensions we do not understand must not be ignored. */
  if (json_object_has_member (self->header, "crit"))
    return invalid (error, _("The ID token’s header has critical extensions (crit), which "
                             "Sesame does not understand"));
  return TRUE;
}

/**
 * sesame_id_token_parse:
 * @compact: the ID token as the token endpoint sent it
 *
 * Splits and decodes a compact JWS (RFC 7515 §7.1). Nothing is verified yet.
 *
 * Returns: (transfer full): the token, or %NULL with
 *   %SESAME_OAUTH_ERROR_ID_TOKEN_INVALID
 */
SesameIdToken *
sesame_id_token_parse (const char  *compact,
                       GError     **error)
{
  g_autoptr(SesameIdToken) self = g_new0 (SesameIdToken, 1);
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (compact != NULL, NULL);

  if (strnlen (compact, SESAME_ID_TOKEN_MAX_CHARS + 1) > SESAME_ID_TOKEN_MAX_CHARS)
    {
      invalid (error, _("The ID token is too large"));
      return NULL;
    }
  parts = g_strsplit (compact, ".", 4);
  if (g_strv_length (parts) != 3)
    {
      invalid (error, _("The ID token is not a signed JWT in compact form"));
      return NULL;
    }

  self->header = _sesame_jwt_decode_part (parts[0], MAX_HEADER_CHARS, "ID token", NULL);
  self->claims = _sesame_jwt_decode_part (parts[1], SESAME_ID_TOKEN_MAX_CHARS, "ID token", NULL);
  self->signature = _sesame_base64url_decode (parts[2], MAX_SIGNATURE_CHARS,
                                              &self->signature_len);
  if (self->header == NULL || self->claims == NULL || self->signature == NULL)
    {
      invalid (error, _("The ID token is not properly encoded: each part must be base64url "
                        "without padding, header and claims JSON objects"));
      return NULL;
    }
  if (!parse_header (self, error))
    return NULL;

  self->signing_input = g_strconcat (parts[0], ".", parts[1], NULL);
  return g_steal_pointer (&self);
}

const char *
sesame_id_token_get_algorithm (SesameIdToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->alg;
}

/* Returns: (nullable): the key id of the header */
const char *
sesame_id_token_get_kid (SesameIdToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->kid;
}

/* Returns: (transfer none): the claims; trust them only after every check */
JsonObject *
sesame_id_token_get_claims (SesameIdToken *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->claims;
}

/**
 * sesame_id_token_check_algorithm:
 * @provider_algs: (nullable): the provider's `id_token_signing_alg_values_supported`;
 *   %NULL means RS256 alone, the default of OpenID Connect Discovery
 *
 * Accepts the header's algorithm only if the provider announces it and Sesame verifies
 * it. "none" and the HMAC algorithms are refused whatever the provider announces.
 */
gboolean
sesame_id_token_check_algorithm (SesameIdToken       *self,
                                 const char * const  *provider_algs,
                                 GError             **error)
{
  static const char * const default_algs[] = { "RS256", NULL };
  g_autofree char *shown = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  shown = _sesame_sanitize_text (self->alg, 20);
  if (g_ascii_strcasecmp (self->alg, "none") == 0)
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_ALGORITHM,
                 _("The ID token is not signed (alg “none”); Sesame never accepts an unsigned "
                   "ID token"));
  else if (g_ascii_strncasecmp (self->alg, "HS", 2) == 0)
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_ALGORITHM,
                 _("The ID token is signed with %s, a shared-secret (HMAC) algorithm; Sesame is "
                   "a public client and accepts only signatures made with the provider’s "
                   "published keys"), shown);
  else if (!sesame_jwks_algorithm_is_supported (self->alg))
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_ALGORITHM,
                 _("The ID token is signed with %s, which Sesame does not support"), shown);
  else if (!g_strv_contains (provider_algs ? provider_algs : default_algs, self->alg))
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_ALGORITHM,
                 _("The ID token is signed with %s, which the provider does not announce for "
                   "ID tokens"), shown);
  else
    return TRUE;
  return FALSE;
}

/* A NumericDate claim (RFC 7519 §2), whole seconds; FALSE if absent or not a number. */
static gboolean
get_time (JsonObject *claims,
          const char *name,
          gint64     *out)
{
  JsonNode *node = json_object_get_member (claims, name);
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return FALSE;
  value = json_node_get_double (node);
  if (!(value > -1e15 && value < 1e15))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

/* A string claim, or NULL when absent, not a string or empty. */
static const char *
get_string (JsonObject *claims,
            const char *name)
{
  const char *value = NULL;

  if (!_sesame_json_get_string (claims, name, &value, NULL) || value == NULL || *value == '\0')
    return NULL;
  return value;
}

static gboolean
check_times (JsonObject  *claims,
             gint64       now,
             GError     **error)
{
  gint64 exp = 0, iat = 0, nbf = 0;

  if (!get_time (claims, "exp", &exp))
    return invalid (error, _("The ID token has no expiry time (exp)"));
  if (exp <= now - SESAME_ID_TOKEN_CLOCK_SKEW)
    return invalid (error, _("The ID token has expired (exp is past)"));
  if (!get_time (claims, "iat", &iat))
    return invalid (error, _("The ID token has no issue time (iat)"));
  if (iat > now + SESAME_ID_TOKEN_CLOCK_SKEW)
    return invalid (error, _("The ID token was issued in the future (iat); check the "
                             "computer’s clock"));
  if (iat < now - SESAME_ID_TOKEN_MAX_AGE - SESAME_ID_TOKEN_CLOCK_SKEW)
    return invalid (error, _("The ID token was issued more than a day ago (iat)"));
  if (json_object_has_member (claims, "nbf") &&
      (!get_time (claims, "nbf", &nbf) || nbf > now + SESAME_ID_TOKEN_CLOCK_SKEW))
    return invalid (error, _("The ID token is not valid yet (nbf)"));
  return TRUE;
}

/* aud holds the client id, as a string or in an array of strings; other audiences only
 * with azp naming the client (§3.1.3.7 items 3 to 5); azp, if there, is the client.
 */
static gboolean
check_audience (JsonObject  *claims,
                const char  *client_id,
                GError     **error)
{
  JsonNode *aud = json_object_get_member (claims, "aud");
  const char *azp = NULL;
  g_auto(GStrv) audiences = NULL;

  if (aud != NULL && JSON_NODE_HOLDS_VALUE (aud) &&
      json_node_get_value_type (aud) == G_TYPE_STRING)
    audiences = g_strdupv ((char *[]) { (char *) json_node_get_string (aud), NULL });
  else if (aud == NULL || !JSON_NODE_HOLDS_ARRAY (aud) ||
           !_sesame_json_get_strv (claims, "aud", &audiences, NULL) || audiences == NULL)
    return invalid (error, _("The ID token has no audience (aud)"));

  if (!g_strv_contains ((const char * const *) audiences, client_id))
    return invalid (error, _("The ID token is meant for another client: its audience (aud) "
                             "does not include this client id"));
  if (!_sesame_json_get_string (claims, "azp", &azp, NULL))
    return invalid (error, _("The ID token’s authorized party (azp) is not a string"));
  if (g_strv_length (audiences) > 1 && azp == NULL)
    return invalid (error, _("The ID token has other audiences (aud) besides this client and "
                             "no authorized party (azp)"));
  if (azp != NULL && strcmp (azp, client_id) != 0)
    return invalid (error, _("The ID token’s authorized party (azp) is another client"));
  return TRUE;
}

static gboolean
check_issuer (JsonObject  *claims,
              const char  *expected,
              GError     **error)
{
  const char *iss = get_string (claims, "iss");
  g_autofree char *shown = NULL;

  if (expected == NULL)
    return invalid (error, _("The ID token cannot be checked: the provider’s issuer is not "
                             "known (give an issuer URL, not the endpoints alone)"));
  if (iss == NULL)
    return invalid (error, _("The ID token names no issuer (iss)"));
  if (strcmp (iss, expected) == 0)
    return TRUE;

  shown = _sesame_sanitize_text (iss, 200);
  g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_INVALID,
               _("The ID token was issued by “%s”, not by the provider “%s” (iss)"), shown,
               expected);
  return FALSE;
}

/**
 * sesame_id_token_check_claims:
 *
 * The claim checks of OpenID Connect Core §3.1.3.7: iss exactly the provider's, aud and
 * azp, exp, iat and nbf within the clock skew (iat at most a day old), the nonce that was
 * sent, a subject. The signature is sesame_id_token_verify()'s business.
 */
gboolean
sesame_id_token_check_claims (SesameIdToken                *self,
                              const SesameIdTokenExpected  *expected,
                              GError                      **error)
{
  const char *nonce = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (expected != NULL && expected->client_id != NULL, FALSE);

  if (!check_issuer (self->claims, expected->issuer, error) ||
      !check_audience (self->claims, expected->client_id, error) ||
      !check_times (self->claims, expected->now, error))
    return FALSE;
  if (get_string (self->claims, "sub") == NULL)
    return invalid (error, _("The ID token names no subject (sub)"));

  if (expected->nonce == NULL)
    return TRUE;
  if (!_sesame_json_get_string (self->claims, "nonce", &nonce, NULL) || nonce == NULL)
    return invalid (error, _("The ID token carries no nonce, though the sign-in sent one"));
  if (!_sesame_str_equal_const (nonce, expected->nonce))
    return invalid (error, _("The ID token’s nonce is not the one this sign-in sent: it may "
                             "be replayed from another sign-in"));
  return TRUE;
}

/**
 * sesame_id_token_check_refresh:
 * @previous: (nullable): the claims of the ID token the refreshed tokens had
 *
 * OpenID Connect Core §12.2: a refreshed ID token keeps iss and sub (else
 * %SESAME_OAUTH_ERROR_ID_TOKEN_IDENTITY_CHANGED); a nonce may be absent, and if there,
 * is the original one.
 */
gboolean
sesame_id_token_check_refresh (SesameIdToken  *self,
                               JsonObject     *previous,
                               GError        **error)
{
  const char *nonce, *old_nonce;

  g_return_val_if_fail (self != NULL, FALSE);

  if (previous == NULL)
    return TRUE;
  if (g_strcmp0 (get_string (self->claims, "iss"), get_string (previous, "iss")) != 0 ||
      g_strcmp0 (get_string (self->claims, "sub"), get_string (previous, "sub")) != 0)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_IDENTITY_CHANGED,
                   _("The refreshed ID token names another issuer or subject (iss, sub) than "
                     "the one signed in; the stored identity is kept"));
      return FALSE;
    }

  nonce = get_string (self->claims, "nonce");
  old_nonce = get_string (previous, "nonce");
  if (nonce != NULL && !_sesame_str_equal_const (nonce, old_nonce))
    return invalid (error, _("The refreshed ID token carries a nonce other than the sign-in’s"));
  return TRUE;
}

/**
 * sesame_id_token_verify:
 *
 * Verifies the signature with @jwks, choosing the key by the header's kid, or without
 * one trying each key that fits the algorithm. Call sesame_id_token_check_algorithm()
 * first.
 */
gboolean
sesame_id_token_verify (SesameIdToken  *self,
                        SesameJwks     *jwks,
                        GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (SESAME_IS_JWKS (jwks), FALSE);

  if (!sesame_jwks_algorithm_is_supported (self->alg))
    return invalid (error, _("The ID token’s algorithm was not checked"));
  return sesame_jwks_verify (jwks, self->alg, self->kid, (const guint8 *) self->signing_input,
                             strlen (self->signing_input), self->signature,
                             self->signature_len, error);
}

/**
 * sesame_id_token_decode_claims:
 *
 * The claims of @compact, decoded without any check: for showing an ID token that was
 * verified when it was received. The same decoding as every token shown
 * (sesame_jwt_decode()).
 *
 * Returns: (transfer full) (nullable): the claims, or %NULL if @compact cannot be read
 */
JsonObject *
sesame_id_token_decode_claims (const char *compact)
{
  g_autoptr(SesameJwt) jwt = NULL;
  JsonObject *claims;

  g_return_val_if_fail (compact != NULL, NULL);

  jwt = sesame_jwt_decode (compact, NULL);
  claims = jwt ? sesame_jwt_get_claims (jwt) : NULL;
  return claims ? json_object_ref (claims) : NULL;
}
