/* test-profiles.c
 *
 * Profiles, their key file, the profile store and the presets: validation naming the
 * field, round trips, locking, damaged files left alone, list model signals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sesame-presets-private.h"
#include "sesame-presets.h"
#include "sesame-profile-private.h"
#include "sesame-profile-store.h"
#include "sesame-store-error.h"
#include "waits.h"

static SesameProfile *
valid_profile (const char *name)
{
  SesameProfile *profile = sesame_profile_new (name);

  sesame_profile_set_issuer (profile, "https://id.example.com");
  sesame_profile_set_client_id (profile, "client");
  return profile;
}

static char *
temp_path (const char *name)
{
  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  return g_build_filename (g_get_user_config_dir (), name, NULL);
}

/* Validation ------------------------------------------------------------------------ */

typedef void (*Breaker) (SesameProfile *profile);

static void no_name (SesameProfile *p) { sesame_profile_set_name (p, ""); }
static void newline_name (SesameProfile *p) { sesame_profile_set_name (p, "a\nb"); }
static void long_name (SesameProfile *p)
{
  g_autofree char *name = g_strnfill (101, 'x');
  sesame_profile_set_name (p, name);
}
static void no_provider (SesameProfile *p) { sesame_profile_set_issuer (p, NULL); }
static void bad_issuer (SesameProfile *p) { sesame_profile_set_issuer (p, "id.example.com"); }
static void http_issuer (SesameProfile *p) { sesame_profile_set_issuer (p, "http://a.example"); }
static void query_issuer (SesameProfile *p) { sesame_profile_set_issuer (p, "https://a.example/?x"); }
static void issuer_and_endpoint (SesameProfile *p)
{
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_AUTHORIZATION, "https://id.example.com/a");
}
static void no_token_endpoint (SesameProfile *p)
{
  sesame_profile_set_issuer (p, NULL);
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_AUTHORIZATION, "https://id.example.com/a");
}
static void http_token_endpoint (SesameProfile *p)
{
  no_token_endpoint (p);
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_TOKEN, "http://id.example.com/t");
}
static void ftp_revocation (SesameProfile *p)
{
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_REVOCATION, "ftp://id.example.com/r");
}
static void bad_userinfo (SesameProfile *p)
{
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_USERINFO, "userinfo");
}
static void http_jwks (SesameProfile *p)
{
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_JWKS, "http://id.example.com/jwks");
}
static void no_client_id (SesameProfile *p) { sesame_profile_set_client_id (p, NULL); }
static void bad_client_id (SesameProfile *p) { sesame_profile_set_client_id (p, "a\tb"); }
static void bad_scope (SesameProfile *p) { sesame_profile_set_scope (p, "openid \"x\""); }
static void https_redirect (SesameProfile *p)
{
  sesame_profile_set_redirect_uri (p, "https://127.0.0.1/callback");
}
static void remote_redirect (SesameProfile *p)
{
  sesame_profile_set_redirect_uri (p, "http://example.com/callback");
}
static void query_redirect (SesameProfile *p)
{
  sesame_profile_set_redirect_uri (p, "http://127.0.0.1/callback?x=1");
}
static void fragment_redirect (SesameProfile *p)
{
  sesame_profile_set_redirect_uri (p, "http://[::1]/callback#x");
}
static void bad_param (SesameProfile *p)
{
  const char *params[] = { "prompt", NULL };
  sesame_profile_set_params (p, params);
}
static void reserved_param (SesameProfile *p)
{
  const char *params[] = { "prompt=consent", "state=mine", NULL };
  sesame_profile_set_params (p, params);
}
static void relative_ca_file (SesameProfile *p) { sesame_profile_set_ca_file (p, "ca.pem"); }

static void
test_validate_fields (void)
{
  const struct
  {
    Breaker     breaker;
    GQuark      domain;
    int         code;
    const char *fragment;
  } cases[] = {
    { no_name, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "name" },
    { newline_name, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "name" },
    { long_name, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "name" },
    { no_provider, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "issuer" },
    { bad_issuer, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "issuer" },
    { http_issuer, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE, "issuer" },
    { query_issuer, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "issuer" },
    { issuer_and_endpoint, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "issuer" },
    { no_token_endpoint, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE,
      "token endpoint" },
    { http_token_endpoint, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE, "token endpoint" },
    { ftp_revocation, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE, "revocation endpoint" },
    { bad_userinfo, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "userinfo endpoint" },
    { http_jwks, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE, "JWKS URI" },
    { no_client_id, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "client id" },
    { bad_client_id, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "client id" },
    { bad_scope, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "scope" },
    { https_redirect, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "redirect URI" },
    { remote_redirect, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "redirect URI" },
    { query_redirect, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "redirect URI" },
    { fragment_redirect, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE,
      "redirect URI" },
    { bad_param, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "prompt" },
    { reserved_param, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "state" },
    { relative_ca_file, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE, "CA file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SesameProfile) profile = valid_profile ("work");
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u", i);
      cases[i].breaker (profile);
      g_assert_false (sesame_profile_validate (profile, &error));
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
    }
}

static void
test_validate_accepts (void)
{
  const char *redirects[] = { "http://127.0.0.1/callback", "http://[::1]:8080/",
                              "http://localhost/", "http://127.0.0.1:7890/callback", NULL };
  g_autoptr(SesameProfile) profile = valid_profile ("Travail – 仕事");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameClient) client = NULL;
  g_autoptr(SesameProvider) provider = NULL;

  for (guint i = 0; redirects[i] != NULL; i++)
    {
      sesame_profile_set_redirect_uri (profile, redirects[i]);
      g_assert_true (sesame_profile_validate (profile, &error));
      g_assert_no_error (error);
    }

  /* Loopback http endpoints are allowed for a provider on this computer, as in the core:
   * without an issuer, when the authorization and token endpoints both are. */
  sesame_profile_set_issuer (profile, NULL);
  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_AUTHORIZATION, "http://127.0.0.1:9/a");
  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_TOKEN, "https://id.example.com/t");
  sesame_profile_set_scope (profile, "openid read:user");
  g_assert_false (sesame_profile_validate (profile, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
  g_clear_error (&error);
  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_TOKEN, "http://127.0.0.1:9/t");
  g_assert_true (sesame_profile_validate (profile, &error));
  g_assert_no_error (error);

  provider = sesame_profile_create_provider (profile, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_provider_get_endpoint (provider, SESAME_ENDPOINT_TOKEN), ==,
                   "http://127.0.0.1:9/t");

  /* The secret is checked for a sign-in, not by validation. */
  sesame_profile_set_auth_method (profile, SESAME_AUTH_METHOD_CLIENT_SECRET_BASIC);
  g_assert_true (sesame_profile_validate (profile, &error));
  client = sesame_profile_create_client (profile, NULL, &error);
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INVALID_ARGUMENT);
  g_assert_null (client);
  g_clear_error (&error);
  client = sesame_profile_create_client (profile, "secret", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_client_get_scope (client), ==, "openid read:user");
}

static void
test_new_and_copy (void)
{
  g_autoptr(SesameProfile) a = valid_profile ("a");
  g_autoptr(SesameProfile) b = valid_profile ("a");
  g_autoptr(SesameProfile) copy = NULL;
  const char *params[] = { "prompt=consent", NULL };

  g_assert_true (g_uuid_string_is_valid (sesame_profile_get_id (a)));
  g_assert_cmpstr (sesame_profile_get_id (a), !=, sesame_profile_get_id (b));
  g_assert_nonnull (sesame_profile_get_params (a));
  g_assert_null (sesame_profile_get_params (a)[0]);

  sesame_profile_set_params (a, params);
  sesame_profile_set_scope (a, "");
  g_assert_null (sesame_profile_get_scope (a));
  copy = sesame_profile_copy (a);
  g_assert_true (_sesame_profile_equal (a, copy));
  sesame_profile_set_name (copy, "b");
  g_assert_false (_sesame_profile_equal (a, copy));
}

/* Key file -------------------------------------------------------------------------- */

static SesameProfile *
full_profile (void)
{
  SesameProfile *p = sesame_profile_new ("Ünïcode name; with = signs");
  const char *params[] = { "prompt=consent", "audience=a;b=c", "login_hint=x y", NULL };

  sesame_profile_set_preset (p, "microsoft");
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_AUTHORIZATION, "https://id.example.com/a");
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_TOKEN, "https://id.example.com/t");
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_REVOCATION, "https://id.example.com/r");
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_USERINFO, "https://id.example.com/u");
  sesame_profile_set_endpoint (p, SESAME_ENDPOINT_JWKS, "https://id.example.com/k");
  sesame_profile_set_client_id (p, "client id");
  sesame_profile_set_auth_method (p, SESAME_AUTH_METHOD_CLIENT_SECRET_POST);
  sesame_profile_set_scope (p, "openid email");
  sesame_profile_set_redirect_uri (p, "http://127.0.0.1:7890/callback");
  sesame_profile_set_ca_file (p, "/etc/ssl/ca.pem");
  sesame_profile_set_browser (p, SESAME_BROWSER_EMBEDDED);
  sesame_profile_set_stay_signed_in (p, TRUE);
  sesame_profile_set_params (p, params);
  return p;
}

static void
test_keyfile_round_trip (void)
{
  g_autoptr(SesameProfile) profile = full_profile ();
  g_autoptr(SesameProfile) loaded = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GKeyFile) reread = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const char *group = sesame_profile_get_id (profile);

  g_key_file_set_string (keyfile, group, "FutureKey", "kept");
  _sesame_profile_save_to_keyfile (profile, keyfile);
  data = g_key_file_to_data (keyfile, NULL, NULL);
  g_assert_nonnull (strstr (data, "AuthMethod=client_secret_post"));
  g_assert_nonnull (strstr (data, "Browser=embedded"));
  g_assert_nonnull (strstr (data, "StaySignedIn=true"));

  g_key_file_load_from_data (reread, data, (gsize) -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  loaded = _sesame_profile_new_from_keyfile (reread, group, &error);
  g_assert_no_error (error);
  g_assert_true (_sesame_profile_equal (profile, loaded));
  g_assert_cmpstr (sesame_profile_get_params (loaded)[1], ==, "audience=a;b=c");
  g_assert_cmpint (sesame_profile_get_browser (loaded), ==, SESAME_BROWSER_EMBEDDED);
  g_assert_true (sesame_profile_get_stay_signed_in (loaded));
  {
    g_autoptr(SesameProfile) copy = sesame_profile_copy (loaded);

    g_assert_true (sesame_profile_get_stay_signed_in (copy));
  }

  /* Unsetting removes the key and keeps keys of newer versions. */
  sesame_profile_set_ca_file (loaded, NULL);
  sesame_profile_set_params (loaded, NULL);
  sesame_profile_set_stay_signed_in (loaded, FALSE);
  _sesame_profile_save_to_keyfile (loaded, reread);
  g_assert_false (g_key_file_has_key (reread, group, "CaFile", NULL));
  g_assert_false (g_key_file_has_key (reread, group, "StaySignedIn", NULL));
  g_assert_false (g_key_file_has_key (reread, group, "Params", NULL));
  g_assert_true (g_key_file_has_key (reread, group, "FutureKey", NULL));
}

/* How a profile signs in: absent is the browser (files written before the device grant),
 * device is kept, and so is a hand-given device authorization endpoint. */
static void
test_keyfile_sign_in_with (void)
{
  g_autoptr(SesameProfile) profile = valid_profile ("tv");
  g_autoptr(SesameProfile) loaded = NULL;
  g_autoptr(SesameProfile) old = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GKeyFile) reread = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const char *group = sesame_profile_get_id (profile);
  SesameSignInMethod method;

  g_assert_cmpint (sesame_profile_get_sign_in_method (profile), ==, SESAME_SIGN_IN_BROWSER);
  _sesame_profile_save_to_keyfile (profile, keyfile);
  g_assert_false (g_key_file_has_key (keyfile, group, "SignInWith", NULL));

  sesame_profile_set_sign_in_method (profile, SESAME_SIGN_IN_DEVICE);
  sesame_profile_set_endpoint (profile, SESAME_ENDPOINT_DEVICE_AUTHORIZATION,
                               "https://id.example.com/device");
  g_assert_true (sesame_profile_validate (profile, &error));
  g_assert_no_error (error);
  _sesame_profile_save_to_keyfile (profile, keyfile);
  data = g_key_file_to_data (keyfile, NULL, NULL);
  g_assert_nonnull (strstr (data, "SignInWith=device"));
  g_assert_nonnull (strstr (data, "DeviceAuthorizationEndpoint=https://id.example.com/device"));
  g_key_file_load_from_data (reread, data, (gsize) -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  loaded = _sesame_profile_new_from_keyfile (reread, group, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sesame_profile_get_sign_in_method (loaded), ==, SESAME_SIGN_IN_DEVICE);
  g_assert_cmpstr (sesame_profile_get_endpoint (loaded, SESAME_ENDPOINT_DEVICE_AUTHORIZATION), ==,
                   "https://id.example.com/device");
  g_assert_true (_sesame_profile_equal (profile, loaded));
  {
    g_autoptr(SesameProfile) copy = sesame_profile_copy (loaded);

    g_assert_cmpint (sesame_profile_get_sign_in_method (copy), ==, SESAME_SIGN_IN_DEVICE);
    sesame_profile_set_sign_in_method (copy, SESAME_SIGN_IN_BROWSER);
    g_assert_false (_sesame_profile_equal (copy, loaded));
  }

  /* Back to the browser: the key goes. */
  sesame_profile_set_sign_in_method (loaded, SESAME_SIGN_IN_BROWSER);
  _sesame_profile_save_to_keyfile (loaded, reread);
  g_assert_false (g_key_file_has_key (reread, group, "SignInWith", NULL));

  /* A file of an earlier version. */
  g_key_file_load_from_data (keyfile, "[o]\nName=Old\nIssuer=https://id.example.com\n"
                             "ClientId=c\n", (gsize) -1, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  old = _sesame_profile_new_from_keyfile (keyfile, "o", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sesame_profile_get_sign_in_method (old), ==, SESAME_SIGN_IN_BROWSER);

  g_assert_true (sesame_sign_in_method_from_string ("device", &method));
  g_assert_cmpint (method, ==, SESAME_SIGN_IN_DEVICE);
  g_assert_true (sesame_sign_in_method_from_string ("browser", &method));
  g_assert_cmpint (method, ==, SESAME_SIGN_IN_BROWSER);
  g_assert_false (sesame_sign_in_method_from_string ("Device", &method));
  g_assert_false (sesame_sign_in_method_from_string (NULL, &method));
  g_assert_cmpstr (sesame_sign_in_method_to_string (SESAME_SIGN_IN_DEVICE), ==, "device");
  g_assert_cmpstr (sesame_sign_in_method_to_string (SESAME_SIGN_IN_BROWSER), ==, "browser");
}

static void
test_keyfile_invalid (void)
{
  const char *bad[] = {
    "[p]\nName=Broken\nIssuer=http://id.example.com\nClientId=c\n",
    "[p]\nName=Broken\nIssuer=https://id.example.com\nClientId=c\nAuthMethod=private_key_jwt\n",
    "[p]\nName=Broken\nIssuer=https://id.example.com\nClientId=c\nBrowser=lynx\n",
    "[p]\nName=Broken\nIssuer=https://id.example.com\nClientId=c\nStaySignedIn=maybe\n",
    "[p]\nName=Broken\nIssuer=https://id.example.com\nClientId=c\nSignInWith=fax\n",
    "[p]\nName=Broken\nIssuer=https://id.example.com\nClientId=c\n"
    "DeviceAuthorizationEndpoint=http://id.example.com/device\n",
    "[p]\nName=Broken\nIssuer=https://id.example.com\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameProfile) profile = NULL;

      g_key_file_load_from_data (keyfile, bad[i], (gsize) -1, G_KEY_FILE_NONE, &error);
      g_assert_no_error (error);
      profile = _sesame_profile_new_from_keyfile (keyfile, "p", &error);
      g_assert_null (profile);
      g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "“Broken”"));
    }

  /* The id names files (the refresh lock, the embedded sign-in's cookies): one that could
   * lead elsewhere is refused, whatever the rest. */
  for (guint i = 0; i < 4; i++)
    {
      const char *ids[] = { "..", "../../elsewhere", "a/b", "with space" };
      g_autofree char *data = g_strdup_printf ("[%s]\nName=Fine\nIssuer=https://id.example.com\n"
                                               "ClientId=c\n", ids[i]);
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameProfile) profile = NULL;

      g_assert_true (g_key_file_load_from_data (keyfile, data, (gsize) -1, G_KEY_FILE_NONE,
                                                NULL));
      profile = _sesame_profile_new_from_keyfile (keyfile, ids[i], &error);
      g_assert_null (profile);
      g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, "id"));
    }
  g_assert_true (_sesame_profile_id_is_safe ("0f8fad5b-d9cb-469f-a165-70867728950e"));
}

/* Store ----------------------------------------------------------------------------- */

static void
test_store_basics (void)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameProfileStore) other = NULL;
  g_autoptr(SesameProfile) work = valid_profile ("work");
  g_autoptr(SesameProfile) renamed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "sesame",
                                                "profiles.ini", NULL);

  g_assert_cmpstr (sesame_profile_store_get_path (store), ==, expected);
  g_assert_true (sesame_profile_store_load (store, &error));  /* no file yet */
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == SESAME_TYPE_PROFILE);

  g_assert_true (sesame_profile_store_add (store, work, &error));
  g_assert_no_error (error);
  g_assert_true (_sesame_profile_equal (sesame_profile_store_lookup (store, "work"), work));
  g_assert_true (sesame_profile_store_lookup (store, sesame_profile_get_id (work)) ==
                 sesame_profile_store_lookup (store, "work"));
  g_assert_null (sesame_profile_store_lookup (store, "Work"));

  renamed = sesame_profile_copy (work);
  sesame_profile_set_name (renamed, "home");
  g_assert_true (sesame_profile_store_update (store, renamed, &error));
  g_assert_no_error (error);
  g_assert_null (sesame_profile_store_lookup (store, "work"));

  other = sesame_profile_store_new (NULL);
  g_assert_true (sesame_profile_store_load (other, &error));
  g_assert_cmpstr (sesame_profile_get_id (sesame_profile_store_lookup (other, "home")), ==,
                   sesame_profile_get_id (work));

  g_assert_true (sesame_profile_store_remove (store, renamed, &error));
  g_assert_null (sesame_profile_store_lookup (store, "home"));
  g_assert_false (sesame_profile_store_remove (store, renamed, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (sesame_profile_store_update (store, renamed, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_NOT_FOUND);
}

static void
test_store_duplicate_name (void)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameProfile) a = valid_profile ("work");
  g_autoptr(SesameProfile) b = valid_profile ("work");
  g_autoptr(SesameProfile) c = valid_profile ("Work");
  g_autoptr(GError) error = NULL;

  g_assert_true (sesame_profile_store_add (store, a, &error));
  g_assert_false (sesame_profile_store_add (store, b, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_EXISTS);
  g_clear_error (&error);
  g_assert_false (sesame_profile_store_add (store, a, &error));  /* the same id twice */
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_EXISTS);
  g_clear_error (&error);

  /* Names are unique case-sensitively; a rename onto another name is refused. */
  g_assert_true (sesame_profile_store_add (store, c, &error));
  sesame_profile_set_name (c, "work");
  g_assert_false (sesame_profile_store_update (store, c, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_EXISTS);
  g_clear_error (&error);

  sesame_profile_set_name (b, "");
  g_assert_false (sesame_profile_store_add (store, b, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
}

static void
test_store_permissions (void)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(SesameProfile) work = valid_profile ("work");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (sesame_profile_store_get_path (store));
  GStatBuf st;

  g_assert_true (sesame_profile_store_add (store, work, &error));
  g_assert_cmpint (g_stat (sesame_profile_store_get_path (store), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_store_two_writers (void)
{
  g_autofree char *path = temp_path ("shared.ini");
  g_autoptr(SesameProfileStore) a = sesame_profile_store_new (path);
  g_autoptr(SesameProfileStore) b = sesame_profile_store_new (path);
  g_autoptr(SesameProfileStore) c = sesame_profile_store_new (path);
  g_autoptr(SesameProfile) one = valid_profile ("one");
  g_autoptr(SesameProfile) two = valid_profile ("two");
  g_autoptr(GError) error = NULL;

  g_assert_true (sesame_profile_store_load (a, &error));
  g_assert_true (sesame_profile_store_load (b, &error));
  g_assert_true (sesame_profile_store_add (a, one, &error));
  g_assert_true (sesame_profile_store_add (b, two, &error));  /* b had not seen "one" */
  g_assert_no_error (error);
  g_assert_nonnull (sesame_profile_store_lookup (b, "one"));

  g_assert_true (sesame_profile_store_load (c, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (c)), ==, 2);
}

/* An edit based on an older read changes only what it changed: another writer's change
 * to another setting stays; the same setting changed by both is refused, file untouched.
 */
static void
test_store_merge (void)
{
  g_autofree char *path = temp_path ("merge.ini");
  g_autoptr(SesameProfileStore) window = sesame_profile_store_new (path);
  g_autoptr(SesameProfileStore) cli = sesame_profile_store_new (path);
  g_autoptr(SesameProfileStore) check = sesame_profile_store_new (path);
  g_autoptr(SesameProfile) work = valid_profile ("work");
  g_autoptr(SesameProfile) base = NULL;
  g_autoptr(SesameProfile) edited = NULL;
  g_autoptr(SesameProfile) from_cli = NULL;
  g_autoptr(SesameProfile) gone = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  SesameProfile *stored;

  sesame_profile_set_scope (work, "openid");
  g_assert_true (sesame_profile_store_add (window, work, &error));
  g_assert_true (sesame_profile_store_load (cli, &error));
  base = sesame_profile_copy (sesame_profile_store_lookup (window, "work"));

  /* The command line changes the scope and the browser; the window, which has not seen
   * that, the client id. */
  from_cli = sesame_profile_copy (sesame_profile_store_lookup (cli, "work"));
  sesame_profile_set_scope (from_cli, "openid email");
  sesame_profile_set_browser (from_cli, SESAME_BROWSER_EMBEDDED);
  g_assert_true (sesame_profile_store_update_changes (cli, base, from_cli, &error));
  g_assert_no_error (error);
  edited = sesame_profile_copy (base);
  sesame_profile_set_client_id (edited, "other-client");
  g_assert_true (sesame_profile_store_update_changes (window, base, edited, &error));
  g_assert_no_error (error);

  g_assert_true (sesame_profile_store_load (check, &error));
  stored = sesame_profile_store_lookup (check, "work");
  g_assert_cmpstr (sesame_profile_get_scope (stored), ==, "openid email");
  g_assert_cmpint (sesame_profile_get_browser (stored), ==, SESAME_BROWSER_EMBEDDED);
  g_assert_cmpstr (sesame_profile_get_client_id (stored), ==, "other-client");
  g_assert_true (_sesame_profile_equal (sesame_profile_store_lookup (window, "work"), stored));

  /* The same setting, changed to another value by both: refused, nothing written. */
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  sesame_profile_set_scope (edited, "openid profile");
  g_assert_false (sesame_profile_store_update_changes (window, base, edited, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "scopes"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* Both to the same value is no conflict. */
  sesame_profile_set_scope (edited, "openid email");
  g_assert_true (sesame_profile_store_update_changes (window, base, edited, &error));
  g_assert_no_error (error);

  /* The way to sign in and the device endpoint merge like the other settings. */
  {
    g_autoptr(SesameProfile) base2 = NULL;
    g_autoptr(SesameProfile) by_cli = NULL;
    g_autoptr(SesameProfile) by_window = NULL;

    g_assert_true (sesame_profile_store_load (cli, &error));
    base2 = sesame_profile_copy (sesame_profile_store_lookup (cli, "work"));
    by_cli = sesame_profile_copy (base2);
    by_window = sesame_profile_copy (base2);
    sesame_profile_set_sign_in_method (by_cli, SESAME_SIGN_IN_DEVICE);
    g_assert_true (sesame_profile_store_update_changes (cli, base2, by_cli, &error));
    g_assert_no_error (error);
    sesame_profile_set_endpoint (by_window, SESAME_ENDPOINT_DEVICE_AUTHORIZATION,
                                 "https://id.example.com/device");
    g_assert_true (sesame_profile_store_update_changes (window, base2, by_window, &error));
    g_assert_no_error (error);
    g_assert_true (sesame_profile_store_load (check, &error));
    stored = sesame_profile_store_lookup (check, "work");
    g_assert_cmpint (sesame_profile_get_sign_in_method (stored), ==, SESAME_SIGN_IN_DEVICE);
    g_assert_cmpstr (sesame_profile_get_endpoint (stored, SESAME_ENDPOINT_DEVICE_AUTHORIZATION),
                     ==, "https://id.example.com/device");

    /* Both changed the device endpoint from the same base, differently: a conflict. */
    sesame_profile_set_endpoint (by_cli, SESAME_ENDPOINT_DEVICE_AUTHORIZATION,
                                 "https://id.example.com/other-device");
    g_assert_false (sesame_profile_store_update_changes (cli, base2, by_cli, &error));
    g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CONFLICT);
    g_assert_nonnull (strstr (error->message, "device authorization endpoint"));
    g_clear_error (&error);
  }

  /* Removed meanwhile: not brought back. */
  gone = sesame_profile_copy (sesame_profile_store_lookup (cli, "work"));
  g_assert_true (sesame_profile_store_remove (cli, gone, &error));
  g_assert_false (sesame_profile_store_update_changes (window, base, edited, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sesame_profile_store_load (check, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (check)), ==, 0);
}

static gboolean
has_work (gpointer data)
{
  return sesame_profile_store_lookup (data, "work") != NULL;
}

static gboolean
scope_changed (gpointer data)
{
  SesameProfile *profile = sesame_profile_store_lookup (data, "work");

  return profile != NULL && g_strcmp0 (sesame_profile_get_scope (profile), "openid email") == 0;
}

static gboolean
is_empty (gpointer data)
{
  return g_list_model_get_n_items (data) == 0;
}

/* A watched store follows what another process writes, even into a folder that did not
 * exist when the watch started. */
static void
test_store_watch (void)
{
  g_autofree char *dir = temp_path ("watched");
  g_autofree char *path = g_build_filename (dir, "profiles.ini", NULL);
  g_autoptr(SesameProfileStore) watched = sesame_profile_store_new (path);
  g_autoptr(SesameProfileStore) other = sesame_profile_store_new (path);
  g_autoptr(SesameProfile) work = valid_profile ("work");
  g_autoptr(SesameProfile) edited = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sesame_profile_store_load (watched, &error));
  sesame_profile_store_watch (watched);

  g_assert_true (sesame_profile_store_add (other, work, &error));
  wait_until (has_work, watched, WAIT_SECONDS, "the watched store to see a profile added");

  edited = sesame_profile_copy (work);
  sesame_profile_set_scope (edited, "openid email");
  g_assert_true (sesame_profile_store_update (other, edited, &error));
  wait_until (scope_changed, watched, WAIT_SECONDS, "the watched store to see a new scope");

  g_assert_true (sesame_profile_store_remove (other, edited, &error));
  wait_until (is_empty, watched, WAIT_SECONDS, "the watched store to see the profile removed");
  g_assert_no_error (error);
}

#define N_THREADS 4
#define N_ADDS    15

static gpointer
add_many (gpointer data)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (data);

  for (guint i = 0; i < N_ADDS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%p-%u", (void *) g_thread_self (), i);
      g_autoptr(SesameProfile) profile = valid_profile (name);
      g_autoptr(GError) error = NULL;

      g_assert_true (sesame_profile_store_add (store, profile, &error));
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_store_concurrent (void)
{
  g_autofree char *path = temp_path ("concurrent.ini");
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (path);
  g_autoptr(GError) error = NULL;
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("writer", add_many, path);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);

  g_assert_true (sesame_profile_store_load (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_THREADS * N_ADDS);
}

static void
assert_damaged_file_kept (const char *contents)
{
  g_autofree char *path = temp_path ("damaged.ini");
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (path);
  g_autoptr(SesameProfile) work = valid_profile ("work");
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_assert_false (sesame_profile_store_load (store, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  g_assert_false (sesame_profile_store_add (store, work, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, contents);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

static void
test_store_corrupt (void)
{
  assert_damaged_file_kept ("\x7f" "ELF\x01\x01 garbage\nno = group\n");
  assert_damaged_file_kept ("[a]\nName=bad\nIssuer=http://id.example.com\nClientId=c\n");
  assert_damaged_file_kept ("[a]\nName=x\nIssuer=https://a.example\nClientId=c\n"
                            "[b]\nName=x\nIssuer=https://b.example\nClientId=c\n");
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static void
assert_names (SesameProfileStore *store,
              const char         *expected)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(SesameProfile) p = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_string_append_printf (names, "%s%s", i ? "," : "", sesame_profile_get_name (p));
    }
  g_assert_cmpstr (names->str, ==, expected);
}

static void
assert_change (GArray *changes,
               guint   position,
               guint   removed,
               guint   added)
{
  Change *last;

  g_assert_cmpuint (changes->len, ==, 1);
  last = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (last->position, ==, position);
  g_assert_cmpuint (last->removed, ==, removed);
  g_assert_cmpuint (last->added, ==, added);
  g_array_set_size (changes, 0);
}

static void
test_store_signals (void)
{
  g_autoptr(SesameProfileStore) store = sesame_profile_store_new (NULL);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(SesameProfile) a = valid_profile ("a");
  g_autoptr(SesameProfile) b = valid_profile ("b");
  g_autoptr(SesameProfile) c = valid_profile ("C");
  g_autoptr(SesameProfile) kept = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (store, "items-changed", G_CALLBACK (on_items_changed), changes);
  g_assert_true (sesame_profile_store_add (store, b, &error));
  assert_change (changes, 0, 0, 1);
  g_assert_true (sesame_profile_store_add (store, a, &error));
  assert_change (changes, 0, 0, 1);
  g_assert_true (sesame_profile_store_add (store, c, &error));
  assert_change (changes, 2, 0, 1);
  assert_names (store, "a,b,C");

  kept = g_list_model_get_item (G_LIST_MODEL (store), 1);
  sesame_profile_set_scope (c, "openid");
  g_assert_true (sesame_profile_store_update (store, c, &error));
  assert_change (changes, 2, 1, 1);
  sesame_profile_set_name (a, "d");
  g_assert_true (sesame_profile_store_update (store, a, &error));
  assert_change (changes, 0, 3, 3);
  assert_names (store, "b,C,d");
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (store), 0) == kept);
  g_object_unref (kept);  /* the extra reference get_item took */

  g_assert_true (sesame_profile_store_load (store, &error));
  g_assert_cmpuint (changes->len, ==, 0);  /* nothing changed */
  g_assert_true (sesame_profile_store_remove (store, b, &error));
  assert_change (changes, 0, 1, 0);
  g_assert_false (sesame_profile_store_add (store, c, &error));
  g_assert_cmpuint (changes->len, ==, 0);
}

/* Presets --------------------------------------------------------------------------- */

static SesameProfile *
apply (const char  *id,
       const char  *variable,
       const char  *value,
       GError     **error)
{
  g_autoptr(SesameProfile) profile = sesame_profile_new ("p");
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);
  SesamePreset *preset = sesame_presets_lookup (id);

  g_assert_nonnull (preset);
  sesame_profile_set_client_id (profile, "client");
  if (variable != NULL)
    g_hash_table_insert (variables, (char *) variable, (char *) value);
  if (!sesame_preset_apply (preset, profile, variables, error))
    return NULL;
  g_assert_true (sesame_profile_validate (profile, error));
  g_assert_cmpstr (sesame_profile_get_preset (profile), ==, id);
  return g_steal_pointer (&profile);
}

static void
test_presets_all (void)
{
  GPtrArray *all = sesame_presets_get_all ();
  const char *ids[] = { "github", "google", "microsoft", "gitlab", "generic" };

  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < all->len; i++)
    {
      SesamePreset *preset = all->pdata[i];

      g_assert_cmpstr (sesame_preset_get_id (preset), ==, ids[i]);
      g_assert_nonnull (sesame_preset_get_name (preset));
      g_assert_true (g_str_has_suffix (sesame_preset_get_description (preset), "."));
      g_assert_nonnull (sesame_preset_get_variables (preset));
    }
  g_assert_null (sesame_presets_lookup ("nope"));
  g_assert_cmpstr (sesame_preset_get_variable_default (sesame_presets_lookup ("microsoft"),
                                                       "tenant"), ==, "common");
  g_assert_null (sesame_preset_get_variable_default (sesame_presets_lookup ("generic"),
                                                     "issuer"));

  /* What the add-profile dialog tells: what to register, whether a secret is needed. */
  g_assert_cmpstr (sesame_preset_get_register_uri (sesame_presets_lookup ("github")), ==,
                   "http://127.0.0.1/callback");
  g_assert_cmpstr (sesame_preset_get_register_title (sesame_presets_lookup ("github")), ==,
                   "Callback URL");
  g_assert_true (sesame_preset_needs_client_secret (sesame_presets_lookup ("github")));
  g_assert_false (sesame_preset_needs_client_secret (sesame_presets_lookup ("microsoft")));
  g_assert_null (sesame_preset_get_register_uri (sesame_presets_lookup ("google")));
  g_assert_cmpstr (sesame_preset_get_variable_title (sesame_presets_lookup ("microsoft"),
                                                     "tenant"), ==, "Tenant");
}

static void
test_presets_apply (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProfile) github = apply ("github", NULL, NULL, &error);
  g_autoptr(SesameProfile) google = apply ("google", NULL, NULL, &error);
  g_autoptr(SesameProfile) gitlab = apply ("gitlab", NULL, NULL, &error);
  g_autoptr(SesameProfile) own = apply ("gitlab", "instance", "https://git.example.org", &error);
  g_autoptr(SesameProfile) generic = apply ("generic", "issuer", "https://id.example.com/r/x",
                                            &error);

  g_assert_no_error (error);
  g_assert_null (sesame_profile_get_issuer (github));
  g_assert_cmpstr (sesame_profile_get_endpoint (github, SESAME_ENDPOINT_TOKEN), ==,
                   "https://github.com/login/oauth/access_token");
  g_assert_cmpint (sesame_profile_get_auth_method (github), ==,
                   SESAME_AUTH_METHOD_CLIENT_SECRET_POST);
  g_assert_cmpstr (sesame_profile_get_issuer (google), ==, "https://accounts.google.com");
  g_assert_cmpstr (sesame_profile_get_issuer (gitlab), ==, "https://gitlab.com");
  g_assert_cmpstr (sesame_profile_get_redirect_uri (gitlab), ==,
                   "http://127.0.0.1:7890/callback");
  g_assert_cmpint (sesame_profile_get_auth_method (gitlab), ==, SESAME_AUTH_METHOD_NONE);
  g_assert_cmpstr (sesame_profile_get_issuer (own), ==, "https://git.example.org");
  g_assert_cmpstr (sesame_profile_get_issuer (generic), ==, "https://id.example.com/r/x");
  g_assert_cmpstr (sesame_profile_get_scope (generic), ==, "openid email profile");

  /* The device authorization endpoints the providers document (RFC 8628). */
  g_assert_cmpstr (sesame_profile_get_endpoint (github, SESAME_ENDPOINT_DEVICE_AUTHORIZATION), ==,
                   "https://github.com/login/device/code");
  g_assert_cmpstr (sesame_profile_get_endpoint (google, SESAME_ENDPOINT_DEVICE_AUTHORIZATION), ==,
                   "https://oauth2.googleapis.com/device/code");
  g_assert_cmpstr (sesame_profile_get_endpoint (gitlab, SESAME_ENDPOINT_DEVICE_AUTHORIZATION), ==,
                   "https://gitlab.com/oauth/authorize_device");
  g_assert_cmpstr (sesame_profile_get_endpoint (own, SESAME_ENDPOINT_DEVICE_AUTHORIZATION), ==,
                   "https://git.example.org/oauth/authorize_device");
  g_assert_null (sesame_profile_get_endpoint (generic, SESAME_ENDPOINT_DEVICE_AUTHORIZATION));
  /* A preset says where to sign in with another device, not that the profile does. */
  g_assert_cmpint (sesame_profile_get_sign_in_method (github), ==, SESAME_SIGN_IN_BROWSER);
}

static void
test_presets_microsoft (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProfile) common = apply ("microsoft", NULL, NULL, &error);
  g_autoptr(SesameProfile) tenant = apply ("microsoft", "tenant", "contoso.onmicrosoft.com",
                                           &error);
  g_autoptr(SesameProfile) bad = NULL;

  g_assert_no_error (error);
  g_assert_null (sesame_profile_get_issuer (common));
  g_assert_cmpstr (sesame_profile_get_endpoint (common, SESAME_ENDPOINT_AUTHORIZATION), ==,
                   "https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
  g_assert_cmpstr (sesame_profile_get_redirect_uri (common), ==, "http://localhost/");
  g_assert_cmpint (sesame_profile_get_auth_method (common), ==, SESAME_AUTH_METHOD_NONE);
  g_assert_cmpstr (sesame_profile_get_endpoint (tenant, SESAME_ENDPOINT_TOKEN), ==,
                   "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
  g_assert_cmpstr (sesame_profile_get_endpoint (common, SESAME_ENDPOINT_DEVICE_AUTHORIZATION), ==,
                   "https://login.microsoftonline.com/common/oauth2/v2.0/devicecode");
  g_assert_cmpstr (sesame_profile_get_endpoint (tenant, SESAME_ENDPOINT_DEVICE_AUTHORIZATION), ==,
                   "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/"
                   "devicecode");

  bad = apply ("microsoft", "tenant", "evil.example/x?", &error);
  g_assert_null (bad);
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE);
  /* The field as the window titles it, and the variable as the command line names it. */
  g_assert_nonnull (strstr (error->message, "“Tenant”"));
  g_assert_nonnull (strstr (error->message, "“tenant”"));
  g_clear_error (&error);
  bad = apply ("microsoft", "tenant", "a b", &error);
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE);
  g_clear_error (&error);
  bad = apply ("microsoft", "region", "eu", &error);
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE);
  g_assert_nonnull (strstr (error->message, "region"));
}

static void
test_presets_generic_needs_issuer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameProfile) profile = valid_profile ("kept");
  g_autoptr(SesameProfile) before = sesame_profile_copy (profile);
  SesamePreset *generic = sesame_presets_lookup ("generic");
  g_autoptr(GHashTable) variables = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_false (sesame_preset_apply (generic, profile, NULL, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE);
  g_assert_cmpstr (error->message, ==, "The preset “generic” needs a value for “issuer”");
  g_clear_error (&error);

  /* A URL variable is checked as a URL; on error the profile stays as it was. */
  g_hash_table_insert (variables, "issuer", "http://id.example.com");
  g_assert_false (sesame_preset_apply (generic, profile, variables, &error));
  g_assert_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_INSECURE);
  g_clear_error (&error);
  g_hash_table_insert (variables, "issuer", "not a url");
  g_assert_false (sesame_preset_apply (generic, profile, variables, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_INVALID_PROFILE);
  g_assert_true (_sesame_profile_equal (profile, before));
}

static void
assert_listed (const char *text)
{
  const char * const *listed = _sesame_presets_translatable_strings ();

  if (text != NULL && !g_strv_contains (listed, text))
    g_error ("“%s” from presets.json is not in sesame-presets-i18n.c", text);
}

/* Every text shown from presets.json is marked for translation. */
static void
test_presets_translatable (void)
{
  g_autoptr(GBytes) data = (sesame_presets_get_all (),
                           g_resources_lookup_data ("/io/github/sesame/Sesame/presets.json",
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *presets;

  g_assert_nonnull (data);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (data, NULL),
                                             g_bytes_get_size (data), NULL));
  presets = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (presets); i++)
    {
      JsonObject *preset = json_array_get_object_element (presets, i);
      JsonArray *variables = json_object_has_member (preset, "variables")
                               ? json_object_get_array_member (preset, "variables") : NULL;

      assert_listed (json_object_get_string_member (preset, "name"));
      assert_listed (json_object_get_string_member_with_default (preset, "description", NULL));
      assert_listed (json_object_get_string_member_with_default (preset, "guidance", NULL));
      assert_listed (json_object_get_string_member_with_default (preset, "register_title", NULL));
      for (guint j = 0; variables != NULL && j < json_array_get_length (variables); j++)
        {
          JsonObject *variable = json_array_get_object_element (variables, j);

          assert_listed (json_object_get_string_member_with_default (variable, "title", NULL));
          assert_listed (json_object_get_string_member_with_default (variable, "description",
                                                                     NULL));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  waits_init ();

  g_test_add_func ("/sesame/profiles/validate/fields", test_validate_fields);
  g_test_add_func ("/sesame/profiles/validate/accepts", test_validate_accepts);
  g_test_add_func ("/sesame/profiles/new-and-copy", test_new_and_copy);
  g_test_add_func ("/sesame/profiles/keyfile/round-trip", test_keyfile_round_trip);
  g_test_add_func ("/sesame/profiles/keyfile/invalid", test_keyfile_invalid);
  g_test_add_func ("/sesame/profiles/keyfile/sign-in-with", test_keyfile_sign_in_with);
  g_test_add_func ("/sesame/profiles/store/basics", test_store_basics);
  g_test_add_func ("/sesame/profiles/store/duplicate-name", test_store_duplicate_name);
  g_test_add_func ("/sesame/profiles/store/permissions", test_store_permissions);
  g_test_add_func ("/sesame/profiles/store/two-writers", test_store_two_writers);
  g_test_add_func ("/sesame/profiles/store/concurrent", test_store_concurrent);
  g_test_add_func ("/sesame/profiles/store/corrupt-kept", test_store_corrupt);
  g_test_add_func ("/sesame/profiles/store/signals", test_store_signals);
  g_test_add_func ("/sesame/profiles/store/merge", test_store_merge);
  g_test_add_func ("/sesame/profiles/store/watch", test_store_watch);
  g_test_add_func ("/sesame/profiles/presets/all", test_presets_all);
  g_test_add_func ("/sesame/profiles/presets/translatable", test_presets_translatable);
  g_test_add_func ("/sesame/profiles/presets/apply", test_presets_apply);
  g_test_add_func ("/sesame/profiles/presets/microsoft", test_presets_microsoft);
  g_test_add_func ("/sesame/profiles/presets/generic-needs-issuer",
                   test_presets_generic_needs_issuer);

  return g_test_run ();
}
