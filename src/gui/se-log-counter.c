/* se-log-counter.c: the line under the log that counts its events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "se-log-counter.h"

static char *
format_count (guint n)
{
  return g_strdup_printf ("%'u", n);
}

char *
se_log_counter_text (guint       total,
                     guint       shown,
                     gboolean    filtered,
                     const char *dropped,
                     gboolean    paused,
                     const char *rates)
{
  g_autofree char *total_text = format_count (total);
  g_autofree char *shown_text = format_count (shown);
  char *text;

  if (!filtered)
    /* Translators: %s is a number */
    text = g_strdup_printf (ngettext ("%s event", "%s events", total), total_text);
  else
    /* Translators: both are numbers */
    text = g_strdup_printf (ngettext ("%s event (%s shown)", "%s events (%s shown)", total),
                            total_text, shown_text);

  if (dropped != NULL)
    {
      g_autofree char *counted = text;

      /* Translators: the first %s is the event count, e.g. "12 events"
       * or "12 events (3 shown)", the second says how many the log no
       * longer holds, e.g. "4096 earlier events dropped" */
      text = g_strdup_printf (_("%s; %s"), counted, dropped);
    }

  if (paused)
    {
      g_autofree char *plain = text;

      /* Translators: %s is the event count, e.g. "12 events" */
      text = g_strdup_printf (_("%s, paused"), plain);
    }

  if (rates != NULL)
    {
      g_autofree char *counted = text;

      /* Translators: the event count ("12 events"), then the traffic of
       * every listener and client, e.g. "1.2 kB/s in, 800 B/s out" */
      text = g_strdup_printf (_("%s · %s"), counted, rates);
    }

  return text;
}
