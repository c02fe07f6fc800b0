/* sesame-token-service.c
 *
 * The running app answers `sesame token NAME` from memory: see sesame-token-service.h, and
 * sesame-token-service-client.h for the protocol.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-token-service"

#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sesame-store.h"
#include "sesame-token-protocol.h"
#include "sesame-token-service.h"

#define READ_TIMEOUT_SECONDS 2   /* a client that connects and says nothing is dropped */
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

static gboolean
is_fresh (SesameTokenSet *tokens,
          guint           min_valid)
{
  gint64 expires_at = sesame_token_set_get_expires_at (tokens);

  return expires_at == 0 || expires_at - g_get_real_time () / G_USEC_PER_SEC >= min_valid;
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

  /* The request, pointing into buffer */
  const char         *format;
  const char         *name;
  guint               min_valid;
} Request;

static void
request_free (Request *request)
{
  g_clear_handle_id (&request->timeout_id, g_source_remove);
  g_io_stream_close (G_IO_STREAM (request->connection), NULL, NULL);
  g_clear_object (&request->connection);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->self);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void
send_text (Request    *request,
           const char *text,
           gsize       length)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (request->connection));

  /* A few bytes to a local socket whose buffer is empty: this does not block. */
  g_output_stream_write_all (out, text, length, NULL, NULL, NULL);
}

static void
answer (Request        *request,
        SesameTokenSet *tokens)
{
  g_autoptr(GString) text = g_string_new ("OK\n");
  const char *id_token = sesame_token_set_get_id_token (tokens);
  const char *access_token = sesame_token_set_get_access_token (tokens);

  if (g_str_equal (request->format, "json"))
    {
      g_autofree char *json = sesame_token_set_to_json (tokens);
      g_string_append_printf (text, "%s\n", json);
      memset (json, 0, strlen (json));
    }
  else if (g_str_equal (request->format, "id") && id_token != NULL)
    g_string_append_printf (text, "%s\n", id_token);
  else if (g_str_equal (request->format, "header"))
    g_string_append_printf (text, "Authorization: Bearer %s\n", access_token);
  else if (g_str_equal (request->format, "access"))
    g_string_append_printf (text, "%s\n", access_token);
  else
    g_string_assign (text, "NO\n");   /* no ID token: the command says so itself */

  send_text (request, text->str, text->len);
  memset (text->str, 0, text->len);
}

static void
on_token (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  SesameTokenService *self = request->self;
  g_autoptr(SesameTokenSet) tokens = NULL;
  g_autoptr(GError) error = NULL;
  SesameAccount *account = SESAME_ACCOUNT (object);

  tokens = sesame_account_get_token_finish (account, result, &error);
  if (tokens == NULL)
    {
      /* The command, asking the keyring itself, explains the error. */
      send_text (request, "NO\n", 3);
      return;
    }

  /* Kept only if the keyring has not changed meanwhile (a sign-out, say). */
  if (self->keyring_signals && request->generation == self->generation)
    g_hash_table_replace (self->tokens,
                          g_strdup (sesame_profile_get_id (sesame_account_get_profile (account))),
                          g_object_ref (tokens));
  answer (request, tokens);
}

/* Splits "MAGIC\0FORMAT\0MIN-VALID\0CONFIG-DIR\0NAME\0" and checks each part. */
static gboolean
parse_request (Request *request)
{
  const char *fields[5];
  const char *p = request->buffer, *end = request->buffer + request->length;
  guint64 min_valid;

  if (request->length == 0 || request->buffer[request->length - 1] != '\0')
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (p >= end)
        return FALSE;
      fields[i] = p;
      p += strlen (p) + 1;
    }
  if (p != end || !g_str_equal (fields[0], SESAME_TOKEN_SERVICE_MAGIC) ||
      !g_strv_contains ((const char *[]) { "access", "header", "json", "id", NULL }, fields[1]) ||
      !g_ascii_string_to_unsigned (fields[2], 10, 0, G_MAXINT, &min_valid, NULL) ||
      !g_str_equal (fields[3], g_get_user_config_dir ()) ||
      !g_utf8_validate (fields[4], -1, NULL))
    return FALSE;

  request->format = fields[1];
  request->min_valid = (guint) min_valid;
  request->name = fields[4];
  return TRUE;
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
  if (!parse_request (request) || !(profile = find_profile (self, request->name)))
    {
      send_text (request, "NO\n", 3);
      request_free (request);
      return;
    }

  kept = g_hash_table_lookup (self->tokens, sesame_profile_get_id (profile));
  if (kept != NULL && is_fresh (kept, request->min_valid))
    {
      g_debug ("Answered from memory");
      answer (request, kept);
      request_free (request);
      return;
    }

  /* From the keyring, refreshed if need be, as the command would: tell it to wait. */
  send_text (request, "WAIT\n", 5);
  request->generation = self->generation;
  account = g_hash_table_lookup (self->accounts, sesame_profile_get_id (profile));
  if (account == NULL || sesame_account_get_profile (account) != profile)
    {
      /* Kept from one request to the next, so that a refresh finds the provider known. */
      account = sesame_account_new (profile);
      sesame_account_set_resident (account, TRUE);
      g_hash_table_replace (self->accounts, g_strdup (sesame_profile_get_id (profile)), account);
    }
  sesame_account_get_token_async (account, request->min_valid, self->cancellable, on_token,
                                  request);
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
same_user (GSocketConnection *connection)
{
  GSocket *socket = g_socket_connection_get_socket (connection);
  g_autoptr(GCredentials) credentials = g_socket_get_credentials (socket, NULL);

  return credentials != NULL &&
         g_credentials_get_unix_user (credentials, NULL) == getuid ();
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

  if (!same_user (connection))
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

/* $XDG_RUNTIME_DIR/sesame, created with mode 0700 if need be, and checked: ours, closed. */
static char *
service_dir (GError **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (),
                                           SESAME_TOKEN_SERVICE_DIR, NULL);
  GStatBuf st;

  if (g_mkdir_with_parents (dir, 0700) != 0 || g_lstat (dir, &st) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", dir,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISDIR (st.st_mode) || st.st_uid != getuid () || (st.st_mode & 077) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s is not a directory of this user's alone (mode 0700)", dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

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

  if (!(dir = service_dir (error)))
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
