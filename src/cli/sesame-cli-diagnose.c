/* sesame-cli-diagnose.c
 *
 * `sesame diagnose (NAME | --issuer URL)`: what a provider's discovery document says it
 * supports, and the findings about it, for a person or (--json) a script. Everything
 * the provider wrote is sanitised by the core already, and again here on its way to
 * the terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-cli-private.h"
#include "sesame-cli.h"
#include "sesame-oauth-private.h"
#include "sesame-store.h"

#define DEFAULT_TIMEOUT 30
#define MAX_LINE_CHARS  2000

typedef struct
{
  char     *issuer;
  char     *ca_file;
  char     *fail_on;
  int       timeout;
  gboolean  json;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->issuer);
  g_free (o->ca_file);
  g_free (o->fail_on);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
print_row (const char *label,
           const char *value)
{
  g_autofree char *shown = _sesame_sanitize_text (value, MAX_LINE_CHARS);
  int pad = MAX (0, 26 - (int) g_utf8_strlen (label, -1));

  g_print ("  %s%*s %s\n", label, pad, "", shown);
}

static void
print_list (SesameDiagnosis     *diagnosis,
            const char          *label,
            SesameDiagnosisList  list)
{
  const char * const *values = sesame_diagnosis_get_list (diagnosis, list);
  g_autofree char *joined = g_strjoinv (", ", (GStrv) values);

  if (!sesame_diagnosis_get_list_announced (diagnosis, list))
    {
      g_autofree char *text = NULL;

      /* Translators: a list the provider does not announce; %s is the default, if any */
      text = *joined != '\0' ? g_strdup_printf (_("not announced (by default: %s)"), joined)
                             : g_strdup (_("not announced"));
      print_row (label, text);
    }
  else
    print_row (label, *joined != '\0' ? joined : _("none"));
}

static void
print_supported (SesameDiagnosis *diagnosis,
                 const char      *label,
                 const char      *member)
{
  print_row (label, sesame_diagnosis_get_endpoint (diagnosis, member) ? _("yes") : _("no"));
}

static void
print_overview (SesameDiagnosis *diagnosis)
{
  const char *reason = NULL;
  const char *issuer = sesame_diagnosis_get_issuer (diagnosis);
  const char *document = sesame_diagnosis_get_document_url (diagnosis);

  print_row (_("Issuer asked for"), sesame_diagnosis_get_requested (diagnosis));
  print_row (_("Issuer in the document"), issuer != NULL ? issuer : _("none"));
  if (document != NULL)
    print_row (_("Document"), document);
  print_row (_("Kind"), sesame_diagnosis_get_is_openid (diagnosis)
                          ? _("OpenID Connect provider") : _("OAuth 2.0 server"));
  if (sesame_diagnosis_get_sign_in_possible (diagnosis, &reason))
    print_row (_("Sign-in with Sesame"), _("possible"));
  else
    {
      g_autofree char *text = g_strdup_printf (_("refused: %s"), reason);
      print_row (_("Sign-in with Sesame"), text);
    }
}

static void
print_endpoints (SesameDiagnosis *diagnosis)
{
  const char * const *members = sesame_diagnosis_endpoint_members ();

  g_print ("\n%s\n", _("Endpoints"));
  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *uri = sesame_diagnosis_get_endpoint (diagnosis, members[i]);

      print_row (sesame_diagnosis_endpoint_label (members[i]), uri != NULL ? uri : "—");
    }
}

static void
print_supports (SesameDiagnosis *diagnosis)
{
  g_print ("\n%s\n", _("Supports"));
  print_list (diagnosis, _("Grant types"), SESAME_DIAGNOSIS_GRANT_TYPES);
  print_list (diagnosis, _("Response types"), SESAME_DIAGNOSIS_RESPONSE_TYPES);
  print_list (diagnosis, _("PKCE methods"), SESAME_DIAGNOSIS_PKCE_METHODS);
  print_row (_("“iss” in responses"),
             sesame_diagnosis_get_iss_parameter (diagnosis) ? _("yes") : _("no"));
  print_list (diagnosis, _("Client authentication"), SESAME_DIAGNOSIS_AUTH_METHODS);
  print_list (diagnosis, _("ID token algorithms"), SESAME_DIAGNOSIS_ID_TOKEN_ALGS);
  print_list (diagnosis, _("Scopes"), SESAME_DIAGNOSIS_SCOPES);
  print_supported (diagnosis, _("Revocation"), "revocation_endpoint");
  print_supported (diagnosis, _("Userinfo"), "userinfo_endpoint");
  print_supported (diagnosis, _("Introspection"), "introspection_endpoint");
  print_supported (diagnosis, _("Device authorization"), "device_authorization_endpoint");
}

static const char *
level_label (SesameFindingLevel level)
{
  switch (level)
    {
    case SESAME_FINDING_ERROR:
      return _("error");
    case SESAME_FINDING_WARNING:
      return _("warning");
    case SESAME_FINDING_INFO:
    default:
      return _("info");
    }
}

static void
print_findings (SesameDiagnosis *diagnosis)
{
  guint n = sesame_diagnosis_get_n_findings (diagnosis);

  g_print ("\n%s\n", _("Findings"));
  if (n == 0)
    g_print ("  %s\n", _("None."));
  for (guint i = 0; i < n; i++)
    {
      const char *id, *message, *reference;
      SesameFindingLevel level = sesame_diagnosis_get_finding (diagnosis, i, &id, &message,
                                                               &reference);
      g_autofree char *shown = _sesame_sanitize_text (message, MAX_LINE_CHARS);
      /* Translators: %s names an RFC or a specification and its section */
      g_autofree char *see = g_strdup_printf (_("See %s"), reference);

      g_print ("  %-8s %s\n", level_label (level), id);
      g_print ("           %s\n", shown);
      g_print ("           %s\n", see);
    }
}

static gboolean
parse_options (Options   *o,
               int       *argc,
               char    ***argv,
               GError   **error)
{
  const GOptionEntry entries[] = {
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &o->issuer,
      N_("Diagnose this issuer instead of a profile’s provider"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &o->ca_file,
      N_("Also trust the certificate authorities in this PEM file"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &o->timeout,
      N_("Give up on a provider silent for this long (default: 30)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json,
      N_("Print the diagnosis as JSON (see the README)"), NULL },
    { "fail-on", 0, 0, G_OPTION_ARG_STRING, &o->fail_on,
      N_("Exit with code 9 when a finding is at this level or graver"), N_("warning|error") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  SesameFindingLevel level;

  context = _sesame_cli_new_context (
    _("[PROFILE]"),
    _("Reads the discovery document of PROFILE’s provider, or of --issuer URL, and shows\n"
      "its endpoints, what it supports and the findings about it, each with its RFC."),
    (GOptionEntry *) entries);
  o->timeout = DEFAULT_TIMEOUT;
  if (!g_option_context_parse (context, argc, argv, error))
    return FALSE;
  if ((*argc == 2) == (o->issuer != NULL) || *argc > 2)
    return _sesame_cli_usage_error (error, _("Name one profile, or give --issuer URL: "
                                             "sesame diagnose (PROFILE | --issuer URL)"));
  if (o->timeout <= 0)
    return _sesame_cli_usage_error (error, _("--timeout must be at least 1 second"));
  if (o->fail_on != NULL && (!sesame_finding_level_from_string (o->fail_on, &level) ||
                             level == SESAME_FINDING_INFO))
    return _sesame_cli_usage_error (error, _("--fail-on takes “warning” or “error”"));
  return TRUE;
}

static SesameDiagnosis *
diagnose (const Options  *o,
          const char     *name,
          GError        **error)
{
  g_autoptr(SesameProfileStore) store = NULL;
  g_auto(SesameCliWaiter) waiter = { 0 };
  SesameProfile *profile;

  if (o->issuer != NULL)
    {
      sesame_diagnose_issuer_async (o->issuer, o->ca_file, (guint) o->timeout, NULL,
                                    _sesame_cli_on_result, _sesame_cli_waiter_start (&waiter));
      return sesame_diagnose_finish (_sesame_cli_waiter_wait (&waiter), error);
    }

  if (!(store = _sesame_cli_open_store (error)) ||
      !(profile = _sesame_cli_lookup_profile (store, name, error)))
    return NULL;
  /* --ca-file in place of the profile's own */
  if (o->ca_file != NULL && sesame_profile_get_issuer (profile) != NULL)
    {
      sesame_diagnose_issuer_async (sesame_profile_get_issuer (profile), o->ca_file,
                                    (guint) o->timeout, NULL, _sesame_cli_on_result,
                                    _sesame_cli_waiter_start (&waiter));
      return sesame_diagnose_finish (_sesame_cli_waiter_wait (&waiter), error);
    }
  sesame_diagnose_profile_async (profile, (guint) o->timeout, NULL, _sesame_cli_on_result,
                                 _sesame_cli_waiter_start (&waiter));
  return sesame_diagnose_finish (_sesame_cli_waiter_wait (&waiter), error);
}

int
_sesame_cli_diagnose_run (int    argc,
                          char **argv)
{
  g_auto(Options) o = { 0 };
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;
  SesameFindingLevel fail_level = SESAME_FINDING_ERROR;

  if (!parse_options (&o, &argc, &argv, &error) ||
      !(diagnosis = diagnose (&o, argv[1], &error)))
    return _sesame_cli_fail (error);

  if (o.json)
    {
      g_autofree char *text = sesame_diagnosis_to_json (diagnosis);
      g_print ("%s\n", text);
    }
  else
    {
      print_overview (diagnosis);
      print_endpoints (diagnosis);
      print_supports (diagnosis);
      print_findings (diagnosis);
    }

  if (o.fail_on != NULL && sesame_finding_level_from_string (o.fail_on, &fail_level) &&
      sesame_diagnosis_has_level (diagnosis, fail_level))
    return SESAME_EXIT_FINDINGS;
  return SESAME_EXIT_OK;
}
