/* se-cli-send-file.c: send --file PATH, the bytes of a file through the
 * core's bounded sender (se-sender.c), with progress on standard error
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "se-cli.h"
#include "se-error.h"

struct _SeCliFileSender
{
  GFile             *file;
  SeSender          *sender;
  guint64            size;
  gsize              datagram_size;
  gboolean           progress;
  gboolean           progress_shown;
  gint64             last_progress;
  gulong             done_id;
  gulong             finished_id;
  SeCliFileSenderDone done;
  gpointer           done_data;
};

static void
show_progress (SeCliFileSender *self,
               gboolean         last)
{
  gint64 now = g_get_monotonic_time ();
  guint64 sent = se_sender_get_done (self->sender);

  if (!self->progress || (!last && now - self->last_progress < G_USEC_PER_SEC / 10))
    return;

  self->last_progress = now;
  {
    g_autofree char *sent_text = g_strdup_printf ("%" G_GUINT64_FORMAT, sent);
    g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, self->size);

    g_printerr ("\r");
    /* Translators: "sent 1048576 of 10485760 bytes (10%)", on standard error */
    g_printerr (_("socket-explorer-cli: sent %s of %s bytes (%u%%)"), sent_text, size,
                self->size > 0 ? (guint) (MIN (sent, self->size) * 100 / self->size) : 100u);
  }
  self->progress_shown = TRUE;
  if (last)
    g_printerr ("\n");
}

static void
sender_done_cb (SeSender        *sender,
                GParamSpec      *pspec,
                SeCliFileSender *self)
{
  show_progress (self, FALSE);
}

static void
sender_finished_cb (SeSender        *sender,
                    const GError    *error,
                    SeCliFileSender *self)
{
  g_clear_signal_handler (&self->done_id, sender);
  g_clear_signal_handler (&self->finished_id, sender);
  if (error == NULL)
    show_progress (self, TRUE);
  else if (self->progress_shown)
    g_printerr ("\n");
  self->done (error != NULL ? g_error_copy (error) : NULL, self->done_data);
}

SeCliFileSender *
se_cli_file_sender_new (const char  *path,
                        gsize        datagram_size,
                        gboolean     progress,
                        GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;
  SeCliFileSender *self;

  /* Opened once here, so that a file that is not there is an error
   * before anything connects; the sender opens it again to send. */
  input = g_file_read (file, NULL, error);
  if (input == NULL)
    return NULL;
  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return NULL;

  self = g_new0 (SeCliFileSender, 1);
  self->file = g_steal_pointer (&file);
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
  GError *error = NULL;

  g_return_if_fail (self->sender == NULL);

  self->sender = g_object_ref (se_sender_get_for (G_OBJECT (client), NULL));
  self->done = done;
  self->done_data = done_data;
  self->last_progress = g_get_monotonic_time ();
  self->done_id = g_signal_connect (self->sender, "notify::done", G_CALLBACK (sender_done_cb), self);
  self->finished_id = g_signal_connect (self->sender, "finished", G_CALLBACK (sender_finished_cb), self);

  if (!se_sender_start_file (self->sender, self->file, self->datagram_size, &error))
    {
      g_clear_signal_handler (&self->done_id, self->sender);
      g_clear_signal_handler (&self->finished_id, self->sender);
      done (error, done_data);
    }
}

void
se_cli_file_sender_free (SeCliFileSender *self)
{
  if (self->sender != NULL)
    {
      g_clear_signal_handler (&self->done_id, self->sender);
      g_clear_signal_handler (&self->finished_id, self->sender);
      se_sender_stop (self->sender);
    }
  g_clear_object (&self->sender);
  g_clear_object (&self->file);
  g_free (self);
}
