/* fuzz-profile.c
 *
 * The profile file (a key file that other programs, or the user, may have written)
 * through _sesame_profile_store_load_from_data (), the parsing half of
 * sesame_profile_store_load (). Every profile that loads must validate, give the
 * core objects a sign-in needs, and come back unchanged when saved and read again.
 *
 * The input is the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdint.h>
#include <string.h>

#include "fuzz-common.h"
#include "sesame-profile-private.h"
#include "sesame-profile-store-private.h"
#include "sesame-store-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Saved into a key file of its own and read back, it is the same profile. */
static void
check_round_trip (SesameProfile *profile)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GKeyFile) reread = g_key_file_new ();
  g_autoptr(SesameProfile) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;

  _sesame_profile_save_to_keyfile (profile, keyfile);
  text = g_key_file_to_data (keyfile, &len, NULL);
  g_assert (g_key_file_load_from_data (reread, text, len, G_KEY_FILE_NONE, &error));
  loaded = _sesame_profile_new_from_keyfile (reread, sesame_profile_get_id (profile), &error);
  g_assert_no_error (error);
  g_assert (_sesame_profile_equal (profile, loaded));
}

static void
check_profile (SesameProfile *profile)
{
  g_autoptr(SesameProfile) copy = sesame_profile_copy (profile);
  g_autoptr(SesameClient) client = NULL;
  g_autoptr(SesameProvider) provider = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (sesame_profile_validate (profile, &error));
  g_assert_no_error (error);
  g_assert (g_utf8_validate (sesame_profile_get_name (profile), -1, NULL));

  client = sesame_profile_create_client (profile, "fuzz-secret", &error);
  g_assert_no_error (error);
  g_assert (client != NULL);
  provider = sesame_profile_create_provider (profile, &error);
  g_assert_no_error (error);
  g_assert ((provider == NULL) == (sesame_profile_get_issuer (profile) != NULL));

  g_assert (_sesame_profile_equal (profile, copy));
  check_round_trip (profile);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new ("/nonexistent/profiles.ini");
  g_autoptr(GError) error = NULL;
  guint n;

  fuzz_init ();
  if (!_sesame_profile_store_load_from_data (store, (const char *) data, size, &error))
    {
      g_assert (error != NULL && error->domain == SESAME_STORE_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
      return 0;
    }

  g_assert_no_error (error);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SesameProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), i);

      check_profile (profile);
    }
  return 0;
}
