/* se-peer.c: one peer of a datagram listener, with its own counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A datagram socket has no connection per peer, yet a learner wants to
 * see who sent what: the listener keeps one SePeer per source address
 * (a GListModel the window shows), so views need not re-read the log.
 */
#include "config.h"

#include <string.h>

#include "se-peer-private.h"

typedef enum
{
  CHANGED_RECEIVED = 1 << 0,
  CHANGED_SENT     = 1 << 1,
} Changed;

struct _SePeer
{
  GObject     parent_instance;

  SeSockaddr  addr;
  char       *address;
  guint64     bytes_received;
  guint64     datagrams_received;
  guint64     bytes_sent;
  guint64     datagrams_sent;
  gint64      last_seen;
  guint       changed;   /* Changed */
};

enum {
  PROP_0,
  PROP_ADDRESS,
  PROP_BYTES_RECEIVED,
  PROP_DATAGRAMS_RECEIVED,
  PROP_BYTES_SENT,
  PROP_DATAGRAMS_SENT,
  PROP_LAST_SEEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SePeer, se_peer, G_TYPE_OBJECT)

static gboolean
mark_changed (SePeer *self,
              Changed what,
              gint64  time)
{
  gboolean first = self->changed == 0;

  self->changed |= what;
  self->last_seen = time;
  return first;
}

static void
se_peer_finalize (GObject *object)
{
  SePeer *self = (SePeer *)object;

  g_free (self->address);

  G_OBJECT_CLASS (se_peer_parent_class)->finalize (object);
}

static void
se_peer_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SePeer *self = SE_PEER (object);

  switch (prop_id)
    {
    case PROP_ADDRESS:
      g_value_set_string (value, self->address);
      break;
    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;
    case PROP_DATAGRAMS_RECEIVED:
      g_value_set_uint64 (value, self->datagrams_received);
      break;
    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;
    case PROP_DATAGRAMS_SENT:
      g_value_set_uint64 (value, self->datagrams_sent);
      break;
    case PROP_LAST_SEEN:
      g_value_set_int64 (value, self->last_seen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_peer_class_init (SePeerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = se_peer_finalize;
  object_class->get_property = se_peer_get_property;

  properties[PROP_ADDRESS] =
    g_param_spec_string ("address", NULL, NULL, NULL, flags);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_DATAGRAMS_RECEIVED] =
    g_param_spec_uint64 ("datagrams-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_DATAGRAMS_SENT] =
    g_param_spec_uint64 ("datagrams-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_LAST_SEEN] =
    g_param_spec_int64 ("last-seen", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
se_peer_init (SePeer *self)
{
}

/* private API */

SePeer *
_se_peer_new (const SeSockaddr *addr,
              const char       *text)
{
  SePeer *self = g_object_new (SE_TYPE_PEER, NULL);

  self->addr = *addr;
  self->address = g_strdup (text);
  return self;
}

const SeSockaddr *
_se_peer_get_sockaddr (SePeer *self)
{
  return &self->addr;
}

gboolean
_se_peer_count_received (SePeer *self,
                         gsize   size,
                         gint64  time)
{
  self->bytes_received += size;
  self->datagrams_received++;
  return mark_changed (self, CHANGED_RECEIVED, time);
}

gboolean
_se_peer_count_sent (SePeer *self,
                     gsize   size,
                     gint64  time)
{
  self->bytes_sent += size;
  self->datagrams_sent++;
  return mark_changed (self, CHANGED_SENT, time);
}

void
_se_peer_flush_notify (SePeer *self)
{
  guint changed = self->changed;

  if (changed == 0)
    return;

  self->changed = 0;
  g_object_freeze_notify (G_OBJECT (self));
  if (changed & CHANGED_RECEIVED)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATAGRAMS_RECEIVED]);
    }
  if (changed & CHANGED_SENT)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATAGRAMS_SENT]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEEN]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
_se_sockaddr_hash (gconstpointer data)
{
  const SeSockaddr *addr = data;
  const guint8 *bytes = (const guint8 *) &addr->addr;
  guint hash = 5381;

  for (socklen_t i = 0; i < addr->len; i++)
    hash = hash * 33 + bytes[i];
  return hash;
}

gboolean
_se_sockaddr_equal (gconstpointer a,
                    gconstpointer b)
{
  const SeSockaddr *x = a, *y = b;

  return x->len == y->len && memcmp (&x->addr, &y->addr, x->len) == 0;
}

/* public API */

const char *
se_peer_get_address (SePeer *self)
{
  g_return_val_if_fail (SE_IS_PEER (self), NULL);
  return self->address;
}

guint64
se_peer_get_bytes_received (SePeer *self)
{
  g_return_val_if_fail (SE_IS_PEER (self), 0);
  return self->bytes_received;
}

guint64
se_peer_get_datagrams_received (SePeer *self)
{
  g_return_val_if_fail (SE_IS_PEER (self), 0);
  return self->datagrams_received;
}

guint64
se_peer_get_bytes_sent (SePeer *self)
{
  g_return_val_if_fail (SE_IS_PEER (self), 0);
  return self->bytes_sent;
}

guint64
se_peer_get_datagrams_sent (SePeer *self)
{
  g_return_val_if_fail (SE_IS_PEER (self), 0);
  return self->datagrams_sent;
}

gint64
se_peer_get_last_seen (SePeer *self)
{
  g_return_val_if_fail (SE_IS_PEER (self), 0);
  return self->last_seen;
}
