/* sesame-profile-store.c
 *
 * The profiles, kept in one key file. Every change re-reads the file under a lock and
 * writes it back atomically, so that two processes (the window and `sesame profile add`)
 * do not lose each other's changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-profile-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sesame-profile-private.h"
#include "sesame-profile-store-private.h"
#include "sesame-store-error.h"

/* How long the file must be quiet before it is read again. */
#define RELOAD_DELAY_MS 50

struct _SesameProfileStore
{
  GObject    parent_instance;

  char         *path;
  char         *lock_path;
  GPtrArray    *profiles;  /* SesameProfile, sorted by name */
  GFileMonitor *monitor;   /* the file's folder, once watched */
  guint         reload_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SesameProfileStore, sesame_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A change applied to the profiles read from the file, and to the key file itself; @base
 * is the profile as the editor read it, for updates that merge. */
typedef gboolean (*ChangeFunc) (GKeyFile       *keyfile,
                                GPtrArray      *profiles,
                                SesameProfile  *base,
                                SesameProfile  *profile,
                                GError        **error);

static GType
list_model_get_item_type (GListModel *model)
{
  return SESAME_TYPE_PROFILE;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return SESAME_PROFILE_STORE (model)->profiles->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  SesameProfileStore *self = SESAME_PROFILE_STORE (model);

  if (position >= self->profiles->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->profiles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
sesame_profile_store_constructed (GObject *object)
{
  SesameProfileStore *self = (SesameProfileStore *) object;

  G_OBJECT_CLASS (sesame_profile_store_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_config_dir (), "sesame", "profiles.ini", NULL);
  self->lock_path = g_strconcat (self->path, ".lock", NULL);
}

static void
sesame_profile_store_finalize (GObject *object)
{
  SesameProfileStore *self = (SesameProfileStore *) object;

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  g_free (self->path);
  g_free (self->lock_path);
  g_ptr_array_unref (self->profiles);

  G_OBJECT_CLASS (sesame_profile_store_parent_class)->finalize (object);
}

static void
sesame_profile_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SesameProfileStore *self = SESAME_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_profile_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SesameProfileStore *self = SESAME_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_profile_store_class_init (SesameProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sesame_profile_store_constructed;
  object_class->finalize = sesame_profile_store_finalize;
  object_class->get_property = sesame_profile_store_get_property;
  object_class->set_property = sesame_profile_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sesame_profile_store_init (SesameProfileStore *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * sesame_profile_store_new:
 * @path: (nullable): the key file, or %NULL for `$XDG_CONFIG_HOME/sesame/profiles.ini`
 *
 * An empty store: sesame_profile_store_load () reads the file.
 */
SesameProfileStore *
sesame_profile_store_new (const char *path)
{
  return g_object_new (SESAME_TYPE_PROFILE_STORE, "path", path, NULL);
}

const char *
sesame_profile_store_get_path (SesameProfileStore *self)
{
  g_return_val_if_fail (SESAME_IS_PROFILE_STORE (self), NULL);

  return self->path;
}

/* The model ------------------------------------------------------------------------- */

static int
compare_profiles (gconstpointer a,
                  gconstpointer b)
{
  SesameProfile *pa = *(SesameProfile **) a;
  SesameProfile *pb = *(SesameProfile **) b;
  g_autofree char *fa = g_utf8_casefold (sesame_profile_get_name (pa), -1);
  g_autofree char *fb = g_utf8_casefold (sesame_profile_get_name (pb), -1);
  int result = g_utf8_collate (fa, fb);

  if (result == 0)
    result = g_strcmp0 (sesame_profile_get_name (pa), sesame_profile_get_name (pb));
  if (result == 0)
    result = g_strcmp0 (sesame_profile_get_id (pa), sesame_profile_get_id (pb));
  return result;
}

/* The object the model holds already for an unchanged profile, so that views keep theirs. */
static SesameProfile *
find_same (SesameProfileStore *self,
           SesameProfile      *profile)
{
  for (guint i = 0; i < self->profiles->len; i++)
    {
      SesameProfile *old = g_ptr_array_index (self->profiles, i);

      if (_sesame_profile_equal (old, profile))
        return old;
    }
  return profile;
}

/* Replaces the model's items by @profiles, announcing the span that changed. */
static void
set_profiles (SesameProfileStore *self,
              GPtrArray          *profiles)
{
  g_autoptr(GPtrArray) old = NULL;
  guint prefix = 0, suffix = 0;

  for (guint i = 0; i < profiles->len; i++)
    {
      SesameProfile *same = find_same (self, g_ptr_array_index (profiles, i));

      if (same != g_ptr_array_index (profiles, i))
        {
          g_object_unref (g_ptr_array_index (profiles, i));
          profiles->pdata[i] = g_object_ref (same);
        }
    }
  g_ptr_array_sort (profiles, compare_profiles);

  old = g_steal_pointer (&self->profiles);
  self->profiles = g_ptr_array_ref (profiles);

  while (prefix < old->len && prefix < profiles->len &&
         old->pdata[prefix] == profiles->pdata[prefix])
    prefix++;
  while (suffix < old->len - prefix && suffix < profiles->len - prefix &&
         old->pdata[old->len - 1 - suffix] == profiles->pdata[profiles->len - 1 - suffix])
    suffix++;

  if (old->len != prefix + suffix || profiles->len != prefix + suffix)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old->len - prefix - suffix,
                                profiles->len - prefix - suffix);
}

SesameProfile *
sesame_profile_store_lookup (SesameProfileStore *self,
                             const char         *name_or_id)
{
  g_return_val_if_fail (SESAME_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (name_or_id != NULL, NULL);

  for (guint i = 0; i < self->profiles->len; i++)
    if (g_strcmp0 (sesame_profile_get_name (self->profiles->pdata[i]), name_or_id) == 0)
      return self->profiles->pdata[i];
  for (guint i = 0; i < self->profiles->len; i++)
    if (g_strcmp0 (sesame_profile_get_id (self->profiles->pdata[i]), name_or_id) == 0)
      return self->profiles->pdata[i];
  return NULL;
}

/* The file -------------------------------------------------------------------------- */

/* Fails with @what (freed) and the system's reason. */
static int
fail_errno (GError **error,
            int      saved_errno,
            char    *what)
{
  g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_IO, "%s: %s", what,
               g_strerror (saved_errno));
  g_free (what);
  return -1;
}

static GKeyFile *
parse_keyfile (SesameProfileStore  *self,
               const char          *data,
               gsize                len,
               GError             **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_data (keyfile, data, len,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error))
    {
      /* GLib quotes the damaged line, whatever its bytes. */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                   _("The profile file %s is damaged, fix or move it: %s"), self->path,
                   reason);
      return NULL;
    }
  return g_steal_pointer (&keyfile);
}

/* The key file, or an empty one when there is no file yet. */
static GKeyFile *
read_keyfile (SesameProfileStore  *self,
              GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (self->path, &data, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_key_file_new ();
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_IO,
                   _("Could not read the profiles: %s"), local_error->message);
      return NULL;
    }
  return parse_keyfile (self, data, len, error);
}

static gboolean
check_unique_names (SesameProfileStore  *self,
                    GPtrArray           *profiles,
                    GError             **error)
{
  for (guint i = 0; i < profiles->len; i++)
    for (guint j = i + 1; j < profiles->len; j++)
      if (g_strcmp0 (sesame_profile_get_name (profiles->pdata[i]),
                     sesame_profile_get_name (profiles->pdata[j])) == 0)
        {
          g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT,
                       _("The profile file %s is damaged, fix it: two profiles are named “%s”"),
                       self->path, sesame_profile_get_name (profiles->pdata[i]));
          return FALSE;
        }
  return TRUE;
}

/* Every profile of the file; any one that does not load is an error for all. */
static GPtrArray *
read_profiles (SesameProfileStore  *self,
               GKeyFile            *keyfile,
               GError             **error)
{
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) groups = g_key_file_get_groups (keyfile, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      SesameProfile *profile = _sesame_profile_new_from_keyfile (keyfile, groups[i], error);

      if (profile == NULL)
        {
          g_prefix_error (error, _("In %s: "), self->path);
          return NULL;
        }
      g_ptr_array_add (profiles, profile);
    }
  if (!check_unique_names (self, profiles, error))
    return NULL;
  return g_steal_pointer (&profiles);
}

/**
 * sesame_profile_store_load:
 *
 * On error the model keeps what it had, and the file is left alone.
 */
gboolean
sesame_profile_store_load (SesameProfileStore  *self,
                           GError             **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GPtrArray) profiles = NULL;

  g_return_val_if_fail (SESAME_IS_PROFILE_STORE (self), FALSE);

  if (!(keyfile = read_keyfile (self, error)) ||
      !(profiles = read_profiles (self, keyfile, error)))
    return FALSE;
  set_profiles (self, profiles);
  return TRUE;
}

/* As sesame_profile_store_load (), from @data instead of the file; for the fuzzer. */
gboolean
_sesame_profile_store_load_from_data (SesameProfileStore  *self,
                                      const char          *data,
                                      gsize                len,
                                      GError             **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GPtrArray) profiles = NULL;

  g_assert (SESAME_IS_PROFILE_STORE (self));

  if (!(keyfile = parse_keyfile (self, data, len, error)) ||
      !(profiles = read_profiles (self, keyfile, error)))
    return FALSE;
  set_profiles (self, profiles);
  return TRUE;
}

/* The lock file's descriptor, locked: closing it unlocks. */
static int
lock_file (SesameProfileStore  *self,
           GError             **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int saved_errno;
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      return fail_errno (error, saved_errno,
                         g_strdup_printf (_("Could not create the folder %s"), dir));
    }

  fd = g_open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      return fail_errno (error, saved_errno, g_strdup_printf (_("Could not open %s"),
                                                              self->lock_path));
    }

  while (flock (fd, LOCK_EX) != 0)
    if (errno != EINTR)
      {
        saved_errno = errno;
        close (fd);
        return fail_errno (error, saved_errno, g_strdup_printf (_("Could not lock %s"),
                                                                self->lock_path));
      }
  return fd;
}

static gboolean
write_keyfile (SesameProfileStore  *self,
               GKeyFile            *keyfile,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize len;
  g_autofree char *data = g_key_file_to_data (keyfile, &len, NULL);

  if (!g_file_set_contents_full (self->path, data, (gssize) len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_IO,
                   _("Could not save the profiles: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Read, change, write under the lock; then the model shows the file as written. */
static gboolean
change_file (SesameProfileStore  *self,
             ChangeFunc           change,
             SesameProfile       *base,
             SesameProfile       *profile,
             GError             **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autoptr(GPtrArray) profiles = NULL;
  gboolean ok;
  int fd;

  if ((fd = lock_file (self, error)) < 0)
    return FALSE;
  ok = (keyfile = read_keyfile (self, error)) != NULL &&
       (profiles = read_profiles (self, keyfile, error)) != NULL &&
       change (keyfile, profiles, base, profile, error) &&
       write_keyfile (self, keyfile, error);
  close (fd);

  if (ok)
    set_profiles (self, profiles);
  return ok;
}

static int
find_by_id (GPtrArray     *profiles,
            SesameProfile *profile)
{
  for (guint i = 0; i < profiles->len; i++)
    if (g_strcmp0 (sesame_profile_get_id (profiles->pdata[i]),
                   sesame_profile_get_id (profile)) == 0)
      return (int) i;
  return -1;
}

static gboolean
check_name_free (GPtrArray      *profiles,
                 SesameProfile  *profile,
                 GError        **error)
{
  for (guint i = 0; i < profiles->len; i++)
    if (g_strcmp0 (sesame_profile_get_name (profiles->pdata[i]),
                   sesame_profile_get_name (profile)) == 0 &&
        g_strcmp0 (sesame_profile_get_id (profiles->pdata[i]),
                   sesame_profile_get_id (profile)) != 0)
      {
        g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_EXISTS,
                     _("A profile named “%s” exists already"), sesame_profile_get_name (profile));
        return FALSE;
      }
  return TRUE;
}

static gboolean
not_found (GError        **error,
           SesameProfile  *profile)
{
  g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_NOT_FOUND,
               _("There is no profile “%s”"), sesame_profile_get_name (profile));
  return FALSE;
}

static gboolean
add_change (GKeyFile       *keyfile,
            GPtrArray      *profiles,
            SesameProfile  *base,
            SesameProfile  *profile,
            GError        **error)
{
  if (!check_name_free (profiles, profile, error))
    return FALSE;
  if (find_by_id (profiles, profile) >= 0)
    {
      g_set_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_PROFILE_EXISTS,
                   _("The profile “%s” was added already"), sesame_profile_get_name (profile));
      return FALSE;
    }
  _sesame_profile_save_to_keyfile (profile, keyfile);
  g_ptr_array_add (profiles, sesame_profile_copy (profile));
  return TRUE;
}

static gboolean
update_change (GKeyFile       *keyfile,
               GPtrArray      *profiles,
               SesameProfile  *base,
               SesameProfile  *profile,
               GError        **error)
{
  int index = find_by_id (profiles, profile);
  g_autoptr(SesameProfile) merged = NULL;

  if (index < 0)
    return not_found (error, profile);
  if (base != NULL)
    {
      merged = _sesame_profile_merge (base, profile, profiles->pdata[index], error);
      if (merged == NULL || !sesame_profile_validate (merged, error))
        return FALSE;
      profile = merged;
    }
  if (!check_name_free (profiles, profile, error))
    return FALSE;
  _sesame_profile_save_to_keyfile (profile, keyfile);
  g_object_unref (profiles->pdata[index]);
  profiles->pdata[index] = sesame_profile_copy (profile);
  return TRUE;
}

static gboolean
remove_change (GKeyFile       *keyfile,
               GPtrArray      *profiles,
               SesameProfile  *base,
               SesameProfile  *profile,
               GError        **error)
{
  int index = find_by_id (profiles, profile);

  if (index < 0)
    return not_found (error, profile);
  g_key_file_remove_group (keyfile, sesame_profile_get_id (profile), NULL);
  g_ptr_array_remove_index (profiles, (guint) index);
  return TRUE;
}

/**
 * sesame_profile_store_add:
 *
 * The store keeps a copy of @profile: change the profile, then update it.
 */
gboolean
sesame_profile_store_add (SesameProfileStore  *self,
                          SesameProfile       *profile,
                          GError             **error)
{
  g_return_val_if_fail (SESAME_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (SESAME_IS_PROFILE (profile), FALSE);

  return sesame_profile_validate (profile, error) &&
         change_file (self, add_change, NULL, profile, error);
}

gboolean
sesame_profile_store_update (SesameProfileStore  *self,
                             SesameProfile       *profile,
                             GError             **error)
{
  g_return_val_if_fail (SESAME_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (SESAME_IS_PROFILE (profile), FALSE);

  return sesame_profile_validate (profile, error) &&
         change_file (self, update_change, NULL, profile, error);
}

gboolean
sesame_profile_store_remove (SesameProfileStore  *self,
                             SesameProfile       *profile,
                             GError             **error)
{
  g_return_val_if_fail (SESAME_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (SESAME_IS_PROFILE (profile), FALSE);

  return change_file (self, remove_change, NULL, profile, error);
}

/**
 * sesame_profile_store_update_changes:
 * @base: the profile as the caller read it, before editing @profile
 *
 * Saves the settings that @profile changes from @base into the profile as the file holds
 * it now, keeping the changes others made meanwhile to other settings (see
 * _sesame_profile_merge()). Fails with SESAME_STORE_ERROR_CONFLICT when someone else
 * changed one of the same settings, and SESAME_STORE_ERROR_PROFILE_NOT_FOUND when the
 * profile was removed; the file is left as it was. The model then holds the merged
 * profile: look it up by id.
 */
gboolean
sesame_profile_store_update_changes (SesameProfileStore  *self,
                                     SesameProfile       *base,
                                     SesameProfile       *profile,
                                     GError             **error)
{
  g_return_val_if_fail (SESAME_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (SESAME_IS_PROFILE (base), FALSE);
  g_return_val_if_fail (SESAME_IS_PROFILE (profile), FALSE);
  g_return_val_if_fail (g_strcmp0 (sesame_profile_get_id (base),
                                   sesame_profile_get_id (profile)) == 0, FALSE);

  return sesame_profile_validate (profile, error) &&
         change_file (self, update_change, base, profile, error);
}

/* Watching ---------------------------------------------------------------------------- */

static gboolean
reload (gpointer user_data)
{
  SesameProfileStore *self = user_data;
  g_autoptr(GError) error = NULL;

  self->reload_id = 0;
  /* A damaged or half-written file: the model keeps what it had, and a change made here
   * reports the damage, since it reads the file first. */
  if (!sesame_profile_store_load (self, &error))
    g_debug ("The profiles were not read again: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
on_folder_changed (SesameProfileStore *self,
                   GFile              *file,
                   GFile              *other_file,
                   GFileMonitorEvent   event,
                   GFileMonitor       *monitor)
{
  g_autofree char *folder = g_path_get_dirname (self->path);

  /* The file, or the folder itself: one that did not exist is watched for, and files
   * written into it before the watch caught up are read when it is seen. */
  if (g_strcmp0 (g_file_peek_path (file), self->path) != 0 &&
      (other_file == NULL || g_strcmp0 (g_file_peek_path (other_file), self->path) != 0) &&
      g_strcmp0 (g_file_peek_path (file), folder) != 0)
    return;
  /* Events come in bursts (a write is a new file renamed over the old): read once. */
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload, self);
}

/**
 * sesame_profile_store_watch:
 *
 * From now on, the model follows the file: a change written by another process (the
 * command line) is read again shortly after, and the model announces what changed.
 */
void
sesame_profile_store_watch (SesameProfileStore *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SESAME_IS_PROFILE_STORE (self));

  if (self->monitor != NULL)
    return;
  file = g_file_new_for_path (self->path);
  folder = g_file_get_parent (file);
  /* The folder may not exist yet: the monitor waits for it. */
  self->monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("The profiles cannot be watched: %s", error->message);
      return;
    }
  g_signal_connect_swapped (self->monitor, "changed", G_CALLBACK (on_folder_changed), self);
}
