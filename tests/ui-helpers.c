/* ui-helpers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ui-helpers.h"
#include "waits.h"

void
take_screenshot (const char *name)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autofree char *import = g_find_program_in_path ("import");
  g_autoptr(GSubprocess) process = NULL;

  if (import == NULL || g_getenv ("DISPLAY") == NULL || g_getenv ("G_TEST_BUILDDIR") == NULL)
    return;
  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "screenshots", NULL);
  path = g_build_filename (dir, file, NULL);
  wait_ms (600);
  g_mkdir_with_parents (dir, 0755);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL, import, "-window", "root",
                              path, NULL);
  if (process != NULL)
    g_subprocess_wait (process, NULL, NULL);
  g_test_message ("screenshot: %s", path);
}
