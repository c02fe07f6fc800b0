/* sesame-profile-diagnosis.c
 *
 * A provider's discovery document diagnosed, from an issuer or a profile: the one place
 * where the command line and the window ask for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-diagnosis"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sesame-profile-diagnosis.h"

static void
on_diagnosed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  SesameDiagnosis *diagnosis = sesame_diagnosis_fetch_finish (result, &error);

  if (diagnosis == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, diagnosis, g_object_unref);
}

static void
diagnose (GTask      *task,
          const char *issuer,
          const char *ca_file,
          guint       timeout)
{
  g_autoptr(SoupSession) session = NULL;
  GError *error = NULL;

  session = sesame_http_session_new (ca_file, &error);
  if (session == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (timeout > 0)
    g_object_set (session, "timeout", timeout, NULL);
  sesame_diagnosis_fetch_async (issuer, session, g_task_get_cancellable (task), on_diagnosed,
                                task);
}

void
sesame_diagnose_issuer_async (const char          *issuer,
                              const char          *ca_file,
                              guint                timeout,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (issuer != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_diagnose_finish);
  diagnose (task, issuer, ca_file, timeout);
}

void
sesame_diagnose_profile_async (SesameProfile       *profile,
                               guint                timeout,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  const char *issuer;

  g_return_if_fail (SESAME_IS_PROFILE (profile));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_diagnose_finish);
  issuer = sesame_profile_get_issuer (profile);
  if (issuer == NULL)
    {
      g_task_return_new_error (task, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT,
                               _("This profile names its endpoints without an issuer, so "
                                 "there is no discovery document to diagnose"));
      g_object_unref (task);
      return;
    }
  diagnose (task, issuer, sesame_profile_get_ca_file (profile), timeout);
}

SesameDiagnosis *
sesame_diagnose_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_diagnose_finish, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
