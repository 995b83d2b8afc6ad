/* se-log-cells.h: the log's cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-event.h"

G_BEGIN_DECLS

/* The encoding in which log_view reads event's bytes ("utf-8", …) */
typedef const char *(*SeLogCellsEncodingFunc) (GtkWidget *log_view,
                                               SeEvent   *event);

/* Makes the setup and bind handlers of the log's columns, and the
 * closures of ui/se-log-connection-*.ui, known to a widget class whose
 * template holds those factories; the Data column asks encoding_func how
 * to read each event. */
void se_log_cells_bind_template_callbacks (GtkWidgetClass         *widget_class,
                                           SeLogCellsEncodingFunc  encoding_func);
/* The Data column's cells of the log view, read again in the encodings
 * its encoding_func says now */
void se_log_cells_refresh_data            (GtkWidget      *log_view);

G_END_DECLS
