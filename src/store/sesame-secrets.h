/* sesame-secrets.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-oauth.h"

G_BEGIN_DECLS

/* Secrets of a profile in the Secret Service, keyed by profile id: the client secret
 * and the token set (one item each; a save replaces the item in one step, so a crash
 * mid-save leaves the old one). Errors: SESAME_STORE_ERROR_KEYRING_UNAVAILABLE, with a
 * sentence saying what is wrong; never a plain-file fallback.
 */

void            sesame_secrets_store_tokens_async         (const char           *profile_id,
                                                           const char           *profile_name,
                                                           SesameTokenSet       *tokens,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean        sesame_secrets_store_tokens_finish        (GAsyncResult         *result,
                                                           GError              **error);
/* Returns NULL and no error when there are no tokens. */
void            sesame_secrets_lookup_tokens_async        (const char           *profile_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
SesameTokenSet *sesame_secrets_lookup_tokens_finish       (GAsyncResult         *result,
                                                           GError              **error);
void            sesame_secrets_store_client_secret_async  (const char           *profile_id,
                                                           const char           *profile_name,
                                                           const char           *secret,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean        sesame_secrets_store_client_secret_finish (GAsyncResult         *result,
                                                           GError              **error);
/* Returns NULL and no error when there is none. */
void            sesame_secrets_lookup_client_secret_async (const char           *profile_id,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
char           *sesame_secrets_lookup_client_secret_finish (GAsyncResult        *result,
                                                            GError             **error);
/* Deletes the tokens (@tokens_only) or everything of the profile. */
void            sesame_secrets_clear_async                (const char           *profile_id,
                                                           gboolean              tokens_only,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean        sesame_secrets_clear_finish               (GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
