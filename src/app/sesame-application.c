/* sesame-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-accessible.h"
#include "sesame-app-preferences-window.h"
#include "sesame-application.h"
#include "sesame-clipboard.h"
#include "sesame-token-service.h"
#include "sesame-window.h"

struct _SesameApplication
{
  AdwApplication      parent_instance;

  /* Owned */
  SesameTokenService *token_service;
};

G_DEFINE_FINAL_TYPE (SesameApplication, sesame_application, ADW_TYPE_APPLICATION)

/* The shortcuts window, with names for the screen reader; GTK owns it, as every toplevel. */
GtkShortcutsWindow *
_sesame_application_build_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GtkShortcutsWindow *overlay;

  builder = gtk_builder_new_from_resource ("/io/github/sesame/Sesame/shortcuts-window.ui");
  overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
  _sesame_accessible_name_shortcuts (overlay);
  return overlay;
}

/* The shortcuts window, built when it is first asked for rather than with the window, as
 * GTK does with gtk/help-overlay.ui: that cost every start-up about 2 % of its work.
 */
static void
show_help_overlay (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkShortcutsWindow *overlay = _sesame_application_build_help_overlay ();

  /* From now on GTK's own action (which replaces this one) shows it, and owns it. */
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (user_data), overlay);
  gtk_window_present (GTK_WINDOW (overlay));
}

static void
add_help_overlay_action (GtkWindow *window)
{
  static const GActionEntry entries[] = {
    { "show-help-overlay", show_help_overlay, NULL, NULL, NULL, { 0 } },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (window), entries, G_N_ELEMENTS (entries),
                                   window);
}

static void
sesame_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (sesame_window_new (SESAME_APPLICATION (app)));
      add_help_overlay_action (window);
    }

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

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (sesame_app_preferences_window_new (parent)));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
};

/* While the app runs, `sesame token` is answered from memory (sesame-token-service.h). */
static void
start_token_service (SesameApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autoptr(GError) error = NULL;

  self->token_service = sesame_token_service_new (bus);
  if (!sesame_token_service_start (self->token_service, &error))
    {
      g_message ("Not answering token requests: %s", error->message);
      g_clear_object (&self->token_service);
    }
}

static void
sesame_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (sesame_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);

  start_token_service (SESAME_APPLICATION (app));
}

static void
sesame_application_shutdown (GApplication *app)
{
  SesameApplication *self = SESAME_APPLICATION (app);

  /* Whether the last window closed or Quit was chosen: no secret of ours stays behind. */
  sesame_clipboard_clear_owned ();
  if (self->token_service != NULL)
    sesame_token_service_stop (self->token_service);
  g_clear_object (&self->token_service);

  G_APPLICATION_CLASS (sesame_application_parent_class)->shutdown (app);
}

static void
sesame_application_class_init (SesameApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sesame_application_activate;
  app_class->startup = sesame_application_startup;
  app_class->shutdown = sesame_application_shutdown;
}

static void
sesame_application_init (SesameApplication *self)
{
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
