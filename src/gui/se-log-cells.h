/* se-log-cells.h: what the log's cells show that an expression cannot say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Makes the closures of ui/se-log-cell-*.ui and se-log-connection-*.ui,
 * and the Kind column's setup and bind handlers, known to a widget class
 * whose template holds those factories. */
void se_log_cells_bind_template_callbacks (GtkWidgetClass *widget_class);
/* The Data column's cells of the log view, read again in the encodings
 * se_log_view_get_event_encoding () says now */
void se_log_cells_refresh_data            (GtkWidget      *log_view);

G_END_DECLS
