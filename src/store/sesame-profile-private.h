/* sesame-profile-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-profile.h"

G_BEGIN_DECLS

/* The group @group (the profile's id) of a profile file. Unknown keys are ignored; a
 * profile that does not validate is SESAME_STORE_ERROR_CORRUPT, naming the profile.
 */
SesameProfile *_sesame_profile_new_from_keyfile  (GKeyFile       *keyfile,
                                                  const char     *group,
                                                  GError        **error);
/* Writes the profile's keys into its group, removing those that are unset and keeping
 * any key Sesame does not know (written by a newer version).
 */
void           _sesame_profile_save_to_keyfile   (SesameProfile  *self,
                                                  GKeyFile       *keyfile);
/* The provider part of sesame_profile_validate (): issuer or endpoints, scope, redirect
 * URI, params. For presets, which fill in only that part.
 */
gboolean       _sesame_profile_validate_provider (SesameProfile  *self,
                                                  GError        **error);
/* Whether @uri (the userinfo picture, say) may be fetched for this profile's provider:
 * https, or plain http on loopback only when the provider is on this computer.
 */
gboolean       _sesame_profile_check_uri         (SesameProfile  *self,
                                                  const char     *what,
                                                  const char     *uri,
                                                  GError        **error);
/* Whether every setting, the id included, is the same. */
gboolean       _sesame_profile_equal             (SesameProfile  *a,
                                                  SesameProfile  *b);
gboolean       _sesame_profile_id_is_safe        (const char     *id);
SesameProfile *_sesame_profile_merge             (SesameProfile  *base,
                                                  SesameProfile  *edited,
                                                  SesameProfile  *current,
                                                  GError        **error);

G_END_DECLS
