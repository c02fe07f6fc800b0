/* sesame-token-request.c
 *
 * Threat model: the request crosses a Unix socket between two processes of the same user
 * (both check the peer's credentials, and the socket's directory is the user's alone);
 * the parser still takes it as untrusted input: bounded, every field checked, the profile
 * name valid UTF-8. The formatted output holds tokens: callers wipe it when done.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-token-request"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sesame-token-protocol.h"
#include "sesame-token-request.h"

static const char * const output_names[] = {
  [SESAME_TOKEN_OUTPUT_ACCESS] = "access",
  [SESAME_TOKEN_OUTPUT_HEADER] = "header",
  [SESAME_TOKEN_OUTPUT_JSON] = "json",
  [SESAME_TOKEN_OUTPUT_ID] = "id",
  [SESAME_TOKEN_OUTPUT_CLAIMS] = "claims",
};

SesameTokenRequest *
sesame_token_request_new (const char        *profile,
                          SesameTokenOutput  output,
                          guint              min_valid)
{
  SesameTokenRequest *self;

  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (output <= SESAME_TOKEN_OUTPUT_CLAIMS, NULL);

  self = g_new0 (SesameTokenRequest, 1);
  self->profile = g_strdup (profile);
  self->output = output;
  self->min_valid = min_valid;
  self->config_dir = g_strdup (g_get_user_config_dir ());
  return self;
}

void
sesame_token_request_free (SesameTokenRequest *self)
{
  if (self == NULL)
    return;
  g_free (self->profile);
  g_free (self->config_dir);
  g_free (self);
}

/* MAGIC\0OUTPUT\0MIN-VALID\0CONFIG-DIR\0NAME\0 */
GBytes *
sesame_token_request_serialize (const SesameTokenRequest *self)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autofree char *min_valid = NULL;
  const char *fields[5];

  g_return_val_if_fail (self != NULL, NULL);

  min_valid = g_strdup_printf ("%u", self->min_valid);
  fields[0] = SESAME_TOKEN_SERVICE_MAGIC;
  fields[1] = output_names[self->output];
  fields[2] = min_valid;
  fields[3] = self->config_dir;
  fields[4] = self->profile;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_byte_array_append (bytes, (const guint8 *) fields[i], strlen (fields[i]) + 1);
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static gboolean
bad_request (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "Not a token request");
  return FALSE;
}

/* Every check but one: that the request's configuration directory is the service's own,
 * which only the service can tell. */
SesameTokenRequest *
sesame_token_request_parse (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(SesameTokenRequest) self = g_new0 (SesameTokenRequest, 1);
  const char *fields[5];
  const char *p = data, *end = data + length;
  guint64 min_valid;
  guint output;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0 || length > SESAME_TOKEN_SERVICE_MAX_REQUEST || data[length - 1] != '\0')
    return bad_request (error), NULL;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (p >= end)
        return bad_request (error), NULL;
      fields[i] = p;
      p += strlen (p) + 1;
    }
  for (output = 0; output < G_N_ELEMENTS (output_names); output++)
    if (g_str_equal (fields[1], output_names[output]))
      break;
  if (p != end || !g_str_equal (fields[0], SESAME_TOKEN_SERVICE_MAGIC) ||
      output == G_N_ELEMENTS (output_names) ||
      !g_ascii_string_to_unsigned (fields[2], 10, 0, G_MAXINT, &min_valid, NULL) ||
      *fields[3] == '\0' || *fields[4] == '\0' || !g_utf8_validate (fields[4], -1, NULL))
    return bad_request (error), NULL;

  self->output = output;
  self->min_valid = (guint) min_valid;
  self->config_dir = g_strdup (fields[3]);
  self->profile = g_strdup (fields[4]);
  return g_steal_pointer (&self);
}

static char *
format_claims (SesameTokenSet  *tokens,
               GError         **error)
{
  g_autoptr(JsonObject) claims = sesame_token_set_dup_id_token_claims (tokens);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (claims == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the ID token cannot be read"));
      return NULL;
    }
  node = json_node_init_object (json_node_alloc (), claims);
  text = json_to_string (node, TRUE);
  return g_strconcat (text, "\n", NULL);
}

/**
 * sesame_token_output_format:
 *
 * The exact text `sesame token` prints on stdout for @tokens, newline included; the
 * service answers it and the command prints it, so the two cannot differ.
 *
 * Returns: (transfer full) (nullable): the text, which holds tokens: wipe it when done;
 *   %NULL with @error when the output needs an ID token that is not there or not readable
 */
char *
sesame_token_output_format (SesameTokenSet     *tokens,
                            SesameTokenOutput   output,
                            GError            **error)
{
  g_autofree char *json = NULL;
  char *text;

  g_return_val_if_fail (SESAME_IS_TOKEN_SET (tokens), NULL);

  if ((output == SESAME_TOKEN_OUTPUT_ID || output == SESAME_TOKEN_OUTPUT_CLAIMS) &&
      sesame_token_set_get_id_token (tokens) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("the provider issued no ID token (is “openid” in the scope?)"));
      return NULL;
    }

  switch (output)
    {
    case SESAME_TOKEN_OUTPUT_JSON:
      json = sesame_token_set_to_json (tokens);
      text = g_strconcat (json, "\n", NULL);
      memset (json, 0, strlen (json));
      return text;
    case SESAME_TOKEN_OUTPUT_CLAIMS:
      return format_claims (tokens, error);
    case SESAME_TOKEN_OUTPUT_ID:
      return g_strconcat (sesame_token_set_get_id_token (tokens), "\n", NULL);
    case SESAME_TOKEN_OUTPUT_HEADER:
      return g_strconcat ("Authorization: Bearer ", sesame_token_set_get_access_token (tokens),
                          "\n", NULL);
    case SESAME_TOKEN_OUTPUT_ACCESS:
    default:
      return g_strconcat (sesame_token_set_get_access_token (tokens), "\n", NULL);
    }
}

char *
sesame_token_service_directory (gboolean   create,
                                GError   **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (),
                                           SESAME_TOKEN_SERVICE_DIR, NULL);
  GStatBuf st;

  if ((create && g_mkdir_with_parents (dir, 0700) != 0) || g_lstat (dir, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", dir,
                   g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISDIR (st.st_mode) || st.st_uid != getuid () || (st.st_mode & 077) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s is not a directory of this user's alone (mode 0700)", dir);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

/* The process at the other end runs as this user (SO_PEERCRED). */
gboolean
sesame_token_service_peer_is_us (GSocket *socket)
{
  g_autoptr(GCredentials) credentials = NULL;

  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);

  credentials = g_socket_get_credentials (socket, NULL);
  return credentials != NULL && g_credentials_get_unix_user (credentials, NULL) == getuid ();
}
