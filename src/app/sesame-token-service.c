/* sesame-token-service.c
 *
 * The running app answers `sesame token NAME` from memory: see sesame-token-service.h, and
 * sesame-token-protocol.h for the protocol.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-token-service"

#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sesame-store.h"
#include "sesame-token-protocol.h"
#include "sesame-token-service.h"

#define READ_TIMEOUT_SECONDS 2   /* a client that connects and says nothing is dropped */
#define WRITE_TIMEOUT_SECONDS 2  /* ... and one that does not read its answer */
#define SECRET_SERVICE_NAME "org.freedesktop.secrets"

struct _SesameTokenService
{
  GObject             parent_instance;

  /* Owned */
  GDBusConnection    *bus;
  GSocketService     *listener;
  char               *path;
  GHashTable         *tokens;          /* profile id → SesameTokenSet */
  GHashTable         *accounts;        /* profile id → resident SesameAccount */
  SesameProfileStore *profiles;
  char               *profiles_stamp;  /* the file's device, inode, mtime, size when read */
  GCancellable       *cancellable;
  guint               subscription;
  guint               watch;

  /* State */
  guint               generation;      /* moves on at every change of the keyring */
  gboolean            keyring_signals; /* the Secret Service is on the bus and tells of changes */
};

G_DEFINE_FINAL_TYPE (SesameTokenService, sesame_token_service, G_TYPE_OBJECT)

/* Kept tokens ------------------------------------------------------------------------ */

static void
forget_tokens (SesameTokenService *self)
{
  self->generation++;
  if (g_hash_table_size (self->tokens) > 0)
    g_debug ("Forgot the tokens kept in memory");
  g_hash_table_remove_all (self->tokens);
}

static void
on_keyring_changed (GDBusConnection *bus,
                    const char      *sender,
                    const char      *path,
                    const char      *interface,
                    const char      *signal,
                    GVariant        *parameters,
                    gpointer         user_data)
{
  forget_tokens (user_data);
}

static void
on_secret_service_appeared (GDBusConnection *bus,
                            const char      *name,
                            const char      *owner,
                            gpointer         user_data)
{
  SesameTokenService *self = user_data;

  forget_tokens (self);
  self->keyring_signals = TRUE;
}

static void
on_secret_service_vanished (GDBusConnection *bus,
                            const char      *name,
                            gpointer         user_data)
{
  SesameTokenService *self = user_data;

  forget_tokens (self);
  self->keyring_signals = FALSE;
}

static void
watch_keyring (SesameTokenService *self)
{
  if (self->bus == NULL)
    return;

  /* Subscribed first: no change between the name appearing and the subscription is missed. */
  self->subscription = g_dbus_connection_signal_subscribe (self->bus, SECRET_SERVICE_NAME,
                                                           "org.freedesktop.Secret.Collection",
                                                           NULL, NULL, NULL,
                                                           G_DBUS_SIGNAL_FLAGS_NONE,
                                                           on_keyring_changed, self, NULL);
  self->watch = g_bus_watch_name_on_connection (self->bus, SECRET_SERVICE_NAME,
                                                G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                on_secret_service_appeared,
                                                on_secret_service_vanished, self, NULL);
}

/* One request ------------------------------------------------------------------------ */

typedef struct
{
  SesameTokenService *self;
  GSocketConnection  *connection;
  GCancellable       *cancellable;
  guint               timeout_id;
  guint               generation;
  gsize               length;
  char                buffer[SESAME_TOKEN_SERVICE_MAX_REQUEST];

  SesameTokenRequest *parsed;
  char               *reply;    /* the answer being written, wiped once out */
  gsize               reply_length;
} Request;

static void
request_free (Request *request)
{
  g_clear_handle_id (&request->timeout_id, g_source_remove);
  g_io_stream_close (G_IO_STREAM (request->connection), NULL, NULL);
  g_clear_object (&request->connection);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->self);
  g_clear_pointer (&request->parsed, sesame_token_request_free);
  if (request->reply != NULL)
    explicit_bzero (request->reply, request->reply_length);
  g_free (request->reply);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* "WAIT\n", the first bytes on the connection: its buffer is empty, this does not block. */
static void
send_wait (Request *request)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (request->connection));

  g_pollable_output_stream_write_nonblocking (G_POLLABLE_OUTPUT_STREAM (out), "WAIT\n", 5,
                                              NULL, NULL);
}

static void
on_reply_written (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Request *request = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  request_free (request);
}

static gboolean
on_write_timeout (gpointer user_data)
{
  Request *request = user_data;

  request->timeout_id = 0;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

/* Writes @reply (transfer full) and ends the request. Asynchronously, with a time limit:
 * a caller that connects and never reads its answer cannot stop the app. */
static void
reply_and_end (Request *request,
               char    *reply)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (request->connection));

  request->reply = reply;
  request->reply_length = strlen (reply);
  g_clear_handle_id (&request->timeout_id, g_source_remove);
  request->timeout_id = g_timeout_add_seconds (WRITE_TIMEOUT_SECONDS, on_write_timeout, request);
  g_output_stream_write_all_async (out, request->reply, request->reply_length,
                                   G_PRIORITY_DEFAULT, request->cancellable, on_reply_written,
                                   request);
}

/* "OK\n" and the text the command would print; "NO\n" when there is none to print (no
 * ID token, say): the command, reading the keyring itself, says why. Ends the request. */
static void
answer (Request        *request,
        SesameTokenSet *tokens)
{
  g_autofree char *text = sesame_token_output_format (tokens, request->parsed->output, NULL);

  if (text == NULL)
    {
      reply_and_end (request, g_strdup ("NO\n"));
      return;
    }
  reply_and_end (request, g_strconcat ("OK\n", text, NULL));
  explicit_bzero (text, strlen (text));
}

static void
on_token (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Request *request = user_data;
  SesameTokenService *self = request->self;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  SesameAccount *account = SESAME_ACCOUNT (object);

  tokens = sesame_account_get_token_finish (account, result, &error);
  if (tokens == NULL)
    {
      /* The command, asking the keyring itself, explains the error. */
      reply_and_end (request, g_strdup ("NO\n"));
      return;
    }

  /* Kept only if the keyring has not changed meanwhile (a sign-out, say). */
  if (self->keyring_signals && request->generation == self->generation)
    g_hash_table_replace (self->tokens,
                          g_strdup (sesame_profile_get_id (sesame_account_get_profile (account))),
                          g_object_ref (tokens));
  answer (request, tokens);
}

/* A request this app may answer: well formed, and from a command that reads the same
 * configuration (a demo or a test with a configuration of its own is not answered here). */
static gboolean
parse_request (Request *request)
{
  request->parsed = sesame_token_request_parse (request->buffer, request->length, NULL);
  return request->parsed != NULL &&
         g_str_equal (request->parsed->config_dir, g_get_user_config_dir ());
}

/* The profiles as the file holds them now: read again whenever it changed (the command
 * line may have added, renamed or removed one), which a stat() tells.
 */
static SesameProfile *
find_profile (SesameTokenService *self,
              const char         *name)
{
  SesameProfile *profile;
  GStatBuf st = { 0 };
  g_autofree char *stamp = NULL;

  if (self->profiles == NULL)
    self->profiles = sesame_profile_store_new (NULL);
  if (g_stat (sesame_profile_store_get_path (self->profiles), &st) == 0)
    stamp = g_strdup_printf ("%ju:%ju:%jd:%ld:%jd", (uintmax_t) st.st_dev,
                             (uintmax_t) st.st_ino, (intmax_t) st.st_mtim.tv_sec,
                             st.st_mtim.tv_nsec, (intmax_t) st.st_size);
  if (stamp == NULL || g_strcmp0 (stamp, self->profiles_stamp) != 0)
    {
      g_clear_pointer (&self->profiles_stamp, g_free);
      g_hash_table_remove_all (self->accounts);   /* each holds a profile as it was */
      if (!sesame_profile_store_load (self->profiles, NULL))
        return NULL;
      self->profiles_stamp = g_steal_pointer (&stamp);
    }
  profile = sesame_profile_store_lookup (self->profiles, name);
  return profile != NULL ? g_object_ref (profile) : NULL;
}

static void
handle_request (Request *request)
{
  SesameTokenService *self = request->self;
  g_autoptr(SesameProfile) profile = NULL;
  SesameAccount  *account;
  SesameTokenSet *kept;

  g_clear_handle_id (&request->timeout_id, g_source_remove);
  if (!parse_request (request) || !(profile = find_profile (self, request->parsed->profile)))
    {
      reply_and_end (request, g_strdup ("NO\n"));
      return;
    }

  kept = g_hash_table_lookup (self->tokens, sesame_profile_get_id (profile));
  if (kept != NULL && sesame_token_set_is_fresh (kept, request->parsed->min_valid))
    {
      g_debug ("Answered from memory");
      answer (request, kept);
      return;
    }

  /* From the keyring, refreshed if need be, as the command would: tell it to wait. */
  send_wait (request);
  request->generation = self->generation;
  account = g_hash_table_lookup (self->accounts, sesame_profile_get_id (profile));
  if (account == NULL || sesame_account_get_profile (account) != profile)
    {
      /* Kept from one request to the next, so that a refresh finds the provider known. */
      account = sesame_account_new (profile);
      sesame_account_set_resident (account, TRUE);
      g_hash_table_replace (self->accounts, g_strdup (sesame_profile_get_id (profile)), account);
    }
  sesame_account_get_token_async (account, request->parsed->min_valid, self->cancellable,
                                  on_token, request);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  GInputStream *in = G_INPUT_STREAM (object);
  gssize n = g_input_stream_read_finish (in, result, NULL);

  if (n < 0 || (n > 0 && request->length + (gsize) n >= sizeof request->buffer))
    {
      request_free (request);   /* an error, the timeout, or too long */
      return;
    }
  if (n == 0)
    {
      handle_request (request);
      return;
    }
  request->length += (gsize) n;
  g_input_stream_read_async (in, request->buffer + request->length,
                             sizeof request->buffer - request->length, G_PRIORITY_DEFAULT,
                             request->cancellable, on_read, request);
}

static gboolean
on_read_timeout (gpointer user_data)
{
  Request *request = user_data;

  request->timeout_id = 0;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

typedef enum
{
  READ_COMPLETE,   /* up to the end of the stream */
  READ_MORE,       /* more to come */
  READ_FAILED,
} ReadState;

/* Reads what has arrived, without waiting. */
static ReadState
read_available (Request *request)
{
  GSocket *socket = g_socket_connection_get_socket (request->connection);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_receive_with_blocking (socket, request->buffer + request->length,
                                                 sizeof request->buffer - request->length,
                                                 FALSE, NULL, &error);

      if (n == 0)
        return READ_COMPLETE;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return READ_MORE;
      if (n < 0 || request->length + (gsize) n >= sizeof request->buffer)
        return READ_FAILED;
      request->length += (gsize) n;
    }
}

static gboolean
on_incoming (GSocketService    *listener,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  SesameTokenService *self = user_data;
  Request *request;
  GInputStream *in;

  if (!sesame_token_service_peer_is_us (g_socket_connection_get_socket (connection)))
    {
      g_warning ("Refused a token request from another user");
      return TRUE;   /* the listener closes the connection */
    }

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->connection = g_object_ref (connection);
  request->cancellable = g_cancellable_new ();

  /* The command sends its request as soon as it connects: it is usually all there. */
  switch (read_available (request))
    {
    case READ_COMPLETE:
      handle_request (request);
      return TRUE;
    case READ_FAILED:
      request_free (request);
      return TRUE;
    case READ_MORE:
      break;
    }

  request->timeout_id = g_timeout_add_seconds (READ_TIMEOUT_SECONDS, on_read_timeout, request);
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_input_stream_read_async (in, request->buffer + request->length,
                             sizeof request->buffer - request->length, G_PRIORITY_DEFAULT,
                             request->cancellable, on_read, request);
  return TRUE;
}

/* Listening -------------------------------------------------------------------------- */

/* A socket left by an app that crashed is removed; one that answers is another instance's. */
static gboolean
clear_stale_socket (const char  *path,
                    GError     **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GSocketConnection) connection = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  connection = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
  if (connection != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                   "Another instance answers token requests on %s", path);
      return FALSE;
    }
  g_unlink (path);
  return TRUE;
}

gboolean
sesame_token_service_start (SesameTokenService  *self,
                            GError             **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketService) listener = NULL;

  g_return_val_if_fail (SESAME_IS_TOKEN_SERVICE (self), FALSE);
  g_return_val_if_fail (self->listener == NULL, FALSE);

  if (!(dir = sesame_token_service_directory (TRUE, error)))
    return FALSE;
  path = g_build_filename (dir, SESAME_TOKEN_SERVICE_SOCKET, NULL);
  if (!clear_stale_socket (path, error))
    return FALSE;

  address = g_unix_socket_address_new (path);
  listener = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (listener), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL,
                                      NULL, error))
    return FALSE;
  g_signal_connect_object (listener, "incoming", G_CALLBACK (on_incoming), self, 0);
  g_socket_service_start (listener);

  self->listener = g_steal_pointer (&listener);
  self->path = g_steal_pointer (&path);
  watch_keyring (self);
  return TRUE;
}

void
sesame_token_service_stop (SesameTokenService *self)
{
  g_return_if_fail (SESAME_IS_TOKEN_SERVICE (self));

  g_cancellable_cancel (self->cancellable);
  if (self->listener != NULL)
    {
      g_socket_service_stop (self->listener);
      g_socket_listener_close (G_SOCKET_LISTENER (self->listener));
      g_clear_object (&self->listener);
    }
  if (self->path != NULL)
    g_unlink (self->path);
  g_clear_pointer (&self->path, g_free);
  if (self->bus != NULL && self->subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->subscription);
  self->subscription = 0;
  g_clear_handle_id (&self->watch, g_bus_unwatch_name);
  self->keyring_signals = FALSE;
  forget_tokens (self);
  g_hash_table_remove_all (self->accounts);
}

/* GObject ------------------------------------------------------------------------------ */

static void
sesame_token_service_dispose (GObject *object)
{
  SesameTokenService *self = (SesameTokenService *) object;

  sesame_token_service_stop (self);
  g_clear_object (&self->bus);
  g_clear_object (&self->profiles);
  g_clear_pointer (&self->profiles_stamp, g_free);

  G_OBJECT_CLASS (sesame_token_service_parent_class)->dispose (object);
}

static void
sesame_token_service_finalize (GObject *object)
{
  SesameTokenService *self = (SesameTokenService *) object;

  g_hash_table_unref (self->tokens);
  g_hash_table_unref (self->accounts);
  g_object_unref (self->cancellable);

  G_OBJECT_CLASS (sesame_token_service_parent_class)->finalize (object);
}

static void
sesame_token_service_class_init (SesameTokenServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_token_service_dispose;
  object_class->finalize = sesame_token_service_finalize;
}

static void
sesame_token_service_init (SesameTokenService *self)
{
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
}

SesameTokenService *
sesame_token_service_new (GDBusConnection *bus)
{
  SesameTokenService *self;

  g_return_val_if_fail (bus == NULL || G_IS_DBUS_CONNECTION (bus), NULL);

  self = g_object_new (SESAME_TYPE_TOKEN_SERVICE, NULL);
  self->bus = bus != NULL ? g_object_ref (bus) : NULL;
  return self;
}
