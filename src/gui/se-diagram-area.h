/* se-diagram-area.h: draws an SeDiagram, and finds what was clicked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "se-diagram.h"
#include "se-diagram-layout.h"

G_BEGIN_DECLS

#define SE_TYPE_DIAGRAM_AREA (se_diagram_area_get_type ())

G_DECLARE_FINAL_TYPE (SeDiagramArea, se_diagram_area, SE, DIAGRAM_AREA, GtkWidget)

/* The colours of a drawing: the widget takes them from the style (light
 * or dark), an export from se_diagram_colors_light(). */
typedef struct
{
  GdkRGBA background;
  GdkRGBA foreground;
  GdkRGBA dim;
  GdkRGBA box;
  GdkRGBA data;
  GdkRGBA datagram;
  GdkRGBA handshake;
  GdkRGBA fin;
  GdkRGBA highlight;
} SeDiagramPalette;

GtkWidget       *se_diagram_area_new                (void);
SeDiagram       *se_diagram_area_get_diagram        (SeDiagramArea *self);
void             se_diagram_area_set_diagram        (SeDiagramArea *self,
                                                     SeDiagram     *diagram);
/* The event drawn highlighted (the log's selection), SE_DIAGRAM_NONE for none. */
void             se_diagram_area_set_selected_event (SeDiagramArea *self,
                                                     guint          event_index);
/* Its layout in the widget's own font (NULL before it has a diagram). */
const SeDiagramLayout *se_diagram_area_get_layout   (SeDiagramArea *self);
/* Only what the vertical adjustment shows is drawn: a long diagram is
 * taller than any surface should be. */
void             se_diagram_area_set_vadjustment    (SeDiagramArea *self,
                                                     GtkAdjustment *adjustment);
/* Draws the whole diagram (all rows) on cr in the layout's coordinates,
 * with palette (NULL: the widget's style colours), for an export. */
void             se_diagram_area_draw               (SeDiagramArea          *self,
                                                     cairo_t                *cr,
                                                     const SeDiagramPalette *palette);
/* The light palette of se-diagram-svg.h, for exports. */
void             se_diagram_palette_light           (SeDiagramPalette       *palette);

G_END_DECLS
