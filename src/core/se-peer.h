/* se-peer.h: one peer of a datagram listener, with its own counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SE_TYPE_PEER (se_peer_get_type ())

G_DECLARE_FINAL_TYPE (SePeer, se_peer, SE, PEER, GObject)

/* "127.0.0.1:5000", "[::1]:5000" or a Unix path, as endpoints write it */
const char *se_peer_get_address            (SePeer *self);
guint64     se_peer_get_bytes_received     (SePeer *self);
guint64     se_peer_get_datagrams_received (SePeer *self);
guint64     se_peer_get_bytes_sent         (SePeer *self);
guint64     se_peer_get_datagrams_sent     (SePeer *self);
/* Wall clock (µs since the epoch) of the last datagram either way. */
gint64      se_peer_get_last_seen          (SePeer *self);

G_END_DECLS
