/* sesame-diagnosis.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* In increasing order of gravity. */
typedef enum
{
  SESAME_FINDING_INFO,
  SESAME_FINDING_WARNING,
  SESAME_FINDING_ERROR,
} SesameFindingLevel;

/* The lists a provider announces in its metadata. */
typedef enum
{
  SESAME_DIAGNOSIS_GRANT_TYPES,
  SESAME_DIAGNOSIS_RESPONSE_TYPES,
  SESAME_DIAGNOSIS_PKCE_METHODS,
  SESAME_DIAGNOSIS_AUTH_METHODS,
  SESAME_DIAGNOSIS_ID_TOKEN_ALGS,
  SESAME_DIAGNOSIS_SCOPES,
  SESAME_DIAGNOSIS_N_LISTS,
} SesameDiagnosisList;

#define SESAME_TYPE_DIAGNOSIS (sesame_diagnosis_get_type ())

/* What a provider's discovery document says it supports, and what in it deserves a
 * remark (findings). Every string in it that the provider wrote has been through the
 * terminal sanitiser: it may be shown as plain text as it is (never as markup).
 */
G_DECLARE_FINAL_TYPE (SesameDiagnosis, sesame_diagnosis, SESAME, DIAGNOSIS, GObject)

SesameDiagnosis    *sesame_diagnosis_new_from_metadata (const char          *requested,
                                                        const char          *document_url,
                                                        GBytes              *metadata,
                                                        GError             **error);
void                sesame_diagnosis_fetch_async       (const char          *issuer,
                                                        SoupSession         *session,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
SesameDiagnosis    *sesame_diagnosis_fetch_finish      (GAsyncResult        *result,
                                                        GError             **error);

const char         *sesame_diagnosis_get_requested     (SesameDiagnosis     *self);
const char         *sesame_diagnosis_get_issuer        (SesameDiagnosis     *self);
const char         *sesame_diagnosis_get_document_url  (SesameDiagnosis     *self);
gboolean            sesame_diagnosis_get_is_openid     (SesameDiagnosis     *self);
gboolean            sesame_diagnosis_get_sign_in_possible (SesameDiagnosis  *self,
                                                           const char      **reason);

/* The metadata members of endpoints, in the order they are shown, NULL-terminated. */
const char * const *sesame_diagnosis_endpoint_members  (void);
/* A short translated name for an endpoint member (“Authorization”). */
const char         *sesame_diagnosis_endpoint_label    (const char          *member);
const char         *sesame_diagnosis_get_endpoint      (SesameDiagnosis     *self,
                                                        const char          *member);

/* The list as the provider announced it, or the default that applies when it did not
 * (grant types and client authentication, RFC 8414 §2); never NULL.
 */
const char * const *sesame_diagnosis_get_list          (SesameDiagnosis     *self,
                                                        SesameDiagnosisList  list);
gboolean            sesame_diagnosis_get_list_announced (SesameDiagnosis    *self,
                                                         SesameDiagnosisList list);
gboolean            sesame_diagnosis_get_iss_parameter (SesameDiagnosis     *self);

guint               sesame_diagnosis_get_n_findings    (SesameDiagnosis     *self);
SesameFindingLevel  sesame_diagnosis_get_finding       (SesameDiagnosis     *self,
                                                        guint                index,
                                                        const char         **id,
                                                        const char         **message,
                                                        const char         **reference);
gboolean            sesame_diagnosis_has_finding       (SesameDiagnosis     *self,
                                                        const char          *id);
/* Whether a finding is at @level or graver. */
gboolean            sesame_diagnosis_has_level         (SesameDiagnosis     *self,
                                                        SesameFindingLevel   level);
/* "error", "warning", "info" */
const char         *sesame_finding_level_to_string     (SesameFindingLevel   level);
gboolean            sesame_finding_level_from_string   (const char          *text,
                                                        SesameFindingLevel  *level);

/* The diagnosis as the JSON document of `sesame diagnose --json` (see the README). */
char               *sesame_diagnosis_to_json           (SesameDiagnosis     *self);

G_END_DECLS
