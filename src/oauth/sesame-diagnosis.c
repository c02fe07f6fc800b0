/* sesame-diagnosis.c
 *
 * A provider diagnosed from its discovery document (RFC 8414, OpenID Connect Discovery
 * 1.0): what it supports, and findings, each with a level, a stable id and the section
 * of the RFC or specification it comes from.
 *
 * The checks of what the provider supports are in sesame-diagnosis-checks.c.
 *
 * Where sign-in refuses a document (an issuer that differs from the one asked, an http
 * endpoint, a member of the wrong type), the diagnosis reports it as a finding and goes
 * on; it refuses only what it cannot read at all: no document, or not a JSON object.
 * The document is hostile like anything a provider sends: it is read by the one JSON
 * reader (sesame-json.c), its endpoints are checked by the rules sign-in uses
 * (sesame-provider.c), and every string of it kept here is sanitised and bounded, so
 * that the command line and the window can show it as plain text as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-diagnosis-private.h"
#include "sesame-json-private.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "sesame-provider.h"

#define MAX_URL_CHARS      500
#define MAX_ITEM_CHARS     100
#define MAX_LIST_ITEMS     200

static const struct
{
  const char *member;
  const char *label;
} endpoints[] = {
  { "authorization_endpoint", N_("Authorization") },
  { "token_endpoint", N_("Token") },
  { "userinfo_endpoint", N_("Userinfo") },
  { "jwks_uri", N_("Signing Keys (JWKS)") },
  { "revocation_endpoint", N_("Revocation") },
  { "introspection_endpoint", N_("Introspection") },
  { "device_authorization_endpoint", N_("Device Authorization") },
  { "pushed_authorization_request_endpoint", N_("Pushed Requests (PAR)") },
  { "end_session_endpoint", N_("End Session") },
  { "registration_endpoint", N_("Client Registration") },
};

static const char *list_members[SESAME_DIAGNOSIS_N_LISTS] = {
  [SESAME_DIAGNOSIS_GRANT_TYPES] = "grant_types_supported",
  [SESAME_DIAGNOSIS_RESPONSE_TYPES] = "response_types_supported",
  [SESAME_DIAGNOSIS_PKCE_METHODS] = "code_challenge_methods_supported",
  [SESAME_DIAGNOSIS_AUTH_METHODS] = "token_endpoint_auth_methods_supported",
  [SESAME_DIAGNOSIS_ID_TOKEN_ALGS] = "id_token_signing_alg_values_supported",
  [SESAME_DIAGNOSIS_SCOPES] = "scopes_supported",
};

G_STATIC_ASSERT (G_N_ELEMENTS (endpoints) == SESAME_DIAGNOSIS_N_ENDPOINTS);

G_DEFINE_FINAL_TYPE (SesameDiagnosis, sesame_diagnosis, G_TYPE_OBJECT)

static void
finding_clear (Finding *finding)
{
  g_free (finding->id);
  g_free (finding->message);
}

static void
sesame_diagnosis_finalize (GObject *object)
{
  SesameDiagnosis *self = (SesameDiagnosis *) object;

  g_free (self->requested);
  g_free (self->issuer);
  g_free (self->document_url);
  for (guint i = 0; i < SESAME_DIAGNOSIS_N_ENDPOINTS; i++)
    g_free (self->endpoints[i]);
  for (guint i = 0; i < SESAME_DIAGNOSIS_N_LISTS; i++)
    g_strfreev (self->lists[i]);
  g_free (self->sign_in_error);
  g_array_unref (self->findings);

  G_OBJECT_CLASS (sesame_diagnosis_parent_class)->finalize (object);
}

static void
sesame_diagnosis_class_init (SesameDiagnosisClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sesame_diagnosis_finalize;
}

static void
sesame_diagnosis_init (SesameDiagnosis *self)
{
  self->findings = g_array_new (FALSE, TRUE, sizeof (Finding));
  g_array_set_clear_func (self->findings, (GDestroyNotify) finding_clear);
}

/* A finding, its message made from @format. */
static void add_finding (SesameDiagnosis    *self,
                         SesameFindingLevel  level,
                         const char         *id,
                         const char         *reference,
                         const char         *format,
                         ...) G_GNUC_PRINTF (5, 6);

static void
add_finding (SesameDiagnosis    *self,
             SesameFindingLevel  level,
             const char         *id,
             const char         *reference,
             const char         *format,
             ...)
{
  va_list args;

  va_start (args, format);
  _sesame_diagnosis_add_findingv (self, level, id, reference, format, args);
  va_end (args);
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const Finding *fa = a, *fb = b;

  if (fa->level != fb->level)
    return fa->level > fb->level ? -1 : 1;
  return fa->order < fb->order ? -1 : 1;
}

/* Reading the document --------------------------------------------------------------- */

/* A member of the wrong type is reported and read as absent: the rest still tells. */
static void
member_invalid (SesameDiagnosis *self,
                GError          *error)
{
  add_finding (self, SESAME_FINDING_ERROR, "member-invalid", "RFC 8414 §2",
               _("%s; Sesame reads it as absent, and refuses to sign in with this document"),
               error->message);
}

static void
read_list (SesameDiagnosis     *self,
           JsonObject          *object,
           SesameDiagnosisList  list)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;

  if (!_sesame_json_get_strv (object, list_members[list], &values, &error))
    member_invalid (self, error);

  self->announced[list] = values != NULL;
  for (guint i = 0; values != NULL && values[i] != NULL && i < MAX_LIST_ITEMS; i++)
    {
      g_autofree char *shown = _sesame_sanitize_text (values[i], MAX_ITEM_CHARS);

      g_strv_builder_add (builder, shown);
    }
  self->lists[list] = g_strv_builder_end (builder);
}

/* RFC 8414 §2: what an absent member means. */
static void
apply_defaults (SesameDiagnosis *self)
{
  static const char * const grant_types[] = { "authorization_code", "implicit", NULL };
  static const char * const auth_methods[] = { "client_secret_basic", NULL };

  if (!self->announced[SESAME_DIAGNOSIS_GRANT_TYPES])
    {
      g_strfreev (self->lists[SESAME_DIAGNOSIS_GRANT_TYPES]);
      self->lists[SESAME_DIAGNOSIS_GRANT_TYPES] = g_strdupv ((GStrv) grant_types);
    }
  if (!self->announced[SESAME_DIAGNOSIS_AUTH_METHODS])
    {
      g_strfreev (self->lists[SESAME_DIAGNOSIS_AUTH_METHODS]);
      self->lists[SESAME_DIAGNOSIS_AUTH_METHODS] = g_strdupv ((GStrv) auth_methods);
    }
}

/* The issuer must be exactly the one asked (RFC 8414 §3.3, OpenID Connect Discovery
 * §4.3): sign-in refuses it otherwise, since a provider could then speak for another.
 */
static void
check_issuer (SesameDiagnosis *self,
              JsonObject      *object)
{
  const char *issuer = NULL;
  g_autoptr(GError) error = NULL;

  if (!_sesame_json_get_string (object, "issuer", &issuer, &error))
    member_invalid (self, error);
  self->issuer = _sesame_sanitize_text (issuer, MAX_URL_CHARS);

  if (issuer == NULL && error == NULL)
    add_finding (self, SESAME_FINDING_ERROR, "issuer-missing", "RFC 8414 §2, §3.3",
                 _("The document names no issuer, so nothing ties it to the provider asked for"));
  else if (issuer != NULL && strcmp (issuer, self->requested) != 0)
    add_finding (self, SESAME_FINDING_ERROR, "issuer-mismatch",
                 "RFC 8414 §3.3; OpenID Connect Discovery 1.0 §4.3",
                 _("The document names the issuer “%s”, not “%s” as asked; sign-in refuses "
                   "it, since a provider could otherwise speak for another"),
                 self->issuer, self->requested);
}

/* Whether @uri is plain http, not counting one refused for what it holds (control
 * characters, spaces): that one is invalid, whatever its scheme.
 */
static gboolean
is_plain_http (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;

  for (const guchar *p = (const guchar *) uri; *p != '\0'; p++)
    if (*p <= 0x20 || *p >= 0x7f)
      return FALSE;
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  return parsed != NULL && g_ascii_strcasecmp (g_uri_get_scheme (parsed), "http") == 0;
}

/* @uri as the document gives it, not yet sanitised: the rules are sign-in's. */
static void
check_endpoint (SesameDiagnosis *self,
                guint            i,
                const char      *uri)
{
  g_autoptr(GError) error = NULL;

  /* The member's name is the subject of the error's sentence (“The token_endpoint uses…”). */
  if (_sesame_provider_check_endpoint_for_issuer (self->requested, endpoints[i].member, uri,
                                                  &error))
    return;

  if (g_error_matches (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE) &&
      is_plain_http (uri))
    add_finding (self, SESAME_FINDING_ERROR, "endpoint-http", "RFC 8414 §2; RFC 6749 §3.1, §3.2",
                 "%s", error->message);
  else
    add_finding (self, SESAME_FINDING_ERROR, "endpoint-invalid", "RFC 8414 §2; RFC 6749 §3.1",
                 "%s", error->message);
}

static void
read_endpoints (SesameDiagnosis *self,
                JsonObject      *object)
{
  for (guint i = 0; i < SESAME_DIAGNOSIS_N_ENDPOINTS; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *uri = NULL;

      if (!_sesame_json_get_string (object, endpoints[i].member, &uri, &error))
        member_invalid (self, error);
      if (uri == NULL)
        continue;
      self->endpoints[i] = _sesame_sanitize_text (uri, MAX_URL_CHARS);
      check_endpoint (self, i, uri);
    }

  if (self->endpoints[DIAGNOSIS_AUTHORIZATION] == NULL)
    add_finding (self, SESAME_FINDING_ERROR, "authorization-endpoint-missing", "RFC 8414 §2",
                 _("The document has no authorization endpoint"));
  if (self->endpoints[DIAGNOSIS_TOKEN] == NULL)
    add_finding (self, SESAME_FINDING_ERROR, "token-endpoint-missing", "RFC 8414 §2",
                 _("The document has no token endpoint"));
}

/* What sign-in itself would say of the document: the same code, not a copy of it. */
static void
check_sign_in (SesameDiagnosis *self,
               GBytes          *metadata)
{
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  provider = sesame_provider_new_from_metadata (self->requested, metadata, &error);
  if (provider == NULL)
    self->sign_in_error = _sesame_sanitize_text (error->message, DIAGNOSIS_MAX_MESSAGE_CHARS);
}

static gboolean
is_openid_document (const char *document_url,
                    JsonObject *object)
{
  return (document_url != NULL &&
          g_str_has_suffix (document_url, "/.well-known/openid-configuration")) ||
         json_object_has_member (object, "id_token_signing_alg_values_supported") ||
         json_object_has_member (object, "subject_types_supported");
}

/**
 * sesame_diagnosis_new_from_metadata:
 * @requested: the issuer the document was asked for
 * @document_url: (nullable): where it was found
 * @metadata: the document
 *
 * Returns: (transfer full): the diagnosis, or %NULL when @metadata is not a JSON object
 */
SesameDiagnosis *
sesame_diagnosis_new_from_metadata (const char  *requested,
                                    const char  *document_url,
                                    GBytes      *metadata,
                                    GError     **error)
{
  g_autoptr(SesameDiagnosis) self = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean iss_parameter = FALSE;

  g_return_val_if_fail (requested != NULL, NULL);
  g_return_val_if_fail (metadata != NULL, NULL);

  object = _sesame_json_parse_object (metadata, _("provider’s metadata"), error);
  if (object == NULL)
    return NULL;

  self = g_object_new (SESAME_TYPE_DIAGNOSIS, NULL);
  self->requested = _sesame_sanitize_text (requested, MAX_URL_CHARS);
  self->document_url = _sesame_sanitize_text (document_url, MAX_URL_CHARS);
  self->is_openid = is_openid_document (document_url, object);

  check_issuer (self, object);
  read_endpoints (self, object);
  for (guint i = 0; i < SESAME_DIAGNOSIS_N_LISTS; i++)
    read_list (self, object, i);
  apply_defaults (self);
  if (!_sesame_json_get_bool (object, "authorization_response_iss_parameter_supported",
                              &iss_parameter, &local_error))
    member_invalid (self, local_error);
  self->iss_parameter = iss_parameter;

  _sesame_diagnosis_check (self);
  check_sign_in (self, metadata);

  g_array_sort (self->findings, compare_findings);
  return g_steal_pointer (&self);
}

/* Fetching --------------------------------------------------------------------------- */

static void
on_metadata (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = NULL;
  SesameDiagnosis *diagnosis;
  GError *error = NULL;

  body = _sesame_provider_fetch_metadata_finish (result, &url, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  diagnosis = sesame_diagnosis_new_from_metadata (g_task_get_task_data (task), url, body, &error);
  if (diagnosis == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diagnosis, g_object_unref);
}

/**
 * sesame_diagnosis_fetch_async:
 * @issuer: the issuer to diagnose
 *
 * Fetches @issuer's discovery document as sign-in does, and diagnoses it. It fails
 * only when there is no document to read: a network or TLS error, no document at
 * either well-known address (%SESAME_OAUTH_ERROR_DISCOVERY), one that is not a JSON
 * object (%SESAME_OAUTH_ERROR_BAD_RESPONSE), or an issuer that is not a URL Sesame
 * would fetch.
 */
void
sesame_diagnosis_fetch_async (const char          *issuer,
                              SoupSession         *session,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (issuer != NULL);
  g_return_if_fail (SOUP_IS_SESSION (session));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_diagnosis_fetch_async);
  g_task_set_task_data (task, g_strdup (issuer), g_free);
  _sesame_provider_fetch_metadata_async (issuer, session, cancellable, on_metadata,
                                         g_steal_pointer (&task));
}

SesameDiagnosis *
sesame_diagnosis_fetch_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_diagnosis_fetch_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Accessors -------------------------------------------------------------------------- */

const char *
sesame_diagnosis_get_requested (SesameDiagnosis *self)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), NULL);

  return self->requested;
}

/* (nullable): the issuer the document names */
const char *
sesame_diagnosis_get_issuer (SesameDiagnosis *self)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), NULL);

  return self->issuer;
}

/* (nullable): where the document was found */
const char *
sesame_diagnosis_get_document_url (SesameDiagnosis *self)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), NULL);

  return self->document_url;
}

gboolean
sesame_diagnosis_get_is_openid (SesameDiagnosis *self)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), FALSE);

  return self->is_openid;
}

/* @reason: (out) (optional): why sign-in refuses the document, when it does */
gboolean
sesame_diagnosis_get_sign_in_possible (SesameDiagnosis  *self,
                                       const char      **reason)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), FALSE);

  if (reason != NULL)
    *reason = self->sign_in_error;
  return self->sign_in_error == NULL;
}

const char * const *
sesame_diagnosis_endpoint_members (void)
{
  static const char * const members[] = {
    "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri",
    "revocation_endpoint", "introspection_endpoint", "device_authorization_endpoint",
    "pushed_authorization_request_endpoint", "end_session_endpoint", "registration_endpoint",
    NULL
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (members) == SESAME_DIAGNOSIS_N_ENDPOINTS + 1);
  return members;
}

static int
endpoint_index (const char *member)
{
  for (guint i = 0; i < SESAME_DIAGNOSIS_N_ENDPOINTS; i++)
    if (g_strcmp0 (member, endpoints[i].member) == 0)
      return i;
  return -1;
}

const char *
sesame_diagnosis_endpoint_label (const char *member)
{
  int i = endpoint_index (member);

  g_return_val_if_fail (i >= 0, NULL);

  return _(endpoints[i].label);
}

/* (nullable): the endpoint as the document gives it */
const char *
sesame_diagnosis_get_endpoint (SesameDiagnosis *self,
                               const char      *member)
{
  int i = endpoint_index (member);

  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), NULL);
  g_return_val_if_fail (i >= 0, NULL);

  return self->endpoints[i];
}

const char * const *
sesame_diagnosis_get_list (SesameDiagnosis     *self,
                           SesameDiagnosisList  list)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), NULL);
  g_return_val_if_fail (list < SESAME_DIAGNOSIS_N_LISTS, NULL);

  return (const char * const *) self->lists[list];
}

gboolean
sesame_diagnosis_get_list_announced (SesameDiagnosis     *self,
                                     SesameDiagnosisList  list)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), FALSE);
  g_return_val_if_fail (list < SESAME_DIAGNOSIS_N_LISTS, FALSE);

  return self->announced[list];
}

gboolean
sesame_diagnosis_get_iss_parameter (SesameDiagnosis *self)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), FALSE);

  return self->iss_parameter;
}

guint
sesame_diagnosis_get_n_findings (SesameDiagnosis *self)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), 0);

  return self->findings->len;
}

/* The findings, graver first. */
SesameFindingLevel
sesame_diagnosis_get_finding (SesameDiagnosis  *self,
                              guint             index,
                              const char      **id,
                              const char      **message,
                              const char      **reference)
{
  const Finding *finding;

  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), SESAME_FINDING_INFO);
  g_return_val_if_fail (index < self->findings->len, SESAME_FINDING_INFO);

  finding = &g_array_index (self->findings, Finding, index);
  if (id != NULL)
    *id = finding->id;
  if (message != NULL)
    *message = finding->message;
  if (reference != NULL)
    *reference = finding->reference;
  return finding->level;
}

gboolean
sesame_diagnosis_has_finding (SesameDiagnosis *self,
                              const char      *id)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), FALSE);

  for (guint i = 0; i < self->findings->len; i++)
    if (g_strcmp0 (g_array_index (self->findings, Finding, i).id, id) == 0)
      return TRUE;
  return FALSE;
}

gboolean
sesame_diagnosis_has_level (SesameDiagnosis    *self,
                            SesameFindingLevel  level)
{
  g_return_val_if_fail (SESAME_IS_DIAGNOSIS (self), FALSE);

  for (guint i = 0; i < self->findings->len; i++)
    if (g_array_index (self->findings, Finding, i).level >= level)
      return TRUE;
  return FALSE;
}

static const char *level_names[] = {
  [SESAME_FINDING_INFO] = "info",
  [SESAME_FINDING_WARNING] = "warning",
  [SESAME_FINDING_ERROR] = "error",
};

const char *
sesame_finding_level_to_string (SesameFindingLevel level)
{
  g_return_val_if_fail (level <= SESAME_FINDING_ERROR, NULL);

  return level_names[level];
}

gboolean
sesame_finding_level_from_string (const char         *text,
                                  SesameFindingLevel *level)
{
  for (guint i = 0; i < G_N_ELEMENTS (level_names); i++)
    if (g_strcmp0 (text, level_names[i]) == 0)
      {
        *level = i;
        return TRUE;
      }
  return FALSE;
}
