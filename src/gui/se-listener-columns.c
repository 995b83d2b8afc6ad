/* se-listener-columns.c: the columns of a listener's connections and peers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each column is a spec (title, the properties it shows, how to format
 * them); a cell is a label refreshed when one of those properties of its
 * item (an SeConnectionProxy or an SePeerProxy) changes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-labels.h"
#include "se-listener-columns.h"
#include "se-rate-graph.h"

/* One column of the connections or peers view: the text of a cell, from
 * the item's properties (an SeConnectionProxy or an SePeerProxy), refreshed when
 * one of them changes. */
typedef struct
{
  const char  *title;
  const char  *properties[2];
  char       *(*format) (gpointer item);
  gboolean     expand;
  gboolean     monospace;
} ColumnSpec;

static char *
format_id (gpointer connection)
{
  return g_strdup_printf ("%u", se_connection_proxy_get_id (connection));
}

static char *
format_state (gpointer connection)
{
  return g_strdup (se_labels_connection_state (se_connection_proxy_get_state (connection)));
}

static char *
format_local (gpointer connection)
{
  return g_strdup (se_connection_proxy_get_local_address (connection));
}

static char *
format_remote (gpointer connection)
{
  return g_strdup (se_connection_proxy_get_remote_address (connection));
}

static char *
format_in (gpointer connection)
{
  return se_labels_format_traffic (TRUE, FALSE, se_connection_proxy_get_bytes_received (connection),
                                   se_connection_proxy_get_messages_received (connection));
}

static char *
format_out (gpointer connection)
{
  return se_labels_format_traffic (TRUE, TRUE, se_connection_proxy_get_bytes_sent (connection),
                                   se_connection_proxy_get_messages_sent (connection));
}

/* Bytes per second in and out over the last second (the core's rates). */
static char *
format_rate (gpointer connection)
{
  double in = 0, out = 0;

  g_object_get (connection, "rate-bytes-received", &in, "rate-bytes-sent", &out, NULL);
  return se_rate_graph_format_short (in, out);
}

static const ColumnSpec columns[] = {
  { N_("#"), { "id", NULL }, format_id, FALSE, FALSE },
  { N_("State"), { "state", NULL }, format_state, FALSE, FALSE },
  { N_("Local Address"), { "local-address", NULL }, format_local, TRUE, TRUE },
  { N_("Remote Address"), { "remote-address", NULL }, format_remote, TRUE, TRUE },
  { N_("Received"), { "bytes-received", "messages-received" }, format_in, FALSE, FALSE },
  { N_("Sent"), { "bytes-sent", "messages-sent" }, format_out, FALSE, FALSE },
  { N_("Rate"), { "rate-bytes-received", "rate-bytes-sent" }, format_rate, FALSE, FALSE },
};

static char *
format_peer_address (gpointer peer)
{
  return g_strdup (se_peer_proxy_get_address (peer));
}

static char *
format_peer_in (gpointer peer)
{
  return se_labels_format_traffic (FALSE, FALSE, se_peer_proxy_get_bytes_received (peer),
                                   se_peer_proxy_get_datagrams_received (peer));
}

static char *
format_peer_out (gpointer peer)
{
  return se_labels_format_traffic (FALSE, TRUE, se_peer_proxy_get_bytes_sent (peer),
                                   se_peer_proxy_get_datagrams_sent (peer));
}

/* Datagram peers, with the counters the core keeps for each. */
static const ColumnSpec peer_columns[] = {
  { N_("Remote Address"), { "address", NULL }, format_peer_address, TRUE, TRUE },
  { N_("Received"), { "bytes-received", "datagrams-received" }, format_peer_in, FALSE, FALSE },
  { N_("Sent"), { "bytes-sent", "datagrams-sent" }, format_peer_out, FALSE, FALSE },
};

/* The label of a cell of either view; addresses in monospace */
static GtkWidget *
cell_label_new (gboolean monospace)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  if (monospace)
    gtk_widget_add_css_class (label, "address");

  return label;
}

/* Appends a resizable column whose cells the callbacks make, with data;
 * returns its factory (owned by the column) */
static GtkListItemFactory *
append_column (GtkColumnView *view,
               const char    *title,
               gboolean       expand,
               GCallback      setup,
               GCallback      bind,
               GCallback      unbind,
               gpointer       data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_signal_connect (factory, "setup", setup, data);
  g_signal_connect (factory, "bind", bind, data);
  g_signal_connect (factory, "unbind", unbind, data);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (view, column);

  return factory;
}

static void
cell_refresh (GtkLabel *label)
{
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (label), "se-column");
  gpointer item = g_object_get_data (G_OBJECT (label), "se-item");
  g_autofree char *text = NULL;

  if (item == NULL)
    return;

  text = spec->format (item);
  gtk_label_set_text (label, text);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               const ColumnSpec         *spec)
{
  GtkWidget *label = cell_label_new (spec->monospace);

  g_object_set_data (G_OBJECT (label), "se-column", (gpointer) spec);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              const ColumnSpec         *spec)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *connection = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (label), "se-item", connection);
  for (guint i = 0; i < G_N_ELEMENTS (spec->properties) && spec->properties[i]; i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", spec->properties[i], NULL);

      g_signal_connect_object (connection, signal, G_CALLBACK (cell_refresh),
                               label, G_CONNECT_SWAPPED);
    }
  cell_refresh (GTK_LABEL (label));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                const ColumnSpec         *spec)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GObject *connection = gtk_list_item_get_item (item);

  if (connection != NULL)
    g_signal_handlers_disconnect_by_func (connection, cell_refresh, label);
  g_object_set_data (G_OBJECT (label), "se-item", NULL);
}

static void
add_columns (GtkColumnView    *view,
             const ColumnSpec *specs,
             gsize             n_specs)
{
  for (gsize i = 0; i < n_specs; i++)
    append_column (view, _(specs[i].title), specs[i].expand,
                   G_CALLBACK (cell_setup_cb), G_CALLBACK (cell_bind_cb), G_CALLBACK (cell_unbind_cb),
                   (gpointer) &specs[i]);
}

void
se_listener_columns_add_connections (GtkColumnView *view)
{
  add_columns (view, columns, G_N_ELEMENTS (columns));
}

void
se_listener_columns_add_peers (GtkColumnView *view)
{
  add_columns (view, peer_columns, G_N_ELEMENTS (peer_columns));
}
