/* sesame-jwt.c
 *
 * A token decoded for display, never verified here: the parts of a compact JWT (RFC 7519,
 * RFC 7515 §7.1) read through the one JSON reader, with size limits; an opaque token said
 * to be one; an encrypted one (JWE, RFC 7516) shown by its header alone. The ID token's
 * checks (sesame-id-token.c) read their parts through the same _sesame_jwt_decode_part().
 *
 * Everything in a token is the provider's (or anyone's) text: claim values come back
 * through the sanitiser, and strings that are not UTF-8 are made so, so that JSON written
 * from them is valid. No message here includes the token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-jwt"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-json-private.h"
#include "sesame-jwt-private.h"
#include "sesame-jwt.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"

#define MAX_HEADER_CHARS 4096

struct _SesameJwt
{
  SesameTokenFormat  format;
  JsonObject        *header;   /* nullable: opaque */
  JsonObject        *claims;   /* nullable: opaque or encrypted */
};

static const char * const first_claims[] = {
  "aud", "scope", "scp", "roles", "azp", "client_id", "iss", "sub", NULL
};

static const char * const time_claims[] = {
  "exp", "iat", "nbf", "auth_time", "updated_at", NULL
};

void
sesame_jwt_free (SesameJwt *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->header, json_object_unref);
  g_clear_pointer (&self->claims, json_object_unref);
  g_free (self);
}

static gpointer
malformed (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_JWT_MALFORMED, message);
  return NULL;
}

/* An escaped NUL is refused: GLib strings would end there, and
 * "iss":"https://good\u0000.evil" would compare equal to the good issuer.
 */
JsonObject *
_sesame_jwt_decode_part (const char  *part,
                         gsize        max_chars,
                         const char  *what,
                         GError     **error)
{
  g_autofree guint8 *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) json_error = NULL;
  JsonObject *object;
  gsize len = 0;

  if (strnlen (part, max_chars + 1) > max_chars)
    {
      /* Translators: %s is “token’s header” or “token’s claim set”, translated elsewhere */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_JWT_MALFORMED,
                   _("The %s is too large"), what);
      return NULL;
    }
  text = _sesame_base64url_decode (part, max_chars, &len);
  if (text == NULL)
    {
      /* Translators: %s is “token’s header” or “token’s claim set”, translated elsewhere */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_JWT_MALFORMED,
                   _("The %s is not base64url without padding"), what);
      return NULL;
    }
  if (strstr ((const char *) text, "\\u0000") != NULL)
    {
      /* Translators: %s is “token’s header” or “token’s claim set”, translated elsewhere */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_JWT_MALFORMED,
                   _("The %s holds an escaped NUL character (\\u0000)"), what);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  object = _sesame_json_parse_object (bytes, what, &json_error);
  if (object == NULL)
    g_set_error_literal (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_JWT_MALFORMED,
                         json_error->message);
  return object;
}

/* A JOSE header is a JSON object: its base64url starts with “eyJ” ('{"'). An opaque
 * token may hold dots too (Google's do), but not that start.
 */
static gboolean
looks_like_jwt (const char *token)
{
  return g_str_has_prefix (token, "eyJ") && strchr (token, '.') != NULL;
}

static gboolean
decode_parts (SesameJwt   *self,
              GStrv        parts,
              GError     **error)
{
  g_autofree guint8 *signature = NULL;
  gsize len = 0;

  /* Translators: the subject of sentences such as “The %s is not base64url without
   * padding”; translate it so it can start a sentence there (in German with its article). */
  self->header = _sesame_jwt_decode_part (parts[0], MAX_HEADER_CHARS, _("token’s header"), error);
  if (self->header == NULL)
    return FALSE;
  _sesame_json_make_valid (self->header);

  if (parts[3] != NULL)
    {
      /* RFC 7516 §9: a JWE's header names its content encryption. */
      if (!json_object_has_member (self->header, "enc"))
        return malformed (error, _("The token has five parts, as an encrypted JWT, but its "
                                   "header names no encryption (enc)")), FALSE;
      self->format = SESAME_TOKEN_FORMAT_JWE;
      return TRUE;
    }

  /* Translators: the subject of sentences such as “The %s is not base64url without
   * padding”; translate it so it can start a sentence there (in German with its article). */
  self->claims = _sesame_jwt_decode_part (parts[1], SESAME_JWT_MAX_CHARS, _("token’s claim set"),
                                          error);
  if (self->claims == NULL)
    return FALSE;
  _sesame_json_make_valid (self->claims);

  /* An unsecured JWT (alg "none") has an empty signature, which decodes. */
  signature = _sesame_base64url_decode (parts[2], SESAME_JWT_MAX_CHARS, &len);
  if (signature == NULL)
    return malformed (error, _("The token’s signature is not base64url without padding")), FALSE;
  self->format = SESAME_TOKEN_FORMAT_JWT;
  return TRUE;
}

/**
 * sesame_jwt_decode:
 * @token: an access or ID token
 *
 * Decodes @token for display, without verifying anything. A token that does not look
 * like a JWT is opaque: that is no error. An encrypted JWT shows its header alone.
 *
 * Returns: (transfer full): the decoded token, or %NULL with
 *   %SESAME_OAUTH_ERROR_JWT_MALFORMED when @token looks like a JWT but is not one
 */
SesameJwt *
sesame_jwt_decode (const char  *token,
                   GError     **error)
{
  g_autoptr(SesameJwt) self = g_new0 (SesameJwt, 1);
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  g_return_val_if_fail (token != NULL, NULL);

  self->format = SESAME_TOKEN_FORMAT_OPAQUE;
  if (!looks_like_jwt (token))
    return g_steal_pointer (&self);

  if (strnlen (token, SESAME_JWT_MAX_CHARS + 1) > SESAME_JWT_MAX_CHARS)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_JWT_MALFORMED,
                   _("The token is too large to decode (more than %d KiB)"),
                   SESAME_JWT_MAX_CHARS / 1024);
      return NULL;
    }
  parts = g_strsplit (token, ".", 6);
  n_parts = g_strv_length (parts);
  if (n_parts != 3 && n_parts != 5)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_JWT_MALFORMED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The token looks like a JWT but has %u part: a signed JWT has "
                                "three, an encrypted one five",
                                "The token looks like a JWT but has %u parts: a signed JWT has "
                                "three, an encrypted one five", n_parts),
                   n_parts);
      return NULL;
    }
  if (!decode_parts (self, parts, error))
    return NULL;
  return g_steal_pointer (&self);
}

SesameTokenFormat
sesame_jwt_get_format (SesameJwt *self)
{
  g_return_val_if_fail (self != NULL, SESAME_TOKEN_FORMAT_OPAQUE);

  return self->format;
}

/* "jwt", "jwe" or "opaque", as `sesame inspect --json` writes it. */
const char *
sesame_token_format_to_string (SesameTokenFormat format)
{
  switch (format)
    {
    case SESAME_TOKEN_FORMAT_JWT:
      return "jwt";
    case SESAME_TOKEN_FORMAT_JWE:
      return "jwe";
    case SESAME_TOKEN_FORMAT_OPAQUE:
    default:
      return "opaque";
    }
}

/* Returns: (transfer none) (nullable): the JOSE header; %NULL for an opaque token */
JsonObject *
sesame_jwt_get_header (SesameJwt *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->header;
}

/* Returns: (transfer none) (nullable): the claims, not verified; %NULL unless a JWS */
JsonObject *
sesame_jwt_get_claims (SesameJwt *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->claims;
}

/* Display ---------------------------------------------------------------------------- */

/**
 * sesame_jwt_claim_order:
 *
 * The names of @claims in the order to show them: who the token is for and what it
 * allows first (aud, scope, scp, roles, azp, client_id), then who issued it and about
 * whom (iss, sub), then the others as the token has them.
 *
 * Returns: (transfer full): the names
 */
GStrv
sesame_jwt_claim_order (JsonObject *claims)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (claims != NULL, NULL);

  for (guint i = 0; first_claims[i] != NULL; i++)
    if (json_object_has_member (claims, first_claims[i]))
      g_strv_builder_add (builder, first_claims[i]);
  members = json_object_get_members (claims);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (first_claims, l->data))
      g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}

/* Whether @name is a NumericDate claim shown as a date: exp, iat, nbf, auth_time, updated_at. */
gboolean
sesame_jwt_claim_is_time (const char *name)
{
  return name != NULL && g_strv_contains (time_claims, name);
}

/**
 * sesame_format_relative_time:
 *
 * @when as seen from @now (both seconds since the epoch): “in 54 minutes”, “2 hours ago”.
 */
char *
sesame_format_relative_time (gint64 when,
                             gint64 now)
{
  gint64 delta = when - now;
  gint64 span = ABS (delta);
  int n;

  if (span < 60)
    return g_strdup (delta >= 0 ? _("in less than a minute") : _("less than a minute ago"));
  if (span < 3600)
    {
      n = (int) (span / 60);
      return g_strdup_printf (delta > 0 ? g_dngettext (GETTEXT_PACKAGE, "in %d minute",
                                                       "in %d minutes", n)
                                        : g_dngettext (GETTEXT_PACKAGE, "%d minute ago",
                                                       "%d minutes ago", n), n);
    }
  if (span < 48 * 3600)
    {
      n = (int) (span / 3600);
      return g_strdup_printf (delta > 0 ? g_dngettext (GETTEXT_PACKAGE, "in %d hour",
                                                       "in %d hours", n)
                                        : g_dngettext (GETTEXT_PACKAGE, "%d hour ago",
                                                       "%d hours ago", n), n);
    }
  n = (int) MIN (span / (24 * 3600), G_MAXINT);
  return g_strdup_printf (delta > 0 ? g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days", n)
                                    : g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                                   n), n);
}

/* A NumericDate (RFC 7519 §2) within what a date can show. */
static gboolean
get_time (JsonNode *node,
          gint64   *out)
{
  double value;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    return FALSE;
  /* Years 1 to 9999, which GDateTime takes. */
  if (!(value > -62135596800.0 && value < 253402300799.0))
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

static char *
time_to_text (gint64 when,
              gint64 now)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (when);
  g_autofree char *date = NULL;
  g_autofree char *relative = sesame_format_relative_time (when, now);

  /* Translators: a date and time, as strftime() formats it */
  date = time ? g_date_time_format (time, _("%Y-%m-%d %H:%M:%S")) : NULL;
  if (date == NULL)
    date = g_strdup_printf ("%" G_GINT64_FORMAT, when);
  return g_strdup_printf ("%s (%s)", date, relative);
}

/* A list of strings and numbers, as "a, b, c"; %NULL for anything else. */
static char *
list_to_text (JsonArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *item = NULL;

      if (!JSON_NODE_HOLDS_VALUE (element))
        return NULL;
      if (json_node_get_value_type (element) == G_TYPE_STRING)
        item = g_strdup (json_node_get_string (element));
      else
        item = json_to_string (element, FALSE);
      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", item);
      if (text->len > SESAME_JWT_MAX_VALUE_CHARS * 4)
        break;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A claim's (or header member's) name, sanitised and bounded: it is the token's text too. */
char *
sesame_jwt_claim_name_to_text (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  return _sesame_sanitize_text (name, 100);
}

/**
 * sesame_jwt_claim_to_text:
 * @name: the claim's name
 * @value: its value
 * @now: the current time, seconds since the epoch
 *
 * A claim's value as one line of plain text for a label or a terminal: sanitised (no
 * control characters, valid UTF-8), at most %SESAME_JWT_MAX_VALUE_CHARS characters. Time
 * claims read as a local date and time with how far from @now; a list of strings as
 * “a, b”; anything else as compact JSON.
 *
 * Returns: (transfer full): the text; never markup
 */
char *
sesame_jwt_claim_to_text (const char *name,
                          JsonNode   *value,
                          gint64      now)
{
  g_autofree char *text = NULL;
  gint64 when;

  g_return_val_if_fail (value != NULL, NULL);

  if (sesame_jwt_claim_is_time (name) && get_time (value, &when))
    return time_to_text (when, now);
  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    return _sesame_sanitize_text (json_node_get_string (value), SESAME_JWT_MAX_VALUE_CHARS);
  if (JSON_NODE_HOLDS_ARRAY (value))
    text = list_to_text (json_node_get_array (value));
  if (text == NULL)
    text = json_to_string (value, FALSE);
  return _sesame_sanitize_text (text, SESAME_JWT_MAX_VALUE_CHARS);
}
