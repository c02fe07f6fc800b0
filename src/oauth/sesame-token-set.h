/* sesame-token-set.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SESAME_TYPE_TOKEN_SET (sesame_token_set_get_type ())

G_DECLARE_FINAL_TYPE (SesameTokenSet, sesame_token_set, SESAME, TOKEN_SET, GObject)

SesameTokenSet *sesame_token_set_new_from_response (GBytes          *body,
                                                    const char      *content_type,
                                                    const char      *requested_scope,
                                                    GError         **error);
const char     *sesame_token_set_get_access_token  (SesameTokenSet  *self);
const char     *sesame_token_set_get_token_type    (SesameTokenSet  *self);
const char     *sesame_token_set_get_refresh_token (SesameTokenSet  *self);
void            sesame_token_set_set_refresh_token (SesameTokenSet  *self,
                                                    const char      *refresh_token);
const char     *sesame_token_set_get_id_token      (SesameTokenSet  *self);
const char     *sesame_token_set_get_scope         (SesameTokenSet  *self);
gint64          sesame_token_set_get_obtained_at   (SesameTokenSet  *self);
gint64          sesame_token_set_get_expires_at    (SesameTokenSet  *self);
gboolean        sesame_token_set_is_fresh          (SesameTokenSet  *self,
                                                    guint            min_valid);
char           *sesame_token_set_to_json           (SesameTokenSet  *self);
SesameTokenSet *sesame_token_set_new_from_json     (const char      *json,
                                                    GError         **error);
gboolean        sesame_token_set_equal             (SesameTokenSet  *a,
                                                    SesameTokenSet  *b);
JsonObject     *sesame_token_set_dup_id_token_claims (SesameTokenSet *self);
JsonObject     *sesame_token_set_get_userinfo      (SesameTokenSet  *self);
void            sesame_token_set_set_userinfo      (SesameTokenSet  *self,
                                                    JsonObject      *userinfo);

G_END_DECLS
