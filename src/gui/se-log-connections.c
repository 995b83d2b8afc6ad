/* se-log-connections.c: the connections a traffic log has seen, for a filter menu
 *
 * The log view's connection drop-down lists them; the view scans each
 * batch of new events once, and the menu keeps a connection after the log
 * drops its events, so that the user's choice stays in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-log-connections.h"

/* Connection ids read from the log at a time */
#define SCAN_CHUNK 1024

struct _SeLogConnections
{
  GObject        parent_instance;

  GtkStringList *names;  /* "All connections", then each connection */
  GArray        *ids;    /* guint, one per name; 0 for "All connections" */
  GHashTable    *seen;   /* ids */
};

G_DEFINE_FINAL_TYPE (SeLogConnections, se_log_connections, G_TYPE_OBJECT)

static void
se_log_connections_finalize (GObject *object)
{
  SeLogConnections *self = SE_LOG_CONNECTIONS (object);

  g_clear_object (&self->names);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);

  G_OBJECT_CLASS (se_log_connections_parent_class)->finalize (object);
}

static void
se_log_connections_class_init (SeLogConnectionsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = se_log_connections_finalize;
}

static void
se_log_connections_init (SeLogConnections *self)
{
  guint zero = 0;

  self->names = gtk_string_list_new (NULL);
  gtk_string_list_append (self->names, _("All connections"));
  self->ids = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (self->ids, zero);
  self->seen = g_hash_table_new (NULL, NULL);
}

SeLogConnections *
se_log_connections_new (void)
{
  return g_object_new (SE_TYPE_LOG_CONNECTIONS, NULL);
}

GListModel *
se_log_connections_get_model (SeLogConnections *self)
{
  g_return_val_if_fail (SE_IS_LOG_CONNECTIONS (self), NULL);

  return G_LIST_MODEL (self->names);
}

guint
se_log_connections_get_id (SeLogConnections *self,
                           guint             position)
{
  g_return_val_if_fail (SE_IS_LOG_CONNECTIONS (self), 0);

  if (position >= self->ids->len)
    return 0;
  return g_array_index (self->ids, guint, position);
}

void
se_log_connections_reset (SeLogConnections *self)
{
  guint n;

  g_return_if_fail (SE_IS_LOG_CONNECTIONS (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->names));
  gtk_string_list_splice (self->names, 1, n - 1, NULL);
  g_array_set_size (self->ids, 1);
  g_hash_table_remove_all (self->seen);
}

void
se_log_connections_scan (SeLogConnections *self,
                         SeTrafficLog     *log,
                         guint             position,
                         guint             n_items)
{
  guint ids[SCAN_CHUNK];
  guint end;

  g_return_if_fail (SE_IS_LOG_CONNECTIONS (self));
  g_return_if_fail (SE_IS_TRAFFIC_LOG (log));

  end = MIN (position + n_items, g_list_model_get_n_items (G_LIST_MODEL (log)));
  for (guint i = position; i < end; i++)
    {
      g_autoptr(SeEvent) event = NULL;
      guint id;
      const char *peer;
      g_autofree char *name = NULL;

      /* Read from the records, a chunk under one lock of the log: no
       * SeEvent per event of a flood, and no lock per event either (the
       * network thread appends under that lock, a flood 100,000 times a
       * second: a lock per event made the GUI thread wait on it). */
      if ((i - position) % SCAN_CHUNK == 0)
        se_traffic_log_get_connection_ids (log, i, MIN (SCAN_CHUNK, end - i), ids);
      id = ids[(i - position) % SCAN_CHUNK];

      if (id == 0 || g_hash_table_contains (self->seen, GUINT_TO_POINTER (id)))
        continue;

      event = g_list_model_get_item (G_LIST_MODEL (log), i);

      g_hash_table_add (self->seen, GUINT_TO_POINTER (id));
      g_array_append_val (self->ids, id);

      peer = se_event_get_remote (event);
      if (peer[0] == '\0')
        peer = se_event_get_local (event);
      if (peer[0] != '\0')
        /* Translators: a connection in the filter menu: its number and its peer address */
        name = g_strdup_printf (_("#%u %s"), id, peer);
      else
        name = g_strdup_printf ("#%u", id);
      gtk_string_list_append (self->names, name);
    }
}
