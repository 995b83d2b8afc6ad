/* se-listener.h: a TCP, UDP, Unix stream or Unix datagram listener
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-connection.h"
#include "se-endpoint.h"
#include "se-peer.h"
#include "se-responder.h"
#include "se-rule.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_LISTENER_DEFAULT_BACKLOG 128
#define SE_LISTENER_DEFAULT_MAX_CONNECTIONS 10000
/* Asked of a datagram socket; the kernel's own default (about 208 KiB)
 * overflows within milliseconds of a flood. */
#define SE_LISTENER_DEFAULT_RECEIVE_BUFFER (4 * 1024 * 1024)

#define SE_TYPE_LISTENER (se_listener_get_type ())

G_DECLARE_FINAL_TYPE (SeListener, se_listener, SE, LISTENER, GObject)

SeListener   *se_listener_new             (SeEndpoint    *endpoint,
                                           SeResponder   *responder,
                                           SeTrafficLog  *log);
/* The endpoint as requested; after start, the bound one (real port). */
SeEndpoint   *se_listener_get_endpoint    (SeListener    *self);
SeResponder  *se_listener_get_responder   (SeListener    *self);
void          se_listener_set_responder   (SeListener    *self,
                                           SeResponder   *responder);
SeRuleSet    *se_listener_get_rules       (SeListener    *self);
void          se_listener_set_rules       (SeListener    *self,
                                           SeRuleSet     *rules);
guint         se_listener_get_backlog     (SeListener    *self);
void          se_listener_set_backlog     (SeListener    *self,
                                           guint          backlog);
/* Stream: open connections past this are refused (logged); 0 = none. */
guint         se_listener_get_max_connections (SeListener *self);
void          se_listener_set_max_connections (SeListener *self,
                                               guint       max_connections);
/* Stream: seconds of silence after which a connection is closed; 0 = never. */
guint         se_listener_get_idle_timeout    (SeListener *self);
void          se_listener_set_idle_timeout    (SeListener *self,
                                               guint       seconds);
/* Stream: close a connection once its peer sent FIN, even without a
 * responder (with one, it always is). */
gboolean      se_listener_get_close_on_eof    (SeListener *self);
void          se_listener_set_close_on_eof    (SeListener *self,
                                               gboolean    close_on_eof);
/* Datagram: SO_RCVBUF asked at start; 0 = the kernel's default. */
guint         se_listener_get_receive_buffer  (SeListener *self);
void          se_listener_set_receive_buffer  (SeListener *self,
                                               guint       bytes);
/* Datagram (UDP): multicast groups to join at start, each
 * "GROUP[@IFACE][/SOURCE]" (239.1.2.3, ff02::1234@lo, 232.1.1.1@eth0/192.0.2.5);
 * a listener bound to a group address joins that one as well. A group
 * that is not one is an error here; a join the system refuses fails the
 * start. Joins and leaves are logged. */
const char * const *se_listener_get_multicast_groups (SeListener         *self);
gboolean      se_listener_set_multicast_groups (SeListener         *self,
                                                const char * const *groups,
                                                GError            **error);
/* Datagram: hops of the multicast datagrams this listener sends (its
 * replies to a group); -1 = the system's (1). */
int           se_listener_get_multicast_ttl   (SeListener *self);
void          se_listener_set_multicast_ttl   (SeListener *self,
                                               int         ttl);
/* Datagram: our own multicast datagrams come back to us (the default). */
gboolean      se_listener_get_multicast_loop  (SeListener *self);
void          se_listener_set_multicast_loop  (SeListener *self,
                                               gboolean    loop);
/* recv(bufsize)/recvfrom(bufsize) of every read, 1 to
 * SE_CONNECTION_READ_SIZE_DEFAULT (the default): a small one shows a
 * stream cut into pieces, and a datagram cut short. */
guint         se_listener_get_read_size       (SeListener *self);
void          se_listener_set_read_size       (SeListener *self,
                                               guint       read_size);
/* tls://: the certificate (with its key) the listener presents; without
 * one it makes a self-signed certificate when it starts. */
void          se_listener_set_tls_certificate (SeListener      *self,
                                               GTlsCertificate *certificate);
/* Or PEM files, read at each start (see se-listener.c) */
void          se_listener_set_tls_files       (SeListener      *self,
                                               const char      *cert_file,
                                               const char      *key_file);
/* Its SHA-256 fingerprint ("AB:CD:…"), NULL until it has one. */
const char   *se_listener_get_tls_fingerprint (SeListener      *self);
gboolean      se_listener_get_running     (SeListener    *self);
guint         se_listener_get_id          (SeListener    *self);
/* Stream listeners: the open connections (SeConnection). Datagram
 * listeners: empty. */
GListModel   *se_listener_get_connections (SeListener    *self);
/* Datagram listeners: the peers seen so far (SePeer, with their own
 * counters), in the order they first sent. Stream listeners: empty. */
GListModel   *se_listener_get_peers       (SeListener    *self);

/* Resolves the host if it is a name (asynchronously), binds, and for
 * stream kinds listens. */
void          se_listener_start_async     (SeListener          *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      se_listener_start_finish    (SeListener          *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* Closes the listening socket and all connections, removes the Unix
 * socket file. */
void          se_listener_stop            (SeListener          *self);

/* Stream: to every open connection. Datagram: to every peer seen. */
gboolean      se_listener_send_all        (SeListener          *self,
                                           GBytes              *data,
                                           GError             **error);
/* Datagram listeners: one datagram to a peer ("127.0.0.1:5000", "/path"). */
gboolean      se_listener_send_to         (SeListener          *self,
                                           const char          *peer,
                                           GBytes              *data,
                                           GError             **error);

G_END_DECLS
