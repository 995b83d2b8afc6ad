/* dbus-probe.c: how fast an application answers on D-Bus, against the bus itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dbus-probe DEST PATH SECONDS [INTERVAL_MS]
 *
 * Every INTERVAL_MS (50) for SECONDS, calls org.gtk.Actions.DescribeAll
 * on DEST at PATH (answered by the application's main thread), then
 * org.freedesktop.DBus.GetId on the bus daemon (answered by the bus
 * alone: the reference, the cost of a round trip on this machine at that
 * moment). One connection, no process spawned per call. Prints one line:
 * app_max_ms app_median_ms bus_max_ms bus_median_ms probes failures.
 */
#include <gio/gio.h>
#include <stdlib.h>

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return -1;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
maximum (GArray *values)
{
  double max = -1;

  for (guint i = 0; i < values->len; i++)
    max = MAX (max, g_array_index (values, double, i));
  return max;
}

/* Milliseconds one call takes, or -1 if it failed. */
static double
probe (GDBusConnection *bus,
       const char      *dest,
       const char      *path,
       const char      *interface,
       const char      *method)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (bus, dest, path, interface, method, NULL, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  if (reply == NULL)
    return -1;
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) app = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) daemon = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 interval, end, next;
  guint failures = 0;

  if (argc < 4)
    {
      g_printerr ("usage: %s DEST PATH SECONDS [INTERVAL_MS]\n", argv[0]);
      return 2;
    }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_printerr ("dbus-probe: %s\n", error->message);
      return 1;
    }

  interval = (argc > 4 ? atoi (argv[4]) : 50) * G_TIME_SPAN_MILLISECOND;
  end = g_get_monotonic_time () + (gint64) (atof (argv[3]) * G_TIME_SPAN_SECOND);
  next = g_get_monotonic_time ();
  while (g_get_monotonic_time () < end)
    {
      double app_ms = probe (bus, argv[1], argv[2], "org.gtk.Actions", "DescribeAll");
      double bus_ms = probe (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                             "org.freedesktop.DBus", "GetId");

      if (app_ms < 0)
        failures++;
      else
        g_array_append_val (app, app_ms);
      if (bus_ms >= 0)
        g_array_append_val (daemon, bus_ms);

      next += interval;
      if (next > g_get_monotonic_time ())
        g_usleep (next - g_get_monotonic_time ());
      else
        next = g_get_monotonic_time ();
    }

  g_print ("app_max_ms=%.2f app_median_ms=%.2f bus_max_ms=%.2f bus_median_ms=%.2f probes=%u failures=%u\n",
           maximum (app), median (app), maximum (daemon), median (daemon), app->len, failures);
  return 0;
}
