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

#include <string.h>
#include <glib/gi18n.h>
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

