/* runner.h
 *
 * Running `sesame` as a user would, against the test provider: the scripted agent plays
 * the browser.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "idp.h"

G_BEGIN_DECLS

typedef struct
{
  int    status;
  char  *out;
  char  *err;
  char  *uri;
} Run;

/* The provider that run_sesame() and assert_token_works() talk to. */
extern Idp *runner_idp;

void        run_clear          (Run                *run);
void        run_agent          (const char         *uri,
                                gboolean            deny);
void        run_sesame         (Run                *run,
                                const char         *agent_mode,
                                const char * const *env,
                                const char * const *args);
void        assert_token_works (const char         *access_token);
JsonObject *parse_object       (const char         *json);
void        remove_tree        (const char         *path);
gboolean    port_refuses       (gpointer            data);
guint       redirect_port      (const char         *authorization_uri);
void        on_result          (GObject            *object,
                                GAsyncResult       *result,
                                gpointer            user_data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

G_END_DECLS
