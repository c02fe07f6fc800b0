/* test-token-request.c
 *
 * `sesame token`'s request, as the command line writes it and the app's token service
 * reads it, and the text both print for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sesame-store.h"
#include "sesame-token-protocol.h"
#include "waits.h"

static void
test_round_trip (void)
{
  g_autoptr(SesameTokenRequest) request = NULL;
  g_autoptr(SesameTokenRequest) read = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  request = sesame_token_request_new ("Wörk", SESAME_TOKEN_OUTPUT_CLAIMS, 7200);
  bytes = sesame_token_request_serialize (request);
  data = g_bytes_get_data (bytes, &length);
  g_assert_true (g_str_has_prefix (data, SESAME_TOKEN_SERVICE_MAGIC));
  read = sesame_token_request_parse (data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->profile, ==, "Wörk");
  g_assert_cmpint (read->output, ==, SESAME_TOKEN_OUTPUT_CLAIMS);
  g_assert_cmpuint (read->min_valid, ==, 7200);
  g_assert_cmpstr (read->config_dir, ==, g_get_user_config_dir ());
}

static void
test_bad_requests (void)
{
  static const struct { const char *data; gsize length; const char *why; } bad[] = {
#define R(text, why) { text, sizeof text - 1, why }
    R ("", "empty"),
    R ("SESAME-TOKEN/1\0access\0" "60\0/c\0", "a field too few"),
    R ("SESAME-TOKEN/1\0access\0" "60\0/c\0name\0extra\0", "a field too many"),
    R ("SESAME-TOKEN/9\0access\0" "60\0/c\0name\0", "another version"),
    R ("SESAME-TOKEN/1\0all\0" "60\0/c\0name\0", "no such output"),
    R ("SESAME-TOKEN/1\0access\0-1\0/c\0name\0", "a negative time"),
    R ("SESAME-TOKEN/1\0access\0" "99999999999\0/c\0name\0", "too long a time"),
    R ("SESAME-TOKEN/1\0access\0" "60\0\0name\0", "no configuration directory"),
    R ("SESAME-TOKEN/1\0access\0" "60\0/c\0\xff\0", "a name not in UTF-8"),
    R ("SESAME-TOKEN/1\0access\0" "60\0/c\0name", "no final NUL"),
#undef R
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameTokenRequest) request = NULL;

      g_test_message ("%s", bad[i].why);
      request = sesame_token_request_parse (bad[i].data, bad[i].length, &error);
      g_assert_null (request);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static SesameTokenSet *
tokens_with (const char *id_token)
{
  g_autofree char *json = g_strdup_printf ("{\"access_token\":\"AT-1\",\"token_type\":\"Bearer\","
                                           "\"obtained_at\":1,\"expires_at\":0%s%s%s}",
                                           id_token ? ",\"id_token\":\"" : "",
                                           id_token ? id_token : "", id_token ? "\"" : "");
  g_autoptr(GError) error = NULL;
  SesameTokenSet *tokens = sesame_token_set_new_from_json (json, &error);

  g_assert_no_error (error);
  return tokens;
}

static void
test_outputs (void)
{
  g_autoptr(SesameTokenSet) plain = tokens_with (NULL);
  g_autoptr(SesameTokenSet) with_id = tokens_with ("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.");
  g_autoptr(GError) error = NULL;
  g_autofree char *access = sesame_token_output_format (plain, SESAME_TOKEN_OUTPUT_ACCESS, NULL);
  g_autofree char *header = sesame_token_output_format (plain, SESAME_TOKEN_OUTPUT_HEADER, NULL);
  g_autofree char *json = sesame_token_output_format (plain, SESAME_TOKEN_OUTPUT_JSON, NULL);
  g_autofree char *id = sesame_token_output_format (with_id, SESAME_TOKEN_OUTPUT_ID, NULL);
  g_autofree char *claims = sesame_token_output_format (with_id, SESAME_TOKEN_OUTPUT_CLAIMS,
                                                        NULL);
  g_autofree char *none = sesame_token_output_format (plain, SESAME_TOKEN_OUTPUT_ID, &error);

  g_assert_cmpstr (access, ==, "AT-1\n");
  g_assert_cmpstr (header, ==, "Authorization: Bearer AT-1\n");
  g_assert_true (g_str_has_prefix (json, "{") && g_str_has_suffix (json, "}\n"));
  g_assert_nonnull (strstr (json, "\"access_token\""));
  g_assert_cmpstr (id, ==, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.\n");
  g_assert_nonnull (strstr (claims, "\"sub\" : \"a\""));
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  waits_init ();

  g_test_add_func ("/sesame/token-request/round-trip", test_round_trip);
  g_test_add_func ("/sesame/token-request/bad-requests", test_bad_requests);
  g_test_add_func ("/sesame/token-request/outputs", test_outputs);
  return g_test_run ();
}
