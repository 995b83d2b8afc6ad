/* se-peer-proxy.h: an SePeer of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-peer.h"
#include "se-proxy.h"

G_BEGIN_DECLS

#define SE_TYPE_PEER_PROXY (se_peer_proxy_get_type ())

G_DECLARE_FINAL_TYPE (SePeerProxy, se_peer_proxy, SE, PEER_PROXY, SeProxy)

const char *se_peer_proxy_get_address            (SePeerProxy *self);
guint64     se_peer_proxy_get_bytes_received     (SePeerProxy *self);
guint64     se_peer_proxy_get_datagrams_received (SePeerProxy *self);
guint64     se_peer_proxy_get_bytes_sent         (SePeerProxy *self);
guint64     se_peer_proxy_get_datagrams_sent     (SePeerProxy *self);

G_END_DECLS
