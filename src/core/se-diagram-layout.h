/* se-diagram-layout.h: where each part of a sequence diagram goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-diagram.h"

G_BEGIN_DECLS

/* The text a diagram is drawn with: monospace, so that a label's width
 * is its length in characters times char_width. */
typedef struct
{
  double char_width;
  double line_height;
} SeDiagramMetrics;

typedef struct
{
  double x;            /* the vertical line */
  double box_width;    /* the header box, centred on x, from layout->margin down */
  double first_y;      /* alive from here … */
  double last_y;       /* … to here; dotted above first_y */
} SeDiagramLayoutLifeline;

typedef struct
{
  double x, y;         /* centre of the call's box */
  double width, height;
} SeDiagramLayoutStep;

typedef struct
{
  double x1, y1;       /* from */
  double x2, y2;       /* to (the arrowhead) */
  double label_x;      /* centre of the label's baseline */
  double label_y;
} SeDiagramLayoutArrow;

typedef struct
{
  SeDiagram               *diagram;
  SeDiagramMetrics         metrics;
  double                   width;
  double                   height;
  double                   margin;
  double                   header_height;
  double                   row_height;
  double                   top;        /* y of row 0's top */
  SeDiagramLayoutLifeline *lifelines;
  SeDiagramLayoutStep     *steps;
  SeDiagramLayoutArrow    *arrows;
} SeDiagramLayout;

SeDiagramLayout *se_diagram_layout_new  (SeDiagram              *diagram,
                                         const SeDiagramMetrics *metrics);
void             se_diagram_layout_free (SeDiagramLayout        *layout);
/* The y of a row's middle (rows may be fractional: a peer's end). */
double           se_diagram_layout_row_y (const SeDiagramLayout *layout,
                                          double                 row);
/* The event drawn at (x, y), a step's box or an arrow (its line or its
 * label); SE_DIAGRAM_NONE if none. */
guint            se_diagram_layout_hit  (const SeDiagramLayout  *layout,
                                         double                  x,
                                         double                  y);
/* A label's width, in the layout's characters (UTF-8 aware). */
double           se_diagram_layout_text_width (const SeDiagramLayout *layout,
                                               const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeDiagramLayout, se_diagram_layout_free)

G_END_DECLS
