/* sesame-token-service-client.h
 *
 * The command line's side of the token service (sesame-token-protocol.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-token-protocol.h"

/* argv[0] is "token". Returns the exit code when the running app answered (the token
 * printed), or -1 when the keyring path has to answer: options this fast path does not
 * know, no app, another user's socket, a refusal or a timeout. Prints nothing then.
 */
int sesame_token_service_ask (int    argc,
                              char **argv);
