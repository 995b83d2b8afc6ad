/* se-client-proxy.h: an SeClient of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-client.h"
#include "se-connection-proxy.h"
#include "se-proxy.h"

G_BEGIN_DECLS

#define SE_TYPE_CLIENT_PROXY (se_client_proxy_get_type ())

G_DECLARE_FINAL_TYPE (SeClientProxy, se_client_proxy, SE, CLIENT_PROXY, SeProxy)

/* Makes an SeClient on the network's thread, appending to log. Its
 * "received" and "closed" signals are emitted again by the proxy. */
SeClientProxy     *se_client_proxy_new                (SeNetwork     *network,
                                                       SeEndpoint    *target,
                                                       SeTrafficLog  *log);

SeEndpoint        *se_client_proxy_get_target         (SeClientProxy *self);
guint              se_client_proxy_get_id             (SeClientProxy *self);
SeConnectionProxy *se_client_proxy_get_connection     (SeClientProxy *self);
const char        *se_client_proxy_get_local_address  (SeClientProxy *self);
gboolean           se_client_proxy_get_connected      (SeClientProxy *self);
guint              se_client_proxy_get_connect_timeout (SeClientProxy *self);
guint              se_client_proxy_get_read_size      (SeClientProxy *self);
gboolean           se_client_proxy_get_nodelay        (SeClientProxy *self);
gboolean           se_client_proxy_get_tls_insecure   (SeClientProxy *self);
const char        *se_client_proxy_get_tls_pin        (SeClientProxy *self);
const char        *se_client_proxy_get_tls_ca_file    (SeClientProxy *self);
guint64            se_client_proxy_get_bytes_sent         (SeClientProxy *self);
guint64            se_client_proxy_get_datagrams_sent     (SeClientProxy *self);
guint64            se_client_proxy_get_bytes_received     (SeClientProxy *self);
guint64            se_client_proxy_get_datagrams_received (SeClientProxy *self);

/* UDP: SO_BROADCAST (see se_client_set_broadcast()). */
void               se_client_proxy_set_broadcast       (SeClientProxy *self,
                                                        gboolean       broadcast);
SeRuleSet         *se_client_proxy_get_rules           (SeClientProxy *self);
void               se_client_proxy_set_rules           (SeClientProxy *self,
                                                        SeRuleSet     *rules);
void               se_client_proxy_set_connect_timeout (SeClientProxy *self,
                                                        guint          timeout_ms);
void               se_client_proxy_set_read_size      (SeClientProxy *self,
                                                       guint          read_size);
void               se_client_proxy_set_tls_insecure   (SeClientProxy *self,
                                                       gboolean       insecure);
void               se_client_proxy_set_tls_pin        (SeClientProxy *self,
                                                       const char    *fingerprint);
void               se_client_proxy_set_tls_ca_file    (SeClientProxy *self,
                                                       const char    *ca_file);
void               se_client_proxy_set_nodelay        (SeClientProxy *self,
                                                       gboolean       nodelay);
void               se_client_proxy_connect_async      (SeClientProxy       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean           se_client_proxy_connect_finish     (SeClientProxy       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
gboolean           se_client_proxy_send               (SeClientProxy *self,
                                                       GBytes        *data,
                                                       GError       **error);
/* One send() per message (GBytes), all in one turn of the network
 * thread: nothing is read between them, as when a program calls send()
 * five times in a row (the message boundaries demonstration). Stops at
 * the first failure. */
gboolean           se_client_proxy_send_burst         (SeClientProxy *self,
                                                       GPtrArray     *messages,
                                                       GError       **error);
gboolean           se_client_proxy_shutdown           (SeClientProxy *self,
                                                       GError       **error);
void               se_client_proxy_close              (SeClientProxy *self);
void               se_client_proxy_reset              (SeClientProxy *self);

G_END_DECLS
