/* sesame-provider-page.c
 *
 * The Provider page of the profile settings: what the provider's discovery document
 * says it supports, and the findings about it (sesame-diagnosis.c). It asks the core
 * for the diagnosis when it is first shown, and again when the profile's issuer or CA
 * file changed since; closing the window cancels a diagnosis under way.
 *
 * Everything the provider wrote reaches the widgets as plain text: every row here is
 * use-markup FALSE, every label set with gtk_label_set_text(), and the core has
 * sanitised it already.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-provider-page"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-accessible.h"
#include "sesame-provider-page.h"

#define REQUEST_SECONDS 30

struct _SesameProviderPage
{
  AdwPreferencesPage   parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *status_group;
  GtkImage            *status_image;
  GtkSpinner          *status_spinner;
  GtkLabel            *status_title;
  GtkLabel            *status_description;
  GtkWidget           *cancel_button;
  GtkWidget           *retry_button;
  AdwPreferencesGroup *summary_group;
  AdwPreferencesGroup *findings_group;
  AdwPreferencesGroup *supports_group;
  AdwPreferencesGroup *endpoints_group;

  /* Owned */
  SesameProfileStore  *store;
  char                *profile_id;
  char                *loaded_key;     /* issuer and CA file of the diagnosis shown or under way */
  GCancellable        *cancellable;    /* of the diagnosis under way */
  SesameDiagnosis     *diagnosis;
  GPtrArray           *rows;           /* rows added for @diagnosis */
};

G_DEFINE_FINAL_TYPE (SesameProviderPage, sesame_provider_page, ADW_TYPE_PREFERENCES_PAGE)

/* Rows ------------------------------------------------------------------------------- */

static GtkWidget *
add_row (SesameProviderPage  *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* libadwaita 1.2 takes a row's title and subtitle as markup by default. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_object_set_data (G_OBJECT (row), "sesame-group", group);
  g_ptr_array_add (self->rows, row);
  return row;
}

static void
clear_rows (SesameProviderPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];

      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "sesame-group"), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_yes_no_row (SesameProviderPage *self,
                const char         *title,
                gboolean            yes)
{
  add_row (self, self->supports_group, title, yes ? _("Yes") : _("No"));
}

static void
add_list_row (SesameProviderPage  *self,
              const char          *title,
              SesameDiagnosisList  list)
{
  const char * const *values = sesame_diagnosis_get_list (self->diagnosis, list);
  g_autofree char *joined = g_strjoinv (", ", (GStrv) values);
  g_autofree char *text = NULL;

  if (sesame_diagnosis_get_list_announced (self->diagnosis, list))
    text = g_strdup (*joined != '\0' ? joined : _("None"));
  else if (*joined != '\0')
    /* Translators: a list the provider does not announce; %s is what RFC 8414 implies */
    text = g_strdup_printf (_("Not announced (by default: %s)"), joined);
  else
    text = g_strdup (_("Not announced"));
  add_row (self, self->supports_group, title, text);
}

static void
show_summary (SesameProviderPage *self)
{
  const char *issuer = sesame_diagnosis_get_issuer (self->diagnosis);
  const char *document = sesame_diagnosis_get_document_url (self->diagnosis);
  const char *reason = NULL;
  g_autofree char *sign_in = NULL;

  add_row (self, self->summary_group, _("Issuer"), issuer != NULL ? issuer : _("None"));
  if (document != NULL)
    add_row (self, self->summary_group, _("Address"), document);
  add_row (self, self->summary_group, _("Kind"),
           sesame_diagnosis_get_is_openid (self->diagnosis) ? _("OpenID Connect provider")
                                                            : _("OAuth 2.0 server"));
  if (sesame_diagnosis_get_sign_in_possible (self->diagnosis, &reason))
    sign_in = g_strdup (_("Possible"));
  else
    /* Translators: %s says why Sesame would not sign in with this provider */
    sign_in = g_strdup_printf (_("Refused: %s"), reason);
  add_row (self, self->summary_group, _("Sign-In With Sesame"), sign_in);
}

static void
add_finding_row (SesameProviderPage *self,
                 guint               index)
{
  static const struct
  {
    const char *icon;
    const char *style;
    const char *name;
  } levels[] = {
    [SESAME_FINDING_INFO] = { "dialog-information-symbolic", "accent", N_("Information") },
    [SESAME_FINDING_WARNING] = { "dialog-warning-symbolic", "warning", N_("Warning") },
    [SESAME_FINDING_ERROR] = { "dialog-error-symbolic", "error", N_("Error") },
  };
  const char *id, *message, *reference;
  SesameFindingLevel level = sesame_diagnosis_get_finding (self->diagnosis, index, &id,
                                                           &message, &reference);
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", reference, id);
  GtkWidget *row = add_row (self, self->findings_group, message, subtitle);
  GtkWidget *icon = gtk_image_new_from_icon_name (levels[level].icon);

  gtk_widget_add_css_class (icon, levels[level].style);
  gtk_widget_set_tooltip_text (icon, _(levels[level].name));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(levels[level].name), -1);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_name (row, id);
}

static void
show_findings (SesameProviderPage *self)
{
  guint n = sesame_diagnosis_get_n_findings (self->diagnosis);

  for (guint i = 0; i < n; i++)
    add_finding_row (self, i);
  if (n == 0)
    add_row (self, self->findings_group, _("Nothing to Remark"), NULL);
}

static void
show_supports (SesameProviderPage *self)
{
  SesameDiagnosis *d = self->diagnosis;

  add_list_row (self, _("Grant Types"), SESAME_DIAGNOSIS_GRANT_TYPES);
  add_list_row (self, _("Response Types"), SESAME_DIAGNOSIS_RESPONSE_TYPES);
  add_list_row (self, _("PKCE Methods"), SESAME_DIAGNOSIS_PKCE_METHODS);
  add_yes_no_row (self, _("Issuer in Authorization Responses (RFC 9207)"),
                  sesame_diagnosis_get_iss_parameter (d));
  add_list_row (self, _("Client Authentication"), SESAME_DIAGNOSIS_AUTH_METHODS);
  add_list_row (self, _("ID Token Signing Algorithms"), SESAME_DIAGNOSIS_ID_TOKEN_ALGS);
  add_list_row (self, _("Scopes"), SESAME_DIAGNOSIS_SCOPES);
  add_yes_no_row (self, _("Revocation"),
                  sesame_diagnosis_get_endpoint (d, "revocation_endpoint") != NULL);
  add_yes_no_row (self, _("Userinfo"),
                  sesame_diagnosis_get_endpoint (d, "userinfo_endpoint") != NULL);
  add_yes_no_row (self, _("Introspection"),
                  sesame_diagnosis_get_endpoint (d, "introspection_endpoint") != NULL);
  add_yes_no_row (self, _("Device Authorization"),
                  sesame_diagnosis_get_endpoint (d, "device_authorization_endpoint") != NULL);
}

static void
show_endpoints (SesameProviderPage *self)
{
  const char * const *members = sesame_diagnosis_endpoint_members ();

  for (guint i = 0; members[i] != NULL; i++)
    {
      const char *uri = sesame_diagnosis_get_endpoint (self->diagnosis, members[i]);

      if (uri != NULL)
        add_row (self, self->endpoints_group, sesame_diagnosis_endpoint_label (members[i]), uri);
    }
}

/* States ----------------------------------------------------------------------------- */

typedef enum
{
  STATE_LOADING,
  STATE_ERROR,
  STATE_NO_DOCUMENT,
  STATE_CANCELLED,
  STATE_DIAGNOSED,
} State;

static void
show_state (SesameProviderPage *self,
            State               state,
            const char         *description)
{
  const char *titles[] = {
    [STATE_LOADING] = _("Reading the Discovery Document…"),
    [STATE_ERROR] = _("The Discovery Document Cannot Be Read"),
    [STATE_NO_DOCUMENT] = _("No Discovery Document"),
    [STATE_CANCELLED] = _("Reading Stopped"),
    [STATE_DIAGNOSED] = "",
  };
  gboolean diagnosed = state == STATE_DIAGNOSED;

  gtk_widget_set_visible (GTK_WIDGET (self->status_group), !diagnosed);
  gtk_widget_set_visible (GTK_WIDGET (self->status_image), state != STATE_LOADING);
  gtk_image_set_from_icon_name (self->status_image, state == STATE_ERROR
                                                      ? "dialog-error-symbolic"
                                                      : "network-server-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), state == STATE_LOADING);
  gtk_spinner_set_spinning (self->status_spinner, state == STATE_LOADING);
  gtk_label_set_text (self->status_title, titles[state]);
  gtk_label_set_text (self->status_description, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_description), description != NULL);
  gtk_widget_set_visible (self->cancel_button, state == STATE_LOADING);
  gtk_widget_set_visible (self->retry_button, state == STATE_ERROR || state == STATE_CANCELLED);

  gtk_widget_set_visible (GTK_WIDGET (self->summary_group), diagnosed);
  gtk_widget_set_visible (GTK_WIDGET (self->findings_group), diagnosed);
  gtk_widget_set_visible (GTK_WIDGET (self->supports_group), diagnosed);
  gtk_widget_set_visible (GTK_WIDGET (self->endpoints_group), diagnosed);
}

static void
show_diagnosis (SesameProviderPage *self)
{
  clear_rows (self);
  show_summary (self);
  show_findings (self);
  show_supports (self);
  show_endpoints (self);
  show_state (self, STATE_DIAGNOSED, NULL);
}

/* Loading ---------------------------------------------------------------------------- */

static void
on_diagnosed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SesameProviderPage *self = user_data;   /* alive unless cancelled: dispose cancels */
  g_autoptr(SesameDiagnosis) diagnosis = NULL;
  g_autoptr(GError) error = NULL;

  diagnosis = sesame_diagnose_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);

  if (diagnosis == NULL)
    {
      SesameProfile *profile = sesame_profile_store_lookup (self->store, self->profile_id);
      g_autofree char *shown = g_utf8_make_valid (error->message, -1);
      gboolean no_issuer = profile != NULL && sesame_profile_get_issuer (profile) == NULL;

      clear_rows (self);
      g_clear_object (&self->diagnosis);
      g_clear_pointer (&self->loaded_key, g_free);   /* showing it again tries again */
      show_state (self, no_issuer ? STATE_NO_DOCUMENT : STATE_ERROR, shown);
      return;
    }

  g_set_object (&self->diagnosis, diagnosis);
  show_diagnosis (self);
}

static char *
profile_key (SesameProfile *profile)
{
  return g_strdup_printf ("%s\n%s", sesame_profile_get_issuer (profile) ?: "",
                          sesame_profile_get_ca_file (profile) ?: "");
}

static void
load (SesameProviderPage *self,
      gboolean            again)
{
  SesameProfile *profile = sesame_profile_store_lookup (self->store, self->profile_id);
  g_autofree char *key = NULL;

  if (profile == NULL)
    return;
  key = profile_key (profile);
  if (!again && g_strcmp0 (key, self->loaded_key) == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_free (self->loaded_key);
  self->loaded_key = g_steal_pointer (&key);

  show_state (self, STATE_LOADING, sesame_profile_get_issuer (profile));
  sesame_diagnose_profile_async (profile, REQUEST_SECONDS, self->cancellable, on_diagnosed,
                                 self);
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SesameProviderPage *self = SESAME_PROVIDER_PAGE (widget);

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->loaded_key, g_free);   /* showing it again reads it */
  show_state (self, STATE_CANCELLED, NULL);
}

static void
retry_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  load (SESAME_PROVIDER_PAGE (widget), TRUE);
}

/* The issuer or CA file changed while the page is shown (saved from the Settings page a
 * moment after the change, or from the command line). */
static void
on_store_changed (SesameProviderPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load (self, FALSE);
}

static void
sesame_provider_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sesame_provider_page_parent_class)->map (widget);

  load (SESAME_PROVIDER_PAGE (widget), FALSE);
}

static void
sesame_provider_page_dispose (GObject *object)
{
  SesameProviderPage *self = SESAME_PROVIDER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_PROVIDER_PAGE);

  G_OBJECT_CLASS (sesame_provider_page_parent_class)->dispose (object);
}

static void
sesame_provider_page_finalize (GObject *object)
{
  SesameProviderPage *self = SESAME_PROVIDER_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->diagnosis);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->profile_id);
  g_free (self->loaded_key);

  G_OBJECT_CLASS (sesame_provider_page_parent_class)->finalize (object);
}

static void
sesame_provider_page_class_init (SesameProviderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_provider_page_dispose;
  object_class->finalize = sesame_provider_page_finalize;
  widget_class->map = sesame_provider_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sesame/Sesame/sesame-provider-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, status_image);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, status_title);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, status_description);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, findings_group);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, supports_group);
  gtk_widget_class_bind_template_child (widget_class, SesameProviderPage, endpoints_group);

  gtk_widget_class_install_action (widget_class, "provider.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "provider.retry", NULL, retry_activated);
}

static void
sesame_provider_page_init (SesameProviderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  _sesame_accessible_fix_mnemonics (GTK_WIDGET (self));
  /* The scrolled window takes the focus when nothing inside can (while it loads): it is
   * named by the page's title, as sesame-accessible.c names the other pages. */
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (GTK_IS_SCROLLED_WINDOW (c))
      gtk_accessible_update_property (GTK_ACCESSIBLE (c), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (self)),
                                      -1);
  show_state (self, STATE_LOADING, NULL);
}

SesameProviderPage *
sesame_provider_page_new (SesameProfileStore *store,
                          const char         *profile_id)
{
  SesameProviderPage *self;

  g_return_val_if_fail (SESAME_IS_PROFILE_STORE (store), NULL);
  g_return_val_if_fail (profile_id != NULL, NULL);

  self = g_object_new (SESAME_TYPE_PROVIDER_PAGE, NULL);
  self->store = g_object_ref (store);
  self->profile_id = g_strdup (profile_id);
  g_signal_connect_object (store, "items-changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  return self;
}
