/* fake-provider.c
 *
 * A SoupServer on 127.0.0.1 that runs in the default main context of the test, so tests
 * wait for the core's async calls by iterating that context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fake-provider"

#include <string.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>

#include "fake-provider.h"

typedef enum
{
  ACTION_ANSWER,
  ACTION_CLOSE,
  ACTION_HUGE,
  ACTION_DRIP,
} Action;

typedef struct
{
  Action     action;
  guint      status;
  char      *content_type;
  GBytes    *body;
  GPtrArray *headers;    /* name, value, name, value… */
  guint      delay_ms;
  gsize      huge_size;
  gboolean   chunked;
  guint      drip_ms;
} Answer;

typedef struct
{
  FakeProvider      *self;
  SoupServerMessage *msg;
  guint              source_id;
  guint              drips_left;
} Delayed;

struct _FakeProvider
{
  SoupServer  *server;
  char        *issuer;
  GHashTable  *answers;   /* path → Answer */
  GPtrArray   *paths;     /* every path requested, in order; NULL-terminated */
  GPtrArray   *delayed;   /* Delayed */
  GPtrArray   *sockets;   /* GSocket: the connections requests came on */
  GHashTable  *queued;    /* path → GQueue of Answer: each used once, before the path's own */
  GPtrArray   *used;      /* Answer: the queued ones, once used */
  GArray      *times;     /* gint64: when each request of `paths` came, monotonic */
  guint        in_flight; /* requests received and not yet answered */
  guint        max_in_flight;
  FakeRequest  last;
};

static void
answer_free (Answer *answer)
{
  g_free (answer->content_type);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_ptr_array_unref (answer->headers);
  g_free (answer);
}

static void
delayed_free (Delayed *delayed)
{
  g_clear_handle_id (&delayed->source_id, g_source_remove);
  g_object_unref (delayed->msg);
  g_free (delayed);
}

static void
fake_request_clear (FakeRequest *request)
{
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->form, g_hash_table_unref);
  g_clear_pointer (&request->authorization, g_free);
  g_clear_pointer (&request->accept, g_free);
  g_clear_pointer (&request->content_type, g_free);
}

static void
free_queue (GQueue *queue)
{
  g_queue_free_full (queue, (GDestroyNotify) answer_free);
}

/* The answer for @path, created as a 404 if there was none. */
static Answer *
answer_for (FakeProvider *self,
            const char   *path)
{
  Answer *answer = g_hash_table_lookup (self->answers, path);

  if (answer == NULL)
    {
      answer = g_new0 (Answer, 1);
      answer->status = SOUP_STATUS_NOT_FOUND;
      answer->headers = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->answers, g_strdup (path), answer);
    }
  return answer;
}

static void
record_request (FakeProvider      *self,
                SoupServerMessage *msg,
                const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  fake_request_clear (&self->last);
  self->last.method = g_strdup (soup_server_message_get_method (msg));
  self->last.path = g_strdup (path);
  self->last.authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  self->last.accept = g_strdup (soup_message_headers_get_one (headers, "Accept"));
  self->last.content_type = g_strdup (type);
  self->last.remote_port = g_inet_socket_address_get_port (
    G_INET_SOCKET_ADDRESS (soup_server_message_get_remote_address (msg)));
  if (g_strcmp0 (type, "application/x-www-form-urlencoded") == 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      self->last.form = soup_form_decode (text);
    }
  else
    self->last.form = g_hash_table_new (g_str_hash, g_str_equal);

  g_ptr_array_add (self->paths, g_strdup (path));
  if (!g_ptr_array_find (self->sockets, soup_server_message_get_socket (msg), NULL))
    g_ptr_array_add (self->sockets, g_object_ref (soup_server_message_get_socket (msg)));
}

/* A valid token response padded to @size bytes, so only a size limit can refuse it. */
static void
write_huge (SoupServerMessage *msg,
            Answer            *answer)
{
  static const char head[] = "{\"access_token\":\"huge\",\"token_type\":\"Bearer\",\"pad\":\"";
  static const char tail[] = "\"}";
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize pad = answer->huge_size - strlen (head) - strlen (tail);
  g_autofree char *chunk = g_malloc (64 * 1024);

  memset (chunk, 'x', 64 * 1024);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  if (answer->chunked)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  else
    soup_message_headers_set_content_length (headers, answer->huge_size);

  soup_message_body_append (body, SOUP_MEMORY_STATIC, head, strlen (head));
  for (gsize left = pad; left > 0; left -= MIN (left, 64 * 1024))
    soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, MIN (left, 64 * 1024));
  soup_message_body_append (body, SOUP_MEMORY_STATIC, tail, strlen (tail));
  soup_message_body_complete (body);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
write_answer (SoupServerMessage *msg,
              Answer            *answer)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize len = 0;
  const char *data = answer->body ? g_bytes_get_data (answer->body, &len) : NULL;

  soup_server_message_set_status (msg, answer->status, NULL);
  for (guint i = 0; i + 1 < answer->headers->len; i += 2)
    soup_message_headers_append (headers, answer->headers->pdata[i], answer->headers->pdata[i + 1]);
  if (data != NULL)
    soup_server_message_set_response (msg, answer->content_type, SOUP_MEMORY_COPY, data, len);
}

static gboolean
on_delay_over (gpointer user_data)
{
  Delayed *delayed = user_data;

  delayed->source_id = 0;
  soup_server_message_unpause (delayed->msg);
  g_ptr_array_remove (delayed->self->delayed, delayed);
  return G_SOURCE_REMOVE;
}

static void
delay (FakeProvider      *self,
       SoupServerMessage *msg,
       guint              delay_ms)
{
  Delayed *delayed = g_new0 (Delayed, 1);

  delayed->self = self;
  delayed->msg = g_object_ref (msg);
  delayed->source_id = g_timeout_add (delay_ms, on_delay_over, delayed);
  g_ptr_array_add (self->delayed, delayed);
  soup_server_message_pause (msg);
}

/* One byte of JSON white space per tick, for at most 200 ticks, then a valid answer. */
static gboolean
on_drip (gpointer user_data)
{
  Delayed *drip = user_data;
  SoupMessageBody *body = soup_server_message_get_response_body (drip->msg);
  static const char answer[] = "{\"access_token\":\"dripped\",\"token_type\":\"Bearer\"}";

  if (drip->drips_left-- > 0)
    {
      soup_message_body_append (body, SOUP_MEMORY_STATIC, " ", 1);
      soup_server_message_unpause (drip->msg);
      return G_SOURCE_CONTINUE;
    }

  soup_message_body_append (body, SOUP_MEMORY_STATIC, answer, strlen (answer));
  soup_message_body_complete (body);
  soup_server_message_unpause (drip->msg);
  drip->source_id = 0;
  g_ptr_array_remove (drip->self->delayed, drip);
  return G_SOURCE_REMOVE;
}

static void
drip (FakeProvider      *self,
      SoupServerMessage *msg,
      guint              drip_ms)
{
  Delayed *drip = g_new0 (Delayed, 1);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  drip->self = self;
  drip->msg = g_object_ref (msg);
  drip->drips_left = 200;
  drip->source_id = g_timeout_add (drip_ms, on_drip, drip);
  g_ptr_array_add (self->delayed, drip);
  soup_server_message_pause (msg);
}

static void
close_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
}

static void
on_finished (SoupServerMessage *msg,
             FakeProvider      *self)
{
  g_assert_cmpuint (self->in_flight, >, 0);
  self->in_flight--;
}

/* The next queued answer for @path, else its own. */
static Answer *
next_answer (FakeProvider *self,
             const char   *path)
{
  GQueue *queue = g_hash_table_lookup (self->queued, path);
  Answer *answer;

  if (queue == NULL || g_queue_is_empty (queue))
    return answer_for (self, path);
  answer = g_queue_pop_head (queue);
  g_ptr_array_add (self->used, answer);   /* kept until the provider goes */
  return answer;
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  FakeProvider *self = user_data;
  Answer *answer = next_answer (self, path);
  gint64 now = g_get_monotonic_time ();

  record_request (self, msg, path);
  g_array_append_val (self->times, now);
  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished), self);
  switch (answer->action)
    {
    case ACTION_CLOSE:
      close_connection (msg);
      return;
    case ACTION_HUGE:
      write_huge (msg, answer);
      break;
    case ACTION_DRIP:
      drip (self, msg, answer->drip_ms);
      return;
    case ACTION_ANSWER:
    default:
      write_answer (msg, answer);
      break;
    }
  if (answer->delay_ms > 0)
    delay (self, msg, answer->delay_ms);
}

FakeProvider *
fake_provider_new (void)
{
  return fake_provider_new_https (NULL);
}

/* With @certificate, the fake speaks https with tests/data/CERTIFICATE.pem and its key
 * CERTIFICATE-key.pem ("server" is 127.0.0.1's, signed by the test CA ca.pem;
 * "wrong-host" names another host).
 */
FakeProvider *
fake_provider_new_https (const char *certificate)
{
  FakeProvider *self = g_new0 (FakeProvider, 1);
  g_autoptr(GTlsCertificate) tls_certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  GSList *uris;

  if (certificate != NULL)
    {
      g_autofree char *cert_file = g_strdup_printf ("%s.pem", certificate);
      g_autofree char *key_file = g_strdup_printf ("%s-key.pem", certificate);
      g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "data", cert_file, NULL);
      g_autofree char *key_path = g_test_build_filename (G_TEST_DIST, "data", key_file, NULL);

      tls_certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
      g_assert_no_error (error);
    }
  self->server = soup_server_new ("tls-certificate", tls_certificate, NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  soup_server_listen_local (self->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY
                            | (certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->issuer = g_strdup_printf ("%s://127.0.0.1:%d", certificate != NULL ? "https" : "http",
                                  g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) answer_free);
  self->paths = g_ptr_array_new_null_terminated (8, g_free, TRUE);
  self->delayed = g_ptr_array_new_with_free_func ((GDestroyNotify) delayed_free);
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) free_queue);
  self->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->used = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_free);

  metadata = fake_provider_new_metadata (self, self->issuer);
  fake_provider_set_json (self, "/.well-known/openid-configuration", SOUP_STATUS_OK, metadata);
  fake_provider_set_answer (self, "/token", SOUP_STATUS_OK, "application/json",
                            "{\"access_token\":\"default-access\",\"token_type\":\"Bearer\"}");
  fake_provider_set_answer (self, "/revoke", SOUP_STATUS_OK, "application/json", "{}");
  return self;
}

void
fake_provider_free (FakeProvider *self)
{
  g_ptr_array_unref (self->delayed);
  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  g_hash_table_unref (self->answers);
  g_ptr_array_unref (self->paths);
  g_ptr_array_unref (self->sockets);
  g_hash_table_unref (self->queued);
  g_array_unref (self->times);
  g_ptr_array_unref (self->used);
  fake_request_clear (&self->last);
  g_free (self->issuer);
  g_free (self);
}

/* Closes every connection a request came on, as a provider does with idle ones. */
void
fake_provider_close_connections (FakeProvider *self)
{
  for (guint i = 0; i < self->sockets->len; i++)
    g_socket_shutdown (self->sockets->pdata[i], TRUE, TRUE, NULL);
  g_ptr_array_set_size (self->sockets, 0);
}

/* `http://127.0.0.1:PORT`, without a trailing slash. */
const char *
fake_provider_get_issuer (FakeProvider *self)
{
  return self->issuer;
}

char *
fake_provider_get_uri (FakeProvider *self,
                       const char   *path)
{
  return g_strconcat (self->issuer, path, NULL);
}

/* Complete OpenID Connect metadata naming @issuer, with this fake's endpoints. */
JsonObject *
fake_provider_new_metadata (FakeProvider *self,
                            const char   *issuer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const char *endpoints[][2] = {
    { "authorization_endpoint", "/authorize" }, { "token_endpoint", "/token" },
    { "revocation_endpoint", "/revoke" },       { "userinfo_endpoint", "/userinfo" },
    { "jwks_uri", "/jwks" },                    { "device_authorization_endpoint", "/device" },
  };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, issuer);
  for (guint i = 0; i < G_N_ELEMENTS (endpoints); i++)
    {
      g_autofree char *uri = fake_provider_get_uri (self, endpoints[i][1]);

      json_builder_set_member_name (builder, endpoints[i][0]);
      json_builder_add_string_value (builder, uri);
    }
  json_builder_set_member_name (builder, "code_challenge_methods_supported");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "S256");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "subject_types_supported");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "public");
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

void
fake_provider_set_answer (FakeProvider *self,
                          const char   *path,
                          guint         status,
                          const char   *content_type,
                          const char   *body)
{
  Answer *answer = answer_for (self, path);

  answer->action = ACTION_ANSWER;
  answer->status = status;
  g_free (answer->content_type);
  answer->content_type = g_strdup (content_type);
  g_clear_pointer (&answer->body, g_bytes_unref);
  if (body != NULL)
    answer->body = g_bytes_new (body, strlen (body));
}

void
fake_provider_set_json (FakeProvider *self,
                        const char   *path,
                        guint         status,
                        JsonObject   *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  fake_provider_set_answer (self, path, status, "application/json", text);
}

void
fake_provider_add_header (FakeProvider *self,
                          const char   *path,
                          const char   *name,
                          const char   *value)
{
  Answer *answer = answer_for (self, path);

  g_ptr_array_add (answer->headers, g_strdup (name));
  g_ptr_array_add (answer->headers, g_strdup (value));
}

/* The answer is held back for @delay_ms, without blocking the main loop. */
void
fake_provider_set_delay (FakeProvider *self,
                         const char   *path,
                         guint         delay_ms)
{
  answer_for (self, path)->delay_ms = delay_ms;
}

/* The connection is closed without any answer. */
void
fake_provider_set_close (FakeProvider *self,
                         const char   *path)
{
  answer_for (self, path)->action = ACTION_CLOSE;
}

/* A valid JSON token response of @size bytes, with Content-Length or chunked. */
void
fake_provider_set_huge (FakeProvider *self,
                        const char   *path,
                        gsize         size,
                        gboolean      chunked)
{
  Answer *answer = answer_for (self, path);

  g_assert_cmpuint (size, >, 128);
  answer->action = ACTION_HUGE;
  answer->huge_size = size;
  answer->chunked = chunked;
}

/* The answer comes one byte every @drip_ms, each within any read timeout. */
void
fake_provider_set_drip (FakeProvider *self,
                        const char   *path,
                        guint         drip_ms)
{
  Answer *answer = answer_for (self, path);

  answer->action = ACTION_DRIP;
  answer->drip_ms = drip_ms;
}

/* @path answers 404 from now on. */
void
fake_provider_remove (FakeProvider *self,
                      const char   *path)
{
  g_hash_table_remove (self->answers, path);
}

/* The last request received; its fields are %NULL before any. */
const FakeRequest *
fake_provider_get_last_request (FakeProvider *self)
{
  return &self->last;
}

/* How many requests came for @path, or for any path when @path is %NULL. */
guint
fake_provider_get_n_requests (FakeProvider *self,
                              const char   *path)
{
  guint n = 0;

  if (path == NULL)
    return self->paths->len;
  for (guint i = 0; i < self->paths->len; i++)
    n += g_strcmp0 (self->paths->pdata[i], path) == 0;
  return n;
}

/* @path answers with @object once, at its next request, before any answer queued after
 * it and before its own answer (fake_provider_set_json()), which holds afterwards. */
void
fake_provider_queue_json (FakeProvider *self,
                          const char   *path,
                          guint         status,
                          JsonObject   *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);
  GQueue *queue = g_hash_table_lookup (self->queued, path);
  Answer *answer = g_new0 (Answer, 1);

  answer->action = ACTION_ANSWER;
  answer->status = status;
  answer->content_type = g_strdup ("application/json");
  answer->body = g_bytes_new (text, strlen (text));
  answer->headers = g_ptr_array_new_with_free_func (g_free);
  if (queue == NULL)
    g_hash_table_insert (self->queued, g_strdup (path), (queue = g_queue_new ()));
  g_queue_push_tail (queue, answer);
}

/* When each request for @path came, in g_get_monotonic_time() microseconds, in order. */
GArray *
fake_provider_get_request_times (FakeProvider *self,
                                 const char   *path)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < self->paths->len; i++)
    if (g_strcmp0 (self->paths->pdata[i], path) == 0)
      g_array_append_val (times, g_array_index (self->times, gint64, i));
  return times;
}

/* The most requests that were ever received and not yet answered at once. */
guint
fake_provider_get_max_in_flight (FakeProvider *self)
{
  return self->max_in_flight;
}

/* The paths requested so far, in order, %NULL-terminated. */
const char * const *
fake_provider_get_paths (FakeProvider *self)
{
  return (const char * const *) self->paths->pdata;
}

/* Signing keys ---------------------------------------------------------------------- */

struct _FakeKey
{
  gnutls_privkey_t       privkey;
  gnutls_pubkey_t        pubkey;
  gnutls_pk_algorithm_t  pk;
  gsize                  coordinate_len;    /* EC: of x, y and of r, s */
};

static const struct
{
  const char              *alg;
  gnutls_sign_algorithm_t  sign;
} signatures[] = {
  { "RS256", GNUTLS_SIGN_RSA_SHA256 },
  { "RS384", GNUTLS_SIGN_RSA_SHA384 },
  { "RS512", GNUTLS_SIGN_RSA_SHA512 },
  { "PS256", GNUTLS_SIGN_RSA_PSS_RSAE_SHA256 },
  { "PS384", GNUTLS_SIGN_RSA_PSS_RSAE_SHA384 },
  { "PS512", GNUTLS_SIGN_RSA_PSS_RSAE_SHA512 },
  { "ES256", GNUTLS_SIGN_ECDSA_SHA256 },
  { "ES384", GNUTLS_SIGN_ECDSA_SHA384 },
  { "ES512", GNUTLS_SIGN_ECDSA_SHA512 },
  { "EdDSA", GNUTLS_SIGN_EDDSA_ED25519 },
};

char *
fake_base64url (const guint8 *data,
                gsize         len)
{
  char *out = g_base64_encode (data, len);
  char *w = out;

  for (const char *r = out; *r != '\0' && *r != '='; r++)
    *w++ = *r == '+' ? '-' : *r == '/' ? '_' : *r;
  *w = '\0';
  return out;
}

/* A fresh key for @alg: RSA 2048 for RS* and PS*, the matching curve for ES*, Ed25519
 * for EdDSA.
 */
FakeKey *
fake_key_new (const char *alg)
{
  FakeKey *key = g_new0 (FakeKey, 1);
  unsigned int bits;

  if (g_str_has_prefix (alg, "RS") || g_str_has_prefix (alg, "PS"))
    key->pk = GNUTLS_PK_RSA, bits = 2048;
  else if (g_str_equal (alg, "ES256"))
    key->pk = GNUTLS_PK_ECDSA, bits = GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
    key->coordinate_len = 32;
  else if (g_str_equal (alg, "ES384"))
    key->pk = GNUTLS_PK_ECDSA, bits = GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP384R1),
    key->coordinate_len = 48;
  else if (g_str_equal (alg, "ES512"))
    key->pk = GNUTLS_PK_ECDSA, bits = GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP521R1),
    key->coordinate_len = 66;
  else
    key->pk = GNUTLS_PK_EDDSA_ED25519, bits = GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_ED25519);

  g_assert_cmpint (gnutls_privkey_init (&key->privkey), ==, 0);
  g_assert_cmpint (gnutls_privkey_generate2 (key->privkey, key->pk, bits, 0, NULL, 0), ==, 0);
  g_assert_cmpint (gnutls_pubkey_init (&key->pubkey), ==, 0);
  g_assert_cmpint (gnutls_pubkey_import_privkey (key->pubkey, key->privkey, 0, 0), ==, 0);
  return key;
}

void
fake_key_free (FakeKey *key)
{
  gnutls_pubkey_deinit (key->pubkey);
  gnutls_privkey_deinit (key->privkey);
  g_free (key);
}

/* @datum as an unsigned number of exactly @len bytes (GnuTLS may add or drop zeros). */
static char *
fixed_base64url (const gnutls_datum_t *datum,
                 gsize                 len)
{
  g_autofree guint8 *buf = g_malloc0 (len);
  gsize skip = 0;

  while (datum->size - skip > len)
    {
      g_assert_cmpuint (datum->data[skip], ==, 0);
      skip++;
    }
  memcpy (buf + len - (datum->size - skip), datum->data + skip, datum->size - skip);
  return fake_base64url (buf, len);
}

static void
set_datum_member (JsonObject           *object,
                  const char           *name,
                  const gnutls_datum_t *datum,
                  gsize                 len)
{
  g_autofree char *text = len > 0 ? fixed_base64url (datum, len)
                                  : fake_base64url (datum->data, datum->size);

  json_object_set_string_member (object, name, text);
}

/* The public JWK, with @kid if not %NULL and "use": "sig". */
JsonObject *
fake_key_get_jwk (FakeKey    *key,
                  const char *kid)
{
  JsonObject *jwk = json_object_new ();
  gnutls_datum_t a = { NULL, 0 }, b = { NULL, 0 };
  gnutls_ecc_curve_t curve;

  if (key->pk == GNUTLS_PK_RSA)
    {
      g_assert_cmpint (gnutls_pubkey_export_rsa_raw2 (key->pubkey, &a, &b,
                                                      GNUTLS_EXPORT_FLAG_NO_LZ), ==, 0);
      json_object_set_string_member (jwk, "kty", "RSA");
      set_datum_member (jwk, "n", &a, 0);
      set_datum_member (jwk, "e", &b, 0);
    }
  else
    {
      g_assert_cmpint (gnutls_pubkey_export_ecc_raw2 (key->pubkey, &curve, &a, &b, 0), ==, 0);
      if (key->pk == GNUTLS_PK_EDDSA_ED25519)
        {
          json_object_set_string_member (jwk, "kty", "OKP");
          json_object_set_string_member (jwk, "crv", "Ed25519");
          set_datum_member (jwk, "x", &a, 32);
        }
      else
        {
          json_object_set_string_member (jwk, "kty", "EC");
          json_object_set_string_member (jwk, "crv", key->coordinate_len == 32 ? "P-256"
                                                     : key->coordinate_len == 48 ? "P-384"
                                                                                 : "P-521");
          set_datum_member (jwk, "x", &a, key->coordinate_len);
          set_datum_member (jwk, "y", &b, key->coordinate_len);
        }
    }
  gnutls_free (a.data);
  gnutls_free (b.data);
  json_object_set_string_member (jwk, "use", "sig");
  if (kid != NULL)
    json_object_set_string_member (jwk, "kid", kid);
  return jwk;
}

/* The public key in PEM, as an HMAC key-confusion attack would use it. */
char *
fake_key_get_public_pem (FakeKey *key)
{
  gnutls_datum_t pem = { NULL, 0 };
  char *text;

  g_assert_cmpint (gnutls_pubkey_export2 (key->pubkey, GNUTLS_X509_FMT_PEM, &pem), ==, 0);
  text = g_strndup ((const char *) pem.data, pem.size);
  gnutls_free (pem.data);
  return text;
}

static char *
encode_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  return fake_base64url ((const guint8 *) text, strlen (text));
}

/* header.claims.signature, each base64url-encoded as given. */
char *
fake_jwt_encode (JsonObject   *header,
                 JsonObject   *claims,
                 const guint8 *signature,
                 gsize         signature_len)
{
  g_autofree char *h = encode_object (header);
  g_autofree char *c = encode_object (claims);
  g_autofree char *s = fake_base64url (signature, signature_len);

  return g_strconcat (h, ".", c, ".", s, NULL);
}

/* JWS wants r || s of fixed length where GnuTLS gives DER. */
static GBytes *
raw_ecdsa (const gnutls_datum_t *der,
           gsize                 half)
{
  gnutls_datum_t r = { NULL, 0 }, s = { NULL, 0 };
  g_autofree guint8 *raw = g_malloc0 (2 * half);
  gsize r_skip = 0, s_skip = 0;

  g_assert_cmpint (gnutls_decode_rs_value (der, &r, &s), ==, 0);
  while (r.size - r_skip > half)
    r_skip++;
  while (s.size - s_skip > half)
    s_skip++;
  memcpy (raw + half - (r.size - r_skip), r.data + r_skip, r.size - r_skip);
  memcpy (raw + 2 * half - (s.size - s_skip), s.data + s_skip, s.size - s_skip);
  gnutls_free (r.data);
  gnutls_free (s.data);
  return g_bytes_new_take (g_steal_pointer (&raw), 2 * half);
}

/* A compact JWS of @claims, header {"alg": @alg, "kid": @kid}, signed by @key. */
char *
fake_jwt_sign (FakeKey    *key,
               const char *alg,
               const char *kid,
               JsonObject *claims)
{
  g_autoptr(JsonObject) header = json_object_new ();
  g_autofree char *h = NULL, *c = NULL, *input = NULL, *s = NULL;
  gnutls_datum_t data, sig = { NULL, 0 };
  gnutls_sign_algorithm_t sign = GNUTLS_SIGN_UNKNOWN;
  g_autoptr(GBytes) raw = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (signatures); i++)
    if (g_str_equal (signatures[i].alg, alg))
      sign = signatures[i].sign;
  g_assert_cmpint (sign, !=, GNUTLS_SIGN_UNKNOWN);

  json_object_set_string_member (header, "alg", alg);
  json_object_set_string_member (header, "typ", "JWT");
  if (kid != NULL)
    json_object_set_string_member (header, "kid", kid);
  h = encode_object (header);
  c = encode_object (claims);
  input = g_strconcat (h, ".", c, NULL);
  data = (gnutls_datum_t) { (unsigned char *) input, (unsigned int) strlen (input) };
  g_assert_cmpint (gnutls_privkey_sign_data2 (key->privkey, sign, 0, &data, &sig), ==, 0);

  if (key->pk == GNUTLS_PK_ECDSA)
    raw = raw_ecdsa (&sig, key->coordinate_len);
  else
    raw = g_bytes_new (sig.data, sig.size);
  gnutls_free (sig.data);
  s = fake_base64url (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));
  return g_strconcat (input, ".", s, NULL);
}
