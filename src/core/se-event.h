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
} SeEventKind;

#define SE_EVENT_N_KINDS (SE_EVENT_RESOLVE + 1)

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

const char  *se_event_kind_to_string     (SeEventKind kind);  /* "listen", "accept", … */
gboolean     se_event_kind_from_string   (const char *text,
                                          SeEventKind *kind);

/* "12:46:36.123456 receive tcp #3 127.0.0.1:7000 <- 127.0.0.1:51000 5 B "hello"" */
char        *se_event_format_text        (SeEvent *self);
/* One JSON object, no newline: time, kind, proto, conn, local, remote, size,
 * data (lowercase hex of the retained bytes), data_complete, detail. */
char        *se_event_format_json        (SeEvent *self);

G_END_DECLS
