/* se-proxy-private.h: what proxies of network-thread objects share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A proxy stands on the owner's thread (the GUI) for an object of the
 * core living on the network thread (its target). It mirrors the
 * target's readable properties under the same names: when the target
 * notifies, the network thread takes a snapshot of all of them, at most
 * once per publish interval, and the owner applies it, notifying what
 * changed. Properties holding another core object hold its proxy.
 *
 * Threads: a proxy's values are written on the network thread only
 * before the proxy is published, then on the owner's thread only. The
 * target is touched on the network thread only; the proxy holds a
 * reference on it that is given back there.
 */
#pragma once

#include "se-proxy.h"

G_BEGIN_DECLS

/* Network thread: the proxy alive for the link's target, or NULL.
 * (transfer full) */
SeProxy   *_se_proxy_link_dup_proxy    (SeProxyLink *link);
SeNetwork *_se_proxy_link_get_network  (SeProxyLink *link);

typedef void (*SeProxyApplyFunc) (SeProxy  *proxy,
                                  gpointer  data);

/* class_init: installs a read-only copy of each readable property of
 * target_type, and registers the proxy type for it. */
void       _se_proxy_class_mirror     (SeProxyClass *klass,
                                       GType         target_type);
/* The proxy's property id of a mirrored property (class_init). */
guint      _se_proxy_class_find       (SeProxyClass *klass,
                                       const char   *name);
const GValue *_se_proxy_get_value     (SeProxy      *self,
                                       guint         prop_id);

SeNetwork *_se_proxy_get_network      (SeProxy      *self);
/* Network thread only. */
GObject   *_se_proxy_get_target       (SeProxy      *self);

/* Network thread: the proxy of target (made, with target's values, if it
 * has none alive), or NULL for NULL. (transfer full) */
gpointer   _se_network_ensure_proxy   (SeNetwork    *self,
                                       GObject      *target);
typedef enum
{
  /* First publish every pending snapshot, so that the owner sees the
   * values of this moment when func runs. */
  SE_POST_FLUSH    = 1 << 0,
  /* Run only from the owner's main loop, never inside se_network_call():
   * signals and async results call the owner's code, which must not run
   * in the middle of another of its handlers. Snapshots and list changes
   * are not deferred, so a command's effects are seen on return. */
  SE_POST_DEFERRED = 1 << 1,
} SePostFlags;

/* Network thread: queues func (proxy, data) to run on the owner's
 * thread, in order; takes a reference on proxy. */
void       _se_network_post           (SeNetwork      *self,
                                       SeProxy        *proxy,
                                       SePostFlags     flags,
                                       SeProxyApplyFunc func,
                                       gpointer        data,
                                       GDestroyNotify  destroy);
/* Owner: runs func (data) on the network thread without waiting. */
void       _se_network_invoke         (SeNetwork     *self,
                                       SeNetworkFunc  func,
                                       gpointer       data,
                                       GDestroyNotify destroy);
/* Network thread: publishes every pending snapshot now. */
void       _se_network_flush          (SeNetwork    *self);
/* Network thread: publish (data) at the next publish (the proxies' links
 * mark themselves so); forget undoes it for data. */
void       _se_network_mark_dirty     (SeNetwork     *self,
                                       SeNetworkFunc  publish,
                                       gpointer       data);
void       _se_network_forget_dirty   (SeNetwork     *self,
                                       gpointer       data);

G_END_DECLS
