/* se-diagram-view.h: the live sequence diagram beside the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-diagram.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

#define SE_TYPE_DIAGRAM_VIEW (se_diagram_view_get_type ())

G_DECLARE_FINAL_TYPE (SeDiagramView, se_diagram_view, SE, DIAGRAM_VIEW, GtkWidget)

/* At most this many of the log's latest events are drawn. */
#define SE_DIAGRAM_VIEW_MAX_EVENTS 1000

GtkWidget    *se_diagram_view_new                (void);
SeTrafficLog *se_diagram_view_get_log            (SeDiagramView *self);
void          se_diagram_view_set_log            (SeDiagramView *self,
                                                  SeTrafficLog  *log);
/* What to draw (see se_diagram_new()): a connection, or the socket of an
 * address and its connections, or (0, NULL) every socket; description
 * says which, under the title. */
void          se_diagram_view_set_focus          (SeDiagramView *self,
                                                  guint          connection_id,
                                                  const char    *address,
                                                  const char    *description);
/* The diagram drawn now (NULL before there is a log). */
SeDiagram    *se_diagram_view_get_diagram        (SeDiagramView *self);
void          se_diagram_view_set_selected_event (SeDiagramView *self,
                                                  guint          event_index);
GtkWidget    *se_diagram_view_get_area           (SeDiagramView *self);
/* What Export SVG and Export PNG write, without the file chooser. */
GBytes       *se_diagram_view_dup_svg            (SeDiagramView *self);
GBytes       *se_diagram_view_dup_png            (SeDiagramView *self,
                                                  GError       **error);

G_END_DECLS
