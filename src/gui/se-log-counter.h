/* se-log-counter.h: the line under the log that counts its events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "12 events", "12 events (3 shown)", then "; 4096 earlier events
 * dropped" (dropped, as the log says it, or NULL), ", paused", and
 * " · 1.2 kB/s in, 800 B/s out" (rates, or NULL); translated. */
char *se_log_counter_text (guint       total,
                           guint       shown,
                           gboolean    filtered,
                           const char *dropped,
                           gboolean    paused,
                           const char *rates);

G_END_DECLS
