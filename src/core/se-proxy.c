/* se-proxy.c: a proxy of a network-thread object, mirroring its properties
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See se-proxy-private.h for the rules and se-network.c for the queues.
 */
#include "config.h"

#include "se-proxy-private.h"

struct _SeProxyLink
{
  SeNetwork *network;   /* not a reference: it outlives its targets */
  GObject   *target;    /* not a reference: the link is its qdata */
  GWeakRef   proxy;
  gboolean   dirty;
};

typedef struct
{
  SeNetwork *network;
  GObject   *target;    /* a reference, given back on the network thread */
  GValue    *values;    /* [n_mirrored + 1], [0] unused */
} SeProxyPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SeProxy, se_proxy, G_TYPE_OBJECT)

static GQuark link_quark (void);
G_DEFINE_QUARK (se-proxy-link, link)
static GHashTable *proxy_types;  /* target GType -> proxy GType */
G_LOCK_DEFINE_STATIC (proxy_types);

/* Network side: the link of a target and its snapshots */

static void proxy_link_publish (gpointer link);

static void
link_free (gpointer data)
{
  SeProxyLink *link = data;

  if (link->dirty)
    _se_network_forget_dirty (link->network, link);
  g_weak_ref_clear (&link->proxy);
  g_free (link);
}

static void
target_notify_cb (GObject     *target,
                  GParamSpec  *pspec,
                  SeProxyLink *link)
{
  if (!link->dirty)
    {
      link->dirty = TRUE;
      _se_network_mark_dirty (link->network, proxy_link_publish, link);
    }
}

SeProxy *
_se_proxy_link_dup_proxy (SeProxyLink *link)
{
  return g_weak_ref_get (&link->proxy);
}

SeNetwork *
_se_proxy_link_get_network (SeProxyLink *link)
{
  return link->network;
}

static GType
lookup_proxy_type (GType target_type)
{
  GType type;

  G_LOCK (proxy_types);
  type = proxy_types != NULL ? GPOINTER_TO_SIZE (g_hash_table_lookup (proxy_types, GSIZE_TO_POINTER (target_type))) : 0;
  G_UNLOCK (proxy_types);

  return type;
}

/* The target's values, as the proxy holds them. */
static GValue *
snapshot_new (SeProxyClass *klass,
              SeNetwork    *network,
              GObject      *target)
{
  GValue *values = g_new0 (GValue, klass->n_mirrored + 1);

  for (guint i = 1; i <= klass->n_mirrored; i++)
    {
      GParamSpec *pspec = klass->mirrored[i];
      GType proxy_type = G_TYPE_IS_OBJECT (pspec->value_type) ? lookup_proxy_type (pspec->value_type) : 0;

      if (proxy_type != 0)
        {
          g_autoptr(GObject) object = NULL;

          g_object_get (target, pspec->name, &object, NULL);
          g_value_init (&values[i], proxy_type);
          g_value_take_object (&values[i], object != NULL ? _se_network_ensure_proxy (network, object) : NULL);
        }
      else
        {
          g_value_init (&values[i], pspec->value_type);
          g_object_get_property (target, pspec->name, &values[i]);
        }
    }

  return values;
}

typedef struct
{
  GValue *values;
  guint   n;
} Snapshot;

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  for (guint i = 1; i <= snapshot->n; i++)
    g_value_unset (&snapshot->values[i]);
  g_free (snapshot->values);
  g_free (snapshot);
}

/* Owner: takes the snapshot's values, notifying those that changed. */
static void
apply_snapshot (SeProxy  *self,
                gpointer  data)
{
  SeProxyPrivate *priv = se_proxy_get_instance_private (self);
  SeProxyClass *klass = SE_PROXY_GET_CLASS (self);
  Snapshot *snapshot = data;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 1; i <= snapshot->n; i++)
    {
      GParamSpec *pspec = klass->own[i];

      if (g_param_values_cmp (pspec, &priv->values[i], &snapshot->values[i]) != 0)
        {
          g_value_reset (&priv->values[i]);
          g_value_copy (&snapshot->values[i], &priv->values[i]);
          g_object_notify_by_pspec (G_OBJECT (self), pspec);
        }
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
proxy_link_publish (gpointer data)
{
  SeProxyLink *link = data;
  g_autoptr(SeProxy) proxy = NULL;
  Snapshot *snapshot;

  link->dirty = FALSE;
  proxy = g_weak_ref_get (&link->proxy);
  if (proxy == NULL)
    return;

  snapshot = g_new (Snapshot, 1);
  snapshot->n = SE_PROXY_GET_CLASS (proxy)->n_mirrored;
  snapshot->values = snapshot_new (SE_PROXY_GET_CLASS (proxy), link->network, link->target);
  _se_network_post (link->network, proxy, 0, apply_snapshot, snapshot, snapshot_free);
}

gpointer
_se_network_ensure_proxy (SeNetwork *network,
                          GObject   *target)
{
  SeProxyLink *link;
  SeProxyPrivate *priv;
  SeProxyClass *klass;
  SeProxy *proxy;
  GType proxy_type;
  gboolean attach = FALSE;

  if (target == NULL)
    return NULL;

  link = g_object_get_qdata (target, link_quark ());
  if (link != NULL)
    {
      proxy = g_weak_ref_get (&link->proxy);
      if (proxy != NULL)
        return proxy;
    }
  else
    {
      link = g_new0 (SeProxyLink, 1);
      link->network = network;
      link->target = target;
      g_weak_ref_init (&link->proxy, NULL);
      g_object_set_qdata_full (target, link_quark (), link, link_free);
      g_signal_connect (target, "notify", G_CALLBACK (target_notify_cb), link);
      attach = TRUE;
    }

  proxy_type = lookup_proxy_type (G_OBJECT_TYPE (target));
  g_return_val_if_fail (proxy_type != 0, NULL);

  proxy = g_object_new (proxy_type, NULL);
  klass = SE_PROXY_GET_CLASS (proxy);
  priv = se_proxy_get_instance_private (proxy);
  priv->network = g_object_ref (network);
  priv->target = g_object_ref (target);

  /* Not published yet: its values are written here, once. */
  {
    GValue *values = snapshot_new (klass, network, target);

    for (guint i = 1; i <= klass->n_mirrored; i++)
      {
        g_value_unset (&priv->values[i]);
        priv->values[i] = values[i];
      }
    g_free (values);
  }

  g_weak_ref_set (&link->proxy, proxy);
  if (attach && klass->attach != NULL)
    klass->attach (target, link);

  return proxy;
}

/* The class */

static GParamSpec *
mirror_pspec (GParamSpec *pspec)
{
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GType type = pspec->value_type;
  const char *name = g_param_spec_get_name (pspec);
  GType proxy_type;

  if (type == G_TYPE_BOOLEAN)
    return g_param_spec_boolean (name, NULL, NULL, FALSE, flags);
  if (type == G_TYPE_INT)
    return g_param_spec_int (name, NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  if (type == G_TYPE_UINT)
    return g_param_spec_uint (name, NULL, NULL, 0, G_MAXUINT, 0, flags);
  if (type == G_TYPE_INT64)
    return g_param_spec_int64 (name, NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  if (type == G_TYPE_UINT64)
    return g_param_spec_uint64 (name, NULL, NULL, 0, G_MAXUINT64, 0, flags);
  if (type == G_TYPE_DOUBLE)
    return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  if (type == G_TYPE_STRING)
    return g_param_spec_string (name, NULL, NULL, NULL, flags);
  if (G_TYPE_IS_ENUM (type))
    return g_param_spec_enum (name, NULL, NULL, type, G_PARAM_SPEC_ENUM (pspec)->default_value, flags);
  if (G_TYPE_IS_BOXED (type))
    return g_param_spec_boxed (name, NULL, NULL, type, flags);
  if (G_TYPE_IS_OBJECT (type) && (proxy_type = lookup_proxy_type (type)) != 0)
    return g_param_spec_object (name, NULL, NULL, proxy_type, flags);

  g_error ("%s: cannot mirror property %s of type %s", G_STRLOC, name, g_type_name (type));
}

static void se_proxy_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec);

void
_se_proxy_class_mirror (SeProxyClass *klass,
                        GType         target_type)
{
  GObjectClass *target_class = g_type_class_ref (target_type);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  G_LOCK (proxy_types);
  if (proxy_types == NULL)
    proxy_types = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (proxy_types, GSIZE_TO_POINTER (target_type), GSIZE_TO_POINTER (G_TYPE_FROM_CLASS (klass)));
  G_UNLOCK (proxy_types);

  /* GObject resets get_property for each class. */
  G_OBJECT_CLASS (klass)->get_property = se_proxy_get_property;
  klass->target_type = target_type;
  pspecs = g_object_class_list_properties (target_class, &n_pspecs);
  klass->mirrored = g_new0 (GParamSpec *, n_pspecs + 1);
  klass->own = g_new0 (GParamSpec *, n_pspecs + 1);
  for (guint i = 0; i < n_pspecs; i++)
    {
      if ((pspecs[i]->flags & G_PARAM_READABLE) == 0)
        continue;

      klass->mirrored[++klass->n_mirrored] = pspecs[i];
      klass->own[klass->n_mirrored] = mirror_pspec (pspecs[i]);
      g_object_class_install_property (G_OBJECT_CLASS (klass), klass->n_mirrored, klass->own[klass->n_mirrored]);
    }
  /* The target class stays referenced: its pspecs are used for ever. */
}

guint
_se_proxy_class_find (SeProxyClass *klass,
                      const char   *name)
{
  for (guint i = 1; i <= klass->n_mirrored; i++)
    if (g_str_equal (klass->mirrored[i]->name, name))
      return i;

  g_error ("%s: no property %s in %s", G_STRLOC, name, g_type_name (klass->target_type));
}

const GValue *
_se_proxy_get_value (SeProxy *self,
                     guint    prop_id)
{
  SeProxyPrivate *priv = se_proxy_get_instance_private (self);

  return &priv->values[prop_id];
}

SeNetwork *
_se_proxy_get_network (SeProxy *self)
{
  SeProxyPrivate *priv = se_proxy_get_instance_private (self);

  return priv->network;
}

GObject *
_se_proxy_get_target (SeProxy *self)
{
  SeProxyPrivate *priv = se_proxy_get_instance_private (self);

  return priv->target;
}

static void
se_proxy_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SeProxy *self = SE_PROXY (object);
  SeProxyClass *klass = SE_PROXY_GET_CLASS (self);
  SeProxyPrivate *priv = se_proxy_get_instance_private (self);

  if (prop_id >= 1 && prop_id <= klass->n_mirrored)
    g_value_copy (&priv->values[prop_id], value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
se_proxy_finalize (GObject *object)
{
  SeProxy *self = SE_PROXY (object);
  SeProxyPrivate *priv = se_proxy_get_instance_private (self);
  SeProxyClass *klass = SE_PROXY_GET_CLASS (self);

  for (guint i = 1; i <= klass->n_mirrored; i++)
    g_value_unset (&priv->values[i]);
  g_free (priv->values);

  /* The target is the network thread's: it is let go of there. */
  if (priv->target != NULL)
    _se_network_invoke (priv->network, (SeNetworkFunc) g_object_unref, g_steal_pointer (&priv->target), NULL);
  g_clear_object (&priv->network);

  G_OBJECT_CLASS (se_proxy_parent_class)->finalize (object);
}

static void
se_proxy_init (SeProxy *self)
{
}

/* Not in init: there the instance's class is still SeProxyClass. */
static void
se_proxy_constructed (GObject *object)
{
  SeProxy *self = SE_PROXY (object);
  SeProxyPrivate *priv = se_proxy_get_instance_private (self);
  SeProxyClass *klass = SE_PROXY_GET_CLASS (self);

  G_OBJECT_CLASS (se_proxy_parent_class)->constructed (object);

  /* Each value starts as its type's default, until the first snapshot. */
  priv->values = g_new0 (GValue, klass->n_mirrored + 1);
  for (guint i = 1; i <= klass->n_mirrored; i++)
    g_value_init (&priv->values[i], G_PARAM_SPEC_VALUE_TYPE (klass->own[i]));
}

static void
se_proxy_class_init (SeProxyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = se_proxy_constructed;
  object_class->finalize = se_proxy_finalize;
}
