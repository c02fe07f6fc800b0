/* fuzz-discovery.c
 *
 * A provider's metadata document (RFC 8414, OpenID Connect Discovery 1.0) through
 * sesame_provider_new_from_metadata (), fetched for the issuer https://id.example.com.
 * A provider that comes out must hold only endpoints that pass the core's rules, and
 * an authorization request is built on it, as a sign-in would. The same document
 * goes through the diagnosis (sesame-diagnosis.c), which must agree with sign-in on
 * whether the document is usable and keep nothing a terminal would act on.
 *
 * The input is the document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "fuzz-json-leak.h"
#include "sesame-oauth.h"

#define ISSUER "https://id.example.com"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Every endpoint it keeps is an absolute https URL in printable ASCII: the issuer is
 * https, so not even http on loopback is allowed.
 */
static void
check_endpoints (SesameProvider *provider)
{
  for (guint i = 0; i < SESAME_N_ENDPOINTS; i++)
    {
      const char *endpoint = sesame_provider_get_endpoint (provider, i);
      g_autoptr(GUri) uri = NULL;

      if (endpoint == NULL)
        {
          g_assert (i != SESAME_ENDPOINT_AUTHORIZATION && i != SESAME_ENDPOINT_TOKEN);
          continue;
        }
      uri = g_uri_parse (endpoint, G_URI_FLAGS_ENCODED, NULL);
      g_assert (uri != NULL);
      g_assert (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0);
      for (const char *p = endpoint; *p != '\0'; p++)
        g_assert (*p > 0x20 && *p < 0x7f);
      for (const char *p = g_uri_get_host (uri); *p != '\0'; p++)
        g_assert (*p > 0x20 && *p < 0x7f);
    }
}

static void
sign_in_with (SesameProvider *provider)
{
  g_autoptr(SesameClient) client = sesame_client_new ("fuzz-client");
  g_autoptr(SesameAuthRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;

  sesame_client_set_scope (client, "openid profile");
  request = sesame_auth_request_new (provider, client, "http://127.0.0.1:8080/callback", &error);
  if (request == NULL)
    {
      g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      return;
    }
  uri = g_uri_parse (sesame_auth_request_get_uri (request), G_URI_FLAGS_ENCODED, NULL);
  g_assert (uri != NULL);
  g_assert (strstr (g_uri_get_query (uri), sesame_auth_request_get_state (request)) != NULL);
}

static void
check_text (const char *text)
{
  g_assert (text != NULL && g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert (!g_unichar_iscntrl (c) && g_unichar_type (c) != G_UNICODE_FORMAT);
    }
}

static void
check_diagnosis (SesameDiagnosis *diagnosis,
                 gboolean         usable)
{
  const char * const *members = sesame_diagnosis_endpoint_members ();
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert (sesame_diagnosis_get_sign_in_possible (diagnosis, NULL) == usable);
  for (guint i = 0; members[i] != NULL; i++)
    if (sesame_diagnosis_get_endpoint (diagnosis, members[i]) != NULL)
      check_text (sesame_diagnosis_get_endpoint (diagnosis, members[i]));
  for (guint i = 0; i < SESAME_DIAGNOSIS_N_LISTS; i++)
    for (const char * const *v = sesame_diagnosis_get_list (diagnosis, i); *v != NULL; v++)
      check_text (*v);
  for (guint i = 0; i < sesame_diagnosis_get_n_findings (diagnosis); i++)
    {
      const char *message;

      sesame_diagnosis_get_finding (diagnosis, i, NULL, &message, NULL);
      check_text (message);
    }
  if (sesame_diagnosis_get_issuer (diagnosis) != NULL)
    check_text (sesame_diagnosis_get_issuer (diagnosis));
  json = sesame_diagnosis_to_json (diagnosis);
  g_assert (json_parser_load_from_data (parser, json, -1, NULL));
}

static void
diagnose (GBytes   *metadata,
          gboolean  usable,
          gboolean  may_leak)
{
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_json_leaks_begin (may_leak);
  diagnosis = sesame_diagnosis_new_from_metadata (ISSUER, NULL, metadata, &error);
  fuzz_json_leaks_end (may_leak);
  if (diagnosis == NULL)
    {
      /* Only what sign-in refuses too. */
      g_assert (!usable);
      g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      return;
    }
  check_diagnosis (diagnosis, usable);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) metadata = g_bytes_new (data, size);
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  gboolean may_leak;

  fuzz_init ();
  may_leak = fuzz_json_may_leak ((const char *) data, size);
  fuzz_json_leaks_begin (may_leak);
  provider = sesame_provider_new_from_metadata (ISSUER, metadata, &error);
  fuzz_json_leaks_end (may_leak);
  diagnose (metadata, provider != NULL, may_leak);
  if (provider == NULL)
    {
      g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  g_assert_no_error (error);
  g_assert_cmpstr (sesame_provider_get_issuer (provider), ==, ISSUER);
  check_endpoints (provider);
  sesame_provider_supports_auth_method (provider, "client_secret_basic");
  sign_in_with (provider);
  return 0;
}
