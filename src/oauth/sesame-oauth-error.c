/* sesame-oauth-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sesame-oauth-error.h"

G_DEFINE_QUARK (sesame-oauth-error-quark, sesame_oauth_error)
