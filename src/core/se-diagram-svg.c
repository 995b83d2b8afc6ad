/* se-diagram-svg.c: a sequence diagram as SVG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written as text from the same layout the window draws, for
 * `socket-explorer-cli diagram` and the window's Export SVG: plain SVG
 * 1.1 that browsers, Inkscape and slide software open.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "se-diagram-layout.h"
#include "se-diagram-svg.h"

#define FONT_SIZE 13.0

static const SeDiagramColors light = {
  .background = "#ffffff",
  .foreground = "#241f31",
  .dim = "#77767b",
  .box = "#f6f5f4",
  .data = "#1c71d8",
  .datagram = "#9141ac",
  .handshake = "#26a269",
  .fin = "#c01c28",
};

const SeDiagramColors *
se_diagram_colors_light (void)
{
  return &light;
}

static const char *
arrow_color (const SeDiagramColors *colors,
             SeDiagramArrowKind     kind)
{
  switch (kind)
    {
    case SE_DIAGRAM_ARROW_CONNECT:
      return colors->handshake;
    case SE_DIAGRAM_ARROW_NEW_SOCKET:
      return colors->dim;
    case SE_DIAGRAM_ARROW_DATAGRAM:
      return colors->datagram;
    case SE_DIAGRAM_ARROW_FIN:
      return colors->fin;
    case SE_DIAGRAM_ARROW_DATA:
    default:
      return colors->data;
    }
}

/* Numbers with a dot whatever the locale, and no more digits than help */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.1f", value);
  g_string_append (out, buffer);
}

static void
append_attr (GString    *out,
             const char *name,
             double      value)
{
  g_string_append_printf (out, " %s=\"", name);
  append_number (out, value);
  g_string_append_c (out, '"');
}

static void
append_text (GString    *out,
             double      x,
             double      y,
             const char *anchor,
             const char *klass,
             const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, "<text");
  append_attr (out, "x", x);
  append_attr (out, "y", y);
  g_string_append_printf (out, " text-anchor=\"%s\" class=\"%s\">%s</text>\n", anchor, klass, escaped);
}

static void
append_arrow (GString               *out,
              const SeDiagramLayout *layout,
              const SeDiagramArrow  *arrow,
              guint                  i,
              const SeDiagramColors *colors)
{
  const SeDiagramLayoutArrow *a = &layout->arrows[i];
  const char *color = arrow_color (colors, arrow->kind);
  double angle = atan2 (a->y2 - a->y1, a->x2 - a->x1);
  double head = layout->metrics.char_width * 1.2;
  g_autofree char *title = g_markup_escape_text (arrow->label, -1);
  gboolean dashed = arrow->in_flight || arrow->kind == SE_DIAGRAM_ARROW_NEW_SOCKET;

  g_string_append (out, "<g class=\"arrow\"");
  if (arrow->event_index != SE_DIAGRAM_NONE)
    g_string_append_printf (out, " data-event=\"%u\"", arrow->event_index);
  g_string_append_printf (out, "><title>%s</title>\n", title);

  g_string_append (out, "<line");
  append_attr (out, "x1", a->x1);
  append_attr (out, "y1", a->y1);
  append_attr (out, "x2", a->x2);
  append_attr (out, "y2", a->y2);
  g_string_append_printf (out, " stroke=\"%s\" stroke-width=\"1.6\"%s/>\n", color,
                          dashed ? " stroke-dasharray=\"5 4\"" : "");

  g_string_append_printf (out, "<path fill=\"%s\" d=\"M", color);
  append_number (out, a->x2);
  g_string_append_c (out, ' ');
  append_number (out, a->y2);
  g_string_append (out, " L");
  append_number (out, a->x2 - head * cos (angle - 0.4));
  g_string_append_c (out, ' ');
  append_number (out, a->y2 - head * sin (angle - 0.4));
  g_string_append (out, " L");
  append_number (out, a->x2 - head * cos (angle + 0.4));
  g_string_append_c (out, ' ');
  append_number (out, a->y2 - head * sin (angle + 0.4));
  g_string_append (out, " Z\"/>\n");

  if (arrow->label[0] != '\0')
    {
      g_autofree char *klass = g_strdup_printf ("label %s", dashed ? "dim" : "");

      append_text (out, a->label_x, a->label_y, "middle", klass, arrow->label);
    }
  g_string_append (out, "</g>\n");
}

char *
se_diagram_to_svg (SeDiagram             *diagram,
                   const SeDiagramColors *colors)
{
  SeDiagramMetrics metrics = { .char_width = FONT_SIZE * 0.6, .line_height = FONT_SIZE * 1.4 };
  g_autoptr(SeDiagramLayout) layout = NULL;
  const SeDiagramLifeline *lifelines;
  const SeDiagramStep *steps;
  const SeDiagramArrow *arrows;
  guint n_lifelines, n_steps, n_arrows;
  double lh = metrics.line_height;
  GString *out;

  g_return_val_if_fail (SE_IS_DIAGRAM (diagram), NULL);

  if (colors == NULL)
    colors = &light;

  layout = se_diagram_layout_new (diagram, &metrics);
  lifelines = se_diagram_get_lifelines (diagram, &n_lifelines);
  steps = se_diagram_get_steps (diagram, &n_steps);
  arrows = se_diagram_get_arrows (diagram, &n_arrows);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
  append_attr (out, "width", ceil (layout->width));
  append_attr (out, "height", ceil (layout->height));
  g_string_append (out, " viewBox=\"0 0 ");
  append_number (out, ceil (layout->width));
  g_string_append_c (out, ' ');
  append_number (out, ceil (layout->height));
  g_string_append (out, "\">\n");
  g_string_append_printf (out, "<title>%s</title>\n", _("Sequence diagram"));
  g_string_append_printf (out,
                          "<style>\n"
                          "text { font-family: monospace; font-size: %dpx; fill: %s; }\n"
                          "text.title { font-weight: bold; }\n"
                          "text.dim { fill: %s; }\n"
                          "text.state { fill: %s; font-size: %dpx; }\n"
                          /* A halo of the background keeps a label readable
                           * where it crosses a lifeline or another arrow */
                          "text.label { paint-order: stroke; stroke: %s; stroke-width: 4px; stroke-linejoin: round; }\n"
                          "</style>\n",
                          (int) FONT_SIZE, colors->foreground, colors->dim, colors->dim,
                          (int) FONT_SIZE - 2, colors->background);
  g_string_append_printf (out, "<rect width=\"100%%\" height=\"100%%\" fill=\"%s\"/>\n", colors->background);

  for (guint i = 0; i < n_lifelines; i++)
    {
      const SeDiagramLayoutLifeline *l = &layout->lifelines[i];
      double box_bottom = layout->margin + layout->header_height;

      g_string_append (out, "<g class=\"lifeline\">\n<rect");
      append_attr (out, "x", l->x - l->box_width / 2);
      append_attr (out, "y", layout->margin);
      append_attr (out, "width", l->box_width);
      append_attr (out, "height", layout->header_height);
      g_string_append_printf (out, " rx=\"4\" fill=\"%s\" stroke=\"%s\"/>\n", colors->box, colors->foreground);
      append_text (out, l->x, layout->margin + lh, "middle", "title", lifelines[i].title);
      append_text (out, l->x, layout->margin + 2 * lh, "middle", "dim", lifelines[i].address);

      /* Dotted before the socket exists, solid while it is open */
      if (l->first_y > box_bottom)
        {
          g_string_append (out, "<line");
          append_attr (out, "x1", l->x);
          append_attr (out, "y1", box_bottom);
          append_attr (out, "x2", l->x);
          append_attr (out, "y2", l->first_y);
          g_string_append_printf (out, " stroke=\"%s\" stroke-dasharray=\"2 4\"/>\n", colors->dim);
        }
      g_string_append (out, "<line");
      append_attr (out, "x1", l->x);
      append_attr (out, "y1", MAX (l->first_y, box_bottom));
      append_attr (out, "x2", l->x);
      append_attr (out, "y2", l->last_y);
      g_string_append_printf (out, " stroke=\"%s\" stroke-width=\"1.5\"/>\n", colors->dim);
      g_string_append (out, "</g>\n");
    }

  for (guint i = 0; i < n_arrows; i++)
    append_arrow (out, layout, &arrows[i], i, colors);

  for (guint i = 0; i < n_steps; i++)
    {
      const SeDiagramLayoutStep *s = &layout->steps[i];

      g_string_append_printf (out, "<g class=\"step\" data-event=\"%u\">\n<rect", steps[i].event_index);
      append_attr (out, "x", s->x - s->width / 2);
      append_attr (out, "y", s->y - s->height / 2);
      append_attr (out, "width", s->width);
      append_attr (out, "height", s->height);
      g_string_append_printf (out, " rx=\"3\" fill=\"%s\" stroke=\"%s\"/>\n", colors->box, colors->foreground);
      append_text (out, s->x, s->y + 0.3 * lh, "middle", "call", steps[i].call);
      if (steps[i].state != NULL)
        append_text (out, s->x, s->y + s->height / 2 + 0.8 * lh, "middle", "state", steps[i].state);
      g_string_append (out, "</g>\n");
    }

  g_string_append (out, "</svg>\n");

  return g_string_free (out, FALSE);
}
