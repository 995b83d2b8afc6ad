/* se-labels.h: what the window calls event kinds, protocols, responders
 * and connection states, and how it counts traffic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One place for the words and icons, so that the log, the event details,
 * the pages and the dialogs name a thing the same way. The core keeps the
 * untranslated names the CLI and the exports use (se_event_kind_to_string,
 * se_protocol_to_string …); these are the window's.
 */
#pragma once

#include <glib.h>

#include "se-connection.h"
#include "se-endpoint.h"
#include "se-event.h"
#include "se-responder.h"

G_BEGIN_DECLS

/* "receive", "shutdown" … as the CLI and the exports write them */
const char *se_labels_event_kind        (SeEventKind kind);
/* The kind of one event, telling the peer's FIN ("peer closed") from our
 * own shutdown ("shutdown") */
const char *se_labels_event             (SeEvent    *event);
const char *se_labels_event_kind_icon   (SeEventKind kind);
const char *se_labels_event_icon        (SeEvent    *event);
/* A libadwaita colour class: "accent", "success", "warning", "error",
 * "dim-label" */
const char *se_labels_event_kind_style  (SeEventKind kind);

/* "TCP", "UDP", "Unix stream", "Unix datagram"; "" for SE_PROTOCOL_NONE */
const char *se_labels_protocol          (SeProtocol protocol);
/* The same for a narrow column: "Unix", "Unix dgram" */
const char *se_labels_protocol_short    (SeProtocol protocol);
/* "TCP Listener", "UDP Client" … */
const char *se_labels_listener_title    (SeProtocol protocol);
/* "TCP Relay" … for a listener that relays (se-relay.h) */
const char *se_labels_relay_title       (SeProtocol protocol);
const char *se_labels_client_title      (SeProtocol protocol);

/* "Echo", "UPPERCASE echo" …; stream tells whether the listener has
 * connections (a greeting closes them) or datagrams (a greeting answers
 * each one, there is nothing to close). */
const char *se_labels_responder         (SeResponderKind    kind,
                                         gboolean           stream);
/* A sentence describing a responder, e.g. "Greeting “Hi”, then close" */
/* What a responder does, in one sentence (the New Listener dialog) */
const char *se_labels_responder_explain  (SeResponderKind    kind,
                                          gboolean           stream);
char       *se_labels_responder_describe (const SeResponder *responder,
                                          gboolean           stream);

/* "Connected", "Half-closed by the peer" … for a table cell */
const char *se_labels_connection_state  (SeConnectionState state);
/* A sentence for a status line: what the state means for the user */
const char *se_labels_connection_state_long (SeConnectionState state);

/* A counter as a learner should read it: a stream has no messages, only
 * reads and sends ("115 bytes in 2 reads", "5 bytes in 1 send"); datagrams
 * keep their boundaries ("115 bytes in 2 datagrams"). */
char       *se_labels_format_traffic    (gboolean stream,
                                         gboolean sent,
                                         guint64  bytes,
                                         guint64  count);

G_END_DECLS
