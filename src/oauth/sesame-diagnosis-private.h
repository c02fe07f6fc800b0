/* sesame-diagnosis-private.h
 *
 * What sesame-diagnosis.c (reading the document) and sesame-diagnosis-checks.c (the
 * findings about what it supports) share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-diagnosis.h"

G_BEGIN_DECLS

#define SESAME_DIAGNOSIS_N_ENDPOINTS 10
#define DIAGNOSIS_MAX_MESSAGE_CHARS  1000

/* Indices of the endpoints, in the order of sesame_diagnosis_endpoint_members (). */
enum
{
  DIAGNOSIS_AUTHORIZATION,
  DIAGNOSIS_TOKEN,
  DIAGNOSIS_USERINFO,
  DIAGNOSIS_JWKS,
  DIAGNOSIS_REVOCATION,
};

typedef struct
{
  SesameFindingLevel  level;
  guint               order;
  char               *id;
  char               *message;
  const char         *reference;
} Finding;

struct _SesameDiagnosis
{
  GObject   parent_instance;

  char     *requested;
  char     *issuer;                           /* sanitised; NULL when absent */
  char     *document_url;
  char     *endpoints[SESAME_DIAGNOSIS_N_ENDPOINTS];  /* sanitised; NULL when absent */
  GStrv     lists[SESAME_DIAGNOSIS_N_LISTS];         /* sanitised; never NULL once built */
  gboolean  announced[SESAME_DIAGNOSIS_N_LISTS];
  char     *sign_in_error;                    /* sanitised; NULL when sign-in may go on */
  GArray   *findings;                         /* Finding, graver first once built */
  guint     iss_parameter : 1;
  guint     is_openid : 1;
};

void     _sesame_diagnosis_add_findingv (SesameDiagnosis     *self,
                                         SesameFindingLevel   level,
                                         const char          *id,
                                         const char          *reference,
                                         const char          *format,
                                         va_list              args) G_GNUC_PRINTF (5, 0);
/* The findings about what the provider supports, once the document is read. */
void     _sesame_diagnosis_check        (SesameDiagnosis     *self);

G_END_DECLS
