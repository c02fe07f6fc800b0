/* sesame-token-client.c
 *
 * Requests to the token endpoint (RFC 6749 §4.1.3, §6) and the revocation endpoint
 * (RFC 7009), with the ID token checks of OpenID Connect (sesame-id-token.c). Redirects
 * are never followed; answers are bounded in size. Userinfo is in
 * sesame-token-client-userinfo.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-token-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "sesame-http.h"
#include "sesame-id-token.h"
#include "sesame-json-private.h"
#include "sesame-jwks.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"
#include "sesame-token-client-private.h"

struct _SesameTokenClient
{
  GObject         parent_instance;

  /* Owned */
  SoupSession    *session;
  SesameProvider *provider;
  SesameClient   *client;
  SesameJwks     *jwks;       /* the provider's keys, fetched ahead or on first need */
  GPtrArray      *waiting;    /* exchanges waiting for the keys being fetched ahead */
};

G_DEFINE_FINAL_TYPE (SesameTokenClient, sesame_token_client, G_TYPE_OBJECT)

typedef struct
{
  char           *requested_scope;
  char           *nonce;            /* sent in the authorization request; nullable */
  gboolean        expect_id_token;  /* `openid` was asked for in a sign-in */
  gboolean        jwks_fetched;     /* at most one JWKS request per exchange or refresh */
  gboolean        device_poll;      /* a poll of the device grant: “ask again” is no error */
  SesameTokenSet *previous;
  SesameTokenSet *tokens;           /* received, being checked */
  SesameIdToken  *id_token;
} Exchange;

static const struct
{
  const char       *code;
  SesameOAuthError  error;
  const char       *sentence;
} token_errors[] = {
  { "invalid_request", SESAME_OAUTH_ERROR_INVALID_REQUEST,
    N_("The provider found the token request invalid") },
  { "invalid_client", SESAME_OAUTH_ERROR_INVALID_CLIENT,
    N_("The provider did not accept the client id or secret") },
  { "invalid_grant", SESAME_OAUTH_ERROR_INVALID_GRANT,
    N_("The provider did not accept the authorization code or refresh token") },
  { "unauthorized_client", SESAME_OAUTH_ERROR_UNAUTHORIZED_CLIENT,
    N_("The client is not allowed to use this kind of grant") },
  { "unsupported_grant_type", SESAME_OAUTH_ERROR_UNSUPPORTED_GRANT_TYPE,
    N_("The provider does not support this kind of grant") },
  { "invalid_scope", SESAME_OAUTH_ERROR_INVALID_SCOPE,
    N_("The provider did not accept the requested scope") },
  /* RFC 7009 §2.2.1; introspection endpoints say it too */
  { "unsupported_token_type", SESAME_OAUTH_ERROR_TOKEN_ERROR,
    N_("The provider does not take this kind of token here") },
  /* The device authorization grant's final answers (RFC 8628 §3.5). */
  { "access_denied", SESAME_OAUTH_ERROR_ACCESS_DENIED,
    N_("The sign-in was refused") },
  { "expired_token", SESAME_OAUTH_ERROR_EXPIRED_TOKEN,
    N_("The code expired before the sign-in was confirmed") },
};

G_DEFINE_QUARK (sesame-device-poll-error-quark, _sesame_device_poll_error)

static void
exchange_free (Exchange *exchange)
{
  g_free (exchange->requested_scope);
  g_free (exchange->nonce);
  g_clear_object (&exchange->previous);
  g_clear_object (&exchange->tokens);
  g_clear_pointer (&exchange->id_token, sesame_id_token_free);
  g_free (exchange);
}

static void
sesame_token_client_dispose (GObject *object)
{
  SesameTokenClient *self = (SesameTokenClient *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->provider);
  g_clear_object (&self->client);
  g_clear_object (&self->jwks);

  G_OBJECT_CLASS (sesame_token_client_parent_class)->dispose (object);
}

static void
sesame_token_client_class_init (SesameTokenClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sesame_token_client_dispose;
}

static void
sesame_token_client_init (SesameTokenClient *self)
{
}

SesameTokenClient *
sesame_token_client_new (SoupSession    *session,
                         SesameProvider *provider,
                         SesameClient   *client)
{
  SesameTokenClient *self;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (SESAME_IS_PROVIDER (provider), NULL);
  g_return_val_if_fail (SESAME_IS_CLIENT (client), NULL);

  self = g_object_new (SESAME_TYPE_TOKEN_CLIENT, NULL);
  self->session = g_object_ref (session);
  self->provider = g_object_ref (provider);
  self->client = g_object_ref (client);
  return self;
}

SoupSession *
_sesame_token_client_get_session (SesameTokenClient *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_CLIENT (self), NULL);

  return self->session;
}

SesameProvider *
sesame_token_client_get_provider (SesameTokenClient *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_CLIENT (self), NULL);

  return self->provider;
}

static void
form_add (GString    *form,
          const char *name,
          const char *value)
{
  g_autofree char *encoded = _sesame_form_urlencode (value);

  if (form->len > 0)
    g_string_append_c (form, '&');
  g_string_append_printf (form, "%s=%s", name, encoded);
}

/* Client authentication (RFC 6749 §2.3.1): for Basic, id and secret are each
 * form-urlencoded before they are joined and base64-encoded.
 */
static void
authenticate (SesameTokenClient *self,
              SoupMessage       *message,
              GString           *form)
{
  const char *id = sesame_client_get_id (self->client);
  const char *secret = sesame_client_get_secret (self->client);

  switch (sesame_client_get_auth_method (self->client))
    {
    case SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC:
      {
        g_autofree char *encoded_id = _sesame_form_urlencode (id);
        g_autofree char *encoded_secret = _sesame_form_urlencode (secret ?: "");
        g_autofree char *pair = g_strconcat (encoded_id, ":", encoded_secret, NULL);
        g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
        g_autofree char *header = g_strconcat ("Basic ", b64, NULL);

        soup_message_headers_replace (soup_message_get_request_headers (message),
                                      "Authorization", header);
        explicit_bzero (pair, strlen (pair));
        explicit_bzero (header, strlen (header));
        break;
      }
    case SESAME_AUTH_METHOD_CLIENT_SECRET_POST:
      form_add (form, "client_id", id);
      form_add (form, "client_secret", secret ?: "");
      break;
    case SESAME_AUTH_METHOD_NONE:
    default:
      form_add (form, "client_id", id);
      break;
    }
}

static SoupMessage *new_post (SesameTokenClient *self,
                              const char        *uri,
                              GString           *form);

/* Takes over @task: posts @token, and its @token_type_hint if any, to @uri with the
 * client's authentication, as revocation (RFC 7009 §2.1) and introspection (RFC 7662 §2.1)
 * ask. @callback gets the message and @task. */
void
_sesame_token_client_post_token (SesameTokenClient   *self,
                                 const char          *uri,
                                 const char          *token,
                                 const char          *token_type_hint,
                                 GAsyncReadyCallback  callback,
                                 GTask               *task)
{
  g_autoptr(GString) form = g_string_new (NULL);
  g_autoptr(SoupMessage) message = NULL;

  form_add (form, "token", token);
  if (token_type_hint != NULL)
    form_add (form, "token_type_hint", token_type_hint);
  message = new_post (self, uri, form);
  _sesame_http_send_async (self->session, message, SESAME_MAX_RESPONSE_BYTES,
                           g_task_get_cancellable (task), callback, task);
}

SesameClient *
_sesame_token_client_get_client (SesameTokenClient *self)
{
  g_return_val_if_fail (SESAME_IS_TOKEN_CLIENT (self), NULL);

  return self->client;
}

static SoupMessage *
new_post (SesameTokenClient *self,
          const char        *uri,
          GString           *form)
{
  SoupMessage *message = soup_message_new (SOUP_METHOD_POST, uri);
  g_autoptr(GBytes) body = NULL;

  authenticate (self, message, form);
  body = g_bytes_new (form->str, form->len);
  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Accept", "application/json");
  /* Not SOUP_MESSAGE_IDEMPOTENT: neither a code nor a refresh token may be sent twice (a
   * provider that rotates refresh tokens takes a second use for theft and revokes the
   * grant). libsoup then opens a connection of its own for the request, instead of one the
   * provider may close under it, and never sends it again. */
  explicit_bzero (form->str, form->len);
  return message;
}

/* An error object in the answer (RFC 6749 §5.2), whatever the HTTP status. With
 * @device_poll, the device grant's “ask again” answers are SESAME_DEVICE_POLL_ERROR. */
gboolean
_sesame_token_client_set_oauth_error (JsonObject  *object,
                                      gboolean     device_poll,
                                      GError     **error)
{
  const char *code = NULL, *description = NULL;
  g_autofree char *shown_code = NULL;
  g_autofree char *detail = NULL;
  SesameOAuthError kind = SESAME_OAUTH_ERROR_TOKEN_ERROR;
  const char *sentence = N_("The provider refused the token request");

  if (!json_object_has_member (object, "error") ||
      !_sesame_json_get_string (object, "error", &code, NULL) || code == NULL)
    return FALSE;
  /* The device grant's answers that mean “ask again” (RFC 8628 §3.5): the poller's own. */
  if (device_poll &&
      (strcmp (code, "authorization_pending") == 0 || strcmp (code, "slow_down") == 0))
    {
      g_set_error_literal (error, SESAME_DEVICE_POLL_ERROR,
                           code[0] == 'a' ? SESAME_DEVICE_POLL_ERROR_PENDING
                                          : SESAME_DEVICE_POLL_ERROR_SLOW_DOWN, code);
      return TRUE;
    }
  _sesame_json_get_string (object, "error_description", &description, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (token_errors); i++)
    if (strcmp (code, token_errors[i].code) == 0)
      {
        kind = token_errors[i].error;
        sentence = token_errors[i].sentence;
      }

  shown_code = _sesame_sanitize_text (code, 60);
  if (description != NULL && *description != '\0')
    {
      g_autofree char *shown = _sesame_sanitize_text (description, SESAME_MAX_PROVIDER_TEXT);
      detail = g_strdup_printf ("%s: %s", shown_code, shown);
    }
  g_set_error (error, SESAME_OAUTH_ERROR, kind, "%s (%s)", _(sentence),
               detail ? detail : shown_code);
  return TRUE;
}

static void
set_status_error (guint        status,
                  const char  *type,
                  const char  *what,
                  GError     **error)
{
  /* Translators: in these messages the first %s is “token request”, “revocation
   * request” or “userinfo request”, translated elsewhere so it can start a sentence. */
  if (SOUP_STATUS_IS_REDIRECTION (status))
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_HTTP,
                 _("The %s redirected the request elsewhere (HTTP %u); Sesame does not follow "
                   "redirects there"), what, status);
  else if (g_strcmp0 (type, "text/html") == 0)
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_HTTP,
                 _("The %s failed with HTTP %u %s and sent a web page instead of JSON"), what,
                 status, soup_status_get_phrase (status) ?: "");
  else
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_HTTP,
                 _("The %s failed with HTTP %u %s"), what, status,
                 soup_status_get_phrase (status) ?: "");
}

/* An HTTP error status without an OAuth error object, as a sentence about @what. */
void
_sesame_token_client_set_http_error (SoupMessage  *message,
                                     const char   *what,
                                     GError      **error)
{
  set_status_error (soup_message_get_status (message),
                    soup_message_headers_get_content_type (
                      soup_message_get_response_headers (message), NULL),
                    what, error);
}

static SesameTokenSet *
parse_answer (guint         status,
              const char   *type,
              GBytes       *body,
              const char   *requested_scope,
              gboolean      device_poll,
              GError      **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (!SOUP_STATUS_IS_REDIRECTION (status))
    object = _sesame_token_response_parse (body, type, &parse_error);
  if (object != NULL && _sesame_token_client_set_oauth_error (object, device_poll, error))
    return NULL;
  if (status != SOUP_STATUS_OK)
    {
      /* Translators: the subject of a sentence such as “The %s failed with HTTP 500”;
       * translate it so it can start a sentence there (in German with its article). */
      set_status_error (status, type, _("token request"), error);
      return NULL;
    }
  if (object == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&parse_error));
      return NULL;
    }

  return _sesame_token_set_new_from_object (object, requested_scope, error);
}

/* Turns the token endpoint's answer (its HTTP status, media type without parameters,
 * and body) to a code exchange or a refresh into a token set or the most specific error.
 */
SesameTokenSet *
_sesame_token_client_parse_answer (guint         status,
                                   const char   *type,
                                   GBytes       *body,
                                   const char   *requested_scope,
                                   GError      **error)
{
  return parse_answer (status, type, body, requested_scope, FALSE, error);
}

/* The ID token (OpenID Connect Core §3.1.3.7) --------------------------------------- */

/* The tokens are good: a refresh keeps what the provider did not send again. */
static void
return_tokens (GTask *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  SesameTokenSet *tokens = exchange->tokens;
  SesameTokenSet *previous = exchange->previous;

  if (previous != NULL && sesame_token_set_get_refresh_token (tokens) == NULL)
    sesame_token_set_set_refresh_token (tokens, sesame_token_set_get_refresh_token (previous));
  if (previous != NULL && sesame_token_set_get_id_token (tokens) == NULL)
    _sesame_token_set_set_id_token (tokens, sesame_token_set_get_id_token (previous));
  if (previous != NULL)
    sesame_token_set_set_userinfo (tokens, sesame_token_set_get_userinfo (previous));
  g_task_return_pointer (task, g_steal_pointer (&exchange->tokens), g_object_unref);
}

static void fetch_jwks (GTask *task);

/* Verifies the signature with the cached keys; an unknown key fetches the JWKS, once.
 * While the keys are being fetched ahead, the exchange waits for them.
 */
static void
verify_signature (GTask *task)
{
  SesameTokenClient *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  GError *error = NULL;

  if (self->waiting != NULL && !exchange->jwks_fetched)
    {
      g_ptr_array_add (self->waiting, task);  /* resumed once the keys are in */
      return;
    }
  if (self->jwks == NULL && !exchange->jwks_fetched)
    {
      fetch_jwks (task);
      return;
    }
  if (self->jwks == NULL)
    error = g_error_new (SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_KEY_NOT_FOUND,
                         _("The provider’s signing keys (JWKS) are not available"));
  else if (sesame_id_token_verify (exchange->id_token, self->jwks, &error))
    {
      return_tokens (task);
      g_object_unref (task);
      return;
    }
  if (g_error_matches (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_KEY_NOT_FOUND) &&
      !exchange->jwks_fetched)
    {
      /* The provider may have rotated its keys since they were fetched. */
      g_clear_error (&error);
      fetch_jwks (task);
      return;
    }
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* Keeps the keys fetched for @task; %FALSE (and @task returned) if they did not come. */
static gboolean
take_jwks (GTask        *task,
           GAsyncResult *result)
{
  SesameTokenClient *self = g_task_get_source_object (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SesameJwks) jwks = NULL;
  GError *error = NULL;

  body = sesame_http_fetch_finish (result, &error);
  if (body != NULL)
    jwks = sesame_jwks_new_from_bytes (body, &error);
  if (jwks == NULL)
    {
      g_prefix_error (&error, _("Could not get the provider’s signing keys (JWKS) to verify "
                                "the ID token: "));
      g_task_return_error (task, error);
      return FALSE;
    }

  g_set_object (&self->jwks, jwks);
  return TRUE;
}

static void
on_jwks (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;

  if (take_jwks (task, result))
    verify_signature (task);
  else
    g_object_unref (task);
}

/* Fetches the provider's keys for @task (at most once), then calls @callback. */
static void
fetch_jwks_then (GTask               *task,
                 GAsyncReadyCallback  callback)
{
  SesameTokenClient *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  const char *uri = sesame_provider_get_endpoint (self->provider, SESAME_ENDPOINT_JWKS);

  if (uri == NULL)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_KEY_NOT_FOUND,
                               _("The ID token cannot be verified: the provider publishes no "
                                 "signing keys (jwks_uri)"));
      g_object_unref (task);
      return;
    }

  exchange->jwks_fetched = TRUE;
  sesame_http_fetch_async (self->session, uri, SESAME_JWKS_MAX_BYTES,
                           g_task_get_cancellable (task), callback, task);
}

static void
fetch_jwks (GTask *task)
{
  fetch_jwks_then (task, on_jwks);
}

/* Every check that needs no key: format, algorithm, claims, and on refresh the identity. */
static gboolean
check_id_token (SesameTokenClient  *self,
                Exchange           *exchange,
                const char         *compact,
                GError            **error)
{
  g_autoptr(JsonObject) previous = NULL;
  SesameIdTokenExpected expected = {
    .issuer = sesame_provider_get_issuer (self->provider),
    .client_id = sesame_client_get_id (self->client),
    .nonce = exchange->nonce,
    .now = g_get_real_time () / G_USEC_PER_SEC,
  };

  exchange->id_token = sesame_id_token_parse (compact, error);
  if (exchange->id_token == NULL ||
      !sesame_id_token_check_algorithm (exchange->id_token,
                                        sesame_provider_get_id_token_algs (self->provider),
                                        error) ||
      !sesame_id_token_check_claims (exchange->id_token, &expected, error))
    return FALSE;

  if (exchange->previous != NULL)
    previous = sesame_token_set_dup_id_token_claims (exchange->previous);
  return sesame_id_token_check_refresh (exchange->id_token, previous, error);
}

/* Whether the provider is known well enough to verify ID tokens: its issuer and keys. */
static gboolean
can_verify (SesameTokenClient *self)
{
  return sesame_provider_get_issuer (self->provider) != NULL &&
         sesame_provider_get_endpoint (self->provider, SESAME_ENDPOINT_JWKS) != NULL;
}

static gboolean scope_has_openid (const char *scope);

static void
on_keys_prefetched (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SesameTokenClient) self = user_data;
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SesameJwks) jwks = NULL;
  g_autoptr(GError) error = NULL;

  body = sesame_http_fetch_finish (result, &error);
  if (body != NULL)
    jwks = sesame_jwks_new_from_bytes (body, &error);
  if (jwks == NULL)
    g_debug ("The provider's keys could not be fetched ahead: %s", error->message);
  else if (self->jwks == NULL)
    self->jwks = g_steal_pointer (&jwks);

  /* Without keys, each exchange fetches them itself, and reports what goes wrong. */
  for (guint i = 0; i < waiting->len; i++)
    verify_signature (g_ptr_array_index (waiting, i));
}

/**
 * _sesame_token_client_prefetch_keys:
 * @request: the authorization request whose answer will be exchanged
 * @cancellable: (nullable): cancels the fetch
 *
 * When @request asks for `openid`, fetches the provider's keys (JWKS) while the user signs
 * in, so that the ID token can be verified as soon as it arrives. Nothing is reported: the exchange fetches the keys
 * itself, with its own errors, if these are missing or do not hold the token's key.
 */
void
_sesame_token_client_prefetch_keys (SesameTokenClient *self,
                                    SesameAuthRequest *request,
                                    GCancellable      *cancellable)
{
  g_return_if_fail (SESAME_IS_AUTH_REQUEST (request));

  _sesame_token_client_prefetch_keys_for_scope (self, sesame_auth_request_get_scope (request),
                                                cancellable);
}

/* The same for a sign-in that asks for @scope (the device grant has no request object). */
void
_sesame_token_client_prefetch_keys_for_scope (SesameTokenClient *self,
                                              const char        *scope,
                                              GCancellable      *cancellable)
{
  g_return_if_fail (SESAME_IS_TOKEN_CLIENT (self));

  if (self->jwks != NULL || self->waiting != NULL || !can_verify (self) ||
      !scope_has_openid (scope))
    return;
  self->waiting = g_ptr_array_new ();
  sesame_http_fetch_async (self->session,
                           sesame_provider_get_endpoint (self->provider, SESAME_ENDPOINT_JWKS),
                           SESAME_JWKS_MAX_BYTES, cancellable, on_keys_prefetched,
                           g_object_ref (self));
}

/* Takes over @task: the tokens are returned once their ID token, if any, is valid. A
 * provider given by its endpoints alone (no issuer, no JWKS URI) cannot have its ID tokens
 * verified: they are dropped, never stored or trusted, and a refresh keeps the current
 * one.
 */
static void
validate_tokens (SesameTokenClient *self,
                 GTask             *task)
{
  Exchange *exchange = g_task_get_task_data (task);
  const char *compact = sesame_token_set_get_id_token (exchange->tokens);
  GError *error = NULL;

  if (compact != NULL && !can_verify (self))
    {
      g_debug ("Dropping the ID token: no issuer or JWKS URI to verify it with");
      _sesame_token_set_set_id_token (exchange->tokens, NULL);
    }
  else if (compact != NULL && exchange->previous != NULL && !exchange->jwks_fetched)
    {
      /* A refresh fetches no keys once answered (see refresh_may_bring_id_token()). */
      g_debug ("Dropping an ID token that this refresh did not expect");
      _sesame_token_set_set_id_token (exchange->tokens, NULL);
    }
  else if (compact == NULL && exchange->expect_id_token && can_verify (self))
    error = g_error_new (SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_MISSING,
                         _("The provider issued no ID token, though the sign-in asked for "
                           "“openid”"));
  else if (compact != NULL && check_id_token (self, exchange, compact, &error))
    {
      verify_signature (task);
      return;
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    return_tokens (task);
  g_object_unref (task);
}

static void
on_token_answer (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameTokenClient *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  const char *type;
  GError *error = NULL;

  body = _sesame_http_send_finish (SOUP_MESSAGE (object), result, &error);
  if (body == NULL)
    {
      /* With a status, the endpoint was reached and its answer broke off. */
      if (soup_message_get_status (SOUP_MESSAGE (object)) != SOUP_STATUS_NONE)
        g_prefix_error (&error, _("The token endpoint’s answer broke off: "));
      else
        g_prefix_error (&error, _("Could not reach the token endpoint: "));
      g_task_return_error (task, error);
      return;
    }

  type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (SOUP_MESSAGE (object)), NULL);
  exchange->tokens = parse_answer (soup_message_get_status (SOUP_MESSAGE (object)), type, body,
                                   exchange->requested_scope, exchange->device_poll, &error);
  if (exchange->tokens == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  validate_tokens (self, g_steal_pointer (&task));
}

static void
send_token_request (SesameTokenClient *self,
                    GTask             *task,
                    GString           *form)
{
  const char *uri = sesame_provider_get_endpoint (self->provider, SESAME_ENDPOINT_TOKEN);
  g_autoptr(SoupMessage) message = new_post (self, uri, form);

  _sesame_http_send_async (self->session, message, SESAME_MAX_RESPONSE_BYTES,
                           g_task_get_cancellable (task), on_token_answer, task);
}

static gboolean
scope_has_openid (const char *scope)
{
  g_auto(GStrv) words = g_strsplit (scope ? scope : "", " ", -1);

  return g_strv_contains ((const char * const *) words, "openid");
}

/* The task of a grant answered by new tokens, a code's or a device's: an ID token is
 * expected with `openid` in the @scope asked for, and carries @nonce if there is one. */
static GTask *
new_grant_task (SesameTokenClient   *self,
                const char          *scope,
                const char          *nonce,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Exchange *exchange = g_new0 (Exchange, 1);

  exchange->requested_scope = g_strdup (scope);
  exchange->nonce = g_strdup (nonce);
  exchange->expect_id_token = scope_has_openid (exchange->requested_scope);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);
  return task;
}

/**
 * sesame_token_client_exchange_code_async:
 * @request: the authorization request that @code answers
 * @code: the authorization code
 *
 * Exchanges @code, with the PKCE verifier and the identical redirect URI, for tokens.
 * An ID token in the answer is validated before the tokens are returned (signature with
 * the provider's JWKS, claims, the request's nonce); with `openid` in the request's
 * scope, an answer without one is an error. A provider without an issuer or a JWKS URI
 * (endpoints given by hand) cannot have ID tokens verified: any is dropped, unread.
 */
void
sesame_token_client_exchange_code_async (SesameTokenClient   *self,
                                         SesameAuthRequest   *request,
                                         const char          *code,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) form = g_string_new (NULL);

  g_return_if_fail (SESAME_IS_TOKEN_CLIENT (self));
  g_return_if_fail (SESAME_IS_AUTH_REQUEST (request));
  g_return_if_fail (code != NULL);

  task = new_grant_task (self, sesame_auth_request_get_scope (request),
                         sesame_auth_request_get_nonce (request), cancellable, callback,
                         user_data);
  g_task_set_source_tag (task, sesame_token_client_exchange_code_async);

  form_add (form, "grant_type", "authorization_code");
  form_add (form, "code", code);
  form_add (form, "redirect_uri", sesame_auth_request_get_redirect_uri (request));
  form_add (form, "code_verifier", sesame_auth_request_get_code_verifier (request));
  send_token_request (self, g_steal_pointer (&task), form);
}

SesameTokenSet *
sesame_token_client_exchange_code_finish (SesameTokenClient  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_token_client_exchange_code_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The device authorization grant (RFC 8628) ------------------------------------------ */

/* The scope a sign-in asks for: the client's, or `openid` for an OpenID provider. */
const char *
_sesame_token_client_get_scope (SesameTokenClient *self)
{
  const char *scope;

  g_return_val_if_fail (SESAME_IS_TOKEN_CLIENT (self), NULL);

  scope = sesame_client_get_scope (self->client);
  if (scope == NULL && sesame_provider_get_is_openid (self->provider))
    scope = "openid";
  return scope;
}

static void
on_device_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = SOUP_MESSAGE (object);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;
  guint status;

  body = _sesame_http_send_finish (message, result, &error);
  if (body == NULL)
    {
      g_prefix_error (&error, _("Could not reach the device authorization endpoint: "));
      g_task_return_error (task, error);
      return;
    }

  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_REDIRECTION (status))
    /* Translators: the subject of “The %s is not valid JSON”; translate it so it can
     * start a sentence there (in German with its article). */
    answer = _sesame_json_parse_object (body, _("device authorization endpoint’s answer"),
                                        status == SOUP_STATUS_OK ? &error : NULL);
  if (answer != NULL && _sesame_token_client_set_oauth_error (answer, TRUE, &error))
    {
      if (error->domain == SESAME_DEVICE_POLL_ERROR)
        {
          /* “Ask again” means nothing before there is a device code. */
          g_clear_error (&error);
          g_set_error_literal (&error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                               _("The device authorization endpoint answered with an error "
                                 "that belongs to the token endpoint"));
        }
    }
  else if (status != SOUP_STATUS_OK)
    {
      g_clear_error (&error);
      /* Translators: the subject of a sentence such as “The %s failed with HTTP 500”;
       * translate it so it can start a sentence there (in German with its article). */
      _sesame_token_client_set_http_error (message, _("device authorization request"), &error);
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&answer), (GDestroyNotify) json_object_unref);
}

/**
 * _sesame_token_client_device_authorize_async:
 *
 * The device authorization request (RFC 8628 §3.1): the client's authentication, its
 * scope and its extra parameters, to the provider's device authorization endpoint.
 * Returns the answer's object, unchecked but for the provider's error (RFC 6749 §5.2).
 */
void
_sesame_token_client_device_authorize_async (SesameTokenClient   *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) form = g_string_new (NULL);
  g_autoptr(SoupMessage) message = NULL;
  const char * const *params;
  const char *uri, *scope;

  g_return_if_fail (SESAME_IS_TOKEN_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _sesame_token_client_device_authorize_async);

  uri = sesame_provider_get_endpoint (self->provider, SESAME_ENDPOINT_DEVICE_AUTHORIZATION);
  if (uri == NULL)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("The provider has no device authorization endpoint: it does "
                                 "not offer sign-in from another device, or give the endpoint "
                                 "by hand"));
      return;
    }

  scope = _sesame_token_client_get_scope (self);
  if (scope != NULL)
    form_add (form, "scope", scope);
  params = sesame_client_get_params (self->client);
  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (params[i], "=", 2);

      form_add (form, pair[0], pair[1] ? pair[1] : "");
    }
  message = new_post (self, uri, form);
  _sesame_http_send_async (self->session, message, SESAME_MAX_RESPONSE_BYTES, cancellable,
                           on_device_answer, g_steal_pointer (&task));
}

JsonObject *
_sesame_token_client_device_authorize_finish (SesameTokenClient  *self,
                                              GAsyncResult       *result,
                                              GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        _sesame_token_client_device_authorize_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _sesame_token_client_poll_device_async:
 * @device_code: the device code (a secret: never shown)
 *
 * One token request of the device grant (RFC 8628 §3.4). Its tokens get the checks of a
 * code exchange (grammar, ID token without a nonce). “Ask again” answers end in
 * SESAME_DEVICE_POLL_ERROR; `access_denied` and `expired_token` in their own
 * SESAME_OAUTH_ERROR codes.
 */
void
_sesame_token_client_poll_device_async (SesameTokenClient   *self,
                                        const char          *device_code,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) form = g_string_new (NULL);
  Exchange *exchange;

  g_return_if_fail (SESAME_IS_TOKEN_CLIENT (self));
  g_return_if_fail (device_code != NULL);

  task = new_grant_task (self, _sesame_token_client_get_scope (self), NULL, cancellable,
                         callback, user_data);
  g_task_set_source_tag (task, _sesame_token_client_poll_device_async);
  exchange = g_task_get_task_data (task);
  exchange->device_poll = TRUE;

  form_add (form, "grant_type", "urn:ietf:params:oauth:grant-type:device_code");
  form_add (form, "device_code", device_code);
  send_token_request (self, g_steal_pointer (&task), form);
}

SesameTokenSet *
_sesame_token_client_poll_device_finish (SesameTokenClient  *self,
                                         GAsyncResult       *result,
                                         GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        _sesame_token_client_poll_device_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Takes over @task: sends the refresh token of the tokens being refreshed. */
static void
send_refresh (GTask *task)
{
  SesameTokenClient *self = g_task_get_source_object (task);
  Exchange *exchange = g_task_get_task_data (task);
  g_autoptr(GString) form = g_string_new (NULL);

  form_add (form, "grant_type", "refresh_token");
  form_add (form, "refresh_token", sesame_token_set_get_refresh_token (exchange->previous));
  send_token_request (self, task, form);
}

static void
on_keys_before_refresh (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;

  if (take_jwks (task, result))
    send_refresh (task);
  else
    g_object_unref (task);   /* the refresh token was not sent: nothing is lost */
}

/* Whether the answer to a refresh of @current may carry an ID token to verify. */
static gboolean
refresh_may_bring_id_token (SesameTokenClient *self,
                            SesameTokenSet    *current)
{
  return can_verify (self) &&
         (sesame_token_set_get_id_token (current) != NULL ||
          scope_has_openid (sesame_token_set_get_scope (current)));
}

/**
 * sesame_token_client_refresh_async:
 * @current: the tokens to refresh; must hold a refresh token
 *
 * Gets new tokens with the refresh token. When the provider sends no new refresh token,
 * or no new ID token, the current one is kept in the result. A new ID token is validated
 * as at sign-in, and must keep the issuer and subject of @current's
 * (%SESAME_OAUTH_ERROR_ID_TOKEN_IDENTITY_CHANGED otherwise).
 *
 * A provider may rotate refresh tokens: once it has answered, the tokens it sent are the
 * only ones that work, and they exist only in this process until the caller stores them.
 * So everything that needs the network happens before the refresh token is sent: the
 * provider's signing keys are fetched first, fresh, whenever the answer may carry an ID
 * token, and the answer is then only parsed and checked, never followed by a request.
 */
void
sesame_token_client_refresh_async (SesameTokenClient   *self,
                                   SesameTokenSet      *current,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *refresh_token;
  Exchange *exchange;

  g_return_if_fail (SESAME_IS_TOKEN_CLIENT (self));
  g_return_if_fail (SESAME_IS_TOKEN_SET (current));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_token_client_refresh_async);

  refresh_token = sesame_token_set_get_refresh_token (current);
  if (refresh_token == NULL)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_GRANT,
                               _("There is no refresh token; sign in again"));
      return;
    }

  exchange = g_new0 (Exchange, 1);
  exchange->requested_scope = g_strdup (sesame_token_set_get_scope (current));
  exchange->previous = g_object_ref (current);
  g_task_set_task_data (task, exchange, (GDestroyNotify) exchange_free);

  if (refresh_may_bring_id_token (self, current))
    fetch_jwks_then (g_steal_pointer (&task), on_keys_before_refresh);
  else
    send_refresh (g_steal_pointer (&task));
}

SesameTokenSet *
sesame_token_client_refresh_finish (SesameTokenClient  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_token_client_refresh_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_revoke_answer (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = SOUP_MESSAGE (object);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  GError *error = NULL;

  body = _sesame_http_send_finish (SOUP_MESSAGE (object), result, &error);
  if (body == NULL)
    {
      g_prefix_error (&error, _("Could not reach the revocation endpoint: "));
      g_task_return_error (task, error);
      return;
    }

  if (soup_message_get_status (message) == SOUP_STATUS_OK)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  answer = _sesame_json_parse_object (body, "revocation endpoint’s answer", NULL);
  if (answer == NULL || !_sesame_token_client_set_oauth_error (answer, FALSE, &error))
    /* Translators: the subject of a sentence such as “The %s failed with HTTP 500”;
     * translate it so it can start a sentence there (in German with its article). */
    _sesame_token_client_set_http_error (message, _("revocation request"), &error);
  g_task_return_error (task, error);
}

/**
 * sesame_token_client_revoke_async:
 * @token: the token to revoke
 * @token_type_hint: (nullable): `refresh_token` or `access_token`
 *
 * Revokes @token at the provider's revocation endpoint (RFC 7009).
 */
void
sesame_token_client_revoke_async (SesameTokenClient   *self,
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
  g_task_set_source_tag (task, sesame_token_client_revoke_async);

  uri = sesame_provider_get_endpoint (self->provider, SESAME_ENDPOINT_REVOCATION);
  if (uri == NULL)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("The provider has no revocation endpoint"));
      return;
    }

  _sesame_token_client_post_token (self, uri, token, token_type_hint, on_revoke_answer,
                                   g_steal_pointer (&task));
}

gboolean
sesame_token_client_revoke_finish (SesameTokenClient  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        sesame_token_client_revoke_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
