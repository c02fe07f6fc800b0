/* sesame-secrets.c
 *
 * A profile's secrets in the Secret Service, through libsecret (the Secret portal
 * inside a Flatpak). Never a plain file, never an attribute or a label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-secrets"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "sesame-secrets.h"
#include "sesame-store-error.h"

#define KIND_TOKENS        "tokens"
#define KIND_CLIENT_SECRET "client-secret"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.sesame.Sesame.Secret", SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

/* Any failure of the Secret Service becomes one error a person understands. */
static void
return_keyring_error (GTask  *task,
                      GError *error)
{
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  if (error == NULL || g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    g_task_return_new_error (task, SESAME_STORE_ERROR, SESAME_STORE_ERROR_KEYRING_UNAVAILABLE,
                             _("The keyring is locked; unlock it and try again"));
  /* gnome-keyring without a login keyring, where no prompt could make one (over SSH):
   * "Object does not exist at path /org/freedesktop/secrets/collection/login". */
  else if ((g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
            g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT)) &&
           strstr (error->message, "/collection/") != NULL)
    g_task_return_new_error (task, SESAME_STORE_ERROR, SESAME_STORE_ERROR_KEYRING_UNAVAILABLE,
                             _("The keyring has no default keyring (“Login”) to keep secrets "
                               "in. Create one in Passwords and Keys, or, without a desktop, "
                               "start gnome-keyring-daemon with --unlock; then try again"));
  else
    g_task_return_new_error (task, SESAME_STORE_ERROR, SESAME_STORE_ERROR_KEYRING_UNAVAILABLE,
                             _("The keyring (Secret Service) is not available: %s"),
                             error->message);
  g_clear_error (&error);
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    return_keyring_error (task, error);
}

static void
store (const char   *profile_id,
       const char   *kind,
       const char   *label,
       const char   *secret,
       GTask        *task)
{
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         g_task_get_cancellable (task), on_stored, task,
                         "profile", profile_id, "kind", kind, NULL);
}

void
sesame_secrets_store_tokens_async (const char          *profile_id,
                                   const char          *profile_name,
                                   SesameTokenSet      *tokens,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  g_autofree char *label = NULL;
  g_autofree char *json = NULL;

  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (SESAME_IS_TOKEN_SET (tokens));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_secrets_store_tokens_async);

  label = g_strdup_printf (_("Sesame tokens for “%s”"), profile_name);
  json = sesame_token_set_to_json (tokens);
  store (profile_id, KIND_TOKENS, label, json, task);
  explicit_bzero (json, strlen (json));
}

gboolean
sesame_secrets_store_tokens_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sesame_secrets_store_client_secret_async (const char          *profile_id,
                                          const char          *profile_name,
                                          const char          *secret,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;
  g_autofree char *label = NULL;

  g_return_if_fail (profile_id != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_secrets_store_client_secret_async);

  label = g_strdup_printf (_("Sesame client secret for “%s”"), profile_name);
  store (profile_id, KIND_CLIENT_SECRET, label, secret, task);
}

gboolean
sesame_secrets_store_client_secret_finish (GAsyncResult  *result,
                                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    return_keyring_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

static void
lookup (const char *profile_id,
        const char *kind,
        GTask      *task)
{
  secret_password_lookup (get_schema (), g_task_get_cancellable (task), on_looked_up, task,
                          "profile", profile_id, "kind", kind, NULL);
}

void
sesame_secrets_lookup_tokens_async (const char          *profile_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (profile_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_secrets_lookup_tokens_async);
  lookup (profile_id, KIND_TOKENS, task);
}

SesameTokenSet *
sesame_secrets_lookup_tokens_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  char *json;
  SesameTokenSet *tokens;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  json = g_task_propagate_pointer (G_TASK (result), error);
  if (json == NULL)
    return NULL;

  tokens = sesame_token_set_new_from_json (json, &local_error);
  secret_password_free (json);
  if (tokens == NULL)
    g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                 _("The stored tokens cannot be read (%s); sign in again"), local_error->message);
  return tokens;
}

void
sesame_secrets_lookup_client_secret_async (const char          *profile_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (profile_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_secrets_lookup_client_secret_async);
  lookup (profile_id, KIND_CLIENT_SECRET, task);
}

/* Returns: (transfer full) (nullable): free with secret_password_free() */
char *
sesame_secrets_lookup_client_secret_finish (GAsyncResult  *result,
                                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    return_keyring_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sesame_secrets_clear_async (const char          *profile_id,
                            gboolean             tokens_only,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (profile_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_secrets_clear_async);

  if (tokens_only)
    secret_password_clear (get_schema (), cancellable, on_cleared, task,
                           "profile", profile_id, "kind", KIND_TOKENS, NULL);
  else
    secret_password_clear (get_schema (), cancellable, on_cleared, task,
                           "profile", profile_id, NULL);
}

gboolean
sesame_secrets_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
