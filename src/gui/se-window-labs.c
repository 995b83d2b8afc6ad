/* se-window-labs.c: the Labs page of the window, and the message boundaries demonstration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * win.show-labs shows the Labs page (built when first shown, like the
 * Resolve page), from the sidebar's Tools, the main menu and the welcome
 * page. A lab's "Open the Workspace" opens its ready workspace here, and
 * its "Run the Demonstration" runs the one demonstration there is:
 *
 * win.boundaries-demo starts a TCP listener (reading 8 bytes per recv(),
 * so that the cutting shows as well as the merging) and a UDP listener,
 * both discarding,
 * connects a client to each and has each send five short messages with
 * one send() apiece, all in one turn of the network thread, as a program
 * calling send() five times in a row does. The log then shows TCP running
 * them together (and cutting them, with a small read size) while UDP
 * delivers five datagrams; the boundaries lab is shown beside it with the
 * explanation and the framing fixes, its steps ticked by what happened.
 *
 * win.inspect-address opens the Address Inspector (se-inspect-window.c),
 * the other teaching tool of the main menu.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-client-proxy.h"
#include "se-endpoint-row.h"
#include "se-error.h"
#include "se-gui-util.h"
#include "se-inspect-window.h"
#include "se-labs-page.h"
#include "se-window-private.h"

#define DEMO_READ_SIZE 8
#define DEMO_MESSAGES  5

typedef struct
{
  SeWindow      *window;
  SeClientProxy *client;
} DemoClient;

static void
demo_send_burst (SeWindow      *self,
                 SeClientProxy *client)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < DEMO_MESSAGES; i++)
    g_ptr_array_add (messages, g_bytes_new_take (g_strdup_printf ("msg%u|", i + 1), 5));

  if (!se_client_proxy_send_burst (client, messages, &error))
    se_gui_show_error (GTK_WIDGET (self), _("The demonstration could not send"), error);
}

static void
demo_client_connected_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autofree DemoClient *demo = user_data;
  g_autoptr(SeWindow) self = demo->window;
  g_autoptr(SeClientProxy) client = demo->client;
  g_autoptr(GError) error = NULL;

  if (!se_client_proxy_connect_finish (client, result, &error))
    {
      /* Cancelled: the window is closing */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (error, SE_ERROR, SE_ERROR_CANCELLED))
        se_gui_show_error (GTK_WIDGET (self), _("The demonstration could not connect"), error);
      return;
    }

  _se_window_add_client (self, client);
  demo_send_burst (self, client);
  /* The explanation, with the steps that just happened ticked */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-labs", NULL);
  se_labs_page_show_lab (SE_LABS_PAGE (self->labs_page), "boundaries");
}

static void
demo_listener_started_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(SeWindow) self = user_data;
  SeListenerProxy *listener = SE_LISTENER_PROXY (object);
  g_autoptr(GError) error = NULL;
  DemoClient *demo;

  if (!se_listener_proxy_start_finish (listener, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        se_gui_show_error (GTK_WIDGET (self), _("The demonstration could not start a listener"), error);
      return;
    }

  _se_window_add_started_listener (self, listener);

  demo = g_new0 (DemoClient, 1);
  demo->window = g_object_ref (self);
  demo->client = se_client_proxy_new (self->network, se_listener_proxy_get_endpoint (listener), self->log);
  se_client_proxy_connect_async (demo->client, self->cancellable, demo_client_connected_cb, demo);
}

static void
se_window_start_demo_listener (SeWindow   *self,
                               const char *text)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (text, NULL);
  g_autoptr(SeResponder) responder = se_responder_new (SE_RESPONDER_DISCARD, NULL);
  g_autoptr(SeListenerProxy) listener = se_listener_proxy_new (self->network, endpoint, responder, self->log);

  if (se_endpoint_get_protocol (endpoint) == SE_PROTOCOL_TCP)
    se_listener_proxy_set_read_size (listener, DEMO_READ_SIZE);

  se_listener_proxy_start_async (listener, self->cancellable, demo_listener_started_cb, g_object_ref (self));
}

static void
se_window_boundaries_demo_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);

  se_window_start_demo_listener (self, "tcp://127.0.0.1:0");
  se_window_start_demo_listener (self, "udp://127.0.0.1:0");
}

static void
labs_page_open_workspace_cb (SeWindow    *self,
                             SeWorkspace *workspace)
{
  _se_window_open_loaded (self, workspace);
}

static void
labs_page_run_demo_cb (SeWindow   *self,
                       const char *demo)
{
  if (g_strcmp0 (demo, "boundaries") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.boundaries-demo", NULL);
}

/* The Labs page is built the first time it is shown */
GtkWidget *
_se_window_ensure_labs_page (SeWindow *self)
{
  if (self->labs_page == NULL)
    {
      self->labs_page = se_labs_page_new ();
      se_labs_page_set_sources (SE_LABS_PAGE (self->labs_page), self->log,
                                se_workspace_get_listener_proxies (self->workspace));
      g_signal_connect_object (self->labs_page, "open-workspace",
                               G_CALLBACK (labs_page_open_workspace_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->labs_page, "run-demo",
                               G_CALLBACK (labs_page_run_demo_cb), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->stack, self->labs_page, "labs");
    }

  return self->labs_page;
}

static void
se_window_inspect_address_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (se_inspect_window_new (GTK_WINDOW (widget))));
}

static void
se_window_show_labs_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SeWindow *self = SE_WINDOW (widget);

  gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (self->labs_row));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

void
_se_window_class_init_labs (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-labs", NULL, se_window_show_labs_action);
  gtk_widget_class_install_action (widget_class, "win.boundaries-demo", NULL,
                                   se_window_boundaries_demo_action);
  gtk_widget_class_install_action (widget_class, "win.inspect-address", NULL,
                                   se_window_inspect_address_action);
}

void
_se_window_init_labs (SeWindow *self)
{
  g_autoptr(GtkStringObject) labs = gtk_string_object_new ("labs");

  /* A row of the sidebar's tools, after Resolve (se-window-sidebar.c) */
  g_list_store_append (self->sidebar_tools, labs);
}
