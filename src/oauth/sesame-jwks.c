/* sesame-jwks.c
 *
 * A provider's signing keys, from its JWK set (RFC 7517), and JWS signature checks with
 * them (RFC 7515, algorithms of RFC 7518 §3 and RFC 8037) through GnuTLS. Keys Sesame
 * cannot use (unknown kty or crv, use other than "sig", weak or broken keys) are skipped,
 * not fatal: a provider may publish keys for others too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-jwks"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "sesame-jwks.h"
#include "sesame-json-private.h"
#include "sesame-oauth-error.h"
#include "sesame-oauth-private.h"

/* RFC 7518 §3.3: RSA keys of at least 2048 bits; the upper bound keeps the cost of a
 * hostile key bounded.
 */
#define MIN_RSA_BITS 2048
#define MAX_RSA_BITS 8192
#define MAX_MEMBER_CHARS 2048

typedef enum
{
  KEY_RSA,
  KEY_EC,
  KEY_OKP,
} KeyType;

typedef struct
{
  const char              *name;
  KeyType                  type;
  gnutls_sign_algorithm_t  sign;
  gnutls_ecc_curve_t       curve;    /* EC and OKP */
  gsize                    raw_len;  /* EC: the JWS signature's length, r || s */
} Algorithm;

static const Algorithm algorithms[] = {
  { "RS256", KEY_RSA, GNUTLS_SIGN_RSA_SHA256, GNUTLS_ECC_CURVE_INVALID, 0 },
  { "RS384", KEY_RSA, GNUTLS_SIGN_RSA_SHA384, GNUTLS_ECC_CURVE_INVALID, 0 },
  { "RS512", KEY_RSA, GNUTLS_SIGN_RSA_SHA512, GNUTLS_ECC_CURVE_INVALID, 0 },
  { "PS256", KEY_RSA, GNUTLS_SIGN_RSA_PSS_RSAE_SHA256, GNUTLS_ECC_CURVE_INVALID, 0 },
  { "PS384", KEY_RSA, GNUTLS_SIGN_RSA_PSS_RSAE_SHA384, GNUTLS_ECC_CURVE_INVALID, 0 },
  { "PS512", KEY_RSA, GNUTLS_SIGN_RSA_PSS_RSAE_SHA512, GNUTLS_ECC_CURVE_INVALID, 0 },
  { "ES256", KEY_EC, GNUTLS_SIGN_ECDSA_SECP256R1_SHA256, GNUTLS_ECC_CURVE_SECP256R1, 64 },
  { "ES384", KEY_EC, GNUTLS_SIGN_ECDSA_SECP384R1_SHA384, GNUTLS_ECC_CURVE_SECP384R1, 96 },
  { "ES512", KEY_EC, GNUTLS_SIGN_ECDSA_SECP521R1_SHA512, GNUTLS_ECC_CURVE_SECP521R1, 132 },
  { "EdDSA", KEY_OKP, GNUTLS_SIGN_EDDSA_ED25519, GNUTLS_ECC_CURVE_ED25519, 64 },
};

static const struct
{
  KeyType             type;
  const char         *crv;
  gnutls_ecc_curve_t  curve;
  gsize               len;    /* of each coordinate */
} curves[] = {
  { KEY_EC, "P-256", GNUTLS_ECC_CURVE_SECP256R1, 32 },
  { KEY_EC, "P-384", GNUTLS_ECC_CURVE_SECP384R1, 48 },
  { KEY_EC, "P-521", GNUTLS_ECC_CURVE_SECP521R1, 66 },
  { KEY_OKP, "Ed25519", GNUTLS_ECC_CURVE_ED25519, 32 },
};

typedef struct
{
  char               *kid;    /* nullable */
  char               *alg;    /* nullable: the key's own restriction */
  KeyType             type;
  gnutls_ecc_curve_t  curve;
  gnutls_pubkey_t     pubkey;
} Key;

struct _SesameJwks
{
  GObject    parent_instance;

  GPtrArray *keys;    /* Key */
};

G_DEFINE_FINAL_TYPE (SesameJwks, sesame_jwks, G_TYPE_OBJECT)

static void
key_free (Key *key)
{
  g_free (key->kid);
  g_free (key->alg);
  if (key->pubkey != NULL)
    gnutls_pubkey_deinit (key->pubkey);
  g_free (key);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Key, key_free)

static void
sesame_jwks_finalize (GObject *object)
{
  SesameJwks *self = (SesameJwks *) object;

  g_ptr_array_unref (self->keys);

  G_OBJECT_CLASS (sesame_jwks_parent_class)->finalize (object);
}

static void
sesame_jwks_class_init (SesameJwksClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sesame_jwks_finalize;
}

static void
sesame_jwks_init (SesameJwks *self)
{
  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) key_free);
}

static const Algorithm *
find_algorithm (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (algorithms); i++)
    if (g_strcmp0 (algorithms[i].name, name) == 0)
      return &algorithms[i];
  return NULL;
}

/* Whether Sesame can verify JWS signatures made with @alg. */
gboolean
sesame_jwks_algorithm_is_supported (const char *alg)
{
  return find_algorithm (alg) != NULL;
}

/* A base64url member of @jwk, decoded; %NULL if it is missing or malformed. */
static guint8 *
get_bytes (JsonObject *jwk,
           const char *member,
           gsize      *len)
{
  const char *text = NULL;

  if (!_sesame_json_get_string (jwk, member, &text, NULL) || text == NULL || *text == '\0')
    return NULL;
  return _sesame_base64url_decode (text, MAX_MEMBER_CHARS, len);
}

static gboolean
import_rsa (Key        *key,
            JsonObject *jwk)
{
  gsize n_len = 0, e_len = 0;
  g_autofree guint8 *n = get_bytes (jwk, "n", &n_len);
  g_autofree guint8 *e = get_bytes (jwk, "e", &e_len);
  gnutls_datum_t m_datum, e_datum;
  unsigned int bits = 0;

  if (n == NULL || e == NULL || e_len > 8)
    return FALSE;
  m_datum = (gnutls_datum_t) { n, (unsigned int) n_len };
  e_datum = (gnutls_datum_t) { e, (unsigned int) e_len };
  if (gnutls_pubkey_import_rsa_raw (key->pubkey, &m_datum, &e_datum) < 0)
    return FALSE;
  gnutls_pubkey_get_pk_algorithm (key->pubkey, &bits);
  return bits >= MIN_RSA_BITS && bits <= MAX_RSA_BITS;
}

static gboolean
import_curve (Key        *key,
              JsonObject *jwk)
{
  const char *crv = NULL;
  gsize x_len = 0, y_len = 0;
  g_autofree guint8 *x = NULL;
  g_autofree guint8 *y = NULL;
  gnutls_datum_t x_datum, y_datum;

  if (!_sesame_json_get_string (jwk, "crv", &crv, NULL) || crv == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (curves); i++)
    if (curves[i].type == key->type && g_strcmp0 (curves[i].crv, crv) == 0)
      {
        x = get_bytes (jwk, "x", &x_len);
        if (key->type == KEY_EC)
          y = get_bytes (jwk, "y", &y_len);
        if (x == NULL || x_len != curves[i].len ||
            (key->type == KEY_EC && (y == NULL || y_len != curves[i].len)))
          return FALSE;
        key->curve = curves[i].curve;
        x_datum = (gnutls_datum_t) { x, (unsigned int) x_len };
        y_datum = (gnutls_datum_t) { y, (unsigned int) y_len };
        return gnutls_pubkey_import_ecc_raw (key->pubkey, key->curve, &x_datum,
                                             key->type == KEY_EC ? &y_datum : NULL) >= 0;
      }
  return FALSE;
}

/* A key of the set is for signatures unless it says otherwise (RFC 7517 §4.2, §4.3). */
static gboolean
is_for_signatures (JsonObject *jwk)
{
  const char *use = NULL;
  g_auto(GStrv) ops = NULL;

  if (!_sesame_json_get_string (jwk, "use", &use, NULL) ||
      !_sesame_json_get_strv (jwk, "key_ops", &ops, NULL))
    return FALSE;
  if (use != NULL && g_strcmp0 (use, "sig") != 0)
    return FALSE;
  return ops == NULL || g_strv_contains ((const char * const *) ops, "verify");
}

/* One key, or %NULL when Sesame cannot or must not use it. */
static Key *
import_key (JsonNode *node)
{
  g_autoptr(Key) key = g_new0 (Key, 1);
  JsonObject *jwk;
  const char *kty = NULL, *kid = NULL, *alg = NULL;
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  jwk = json_node_get_object (node);
  if (!_sesame_json_get_string (jwk, "kty", &kty, NULL) || kty == NULL ||
      !_sesame_json_get_string (jwk, "kid", &kid, NULL) ||
      !_sesame_json_get_string (jwk, "alg", &alg, NULL) || !is_for_signatures (jwk))
    return NULL;

  if (g_strcmp0 (kty, "RSA") == 0)
    key->type = KEY_RSA;
  else if (g_strcmp0 (kty, "EC") == 0)
    key->type = KEY_EC;
  else if (g_strcmp0 (kty, "OKP") == 0)
    key->type = KEY_OKP;
  else
    return NULL;

  if (gnutls_pubkey_init (&key->pubkey) < 0)
    return NULL;
  ok = key->type == KEY_RSA ? import_rsa (key, jwk) : import_curve (key, jwk);
  if (!ok)
    return NULL;

  key->kid = g_strdup (kid);
  key->alg = g_strdup (alg);
  return g_steal_pointer (&key);
}

/**
 * sesame_jwks_new_from_bytes:
 * @json: a JWK set document
 *
 * Returns: (transfer full): the usable keys of @json (possibly none), or %NULL if @json
 *   is no JWK set or holds more than %SESAME_JWKS_MAX_KEYS keys
 */
SesameJwks *
sesame_jwks_new_from_bytes (GBytes  *json,
                            GError **error)
{
  g_autoptr(SesameJwks) self = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonNode *keys;
  JsonArray *array;

  g_return_val_if_fail (json != NULL, NULL);

  /* Translators: the subject of “The %s is not valid JSON”; translate it so it can
   * start a sentence there (in German with its article). */
  object = _sesame_json_parse_object (json, _("provider’s key set (JWKS)"), error);
  if (object == NULL)
    return NULL;
  keys = json_object_get_member (object, "keys");
  if (keys == NULL || !JSON_NODE_HOLDS_ARRAY (keys))
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The provider’s key set (JWKS) has no list of keys"));
      return NULL;
    }
  array = json_node_get_array (keys);
  if (json_array_get_length (array) > SESAME_JWKS_MAX_KEYS)
    {
      g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_BAD_RESPONSE,
                   _("The provider’s key set (JWKS) has more than %u keys"),
                   SESAME_JWKS_MAX_KEYS);
      return NULL;
    }

  self = g_object_new (SESAME_TYPE_JWKS, NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      Key *key = import_key (json_array_get_element (array, i));

      if (key != NULL)
        g_ptr_array_add (self->keys, key);
      else
        g_debug ("Skipping key %u of the JWKS: unknown, unusable or malformed", i);
    }
  return g_steal_pointer (&self);
}

/* How many keys of the set can be used for signatures. */
guint
sesame_jwks_get_n_keys (SesameJwks *self)
{
  g_return_val_if_fail (SESAME_IS_JWKS (self), 0);

  return self->keys->len;
}

gboolean
sesame_jwks_has_kid (SesameJwks *self,
                     const char *kid)
{
  g_return_val_if_fail (SESAME_IS_JWKS (self), FALSE);

  for (guint i = 0; i < self->keys->len; i++)
    if (g_strcmp0 (((Key *) self->keys->pdata[i])->kid, kid) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
key_fits (const Key       *key,
          const Algorithm *algorithm,
          const char      *kid)
{
  if (kid != NULL && g_strcmp0 (key->kid, kid) != 0)
    return FALSE;
  if (key->alg != NULL && g_strcmp0 (key->alg, algorithm->name) != 0)
    return FALSE;
  if (key->type != algorithm->type)
    return FALSE;
  return key->type == KEY_RSA || key->curve == algorithm->curve;
}

static gboolean
verify_with (const Key       *key,
             const Algorithm *algorithm,
             gnutls_datum_t  *data,
             const guint8    *signature,
             gsize            signature_len)
{
  gnutls_datum_t sig = { (unsigned char *) signature, (unsigned int) signature_len };
  gnutls_datum_t der = { NULL, 0 };
  int ret;

  if (key->type == KEY_EC)
    {
      /* JWS carries r || s, each of fixed length (RFC 7518 §3.4); GnuTLS wants DER. */
      gsize half = algorithm->raw_len / 2;
      gnutls_datum_t r = { (unsigned char *) signature, (unsigned int) half };
      gnutls_datum_t s = { (unsigned char *) signature + half, (unsigned int) half };

      if (signature_len != algorithm->raw_len || gnutls_encode_rs_value (&der, &r, &s) < 0)
        return FALSE;
      sig = der;
    }
  else if (key->type == KEY_OKP && signature_len != algorithm->raw_len)
    return FALSE;

  ret = gnutls_pubkey_verify_data2 (key->pubkey, algorithm->sign, 0, data, &sig);
  gnutls_free (der.data);
  return ret >= 0;
}

/**
 * sesame_jwks_verify:
 * @alg: the JWS algorithm; it must be one of those Sesame supports
 * @kid: (nullable): the key id the signature names
 *
 * Checks a JWS signature with the key @kid names, or without @kid with every key that
 * fits @alg until one accepts it.
 *
 * Returns: %TRUE if a key of the set made @signature over @signing_input; otherwise
 *   %FALSE with %SESAME_OAUTH_ERROR_ID_TOKEN_KEY_NOT_FOUND when no key fits, or
 *   %SESAME_OAUTH_ERROR_ID_TOKEN_SIGNATURE
 */
gboolean
sesame_jwks_verify (SesameJwks    *self,
                    const char    *alg,
                    const char    *kid,
                    const guint8  *signing_input,
                    gsize          signing_input_len,
                    const guint8  *signature,
                    gsize          signature_len,
                    GError       **error)
{
  const Algorithm *algorithm = find_algorithm (alg);
  gnutls_datum_t data = { (unsigned char *) signing_input, (unsigned int) signing_input_len };
  guint n_tried = 0;

  g_return_val_if_fail (SESAME_IS_JWKS (self), FALSE);
  g_return_val_if_fail (algorithm != NULL, FALSE);

  for (guint i = 0; i < self->keys->len; i++)
    {
      const Key *key = self->keys->pdata[i];

      if (!key_fits (key, algorithm, kid))
        continue;
      n_tried++;
      if (verify_with (key, algorithm, &data, signature, signature_len))
        return TRUE;
    }

  if (n_tried == 0 && kid != NULL)
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_KEY_NOT_FOUND,
                 _("The ID token names a signing key (kid) that the provider does not publish "
                   "for %s"), algorithm->name);
  else if (n_tried == 0)
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_KEY_NOT_FOUND,
                 _("The provider publishes no key for %s signatures"), algorithm->name);
  else
    g_set_error (error, SESAME_OAUTH_ERROR, SESAME_OAUTH_ERROR_ID_TOKEN_SIGNATURE,
                 _("The ID token’s signature does not verify with the provider’s keys"));
  return FALSE;
}
