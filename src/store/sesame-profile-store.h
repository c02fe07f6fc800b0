/* sesame-profile-store.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sesame-profile.h"

G_BEGIN_DECLS

#define SESAME_TYPE_PROFILE_STORE (sesame_profile_store_get_type ())

/* The profiles, as a GListModel of SesameProfile sorted by name, kept in one key file
 * ($XDG_CONFIG_HOME/sesame/profiles.ini by default). Every change is a read-modify-write
 * of the file under an advisory lock (flock on a ".lock" file beside it), written
 * atomically (g_file_set_contents: a crash leaves the old file). No secrets in it.
 */
G_DECLARE_FINAL_TYPE (SesameProfileStore, sesame_profile_store, SESAME, PROFILE_STORE, GObject)

SesameProfileStore *sesame_profile_store_new      (const char          *path);  /* NULL: default */
const char         *sesame_profile_store_get_path (SesameProfileStore  *self);
/* (Re)reads the file; a missing file is an empty store. */
gboolean            sesame_profile_store_load     (SesameProfileStore  *self,
                                                   GError             **error);
/* By name, or failing that by id. (transfer none) */
SesameProfile      *sesame_profile_store_lookup   (SesameProfileStore  *self,
                                                   const char          *name_or_id);
/* Validates, refuses a duplicate name (SESAME_STORE_ERROR_PROFILE_EXISTS), saves. */
gboolean            sesame_profile_store_add      (SesameProfileStore  *self,
                                                   SesameProfile       *profile,
                                                   GError             **error);
/* Replaces the stored profile with the same id by @profile (renames included). */
gboolean            sesame_profile_store_update   (SesameProfileStore  *self,
                                                   SesameProfile       *profile,
                                                   GError             **error);
gboolean            sesame_profile_store_remove   (SesameProfileStore  *self,
                                                   SesameProfile       *profile,
                                                   GError             **error);
/* As update, but only what @profile changes from @base, merged into the current file. */
gboolean            sesame_profile_store_update_changes (SesameProfileStore  *self,
                                                         SesameProfile       *base,
                                                         SesameProfile       *profile,
                                                         GError             **error);
/* Follows changes that other processes write to the file. */
void                sesame_profile_store_watch    (SesameProfileStore  *self);

G_END_DECLS
