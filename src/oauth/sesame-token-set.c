/* sesame-token-set.c
 *
 * The tokens a token endpoint issued (RFC 6749 §5.1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-token-set"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <libsoup/soup.h>

#include "sesame-id-token.h"
#include "sesame-json-private.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "sesame-token-set.h"

/* Lifetimes beyond ten years are nonsense; they are treated as unknown. */
#define MAX_LIFETIME_SECONDS (10 * 365 * 24 * 3600LL)

struct _SesameTokenSet
{
  GObject  parent_instance;

  char    *access_token;
  char    *token_type;
  char    *refresh_token;
  char    *id_token;
  char    *scope;
  gint64      obtained_at;
  gint64      expires_at;
  JsonObject *userinfo;    /* the userinfo endpoint's claims, for display */
};

G_DEFINE_FINAL_TYPE (SesameTokenSet, sesame_token_set, G_TYPE_OBJECT)

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    explicit_bzero (*secret, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
sesame_token_set_finalize (GObject *object)
{
  SesameTokenSet *self = (SesameTokenSet *) object;

  clear_secret (&self->access_token);
  clear_secret (&self->refresh_token);
  clear_secret (&self->id_token);
  g_free (self->token_type);
  g_free (self->scope);
  g_clear_pointer (&self->userinfo, json_object_unref);

  G_OBJECT_CLASS (sesame_token_set_parent_class)->finalize (object);
}

static void
sesame_token_set_class_init (SesameTokenSetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sesame_token_set_finalize;
}

static void
sesame_token_set_init (SesameTokenSet *self)
{
}

/* Form-encoded answers (GitHub's, without Accept) become a JSON object of strings. */
static JsonObject *
object_from_form (GBytes  *body,
                  GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  g_autofree char *text = g_strndup (data, len);
  g_autoptr(GHashTable) params = NULL;
  JsonObject *object;
  GHashTableIter iter;
  gpointer key, value;

  if (len == 0 || strlen (text) != len || !g_utf8_validate (text, -1, NULL) ||
      !(params = _sesame_parse_params (text, NULL)))
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The token endpoint’s answer is not a valid form"));
      return NULL;
    }

  object = json_object_new ();
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_string_member (object, key, value);
  return object;
}

/* The token endpoint's answer as an object, whether JSON or form-encoded. */
JsonObject *
_sesame_token_response_parse (GBytes      *body,
                              const char  *content_type,
                              GError     **error)
{
  if (content_type != NULL &&
      g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") == 0)
    return object_from_form (body, error);

  /* Translators: the subject of “The %s is not valid JSON”; translate it so it can
   * start a sentence there (in German with its article). */
  return _sesame_json_parse_object (body, _("token endpoint’s answer"), error);
}

/* expires_in (or the non-standard `expires`) as a number or a string of digits. */
static gint64
parse_lifetime (JsonObject *object)
{
  const char *members[] = { "expires_in", "expires" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (object, members[i]);
      gint64 value = 0;

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        value = json_node_get_int (node);
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        value = (gint64) CLAMP (json_node_get_double (node), 0, MAX_LIFETIME_SECONDS + 1);
      else if (json_node_get_value_type (node) == G_TYPE_STRING &&
               !g_ascii_string_to_signed (json_node_get_string (node), 10, 0,
                                          MAX_LIFETIME_SECONDS, &value, NULL))
        continue;

      if (value > 0 && value <= MAX_LIFETIME_SECONDS)
        return value;
    }
  return 0;
}

/* RFC 6749 §5.1 requires token_type, and §7.1 forbids using a token whose type the
 * client does not understand: only Bearer (RFC 6750), in any case. */
static gboolean
check_token_type (const char  *token_type,
                  GError     **error)
{
  g_autofree char *shown = NULL;

  if (token_type == NULL || *token_type == '\0')
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The token endpoint’s answer names no token type (token_type)"));
      return FALSE;
    }
  if (g_ascii_strcasecmp (token_type, "bearer") == 0)
    return TRUE;

  shown = _sesame_sanitize_text (token_type, 40);
  g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
               _("The provider issued a token of type “%s”; Sesame only uses Bearer tokens"), shown);
  return FALSE;
}

/* The tokens' grammars. A token goes into an Authorization header, a shell line ("Copy
 * as curl") and a terminal: what breaks its grammar is refused, never repaired, and never
 * quoted in a message, since it may be a secret or hold control characters.
 */

/* RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
static gboolean
is_b64token (const char *token)
{
  gsize i = 0;

  while (g_ascii_isalnum (token[i]) || (token[i] != '\0' && strchr ("-._~+/", token[i])))
    i++;
  if (i == 0)
    return FALSE;
  while (token[i] == '=')
    i++;
  return token[i] == '\0';
}

/* RFC 6749 Appendix A: refresh-token = 1*VSCHAR, VSCHAR = %x20-7E. */
static gboolean
is_vschars (const char *token)
{
  if (*token == '\0')
    return FALSE;
  for (const guchar *p = (const guchar *) token; *p != '\0'; p++)
    if (*p < 0x20 || *p > 0x7e)
      return FALSE;
  return TRUE;
}

/* A compact JWS (RFC 7515 §7.1): three base64url parts without padding. Header and
 * payload are never empty; an empty signature (an unsecured JWT) is left to the ID token
 * check, which refuses it with its own message. */
static gboolean
is_compact_jws (const char *token)
{
  guint dots = 0;
  gsize part_len = 0;

  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p == '.' && (part_len == 0 || ++dots > 2))
        return FALSE;
      else if (*p == '.')
        part_len = 0;
      else if (g_ascii_isalnum (*p) || *p == '-' || *p == '_')
        part_len++;
      else
        return FALSE;
    }
  return dots == 2;
}

static gboolean
check_grammar (const char  *access_token,
               const char  *refresh_token,
               const char  *id_token,
               GError     **error)
{
  if (!is_b64token (access_token))
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                 _("The access token is not a valid Bearer token: it may hold only letters, "
                   "digits and “-._~+/”, then “=” (RFC 6750 §2.1)"));
  else if (refresh_token != NULL && *refresh_token != '\0' && !is_vschars (refresh_token))
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                 _("The refresh token holds characters other than printable ASCII "
                   "(RFC 6749, appendix A)"));
  else if (id_token != NULL && *id_token != '\0' && !is_compact_jws (id_token))
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_INVALID,
                 _("The ID token is not three base64url parts separated by dots (RFC 7515)"));
  else
    return TRUE;
  return FALSE;
}

static gboolean
load_strings (SesameTokenSet  *self,
              JsonObject      *object,
              GError         **error)
{
  const char *access_token, *token_type, *refresh_token, *id_token, *scope;

  if (!_sesame_json_get_string (object, "access_token", &access_token, error) ||
      !_sesame_json_get_string (object, "token_type", &token_type, error) ||
      !_sesame_json_get_string (object, "refresh_token", &refresh_token, error) ||
      !_sesame_json_get_string (object, "id_token", &id_token, error) ||
      !_sesame_json_get_string (object, "scope", &scope, error))
    return FALSE;

  if (access_token == NULL || *access_token == '\0')
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The token endpoint’s answer has no access token"));
      return FALSE;
    }
  if (!check_token_type (token_type, error) ||
      !check_grammar (access_token, refresh_token, id_token, error))
    return FALSE;

  self->access_token = g_strdup (access_token);
  self->token_type = g_strdup ("Bearer");
  self->refresh_token = (refresh_token && *refresh_token) ? g_strdup (refresh_token) : NULL;
  self->id_token = (id_token && *id_token) ? g_strdup (id_token) : NULL;
  self->scope = g_strdup (scope);
  return TRUE;
}

/* A token set from a token response already parsed into an object. */
SesameTokenSet *
_sesame_token_set_new_from_object (JsonObject  *object,
                                   const char  *requested_scope,
                                   GError     **error)
{
  g_autoptr(SesameTokenSet) self = g_object_new (SESAME_TYPE_TOKEN_SET, NULL);
  gint64 lifetime;

  if (!load_strings (self, object, error))
    return NULL;
  if (self->scope == NULL)
    self->scope = g_strdup (requested_scope);

  self->obtained_at = g_get_real_time () / G_USEC_PER_SEC;
  lifetime = parse_lifetime (object);
  self->expires_at = lifetime > 0 ? self->obtained_at + lifetime : 0;

  return g_steal_pointer (&self);
}

/**
 * sesame_token_set_new_from_response:
 * @body: the token endpoint's successful answer
 * @content_type: (nullable): its media type, without parameters
 * @requested_scope: (nullable): the scope asked for, which applies when none is returned
 *
 * Returns: (transfer full): the token set, or %NULL if @body is no usable token response
 */
SesameTokenSet *
sesame_token_set_new_from_response (GBytes      *body,
                                    const char  *content_type,
                                    const char  *requested_scope,
                                    GError     **error)
{
  g_autoptr(JsonObject) object = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  object = _sesame_token_response_parse (body, content_type, error);
  if (object == NULL)
    return NULL;

  return _sesame_token_set_new_from_object (object, requested_scope, error);
}

const char *
sesame_token_set_get_access_token (SesameTokenSet *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), NULL);

  return self->access_token;
}

const char *
sesame_token_set_get_token_type (SesameTokenSet *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), NULL);

  return self->token_type;
}

const char *
sesame_token_set_get_refresh_token (SesameTokenSet *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), NULL);

  return self->refresh_token;
}

void
sesame_token_set_set_refresh_token (SesameTokenSet *self,
                                    const char     *refresh_token)
{
  g_return_if_fail (SESAME_IS_TOKEN_SET (self));

  clear_secret (&self->refresh_token);
  self->refresh_token = g_strdup (refresh_token);
}

const char *
sesame_token_set_get_id_token (SesameTokenSet *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), NULL);

  return self->id_token;
}

const char *
sesame_token_set_get_scope (SesameTokenSet *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), NULL);

  return self->scope;
}

/* When the tokens were received, in seconds since the epoch. */
gint64
sesame_token_set_get_obtained_at (SesameTokenSet *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), 0);

  return self->obtained_at;
}

/* When the access token expires, in seconds since the epoch; 0 when unknown. */
gint64
sesame_token_set_get_expires_at (SesameTokenSet *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), 0);

  return self->expires_at;
}

/* Whether the access token stays valid for @min_valid seconds more; one without a known
 * expiry counts as valid. */
gboolean
sesame_token_set_is_fresh (SesameTokenSet *self,
                           guint           min_valid)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), FALSE);

  return self->expires_at == 0 ||
         self->expires_at - g_get_real_time () / G_USEC_PER_SEC >= (gint64) min_valid;
}

/**
 * sesame_token_set_to_json:
 *
 * The tokens as a JSON object for a user who asked for all of them.
 */
char *
sesame_token_set_to_json (SesameTokenSet *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *names[] = { "access_token", "token_type", "refresh_token", "id_token", "scope" };
  const char *values[G_N_ELEMENTS (names)];

  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), NULL);

  values[0] = self->access_token;
  values[1] = self->token_type;
  values[2] = self->refresh_token;
  values[3] = self->id_token;
  values[4] = self->scope;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (values[i] == NULL)
        continue;
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_string_value (builder, values[i]);
    }
  if (self->userinfo != NULL)
    {
      json_builder_set_member_name (builder, "userinfo");
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (),
                                                              self->userinfo));
    }
  json_builder_set_member_name (builder, "obtained_at");
  json_builder_add_int_value (builder, self->obtained_at);
  if (self->expires_at != 0)
    {
      json_builder_set_member_name (builder, "expires_at");
      json_builder_add_int_value (builder, self->expires_at);
      json_builder_set_member_name (builder, "expires_in");
      json_builder_add_int_value (builder,
                                  MAX (0, self->expires_at - g_get_real_time () / G_USEC_PER_SEC));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}

static gint64
get_time (JsonObject *object,
          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return MAX (0, json_node_get_int (node));
}

/**
 * sesame_token_set_new_from_json:
 * @json: what sesame_token_set_to_json() made
 *
 * Reads back a stored token set; times are absolute there.
 */
SesameTokenSet *
sesame_token_set_new_from_json (const char  *json,
                                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(SesameTokenSet) self = NULL;

  g_return_val_if_fail (json != NULL, NULL);

  bytes = g_bytes_new (json, strlen (json));
  /* Translators: the subject of “The %s is not valid JSON”; translate it so it can
   * start a sentence there (in German with its article). */
  object = _sesame_json_parse_object (bytes, _("stored token set"), error);
  if (object == NULL)
    return NULL;

  self = g_object_new (SESAME_TYPE_TOKEN_SET, NULL);
  if (!load_strings (self, object, error))
    return NULL;
  self->obtained_at = get_time (object, "obtained_at");
  self->expires_at = get_time (object, "expires_at");
  if (json_object_has_member (object, "userinfo") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "userinfo")))
    self->userinfo = json_object_ref (json_object_get_object_member (object, "userinfo"));
  return g_steal_pointer (&self);
}

/* Whether @a and @b hold the same tokens. */
gboolean
sesame_token_set_equal (SesameTokenSet *a,
                        SesameTokenSet *b)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (a), FALSE);
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (b), FALSE);

  return g_strcmp0 (a->access_token, b->access_token) == 0 &&
         g_strcmp0 (a->refresh_token, b->refresh_token) == 0 &&
         g_strcmp0 (a->id_token, b->id_token) == 0 &&
         a->expires_at == b->expires_at;
}

/**
 * sesame_token_set_dup_id_token_claims:
 *
 * The ID token's claims, decoded for display. The token client verified the ID token
 * (signature and claims) when it received it; this decodes without checking again.
 *
 * Returns: (transfer full) (nullable): the claims, or %NULL without a readable ID token
 */
JsonObject *
sesame_token_set_dup_id_token_claims (SesameTokenSet *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), NULL);

  return self->id_token ? sesame_id_token_decode_claims (self->id_token) : NULL;
}

/* Keeps the ID token of the sign-in when a refresh brings none (OpenID Connect §12.2). */
void
_sesame_token_set_set_id_token (SesameTokenSet *self,
                                const char     *id_token)
{
  g_return_if_fail (SESAME_IS_TOKEN_SET (self));

  clear_secret (&self->id_token);
  self->id_token = g_strdup (id_token);
}

/* Returns: (transfer none) (nullable): the claims the userinfo endpoint gave, if fetched */
JsonObject *
sesame_token_set_get_userinfo (SesameTokenSet *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_SET (self), NULL);

  return self->userinfo;
}

void
sesame_token_set_set_userinfo (SesameTokenSet *self,
                               JsonObject     *userinfo)
{
  g_return_if_fail (SESAME_IS_TOKEN_SET (self));

  g_clear_pointer (&self->userinfo, json_object_unref);
  if (userinfo != NULL)
    self->userinfo = json_object_ref (userinfo);
}
