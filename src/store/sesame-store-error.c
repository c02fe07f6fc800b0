/* sesame-store-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sesame-store-error.h"

G_DEFINE_QUARK (sesame-store-error-quark, sesame_store_error)
