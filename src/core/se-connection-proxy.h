/* se-connection-proxy.h: an SeConnection of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-connection.h"
#include "se-proxy.h"

G_BEGIN_DECLS

#define SE_TYPE_CONNECTION_PROXY (se_connection_proxy_get_type ())

G_DECLARE_FINAL_TYPE (SeConnectionProxy, se_connection_proxy, SE, CONNECTION_PROXY, SeProxy)

/* The SeConnection's values as of the last delivery (see se-network.h),
 * under the same property names. */
guint             se_connection_proxy_get_id                (SeConnectionProxy *self);
SeConnectionState se_connection_proxy_get_state             (SeConnectionProxy *self);
const char       *se_connection_proxy_get_local_address     (SeConnectionProxy *self);
const char       *se_connection_proxy_get_remote_address    (SeConnectionProxy *self);
guint64           se_connection_proxy_get_bytes_sent        (SeConnectionProxy *self);
guint64           se_connection_proxy_get_bytes_received    (SeConnectionProxy *self);
guint64           se_connection_proxy_get_messages_sent     (SeConnectionProxy *self);
guint64           se_connection_proxy_get_messages_received (SeConnectionProxy *self);
const GError     *se_connection_proxy_get_error             (SeConnectionProxy *self);
/* tls://: see se_connection_get_tls_summary() */
const char       *se_connection_proxy_get_tls_summary       (SeConnectionProxy *self);

/* As se_connection_send() and so on, run on the network thread; the
 * proxy's values include their effects when these return. */
gboolean          se_connection_proxy_send                  (SeConnectionProxy *self,
                                                             GBytes            *data,
                                                             GError           **error);
gboolean          se_connection_proxy_shutdown              (SeConnectionProxy *self,
                                                             GError           **error);
void              se_connection_proxy_close                 (SeConnectionProxy *self);
void              se_connection_proxy_reset                 (SeConnectionProxy *self);
/* se_connection_get_kernel_queues(), asked on the network thread now. */
gboolean          se_connection_proxy_get_kernel_queues     (SeConnectionProxy *self,
                                                             guint             *unread,
                                                             guint             *unsent);

G_END_DECLS
