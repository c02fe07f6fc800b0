/* sesame-sign-out.c
 *
 * The words of signing out, shared by the window and the settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-sign-out.h"

/* Asks before signing out; its "sign-out" response signs out. */
AdwMessageDialog *
_sesame_sign_out_dialog_new (GtkWindow  *parent,
                             const char *profile_name)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Sign Out?"),
                                                                         NULL));

  adw_message_dialog_format_body (dialog,
                                  _("The tokens of “%s” are revoked at the provider, where it "
                                    "allows that, and deleted from this computer."),
                                  profile_name);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "sign-out", _("_Sign Out"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

/* The toast once signed out. */
const char *
_sesame_sign_out_outcome (gboolean      revoked,
                          const GError *revocation_error)
{
  if (revoked)
    return _("Signed out; the provider revoked the tokens");
  if (revocation_error != NULL)
    return _("Signed out, but the provider did not revoke the tokens");
  return _("Signed out");
}
