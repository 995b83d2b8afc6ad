/* se-cli-save.c: listen --save-dir, each connection's bytes to its own file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "se-cli.h"

struct _SeCliSaver
{
  char       *dir;
  GHashTable *files;     /* name → FILE*: a connection's, or a datagram peer's */
  GPtrArray  *listeners; /* SeListener, watched */
  GPtrArray  *watched;   /* SeConnection, with our handlers */
  gboolean    failed;    /* a write failed: said once */
};

static void
close_file (gpointer data)
{
  fclose (data);
}

/* "127.0.0.1:5000" → "127.0.0.1_5000": a file name on any file system. */
static char *
file_name_for (const char *prefix,
               const char *peer)
{
  g_autofree char *safe = g_strdup (peer != NULL && peer[0] != '\0' ? peer : "unnamed");

  g_strcanon (safe, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-", '_');
  return g_strdup_printf ("%s%s.bin", prefix, safe);
}

/* The file for name, opened on first use: new, the user's only (it holds
 * captured traffic), never through a symlink. */
static FILE *
open_file (SeCliSaver *self,
           const char *name)
{
  g_autofree char *path = NULL;
  FILE *file = g_hash_table_lookup (self->files, name);
  int fd;

  if (file != NULL)
    return file;

  path = g_build_filename (self->dir, name, NULL);
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 || (file = fdopen (fd, "wb")) == NULL)
    {
      int errsv = errno;

      if (fd >= 0)
        close (fd);
      if (!self->failed)
        g_printerr (_("socket-explorer-cli: cannot write %s: %s; received bytes are not saved\n"),
                    path, g_strerror (errsv));
      self->failed = TRUE;
      return NULL;
    }

  g_hash_table_insert (self->files, g_strdup (name), file);
  return file;
}

static void
append (SeCliSaver *self,
        const char *name,
        GBytes     *data)
{
  gsize len;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  FILE *file = open_file (self, name);

  if (file != NULL && len > 0 && fwrite (bytes, 1, len, file) != len && !self->failed)
    {
      g_printerr (_("socket-explorer-cli: cannot write to %s in %s: %s\n"),
                  name, self->dir, g_strerror (errno));
      self->failed = TRUE;
    }
}

static void
connection_received_cb (SeConnection *connection,
                        GBytes       *data,
                        SeCliSaver   *self)
{
  const char *name = g_object_get_data (G_OBJECT (connection), "se-cli-save-name");

  append (self, name, data);
}

static void
connection_closed_cb (SeConnection *connection,
                      SeCliSaver   *self)
{
  const char *name = g_object_get_data (G_OBJECT (connection), "se-cli-save-name");

  /* Complete on disk once the connection is over; a connection that sent
   * nothing has no file. */
  g_hash_table_remove (self->files, name);
}

static void
watch_connection (SeCliSaver   *self,
                  SeConnection *connection)
{
  g_autofree char *prefix = g_strdup_printf ("conn-%u-", se_connection_get_id (connection));

  g_object_set_data_full (G_OBJECT (connection), "se-cli-save-name",
                          file_name_for (prefix, se_connection_get_remote_address (connection)),
                          g_free);
  g_signal_connect (connection, "received", G_CALLBACK (connection_received_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (connection_closed_cb), self);
  g_ptr_array_add (self->watched, g_object_ref (connection));
}

static void
connections_changed_cb (GListModel *connections,
                        guint       position,
                        guint       removed,
                        guint       added,
                        SeCliSaver *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SeConnection) connection = g_list_model_get_item (connections, i);

      if (!g_ptr_array_find (self->watched, connection, NULL))
        watch_connection (self, connection);
    }
}

static void
datagram_received_cb (SeListener *listener,
                      GBytes     *data,
                      const char *from,
                      SeCliSaver *self)
{
  g_autofree char *name = file_name_for ("from-", from);

  append (self, name, data);
}

SeCliSaver *
se_cli_saver_new (const char  *dir,
                  GError     **error)
{
  SeCliSaver *self;

  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("Cannot use “%s” to save received bytes: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  self = g_new0 (SeCliSaver, 1);
  self->dir = g_strdup (dir);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, close_file);
  self->listeners = g_ptr_array_new_with_free_func (g_object_unref);
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

void
se_cli_saver_watch (SeCliSaver *self,
                    SeListener *listener)
{
  GListModel *connections = se_listener_get_connections (listener);

  g_signal_connect (connections, "items-changed", G_CALLBACK (connections_changed_cb), self);
  g_signal_connect (listener, "datagram-received", G_CALLBACK (datagram_received_cb), self);
  g_ptr_array_add (self->listeners, g_object_ref (listener));
}

void
se_cli_saver_free (SeCliSaver *self)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      SeListener *listener = g_ptr_array_index (self->listeners, i);

      g_signal_handlers_disconnect_by_data (se_listener_get_connections (listener), self);
      g_signal_handlers_disconnect_by_data (listener, self);
    }
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_unref (self->watched);
  g_ptr_array_unref (self->listeners);
  g_hash_table_unref (self->files);
  g_free (self->dir);
  g_free (self);
}
