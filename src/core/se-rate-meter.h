/* se-rate-meter.h: bytes and messages per second, from exact counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  SE_RATE_BYTES_RECEIVED,
  SE_RATE_BYTES_SENT,
  SE_RATE_MESSAGES_RECEIVED,
  SE_RATE_MESSAGES_SENT,
} SeRateKind;

#define SE_RATE_N_KINDS (SE_RATE_MESSAGES_SENT + 1)

/* The properties that carry the rates, the same on a listener, a client
 * and a connection: "rate-bytes-received", "rate-bytes-sent",
 * "rate-messages-received", "rate-messages-sent" (per second, over the
 * last second sampled). */
extern const char * const se_rate_property_names[SE_RATE_N_KINDS];

/* Owned by one object on its thread, sampled once a second from the
 * object's exact cumulative counters: a rate is the counter's growth
 * divided by the time between two samples. */
typedef struct
{
  guint64  totals[SE_RATE_N_KINDS];
  double   rates[SE_RATE_N_KINDS];
  gint64   time;      /* of the last sample, monotonic µs; 0 = none yet */
} SeRateMeter;

/* The interval of the samples. */
#define SE_RATE_INTERVAL_MS 1000

void     se_rate_meter_init    (SeRateMeter   *meter);
/* Feeds the counters as of now_us. A counter that went down (a client
 * counting afresh after it opened again) starts over from its new value.
 * Returns the kinds whose rate changed, as a bit mask (1 << kind). */
guint    se_rate_meter_sample  (SeRateMeter   *meter,
                                gint64         now_us,
                                const guint64  totals[SE_RATE_N_KINDS]);
/* Back to zero (the object stopped): the kinds that changed. */
guint    se_rate_meter_reset   (SeRateMeter   *meter);
double   se_rate_meter_get     (const SeRateMeter *meter,
                                SeRateKind     kind);

/* class_init of an object with rates, before it installs its
 * properties: the four read-only doubles, in pspecs[first_prop_id …]. */
void     se_rate_meter_make_properties (GParamSpec   **pspecs,
                                        guint          first_prop_id);
/* Notifies the properties of the kinds in changed (a mask as returned
 * above), pspecs[first_prop_id …] as installed. */
void     se_rate_meter_notify  (GObject       *object,
                                GParamSpec   **pspecs,
                                guint          first_prop_id,
                                guint          changed);

/* A timer of SE_RATE_INTERVAL_MS on the thread-default main context (the
 * network thread's, in the window), already attached; and its end. */
GSource *se_rate_meter_timer_new   (GSourceFunc    func,
                                    gpointer       data);
void     se_rate_meter_timer_clear (GSource      **timer);

G_END_DECLS
