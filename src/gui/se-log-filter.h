/* se-log-filter.h: which traffic log events the log view shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-event.h"

G_BEGIN_DECLS

#define SE_TYPE_LOG_FILTER (se_log_filter_get_type ())

G_DECLARE_FINAL_TYPE (SeLogFilter, se_log_filter, SE, LOG_FILTER, GtkFilter)

SeLogFilter *se_log_filter_new               (void);

/* All criteria at once, so that one change of several of them is one
 * GtkFilter::changed. connection_id 0, protocol -1 (an SeProtocol
 * otherwise), kind -1 (an SeEventKind otherwise) and a NULL or empty
 * search let everything through. */
void         se_log_filter_set_criteria      (SeLogFilter *self,
                                              guint        connection_id,
                                              int          protocol,
                                              int          kind,
                                              const char  *search);
guint        se_log_filter_get_connection_id (SeLogFilter *self);
int          se_log_filter_get_protocol      (SeLogFilter *self);
int          se_log_filter_get_kind          (SeLogFilter *self);
/* As set, before casefolding; NULL when there is no search. */
const char  *se_log_filter_get_search        (SeLogFilter *self);
/* Nothing filtered: every event matches. */
gboolean     se_log_filter_is_any            (SeLogFilter *self);

G_END_DECLS
