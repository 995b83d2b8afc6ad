/* se-log-view.c: the live traffic log, as a filterable column view
 *
 * The view composes its parts, each in a file of its own: the filter and
 * search (SeLogFilter), the toolbar's wrapping (SeWrapLayout), the
 * connection menu (SeLogConnections), the columns (se-log-cells.c) and
 * exporting (SeLogExport). What stays here ties them to the log and the
 * widgets: the counter, following the newest event (and the "Jump to
 * latest" button when not), pausing and the details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "se-event-detail.h"
#include "se-labels.h"
#include "se-log-cells.h"
#include "se-log-connections.h"
#include "se-log-counter.h"
#include "se-log-export.h"
#include "se-log-filter.h"
#include "se-log-follow.h"
#include "se-log-view.h"
#include "se-wrap-layout.h"

/* Past this many events, a change of filter looks at them a slice at a
 * time on idle, so that the window keeps drawing. */
#define INCREMENTAL_THRESHOLD 20000

/* The detail pane's height when there is room: its fields, and several
 * lines of bytes. */
#define DETAIL_HEIGHT 250

struct _SeLogView
{
  GtkWidget             parent_instance;

  SeTrafficLog         *log;
  GtkFilterListModel   *filter_model;
  GtkSingleSelection   *selection;
  SeLogFilter          *filter;

  /* The connection dropdown: "All connections", then each id seen. */
  SeLogConnections     *connections;

  SeLogFollow          *follow;
  SeLogExport          *export;

  /* Events shown below the view since following stopped. */
  guint                 n_new;

  /* Which encoding an event's bytes are read in (se-log-cells.c) */
  SeLogViewEncodingFunc encoding_func;
  gpointer              encoding_data;
  GDestroyNotify        encoding_destroy;

  guint                 paused : 1;

  /* Template children */
  GtkWidget            *toolbar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *connection_dropdown;
  GtkDropDown          *protocol_dropdown;
  GtkDropDown          *kind_dropdown;
  GtkLabel             *counter_label;
  char                 *rates_text;  /* the window's total rates, or NULL */
  GtkLabel             *empty_label;
  GtkButton            *jump_button;
  GtkScrolledWindow    *scrolled_window;
  GtkColumnView        *column_view;
  GtkPaned             *paned;
  SeEventDetail        *detail;
};

G_DEFINE_FINAL_TYPE (SeLogView, se_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG,
  PROP_FOLLOWING,
  PROP_PAUSED,
  PROP_SELECTED_EVENT,
  PROP_CONNECTION_ID,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];

/* Before init made it, and once disposed, the view counts as following:
 * nothing is new below it. */
static gboolean
se_log_view_is_following (SeLogView *self)
{
  return self->follow == NULL || se_log_follow_get_following (self->follow);
}
static guint signals[N_SIGNALS];

/* Helpers */

static void
se_log_view_update_counter (SeLogView *self)
{
  g_autofree char *dropped = NULL;
  g_autofree char *text = NULL;
  guint total = 0;
  guint shown;

  /* The log counts events also while paused, when the views do not see
   * them yet. */
  if (self->log != NULL)
    {
      g_object_get (self->log, "n-events", &total, NULL);
      dropped = se_traffic_log_dup_dropped_message (self->log);
    }
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  text = se_log_counter_text (total, shown, !se_log_filter_is_any (self->filter),
                              dropped, self->paused, self->rates_text);
  gtk_label_set_label (self->counter_label, text);

  if (shown > 0)
    gtk_widget_set_visible (GTK_WIDGET (self->empty_label), FALSE);
  else
    {
      if (total == 0)
        gtk_label_set_label (self->empty_label, _("No events yet"));
      else
        gtk_label_set_label (self->empty_label, _("No events match the filters"));
      gtk_widget_set_visible (GTK_WIDGET (self->empty_label), TRUE);
    }
}

/* All the controls at once: one change of the filter, however many of
 * them moved (a new log resets the connection). */
static void
se_log_view_update_filter (SeLogView *self)
{
  guint connection_id = 0;
  int protocol = -1;
  int kind = -1;
  guint selected;

  /* The template's controls are being set up: init reads them after. */
  if (self->filter_model == NULL)
    return;

  selected = gtk_drop_down_get_selected (self->connection_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION)
    connection_id = se_log_connections_get_id (self->connections, selected);

  selected = gtk_drop_down_get_selected (self->protocol_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    protocol = (int) selected - 1;

  selected = gtk_drop_down_get_selected (self->kind_dropdown);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= SE_EVENT_N_KINDS)
    kind = (int) selected - 1;

  if (connection_id != se_log_filter_get_connection_id (self->filter))
    {
      se_log_filter_set_criteria (self->filter, connection_id, protocol, kind,
                                  gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION_ID]);
    }
  else
    se_log_filter_set_criteria (self->filter, connection_id, protocol, kind,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* While the user reads further up, a button over the log says how many
 * events came since and takes them back to the end. */
static void
se_log_view_update_jump (SeLogView *self)
{
  g_autofree char *label = NULL;

  if (se_log_view_is_following (self))
    self->n_new = 0;
  /* Disposed: the template's widgets are gone. */
  if (self->jump_button == NULL || self->filter_model == NULL)
    return;

  if (self->n_new > 0)
    {
      g_autofree char *count = g_strdup_printf ("%'u", self->n_new);

      /* Translators: a button over the log when it is scrolled up; %s is
       * the number of events that came since */
      label = g_strdup_printf (ngettext ("Jump to latest (%s new)", "Jump to latest (%s new)",
                                         self->n_new),
                               count);
    }
  gtk_button_set_label (self->jump_button, label ? label : _("Jump to latest"));
  gtk_widget_set_visible (GTK_WIDGET (self->jump_button),
                          !se_log_view_is_following (self) &&
                          g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0);
}

static void
se_log_view_reset_connections (SeLogView *self)
{
  if (gtk_drop_down_get_selected (self->connection_dropdown) != 0)
    gtk_drop_down_set_selected (self->connection_dropdown, 0);

  se_log_connections_reset (self->connections);
}

/* Looks only at the new events, once each. */
static void
se_log_view_scan_connections (SeLogView *self,
                              guint      position,
                              guint      n_items)
{
  se_log_connections_scan (self->connections, self->log, position, n_items);
}

static void
se_log_view_update_actions (SeLogView *self)
{
  gboolean has_log = self->log != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.clear", has_log);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.export", has_log);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "log.pause", has_log);
}

/* Callbacks */

/* The counter follows the log's notify::n-events (which comes after each
 * batch's items-changed, and also while paused) and the filter model's
 * items-changed: not updated here a third time per batch. */
static void
log_items_changed_cb (SeLogView  *self,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GListModel *model)
{
  /* The log dropped its oldest events (memory budget): the connections
   * they named stay in the list, which keeps the user's choice in it,
   * and nothing new is there to scan. */
  if (removed > 0 && position == 0 && added == 0 &&
      g_list_model_get_n_items (model) > 0)
    return;

  if (removed > 0)
    {
      se_log_view_reset_connections (self);
      se_log_view_scan_connections (self, 0, g_list_model_get_n_items (model));
    }
  else if (added > 0)
    {
      se_log_view_scan_connections (self, position, added);
    }
}

static void
log_n_events_changed_cb (SeLogView    *self,
                         GParamSpec   *pspec,
                         SeTrafficLog *log)
{
  se_log_view_update_counter (self);
}

static void
log_paused_changed_cb (SeLogView    *self,
                       GParamSpec   *pspec,
                       SeTrafficLog *log)
{
  if (se_traffic_log_get_paused (log) != self->paused)
    {
      self->paused = !self->paused;
      se_log_view_update_counter (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }
}

static void
filter_items_changed_cb (SeLogView  *self,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GListModel *model)
{
  /* Only events added at the end are new; a refilter or a drop of the
   * oldest ones brings nothing below the view. */
  if (!se_log_view_is_following (self) && removed == 0 && added > 0 &&
      position + added == g_list_model_get_n_items (model))
    self->n_new += added;

  se_log_view_update_counter (self);
  se_log_view_update_jump (self);
}

/* Before the filter model refilters (connected first): a refilter of a
 * big log looks at it a slice at a time on idle, so that the window
 * keeps drawing. */
static void
filter_changed_cb (SeLogView       *self,
                   GtkFilterChange  change,
                   GtkFilter       *filter)
{
  if (self->log != NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (self->log)) > INCREMENTAL_THRESHOLD)
    gtk_filter_list_model_set_incremental (self->filter_model, TRUE);
}

/* After it: "(N shown)" comes and goes with the filters, even when the
 * filter model's items do not change. */
static void
filter_changed_after_cb (SeLogView       *self,
                         GtkFilterChange  change,
                         GtkFilter       *filter)
{
  se_log_view_update_counter (self);
}

/* Once a refilter is through, new events are filtered as they arrive,
 * batch by batch, rather than queued behind an idle. */
static void
filter_pending_changed_cb (SeLogView          *self,
                           GParamSpec         *pspec,
                           GtkFilterListModel *model)
{
  if (gtk_filter_list_model_get_pending (model) == 0 &&
      gtk_filter_list_model_get_incremental (model))
    gtk_filter_list_model_set_incremental (model, FALSE);
}

static void
se_log_view_place_detail (SeLogView *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->paned));

  if (height > 0)
    gtk_paned_set_position (self->paned, MAX (height - DETAIL_HEIGHT, height * 2 / 5));
}

/* The details take room only while an event is selected. */
static void
selected_item_changed_cb (SeLogView          *self,
                          GParamSpec         *pspec,
                          GtkSingleSelection *selection)
{
  SeEvent *event = gtk_single_selection_get_selected_item (selection);
  GtkWidget *detail = GTK_WIDGET (self->detail);

  if (event != NULL)
    se_event_detail_set_encoding (self->detail, se_log_view_get_event_encoding (self, event));
  se_event_detail_set_event (self->detail, event);

  if (event != NULL && !gtk_widget_get_visible (detail))
    {
      gtk_widget_set_visible (detail, TRUE);
      se_log_view_place_detail (self);
    }
  else if (event == NULL)
    {
      gtk_widget_set_visible (detail, FALSE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
}

/* As the view's height changes (the window gives the log more room while
 * an event is selected), the details keep their height and the list gets
 * the rest; the list's own minimum keeps a few rows in sight. */
static void
paned_max_position_changed_cb (SeLogView  *self,
                               GParamSpec *pspec,
                               GtkPaned   *paned)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->detail)))
    se_log_view_place_detail (self);
}

static void
detail_close_cb (SeLogView     *self,
                 SeEventDetail *detail)
{
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
following_changed_cb (SeLogView   *self,
                      GParamSpec  *pspec,
                      SeLogFollow *follow)
{
  se_log_view_update_jump (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

static void
jump_clicked_cb (SeLogView *self,
                 GtkButton *button)
{
  se_log_follow_set_following (self->follow, TRUE);
}

static void
search_changed_cb (SeLogView      *self,
                   GtkSearchEntry *entry)
{
  se_log_view_update_filter (self);
}

static void
stop_search_cb (SeLogView      *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
filter_dropdown_changed_cb (SeLogView   *self,
                            GParamSpec  *pspec,
                            GtkDropDown *dropdown)
{
  se_log_view_update_filter (self);
}

static void
export_toast_cb (SeLogView   *self,
                 const char  *message,
                 SeLogExport *export)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

/* Actions */

static void
log_clear_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SeLogView *self = SE_LOG_VIEW (widget);

  if (self->log != NULL)
    se_traffic_log_clear (self->log);
}

static void
log_search_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SeLogView *self = SE_LOG_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
log_export_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SeLogView *self = SE_LOG_VIEW (widget);

  se_log_export_choose (self->export);
}

/* Overrides */

static void
se_log_view_dispose (GObject *object)
{
  SeLogView *self = (SeLogView *)object;
  GtkWidget *child;

  if (self->export != NULL)
    {
      se_log_export_cancel (self->export);
      g_signal_handlers_disconnect_by_data (self->export, self);
      g_clear_object (&self->export);
    }

  if (self->follow != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->follow, self);
      g_clear_object (&self->follow);
    }

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_LOG_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->rates_text, g_free);
  g_clear_object (&self->log);
  g_clear_object (&self->connections);
  if (self->encoding_destroy != NULL)
    g_clear_pointer (&self->encoding_data, self->encoding_destroy);
  self->encoding_func = NULL;

  G_OBJECT_CLASS (se_log_view_parent_class)->dispose (object);
}

static void
se_log_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SeLogView *self = SE_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_FOLLOWING:
      g_value_set_boolean (value, se_log_view_is_following (self));
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_SELECTED_EVENT:
      g_value_set_object (value, gtk_single_selection_get_selected_item (self->selection));
      break;

    case PROP_CONNECTION_ID:
      g_value_set_uint (value, se_log_view_get_connection_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_log_view_set_paused (SeLogView *self,
                        gboolean   paused)
{
  paused = !!paused;

  if (paused == self->paused)
    return;

  self->paused = paused;
  if (self->log != NULL)
    se_traffic_log_set_paused (self->log, paused);
  se_log_view_update_counter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

static void
se_log_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SeLogView *self = SE_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_LOG:
      se_log_view_set_log (self, g_value_get_object (value));
      break;

    case PROP_FOLLOWING:
      se_log_follow_set_following (self->follow, g_value_get_boolean (value));
      break;

    case PROP_PAUSED:
      se_log_view_set_paused (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static const char *
cells_encoding_cb (GtkWidget *log_view,
                   SeEvent   *event)
{
  return se_log_view_get_event_encoding (SE_LOG_VIEW (log_view), event);
}

static void
se_log_view_class_init (SeLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_log_view_dispose;
  object_class->get_property = se_log_view_get_property;
  object_class->set_property = se_log_view_set_property;


  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL,
                         SE_TYPE_TRAFFIC_LOG,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* Whether the view scrolls to each new event. Scrolling up turns it
   * off, scrolling back to the end turns it on again. */
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The event shown in the detail pane, or NULL */
  properties[PROP_SELECTED_EVENT] =
    g_param_spec_object ("selected-event", NULL, NULL,
                         SE_TYPE_EVENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The connection the log shows alone (its drop-down), 0 for all */
  properties[PROP_CONNECTION_ID] =
    g_param_spec_uint ("connection-id", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SeLogView::toast:
   * @message: what to tell the user
   *
   * The outcome of something the user did here (an export), for the
   * window to show as a toast.
   */
  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  g_type_ensure (SE_TYPE_EVENT_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SeLogView, toolbar);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, connection_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, protocol_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, counter_label);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, jump_button);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, column_view);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, paned);
  gtk_widget_class_bind_template_child (widget_class, SeLogView, detail);
  se_log_cells_bind_template_callbacks (widget_class, cells_encoding_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_close_cb);
  gtk_widget_class_bind_template_callback (widget_class, jump_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, paned_max_position_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_dropdown_changed_cb);

  gtk_widget_class_install_property_action (widget_class, "log.pause", "paused");
  gtk_widget_class_install_property_action (widget_class, "log.follow", "following");
  gtk_widget_class_install_action (widget_class, "log.clear", NULL, log_clear_action);
  gtk_widget_class_install_action (widget_class, "log.export", NULL, log_export_action);
  gtk_widget_class_install_action (widget_class, "log.search", NULL, log_search_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "log.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "log.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "log.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "log.pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "log.follow", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "logview");
}

static void
se_log_view_init (SeLogView *self)
{
  g_autoptr(GtkStringList) kinds = NULL;

  self->export = se_log_export_new (GTK_WIDGET (self));
  g_signal_connect_object (self->export, "toast",
                           G_CALLBACK (export_toast_cb), self,
                           G_CONNECT_SWAPPED);

  self->connections = se_log_connections_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* In place of the box's own layout, which would push the buttons out of
   * a narrow window. */
  gtk_widget_set_layout_manager (self->toolbar, se_wrap_layout_new ());

  gtk_drop_down_set_model (self->connection_dropdown,
                           se_log_connections_get_model (self->connections));

  kinds = gtk_string_list_new (NULL);
  gtk_string_list_append (kinds, _("All kinds"));
  for (guint kind = 0; kind < SE_EVENT_N_KINDS; kind++)
    gtk_string_list_append (kinds, se_labels_event_kind (kind));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));

  /* Connected before the filter model connects its own handler. */
  self->filter = se_log_filter_new ();
  g_signal_connect_object (self->filter, "changed",
                           G_CALLBACK (filter_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter, "changed",
                           G_CALLBACK (filter_changed_after_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  se_log_export_set_filter (self->export, self->filter);
  g_signal_connect_object (self->filter_model, "notify::pending",
                           G_CALLBACK (filter_pending_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_items_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  self->follow = se_log_follow_new (self->scrolled_window);
  g_signal_connect_object (self->follow, "notify::following",
                           G_CALLBACK (following_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));

  se_log_view_update_filter (self);
  se_log_view_update_counter (self);
  se_log_view_update_jump (self);
  se_log_view_update_actions (self);
}

/* Public API */

SeLogView *
se_log_view_new (void)
{
  return g_object_new (SE_TYPE_LOG_VIEW, NULL);
}

SeTrafficLog *
se_log_view_get_log (SeLogView *self)
{
  g_return_val_if_fail (SE_IS_LOG_VIEW (self), NULL);

  return self->log;
}

void
se_log_view_set_log (SeLogView    *self,
                     SeTrafficLog *log)
{
  g_return_if_fail (SE_IS_LOG_VIEW (self));
  g_return_if_fail (log == NULL || SE_IS_TRAFFIC_LOG (log));

  if (self->log == log)
    return;

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);

  g_set_object (&self->log, log);
  se_log_export_set_log (self->export, log);

  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (log));

  se_log_view_reset_connections (self);
  if (log != NULL)
    {
      g_signal_connect_object (log, "items-changed",
                               G_CALLBACK (log_items_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (log, "notify::n-events",
                               G_CALLBACK (log_n_events_changed_cb), self,
                               G_CONNECT_SWAPPED);
      /* Drops and appends may even out, leaving n-events as it was. */
      g_signal_connect_object (log, "notify::n-dropped",
                               G_CALLBACK (log_n_events_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (log, "notify::paused",
                               G_CALLBACK (log_paused_changed_cb), self,
                               G_CONNECT_SWAPPED);
      se_log_view_scan_connections (self, 0, g_list_model_get_n_items (G_LIST_MODEL (log)));
      log_paused_changed_cb (self, NULL, log);
    }

  se_log_view_update_counter (self);
  se_log_view_update_actions (self);
  se_log_follow_set_following (self->follow, TRUE);
  se_log_follow_scroll_to_end (self->follow);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

GListModel *
se_log_view_get_model (SeLogView *self)
{
  g_return_val_if_fail (SE_IS_LOG_VIEW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

SeEvent *
se_log_view_get_selected (SeLogView *self)
{
  g_return_val_if_fail (SE_IS_LOG_VIEW (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

void
se_log_view_select (SeLogView *self,
                    guint      position)
{
  g_return_if_fail (SE_IS_LOG_VIEW (self));

  gtk_single_selection_set_selected (self->selection, position);
}

guint
se_log_view_get_connection_id (SeLogView *self)
{
  g_return_val_if_fail (SE_IS_LOG_VIEW (self), 0);

  return self->filter != NULL ? se_log_filter_get_connection_id (self->filter) : 0;
}

/* The position of the event with index in model (log order, so the
 * indices rise), or GTK_INVALID_LIST_POSITION. */
static guint
find_event (GListModel *model,
            guint       index)
{
  guint lo = 0;
  guint hi = g_list_model_get_n_items (model);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(SeEvent) event = g_list_model_get_item (model, mid);
      guint at = se_event_get_index (event);

      if (at == index)
        return mid;
      if (at < index)
        lo = mid + 1;
      else
        hi = mid;
    }
  return GTK_INVALID_LIST_POSITION;
}

gboolean
se_log_view_select_event (SeLogView *self,
                          guint      index)
{
  guint position;

  g_return_val_if_fail (SE_IS_LOG_VIEW (self), FALSE);

  position = find_event (G_LIST_MODEL (self->filter_model), index);
  if (position == GTK_INVALID_LIST_POSITION && self->log != NULL &&
      find_event (G_LIST_MODEL (self->log), index) != GTK_INVALID_LIST_POSITION)
    {
      /* Hidden by the filters: show everything, then find it */
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->connection_dropdown, 0);
      gtk_drop_down_set_selected (self->protocol_dropdown, 0);
      gtk_drop_down_set_selected (self->kind_dropdown, 0);
      gtk_filter_list_model_set_incremental (self->filter_model, FALSE);
      se_log_view_update_filter (self);
      position = find_event (G_LIST_MODEL (self->filter_model), index);
    }
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  se_log_follow_set_following (self->follow, FALSE);
  gtk_single_selection_set_selected (self->selection, position);
  /* The column view's list scrolls to the row (GtkListBase's action) */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);

  return TRUE;
}

void
se_log_view_export_to_file (SeLogView      *self,
                            GFile          *file,
                            SeExportFormat  format)
{
  g_return_if_fail (SE_IS_LOG_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  se_log_export_to_file (self->export, file, format);
}

void
se_log_view_set_encoding_func (SeLogView             *self,
                               SeLogViewEncodingFunc  func,
                               gpointer               user_data,
                               GDestroyNotify         destroy)
{
  g_return_if_fail (SE_IS_LOG_VIEW (self));

  if (self->encoding_destroy != NULL)
    g_clear_pointer (&self->encoding_data, self->encoding_destroy);
  self->encoding_func = func;
  self->encoding_data = user_data;
  self->encoding_destroy = destroy;
  se_log_view_encodings_changed (self);
}

const char *
se_log_view_get_event_encoding (SeLogView *self,
                                SeEvent   *event)
{
  const char *encoding = NULL;

  g_return_val_if_fail (SE_IS_LOG_VIEW (self), NULL);
  g_return_val_if_fail (SE_IS_EVENT (event), NULL);

  if (self->encoding_func != NULL)
    encoding = self->encoding_func (event, self->encoding_data);

  return encoding != NULL ? encoding : "utf-8";
}

void
se_log_view_encodings_changed (SeLogView *self)
{
  SeEvent *event;

  g_return_if_fail (SE_IS_LOG_VIEW (self));

  se_log_cells_refresh_data (GTK_WIDGET (self));
  event = self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
  if (event != NULL && self->detail != NULL)
    se_event_detail_set_encoding (self->detail, se_log_view_get_event_encoding (self, event));
}

void
se_log_view_set_rates_text (SeLogView  *self,
                            const char *text)
{
  g_return_if_fail (SE_IS_LOG_VIEW (self));

  if (g_strcmp0 (self->rates_text, text) == 0)
    return;
  g_free (self->rates_text);
  self->rates_text = g_strdup (text);
  se_log_view_update_counter (self);
}

void
se_log_view_export_shown_to_file (SeLogView      *self,
                                  GFile          *file,
                                  SeExportFormat  format)
{
  g_return_if_fail (SE_IS_LOG_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  se_log_export_to_file_full (self->export, file, format, TRUE);
}
