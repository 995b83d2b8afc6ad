/* se-diagram-view.c: the live sequence diagram beside the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keeps the log's latest events (at most SE_DIAGRAM_VIEW_MAX_EVENTS) and
 * draws what the window focuses on, anew after each batch of the log
 * while it is shown; scrolled to the end, it stays at the end as rows
 * come. Export SVG and Export PNG write it for slides, in light colours.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "se-diagram-area.h"
#include "se-diagram-svg.h"
#include "se-diagram-view.h"

/* The largest PNG drawn: cairo's image surfaces stop at 32767 pixels. */
#define PNG_MAX_SIDE 32000.0
/* PNG at twice the size, sharp on slides */
#define PNG_SCALE 2.0
/* New events are drawn at most this often (ms): in a flood the diagram
 * is made anew ten times a second, not once a frame. */
#define REBUILD_INTERVAL 100

struct _SeDiagramView
{
  GtkWidget      parent_instance;

  SeTrafficLog  *log;
  GPtrArray     *events;      /* SeEvent, the latest of the log */
  guint64        n_older;     /* earlier events of the log not drawn */
  SeDiagram     *diagram;
  guint          focus_connection;
  char          *focus_address;
  char          *description;
  gboolean       dirty;       /* the log changed while hidden */
  gboolean       following;   /* scrolled to the end: stay there */
  guint          rebuild_id;  /* a rebuild waiting for its interval */
  guint          scroll_id;   /* a scroll to the end, after the layout */
  gint64         rebuilt_at;  /* monotonic µs */
  GtkFileChooserNative *chooser;

  GtkWidget     *subtitle;
  GtkWidget     *scrolled;
  GtkWidget     *area;
  GtkWidget     *empty;
};

G_DEFINE_FINAL_TYPE (SeDiagramView, se_diagram_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG,
  N_PROPS
};

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static void
toast (SeDiagramView *self,
       const char    *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
se_diagram_view_update_subtitle (SeDiagramView *self)
{
  g_autofree char *text = NULL;

  if (self->n_older > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, self->n_older);

      /* Translators: under the diagram's title; the first %s says what it
       * shows, e.g. "Connection #3", the second is a number */
      text = g_strdup_printf (ngettext ("%s · %s earlier event not drawn",
                                        "%s · %s earlier events not drawn", self->n_older),
                              self->description != NULL ? self->description : "", count);
    }
  gtk_label_set_label (GTK_LABEL (self->subtitle), text != NULL ? text : self->description);
}

static void
se_diagram_view_rebuild (SeDiagramView *self)
{
  guint n_lifelines = 0;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->rebuilt_at = g_get_monotonic_time ();

  g_clear_object (&self->diagram);
  if (self->log != NULL)
    self->diagram = se_diagram_new (self->events, self->focus_connection, self->focus_address);

  se_diagram_area_set_diagram (SE_DIAGRAM_AREA (self->area), self->diagram);
  if (self->diagram != NULL)
    se_diagram_get_lifelines (self->diagram, &n_lifelines);

  gtk_widget_set_visible (self->empty, n_lifelines == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.export-svg", n_lifelines > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagram.export-png", n_lifelines > 0);
  se_diagram_view_update_subtitle (self);
}

static void
append_events (SeDiagramView *self,
               guint          position,
               guint          n_items)
{
  GListModel *model = G_LIST_MODEL (self->log);

  for (guint i = position; i < position + n_items; i++)
    {
      SeEvent *event = g_list_model_get_item (model, i);

      if (event == NULL)
        break;
      if (se_event_get_kind (event) == SE_EVENT_RESOLVE)
        g_object_unref (event);
      else
        g_ptr_array_add (self->events, event);
    }

  if (self->events->len > SE_DIAGRAM_VIEW_MAX_EVENTS)
    {
      guint extra = self->events->len - SE_DIAGRAM_VIEW_MAX_EVENTS;

      g_ptr_array_remove_range (self->events, 0, extra);
      self->n_older += extra;
    }
}

/* The latest events of the log, afresh */
static void
se_diagram_view_refill (SeDiagramView *self)
{
  guint n = self->log != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->log)) : 0;
  guint start = n > SE_DIAGRAM_VIEW_MAX_EVENTS ? n - SE_DIAGRAM_VIEW_MAX_EVENTS : 0;

  g_ptr_array_set_size (self->events, 0);
  self->n_older = start;
  if (self->log != NULL)
    {
      self->n_older += se_traffic_log_get_n_dropped (self->log);
      append_events (self, start, n - start);
    }
  self->dirty = FALSE;
  se_diagram_view_rebuild (self);
}

static gboolean
rebuild_timeout_cb (gpointer data)
{
  SeDiagramView *self = data;

  self->rebuild_id = 0;
  se_diagram_view_rebuild (self);
  return G_SOURCE_REMOVE;
}

/* At once if the last rebuild is older than the interval, else when it is */
static void
se_diagram_view_queue_rebuild (SeDiagramView *self)
{
  gint64 since = (g_get_monotonic_time () - self->rebuilt_at) / 1000;

  if (self->rebuild_id != 0)
    return;
  if (since >= REBUILD_INTERVAL)
    se_diagram_view_rebuild (self);
  else
    self->rebuild_id = g_timeout_add (REBUILD_INTERVAL - since, rebuild_timeout_cb, self);
}

/* Callbacks */

static void
log_items_changed_cb (SeDiagramView *self,
                      guint          position,
                      guint          removed,
                      guint          added,
                      GListModel    *model)
{
  /* Hidden, it does nothing until it is shown again */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }

  if (removed > 0 || added > SE_DIAGRAM_VIEW_MAX_EVENTS)
    {
      se_diagram_view_refill (self);
      return;
    }

  append_events (self, position, added);
  se_diagram_view_queue_rebuild (self);
}

static void
area_event_activated_cb (SeDiagramView *self,
                         guint          index,
                         SeDiagramArea *area)
{
  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, index);
}

static gboolean
scroll_to_end_cb (gpointer data)
{
  SeDiagramView *self = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));

  self->scroll_id = 0;
  if (self->following)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  return G_SOURCE_REMOVE;
}

/* The adjustment changes while the viewport is being allocated: a value
 * set then is not seen by the viewport until its next allocation (the
 * diagram was drawn at one place and shown at another), so the scroll to
 * the end waits until the allocation is over. */
static void
adjustment_changed_cb (SeDiagramView *self,
                       GtkAdjustment *adjustment)
{
  if (self->following && self->scroll_id == 0)
    self->scroll_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scroll_to_end_cb, self, NULL);
}

static void
adjustment_value_changed_cb (SeDiagramView *self,
                             GtkAdjustment *adjustment)
{
  self->following = gtk_adjustment_get_value (adjustment) >=
                    gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 2;
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SeDiagramView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));

  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    /* Translators: %s is a file name */
    message = g_strdup_printf (_("Diagram saved as %s"), name);
  else
    /* Translators: the first %s is a file name, the second why it failed */
    message = g_strdup_printf (_("Could not save the diagram as %s: %s"), name, error->message);
  toast (self, message);
}

static void
chooser_response_cb (SeDiagramView        *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  gboolean png = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "se-png"));
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  bytes = png ? se_diagram_view_dup_png (self, &error) : se_diagram_view_dup_svg (self);
  if (bytes == NULL)
    {
      toast (self, error != NULL ? error->message : _("There is no diagram to save"));
      return;
    }
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, write_done_cb, g_object_ref (self));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SeDiagramView *self = SE_DIAGRAM_VIEW (widget);
  gboolean png = g_str_equal (action_name, "diagram.export-png");
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (png ? _("Export the Diagram as PNG") : _("Export the Diagram as SVG"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), NULL);
  gtk_file_filter_set_name (filter, png ? _("PNG images") : _("SVG images"));
  gtk_file_filter_add_mime_type (filter, png ? "image/png" : "image/svg+xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     png ? "sequence-diagram.png" : "sequence-diagram.svg");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "se-png", GINT_TO_POINTER (png));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Overrides */

static void
se_diagram_view_map (GtkWidget *widget)
{
  SeDiagramView *self = SE_DIAGRAM_VIEW (widget);

  GTK_WIDGET_CLASS (se_diagram_view_parent_class)->map (widget);

  if (self->dirty)
    se_diagram_view_refill (self);
}

static void
se_diagram_view_dispose (GObject *object)
{
  SeDiagramView *self = (SeDiagramView *)object;
  GtkWidget *child;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_clear_object (&self->log);
  g_clear_object (&self->diagram);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->focus_address, g_free);
  g_clear_pointer (&self->description, g_free);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (se_diagram_view_parent_class)->dispose (object);
}

static void
se_diagram_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SeDiagramView *self = SE_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_diagram_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SeDiagramView *self = SE_DIAGRAM_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG:
      se_diagram_view_set_log (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_diagram_view_class_init (SeDiagramViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_diagram_view_dispose;
  object_class->get_property = se_diagram_view_get_property;
  object_class->set_property = se_diagram_view_set_property;
  widget_class->map = se_diagram_view_map;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         SE_TYPE_TRAFFIC_LOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SeDiagramView::event-activated:
   * @index: the SeEvent:index of the arrow or call clicked
   */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "diagram.export-svg", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "diagram.export-png", NULL, export_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "diagramview");
}

static GtkWidget *
export_button (const char *label,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
se_diagram_view_init (SeDiagramView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (_("Sequence Diagram"));
  GtkWidget *overlay = gtk_overlay_new ();
  GtkAdjustment *vadjustment;

  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  self->following = TRUE;
  self->description = g_strdup (_("All sockets"));

  gtk_widget_add_css_class (toolbar, "toolbar");
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  self->subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->subtitle, "caption");
  gtk_widget_add_css_class (self->subtitle, "dim-label");
  gtk_box_append (GTK_BOX (titles), title);
  gtk_box_append (GTK_BOX (titles), self->subtitle);
  gtk_box_append (GTK_BOX (toolbar), titles);
  gtk_box_append (GTK_BOX (toolbar),
                  export_button (_("SVG"), "diagram.export-svg", _("Export the Diagram as SVG…")));
  gtk_box_append (GTK_BOX (toolbar),
                  export_button (_("PNG"), "diagram.export-png", _("Export the Diagram as PNG…")));

  self->area = se_diagram_area_new ();
  gtk_widget_set_name (self->area, "diagram-area");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sequence diagram"), -1);
  g_signal_connect_object (self->area, "event-activated",
                           G_CALLBACK (area_event_activated_cb), self, G_CONNECT_SWAPPED);
  self->scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (self->scrolled, TRUE);
  gtk_widget_set_hexpand (self->scrolled, TRUE);
  /* The view's background, which the area's sticky headers are drawn on */
  gtk_widget_add_css_class (self->scrolled, "view");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), self->area);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  se_diagram_area_set_vadjustment (SE_DIAGRAM_AREA (self->area), vadjustment);
  g_signal_connect_object (vadjustment, "changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (adjustment_value_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->empty = gtk_label_new (_("No socket calls to draw yet"));
  gtk_label_set_wrap (GTK_LABEL (self->empty), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->empty), GTK_JUSTIFY_CENTER);
  gtk_widget_set_halign (self->empty, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->empty, GTK_ALIGN_CENTER);
  gtk_widget_set_can_target (self->empty, FALSE);
  gtk_widget_add_css_class (self->empty, "dim-label");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), self->scrolled);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->empty);

  gtk_box_append (GTK_BOX (box), toolbar);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), overlay);
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  se_diagram_view_rebuild (self);
}

/* Public API */

GtkWidget *
se_diagram_view_new (void)
{
  return g_object_new (SE_TYPE_DIAGRAM_VIEW, NULL);
}

SeTrafficLog *
se_diagram_view_get_log (SeDiagramView *self)
{
  g_return_val_if_fail (SE_IS_DIAGRAM_VIEW (self), NULL);

  return self->log;
}

void
se_diagram_view_set_log (SeDiagramView *self,
                         SeTrafficLog  *log)
{
  g_return_if_fail (SE_IS_DIAGRAM_VIEW (self));
  g_return_if_fail (log == NULL || SE_IS_TRAFFIC_LOG (log));

  if (self->log == log)
    return;

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  g_set_object (&self->log, log);
  if (log != NULL)
    g_signal_connect_object (log, "items-changed", G_CALLBACK (log_items_changed_cb), self,
                             G_CONNECT_SWAPPED);
  se_diagram_view_refill (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

void
se_diagram_view_set_focus (SeDiagramView *self,
                           guint          connection_id,
                           const char    *address,
                           const char    *description)
{
  g_return_if_fail (SE_IS_DIAGRAM_VIEW (self));

  if (self->focus_connection == connection_id &&
      g_strcmp0 (self->focus_address, address) == 0 &&
      g_strcmp0 (self->description, description) == 0)
    return;

  self->focus_connection = connection_id;
  g_free (self->focus_address);
  self->focus_address = g_strdup (address);
  g_free (self->description);
  self->description = g_strdup (description);
  self->following = TRUE;
  se_diagram_view_rebuild (self);
}

SeDiagram *
se_diagram_view_get_diagram (SeDiagramView *self)
{
  g_return_val_if_fail (SE_IS_DIAGRAM_VIEW (self), NULL);

  return self->diagram;
}

void
se_diagram_view_set_selected_event (SeDiagramView *self,
                                    guint          event_index)
{
  g_return_if_fail (SE_IS_DIAGRAM_VIEW (self));

  se_diagram_area_set_selected_event (SE_DIAGRAM_AREA (self->area), event_index);
}

GtkWidget *
se_diagram_view_get_area (SeDiagramView *self)
{
  g_return_val_if_fail (SE_IS_DIAGRAM_VIEW (self), NULL);

  return self->area;
}

GBytes *
se_diagram_view_dup_svg (SeDiagramView *self)
{
  char *svg;

  g_return_val_if_fail (SE_IS_DIAGRAM_VIEW (self), NULL);

  if (self->diagram == NULL)
    return NULL;
  svg = se_diagram_to_svg (self->diagram, NULL);
  return g_bytes_new_take (svg, strlen (svg));
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
se_diagram_view_dup_png (SeDiagramView  *self,
                         GError        **error)
{
  const SeDiagramLayout *layout;
  SeDiagramPalette palette;
  cairo_surface_t *surface;
  cairo_t *cr;
  GByteArray *png;
  double scale;
  cairo_status_t status;

  g_return_val_if_fail (SE_IS_DIAGRAM_VIEW (self), NULL);

  layout = se_diagram_area_get_layout (SE_DIAGRAM_AREA (self->area));
  if (layout == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no diagram to save"));
      return NULL;
    }

  /* Twice the size, unless that is past what cairo can hold */
  scale = MIN (PNG_SCALE, PNG_MAX_SIDE / MAX (layout->width, layout->height));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) ceil (layout->width * scale),
                                        (int) ceil (layout->height * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  se_diagram_palette_light (&palette);
  se_diagram_area_draw (SE_DIAGRAM_AREA (self->area), cr, &palette);
  cairo_destroy (cr);

  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (png);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   /* Translators: %s says why, from the drawing library */
                   _("Could not draw the diagram as PNG: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}
