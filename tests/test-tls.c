/* test-tls.c
 *
 * TLS is always verified: an unknown CA or a wrong host name is refused; an extra CA
 * file adds trust without switching verification off. The provider diagnosis fetches
 * the same way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sesame-oauth.h"
#include "waits.h"

typedef struct
{
  SoupServer *server;
  char       *issuer;
} TlsServer;

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
on_metadata (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  const char *issuer = user_data;
  g_autofree char *body = g_strdup_printf (
    "{\"issuer\":\"%s\",\"authorization_endpoint\":\"%s/auth\",\"token_endpoint\":\"%s/token\"}",
    issuer, issuer, issuer);

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static TlsServer *
tls_server_new (const char *certificate)
{
  g_autofree char *cert_file = g_strdup_printf ("%s.pem", certificate);
  g_autofree char *key_file = g_strdup_printf ("%s-key.pem", certificate);
  g_autofree char *cert_path = data_path (cert_file);
  g_autofree char *key_path = data_path (key_file);
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoslist(GUri) uris = NULL;
  TlsServer *s = g_new0 (TlsServer, 1);

  cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  s->server = soup_server_new ("tls-certificate", cert, NULL);
  soup_server_listen (s->server, address, SOUP_SERVER_LISTEN_HTTPS, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  s->issuer = g_strdup_printf ("https://127.0.0.1:%d", g_uri_get_port (uris->data));
  soup_server_add_handler (s->server, "/.well-known/openid-configuration", on_metadata,
                           s->issuer, NULL);
  return s;
}

static void
tls_server_free (TlsServer *s)
{
  soup_server_disconnect (s->server);
  g_object_unref (s->server);
  g_free (s->issuer);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TlsServer, tls_server_free)

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Discovers @server's metadata with a session trusting @ca_file in addition. */
static SesameProvider *
discover (TlsServer   *server,
          const char  *ca_file,
          GError     **error)
{
  g_autofree char *ca_path = ca_file ? data_path (ca_file) : NULL;
  g_autoptr(SoupSession) session = sesame_http_session_new (ca_path, error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (session);
  sesame_provider_discover_async (server->issuer, session, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_provider_discover_async ()");
  return sesame_provider_discover_finish (result, error);
}

/* The diagnosis of @server's document, with @ca_file trusted in addition. */
static SesameDiagnosis *
diagnose (TlsServer   *server,
          const char  *ca_file,
          GError     **error)
{
  g_autofree char *ca_path = ca_file ? data_path (ca_file) : NULL;
  g_autoptr(SoupSession) session = sesame_http_session_new (ca_path, error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (session);
  sesame_diagnosis_fetch_async (server->issuer, session, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_diagnosis_fetch_async ()");
  return sesame_diagnosis_fetch_finish (result, error);
}

/* The diagnosis fetches as discovery does: TLS verified, a CA file added. */
static void
test_diagnosis (void)
{
  g_autoptr(TlsServer) server = tls_server_new ("server");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameDiagnosis) refused = diagnose (server, NULL, &error);
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autofree char *document = NULL;

  g_assert_null (refused);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  diagnosis = diagnose (server, "ca.pem", &error);
  g_assert_no_error (error);
  document = g_strconcat (server->issuer, "/.well-known/openid-configuration", NULL);
  g_assert_cmpstr (sesame_diagnosis_get_document_url (diagnosis), ==, document);
  g_assert_true (sesame_diagnosis_get_sign_in_possible (diagnosis, NULL));
  /* An https provider on loopback is no local http one. */
  g_assert_false (sesame_diagnosis_has_finding (diagnosis, "issuer-http-loopback"));
  g_assert_false (sesame_diagnosis_has_finding (diagnosis, "endpoint-http"));
  g_assert_true (sesame_diagnosis_has_finding (diagnosis, "revocation-missing"));
}

static void
test_unknown_ca_refused (void)
{
  g_autoptr(TlsServer) server = tls_server_new ("server");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = discover (server, NULL, &error);

  g_assert_null (provider);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_extra_ca_accepted (void)
{
  g_autoptr(TlsServer) server = tls_server_new ("server");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = discover (server, "ca.pem", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sesame_provider_get_issuer (provider), ==, server->issuer);
}

static void
test_unrelated_ca_refused (void)
{
  g_autoptr(TlsServer) server = tls_server_new ("server");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = discover (server, "other-ca.pem", &error);

  g_assert_null (provider);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_wrong_host_refused (void)
{
  g_autoptr(TlsServer) server = tls_server_new ("wrong-host");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = discover (server, "ca.pem", &error);

  g_assert_null (provider);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_missing_ca_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = sesame_http_session_new ("/nonexistent/ca.pem", &error);

  g_assert_null (session);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/tls/unknown-ca-refused", test_unknown_ca_refused);
  g_test_add_func ("/sesame/tls/extra-ca-accepted", test_extra_ca_accepted);
  g_test_add_func ("/sesame/tls/unrelated-ca-refused", test_unrelated_ca_refused);
  g_test_add_func ("/sesame/tls/wrong-host-refused", test_wrong_host_refused);
  g_test_add_func ("/sesame/tls/missing-ca-file", test_missing_ca_file);
  g_test_add_func ("/sesame/tls/diagnosis", test_diagnosis);

  return g_test_run ();
}
