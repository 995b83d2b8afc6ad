/* se-traffic-log-export.c: writing the traffic log to a stream or a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export reads a snapshot of the store (see se-log-store-private.h),
 * on a worker thread for a file, while the log goes on.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>

#include "se-error.h"
#include "se-log-writer.h"
#include "se-traffic-log-private.h"

#define EXPORT_BUFFER_SIZE  (64 * 1024)

typedef struct
{
  SeLogSnapshot     *snapshot;
  GFile             *file;
  SeExportFormat     format;
  SeEventFilterFunc  filter;          /* NULL: every event */
  gpointer           filter_data;
  GDestroyNotify     filter_data_free;
} ExportJob;

static gboolean
snapshot_write (SeLogSnapshot     *snapshot,
                SeExportFormat     format,
                SeEventFilterFunc  filter,
                gpointer           filter_data,
                GOutputStream     *stream,
                GCancellable   *cancellable,
                GError        **error)
{
  const SeLogWriter *writer = se_log_writer_get (format);
  g_autoptr(GString) buffer = g_string_sized_new (EXPORT_BUFFER_SIZE + 1024);
  gpointer state = se_log_writer_state_new (writer);
  gboolean ok = FALSE;

  writer->begin (writer, buffer);

  /* Nothing is lost silently: the file says what it does not hold. */
  if (snapshot->first > 0)
    writer->write_dropped (writer, snapshot->first, buffer);

  for (guint64 seq = snapshot->first; seq < snapshot->end; seq++)
    {
      /* All of it as text: straight from the records, the same lines as
       * the text writer's without an SeEvent each. */
      if (filter == NULL && format == SE_EXPORT_TEXT)
        {
          _se_log_snapshot_append_text (snapshot, seq, buffer);
          g_string_append_c (buffer, '\n');
        }
      else
        {
          g_autoptr(SeEvent) event = _se_log_snapshot_get_event (snapshot, seq);

          if (filter != NULL && !filter (event, filter_data))
            continue;
          writer->write_event (writer, state, event, buffer);
        }

      if (buffer->len >= EXPORT_BUFFER_SIZE)
        {
          /* Not every stream looks at the cancellable. */
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
            goto out;
          g_string_truncate (buffer, 0);
        }
    }

  writer->end (writer, buffer);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (buffer->len > 0 &&
      !g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, error))
    goto out;

  ok = g_output_stream_flush (stream, cancellable, error);

out:
  se_log_writer_state_free (writer, state);
  return ok;
}

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_pointer (&job->snapshot, _se_log_snapshot_free);
  g_clear_object (&job->file);
  if (job->filter_data_free != NULL)
    g_clear_pointer (&job->filter_data, job->filter_data_free);
  g_free (job);
}

/* what says what failed, with the file's name for display. */
static void
set_file_error (GError     **error,
                int          errsv,
                const char  *what)
{
  /* Translators: what failed, then why, then an errno name such as
   * EACCES, e.g. "Could not create a file in “/tmp”: Permission denied (EACCES)" */
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), _("%s: %s (%s)"),
               what, g_strerror (errsv), se_errno_name (errsv));
}

/* Writes the export next to the target in a new file only the user can
 * read (the log holds other people's traffic), then renames it over the
 * target: the target is either the old file or the whole new one, never
 * half written; a symbolic link there is replaced, not followed; and on
 * failure or cancel nothing is left behind. */
static gboolean
export_to_path (ExportJob     *job,
                const char    *path,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *temp_path = g_build_filename (dir, name, NULL);
  g_autoptr(GOutputStream) stream = NULL;
  int fd;
  int dir_fd;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_autofree char *display = g_filename_display_name (dir);
      /* Translators: %s is a folder */
      g_autofree char *what = g_strdup_printf (_("Could not create a file in “%s”"), display);

      set_file_error (error, errsv, what);
      return FALSE;
    }

  stream = g_unix_output_stream_new (fd, TRUE);

  if (!snapshot_write (job->snapshot, job->format, job->filter, job->filter_data,
                       stream, cancellable, error))
    goto fail;

  /* The data reach the disk before the name points at them, so a crash
   * does not leave an empty file where the old one was. */
  if (fsync (fd) != 0)
    {
      int errsv = errno;

      g_autofree char *display = g_filename_display_name (path);
      /* Translators: %s is a file name */
      g_autofree char *what = g_strdup_printf (_("Could not write “%s”"), display);

      set_file_error (error, errsv, what);
      goto fail;
    }

  if (!g_output_stream_close (stream, NULL, error))
    goto fail;

  /* The last chance to cancel without touching the target. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;

  if (rename (temp_path, path) != 0)
    {
      int errsv = errno;

      g_autofree char *display = g_filename_display_name (path);
      /* Translators: %s is a file name */
      g_autofree char *what = g_strdup_printf (_("Could not replace “%s”"), display);

      set_file_error (error, errsv, what);
      goto fail;
    }

  /* And the new name reaches the disk; failing here loses nothing that
   * was not written already. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }

  return TRUE;

fail:
  g_output_stream_close (stream, NULL, NULL);
  g_unlink (temp_path);
  return FALSE;
}

/* For a file with no local path (a remote location): GIO's own replace,
 * which also writes a temporary file where it can. */
static gboolean
export_to_file (ExportJob     *job,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;

  stream = g_file_replace (job->file, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  if (stream == NULL)
    return FALSE;

  if (!snapshot_write (job->snapshot, job->format, job->filter, job->filter_data,
                       G_OUTPUT_STREAM (stream), cancellable, error))
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      /* Closing with a cancelled cancellable leaves the file it was
       * replacing in place (GIO discards its temporary file). */
      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      return FALSE;
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autofree char *path = g_file_get_path (job->file);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (path != NULL)
    ok = export_to_path (job, path, cancellable, &error);
  else
    ok = export_to_file (job, cancellable, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* The worker's task has no source object, so the last reference to it may
 * go away on the worker thread without taking the log with it; the
 * caller's task is completed here, on the log's main context. */
static void
export_thread_done_cb (GObject      *source_object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * se_traffic_log_write:
 * @self: an #SeTrafficLog
 * @format: a format of the writer table (se-log-writer.h)
 * @stream: where to write; it is flushed, not closed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Writes every event in the log (also those not yet flushed to the
 * views), one line each, after a line saying how many earlier events were
 * dropped if any were (in JSON Lines: {"dropped":N}). This blocks on @stream: on the main thread use
 * it only for streams that do not block (memory, a pipe to a CLI);
 * for files use se_traffic_log_export_async().
 *
 * Returns: %TRUE on success
 */
gboolean
se_traffic_log_write (SeTrafficLog   *self,
                      SeExportFormat  format,
                      GOutputStream  *stream,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(SeLogSnapshot) snapshot = NULL;

  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), FALSE);
  g_return_val_if_fail (se_log_writer_get (format) != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  snapshot = _se_traffic_log_snapshot (self);

  return snapshot_write (snapshot, format, NULL, NULL, stream, cancellable, error);
}

/**
 * se_traffic_log_export_async:
 * @self: an #SeTrafficLog
 * @file: the file to write (replaced if it exists, see below)
 * @format: a format of the writer table (se-log-writer.h)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the current thread-default main context when done
 * @user_data: data for @callback
 *
 * Writes the events in the log at this call to @file on a worker
 * thread, as se_traffic_log_write() does. Appending, flushing, dropping
 * and clearing meanwhile is safe and does not change what is written.
 *
 * A local @file is written as a new file readable by the user only (mode
 * 0600), next to it, then renamed over it: a symbolic link at @file is
 * replaced, not followed, and on error or cancel @file is left as it was
 * with nothing new beside it.
 */
void
se_traffic_log_export_async (SeTrafficLog        *self,
                             GFile               *file,
                             SeExportFormat       format,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  se_traffic_log_export_filtered_async (self, file, format, NULL, NULL, NULL,
                                        cancellable, callback, user_data);
}

/**
 * se_traffic_log_export_filtered_async:
 * @filter: (nullable): which events to write, called on the worker thread
 * @filter_data: for @filter; freed with @filter_data_free on any thread
 *
 * The same as se_traffic_log_export_async(), with only the events for
 * which @filter returns %TRUE (the rows a view shows). The dropped note
 * stays: those events are not in the file either way.
 * se_traffic_log_export_finish() gives the outcome.
 */
void
se_traffic_log_export_filtered_async (SeTrafficLog        *self,
                                      GFile               *file,
                                      SeExportFormat       format,
                                      SeEventFilterFunc    filter,
                                      gpointer             filter_data,
                                      GDestroyNotify       filter_data_free,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  ExportJob *job;

  g_return_if_fail (SE_IS_TRAFFIC_LOG (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (se_log_writer_get (format) != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, se_traffic_log_export_async);
  g_task_set_name (task, "[socket-explorer] se_traffic_log_export_async");

  job = g_new0 (ExportJob, 1);
  job->snapshot = _se_traffic_log_snapshot (self);
  job->file = g_object_ref (file);
  job->format = format;
  job->filter = filter;
  job->filter_data = filter_data;
  job->filter_data_free = filter_data_free;

  worker = g_task_new (NULL, cancellable, export_thread_done_cb, g_steal_pointer (&task));
  g_task_set_name (worker, "[socket-explorer] traffic log export thread");
  g_task_set_task_data (worker, job, export_job_free);
  g_task_run_in_thread (worker, export_thread);
}

gboolean
se_traffic_log_export_finish (SeTrafficLog  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (SE_IS_TRAFFIC_LOG (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == se_traffic_log_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
