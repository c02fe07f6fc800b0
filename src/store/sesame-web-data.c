/* sesame-web-data.c
 *
 * The embedded sign-in's kept cookies and cache, by profile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-web-data"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sesame-web-data.h"

static gboolean
is_safe_id (const char *profile_id)
{
  return profile_id != NULL && *profile_id != '\0' && strchr (profile_id, '/') == NULL &&
         !g_str_equal (profile_id, ".") && !g_str_equal (profile_id, "..");
}

char *
sesame_web_data_directory (const char *profile_id)
{
  g_return_val_if_fail (is_safe_id (profile_id), NULL);

  return g_build_filename (g_get_user_data_dir (), "sesame", "web", profile_id, NULL);
}

char *
sesame_web_cache_directory (const char *profile_id)
{
  g_return_val_if_fail (is_safe_id (profile_id), NULL);

  return g_build_filename (g_get_user_cache_dir (), "sesame", "web", profile_id, NULL);
}

gboolean
sesame_web_data_exists (const char *profile_id)
{
  g_autofree char *data = sesame_web_data_directory (profile_id);

  return data != NULL && g_file_test (data, G_FILE_TEST_IS_DIR);
}

static gboolean
set_errno_error (GError     **error,
                 const char  *path)
{
  int saved = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not remove %s: %s"),
               path, g_strerror (saved));
  return FALSE;
}

/* Removes @path and all below it, without following symbolic links. */
static gboolean
remove_tree (const char  *path,
             GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_remove (path) == 0 || errno == ENOENT || set_errno_error (error, path);

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (!remove_tree (child, error))
        return FALSE;
    }
  return g_rmdir (path) == 0 || set_errno_error (error, path);
}

gboolean
sesame_web_data_forget (const char  *profile_id,
                            GError     **error)
{
  g_autofree char *data = sesame_web_data_directory (profile_id);
  g_autofree char *cache = sesame_web_cache_directory (profile_id);

  g_return_val_if_fail (data != NULL, FALSE);

  return remove_tree (data, error) && remove_tree (cache, error);
}
