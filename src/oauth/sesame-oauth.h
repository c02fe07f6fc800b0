/* sesame-oauth.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-auth-request.h"
#include "sesame-client.h"
#include "sesame-device-flow.h"
#include "sesame-flow.h"
#include "sesame-http.h"
#include "sesame-id-token.h"
#include "sesame-jwks.h"
#include "sesame-loopback.h"
#include "sesame-oauth-error.h"
#include "sesame-provider.h"
#include "sesame-token-client.h"
#include "sesame-token-set.h"
