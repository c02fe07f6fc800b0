/* sesame-sign-out.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Signing out says the same, from the window or from the settings: one question, and one
 * sentence for its outcome (none quoting the provider, whose words go elsewhere).
 */
AdwMessageDialog *_sesame_sign_out_dialog_new (GtkWindow    *parent,
                                               const char   *profile_name);
const char       *_sesame_sign_out_outcome    (gboolean      revoked,
                                               const GError *revocation_error);

G_END_DECLS
