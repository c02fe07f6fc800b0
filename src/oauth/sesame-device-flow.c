/* sesame-device-flow.c
 *
 * One sign-in with the device authorization grant (RFC 8628): discovery, the device
 * authorization request, then polling the token endpoint while the user approves on
 * another device.
 *
 * Threat model: everything in the device authorization answer is the provider's and
 * hostile until checked. The user code and the verification URIs end up on a terminal and
 * in a window: the code must be short printable ASCII, the URIs https (or http on loopback
 * for a provider on this computer) without control characters. The device code is a
 * secret (whoever holds it gets the tokens): it goes only into the token request's body,
 * never into a message or a log. A provider must not turn polling into a busy loop: an
 * interval below one second, or one that is not an integer, is refused; `slow_down` only
 * ever lengthens it; there is exactly one request in flight at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-device-flow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-device-flow-private.h"
#include "sesame-json-private.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "sesame-token-client-private.h"

#define DEFAULT_INTERVAL_SECONDS 5     /* RFC 8628 §3.2 */
#define SLOW_DOWN_SECONDS        5     /* RFC 8628 §3.5 */
#define MAX_INTERVAL_SECONDS     600
#define MAX_EXPIRES_SECONDS      (24 * 60 * 60)
#define MAX_USER_CODE_CHARS      64
#define MAX_DEVICE_CODE_BYTES    4096

struct _SesameDeviceFlow
{
  GObject            parent_instance;

  /* Owned */
  SoupSession       *session;
  SesameClient      *client;
  SesameProvider    *provider;
  SesameTokenClient *token_client;
  char              *issuer;
  char              *device_endpoint;   /* given by hand; overrides the discovered one */
  guint              timeout_seconds;
  gint64             second_usec;       /* a second, shorter in tests */

  /* From the device authorization answer */
  char              *device_code;       /* secret */
  char              *user_code;
  char              *verification_uri;
  char              *verification_uri_complete;
  gint64             expires_at;
  guint              interval;

  gboolean           starting;
  gboolean           polling;
};

/* One poll_async(): the wait for the next request, ended by its timer or by Cancel. */
typedef struct
{
  gint64   deadline;     /* the user's timeout, monotonic; G_MAXINT64 for none */
  GSource *timer;
  GSource *cancelled;
} Poll;

G_DEFINE_FINAL_TYPE (SesameDeviceFlow, sesame_device_flow, G_TYPE_OBJECT)

static void
clear_secret (char **field)
{
  if (*field != NULL)
    explicit_bzero (*field, strlen (*field));
  g_clear_pointer (field, g_free);
}

static void
sesame_device_flow_dispose (GObject *object)
{
  SesameDeviceFlow *self = (SesameDeviceFlow *) object;

  g_clear_object (&self->token_client);
  g_clear_object (&self->provider);
  g_clear_object (&self->client);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sesame_device_flow_parent_class)->dispose (object);
}

static void
sesame_device_flow_finalize (GObject *object)
{
  SesameDeviceFlow *self = (SesameDeviceFlow *) object;

  g_free (self->issuer);
  g_free (self->device_endpoint);
  clear_secret (&self->device_code);
  g_free (self->user_code);
  g_free (self->verification_uri);
  g_free (self->verification_uri_complete);

  G_OBJECT_CLASS (sesame_device_flow_parent_class)->finalize (object);
}

static void
sesame_device_flow_class_init (SesameDeviceFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_device_flow_dispose;
  object_class->finalize = sesame_device_flow_finalize;
}

static void
sesame_device_flow_init (SesameDeviceFlow *self)
{
  self->second_usec = G_USEC_PER_SEC;
  self->interval = DEFAULT_INTERVAL_SECONDS;
}

SesameDeviceFlow *
sesame_device_flow_new (SoupSession  *session,
                        SesameClient *client)
{
  SesameDeviceFlow *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (SESAME_IS_CLIENT (client), NULL);

  self = g_object_new (SESAME_TYPE_DEVICE_FLOW, NULL);
  self->session = g_object_ref (session);
  self->client = g_object_ref (client);
  return self;
}

/* The provider is discovered from @issuer when the flow starts. */
void
sesame_device_flow_set_issuer (SesameDeviceFlow *self,
                               const char       *issuer)
{
  g_return_if_fail (SESAME_IS_DEVICE_FLOW (self));

  g_free (self->issuer);
  self->issuer = g_strdup (issuer);
}

void
sesame_device_flow_set_provider (SesameDeviceFlow *self,
                                 SesameProvider   *provider)
{
  g_return_if_fail (SESAME_IS_DEVICE_FLOW (self));

  g_set_object (&self->provider, provider);
}

/* Returns: (nullable): the provider, given or once discovered */
SesameProvider *
sesame_device_flow_get_provider (SesameDeviceFlow *self)
{
  g_return_val_if_fail (SESAME_IS_DEVICE_FLOW (self), NULL);

  return self->provider;
}

/**
 * sesame_device_flow_set_device_authorization_endpoint:
 * @uri: (nullable): the endpoint, or %NULL for the provider's own
 *
 * A device authorization endpoint given by hand, for a provider whose metadata does not
 * name its own: it is checked with the provider's endpoint rules when the flow starts.
 */
void
sesame_device_flow_set_device_authorization_endpoint (SesameDeviceFlow *self,
                                                      const char       *uri)
{
  g_return_if_fail (SESAME_IS_DEVICE_FLOW (self));

  g_free (self->device_endpoint);
  self->device_endpoint = (uri != NULL && *uri != '\0') ? g_strdup (uri) : NULL;
}

void
sesame_device_flow_set_timeout (SesameDeviceFlow *self,
                                guint             timeout_seconds)
{
  g_return_if_fail (SESAME_IS_DEVICE_FLOW (self));

  self->timeout_seconds = timeout_seconds;
}

/* Tests only: how long the flow's “second” lasts, for intervals, expiry and timeout. */
void
_sesame_device_flow_set_second (SesameDeviceFlow *self,
                                gint64            usec)
{
  g_return_if_fail (SESAME_IS_DEVICE_FLOW (self));
  g_return_if_fail (usec > 0);

  self->second_usec = usec;
}

const char *
sesame_device_flow_get_user_code (SesameDeviceFlow *self)
{
  g_return_val_if_fail (SESAME_IS_DEVICE_FLOW (self), NULL);

  return self->user_code;
}

const char *
sesame_device_flow_get_verification_uri (SesameDeviceFlow *self)
{
  g_return_val_if_fail (SESAME_IS_DEVICE_FLOW (self), NULL);

  return self->verification_uri;
}

const char *
sesame_device_flow_get_verification_uri_complete (SesameDeviceFlow *self)
{
  g_return_val_if_fail (SESAME_IS_DEVICE_FLOW (self), NULL);

  return self->verification_uri_complete;
}

gint64
sesame_device_flow_get_expires_at (SesameDeviceFlow *self)
{
  g_return_val_if_fail (SESAME_IS_DEVICE_FLOW (self), 0);

  return self->expires_at;
}

guint
sesame_device_flow_get_interval (SesameDeviceFlow *self)
{
  g_return_val_if_fail (SESAME_IS_DEVICE_FLOW (self), 0);

  return self->interval;
}

/* Returns: (nullable): the token client, once the flow has started */
SesameTokenClient *
sesame_device_flow_get_token_client (SesameDeviceFlow *self)
{
  g_return_val_if_fail (SESAME_IS_DEVICE_FLOW (self), NULL);

  return self->token_client;
}

/* The device authorization answer (RFC 8628 §3.2) ----------------------------------- */

static gboolean
bad_answer (GError     **error,
            const char  *message)
{
  g_set_error_literal (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE, message);
  return FALSE;
}

/* A positive whole number of seconds: a JSON integer, or a string of digits (some
 * providers quote numbers). -1 when it is absent, 0 when it is anything else. */
static gint64
get_seconds (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;
  guint64 value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return -1;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return MAX (json_node_get_int (node), 0);
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return 0;
  text = json_node_get_string (node);
  if (*text == '\0' || strlen (text) > 9 || strspn (text, "0123456789") != strlen (text) ||
      !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, &value, NULL))
    return 0;
  return (gint64) value;
}

/* A non-empty string member without control characters, at most @max_len bytes. */
static const char *
get_text (JsonObject  *object,
          const char  *member,
          gsize        max_len,
          GError     **error)
{
  const char *text = NULL;

  if (!_sesame_json_get_string (object, member, &text, error))
    return NULL;
  if (text == NULL || *text == '\0')
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The device authorization answer has no “%s”"), member);
      return NULL;
    }
  if (strlen (text) > max_len)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The device authorization answer’s “%s” is too long"), member);
      return NULL;
    }
  return text;
}

static gboolean
check_user_code (const char  *code,
                 GError     **error)
{
  if (g_utf8_strlen (code, -1) > MAX_USER_CODE_CHARS)
    return bad_answer (error, _("The user code the provider sent is too long"));
  for (const char *p = code; *p != '\0'; p++)
    if (*p < 0x20 || *p > 0x7e)
      return bad_answer (error, _("The user code the provider sent holds control characters "
                                  "or characters outside printable ASCII"));
  return TRUE;
}

/* https, or http on loopback for a provider on this computer; an unusable URL is the
 * provider's fault here, not the user's. */
static gboolean
check_verification_uri (SesameDeviceFlow  *self,
                        const char        *uri,
                        GError           **error)
{
  GError *local_error = NULL;

  /* Translators: the subject of sentences such as “The %s is missing”; translate it so
   * it can start a sentence there (in German with its article). */
  if (sesame_provider_check_uri (self->provider, _("verification URI"), uri, &local_error))
    return TRUE;
  if (g_error_matches (local_error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT))
    local_error->code = SESAME_OAUTH_ERROR_BAD_RESPONSE;
  g_propagate_error (error, local_error);
  return FALSE;
}

/* Google names it `verification_url`, as drafts of RFC 8628 did. */
static const char *
uri_member (JsonObject *answer)
{
  if (!json_object_has_member (answer, "verification_uri") &&
      json_object_has_member (answer, "verification_url"))
    return "verification_url";
  return "verification_uri";
}

static gboolean
take_answer (SesameDeviceFlow  *self,
             JsonObject        *answer,
             GError           **error)
{
  const char *device_code, *user_code, *uri, *complete = NULL;
  gint64 expires_in, interval;

  if (!(device_code = get_text (answer, "device_code", MAX_DEVICE_CODE_BYTES, error)) ||
      !(user_code = get_text (answer, "user_code", 4 * MAX_USER_CODE_CHARS, error)) ||
      !check_user_code (user_code, error) ||
      !(uri = get_text (answer, uri_member (answer), 2048, error)) ||
      !check_verification_uri (self, uri, error))
    return FALSE;
  if (json_object_has_member (answer, "verification_uri_complete") &&
      (!(complete = get_text (answer, "verification_uri_complete", 2048, error)) ||
       !check_verification_uri (self, complete, error)))
    return FALSE;

  expires_in = get_seconds (answer, "expires_in");
  if (expires_in <= 0)
    return bad_answer (error, _("The device authorization answer has no valid “expires_in”: "
                                "a whole number of seconds"));
  interval = get_seconds (answer, "interval");
  if (interval == 0)
    return bad_answer (error, _("The device authorization answer’s “interval” is not a "
                                "whole number of seconds, at least one"));

  clear_secret (&self->device_code);
  self->device_code = g_strdup (device_code);
  g_free (self->user_code);
  self->user_code = g_strdup (user_code);
  g_free (self->verification_uri);
  self->verification_uri = g_strdup (uri);
  g_free (self->verification_uri_complete);
  self->verification_uri_complete = g_strdup (complete);
  self->interval = interval < 0 ? DEFAULT_INTERVAL_SECONDS
                                : (guint) MIN (interval, MAX_INTERVAL_SECONDS);
  self->expires_at = g_get_monotonic_time () +
                     MIN (expires_in, MAX_EXPIRES_SECONDS) * self->second_usec;
  return TRUE;
}

/* The device authorization answer @answer, checked and kept; for tests and the fuzzer.
 * The flow must have its provider. */
gboolean
_sesame_device_flow_take_answer (SesameDeviceFlow  *self,
                                 JsonObject        *answer,
                                 GError           **error)
{
  g_return_val_if_fail (SESAME_IS_DEVICE_FLOW (self), FALSE);
  g_return_val_if_fail (SESAME_IS_PROVIDER (self->provider), FALSE);

  return take_answer (self, answer, error);
}

/* Starting ------------------------------------------------------------------------------ */

/* What an earlier start received: gone before a new one, so that a failed start leaves
 * nothing to poll with or to show. */
static void
forget_code (SesameDeviceFlow *self)
{
  clear_secret (&self->device_code);
  g_clear_pointer (&self->user_code, g_free);
  g_clear_pointer (&self->verification_uri, g_free);
  g_clear_pointer (&self->verification_uri_complete, g_free);
  self->expires_at = 0;
  self->interval = DEFAULT_INTERVAL_SECONDS;
}

static void
on_device_authorization (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameDeviceFlow *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;

  self->starting = FALSE;
  answer = _sesame_token_client_device_authorize_finish (SESAME_TOKEN_CLIENT (object), result,
                                                         &error);
  if (answer == NULL || !take_answer (self, answer, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
request_device_code (SesameDeviceFlow *self,
                     GTask            *task)
{
  GError *error = NULL;

  if (self->device_endpoint != NULL &&
      !sesame_provider_set_endpoint (self->provider, SESAME_ENDPOINT_DEVICE_AUTHORIZATION,
                                     self->device_endpoint, &error))
    {
      self->starting = FALSE;
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  g_clear_object (&self->token_client);
  self->token_client = sesame_token_client_new (self->session, self->provider, self->client);
  _sesame_token_client_device_authorize_async (self->token_client, g_task_get_cancellable (task),
                                               on_device_authorization, task);
}

static void
on_discovered (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  SesameDeviceFlow *self = g_task_get_source_object (task);
  GError *error = NULL;

  self->provider = sesame_provider_discover_finish (result, &error);
  if (self->provider == NULL)
    {
      self->starting = FALSE;
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  request_device_code (self, task);
}

/**
 * sesame_device_flow_start_async:
 *
 * Discovers the provider where needed and asks for a device code and a user code. A flow
 * may be started again (for a new code) once a start or a poll has ended.
 */
void
sesame_device_flow_start_async (SesameDeviceFlow    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (SESAME_IS_DEVICE_FLOW (self));
  g_return_if_fail (!self->starting && !self->polling);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_device_flow_start_async);
  forget_code (self);

  if (!sesame_client_check (self->client, &error))
    g_task_return_error (task, error);
  else if (self->provider == NULL && self->issuer == NULL)
    g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                             _("Neither an issuer nor the provider’s endpoints were given"));
  else
    {
      self->starting = TRUE;
      if (self->provider != NULL)
        request_device_code (self, g_steal_pointer (&task));
      else
        sesame_provider_discover_async (self->issuer, self->session, cancellable, on_discovered,
                                        g_steal_pointer (&task));
    }
}

gboolean
sesame_device_flow_start_finish (SesameDeviceFlow  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_device_flow_start_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Polling (RFC 8628 §3.4, §3.5) ---------------------------------------------------------- */

static void
poll_free (Poll *poll)
{
  g_assert (poll->timer == NULL && poll->cancelled == NULL);
  g_free (poll);
}

/* Ends the wait's sources; the caller now holds the task's reference. */
static void
stop_waiting (Poll *poll)
{
  if (poll->timer != NULL)
    g_source_destroy (poll->timer);
  if (poll->cancelled != NULL)
    g_source_destroy (poll->cancelled);
  g_clear_pointer (&poll->timer, g_source_unref);
  g_clear_pointer (&poll->cancelled, g_source_unref);
}

/* Takes over @task and @error. */
static void
poll_fail (GTask  *task,
           GError *error)
{
  SesameDeviceFlow *self = g_task_get_source_object (task);

  self->polling = FALSE;
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void wait_then_poll (GTask *task);

static void
on_poll_answer (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  SesameDeviceFlow *self = g_task_get_source_object (task);
  SesameTokenSet *tokens;
  GError *error = NULL;

  tokens = _sesame_token_client_poll_device_finish (SESAME_TOKEN_CLIENT (object), result, &error);
  if (tokens != NULL)
    {
      self->polling = FALSE;
      clear_secret (&self->device_code);   /* spent */
      g_task_return_pointer (task, tokens, g_object_unref);
      g_object_unref (task);
    }
  else if (g_error_matches (error, SESAME_DEVICE_POLL_ERROR, SESAME_DEVICE_POLL_ERROR_PENDING))
    {
      g_error_free (error);
      wait_then_poll (task);
    }
  else if (g_error_matches (error, SESAME_DEVICE_POLL_ERROR, SESAME_DEVICE_POLL_ERROR_SLOW_DOWN))
    {
      g_error_free (error);
      self->interval = MIN (self->interval + SLOW_DOWN_SECONDS, MAX_INTERVAL_SECONDS);
      g_debug ("The provider asked to slow down: polling every %u s", self->interval);
      wait_then_poll (task);
    }
  else
    poll_fail (task, error);
}

/* The end of polling that time decides, if it has come: the code's expiry, or the user's
 * timeout. */
static GError *
time_is_up (SesameDeviceFlow *self,
            Poll             *poll)
{
  gint64 now = g_get_monotonic_time ();

  if (now >= self->expires_at)
    return g_error_new_literal (SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_EXPIRED_TOKEN,
                                _("The code expired before the sign-in was confirmed on the "
                                  "other device"));
  if (now >= poll->deadline)
    return g_error_new_literal (SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_TIMED_OUT,
                                _("The sign-in was not confirmed on the other device in time"));
  return NULL;
}

static gboolean
on_wait_over (gpointer user_data)
{
  GTask *task = user_data;
  SesameDeviceFlow *self = g_task_get_source_object (task);
  Poll *poll = g_task_get_task_data (task);
  GError *error;

  stop_waiting (poll);
  if ((error = time_is_up (self, poll)) != NULL)
    poll_fail (task, error);
  else
    _sesame_token_client_poll_device_async (self->token_client, self->device_code,
                                            g_task_get_cancellable (task), on_poll_answer, task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Poll *poll = g_task_get_task_data (task);
  GError *error = NULL;

  stop_waiting (poll);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  poll_fail (task, error);
  return G_SOURCE_REMOVE;
}

/* Takes over @task: waits one interval (less when the code expires or the timeout comes
 * first), then sends the next token request. Cancelling ends the wait at once. */
static void
wait_then_poll (GTask *task)
{
  SesameDeviceFlow *self = g_task_get_source_object (task);
  Poll *poll = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GMainContext *context = g_main_context_get_thread_default ();
  gint64 now = g_get_monotonic_time ();
  gint64 wake;
  GError *error;

  if ((error = time_is_up (self, poll)) != NULL)
    {
      poll_fail (task, error);
      return;
    }
  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, &error);
      poll_fail (task, error);
      return;
    }

  wake = now + (gint64) self->interval * self->second_usec;
  wake = MIN (wake, MIN (self->expires_at, poll->deadline));
  poll->timer = g_timeout_source_new ((guint) MAX ((wake - now + 999) / 1000, 1));
  g_source_set_callback (poll->timer, on_wait_over, task, NULL);
  g_source_set_static_name (poll->timer, "[sesame] device grant interval");
  g_source_attach (poll->timer, context);
  if (cancellable != NULL)
    {
      poll->cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (poll->cancelled, G_SOURCE_FUNC (on_wait_cancelled), task, NULL);
      g_source_attach (poll->cancelled, context);
    }
}

/**
 * sesame_device_flow_poll_async:
 *
 * Polls the token endpoint, one request at a time, every interval, until the user has
 * approved (the tokens, validated), refused, the code expired or the timeout passed.
 */
void
sesame_device_flow_poll_async (SesameDeviceFlow    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Poll *poll;

  g_return_if_fail (SESAME_IS_DEVICE_FLOW (self));
  g_return_if_fail (!self->polling && !self->starting);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_device_flow_poll_async);
  if (self->device_code == NULL || self->token_client == NULL)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("The sign-in from another device has not started, or has "
                                 "ended"));
      g_object_unref (task);
      return;
    }

  poll = g_new0 (Poll, 1);
  poll->deadline = self->timeout_seconds > 0
                     ? g_get_monotonic_time () + (gint64) self->timeout_seconds * self->second_usec
                     : G_MAXINT64;
  g_task_set_task_data (task, poll, (GDestroyNotify) poll_free);
  self->polling = TRUE;
  /* The ID token's keys are fetched while the user approves. */
  _sesame_token_client_prefetch_keys_for_scope (self->token_client,
                                                _sesame_token_client_get_scope (self->token_client),
                                                cancellable);
  wait_then_poll (task);
}

SesameTokenSet *
sesame_device_flow_poll_finish (SesameDeviceFlow  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_device_flow_poll_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
