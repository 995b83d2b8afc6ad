/* se-peer-proxy.c: an SePeer of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-peer-proxy.h"
#include "se-proxy-private.h"

struct _SePeerProxy
{
  SeProxy parent_instance;
};

G_DEFINE_FINAL_TYPE (SePeerProxy, se_peer_proxy, SE_TYPE_PROXY)

static guint prop_address, prop_bytes_received, prop_datagrams_received,
             prop_bytes_sent, prop_datagrams_sent;

#define VALUE(self, prop) _se_proxy_get_value (SE_PROXY (self), prop)

static void
se_peer_proxy_class_init (SePeerProxyClass *klass)
{
  SeProxyClass *proxy_class = SE_PROXY_CLASS (klass);

  _se_proxy_class_mirror (proxy_class, SE_TYPE_PEER);
  prop_address = _se_proxy_class_find (proxy_class, "address");
  prop_bytes_received = _se_proxy_class_find (proxy_class, "bytes-received");
  prop_datagrams_received = _se_proxy_class_find (proxy_class, "datagrams-received");
  prop_bytes_sent = _se_proxy_class_find (proxy_class, "bytes-sent");
  prop_datagrams_sent = _se_proxy_class_find (proxy_class, "datagrams-sent");
}

static void
se_peer_proxy_init (SePeerProxy *self)
{
}

const char *
se_peer_proxy_get_address (SePeerProxy *self)
{
  g_return_val_if_fail (SE_IS_PEER_PROXY (self), NULL);
  return g_value_get_string (VALUE (self, prop_address));
}

guint64
se_peer_proxy_get_bytes_received (SePeerProxy *self)
{
  g_return_val_if_fail (SE_IS_PEER_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_bytes_received));
}

guint64
se_peer_proxy_get_datagrams_received (SePeerProxy *self)
{
  g_return_val_if_fail (SE_IS_PEER_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_datagrams_received));
}

guint64
se_peer_proxy_get_bytes_sent (SePeerProxy *self)
{
  g_return_val_if_fail (SE_IS_PEER_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_bytes_sent));
}

guint64
se_peer_proxy_get_datagrams_sent (SePeerProxy *self)
{
  g_return_val_if_fail (SE_IS_PEER_PROXY (self), 0);
  return g_value_get_uint64 (VALUE (self, prop_datagrams_sent));
}
