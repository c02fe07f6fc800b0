/* sesame-presets.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sesame-profile.h"

G_BEGIN_DECLS

#define SESAME_TYPE_PRESET (sesame_preset_get_type ())

/* A provider preset, read from the resource /io/github/sesame/Sesame/presets.json: data,
 * not code. URL templates may hold variables such as {tenant}.
 */
G_DECLARE_FINAL_TYPE (SesamePreset, sesame_preset, SESAME, PRESET, GObject)

/* (transfer none): every preset, in display order; "generic" last. */
GPtrArray          *sesame_presets_get_all            (void);
SesamePreset       *sesame_presets_lookup             (const char    *id);
const char         *sesame_preset_get_id              (SesamePreset  *self);
const char         *sesame_preset_get_name            (SesamePreset  *self);
const char         *sesame_preset_get_description     (SesamePreset  *self);
/* What to do at the provider, in a sentence or two (nullable). */
const char         *sesame_preset_get_guidance        (SesamePreset  *self);
/* The redirect URI to register at the provider, and what the provider calls it ("Callback
 * URL"), or NULL for both when none needs registering.
 */
const char         *sesame_preset_get_register_title  (SesamePreset  *self);
const char         *sesame_preset_get_register_uri    (SesamePreset  *self);
gboolean            sesame_preset_needs_client_secret (SesamePreset  *self);
/* Names of the variables a user must give (e.g. "tenant"), NULL-terminated. */
const char * const *sesame_preset_get_variables       (SesamePreset  *self);
/* A variable's value when none is given, or NULL when one must be given. */
const char         *sesame_preset_get_variable_default     (SesamePreset *self,
                                                            const char   *variable);
/* The variable's short title ("Tenant"), its name when it has none. */
const char         *sesame_preset_get_variable_title       (SesamePreset *self,
                                                            const char   *variable);
/* What the variable stands for, one phrase. */
const char         *sesame_preset_get_variable_description (SesamePreset *self,
                                                            const char   *variable);
/* Fills @profile's provider settings (issuer or endpoints, scope, auth method, redirect
 * URI) from the preset, with @variables (name → value; missing ones take the preset's
 * default, or fail with SESAME_STORE_ERROR_INVALID_PROFILE). Sets the profile's preset.
 */
gboolean            sesame_preset_apply               (SesamePreset  *self,
                                                       SesameProfile *profile,
                                                       GHashTable    *variables,
                                                       GError       **error);

G_END_DECLS
