/* sesame-http.c
 *
 * The HTTP client side: one SoupSession per sign-in, TLS always verified (against the
 * system's anchors, and optionally an extra CA file as well), bodies read with a bound.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-http"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sesame-http.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "sesame-proxy-resolver-private.h"

#define EXTRA_CA_KEY "sesame-extra-ca"
#define READ_CHUNK   16384

/**
 * sesame_http_session_new:
 * @ca_file: (nullable): a PEM file of certificate authorities trusted in addition to
 *   the system's
 *
 * Returns: (transfer full): a session for talking to providers
 */
SoupSession *
sesame_http_session_new (const char  *ca_file,
                         GError     **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GProxyResolver) proxy_resolver = _sesame_proxy_resolver_new ();

  session = soup_session_new_with_options ("user-agent", "Sesame/" PACKAGE_VERSION " ",
                                           "timeout", 30,
                                           "idle-timeout", 60,
                                           "proxy-resolver", proxy_resolver,
                                           NULL);

  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GTlsDatabase) database = NULL;
      g_autoptr(GError) local_error = NULL;

      database = g_tls_file_database_new (ca_file, &local_error);
      if (database == NULL)
        {
          g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                       _("Could not read the CA file %s: %s"), ca_file, local_error->message);
          return NULL;
        }
      g_object_set_data_full (G_OBJECT (session), EXTRA_CA_KEY,
                              g_steal_pointer (&database), g_object_unref);
    }

  return g_steal_pointer (&session);
}

/* Called only when the system's anchors did not accept the certificate: accept it if
 * and only if the chain verifies, host name included, against the extra CA file.
 */
static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *peer_certificate,
                       GTlsCertificateFlags  errors,
                       GTlsDatabase         *database)
{
  GUri *uri = soup_message_get_uri (message);
  g_autoptr(GSocketConnectable) identity = NULL;
  GTlsCertificateFlags flags;

  identity = g_network_address_new (g_uri_get_host (uri), g_uri_get_port (uri));
  flags = g_tls_database_verify_chain (database, peer_certificate,
                                       G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER, identity,
                                       NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, NULL);
  return flags == 0;
}

/* Every request has an overall deadline of the session's timeout: libsoup's timeout alone
 * bounds each read, not a provider that drips one byte at a time. Either limit ends the
 * request with the same error, which says how long it waited.
 */

typedef struct
{
  GInputStream *stream;
  GByteArray   *body;
  gsize         max_bytes;
  GCancellable *cancellable;      /* ours: cancelled by the caller's or the deadline */
  GCancellable *outer;
  gulong        outer_handler;
  GSource      *deadline;
  guint         deadline_seconds;
  gboolean      timed_out;
} ReadData;

static void
read_data_free (ReadData *data)
{
  if (data->deadline != NULL)
    g_source_destroy (data->deadline);
  g_clear_pointer (&data->deadline, g_source_unref);
  if (data->outer != NULL)
    g_cancellable_disconnect (data->outer, data->outer_handler);
  g_clear_object (&data->outer);
  g_clear_object (&data->cancellable);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->body, g_byte_array_unref);
  g_free (data);
}

static void
cancel_inner (GCancellable *outer,
              GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static gboolean
on_deadline (gpointer user_data)
{
  ReadData *data = user_data;

  data->timed_out = TRUE;
  g_cancellable_cancel (data->cancellable);
  return G_SOURCE_REMOVE;
}

/* Errors caused by the deadline say so, rather than "cancelled"; libsoup's own timeout
 * ("Socket I/O timed out") says how long as well.
 */
static void
return_error (GTask  *task,
              GError *error)
{
  ReadData *data = g_task_get_task_data (task);

  if ((data->timed_out && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) ||
      (data->deadline_seconds > 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)))
    {
      g_clear_error (&error);
      error = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "The provider did not answer completely within %u second",
                                        "The provider did not answer completely within %u seconds",
                                        data->deadline_seconds),
                           data->deadline_seconds);
    }
  g_task_return_error (task, error);
}

static void
start_deadline (ReadData     *data,
                SoupSession  *session,
                GCancellable *outer)
{
  guint timeout = soup_session_get_timeout (session);

  data->cancellable = g_cancellable_new ();
  if (outer != NULL)
    {
      data->outer = g_object_ref (outer);
      data->outer_handler = g_cancellable_connect (outer, G_CALLBACK (cancel_inner),
                                                   g_object_ref (data->cancellable),
                                                   g_object_unref);
    }
  if (timeout > 0)
    {
      data->deadline_seconds = timeout;
      /* Not g_timeout_source_new_seconds(): it may fire up to a second early. */
      data->deadline = g_timeout_source_new (data->deadline_seconds * 1000);
      g_source_set_callback (data->deadline, on_deadline, data, NULL);
      g_source_attach (data->deadline, g_main_context_get_thread_default ());
    }
}

/* Appends @chunk, or returns %FALSE (and the task's error) when the answer grows too
 * large. */
static gboolean
append_chunk (GTask        *task,
              const guint8 *chunk,
              gsize         size)
{
  ReadData *data = g_task_get_task_data (task);

  if (data->body->len + size > data->max_bytes)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                               _("The provider’s answer is larger than %lu KiB"),
                               (gulong) (data->max_bytes / 1024));
      return FALSE;
    }
  g_byte_array_append (data->body, chunk, size);
  return TRUE;
}

static void
return_body (GTask *task)
{
  ReadData *data = g_task_get_task_data (task);

  g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&data->body)),
                         (GDestroyNotify) g_bytes_unref);
}

static void read_next (GTask *task);

static void
on_read_bytes (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      return_error (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      return_body (task);
      return;
    }
  if (append_chunk (task, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk)))
    read_next (g_steal_pointer (&task));
}

/* Takes what has already arrived without going back to the main loop (an answer of a few
 * kilobytes is usually all there with its headers); returns %FALSE when the task is over.
 */
static gboolean
read_available (GTask *task)
{
  ReadData *data = g_task_get_task_data (task);
  GPollableInputStream *pollable;
  guint8 buffer[4096];

  if (!G_IS_POLLABLE_INPUT_STREAM (data->stream))
    return TRUE;
  pollable = G_POLLABLE_INPUT_STREAM (data->stream);
  if (!g_pollable_input_stream_can_poll (pollable))
    return TRUE;

  for (;;)
    {
      GError *error = NULL;
      gssize n = g_pollable_input_stream_read_nonblocking (pollable, buffer, sizeof buffer,
                                                           data->cancellable, &error);

      if (n > 0 && append_chunk (task, buffer, (gsize) n))
        continue;
      if (n > 0)
        return FALSE;
      if (n == 0)
        {
          return_body (task);
          return FALSE;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          g_error_free (error);
          return TRUE;
        }
      return_error (task, error);
      return FALSE;
    }
}

static void
read_next (GTask *task)
{
  ReadData *data = g_task_get_task_data (task);

  if (!read_available (task))
    {
      g_object_unref (task);
      return;
    }
  g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->cancellable, on_read_bytes, task);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *data = g_task_get_task_data (task);
  SoupMessage *message = g_task_get_source_object (task);
  goffset length;
  GError *error = NULL;

  data->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (data->stream == NULL)
    {
      return_error (task, error);
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (message));
  if (length > (goffset) data->max_bytes)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                               _("The provider’s answer is larger than %lu KiB"),
                               (gulong) (data->max_bytes / 1024));
      return;
    }

  read_next (g_steal_pointer (&task));
}

/* Sends @message without following redirects and reads at most @max_bytes of its body.
 * The status and headers stay on @message.
 */
void
_sesame_http_send_async (SoupSession         *session,
                         SoupMessage         *message,
                         gsize                max_bytes,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GTlsDatabase *extra_ca = g_object_get_data (G_OBJECT (session), EXTRA_CA_KEY);
  ReadData *data;

  task = g_task_new (message, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sesame_http_send_async);
  data = g_new0 (ReadData, 1);
  data->body = g_byte_array_new ();
  data->max_bytes = max_bytes;

  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  if (extra_ca != NULL)
    g_signal_connect_object (message, "accept-certificate",
                             G_CALLBACK (on_accept_certificate), extra_ca, 0);

  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  start_deadline (data, session, cancellable);
  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, data->cancellable, on_sent,
                           g_steal_pointer (&task));
}

GBytes *
_sesame_http_send_finish (SoupMessage   *message,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, message), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == _sesame_http_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sesame_http_uri_is_secure:
 *
 * Whether @uri may be handed to a browser or fetched: https, or http on loopback.
 */
gboolean
sesame_http_uri_is_secure (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;

  g_return_val_if_fail (uri != NULL, FALSE);

  parsed = _sesame_parse_endpoint ("address", uri, NULL);
  return parsed != NULL;
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = SOUP_MESSAGE (object);
  GError *error = NULL;
  GBytes *body;

  body = _sesame_http_send_finish (message, result, &error);
  if (body != NULL && soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      g_bytes_unref (body);
      body = NULL;
      error = g_error_new (SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_HTTP, _("HTTP %u %s"),
                           soup_message_get_status (message),
                           soup_status_get_phrase (soup_message_get_status (message)) ?: "");
    }
  if (body == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, body, (GDestroyNotify) g_bytes_unref);
}

/**
 * sesame_http_fetch_async:
 * @uri: an https URL, or http on loopback; anything else is refused
 * @max_bytes: the most that is read
 *
 * A plain GET (for a picture, say) with the same rules as every request to a provider:
 * TLS verified, no redirects, bounded size and time.
 */
void
sesame_http_fetch_async (SoupSession         *session,
                         const char          *uri,
                         gsize                max_bytes,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) parsed = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (uri != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_http_fetch_async);

  parsed = _sesame_parse_endpoint (_("address"), uri, &error);
  if (parsed == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  message = soup_message_new_from_uri (SOUP_METHOD_GET, parsed);
  _sesame_http_send_async (session, message, max_bytes, cancellable, on_fetched,
                           g_steal_pointer (&task));
}

/* Returns: (transfer full): the body */
GBytes *
sesame_http_fetch_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
