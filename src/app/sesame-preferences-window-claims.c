/* sesame-preferences-window-claims.c
 *
 * What the tokens say, on the tokens page: the access token's header and claims when it
 * is a JWT, marked not verified (Sesame does not check its signature: it is meant for
 * the API), or that it is opaque; the ID token's claims (verified at sign-in) through
 * the same rows; and token introspection (RFC 7662) where the provider offers it to this
 * client. Decoding and introspection are the core's (sesame_jwt_decode(),
 * sesame_account_introspect_async()); every value arrives here sanitised and goes into
 * labels as plain text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-preferences-window-private.h"

/* Rows beyond these are summed up in one: a token may carry thousands of claims. */
#define MAX_CLAIM_ROWS 100
/* Lines of a claim's value shown before an ellipsis; the label holds it all for copying. */
#define MAX_VALUE_LINES 6

static const char * const introspection_members[] = { "scope", "exp", "client_id", NULL };

static SesameAccount *
get_account (SesamePreferencesWindow *self)
{
  if (self->account == NULL)
    self->account = sesame_account_new (self->saved);
  return self->account;
}

static GtkLabel *
add_row (SesamePreferencesWindow *self,
         AdwPreferencesGroup     *group,
         const char              *title,
         const char              *value)
{
  GtkLabel *label = _sesame_preferences_window_add_value_row (self, group, title, value);

  gtk_label_set_lines (label, MAX_VALUE_LINES);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
  return label;
}

void
_sesame_preferences_window_add_claim_rows (SesamePreferencesWindow *self,
                                           AdwPreferencesGroup     *group,
                                           JsonObject              *claims)
{
  g_auto(GStrv) names = sesame_jwt_claim_order (claims);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n_names = g_strv_length (names);
  guint i;

  for (i = 0; i < n_names && i < MAX_CLAIM_ROWS; i++)
    {
      g_autofree char *title = sesame_jwt_claim_name_to_text (names[i]);
      g_autofree char *text = sesame_jwt_claim_to_text (names[i],
                                                        json_object_get_member (claims, names[i]),
                                                        now);

      add_row (self, group, title, text);
    }
  if (i < n_names)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u more claim is not shown",
                                                            "%u more claims are not shown",
                                                            n_names - i),
                                               n_names - i);

      add_row (self, group, _("More"), more);
    }
}

/* The JOSE header in one row: “alg: RS256, typ: at+jwt, kid: …”. */
static void
add_header_row (SesamePreferencesWindow *self,
                JsonObject              *header)
{
  g_auto(GStrv) names = sesame_jwt_claim_order (header);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; names[i] != NULL && i < MAX_CLAIM_ROWS; i++)
    {
      g_autofree char *name = sesame_jwt_claim_name_to_text (names[i]);
      g_autofree char *value = sesame_jwt_claim_to_text (names[i],
                                                         json_object_get_member (header, names[i]),
                                                         0);

      g_string_append_printf (text, "%s%s: %s", i > 0 ? ", " : "", name, value);
    }
  add_row (self, self->access_group, _("Header"), text->str);
}

/* Showing the access token ----------------------------------------------------------- */

static void
set_access_title (SesamePreferencesWindow *self,
                  gboolean                 jwt)
{
  adw_preferences_group_set_title (self->access_group, jwt ? _("Access Token Claims")
                                                           : _("Access Token"));
  adw_preferences_group_set_description (self->access_group,
                                         jwt ? _("Sesame does not check the access token’s "
                                                 "signature; it is meant for the API.")
                                             : NULL);
  gtk_widget_set_visible (self->not_verified_label, jwt);
}

static void
show_format (SesamePreferencesWindow *self,
             const char              *text,
             gboolean                 warning)
{
  GtkLabel *value = add_row (self, self->access_group, _("Format"), text);

  if (warning)
    gtk_widget_add_css_class (GTK_WIDGET (value), "warning");
}

static void
show_decoded (SesamePreferencesWindow *self,
              const char              *token)
{
  g_autoptr(SesameJwt) jwt = NULL;
  g_autoptr(GError) error = NULL;

  jwt = sesame_jwt_decode (token, &error);
  set_access_title (self, jwt != NULL && sesame_jwt_get_format (jwt) == SESAME_TOKEN_FORMAT_JWT);
  if (jwt == NULL)
    {
      show_format (self, error->message, TRUE);
      return;
    }
  switch (sesame_jwt_get_format (jwt))
    {
    case SESAME_TOKEN_FORMAT_OPAQUE:
      show_format (self, _("Opaque: not a JWT. Only the provider and the API know what it "
                           "means."), FALSE);
      break;
    case SESAME_TOKEN_FORMAT_JWE:
      show_format (self, _("Encrypted JWT (JWE): only its header can be read"), FALSE);
      add_header_row (self, sesame_jwt_get_header (jwt));
      break;
    case SESAME_TOKEN_FORMAT_JWT:
    default:
      _sesame_preferences_window_add_claim_rows (self, self->access_group,
                                                 sesame_jwt_get_claims (jwt));
      add_header_row (self, sesame_jwt_get_header (jwt));
      break;
    }
}

static void
on_can_introspect (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SesamePreferencesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean can;

  can = sesame_account_can_introspect_finish (SESAME_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the window is gone, or shows other tokens */
  if (error != NULL)
    g_debug ("Token introspection is not offered: %s", error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->introspect_group), can);
}

static void
set_introspecting (SesamePreferencesWindow *self,
                   gboolean                 busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->introspect_spinner), busy);
  gtk_spinner_set_spinning (self->introspect_spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.introspect", !busy);
}

static void
cancel_introspection (SesamePreferencesWindow *self)
{
  if (self->introspect_cancellable != NULL)
    g_cancellable_cancel (self->introspect_cancellable);
  g_clear_object (&self->introspect_cancellable);
}

void
_sesame_preferences_window_show_access_token (SesamePreferencesWindow *self,
                                              SesameTokenSet          *tokens)
{
  cancel_introspection (self);
  set_introspecting (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->access_group), tokens != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->introspect_group), FALSE);
  if (tokens == NULL)
    return;

  show_decoded (self, sesame_token_set_get_access_token (tokens));
  self->introspect_cancellable = g_cancellable_new ();
  sesame_account_can_introspect_async (get_account (self), self->introspect_cancellable,
                                       on_can_introspect, self);
}

/* Introspection ---------------------------------------------------------------------- */

/* The rows of an earlier answer go before the next one's come. */
static void
remove_answer_rows (SesamePreferencesWindow *self)
{
  for (guint i = self->token_rows->len; i > 0; i--)
    {
      GtkWidget *row = self->token_rows->pdata[i - 1];

      if (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP) ==
          GTK_WIDGET (self->introspect_group))
        {
          adw_preferences_group_remove (self->introspect_group, row);
          g_ptr_array_remove_index (self->token_rows, i - 1);
        }
    }
}

static void
show_answer (SesamePreferencesWindow *self,
             JsonObject              *answer)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean active = json_object_get_boolean_member (answer, "active");
  GtkLabel *value;

  value = add_row (self, self->introspect_group, _("Active"),
                   active ? _("Yes") : _("No: the provider does not accept this access token "
                                         "now"));
  if (!active)
    gtk_widget_add_css_class (GTK_WIDGET (value), "warning");
  for (guint i = 0; introspection_members[i] != NULL; i++)
    {
      const char *name = introspection_members[i];
      JsonNode *node = json_object_get_member (answer, name);
      g_autofree char *text = NULL;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      text = sesame_jwt_claim_to_text (name, node, now);
      add_row (self, self->introspect_group, name, text);
    }
}

static void
on_introspected (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SesamePreferencesWindow *self = user_data;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  GtkLabel *value;

  answer = sesame_account_introspect_finish (SESAME_ACCOUNT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* the window is gone, or shows other tokens */
  set_introspecting (self, FALSE);
  remove_answer_rows (self);
  if (answer != NULL)
    {
      show_answer (self, answer);
      return;
    }
  value = add_row (self, self->introspect_group, _("The Provider Did Not Answer"),
                   error->message);
  gtk_widget_add_css_class (GTK_WIDGET (value), "error");
}

static void
introspect_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SesamePreferencesWindow *self = SESAME_PREFERENCES_WINDOW (widget);

  if (self->tokens == NULL || self->introspect_cancellable == NULL)
    return;
  set_introspecting (self, TRUE);
  sesame_account_introspect_async (get_account (self),
                                   sesame_token_set_get_access_token (self->tokens),
                                   "access_token", self->introspect_cancellable, on_introspected,
                                   self);
}

/* Class ------------------------------------------------------------------------------ */

void
_sesame_preferences_window_dispose_claims (SesamePreferencesWindow *self)
{
  cancel_introspection (self);
}

void
_sesame_preferences_window_class_init_claims (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, access_group);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        not_verified_label);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, introspect_group);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        introspect_spinner);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow,
                                        introspect_button);

  gtk_widget_class_install_action (widget_class, "prefs.introspect", NULL, introspect_activated);
}
