/* sesame-store-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SESAME_STORE_ERROR (sesame_store_error_quark ())

/**
 * SesameStoreError:
 * @SESAME_STORE_ERROR_KEYRING_UNAVAILABLE: the Secret Service is missing, locked or failed
 * @SESAME_STORE_ERROR_SIGN_IN_NEEDED: there are no (usable) tokens: sign in
 * @SESAME_STORE_ERROR_PROFILE_NOT_FOUND: no profile of that name
 * @SESAME_STORE_ERROR_PROFILE_EXISTS: a profile of that name exists already
 * @SESAME_STORE_ERROR_INVALID_PROFILE: the profile is incomplete or invalid
 * @SESAME_STORE_ERROR_CORRUPT: stored data could not be read
 * @SESAME_STORE_ERROR_IO: the profile file could not be read or written
 * @SESAME_STORE_ERROR_CONFLICT: a setting being saved was changed elsewhere meanwhile
 * @SESAME_STORE_ERROR_BUSY: another process held the profile's lock for too long
 */
typedef enum
{
  SESAME_STORE_ERROR_KEYRING_UNAVAILABLE,
  SESAME_STORE_ERROR_SIGN_IN_NEEDED,
  SESAME_STORE_ERROR_PROFILE_NOT_FOUND,
  SESAME_STORE_ERROR_PROFILE_EXISTS,
  SESAME_STORE_ERROR_INVALID_PROFILE,
  SESAME_STORE_ERROR_CORRUPT,
  SESAME_STORE_ERROR_IO,
  SESAME_STORE_ERROR_CONFLICT,
  SESAME_STORE_ERROR_BUSY,
} SesameStoreError;

GQuark sesame_store_error_quark (void);

G_END_DECLS
