/* se-window-sidebar.c: the sidebar, bound to the window's workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's listeners and clients are one list, its SeWorkspace (a
 * GListModel of SeListenerProxy, then SeClientProxy items, in the core).
 * The sidebar is bound to it with gtk_list_box_bind_model (), after the
 * Resolve row: adding a proxy to the workspace gives it a row and a page,
 * removing it takes both away. Nothing else keeps the sidebar, the pages
 * and the lists in step.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-client-page.h"
#include "se-encoding.h"
#include "se-endpoint-row.h"
#include "se-listener-page.h"
#include "se-page.h"
#include "se-window-private.h"

static void
page_remove_requested_cb (SeWindow  *self,
                          GtkWidget *page)
{
  GHashTableIter iter;
  gpointer proxy, value;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &proxy, &value))
    if (value == page)
      {
        se_workspace_remove_proxy (self->workspace, proxy);
        return;
      }
}

/* The page of a listener or client proxy of the workspace, made the first
 * time it is asked for: its number among the pages of its kind ("TCP
 * Client #2" is the second TCP client of the window, whatever the log's
 * connection ids say) and the encoding it was opened with (a workspace's
 * "se-encoding"). */
static GtkWidget *
se_window_ensure_page (SeWindow *self,
                       gpointer  proxy)
{
  GtkWidget *page = g_hash_table_lookup (self->pages, proxy);
  const char *encoding;
  SeProtocol protocol;
  guint number;

  if (page != NULL)
    return page;

  if (SE_IS_LISTENER_PROXY (proxy))
    {
      protocol = se_endpoint_get_protocol (se_listener_proxy_get_endpoint (proxy));
      /* tls:// pages are numbered apart from TCP's ("TLS Listener #1"),
       * in the slot of SE_PROTOCOL_NONE, which no endpoint has */
      if (se_endpoint_get_tls (se_listener_proxy_get_endpoint (proxy)))
        protocol = SE_PROTOCOL_NONE;
      /* "TCP Relay #1" is the window's first TCP relay, apart from its
       * listeners */
      if (se_listener_proxy_get_relay_target (proxy) != NULL)
        number = ++self->relay_numbers[MIN (protocol, SE_PROTOCOL_NONE)];
      else
        number = ++self->listener_numbers[MIN (protocol, SE_PROTOCOL_NONE)];
      page = se_listener_page_new (proxy, self->log);
    }
  else
    {
      protocol = se_endpoint_get_protocol (se_client_proxy_get_target (proxy));
      if (se_endpoint_get_tls (se_client_proxy_get_target (proxy)))
        protocol = SE_PROTOCOL_NONE;
      number = ++self->client_numbers[MIN (protocol, SE_PROTOCOL_NONE)];
      page = se_client_page_new (proxy);
    }

  g_object_set (page, "number", number, NULL);
  encoding = g_object_get_data (G_OBJECT (proxy), "se-encoding");
  if (encoding != NULL)
    g_object_set (page, "encoding", encoding, NULL);
  g_signal_connect_object (page, "remove-requested",
                           G_CALLBACK (page_remove_requested_cb), self,
                           G_CONNECT_SWAPPED);
  /* A page's new port or connection is what the diagram shows */
  g_signal_connect_object (page, "notify", G_CALLBACK (_se_window_update_diagram_focus), self,
                           G_CONNECT_SWAPPED);
  /* The log reads this page's events in its encoding */
  g_signal_connect_object (page, "notify::encoding",
                           G_CALLBACK (se_log_view_encodings_changed), self->log_view,
                           G_CONNECT_SWAPPED);

  g_hash_table_insert (self->pages, g_object_ref (proxy), g_object_ref_sink (page));
  gtk_stack_add_child (self->stack, page);

  return page;
}

GtkWidget *
se_window_find_page (SeWindow *self,
                     gpointer  proxy)
{
  g_return_val_if_fail (SE_IS_WINDOW (self), NULL);

  return g_hash_table_lookup (self->pages, proxy);
}

/* gtk_list_box_bind_model ()'s: a row for a tool of self->sidebar_tools
 * (the strings "resolve" and "labs") or for a proxy of the workspace, which follows
 * its page. */
static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  SeWindow *self = user_data;
  g_autofree char *icon_name = NULL;
  GtkWidget *page;

  if (GTK_IS_STRING_OBJECT (item) &&
      g_str_equal (gtk_string_object_get_string (item), "labs"))
    {
      self->labs_row = se_endpoint_row_new (SE_ENDPOINT_SECTION_TOOLS, NULL,
                                            "accessories-dictionary-symbolic", _("Labs"));
      return self->labs_row;
    }

  if (GTK_IS_STRING_OBJECT (item))
    {
      self->resolve_row = se_endpoint_row_new (SE_ENDPOINT_SECTION_TOOLS, NULL,
                                               "system-search-symbolic",
                                               _("Resolve"));
      return self->resolve_row;
    }

  page = se_window_ensure_page (self, item);
  icon_name = se_page_dup_icon_name (SE_PAGE (page));

  return se_endpoint_row_new (SE_IS_LISTENER_PROXY (item) ? SE_ENDPOINT_SECTION_LISTENERS
                                                          : SE_ENDPOINT_SECTION_CLIENTS,
                              page, icon_name, NULL);
}

static void
sidebar_header_func (GtkListBoxRow *row,
                     GtkListBoxRow *before,
                     gpointer       user_data)
{
  SeEndpointSection section = se_endpoint_row_get_section (SE_ENDPOINT_ROW (row));
  const char *title = NULL;
  GtkWidget *label;

  if (before != NULL && se_endpoint_row_get_section (SE_ENDPOINT_ROW (before)) == section)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  if (section == SE_ENDPOINT_SECTION_LISTENERS)
    title = _("Listeners");
  else if (section == SE_ENDPOINT_SECTION_CLIENTS)
    title = _("Clients");

  if (title == NULL)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_header (row, label);
}

/* The encoding of a page, as a static se-encoding id */
static const char *
page_encoding (GtkWidget *page)
{
  g_autofree char *encoding = NULL;
  const SeEncoding *found;

  if (page == NULL)
    return NULL;
  g_object_get (page, "encoding", &encoding, NULL);
  found = se_encoding_lookup (encoding, NULL);

  return found != NULL ? found->id : NULL;
}

/* Whether an event's own address is a listener's: the same, or its port
 * when the listener is bound to every address (0.0.0.0 or ::) */
static gboolean
listener_has_address (SeListenerProxy *listener,
                      const char      *local)
{
  SeEndpoint *endpoint = se_listener_proxy_get_endpoint (listener);
  g_autofree char *address = se_endpoint_to_address (endpoint);
  const char *host = se_endpoint_get_host (endpoint);

  if (g_strcmp0 (address, local) == 0)
    return TRUE;
  if (host != NULL && (g_str_equal (host, "0.0.0.0") || g_str_equal (host, "::")))
    {
      g_autofree char *port = g_strdup_printf (":%u", se_endpoint_get_port (endpoint));

      return g_str_has_suffix (local, port);
    }

  return FALSE;
}

/* The log view's SeLogViewEncodingFunc: an event is a listener's when
 * its own address is the listener's, a client's when its own address is
 * the client's (or, for an earlier connection, when it went to the
 * client's target); it is read in that page's encoding. */
static const char *
event_encoding_cb (SeEvent  *event,
                   gpointer  user_data)
{
  SeWindow *self = user_data;
  const char *local = se_event_get_local (event);
  const char *remote = se_event_get_remote (event);
  GListModel *listeners = se_workspace_get_listener_proxies (self->workspace);
  GListModel *clients = se_workspace_get_client_proxies (self->workspace);
  gpointer by_target = NULL;

  if (*local == '\0')
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (listeners); i++)
    {
      g_autoptr(SeListenerProxy) listener = g_list_model_get_item (listeners, i);

      if (se_endpoint_get_protocol (se_listener_proxy_get_endpoint (listener)) == se_event_get_protocol (event) &&
          listener_has_address (listener, local))
        return page_encoding (se_window_find_page (self, listener));
    }

  for (guint i = 0; i < g_list_model_get_n_items (clients); i++)
    {
      g_autoptr(SeClientProxy) client = g_list_model_get_item (clients, i);
      SeEndpoint *target = se_client_proxy_get_target (client);
      g_autofree char *target_address = NULL;

      if (se_endpoint_get_protocol (target) != se_event_get_protocol (event))
        continue;
      if (g_strcmp0 (se_client_proxy_get_local_address (client), local) == 0)
        return page_encoding (se_window_find_page (self, client));
      target_address = se_endpoint_to_address (target);
      if (by_target == NULL && g_strcmp0 (target_address, remote) == 0)
        by_target = client;
    }

  return by_target != NULL ? page_encoding (se_window_find_page (self, by_target)) : NULL;
}

/* Runs after the list box has its rows for the change: a proxy added is
 * shown; the page of one removed goes. */
static void
workspace_items_changed_cb (SeWindow   *self,
                            guint       position,
                            guint       removed,
                            guint       added,
                            GListModel *workspace)
{
  if (removed > 0)
    {
      GHashTableIter iter;
      gpointer proxy, page;

      g_hash_table_iter_init (&iter, self->pages);
      while (g_hash_table_iter_next (&iter, &proxy, &page))
        if (!se_workspace_find_proxy (self->workspace, proxy, NULL))
          {
            gtk_stack_remove (self->stack, page);
            g_hash_table_iter_remove (&iter);
          }
    }

  /* A page with another encoding may have come or gone */
  se_log_view_encodings_changed (self->log_view);

  if (added > 0)
    {
      /* After the tools' rows (Resolve) */
      guint n_tools = g_list_model_get_n_items (G_LIST_MODEL (self->sidebar_tools));
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar_list, n_tools + position + added - 1);

      if (row != NULL)
        {
          gtk_list_box_select_row (self->sidebar_list, row);
          adw_leaflet_set_visible_child (self->leaflet, self->content);
        }
    }
}

void
_se_window_init_sidebar (SeWindow *self)
{
  g_autoptr(GListStore) parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(GtkStringObject) resolve = gtk_string_object_new ("resolve");

  self->pages = g_hash_table_new_full (NULL, NULL, g_object_unref, g_object_unref);
  /* The tools' rows, each a string that create_row_cb () knows */
  self->sidebar_tools = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_list_store_append (self->sidebar_tools, resolve);
  g_list_store_append (parts, self->sidebar_tools);
  g_list_store_append (parts, self->workspace);
  self->sidebar_model = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&parts))));

  gtk_list_box_set_header_func (self->sidebar_list, sidebar_header_func, NULL, NULL);
  gtk_list_box_bind_model (self->sidebar_list, self->sidebar_model, create_row_cb, self, NULL);
  /* After the list box's own handler (connected through the flatten
   * model when it was bound), so that the rows are there */
  g_signal_connect_object (self->workspace, "items-changed",
                           G_CALLBACK (workspace_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  /* The window outlives its log view's use of it (dispose clears it) */
  se_log_view_set_encoding_func (self->log_view, event_encoding_cb, self, NULL);
}

/* The window goes: the pages with it */
void
_se_window_dispose_sidebar (SeWindow *self)
{
  if (self->log_view != NULL)
    se_log_view_set_encoding_func (self->log_view, NULL, NULL, NULL);
  if (self->sidebar_list != NULL)
    gtk_list_box_bind_model (self->sidebar_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->sidebar_model);
  g_clear_object (&self->sidebar_tools);
  g_clear_pointer (&self->pages, g_hash_table_unref);
}
