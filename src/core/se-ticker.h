/* se-ticker.h: a main-loop source that fires every N microseconds on an
 * absolute schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A GSource that fires at start + k × interval (CLOCK_MONOTONIC, through
 * a timerfd), so that a thousand ticks of 1 ms take one second and not a
 * little more each: GLib's own timeouts count each interval from when the
 * last one was dispatched, and the main loop sleeps in whole
 * milliseconds. Ticks that passed while the loop was busy fire as soon
 * as it comes back, one callback each, so that the count over time stays
 * exact, like a sender sleeping until absolute deadlines would do.
 *
 * The callback is a GSourceFunc. NULL with errno if no timerfd could be
 * made. */
GSource *se_ticker_source_new          (guint64  interval_us);
/* Ticks that fired late, after one or more intervals had passed. */
guint64  se_ticker_source_get_missed   (GSource *source);

G_END_DECLS
