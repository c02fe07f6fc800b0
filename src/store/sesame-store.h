/* sesame-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-account.h"
#include "sesame-presets.h"
#include "sesame-profile-diagnosis.h"
#include "sesame-profile-store.h"
#include "sesame-profile.h"
#include "sesame-secrets.h"
#include "sesame-store-error.h"
#include "sesame-token-request.h"
#include "sesame-web-data.h"
