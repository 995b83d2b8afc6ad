/* se-cli-log-file.c: a traffic log written to a file as events arrive (--pcap)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "se-cli.h"

/* Unlike the printer, this writer waits for the file: a file on a local
 * disk takes what it is given, and a capture with holes would be worth
 * less than one that is a little late. Each batch of events is one
 * write, so a listener killed without warning leaves a file that ends
 * with the last whole batch, which Wireshark reads. */
struct _SeCliLogFile
{
  SeTrafficLog      *log;
  const SeLogWriter *writer;
  gpointer           state;
  char              *path;
  int                fd;
  GString           *buffer;
  gulong             items_changed_id;
  guint              written;        /* events [0, written) are in the file */
  guint64            not_written;    /* events lost to a write error */
  int                write_errno;
};

static void
write_buffer (SeCliLogFile *self)
{
  gsize done = 0;

  while (self->write_errno == 0 && done < self->buffer->len)
    {
      gssize n = write (self->fd, self->buffer->str + done, self->buffer->len - done);

      if (n > 0)
        done += (gsize) n;
      else if (n < 0 && errno == EINTR)
        continue;
      else
        {
          g_autofree char *message = NULL;

          self->write_errno = n < 0 ? errno : EIO;
          /* TRANSLATORS: the first %s is a file name, the second why
           * writing it failed, e.g. "No space left on device" */
          message = g_strdup_printf (_("%s: no more events are written: %s"),
                                     self->path, g_strerror (self->write_errno));
          se_cli_fail (SE_CLI_EXIT_FAILURE, message);
        }
    }
  g_string_truncate (self->buffer, 0);
}

static void
write_pending (SeCliLogFile *self)
{
  GListModel *model = G_LIST_MODEL (self->log);
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = self->written; i < n_items; i++)
    {
      g_autoptr(SeEvent) event = NULL;

      if (self->write_errno != 0)
        {
          self->not_written += n_items - i;
          break;
        }

      event = g_list_model_get_item (model, i);
      if (event != NULL)
        self->writer->write_event (self->writer, self->state, event, self->buffer);
    }
  self->written = MAX (self->written, n_items);

  if (self->buffer->len > 0)
    write_buffer (self);
}

static void
log_items_changed_cb (GListModel   *model,
                      guint         position,
                      guint         removed,
                      guint         added,
                      SeCliLogFile *self)
{
  /* As in the printer: events dropped at the front move the position
   * of those not written yet. Connected before anything that drops
   * events, this sees every new batch before it can go. */
  if (removed > 0 && position < self->written)
    self->written -= MIN (removed, self->written - position);

  write_pending (self);
}

SeCliLogFile *
se_cli_log_file_new (SeTrafficLog    *log,
                     SeExportFormat   format,
                     const char      *path,
                     GError         **error)
{
  const SeLogWriter *writer = se_log_writer_get (format);
  SeCliLogFile *self;
  int fd;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (log), NULL);
  g_return_val_if_fail (writer != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  /* Traffic can be private: a new file is the user's only. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   /* TRANSLATORS: %s is a file name, then why it cannot be written */
                   _("Cannot write %s: %s"), path, g_strerror (errsv));
      return NULL;
    }

  self = g_new0 (SeCliLogFile, 1);
  self->log = g_object_ref (log);
  self->writer = writer;
  self->state = se_log_writer_state_new (writer);
  self->path = g_strdup (path);
  self->fd = fd;
  self->buffer = g_string_sized_new (64 * 1024);

  writer->begin (writer, self->buffer);
  write_buffer (self);

  /* Earlier events (a connect before the file was opened) come first. */
  se_traffic_log_flush (log);
  write_pending (self);
  self->items_changed_id = g_signal_connect (log, "items-changed",
                                             G_CALLBACK (log_items_changed_cb), self);

  return self;
}

void
se_cli_log_file_finish (SeCliLogFile *self)
{
  g_return_if_fail (self != NULL);

  if (self->fd < 0)
    return;

  se_traffic_log_flush (self->log);
  write_pending (self);
  if (self->write_errno == 0)
    {
      self->writer->end (self->writer, self->buffer);
      write_buffer (self);
    }
  if (self->not_written > 0)
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: said on exit; %s is a file name, %u a number of events */
      message = g_strdup_printf (ngettext ("%s: %u event not written",
                                           "%s: %u events not written",
                                           (gulong) MIN (self->not_written, G_MAXUINT)),
                                 self->path, (guint) MIN (self->not_written, G_MAXUINT));
      se_cli_fail (SE_CLI_EXIT_FAILURE, message);
    }
  if (close (self->fd) != 0 && self->write_errno == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s: %s"), self->path, g_strerror (errno));

      se_cli_fail (SE_CLI_EXIT_FAILURE, message);
    }
  self->fd = -1;
  g_clear_signal_handler (&self->items_changed_id, self->log);
}

void
se_cli_log_file_free (SeCliLogFile *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0)
    se_cli_log_file_finish (self);
  g_clear_signal_handler (&self->items_changed_id, self->log);
  se_log_writer_state_free (self->writer, self->state);
  g_clear_object (&self->log);
  g_string_free (self->buffer, TRUE);
  g_free (self->path);
  g_free (self);
}
