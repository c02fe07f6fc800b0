/* sesame-proxy-resolver.c
 *
 * The sessions' proxy resolver: a provider on this computer's loopback is always
 * reached directly, without asking the system's resolver (which costs a lookup per
 * connection, and must never send a loopback request through a proxy elsewhere);
 * every other address is resolved by the system's default resolver.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sesame-http"

#include "config.h"

#include "sesame-oauth-private.h"
#include "sesame-proxy-resolver-private.h"

struct _SesameProxyResolver
{
  GObject         parent_instance;
  GProxyResolver *fallback;  /* borrowed: the default resolver lives as long as the process */
};

static void proxy_resolver_iface_init (GProxyResolverInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SesameProxyResolver, _sesame_proxy_resolver, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_PROXY_RESOLVER,
                                                      proxy_resolver_iface_init))

static void
_sesame_proxy_resolver_class_init (SesameProxyResolverClass *klass)
{
}

static void
_sesame_proxy_resolver_init (SesameProxyResolver *self)
{
  self->fallback = g_proxy_resolver_get_default ();
}

static gboolean
is_loopback (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  return parsed != NULL && _sesame_uri_is_loopback (parsed);
}

static char **
direct (void)
{
  char **proxies = g_new0 (char *, 2);

  proxies[0] = g_strdup ("direct://");
  return proxies;
}

static gboolean
resolver_is_supported (GProxyResolver *resolver)
{
  return TRUE;
}

static char **
resolver_lookup (GProxyResolver  *resolver,
                 const char      *uri,
                 GCancellable    *cancellable,
                 GError         **error)
{
  SesameProxyResolver *self = (SesameProxyResolver *) resolver;

  if (is_loopback (uri))
    return direct ();
  return g_proxy_resolver_lookup (self->fallback, uri, cancellable, error);
}

static void
on_fallback_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char **proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, &error);

  if (proxies == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, proxies, (GDestroyNotify) g_strfreev);
}

static void
resolver_lookup_async (GProxyResolver      *resolver,
                       const char          *uri,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  SesameProxyResolver *self = (SesameProxyResolver *) resolver;
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, resolver_lookup_async);
  if (is_loopback (uri))
    g_task_return_pointer (task, direct (), (GDestroyNotify) g_strfreev);
  else
    g_proxy_resolver_lookup_async (self->fallback, uri, cancellable, on_fallback_done,
                                   g_steal_pointer (&task));
}

static char **
resolver_lookup_finish (GProxyResolver  *resolver,
                        GAsyncResult    *result,
                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, resolver), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
proxy_resolver_iface_init (GProxyResolverInterface *iface)
{
  iface->is_supported = resolver_is_supported;
  iface->lookup = resolver_lookup;
  iface->lookup_async = resolver_lookup_async;
  iface->lookup_finish = resolver_lookup_finish;
}

GProxyResolver *
_sesame_proxy_resolver_new (void)
{
  return g_object_new (SESAME_TYPE_PROXY_RESOLVER, NULL);
}
