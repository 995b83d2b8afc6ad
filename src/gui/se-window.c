/* se-window.c: the main window: endpoints in a sidebar, their pages, and the traffic log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-rate-graph.h"
#include "se-client-page.h"
#include "se-endpoint-row.h"
#include "se-gui-util.h"
#include "se-listener-page.h"
#include "se-log-view.h"
#include "se-page.h"
#include "se-new-client-dialog.h"
#include "se-new-listener-dialog.h"
#include "se-preferences-window.h"
#include "se-resolve-page.h"
#include "se-window.h"
#include "se-window-private.h"


enum {
  PROP_0,
  PROP_LOG_ONLY,
  PROP_PRESENTATION,
  PROP_SHOW_DIAGRAM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeWindow, se_window, ADW_TYPE_APPLICATION_WINDOW)

static void
se_window_save_size (SeWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static void
se_window_restore_size (SeWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
dialog_started_cb (SeWindow        *self,
                   SeListenerProxy *listener)
{
  _se_window_add_started_listener (self, listener);
}

static void
dialog_connected_cb (SeWindow      *self,
                     SeClientProxy *client)
{
  _se_window_add_client (self, client);
}

/* The Resolve page is built the first time it is shown, so that the
 * window starts faster. */
static GtkWidget *
se_window_ensure_resolve_page (SeWindow *self)
{
  if (self->resolve_page == NULL)
    {
      self->resolve_page = se_resolve_page_new ();
      se_resolve_page_set_resolver (SE_RESOLVE_PAGE (self->resolve_page), self->resolver);
      gtk_stack_add_named (self->stack, self->resolve_page, "resolve");
    }

  return self->resolve_page;
}

static void
se_window_update_title (SeWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);

  g_clear_pointer (&self->title_binding, g_binding_unbind);
  g_clear_pointer (&self->subtitle_binding, g_binding_unbind);

  if (self->log_only)
    {
      adw_window_title_set_title (self->content_title, _("Traffic Log"));
      adw_window_title_set_subtitle (self->content_title, _("Every socket event of this window"));
    }
  else if (page != NULL && page == self->resolve_page)
    {
      adw_window_title_set_title (self->content_title, _("Resolve"));
      adw_window_title_set_subtitle (self->content_title,
                                     _("Names, addresses, services and protocols"));
    }
  else if (page != NULL && page == self->labs_page)
    {
      adw_window_title_set_title (self->content_title, _("Labs"));
      adw_window_title_set_subtitle (self->content_title, _("Guided lessons, checked by the traffic log"));
    }
  else if (!SE_IS_PAGE (page))
    {
      adw_window_title_set_title (self->content_title, _("Socket Explorer"));
      adw_window_title_set_subtitle (self->content_title, NULL);
    }
  else
    {
      self->title_binding = g_object_bind_property (page, "title", self->content_title, "title",
                                                    G_BINDING_SYNC_CREATE);
      self->subtitle_binding = g_object_bind_property (page, "endpoint", self->content_title, "subtitle",
                                                       G_BINDING_SYNC_CREATE);
    }
}

/* The page was laid out: if it scrolls, the measure fell short (labels
 * wrap differently at the real width, longer translations); place the
 * divider again with the height it really needs. */
static void
page_adjustment_changed_cb (SeWindow      *self,
                            GtkAdjustment *adjustment)
{
  _se_window_queue_place_divider (self);
}

static void
paned_max_position_changed_cb (SeWindow   *self,
                               GParamSpec *pspec,
                               GtkPaned   *paned)
{
  _se_window_place_divider (self);
}

static void
log_view_selected_changed_cb (SeWindow   *self,
                              GParamSpec *pspec,
                              SeLogView  *log_view)
{
  _se_window_place_divider (self);
}

/* The button says what pressing it does: the log fills the window, or
 * the page comes back. */
static void
se_window_update_log_only_button (SeWindow *self)
{
  if (self->log_only)
    {
      gtk_button_set_icon_name (GTK_BUTTON (self->log_only_button), "view-restore-symbolic");
      gtk_widget_set_tooltip_text (self->log_only_button,
                                   _("Show the Page Above the Traffic Log Again (Ctrl+L)"));
    }
  else
    {
      gtk_button_set_icon_name (GTK_BUTTON (self->log_only_button), "view-fullscreen-symbolic");
      gtk_widget_set_tooltip_text (self->log_only_button,
                                   _("Let the Traffic Log Fill the Window (Ctrl+L)"));
    }
}

static void
sidebar_row_selected_cb (SeWindow      *self,
                         GtkListBoxRow *row)
{
  GtkWidget *page;

  if (row == NULL)
    page = self->welcome_page;
  else if (GTK_WIDGET (row) == self->resolve_row)
    page = se_window_ensure_resolve_page (self);
  else if (GTK_WIDGET (row) == self->labs_row)
    page = _se_window_ensure_labs_page (self);
  else
    page = se_endpoint_row_get_page (SE_ENDPOINT_ROW (row));

  gtk_stack_set_visible_child (self->stack, page);
  _se_window_page_changed_divider (self);

  /* A page asked for is a page shown, even with the traffic log alone */
  if (row != NULL && self->log_only)
    {
      self->log_only = FALSE;
      gtk_widget_set_visible (self->page_scroller, TRUE);
      se_window_update_log_only_button (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_ONLY]);
    }

  se_window_update_title (self);
  _se_window_update_diagram_focus (self);
  _se_window_place_divider (self);
}

static void
sidebar_row_activated_cb (SeWindow      *self,
                          GtkListBoxRow *row)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
log_view_toast_cb (SeWindow   *self,
                   const char *message)
{
  se_gui_show_toast (GTK_WIDGET (self), message);
}

/* win.toast (s): every toast of the window goes through here. */
static void
se_window_toast_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);
  AdwToast *toast = adw_toast_new (g_variant_get_string (parameter, NULL));

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* A menu button with a menu model builds its whole popover menu at once;
 * the window's two menus are built when first opened instead. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  SeWindow *self = user_data;
  const char *menu_id = button == self->add_button ? "add_menu" : "primary_menu";
  GMenuModel *model;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  model = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (self), SE_TYPE_WINDOW, menu_id));
  if (button == self->primary_button)
    {
      self->recent_menu = G_MENU (gtk_widget_get_template_child (GTK_WIDGET (self), SE_TYPE_WINDOW, "recent_menu"));
      _se_window_update_recent_workspaces (self);
    }
  gtk_menu_button_set_menu_model (button, model);
  if (button == self->primary_button)
    gtk_popover_menu_add_child (GTK_POPOVER_MENU (gtk_menu_button_get_popover (button)),
                                _se_window_create_zoom_control (self), "zoom");
}

/* The log view's shortcuts work from anywhere in the window, not only
 * when the focus is in the log view. */
static gboolean
se_window_forward_to_log_view (GtkWidget *widget,
                               GVariant  *args,
                               gpointer   user_data)
{
  SeWindow *self = SE_WINDOW (widget);
  const char *action = g_variant_get_string (args, NULL);

  return gtk_widget_activate_action (GTK_WIDGET (self->log_view), action, NULL);
}

static void
se_window_new_listener_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);
  SeNewListenerDialog *dialog = se_new_listener_dialog_new (GTK_WINDOW (self), self->network, self->log);

  g_signal_connect_object (dialog, "started", G_CALLBACK (dialog_started_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
se_window_new_client_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);
  g_auto(GStrv) recent = _se_window_dup_recent (self);
  SeNewClientDialog *dialog;

  dialog = se_new_client_dialog_new (GTK_WINDOW (self), self->network, self->log,
                                     (const char * const *) recent,
                                     se_workspace_get_listener_proxies (self->workspace));
  g_signal_connect_object (dialog, "connected", G_CALLBACK (dialog_connected_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
se_window_show_resolve_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);

  gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (self->resolve_row));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
se_window_show_sidebar_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* GtkApplication would build the shortcuts window along with every
 * window; it is built the first time it is asked for instead. */
static void
se_window_preferences_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);
  GtkWidget *preferences;

  if (self->settings == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                     _("The settings schema is not installed, so the preferences cannot be kept. Run the app with its schema compiled (see the README)."));

      se_gui_show_error (widget, _("No preferences"), error);
      return;
    }

  preferences = se_preferences_window_new (GTK_WINDOW (self), self->settings);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
se_window_show_help_overlay_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/socketexplorer/SocketExplorer/gtk/help-overlay.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }

  gtk_window_present (GTK_WINDOW (overlay));
}

static void
se_window_set_log_only (SeWindow *self,
                        gboolean  log_only)
{
  log_only = !!log_only;
  if (self->log_only == log_only)
    return;

  self->log_only = log_only;
  gtk_widget_set_visible (self->page_scroller, !log_only);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  se_window_update_title (self);
  se_window_update_log_only_button (self);
  _se_window_place_divider (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_ONLY]);
}

static gboolean
se_window_close_request (GtkWindow *window)
{
  se_window_save_size (SE_WINDOW (window));

  return GTK_WINDOW_CLASS (se_window_parent_class)->close_request (window);
}

static double
sum_rate (GListModel *model,
          const char *property)
{
  double total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      double rate = 0;

      g_object_get (item, property, &rate, NULL);
      total += rate;
    }
  return total;
}

/* The status line's total: every listener's and client's rates, as the
 * core sampled them (se-rate-meter.h). */
static gboolean
rates_tick_cb (gpointer user_data)
{
  SeWindow *self = user_data;
  double in = sum_rate (se_workspace_get_listener_proxies (self->workspace), "rate-bytes-received") +
              sum_rate (se_workspace_get_client_proxies (self->workspace), "rate-bytes-received");
  double out = sum_rate (se_workspace_get_listener_proxies (self->workspace), "rate-bytes-sent") +
               sum_rate (se_workspace_get_client_proxies (self->workspace), "rate-bytes-sent");
  g_autofree char *text = se_rate_graph_format_total (in, out);

  se_log_view_set_rates_text (self->log_view, text);
  return G_SOURCE_CONTINUE;
}

static void
se_window_dispose (GObject *object)
{
  SeWindow *self = SE_WINDOW (object);

  g_clear_handle_id (&self->rates_id, g_source_remove);
  _se_window_dispose_step (self);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  _se_window_dispose_divider (self);
  _se_window_dispose_workspace (self);

  /* Close every socket of the window (and remove its Unix socket files) */
  if (self->workspace != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->workspace)); i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->workspace), i);

        if (SE_IS_LISTENER_PROXY (item) && se_listener_proxy_get_running (SE_LISTENER_PROXY (item)))
          se_listener_proxy_stop (SE_LISTENER_PROXY (item));
        else if (SE_IS_CLIENT_PROXY (item) && se_client_proxy_get_connected (SE_CLIENT_PROXY (item)))
          se_client_proxy_close (SE_CLIENT_PROXY (item));
      }

  g_clear_pointer (&self->title_binding, g_binding_unbind);
  g_clear_pointer (&self->subtitle_binding, g_binding_unbind);
  if (self->sidebar_list != NULL)
    g_signal_handlers_disconnect_by_data (self->sidebar_list, self);
  _se_window_dispose_sidebar (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SE_TYPE_WINDOW);
  g_clear_object (&self->workspace);
  g_clear_object (&self->resolver);
  /* What the stops above queued runs first; proxies still held
   * elsewhere keep their last values. */
  if (self->network != NULL)
    se_network_shutdown (self->network);
  g_clear_object (&self->network);
  g_clear_object (&self->log);
  g_clear_object (&self->settings);
  g_clear_object (&self->workspace_file);

  G_OBJECT_CLASS (se_window_parent_class)->dispose (object);
}

static void
se_window_finalize (GObject *object)
{
  SeWindow *self = SE_WINDOW (object);

  g_strfreev (self->recent);
  g_strfreev (self->recent_workspaces);

  G_OBJECT_CLASS (se_window_parent_class)->finalize (object);
}

static void
se_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SeWindow *self = SE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOG_ONLY:
      g_value_set_boolean (value, self->log_only);
      break;

    case PROP_PRESENTATION:
      g_value_set_boolean (value, self->presentation);
      break;

    case PROP_SHOW_DIAGRAM:
      g_value_set_boolean (value, self->show_diagram);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SeWindow *self = SE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOG_ONLY:
      se_window_set_log_only (self, g_value_get_boolean (value));
      break;

    case PROP_PRESENTATION:
      _se_window_set_presentation (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_DIAGRAM:
      _se_window_set_show_diagram (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
se_window_class_init (SeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = se_window_dispose;
  object_class->finalize = se_window_finalize;
  object_class->get_property = se_window_get_property;
  object_class->set_property = se_window_set_property;

  window_class->close_request = se_window_close_request;

  /**
   * SeWindow:log-only:
   * The traffic log fills the content area; the endpoint pages are hidden.
   */
  properties[PROP_LOG_ONLY] =
    g_param_spec_boolean ("log-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SeWindow:presentation:
   * The current page and the log alone, full screen, larger and with
   * more contrast (se-window-presentation.c).
   */
  properties[PROP_PRESENTATION] =
    g_param_spec_boolean ("presentation", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SeWindow:show-diagram:
   * The sequence diagram is shown beside the log (se-window-diagram.c).
   */
  properties[PROP_SHOW_DIAGRAM] =
    g_param_spec_boolean ("show-diagram", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SE_TYPE_LOG_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/socketexplorer/SocketExplorer/se-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SeWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, content);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, primary_button);
  gtk_widget_class_bind_template_child_full (widget_class, "add_menu", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "primary_menu", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "recent_menu", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, log_only_button);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, page_scroller);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, recent_box);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, log_view);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, log_paned);
  gtk_widget_class_bind_template_child (widget_class, SeWindow, diagram_view);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, log_view_toast_cb);
  gtk_widget_class_bind_template_callback (widget_class, paned_max_position_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.new-listener", NULL, se_window_new_listener_action);
  gtk_widget_class_install_action (widget_class, "win.new-client", NULL, se_window_new_client_action);
  gtk_widget_class_install_action (widget_class, "win.show-resolve", NULL, se_window_show_resolve_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, se_window_show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, se_window_show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, se_window_preferences_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", se_window_toast_action);
  _se_window_class_init_labs (widget_class);
  _se_window_class_init_presentation (widget_class);
  _se_window_class_init_diagram (widget_class);
  _se_window_class_init_workspace (widget_class);
  _se_window_class_init_help (widget_class);
  gtk_widget_class_install_property_action (widget_class, "win.log-only", "log-only");

  gtk_widget_class_add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                se_window_forward_to_log_view, "s", "log.search");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_k, GDK_CONTROL_MASK,
                                se_window_forward_to_log_view, "s", "log.clear");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                se_window_forward_to_log_view, "s", "log.export");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                se_window_forward_to_log_view, "s", "log.pause");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_j, GDK_CONTROL_MASK,
                                se_window_forward_to_log_view, "s", "log.follow");
}

static void
se_window_init (SeWindow *self)
{
  /* The sockets run on their own thread: a busy log or a slow frame
   * never delays a read, and a flood never delays a frame. The log is
   * appended to there and published here once a frame. */
  self->network = se_network_new ();
  self->log = se_traffic_log_new ();
  /* Views are told of new events at most once a frame (60 Hz). */
  se_traffic_log_set_publish_interval (self->log, 16);
  self->resolver = se_resolver_new (self->log);
  self->workspace = se_workspace_new ();
  self->cancellable = g_cancellable_new ();
  self->settings = _se_window_open_settings ();
  _se_window_apply_settings (self);
  _se_window_init_presentation (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  _se_window_init_divider (self);
  se_log_view_set_log (self->log_view, self->log);
  _se_window_init_diagram (self);
  _se_window_init_step (self);
  rates_tick_cb (self);
  self->rates_id = g_timeout_add_seconds (1, rates_tick_cb, self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->page_scroller)),
                           "changed", G_CALLBACK (page_adjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_view, "notify::selected-event",
                           G_CALLBACK (log_view_selected_changed_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_menu_button_set_create_popup_func (self->add_button, create_menu_cb, self, NULL);
  gtk_menu_button_set_create_popup_func (self->primary_button, create_menu_cb, self, NULL);

  _se_window_init_sidebar (self);
  _se_window_init_labs (self);
  _se_window_init_workspace (self);
  /* Folded (a small screen, or 2× scale on 1280×800), the first screen is
   * the welcome page and its buttons, not an empty sidebar; the back
   * button leads to the sidebar. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  sidebar_row_selected_cb (self, NULL);
  se_window_update_log_only_button (self);

  se_window_restore_size (self);
}

SeWindow *
se_window_new (AdwApplication *application)
{
  return g_object_new (SE_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

SeTrafficLog *
se_window_get_traffic_log (SeWindow *self)
{
  g_return_val_if_fail (SE_IS_WINDOW (self), NULL);

  return self->log;
}

SeResolver *
se_window_get_resolver (SeWindow *self)
{
  g_return_val_if_fail (SE_IS_WINDOW (self), NULL);

  return self->resolver;
}

GListModel *
se_window_get_listeners (SeWindow *self)
{
  g_return_val_if_fail (SE_IS_WINDOW (self), NULL);

  return se_workspace_get_listener_proxies (self->workspace);
}

GListModel *
se_window_get_clients (SeWindow *self)
{
  g_return_val_if_fail (SE_IS_WINDOW (self), NULL);

  return se_workspace_get_client_proxies (self->workspace);
}

GtkWidget *
se_window_get_log_view (SeWindow *self)
{
  g_return_val_if_fail (SE_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->log_view);
}

GtkWidget *
se_window_get_visible_page (SeWindow *self)
{
  g_return_val_if_fail (SE_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child (self->stack);
}
