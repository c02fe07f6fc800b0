/* sesame-clipboard.c
 *
 * Every secret the app copies goes through here. Threat model: what sits on the clipboard
 * can be read by any program of the session, and clipboard managers keep a history of it
 * on disk. So a secret is offered with the x-kde-passwordManagerHint type, which tells the
 * managers that honour it (KDE's Klipper and others) to keep no copy, and it is
 * taken off again after a delay (the "clipboard-clear-seconds" setting) and when the app
 * quits. Sesame clears only what it still owns: the clipboard must be local and hold the
 * very content provider Sesame set. What another program, or another part of Sesame,
 * copied in the meantime is left alone; their data is never read or compared.
 *
 * GTK 4 lists the hint among what the clipboard offers, but gives no bytes for it: a type
 * without a '/' is no MIME type to GDK (gdk_intern_mime_type(), GTK issue 4087), and the
 * request is refused. Klipper reads the bytes (through Qt), so on X11 Sesame answers that
 * one request itself, while the clipboard holds its secret. (On Wayland the type is listed
 * with no bytes: managers that look for the type alone still honour it.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-clipboard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "sesame-clipboard.h"

/* What Sesame put on one display's clipboard, and when it goes. */
typedef struct
{
  GdkClipboard       *clipboard;   /* borrowed: the guard is its data */
  GdkContentProvider *provider;    /* the secret set there, or NULL */
  guint               clear_id;
} Guard;

static gboolean guard_owns (Guard *guard);

#define GUARD_KEY "sesame-clipboard-guard"
/* The hint's bytes. */
#define HINT_SECRET "secret"

/* Every guard alive, for clearing them all at quit. */
static GSList *guards;

static void
guard_forget (Guard *guard)
{
  g_clear_handle_id (&guard->clear_id, g_source_remove);
  g_clear_object (&guard->provider);
}

#ifdef GDK_WINDOWING_X11
static void
send_selection_notify (const XSelectionRequestEvent *request,
                       Atom                          property)
{
  XEvent reply = { 0 };

  reply.xselection.type = SelectionNotify;
  reply.xselection.display = request->display;
  reply.xselection.requestor = request->requestor;
  reply.xselection.selection = request->selection;
  reply.xselection.target = request->target;
  reply.xselection.property = property;
  reply.xselection.time = request->time;
  XSendEvent (request->display, request->requestor, False, NoEventMask, &reply);
}

/* An emission hook of GdkX11Display::xevent runs before GDK's own clipboard handler, which
 * would refuse the request: the hook answers a request for the hint's bytes while the
 * secret is Sesame's, then leaves GDK an event with no requestor, which GDK 4.8's handler
 * drops unanswered. Every other request is left to GDK. */
static gboolean
on_xevent_hook (GSignalInvocationHint *hint,
                guint                  n_values,
                const GValue          *values,
                gpointer               user_data)
{
  GdkDisplay *display = g_value_get_object (&values[0]);
  XEvent *xevent = g_value_get_pointer (&values[1]);
  XSelectionRequestEvent *request = &xevent->xselectionrequest;
  Guard *guard;
  Atom property;

  if (xevent->type != SelectionRequest || request->requestor == None ||
      request->selection != gdk_x11_get_xatom_by_name_for_display (display, "CLIPBOARD") ||
      request->target != gdk_x11_get_xatom_by_name_for_display (display,
                                                                SESAME_CLIPBOARD_HINT_TYPE))
    return TRUE;
  guard = g_object_get_data (G_OBJECT (gdk_display_get_clipboard (display)), GUARD_KEY);
  if (guard == NULL || !guard_owns (guard))
    return TRUE;

  /* An obsolete client names no property: the target is the property then (ICCCM 2.2). */
  property = request->property != None ? request->property : request->target;
  gdk_x11_display_error_trap_push (display);
  XChangeProperty (request->display, request->requestor, property, request->target, 8,
                   PropModeReplace, (const guchar *) HINT_SECRET, strlen (HINT_SECRET));
  send_selection_notify (request, property);
  gdk_x11_display_error_trap_pop_ignored (display);
  request->requestor = None;
  return TRUE;
}
#endif

static void
guard_watch_display (Guard *guard)
{
#ifdef GDK_WINDOWING_X11
  static gsize hooked;

  if (GDK_IS_X11_DISPLAY (gdk_clipboard_get_display (guard->clipboard)) &&
      g_once_init_enter (&hooked))
    {
      guint signal_id = g_signal_lookup ("xevent", GDK_TYPE_X11_DISPLAY);

      g_signal_add_emission_hook (signal_id, 0, on_xevent_hook, NULL, NULL);
      g_once_init_leave (&hooked, 1);
    }
#endif
}

static void
guard_free (gpointer data)
{
  Guard *guard = data;

  guard_forget (guard);
  guards = g_slist_remove (guards, guard);
  g_free (guard);
}

static gboolean
guard_owns (Guard *guard)
{
  return guard->provider != NULL && gdk_clipboard_is_local (guard->clipboard) &&
         gdk_clipboard_get_content (guard->clipboard) == guard->provider;
}

/* Someone else took the clipboard (another program, or Sesame copying something that is no
 * secret): there is nothing of ours left to clear. */
static void
on_content_changed (Guard *guard)
{
  if (guard->provider != NULL && !guard_owns (guard))
    guard_forget (guard);
}

static void
guard_clear (Guard *guard)
{
  if (guard_owns (guard))
    {
      gdk_clipboard_set_content (guard->clipboard, NULL);
      /* Before the app exits: the display server takes the clipboard's new owner now. */
      gdk_display_flush (gdk_clipboard_get_display (guard->clipboard));
    }
  guard_forget (guard);
}

static gboolean
on_clear_timeout (gpointer data)
{
  Guard *guard = data;

  guard->clear_id = 0;
  guard_clear (guard);
  return G_SOURCE_REMOVE;
}

static Guard *
guard_of (GdkClipboard *clipboard)
{
  Guard *guard = g_object_get_data (G_OBJECT (clipboard), GUARD_KEY);

  if (guard == NULL)
    {
      guard = g_new0 (Guard, 1);
      guard->clipboard = clipboard;
      g_object_set_data_full (G_OBJECT (clipboard), GUARD_KEY, guard, guard_free);
      g_signal_connect_swapped (clipboard, "notify::content", G_CALLBACK (on_content_changed),
                                guard);
      guard_watch_display (guard);
      guards = g_slist_prepend (guards, guard);
    }
  return guard;
}

/* The text, as GTK offers a string (text/plain;charset=utf-8, text/plain and, on X11,
 * UTF8_STRING and the older text targets), and the hint beside it. */
static GdkContentProvider *
secret_provider_new (const char *secret)
{
  g_autoptr(GBytes) hint = g_bytes_new_static (HINT_SECRET, strlen (HINT_SECRET));
  GdkContentProvider *providers[2];

  providers[0] = gdk_content_provider_new_typed (G_TYPE_STRING, secret);
  providers[1] = gdk_content_provider_new_for_bytes (SESAME_CLIPBOARD_HINT_TYPE, hint);
  return gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
}

GSettings *
sesame_clipboard_get_settings (void)
{
  static GSettings *settings;
  static gboolean looked_up;

  if (!looked_up)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      looked_up = TRUE;
      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
      /* Run from the build tree without GSETTINGS_SCHEMA_DIR: the default applies. */
      if (schema == NULL)
        g_debug ("The settings schema %s is not installed", APP_ID);
      else
        settings = g_settings_new_full (schema, NULL, NULL);
    }
  return settings;
}

guint
sesame_clipboard_get_clear_seconds (void)
{
  GSettings *settings = sesame_clipboard_get_settings ();

  if (settings == NULL)
    return SESAME_CLIPBOARD_CLEAR_DEFAULT;
  return g_settings_get_uint (settings, SESAME_CLIPBOARD_CLEAR_KEY);
}

char *
sesame_clipboard_describe_delay (guint seconds)
{
  if (seconds == 0)
    return g_strdup (C_("clear the clipboard", "Never"));
  if (seconds % 60 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "After %u Minute", "After %u Minutes",
                                         seconds / 60),
                            seconds / 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "After %u Second", "After %u Seconds",
                                       seconds),
                          seconds);
}

/* "Access token copied; the clipboard will be cleared in 1 minute" */
static char *
describe_copied (const char *copied,
                 guint       seconds)
{
  if (seconds == 0)
    return g_strdup (copied);
  if (seconds % 60 == 0)
    /* Translators: %s says what was copied ("Access token copied"), %u is a number */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s; the clipboard will be cleared in %u minute",
                                         "%s; the clipboard will be cleared in %u minutes",
                                         seconds / 60),
                            copied, seconds / 60);
  /* Translators: %s says what was copied ("Access token copied"), %u is a number */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s; the clipboard will be cleared in %u second",
                                       "%s; the clipboard will be cleared in %u seconds",
                                       seconds),
                          copied, seconds);
}

char *
sesame_clipboard_copy_secret (GtkWidget  *widget,
                              const char *secret,
                              const char *copied)
{
  GdkClipboard *clipboard;
  Guard *guard;
  guint seconds;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (copied != NULL, NULL);

  clipboard = gtk_widget_get_clipboard (widget);
  guard = guard_of (clipboard);
  guard_forget (guard);
  /* Held before it is set, so that the change it makes is seen as ours. */
  guard->provider = secret_provider_new (secret);
  gdk_clipboard_set_content (clipboard, guard->provider);
  seconds = sesame_clipboard_get_clear_seconds ();
  if (seconds > 0)
    guard->clear_id = g_timeout_add_seconds (seconds, on_clear_timeout, guard);
  return describe_copied (copied, seconds);
}

void
sesame_clipboard_clear_owned (void)
{
  /* Each clear changes the content, and the handler may forget the guard: walk a copy. */
  g_autoptr(GSList) all = g_slist_copy (guards);

  for (GSList *l = all; l != NULL; l = l->next)
    guard_clear (l->data);
}

gboolean
_sesame_clipboard_holds_secret (GdkClipboard *clipboard)
{
  Guard *guard = g_object_get_data (G_OBJECT (clipboard), GUARD_KEY);

  return guard != NULL && guard_owns (guard);
}

gboolean
_sesame_clipboard_clearing_pending (GdkClipboard *clipboard)
{
  Guard *guard = g_object_get_data (G_OBJECT (clipboard), GUARD_KEY);

  return guard != NULL && guard->clear_id != 0;
}
