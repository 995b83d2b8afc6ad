/* se-diagram-layout.c: where each part of a sequence diagram goes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One layout for every way the diagram is drawn: the window's widget
 * (cairo, with the font it measured), and the SVG of the CLI and of the
 * window's export. Lifelines are columns wide enough for their header
 * and calls, set apart far enough for the labels of the arrows between
 * neighbours; each row holds one call, with room for an arrow's label
 * above it and the TCP state below.
 */
#include "config.h"

#include <math.h>

#include "se-diagram-layout.h"

static double
chars (const char *text)
{
  return text != NULL ? g_utf8_strlen (text, -1) : 0;
}

double
se_diagram_layout_text_width (const SeDiagramLayout *layout,
                              const char            *text)
{
  return chars (text) * layout->metrics.char_width;
}

double
se_diagram_layout_row_y (const SeDiagramLayout *layout,
                         double                 row)
{
  return layout->top + (row + 0.5) * layout->row_height;
}

SeDiagramLayout *
se_diagram_layout_new (SeDiagram              *diagram,
                       const SeDiagramMetrics *metrics)
{
  SeDiagramLayout *layout;
  const SeDiagramLifeline *lifelines;
  const SeDiagramStep *steps;
  const SeDiagramArrow *arrows;
  guint n_lifelines, n_steps, n_arrows;
  g_autofree double *column = NULL;
  g_autofree double *gap = NULL;
  double cw, lh, x;

  g_return_val_if_fail (SE_IS_DIAGRAM (diagram), NULL);
  g_return_val_if_fail (metrics != NULL, NULL);

  lifelines = se_diagram_get_lifelines (diagram, &n_lifelines);
  steps = se_diagram_get_steps (diagram, &n_steps);
  arrows = se_diagram_get_arrows (diagram, &n_arrows);

  layout = g_new0 (SeDiagramLayout, 1);
  layout->diagram = g_object_ref (diagram);
  layout->metrics = *metrics;
  layout->lifelines = g_new0 (SeDiagramLayoutLifeline, MAX (n_lifelines, 1));
  layout->steps = g_new0 (SeDiagramLayoutStep, MAX (n_steps, 1));
  layout->arrows = g_new0 (SeDiagramLayoutArrow, MAX (n_arrows, 1));

  cw = metrics->char_width;
  lh = metrics->line_height;
  layout->margin = 2 * cw;
  layout->header_height = 2.6 * lh;
  layout->row_height = 2.7 * lh;
  layout->top = layout->margin + layout->header_height + 0.5 * lh;

  /* Each column: its header and its calls */
  column = g_new0 (double, MAX (n_lifelines, 1));
  gap = g_new0 (double, MAX (n_lifelines, 1));
  for (guint i = 0; i < n_lifelines; i++)
    {
      layout->lifelines[i].box_width = (MAX (chars (lifelines[i].title), chars (lifelines[i].address)) + 2) * cw;
      column[i] = layout->lifelines[i].box_width;
    }
  for (guint i = 0; i < n_steps; i++)
    {
      layout->steps[i].width = (chars (steps[i].call) + 2) * cw;
      layout->steps[i].height = 1.4 * lh;
      column[steps[i].lifeline] = MAX (column[steps[i].lifeline],
                                       MAX (layout->steps[i].width, (chars (steps[i].state) + 2) * cw));
    }

  /* Between neighbours: room for the labels of the arrows that join them */
  for (guint i = 0; i + 1 < n_lifelines; i++)
    gap[i] = (column[i] + column[i + 1]) / 2 + 3 * cw;
  for (guint i = 0; i < n_arrows; i++)
    {
      guint a = MIN (arrows[i].from_lifeline, arrows[i].to_lifeline);
      guint b = MAX (arrows[i].from_lifeline, arrows[i].to_lifeline);
      double need = (chars (arrows[i].label) + 4) * cw;

      if (b == a + 1)
        gap[a] = MAX (gap[a], need + (column[a] + column[b]) / 4);
    }

  x = layout->margin + (n_lifelines > 0 ? column[0] / 2 : 0);
  for (guint i = 0; i < n_lifelines; i++)
    {
      SeDiagramLayoutLifeline *l = &layout->lifelines[i];

      l->x = x;
      l->first_y = se_diagram_layout_row_y (layout, lifelines[i].first_row) - 0.7 * lh;
      l->last_y = se_diagram_layout_row_y (layout, lifelines[i].last_row + (lifelines[i].closed ? 0 : 0.5));
      if (i + 1 < n_lifelines)
        x += gap[i];
    }
  layout->width = x + (n_lifelines > 0 ? column[n_lifelines - 1] / 2 : 0) + layout->margin;
  layout->height = layout->top + se_diagram_get_n_rows (diagram) * layout->row_height + layout->margin;

  for (guint i = 0; i < n_steps; i++)
    {
      layout->steps[i].x = layout->lifelines[steps[i].lifeline].x;
      layout->steps[i].y = se_diagram_layout_row_y (layout, steps[i].row);
    }

  for (guint i = 0; i < n_arrows; i++)
    {
      const SeDiagramArrow *arrow = &arrows[i];
      SeDiagramLayoutArrow *a = &layout->arrows[i];
      double from_x = layout->lifelines[arrow->from_lifeline].x;
      double to_x = layout->lifelines[arrow->to_lifeline].x;
      double from_half = arrow->from_step != SE_DIAGRAM_NONE ? layout->steps[arrow->from_step].width / 2 : 0;
      double to_half = arrow->to_step != SE_DIAGRAM_NONE ? layout->steps[arrow->to_step].width / 2 : 0;
      double direction = to_x >= from_x ? 1 : -1;
      double dx, dy;

      a->x1 = from_x + direction * from_half;
      a->y1 = se_diagram_layout_row_y (layout, arrow->from_row);
      a->x2 = to_x - direction * to_half;
      a->y2 = se_diagram_layout_row_y (layout, arrow->to_row);

      /* The label sits above the line's middle: the pieces of one send
       * that fan out to several reads end on different rows, so their
       * labels stay apart. */
      dx = a->x2 - a->x1;
      dy = a->y2 - a->y1;
      a->label_x = a->x1 + dx * 0.5;
      a->label_y = a->y1 + dy * 0.5 - 0.35 * lh;
    }

  return layout;
}

void
se_diagram_layout_free (SeDiagramLayout *layout)
{
  if (layout == NULL)
    return;

  g_clear_object (&layout->diagram);
  g_free (layout->lifelines);
  g_free (layout->steps);
  g_free (layout->arrows);
  g_free (layout);
}

static double
distance_to_segment (double px, double py,
                     double x1, double y1,
                     double x2, double y2)
{
  double dx = x2 - x1;
  double dy = y2 - y1;
  double t = 0;
  double cx, cy;

  if (dx != 0 || dy != 0)
    t = CLAMP (((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy), 0, 1);
  cx = x1 + t * dx;
  cy = y1 + t * dy;
  return sqrt ((px - cx) * (px - cx) + (py - cy) * (py - cy));
}

guint
se_diagram_layout_hit (const SeDiagramLayout *layout,
                       double                 x,
                       double                 y)
{
  const SeDiagramStep *steps;
  const SeDiagramArrow *arrows;
  guint n_steps, n_arrows;
  double best = layout->metrics.line_height * 0.5;
  guint hit = SE_DIAGRAM_NONE;

  g_return_val_if_fail (layout != NULL, SE_DIAGRAM_NONE);

  steps = se_diagram_get_steps (layout->diagram, &n_steps);
  arrows = se_diagram_get_arrows (layout->diagram, &n_arrows);

  for (guint i = 0; i < n_steps; i++)
    {
      const SeDiagramLayoutStep *s = &layout->steps[i];

      if (fabs (x - s->x) <= s->width / 2 && fabs (y - s->y) <= s->height / 2)
        return steps[i].event_index;
    }

  for (guint i = 0; i < n_arrows; i++)
    {
      const SeDiagramLayoutArrow *a = &layout->arrows[i];
      double half = se_diagram_layout_text_width (layout, arrows[i].label) / 2;
      double d;

      if (arrows[i].event_index == SE_DIAGRAM_NONE)
        continue;

      /* On its label */
      if (fabs (x - a->label_x) <= half &&
          y <= a->label_y + 0.2 * layout->metrics.line_height &&
          y >= a->label_y - layout->metrics.line_height)
        return arrows[i].event_index;

      d = distance_to_segment (x, y, a->x1, a->y1, a->x2, a->y2);
      if (d < best)
        {
          best = d;
          hit = arrows[i].event_index;
        }
    }

  return hit;
}
