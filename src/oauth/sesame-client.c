/* sesame-client.c
 *
 * Who we are to the provider: client id, how we authenticate, what we ask for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-client.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"

struct _SesameClient
{
  GObject           parent_instance;

  char             *id;
  char             *secret;
  char             *scope;
  GPtrArray        *params;   /* name, value, name, value, …, NULL */
  SesameAuthMethod  auth_method;
};

G_DEFINE_FINAL_TYPE (SesameClient, sesame_client, G_TYPE_OBJECT)


static void
sesame_client_finalize (GObject *object)
{
  SesameClient *self = (SesameClient *) object;

  g_free (self->id);
  if (self->secret != NULL)
    explicit_bzero (self->secret, strlen (self->secret));
  g_free (self->secret);
  g_free (self->scope);
  g_ptr_array_unref (self->params);

  G_OBJECT_CLASS (sesame_client_parent_class)->finalize (object);
}

static void
sesame_client_class_init (SesameClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sesame_client_finalize;
}

static void
sesame_client_init (SesameClient *self)
{
  self->params = g_ptr_array_new_null_terminated (4, g_free, TRUE);
}

SesameClient *
sesame_client_new (const char *client_id)
{
  SesameClient *self;

  g_return_val_if_fail (client_id != NULL, NULL);

  self = g_object_new (SESAME_TYPE_CLIENT, NULL);
  self->id = g_strdup (client_id);
  return self;
}

/**
 * sesame_client_new_from_environment:
 *
 * A client from `OAUTH_CLIENT_ID` and, if set, `OAUTH_CLIENT_SECRET` (then
 * authenticating with client_secret_basic).
 */
SesameClient *
sesame_client_new_from_environment (GError **error)
{
  const char *id = g_getenv ("OAUTH_CLIENT_ID");
  const char *secret = g_getenv ("OAUTH_CLIENT_SECRET");
  SesameClient *self;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("No client id given, and OAUTH_CLIENT_ID is not set"));
      return NULL;
    }

  self = sesame_client_new (id);
  if (secret != NULL && *secret != '\0')
    {
      sesame_client_set_secret (self, secret);
      sesame_client_set_auth_method (self, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
    }
  return self;
}

const char *
sesame_client_get_id (SesameClient *self)
{
  g_return_val_if_fail (SESAME_IS_CLIENT (self), NULL);

  return self->id;
}

/* The client secret: never to be logged or shown. */
const char *
sesame_client_get_secret (SesameClient *self)
{
  g_return_val_if_fail (SESAME_IS_CLIENT (self), NULL);

  return self->secret;
}

void
sesame_client_set_secret (SesameClient *self,
                          const char   *secret)
{
  g_return_if_fail (SESAME_IS_CLIENT (self));

  if (self->secret != NULL)
    explicit_bzero (self->secret, strlen (self->secret));
  g_free (self->secret);
  self->secret = (secret != NULL && *secret != '\0') ? g_strdup (secret) : NULL;
}

SesameAuthMethod
sesame_client_get_auth_method (SesameClient *self)
{
  g_return_val_if_fail (SESAME_IS_CLIENT (self), SESAME_AUTH_METHOD_NONE);

  return self->auth_method;
}

void
sesame_client_set_auth_method (SesameClient     *self,
                               SesameAuthMethod  method)
{
  g_return_if_fail (SESAME_IS_CLIENT (self));
  g_return_if_fail (method <= SESAME_AUTH_METHOD_CLIENT_SECRET_POST);

  self->auth_method = method;
}

const char *
sesame_client_get_scope (SesameClient *self)
{
  g_return_val_if_fail (SESAME_IS_CLIENT (self), NULL);

  return self->scope;
}

/* Scopes separated by spaces; %NULL to use the provider's default. */
void
sesame_client_set_scope (SesameClient *self,
                         const char   *scope)
{
  g_auto(GStrv) words = NULL;

  g_return_if_fail (SESAME_IS_CLIENT (self));

  g_clear_pointer (&self->scope, g_free);
  if (scope == NULL)
    return;

  words = g_strsplit_set (scope, " \t\n", -1);
  {
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) kept = NULL;

    for (char **w = words; *w != NULL; w++)
      if (**w != '\0')
        g_strv_builder_add (builder, *w);
    kept = g_strv_builder_end (builder);
    if (kept[0] != NULL)
      self->scope = g_strjoinv (" ", kept);
  }
}

/**
 * sesame_client_add_param:
 *
 * Adds an extra parameter to the authorization request, such as `prompt` or `audience`.
 * Parameters that the request sets itself (state, PKCE, redirect URI…) are refused.
 */
gboolean
sesame_client_add_param (SesameClient  *self,
                         const char    *name,
                         const char    *value,
                         GError       **error)
{
  g_return_val_if_fail (SESAME_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (*name == '\0' || _sesame_param_is_reserved (name))
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("The parameter “%s” cannot be set by hand"), name);
      return FALSE;
    }

  g_ptr_array_add (self->params, g_strdup (name));
  g_ptr_array_add (self->params, g_strdup (value));
  return TRUE;
}

/* Extra parameters as a %NULL-terminated list of name, value, name, value… */
const char * const *
sesame_client_get_params (SesameClient *self)
{
  g_return_val_if_fail (SESAME_IS_CLIENT (self), NULL);

  return (const char * const *) self->params->pdata;
}

/* Whether the authentication method and the secret fit together. */
gboolean
sesame_client_check (SesameClient  *self,
                     GError       **error)
{
  g_return_val_if_fail (SESAME_IS_CLIENT (self), FALSE);

  if (*self->id == '\0')
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("The client id is empty"));
      return FALSE;
    }
  if (self->auth_method != SESAME_AUTH_METHOD_NONE && self->secret == NULL)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("The authentication method %s needs a client secret"),
                   sesame_auth_method_to_string (self->auth_method));
      return FALSE;
    }
  return TRUE;
}

gboolean
sesame_auth_method_from_string (const char       *text,
                                SesameAuthMethod *method)
{
  if (g_strcmp0 (text, "none") == 0)
    *method = SESAME_AUTH_METHOD_NONE;
  else if (g_strcmp0 (text, "basic") == 0 || g_strcmp0 (text, "client_secret_basic") == 0)
    *method = SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC;
  else if (g_strcmp0 (text, "post") == 0 || g_strcmp0 (text, "client_secret_post") == 0)
    *method = SESAME_AUTH_METHOD_CLIENT_SECRET_POST;
  else
    return FALSE;
  return TRUE;
}

const char *
sesame_auth_method_to_string (SesameAuthMethod method)
{
  switch (method)
    {
    case SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC:
      return "client_secret_basic";
    case SESAME_AUTH_METHOD_CLIENT_SECRET_POST:
      return "client_secret_post";
    case SESAME_AUTH_METHOD_NONE:
    default:
      return "none";
    }
}
