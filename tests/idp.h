/* idp.h
 *
 * The real test provider (npm oidc-provider, tests/idp/server.mjs) as a child process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IDP_BASIC_SECRET "b4s!c s3cret:+/%&="
#define IDP_POST_SECRET  "p0st-s3cret"

typedef struct
{
  GSubprocess *process;
  char        *issuer;
} Idp;

Idp  *idp_start (void);
void  idp_stop  (Idp *idp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Idp, idp_stop)

G_END_DECLS
