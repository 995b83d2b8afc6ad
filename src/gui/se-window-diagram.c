/* se-window-diagram.c: the sequence diagram beside the window's log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * F8 (and the log's toolbar button) shows the diagram beside the traffic
 * log, in presentation mode too. It draws what the visible page is
 * about (also while the log is shown alone): the connection chosen in
 * the log's drop-down, else a listener's socket and its connections, a
 * client's connection, or every socket on the Welcome and Resolve pages. A click on an arrow or a call selects its event in the log;
 * the log's selection is highlighted in the diagram.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-client-page.h"
#include "se-diagram-view.h"
#include "se-listener-page.h"
#include "se-page.h"
#include "se-window-private.h"

static void
diagram_event_activated_cb (SeWindow      *self,
                            guint          index,
                            SeDiagramView *view)
{
  if (!se_log_view_select_event (self->log_view, index))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s",
                                _("That event is no longer in the log"));
}

static void
log_view_selected_event_cb (SeWindow   *self,
                            GParamSpec *pspec,
                            SeLogView  *log_view)
{
  SeEvent *event = se_log_view_get_selected (log_view);

  se_diagram_view_set_selected_event (SE_DIAGRAM_VIEW (self->diagram_view),
                                      event != NULL ? se_event_get_index (event) : SE_DIAGRAM_NONE);
}

void
_se_window_update_diagram_focus (SeWindow *self)
{
  GtkWidget *page = self->stack != NULL ? gtk_stack_get_visible_child (self->stack) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *address = NULL;
  guint connection_id = 0;

  if (self->diagram_view == NULL)
    return;

  /* The connection the log shows alone, if one: the diagram draws what
   * the log shows */
  if (se_log_view_get_connection_id (self->log_view) != 0)
    {
      connection_id = se_log_view_get_connection_id (self->log_view);
      /* Translators: what the sequence diagram shows: the connection
       * chosen in the log's drop-down */
      description = g_strdup_printf (_("Connection #%u"), connection_id);
    }
  /* With the log alone too: the page is hidden, still the one chosen */
  else if (page != NULL && SE_IS_LISTENER_PAGE (page))
    {
      SeListenerProxy *listener = se_listener_page_get_listener (SE_LISTENER_PAGE (page));

      address = se_endpoint_to_address (se_listener_proxy_get_endpoint (listener));
      title = se_page_dup_title (SE_PAGE (page));
      /* Translators: what the sequence diagram shows, e.g. "TCP Listener #1 · 127.0.0.1:7000" */
      description = g_strdup_printf (_("%s · %s"), title, address);
    }
  else if (page != NULL && SE_IS_CLIENT_PAGE (page))
    {
      SeClientProxy *client = se_client_page_get_client (SE_CLIENT_PAGE (page));

      connection_id = se_client_proxy_get_id (client);
      title = se_page_dup_title (SE_PAGE (page));
      /* Translators: what the sequence diagram shows, e.g. "TCP Client #1 · connection #3" */
      description = g_strdup_printf (_("%s · connection #%u"), title, connection_id);
    }
  else
    description = g_strdup (_("All sockets"));

  se_diagram_view_set_focus (SE_DIAGRAM_VIEW (self->diagram_view), connection_id, address, description);
}

void
_se_window_set_show_diagram (SeWindow *self,
                             gboolean  show)
{
  int width;

  show = !!show;
  if (self->show_diagram == show)
    return;

  self->show_diagram = show;
  gtk_widget_set_visible (self->diagram_view, show);
  /* Half the width each; the divider moves as the user likes */
  width = gtk_widget_get_width (GTK_WIDGET (self->log_paned));
  if (show && width > 0)
    gtk_paned_set_position (self->log_paned, width / 2);
  _se_window_update_diagram_focus (self);
  g_object_notify (G_OBJECT (self), "show-diagram");
}

void
_se_window_class_init_diagram (GtkWidgetClass *widget_class)
{
  g_type_ensure (SE_TYPE_DIAGRAM_VIEW);
  gtk_widget_class_install_property_action (widget_class, "win.show-diagram", "show-diagram");
}

void
_se_window_init_diagram (SeWindow *self)
{
  se_diagram_view_set_log (SE_DIAGRAM_VIEW (self->diagram_view), self->log);
  g_signal_connect_object (self->diagram_view, "event-activated",
                           G_CALLBACK (diagram_event_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_view, "notify::selected-event",
                           G_CALLBACK (log_view_selected_event_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_view, "notify::connection-id",
                           G_CALLBACK (_se_window_update_diagram_focus), self, G_CONNECT_SWAPPED);
}
