/* runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "runner.h"
#include "waits.h"

Idp *runner_idp;

void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  g_free (run->uri);
}

void
run_agent (const char *uri,
           gboolean    deny)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) agent = NULL;

  g_autoptr(GAsyncResult) result = NULL;

  agent = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("SESAME_TEST_AGENT"),
                            deny ? "--deny" : "--login", deny ? uri : "alice",
                            deny ? NULL : uri, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (agent, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "the scripted browser (sesame-test-agent) to finish");
  g_subprocess_wait_check_finish (agent, result, &error);
  g_assert_no_error (error);
}

/* The authorization URL: the line of stderr that starts with the provider's address. */
static char *
find_uri (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], runner_idp->issuer) && strstr (lines[i], "?") != NULL)
      return g_strdup (lines[i]);
  return NULL;
}

/* Runs `sesame ARGS…`. With an @agent_mode ("login" or "deny") the test plays the user:
 * it reads the URL from stderr and hands it to the agent; "interrupt" presses Ctrl+C
 * instead; "wait" does nothing; with %NULL, the system browser (a fake one) is expected
 * to open the URL.
 */
void
run_sesame (Run               *run,
            const char        *agent_mode,
            const char * const *env,
            const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) sesame = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_path = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *command = g_strjoinv (" ", (char **) args);
  int fd = g_file_open_tmp ("sesame-stderr-XXXXXX", &err_path, &error);
  gint64 deadline = g_get_monotonic_time () + waits_limit (WAIT_SECONDS);

  g_assert_no_error (error);
  close (fd);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

  g_ptr_array_add (argv, (char *) g_getenv ("SESAME_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  waits_step ("running sesame %s", command);
  sesame = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  if (agent_mode != NULL && strcmp (agent_mode, "wait") != 0)
    {
      g_autofree char *uri = NULL;

      while (uri == NULL)
        {
          g_autofree char *text = NULL;

          g_usleep (G_USEC_PER_SEC / 20);
          g_file_get_contents (err_path, &text, NULL, NULL);
          uri = find_uri (text ? text : "");
          if (uri == NULL && g_subprocess_get_identifier (sesame) == NULL)
            g_error ("sesame exited before printing the address: %s", text);
          if (g_get_monotonic_time () > deadline)
            waits_give_up ("gave up waiting for sesame to print the authorization address: %s",
                           text ? text : "");
        }
      if (strcmp (agent_mode, "interrupt") == 0)
        g_subprocess_send_signal (sesame, SIGINT);
      else
        run_agent (uri, strcmp (agent_mode, "deny") == 0);
      run->uri = g_steal_pointer (&uri);
    }

  g_subprocess_communicate_utf8_async (sesame, NULL, NULL, on_result, &result);
  wait_for_pointer ((gpointer *) &result, "sesame to exit");
  g_subprocess_communicate_utf8_finish (sesame, result, &run->out, NULL, &error);
  g_assert_no_error (error);
  g_file_get_contents (err_path, &run->err, NULL, NULL);
  if (!g_subprocess_get_if_exited (sesame))
    g_error ("sesame was killed by signal %d: %s", g_subprocess_get_term_sig (sesame), run->err);
  run->status = g_subprocess_get_exit_status (sesame);
  g_unlink (err_path);
}

static char *
fetch_userinfo (const char *access_token,
                guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (runner_idp->issuer, "/me", NULL);
  g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
  g_autofree char *header = g_strconcat ("Bearer ", access_token, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization",
                                header);
  body = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (message);
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

/* The provider's userinfo endpoint accepts @access_token and names alice. */
void
assert_token_works (const char *access_token)
{
  guint status = 0;
  g_autofree char *body = fetch_userinfo (access_token, &status);

  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (strstr (body, "\"sub\":\"alice\""));
}

JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}


/* Deletes a test's temporary tree. */
void
remove_tree (const char *path)
{
  g_autoptr(GSubprocess) rm = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "rm", "-rf", "--",
                                                path, NULL);

  if (rm != NULL)
    g_subprocess_wait (rm, NULL, NULL);
}

/* A GSourceFunc-style check: nothing listens on 127.0.0.1 at the port in @data. */
gboolean
port_refuses (gpointer data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) GPOINTER_TO_UINT (data), NULL, NULL);
  return connection == NULL;
}

/* The port of the redirect URI that an authorization address carries. */
guint
redirect_port (const char *authorization_uri)
{
  g_autoptr(GHashTable) query = g_uri_parse_params (strchr (authorization_uri, '?') + 1, -1, "&",
                                                    G_URI_PARAMS_NONE, NULL);
  g_autoptr(GUri) redirect = g_uri_parse (g_hash_table_lookup (query, "redirect_uri"),
                                          G_URI_FLAGS_NONE, NULL);

  return (guint) g_uri_get_port (redirect);
}
