/* sesame-token-client-userinfo.c
 *
 * The userinfo request of a token client (OpenID Connect Core §5.3): the access token in
 * the Authorization header, never in the URL; no redirects followed; the answer's sub
 * must be the ID token's (§5.3.2), else it is discarded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-token-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-json-private.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "sesame-token-client-private.h"
#include "sesame-token-client.h"

static const char *
subject_of (JsonObject *claims)
{
  JsonNode *node = claims ? json_object_get_member (claims, "sub") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
on_userinfo (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameTokenSet *tokens = g_task_get_task_data (task);
  SoupMessage *message = SOUP_MESSAGE (object);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(JsonObject) id_claims = sesame_token_set_dup_id_token_claims (tokens);
  const char *sub;
  GError *error = NULL;

  body = _sesame_http_send_finish (message, result, &error);
  if (body == NULL)
    {
      g_prefix_error (&error, _("Could not reach the userinfo endpoint: "));
      g_task_return_error (task, error);
      return;
    }
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      /* Translators: the subject of a sentence such as “The %s failed with HTTP 500”;
       * translate it so it can start a sentence there (in German with its article). */
      _sesame_token_client_set_http_error (message, _("userinfo request"), &error);
      g_task_return_error (task, error);
      return;
    }

  /* Translators: the subject of “The %s is not valid JSON”; translate it so it can
   * start a sentence there (in German with its article). */
  claims = _sesame_json_parse_object (body, _("userinfo answer"), &error);
  sub = subject_of (claims);
  /* OpenID Connect Core §5.3.2: the sub must be the ID token's, else the answer is
   * discarded. An ID token that cannot be read has no sub to match. */
  if (claims != NULL &&
      (sub == NULL ||
       (sesame_token_set_get_id_token (tokens) != NULL &&
        (id_claims == NULL || g_strcmp0 (sub, subject_of (id_claims)) != 0))))
    error = g_error_new (SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                         _("The userinfo answer is about another subject than the ID token"));
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&claims), (GDestroyNotify) json_object_unref);
}

/**
 * sesame_token_client_fetch_userinfo_async:
 * @tokens: tokens whose access token is sent, in the Authorization header
 *
 * Fetches the userinfo claims. Redirects are not followed; a `sub` other than the ID
 * token's is refused.
 */
void
sesame_token_client_fetch_userinfo_async (SesameTokenClient   *self,
                                          SesameTokenSet      *tokens,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *header = NULL;
  const char *uri;

  g_return_if_fail (SESAME_IS_TOKEN_CLIENT (self));
  g_return_if_fail (SESAME_IS_TOKEN_SET (tokens));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_token_client_fetch_userinfo_async);
  g_task_set_task_data (task, g_object_ref (tokens), g_object_unref);

  uri = sesame_provider_get_endpoint (sesame_token_client_get_provider (self), SESAME_ENDPOINT_USERINFO);
  if (uri == NULL)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("The provider has no userinfo endpoint"));
      return;
    }

  message = soup_message_new (SOUP_METHOD_GET, uri);
  header = g_strconcat ("Bearer ", sesame_token_set_get_access_token (tokens), NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                header);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  explicit_bzero (header, strlen (header));
  _sesame_http_send_async (_sesame_token_client_get_session (self), message, SESAME_MAX_RESPONSE_BYTES, cancellable,
                           on_userinfo, g_steal_pointer (&task));
}

/* Returns: (transfer full): the claims */
JsonObject *
sesame_token_client_fetch_userinfo_finish (SesameTokenClient  *self,
                                           GAsyncResult       *result,
                                           GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_token_client_fetch_userinfo_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
