/* se-listener-private.h: what a relay needs of SeListener, and what the
 * listener's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SeListener is split by job: se-listener.c (the GObject, its properties),
 * se-listener-start.c (bind, listen, start and stop), se-listener-stream.c
 * (accepting peers), se-listener-datagram.c (reading, answering and
 * sending datagrams) and se-listener-events.c (the events every part
 * appends). They call one way only: se-listener.c uses start, stream and
 * datagram, start uses stream and datagram, and all of them use events,
 * which uses none.
 */
#pragma once

#include <sys/types.h>

#include "se-datagram-socket-private.h"
#include "se-listener.h"
#include "se-multicast-private.h"
#include "se-rate-meter.h"
#include "se-reactor-private.h"
#include "se-socket-private.h"
#include "se-sockopt-private.h"
#include "se-stepper-private.h"
#include "se-tls.h"

G_BEGIN_DECLS

/* One datagram a datagram listener read (and logged): data is valid only
 * during the call; from is the sender in endpoint-address form. */
typedef void (*SeListenerDatagramFunc) (SeListener   *listener,
                                        const char   *from,
                                        const guint8 *data,
                                        gsize         len,
                                        gboolean      can_reply,
                                        gpointer      user_data);

/* Hands every datagram to func instead of the responder (NULL: back to
 * the responder). */
void _se_listener_set_datagram_func (SeListener             *self,
                                     SeListenerDatagramFunc  func,
                                     gpointer                user_data);

/* The log the listener appends to (may be NULL). */
SeTrafficLog *_se_listener_get_log (SeListener *self);

/* What the files of SeListener share; nothing else should use it. */

struct _SeListener
{
  GObject        parent_instance;

  guint          id;
  SeEndpoint    *endpoint;
  SeResponder   *responder;
  SeRuleSet     *rules;       /* NULL: none */
  guint64        rule_replies;  /* {{counter}} of datagram rule replies */
  SeTrafficLog  *log;
  guint          backlog;

  int            fd;
  SeWatch        watch;       /* stream kinds: the listening socket */
  SeDatagramSocket datagram;  /* datagram kinds: fd, read in batches */
  struct _ReplyBatch *replies;
  /* The receive and send events of the batch of datagrams being read
   * and answered, appended in one go (one lock, see
   * se_traffic_log_append_infos()) before anything else the listener
   * logs and when the batch is done: their bytes and addresses are the
   * batch's. */
  SeEventInfo   *queued;      /* _SE_DATAGRAM_BATCH of them, made on first use */
  guint          n_queued;
  SePeer        *last_peer;   /* the peer of the last datagram, to find a repeat sender without a lookup */
  /* Whether datagram-received has a handler, asked once per batch of
   * datagrams: 0 not yet, 1 no, 2 yes. */
  guint8         datagram_handlers;
  GSource       *retry_source;
  GSource       *idle_source;
  gboolean       accept_held;      /* step mode: a peer waits for "Next" */
  gboolean       accept_released;
  guint          max_connections;
  guint          idle_timeout;     /* seconds, 0 = never */
  guint          receive_buffer;   /* SO_RCVBUF asked for datagram sockets, 0 = the kernel's */
  SeDatagramOptions multicast;     /* datagram kinds: groups joined, multicast TTL and loop */
  guint          read_size;        /* recv(bufsize) of every read */
  SeCall         failed_call;      /* the call the next log_error() reports, and its errno */
  int            failed_errno;
  gboolean       close_on_eof;
  GTlsCertificate *tls_certificate;  /* tls://: given, or made on start; NULL: none yet */
  char          *tls_fingerprint;    /* its SHA-256 fingerprint */
  char          *tls_cert_file;      /* read at each start, if set */
  char          *tls_key_file;
  gboolean       specific_address;  /* bound to one inet address, not a wildcard */
  char          *local_address;
  SeSockaddr     local_sa;       /* the same in binary, for the log; len 0: unknown */
  gboolean       running;
  /* The start that waits for its name lookup (owned by the lookup). */
  GTask         *start_task;

  /* Unix socket file we created, to remove on stop (only if it is still ours). */
  char          *unix_path;
  dev_t          unix_dev;
  ino_t          unix_ino;

  GListStore    *connections;

  GListStore    *peers;       /* SePeer */
  GHashTable    *peer_index;  /* SeSockaddr* (the peer's own) → SePeer* */
  GPtrArray     *touched;     /* SePeer* whose counters changed in this batch */

  SeListenerDatagramFunc datagram_func;  /* a relay's, instead of the responder */
  gpointer       datagram_data;
  /* Rates: sampled once a second while running, from the counters of
   * every connection, open or closed, and of every datagram. */
  SeRateMeter    rates;
  GSource       *rate_timer;
  guint64        closed_totals[SE_RATE_N_KINDS];    /* connections gone */
  guint64        datagram_totals[SE_RATE_N_KINDS];
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_RUNNING,
  PROP_BACKLOG,
  PROP_MAX_CONNECTIONS,
  PROP_IDLE_TIMEOUT,
  PROP_CLOSE_ON_EOF,
  PROP_RECEIVE_BUFFER,
  PROP_READ_SIZE,
  PROP_ID,
  PROP_RESPONDER,
  PROP_RULES,
  PROP_MULTICAST_GROUPS,
  PROP_MULTICAST_TTL,
  PROP_MULTICAST_LOOP,
  PROP_TLS_FINGERPRINT,
  PROP_TLS_CERT_FILE,
  PROP_TLS_KEY_FILE,
  PROP_RATE_FIRST,
  N_PROPS = PROP_RATE_FIRST + SE_RATE_N_KINDS
};

enum {
  DATAGRAM_RECEIVED,
  N_SIGNALS
};

extern GParamSpec *_se_listener_properties[N_PROPS];
extern guint       _se_listener_signals[N_SIGNALS];

/* se-listener-events.c */
SeProtocol _se_listener_protocol              (SeListener    *self);
/* Appends an event of this listener: its protocol, and its own address
 * unless the event names another (a connection's). */
void       _se_listener_append_info           (SeListener    *self,
                                               SeEventInfo   *info);
/* The same later, with the batch's other events (see queued): info's
 * pointers must stay valid until _se_listener_flush_queued(). */
void       _se_listener_queue_info            (SeListener    *self,
                                               SeEventInfo   *info);
/* Appends the events queued, if any. */
void       _se_listener_flush_queued        (SeListener    *self);
/* se-listener-tls.c: tls://, a certificate before the socket exists */
gboolean   _se_listener_prepare_tls           (SeListener    *self,
                                               GError       **error);

void       _se_listener_log_event             (SeListener    *self,
                                               SeEventKind    kind,
                                               const char    *remote,
                                               guint64        size,
                                               const guint8  *data,
                                               gsize          data_len,
                                               const char    *detail);
/* A call that failed: the next log_error() says which, with its errno. */
void       _se_listener_set_failed_call       (SeListener    *self,
                                               SeCall         call,
                                               int            errsv);
void       _se_listener_log_error             (SeListener    *self,
                                               const GError  *error);

/* se-listener-start.c */
void       _se_listener_close_socket          (SeListener    *self);

/* se-listener-stream.c */
void       _se_listener_add_connection_totals (guint64        totals[SE_RATE_N_KINDS],
                                               SeConnection  *connection);
void       _se_listener_accept_cb             (SeWatch       *watch,
                                               guint32        events,
                                               gpointer       user_data);
void       _se_listener_update_idle_timer     (SeListener    *self);

/* se-listener-datagram.c */
extern const SeDatagramFuncs _se_listener_datagram_funcs;
void       _se_listener_discard_replies       (SeListener    *self);

G_END_DECLS
