/* sesame-presets-i18n.c
 *
 * The presets' names and descriptions live in presets.json, which gettext cannot read:
 * they are listed here for the translation template. test-profiles checks that this list
 * and the file agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sesame-presets-private.h"

static const char * const strings[] = {
  N_("GitHub"),
  N_("A GitHub OAuth app, which is OAuth 2.0 without OpenID Connect: register http://127.0.0.1/callback as its callback URL (GitHub accepts any port on it) and give its client secret; Sesame asks for JSON answers with Accept: application/json, and as GitHub has no standard revocation endpoint, signing out only deletes the tokens from this computer."),
  N_("Register an OAuth app at GitHub with this callback URL; GitHub accepts any port on it. Its client secret is required."),
  N_("Callback URL"),
  N_("Google"),
  N_("Google accounts through an OAuth client of the type “Desktop app”, whose client secret Google does not treat as confidential but asks for; any loopback port is accepted without registering it."),
  N_("Create an OAuth client of the type “Desktop app”. Google accepts any loopback port without registering it, and its client secret is required."),
  N_("Microsoft Entra ID"),
  N_("Microsoft work, school or personal accounts through an app registered as a public client with the redirect URI http://localhost under “Mobile and desktop applications” (Entra ID accepts any port on it), in the tenant “common” unless you give your directory’s id or domain."),
  N_("Register an app as a public client, with this redirect URI under “Mobile and desktop applications”. No client secret is needed."),
  N_("Redirect URI"),
  N_("Tenant"),
  N_("A domain such as contoso.onmicrosoft.com, a tenant ID, “organizations”, “consumers” or “common”"),
  N_("GitLab"),
  N_("GitLab.com, or your own GitLab instance, through an application that is not confidential and whose redirect URI is exactly http://127.0.0.1:7890/callback, because GitLab compares redirect URIs port included."),
  N_("Add an application that is not confidential, with exactly this redirect URI: GitLab compares the port too."),
  N_("Instance"),
  N_("The GitLab instance’s address"),
  N_("OpenID Connect provider"),
  N_("Any OpenID Connect provider, whose endpoints Sesame discovers from its issuer URL."),
  N_("Sesame finds the provider’s endpoints from its issuer URL and receives the answer on http://127.0.0.1 at a free port."),
  N_("Issuer URL"),
  N_("The provider’s issuer URL, exactly as the provider names itself"),
  NULL
};

const char * const *
_sesame_presets_translatable_strings (void)
{
  return strings;
}
