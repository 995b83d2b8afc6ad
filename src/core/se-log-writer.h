/* se-log-writer.h: the formats a traffic log is written in, one table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-event.h"
#include "se-traffic-log.h"

G_BEGIN_DECLS

typedef struct _SeLogWriter SeLogWriter;

/* One format of a written log: the export of the window, the log of the
 * CLI and se_traffic_log_write() all go through this table, so a format
 * is added here once. A writer appends bytes to a GString (binary-safe:
 * a binary format such as pcapng appends with g_string_append_len()); it
 * does not assume one line per event, though text and JSON Lines write
 * exactly that, newline included. A file is begin, then the dropped note
 * if any, the events, then end. Text and JSON Lines keep no state;
 * pcapng counts TCP sequence numbers from one event to the next, in a
 * state made once per file with se_log_writer_state_new(). */
struct _SeLogWriter
{
  SeExportFormat  format;      /* its index in the table */
  const char     *id;          /* "text", "jsonl": stable, for choices and options */
  const char     *name;        /* untranslated; see se_log_writer_get_display_name() */
  const char     *extension;   /* without the dot: "txt" */
  const char     *mime_type;
  gboolean        binary;      /* not lines of text: pcapng */

  /* The state of one file, or NULL for a writer without any. */
  gpointer (*state_new)  (void);
  void     (*state_free) (gpointer state);

  /* What comes before everything (a file header); may append nothing. */
  void (*begin)         (const SeLogWriter *writer,
                         GString           *out);
  /* The bytes of one event (none for an event the format has no place
   * for); state is the file's, NULL for a writer without state. */
  void (*write_event)   (const SeLogWriter *writer,
                         gpointer           state,
                         SeEvent           *event,
                         GString           *out);
  /* Says that n_dropped (> 0) earlier events are not in the file:
   * "N earlier events dropped", {"dropped":N}. */
  void (*write_dropped) (const SeLogWriter *writer,
                         guint64            n_dropped,
                         GString           *out);
  /* A count of something else than events, under a name a program can
   * read: in text the sentence, in JSON Lines {"name":count}. The CLI
   * says this way how many events it could not print. */
  void (*write_count)   (const SeLogWriter *writer,
                         const char        *name,
                         guint64            count,
                         const char        *sentence,
                         GString           *out);
  /* What comes after everything; may append nothing. */
  void (*end)           (const SeLogWriter *writer,
                         GString           *out);
};

/* The number of writers; SeExportFormat values are 0 … n - 1. */
guint              se_log_writer_get_n_writers     (void);
/* NULL for a value out of range. */
const SeLogWriter *se_log_writer_get               (SeExportFormat     format);
/* By id ("text", "jsonl"); NULL if there is none. */
const SeLogWriter *se_log_writer_lookup            (const char        *id);
/* The name for people, translated: "Text", "JSON Lines". */
const char        *se_log_writer_get_display_name  (const SeLogWriter *writer);
/* What write_event() needs for one file (NULL for a writer without
 * state), and its end. */
gpointer           se_log_writer_state_new         (const SeLogWriter *writer);
void               se_log_writer_state_free        (const SeLogWriter *writer,
                                                    gpointer           state);

G_END_DECLS
