/* sesame-account.c
 *
 * A profile's tokens over their lifetime. Refreshes are serialized per profile across
 * processes with an advisory lock, so that two `sesame token` at once never spend the
 * same refresh token twice (a provider that rotates them would revoke the family).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-account"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "sesame-account-private.h"
#include "sesame-account.h"
#include "sesame-profile-private.h"
#include "sesame-secrets.h"
#include "sesame-store-error.h"
#include "sesame-token-request.h"

/* How long a resident account keeps what it learnt of the provider (metadata, keys). */
#define KEEP_PROVIDER_USEC (10 * 60 * G_USEC_PER_SEC)
/* A request's limit when none is set (sesame-http.c's session default). */
#define DEFAULT_REQUEST_SECONDS 30
/* Beyond the requests, for the keyring's write. */
#define LOCK_SLACK_SECONDS 5

struct _SesameAccount
{
  GObject            parent_instance;

  SesameProfile     *profile;
  gboolean           resident;
  guint              timeout;      /* seconds, for each request to the provider; 0: default */

  /* Resident only: the token client of the last refresh, the client it was built with
   * (the secret it holds is checked against the keyring's before each reuse) and when it
   * was built (g_get_monotonic_time()).
   */
  SesameTokenClient *token_client;
  SesameClient      *client;
  gint64             token_client_time;
};

G_DEFINE_FINAL_TYPE (SesameAccount, sesame_account, G_TYPE_OBJECT)

static void
forget_token_client (SesameAccount *self)
{
  g_clear_object (&self->token_client);
  g_clear_object (&self->client);
}

static void
sesame_account_dispose (GObject *object)
{
  SesameAccount *self = (SesameAccount *) object;

  g_clear_object (&self->profile);
  forget_token_client (self);

  G_OBJECT_CLASS (sesame_account_parent_class)->dispose (object);
}

static void
sesame_account_class_init (SesameAccountClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sesame_account_dispose;
}

static void
sesame_account_init (SesameAccount *self)
{
}

SesameAccount *
sesame_account_new (SesameProfile *profile)
{
  SesameAccount *self;

  g_return_val_if_fail (SESAME_IS_PROFILE (profile), NULL);

  self = g_object_new (SESAME_TYPE_ACCOUNT, NULL);
  self->profile = g_object_ref (profile);
  return self;
}

SesameProfile *
sesame_account_get_profile (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  return self->profile;
}

void
sesame_account_set_resident (SesameAccount *self,
                             gboolean       resident)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  self->resident = !!resident;
  if (!self->resident)
    forget_token_client (self);
}

void
sesame_account_set_timeout (SesameAccount *self,
                            guint          seconds)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  self->timeout = seconds;
  forget_token_client (self);   /* its session has the old limit */
}

static GError *
sign_in_needed (SesameAccount *self,
                const char    *why)
{
  return g_error_new (SESAME_STORE_ERROR, SESAME_STORE_ERROR_SIGN_IN_NEEDED,
                      _("%s; sign in to “%s” again"), why,
                      sesame_profile_get_name (self->profile));
}

/* Client and provider ------------------------------------------------------------- */

typedef struct
{
  SoupSession  *session;
  SesameClient *client;
} Resolve;

static void
resolve_free (Resolve *resolve)
{
  g_clear_object (&resolve->session);
  g_clear_object (&resolve->client);
  g_free (resolve);
}

/* The session and client of the profile, with the client secret from the keyring. */
static Resolve *
resolve_client (SesameAccount  *self,
                const char     *secret,
                GError        **error)
{
  Resolve *resolve = g_new0 (Resolve, 1);

  resolve->session = sesame_http_session_new (sesame_profile_get_ca_file (self->profile), error);
  if (resolve->session != NULL && self->timeout > 0)
    g_object_set (resolve->session, "timeout", self->timeout, NULL);
  if (resolve->session != NULL)
    resolve->client = sesame_profile_create_client (self->profile, secret, error);
  if (resolve->client == NULL)
    {
      resolve_free (resolve);
      return NULL;
    }
  return resolve;
}

static void
keep_token_client (SesameAccount     *self,
                   SesameTokenClient *token_client,
                   SesameClient      *client)
{
  if (!self->resident)
    return;
  g_set_object (&self->token_client, token_client);
  g_set_object (&self->client, client);
  self->token_client_time = g_get_monotonic_time ();
}

/* The kept token client, if it is recent and holds @secret (NULL for none) as its own. */
static SesameTokenClient *
kept_token_client (SesameAccount *self,
                   const char    *secret)
{
  if (self->token_client == NULL ||
      g_get_monotonic_time () - self->token_client_time >= KEEP_PROVIDER_USEC ||
      g_strcmp0 (sesame_client_get_secret (self->client), secret) != 0)
    return NULL;
  return self->token_client;
}

static void
on_discovered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameAccount *self = g_task_get_source_object (task);
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(SesameTokenClient) token_client = NULL;
  GError *error = NULL;

  provider = sesame_provider_discover_finish (result, &error);
  if (provider == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  token_client = sesame_token_client_new (resolve->session, provider, resolve->client);
  keep_token_client (self, token_client, resolve->client);
  g_task_return_pointer (task, g_steal_pointer (&token_client), g_object_unref);
}

/* Finishes @task (transfer full) with a token client for the profile and @secret: the
 * kept one where it still fits, else a new one, its provider discovered when the profile
 * names an issuer.
 */
static void
build_token_client (GTask      *task,
                    const char *secret)
{
  SesameAccount *self = g_task_get_source_object (task);
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(SesameTokenClient) token_client = NULL;
  SesameTokenClient *kept;
  Resolve *resolve;
  GError *error = NULL;

  if ((kept = kept_token_client (self, secret)) != NULL)
    {
      g_task_return_pointer (task, g_object_ref (kept), g_object_unref);
      g_object_unref (task);
      return;
    }

  resolve = resolve_client (self, secret, &error);
  if (resolve == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, resolve, (GDestroyNotify) resolve_free);

  provider = sesame_profile_create_provider (self->profile, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else if (provider != NULL)
    {
      token_client = sesame_token_client_new (resolve->session, provider, resolve->client);
      keep_token_client (self, token_client, resolve->client);
      g_task_return_pointer (task, g_steal_pointer (&token_client), g_object_unref);
    }
  else
    {
      sesame_provider_discover_async (sesame_profile_get_issuer (self->profile), resolve->session,
                                      g_task_get_cancellable (task), on_discovered, task);
      return;
    }
  g_object_unref (task);
}

static void
on_secret_for_token_client (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  GTask  *task = user_data;
  GError *error = NULL;
  char   *secret;

  secret = sesame_secrets_lookup_client_secret_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
    }
  else
    build_token_client (task, secret);
  secret_password_free (secret);
}

/* A token client for the profile: client secret from the keyring, provider discovered
 * when the profile names an issuer.
 */
static void
resolve_token_client_async (SesameAccount       *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, resolve_token_client_async);
  sesame_secrets_lookup_client_secret_async (sesame_profile_get_id (self->profile), cancellable,
                                             on_secret_for_token_client, task);
}

/* The same with the client secret already read. */
static void
build_token_client_async (SesameAccount       *self,
                          const char          *secret,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, resolve_token_client_async);
  build_token_client (task, secret);
}

static SesameTokenClient *
resolve_token_client_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* For sesame-account-introspect.c. */
void
_sesame_account_resolve_token_client_async (SesameAccount       *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  resolve_token_client_async (self, cancellable, callback, user_data);
}

SesameTokenClient *
_sesame_account_resolve_token_client_finish (GAsyncResult  *result,
                                             GError       **error)
{
  return resolve_token_client_finish (result, error);
}

/* Preparing a sign-in ------------------------------------------------------------- */

/* What a flow of either kind starts from: the client, and in @provider the provider
 * (NULL where the profile names only an issuer, to be discovered). */
static Resolve *
resolve_flow_parts (SesameAccount   *self,
                    const char      *secret,
                    SesameProvider **provider,
                    GError         **error)
{
  Resolve *resolve;

  resolve = resolve_client (self, secret, error);
  if (resolve == NULL)
    return NULL;
  *provider = sesame_profile_create_provider (self->profile, error);
  if (*provider == NULL && sesame_profile_get_issuer (self->profile) == NULL)
    {
      resolve_free (resolve);
      return NULL;
    }
  return resolve;
}

static SesameFlow *
build_flow (SesameAccount  *self,
            const char     *secret,
            GError        **error)
{
  g_autoptr(SesameProvider) provider = NULL;
  Resolve *resolve;
  SesameFlow *flow;

  resolve = resolve_flow_parts (self, secret, &provider, error);
  if (resolve == NULL)
    return NULL;

  flow = sesame_flow_new (resolve->session, resolve->client);
  sesame_flow_set_provider (flow, provider);
  sesame_flow_set_issuer (flow, sesame_profile_get_issuer (self->profile));
  sesame_flow_set_redirect_uri (flow, sesame_profile_get_redirect_uri (self->profile));
  resolve_free (resolve);
  return flow;
}

static SesameDeviceFlow *
build_device_flow (SesameAccount  *self,
                   const char     *secret,
                   GError        **error)
{
  g_autoptr(SesameProvider) provider = NULL;
  Resolve *resolve;
  SesameDeviceFlow *flow;

  resolve = resolve_flow_parts (self, secret, &provider, error);
  if (resolve == NULL)
    return NULL;

  flow = sesame_device_flow_new (resolve->session, resolve->client);
  sesame_device_flow_set_provider (flow, provider);
  sesame_device_flow_set_issuer (flow, sesame_profile_get_issuer (self->profile));
  if (provider == NULL)
    sesame_device_flow_set_device_authorization_endpoint (
      flow, sesame_profile_get_endpoint (self->profile, SESAME_ENDPOINT_DEVICE_AUTHORIZATION));
  resolve_free (resolve);
  return flow;
}

/* The flow of either kind, by the task's source tag. */
static void
on_secret_for_flow (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameAccount *self = g_task_get_source_object (task);
  gboolean device = g_task_get_source_tag (task) == sesame_account_prepare_device_flow_async;
  GObject *flow = NULL;
  GError *error = NULL;
  char *secret;

  secret = sesame_secrets_lookup_client_secret_finish (result, &error);
  if (error == NULL)
    flow = device ? (GObject *) build_device_flow (self, secret, &error)
                  : (GObject *) build_flow (self, secret, &error);
  secret_password_free (secret);

  if (flow == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, flow, g_object_unref);
}

/* Takes over @task: validates the profile, then reads the client secret. */
static void
prepare_flow (SesameAccount *self,
              GTask         *task)
{
  GError *error = NULL;

  if (!sesame_profile_validate (self->profile, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  sesame_secrets_lookup_client_secret_async (sesame_profile_get_id (self->profile),
                                             g_task_get_cancellable (task),
                                             on_secret_for_flow, task);
}

void
sesame_account_prepare_device_flow_async (SesameAccount       *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_prepare_device_flow_async);
  prepare_flow (self, task);
}

SesameDeviceFlow *
sesame_account_prepare_device_flow_finish (SesameAccount  *self,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_account_prepare_device_flow_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sesame_account_prepare_flow_async (SesameAccount       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_prepare_flow_async);
  prepare_flow (self, task);
}

SesameFlow *
sesame_account_prepare_flow_finish (SesameAccount  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_tokens_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (sesame_secrets_store_tokens_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Finishing a sign-in ---------------------------------------------------------------- */

/* Stores @tokens as the profile's, finishing @task (a boolean) with on_tokens_saved(). */
static void
store_tokens (SesameAccount  *self,
              SesameTokenSet *tokens,
              GTask          *task)
{
  sesame_secrets_store_tokens_async (sesame_profile_get_id (self->profile),
                                     sesame_profile_get_name (self->profile), tokens,
                                     g_task_get_cancellable (task), on_tokens_saved, task);
}

static void
on_userinfo (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameAccount *self = g_task_get_source_object (task);
  SesameTokenSet *tokens = g_task_get_task_data (task);
  g_autoptr(JsonObject) claims = NULL;
  g_autoptr(GError) error = NULL;

  claims = sesame_token_client_fetch_userinfo_finish (SESAME_TOKEN_CLIENT (object), result,
                                                      &error);
  if (claims != NULL)
    sesame_token_set_set_userinfo (tokens, claims);
  else
    g_debug ("No userinfo: %s", error->message);
  store_tokens (self, tokens, g_steal_pointer (&task));
}

/* Takes over @task (a boolean, holding @tokens): userinfo where @token_client's provider
 * offers it, then storage. What a sign-in of either kind does once it has its tokens. */
static void
finish_sign_in (SesameAccount     *self,
                SesameTokenClient *token_client,
                SesameTokenSet    *tokens,
                GTask             *task)
{
  g_task_set_task_data (task, g_object_ref (tokens), g_object_unref);

  if (token_client != NULL &&
      sesame_provider_get_endpoint (sesame_token_client_get_provider (token_client),
                                    SESAME_ENDPOINT_USERINFO) != NULL)
    sesame_token_client_fetch_userinfo_async (token_client, tokens, g_task_get_cancellable (task),
                                              on_userinfo, task);
  else
    store_tokens (self, tokens, task);
}

void
sesame_account_finish_sign_in_async (SesameAccount       *self,
                                     SesameFlow          *flow,
                                     SesameTokenSet      *tokens,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (SESAME_IS_FLOW (flow));
  g_return_if_fail (SESAME_IS_TOKEN_SET (tokens));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_finish_sign_in_async);
  finish_sign_in (self, sesame_flow_get_token_client (flow), tokens, task);
}

void
sesame_account_finish_device_sign_in_async (SesameAccount       *self,
                                            SesameDeviceFlow    *flow,
                                            SesameTokenSet      *tokens,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (SESAME_IS_DEVICE_FLOW (flow));
  g_return_if_fail (SESAME_IS_TOKEN_SET (tokens));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_finish_device_sign_in_async);
  finish_sign_in (self, sesame_device_flow_get_token_client (flow), tokens, task);
}

gboolean
sesame_account_finish_device_sign_in_finish (SesameAccount  *self,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sesame_account_finish_sign_in_finish (SesameAccount  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The per-profile lock ------------------------------------------------------------- */

typedef struct
{
  char  *profile_id;
  char  *profile_name;
  guint  limit_seconds;
} LockWait;

static void
lock_wait_free (LockWait *wait)
{
  g_free (wait->profile_id);
  g_free (wait->profile_name);
  g_free (wait);
}

/* Waits for the lock, bounded: a process that holds it (a refresh that never ends, a
 * stopped `sesame token`) must not keep every other one waiting, silently and forever. */
static void
lock_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LockWait *wait = task_data;
  g_autofree char *dir = NULL;
  g_autofree char *name = g_strconcat (wait->profile_id, ".lock", NULL);
  g_autofree char *path = NULL;
  gint64 deadline = g_get_monotonic_time () + (gint64) wait->limit_seconds * G_USEC_PER_SEC;
  gulong pause_usec = 5000;
  GError *error = NULL;
  int fd;

  /* In the token service's directory, the user's alone (owner and mode checked), named by
   * an id that cannot lead elsewhere. */
  if (!_sesame_profile_id_is_safe (wait->profile_id))
    {
      g_task_return_new_error (task, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE,
                               _("The profile “%s” has an id that cannot name a file"),
                               wait->profile_name);
      return;
    }
  if (!(dir = sesame_token_service_directory (TRUE, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  path = g_build_filename (dir, name, NULL);
  if ((fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600)) < 0)
    {
      int saved_errno = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not open the lock file %s: %s"), path,
                               g_strerror (saved_errno));
      return;
    }

  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;
      if (saved_errno != EWOULDBLOCK)
        {
          close (fd);
          g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   _("Could not lock %s: %s"), path, g_strerror (saved_errno));
          return;
        }
      if (g_cancellable_is_cancelled (cancellable))
        {
          close (fd);
          g_task_return_error_if_cancelled (task);
          return;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          close (fd);
          g_task_return_new_error (task, SESAME_STORE_ERROR, SESAME_STORE_ERROR_BUSY,
                                   _("Another Sesame process has held the lock of “%s” for "
                                     "more than %u seconds (%s): it may be stuck; stop it, "
                                     "or try again"),
                                   wait->profile_name, wait->limit_seconds, path);
          return;
        }
      g_usleep (pause_usec);
      pause_usec = MIN (pause_usec * 2, 100000);
    }
  g_task_return_int (task, fd);
}

/* Takes the profile's lock in a thread (waiting on it must not block the main loop).
 * The lock is held until the returned descriptor is closed. The holder's refresh may
 * take a request to the provider per step (discovery, keys, token), each within the time
 * limit, and the keyring write: the wait is bounded well above that.
 */
static void
lock_profile_async (SesameAccount       *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  LockWait *wait = g_new0 (LockWait, 1);

  wait->profile_id = g_strdup (sesame_profile_get_id (self->profile));
  wait->profile_name = g_strdup (sesame_profile_get_name (self->profile));
  wait->limit_seconds = 4 * (self->timeout > 0 ? self->timeout : DEFAULT_REQUEST_SECONDS) +
                        LOCK_SLACK_SECONDS;
  g_task_set_task_data (task, wait, (GDestroyNotify) lock_wait_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, lock_thread);
}

/* Getting a valid token ------------------------------------------------------------ */

typedef struct
{
  guint              min_valid;
  int                lock_fd;
  SesameTokenSet    *seen;       /* before taking the lock (not read by a resident account) */
  SesameTokenSet    *current;    /* under the lock */
  SesameTokenSet    *refreshed;

  GApplication      *held;       /* while refreshed tokens are stored, so that it waits */

  /* Resident: the client secret, read beside the lock and the tokens. */
  gboolean           secret_read;
  gboolean           secret_wanted;  /* a refresh waits for it */
  char              *secret;
  GError            *secret_error;
} TokenJob;

static void
token_job_free (TokenJob *job)
{
  if (job->lock_fd >= 0)
    close (job->lock_fd);
  g_clear_object (&job->seen);
  g_clear_object (&job->current);
  g_clear_object (&job->refreshed);
  if (job->held != NULL)
    {
      g_application_release (job->held);
      g_object_unref (job->held);
    }
  secret_password_free (job->secret);
  g_clear_error (&job->secret_error);
  g_free (job);
}

static void
on_refreshed_saved (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TokenJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!sesame_secrets_store_tokens_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (job->refreshed), g_object_unref);
}

static void
on_stale_cleared (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameAccount *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!sesame_secrets_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_error (task, sign_in_needed (self, _("The provider no longer accepts the "
                                                       "refresh token")));
}

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SesameAccount *self = g_task_get_source_object (task);
  TokenJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  job->refreshed = sesame_token_client_refresh_finish (SESAME_TOKEN_CLIENT (object), result,
                                                       &error);
  /* What was kept of the provider may be what failed: learnt again next time. */
  if (error != NULL && SESAME_TOKEN_CLIENT (object) == self->token_client)
    forget_token_client (self);
  if (g_error_matches (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_GRANT))
    sesame_secrets_clear_async (sesame_profile_get_id (self->profile), TRUE, cancellable,
                                on_stale_cleared, g_steal_pointer (&task));
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      /* A provider that rotates refresh tokens has spent the old one: until the new
       * tokens are stored, they exist only here. They are stored first, before anybody
       * sees them, and not cancelled: a refresh that was called off still keeps them,
       * and an app does not end before they are stored.
       */
      g_debug ("Refreshed: storing the new tokens before anything else");
      if ((job->held = g_application_get_default ()) != NULL)
        g_application_hold (g_object_ref (job->held));
      sesame_secrets_store_tokens_async (sesame_profile_get_id (self->profile),
                                         sesame_profile_get_name (self->profile),
                                         job->refreshed, NULL, on_refreshed_saved,
                                         g_steal_pointer (&task));
    }
}

static void
on_token_client_for_refresh (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  TokenJob *job = g_task_get_task_data (task);
  g_autoptr(SesameTokenClient) token_client = NULL;
  GError *error = NULL;

  token_client = resolve_token_client_finish (result, &error);
  if (token_client == NULL)
    g_task_return_error (task, error);
  else
    sesame_token_client_refresh_async (token_client, job->current, cancellable, on_refreshed,
                                       g_steal_pointer (&task));
}

/* Resident: the refresh, once the client secret read beside the lock is in. */
static void
refresh_with_secret (GTask *task)
{
  SesameAccount *self = g_task_get_source_object (task);
  TokenJob *job = g_task_get_task_data (task);

  if (job->secret_error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&job->secret_error));
      g_object_unref (task);
      return;
    }
  build_token_client_async (self, job->secret, g_task_get_cancellable (task),
                            on_token_client_for_refresh, task);
}

static void
on_secret_beside (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  TokenJob *job = g_task_get_task_data (task);

  job->secret = sesame_secrets_lookup_client_secret_finish (result, &job->secret_error);
  job->secret_read = TRUE;
  if (job->secret_wanted)
    refresh_with_secret (task);   /* takes this reference */
  else
    g_object_unref (task);        /* the tokens were fresh, or the job failed */
}

/* Under the lock: another process may have refreshed while we waited for it. */
static void
on_current (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SesameAccount *self = g_task_get_source_object (task);
  TokenJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->current = sesame_secrets_lookup_tokens_finish (result, &error);
  if (job->current == NULL)
    g_task_return_error (task, error ? error : sign_in_needed (self, _("There are no tokens")));
  else if (sesame_token_set_is_fresh (job->current, job->min_valid) ||
           (job->seen != NULL && !sesame_token_set_equal (job->seen, job->current) &&
            sesame_token_set_is_fresh (job->current, 0)))
    g_task_return_pointer (task, g_object_ref (job->current), g_object_unref);
  else if (sesame_token_set_get_refresh_token (job->current) == NULL)
    g_task_return_error (task, sign_in_needed (self, _("The access token expires and there is "
                                                       "no refresh token")));
  else if (!self->resident)
    resolve_token_client_async (self, cancellable, on_token_client_for_refresh,
                                g_steal_pointer (&task));
  else if (job->secret_read)
    refresh_with_secret (g_steal_pointer (&task));
  else
    job->secret_wanted = TRUE;   /* on_secret_beside() goes on with its own reference */
}

static void
on_locked (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SesameAccount *self = g_task_get_source_object (task);
  TokenJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->lock_fd = (int) g_task_propagate_int (G_TASK (result), &error);
  if (job->lock_fd < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  sesame_secrets_lookup_tokens_async (sesame_profile_get_id (self->profile),
                                      cancellable, on_current,
                                      g_steal_pointer (&task));
}

static void
on_seen (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  SesameAccount *self = g_task_get_source_object (task);
  TokenJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->seen = sesame_secrets_lookup_tokens_finish (result, &error);
  if (job->seen == NULL)
    g_task_return_error (task, error ? error : sign_in_needed (self, _("There are no tokens")));
  else if (sesame_token_set_is_fresh (job->seen, job->min_valid))
    g_task_return_pointer (task, g_object_ref (job->seen), g_object_unref);
  else
    lock_profile_async (self, cancellable, on_locked, g_steal_pointer (&task));
}

void
sesame_account_get_token_async (SesameAccount       *self,
                                guint                min_valid,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  TokenJob *job;

  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_get_token_async);
  job = g_new0 (TokenJob, 1);
  job->min_valid = min_valid;
  job->lock_fd = -1;
  g_task_set_task_data (task, job, (GDestroyNotify) token_job_free);

  if (self->resident)
    {
      /* Straight to the lock: what the keyring holds is read under it anyway, and a first
       * read outside it only spares a short-lived command the lock. The client secret is
       * read meanwhile, in case a refresh is due.
       */
      sesame_secrets_lookup_client_secret_async (sesame_profile_get_id (self->profile),
                                                 cancellable, on_secret_beside,
                                                 g_object_ref (task));
      lock_profile_async (self, cancellable, on_locked, task);
      return;
    }
  sesame_secrets_lookup_tokens_async (sesame_profile_get_id (self->profile), cancellable,
                                      on_seen, task);
}

SesameTokenSet *
sesame_account_get_token_finish (SesameAccount  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Signing out ---------------------------------------------------------------------- */

typedef struct
{
  SesameTokenSet    *tokens;
  SesameTokenClient *token_client;
  gboolean           revoked;
  GError            *revocation_error;
  guint              step;
} SignOut;

static void
sign_out_free (SignOut *job)
{
  g_clear_object (&job->tokens);
  g_clear_object (&job->token_client);
  g_clear_error (&job->revocation_error);
  g_free (job);
}

static void
on_signed_out (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!sesame_secrets_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
delete_tokens (GTask *task)
{
  SesameAccount *self = g_task_get_source_object (task);

  sesame_secrets_clear_async (sesame_profile_get_id (self->profile), TRUE,
                              g_task_get_cancellable (task), on_signed_out, task);
}

static void revoke_next (GTask *task);

static void
on_revoked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  SignOut *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (sesame_token_client_revoke_finish (job->token_client, result, &error))
    job->revoked = TRUE;
  else if (job->revocation_error == NULL)
    job->revocation_error = g_steal_pointer (&error);
  revoke_next (task);
}

/* RFC 7009 §2.1: the refresh token first (which may revoke the access tokens too). */
static void
revoke_next (GTask *task)
{
  SignOut *job = g_task_get_task_data (task);
  const char *refresh_token = sesame_token_set_get_refresh_token (job->tokens);
  guint step = job->step++;

  if (step == 0 && refresh_token != NULL)
    sesame_token_client_revoke_async (job->token_client, refresh_token, "refresh_token",
                                      g_task_get_cancellable (task), on_revoked, task);
  else if (step <= 1)
    sesame_token_client_revoke_async (job->token_client,
                                      sesame_token_set_get_access_token (job->tokens),
                                      "access_token", g_task_get_cancellable (task), on_revoked,
                                      task);
  else
    delete_tokens (task);
}

static void
on_token_client_for_sign_out (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  GTask *task = user_data;
  SignOut *job = g_task_get_task_data (task);
  SesameProvider *provider;

  job->token_client = resolve_token_client_finish (result, &job->revocation_error);
  if (job->token_client == NULL)
    {
      delete_tokens (task);
      return;
    }

  provider = sesame_token_client_get_provider (job->token_client);
  if (sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_REVOCATION) == NULL)
    delete_tokens (task);
  else
    revoke_next (task);
}

/* Endpoints given by hand without a revocation endpoint: nothing to revoke at. */
static gboolean
may_revoke (SesameProfile *profile)
{
  return sesame_profile_get_issuer (profile) != NULL ||
         sesame_profile_get_endpoint (profile, SESAME_ENDPOINT_REVOCATION) != NULL;
}

static void
on_tokens_for_sign_out (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  SesameAccount *self = g_task_get_source_object (task);
  SignOut *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  job->tokens = sesame_secrets_lookup_tokens_finish (result, &error);
  if (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_KEYRING_UNAVAILABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
  else if (job->tokens == NULL || !may_revoke (self->profile))
    delete_tokens (task);
  else
    resolve_token_client_async (self, g_task_get_cancellable (task), on_token_client_for_sign_out,
                                task);
}

void
sesame_account_sign_out_async (SesameAccount       *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_sign_out_async);
  g_task_set_task_data (task, g_new0 (SignOut, 1), (GDestroyNotify) sign_out_free);
  sesame_secrets_lookup_tokens_async (sesame_profile_get_id (self->profile), cancellable,
                                      on_tokens_for_sign_out, task);
}

gboolean
sesame_account_sign_out_finish (SesameAccount  *self,
                                GAsyncResult   *result,
                                gboolean       *revoked,
                                GError        **revocation_error,
                                GError        **error)
{
  SignOut *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (revoked != NULL)
    *revoked = job->revoked;
  if (revocation_error != NULL)
    *revocation_error = job->revocation_error ? g_error_copy (job->revocation_error) : NULL;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The user's picture ------------------------------------------------------------------ */

#define MAX_PICTURE_BYTES (256 * 1024)

static void
on_picture_fetched (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GBytes *bytes = sesame_http_fetch_finish (result, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

void
sesame_account_fetch_picture_async (SesameAccount       *self,
                                    const char          *uri,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupSession) session = NULL;
  GError *error = NULL;

  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_fetch_picture_async);
  /* Translators: the subject of sentences such as “The %s uses plain http”; translate it
   * so it can start a sentence there (in German with its article). */
  if (!_sesame_profile_check_uri (self->profile, _("profile picture"), uri, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  session = sesame_http_session_new (sesame_profile_get_ca_file (self->profile), &error);
  if (session == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The session lives as long as its request. */
  g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  sesame_http_fetch_async (session, uri, MAX_PICTURE_BYTES, cancellable, on_picture_fetched,
                           g_steal_pointer (&task));
}

GBytes *
sesame_account_fetch_picture_finish (SesameAccount  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
