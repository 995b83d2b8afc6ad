/* se-relay.h: a listener that forwards every connection or datagram to a target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-endpoint.h"
#include "se-listener.h"

G_BEGIN_DECLS

/* A datagram session (one per source address) ends after this much
 * silence either way, by default. */
#define SE_RELAY_DEFAULT_IDLE_TIMEOUT_MS 60000
/* While this much waits to be sent on one leg, the other is not read. */
#define SE_RELAY_HOLD_QUEUED   (1024 * 1024)
#define SE_RELAY_RESUME_QUEUED (256 * 1024)

#define SE_TYPE_RELAY (se_relay_get_type ())

G_DECLARE_FINAL_TYPE (SeRelay, se_relay, SE, RELAY, GObject)

/* Makes listener a relay to target: each accepted connection gets a
 * connection of its own to target, and bytes go both ways as they come,
 * half-closes included; each datagram source gets a socket of its own to
 * target, and the target's replies go back from the listening socket.
 * Both legs are logged to the listener's log, each with its own
 * connection id. Stream to stream or datagram to datagram only. The
 * listener keeps the relay (and drops its responder); start and stop the
 * listener as usual. Call on the listener's thread. */
SeRelay    *se_relay_attach              (SeListener  *listener,
                                          SeEndpoint  *target,
                                          GError     **error);
/* The relay attached to listener, or NULL. */
SeRelay    *se_relay_get_for_listener    (SeListener  *listener);
/* NULL once the listener is gone. */
SeListener *se_relay_get_listener        (SeRelay     *self);
SeEndpoint *se_relay_get_target          (SeRelay     *self);
guint       se_relay_get_idle_timeout_ms (SeRelay     *self);
void        se_relay_set_idle_timeout_ms (SeRelay     *self,
                                          guint        timeout_ms);
/* Pairs (or datagram sessions) open now. */
guint       se_relay_get_n_sessions      (SeRelay     *self);
/* The connection id at the other end of the relay from connection_id
 * (an accepted connection's target connection, or the other way round;
 * for datagrams, the session's socket to the target has an id and the
 * listener's side has none), or 0. */
guint       se_relay_get_paired_id       (SeRelay     *self,
                                          guint        connection_id);

G_END_DECLS
