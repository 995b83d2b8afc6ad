/* se-cli-send-file.c: send --file PATH, the bytes of a file through the
 * send queue, with progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "se-cli.h"

/* A stream gets the file in reads of this size, and never more than
 * QUEUE_HIGH bytes wait in its send queue (the queue holds 4 MiB at most):
 * a file of any size goes out in bounded memory. */
#define CHUNK       (64 * 1024)
#define QUEUE_HIGH  (1024 * 1024)
/* Datagrams sent per main-loop iteration. */
#define DATAGRAM_BATCH 32

struct _SeCliFileSender
{
  SeClient          *client;
  SeConnection      *connection;  /* streams */
  GFileInputStream  *input;
  char              *path;
  guint64            size;
  guint64            sent;
  gsize              datagram_size;
  gboolean           progress;
  gboolean           progress_shown;
  gint64             last_progress;
  gulong             queued_id;
  guint              idle_id;
  SeCliFileSenderDone done;
  gpointer           done_data;
  gboolean           finished;
  gboolean           pumping;     /* a send notifies queued-bytes from inside */
};

static void
show_progress (SeCliFileSender *self,
               gboolean         last)
{
  gint64 now = g_get_monotonic_time ();

  if (!self->progress || (!last && now - self->last_progress < G_USEC_PER_SEC / 10))
    return;

  self->last_progress = now;
  {
    g_autofree char *sent = g_strdup_printf ("%" G_GUINT64_FORMAT, self->sent);
    g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, self->size);

    g_printerr ("\r");
    /* Translators: "sent 1048576 of 10485760 bytes (10%)", on standard error */
    g_printerr (_("socket-explorer-cli: sent %s of %s bytes (%u%%)"), sent, size,
                self->size > 0 ? (guint) (self->sent * 100 / self->size) : 100u);
  }
  self->progress_shown = TRUE;
  if (last)
    g_printerr ("\n");
}

static void
complete (SeCliFileSender *self,
          GError          *error)
{
  if (self->finished)
    {
      g_clear_error (&error);
      return;
    }

  self->finished = TRUE;
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->connection != NULL)
    g_clear_signal_handler (&self->queued_id, self->connection);
  if (error == NULL)
    show_progress (self, TRUE);
  else if (self->progress_shown)
    g_printerr ("\n");
  self->done (error, self->done_data);
}

/* One read of the file: NULL at the end (*error unset) or on failure. */
static GBytes *
read_chunk (SeCliFileSender  *self,
            gsize             size,
            GError          **error)
{
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes (G_INPUT_STREAM (self->input), size, NULL, error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return NULL;
  return g_steal_pointer (&bytes);
}

/* Streams: fills the queue up to QUEUE_HIGH; called again when it drains. */
static void
pump_stream (SeCliFileSender *self)
{
  if (self->pumping)
    return;

  self->pumping = TRUE;
  while (!self->finished && se_connection_get_queued_bytes (self->connection) < QUEUE_HIGH)
    {
      GError *error = NULL;
      g_autoptr(GBytes) chunk = read_chunk (self, CHUNK, &error);

      if (chunk == NULL || !se_client_send (self->client, chunk, &error))
        {
          self->pumping = FALSE;
          complete (self, error);
          return;
        }
      self->sent += g_bytes_get_size (chunk);
      show_progress (self, FALSE);
    }
  self->pumping = FALSE;
}

static void
queued_changed_cb (SeConnection    *connection,
                   GParamSpec      *pspec,
                   SeCliFileSender *self)
{
  pump_stream (self);
}

/* Datagrams: one datagram per read of datagram_size, a batch per turn of
 * the loop so that replies and signals are served in between. */
static gboolean
pump_datagrams_cb (gpointer user_data)
{
  SeCliFileSender *self = user_data;

  for (guint i = 0; i < DATAGRAM_BATCH && !self->finished; i++)
    {
      GError *error = NULL;
      g_autoptr(GBytes) chunk = read_chunk (self, self->datagram_size, &error);

      if (chunk == NULL || !se_client_send (self->client, chunk, &error))
        {
          self->idle_id = 0;
          complete (self, error);
          return G_SOURCE_REMOVE;
        }
      self->sent += g_bytes_get_size (chunk);
    }
  show_progress (self, FALSE);
  return G_SOURCE_CONTINUE;
}

SeCliFileSender *
se_cli_file_sender_new (const char  *path,
                        gsize        datagram_size,
                        gboolean     progress,
                        GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  SeCliFileSender *self;

  input = g_file_read (file, NULL, error);
  if (input == NULL)
    return NULL;
  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return NULL;

  self = g_new0 (SeCliFileSender, 1);
  self->input = g_steal_pointer (&input);
  self->path = g_strdup (path);
  self->size = (guint64) g_file_info_get_size (info);
  self->datagram_size = datagram_size;
  self->progress = progress;
  return self;
}

guint64
se_cli_file_sender_get_size (SeCliFileSender *self)
{
  return self->size;
}

void
se_cli_file_sender_start (SeCliFileSender     *self,
                          SeClient            *client,
                          SeCliFileSenderDone  done,
                          gpointer             done_data)
{
  g_return_if_fail (self->client == NULL);

  self->client = g_object_ref (client);
  self->done = done;
  self->done_data = done_data;
  self->last_progress = g_get_monotonic_time ();

  if (se_endpoint_is_stream (se_client_get_target (client)))
    {
      self->connection = g_object_ref (se_client_get_connection (client));
      self->queued_id = g_signal_connect (self->connection, "notify::queued-bytes",
                                          G_CALLBACK (queued_changed_cb), self);
      pump_stream (self);
    }
  else
    {
      self->idle_id = g_idle_add (pump_datagrams_cb, self);
    }
}

void
se_cli_file_sender_free (SeCliFileSender *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->connection != NULL)
    g_clear_signal_handler (&self->queued_id, self->connection);
  g_clear_object (&self->connection);
  g_clear_object (&self->client);
  g_clear_object (&self->input);
  g_free (self->path);
  g_free (self);
}
