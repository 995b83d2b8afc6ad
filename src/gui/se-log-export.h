/* se-log-export.h: exporting the traffic log to a file the user chooses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-log-filter.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_TYPE_LOG_EXPORT (se_log_export_get_type ())

G_DECLARE_FINAL_TYPE (SeLogExport, se_log_export, SE, LOG_EXPORT, GObject)

/* parent's window is the dialogs' parent; it is not kept alive. */
SeLogExport *se_log_export_new      (GtkWidget      *parent);
void         se_log_export_set_log  (SeLogExport    *self,
                                     SeTrafficLog   *log);
/* Shows the file chooser (again, if it is open). */
void         se_log_export_choose   (SeLogExport    *self);
/* The view's filter: the chooser then offers to export only the events
 * it shows. */
void         se_log_export_set_filter (SeLogExport  *self,
                                       SeLogFilter  *filter);
/* Writes the log on a worker thread and emits ::toast with the outcome. */
void         se_log_export_to_file  (SeLogExport    *self,
                                     GFile          *file,
                                     SeExportFormat  format);
/* The same; with shown_only, only the events the filter shows now. */
void         se_log_export_to_file_full (SeLogExport    *self,
                                         GFile          *file,
                                         SeExportFormat  format,
                                         gboolean        shown_only);
/* Closes the chooser and cancels what is under way, for good. */
void         se_log_export_cancel   (SeLogExport    *self);

G_END_DECLS
