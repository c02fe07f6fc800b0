/* sesame-diagnosis-checks.c
 *
 * The findings about what a provider supports, each with its level, its stable id (the
 * README lists them; scripts rely on them) and the section of the RFC or specification it
 * comes from. The document has been read by sesame-diagnosis.c: every string here is
 * sanitised already.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-diagnosis-private.h"
#include "sesame-oauth-private.h"

void
_sesame_diagnosis_add_findingv (SesameDiagnosis    *self,
                                SesameFindingLevel  level,
                                const char         *id,
                                const char         *reference,
                                const char         *format,
                                va_list             args)
{
  Finding finding = { level, self->findings->len, g_strdup (id), NULL, reference };
  g_autofree char *message = g_strdup_vprintf (format, args);

  finding.message = _sesame_sanitize_text (message, DIAGNOSIS_MAX_MESSAGE_CHARS);
  g_array_append_val (self->findings, finding);
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

static gboolean
list_has (SesameDiagnosis     *self,
          SesameDiagnosisList  list,
          const char          *value)
{
  return g_strv_contains ((const char * const *) self->lists[list], value);
}

static void
check_local (SesameDiagnosis *self)
{
  g_autoptr(GUri) uri = g_uri_parse (self->requested, G_URI_FLAGS_ENCODED, NULL);

  if (uri != NULL && g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0)
    add_finding (self, SESAME_FINDING_INFO, "issuer-http-loopback", "RFC 8414 §2",
                 _("The provider is on this computer and speaks plain http: fine for "
                   "development, never for a real provider"));
}

static void
check_pkce (SesameDiagnosis *self)
{
  if (!self->announced[SESAME_DIAGNOSIS_PKCE_METHODS])
    add_finding (self, SESAME_FINDING_WARNING, "pkce-s256-missing",
                 "RFC 7636 §4.2; RFC 9700 §2.1.1",
                 _("The provider does not announce PKCE (“code_challenge_methods_supported”); "
                   "Sesame sends S256 anyway, but a provider that ignores it leaves a "
                   "stolen authorization code usable"));
  else if (!list_has (self, SESAME_DIAGNOSIS_PKCE_METHODS, "S256"))
    add_finding (self, SESAME_FINDING_ERROR, "pkce-s256-missing",
                 "RFC 7636 §4.2; RFC 9700 §2.1.1",
                 _("The provider does not offer PKCE with S256; Sesame refuses to sign in "
                   "without it"));

  if (list_has (self, SESAME_DIAGNOSIS_PKCE_METHODS, "plain"))
    add_finding (self, SESAME_FINDING_WARNING, "pkce-plain", "RFC 7636 §4.2, §7.2; RFC 9700 §2.1.1",
                 _("The provider accepts PKCE with “plain”, which shows the verifier to "
                   "anyone who sees the authorization request; Sesame always uses S256"));
}

static void
check_iss_parameter (SesameDiagnosis *self)
{
  if (!self->iss_parameter)
    add_finding (self, SESAME_FINDING_WARNING, "iss-parameter-missing", "RFC 9207; RFC 9700 §4.4",
                 _("The provider does not announce the “iss” parameter in authorization "
                   "responses: the defence against mix-up attacks rests on distinct redirect "
                   "URIs alone"));
}

static gboolean
has_token_response_type (SesameDiagnosis *self)
{
  for (GStrv type = self->lists[SESAME_DIAGNOSIS_RESPONSE_TYPES]; *type != NULL; type++)
    {
      g_auto(GStrv) words = g_strsplit (*type, " ", -1);

      if (g_strv_contains ((const char * const *) words, "token"))
        return TRUE;
    }
  return FALSE;
}

static void
check_grant_types (SesameDiagnosis *self)
{
  if (!self->announced[SESAME_DIAGNOSIS_GRANT_TYPES])
    add_finding (self, SESAME_FINDING_INFO, "grant-types-default", "RFC 8414 §2",
                 _("The provider does not list its grant types; by RFC 8414 that means "
                   "“authorization_code” and “implicit”"));
  else
    {
      if (!list_has (self, SESAME_DIAGNOSIS_GRANT_TYPES, "authorization_code"))
        add_finding (self, SESAME_FINDING_ERROR, "authorization-code-grant-missing",
                     "RFC 6749 §4.1; RFC 8414 §2",
                     _("The provider does not list the authorization code grant, the one "
                       "Sesame signs in with"));
      if (list_has (self, SESAME_DIAGNOSIS_GRANT_TYPES, "implicit"))
        add_finding (self, SESAME_FINDING_WARNING, "implicit-grant", "RFC 9700 §2.1.2",
                     _("The provider offers the implicit grant, which hands access tokens "
                       "over in the redirect URI where they leak"));
      if (!list_has (self, SESAME_DIAGNOSIS_GRANT_TYPES, "refresh_token"))
        add_finding (self, SESAME_FINDING_INFO, "refresh-token-grant-missing",
                     "RFC 6749 §1.5, §6",
                     _("The provider does not list the refresh token grant: once the access "
                       "token expires, you sign in again"));
    }

  if (list_has (self, SESAME_DIAGNOSIS_GRANT_TYPES, "password"))
    add_finding (self, SESAME_FINDING_WARNING, "password-grant", "RFC 9700 §2.4",
                 _("The provider offers the resource owner password credentials grant, "
                   "which gives the user’s password to the client"));
}

static void
check_response_types (SesameDiagnosis *self)
{
  if (!self->announced[SESAME_DIAGNOSIS_RESPONSE_TYPES])
    add_finding (self, SESAME_FINDING_WARNING, "response-types-missing", "RFC 8414 §2",
                 _("The document does not list the response types, which it must"));
  else if (!list_has (self, SESAME_DIAGNOSIS_RESPONSE_TYPES, "code"))
    add_finding (self, SESAME_FINDING_ERROR, "response-type-code-missing",
                 "RFC 6749 §4.1; RFC 8414 §2",
                 _("The provider does not list the response type “code”, which Sesame "
                   "signs in with"));

  if (has_token_response_type (self))
    add_finding (self, SESAME_FINDING_WARNING, "response-type-token", "RFC 9700 §2.1.2",
                 _("A response type with “token” is enabled: access tokens are then sent in "
                   "the redirect URI, where they leak (the implicit flow)"));
}

static gboolean
alg_is_symmetric_or_none (const char *alg)
{
  return g_str_has_prefix (alg, "HS") || strcmp (alg, "none") == 0;
}

static void
check_id_token_algs (SesameDiagnosis *self)
{
  const char * const *algs = (const char * const *) self->lists[SESAME_DIAGNOSIS_ID_TOKEN_ALGS];
  gboolean asymmetric = FALSE;

  if (g_strv_contains (algs, "none"))
    add_finding (self, SESAME_FINDING_WARNING, "id-token-alg-none",
                 "OpenID Connect Core 1.0 §3.1.3.7; RFC 8725 §3.1",
                 _("The provider announces “none” as an ID token signing algorithm: unsigned "
                   "ID tokens, which Sesame always refuses"));

  for (guint i = 0; algs[i] != NULL; i++)
    asymmetric |= !alg_is_symmetric_or_none (algs[i]);
  if (algs[0] != NULL && !asymmetric)
    add_finding (self, SESAME_FINDING_ERROR, "id-token-alg-hmac-only",
                 "OpenID Connect Core 1.0 §10.1; RFC 8725 §3.1",
                 _("The provider signs ID tokens only with a shared secret (HMAC) or not at "
                   "all; Sesame verifies ID tokens with the provider’s public keys, and "
                   "refuses these"));
  else if (self->is_openid && !self->announced[SESAME_DIAGNOSIS_ID_TOKEN_ALGS])
    add_finding (self, SESAME_FINDING_WARNING, "id-token-algs-missing",
                 "OpenID Connect Discovery 1.0 §3",
                 _("The document does not list the ID token signing algorithms, which it "
                   "must; Sesame then accepts RS256 alone"));
}

static void
check_openid (SesameDiagnosis *self)
{
  if (!self->is_openid)
    return;
  if (self->endpoints[DIAGNOSIS_JWKS] == NULL)
    add_finding (self, SESAME_FINDING_ERROR, "jwks-missing",
                 "OpenID Connect Discovery 1.0 §3; OpenID Connect Core 1.0 §10.1",
                 _("The provider publishes no signing keys (“jwks_uri”), so its ID tokens "
                   "cannot be verified"));
  if (self->endpoints[DIAGNOSIS_USERINFO] == NULL)
    add_finding (self, SESAME_FINDING_INFO, "userinfo-missing", "OpenID Connect Discovery 1.0 §3",
                 _("The provider has no userinfo endpoint: Sesame shows only what the ID "
                   "token says about you"));
  if (self->announced[SESAME_DIAGNOSIS_SCOPES] &&
      !list_has (self, SESAME_DIAGNOSIS_SCOPES, "openid"))
    add_finding (self, SESAME_FINDING_WARNING, "openid-scope-missing",
                 "OpenID Connect Discovery 1.0 §3",
                 _("The provider is an OpenID provider, but does not list the “openid” scope"));
}

static void
check_revocation (SesameDiagnosis *self)
{
  if (self->endpoints[DIAGNOSIS_REVOCATION] == NULL)
    add_finding (self, SESAME_FINDING_WARNING, "revocation-missing", "RFC 7009 §2",
                 _("The provider has no revocation endpoint: signing out only forgets the "
                   "tokens here, and they stay valid at the provider until they expire"));
}

void
_sesame_diagnosis_check (SesameDiagnosis *self)
{
  check_local (self);
  check_pkce (self);
  check_iss_parameter (self);
  check_grant_types (self);
  check_response_types (self);
  check_id_token_algs (self);
  check_openid (self);
  check_revocation (self);
}
