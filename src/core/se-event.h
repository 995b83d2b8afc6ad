/* se-event.h: one event of the traffic log, handed out on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-endpoint.h"

G_BEGIN_DECLS

typedef enum
{
  SE_EVENT_BIND,
  SE_EVENT_LISTEN,
  SE_EVENT_ACCEPT,
  SE_EVENT_CONNECT,
  SE_EVENT_SEND,
  SE_EVENT_RECEIVE,
  SE_EVENT_SHUTDOWN,
  SE_EVENT_CLOSE,
  SE_EVENT_ERROR,
  SE_EVENT_RESOLVE,
  SE_EVENT_SOCKET,      /* socket(): a new socket (ret = its fd) */
  SE_EVENT_SETSOCKOPT,  /* setsockopt(): an option the engine set */
  SE_EVENT_JOIN,        /* setsockopt(): a datagram socket joined a multicast group */
  SE_EVENT_LEAVE,       /* … and left it */
  SE_EVENT_TLS,         /* a TLS stream's handshake finished, or it got or sent close_notify */
} SeEventKind;

#define SE_EVENT_N_KINDS (SE_EVENT_TLS + 1)

/* The system call an event is, as a program would write it. Events
 * appended without one (SE_CALL_NONE) are the engine's own notes. */
typedef enum
{
  SE_CALL_NONE,
  SE_CALL_SOCKET,      /* ret = fd */
  SE_CALL_SETSOCKOPT,  /* option = the option, asked = its value */
  SE_CALL_BIND,
  SE_CALL_LISTEN,      /* asked = backlog */
  SE_CALL_ACCEPT,      /* ret = the new connection's fd */
  SE_CALL_CONNECT,
  SE_CALL_SEND,        /* asked = bytes asked, ret = bytes taken */
  SE_CALL_SENDTO,      /* asked = bytes asked, ret = bytes taken */
  SE_CALL_RECV,        /* asked = bufsize, ret = bytes returned (0: FIN) */
  SE_CALL_RECVFROM,    /* asked = bufsize, ret = the datagram's bytes */
  SE_CALL_SHUTDOWN,    /* asked = how: SHUT_RD 0, SHUT_WR 1, SHUT_RDWR 2 */
  SE_CALL_CLOSE,
} SeCall;

#define SE_CALL_N_CALLS (SE_CALL_CLOSE + 1)

/* The kernel's state of a TCP socket, read with getsockopt(TCP_INFO);
 * the numbers are the kernel's (tcp_states.h). NONE: not read (not TCP,
 * or an event on which the engine does not read it: see se-event.c). */
typedef enum
{
  SE_TCP_STATE_NONE = 0,
  SE_TCP_STATE_ESTABLISHED = 1,
  SE_TCP_STATE_SYN_SENT,
  SE_TCP_STATE_SYN_RECV,
  SE_TCP_STATE_FIN_WAIT1,
  SE_TCP_STATE_FIN_WAIT2,
  SE_TCP_STATE_TIME_WAIT,
  SE_TCP_STATE_CLOSE,
  SE_TCP_STATE_CLOSE_WAIT,
  SE_TCP_STATE_LAST_ACK,
  SE_TCP_STATE_LISTEN,
  SE_TCP_STATE_CLOSING,
  SE_TCP_STATE_NEW_SYN_RECV,
} SeTcpState;

#define SE_TCP_STATE_N_STATES (SE_TCP_STATE_NEW_SYN_RECV + 1)

/* The options setsockopt() events name (SeEventInfo.option). */
typedef enum
{
  SE_SOCKOPT_NONE,
  SE_SOCKOPT_SO_REUSEADDR,
  SE_SOCKOPT_SO_RCVBUF,
  SE_SOCKOPT_SO_RCVBUFFORCE,
  SE_SOCKOPT_SO_SNDBUF,
  SE_SOCKOPT_SO_BROADCAST,
  SE_SOCKOPT_SO_KEEPALIVE,
  SE_SOCKOPT_SO_LINGER,      /* asked = l_linger (l_onoff = 1) */
  SE_SOCKOPT_TCP_NODELAY,
  SE_SOCKOPT_IPV6_V6ONLY,
  SE_SOCKOPT_IP_MULTICAST_TTL,
  SE_SOCKOPT_IP_MULTICAST_LOOP,
  SE_SOCKOPT_IPV6_MULTICAST_HOPS,
  SE_SOCKOPT_IPV6_MULTICAST_LOOP,
  SE_SOCKOPT_MCAST_JOIN_GROUP,         /* join and leave events; the group is in the detail */
  SE_SOCKOPT_MCAST_LEAVE_GROUP,
  SE_SOCKOPT_MCAST_JOIN_SOURCE_GROUP,
  SE_SOCKOPT_MCAST_LEAVE_SOURCE_GROUP,
  SE_SOCKOPT_SO_RCVTIMEO,    /* asked = milliseconds (a struct timeval) */
  SE_SOCKOPT_SO_SNDTIMEO,
} SeSockopt;

#define SE_SOCKOPT_N_OPTIONS (SE_SOCKOPT_SO_SNDTIMEO + 1)

/* What an event's detail says. The frequent ones are kept as a code and
 * made into (translated) text only when a row or line is shown, so the
 * log stores no formatted string per event; the rest are free text. */
typedef enum
{
  SE_EVENT_DETAIL_TEXT,          /* SeEventInfo.text, or none */
  SE_EVENT_DETAIL_ACCEPTED,      /* accept() returned a new socket for connection #connection_id */
  SE_EVENT_DETAIL_PARTIAL_SEND,  /* send() took size bytes of arg asked */
  SE_EVENT_DETAIL_PEER_EOF,      /* recv() returned 0: the peer sent FIN */
  SE_EVENT_DETAIL_SHUT_WR,       /* shutdown(SHUT_WR) */
  SE_EVENT_DETAIL_LISTENING,     /* listen(backlog=arg) */
  SE_EVENT_DETAIL_CONNECTED,     /* connect() succeeded: this side got local */
  SE_EVENT_DETAIL_TRUNCATED,     /* a datagram of size bytes, data_len kept */
  SE_EVENT_DETAIL_RELAYED,       /* a relay paired this connection with connection #arg to the target (remote);
                                  * connection_id 0: a datagram relay's session for the sender (remote) */
} SeEventDetailCode;

struct sockaddr;

/* One event as the engine appends it to the log. Strings, addresses and
 * bytes are copied (within the capture budget); nothing needs to outlive
 * the call. */
typedef struct
{
  SeEventKind    kind;
  SeProtocol     protocol;
  guint          connection_id;  /* 0 = none */
  const char    *local;          /* NULL or "" = none */
  const char    *remote;
  /* A socket address (as getsockname(), accept() or recvfrom() gave it)
   * is better passed in binary: the log keeps its bytes and makes the
   * text ("127.0.0.1:7000", "[::1]:7000", "/tmp/x.sock", "@name") only
   * when the event is shown, so nothing is formatted per event. When
   * set (not NULL, even with len 0: "(unnamed)") it is used instead of
   * the string, which stays for what is not a socket address (a name
   * being resolved, a target before it is connected). */
  const struct sockaddr *local_sa;
  guint32        local_sa_len;
  const struct sockaddr *remote_sa;
  guint32        remote_sa_len;
  guint64        size;           /* exact */
  const guint8  *data;           /* may be NULL; at most data_len <= size bytes */
  gsize          data_len;
  SeEventDetailCode  detail;
  guint32        detail_arg;     /* see SeEventDetailCode */
  const char    *text;           /* SE_EVENT_DETAIL_TEXT: the detail, or NULL */
  /* The call, as the kernel sees it. ret and asked as SeCall says; for
   * send/sendto/recv/recvfrom ret is size unless error_number is set.
   * error_number != 0: the call failed with that errno (ret is -1). */
  SeCall         call;
  gint64         ret;
  int            error_number;
  guint32        asked;
  SeSockopt      option;         /* SE_CALL_SETSOCKOPT */
  SeTcpState     tcp_state;      /* TCP only; NONE if not read */
  /* When it happened (g_get_real_time()), or 0: when it is appended. A
   * batch of calls read the clock once as recvmmsg() or sendmmsg()
   * returned, which is when each of its datagrams came or went. */
  gint64         time;
} SeEventInfo;

#define SE_TYPE_EVENT (se_event_get_type ())

G_DECLARE_FINAL_TYPE (SeEvent, se_event, SE, EVENT, GObject)

guint        se_event_get_index          (SeEvent *self);  /* number among all appended to the log */
gint64       se_event_get_time           (SeEvent *self);  /* wall clock, µs since the epoch */
SeEventKind  se_event_get_kind           (SeEvent *self);
SeProtocol   se_event_get_protocol       (SeEvent *self);
guint        se_event_get_connection_id  (SeEvent *self);  /* 0 = none */
const char  *se_event_get_local          (SeEvent *self);  /* "" if none */
const char  *se_event_get_remote         (SeEvent *self);  /* "" if none */
guint64      se_event_get_size           (SeEvent *self);  /* exact size in bytes */
GBytes      *se_event_get_data           (SeEvent *self);  /* retained bytes; may be shorter than size */
gboolean     se_event_get_data_complete  (SeEvent *self);  /* FALSE: past the capture budget */
const char  *se_event_get_detail         (SeEvent *self);  /* error message, resolve result…; "" if none */
/* What the detail says as a code, so that a view can tell, say, the
 * peer's FIN from our own shutdown without parsing translated text. */
SeEventDetailCode se_event_get_detail_code (SeEvent *self);
/* A relay's note (SE_EVENT_DETAIL_RELAYED) ties its two legs: on a
 * stream relay's note (connection_id = the accepted leg, remote = the
 * target) and on a datagram relay's (connection_id 0, local = the bound
 * socket, remote = the sender), the id of the leg to the target; 0 on
 * every other event. JSON: "relayed_to". */
guint        se_event_get_relayed_to     (SeEvent *self);

/* The call as the kernel saw it (see SeCall; SE_CALL_NONE for the
 * engine's own notes). The text line writes it compactly: "recv(65536)=5",
 * "connect()=-1 ECONNREFUSED", "setsockopt(SO_REUSEADDR, 1)=0". */
SeCall       se_event_get_call           (SeEvent *self);
/* The call's return value: an fd for socket/accept, the bytes taken or
 * returned for send/sendto/recv/recvfrom, 0 otherwise; -1 when it failed. */
gint64       se_event_get_ret            (SeEvent *self);
/* The errno it failed with, 0 if it succeeded (se_errno_name() names it). */
int          se_event_get_errno          (SeEvent *self);
/* The size asked (recv bufsize, bytes handed to send), listen's backlog,
 * shutdown's how, or the value set by setsockopt; 0 for other calls. */
guint32      se_event_get_asked          (SeEvent *self);
SeSockopt    se_event_get_option         (SeEvent *self);
/* The kernel's TCP state of the socket right after the call, read with
 * getsockopt(TCP_INFO) on socket, bind, listen, accept, connect,
 * shutdown and the peer's FIN (a recv() that returned 0), and just
 * before close() (after it there is no fd to ask); data events (send,
 * recv) do not read it, to keep the data path at one system call per
 * read: SE_TCP_STATE_NONE. A socket whose connection went to TIME_WAIT
 * reports CLOSE: Linux keeps the TIME_WAIT in a small socket of its own. */
SeTcpState   se_event_get_tcp_state      (SeEvent *self);

/* "recv", "setsockopt", …; "" for SE_CALL_NONE */
const char  *se_call_to_string           (SeCall     call);
gboolean     se_call_from_string         (const char *text,
                                          SeCall    *call);
/* "ESTABLISHED", "CLOSE_WAIT", …; NULL for SE_TCP_STATE_NONE */
const char  *se_tcp_state_to_string      (SeTcpState state);
gboolean     se_tcp_state_from_string    (const char *text,
                                          SeTcpState *state);
/* "SO_REUSEADDR", "TCP_NODELAY", …; NULL for SE_SOCKOPT_NONE */
const char  *se_sockopt_to_string        (SeSockopt  option);
/* "recv(65536)=5", "connect()=-1 ECONNREFUSED"; NULL for SE_CALL_NONE */
char        *se_event_format_call        (SeEvent *self);

const char  *se_event_kind_to_string     (SeEventKind kind);  /* "listen", "accept", … */
gboolean     se_event_kind_from_string   (const char *text,
                                          SeEventKind *kind);

/* The most payload bytes the text line's preview can show (64
 * characters of up to four bytes each) plus one more item, so that a
 * payload kept only this far still shows where it was cut. */
#define SE_EVENT_TEXT_PREVIEW_CHARS 64
#define SE_EVENT_TEXT_PREVIEW_BYTES (4 * SE_EVENT_TEXT_PREVIEW_CHARS + 4)

/* The local time of day of time (µs since the epoch) with digits (0 to
 * 6) of the second's fraction, "12:46:36.123" for 3. */
#define SE_EVENT_TIME_OF_DAY_SIZE 32
void         se_event_format_time_of_day (gint64   time,
                                          guint    digits,
                                          char    *buf,
                                          gsize    size);
/* "12:46:36.123456 receive tcp #3 127.0.0.1:7000 <- 127.0.0.1:51000 5 B "hello"" */
char        *se_event_format_text        (SeEvent *self);
/* One JSON object, no newline: time, kind, proto (absent for an event with
 * no transport, such as resolve), conn, local, remote, size, data
 * (lowercase hex of the retained bytes), data_complete, detail; then for
 * an event that is a call: call, ret, asked (when the call has one),
 * option (setsockopt), errno (its name, only when it failed) and, for
 * TCP when it was read, tcp_state; on a relay's note, relayed_to. */
char        *se_event_format_json        (SeEvent *self);
/* The same appended to out, with "data" cut to data_limit bytes (0: all);
 * "data_complete" is false when it was cut. */
void         se_event_append_json        (SeEvent *self,
                                          gsize    data_limit,
                                          GString *out);

G_END_DECLS
