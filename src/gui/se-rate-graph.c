/* se-rate-graph.c: bytes per second in and out over the last minute
 *
 * The rates themselves come from the core (se-rate-meter.h): the network
 * thread samples the exact counters once a second and the proxy mirrors
 * the result. This widget only shows them: a line of text with the
 * current rates, and under it the last minute of bytes in and out as two
 * lines, scaled to the largest value shown. Its height follows the text
 * size (and so the window's zoom); its colours follow the style (dark
 * mode included).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "se-rate-graph.h"
#include "se-rate-meter.h"

#define HISTORY 60  /* seconds */

struct _SeRateGraph
{
  GtkWidget  parent_instance;

  GObject   *source;
  double     current[SE_RATE_N_KINDS];
  double     in[HISTORY];    /* bytes per second, oldest first */
  double     out[HISTORY];
  guint      tick_id;
  char      *text;           /* the rates as last shown */
};

G_DEFINE_FINAL_TYPE (SeRateGraph, se_rate_graph, GTK_TYPE_WIDGET)

/* Helpers */

static char *
format_bytes_rate (double bytes)
{
  g_autofree char *size = NULL;

  /* Short, for a table cell: "50 B/s" rather than "50 bytes/s". */
  if (bytes < 999.5)
    /* Translators: bytes per second; %.0f is a number below 1000 */
    return g_strdup_printf (_("%.0f B/s"), bytes);

  size = g_format_size ((guint64) (bytes + 0.5));
  /* Translators: a rate, %s is a size such as "1.2 kB" */
  return g_strdup_printf (_("%s/s"), size);
}

static char *
format_messages_rate (double messages)
{
  g_autofree char *number = g_strdup_printf (messages < 10 && messages != (int) messages ? "%.1f" : "%.0f", messages);

  /* Translators: messages (or datagrams) per second; %s is a number */
  return g_strdup_printf (_("%s msg/s"), number);
}

char *
se_rate_graph_format_short (double bytes_in,
                            double bytes_out)
{
  g_autofree char *in = format_bytes_rate (bytes_in);
  g_autofree char *out = format_bytes_rate (bytes_out);

  /* Translators: above the rate graph and in the Rate column: bytes per
   * second received (↓) and sent (↑), e.g. "↓ 1.2 kB/s  ↑ 800 B/s" */
  return g_strdup_printf (_("↓ %s  ↑ %s"), in, out);
}

char *
se_rate_graph_format_total (double bytes_in,
                            double bytes_out)
{
  g_autofree char *in = format_bytes_rate (bytes_in);
  g_autofree char *out = format_bytes_rate (bytes_out);

  /* Translators: rates, e.g. "1.2 kB/s in, 800 B/s out" */
  return g_strdup_printf (_("%s in, %s out"), in, out);
}

char *
se_rate_graph_dup_text (SeRateGraph *self)
{
  g_autofree char *bytes_in = NULL;
  g_autofree char *bytes_out = NULL;
  g_autofree char *messages_in = NULL;
  g_autofree char *messages_out = NULL;

  g_return_val_if_fail (SE_IS_RATE_GRAPH (self), NULL);

  bytes_in = format_bytes_rate (self->current[SE_RATE_BYTES_RECEIVED]);
  bytes_out = format_bytes_rate (self->current[SE_RATE_BYTES_SENT]);
  messages_in = format_messages_rate (self->current[SE_RATE_MESSAGES_RECEIVED]);
  messages_out = format_messages_rate (self->current[SE_RATE_MESSAGES_SENT]);

  /* Translators: the rates of a listener, client or connection, e.g.
   * "In 1.2 kB/s (3 msg/s), out 800 B/s (2 msg/s)" */
  return g_strdup_printf (_("In %s (%s), out %s (%s)"), bytes_in, messages_in, bytes_out, messages_out);
}

/* The rates change with each snapshot of the network thread (ten times
 * a second), one property at a time: the graph is drawn again only when
 * what it shows changed, and its tooltip is made when asked for (setting
 * one makes GTK look for the pointer, a round trip to the X server). */
static void
update_text (SeRateGraph *self)
{
  g_autofree char *text = se_rate_graph_dup_text (self);

  if (g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_steal_pointer (&text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->text,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What the graph shows above its lines, each in its line's colour, so
 * that it is also the legend: "↓ 1.2 kB/s", "↑ 800 B/s". */
static char *
dup_in_text (SeRateGraph *self)
{
  g_autofree char *rate = format_bytes_rate (self->current[SE_RATE_BYTES_RECEIVED]);

  /* Translators: above the rate graph, bytes per second received */
  return g_strdup_printf (_("↓ %s"), rate);
}

static char *
dup_out_text (SeRateGraph *self)
{
  g_autofree char *rate = format_bytes_rate (self->current[SE_RATE_BYTES_SENT]);

  /* Translators: above the rate graph, bytes per second sent */
  return g_strdup_printf (_("↑ %s"), rate);
}

static void
read_source (SeRateGraph *self)
{
  for (guint kind = 0; kind < SE_RATE_N_KINDS; kind++)
    g_object_get (self->source, se_rate_property_names[kind], &self->current[kind], NULL);
}

/* The largest value shown, rounded up to 1, 2 or 5 times a power of ten,
 * so that the scale moves in steps rather than with every sample. */
static double
nice_maximum (const SeRateGraph *self)
{
  double max = 0;
  double step = 1;

  for (guint i = 0; i < HISTORY; i++)
    max = MAX (max, MAX (self->in[i], self->out[i]));
  if (max <= 0)
    return 1;
  while (step < max)
    {
      if (step * 2 >= max)
        return step * 2;
      if (step * 5 >= max)
        return step * 5;
      step *= 10;
    }
  return step;
}

/* Callbacks */

static void
source_notify_cb (SeRateGraph *self)
{
  read_source (self);
  update_text (self);
}

/* Once a second, the current rates become the newest point of the
 * minute shown. */
static gboolean
tick_cb (gpointer user_data)
{
  SeRateGraph *self = user_data;

  memmove (self->in, self->in + 1, (HISTORY - 1) * sizeof (double));
  memmove (self->out, self->out + 1, (HISTORY - 1) * sizeof (double));
  self->in[HISTORY - 1] = self->current[SE_RATE_BYTES_RECEIVED];
  self->out[HISTORY - 1] = self->current[SE_RATE_BYTES_SENT];
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_CONTINUE;
}

/* Overrides */

static int
line_height (GtkWidget *widget)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Xg");
  int height = 0;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return MAX (height, 1);
}

static void
se_rate_graph_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  int line = line_height (widget);

  /* A line of text and a line of graph, in the text's size; none of it
   * is needed: where the page is short of room (a small window, large
   * text, an event's details open) the graph gives its height up before
   * the composer is scrolled away. */
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = 0;
      *natural = 2 * line + line / 4;
    }
  else
    {
      *minimum = 7 * line;
      *natural = 11 * line;
    }
}

static void
draw_series (cairo_t       *cr,
             const double  *values,
             double         max,
             double         x,
             double         y,
             double         width,
             double         height,
             const GdkRGBA *color,
             gboolean       fill)
{
  double step = width / (HISTORY - 1);

  cairo_new_path (cr);
  for (guint i = 0; i < HISTORY; i++)
    {
      double px = x + i * step;
      double py = y + height - MIN (values[i] / max, 1.0) * height;

      if (i == 0)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
    }
  if (fill)
    {
      cairo_line_to (cr, x + width, y + height);
      cairo_line_to (cr, x, y + height);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * 0.25);
      cairo_fill (cr);
    }
  else
    {
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
      cairo_stroke (cr);
    }
}

static void
se_rate_graph_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SeRateGraph *self = SE_RATE_GRAPH (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int line = line_height (widget);
  g_autofree char *in_text = dup_in_text (self);
  g_autofree char *out_text = dup_out_text (self);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, in_text);
  g_autoptr(PangoLayout) out_layout = gtk_widget_create_pango_layout (widget, out_text);
  int in_width = 0, out_width = 0;
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg, in_color, out_color, grid;
  double graph_y = line + line / 8.0;
  double graph_h = height - graph_y - 1;
  double max = nice_maximum (self);
  g_autofree char *max_text = format_bytes_rate (max);
  g_autoptr(PangoLayout) max_layout = gtk_widget_create_pango_layout (widget, max_text);
  cairo_t *cr;
  int max_width = 0;

  if (width <= 0 || graph_h <= 2)
    return;

  /* The style's colours, so that dark mode and high contrast follow. */
  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_color", &in_color))
    in_color = fg;
  if (!gtk_style_context_lookup_color (style, "success_color", &out_color))
    out_color = fg;
  grid = fg;
  grid.alpha *= 0.15;

  pango_layout_get_pixel_size (layout, &in_width, NULL);
  pango_layout_get_pixel_size (out_layout, &out_width, NULL);
  gtk_snapshot_append_layout (snapshot, layout, &in_color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (in_width + line, 0));
  gtk_snapshot_append_layout (snapshot, out_layout, &out_color);
  gtk_snapshot_restore (snapshot);
  pango_layout_get_pixel_size (max_layout, &max_width, NULL);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, MAX (1.0, line / 10.0));
  /* The frame of the minute: the bottom line and the top (the scale). */
  gdk_cairo_set_source_rgba (cr, &grid);
  cairo_rectangle (cr, 0.5, graph_y + 0.5, width - 1, graph_h);
  cairo_stroke (cr);
  draw_series (cr, self->in, max, 1, graph_y + 1, width - 2, graph_h - 1, &in_color, TRUE);
  draw_series (cr, self->in, max, 1, graph_y + 1, width - 2, graph_h - 1, &in_color, FALSE);
  draw_series (cr, self->out, max, 1, graph_y + 1, width - 2, graph_h - 1, &out_color, FALSE);
  cairo_destroy (cr);

  /* The scale (the top of the graph), dimmed, at the right of the text
   * when there is room for both. */
  {
    GdkRGBA dim = fg;
    int text_width = in_width + line + out_width;

    dim.alpha *= 0.55;
    if (text_width + line + max_width <= width)
      {
        gtk_snapshot_save (snapshot);
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (width - max_width, 0));
        gtk_snapshot_append_layout (snapshot, max_layout, &dim);
        gtk_snapshot_restore (snapshot);
      }
  }
}

static gboolean
se_rate_graph_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard,
                             GtkTooltip *tooltip)
{
  SeRateGraph *self = SE_RATE_GRAPH (widget);

  if (self->text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->text);
  return TRUE;
}

static void
se_rate_graph_finalize (GObject *object)
{
  SeRateGraph *self = SE_RATE_GRAPH (object);

  g_free (self->text);

  G_OBJECT_CLASS (se_rate_graph_parent_class)->finalize (object);
}

static void
se_rate_graph_dispose (GObject *object)
{
  SeRateGraph *self = SE_RATE_GRAPH (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (se_rate_graph_parent_class)->dispose (object);
}

static void
se_rate_graph_class_init (SeRateGraphClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_rate_graph_dispose;
  object_class->finalize = se_rate_graph_finalize;
  widget_class->measure = se_rate_graph_measure;
  widget_class->query_tooltip = se_rate_graph_query_tooltip;
  widget_class->snapshot = se_rate_graph_snapshot;

  gtk_widget_class_set_css_name (widget_class, "rate-graph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
se_rate_graph_init (SeRateGraph *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Traffic over the last minute"),
                                  -1);
}

/* Public API */

GtkWidget *
se_rate_graph_new (GObject *source)
{
  SeRateGraph *self;

  g_return_val_if_fail (G_IS_OBJECT (source), NULL);

  self = g_object_new (SE_TYPE_RATE_GRAPH, NULL);
  self->source = g_object_ref (source);
  for (guint kind = 0; kind < SE_RATE_N_KINDS; kind++)
    {
      g_autofree char *signal = g_strconcat ("notify::", se_rate_property_names[kind], NULL);

      g_signal_connect_object (source, signal, G_CALLBACK (source_notify_cb), self,
                               G_CONNECT_SWAPPED);
    }
  read_source (self);
  update_text (self);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);

  return GTK_WIDGET (self);
}

void
se_rate_graph_insert_after (GtkWidget *graph,
                            GtkWidget *sibling)
{
  GtkWidget *box;

  g_return_if_fail (SE_IS_RATE_GRAPH (graph));
  g_return_if_fail (GTK_IS_WIDGET (sibling));

  box = gtk_widget_get_parent (sibling);
  g_return_if_fail (GTK_IS_BOX (box));
  gtk_widget_set_margin_start (graph, 18);
  gtk_widget_set_margin_end (graph, 18);
  gtk_widget_set_margin_bottom (graph, 6);
  gtk_box_insert_child_after (GTK_BOX (box), graph, sibling);
}
