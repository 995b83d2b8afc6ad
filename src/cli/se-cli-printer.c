/* se-cli-printer.c: prints the events of a traffic log as they are flushed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "se-cli.h"

struct _SeCliLogPrinter
{
  SeTrafficLog   *log;
  FILE           *stream;
  SeCliLogFormat  format;
  gulong          items_changed_id;
  guint           printed;   /* events [0, printed) are out */
  guint           started : 1;
};

static void
print_pending (SeCliLogPrinter *self)
{
  GListModel *model = G_LIST_MODEL (self->log);
  guint n_items = g_list_model_get_n_items (model);
  g_autoptr(GString) batch = NULL;

  if (!self->started || self->printed >= n_items)
    return;

  batch = g_string_new (NULL);
  for (guint i = self->printed; i < n_items; i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (model, i);
      g_autofree char *line = NULL;

      if (event == NULL)
        continue;

      if (self->format == SE_CLI_LOG_JSON)
        line = se_event_format_json (event);
      else
        line = se_event_format_text (event);

      g_string_append (batch, line);
      g_string_append_c (batch, '\n');
    }
  self->printed = n_items;

  /* One write and one flush per batch of events. */
  fwrite (batch->str, 1, batch->len, self->stream);
  fflush (self->stream);
}

static void
log_items_changed_cb (GListModel      *model,
                      guint            position,
                      guint            removed,
                      guint            added,
                      SeCliLogPrinter *self)
{
  /* The log was cleared or trimmed: carry on from where it changed. */
  if (removed > 0 && position < self->printed)
    self->printed = position;

  print_pending (self);
}

SeCliLogPrinter *
se_cli_log_printer_new (SeTrafficLog   *log,
                        SeCliLogFormat  format,
                        FILE           *stream)
{
  SeCliLogPrinter *self = g_new0 (SeCliLogPrinter, 1);

  self->log = g_object_ref (log);
  self->format = format;
  self->stream = stream;
  self->items_changed_id = g_signal_connect (log, "items-changed",
                                             G_CALLBACK (log_items_changed_cb),
                                             self);

  return self;
}

void
se_cli_log_printer_start (SeCliLogPrinter *self)
{
  self->started = TRUE;
  se_cli_log_printer_drain (self);
}

void
se_cli_log_printer_drain (SeCliLogPrinter *self)
{
  /* A flush emits items-changed, which prints; print_pending() again in
   * case the flush had nothing new to announce. */
  se_traffic_log_flush (self->log);
  print_pending (self);
}

void
se_cli_log_printer_free (SeCliLogPrinter *self)
{
  if (self == NULL)
    return;

  g_clear_signal_handler (&self->items_changed_id, self->log);
  g_clear_object (&self->log);
  g_free (self);
}
