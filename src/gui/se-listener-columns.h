/* se-listener-columns.h: the columns of a listener's connections and peers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "socket-explorer-core.h"

G_BEGIN_DECLS

/* # State, addresses, counters and rate of each SeConnectionProxy */
void se_listener_columns_add_connections (GtkColumnView *view);
/* Address and counters of each SePeerProxy of a datagram listener */
void se_listener_columns_add_peers       (GtkColumnView *view);

G_END_DECLS
