/* sesame-diagnosis-json.c
 *
 * The diagnosis as the JSON document of `sesame diagnose --json`, for scripts and CI
 * pipelines. Its shape is documented in the README ("diagnose --json format"): members
 * are added, never renamed or removed, and "schema" changes if that ever must happen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-diagnosis"

#include "config.h"

#include <json-glib/json-glib.h>

#include "sesame-diagnosis.h"

#define SCHEMA_VERSION 1

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_bool (JsonBuilder *builder,
          const char  *member,
          gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

static void
add_list (JsonBuilder         *builder,
          const char          *member,
          SesameDiagnosis     *diagnosis,
          SesameDiagnosisList  list)
{
  const char * const *values = sesame_diagnosis_get_list (diagnosis, list);

  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_endpoints (JsonBuilder     *builder,
               SesameDiagnosis *diagnosis)
{
  const char * const *members = sesame_diagnosis_endpoint_members ();

  json_builder_set_member_name (builder, "endpoints");
  json_builder_begin_object (builder);
  for (guint i = 0; members[i] != NULL; i++)
    add_string (builder, members[i], sesame_diagnosis_get_endpoint (diagnosis, members[i]));
  json_builder_end_object (builder);
}

static gboolean
has_endpoint (SesameDiagnosis *diagnosis,
              const char      *member)
{
  return sesame_diagnosis_get_endpoint (diagnosis, member) != NULL;
}

static void
add_supports (JsonBuilder     *builder,
              SesameDiagnosis *diagnosis)
{
  json_builder_set_member_name (builder, "supports");
  json_builder_begin_object (builder);
  add_list (builder, "grant_types", diagnosis, SESAME_DIAGNOSIS_GRANT_TYPES);
  add_bool (builder, "grant_types_announced",
            sesame_diagnosis_get_list_announced (diagnosis, SESAME_DIAGNOSIS_GRANT_TYPES));
  add_list (builder, "response_types", diagnosis, SESAME_DIAGNOSIS_RESPONSE_TYPES);
  add_list (builder, "pkce_methods", diagnosis, SESAME_DIAGNOSIS_PKCE_METHODS);
  add_bool (builder, "iss_parameter", sesame_diagnosis_get_iss_parameter (diagnosis));
  add_list (builder, "token_endpoint_auth_methods", diagnosis, SESAME_DIAGNOSIS_AUTH_METHODS);
  add_bool (builder, "token_endpoint_auth_methods_announced",
            sesame_diagnosis_get_list_announced (diagnosis, SESAME_DIAGNOSIS_AUTH_METHODS));
  add_list (builder, "id_token_signing_alg_values", diagnosis, SESAME_DIAGNOSIS_ID_TOKEN_ALGS);
  add_list (builder, "scopes", diagnosis, SESAME_DIAGNOSIS_SCOPES);
  add_bool (builder, "revocation", has_endpoint (diagnosis, "revocation_endpoint"));
  add_bool (builder, "userinfo", has_endpoint (diagnosis, "userinfo_endpoint"));
  add_bool (builder, "introspection", has_endpoint (diagnosis, "introspection_endpoint"));
  add_bool (builder, "device", has_endpoint (diagnosis, "device_authorization_endpoint"));
  json_builder_end_object (builder);
}

static void
add_findings (JsonBuilder     *builder,
              SesameDiagnosis *diagnosis)
{
  guint counts[SESAME_FINDING_ERROR + 1] = { 0 };

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sesame_diagnosis_get_n_findings (diagnosis); i++)
    {
      const char *id, *message, *reference;
      SesameFindingLevel level = sesame_diagnosis_get_finding (diagnosis, i, &id, &message,
                                                               &reference);

      counts[level]++;
      json_builder_begin_object (builder);
      add_string (builder, "id", id);
      add_string (builder, "level", sesame_finding_level_to_string (level));
      add_string (builder, "message", message);
      add_string (builder, "reference", reference);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "counts");
  json_builder_begin_object (builder);
  for (int level = SESAME_FINDING_ERROR; level >= SESAME_FINDING_INFO; level--)
    {
      json_builder_set_member_name (builder, sesame_finding_level_to_string (level));
      json_builder_add_int_value (builder, counts[level]);
    }
  json_builder_end_object (builder);
}

char *
sesame_diagnosis_to_json (SesameDiagnosis *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *reason = NULL;
  gboolean possible;

  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), NULL);

  possible = sesame_diagnosis_get_sign_in_possible (self, &reason);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, SCHEMA_VERSION);
  add_string (builder, "requested", sesame_diagnosis_get_requested (self));
  add_string (builder, "issuer", sesame_diagnosis_get_issuer (self));
  add_string (builder, "document", sesame_diagnosis_get_document_url (self));
  add_bool (builder, "openid", sesame_diagnosis_get_is_openid (self));
  add_bool (builder, "sign_in_possible", possible);
  add_string (builder, "sign_in_error", reason);
  add_endpoints (builder, self);
  add_supports (builder, self);
  add_findings (builder, self);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, TRUE);
}
