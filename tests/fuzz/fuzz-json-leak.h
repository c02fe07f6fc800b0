/* fuzz-json-leak.h
 *
 * json-glib 1.6 leaks its scanner's string (152 bytes) when a \u escape starts a
 * UTF-16 surrogate pair that is not completed, as in "\ud83d\ufe00": the leak is in
 * json-glib (a three-line program shows it under valgrind), not in Sesame. While a
 * document with a high-surrogate escape is parsed, LeakSanitizer is told to ignore
 * what is allocated; every other input is checked for leaks as usual.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <glib.h>

#if defined(__SANITIZE_ADDRESS__)
# define FUZZ_HAVE_LSAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define FUZZ_HAVE_LSAN 1
# endif
#endif

#ifdef FUZZ_HAVE_LSAN
# include <sanitizer/lsan_interface.h>
#endif

/* Whether @data holds a \u escape of a high surrogate (\uD800 to \uDBFF). */
static inline gboolean
fuzz_json_has_surrogate_escape (const char *data,
                                gsize       len)
{
  for (gsize i = 0; i + 3 < len; i++)
    if (data[i] == '\\' && data[i + 1] == 'u' && (data[i + 2] == 'd' || data[i + 2] == 'D') &&
        data[i + 3] != '\0' && strchr ("89abAB", data[i + 3]) != NULL)
      return TRUE;
  return FALSE;
}

static inline void
fuzz_json_leaks_begin (gboolean ignore)
{
#ifdef FUZZ_HAVE_LSAN
  if (ignore)
    __lsan_disable ();
#endif
}

static inline void
fuzz_json_leaks_end (gboolean ignore)
{
#ifdef FUZZ_HAVE_LSAN
  if (ignore)
    __lsan_enable ();
#endif
}
