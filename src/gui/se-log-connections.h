/* se-log-connections.h: the connections a traffic log has seen, for a filter menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_TYPE_LOG_CONNECTIONS (se_log_connections_get_type ())

G_DECLARE_FINAL_TYPE (SeLogConnections, se_log_connections, SE, LOG_CONNECTIONS, GObject)

SeLogConnections *se_log_connections_new       (void);
/* GtkStringObjects: "All connections", then "#3 127.0.0.1:51000" for each
 * connection in the order first seen. */
GListModel       *se_log_connections_get_model (SeLogConnections *self);
/* The connection at a position of the model; 0 for "All connections". */
guint             se_log_connections_get_id    (SeLogConnections *self,
                                                guint             position);
/* Only "All connections" again. */
void              se_log_connections_reset     (SeLogConnections *self);
/* Adds the connections first seen in the log's events [position,
 * position + n_items). */
void              se_log_connections_scan      (SeLogConnections *self,
                                                SeTrafficLog     *log,
                                                guint             position,
                                                guint             n_items);

G_END_DECLS
