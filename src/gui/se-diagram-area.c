/* se-diagram-area.c: draws an SeDiagram, and finds what was clicked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same layout as the SVG (se-diagram-layout.c), measured in the
 * widget's own font, so that it grows with the window's zoom and
 * presentation mode; the colours come from the style, so that the dark
 * style draws light lines on dark. A click on an arrow or a call emits
 * ::event-activated with the index of its event; with the keyboard, Up
 * and Down go from call to call.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "se-diagram-area.h"
#include "se-diagram-svg.h"

struct _SeDiagramArea
{
  GtkWidget         parent_instance;

  SeDiagram        *diagram;
  SeDiagramLayout  *layout;
  SeDiagramMetrics  metrics;   /* of the layout */
  GtkAdjustment    *vadjustment;
  guint             selected;  /* event index */
};

G_DEFINE_FINAL_TYPE (SeDiagramArea, se_diagram_area, GTK_TYPE_WIDGET)

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static PangoFontDescription *
monospace_font (SeDiagramArea *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (context));

  pango_font_description_set_family (font, "monospace");
  pango_font_description_set_weight (font, PANGO_WEIGHT_NORMAL);
  return font;
}

static SeDiagramMetrics
measure_metrics (SeDiagramArea *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "0123456789");
  PangoFontDescription *font = monospace_font (self);
  PangoRectangle logical;
  SeDiagramMetrics metrics;

  pango_layout_set_font_description (layout, font);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  metrics.char_width = logical.width / 10.0;
  metrics.line_height = logical.height * 1.25;
  pango_font_description_free (font);
  return metrics;
}

/* Lays the diagram out again when it or the font changed. */
static void
ensure_layout (SeDiagramArea *self)
{
  SeDiagramMetrics metrics;

  if (self->diagram == NULL)
    {
      g_clear_pointer (&self->layout, se_diagram_layout_free);
      return;
    }

  metrics = measure_metrics (self);
  if (self->layout != NULL &&
      metrics.char_width == self->metrics.char_width &&
      metrics.line_height == self->metrics.line_height)
    return;

  g_clear_pointer (&self->layout, se_diagram_layout_free);
  self->metrics = metrics;
  self->layout = se_diagram_layout_new (self->diagram, &metrics);
}

static gboolean
lookup (GtkWidget  *widget,
        const char *name,
        const char *fallback,
        GdkRGBA    *color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (gtk_style_context_lookup_color (context, name, color))
    return TRUE;
  return gdk_rgba_parse (color, fallback);
}

static void
style_palette (SeDiagramArea    *self,
               SeDiagramPalette *palette)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, &palette->foreground);
  palette->dim = palette->foreground;
  palette->dim.alpha *= 0.55;
  lookup (widget, "view_bg_color", "#ffffff", &palette->background);
  lookup (widget, "card_bg_color", "#f6f5f4", &palette->box);
  if (palette->box.alpha < 0.5)
    {
      /* Adwaita's card colour is a tint: made solid over the view */
      GdkRGBA tint = palette->box;

      palette->box = palette->background;
      palette->box.red += (tint.red - palette->box.red) * tint.alpha;
      palette->box.green += (tint.green - palette->box.green) * tint.alpha;
      palette->box.blue += (tint.blue - palette->box.blue) * tint.alpha;
      palette->box.alpha = 1;
    }
  lookup (widget, "accent_color", "#1c71d8", &palette->data);
  lookup (widget, "purple_3", "#9141ac", &palette->datagram);
  lookup (widget, "success_color", "#26a269", &palette->handshake);
  lookup (widget, "error_color", "#c01c28", &palette->fin);
  lookup (widget, "warning_color", "#e5a50a", &palette->highlight);
}

void
se_diagram_palette_light (SeDiagramPalette *palette)
{
  const SeDiagramColors *colors = se_diagram_colors_light ();

  gdk_rgba_parse (&palette->background, colors->background);
  gdk_rgba_parse (&palette->foreground, colors->foreground);
  gdk_rgba_parse (&palette->dim, colors->dim);
  gdk_rgba_parse (&palette->box, colors->box);
  gdk_rgba_parse (&palette->data, colors->data);
  gdk_rgba_parse (&palette->datagram, colors->datagram);
  gdk_rgba_parse (&palette->handshake, colors->handshake);
  gdk_rgba_parse (&palette->fin, colors->fin);
  gdk_rgba_parse (&palette->highlight, "#e5a50a");
}

static const GdkRGBA *
arrow_color (const SeDiagramPalette *palette,
             SeDiagramArrowKind      kind)
{
  switch (kind)
    {
    case SE_DIAGRAM_ARROW_CONNECT:
      return &palette->handshake;
    case SE_DIAGRAM_ARROW_NEW_SOCKET:
      return &palette->dim;
    case SE_DIAGRAM_ARROW_DATAGRAM:
      return &palette->datagram;
    case SE_DIAGRAM_ARROW_FIN:
      return &palette->fin;
    case SE_DIAGRAM_ARROW_DATA:
    default:
      return &palette->data;
    }
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

typedef struct
{
  cairo_t                *cr;
  PangoLayout            *text;
  PangoFontDescription   *font;
  PangoFontDescription   *bold;
  const SeDiagramPalette *palette;
  const SeDiagramLayout  *layout;
} Painter;

/* Text centred on x, its baseline-ish middle at y */
static void
draw_text (Painter       *p,
           const char    *text,
           double         x,
           double         y,
           const GdkRGBA *color,
           gboolean       bold,
           gboolean       halo)
{
  PangoRectangle logical;

  if (text == NULL || text[0] == '\0')
    return;

  pango_layout_set_font_description (p->text, bold ? p->bold : p->font);
  pango_layout_set_text (p->text, text, -1);
  pango_layout_get_pixel_extents (p->text, NULL, &logical);

  if (halo)
    {
      cairo_save (p->cr);
      cairo_set_source_rgba (p->cr, p->palette->background.red, p->palette->background.green,
                             p->palette->background.blue, 0.85);
      rounded_rect (p->cr, x - logical.width / 2.0 - 2, y - logical.height / 2.0,
                    logical.width + 4, logical.height, 3);
      cairo_fill (p->cr);
      cairo_restore (p->cr);
    }

  gdk_cairo_set_source_rgba (p->cr, color);
  cairo_move_to (p->cr, x - logical.width / 2.0, y - logical.height / 2.0);
  pango_cairo_show_layout (p->cr, p->text);
}

static void
draw_arrow (Painter              *p,
            const SeDiagramArrow *arrow,
            guint                 i,
            guint                 selected)
{
  const SeDiagramLayoutArrow *a = &p->layout->arrows[i];
  const GdkRGBA *color = arrow_color (p->palette, arrow->kind);
  double head = p->layout->metrics.char_width * 1.2;
  double angle = atan2 (a->y2 - a->y1, a->x2 - a->x1);
  gboolean dashed = arrow->in_flight || arrow->kind == SE_DIAGRAM_ARROW_NEW_SOCKET;
  gboolean highlighted = selected != SE_DIAGRAM_NONE && arrow->event_index == selected;
  cairo_t *cr = p->cr;

  cairo_save (cr);
  if (highlighted)
    {
      gdk_cairo_set_source_rgba (cr, &p->palette->highlight);
      cairo_set_line_width (cr, 6);
      cairo_move_to (cr, a->x1, a->y1);
      cairo_line_to (cr, a->x2, a->y2);
      cairo_stroke (cr);
    }
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.6);
  if (dashed)
    {
      static const double dashes[] = { 5, 4 };

      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
    }
  cairo_move_to (cr, a->x1, a->y1);
  cairo_line_to (cr, a->x2, a->y2);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  cairo_move_to (cr, a->x2, a->y2);
  cairo_line_to (cr, a->x2 - head * cos (angle - 0.4), a->y2 - head * sin (angle - 0.4));
  cairo_line_to (cr, a->x2 - head * cos (angle + 0.4), a->y2 - head * sin (angle + 0.4));
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);

  draw_text (p, arrow->label, a->label_x, a->label_y - p->layout->metrics.line_height * 0.2,
             dashed ? &p->palette->dim : &p->palette->foreground, highlighted, TRUE);
}

/* The lifelines' headers, top at y: they stay in view as the diagram
 * scrolls, over a band of the background. */
static void
paint_headers (Painter *p,
               double   y)
{
  const SeDiagramLayout *layout = p->layout;
  const SeDiagramLifeline *lifelines;
  guint n_lifelines;
  double lh = layout->metrics.line_height;
  cairo_t *cr = p->cr;

  lifelines = se_diagram_get_lifelines (layout->diagram, &n_lifelines);

  if (y > 0)
    {
      gdk_cairo_set_source_rgba (cr, &p->palette->background);
      cairo_rectangle (cr, 0, y, layout->width, layout->margin + layout->header_height + 0.3 * lh);
      cairo_fill (cr);
    }

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n_lifelines; i++)
    {
      const SeDiagramLayoutLifeline *l = &layout->lifelines[i];
      double top = y + layout->margin;

      rounded_rect (cr, l->x - l->box_width / 2, top, l->box_width, layout->header_height, 4);
      gdk_cairo_set_source_rgba (cr, &p->palette->box);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &p->palette->foreground);
      cairo_stroke (cr);
      draw_text (p, lifelines[i].title, l->x, top + 0.8 * lh, &p->palette->foreground, TRUE, FALSE);
      draw_text (p, lifelines[i].address, l->x, top + 1.8 * lh, &p->palette->dim, FALSE, FALSE);
    }
}

static void
paint (Painter *p,
       double   y_from,
       double   y_to,
       guint    selected)
{
  const SeDiagramLayout *layout = p->layout;
  const SeDiagramStep *steps;
  const SeDiagramArrow *arrows;
  guint n_lifelines, n_steps, n_arrows;
  double lh = layout->metrics.line_height;
  double box_bottom = layout->margin + layout->header_height;
  cairo_t *cr = p->cr;

  se_diagram_get_lifelines (layout->diagram, &n_lifelines);
  steps = se_diagram_get_steps (layout->diagram, &n_steps);
  arrows = se_diagram_get_arrows (layout->diagram, &n_arrows);

  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < n_lifelines; i++)
    {
      const SeDiagramLayoutLifeline *l = &layout->lifelines[i];

      gdk_cairo_set_source_rgba (cr, &p->palette->dim);
      if (l->first_y > box_bottom)
        {
          static const double dots[] = { 2, 4 };

          cairo_set_dash (cr, dots, G_N_ELEMENTS (dots), 0);
          cairo_move_to (cr, l->x, box_bottom);
          cairo_line_to (cr, l->x, l->first_y);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, l->x, MAX (l->first_y, box_bottom));
      cairo_line_to (cr, l->x, l->last_y);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 1);

    }

  for (guint i = 0; i < n_arrows; i++)
    {
      const SeDiagramLayoutArrow *a = &layout->arrows[i];

      if (MAX (a->y1, a->y2) + lh < y_from || MIN (a->y1, a->y2) - lh > y_to)
        continue;
      draw_arrow (p, &arrows[i], i, selected);
    }

  for (guint i = 0; i < n_steps; i++)
    {
      const SeDiagramLayoutStep *s = &layout->steps[i];
      gboolean highlighted = selected != SE_DIAGRAM_NONE && steps[i].event_index == selected;

      if (s->y + 2 * lh < y_from || s->y - lh > y_to)
        continue;

      rounded_rect (cr, s->x - s->width / 2, s->y - s->height / 2, s->width, s->height, 3);
      gdk_cairo_set_source_rgba (cr, &p->palette->box);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, highlighted ? &p->palette->highlight : &p->palette->foreground);
      cairo_set_line_width (cr, highlighted ? 3 : 1);
      cairo_stroke (cr);
      cairo_set_line_width (cr, 1);
      draw_text (p, steps[i].call, s->x, s->y, &p->palette->foreground, highlighted, FALSE);
      if (steps[i].state != NULL)
        draw_text (p, steps[i].state, s->x, s->y + s->height / 2 + 0.5 * lh, &p->palette->dim, FALSE, FALSE);
    }
}

static void
paint_region (SeDiagramArea          *self,
              cairo_t                *cr,
              const SeDiagramPalette *palette,
              double                  y_from,
              double                  y_to,
              double                  headers_y)
{
  Painter p = {
    .cr = cr,
    .palette = palette,
    .layout = self->layout,
  };

  p.text = pango_cairo_create_layout (cr);
  pango_cairo_context_set_font_options (pango_layout_get_context (p.text),
                                        pango_cairo_context_get_font_options (gtk_widget_get_pango_context (GTK_WIDGET (self))));
  p.font = monospace_font (self);
  p.bold = pango_font_description_copy (p.font);
  pango_font_description_set_weight (p.bold, PANGO_WEIGHT_BOLD);

  paint (&p, y_from, y_to, self->selected);
  paint_headers (&p, headers_y);

  pango_font_description_free (p.font);
  pango_font_description_free (p.bold);
  g_object_unref (p.text);
}

/* Callbacks */

static void
pressed_cb (SeDiagramArea *self,
            int            n_press,
            double         x,
            double         y,
            GtkGestureClick *gesture)
{
  guint index;

  if (self->layout == NULL)
    return;

  index = se_diagram_layout_hit (self->layout, x, y);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (index != SE_DIAGRAM_NONE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      g_signal_emit (self, signals[EVENT_ACTIVATED], 0, index);
    }
}

static gboolean
query_tooltip_cb (SeDiagramArea *self,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip)
{
  const SeDiagramArrow *arrows;
  guint n_arrows;
  guint index;

  if (self->layout == NULL || keyboard)
    return FALSE;

  index = se_diagram_layout_hit (self->layout, x, y);
  if (index == SE_DIAGRAM_NONE)
    return FALSE;

  arrows = se_diagram_get_arrows (self->diagram, &n_arrows);
  for (guint i = 0; i < n_arrows; i++)
    if (arrows[i].event_index == index && arrows[i].label[0] != '\0')
      {
        gtk_tooltip_set_text (tooltip, arrows[i].label);
        return TRUE;
      }
  gtk_tooltip_set_text (tooltip, _("Click to show this event in the log"));
  return TRUE;
}

/* The step drawing event index, or SE_DIAGRAM_NONE; arrows' events
 * count by the step at their start or end. */
static guint
step_of_event (SeDiagramArea *self,
               guint          index)
{
  const SeDiagramStep *steps;
  guint n_steps;

  if (self->diagram == NULL || index == SE_DIAGRAM_NONE)
    return SE_DIAGRAM_NONE;
  steps = se_diagram_get_steps (self->diagram, &n_steps);
  for (guint i = 0; i < n_steps; i++)
    if (steps[i].event_index == index)
      return i;
  return SE_DIAGRAM_NONE;
}

/* Keyboard: Up and Down (Home, End) go from call to call in time order,
 * selecting each in the log; Enter selects the highlighted one again. */
static gboolean
key_pressed_cb (SeDiagramArea         *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  const SeDiagramStep *steps;
  guint n_steps, current, next;

  if (self->diagram == NULL)
    return FALSE;
  steps = se_diagram_get_steps (self->diagram, &n_steps);
  if (n_steps == 0)
    return FALSE;

  /* Steps are made in log order, which is their rows' order */
  current = step_of_event (self, self->selected);
  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      next = current == SE_DIAGRAM_NONE ? 0 : MIN (current + 1, n_steps - 1);
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      next = current == SE_DIAGRAM_NONE ? n_steps - 1 : (current > 0 ? current - 1 : 0);
      break;
    case GDK_KEY_Home:
      next = 0;
      break;
    case GDK_KEY_End:
      next = n_steps - 1;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (self->selected == SE_DIAGRAM_NONE)
        return FALSE;
      g_signal_emit (self, signals[EVENT_ACTIVATED], 0, self->selected);
      return TRUE;
    default:
      return FALSE;
    }

  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, steps[next].event_index);
  return TRUE;
}

/* The highlighted call is scrolled into view */
static void
scroll_to_selected (SeDiagramArea *self)
{
  guint step = step_of_event (self, self->selected);
  double y, top;

  if (step == SE_DIAGRAM_NONE || self->layout == NULL || self->vadjustment == NULL)
    return;

  y = self->layout->steps[step].y;
  /* Below the headers, which stay on top */
  top = self->layout->margin + self->layout->header_height + self->layout->metrics.line_height;
  if (y - top < gtk_adjustment_get_value (self->vadjustment) ||
      y + self->layout->row_height > gtk_adjustment_get_value (self->vadjustment) +
                                     gtk_adjustment_get_page_size (self->vadjustment))
    gtk_adjustment_clamp_page (self->vadjustment, y - top, y + self->layout->row_height);
}

static void
adjustment_value_changed_cb (SeDiagramArea *self,
                             GtkAdjustment *adjustment)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Overrides */

static void
se_diagram_area_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  SeDiagramArea *self = SE_DIAGRAM_AREA (widget);
  int size = 0;

  ensure_layout (self);
  if (self->layout != NULL)
    size = (int) ceil (orientation == GTK_ORIENTATION_HORIZONTAL ? self->layout->width
                                                                 : self->layout->height);
  *minimum = *natural = size;
}

static void
se_diagram_area_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  SeDiagramArea *self = SE_DIAGRAM_AREA (widget);
  SeDiagramPalette palette;
  double y_from = 0;
  double y_to = gtk_widget_get_height (widget);
  double headers_y = 0;
  cairo_t *cr;

  if (self->layout == NULL)
    return;

  /* Only the rows in view, with a screen's margin */
  if (self->vadjustment != NULL)
    {
      double page = gtk_adjustment_get_page_size (self->vadjustment);

      headers_y = gtk_adjustment_get_value (self->vadjustment);
      y_from = floor (MAX (0, headers_y - page / 2));
      y_to = ceil (MIN (y_to, headers_y + page * 1.5));
    }
  if (y_to <= y_from)
    return;

  style_palette (self, &palette);
  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (0, y_from, gtk_widget_get_width (widget), y_to - y_from));
  paint_region (self, cr, &palette, y_from, y_to, headers_y);
  cairo_destroy (cr);
}

static void
se_diagram_area_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (se_diagram_area_parent_class)->css_changed (widget, change);

  /* The zoom or presentation mode changed the font: measure again */
  gtk_widget_queue_resize (widget);
}

static void
se_diagram_area_dispose (GObject *object)
{
  SeDiagramArea *self = (SeDiagramArea *)object;

  se_diagram_area_set_vadjustment (self, NULL);
  g_clear_pointer (&self->layout, se_diagram_layout_free);
  g_clear_object (&self->diagram);

  G_OBJECT_CLASS (se_diagram_area_parent_class)->dispose (object);
}

static void
se_diagram_area_class_init (SeDiagramAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_diagram_area_dispose;
  widget_class->measure = se_diagram_area_measure;
  widget_class->snapshot = se_diagram_area_snapshot;
  widget_class->css_changed = se_diagram_area_css_changed;

  /**
   * SeDiagramArea::event-activated:
   * @index: the SeEvent:index of the event clicked
   */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "diagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
se_diagram_area_init (SeDiagramArea *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *key;

  self->selected = SE_DIAGRAM_NONE;
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  key = gtk_event_controller_key_new ();
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_START);
}

/* Public API */

GtkWidget *
se_diagram_area_new (void)
{
  return g_object_new (SE_TYPE_DIAGRAM_AREA, NULL);
}

SeDiagram *
se_diagram_area_get_diagram (SeDiagramArea *self)
{
  g_return_val_if_fail (SE_IS_DIAGRAM_AREA (self), NULL);

  return self->diagram;
}

void
se_diagram_area_set_diagram (SeDiagramArea *self,
                             SeDiagram     *diagram)
{
  g_return_if_fail (SE_IS_DIAGRAM_AREA (self));
  g_return_if_fail (diagram == NULL || SE_IS_DIAGRAM (diagram));

  if (!g_set_object (&self->diagram, diagram))
    return;

  g_clear_pointer (&self->layout, se_diagram_layout_free);
  ensure_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
se_diagram_area_set_selected_event (SeDiagramArea *self,
                                    guint          event_index)
{
  g_return_if_fail (SE_IS_DIAGRAM_AREA (self));

  if (self->selected == event_index)
    return;
  self->selected = event_index;
  scroll_to_selected (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const SeDiagramLayout *
se_diagram_area_get_layout (SeDiagramArea *self)
{
  g_return_val_if_fail (SE_IS_DIAGRAM_AREA (self), NULL);

  ensure_layout (self);
  return self->layout;
}

void
se_diagram_area_set_vadjustment (SeDiagramArea *self,
                                 GtkAdjustment *adjustment)
{
  g_return_if_fail (SE_IS_DIAGRAM_AREA (self));

  if (self->vadjustment == adjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    g_signal_connect_object (adjustment, "value-changed",
                             G_CALLBACK (adjustment_value_changed_cb), self, G_CONNECT_SWAPPED);
}

void
se_diagram_area_draw (SeDiagramArea          *self,
                      cairo_t                *cr,
                      const SeDiagramPalette *palette)
{
  SeDiagramPalette style;

  g_return_if_fail (SE_IS_DIAGRAM_AREA (self));

  ensure_layout (self);
  if (self->layout == NULL)
    return;
  if (palette == NULL)
    {
      style_palette (self, &style);
      palette = &style;
    }

  gdk_cairo_set_source_rgba (cr, &palette->background);
  cairo_paint (cr);
  paint_region (self, cr, palette, 0, self->layout->height, 0);
}
