/* test-ticker.c: SeTicker keeps an absolute schedule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "socket-explorer-core.h"

typedef struct
{
  guint  fired;
  guint  stop_at;
} Count;

static gboolean
count_cb (gpointer user_data)
{
  Count *count = user_data;

  count->fired++;
  return count->fired >= count->stop_at ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* A loop that was busy for 30 intervals fires the ticks it missed as soon
 * as it comes back, so the count over time stays exact. */
static void
test_catches_up (void)
{
  Count count = { 0, 1000 };
  GSource *source = se_ticker_source_new (1000);
  gint64 start = g_get_monotonic_time ();

  g_assert_nonnull (source);
  g_source_set_callback (source, count_cb, &count, NULL);
  g_source_attach (source, NULL);

  g_usleep (30 * 1000);
  /* One dispatch fires every tick that passed. */
  while (count.fired == 0 && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (count.fired, >=, 25);
  g_assert_cmpuint (se_ticker_source_get_missed (source), >=, 24);
  g_source_destroy (source);
  g_source_unref (source);
}

/* Stopping from the callback stops the ticks still owed. */
static void
test_stops (void)
{
  Count count = { 0, 3 };
  GSource *source = se_ticker_source_new (1000);
  gint64 start = g_get_monotonic_time ();

  g_source_set_callback (source, count_cb, &count, NULL);
  g_source_attach (source, NULL);
  g_usleep (20 * 1000);
  while (!g_source_is_destroyed (source) && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (g_source_is_destroyed (source));
  g_assert_cmpuint (count.fired, ==, 3);
  g_source_unref (source);
}

/* N ticks of 2 ms take at least (N - 1) × 2 ms: never early. */
static void
test_never_early (void)
{
  Count count = { 0, 50 };
  GSource *source = se_ticker_source_new (2000);
  gint64 start = g_get_monotonic_time ();

  g_source_set_callback (source, count_cb, &count, NULL);
  g_source_attach (source, NULL);
  while (!g_source_is_destroyed (source) && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (count.fired, ==, 50);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 50 * 2000);
  g_source_unref (source);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ticker/catches-up", test_catches_up);
  g_test_add_func ("/ticker/stops", test_stops);
  g_test_add_func ("/ticker/never-early", test_never_early);

  return g_test_run ();
}
