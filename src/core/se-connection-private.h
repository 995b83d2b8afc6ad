/* se-connection-private.h: what listeners and clients need of SeConnection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-connection.h"
#include "se-responder.h"
#include "se-rule.h"
#include "se-traffic-log.h"
#include "se-tls-private.h"

G_BEGIN_DECLS

/* Takes ownership of fd, a connected non-blocking stream socket. id 0
 * allocates a new connection id. local (the formatted local address) and
 * peer (the native address accept() returned) spare the getsockname() and
 * getpeername() calls when the caller knows them; NULL asks the socket. */
SeConnection *_se_connection_new   (int           fd,
                                    guint         id,
                                    SeProtocol    protocol,
                                    gboolean      accepted,
                                    SeTrafficLog *log,
                                    SeResponder  *responder,
                                    const char   *local,
                                    gconstpointer peer,
                                    gsize         peer_len);
/* Puts a TLS stream between the connection and its socket, before
 * _se_connection_start(); the handshake starts at once. FALSE with @error
 * if it could not (logged; the connection then closes when started). */
gboolean      _se_connection_use_tls (SeConnection       *self,
                                      const SeTlsParams  *params,
                                      GError            **error);
/* Starts reading (and, for accepted connections, runs the responder's
 * on-accept step). */
void          _se_connection_start (SeConnection *self);
/* Sets info's local and remote to the connection's addresses (binary
 * where known, see SeEventInfo), for an event about it logged elsewhere. */
void          _se_connection_set_info_addresses (SeConnection *self,
                                                 SeEventInfo  *info);
guint         _se_next_connection_id (void);
/* Closes at once, dropping what the socket does not take now (stopping a
 * listener). */
void          _se_connection_close_now (SeConnection *self);
/* Close once the peer has sent FIN (recv() returned 0), as the tutorials'
 * servers do, even without a responder. */
/* The bufsize of each recv() (1 to SE_CONNECTION_READ_SIZE_DEFAULT). */
void          _se_connection_set_read_size    (SeConnection *self,
                                               guint         read_size);
void          _se_connection_set_close_on_eof (SeConnection *self,
                                               gboolean      close_on_eof);
/* Stops (or resumes) reading, apart from the connection's own pauses:
 * a relay holds one leg while the other's send queue is full. */
void          _se_connection_set_read_held (SeConnection *self,
                                            gboolean      held);
/* Match-and-reply rules tried on each read before the responder (an
 * empty set or NULL: none). */
void          _se_connection_set_rules (SeConnection *self,
                                        SeRuleSet    *rules);
/* TRUE once a close has begun (draining its queue) or is done. */
gboolean      _se_connection_is_closing (SeConnection *self);
/* Its owner's once-a-second sample of the counters into the rates. */
void          _se_connection_sample_rates (SeConnection *self,
                                           gint64        now);
/* g_get_monotonic_time() of the last byte read or written. */
gint64        _se_connection_get_last_activity (SeConnection *self);

G_END_DECLS
