/* se-rate-meter.c: bytes and messages per second, from exact counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "se-rate-meter.h"

const char * const se_rate_property_names[SE_RATE_N_KINDS] = {
  [SE_RATE_BYTES_RECEIVED] = "rate-bytes-received",
  [SE_RATE_BYTES_SENT] = "rate-bytes-sent",
  [SE_RATE_MESSAGES_RECEIVED] = "rate-messages-received",
  [SE_RATE_MESSAGES_SENT] = "rate-messages-sent",
};

void
se_rate_meter_init (SeRateMeter *meter)
{
  g_return_if_fail (meter != NULL);

  *meter = (SeRateMeter) { 0 };
}

guint
se_rate_meter_sample (SeRateMeter   *meter,
                      gint64         now_us,
                      const guint64  totals[SE_RATE_N_KINDS])
{
  guint changed = 0;
  double seconds;

  g_return_val_if_fail (meter != NULL, 0);

  seconds = (now_us - meter->time) / (double) G_USEC_PER_SEC;
  for (guint kind = 0; kind < SE_RATE_N_KINDS; kind++)
    {
      double rate = 0;

      /* The first sample only sets the baseline. */
      if (meter->time != 0 && seconds > 0 && totals[kind] >= meter->totals[kind])
        rate = (totals[kind] - meter->totals[kind]) / seconds;
      if (rate != meter->rates[kind])
        {
          meter->rates[kind] = rate;
          changed |= 1u << kind;
        }
      meter->totals[kind] = totals[kind];
    }
  meter->time = now_us;

  return changed;
}

guint
se_rate_meter_reset (SeRateMeter *meter)
{
  guint changed = 0;

  g_return_val_if_fail (meter != NULL, 0);

  for (guint kind = 0; kind < SE_RATE_N_KINDS; kind++)
    if (meter->rates[kind] != 0)
      changed |= 1u << kind;
  se_rate_meter_init (meter);

  return changed;
}

double
se_rate_meter_get (const SeRateMeter *meter,
                   SeRateKind         kind)
{
  g_return_val_if_fail (meter != NULL, 0);
  g_return_val_if_fail ((guint) kind < SE_RATE_N_KINDS, 0);

  return meter->rates[kind];
}

void
se_rate_meter_make_properties (GParamSpec **pspecs,
                               guint        first_prop_id)
{
  for (guint kind = 0; kind < SE_RATE_N_KINDS; kind++)
    pspecs[first_prop_id + kind] =
      g_param_spec_double (se_rate_property_names[kind], NULL, NULL,
                           0, G_MAXDOUBLE, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

void
se_rate_meter_notify (GObject     *object,
                      GParamSpec **pspecs,
                      guint        first_prop_id,
                      guint        changed)
{
  for (guint kind = 0; kind < SE_RATE_N_KINDS; kind++)
    if (changed & (1u << kind))
      g_object_notify_by_pspec (object, pspecs[first_prop_id + kind]);
}

GSource *
se_rate_meter_timer_new (GSourceFunc func,
                         gpointer    data)
{
  GSource *source = g_timeout_source_new (SE_RATE_INTERVAL_MS);

  g_source_set_callback (source, func, data, NULL);
  g_source_set_static_name (source, "[socket-explorer] rates");
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

void
se_rate_meter_timer_clear (GSource **timer)
{
  if (*timer == NULL)
    return;
  g_source_destroy (*timer);
  g_clear_pointer (timer, g_source_unref);
}
