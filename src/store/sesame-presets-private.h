/* sesame-presets-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The English texts of presets.json that are shown to people, as marked for gettext. */
const char * const *_sesame_presets_translatable_strings (void);

G_END_DECLS
