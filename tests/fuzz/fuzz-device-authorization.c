/* fuzz-device-authorization.c
 *
 * The device authorization endpoint's answer (RFC 8628 §3.2), through
 * _sesame_device_flow_take_answer (), for two providers: an https one and one on this
 * computer's loopback (which may use plain http). An accepted answer must hold a user
 * code of printable ASCII, verification URIs the provider's endpoint rules accept, an
 * interval of at least one second and an expiry in the future; a refused one gives a
 * SESAME_OAUTH_ERROR whose message is valid UTF-8 and never holds the device code.
 *
 * The input is the body, as JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "fuzz-json-leak.h"
#include "sesame-device-flow-private.h"
#include "sesame-http.h"
#include "sesame-json-private.h"
#include "sesame-oauth-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static SesameDeviceFlow *
new_flow (const char *issuer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SesameClient) client = sesame_client_new ("fuzz");
  g_autoptr(SesameProvider) provider = NULL;
  g_autofree char *authorize = g_strconcat (issuer, "/authorize", NULL);
  g_autofree char *token = g_strconcat (issuer, "/token", NULL);
  SesameDeviceFlow *flow = sesame_device_flow_new (session, client);

  provider = sesame_provider_new (issuer, authorize, token, NULL);
  g_assert (provider != NULL);
  sesame_device_flow_set_provider (flow, provider);
  return flow;
}

static void
check_uri (SesameDeviceFlow *flow,
           const char       *uri)
{
  g_autoptr(GError) error = NULL;

  g_assert (sesame_provider_check_uri (sesame_device_flow_get_provider (flow), "URI", uri,
                                       &error));
}

static void
check_accepted (SesameDeviceFlow *flow)
{
  const char *code = sesame_device_flow_get_user_code (flow);

  g_assert (code != NULL && *code != '\0');
  for (const char *p = code; *p != '\0'; p++)
    g_assert (*p >= 0x20 && *p <= 0x7e);
  check_uri (flow, sesame_device_flow_get_verification_uri (flow));
  if (sesame_device_flow_get_verification_uri_complete (flow) != NULL)
    check_uri (flow, sesame_device_flow_get_verification_uri_complete (flow));
  g_assert (sesame_device_flow_get_interval (flow) >= 1);
  g_assert (sesame_device_flow_get_expires_at (flow) > 0);
}

static void
take (const char *issuer,
      JsonObject *answer)
{
  g_autoptr(SesameDeviceFlow) flow = new_flow (issuer);
  g_autoptr(GError) error = NULL;
  const char *device_code = NULL;

  if (_sesame_device_flow_take_answer (flow, answer, &error))
    {
      g_assert (error == NULL);
      check_accepted (flow);
      return;
    }
  g_assert (error != NULL && error->domain == SESAME_OAUTH_ERROR);
  g_assert (g_utf8_validate (error->message, -1, NULL));
  if (_sesame_json_get_string (answer, "device_code", &device_code, NULL) &&
      device_code != NULL && strlen (device_code) >= 4 &&
      strstr (error->message, device_code) != NULL)
    {
      /* A code such as "device" may be a word of the message itself: then the message
       * for another code of the same length holds it too. */
      g_autoptr(JsonObject) other = json_object_new ();
      g_autoptr(SesameDeviceFlow) other_flow = new_flow (issuer);
      g_autoptr(GError) other_error = NULL;
      g_autofree char *other_code = g_strnfill (strlen (device_code),
                                                device_code[0] == 'Q' ? 'Z' : 'Q');
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, answer);
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (other, name, json_node_copy (value));
      json_object_set_string_member (other, "device_code", other_code);
      if (!_sesame_device_flow_take_answer (other_flow, other, &other_error))
        g_assert (strstr (other_error->message, device_code) != NULL);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  gboolean may_leak;

  fuzz_init ();
  may_leak = fuzz_json_may_leak ((const char *) data, size);
  fuzz_json_leaks_begin (may_leak);
  answer = _sesame_json_parse_object (body, "answer", &error);
  fuzz_json_leaks_end (may_leak);
  if (answer == NULL)
    {
      g_assert (error != NULL && g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  take ("https://id.example.com", answer);
  take ("http://127.0.0.1:8080", answer);
  return 0;
}
