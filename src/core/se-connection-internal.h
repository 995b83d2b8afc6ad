/* se-connection-internal.h: what the files of SeConnection share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SeConnection is split by job: se-connection.c (the GObject, its
 * properties and the helpers every part uses), se-connection-io.c (the
 * read-write data path, and a close that first sends what is queued)
 * and se-connection-close.c (shutdown, the final close() and the reset).
 * Only these files include this header. What listeners and clients need
 * is in se-connection-private.h, which cannot hold the property enum:
 * the listener and the client that include it have their own.
 */
#pragma once

#include "se-connection-private.h"
#include "se-rate-meter.h"
#include "se-reactor-private.h"
#include "se-socket-private.h"
#include "se-transport-private.h"
#include "se-sockopt-private.h"
#include "se-stepper-private.h"
#include "se-tls-private.h"

G_BEGIN_DECLS

struct _SeConnection
{
  GObject            parent_instance;

  SeTransport       *transport;   /* NULL once closed */
  int                fd;          /* the transport's, -1 once closed */
  guint              id;
  SeProtocol         protocol;
  SeConnectionState  state;
  gboolean           accepted;
  guint              read_size;   /* recv(bufsize), 1 to READ_CHUNK */

  char              *local_address;
  char              *remote_address;
  /* The same in binary, which is what the log keeps (len 0: not known,
   * the text is logged). */
  SeSockaddr         local_sa;
  SeSockaddr         remote_sa;

  SeTrafficLog      *log;
  SeResponder       *responder;
  SeResponderState  *responder_state;
  SeRuleSet         *rules;       /* NULL: none, the hot path is untouched */

  guint64            bytes_sent;
  guint64            bytes_received;
  guint64            messages_sent;
  guint64            messages_received;
  SeRateMeter        rates;             /* sampled by its owner, once a second */

  GQueue             send_queue;      /* GBytes */
  gsize              head_offset;     /* bytes of the head already written */
  gsize              queued_bytes;

  SeWatch            watch;
  gint64             last_activity;   /* monotonic µs of the last read or write */
  gboolean           read_paused;
  gboolean           read_held;         /* by its owner (a relay's other leg is full) */
  gboolean           close_on_eof;      /* close after the peer's FIN */
  gboolean           total_cap_logged;  /* "paused: total cap" said once */
  gboolean           shutdown_pending;  /* shutdown(SHUT_WR) once drained */
  gboolean           close_pending;     /* close once drained */
  gboolean           local_shut;
  gboolean           remote_shut;

  /* Step mode (se-stepper.c): the last held_sends messages of the queue
   * wait for "Next"; a recv() or the close waits likewise. */
  guint              held_sends;
  gboolean           recv_held;
  gboolean           recv_released;
  guint8             close_step;      /* CloseStep in se-connection-io.c */

  GError            *error;
  char              *tls_summary;    /* the handshake's result; NULL: none (yet) */
  gboolean           tls_failed;     /* the TLS stream could not be made: close at start */
  GSource           *drain_timeout;  /* a close waiting for the queue to drain */
  gboolean           draining;       /* holds a reference while draining */
};

enum {
  PROP_0,
  PROP_ID,
  PROP_STATE,
  PROP_LOCAL_ADDRESS,
  PROP_REMOTE_ADDRESS,
  PROP_BYTES_SENT,
  PROP_BYTES_RECEIVED,
  PROP_MESSAGES_SENT,
  PROP_MESSAGES_RECEIVED,
  PROP_QUEUED_BYTES,
  PROP_ERROR,
  PROP_TLS_SUMMARY,
  PROP_RATE_FIRST,
  N_PROPS = PROP_RATE_FIRST + SE_RATE_N_KINDS
};

enum {
  RECEIVED,
  CLOSED,
  N_SIGNALS
};

extern GParamSpec *_se_connection_properties[N_PROPS];
extern guint       _se_connection_signals[N_SIGNALS];

/* se-connection.c: the helpers every part uses. The files call one
 * way only: se-connection-io.c uses se-connection-close.c and this file,
 * se-connection-close.c uses this file. */
SeTcpState _se_connection_tcp_state    (SeConnection *self);
void       _se_connection_log_call     (SeConnection *self,
                                        SeEventInfo  *info);
void       _se_connection_log_event    (SeConnection *self,
                                        SeEventKind   kind,
                                        guint64       size,
                                        const guint8 *data,
                                        gsize         data_len,
                                        const char   *detail);
void       _se_connection_update_state (SeConnection *self);
void       _se_connection_record_error (SeConnection *self,
                                        int           errsv,
                                        const char   *context,
                                        SeCall        call,
                                        gsize         asked);
void       _se_connection_update_watch (SeConnection *self);
void       _se_connection_add_queued   (SeConnection *self,
                                        gssize        delta);
void       _se_connection_clear_queue  (SeConnection *self);
void       _se_connection_log_close    (SeConnection *self,
                                        const char   *detail);

/* se-connection-close.c */
void       _se_connection_do_shutdown  (SeConnection *self);
void       _se_connection_finish_close (SeConnection *self,
                                        const char   *detail);

G_END_DECLS
