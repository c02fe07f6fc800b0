/* idp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include <signal.h>
#include <sys/prctl.h>

#include "idp.h"
#include "waits.h"

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
on_line (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Starts the provider on a port of the kernel's choosing and waits for its ready line.
 * Its stdin stays a pipe held by us: when the test dies, the provider exits too.
 */
Idp *
idp_start (void)
{
  const char *script = g_getenv ("SESAME_TEST_IDP");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = NULL;
  Idp *idp = g_new0 (Idp, 1);

  g_assert_nonnull (script);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  idp->process = g_subprocess_launcher_spawn (launcher, &error, "node", script, "--port", "0",
                                              NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (idp->process));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line, &result);
  wait_for_pointer ((gpointer *) &result, "the test provider's ready line (if it never "
                    "comes: “npm ci” in tests/idp, which build-aux/test runs)");
  line = g_data_input_stream_read_line_finish_utf8 (out, result, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL)
    g_error ("The test provider exited before it was ready; run “npm ci” in tests/idp "
             "(build-aux/test does)");

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  idp->issuer = g_strdup (json_object_get_string_member (
    json_node_get_object (json_parser_get_root (parser)), "issuer"));
  g_assert_true (g_str_has_prefix (idp->issuer, "http://127.0.0.1:"));
  return idp;
}

void
idp_stop (Idp *idp)
{
  g_subprocess_send_signal (idp->process, SIGTERM);
  g_subprocess_wait (idp->process, NULL, NULL);
  g_object_unref (idp->process);
  g_free (idp->issuer);
  g_free (idp);
}
