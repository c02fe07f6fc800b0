/* sesame-token-protocol.h
 *
 * The token service: while the app runs, it answers `sesame token NAME` from memory over
 * a Unix socket, $XDG_RUNTIME_DIR/sesame/token-service, in a directory of mode 0700; each
 * side checks that the other runs as the same user (SO_PEERCRED). The keyring is the
 * fallback: any answer but a token, or no answer in time, and the command reads the
 * keyring itself. The app serves it (src/app/sesame-token-service.c), the command line
 * asks (src/cli/sesame-cli-token.c); the request is a SesameTokenRequest
 * (sesame-token-request.c), written and read there alone.
 *
 * The protocol, one request per connection:
 *   request   "SESAME-TOKEN/1\0" FORMAT "\0" MIN-VALID "\0" CONFIG-DIR "\0" PROFILE-NAME "\0",
 *             then EOF. FORMAT: access, header, json or id; MIN-VALID: decimal seconds;
 *             CONFIG-DIR: the caller's $XDG_CONFIG_HOME (or ~/.config), which must be the
 *             app's: a command run with a configuration of its own (a demo, a test) is not
 *             answered from an app that reads another one's profiles and keyring
 *   answer    "OK\n" and the exact text `sesame token` prints on stdout, then EOF;
 *             or "NO\n" (ask the keyring instead);
 *             either may come after "WAIT\n", sent when the token is being refreshed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#define SESAME_TOKEN_SERVICE_DIR        "sesame"
#define SESAME_TOKEN_SERVICE_SOCKET     "token-service"
#define SESAME_TOKEN_SERVICE_MAGIC      "SESAME-TOKEN/1"
#define SESAME_TOKEN_SERVICE_MAX_REQUEST 4096
