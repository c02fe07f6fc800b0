/* sesame-presets.c
 *
 * Provider presets, read from presets.json in the resources: what to fill in for GitHub,
 * Google, Microsoft Entra ID, GitLab or any OpenID Connect provider.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-presets"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sesame-presets.h"
#include "sesame-profile-private.h"
#include "sesame-store-error.h"
#include "sesame-store-resources.h"

#define PRESETS_RESOURCE "/io/github/sesame/Sesame/presets.json"

/* Characters that would change a URL's structure if a variable such as {tenant} held them. */
#define URL_STRUCTURE_CHARS "/?#@ \\%{}"

typedef struct
{
  char     *name;
  char     *title;
  char     *default_value;
  char     *description;
  gboolean  is_url;  /* the whole URL, such as an issuer: checked as a URL afterwards */
} Variable;

struct _SesamePreset
{
  GObject           parent_instance;

  char             *id;
  char             *name;
  char             *description;
  char             *guidance;        /* what to do at the provider, in a sentence or two */
  char             *register_title;  /* what the provider calls the redirect URI … */
  char             *register_uri;    /* … to register there, if one must be */
  GPtrArray        *variables;       /* Variable */
  GStrv             variable_names;

  /* Templates */
  char             *issuer;
  char             *endpoints[SESAME_N_ENDPOINTS];
  char             *scope;
  char             *redirect_uri;
  GStrv             params;
  SesameAuthMethod  auth_method;
};

G_DEFINE_FINAL_TYPE (SesamePreset, sesame_preset, G_TYPE_OBJECT)

static const char *endpoint_members[SESAME_N_ENDPOINTS] = {
  [SESAME_ENDPOINT_AUTHORIZATION] = "authorization_endpoint",
  [SESAME_ENDPOINT_TOKEN] = "token_endpoint",
  [SESAME_ENDPOINT_REVOCATION] = "revocation_endpoint",
  [SESAME_ENDPOINT_USERINFO] = "userinfo_endpoint",
  [SESAME_ENDPOINT_JWKS] = "jwks_uri",
  [SESAME_ENDPOINT_DEVICE_AUTHORIZATION] = "device_authorization_endpoint",
};

static void
variable_free (Variable *variable)
{
  g_free (variable->name);
  g_free (variable->default_value);
  g_free (variable->title);
  g_free (variable->description);
  g_free (variable);
}

static void
sesame_preset_finalize (GObject *object)
{
  SesamePreset *self = (SesamePreset *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->description);
  g_free (self->guidance);
  g_free (self->register_title);
  g_free (self->register_uri);
  g_ptr_array_unref (self->variables);
  g_strfreev (self->variable_names);
  g_free (self->issuer);
  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    g_free (self->endpoints[i]);
  g_free (self->scope);
  g_free (self->redirect_uri);
  g_strfreev (self->params);

  G_OBJECT_CLASS (sesame_preset_parent_class)->finalize (object);
}

static void
sesame_preset_class_init (SesamePresetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sesame_preset_finalize;
}

static void
sesame_preset_init (SesamePreset *self)
{
  self->variables = g_ptr_array_new_with_free_func ((GDestroyNotify) variable_free);
}

/* Reading presets.json -------------------------------------------------------------- */

/* A string member, or NULL when it is missing or not a string. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
load_variables (SesamePreset *self,
                JsonObject   *object)
{
  JsonNode *node = json_object_get_member (object, "variables");
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonArray *array;

  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = node != NULL ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *member;
      Variable *variable;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return FALSE;
      member = json_node_get_object (element);
      if (get_string (member, "name") == NULL)
        return FALSE;

      variable = g_new0 (Variable, 1);
      variable->name = g_strdup (get_string (member, "name"));
      variable->title = g_strdup (get_string (member, "title"));
      variable->default_value = g_strdup (get_string (member, "default"));
      variable->description = g_strdup (get_string (member, "description"));
      variable->is_url = json_object_get_boolean_member_with_default (member, "url", FALSE);
      g_ptr_array_add (self->variables, variable);
      g_strv_builder_add (names, variable->name);
    }
  self->variable_names = g_strv_builder_end (names);
  return TRUE;
}

static gboolean
load_params (SesamePreset *self,
             JsonObject   *object)
{
  JsonNode *node = json_object_get_member (object, "params");
  g_autoptr(GStrvBuilder) params = g_strv_builder_new ();
  JsonArray *array;

  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = node != NULL ? json_node_get_array (node) : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *param = json_array_get_string_element (array, i);

      if (param == NULL)
        return FALSE;
      g_strv_builder_add (params, param);
    }
  self->params = g_strv_builder_end (params);
  return TRUE;
}

static SesamePreset *
preset_new_from_json (JsonObject *object)
{
  g_autoptr(SesamePreset) self = g_object_new (SESAME_TYPE_PRESET, NULL);
  const char *method = get_string (object, "auth_method");

  self->id = g_strdup (get_string (object, "id"));
  self->name = g_strdup (get_string (object, "name"));
  self->description = g_strdup (get_string (object, "description"));
  self->guidance = g_strdup (get_string (object, "guidance"));
  self->register_title = g_strdup (get_string (object, "register_title"));
  self->register_uri = g_strdup (get_string (object, "register_uri"));
  self->issuer = g_strdup (get_string (object, "issuer"));
  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    self->endpoints[i] = g_strdup (get_string (object, endpoint_members[i]));
  self->scope = g_strdup (get_string (object, "scope"));
  self->redirect_uri = g_strdup (get_string (object, "redirect_uri"));

  if (self->id == NULL || self->name == NULL || self->description == NULL ||
      (self->register_title == NULL) != (self->register_uri == NULL) ||
      (method != NULL && !sesame_auth_method_from_string (method, &self->auth_method)) ||
      !load_variables (self, object) || !load_params (self, object))
    return NULL;
  return g_steal_pointer (&self);
}

static GBytes *
lookup_resource (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = g_resources_lookup_data (PRESETS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes != NULL || !g_error_matches (error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND))
    return bytes;

  /* Where constructors do not run, the resource is registered by hand. */
  g_resources_register (sesame_store_get_resource ());
  return g_resources_lookup_data (PRESETS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/* The presets are part of the program: a bad one is a bug, reported and left out. */
static GPtrArray *
load_presets (void)
{
  GPtrArray *presets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) bytes = lookup_resource ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   (gssize) g_bytes_get_size (bytes), &error) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      g_critical ("The presets cannot be read: %s", error ? error->message : "not an array");
      return presets;
    }

  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SesamePreset *preset = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        preset = preset_new_from_json (json_node_get_object (node));
      if (preset == NULL)
        g_critical ("The preset number %u is malformed", i + 1);
      else
        g_ptr_array_add (presets, preset);
    }
  return presets;
}

/**
 * sesame_presets_get_all:
 *
 * Returns: (transfer none) (element-type SesamePreset): every preset, in display order
 */
GPtrArray *
sesame_presets_get_all (void)
{
  static GPtrArray *presets;

  if (g_once_init_enter (&presets))
    g_once_init_leave (&presets, load_presets ());
  return presets;
}

/* Returns: (transfer none) (nullable): the preset */
SesamePreset *
sesame_presets_lookup (const char *id)
{
  GPtrArray *presets = sesame_presets_get_all ();

  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < presets->len; i++)
    if (g_strcmp0 (sesame_preset_get_id (presets->pdata[i]), id) == 0)
      return presets->pdata[i];
  return NULL;
}

const char *
sesame_preset_get_id (SesamePreset *self)
{
  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);

  return self->id;
}

const char *
sesame_preset_get_name (SesamePreset *self)
{
  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);

  return g_dgettext (GETTEXT_PACKAGE, self->name);
}

const char *
sesame_preset_get_description (SesamePreset *self)
{
  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);

  return self->description ? g_dgettext (GETTEXT_PACKAGE, self->description) : NULL;
}

const char *
sesame_preset_get_guidance (SesamePreset *self)
{
  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);

  return self->guidance ? g_dgettext (GETTEXT_PACKAGE, self->guidance) : NULL;
}

const char *
sesame_preset_get_register_title (SesamePreset *self)
{
  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);

  return self->register_title ? g_dgettext (GETTEXT_PACKAGE, self->register_title) : NULL;
}

const char *
sesame_preset_get_register_uri (SesamePreset *self)
{
  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);

  return self->register_uri;
}

/* A client secret is part of the preset's client authentication. */
gboolean
sesame_preset_needs_client_secret (SesamePreset *self)
{
  g_return_val_if_fail (SESAME_IS_PRESET (self), FALSE);

  return self->auth_method != SESAME_AUTH_METHOD_NONE;
}

/* Every variable a user may give, those with a default included. */
const char * const *
sesame_preset_get_variables (SesamePreset *self)
{
  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);

  return (const char * const *) self->variable_names;
}

static Variable *
find_variable (SesamePreset *self,
               const char   *name)
{
  for (guint i = 0; i < self->variables->len; i++)
    {
      Variable *variable = g_ptr_array_index (self->variables, i);

      if (g_strcmp0 (variable->name, name) == 0)
        return variable;
    }
  return NULL;
}

const char *
sesame_preset_get_variable_default (SesamePreset *self,
                                    const char   *variable)
{
  Variable *found;

  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);
  g_return_val_if_fail (variable != NULL, NULL);

  found = find_variable (self, variable);
  return found != NULL ? found->default_value : NULL;
}

const char *
sesame_preset_get_variable_title (SesamePreset *self,
                                  const char   *variable)
{
  Variable *found;

  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);
  g_return_val_if_fail (variable != NULL, NULL);

  found = find_variable (self, variable);
  if (found == NULL)
    return NULL;
  return found->title != NULL ? g_dgettext (GETTEXT_PACKAGE, found->title) : found->name;
}

const char *
sesame_preset_get_variable_description (SesamePreset *self,
                                        const char   *variable)
{
  Variable *found;

  g_return_val_if_fail (SESAME_IS_PRESET (self), NULL);
  g_return_val_if_fail (variable != NULL, NULL);

  found = find_variable (self, variable);
  return found != NULL && found->description != NULL
           ? g_dgettext (GETTEXT_PACKAGE, found->description) : NULL;
}

/* Applying a preset ----------------------------------------------------------------- */

static gboolean
check_value (SesamePreset  *self,
             Variable      *variable,
             const char    *value,
             GError       **error)
{
  gboolean bad = !g_utf8_validate (value, -1, NULL);

  for (const char *p = value; !bad && *p != '\0'; p++)
    bad = g_ascii_iscntrl (*p) || *p == ' ' ||
          (!variable->is_url && strchr (URL_STRUCTURE_CHARS, *p) != NULL);
  if (bad)
    {
      /* The field's title, as the window shows it; the variable's name, as the command
       * line takes it (--var NAME=VALUE). */
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE,
                   variable->is_url
                     ? _("“%s” must be a URL without spaces (the variable “%s”)")
                     : _("“%s” must not contain spaces or any of / ? # @ \\ %% { } (the "
                         "variable “%s”)"),
                   sesame_preset_get_variable_title (self, variable->name), variable->name);
      return FALSE;
    }
  return TRUE;
}

/* Name → value for every variable of the preset, defaults filled in. */
static GHashTable *
resolve_variables (SesamePreset  *self,
                   GHashTable    *given,
                   GError       **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  if (given != NULL)
    {
      g_hash_table_iter_init (&iter, given);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (find_variable (self, key) == NULL)
          {
            g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE,
                         _("The preset “%s” has no variable “%s”"), self->id, (char *) key);
            return NULL;
          }
    }

  for (guint i = 0; i < self->variables->len; i++)
    {
      Variable *variable = g_ptr_array_index (self->variables, i);
      const char *value = given != NULL ? g_hash_table_lookup (given, variable->name) : NULL;

      if (value == NULL || *value == '\0')
        value = variable->default_value;
      if (value == NULL)
        {
          g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE,
                       _("The preset “%s” needs a value for “%s”"), self->id, variable->name);
          return NULL;
        }
      if (!check_value (self, variable, value, error))
        return NULL;
      g_hash_table_insert (values, variable->name, (gpointer) value);
    }
  return g_steal_pointer (&values);
}

/* @template with each {name} replaced by its value; other braces are kept. */
static char *
substitute (const char *template,
            GHashTable *values)
{
  GString *out;

  if (template == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = template; *p != '\0'; p++)
    {
      const char *end = *p == '{' ? strchr (p, '}') : NULL;
      g_autofree char *name = end != NULL ? g_strndup (p + 1, (gsize) (end - p - 1)) : NULL;
      const char *value = name != NULL ? g_hash_table_lookup (values, name) : NULL;

      if (value != NULL)
        {
          g_string_append (out, value);
          p = end;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
fill_in (SesamePreset  *self,
         SesameProfile *profile,
         GHashTable    *values)
{
  g_autoptr(GStrvBuilder) params = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    {
      g_autofree char *uri = substitute (self->endpoints[i], values);
      sesame_profile_set_endpoint (profile, i, uri);
    }
  {
    g_autofree char *issuer = substitute (self->issuer, values);
    g_autofree char *scope = substitute (self->scope, values);
    g_autofree char *redirect_uri = substitute (self->redirect_uri, values);

    sesame_profile_set_issuer (profile, issuer);
    sesame_profile_set_scope (profile, scope);
    sesame_profile_set_redirect_uri (profile, redirect_uri);
  }
  for (guint i = 0; self->params[i] != NULL; i++)
    {
      g_autofree char *param = substitute (self->params[i], values);
      g_strv_builder_add (params, param);
    }
  strv = g_strv_builder_end (params);
  sesame_profile_set_params (profile, (const char * const *) strv);
  sesame_profile_set_auth_method (profile, self->auth_method);
  sesame_profile_set_preset (profile, self->id);
}

/**
 * sesame_preset_apply:
 *
 * Sets every provider setting of @profile (issuer, endpoints, scope, auth method, redirect
 * URI, params), unset where the preset has none; name, client id, CA file and browser
 * stay. On error @profile is left as it was.
 */
gboolean
sesame_preset_apply (SesamePreset   *self,
                     SesameProfile  *profile,
                     GHashTable     *variables,
                     GError        **error)
{
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(SesameProfile) filled = NULL;

  g_return_val_if_fail (SESAME_IS_PRESET (self), FALSE);
  g_return_val_if_fail (SESAME_IS_PROFILE (profile), FALSE);

  if (!(values = resolve_variables (self, variables, error)))
    return FALSE;

  filled = sesame_profile_new (NULL);
  fill_in (self, filled, values);
  if (!_sesame_profile_validate_provider (filled, error))
    return FALSE;

  fill_in (self, profile, values);
  return TRUE;
}
