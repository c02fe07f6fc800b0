/* sesame-client.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SESAME_AUTH_METHOD_NONE,
  SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC,
  SESAME_AUTH_METHOD_CLIENT_SECRET_POST,
} SesameAuthMethod;

#define SESAME_TYPE_CLIENT (sesame_client_get_type ())

G_DECLARE_FINAL_TYPE (SesameClient, sesame_client, SESAME, CLIENT, GObject)

SesameClient      *sesame_client_new                (const char        *client_id);
SesameClient      *sesame_client_new_from_environment (GError         **error);
const char        *sesame_client_get_id             (SesameClient      *self);
const char        *sesame_client_get_secret         (SesameClient      *self);
void               sesame_client_set_secret         (SesameClient      *self,
                                                     const char        *secret);
SesameAuthMethod   sesame_client_get_auth_method    (SesameClient      *self);
void               sesame_client_set_auth_method    (SesameClient      *self,
                                                     SesameAuthMethod   method);
const char        *sesame_client_get_scope          (SesameClient      *self);
void               sesame_client_set_scope          (SesameClient      *self,
                                                     const char        *scope);
gboolean           sesame_client_add_param          (SesameClient      *self,
                                                     const char        *name,
                                                     const char        *value,
                                                     GError           **error);
const char * const *sesame_client_get_params        (SesameClient      *self);
gboolean           sesame_client_check              (SesameClient      *self,
                                                     GError           **error);
gboolean           sesame_auth_method_from_string   (const char        *text,
                                                     SesameAuthMethod  *method);
const char        *sesame_auth_method_to_string     (SesameAuthMethod   method);

G_END_DECLS
