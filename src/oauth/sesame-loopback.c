/* sesame-loopback.c
 *
 * The loopback redirect receiver (RFC 8252 §7.3): a SoupServer on 127.0.0.1 that waits
 * for the one callback answering an authorization request, then stops listening.
 *
 * Any local process can connect to it, so it holds out against a flood: it accepts
 * connections itself (a GSocketService) and hands them to the SoupServer, keeping at
 * most MAX_CONNECTIONS open (a new one pushes out the oldest, so that held-open
 * connections cannot lock the browser out), dropping any connection after
 * CONNECTION_SECONDS (a request drip-fed byte by byte, or a connection kept idle),
 * closing the connection of any request with a body (only GET is served), and reporting
 * only the first MAX_REPORTED_REJECTIONS rejected callbacks. libsoup itself caps the
 * request line and headers (64 KiB together in libsoup 3.2; past that the connection is
 * closed without an answer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-loopback"

#include "config.h"


#include <glib/gi18n-lib.h>

#include <string.h>

#include <libsoup/soup.h>

#include "sesame-loopback-private.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"

#define DEFAULT_PATH            "/callback"
#define STOP_GRACE_SECONDS      3
#define PAGE_WAIT_SECONDS       30
#define MAX_CONNECTIONS         64
#define CONNECTION_SECONDS      10
#define MAX_REPORTED_REJECTIONS 10

/* An accepted connection, watched weakly: the SoupServer owns it. */
typedef struct
{
  SesameLoopback    *self;
  GSocketConnection *connection;
  gint64             deadline;
} Connection;

struct _SesameLoopback
{
  GObject            parent_instance;

  /* Owned */
  SoupServer        *server;
  GSocketService    *service;
  GQueue             connections;  /* of Connection, oldest first */
  GSource           *sweep_source;
  char              *redirect_uri;
  char              *path;
  char              *expected_host;
  GTask             *task;
  SesameAuthRequest *request;
  GSource           *timeout_source;
  GSource           *cancel_source;
  char              *last_rejection;
  guint              stop_id;      /* holds a reference: the page goes out first */
  gboolean           answering;    /* a taken callback's page is being sent */
  gboolean           code_taken;   /* ... and it carried a code, now being exchanged */
  SoupServerMessage *pending_page; /* ... whose page waits for the exchange's outcome */
  guint              held_port;    /* ... on the connection from this port, out of the sweep */
  gboolean           outcome_told; /* ... unless that came first: */
  char              *outcome;      /* the error's message, NULL for success */
  guint              page_wait_seconds;
  guint              connection_seconds;
  gboolean           stop_requested; /* sesame_loopback_stop() was called */
  guint              port;
  guint              timeout_seconds;
  guint              n_rejections;
};

enum {
  CALLBACK_REJECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SesameLoopback, sesame_loopback, G_TYPE_OBJECT)

/* The pages' only style, allowed by its hash (the CSP allows nothing else): the system's
 * sans-serif font, light or dark as the browser prefers. */
static const char page_style[] =
  ":root{color-scheme:light dark;font-family:system-ui,\"Cantarell\",sans-serif}"
  "body{max-width:32em;margin:15vh auto;padding:0 1.5em;line-height:1.5;"
  "background:#fafafa;color:#2e3436}"
  "h1{font-size:1.6em;font-weight:700;margin:0 0 .5em}"
  "p{margin:0;font-size:1.1em;overflow-wrap:anywhere}"
  "@media (prefers-color-scheme:dark){body{background:#242424;color:#ffffff}}";

static const char page_template[] =
  "<!DOCTYPE html>\n"
  "<html lang=\"%s\"><head><meta charset=\"utf-8\">"
  "<meta name=\"viewport\" content=\"width=device-width\">"
  "<title>%s — Sesame</title><style>%s</style></head>\n"
  "<body><h1>%s</h1><p>%s</p></body></html>\n";

/* "default-src 'none'; style-src 'sha256-…'": the page's own style, and nothing else. */
static const char *
page_policy (void)
{
  static gsize policy;

  if (g_once_init_enter (&policy))
    {
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8 digest[32];
      gsize len = sizeof digest;
      g_autofree char *hash = NULL;

      g_checksum_update (checksum, (const guchar *) page_style, strlen (page_style));
      g_checksum_get_digest (checksum, digest, &len);
      hash = g_base64_encode (digest, len);
      g_once_init_leave (&policy, (gsize) g_strdup_printf ("default-src 'none'; "
                                                           "style-src 'sha256-%s'", hash));
    }
  return (const char *) policy;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void stop_listening (SesameLoopback *self);

static void
sesame_loopback_dispose (GObject *object)
{
  SesameLoopback *self = (SesameLoopback *) object;

  sesame_loopback_stop (self);
  stop_listening (self);
  g_clear_object (&self->server);
  g_clear_object (&self->service);
  g_clear_object (&self->request);
  g_clear_handle_id (&self->stop_id, g_source_remove);
  g_clear_object (&self->pending_page);
  g_clear_pointer (&self->outcome, g_free);
  clear_source (&self->timeout_source);
  clear_source (&self->cancel_source);

  G_OBJECT_CLASS (sesame_loopback_parent_class)->dispose (object);
}

static void
sesame_loopback_finalize (GObject *object)
{
  SesameLoopback *self = (SesameLoopback *) object;

  g_free (self->redirect_uri);
  g_free (self->path);
  g_free (self->expected_host);
  g_free (self->last_rejection);

  G_OBJECT_CLASS (sesame_loopback_parent_class)->finalize (object);
}

static void
sesame_loopback_class_init (SesameLoopbackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_loopback_dispose;
  object_class->finalize = sesame_loopback_finalize;

  /**
   * SesameLoopback::callback-rejected:
   * @message: why, in a sentence
   *
   * A request reached the redirect path but was not accepted (wrong or missing state);
   * the receiver goes on waiting.
   */
  signals[CALLBACK_REJECTED] =
    g_signal_new ("callback-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sesame_loopback_init (SesameLoopback *self)
{
  self->page_wait_seconds = PAGE_WAIT_SECONDS;
  self->connection_seconds = CONNECTION_SECONDS;
}

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *title,
         const char        *text)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  /* Translators: the language code of the page texts, such as “de” */
  const char *language = _("en");
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *page = g_strdup_printf (page_template, language, title, page_style, title,
                                           escaped);

  soup_server_message_set_status (message, status, NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "Content-Security-Policy", page_policy ());
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  /* One request per connection: the receiver closes each after its answer, and says so,
   * so that a browser does not send another on it and get a reset. */
  soup_message_headers_replace (headers, "Connection", "close");
  if (status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    soup_message_headers_replace (headers, "Allow", "GET");
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    page, strlen (page));
}

/* Ends the wait with a code or an error; the server stops once the page is sent. */
static void
complete (SesameLoopback *self,
          char           *code,
          GError         *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  clear_source (&self->timeout_source);
  clear_source (&self->cancel_source);
  g_clear_object (&self->request);

  if (code != NULL)
    g_task_return_pointer (task, code, g_free);
  else
    g_task_return_error (task, error);
}

static void stop_later (SesameLoopback *self,
                        guint           seconds);

/* Ends the wait of a page held since its callback was taken (see on_request()). */
static void
send_pending_page (SesameLoopback *self,
                   const char     *title,
                   const char     *text)
{
  g_autoptr(SoupServerMessage) message = g_steal_pointer (&self->pending_page);

  self->held_port = 0;
  /* The connection is out of the sweep: it ends with the page. */
  respond (message, SOUP_STATUS_OK, title, text);
  soup_server_message_unpause (message);
  stop_later (self, STOP_GRACE_SECONDS);
}

static void
send_outcome (SesameLoopback *self)
{
  if (self->outcome == NULL)
    send_pending_page (self, _("Signed in"),
                       _("You are signed in. You can close this tab."));
  else
    send_pending_page (self, _("Sign-in failed"), self->outcome);
}

static gboolean
on_stop_timeout (gpointer user_data)
{
  SesameLoopback *self = user_data;

  self->stop_id = 0;
  /* A page still waiting: nobody told the outcome in time. */
  if (self->pending_page != NULL)
    {
      send_pending_page (self, _("Finishing the sign-in"),
                         _("Sesame is still getting the tokens. Return to Sesame to see how "
                           "the sign-in ends."));
      return G_SOURCE_REMOVE;
    }
  self->answering = FALSE;
  sesame_loopback_stop (self);
  return G_SOURCE_REMOVE;
}

/* Stops once the page is out, or after a grace period; the receiver stays alive until
 * then, even if its owner lets go of it.
 */
static void
stop_later (SesameLoopback *self,
            guint           seconds)
{
  g_clear_handle_id (&self->stop_id, g_source_remove);
  self->stop_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, on_stop_timeout,
                                              g_object_ref (self), g_object_unref);
}

static void
on_page_sent (SesameLoopback *self)
{
  stop_later (self, 0);
}

/* Only the first few rejections are reported: a flood of them must not flood a log. */
static void
reject (SesameLoopback *self,
        const GError   *error)
{
  g_free (self->last_rejection);
  self->last_rejection = g_strdup (error->message);
  self->n_rejections++;
  if (self->n_rejections > MAX_REPORTED_REJECTIONS)
    return;

  g_debug ("Rejected a callback: %s", error->message);
  g_signal_emit (self, signals[CALLBACK_REJECTED], 0, error->message);
  if (self->n_rejections == MAX_REPORTED_REJECTIONS)
    g_signal_emit (self, signals[CALLBACK_REJECTED], 0,
                   _("Many requests were rejected; further ones are not reported"));
}

typedef enum
{
  CALLBACK_REJECTED_GO_ON,
  CALLBACK_TAKEN,
} CallbackOutcome;

/* Runs a callback through the request's checks. A rejected callback leaves the wait
 * going on; a taken one ends it, with a code or with the error it carried.
 */
static CallbackOutcome
handle_callback (SesameLoopback  *self,
                 const char      *query,
                 GError         **error)
{
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) local_error = NULL;
  char *code = NULL;

  params = _sesame_parse_params (query, &local_error);
  if (params != NULL)
    code = sesame_auth_request_check_callback (self->request, params, &local_error);

  if (code == NULL && !sesame_auth_request_get_consumed (self->request))
    {
      reject (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return CALLBACK_REJECTED_GO_ON;
    }

  if (code == NULL)
    {
      g_propagate_error (error, g_error_copy (local_error));
      complete (self, NULL, g_steal_pointer (&local_error));
    }
  else
    {
      self->code_taken = TRUE;
      complete (self, code, NULL);
    }
  return CALLBACK_TAKEN;
}

/* Browsers leave out the port when it is the scheme's default. */
static gboolean
host_matches (SesameLoopback *self,
              const char     *host)
{
  gsize name_len = strlen (self->expected_host) - strlen (strrchr (self->expected_host, ':'));

  if (host == NULL)
    return FALSE;
  if (self->port == 80 && strlen (host) == name_len &&
      g_ascii_strncasecmp (host, self->expected_host, name_len) == 0)
    return TRUE;
  return g_ascii_strcasecmp (host, self->expected_host) == 0;
}

/* The receiver's decision on one request, without a socket: the HTTP status of its
 * answer, with the page's title and sentence. SOUP_STATUS_OK means the callback was
 * taken, which ends the wait (with a code, or with the error it carried).
 */
guint
_sesame_loopback_check_request (SesameLoopback  *self,
                                const char      *method,
                                const char      *path,
                                const char      *host,
                                const char      *query,
                                const char     **title,
                                char           **text)
{
  g_autoptr(GError) error = NULL;

  g_assert (SESAME_IS_LOOPBACK (self));

  *title = NULL;
  *text = NULL;
  if (!host_matches (self, host))
    {
      *title = _("Forbidden");
      *text = g_strdup (_("This address is not served."));
      return SOUP_STATUS_FORBIDDEN;
    }
  if (g_strcmp0 (path, self->path) != 0)
    {
      *title = _("Not found");
      *text = g_strdup (_("There is nothing here."));
      return SOUP_STATUS_NOT_FOUND;
    }
  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0)
    {
      *title = _("Not allowed");
      *text = g_strdup (_("Only GET is answered here."));
      return SOUP_STATUS_METHOD_NOT_ALLOWED;
    }
  if (self->task == NULL)
    {
      *title = _("Not waiting");
      *text = g_strdup (_("Sesame is not waiting for a sign-in here. Start the sign-in again."));
      return SOUP_STATUS_GONE;
    }

  if (handle_callback (self, query, &error) == CALLBACK_REJECTED_GO_ON)
    {
      *title = _("Not accepted");
      *text = g_strdup (error->message);
      return SOUP_STATUS_BAD_REQUEST;
    }
  *title = error == NULL ? _("Signed in") : _("Sign-in failed");
  *text = error == NULL
            ? g_strdup (_("You are signed in. You can close this tab."))
            : g_strdup (error->message);
  return SOUP_STATUS_OK;
}

static void hold_connection (SesameLoopback *self,
                             GSocketAddress *remote);

static void
on_request (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  /* Taking the callback may end the wait, and its owner may drop us right then. */
  g_autoptr(SesameLoopback) self = g_object_ref (user_data);
  const char *host = soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), "Host");
  const char *title;
  g_autofree char *text = NULL;
  gboolean was_answering = self->answering;
  guint status;

  /* Taking the callback ends the wait, which may end the owner's flow and stop the
   * receiver right away: this request gets its answer all the same. */
  self->answering = TRUE;
  status = _sesame_loopback_check_request (self, soup_server_message_get_method (message), path,
                                           host,
                                           g_uri_get_query (soup_server_message_get_uri (message)),
                                           &title, &text);
  if (status == SOUP_STATUS_OK)
    g_signal_connect_object (message, "finished", G_CALLBACK (on_page_sent), self,
                             G_CONNECT_SWAPPED);
  else
    {
      self->answering = was_answering;
      /* Stopped while the request was checked (a rejection's handler cancelled). */
      if (self->stop_requested && !self->answering)
        stop_later (self, STOP_GRACE_SECONDS);
    }
  if (status == SOUP_STATUS_OK && self->code_taken)
    {
      /* The code is being exchanged: the page waits to tell how that ends
       * (sesame_loopback_finish_page()), which also keeps the browser from drawing while
       * the token request is on its way. The receiver listens until the page is out. */
      self->pending_page = g_object_ref (message);
      hold_connection (self, soup_server_message_get_remote_address (message));
      soup_server_message_pause (message);
      if (self->outcome_told)
        send_outcome (self);
      else
        stop_later (self, self->page_wait_seconds);
      return;
    }
  if (status == SOUP_STATUS_OK)
    stop_later (self, STOP_GRACE_SECONDS);
  respond (message, status, title, text);
}

/* Which address and port to listen on, and which URI the provider redirects to. */
static gboolean
parse_redirect (SesameLoopback  *self,
                const char      *redirect_uri,
                GInetAddress   **address,
                GError         **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  /* Not normalized: a URI without a port means any port, not 80. */
  uri = g_uri_parse (redirect_uri, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      !_sesame_uri_is_loopback (uri) || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                   _("The redirect URI must be http on 127.0.0.1, [::1] or localhost, without "
                     "query or fragment, such as http://127.0.0.1:8080/callback"));
      return FALSE;
    }

  host = g_uri_get_host (uri);
  *address = g_ascii_strcasecmp (host, "localhost") == 0
               ? g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4)
               : g_inet_address_new_from_string (host);
  self->port = g_uri_get_port (uri) > 0 ? (guint) g_uri_get_port (uri) : 0;
  self->path = g_strdup (*g_uri_get_path (uri) != '\0' ? g_uri_get_path (uri) : "/");
  self->redirect_uri = g_strdup (host);  /* completed once the port is known */
  return TRUE;
}

static void
on_connection_finalized (gpointer  data,
                         GObject  *where_the_object_was)
{
  Connection *connection = data;

  g_queue_remove (&connection->self->connections, connection);
  g_free (connection);
}

/* Shuts the socket down; the SoupServer sees the stream end and lets go of it. */
static void
drop_connection (SesameLoopback *self,
                 Connection     *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection->connection);

  g_queue_remove (&self->connections, connection);
  g_object_weak_unref (G_OBJECT (connection->connection), on_connection_finalized, connection);
  g_socket_shutdown (socket, TRUE, TRUE, NULL);
  g_free (connection);
}

/* The port at the other end of a loopback connection: it tells the connection apart. */
static guint
remote_port (GSocketAddress *address)
{
  return G_IS_INET_SOCKET_ADDRESS (address)
           ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)) : 0;
}

/* The connection of the page that waits for the exchange leaves the sweep and the flood
 * limit: its wait is bounded by page_wait_seconds, and it is the browser's. It may not be
 * in the queue yet, when the request came with the connection (see on_incoming()). */
static void
hold_connection (SesameLoopback *self,
                 GSocketAddress *remote)
{
  self->held_port = remote_port (remote);
  for (GList *l = self->connections.head; l != NULL && self->held_port != 0; l = l->next)
    {
      Connection *connection = l->data;
      g_autoptr(GSocketAddress) address =
        g_socket_connection_get_remote_address (connection->connection, NULL);

      if (remote_port (address) == self->held_port)
        {
          g_queue_delete_link (&self->connections, l);
          g_object_weak_unref (G_OBJECT (connection->connection), on_connection_finalized,
                               connection);
          g_free (connection);
          return;
        }
    }
}

static gboolean
on_sweep (gpointer user_data)
{
  SesameLoopback *self = user_data;
  gint64 now = g_get_monotonic_time ();
  Connection *oldest;

  while ((oldest = g_queue_peek_head (&self->connections)) != NULL && oldest->deadline <= now)
    drop_connection (self, oldest);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *socket_connection,
             GObject           *source_object,
             gpointer           user_data)
{
  SesameLoopback *self = user_data;
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (socket_connection,
                                                                           NULL);
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (socket_connection,
                                                                             NULL);
  g_autoptr(GError) error = NULL;
  Connection *connection;

  if (self->connections.length >= MAX_CONNECTIONS)
    drop_connection (self, g_queue_peek_head (&self->connections));

  if (!soup_server_accept_iostream (self->server, G_IO_STREAM (socket_connection), local, remote,
                                    &error))
    {
      g_debug ("Could not take a connection: %s", error->message);
      return TRUE;
    }
  if (self->held_port != 0 && remote_port (remote) == self->held_port)
    return TRUE;   /* it brought the callback, whose page waits: see hold_connection() */

  connection = g_new0 (Connection, 1);
  connection->self = self;
  connection->connection = socket_connection;
  connection->deadline = g_get_monotonic_time () + self->connection_seconds * G_USEC_PER_SEC;
  g_object_weak_ref (G_OBJECT (socket_connection), on_connection_finalized, connection);
  g_queue_push_tail (&self->connections, connection);
  return TRUE;
}

/* Only GET is served. libsoup 3.2 reads a request's whole body into memory before
 * answering, even once the status is set: a request that comes with a body has its
 * connection closed instead.
 */
static void
on_early_request (SoupServer        *server,
                  SoupServerMessage *message,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  g_autoptr(GIOStream) stream = NULL;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_NONE ||
      (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
       soup_message_headers_get_content_length (headers) == 0))
    return;

  g_debug ("Dropped a request with a body");
  stream = soup_server_message_steal_connection (message);
  g_io_stream_close (stream, NULL, NULL);
}

static void
new_server (SesameLoopback *self)
{
  self->server = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_early_handler (self->server, NULL, on_early_request, self, NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);

  self->sweep_source = g_timeout_source_new_seconds (1);
  g_source_set_callback (self->sweep_source, on_sweep, self, NULL);
  g_source_attach (self->sweep_source, g_main_context_get_thread_default ());
}

static gboolean
start_listening (SesameLoopback  *self,
                 GInetAddress    *address,
                 GError         **error)
{
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, self->port);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  new_server (self);
  self->service = g_socket_service_new ();
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (self->service), 2 * MAX_CONNECTIONS);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), socket_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL, &bound,
                                      &local_error))
    {
      g_autofree char *where = g_inet_address_to_string (address);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_LISTEN_FAILED,
                     _("Port %u on %s is already in use by another program; close it or use "
                       "another redirect URI"), self->port, where);
      else
        g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_LISTEN_FAILED,
                     _("Could not listen on %s port %u: %s"), where, self->port,
                     local_error->message);
      return FALSE;
    }

  g_signal_connect_object (self->service, "incoming", G_CALLBACK (on_incoming), self, 0);
  g_socket_service_start (self->service);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return TRUE;
}

/* Stops listening and drops every connection. */
static void
stop_listening (SesameLoopback *self)
{
  Connection *connection;

  if (self->service != NULL)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_signal_handlers_disconnect_by_data (self->service, self);
      g_clear_object (&self->service);
    }
  while ((connection = g_queue_peek_head (&self->connections)) != NULL)
    drop_connection (self, connection);
  clear_source (&self->sweep_source);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
}

/**
 * sesame_loopback_new:
 * @redirect_uri: (nullable): the redirect URI registered at the provider, or %NULL for
 *   `http://127.0.0.1:<any port>/callback`. Without a port, the kernel picks one.
 *
 * Starts listening at once, so that a port in use is reported before anything else.
 */
SesameLoopback *
sesame_loopback_new (const char  *redirect_uri,
                     GError     **error)
{
  g_autoptr(SesameLoopback) self = g_object_new (SESAME_TYPE_LOOPBACK, NULL);
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GUri) uri = NULL;

  if (!parse_redirect (self, redirect_uri ?: "http://127.0.0.1" DEFAULT_PATH, &address, error) ||
      !start_listening (self, address, error))
    return NULL;

  host = g_steal_pointer (&self->redirect_uri);
  uri = g_uri_build (G_URI_FLAGS_ENCODED, "http", NULL, host, (int) self->port, self->path,
                     NULL, NULL);
  self->redirect_uri = g_uri_to_string (uri);
  self->expected_host = g_strdup_printf (strchr (host, ':') ? "[%s]:%u" : "%s:%u",
                                         host, self->port);
  return g_steal_pointer (&self);
}

const char *
sesame_loopback_get_redirect_uri (SesameLoopback *self)
{
  g_return_val_if_fail (SESAME_IS_LOOPBACK (self), NULL);

  return self->redirect_uri;
}

guint
sesame_loopback_get_port (SesameLoopback *self)
{
  g_return_val_if_fail (SESAME_IS_LOOPBACK (self), 0);

  return self->port;
}

gboolean
sesame_loopback_get_listening (SesameLoopback *self)
{
  g_return_val_if_fail (SESAME_IS_LOOPBACK (self), FALSE);

  return self->service != NULL;
}

/**
 * sesame_loopback_finish_page:
 * @error: (nullable): why the sign-in failed after the callback, or %NULL once the tokens
 *   are in
 *
 * Sends the browser the page of a callback whose code was taken, which waits for this
 * (or, after a while, says to look in Sesame). Nothing happens when no page waits.
 */
void
sesame_loopback_finish_page (SesameLoopback *self,
                             const GError   *error)
{
  g_return_if_fail (SESAME_IS_LOOPBACK (self));

  if (!self->code_taken || self->outcome_told)
    return;
  self->outcome_told = TRUE;
  self->outcome = error != NULL ? g_strdup (error->message) : NULL;
  if (self->pending_page != NULL)
    send_outcome (self);
}

void
_sesame_loopback_set_limits (SesameLoopback *self,
                             guint           page_wait_seconds,
                             guint           connection_seconds)
{
  self->page_wait_seconds = page_wait_seconds;
  self->connection_seconds = connection_seconds;
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  SesameLoopback *self = user_data;
  GError *error;

  if (self->last_rejection != NULL)
    error = g_error_new (SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_TIMED_OUT,
                         _("No valid answer came from the browser in time (%u s); one was "
                           "rejected: %s"), self->timeout_seconds, self->last_rejection);
  else
    error = g_error_new (SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_TIMED_OUT,
                         _("No answer came from the browser in time (%u s)"),
                         self->timeout_seconds);
  complete (self, NULL, error);
  sesame_loopback_stop (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  SesameLoopback *self = user_data;

  complete (self, NULL, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sign-in was cancelled")));
  sesame_loopback_stop (self);
  return G_SOURCE_REMOVE;
}

/**
 * sesame_loopback_wait_async:
 * @request: the authorization request whose callback is awaited
 * @timeout_seconds: how long to wait; 0 for no limit
 *
 * Waits for the first callback carrying @request's state. Requests with another path,
 * method or Host, or a wrong state, are answered and ignored.
 */
void
sesame_loopback_wait_async (SesameLoopback      *self,
                            SesameAuthRequest   *request,
                            guint                timeout_seconds,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SESAME_IS_LOOPBACK (self));
  g_return_if_fail (SESAME_IS_AUTH_REQUEST (request));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_loopback_wait_async);

  if (self->task != NULL || !sesame_loopback_get_listening (self))
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_LISTEN_FAILED,
                               _("The redirect receiver is not ready for another sign-in"));
      return;
    }

  self->task = g_steal_pointer (&task);
  self->request = g_object_ref (request);
  self->timeout_seconds = timeout_seconds;
  self->n_rejections = 0;
  if (timeout_seconds > 0)
    {
      self->timeout_source = g_timeout_source_new_seconds (timeout_seconds);
      g_source_set_callback (self->timeout_source, on_wait_timeout, self, NULL);
      g_source_attach (self->timeout_source, g_main_context_get_thread_default ());
    }
  if (cancellable != NULL)
    {
      self->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (self->cancel_source, G_SOURCE_FUNC (on_wait_cancelled), self, NULL);
      g_source_attach (self->cancel_source, g_main_context_get_thread_default ());
    }
}

/* Returns: (transfer full): the authorization code */
char *
sesame_loopback_wait_finish (SesameLoopback  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_loopback_wait_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sesame_loopback_deliver_uri:
 * @uri: the address the browser ended on, pasted by the user or caught by an embedded
 *   browser
 *
 * Hands a callback to the waiting receiver as if it had arrived over HTTP.
 *
 * Returns: %FALSE if @uri was not accepted; the wait then goes on
 */
gboolean
sesame_loopback_deliver_uri (SesameLoopback  *self,
                             const char      *uri,
                             GError         **error)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GUri) expected = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (SESAME_IS_LOOPBACK (self), FALSE);
  g_return_val_if_fail (uri != NULL, FALSE);

  if (self->task == NULL)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH,
                   _("Sesame is not waiting for a sign-in"));
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (uri));
  parsed = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED | G_URI_FLAGS_SCHEME_NORMALIZE, NULL);
  expected = g_uri_parse (self->redirect_uri, G_URI_FLAGS_ENCODED, NULL);
  if (parsed == NULL || g_strcmp0 (g_uri_get_scheme (parsed), "http") != 0 ||
      g_ascii_strcasecmp (g_uri_get_host (parsed) ?: "", g_uri_get_host (expected)) != 0 ||
      g_uri_get_port (parsed) != g_uri_get_port (expected) ||
      strcmp (g_uri_get_path (parsed), self->path) != 0)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH,
                   _("This address does not start with the redirect URI %s"), self->redirect_uri);
      return FALSE;
    }

  g_object_ref (self);
  if (handle_callback (self, g_uri_get_query (parsed), &local_error) == CALLBACK_TAKEN)
    sesame_loopback_stop (self);
  g_object_unref (self);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Stops listening and drops every connection; a pending wait is cancelled. */
void
sesame_loopback_stop (SesameLoopback *self)
{
  g_return_if_fail (SESAME_IS_LOOPBACK (self));

  self->stop_requested = TRUE;
  if (self->task != NULL)
    complete (self, NULL, g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                       _("The sign-in was cancelled")));
  if (!self->answering)
    stop_listening (self);
}
