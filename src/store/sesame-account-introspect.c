/* sesame-account-introspect.c
 *
 * Token introspection (RFC 7662) for a profile, for the command line and the window,
 * which never speak HTTP themselves: whether it is offered (the provider's discovery
 * document announces an endpoint and the client has a secret to authenticate with), and
 * the provider's answer about a token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-account"

#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "sesame-account-private.h"
#include "sesame-account.h"

/* Only a discovered provider announces an introspection endpoint, and only a client with
 * a secret authenticates there: without either, nothing to ask the network.
 */
static gboolean
may_introspect (SesameProfile *profile)
{
  return sesame_profile_get_issuer (profile) != NULL &&
         sesame_profile_get_auth_method (profile) != SESAME_AUTH_METHOD_NONE;
}

static void
on_token_client_for_check (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SesameTokenClient) token_client = NULL;
  GError *error = NULL;

  token_client = _sesame_account_resolve_token_client_finish (result, &error);
  if (token_client == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, sesame_token_client_can_introspect (token_client));
}

/**
 * sesame_account_can_introspect_async:
 *
 * Whether sesame_account_introspect_async() can ask the provider. Reads the client
 * secret and the provider's discovery document (the kept ones for a resident account);
 * %FALSE at once for a profile without an issuer or without client authentication.
 */
void
sesame_account_can_introspect_async (SesameAccount       *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_can_introspect_async);
  if (!may_introspect (sesame_account_get_profile (self)))
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  _sesame_account_resolve_token_client_async (self, cancellable, on_token_client_for_check,
                                              g_steal_pointer (&task));
}

gboolean
sesame_account_can_introspect_finish (SesameAccount  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_account_can_introspect_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_introspected (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonObject *answer;

  answer = sesame_token_client_introspect_finish (SESAME_TOKEN_CLIENT (object), result, &error);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_object_unref);
}

static void
on_token_client_for_introspection (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SesameTokenClient) token_client = NULL;
  const char *hint = g_object_get_data (G_OBJECT (task), "hint");
  GCancellable *cancellable;
  const char *token;
  GError *error = NULL;

  token_client = _sesame_account_resolve_token_client_finish (result, &error);
  if (token_client == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  token = g_task_get_task_data (task);
  /* The task holds the token and the hint until it returns. */
  sesame_token_client_introspect_async (token_client, token, hint, cancellable, on_introspected,
                                        g_steal_pointer (&task));
}

/* A copy of a token, wiped when freed. */
static void
free_token (gpointer data)
{
  char *token = data;

  explicit_bzero (token, strlen (token));
  g_free (token);
}

/**
 * sesame_account_introspect_async:
 * @token: the profile's token to ask about
 * @token_type_hint: (nullable): `access_token` or `refresh_token`
 *
 * Asks the provider's introspection endpoint about @token, authenticated as the
 * profile's client. %SESAME_OAUTH_ERROR_INVALID_ARGUMENT when the provider offers no
 * introspection or the client cannot authenticate.
 */
void
sesame_account_introspect_async (SesameAccount       *self,
                                 const char          *token,
                                 const char          *token_type_hint,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_introspect_async);
  g_task_set_task_data (task, g_strdup (token), free_token);
  g_object_set_data_full (G_OBJECT (task), "hint", g_strdup (token_type_hint), g_free);
  if (!may_introspect (sesame_account_get_profile (self)))
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("Token introspection needs a provider found by its issuer "
                                 "and a client that authenticates with a client secret"));
      return;
    }
  _sesame_account_resolve_token_client_async (self, cancellable,
                                              on_token_client_for_introspection,
                                              g_steal_pointer (&task));
}

/* Returns: (transfer full): the provider's answer, `active` a boolean */
JsonObject *
sesame_account_introspect_finish (SesameAccount  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_account_introspect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
