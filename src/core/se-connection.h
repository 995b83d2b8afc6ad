/* se-connection.h: one stream connection (TCP or Unix stream), accepted or connected
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-endpoint.h"

G_BEGIN_DECLS

typedef enum
{
  SE_CONNECTION_STATE_CONNECTED,
  SE_CONNECTION_STATE_HALF_CLOSED_LOCAL,   /* we shut down writing */
  SE_CONNECTION_STATE_HALF_CLOSED_REMOTE,  /* the peer shut down writing (we read EOF) */
  SE_CONNECTION_STATE_CLOSED,
} SeConnectionState;

/* At most this many bytes wait in one connection's send queue. */
#define SE_CONNECTION_SEND_QUEUE_MAX (4 * 1024 * 1024)
/* At most this many bytes wait in the send queues of all connections of
 * the process together, by default. */
#define SE_CONNECTION_SEND_QUEUE_TOTAL_DEFAULT (64 * 1024 * 1024)
/* recv(bufsize) of listeners and clients unless a read size is set:
 * also the most they read at once. */
#define SE_CONNECTION_READ_SIZE_DEFAULT (64 * 1024)

#define SE_TYPE_CONNECTION (se_connection_get_type ())

G_DECLARE_FINAL_TYPE (SeConnection, se_connection, SE, CONNECTION, GObject)

guint             se_connection_get_id                (SeConnection *self);
SeProtocol        se_connection_get_protocol          (SeConnection *self);
SeConnectionState se_connection_get_state             (SeConnection *self);
/* getsockname() / getpeername() in endpoint-address form */
const char       *se_connection_get_local_address     (SeConnection *self);
const char       *se_connection_get_remote_address    (SeConnection *self);
gboolean          se_connection_get_accepted          (SeConnection *self);  /* server side */
guint64           se_connection_get_bytes_sent        (SeConnection *self);
guint64           se_connection_get_bytes_received    (SeConnection *self);
guint64           se_connection_get_messages_sent     (SeConnection *self);
guint64           se_connection_get_messages_received (SeConnection *self);
gsize             se_connection_get_queued_bytes      (SeConnection *self);
/* tls:// only: the handshake's result (version, cipher, the peer's
 * certificate chain, the check), NULL until then and for plain streams. */
const char       *se_connection_get_tls_summary       (SeConnection *self);
/* The error that closed the connection, if any (reset by peer …) */
const GError     *se_connection_get_error             (SeConnection *self);
/* What the kernel holds for this socket now: bytes received and not read
 * yet (ioctl SIOCINQ) and bytes not yet sent or not yet acknowledged by
 * the peer (SIOCOUTQ). Two system calls: for a view that asks now and
 * then, not per event. FALSE once the socket is closed. */
gboolean          se_connection_get_kernel_queues     (SeConnection *self,
                                                       guint        *unread,
                                                       guint        *unsent);

/* Queues the bytes; they are all written (sendall) as the socket allows.
 * Fails if the connection can no longer send or the queue is full. */
gboolean          se_connection_send                  (SeConnection *self,
                                                       GBytes       *data,
                                                       GError      **error);
/* Half-close: shutdown(SHUT_WR) once the queue has drained. */
gboolean          se_connection_shutdown              (SeConnection *self,
                                                       GError      **error);
/* Orderly close: stops reading, sends what is still queued (for at most
 * 5 s, like the kernel's buffer after close()), then closes. The log says
 * if queued bytes had to be dropped. */
void              se_connection_close                 (SeConnection *self);
/* Abortive close: SO_LINGER 0, the peer sees ECONNRESET. */
void              se_connection_reset                 (SeConnection *self);

const char       *se_connection_state_to_string       (SeConnectionState state);

/* The cap on the bytes queued by all connections together. Past it, sends
 * are refused and responders stop reading until their own queue drains. */
gsize             se_connection_get_send_queue_total_limit (void);
void              se_connection_set_send_queue_total_limit (gsize limit);

G_END_DECLS
