/* sesame-json-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Whether the reader refuses @data before json-glib sees it: arrays and objects nested
 * deeper than 64, or a quote or slash outside strings (see sesame-json.c). */
gboolean    _sesame_json_refused_early     (const char  *data,
                                            gsize        len);
void        _sesame_json_make_valid        (JsonObject  *object);
JsonObject *_sesame_json_parse_object      (GBytes      *bytes,
                                            const char  *what,
                                            GError     **error);
gboolean    _sesame_json_get_string        (JsonObject  *object,
                                            const char  *member,
                                            const char **out,
                                            GError     **error);
gboolean    _sesame_json_get_bool          (JsonObject  *object,
                                            const char  *member,
                                            gboolean    *out,
                                            GError     **error);
gboolean    _sesame_json_get_strv          (JsonObject  *object,
                                            const char  *member,
                                            GStrv       *out,
                                            GError     **error);

G_END_DECLS

G_BEGIN_DECLS

JsonObject *_sesame_token_response_parse (GBytes      *body,
                                          const char  *content_type,
                                          GError     **error);

G_END_DECLS

#include "sesame-token-set.h"

G_BEGIN_DECLS

SesameTokenSet *_sesame_token_set_new_from_object (JsonObject  *object,
                                                   const char  *requested_scope,
                                                   GError     **error);
void            _sesame_token_set_set_id_token    (SesameTokenSet  *self,
                                                   const char      *id_token);

G_END_DECLS
