/* se-sockopt-window.c: the options of a page's sockets, read and changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opened from a listener's or client's page (its Options button): one row
 * per option that applies to the socket, with the kernel's value read by
 * getsockopt() now and one line on what it does. Switches and spin
 * buttons change it with setsockopt(), which the log shows like the
 * engine's own calls; the values are read again after each change, so
 * that what the kernel made of it shows (Linux doubles buffer sizes).
 * Blocking mode is shown, not changed: a blocking socket would stop the
 * app's network thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-sockopt.h"
#include "se-sockopt-window.h"

typedef struct
{
  SeSockoptWindow *window;
  SeSockopt        option;
  char            *name;
  GtkWidget       *row;
  GtkWidget       *control;   /* GtkSwitch or GtkSpinButton */
  gulong           handler;
} OptionRow;

struct _SeSockoptWindow
{
  AdwWindow        parent_instance;

  GPtrArray       *sockets;   /* SeProxy */
  GtkStringList   *labels;
  AdwComboRow     *socket_row;
  AdwToastOverlay *toasts;
  GtkStack        *stack;
  AdwPreferencesGroup *group;
  GPtrArray       *rows;      /* OptionRow */
  gboolean         updating;  /* showing values read: not the user's changes */
  guint            refresh_id;
};

G_DEFINE_FINAL_TYPE (SeSockoptWindow, se_sockopt_window, ADW_TYPE_WINDOW)

/* helpers */

static void
option_row_free (OptionRow *row)
{
  g_free (row->name);
  g_free (row);
}

static SeProxy *
current_socket (SeSockoptWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->socket_row);

  return selected < self->sockets->len ? g_ptr_array_index (self->sockets, selected) : NULL;
}

static void
toast (SeSockoptWindow *self,
       const char      *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void refresh (SeSockoptWindow *self);

static gboolean
refresh_idle_cb (gpointer data)
{
  SeSockoptWindow *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
apply (OptionRow *row,
       int        value)
{
  SeSockoptWindow *self = row->window;
  SeProxy *socket = current_socket (self);
  g_autoptr(GError) error = NULL;

  if (socket == NULL || self->updating)
    return;
  if (!se_socket_options_set_proxy (socket, row->option, value, &error))
    toast (self, error->message);
  /* Read back once the control's own signal is over: setting its value
   * from inside it would make the control emit again. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT, refresh_idle_cb, self, NULL);
}

static void
switch_active_cb (GtkSwitch  *control,
                  GParamSpec *pspec,
                  OptionRow  *row)
{
  apply (row, gtk_switch_get_active (control));
}

static void
spin_value_cb (GtkSpinButton *control,
               OptionRow     *row)
{
  apply (row, gtk_spin_button_get_value_as_int (control));
}

static char *
describe_value (const SeSocketOption *option)
{
  switch (option->type)
    {
    case SE_SOCKET_OPTION_BOOLEAN:
      return g_strdup (option->value ? _("on") : _("off"));
    case SE_SOCKET_OPTION_BYTES:
      return g_strdup_printf (ngettext ("%d byte", "%d bytes", option->value), option->value);
    case SE_SOCKET_OPTION_MILLISECONDS:
    default:
      /* Translators: a timeout in milliseconds; 0 waits for ever */
      return option->value == 0 ? g_strdup (_("0: waits for ever"))
                                : g_strdup_printf (_("%d ms"), option->value);
    }
}

static OptionRow *
make_row (SeSockoptWindow      *self,
          const SeSocketOption *option)
{
  OptionRow *row = g_new0 (OptionRow, 1);
  g_autofree char *name = g_strdup_printf ("sockopt-%s", option->name);
  const char *python = se_socket_option_python (option->name);
  g_autofree char *tooltip = NULL;

  row->window = self;
  row->option = option->option;
  row->name = g_strdup (option->name);
  row->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), option->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), se_socket_option_explain (option->name));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row->row), 0);
  /* Translators: the tooltip of an option's row: the Python line */
  tooltip = g_strdup_printf (_("In Python: %s"), python);
  gtk_widget_set_tooltip_text (row->row, tooltip);
  gtk_widget_add_css_class (row->row, "sockopt-row");

  if (option->type == SE_SOCKET_OPTION_BOOLEAN)
    {
      row->control = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (row->control), option->value > 0);
      row->handler = g_signal_connect (row->control, "notify::active",
                                       G_CALLBACK (switch_active_cb), row);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row->row), row->control);
    }
  else
    {
      gboolean bytes = option->type == SE_SOCKET_OPTION_BYTES;

      row->control = gtk_spin_button_new_with_range (0, bytes ? 64 * 1024 * 1024 : 3600 * 1000,
                                                     bytes ? 1024 : 100);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->control), MAX (option->value, 0));
      gtk_editable_set_width_chars (GTK_EDITABLE (row->control), 9);
      row->handler = g_signal_connect (row->control, "value-changed",
                                       G_CALLBACK (spin_value_cb), row);
    }
  gtk_widget_set_name (row->control, name);
  gtk_widget_set_valign (row->control, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (row->control, option->settable && option->value >= 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, option->name, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->control);
  if (option->type != SE_SOCKET_OPTION_BOOLEAN)
    {
      /* Translators: the unit after a buffer size or a timeout */
      GtkWidget *unit = gtk_label_new (option->type == SE_SOCKET_OPTION_BYTES ? _("bytes") : _("ms"));

      gtk_widget_add_css_class (unit, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), unit);
    }
  return row;
}

/* Shows the values: in place (the focus stays where it is) when the same
 * options are shown, else new rows. */
static void
show_options (SeSockoptWindow *self,
              GArray          *options)
{
  gboolean same = self->rows->len == options->len;

  for (guint i = 0; same && i < options->len; i++)
    same = g_strcmp0 (((OptionRow *) g_ptr_array_index (self->rows, i))->name,
                      g_array_index (options, SeSocketOption, i).name) == 0;

  if (!same)
    {
      for (guint i = 0; i < self->rows->len; i++)
        adw_preferences_group_remove (self->group, ((OptionRow *) g_ptr_array_index (self->rows, i))->row);
      g_ptr_array_set_size (self->rows, 0);
      for (guint i = 0; i < options->len; i++)
        {
          OptionRow *row = make_row (self, &g_array_index (options, SeSocketOption, i));

          g_ptr_array_add (self->rows, row);
          adw_preferences_group_add (self->group, row->row);
        }
    }

  self->updating = TRUE;
  for (guint i = 0; i < options->len; i++)
    {
      const SeSocketOption *option = &g_array_index (options, SeSocketOption, i);
      OptionRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *value = describe_value (option);

      g_signal_handler_block (row->control, row->handler);
      if (GTK_IS_SWITCH (row->control))
        gtk_switch_set_active (GTK_SWITCH (row->control), option->value > 0);
      else
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->control), MAX (option->value, 0));
      g_signal_handler_unblock (row->control, row->handler);

      /* What getsockopt() said, also for screen readers */
      gtk_widget_set_tooltip_text (row->control, option->value >= 0 ? value : _("could not be read"));
    }
  self->updating = FALSE;
}

static void
refresh (SeSockoptWindow *self)
{
  SeProxy *socket = current_socket (self);
  g_autoptr(GArray) options = socket != NULL ? se_socket_options_read_proxy (socket) : NULL;

  if (options == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "closed");
      return;
    }
  show_options (self, options);
  gtk_stack_set_visible_child_name (self->stack, "options");
}

/* callbacks */

static void
socket_selected_cb (SeSockoptWindow *self)
{
  refresh (self);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh (SE_SOCKOPT_WINDOW (widget));
}

/* overrides */

static void
se_sockopt_window_dispose (GObject *object)
{
  SeSockoptWindow *self = SE_SOCKOPT_WINDOW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      OptionRow *row = g_ptr_array_index (self->rows, i);

      g_clear_signal_handler (&row->handler, row->control);
    }
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->sockets, g_ptr_array_unref);

  G_OBJECT_CLASS (se_sockopt_window_parent_class)->dispose (object);
}

static void
se_sockopt_window_class_init (SeSockoptWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = se_sockopt_window_dispose;

  gtk_widget_class_install_action (widget_class, "sockopt.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "sockopt.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
se_sockopt_window_init (SeSockoptWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *refresh_button = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *socket_group = adw_preferences_group_new ();
  GtkWidget *closed = adw_status_page_new ();

  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) option_row_free);
  self->labels = gtk_string_list_new (NULL);

  gtk_widget_set_name (GTK_WIDGET (self), "sockopt-window");
  gtk_window_set_title (GTK_WINDOW (self), _("Socket Options"));
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 720);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (refresh_button), "sockopt.refresh");
  gtk_widget_set_tooltip_text (refresh_button, _("Read the options again (F5)"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), refresh_button);
  gtk_box_append (GTK_BOX (box), header);

  self->socket_row = ADW_COMBO_ROW (adw_combo_row_new ());
  gtk_widget_set_name (GTK_WIDGET (self->socket_row), "sockopt-socket");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->socket_row), _("_Socket"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->socket_row), TRUE);
  adw_combo_row_set_model (self->socket_row, G_LIST_MODEL (self->labels));
  /* The chosen socket under the title, so that its address is not cut */
  adw_combo_row_set_use_subtitle (self->socket_row, TRUE);
  g_object_unref (self->labels);  /* the row keeps it */
  g_signal_connect_object (self->socket_row, "notify::selected",
                           G_CALLBACK (socket_selected_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (socket_group),
                                         _("Read with getsockopt() and changed with setsockopt(); every change is logged as the call it is."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (socket_group), GTK_WIDGET (self->socket_row));
  gtk_box_append (GTK_BOX (content), socket_group);

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Options"));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->group), "options");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (closed), "network-offline-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (closed), _("The Socket Is Closed"));
  adw_status_page_set_description (ADW_STATUS_PAGE (closed),
                                   _("A closed socket has no options: start the listener or connect the client again."));
  gtk_stack_add_named (self->stack, closed, "closed");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, scroller);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);
}

/* public API */

GtkWidget *
se_sockopt_window_new (GtkWindow *parent)
{
  return g_object_new (SE_TYPE_SOCKOPT_WINDOW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       NULL);
}

void
se_sockopt_window_add_socket (SeSockoptWindow *self,
                              SeProxy         *socket,
                              const char      *label)
{
  g_return_if_fail (SE_IS_SOCKOPT_WINDOW (self));
  g_return_if_fail (SE_IS_PROXY (socket));

  g_ptr_array_add (self->sockets, g_object_ref (socket));
  gtk_string_list_append (self->labels, label);
  if (self->sockets->len == 1)
    refresh (self);
}

void
se_sockopt_window_refresh (SeSockoptWindow *self)
{
  g_return_if_fail (SE_IS_SOCKOPT_WINDOW (self));

  refresh (self);
}

static GtkWindow *
parent_of (GtkWidget *from)
{
  GtkRoot *root = gtk_widget_get_root (from);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

GtkWidget *
se_sockopt_window_show_listener (GtkWidget       *from,
                                 SeListenerProxy *listener)
{
  GtkWidget *window = se_sockopt_window_new (parent_of (from));
  GListModel *connections = se_listener_proxy_get_connections (listener);
  g_autofree char *address = se_endpoint_to_address (se_listener_proxy_get_endpoint (listener));
  /* Translators: the listening socket in the options window's list */
  g_autofree char *label = g_strdup_printf (_("Listening socket · %s"), address);

  se_sockopt_window_add_socket (SE_SOCKOPT_WINDOW (window), SE_PROXY (listener), label);
  for (guint i = 0; connections != NULL && i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(SeConnectionProxy) connection = g_list_model_get_item (connections, i);
      g_autofree char *text = NULL;

      if (se_connection_proxy_get_state (connection) == SE_CONNECTION_STATE_CLOSED)
        continue;
      /* Translators: an accepted connection in the options window's list */
      text = g_strdup_printf (_("Connection #%u · %s"), se_connection_proxy_get_id (connection),
                              se_connection_proxy_get_remote_address (connection));
      se_sockopt_window_add_socket (SE_SOCKOPT_WINDOW (window), SE_PROXY (connection), text);
    }
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

GtkWidget *
se_sockopt_window_show_client (GtkWidget     *from,
                               SeClientProxy *client)
{
  GtkWidget *window = se_sockopt_window_new (parent_of (from));
  g_autofree char *address = se_endpoint_to_address (se_client_proxy_get_target (client));
  /* Translators: the client's socket in the options window's list */
  g_autofree char *label = g_strdup_printf (_("Client socket · to %s"), address);

  se_sockopt_window_add_socket (SE_SOCKOPT_WINDOW (window), SE_PROXY (client), label);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
