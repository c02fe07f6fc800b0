/* sesame-provider-discovery.c
 *
 * Finding a provider's endpoints from its issuer: OpenID Connect Discovery 1.0, then
 * RFC 8414 metadata. Apart from the rest of SesameProvider, so that code which only
 * reads profiles does not need the HTTP client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "sesame-provider.h"

#define MAX_METADATA_BYTES (256 * 1024)

typedef struct
{
  SoupSession *session;
  char        *issuer;
  GStrv        urls;
  guint        next;
} Discovery;

static void
discovery_free (Discovery *discovery)
{
  g_clear_object (&discovery->session);
  g_free (discovery->issuer);
  g_strfreev (discovery->urls);
  g_free (discovery);
}

/* OpenID Connect Discovery appends the well-known path to the issuer's path;
 * RFC 8414 §3.1 inserts it between the host and the path.
 */
static GStrv
metadata_urls (const char *issuer)
{
  g_autoptr(GUri) uri = g_uri_parse (issuer, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *path = g_strdup (g_uri_get_path (uri));
  g_autofree char *oidc_path = NULL;
  g_autofree char *oauth_path = NULL;
  g_autoptr(GUri) oidc = NULL;
  g_autoptr(GUri) oauth = NULL;
  char **urls = g_new0 (char *, 3);

  while (*path != '\0' && path[strlen (path) - 1] == '/')
    path[strlen (path) - 1] = '\0';

  oidc_path = g_strconcat (path, "/.well-known/openid-configuration", NULL);
  oauth_path = g_strconcat ("/.well-known/oauth-authorization-server", path, NULL);
  oidc = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                      g_uri_get_port (uri), oidc_path, NULL, NULL);
  oauth = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                       g_uri_get_port (uri), oauth_path, NULL, NULL);
  urls[0] = g_uri_to_string (oidc);
  urls[1] = g_uri_to_string (oauth);
  return urls;
}

static void fetch_next (GTask *task);

static void
on_metadata (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = SOUP_MESSAGE (object);
  Discovery *discovery = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status;

  body = _sesame_http_send_finish (message, result, &error);
  if (body == NULL)
    {
      g_prefix_error (&error, _("Could not fetch the provider’s metadata: "));
      g_task_return_error (task, error);
      return;
    }

  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_OK)
    {
      g_task_return_pointer (task, g_steal_pointer (&body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (discovery->urls[discovery->next] != NULL)
    {
      fetch_next (g_steal_pointer (&task));
      return;
    }

  g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_DISCOVERY,
                           _("Could not find the provider’s metadata for %s (HTTP %u %s)"),
                           discovery->issuer, status, soup_status_get_phrase (status) ?: "");
}

static void
fetch_next (GTask *task)
{
  Discovery *discovery = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;

  message = soup_message_new (SOUP_METHOD_GET, discovery->urls[discovery->next++]);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");
  _sesame_http_send_async (discovery->session, message, MAX_METADATA_BYTES,
                           g_task_get_cancellable (task), on_metadata, task);
}

/* The metadata document of @issuer as it came, OpenID Connect's first, then RFC 8414's:
 * for discovery, and for the diagnosis that reports on it rather than refusing it.
 */
void
_sesame_provider_fetch_metadata_async (const char          *issuer,
                                       SoupSession         *session,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Discovery *discovery;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sesame_provider_fetch_metadata_async);

  if (!_sesame_provider_check_issuer (issuer, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  discovery = g_new0 (Discovery, 1);
  discovery->session = g_object_ref (session);
  discovery->issuer = g_strdup (issuer);
  discovery->urls = metadata_urls (issuer);
  g_task_set_task_data (task, discovery, (GDestroyNotify) discovery_free);

  fetch_next (g_steal_pointer (&task));
}

/* @url: (out) (optional): where the document was found */
GBytes *
_sesame_provider_fetch_metadata_finish (GAsyncResult  *result,
                                        char         **url,
                                        GError       **error)
{
  GTask *task = G_TASK (result);
  Discovery *discovery = g_task_get_task_data (task);
  GBytes *body;

  g_assert (g_task_get_source_tag (task) == _sesame_provider_fetch_metadata_async);

  body = g_task_propagate_pointer (task, error);
  if (body != NULL && url != NULL)
    *url = g_strdup (discovery->urls[discovery->next - 1]);
  return body;
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  SesameProvider *provider;
  GError *error = NULL;

  body = _sesame_provider_fetch_metadata_finish (result, NULL, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  provider = sesame_provider_new_from_metadata (g_task_get_task_data (task), body, &error);
  if (provider == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, provider, g_object_unref);
}

/**
 * sesame_provider_discover_async:
 * @issuer: the issuer identifier, exactly as the provider names itself
 *
 * Fetches the provider's metadata, OpenID Connect's first, then RFC 8414's.
 */
void
sesame_provider_discover_async (const char          *issuer,
                                SoupSession         *session,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (issuer != NULL);
  g_return_if_fail (SOUP_IS_SESSION (session));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_provider_discover_async);
  g_task_set_task_data (task, g_strdup (issuer), g_free);
  _sesame_provider_fetch_metadata_async (issuer, session, cancellable, on_fetched,
                                         g_steal_pointer (&task));
}

SesameProvider *
sesame_provider_discover_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_provider_discover_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
