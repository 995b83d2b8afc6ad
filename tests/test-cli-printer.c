/* test-cli-printer.c: the CLI's log printer, blocking (send) and
 * non-blocking (listen), and how it follows a log that removes events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "se-cli.h"

typedef struct
{
  int   fds[2];  /* a pipe: the printer writes fds[1] through stream */
  FILE *stream;
} Output;

static void
output_open (Output *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_unix_open_pipe (out->fds, FD_CLOEXEC, &error));
  g_assert_no_error (error);
  g_assert_true (g_unix_set_fd_nonblocking (out->fds[0], TRUE, &error));
  out->stream = fdopen (out->fds[1], "w");
  g_assert_nonnull (out->stream);
}

static void
output_close (Output *out)
{
  fclose (out->stream);
  close (out->fds[0]);
}

/* Everything the pipe holds now. */
static char *
output_read (Output *out)
{
  GString *text = g_string_new (NULL);
  char buffer[65536];
  gssize n;

  while ((n = read (out->fds[0], buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  g_assert_true (n == 0 || errno == EAGAIN);

  return g_string_free (text, FALSE);
}

static void
append_event (SeTrafficLog *log,
              const char   *detail)
{
  se_traffic_log_append (log, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1,
                         "127.0.0.1:1", "127.0.0.1:2", 5,
                         (const guint8 *) "hello", 5, detail);
}

/* The details of the JSON lines, one per line, joined with spaces. */
static char *
details_of (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) details = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *detail = strstr (lines[i], "\"detail\":\"");
      const char *end;

      if (lines[i][0] == '\0')
        continue;
      g_assert_nonnull (detail);
      detail += strlen ("\"detail\":\"");
      end = strchr (detail, '"');
      g_assert_nonnull (end);
      if (details->len > 0)
        g_string_append_c (details, ' ');
      g_string_append_len (details, detail, end - detail);
    }

  return g_strdup (details->str);
}

static void
test_clear (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeCliLogPrinter) printer = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *details = NULL;
  Output out;

  output_open (&out);
  printer = se_cli_log_printer_new (log, SE_EXPORT_JSON_LINES, out.stream, SE_CLI_OUTPUT_BLOCKING);

  append_event (log, "a");
  append_event (log, "b");
  se_cli_log_printer_start (printer);
  append_event (log, "c");
  se_traffic_log_flush (log);
  before = output_read (&out);
  details = details_of (before);
  g_assert_cmpstr (details, ==, "a b c");
  g_clear_pointer (&details, g_free);

  /* After a clear, the new events print once: none of the old ones again,
   * none of the new ones skipped. */
  se_traffic_log_clear (log);
  append_event (log, "d");
  append_event (log, "e");
  se_traffic_log_flush (log);
  append_event (log, "f");
  se_cli_log_printer_drain (printer);
  after = output_read (&out);
  details = details_of (after);
  g_assert_cmpstr (details, ==, "d e f");

  g_clear_pointer (&printer, se_cli_log_printer_free);
  output_close (&out);
}

typedef struct
{
  int      fd;
  GString *text;
} SlowReader;

static gpointer
slow_reader_thread (gpointer data)
{
  SlowReader *reader = data;
  char buffer[1000];

  for (;;)
    {
      struct pollfd pfd = { .fd = reader->fd, .events = POLLIN };
      gssize n;

      g_assert_cmpint (poll (&pfd, 1, 10000), ==, 1);
      n = read (reader->fd, buffer, sizeof buffer);
      if (n == 0)
        break;
      if (n < 0)
        {
          g_assert_cmpint (errno, ==, EAGAIN);
          continue;
        }
      g_string_append_len (reader->text, buffer, n);
      g_usleep (200);
    }

  return NULL;
}

/* send: the output waits for the reader, even when stdout was handed over
 * non-blocking; nothing is dropped. */
static void
test_blocking_waits (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeCliLogPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  SlowReader reader;
  GThread *thread;
  Output out;
  const guint n_events = 3000;

  output_open (&out);
  g_assert_true (g_unix_set_fd_nonblocking (out.fds[1], TRUE, &error));
  g_assert_no_error (error);
  reader.fd = out.fds[0];
  reader.text = g_string_new (NULL);
  thread = g_thread_new ("slow-reader", slow_reader_thread, &reader);

  printer = se_cli_log_printer_new (log, SE_EXPORT_JSON_LINES, out.stream, SE_CLI_OUTPUT_BLOCKING);
  se_cli_log_printer_start (printer);
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *detail = g_strdup_printf ("%u", i);

      append_event (log, detail);
      if (i % 100 == 99)
        se_traffic_log_flush (log);
    }
  se_cli_log_printer_drain (printer);
  g_clear_pointer (&printer, se_cli_log_printer_free);
  fclose (out.stream);  /* the reader sees the end */
  g_thread_join (thread);
  close (out.fds[0]);

  g_assert_null (strstr (reader.text->str, "not_printed"));
  lines = g_strsplit (reader.text->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n_events + 1);
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *index = g_strdup_printf ("{\"index\":%u,", i);

      g_assert_true (g_str_has_prefix (lines[i], index));
    }
  g_string_free (reader.text, TRUE);
}

/* listen: with nobody reading, appending returns at once; the events that
 * do not fit are counted, and the count comes before the next event once
 * the output is read again. */
static void
test_nonblocking_counts (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeCliLogPrinter) printer = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  guint64 expected = 0, dropped = 0;
  gint64 deadline;
  Output out;
  const guint n_events = 10000;  /* about 2.5 MiB of lines */

  output_open (&out);
  printer = se_cli_log_printer_new (log, SE_EXPORT_JSON_LINES, out.stream, SE_CLI_OUTPUT_NONBLOCKING);
  se_cli_log_printer_start (printer);
  for (guint i = 0; i < n_events; i++)
    {
      g_autofree char *detail = g_strdup_printf ("%u", i);

      append_event (log, detail);
      if (i % 100 == 99)
        se_traffic_log_flush (log);
    }
  se_traffic_log_flush (log);

  /* Read again; the watch writes the rest. */
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  for (;;)
    {
      g_autofree char *chunk = output_read (&out);

      g_string_append (text, chunk);
      if (chunk[0] == '\0' && !g_main_context_pending (NULL))
        break;
      g_main_context_iteration (NULL, FALSE);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  g_assert_null (strstr (text->str, "not_printed"));

  append_event (log, "after");
  se_traffic_log_flush (log);
  {
    g_autofree char *chunk = output_read (&out);

    g_string_append (text, chunk);
  }

  lines = g_strsplit (text->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      guint64 n;

      if (sscanf (lines[i], "{\"not_printed\":%" G_GUINT64_FORMAT "}", &n) == 1)
        {
          g_assert_cmpuint (n, >, 0);
          expected += n;
          dropped += n;
        }
      else
        {
          g_autofree char *index = g_strdup_printf ("{\"index\":%" G_GUINT64_FORMAT ",", expected);

          g_assert_true (g_str_has_prefix (lines[i], index));
          expected++;
        }
    }
  g_assert_cmpuint (dropped, >, 0);
  g_assert_cmpuint (expected, ==, n_events + 1);
  g_assert_nonnull (strstr (text->str, "\"detail\":\"after\""));

  g_clear_pointer (&printer, se_cli_log_printer_free);
  output_close (&out);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-printer/clear", test_clear);
  g_test_add_func ("/cli-printer/blocking-waits", test_blocking_waits);
  g_test_add_func ("/cli-printer/nonblocking-counts", test_nonblocking_counts);

  return g_test_run ();
}
