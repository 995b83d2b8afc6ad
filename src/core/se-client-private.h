/* se-client-private.h: what the files of SeClient share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SeClient is split by job: se-client.c (the GObject, its properties, the
 * helpers every part uses and the end of a connect), se-client-connect.c
 * (connect, and a stream client's attempts, one address after another)
 * and se-client-datagram.c (a datagram client's socket, what it sends
 * and receives). They call one way only: connect uses datagram, and
 * both use se-client.c.
 */
#pragma once

#include "se-client.h"
#include "se-datagram-socket-private.h"
#include "se-multicast-private.h"
#include "se-rate-meter.h"
#include "se-reactor-private.h"
#include "se-socket-private.h"
#include "se-sockopt-private.h"

G_BEGIN_DECLS

struct _SeClient
{
  GObject        parent_instance;

  guint          id;
  SeEndpoint    *target;
  SeTrafficLog  *log;
  guint          connect_timeout;
  SeDatagramOptions datagram_options;  /* UDP: SO_BROADCAST, multicast TTL and loop */
  guint          read_size;     /* recv(bufsize) */
  gboolean       nodelay;       /* TCP_NODELAY on each new socket */
  gboolean       tls_insecure;  /* tls://: accept any certificate (still reported) */
  char          *tls_pin;       /* tls://: accept this SHA-256 fingerprint; NULL: none */
  char          *tls_ca_file;   /* tls://: these authorities instead of the system's */

  /* stream */
  SeConnection  *connection;
  SeRuleSet     *rules;        /* answer what the server sends; NULL: none */

  /* datagram */
  int            fd;            /* datagram.fd, or -1 */
  SeDatagramSocket datagram;
  SeSockaddr     target_addr;
  char          *target_text;
  char          *local_address;
  gboolean       received_unnotified;  /* counters changed in this batch */
  guint64        bytes_sent;        /* datagram counters; a stream */
  guint64        datagrams_sent;    /* client's are its connection's */
  guint64        bytes_received;
  guint64        datagrams_received;

  /* connecting */
  GTask         *task;
  GList         *addresses;      /* GInetAddress*, still to try */
  int            attempt_fd;
  char          *attempt_text;
  SeWatch        attempt_watch;
  GSource       *timeout_source;
  GSource       *cancel_source;  /* the task's cancellable, while attempting */
  GError        *last_error;
  gboolean       connecting;
  gboolean       connect_held;   /* step mode: connect() waits for "Next" */
  SeSockaddr     attempt_addr;   /* where the held connect() goes */

  SeRateMeter    rates;        /* sampled once a second while connected */
  GSource       *rate_timer;
};

enum {
  PROP_0,
  PROP_CONNECTED,
  PROP_CONNECTION,
  PROP_BYTES_SENT,
  PROP_DATAGRAMS_SENT,
  PROP_BYTES_RECEIVED,
  PROP_DATAGRAMS_RECEIVED,
  PROP_ID,
  PROP_TARGET,
  PROP_LOCAL_ADDRESS,
  PROP_CONNECT_TIMEOUT,
  PROP_BROADCAST,
  PROP_MULTICAST_TTL,
  PROP_MULTICAST_LOOP,
  PROP_READ_SIZE,
  PROP_NODELAY,
  PROP_TLS_INSECURE,
  PROP_TLS_PIN,
  PROP_TLS_CA_FILE,
  PROP_RATE_FIRST,
  N_PROPS = PROP_RATE_FIRST + SE_RATE_N_KINDS
};

enum {
  RECEIVED,
  CLOSED,
  N_SIGNALS
};

extern GParamSpec *_se_client_properties[N_PROPS];
extern guint       _se_client_signals[N_SIGNALS];

/* se-client.c: the helpers every part uses, and the end of a connect */
SeProtocol _se_client_protocol          (SeClient      *self);
/* Appends an event of this client: its protocol and id (a stream
 * client's connection shares it, so its whole story is one thread). */
void       _se_client_append_info       (SeClient      *self,
                                         SeEventInfo   *info);
void       _se_client_log_event         (SeClient      *self,
                                         SeEventKind    kind,
                                         const char    *local,
                                         const char    *remote,
                                         guint64        size,
                                         const guint8  *data,
                                         gsize          data_len,
                                         const char    *detail);
/* A call that failed with errsv, as an error event naming it. */
void       _se_client_log_failed_call   (SeClient      *self,
                                         const char    *local,
                                         const char    *remote,
                                         const char    *detail,
                                         SeCall         call,
                                         int            errsv,
                                         gsize          asked);
/* Every change of connected comes through here. */
void       _se_client_notify_connected  (SeClient      *self);
void       _se_client_cancel_attempt    (SeClient      *self);
/* Ends the connect under way: error NULL for success (takes error). */
void       _se_client_finish_connecting (SeClient      *self,
                                         GError        *error);
void       _se_client_lookup_failed     (SeClient      *self,
                                         const GError  *error);

/* se-client-datagram.c */
void       _se_client_finish_datagram   (SeClient      *self);
void       _se_client_datagram_lookup_cb (GObject      *source,
                                          GAsyncResult *result,
                                          gpointer      user_data);

G_END_DECLS
