/* se-log-writer.c: the formats a traffic log is written in, one table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-event-private.h"
#include "se-json.h"
#include "se-log-writer-private.h"
#include "se-pcapng-private.h"

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
                  gpointer           state,
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
                   gpointer           state,
                   SeEvent           *event,
                   GString           *out)
{
  se_event_append_json (event, 0, out);
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

/* pcapng (se-pcapng.c): a section header, then one interface for TCP
 * and UDP as synthetic IP packets and one for Unix sockets as
 * Wireshark's exported PDUs, then the packets. */

static void
pcapng_begin (const SeLogWriter *writer,
              GString           *out)
{
  _se_pcapng_append_section_header (out, PACKAGE_NAME " " PACKAGE_VERSION);
  _se_pcapng_append_interface (out, SE_PCAPNG_LINKTYPE_RAW, "ip",
                               "TCP and UDP: the payloads of the log, with synthetic IP, TCP and UDP headers");
  _se_pcapng_append_interface (out, SE_PCAPNG_LINKTYPE_UPPER_PDU, "unix",
                               "Unix sockets: the payloads of the log as exported PDUs");
}

static void
pcapng_write_event (const SeLogWriter *writer,
                    gpointer           state,
                    SeEvent           *event,
                    GString           *out)
{
  _se_pcapng_write_event (state, event, out);
}

/* Counts go in interface statistics blocks, with the sentence as their
 * comment; earlier events dropped are also the interface's drop count.
 * Their time is 0, "not known": a block about the file as a whole, and
 * the same file twice from the same log is the same bytes. */
static void
pcapng_write_count (const SeLogWriter *writer,
                    const char        *name,
                    guint64            count,
                    const char        *sentence,
                    GString           *out)
{
  _se_pcapng_append_statistics (out, SE_PCAPNG_INTERFACE_IP, 0, 0,
                                sentence != NULL ? sentence : name);
}

static void
pcapng_write_dropped (const SeLogWriter *writer,
                      guint64            n_dropped,
                      GString           *out)
{
  g_autofree char *message = _se_log_writer_format_dropped (n_dropped);

  _se_pcapng_append_statistics (out, SE_PCAPNG_INTERFACE_IP, 0, n_dropped, message);
}

static gpointer
pcapng_state_new (void)
{
  return _se_pcapng_state_new ();
}

static void
pcapng_state_free (gpointer state)
{
  _se_pcapng_state_free (state);
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
  [SE_EXPORT_PCAPNG] = {
    .format = SE_EXPORT_PCAPNG,
    .id = "pcapng",
    .name = N_("pcapng (Wireshark)"),
    .extension = "pcapng",
    .mime_type = "application/x-pcapng",
    .binary = TRUE,
    .state_new = pcapng_state_new,
    .state_free = pcapng_state_free,
    .begin = pcapng_begin,
    .write_event = pcapng_write_event,
    .write_dropped = pcapng_write_dropped,
    .write_count = pcapng_write_count,
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

gpointer
se_log_writer_state_new (const SeLogWriter *writer)
{
  g_return_val_if_fail (writer != NULL, NULL);

  return writer->state_new != NULL ? writer->state_new () : NULL;
}

void
se_log_writer_state_free (const SeLogWriter *writer,
                          gpointer           state)
{
  g_return_if_fail (writer != NULL);

  if (state != NULL && writer->state_free != NULL)
    writer->state_free (state);
}
