/* sesame-test-agent.c - a scripted "browser" for Sesame's end-to-end tests
 *
 * Copyright 2025 The Sesame authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * sesame-test-agent [--login NAME] [--deny] [--verbose] URL
 *
 * Opens an authorization URL of the test provider (tests/idp/server.mjs,
 * oidc-provider with devInteractions), follows its redirects, signs in on the
 * login form (any password is accepted), confirms the consent page, and
 * follows the last redirect to the client's loopback receiver
 * (http://127.0.0.1:PORT/callback). With --deny it cancels the first
 * interaction page instead, so the provider redirects with
 * error=access_denied.
 *
 * It exits 0 when the receiver answered 2xx or 4xx, 1 otherwise, 2 on usage
 * errors. It only ever talks to loopback addresses, gives up after
 * MAX_REDIRECTS redirects or WAIT_SECONDS (tests/waits.h, scaled), and prints URLs without their
 * query, so that no code or state ends up in a log.
 *
 * Verification URIs of the device grant (RFC 8628) work too: the agent submits the
 * provider's device forms (the code from --user-code, else the one the complete URI
 * carries), confirms the code (or with --deny aborts there), signs in and consents,
 * and ends on the provider's success page.
 *
 * GIO can run it as the default web browser (a .desktop file with
 * "Exec=sesame-test-agent %u"): the URL is then its only argument and the
 * login name defaults to "alice".
 */

#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "waits.h"

#define MAX_REDIRECTS 20
#define MAX_FORMS 6
#define DEFAULT_LOGIN "alice"
#define CALLBACK_HOST "127.0.0.1"
#define CALLBACK_PATH "/callback"

typedef enum
{
  AGENT_EXIT_OK = 0,
  AGENT_EXIT_FAILED = 1,
  AGENT_EXIT_USAGE = 2,
} AgentExit;

typedef struct
{
  SoupSession *session;
  GCancellable *cancellable;
  const char *login;
  const char *user_code;
  gboolean deny;
  gboolean aborted;     /* a device code was refused on the provider's page */
  GString *trace;
} Agent;

/* The agent's whole run, scaled like the test's own waits (0: no limit). */
static guint
timeout_seconds (void)
{
  gint64 limit = waits_limit (WAIT_SECONDS);

  return limit == G_MAXINT64 ? 0 : (guint) (limit / G_USEC_PER_SEC);
}

static gpointer
watchdog_thread (gpointer data)
{
  GCancellable *cancellable = data;
  static const char message[] =
    "sesame-test-agent: still not done 5 s after cancelling, giving up\n";

  g_usleep ((gulong) timeout_seconds () * G_USEC_PER_SEC);
  g_cancellable_cancel (cancellable);

  /* Cancelling should unblock the main thread; if it does not, leave. */
  g_usleep (5 * G_USEC_PER_SEC);
  if (write (STDERR_FILENO, message, sizeof message - 1) < 0)
    {
      /* Nothing left to report it with. */
    }
  _exit (AGENT_EXIT_FAILED);

  return NULL;
}

/* The URL without user info, query and fragment: safe to print. */
static char *
uri_for_display (GUri *uri)
{
  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO
                                       | G_URI_HIDE_QUERY
                                       | G_URI_HIDE_FRAGMENT);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
is_callback (GUri *uri)
{
  return g_strcmp0 (g_uri_get_host (uri), CALLBACK_HOST) == 0
         && g_strcmp0 (g_uri_get_path (uri), CALLBACK_PATH) == 0;
}

static gboolean
check_uri (GUri    *uri,
           GError **error)
{
  const char *scheme = g_uri_get_scheme (uri);
  g_autofree char *shown = uri_for_display (uri);

  if (g_ascii_strcasecmp (scheme, "http") != 0
      && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "refusing to load %s: not an http(s) URL", shown);
      return FALSE;
    }

  if (!is_loopback_host (g_uri_get_host (uri)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "refusing to load %s: not a loopback host", shown);
      return FALSE;
    }

  return TRUE;
}

/* Replaces the few entities an HTML template escapes in attribute values. */
static char *
html_unescape (const char *text)
{
  static const struct
  {
    const char *entity;
    char replacement;
  } entities[] = {
    { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' },
    { "&#39;", '\'' }, { "&#x27;", '\'' }, { "&#34;", '"' }, { "&#38;", '&' },
    { "&#x2F;", '/' }, { "&#47;", '/' },
  };
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0';)
    {
      gboolean replaced = FALSE;

      if (*p == '&')
        {
          for (gsize i = 0; i < G_N_ELEMENTS (entities); i++)
            {
              gsize len = strlen (entities[i].entity);

              if (g_ascii_strncasecmp (p, entities[i].entity, len) == 0)
                {
                  g_string_append_c (out, entities[i].replacement);
                  p += len;
                  replaced = TRUE;
                  break;
                }
            }
        }

      if (!replaced)
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* The value of the first ATTRIBUTE="..." found from START on, unescaped. */
static char *
find_attribute (const char *start,
                const char *attribute)
{
  g_autofree char *needle = g_strdup_printf ("%s=\"", attribute);
  const char *value = strstr (start, needle);
  const char *end;
  g_autofree char *raw = NULL;

  if (value == NULL)
    return NULL;
  value += strlen (needle);
  end = strchr (value, '"');
  if (end == NULL)
    return NULL;

  raw = g_strndup (value, end - value);
  return html_unescape (raw);
}

/* The href of the first link whose path ends in SUFFIX. */
static char *
find_link (const char *html,
           const char *suffix)
{
  for (const char *p = strstr (html, "href=\""); p != NULL;
       p = strstr (p + 1, "href=\""))
    {
      g_autofree char *href = find_attribute (p, "href");
      g_autofree char *path = NULL;
      char *query;

      if (href == NULL)
        break;
      path = g_strdup (href);
      query = strpbrk (path, "?#");
      if (query != NULL)
        *query = '\0';
      if (g_str_has_suffix (path, suffix))
        return g_steal_pointer (&href);
    }

  return NULL;
}

/* The start of an HTML page's text, with tags, title, styles and scripts
 * dropped and white space squeezed, for error messages about pages that are
 * not what we expected. */
static char *
page_summary (const char *html)
{
  GString *out = g_string_new (NULL);
  gboolean in_tag = FALSE;
  gboolean in_skipped = FALSE;
  g_autofree char *text = NULL;

  for (const char *p = html; *p != '\0' && out->len < 400; p++)
    {
      if (*p == '<')
        {
          in_tag = TRUE;
          if (g_ascii_strncasecmp (p, "<style", 6) == 0
              || g_ascii_strncasecmp (p, "<script", 7) == 0
              || g_ascii_strncasecmp (p, "<title", 6) == 0)
            in_skipped = TRUE;
          else if (g_ascii_strncasecmp (p, "</style", 7) == 0
                   || g_ascii_strncasecmp (p, "</script", 8) == 0
                   || g_ascii_strncasecmp (p, "</title", 7) == 0)
            in_skipped = FALSE;
        }
      else if (*p == '>')
        {
          in_tag = FALSE;
          if (out->len > 0 && out->str[out->len - 1] != ' ')
            g_string_append_c (out, ' ');
        }
      else if (!in_tag && !in_skipped)
        {
          if (g_ascii_isspace (*p))
            {
              if (out->len > 0 && out->str[out->len - 1] != ' ')
                g_string_append_c (out, ' ');
            }
          else
            g_string_append_c (out, *p);
        }
    }

  text = g_string_free (out, FALSE);
  return html_unescape (g_strstrip (text));
}

static gboolean
is_html (SoupMessage *msg)
{
  const char *type;

  type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (msg), NULL);
  return type != NULL && g_ascii_strcasecmp (type, "text/html") == 0;
}

static GBytes *
send_request (Agent       *agent,
              const char  *method,
              GUri        *uri,
              GBytes      *form,
              SoupMessage **out_msg,
              GError     **error)
{
  g_autoptr (SoupMessage) msg = soup_message_new_from_uri (method, uri);
  g_autoptr (GBytes) body = NULL;
  g_autofree char *shown = uri_for_display (uri);

  /* Redirects are followed by hand, to count them and check each target. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  /* Behave like a top-level navigation for the cookies' SameSite rules. */
  soup_message_set_first_party (msg, uri);
  soup_message_set_site_for_cookies (msg, uri);
  soup_message_set_is_top_level_navigation (msg, TRUE);

  if (form != NULL)
    soup_message_set_request_body_from_bytes (msg,
                                              "application/x-www-form-urlencoded",
                                              form);

  body = soup_session_send_and_read (agent->session, msg, agent->cancellable,
                                     error);
  if (body == NULL)
    {
      if (g_cancellable_is_cancelled (agent->cancellable))
        {
          g_clear_error (error);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "%s %s: timed out after %d s",
                       method, shown, timeout_seconds ());
        }
      else
        g_prefix_error (error, "%s %s: ", method, shown);
      return NULL;
    }

  g_string_append_printf (agent->trace, "  %s %s -> %u\n", method, shown,
                          soup_message_get_status (msg));

  *out_msg = g_steal_pointer (&msg);
  return g_steal_pointer (&body);
}

static GBytes *
encode_form (const char *first_field,
             ...)
{
  va_list args;
  char *encoded;

  va_start (args, first_field);
  encoded = soup_form_encode_valist (first_field, args);
  va_end (args);

  return g_bytes_new_take (encoded, strlen (encoded));
}

/* The hidden inputs of the first form in HTML, as a form body; plus @extra_name=@extra_value
 * when that is not NULL and the form has no such input. */
static GBytes *
encode_hidden_inputs (const char *html,
                      const char *extra_name,
                      const char *extra_value)
{
  const char *form = strstr (html, "<form");
  const char *end = form != NULL ? strstr (form, "</form>") : NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  char *encoded;

  for (const char *p = form ? strstr (form, "<input") : NULL; p != NULL && (end == NULL || p < end);
       p = strstr (p + 1, "<input"))
    {
      const char *close = strchr (p, '>');
      g_autofree char *tag = close != NULL ? g_strndup (p, close - p) : g_strdup (p);
      g_autofree char *type = find_attribute (tag, "type");
      char *name = find_attribute (tag, "name");
      char *value = find_attribute (tag, "value");

      if (g_strcmp0 (type, "hidden") == 0 && name != NULL)
        g_hash_table_replace (fields, name, value != NULL ? value : g_strdup (""));
      else
        {
          g_free (name);
          g_free (value);
        }
    }
  if (extra_name != NULL && extra_value != NULL && !g_hash_table_contains (fields, extra_name))
    g_hash_table_replace (fields, g_strdup (extra_name), g_strdup (extra_value));
  encoded = soup_form_encode_hash (fields);
  return g_bytes_new_take (encoded, strlen (encoded));
}

/* The device grant's pages: the code's input form (or the page that posts the complete
 * URI's code), and its confirmation, where --deny aborts. */
static gboolean
handle_device_page (Agent       *agent,
                    GUri        *page_uri,
                    const char  *html,
                    const char **method,
                    GUri       **next_uri,
                    GBytes     **form,
                    GError     **error)
{
  const char *form_start = strstr (html, "<form");
  g_autofree char *action = form_start ? find_attribute (form_start, "action") : NULL;

  if (action == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "a device form without action");
      return FALSE;
    }
  if (strstr (html, "id=\"op.deviceConfirmForm\"") != NULL && agent->deny)
    {
      *form = encode_hidden_inputs (html, "abort", "yes");
      agent->aborted = TRUE;
    }
  else
    *form = encode_hidden_inputs (html, "user_code", agent->user_code);
  *method = SOUP_METHOD_POST;
  *next_uri = g_uri_parse_relative (page_uri, action, SOUP_HTTP_URI_FLAGS, error);
  if (*next_uri == NULL)
    {
      g_clear_pointer (form, g_bytes_unref);
      return FALSE;
    }
  return TRUE;
}

/* Decides what to do on an interaction page of the provider: fills in
 * METHOD, URI and FORM for the next request. */
static gboolean
handle_page (Agent       *agent,
             GUri        *page_uri,
             const char  *html,
             const char **method,
             GUri       **next_uri,
             GBytes     **form,
             GError     **error)
{
  g_autofree char *action = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *target = NULL;
  const char *form_start = strstr (html, "<form");
  const char *prompt_input = strstr (html, "name=\"prompt\"");

  if (form_start != NULL && prompt_input == NULL && strstr (html, "name=\"xsrf\"") != NULL)
    return handle_device_page (agent, page_uri, html, method, next_uri, form, error);
  if (form_start != NULL)
    action = find_attribute (form_start, "action");
  if (prompt_input != NULL)
    prompt = find_attribute (prompt_input, "value");

  if (action == NULL
      || (g_strcmp0 (prompt, "login") != 0
          && g_strcmp0 (prompt, "consent") != 0))
    {
      g_autofree char *shown = uri_for_display (page_uri);
      g_autofree char *summary = page_summary (html);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not a login or consent page: \"%s\"",
                   shown, summary);
      return FALSE;
    }

  if (agent->deny)
    {
      target = find_link (html, "/abort");
      if (target == NULL)
        {
          g_autofree char *shown = uri_for_display (page_uri);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s has no link to cancel the interaction", shown);
          return FALSE;
        }
      *method = SOUP_METHOD_GET;
      *form = NULL;
    }
  else if (g_strcmp0 (prompt, "login") == 0)
    {
      target = g_steal_pointer (&action);
      *method = SOUP_METHOD_POST;
      /* The development login form accepts any password. */
      *form = encode_form ("prompt", "login",
                           "login", agent->login,
                           "password", "sesame",
                           NULL);
    }
  else
    {
      target = g_steal_pointer (&action);
      *method = SOUP_METHOD_POST;
      *form = encode_form ("prompt", "consent", NULL);
    }

  *next_uri = g_uri_parse_relative (page_uri, target, SOUP_HTTP_URI_FLAGS,
                                    error);
  if (*next_uri == NULL)
    {
      g_clear_pointer (form, g_bytes_unref);
      return FALSE;
    }

  return TRUE;
}

/* For tests that cannot see the agent's exit: how the receiver answered (the status and
 * the page's text), or 0 and why it was not reached, into $SESAME_AGENT_RESULT_FILE. */
static void
write_result (guint       status,
              const char *page)
{
  const char *path = g_getenv ("SESAME_AGENT_RESULT_FILE");
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;

  if (path == NULL)
    return;
  summary = status != 0 ? page_summary (page) : g_strdup (page);
  text = g_strdup_printf ("%u %s\n", status, summary);
  g_file_set_contents (path, text, -1, NULL);
}

static AgentExit
run (Agent      *agent,
     const char *start_url)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GBytes) form = NULL;
  const char *method = SOUP_METHOD_GET;
  guint redirects = 0;
  guint forms = 0;

  uri = g_uri_parse (start_url, SOUP_HTTP_URI_FLAGS, &error);
  if (uri == NULL)
    {
      g_printerr ("sesame-test-agent: invalid URL: %s\n", error->message);
      return AGENT_EXIT_USAGE;
    }

  for (;;)
    {
      g_autoptr (SoupMessage) msg = NULL;
      g_autoptr (GBytes) body = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *html = NULL;
      guint status;

      if (!check_uri (uri, &error))
        break;

      body = send_request (agent, method, uri, form, &msg, &error);
      if (body == NULL)
        break;
      g_clear_pointer (&form, g_bytes_unref);

      status = soup_message_get_status (msg);
      shown = uri_for_display (uri);

      if (is_callback (uri))
        {
          if ((status >= 200 && status < 300) || (status >= 400 && status < 500))
            {
              g_autofree char *page = g_strndup (g_bytes_get_data (body, NULL),
                                                 g_bytes_get_size (body));

              g_printerr ("sesame-test-agent: %u %s\n", status, shown);
              write_result (status, page);
              return AGENT_EXIT_OK;
            }
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "the receiver at %s answered %u %s", shown, status,
                       soup_message_get_reason_phrase (msg));
          break;
        }

      if (SOUP_STATUS_IS_REDIRECTION (status))
        {
          const char *location;
          GUri *next;

          location = soup_message_headers_get_one (
            soup_message_get_response_headers (msg), "Location");
          if (location == NULL)
            {
              g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s answered %u without a Location", shown, status);
              break;
            }
          if (++redirects > MAX_REDIRECTS)
            {
              g_set_error (&error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS,
                           "more than %d redirects", MAX_REDIRECTS);
              break;
            }

          next = g_uri_parse_relative (uri, location, SOUP_HTTP_URI_FLAGS,
                                       &error);
          if (next == NULL)
            {
              g_prefix_error (&error, "bad Location from %s: ", shown);
              break;
            }
          g_clear_pointer (&uri, g_uri_unref);
          uri = next;
          /* Only 307 and 308 repeat the method; nothing here needs them to
           * repeat a body, so they are treated like the others. */
          method = SOUP_METHOD_GET;
          continue;
        }

      html = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      /* The device grant ends on the provider's pages: approved, or refused by --deny. */
      if (status == SOUP_STATUS_OK && is_html (msg) &&
          (strstr (html, "<title>Sign-in Success</title>") != NULL ||
           (agent->aborted && strstr (html, "interrupted") != NULL)))
        {
          g_printerr ("sesame-test-agent: %u %s (device %s)\n", status, shown,
                      agent->aborted ? "refused" : "approved");
          write_result (status, html);
          return AGENT_EXIT_OK;
        }

      if (status == SOUP_STATUS_OK && is_html (msg))
        {
          GUri *next = NULL;

          if (++forms > MAX_FORMS)
            {
              g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "still on the provider's pages after %d forms",
                           MAX_FORMS);
              break;
            }
          if (!handle_page (agent, uri, html, &method, &next, &form, &error))
            break;
          g_clear_pointer (&uri, g_uri_unref);
          uri = next;
          continue;
        }

      {
        g_autofree char *summary = page_summary (html);

        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "%s answered %u %s: \"%s\"", shown, status,
                     soup_message_get_reason_phrase (msg), summary);
      }
      break;
    }

  g_printerr ("sesame-test-agent: did not reach the redirect URI: %s\n",
              error->message);
  write_result (0, error->message);
  if (agent->trace->len > 0)
    g_printerr ("sesame-test-agent: requests made:\n%s", agent->trace->str);
  return AGENT_EXIT_FAILED;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *login = NULL;
  g_autofree char *user_code = NULL;
  gboolean deny = FALSE;
  gboolean verbose = FALSE;
  g_auto (GStrv) urls = NULL;
  const GOptionEntry entries[] = {
    { "login", 'l', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &login,
      "Login name to sign in with (default: " DEFAULT_LOGIN ")", "NAME" },
    { "user-code", 'u', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &user_code,
      "The code to enter on a device grant's verification page", "CODE" },
    { "deny", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &deny,
      "Cancel the interaction instead of signing in", NULL },
    { "verbose", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &verbose,
      "List the requests made, also on success", NULL },
    { G_OPTION_REMAINING, 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY,
      &urls, NULL, "URL" },
    G_OPTION_ENTRY_NULL,
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupSession) session = NULL;
  g_autoptr (SoupCookieJar) jar = NULL;
  g_autoptr (GCancellable) cancellable = NULL;
  Agent agent = { 0 };
  AgentExit status;

  context = g_option_context_new ("URL");
  g_option_context_set_summary (context,
                                "Signs in on the test OpenID provider and "
                                "follows the redirect to the app.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("sesame-test-agent: %s\n", error->message);
      return AGENT_EXIT_USAGE;
    }
  /* A test may steer the agent when it is started by the app as the default browser. */
  if (g_getenv ("SESAME_AGENT_MODE_FILE") != NULL)
    {
      g_autofree char *mode = NULL;

      if (g_file_get_contents (g_getenv ("SESAME_AGENT_MODE_FILE"), &mode, NULL, NULL))
        {
          g_strstrip (mode);
          if (g_str_equal (mode, "ignore"))
            return AGENT_EXIT_OK;
          if (g_str_equal (mode, "deny"))
            deny = TRUE;
        }
    }

  /* For tests of what a browser started by the app inherits. */
  if (g_getenv ("SESAME_AGENT_ENV_FILE") != NULL)
    {
      g_auto (GStrv) environment = g_get_environ ();
      g_autofree char *text = g_strjoinv ("\n", environment);

      g_file_set_contents (g_getenv ("SESAME_AGENT_ENV_FILE"), text, -1, NULL);
    }
  if (urls == NULL || g_strv_length (urls) != 1)
    {
      g_printerr ("sesame-test-agent: expected exactly one URL\n");
      return AGENT_EXIT_USAGE;
    }
  if (login == NULL || *login == '\0')
    {
      g_free (login);
      login = g_strdup (DEFAULT_LOGIN);
    }

  cancellable = g_cancellable_new ();
  if (timeout_seconds () > 0)
    g_thread_unref (g_thread_new ("watchdog", watchdog_thread, g_object_ref (cancellable)));

  session = soup_session_new_with_options ("timeout", timeout_seconds (),
                                           "user-agent", "sesame-test-agent ",
                                           NULL);
  /* Loopback only: never go through a proxy from the environment. */
  soup_session_set_proxy_resolver (session, NULL);
  jar = soup_cookie_jar_new ();
  soup_cookie_jar_set_accept_policy (jar, SOUP_COOKIE_JAR_ACCEPT_ALWAYS);
  soup_session_add_feature (session, SOUP_SESSION_FEATURE (jar));

  agent.session = session;
  agent.cancellable = cancellable;
  agent.login = login;
  agent.user_code = user_code;
  agent.deny = deny;
  agent.trace = g_string_new (NULL);

  status = run (&agent, urls[0]);
  if (status == AGENT_EXIT_OK && verbose)
    g_printerr ("sesame-test-agent: requests made:\n%s", agent.trace->str);

  g_string_free (agent.trace, TRUE);
  return status;
}
