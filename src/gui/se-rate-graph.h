/* se-rate-graph.h: bytes per second in and out over the last minute
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SE_TYPE_RATE_GRAPH (se_rate_graph_get_type ())

G_DECLARE_FINAL_TYPE (SeRateGraph, se_rate_graph, SE, RATE_GRAPH, GtkWidget)

/* source has the rate properties of se-rate-meter.h (a listener, client
 * or connection proxy); the graph shows them as they come and keeps the
 * last minute of them. */
GtkWidget *se_rate_graph_new             (GObject     *source);
/* Puts graph in a page's box, right after sibling (its header), with the
 * header's margins: outside the header's scrolled window, so that it is
 * always seen whole. */
void       se_rate_graph_insert_after    (GtkWidget   *graph,
                                          GtkWidget   *sibling);
/* "In 1.2 kB/s (3 messages/s), out 0 B/s (0 messages/s)": what the graph
 * says, also its accessible description. */
char      *se_rate_graph_dup_text        (SeRateGraph *self);

/* "↓ 1.2 kB/s  ↑ 800 B/s", for a table cell. */
char      *se_rate_graph_format_short    (double       bytes_in,
                                          double       bytes_out);
/* "1.2 kB/s in, 800 B/s out", for a status line. */
char      *se_rate_graph_format_total    (double       bytes_in,
                                          double       bytes_out);

G_END_DECLS
