/* test-tls.c
 *
 * TLS is always verified: an unknown CA or a wrong host name is refused; an extra CA
 * file adds trust without switching verification off.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fake-provider.h"
#include "sesame-oauth.h"
#include "waits.h"

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Discovers @server's metadata with a session trusting @ca_file in addition. */
static SesameProvider *
discover (FakeProvider  *server,
          const char    *ca_file,
          GError       **error)
{
  g_autofree char *ca_path = ca_file ? data_path (ca_file) : NULL;
  g_autoptr(SoupSession) session = sesame_http_session_new (ca_path, error);
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (session);
  sesame_provider_discover_async (fake_provider_get_issuer (server), session, NULL, on_result,
                                  &result);
  wait_for_pointer ((gpointer *) &result, "the answer of sesame_provider_discover_async ()");
  return sesame_provider_discover_finish (result, error);
}

static void
test_unknown_ca_refused (void)
{
  g_autoptr(FakeProvider) server = fake_provider_new_https ("server");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = discover (server, NULL, &error);

  g_assert_null (provider);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_extra_ca_accepted (void)
{
  g_autoptr(FakeProvider) server = fake_provider_new_https ("server");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = discover (server, "ca.pem", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (sesame_provider_get_issuer (provider), ==, fake_provider_get_issuer (server));
}

static void
test_unrelated_ca_refused (void)
{
  g_autoptr(FakeProvider) server = fake_provider_new_https ("server");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProvider) provider = discover (server, "other-ca.pem", &error);

  g_assert_null (provider);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_wrong_host_refused (void)
{
  g_autoptr(FakeProvider) server = fake_provider_new_https ("wrong-host");
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

  return g_test_run ();
}
