/* sesame-token-client-introspect.c
 *
 * Token introspection (RFC 7662): the provider says whether a token is active, and for
 * what. The request authenticates the client as the token endpoint's requests do (the
 * endpoint is protected, §2.1), so a client without a secret does not ask. Redirects are
 * not followed; the answer is bounded and read by the one JSON reader; `active` must be
 * there and true or false (§2.2). The token goes in the POST body only, never in a URL or
 * a message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-token-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sesame-json-private.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "sesame-token-client-private.h"
#include "sesame-token-client.h"

/**
 * sesame_token_client_can_introspect:
 *
 * Whether the provider announced an introspection endpoint and the client can
 * authenticate there (client_secret_basic or client_secret_post, with a secret).
 */
gboolean
sesame_token_client_can_introspect (SesameTokenClient *self)
{
  SesameClient *client;

  g_return_val_if_fail (SESAME_IS_TOKEN_CLIENT (self), FALSE);

  client = _sesame_token_client_get_client (self);
  return sesame_provider_get_introspection_endpoint (sesame_token_client_get_provider (self)) &&
         sesame_client_get_auth_method (client) != SESAME_AUTH_METHOD_NONE &&
         sesame_client_get_secret (client) != NULL;
}

static gboolean
check_answer (JsonObject  *answer,
              GError     **error)
{
  JsonNode *active = json_object_get_member (answer, "active");
  const char *ignored;

  if (active == NULL || !JSON_NODE_HOLDS_VALUE (active) ||
      json_node_get_value_type (active) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The introspection answer does not say whether the token is active "
                     "(“active” must be true or false)"));
      return FALSE;
    }
  /* The members shown: of the types RFC 7662 §2.2 gives them. */
  return _sesame_json_get_string (answer, "scope", &ignored, error) &&
         _sesame_json_get_string (answer, "client_id", &ignored, error) &&
         _sesame_json_get_string (answer, "token_type", &ignored, error) &&
         _sesame_json_get_string (answer, "username", &ignored, error);
}

static void
on_introspect_answer (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = SOUP_MESSAGE (object);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;

  body = _sesame_http_send_finish (message, result, &error);
  if (body == NULL)
    {
      g_prefix_error (&error, _("Could not reach the introspection endpoint: "));
      g_task_return_error (task, error);
      return;
    }

  if (!SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (message)))
    /* Translators: the subject of “The %s is not valid JSON”; translate it so it can
     * start a sentence there (in German with its article). */
    answer = _sesame_json_parse_object (body, _("introspection answer"), &error);
  if (answer != NULL && _sesame_token_client_set_oauth_error (answer, FALSE, &error))
    g_clear_pointer (&answer, json_object_unref);
  else if (soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      g_clear_error (&error);
      g_clear_pointer (&answer, json_object_unref);
      /* Translators: the subject of a sentence such as “The %s failed with HTTP 500”;
       * translate it so it can start a sentence there (in German with its article). */
      _sesame_token_client_set_http_error (message, _("introspection request"), &error);
    }
  else if (answer != NULL && !check_answer (answer, &error))
    g_clear_pointer (&answer, json_object_unref);
  else if (answer != NULL)
    _sesame_json_make_valid (answer);   /* printed as JSON by `sesame inspect` */

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_object_unref);
}

/**
 * sesame_token_client_introspect_async:
 * @token: the token to ask about
 * @token_type_hint: (nullable): `access_token` or `refresh_token`
 *
 * Asks the provider's introspection endpoint about @token (RFC 7662 §2.1), with the
 * client's authentication. %SESAME_OAUTH_ERROR_INVALID_ARGUMENT when
 * sesame_token_client_can_introspect() is %FALSE.
 */
void
sesame_token_client_introspect_async (SesameTokenClient   *self,
                                      const char          *token,
                                      const char          *token_type_hint,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *uri;

  g_return_if_fail (SESAME_IS_TOKEN_CLIENT (self));
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_token_client_introspect_async);

  uri = sesame_provider_get_introspection_endpoint (sesame_token_client_get_provider (self));
  if (uri == NULL)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("The provider offers no token introspection"));
      return;
    }
  if (!sesame_token_client_can_introspect (self))
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("Token introspection needs a client that authenticates with "
                                 "a client secret"));
      return;
    }

  _sesame_token_client_post_token (self, uri, token, token_type_hint, on_introspect_answer,
                                   g_steal_pointer (&task));
}

/**
 * sesame_token_client_introspect_finish:
 *
 * Returns: (transfer full): the introspection answer, whose `active` is a boolean and
 *   whose `scope`, `client_id`, `token_type` and `username`, if there, are strings
 */
JsonObject *
sesame_token_client_introspect_finish (SesameTokenClient  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_token_client_introspect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
