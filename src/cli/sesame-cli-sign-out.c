/* sesame-cli-sign-out.c
 *
 * `sesame sign-out NAME`: revokes the tokens at the provider and forgets them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli.h"
#include "sesame-store.h"

static void
report_sign_out (const char   *name,
                 gboolean      revoked,
                 const GError *revocation_error,
                 gboolean      json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "revoked");
      json_builder_add_boolean_value (builder, revoked);
      json_builder_set_member_name (builder, "revocation_error");
      if (revocation_error != NULL)
        json_builder_add_string_value (builder, revocation_error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, FALSE);
      g_print ("%s\n", text);
    }

  if (revoked)
    g_printerr (_("Signed out of “%s”: the tokens were revoked at the provider and deleted.\n"),
                name);
  else if (revocation_error != NULL)
    {
      g_autofree char *shown = _sesame_cli_shown (revocation_error->message);

      g_printerr (_("Signed out of “%s”: the tokens were deleted, but revoking them failed: %s\n"),
                  name, shown);
    }
  else
    g_printerr (_("Signed out of “%s”: the tokens were deleted (the provider offers no "
                  "revocation).\n"), name);
}

int
_sesame_cli_sign_out_run (int    argc,
                          char **argv)
{
  gboolean json = FALSE, revoked = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Report the outcome as JSON on stdout"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("PROFILE"));
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(SesameAccount) account = NULL;
  g_auto(SesameCliWaiter) waiter = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) revocation_error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Revokes the tokens of PROFILE at the provider (RFC 7009, the refresh token first),\n"
      "where it offers revocation, then deletes them from the keyring."));
  _sesame_cli_append_exit_codes (description);
  g_option_context_set_description (context, description->str);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return _sesame_cli_fail (error);
  if (argc != 2)
    _sesame_cli_usage_error (&error, _("Name one profile: sesame sign-out PROFILE"));
  if (error != NULL || !(account = _sesame_cli_open_account (argv[1], &error)))
    return _sesame_cli_fail (error);

  sesame_account_sign_out_async (account, NULL, _sesame_cli_on_result,
                                 _sesame_cli_waiter_start (&waiter));
  if (!sesame_account_sign_out_finish (account, _sesame_cli_waiter_wait (&waiter), &revoked,
                                       &revocation_error, &error))
    return _sesame_cli_fail (error);

  report_sign_out (argv[1], revoked, revocation_error, json);
  return SESAME_EXIT_OK;
}
