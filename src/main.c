/* main.c
 *
 * The launcher. It links the C library alone, so that starting it costs next to nothing:
 * `sesame token NAME` is answered here by the running app when there is one (see
 * sesame-token-service-client.c), else from the keyring by libsesame-base.so when the
 * token is valid; everything else is in private libraries opened on demand:
 * libsesame-core.so (which links libsesame-base.so) for the commands, libsesame-gui.so
 * (GTK, libadwaita) for the window. They are found through the program's run path: the build directory, or
 * LIBDIR/sesame once installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sesame-core-main.h"
#include "sesame-token-service-client.h"

typedef int (*MainFunc) (int argc, char **argv);

/* No slash in the name: dlopen() searches the run path of its caller, this program. A
 * sanitizer intercepts dlopen() and becomes the caller, though: then the library is looked
 * for beside the program (the build tree), where it installs them relative to the program
 * (an installed tree moved, as in a DESTDIR), and where it installs them.
 */
static void *
open_library (const char *library,
              int         binding)
{
  const char *places[] = { "", SESAME_LIBDIR_FROM_BINDIR "/", NULL };
  int mode = binding | RTLD_LOCAL;
  void *handle = dlopen (library, mode);
  char exe[PATH_MAX], path[PATH_MAX];
  char *slash;
  ssize_t n;

  if (handle != NULL)
    return handle;
  n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0 && (exe[n] = '\0', slash = strrchr (exe, '/')) != NULL)
    {
      *slash = '\0';
      for (int i = 0; places[i] != NULL && handle == NULL; i++)
        if (places[i][0] != '/' &&
            snprintf (path, sizeof path, "%s/%s%s", exe, places[i], library) < (int) sizeof path)
          handle = dlopen (path, mode);
    }
  if (handle == NULL &&
      snprintf (path, sizeof path, "%s/%s", SESAME_PKGLIBDIR, library) < (int) sizeof path)
    handle = dlopen (path, mode);
  return handle;
}

static MainFunc
open_entry (const char *library,
            const char *symbol,
            int         binding)
{
  void *handle = open_library (library, binding);
  void *entry;

  /* Binding everything at once fails where some symbol cannot be bound at all: lazily,
   * the command still runs as long as it does not call it. */
  if (handle == NULL && binding != RTLD_LAZY)
    handle = open_library (library, RTLD_LAZY);

  if (handle == NULL)
    {
      fprintf (stderr, "sesame: %s\n", dlerror ());
      return NULL;
    }
  entry = dlsym (handle, symbol);
  if (entry == NULL)
    fprintf (stderr, "sesame: %s: no %s\n", library, symbol);
  return (MainFunc) entry;
}

int
main (int   argc,
      char *argv[])
{
  MainFunc run;
  int binding;
  int status;

  if (argc > 1 && strcmp (argv[1], "token") == 0)
    {
      status = sesame_token_service_ask (argc - 1, argv + 1);
      if (status >= 0)
        return status;
      /* The keyring's token, when valid, without loading the HTTP code. */
      if (!(run = open_entry ("libsesame-base.so", "sesame_token_main", RTLD_LAZY)))
        return 1;
      status = run (argc, argv);
      if (status >= 0)
        return status;
    }

  /* A sign-in binds every function when it starts, not on each one's first call: that
   * would otherwise happen between the browser's callback and the tokens, about 80,000
   * instructions there (callgrind, build-aux/bench). Starting takes a little longer, while
   * the user is still to sign in in the browser. */
  binding = argc > 1 && strcmp (argv[1], "sign-in") == 0 ? RTLD_NOW : RTLD_LAZY;
  if (!(run = open_entry ("libsesame-core.so", "sesame_core_main", binding)))
    return 1;
  status = run (argc, argv);
  if (status >= 0)
    return status;

  if (!(run = open_entry ("libsesame-gui.so", "sesame_gui_main", RTLD_LAZY)))
    return 1;
  return run (argc, argv);
}
