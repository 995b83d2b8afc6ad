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
  SE_EVENT_JOIN,      /* a datagram socket joined a multicast group */
  SE_EVENT_LEAVE,     /* … and left it */
} SeEventKind;

#define SE_EVENT_N_KINDS (SE_EVENT_LEAVE + 1)

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
  SE_EVENT_DETAIL_RELAYED,       /* a relay paired this connection with connection #arg to the target (remote) */
} SeEventDetailCode;

/* One event as the engine appends it to the log. Strings and bytes are
 * copied (within the capture budget); nothing needs to outlive the call. */
typedef struct
{
  SeEventKind    kind;
  SeProtocol     protocol;
  guint          connection_id;  /* 0 = none */
  const char    *local;          /* NULL or "" = none */
  const char    *remote;
  guint64        size;           /* exact */
  const guint8  *data;           /* may be NULL; at most data_len <= size bytes */
  gsize          data_len;
  SeEventDetailCode  detail;
  guint32        detail_arg;     /* see SeEventDetailCode */
  const char    *text;           /* SE_EVENT_DETAIL_TEXT: the detail, or NULL */
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

const char  *se_event_kind_to_string     (SeEventKind kind);  /* "listen", "accept", … */
gboolean     se_event_kind_from_string   (const char *text,
                                          SeEventKind *kind);

/* The most payload bytes the text line's preview can show (64
 * characters of up to four bytes each) plus one more item, so that a
 * payload kept only this far still shows where it was cut. */
#define SE_EVENT_TEXT_PREVIEW_CHARS 64
#define SE_EVENT_TEXT_PREVIEW_BYTES (4 * SE_EVENT_TEXT_PREVIEW_CHARS + 4)

/* "12:46:36.123456 receive tcp #3 127.0.0.1:7000 <- 127.0.0.1:51000 5 B "hello"" */
char        *se_event_format_text        (SeEvent *self);
/* One JSON object, no newline: time, kind, proto (absent for an event with
 * no transport, such as resolve), conn, local, remote, size, data
 * (lowercase hex of the retained bytes), data_complete, detail. */
char        *se_event_format_json        (SeEvent *self);

G_END_DECLS
