/* sesame-profile.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-oauth.h"

G_BEGIN_DECLS

typedef enum
{
  SESAME_BROWSER_SYSTEM,    /* the default browser, through GIO / the OpenURI portal */
  SESAME_BROWSER_EMBEDDED,  /* a WebKit view inside Sesame */
  SESAME_BROWSER_NONE,      /* print or show the address only */
} SesameBrowser;

/* How a profile signs in: a browser with the loopback redirect (RFC 8252), or the user
 * approving on another device (the device authorization grant, RFC 8628). */
typedef enum
{
  SESAME_SIGN_IN_BROWSER,
  SESAME_SIGN_IN_DEVICE,
} SesameSignInMethod;

#define SESAME_TYPE_PROFILE (sesame_profile_get_type ())

G_DECLARE_FINAL_TYPE (SesameProfile, sesame_profile, SESAME, PROFILE, GObject)

/* A profile: one provider account. No secret is ever held here: the client secret and
 * the tokens live in the Secret Service (sesame-secrets.h), keyed by the profile's id.
 * Every string is nullable unless said otherwise; setters take a copy; "" means unset.
 */
SesameProfile     *sesame_profile_new                      (const char     *name);
SesameProfile     *sesame_profile_copy                     (SesameProfile  *self);
const char        *sesame_profile_get_id                   (SesameProfile  *self);  /* never NULL, stable */
const char        *sesame_profile_get_name                 (SesameProfile  *self);  /* never NULL */
void               sesame_profile_set_name                 (SesameProfile  *self, const char *name);
const char        *sesame_profile_get_preset               (SesameProfile  *self);
void               sesame_profile_set_preset               (SesameProfile  *self, const char *preset);
const char        *sesame_profile_get_issuer               (SesameProfile  *self);
void               sesame_profile_set_issuer               (SesameProfile  *self, const char *issuer);
const char        *sesame_profile_get_endpoint             (SesameProfile  *self, SesameEndpoint endpoint);
void               sesame_profile_set_endpoint             (SesameProfile  *self, SesameEndpoint endpoint, const char *uri);
const char        *sesame_profile_get_client_id            (SesameProfile  *self);
void               sesame_profile_set_client_id            (SesameProfile  *self, const char *client_id);
SesameAuthMethod   sesame_profile_get_auth_method          (SesameProfile  *self);
void               sesame_profile_set_auth_method          (SesameProfile  *self, SesameAuthMethod method);
const char        *sesame_profile_get_scope                (SesameProfile  *self);
void               sesame_profile_set_scope                (SesameProfile  *self, const char *scope);
const char        *sesame_profile_get_redirect_uri         (SesameProfile  *self);
void               sesame_profile_set_redirect_uri         (SesameProfile  *self, const char *uri);
const char        *sesame_profile_get_ca_file              (SesameProfile  *self);
void               sesame_profile_set_ca_file              (SesameProfile  *self, const char *path);
SesameBrowser      sesame_profile_get_browser              (SesameProfile  *self);
void               sesame_profile_set_browser              (SesameProfile  *self, SesameBrowser browser);
SesameSignInMethod sesame_profile_get_sign_in_method       (SesameProfile  *self);
void               sesame_profile_set_sign_in_method       (SesameProfile  *self, SesameSignInMethod method);
gboolean           sesame_profile_get_stay_signed_in       (SesameProfile  *self);  /* keep web cookies */
void               sesame_profile_set_stay_signed_in       (SesameProfile  *self, gboolean stay_signed_in);
const char * const *sesame_profile_get_params              (SesameProfile  *self);  /* "name=value", NULL-terminated, never NULL */
void               sesame_profile_set_params               (SesameProfile  *self, const char * const *params);

/* Checks that the profile is complete and every URL and value valid (the same checks as
 * the core's): name, issuer or both authorization and token endpoints, client id,
 * params as name=value and not reserved. SESAME_STORE_ERROR_INVALID_PROFILE or the
 * core's SESAME_OAUTH_ERROR_INSECURE, naming the field.
 */
gboolean           sesame_profile_validate                 (SesameProfile  *self,
                                                            GError        **error);
/* The core objects for a sign-in or a refresh. @client_secret may be NULL. */
SesameClient      *sesame_profile_create_client            (SesameProfile  *self,
                                                            const char     *client_secret,
                                                            GError        **error);
/* NULL without error when the profile has an issuer: discover the provider then. */
SesameProvider    *sesame_profile_create_provider          (SesameProfile  *self,
                                                            GError        **error);

gboolean           sesame_browser_from_string              (const char     *text,
                                                            SesameBrowser  *browser);
const char        *sesame_browser_to_string                (SesameBrowser   browser);
gboolean           sesame_sign_in_method_from_string       (const char          *text,
                                                            SesameSignInMethod  *method);
const char        *sesame_sign_in_method_to_string         (SesameSignInMethod   method);

G_END_DECLS
