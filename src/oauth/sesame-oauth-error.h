/* sesame-oauth-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SESAME_OAUTH_ERROR (sesame_oauth_error_quark ())

/**
 * SesameOAuthError:
 * @SESAME_OAUTH_ERROR_INVALID_ARGUMENT: the configuration given by the user is unusable
 * @SESAME_OAUTH_ERROR_INSECURE: an endpoint is not https (and not http on loopback)
 * @SESAME_OAUTH_ERROR_DISCOVERY: provider metadata could not be found or is unusable
 * @SESAME_OAUTH_ERROR_ISSUER_MISMATCH: an issuer differs from the one expected
 * @SESAME_OAUTH_ERROR_STATE_MISMATCH: a callback's state is missing, wrong or already used
 * @SESAME_OAUTH_ERROR_ACCESS_DENIED: the user or the provider refused the authorization
 * @SESAME_OAUTH_ERROR_AUTHORIZATION_FAILED: any other error redirected from the authorization endpoint
 * @SESAME_OAUTH_ERROR_INVALID_REQUEST: token endpoint said `invalid_request`
 * @SESAME_OAUTH_ERROR_INVALID_CLIENT: token endpoint said `invalid_client`
 * @SESAME_OAUTH_ERROR_INVALID_GRANT: token endpoint said `invalid_grant`
 * @SESAME_OAUTH_ERROR_UNAUTHORIZED_CLIENT: token endpoint said `unauthorized_client`
 * @SESAME_OAUTH_ERROR_UNSUPPORTED_GRANT_TYPE: token endpoint said `unsupported_grant_type`
 * @SESAME_OAUTH_ERROR_INVALID_SCOPE: token endpoint said `invalid_scope`
 * @SESAME_OAUTH_ERROR_TOKEN_ERROR: token endpoint said something else
 * @SESAME_OAUTH_ERROR_HTTP: the provider answered with an HTTP error status and no OAuth error
 * @SESAME_OAUTH_ERROR_BAD_RESPONSE: the provider's answer is malformed, incomplete or too large
 * @SESAME_OAUTH_ERROR_LISTEN_FAILED: the loopback receiver could not listen
 * @SESAME_OAUTH_ERROR_TIMED_OUT: nothing came back in time
 * @SESAME_OAUTH_ERROR_ID_TOKEN_MISSING: `openid` was asked for and no ID token came
 * @SESAME_OAUTH_ERROR_ID_TOKEN_INVALID: the ID token is malformed or a claim fails a check
 * @SESAME_OAUTH_ERROR_ID_TOKEN_ALGORITHM: the ID token is signed with a refused algorithm
 * @SESAME_OAUTH_ERROR_ID_TOKEN_KEY_NOT_FOUND: no key of the provider's JWKS fits the ID token
 * @SESAME_OAUTH_ERROR_ID_TOKEN_SIGNATURE: the ID token's signature does not verify
 * @SESAME_OAUTH_ERROR_ID_TOKEN_IDENTITY_CHANGED: a refreshed ID token names another issuer or subject
 * @SESAME_OAUTH_ERROR_EXPIRED_TOKEN: a device code expired before the user approved it (RFC 8628)
 * @SESAME_OAUTH_ERROR_JWT_MALFORMED: a token that looks like a JWT cannot be decoded
 */
typedef enum
{
  SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
  SESAME_OAUTH_ERROR_INSECURE,
  SESAME_OAUTH_ERROR_DISCOVERY,
  SESAME_OAUTH_ERROR_ISSUER_MISMATCH,
  SESAME_OAUTH_ERROR_STATE_MISMATCH,
  SESAME_OAUTH_ERROR_ACCESS_DENIED,
  SESAME_OAUTH_ERROR_AUTHORIZATION_FAILED,
  SESAME_OAUTH_ERROR_INVALID_REQUEST,
  SESAME_OAUTH_ERROR_INVALID_CLIENT,
  SESAME_OAUTH_ERROR_INVALID_GRANT,
  SESAME_OAUTH_ERROR_UNAUTHORIZED_CLIENT,
  SESAME_OAUTH_ERROR_UNSUPPORTED_GRANT_TYPE,
  SESAME_OAUTH_ERROR_INVALID_SCOPE,
  SESAME_OAUTH_ERROR_TOKEN_ERROR,
  SESAME_OAUTH_ERROR_HTTP,
  SESAME_OAUTH_ERROR_BAD_RESPONSE,
  SESAME_OAUTH_ERROR_LISTEN_FAILED,
  SESAME_OAUTH_ERROR_TIMED_OUT,
  SESAME_OAUTH_ERROR_ID_TOKEN_MISSING,
  SESAME_OAUTH_ERROR_ID_TOKEN_INVALID,
  SESAME_OAUTH_ERROR_ID_TOKEN_ALGORITHM,
  SESAME_OAUTH_ERROR_ID_TOKEN_KEY_NOT_FOUND,
  SESAME_OAUTH_ERROR_ID_TOKEN_SIGNATURE,
  SESAME_OAUTH_ERROR_ID_TOKEN_IDENTITY_CHANGED,
  SESAME_OAUTH_ERROR_EXPIRED_TOKEN,
  SESAME_OAUTH_ERROR_JWT_MALFORMED,
} SesameOAuthError;

GQuark sesame_oauth_error_quark (void);

G_END_DECLS
