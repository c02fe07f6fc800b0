/* sesame-json.c
 *
 * Type-checked access to JSON from a provider: nothing is taken for granted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "sesame-json-private.h"
#include "sesame-oauth-error.h"

/* Where the document's first value ends. */
static gsize
end_of_root (const char *data,
             gsize       len)
{
  gsize i = 0;
  int depth = 0;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;
  if (i < len && data[i] != '{' && data[i] != '[' && data[i] != '"')
    {
      /* A number, true, false or null */
      while (i < len && data[i] != '\0' && !g_ascii_isspace (data[i]) &&
             strchr ("{}[],:\"", data[i]) == NULL)
        i++;
      return i;
    }
  for (; i < len; i++)
    {
      if (data[i] == '"')
        {
          for (i++; i < len && data[i] != '"'; i++)
            if (data[i] == '\\')
              i++;
        }
      else if (data[i] == '{' || data[i] == '[')
        depth++;
      else if (data[i] == '}' || data[i] == ']')
        depth--;
      if (depth <= 0)
        return MIN (i + 1, len);
    }
  return len;
}

/* json-glib 1.6 parses arrays and objects recursively, with no limit: a few hundred
 * kilobytes of "[" exhaust the stack. No provider's document nests this deep. */
#define MAX_DEPTH 64

typedef enum
{
  SCAN_OK,
  SCAN_TOO_DEEP,
  SCAN_NOT_JSON,
} Scan;

/* Whether the escape whose backslash is at @i is one of JSON's: json-glib reads a "\u"
 * with fewer than four hex digits its own way, so that the two readers would disagree on
 * where the string ends, and so on whether anything follows the document.
 */
static gboolean
is_json_escape (const char *data,
                gsize       len,
                gsize       i)
{
  if (i + 1 >= len)
    return FALSE;
  if (data[i + 1] != 'u')
    return data[i + 1] != '\0' && strchr ("\"\\/bfnrt", data[i + 1]) != NULL;
  for (gsize k = 2; k < 6; k++)
    if (i + k >= len || !g_ascii_isxdigit (data[i + k]))
      return FALSE;
  return TRUE;
}

/* One linear pass before json-glib sees the text: how deep arrays and objects nest,
 * outside strings, and whether each escape in a string is JSON's. json-glib's scanner
 * also takes single-quoted strings and comments, which could hide brackets from this
 * count; JSON has neither, so a quote or a slash outside a string is refused here, and
 * both readers agree on where strings are.
 */
static Scan
scan_nesting (const char *data,
              gsize       len)
{
  int depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '"')
        {
          for (i++; i < len && data[i] != '"'; i++)
            if (data[i] == '\\')
              {
                if (!is_json_escape (data, len, i))
                  return SCAN_NOT_JSON;
                i++;
              }
        }
      else if (data[i] == '{' || data[i] == '[')
        {
          if (++depth > MAX_DEPTH)
            return SCAN_TOO_DEEP;
        }
      else if ((data[i] == '}' || data[i] == ']') && depth > 0)
        depth--;
      else if (data[i] == '\'' || data[i] == '/')
        return SCAN_NOT_JSON;
    }
  return SCAN_OK;
}

gboolean
_sesame_json_refused_early (const char *data,
                            gsize       len)
{
  return scan_nesting (data, len) != SCAN_OK;
}

/* json-glib 1.6 takes a document with more values after the first ("{…}[1]"), and
 * leaks them: only white space may follow.
 */
static gboolean
has_trailing_data (const char *data,
                   gsize       len)
{
  for (gsize i = end_of_root (data, len); i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return TRUE;
  return FALSE;
}

/* json-glib reads a number too large for a double (1e999) as infinity, and writes it back
 * as `inf`, which is not JSON: a document holding one, stored with the tokens, could not
 * be read again. The depth is bounded by the scan.
 */
static gboolean
holds_infinity (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          if (holds_infinity (member))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (holds_infinity (json_array_get_element (array, i)))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) == G_TYPE_DOUBLE &&
             !isfinite (json_node_get_double (node));
    case JSON_NODE_NULL:
    default:
      return FALSE;
    }
}

static JsonObject *
not_json (const char  *what,
          GError     **error)
{
  /* Translators: %s is a translated subject such as “token endpoint’s answer” */
  g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
               _("The %s is not valid JSON"), what);
  return NULL;
}

/* The one reader of JSON from outside: every document a provider sends (token answer,
 * metadata, JWKS, userinfo, the ID token's parts) and the stored token set.
 */
JsonObject *
_sesame_json_parse_object (GBytes      *bytes,
                           const char  *what,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;
  Scan scan;

  /* g_utf8_validate() with a length refuses NUL bytes too. */
  if (len == 0 || !g_utf8_validate (data, len, NULL))
    return not_json (what, error);
  scan = scan_nesting (data, len);
  if (scan == SCAN_TOO_DEEP)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The provider’s answer is nested too deeply"));
      return NULL;
    }
  if (scan != SCAN_OK || has_trailing_data (data, len) ||
      !json_parser_load_from_data (parser, data, len, NULL))
    return not_json (what, error);

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* Translators: %s is a translated subject such as “token endpoint’s answer” */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The %s is not a JSON object"), what);
      return NULL;
    }
  if (holds_infinity (root))
    {
      /* Translators: %s is a translated subject such as “token endpoint’s answer” */
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The %s holds a number too large to read"), what);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static gboolean
wrong_type (const char  *member,
            const char  *expected,
            GError     **error)
{
  /* Translators: the first %s is a JSON member name, the second “a string”, “true or
   * false” or “a list of strings” */
  g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
               _("The field “%s” is not %s"), member, expected);
  return FALSE;
}

/* A string, and valid UTF-8: json-glib turns a lone surrogate escape ("\ud83d")
 * into bytes that are not, which would then be stored, and not read back.
 */
static gboolean
holds_text (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
         g_utf8_validate (json_node_get_string (node), -1, NULL);
}

/* Sets *out to NULL when the member is absent or null. */
gboolean
_sesame_json_get_string (JsonObject  *object,
                         const char  *member,
                         const char **out,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!holds_text (node))
    return wrong_type (member, _("a string"), error);

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
_sesame_json_get_bool (JsonObject  *object,
                       const char  *member,
                       gboolean    *out,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (member, _("true or false"), error);

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Sets *out to NULL when the member is absent or null. */
gboolean
_sesame_json_get_strv (JsonObject  *object,
                       const char  *member,
                       GStrv       *out,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (member, _("a list of strings"), error);

  array = json_node_get_array (node);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!holds_text (element))
        return wrong_type (member, _("a list of strings"), error);
      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* json-glib turns a lone surrogate escape ("\ud83d") into bytes that are not UTF-8: such
 * strings, and member names, are made valid (U+FFFD), so that the JSON Sesame writes from
 * them is valid.
 */
static void
make_valid (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) names = json_object_get_members (object);

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autoptr(JsonNode) member = json_node_ref (json_object_get_member (object, l->data));

          if (!g_utf8_validate (l->data, -1, NULL))
            {
              g_autofree char *valid = g_utf8_make_valid (l->data, -1);

              json_object_remove_member (object, l->data);   /* frees l->data */
              json_object_set_member (object, valid, json_node_ref (member));
            }
          make_valid (member);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        make_valid (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
           !g_utf8_validate (json_node_get_string (node), -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (json_node_get_string (node), -1);

      json_node_set_string (node, valid);
    }
}

/* Strings in @object (at any depth) that are not UTF-8 made so, for JSON written out. */
void
_sesame_json_make_valid (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  make_valid (node);
}
