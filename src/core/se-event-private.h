/* se-event-private.h: what the traffic log needs of SeEvent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-event.h"

G_BEGIN_DECLS

/* Creates the snapshot object for one record of the log. local, remote and
 * detail are interned strings made with g_ref_string_new() (or NULL for
 * none); the event acquires a reference to each, so it costs no copy and
 * outlives a clear of the log. data is referenced (NULL means no bytes).
 * Safe to call from any thread. */
SeEvent *_se_event_new (guint        index,
                        gint64       time,
                        SeEventKind  kind,
                        SeProtocol   protocol,
                        guint        connection_id,
                        const char  *local,
                        const char  *remote,
                        guint64      size,
                        GBytes      *data,
                        gboolean     data_complete,
                        const char  *detail);

/* se_event_format_json(), appended to out: the log writer builds a
 * file or a CLI buffer without a string per event. */
void     _se_event_set_detail_code (SeEvent           *self,
                                    SeEventDetailCode  detail_code);

/* The number a coded detail carries (SeEventInfo.detail_arg). */
void     _se_event_set_detail_arg (SeEvent *self,
                                   guint32  detail_arg);

/* The call the record says; ret is -1 when error_number is set. */
void     _se_event_set_call (SeEvent    *self,
                             SeCall      call,
                             gint64      ret,
                             int         error_number,
                             guint32     asked,
                             SeSockopt   option,
                             SeTcpState  tcp_state);

/* The binary addresses the event's local and remote are the text of
 * (SeLogAddress of se-log-store-private.h, referenced; NULL where the
 * log was given text), for a writer that needs the numbers (pcapng). */
void     _se_event_set_addresses (SeEvent    *self,
                                  gpointer    local_address,
                                  gpointer    remote_address);
/* The local (or remote) address as a struct sockaddr of *len bytes, or
 * NULL if the event has it only as text. */
gconstpointer _se_event_get_sockaddr (SeEvent  *self,
                                      gboolean  remote,
                                      gsize    *len);

/* What an event says, borrowed from an SeEvent or straight from a
 * record of the log: a reader that prints every event (the CLI's text
 * lines) need not make an SeEvent for each. */
typedef struct
{
  guint          index;       /* SeEvent:index */
  gint64         time;
  guint64        size;
  const char    *local;       /* NULL or "" = none */
  const char    *remote;
  const char    *detail;      /* the text, a coded one made into text */
  SeEventDetailCode detail_code;
  guint32        detail_arg;  /* of a coded detail: SE_EVENT_DETAIL_RELAYED's connection */
  const guint8  *data;
  gsize          data_len;
  gboolean       data_complete;
  guint          connection_id;
  SeEventKind    kind;
  SeProtocol     protocol;
  SeCall         call;
  SeSockopt      option;
  SeTcpState     tcp_state;
  int            error_number;
  guint32        asked;
  gint64         ret;
} SeEventFields;

/* se_event_format_text() of those fields, appended to out (no newline):
 * all of it, or its head (time, kind, protocol, connection and
 * addresses: the same for a batch of datagrams), or the rest. */
typedef enum
{
  SE_TEXT_PART_ALL,
  SE_TEXT_PART_HEAD,
  SE_TEXT_PART_TAIL,
} SeTextPart;

void     _se_event_fields_append_text_part (const SeEventFields *fields,
                                            GString             *out,
                                            SeTextPart           part);
#define  _se_event_fields_append_text(fields, out) \
  _se_event_fields_append_text_part ((fields), (out), SE_TEXT_PART_ALL)
/* The fields of an event, borrowed from it. */
void     _se_event_get_fields (SeEvent       *self,
                               SeEventFields *fields);
/* "2013-12-19T12:46:36.123456Z" (UTC) of µs since the epoch */
void     _se_event_format_time_iso (gint64  time,
                                    char   *buf,
                                    gsize   size);
/* se_event_append_json() of those fields (no newline). */
void     _se_event_fields_append_json (const SeEventFields *fields,
                                       gsize                data_limit,
                                       GString             *out);

/* The text of a coded detail, translated (NULL for SE_EVENT_DETAIL_TEXT). */
char    *_se_event_format_detail (SeEventDetailCode  detail,
                                  guint32        arg,
                                  guint          connection_id,
                                  guint64        size,
                                  gsize          data_len,
                                  const char    *local);

G_END_DECLS
