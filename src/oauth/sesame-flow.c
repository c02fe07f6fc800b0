/* sesame-flow.c
 *
 * One sign-in with the authorization code flow, start to end: discovery, the
 * authorization request, the loopback receiver, the code exchange. The user agent is
 * someone else's business: it hears of the URL through ::authorization-uri.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-flow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sesame-auth-request.h"
#include "sesame-flow.h"
#include "sesame-loopback.h"
#include "sesame-oauth-error.h"
#include "sesame-token-client-private.h"

#define DEFAULT_TIMEOUT_SECONDS 300

struct _SesameFlow
{
  GObject            parent_instance;

  /* Owned */
  SoupSession       *session;
  SesameClient      *client;
  SesameProvider    *provider;
  SesameLoopback    *loopback;
  SesameAuthRequest *request;
  SesameTokenClient *token_client;
  char              *issuer;
  char              *redirect_uri;
  guint              timeout_seconds;
};

enum {
  AUTHORIZATION_URI,
  CALLBACK_REJECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SesameFlow, sesame_flow, G_TYPE_OBJECT)

static void
sesame_flow_dispose (GObject *object)
{
  SesameFlow *self = (SesameFlow *) object;

  if (self->loopback != NULL)
    sesame_loopback_stop (self->loopback);
  g_clear_object (&self->loopback);
  g_clear_object (&self->request);
  g_clear_object (&self->token_client);
  g_clear_object (&self->provider);
  g_clear_object (&self->client);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sesame_flow_parent_class)->dispose (object);
}

static void
sesame_flow_finalize (GObject *object)
{
  SesameFlow *self = (SesameFlow *) object;

  g_free (self->issuer);
  g_free (self->redirect_uri);

  G_OBJECT_CLASS (sesame_flow_parent_class)->finalize (object);
}

static void
sesame_flow_class_init (SesameFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_flow_dispose;
  object_class->finalize = sesame_flow_finalize;

  /**
   * SesameFlow::authorization-uri:
   * @uri: the authorization URL
   *
   * The user agent must now open @uri; the flow waits for the callback.
   */
  signals[AUTHORIZATION_URI] =
    g_signal_new ("authorization-uri", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * SesameFlow::callback-rejected:
   * @message: why a callback was not accepted; the flow goes on waiting
   */
  signals[CALLBACK_REJECTED] =
    g_signal_new ("callback-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sesame_flow_init (SesameFlow *self)
{
  self->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
}

SesameFlow *
sesame_flow_new (SoupSession  *session,
                 SesameClient *client)
{
  SesameFlow *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (SESAME_IS_CLIENT (client), NULL);

  self = g_object_new (SESAME_TYPE_FLOW, NULL);
  self->session = g_object_ref (session);
  self->client = g_object_ref (client);
  return self;
}

/* The provider is discovered from @issuer when the flow runs. */
void
sesame_flow_set_issuer (SesameFlow *self,
                        const char *issuer)
{
  g_return_if_fail (SESAME_IS_FLOW (self));

  g_free (self->issuer);
  self->issuer = g_strdup (issuer);
}

void
sesame_flow_set_provider (SesameFlow     *self,
                          SesameProvider *provider)
{
  g_return_if_fail (SESAME_IS_FLOW (self));

  g_set_object (&self->provider, provider);
}

SesameProvider *
sesame_flow_get_provider (SesameFlow *self)
{
  g_return_val_if_fail (SESAME_IS_FLOW (self), NULL);

  return self->provider;
}

/* %NULL (the default) for http://127.0.0.1:<any port>/callback. */
void
sesame_flow_set_redirect_uri (SesameFlow *self,
                              const char *redirect_uri)
{
  g_return_if_fail (SESAME_IS_FLOW (self));

  g_free (self->redirect_uri);
  self->redirect_uri = g_strdup (redirect_uri);
}

void
sesame_flow_set_timeout (SesameFlow *self,
                         guint       timeout_seconds)
{
  g_return_if_fail (SESAME_IS_FLOW (self));

  self->timeout_seconds = timeout_seconds;
}

/* Returns: (nullable): the authorization URL, once the flow has got that far */
const char *
sesame_flow_get_authorization_uri (SesameFlow *self)
{
  g_return_val_if_fail (SESAME_IS_FLOW (self), NULL);

  return self->request ? sesame_auth_request_get_uri (self->request) : NULL;
}

static void
on_tokens (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameFlow *self = g_task_get_source_object (task);
  GError *error = NULL;
  SesameTokenSet *tokens;

  tokens = sesame_token_client_exchange_code_finish (SESAME_TOKEN_CLIENT (object), result, &error);
  /* The browser's page, which waited for this, tells the outcome too: after the tokens
   * are handed over, which comes first. */
  if (tokens == NULL)
    {
      if (self->loopback != NULL)
        sesame_loopback_finish_page (self->loopback, error);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, tokens, g_object_unref);
  if (self->loopback != NULL)
    sesame_loopback_finish_page (self->loopback, NULL);
}

static void
on_code (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameFlow *self = g_task_get_source_object (task);
  g_autofree char *code = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  code = sesame_loopback_wait_finish (SESAME_LOOPBACK (object), result, &error);
  if (code == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  sesame_token_client_exchange_code_async (self->token_client, self->request, code, cancellable,
                                           on_tokens, g_steal_pointer (&task));
}

static void
on_callback_rejected (SesameFlow *self,
                      const char *message)
{
  g_signal_emit (self, signals[CALLBACK_REJECTED], 0, message);
}

static void
start_authorization (SesameFlow *self,
                     GTask      *task)
{
  GError *error = NULL;

  self->loopback = sesame_loopback_new (self->redirect_uri, &error);
  if (self->loopback != NULL)
    self->request = sesame_auth_request_new (self->provider, self->client,
                                             sesame_loopback_get_redirect_uri (self->loopback),
                                             &error);
  if (self->request == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_signal_connect_object (self->loopback, "callback-rejected",
                           G_CALLBACK (on_callback_rejected), self, G_CONNECT_SWAPPED);
  /* The ID token's keys are fetched while the user signs in, not after the callback. */
  self->token_client = sesame_token_client_new (self->session, self->provider, self->client);
  _sesame_token_client_prefetch_keys (self->token_client, self->request,
                                      g_task_get_cancellable (task));
  sesame_loopback_wait_async (self->loopback, self->request, self->timeout_seconds,
                              g_task_get_cancellable (task), on_code, task);
  g_signal_emit (self, signals[AUTHORIZATION_URI], 0, sesame_auth_request_get_uri (self->request));
}

static void
on_discovered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  SesameFlow *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->provider = sesame_provider_discover_finish (result, &error);
  if (self->provider == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  start_authorization (self, task);
}

/**
 * sesame_flow_run_async:
 *
 * Runs the sign-in. Cancelling @cancellable, or the timeout, ends the wait and stops
 * the receiver.
 */
void
sesame_flow_run_async (SesameFlow          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (SESAME_IS_FLOW (self));
  g_return_if_fail (self->request == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_flow_run_async);

  if (!sesame_client_check (self->client, &error))
    g_task_return_error (task, error);
  else if (self->provider != NULL)
    start_authorization (self, g_steal_pointer (&task));
  else if (self->issuer != NULL)
    sesame_provider_discover_async (self->issuer, self->session, cancellable, on_discovered,
                                    g_steal_pointer (&task));
  else
    g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                             _("Neither an issuer nor the provider’s endpoints were given"));
}

SesameTokenSet *
sesame_flow_run_finish (SesameFlow    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_flow_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Returns: (nullable): the token client, once the authorization request is out */
SesameTokenClient *
sesame_flow_get_token_client (SesameFlow *self)
{
  g_return_val_if_fail (SESAME_IS_FLOW (self), NULL);

  return self->token_client;
}

/* Whether the loopback receiver still listens: after taking the callback, until the
 * browser's page is out. A program that exits once it has the tokens waits for that. */
gboolean
sesame_flow_get_listening (SesameFlow *self)
{
  g_return_val_if_fail (SESAME_IS_FLOW (self), FALSE);

  return self->loopback != NULL && sesame_loopback_get_listening (self->loopback);
}

/**
 * sesame_flow_deliver_uri:
 * @uri: the address the browser ended on
 *
 * For when the redirect could not reach the receiver: the user pastes the address.
 */
gboolean
sesame_flow_deliver_uri (SesameFlow  *self,
                         const char  *uri,
                         GError     **error)
{
  g_return_val_if_fail (SESAME_IS_FLOW (self), FALSE);

  if (self->loopback == NULL)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_STATE_MISMATCH,
                   _("The sign-in has not started yet"));
      return FALSE;
    }
  return sesame_loopback_deliver_uri (self->loopback, uri, error);
}
