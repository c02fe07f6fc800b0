/* sesame-profile-store-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-profile-store.h"

G_BEGIN_DECLS

/* Reads the profiles from @data, a profile file's contents, with the same checks as
 * sesame_profile_store_load (). For the fuzzer.
 */
gboolean _sesame_profile_store_load_from_data (SesameProfileStore  *self,
                                               const char          *data,
                                               gsize                len,
                                               GError             **error);

G_END_DECLS
