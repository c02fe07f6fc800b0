/* fake-provider.h
 *
 * An in-process OAuth provider on 127.0.0.1 whose answers each test scripts, for the
 * fault cases a real provider never shows on demand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _FakeProvider FakeProvider;

/* What the fake received last. */
typedef struct
{
  char       *method;
  char       *path;
  GHashTable *form;           /* form-decoded body; empty when the body is no form */
  char       *authorization;  /* (nullable) */
  char       *accept;         /* (nullable) */
  char       *content_type;   /* (nullable) */
  guint       remote_port;    /* the client's end of the connection it came on */
} FakeRequest;

FakeProvider      *fake_provider_new               (void);
FakeProvider      *fake_provider_new_https         (const char    *certificate);
void               fake_provider_free              (FakeProvider  *self);
const char        *fake_provider_get_issuer        (FakeProvider  *self);
char              *fake_provider_get_uri           (FakeProvider  *self,
                                                    const char    *path);
JsonObject        *fake_provider_new_metadata      (FakeProvider  *self,
                                                    const char    *issuer);

/* Scripting: every answer holds for its path until replaced. Unknown paths get 404. */
void               fake_provider_set_answer        (FakeProvider  *self,
                                                    const char    *path,
                                                    guint          status,
                                                    const char    *content_type,
                                                    const char    *body);
void               fake_provider_set_json          (FakeProvider  *self,
                                                    const char    *path,
                                                    guint          status,
                                                    JsonObject    *object);
void               fake_provider_queue_json        (FakeProvider  *self,
                                                    const char    *path,
                                                    guint          status,
                                                    JsonObject    *object);
void               fake_provider_add_header        (FakeProvider  *self,
                                                    const char    *path,
                                                    const char    *name,
                                                    const char    *value);
void               fake_provider_set_delay         (FakeProvider  *self,
                                                    const char    *path,
                                                    guint          delay_ms);
void               fake_provider_set_close         (FakeProvider  *self,
                                                    const char    *path);
void               fake_provider_set_huge          (FakeProvider  *self,
                                                    const char    *path,
                                                    gsize          size,
                                                    gboolean       chunked);
void               fake_provider_set_drip          (FakeProvider  *self,
                                                    const char    *path,
                                                    guint          drip_ms);
void               fake_provider_close_connections (FakeProvider  *self);
void               fake_provider_remove            (FakeProvider  *self,
                                                    const char    *path);

/* Records */
const FakeRequest *fake_provider_get_last_request  (FakeProvider  *self);
guint              fake_provider_get_n_requests    (FakeProvider  *self,
                                                    const char    *path);
const char * const *fake_provider_get_paths        (FakeProvider  *self);
GArray            *fake_provider_get_request_times (FakeProvider  *self,
                                                    const char    *path);
guint              fake_provider_get_max_in_flight (FakeProvider  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeProvider, fake_provider_free)

/* Signing keys of the hostile provider: generated with GnuTLS in the test, published as
 * JWKs, signing ID tokens that the test builds claim by claim.
 */
typedef struct _FakeKey FakeKey;

FakeKey           *fake_key_new                    (const char    *alg);
void               fake_key_free                   (FakeKey       *key);
JsonObject        *fake_key_get_jwk                (FakeKey       *key,
                                                    const char    *kid);
char              *fake_key_get_public_pem         (FakeKey       *key);
char              *fake_jwt_sign                   (FakeKey       *key,
                                                    const char    *alg,
                                                    const char    *kid,
                                                    JsonObject    *claims);
char              *fake_jwt_encode                 (JsonObject    *header,
                                                    JsonObject    *claims,
                                                    const guint8  *signature,
                                                    gsize          signature_len);
char              *fake_base64url                  (const guint8  *data,
                                                    gsize          len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeKey, fake_key_free)

G_END_DECLS
