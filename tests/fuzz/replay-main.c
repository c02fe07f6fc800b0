/* replay-main.c
 *
 * Replays fuzz corpora without libFuzzer: every file of the directories (or the files)
 * named on the command line goes to LLVMFuzzerTestOneInput, in name order, one TAP test
 * per file. Linked with a fuzz target, it is a plain test program; built with
 * AddressSanitizer (`build-aux/test --sanitize`) it checks the corpus under ASan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
add_inputs (GPtrArray  *paths,
            const char *arg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (arg, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (paths, g_strdup (arg));
      return;
    }

  dir = g_dir_open (arg, 0, &error);
  if (dir == NULL)
    {
      printf ("Bail out! %s\n", error->message);
      exit (1);
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (paths, g_build_filename (arg, name, NULL));
}

/* The input in a buffer of exactly its size, so that a read past its end is caught. */
static void
replay (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  uint8_t *data;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      printf ("Bail out! %s\n", error->message);
      exit (1);
    }
  data = malloc (len > 0 ? len : 1);
  memcpy (data, contents, len);
  LLVMFuzzerTestOneInput (data, len);
  free (data);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (int i = 1; i < argc; i++)
    add_inputs (paths, argv[i]);
  if (paths->len == 0)
    {
      printf ("Bail out! no input: give corpus directories or files\n");
      return 1;
    }
  g_ptr_array_sort (paths, compare_paths);

  printf ("1..%u\n", paths->len);
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *name = g_path_get_basename (path);

      fflush (stdout);
      replay (path);
      printf ("ok %u - %s\n", i + 1, name);
    }
  return 0;
}
