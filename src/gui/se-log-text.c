/* se-log-text.c: one line of text in a cell of the log, cheap to make and to measure
 *
 * Following the end of the log in a flood, GTK binds the ~200 rows it
 * keeps around the view (GtkListView's limit) to new events at every
 * publish and measures each of them again; the first publish of a flood
 * makes all of them at once. With eight cells a row, what one cell costs
 * to make, to fill and to measure is what the window's main thread
 * spends per publish (tests/bench, window row).
 *
 * A GtkLabel measures its text by laying it out (HarfBuzz shaping), once
 * for its width and again for its height at that width. A GtkInscription
 * measures from a count of characters, but makes a PangoContext and a
 * layout for each cell when the cell is made, and its context works out
 * the font's metrics (shaping a sample text) at its first measure. This
 * cell measures from a count of characters and metrics worked out once
 * per font (those of the column view's context, in the cell's family),
 * and makes its own layout only when it is drawn: most of the 200 rows
 * never are. Its height is the font's line. Addresses and bytes
 * (monospace) are as wide as their count of characters; plain text, a
 * few words (the kinds and protocols), is laid out once per word and
 * font, and figures once per pattern of digits, and the width kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "se-log-text.h"

/* A cell as narrow as this still shows a letter and the ellipsis. */
#define MIN_CHARS 3
/* The icon, as GtkImage's normal size, and the room between it and the
 * text, as a GtkBox's spacing in the Kind column had */
#define ICON_SIZE 16
#define ICON_SPACING 6

struct _SeLogText
{
  GtkWidget       parent_instance;

  char           *text;
  PangoLayout    *layout;     /* made when first drawn */
  const char     *icon_name;  /* interned */
  GdkPaintable   *icon;       /* looked up when first drawn */
  guint           nat_chars;
  float           xalign;
  SeLogTextStyle  style;
};

G_DEFINE_FINAL_TYPE (SeLogText, se_log_text, GTK_TYPE_WIDGET)

/* Metrics */

/* The metrics of one PangoContext's font in each style, worked out once
 * per change of the context (its serial). */
typedef struct
{
  guint       serial;
  int         char_width[3];  /* Pango units; 0 = not worked out yet */
  int         ascent[3];
  int         descent[3];
  GHashTable *exact_widths;   /* style and text → its width */
} ContextMetrics;

/* Plain cells show a few words (kinds, protocols), figures a few
 * patterns: their widths are kept, up to this many. */
#define MAX_EXACT_WIDTHS 256

static GQuark metrics_quark;

static void
context_metrics_free (gpointer data)
{
  ContextMetrics *cache = data;

  g_clear_pointer (&cache->exact_widths, g_hash_table_unref);
  g_free (cache);
}

static ContextMetrics *
context_metrics (PangoContext   *context,
                 SeLogTextStyle  style)
{
  ContextMetrics *cache = g_object_get_qdata (G_OBJECT (context), metrics_quark);
  g_autoptr(PangoFontDescription) desc = NULL;
  PangoFontMetrics *metrics;

  if (cache == NULL)
    {
      cache = g_new0 (ContextMetrics, 1);
      cache->exact_widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_qdata_full (G_OBJECT (context), metrics_quark, cache, context_metrics_free);
    }
  if (cache->serial != pango_context_get_serial (context))
    {
      cache->serial = pango_context_get_serial (context);
      memset (cache->char_width, 0, sizeof cache->char_width);
      g_hash_table_remove_all (cache->exact_widths);
    }
  if (cache->char_width[style] > 0)
    return cache;

  desc = pango_font_description_copy (pango_context_get_font_description (context));
  if (style == SE_LOG_TEXT_MONOSPACE)
    pango_font_description_set_family (desc, "monospace");
  metrics = pango_context_get_metrics (context, desc, NULL);
  /* The widest of an average character and a digit, as GtkInscription
   * does: exact in a monospace font, never short of a figure. */
  cache->char_width[style] = MAX (1, MAX (pango_font_metrics_get_approximate_char_width (metrics),
                                          pango_font_metrics_get_approximate_digit_width (metrics)));
  cache->ascent[style] = pango_font_metrics_get_ascent (metrics);
  cache->descent[style] = pango_font_metrics_get_descent (metrics);
  pango_font_metrics_unref (metrics);

  return cache;
}

/* The width of a plain text or a figure, laid out once in that context:
 * a figure's digits are all as wide (tabular), so "07:10:19.375" is kept
 * as "00:00:00.000", which every time of day shares. */
static int
exact_width (ContextMetrics *cache,
             PangoContext   *context,
             SeLogTextStyle  style,
             const char     *text)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *key = NULL;
  gpointer width;
  int logical_width;

  key = g_strdup_printf ("%d%s", style, text);
  if (style == SE_LOG_TEXT_NUMERIC)
    for (char *p = key + 1; *p != '\0'; p++)
      if (g_ascii_isdigit (*p))
        *p = '0';
  if (g_hash_table_lookup_extended (cache->exact_widths, key, NULL, &width))
    return GPOINTER_TO_INT (width);

  layout = pango_layout_new (context);
  pango_layout_set_text (layout, key + 1, -1);
  if (style == SE_LOG_TEXT_NUMERIC)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_size (layout, &logical_width, NULL);
  if (g_hash_table_size (cache->exact_widths) >= MAX_EXACT_WIDTHS)
    g_hash_table_remove_all (cache->exact_widths);
  g_hash_table_insert (cache->exact_widths, g_steal_pointer (&key), GINT_TO_POINTER (logical_width));

  return logical_width;
}

/* The cells of a column view share its context's font (a cell has no
 * style of its own but its family), so they share its metrics too. */
static PangoContext *
se_log_text_get_metrics_context (SeLogText *self)
{
  GtkWidget *source = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_COLUMN_VIEW);

  return gtk_widget_get_pango_context (source != NULL ? source : GTK_WIDGET (self));
}

/* How many characters wide text is in a monospace font: East Asian wide
 * characters count twice, as they take two of the font's characters. Text
 * beyond ASCII may be drawn in another font than the monospace one: one
 * more, so that it is not cut short by a few pixels. */
static guint
text_chars (const char *text)
{
  gboolean ascii = TRUE;
  guint chars = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      chars += g_unichar_iswide (c) ? 2 : 1;
      ascii = ascii && c < 0x80;
    }

  return ascii || chars == 0 ? chars : chars + 1;
}

/* Whether two figures differ only in their digits (then as wide) */
static gboolean
same_pattern (const char *a,
              const char *b)
{
  if (a == NULL)
    return FALSE;
  for (; *a != '\0' && *b != '\0'; a++, b++)
    if (*a != *b && !(g_ascii_isdigit (*a) && g_ascii_isdigit (*b)))
      return FALSE;
  return *a == *b;
}

/* Layout */

static void
se_log_text_update_alignment (SeLogText *self)
{
  gboolean ltr = gtk_widget_get_direction (GTK_WIDGET (self)) != GTK_TEXT_DIR_RTL;

  if (self->layout == NULL)
    return;

  if (self->xalign < 0.33)
    pango_layout_set_alignment (self->layout, ltr ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
  else if (self->xalign < 0.67)
    pango_layout_set_alignment (self->layout, PANGO_ALIGN_CENTER);
  else
    pango_layout_set_alignment (self->layout, ltr ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
}

static PangoLayout *
se_log_text_ensure_layout (SeLogText *self)
{
  PangoAttrList *attrs;

  if (self->layout != NULL)
    return self->layout;

  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  /* What the monospace and numeric style classes would say */
  attrs = pango_attr_list_new ();
  if (self->style == SE_LOG_TEXT_MONOSPACE)
    pango_attr_list_insert (attrs, pango_attr_family_new ("monospace"));
  else if (self->style == SE_LOG_TEXT_NUMERIC)
    pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (self->layout, attrs);
  pango_attr_list_unref (attrs);
  se_log_text_update_alignment (self);

  return self->layout;
}

/* Overrides */

static void
se_log_text_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  SeLogText *self = SE_LOG_TEXT (widget);
  PangoContext *context = se_log_text_get_metrics_context (self);
  SeLogTextStyle style = self->style;
  ContextMetrics *metrics = context_metrics (context, style);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int natural_width = self->nat_chars * metrics->char_width[style];

      /* Plain text (a kind, a protocol) in a proportional font may have
       * letters wider than the average ("UDP"): as wide as it is. So are
       * figures. */
      if (style != SE_LOG_TEXT_MONOSPACE && self->nat_chars > 0)
        natural_width = exact_width (metrics, context, style, self->text);
      *minimum = PANGO_PIXELS_CEIL (MIN (natural_width, MIN_CHARS * metrics->char_width[style]));
      *natural = PANGO_PIXELS_CEIL (natural_width);
      if (self->icon_name != NULL)
        {
          *minimum += ICON_SIZE + (*minimum > 0 ? ICON_SPACING : 0);
          *natural += ICON_SIZE + (*natural > 0 ? ICON_SPACING : 0);
        }
    }
  else
    {
      *minimum = *natural = PANGO_PIXELS_CEIL (metrics->ascent[style] + metrics->descent[style]);
      if (self->icon_name != NULL)
        *minimum = *natural = MAX (*natural, ICON_SIZE);
    }
}

/* The icon in the text's colour, at the start of the line */
static int
se_log_text_snapshot_icon (SeLogText   *self,
                           GtkSnapshot *snapshot,
                           int          width,
                           int          height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  GdkRGBA color;

  if (self->icon == NULL)
    {
      GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));

      self->icon = GDK_PAINTABLE (gtk_icon_theme_lookup_icon (theme, self->icon_name, NULL, ICON_SIZE,
                                                              gtk_widget_get_scale_factor (widget),
                                                              gtk_widget_get_direction (widget), 0));
    }

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rtl ? width - ICON_SIZE : 0,
                                                          (height - ICON_SIZE) / 2));
  if (GTK_IS_SYMBOLIC_PAINTABLE (self->icon))
    gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (self->icon), snapshot,
                                              ICON_SIZE, ICON_SIZE, &color, 1);
  else
    gdk_paintable_snapshot (self->icon, snapshot, ICON_SIZE, ICON_SIZE);
  gtk_snapshot_restore (snapshot);

  return ICON_SIZE + ICON_SPACING;
}

static void
se_log_text_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  SeLogText *self = SE_LOG_TEXT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoLayout *layout;
  PangoRectangle logical;
  int x = 0, y;

  if (self->icon_name != NULL && width > 0)
    {
      int icon_width = se_log_text_snapshot_icon (self, snapshot, width, height);

      width -= icon_width;
      if (gtk_widget_get_direction (widget) != GTK_TEXT_DIR_RTL)
        x = icon_width;
    }
  if (self->text == NULL || self->text[0] == '\0' || width <= 0)
    return;

  layout = se_log_text_ensure_layout (self);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  /* Centred; a line taller than the cell (a fallback font's) is not cut
   * at the bottom, only the sides are. */
  y = (height - logical.height) / 2;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (x, MIN (0, y), width, MAX (height, logical.height)));
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), x, y, layout);
  gtk_snapshot_pop (snapshot);
}

/* The widget's context follows its style (font, scale): a new layout is
 * made from it when next drawn. */
static void
se_log_text_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  SeLogText *self = SE_LOG_TEXT (widget);

  GTK_WIDGET_CLASS (se_log_text_parent_class)->css_changed (widget, change);

  g_clear_object (&self->layout);
  g_clear_object (&self->icon);
}

static void
se_log_text_direction_changed (GtkWidget        *widget,
                               GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (se_log_text_parent_class)->direction_changed (widget, previous_direction);

  se_log_text_update_alignment (SE_LOG_TEXT (widget));
  g_clear_object (&SE_LOG_TEXT (widget)->icon);
}

/* The icon is looked up again for the new scale. */
static void
se_log_text_scale_changed_cb (SeLogText  *self,
                              GParamSpec *pspec,
                              gpointer    user_data)
{
  g_clear_object (&self->icon);
}

static void
se_log_text_finalize (GObject *object)
{
  SeLogText *self = SE_LOG_TEXT (object);

  g_clear_object (&self->layout);
  g_clear_object (&self->icon);
  g_free (self->text);

  G_OBJECT_CLASS (se_log_text_parent_class)->finalize (object);
}

static void
se_log_text_class_init (SeLogTextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = se_log_text_finalize;

  widget_class->measure = se_log_text_measure;
  widget_class->snapshot = se_log_text_snapshot;
  widget_class->css_changed = se_log_text_css_changed;
  widget_class->direction_changed = se_log_text_direction_changed;

  metrics_quark = g_quark_from_static_string ("se-log-text-metrics");

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
se_log_text_init (SeLogText *self)
{
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (se_log_text_scale_changed_cb), NULL);
}

/* Public API */

GtkWidget *
se_log_text_new (SeLogTextStyle style,
                 float          xalign)
{
  SeLogText *self;

  g_return_val_if_fail (style <= SE_LOG_TEXT_NUMERIC, NULL);

  self = g_object_new (SE_TYPE_LOG_TEXT, NULL);
  self->style = style;
  self->xalign = CLAMP (xalign, 0.0, 1.0);

  return GTK_WIDGET (self);
}

void
se_log_text_set_text (SeLogText  *self,
                      const char *text)
{
  g_autofree char *old_text = NULL;
  guint nat_chars;

  g_return_if_fail (SE_IS_LOG_TEXT (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;

  old_text = g_steal_pointer (&self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);

  /* A new text of as many characters takes the same room in a monospace
   * font, as do figures of the same pattern: drawn again, not measured
   * again. */
  nat_chars = text_chars (text);
  if (nat_chars != self->nat_chars || self->style == SE_LOG_TEXT_PLAIN ||
      (self->style == SE_LOG_TEXT_NUMERIC && !same_pattern (old_text, text)))
    {
      self->nat_chars = nat_chars;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  else
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

const char *
se_log_text_get_text (SeLogText *self)
{
  g_return_val_if_fail (SE_IS_LOG_TEXT (self), NULL);

  return self->text != NULL ? self->text : "";
}

void
se_log_text_set_icon_name (SeLogText  *self,
                           const char *icon_name)
{
  g_return_if_fail (SE_IS_LOG_TEXT (self));

  icon_name = g_intern_string (icon_name);
  if (icon_name == self->icon_name)
    return;

  /* One icon for another: the same room, drawn again */
  if ((icon_name == NULL) != (self->icon_name == NULL))
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  self->icon_name = icon_name;
  g_clear_object (&self->icon);
}
