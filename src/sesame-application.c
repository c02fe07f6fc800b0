/* sesame-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-application.h"
#include "sesame-cli.h"
#include "sesame-window.h"

struct _SesameApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SesameApplication, sesame_application, ADW_TYPE_APPLICATION)

static void
sesame_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (sesame_window_new (SESAME_APPLICATION (app)));

  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  const char *developers[] = { "The Sesame developers", NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", parent,
                "application-name", _("Sesame"),
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("The Sesame developers"),
                "developers", developers,
                "comments", _("Sign in to OAuth 2.0 and OpenID Connect providers and get "
                              "your access tokens."),
                "website", "https://github.com/sesame-oauth/sesame",
                "issue-url", "https://github.com/sesame-oauth/sesame/issues",
                "license-type", GTK_LICENSE_GPL_3_0,
                "copyright", "© 2026 The Sesame developers",
                "translator-credits", _("translator-credits"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
};

static void
sesame_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (sesame_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
sesame_application_class_init (SesameApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sesame_application_activate;
  app_class->startup = sesame_application_startup;
}

static void
sesame_application_init (SesameApplication *self)
{
  g_autofree char *commands = sesame_cli_describe_commands ();

  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[COMMAND …]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Without a command, Sesame opens its window."));
  g_application_set_option_context_description (G_APPLICATION (self), commands);
}

SesameApplication *
sesame_application_new (void)
{
  return g_object_new (SESAME_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/sesame/Sesame",
                       NULL);
}
