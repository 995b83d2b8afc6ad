/* se-listener-proxy.h: an SeListener of the network thread, seen from the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-listener.h"
#include "se-proxy.h"

G_BEGIN_DECLS

#define SE_TYPE_LISTENER_PROXY (se_listener_proxy_get_type ())

G_DECLARE_FINAL_TYPE (SeListenerProxy, se_listener_proxy, SE, LISTENER_PROXY, SeProxy)

/* Makes an SeListener on the network's thread, appending to log. */
SeListenerProxy *se_listener_proxy_new            (SeNetwork       *network,
                                                   SeEndpoint      *endpoint,
                                                   SeResponder     *responder,
                                                   SeTrafficLog    *log);

/* The SeListener's values as of the last delivery, same names. */
SeEndpoint      *se_listener_proxy_get_endpoint   (SeListenerProxy *self);
SeResponder     *se_listener_proxy_get_responder  (SeListenerProxy *self);
gboolean         se_listener_proxy_get_running    (SeListenerProxy *self);
guint            se_listener_proxy_get_id         (SeListenerProxy *self);
guint            se_listener_proxy_get_backlog    (SeListenerProxy *self);
guint            se_listener_proxy_get_max_connections (SeListenerProxy *self);
guint            se_listener_proxy_get_idle_timeout    (SeListenerProxy *self);
guint            se_listener_proxy_get_read_size       (SeListenerProxy *self);
/* tls://: the SHA-256 fingerprint of its certificate, NULL until it has one */
const char      *se_listener_proxy_get_tls_fingerprint (SeListenerProxy *self);
const char      *se_listener_proxy_get_tls_cert_file   (SeListenerProxy *self);
const char      *se_listener_proxy_get_tls_key_file    (SeListenerProxy *self);
/* SeConnectionProxy items, and SePeerProxy items. */
GListModel      *se_listener_proxy_get_connections (SeListenerProxy *self);
GListModel      *se_listener_proxy_get_peers       (SeListenerProxy *self);

/* Run on the network thread; their effects are delivered on return. */
/* See se_listener_set_multicast_groups(). */
gboolean         se_listener_proxy_set_multicast_groups (SeListenerProxy     *self,
                                                         const char * const  *groups,
                                                         GError             **error);
void             se_listener_proxy_set_backlog         (SeListenerProxy *self,
                                                        guint            backlog);
void             se_listener_proxy_set_max_connections (SeListenerProxy *self,
                                                        guint            max_connections);
void             se_listener_proxy_set_tls_certificate (SeListenerProxy *self,
                                                        GTlsCertificate *certificate);
void             se_listener_proxy_set_tls_files       (SeListenerProxy *self,
                                                        const char      *cert_file,
                                                        const char      *key_file);
void             se_listener_proxy_set_read_size       (SeListenerProxy *self,
                                                        guint            read_size);
void             se_listener_proxy_set_idle_timeout    (SeListenerProxy *self,
                                                        guint            seconds);
void             se_listener_proxy_set_responder       (SeListenerProxy *self,
                                                        SeResponder     *responder);
/* Match-and-reply rules (NULL or empty: none) */
SeRuleSet       *se_listener_proxy_get_rules           (SeListenerProxy *self);
void             se_listener_proxy_set_rules           (SeListenerProxy *self,
                                                        SeRuleSet       *rules);
void             se_listener_proxy_start_async    (SeListenerProxy     *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean         se_listener_proxy_start_finish   (SeListenerProxy     *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void             se_listener_proxy_stop           (SeListenerProxy     *self);
gboolean         se_listener_proxy_send_all       (SeListenerProxy     *self,
                                                   GBytes              *data,
                                                   GError             **error);
gboolean         se_listener_proxy_send_to        (SeListenerProxy     *self,
                                                   const char          *peer,
                                                   GBytes              *data,
                                                   GError             **error);

/* Makes the listener a relay to target (se-relay.h), before it starts;
 * idle_timeout_ms ends a datagram source's session. */
gboolean         se_listener_proxy_set_relay      (SeListenerProxy     *self,
                                                   SeEndpoint          *target,
                                                   guint                idle_timeout_ms,
                                                   GError             **error);
/* NULL unless the listener is a relay. */
SeEndpoint      *se_listener_proxy_get_relay_target (SeListenerProxy   *self);
guint            se_listener_proxy_get_relay_idle_timeout_ms (SeListenerProxy *self);

G_END_DECLS
