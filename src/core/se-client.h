/* se-client.h: a client of a TCP, UDP, Unix stream or Unix datagram endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-connection.h"
#include "se-endpoint.h"
#include "se-rule.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_CLIENT_DEFAULT_CONNECT_TIMEOUT_MS 5000

#define SE_TYPE_CLIENT (se_client_get_type ())

G_DECLARE_FINAL_TYPE (SeClient, se_client, SE, CLIENT, GObject)

SeClient     *se_client_new                 (SeEndpoint   *target,
                                             SeTrafficLog *log);
SeEndpoint   *se_client_get_target          (SeClient     *self);
guint         se_client_get_id              (SeClient     *self);
/* Match-and-reply rules for what the server sends: a stream client's
 * connection runs them (set before connecting); a datagram client answers
 * each datagram the target sends back, and "close" closes its socket. */
SeRuleSet    *se_client_get_rules           (SeClient     *self);
void          se_client_set_rules           (SeClient     *self,
                                             SeRuleSet    *rules);
guint         se_client_get_connect_timeout (SeClient     *self);
void          se_client_set_connect_timeout (SeClient     *self,
                                             guint         timeout_ms);
/* UDP: SO_BROADCAST, so that sends to a broadcast address (such as
 * 255.255.255.255) are allowed; without it they fail with EACCES. */
gboolean      se_client_get_broadcast       (SeClient     *self);
void          se_client_set_broadcast       (SeClient     *self,
                                             gboolean      broadcast);
/* UDP: hops of datagrams sent to a multicast group; -1 = the system's (1). */
int           se_client_get_multicast_ttl   (SeClient     *self);
void          se_client_set_multicast_ttl   (SeClient     *self,
                                             int           ttl);
/* UDP: our own datagrams to a group come back to this machine's members. */
gboolean      se_client_get_multicast_loop  (SeClient     *self);
void          se_client_set_multicast_loop  (SeClient     *self,
                                             gboolean      loop);
/* recv(bufsize)/recvfrom(bufsize) of every read, 1 to
 * SE_CONNECTION_READ_SIZE_DEFAULT (the default). */
guint         se_client_get_read_size       (SeClient     *self);
void          se_client_set_read_size       (SeClient     *self,
                                             guint         read_size);
/* TCP: set TCP_NODELAY (Nagle's algorithm off) on the next socket, a
 * setsockopt() event in the log. FALSE, the default, keeps the kernel's. */
gboolean      se_client_get_nodelay         (SeClient     *self);
void          se_client_set_nodelay         (SeClient     *self,
                                             gboolean      nodelay);
/* tls://: accept the server's certificate even if the check against the
 * system's authorities fails (the failure is still logged and shown). */
gboolean      se_client_get_tls_insecure    (SeClient     *self);
void          se_client_set_tls_insecure    (SeClient     *self,
                                             gboolean      insecure);
/* tls://: accept exactly the certificate with this SHA-256 fingerprint
 * (hex, colons optional), trusted or not; NULL or "": no pin. */
const char   *se_client_get_tls_pin         (SeClient     *self);
void          se_client_set_tls_pin         (SeClient     *self,
                                             const char   *fingerprint);
/* tls://: check the server against the authorities of this PEM file
 * (a test CA) instead of the system's; NULL or "": the system's. A file
 * that cannot be read fails the connection, logged. */
const char   *se_client_get_tls_ca_file     (SeClient     *self);
void          se_client_set_tls_ca_file     (SeClient     *self,
                                             const char   *ca_file);
/* Stream clients: the connection once connected, else NULL. */
SeConnection *se_client_get_connection      (SeClient     *self);
/* Datagram clients: the local address of the client's socket. */
const char   *se_client_get_local_address   (SeClient     *self);
gboolean      se_client_get_connected       (SeClient     *self);
/* Datagram clients: counted since the socket was (re)opened. A stream
 * client's counters are its connection's. */
guint64       se_client_get_bytes_sent          (SeClient *self);
guint64       se_client_get_datagrams_sent      (SeClient *self);
guint64       se_client_get_bytes_received      (SeClient *self);
guint64       se_client_get_datagrams_received  (SeClient *self);

/* Stream: resolves, tries each address in turn with the timeout, and
 * connects. Datagram: resolves and opens the client's socket (a Unix
 * datagram client autobinds, so replies can come back). */
void          se_client_connect_async       (SeClient            *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      se_client_connect_finish      (SeClient            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

gboolean      se_client_send                (SeClient     *self,
                                             GBytes       *data,
                                             GError      **error);
gboolean      se_client_shutdown            (SeClient     *self,
                                             GError      **error);
void          se_client_close               (SeClient     *self);
void          se_client_reset               (SeClient     *self);

G_END_DECLS
