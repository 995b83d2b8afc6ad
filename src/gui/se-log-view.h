/* se-log-view.h: the live traffic log, as a filterable column view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_TYPE_LOG_VIEW (se_log_view_get_type ())

G_DECLARE_FINAL_TYPE (SeLogView, se_log_view, SE, LOG_VIEW, GtkWidget)

SeLogView    *se_log_view_new             (void);
SeTrafficLog *se_log_view_get_log         (SeLogView      *self);
void          se_log_view_set_log         (SeLogView      *self,
                                           SeTrafficLog   *log);
/* The text encoding an event's bytes are read in (an se-encoding id, such
 * as "gb18030"), or NULL for UTF-8: the window says which page an event
 * belongs to, and that page's encoding. The Data column and the details
 * read the bytes in it. */
typedef const char *(*SeLogViewEncodingFunc) (SeEvent  *event,
                                              gpointer  user_data);
void          se_log_view_set_encoding_func (SeLogView            *self,
                                             SeLogViewEncodingFunc func,
                                             gpointer              user_data,
                                             GDestroyNotify        destroy);
/* The encoding of event, "utf-8" without a function */
const char   *se_log_view_get_event_encoding (SeLogView *self,
                                              SeEvent   *event);
/* A page's encoding changed: the rows shown and the details read again */
void          se_log_view_encodings_changed (SeLogView      *self);
/* The events that pass the current filters, in log order. */
GListModel   *se_log_view_get_model       (SeLogView      *self);
/* The event shown in the detail pane, or NULL. */
SeEvent      *se_log_view_get_selected    (SeLogView      *self);
void          se_log_view_select          (SeLogView      *self,
                                           guint           position);
/* The connection the log shows alone (its connection drop-down), 0 for
 * all; notified as "connection-id". */
guint         se_log_view_get_connection_id (SeLogView    *self);
/* Selects the event whose SeEvent:index is index and scrolls to it,
 * clearing the filters if they hide it; FALSE if the log no longer has
 * it. */
gboolean      se_log_view_select_event    (SeLogView      *self,
                                           guint           index);
/* What the "log.export" file chooser does once a file is chosen: writes
 * the log on a worker thread and emits ::toast with the outcome. */
void          se_log_view_export_to_file  (SeLogView      *self,
                                           GFile          *file,
                                           SeExportFormat  format);
/* Said after the event count in the status line (the window's total
 * rates); NULL for nothing. */
void          se_log_view_set_rates_text  (SeLogView      *self,
                                           const char     *text);
/* The same, only the events the filters show now. */
void          se_log_view_export_shown_to_file (SeLogView      *self,
                                                GFile          *file,
                                                SeExportFormat  format);

G_END_DECLS
