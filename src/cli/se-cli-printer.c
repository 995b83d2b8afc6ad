/* se-cli-printer.c: prints the events of a traffic log as they are flushed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "se-cli.h"
#include "se-encoding.h"

/* How the non-blocking mode keeps the listener serving when nobody reads
 * its output:
 *
 * - Lines go into a bounded buffer (SE_CLI_LOG_PRINTER_MAX_PENDING); what
 *   the output does not take at once waits there, and a G_IO_OUT watch on
 *   the fd (installed only while something is pending) writes it later.
 *   When a line does not fit, the whole line is dropped and counted, and
 *   the count is printed before the next line that fits.
 *
 * - Writes must never block, but O_NONBLOCK belongs to the open file
 *   description, which is shared: on a terminal it is the shell's, in a
 *   pipeline it may be another writer's, and a flag left behind by a
 *   crash or SIGKILL would break them. So, in order of preference:
 *   a socket gets send (MSG_DONTWAIT), which changes no flag; a pipe or a
 *   terminal is opened again through /proc/self/fd, which gives this
 *   process a description of its own to make non-blocking; only when that
 *   fails (no /proc, a pipe or terminal of another user) is O_NONBLOCK set
 *   on the shared description, and the original flags are put back in
 *   se_cli_log_printer_free(), which listen reaches on SIGINT and SIGTERM
 *   too. Regular files and other devices never wait for a reader and are
 *   written as they are (opening a file again would lose O_APPEND and the
 *   shared offset).
 */

/* Lines made under one lock of the log: text lines are short, and so
 * are JSON lines with a --data-limit; without one, a JSON line may hold
 * 128 KiB of hex. */
#define LINES_CHUNK 256
#define WHOLE_JSON_LINES_CHUNK 8

/* A line that says how many events were dropped before the next one. */
typedef struct
{
  guint64 end;    /* where it ends, counted in appended */
  guint   count;
} Notice;

struct _SeCliLogPrinter
{
  SeTrafficLog    *log;
  FILE            *stream;
  const SeLogWriter *writer;
  GString         *scratch;        /* the bytes of one event, reused */
  SeCliOutputMode  mode;
  gulong           items_changed_id;
  guint            printed;        /* events [0, printed) are out or counted */

  int              fd;             /* where the lines are written */
  int              private_fd;     /* our own description of a pipe or tty, or -1 */
  int              restore_flags;  /* flags of the shared description to put back, or -1 */
  guint            watch_id;       /* G_IO_OUT on fd, only while something is pending */

  GByteArray      *pending;        /* the bytes not written start at pending_start */
  gsize            pending_start;
  guint64          written;        /* bytes written since the start */
  guint64          appended;       /* bytes appended to pending since the start */
  GArray          *notices;        /* Notice: the notice lines not written yet */
  guint            not_printed;    /* events dropped and not yet said so */
  int              write_errno;    /* once the output fails, nothing more is written */

  char            *encoding;       /* text lines: also the payload decoded in it */
  gsize            data_limit;     /* JSON Lines: payload bytes shown, 0 = all */

  guint            started : 1;
  guint            is_socket : 1;
  guint            drop_printed : 1;  /* forget events once they are out */
};

static gsize
pending_len (SeCliLogPrinter *self)
{
  return self->pending->len - self->pending_start;
}

/* The events that nobody will know of if the pending bytes are never
 * written: those whose line is not (completely) written, and those that
 * the notices not written yet count. */
static guint
pending_lost (SeCliLogPrinter *self)
{
  const guint8 *p = self->pending->data + self->pending_start;
  const guint8 *end = self->pending->data + self->pending->len;
  guint lines = 0;
  guint lost;

  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      lines++;
      p++;
    }

  lost = lines - self->notices->len;
  for (guint i = 0; i < self->notices->len; i++)
    lost += g_array_index (self->notices, Notice, i).count;

  return lost;
}

static void
pending_clear (SeCliLogPrinter *self)
{
  g_byte_array_set_size (self->pending, 0);
  self->pending_start = 0;
  self->written = self->appended;
  g_array_set_size (self->notices, 0);
}

static void
pending_consume (SeCliLogPrinter *self,
                 gsize            n)
{
  guint n_notices = 0;

  self->pending_start += n;
  self->written += n;

  while (n_notices < self->notices->len &&
         g_array_index (self->notices, Notice, n_notices).end <= self->written)
    n_notices++;
  if (n_notices > 0)
    g_array_remove_range (self->notices, 0, n_notices);

  /* Move the rest to the front only when that is cheap compared with
   * what was written, so that a slow reader costs O(n), not O(n²). */
  if (self->pending_start == self->pending->len)
    {
      g_byte_array_set_size (self->pending, 0);
      self->pending_start = 0;
    }
  else if (self->pending_start >= self->pending->len / 2)
    {
      g_byte_array_remove_range (self->pending, 0, self->pending_start);
      self->pending_start = 0;
    }
}

static void
output_setup_nonblocking (SeCliLogPrinter *self)
{
  struct stat st;
  int flags;

  if (fstat (self->fd, &st) != 0)
    return;  /* the writes will fail and say why */

  if (S_ISSOCK (st.st_mode))
    {
      self->is_socket = TRUE;
      return;
    }

  if (S_ISREG (st.st_mode) || S_ISBLK (st.st_mode))
    return;

  if (S_ISFIFO (st.st_mode) || isatty (self->fd))
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/fd/%d", self->fd);
      int fd = open (path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
      struct stat st_new;

      /* The same pipe or terminal, not whatever the path might name now. */
      if (fd >= 0 && fstat (fd, &st_new) == 0 &&
          st_new.st_dev == st.st_dev && st_new.st_ino == st.st_ino &&
          st_new.st_rdev == st.st_rdev)
        {
          self->private_fd = fd;
          self->fd = fd;
          return;
        }
      if (fd >= 0)
        close (fd);
    }

  flags = fcntl (self->fd, F_GETFL);
  if (flags >= 0 && (flags & O_NONBLOCK) == 0 &&
      fcntl (self->fd, F_SETFL, flags | O_NONBLOCK) == 0)
    self->restore_flags = flags;
}

static gssize
output_write (SeCliLogPrinter *self,
              const guint8    *data,
              gsize            len)
{
  if (self->is_socket)
    return send (self->fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);

  return write (self->fd, data, len);
}

static void
output_failed (SeCliLogPrinter *self,
               int              errsv)
{
  g_autofree char *message = NULL;

  /* The lines waiting will never be read: count them, and every later
   * one, as not printed (reported at the end). The sockets go on. */
  self->write_errno = errsv;
  self->not_printed += pending_lost (self);
  pending_clear (self);
  g_clear_handle_id (&self->watch_id, g_source_remove);

  /* TRANSLATORS: %s is why, e.g. "Broken pipe" when the reader has gone */
  message = g_strdup_printf (_("The events are no longer printed: %s"), g_strerror (errsv));
  se_cli_fail (SE_CLI_EXIT_FAILURE, message);
}

/* Writes what the output takes without waiting. FALSE when the output
 * has failed. */
static gboolean
output_write_some (SeCliLogPrinter *self)
{
  while (self->write_errno == 0 && pending_len (self) > 0)
    {
      gssize n = output_write (self, self->pending->data + self->pending_start,
                               pending_len (self));

      if (n > 0)
        pending_consume (self, (gsize) n);
      else if (n < 0 && errno == EINTR)
        continue;
      else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      else
        output_failed (self, n < 0 ? errno : EIO);
    }

  return self->write_errno == 0;
}

/* Writes everything pending, waiting at most timeout_ms (-1: as long as
 * it takes) for the output to take it. TRUE when all is written. */
static gboolean
output_write_all (SeCliLogPrinter *self,
                  int              timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (output_write_some (self) && pending_len (self) > 0)
    {
      struct pollfd pfd = { .fd = self->fd, .events = POLLOUT };
      int wait_ms = -1;

      if (timeout_ms >= 0)
        {
          gint64 left = deadline - g_get_monotonic_time ();

          if (left <= 0)
            return FALSE;
          wait_ms = (int) ((left + G_TIME_SPAN_MILLISECOND - 1) / G_TIME_SPAN_MILLISECOND);
        }

      /* EINTR (a signal) just goes round again; POLLERR or POLLHUP shows
       * up as the error of the next write. */
      if (poll (&pfd, 1, wait_ms) == 0)
        return FALSE;
    }

  return pending_len (self) == 0;
}

static gboolean
output_writable_cb (int           fd,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  SeCliLogPrinter *self = user_data;

  if (output_write_some (self) && pending_len (self) > 0)
    return G_SOURCE_CONTINUE;

  /* All written (the next line brings the count of the dropped ones, if
   * any), or the output has failed. */
  self->watch_id = 0;
  return G_SOURCE_REMOVE;
}

static void
output_flush (SeCliLogPrinter *self)
{
  if (self->mode == SE_CLI_OUTPUT_BLOCKING)
    {
      output_write_all (self, -1);
      return;
    }

  if (output_write_some (self) && pending_len (self) > 0 && self->watch_id == 0)
    self->watch_id = g_unix_fd_add (self->fd, G_IO_OUT, output_writable_cb, self);
}

static void
append_notice (SeCliLogPrinter *self,
               GString         *notice)
{
  /* TRANSLATORS: a line of "listen" when its output is read again after
   * a while; %u is a number of events (log lines) that were dropped */
  g_autofree char *sentence = g_strdup_printf (ngettext ("%u event not printed: the output was not being read",
                                                         "%u events not printed: the output was not being read",
                                                         self->not_printed),
                                               self->not_printed);

  /* In JSON Lines: {"not_printed":N} */
  self->writer->write_count (self->writer, "not_printed", self->not_printed, sentence, notice);
}

/* Queues one event line (len bytes, its newline included), or counts it
 * as not printed when it does not fit. Before it, a line says how many
 * were dropped since the last one that was printed. */
static void
append_event_line (SeCliLogPrinter *self,
                   const char      *line,
                   gsize            len)
{
  g_autoptr(GString) notice = NULL;

  if (self->write_errno != 0)
    {
      self->not_printed++;
      return;
    }

  if (self->not_printed > 0)
    {
      notice = g_string_new (NULL);
      append_notice (self, notice);
    }

  if (self->mode == SE_CLI_OUTPUT_NONBLOCKING &&
      pending_len (self) + len + (notice != NULL ? notice->len : 0) > SE_CLI_LOG_PRINTER_MAX_PENDING)
    {
      /* Full: see whether the output takes what waits now (a file or a
       * reader that keeps up always does; payload lines in JSON can be
       * 128 KiB each). A line is dropped only when the output really is
       * not being read; one larger than the buffer goes when nothing
       * else waits. */
      output_write_some (self);
      if (self->write_errno != 0)
        {
          self->not_printed++;
          return;
        }
      if (pending_len (self) > 0 &&
          pending_len (self) + len + (notice != NULL ? notice->len : 0) > SE_CLI_LOG_PRINTER_MAX_PENDING)
        {
          self->not_printed++;
          return;
        }
    }

  if (notice != NULL)
    {
      Notice written_notice;

      g_byte_array_append (self->pending, (const guint8 *) notice->str, notice->len);
      self->appended += notice->len;
      written_notice.end = self->appended;
      written_notice.count = self->not_printed;
      g_array_append_val (self->notices, written_notice);
      self->not_printed = 0;
    }
  g_byte_array_append (self->pending, (const guint8 *) line, len);
  self->appended += len;
}

static guint
lines_per_chunk (SeCliLogPrinter *self)
{
  if (self->writer->format == SE_EXPORT_JSON_LINES && self->data_limit == 0)
    return WHOLE_JSON_LINES_CHUNK;
  return LINES_CHUNK;
}

/* Queues whole lines (each ending in a newline): at once when they all
 * fit, as they would one by one; otherwise each as append_event_line()
 * decides. */
static void
append_event_lines (SeCliLogPrinter *self,
                    const char      *lines,
                    gsize            len)
{
  const char *end = lines + len;

  if (self->write_errno == 0 && self->not_printed == 0 &&
      (self->mode != SE_CLI_OUTPUT_NONBLOCKING ||
       pending_len (self) + len <= SE_CLI_LOG_PRINTER_MAX_PENDING))
    {
      g_byte_array_append (self->pending, (const guint8 *) lines, len);
      self->appended += len;
      return;
    }

  while (lines < end)
    {
      const char *newline = memchr (lines, '\n', end - lines);
      const char *next = newline != NULL ? newline + 1 : end;

      append_event_line (self, lines, next - lines);
      lines = next;
    }
}

/* --encoding: the line's own preview shows the bytes as UTF-8 (escapes for
 * the rest), so the text in the chosen encoding follows it, as
 * ' gb18030 "你好"', before the newline. */
static void
append_decoded (SeCliLogPrinter *self,
                SeEvent         *event)
{
  GBytes *data = se_event_get_data (event);
  SeEventKind kind = se_event_get_kind (event);
  g_autofree char *text = NULL;
  gboolean newline;
  const guint8 *bytes;
  gsize len;

  if (data == NULL || (kind != SE_EVENT_SEND && kind != SE_EVENT_RECEIVE))
    return;
  bytes = g_bytes_get_data (data, &len);
  if (len == 0)
    return;

  text = se_encoding_decode_preview (self->encoding, bytes, len, SE_CLI_DECODED_PREVIEW_CHARS);
  newline = self->scratch->len > 0 && self->scratch->str[self->scratch->len - 1] == '\n';
  if (newline)
    g_string_truncate (self->scratch, self->scratch->len - 1);
  g_string_append_printf (self->scratch, " %s \"%s\"", self->encoding, text);
  if (newline)
    g_string_append_c (self->scratch, '\n');
}

static void
print_pending (SeCliLogPrinter *self)
{
  GListModel *model = G_LIST_MODEL (self->log);
  guint n_items = g_list_model_get_n_items (model);

  if (!self->started || self->printed >= n_items)
    return;

  for (guint i = self->printed; i < n_items; i++)
    {
      g_autoptr(SeEvent) event = NULL;

      /* No point in formatting what cannot be written. */
      if (self->write_errno != 0)
        {
          self->not_printed += n_items - i;
          break;
        }

      g_string_truncate (self->scratch, 0);

      /* Text and JSON lines are made straight from the log's records, a
       * chunk under one lock: a flood costs no SeEvent per line. The
       * same bytes as the writer's (JSON with "data" cut at
       * --data-limit). Only a text line with --encoding, which adds the
       * payload decoded, is made from the event, below. */
      if (self->writer->format == SE_EXPORT_JSON_LINES || self->encoding == NULL)
        {
          guint n = MIN (lines_per_chunk (self), n_items - i);

          se_traffic_log_append_lines (self->log, self->writer->format, i, n,
                                       self->data_limit, self->scratch);
          append_event_lines (self, self->scratch->str, self->scratch->len);
          i += n - 1;
          continue;
        }

      event = g_list_model_get_item (model, i);
      if (event == NULL)
        continue;

      self->writer->write_event (self->writer, NULL, event, self->scratch);
      append_decoded (self, event);
      append_event_line (self, self->scratch->str, self->scratch->len);
    }
  self->printed = n_items;

  /* One write attempt per batch of events. */
  output_flush (self);

  /* What is written (or counted as not printed) is needed no more: the
   * log keeps only the events still to print. The items-changed this
   * emits moves printed back to 0. */
  if (self->drop_printed && self->printed > 0)
    se_traffic_log_drop_before (self->log, self->printed);
}

static void
log_items_changed_cb (GListModel      *model,
                      guint            position,
                      guint            removed,
                      guint            added,
                      SeCliLogPrinter *self)
{
  /* The log only appends at the end; it removes at the front when it
   * drops its oldest events, and everything when it is cleared. Either
   * way the events before printed that went away move printed down by as
   * many, so that [printed, n_items) stays exactly the ones not printed
   * yet: nothing is printed twice or skipped. (Removed events that were
   * never printed, which can only happen before start, are gone with the
   * log's own decision, not the printer's, and are not counted.) */
  if (removed > 0 && position < self->printed)
    self->printed -= MIN (removed, self->printed - position);

  print_pending (self);
}

SeCliLogPrinter *
se_cli_log_printer_new (SeTrafficLog    *log,
                        SeExportFormat   format,
                        FILE            *stream,
                        SeCliOutputMode  mode)
{
  const SeLogWriter *writer = se_log_writer_get (format);
  SeCliLogPrinter *self;

  /* Lines are counted by their newline: no binary format, no state. */
  g_return_val_if_fail (writer != NULL && !writer->binary && writer->state_new == NULL, NULL);

  self = g_new0 (SeCliLogPrinter, 1);
  self->log = g_object_ref (log);
  self->writer = writer;
  self->scratch = g_string_new (NULL);
  self->mode = mode;
  self->stream = stream;
  self->fd = fileno (stream);
  self->private_fd = -1;
  self->restore_flags = -1;
  self->pending = g_byte_array_new ();
  self->notices = g_array_new (FALSE, FALSE, sizeof (Notice));
  self->items_changed_id = g_signal_connect (log, "items-changed",
                                             G_CALLBACK (log_items_changed_cb),
                                             self);

  return self;
}

void
se_cli_log_printer_set_data_limit (SeCliLogPrinter *self,
                                   gsize            limit)
{
  self->data_limit = limit;
}

void
se_cli_log_printer_set_encoding (SeCliLogPrinter *self,
                                 const char      *encoding_id)
{
  g_free (self->encoding);
  self->encoding = g_strdup (encoding_id);
}

void
se_cli_log_printer_set_drop_printed (SeCliLogPrinter *self,
                                     gboolean         drop_printed)
{
  self->drop_printed = !!drop_printed;
}

void
se_cli_log_printer_start (SeCliLogPrinter *self)
{
  if (!self->started)
    {
      /* Whatever went through stdio (a header) comes first. */
      fflush (self->stream);
      if (self->mode == SE_CLI_OUTPUT_NONBLOCKING)
        output_setup_nonblocking (self);
      self->started = TRUE;
    }

  /* A flush emits items-changed, which prints; print_pending() again in
   * case the flush had nothing new to announce. */
  se_traffic_log_flush (self->log);
  print_pending (self);
}

void
se_cli_log_printer_drain (SeCliLogPrinter *self)
{
  guint lost;

  se_cli_log_printer_start (self);

  /* At the end a listener has nothing left to serve, so waiting is
   * allowed, but not for ever: a reader that has stopped may never come
   * back. */
  output_write_all (self, self->mode == SE_CLI_OUTPUT_BLOCKING
                          ? -1 : SE_CLI_LOG_PRINTER_EXIT_WAIT_MS);
  g_clear_handle_id (&self->watch_id, g_source_remove);

  lost = self->not_printed + pending_lost (self);
  pending_clear (self);
  self->not_printed = 0;
  if (lost > 0)
    {
      g_autofree char *message = NULL;

      if (self->write_errno == EPIPE)
        /* TRANSLATORS: said on exit; %u is a number of events (log lines) */
        message = g_strdup_printf (ngettext ("%u event not printed: the output was closed",
                                             "%u events not printed: the output was closed",
                                             lost),
                                   lost);
      else if (self->write_errno != 0)
        /* TRANSLATORS: said on exit; %u is a number of events (log lines),
         * %s why they could not be written, e.g. "No space left on device" */
        message = g_strdup_printf (ngettext ("%u event not printed: %s",
                                             "%u events not printed: %s",
                                             lost),
                                   lost, g_strerror (self->write_errno));
      else
        /* TRANSLATORS: said on exit; %u is a number of events (log lines) */
        message = g_strdup_printf (ngettext ("%u event not printed: the output was not being read",
                                             "%u events not printed: the output was not being read",
                                             lost),
                                   lost);
      se_cli_fail (SE_CLI_EXIT_FAILURE, message);
    }
}

void
se_cli_log_printer_free (SeCliLogPrinter *self)
{
  if (self == NULL)
    return;

  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (self->private_fd >= 0)
    close (self->private_fd);
  if (self->restore_flags >= 0)
    fcntl (fileno (self->stream), F_SETFL, self->restore_flags);
  g_clear_signal_handler (&self->items_changed_id, self->log);
  g_clear_object (&self->log);
  g_byte_array_unref (self->pending);
  g_array_unref (self->notices);
  g_string_free (self->scratch, TRUE);
  g_free (self->encoding);
  g_free (self);
}
