/* se-traffic-log.h: the traffic log, a GListModel of SeEvent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-event.h"

G_BEGIN_DECLS

typedef enum
{
  SE_EXPORT_TEXT,
  SE_EXPORT_JSON_LINES,
  SE_EXPORT_PCAPNG,
} SeExportFormat;

#define SE_TRAFFIC_LOG_DEFAULT_CAPTURE_BUDGET (64 * 1024 * 1024)

#define SE_TYPE_TRAFFIC_LOG (se_traffic_log_get_type ())

G_DECLARE_FINAL_TYPE (SeTrafficLog, se_traffic_log, SE, TRAFFIC_LOG, GObject)

SeTrafficLog *se_traffic_log_new                (void);

/* Appends one event, from any thread (the log's owner is the thread that
 * made it; views, flushes and every other call belong to it). The record is
 * visible to views (get_n_items, items-changed) after the next flush, which
 * happens by itself once per main-loop batch, or at once with
 * se_traffic_log_flush(). data may be NULL; at most the capture budget is
 * retained, the size is always kept exact. Returns the event's index (see
 * se_traffic_log_get_n_dropped()). */
guint         se_traffic_log_append             (SeTrafficLog *self,
                                                 SeEventKind   kind,
                                                 SeProtocol    protocol,
                                                 guint         connection_id,
                                                 const char   *local,
                                                 const char   *remote,
                                                 guint64       size,
                                                 const guint8 *data,
                                                 gsize         data_len,
                                                 const char   *detail);
/* The same, from one struct: what the engine uses. A coded detail
 * (SeEventInfo.detail) is stored as a code, not as text. */
guint         se_traffic_log_append_info        (SeTrafficLog      *self,
                                                 const SeEventInfo *info);
/* n of them in this order, under one lock and with one look at the
 * clock for those without a time (a batch of datagrams). Returns the
 * position of the first, as se_traffic_log_append_info(). */
guint         se_traffic_log_append_infos       (SeTrafficLog      *self,
                                                 const SeEventInfo *infos,
                                                 guint              n);
void          se_traffic_log_flush              (SeTrafficLog *self);
void          se_traffic_log_clear              (SeTrafficLog *self);

gsize         se_traffic_log_get_capture_budget (SeTrafficLog *self);
void          se_traffic_log_set_capture_budget (SeTrafficLog *self,
                                                 gsize         budget);
/* At most this many bytes of one event's payload are kept (0, the
 * default, keeps all of it within the capture budget). A reader that
 * only shows a preview, such as the CLI's text lines, needs no more than
 * SE_EVENT_TEXT_PREVIEW_BYTES: copying the rest would only cost. */
gsize         se_traffic_log_get_capture_per_event (SeTrafficLog *self);
void          se_traffic_log_set_capture_per_event (SeTrafficLog *self,
                                                    gsize         limit);
gsize         se_traffic_log_get_retained_bytes (SeTrafficLog *self);
/* At most how often (ms) views are told of new events; 0, the default,
 * tells them once per main-loop batch. The window uses one frame. */
guint         se_traffic_log_get_publish_interval (SeTrafficLog *self);
void          se_traffic_log_set_publish_interval (SeTrafficLog *self,
                                                   guint         interval_ms);
/* Heap memory held by the log (records, payload, strings and their
 * tables), as the memory budget counts it. */
gsize         se_traffic_log_get_memory_size    (SeTrafficLog *self);

/* 0 = unlimited, the default. Past the budget the oldest events are
 * dropped, once per batch. */
gsize         se_traffic_log_get_memory_budget  (SeTrafficLog *self);
void          se_traffic_log_set_memory_budget  (SeTrafficLog *self,
                                                 gsize         budget);
/* Events dropped since the log was made or last cleared; the n-events
 * property counts those in the log now, and n_appended = n_dropped +
 * n-events. An event's SeEvent:index is its number among all appended
 * (modulo 2^32), so it does not change when earlier ones are dropped. */
guint64       se_traffic_log_get_n_dropped      (SeTrafficLog *self);
guint64       se_traffic_log_get_n_appended     (SeTrafficLog *self);
guint         se_traffic_log_get_n_events       (SeTrafficLog *self);
/* The text lines (se_event_format_text()) or JSON lines
 * (se_event_append_json() with data_limit) of the n events from
 * position, each followed by a newline, straight from the records and
 * under one lock: a reader that prints every event makes no SeEvent. */
void          se_traffic_log_append_lines       (SeTrafficLog   *self,
                                                 SeExportFormat  format,
                                                 guint           position,
                                                 guint           n,
                                                 gsize           data_limit,
                                                 GString        *out);
/* The connection id of the event at position, without making an SeEvent
 * (a view scanning a batch for new connections). */
guint         se_traffic_log_get_connection_id  (SeTrafficLog *self,
                                                 guint         position);
/* … of up to n events from position into ids, under one lock (a flood's
 * batch is thousands); returns how many. */
guint         se_traffic_log_get_connection_ids (SeTrafficLog *self,
                                                 guint         position,
                                                 guint         n,
                                                 guint        *ids);
void          se_traffic_log_drop_before        (SeTrafficLog *self,
                                                 guint         position);
char         *se_traffic_log_dup_dropped_message (SeTrafficLog *self);

/* Paused: events are still counted (and appended) but views are not told
 * until resumed; they are told at once of events dropped meanwhile. */
gboolean      se_traffic_log_get_paused         (SeTrafficLog *self);
void          se_traffic_log_set_paused         (SeTrafficLog *self,
                                                 gboolean      paused);

gboolean      se_traffic_log_write              (SeTrafficLog   *self,
                                                 SeExportFormat  format,
                                                 GOutputStream  *stream,
                                                 GCancellable   *cancellable,
                                                 GError        **error);
/* Writes a snapshot of the events present at the call on a worker thread,
 * to a private (0600) temporary file renamed over file. */
void          se_traffic_log_export_async       (SeTrafficLog        *self,
                                                 GFile               *file,
                                                 SeExportFormat       format,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* Only the events filter says yes to; filter runs on the worker thread,
 * so it must not share state with the caller's thread. */
typedef gboolean (*SeEventFilterFunc) (SeEvent  *event,
                                       gpointer  user_data);
void          se_traffic_log_export_filtered_async (SeTrafficLog        *self,
                                                    GFile               *file,
                                                    SeExportFormat       format,
                                                    SeEventFilterFunc    filter,
                                                    gpointer             filter_data,
                                                    GDestroyNotify       filter_data_free,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      se_traffic_log_export_finish      (SeTrafficLog  *self,
                                                 GAsyncResult  *result,
                                                 GError       **error);

G_END_DECLS
