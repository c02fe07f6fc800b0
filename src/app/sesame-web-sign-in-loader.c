/* sesame-web-sign-in-loader.c
 *
 * Loads the embedded sign-in module (the only code linking WebKitGTK) the first time the
 * dialog is opened, so that starting Sesame starts no WebKit process and maps no WebKit
 * library. Also: where a profile's persistent web data lives, and forgetting it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-web-sign-in"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gmodule.h>

#include "sesame-web-sign-in-loader.h"
/* Only for the entry point's name: the app links nothing of the module. */
#include "sesame-web-sign-in.h"

static GType loaded_type = G_TYPE_INVALID;

static char *
module_path (void)
{
  const char *dir = g_getenv ("SESAME_MODULE_DIR");

  return g_build_filename (dir != NULL && *dir != '\0' ? dir : SESAME_MODULE_DIR,
                           "sesame-web-sign-in." G_MODULE_SUFFIX, NULL);
}

GType
_sesame_web_sign_in_load (GError **error)
{
  g_autofree char *path = NULL;
  GModule *module;
  GType (*get_type) (void) = NULL;

  if (loaded_type != G_TYPE_INVALID)
    return loaded_type;

  path = module_path ();
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The module that provides it could not be loaded: %s"),
                   g_module_error ());
      return G_TYPE_INVALID;
    }
  if (!g_module_symbol (module, SESAME_WEB_SIGN_IN_ENTRY_POINT, (gpointer *) &get_type) ||
      get_type == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The module that provides it is not usable: %s"),
                   g_module_error ());
      g_module_close (module);
      return G_TYPE_INVALID;
    }
  /* The type it registers stays in the type system: so must the code. */
  g_module_make_resident (module);
  loaded_type = get_type ();
  return loaded_type;
}

gboolean
_sesame_web_sign_in_is_loaded (void)
{
  return loaded_type != G_TYPE_INVALID;
}

static gboolean
is_safe_id (const char *profile_id)
{
  return profile_id != NULL && *profile_id != '\0' && strchr (profile_id, '/') == NULL &&
         !g_str_equal (profile_id, ".") && !g_str_equal (profile_id, "..");
}

char *
_sesame_web_sign_in_data_directory (const char *profile_id)
{
  g_return_val_if_fail (is_safe_id (profile_id), NULL);

  return g_build_filename (g_get_user_data_dir (), "sesame", "web", profile_id, NULL);
}

char *
_sesame_web_sign_in_cache_directory (const char *profile_id)
{
  g_return_val_if_fail (is_safe_id (profile_id), NULL);

  return g_build_filename (g_get_user_cache_dir (), "sesame", "web", profile_id, NULL);
}

gboolean
_sesame_web_sign_in_has_data (const char *profile_id)
{
  g_autofree char *data = _sesame_web_sign_in_data_directory (profile_id);

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
_sesame_web_sign_in_forget (const char  *profile_id,
                            GError     **error)
{
  g_autofree char *data = _sesame_web_sign_in_data_directory (profile_id);
  g_autofree char *cache = _sesame_web_sign_in_cache_directory (profile_id);

  g_return_val_if_fail (data != NULL, FALSE);

  return remove_tree (data, error) && remove_tree (cache, error);
}
