/* se-peer-private.h: what the datagram listener needs of SePeer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-peer.h"
#include "se-socket-private.h"

G_BEGIN_DECLS

SePeer           *_se_peer_new             (const SeSockaddr *addr,
                                            const char       *text);
const SeSockaddr *_se_peer_get_sockaddr    (SePeer           *self);
/* Count one datagram. The counters change at once but are not notified:
 * a flood would notify views tens of thousands of times a second. The
 * listener calls _se_peer_flush_notify() once per batch instead. Both
 * return TRUE when the peer had nothing pending, so the caller knows to
 * remember it for the flush. time (g_get_real_time()) is when the call
 * that read or sent it returned: the peer's last-seen. */
gboolean          _se_peer_count_received  (SePeer           *self,
                                            gsize             size,
                                            gint64            time);
gboolean          _se_peer_count_sent      (SePeer           *self,
                                            gsize             size,
                                            gint64            time);
void              _se_peer_flush_notify    (SePeer           *self);

/* For a GHashTable keyed by the peer's native address. */
guint             _se_sockaddr_hash        (gconstpointer     addr);
gboolean          _se_sockaddr_equal       (gconstpointer     a,
                                            gconstpointer     b);

G_END_DECLS
