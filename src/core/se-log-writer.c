/* se-log-writer.c: the formats a traffic log is written in, one table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-event-private.h"
#include "se-json.h"
#include "se-log-writer-private.h"

/* Helpers */

static void
nothing (const SeLogWriter *writer,
         GString           *out)
{
  /* Text and JSON Lines have no header or trailer. */
}

char *
_se_log_writer_format_dropped (guint64 n_dropped)
{
  /* Plain digits: GLib's printf has no portable grouping. */
  g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, n_dropped);

  /* For plurals, gettext wants big numbers cut down like this. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: %s is a number */
                                       "%s earlier event dropped",
                                       "%s earlier events dropped",
                                       (gulong) (n_dropped > G_MAXULONG ? n_dropped % 1000000 + 1000000 : n_dropped)),
                          number);
}

/* Text */

static void
text_write_event (const SeLogWriter *writer,
                  SeEvent           *event,
                  GString           *out)
{
  g_autofree char *line = se_event_format_text (event);

  g_string_append (out, line);
  g_string_append_c (out, '\n');
}

static void
text_write_dropped (const SeLogWriter *writer,
                    guint64            n_dropped,
                    GString           *out)
{
  g_autofree char *message = _se_log_writer_format_dropped (n_dropped);

  g_string_append (out, message);
  g_string_append_c (out, '\n');
}

static void
text_write_count (const SeLogWriter *writer,
                  const char        *name,
                  guint64            count,
                  const char        *sentence,
                  GString           *out)
{
  g_string_append (out, sentence);
  g_string_append_c (out, '\n');
}

/* JSON Lines */

static void
jsonl_write_event (const SeLogWriter *writer,
                   SeEvent           *event,
                   GString           *out)
{
  _se_event_append_json (event, out);
  g_string_append_c (out, '\n');
}

static void
jsonl_write_count (const SeLogWriter *writer,
                   const char        *name,
                   guint64            count,
                   const char        *sentence,
                   GString           *out)
{
  se_json_append_count (out, name, count);
  g_string_append_c (out, '\n');
}

static void
jsonl_write_dropped (const SeLogWriter *writer,
                     guint64            n_dropped,
                     GString           *out)
{
  jsonl_write_count (writer, "dropped", n_dropped, NULL, out);
}

/* The table, indexed by SeExportFormat. */
static const SeLogWriter writers[] = {
  [SE_EXPORT_TEXT] = {
    .format = SE_EXPORT_TEXT,
    .id = "text",
    .name = N_("Text"),
    .extension = "txt",
    .mime_type = "text/plain",
    .begin = nothing,
    .write_event = text_write_event,
    .write_dropped = text_write_dropped,
    .write_count = text_write_count,
    .end = nothing,
  },
  [SE_EXPORT_JSON_LINES] = {
    .format = SE_EXPORT_JSON_LINES,
    .id = "jsonl",
    .name = N_("JSON Lines"),
    .extension = "jsonl",
    /* No registered type yet; this is the one jsonlines.org suggests. */
    .mime_type = "application/jsonl",
    .begin = nothing,
    .write_event = jsonl_write_event,
    .write_dropped = jsonl_write_dropped,
    .write_count = jsonl_write_count,
    .end = nothing,
  },
};

/* Public API */

guint
se_log_writer_get_n_writers (void)
{
  return G_N_ELEMENTS (writers);
}

const SeLogWriter *
se_log_writer_get (SeExportFormat format)
{
  if ((guint) format >= G_N_ELEMENTS (writers))
    return NULL;

  return &writers[format];
}

const SeLogWriter *
se_log_writer_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (writers); i++)
    if (g_str_equal (writers[i].id, id))
      return &writers[i];

  return NULL;
}

const char *
se_log_writer_get_display_name (const SeLogWriter *writer)
{
  g_return_val_if_fail (writer != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, writer->name);
}
