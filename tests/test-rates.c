/* test-rates.c: bytes and messages per second, from the exact counters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "se-client.h"
#include "se-connection.h"
#include "se-listener.h"
#include "se-rate-meter.h"
#include "se-responder.h"
#include "se-test-util.h"
#include "se-traffic-log.h"

#define WAIT_MS 5000
#define SECOND G_USEC_PER_SEC

static void
test_meter (void)
{
  SeRateMeter meter;
  guint64 zero[SE_RATE_N_KINDS] = { 0 };
  guint64 some[SE_RATE_N_KINDS] = { 1000, 500, 10, 5 };
  guint64 less[SE_RATE_N_KINDS] = { 100, 500, 1, 5 };

  se_rate_meter_init (&meter);
  /* The first sample is the baseline, whatever the counters say. */
  g_assert_cmpuint (se_rate_meter_sample (&meter, 10 * SECOND, some), ==, 0);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_BYTES_RECEIVED), ==, 0);
  se_rate_meter_init (&meter);
  g_assert_cmpuint (se_rate_meter_sample (&meter, 10 * SECOND, zero), ==, 0);

  /* Growth over the time between samples. */
  g_assert_cmphex (se_rate_meter_sample (&meter, 11 * SECOND, some), ==, 0xf);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_BYTES_RECEIVED), ==, 1000);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_BYTES_SENT), ==, 500);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_MESSAGES_RECEIVED), ==, 10);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_MESSAGES_SENT), ==, 5);

  /* Nothing new for half a second: zero, and all four changed. */
  g_assert_cmphex (se_rate_meter_sample (&meter, 11 * SECOND + SECOND / 2, some), ==, 0xf);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_BYTES_SENT), ==, 0);
  /* Still nothing: nothing changed. */
  g_assert_cmphex (se_rate_meter_sample (&meter, 12 * SECOND, some), ==, 0);

  /* Counters that went down (counting afresh) start over, no negative rate. */
  se_rate_meter_sample (&meter, 13 * SECOND, less);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_BYTES_RECEIVED), ==, 0);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_MESSAGES_RECEIVED), ==, 0);
  se_rate_meter_sample (&meter, 15 * SECOND, some);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_BYTES_RECEIVED), ==, 450);
  g_assert_cmpfloat (se_rate_meter_get (&meter, SE_RATE_MESSAGES_RECEIVED), ==, 4.5);

  /* Reset says what was not zero. */
  g_assert_cmphex (se_rate_meter_reset (&meter), ==, 1u << SE_RATE_BYTES_RECEIVED | 1u << SE_RATE_MESSAGES_RECEIVED);
  g_assert_cmphex (se_rate_meter_reset (&meter), ==, 0);
}

static double
rate_of (gpointer    object,
         SeRateKind  kind)
{
  double value = -1;

  g_object_get (object, se_rate_property_names[kind], &value, NULL);
  return value;
}

static gboolean
listener_has_rate (gpointer data)
{
  return rate_of (data, SE_RATE_BYTES_RECEIVED) > 0;
}

static gboolean
listener_rate_zero (gpointer data)
{
  return rate_of (data, SE_RATE_BYTES_RECEIVED) == 0 &&
         rate_of (data, SE_RATE_BYTES_SENT) == 0;
}

static gboolean
client_has_echo (gpointer data)
{
  SeClient *client = data;
  SeConnection *connection = se_client_get_connection (client);

  return connection != NULL && se_connection_get_bytes_received (connection) == 3000;
}

/* A client that sends 3,000 bytes in 3 messages to an echo listener: one
 * sample a second sees them all on both sides, as a rate over about a
 * second; the connection that is gone still counts in its listener's
 * rate; a quiet second brings the rates back to zero. */
static void
test_listener_and_client (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse ("tcp://127.0.0.1:0", NULL);
  g_autoptr(SeResponder) responder = se_responder_parse ("echo", NULL);
  g_autoptr(SeListener) listener = se_listener_new (endpoint, responder, log);
  g_autoptr(SeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = NULL;
  char block[1000];
  double rate;

  memset (block, 'x', sizeof block);
  message = g_bytes_new (block, sizeof block);
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  g_clear_object (&result);
  g_assert_cmpfloat (rate_of (listener, SE_RATE_BYTES_RECEIVED), ==, 0);

  client = se_client_new (se_listener_get_endpoint (listener), log);
  se_client_connect_async (client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_client_connect_finish (client, result, &error));
  for (guint i = 0; i < 3; i++)
    g_assert_true (se_client_send (client, message, &error));
  g_assert_true (se_test_wait_until (client_has_echo, client, WAIT_MS));
  /* Closed before the listener's next sample: still counted. */
  se_client_close (client);

  g_assert_true (se_test_wait_until (listener_has_rate, listener, WAIT_MS));
  /* At most 3,000 bytes over an interval of about a second (a sample
   * may fall in the middle of the exchange; the loop may run a timer a
   * little late on a busy machine, never early). */
  rate = rate_of (listener, SE_RATE_BYTES_RECEIVED);
  g_assert_cmpfloat (rate, <=, 3000 * 1.01);
  g_assert_cmpfloat (rate_of (listener, SE_RATE_BYTES_SENT), <=, 3000 * 1.01);
  g_assert_cmpfloat (rate_of (listener, SE_RATE_MESSAGES_RECEIVED), >, 0);
  g_assert_cmpfloat (rate_of (listener, SE_RATE_MESSAGES_RECEIVED), <=, 3 * 1.01);

  g_assert_true (se_test_wait_until (listener_rate_zero, listener, WAIT_MS));
  se_listener_stop (listener);
  g_assert_cmpfloat (rate_of (client, SE_RATE_BYTES_SENT), ==, 0);
}

static gboolean
client_rate_seen (gpointer data)
{
  return rate_of (data, SE_RATE_MESSAGES_SENT) > 0;
}

/* A datagram client's own counters; zero once closed. */
static void
test_datagram_client (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse ("udp://127.0.0.1:0", NULL);
  g_autoptr(SeResponder) responder = se_responder_parse ("echo", NULL);
  g_autoptr(SeListener) listener = se_listener_new (endpoint, responder, log);
  g_autoptr(SeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  double rate;

  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  g_clear_object (&result);

  client = se_client_new (se_listener_get_endpoint (listener), log);
  se_client_connect_async (client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_client_connect_finish (client, result, &error));
  for (guint i = 0; i < 4; i++)
    g_assert_true (se_client_send (client, hello, &error));

  g_assert_true (se_test_wait_until (client_rate_seen, client, WAIT_MS));
  rate = rate_of (client, SE_RATE_MESSAGES_SENT);
  g_assert_cmpfloat (rate, <=, 4 * 1.01);
  /* Five bytes a datagram: the same division, within rounding */
  g_assert_cmpfloat_with_epsilon (rate_of (client, SE_RATE_BYTES_SENT), 5 * rate, 1e-9 * rate + 1e-12);
  g_assert_true (se_test_wait_until (listener_has_rate, listener, WAIT_MS));
  g_assert_cmpfloat (rate_of (listener, SE_RATE_MESSAGES_RECEIVED), <=, 4 * 1.01);

  se_client_close (client);
  g_assert_cmpfloat (rate_of (client, SE_RATE_BYTES_SENT), ==, 0);
  se_listener_stop (listener);
  g_assert_cmpfloat (rate_of (listener, SE_RATE_BYTES_RECEIVED), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rates/meter", test_meter);
  g_test_add_func ("/rates/listener-and-client", test_listener_and_client);
  g_test_add_func ("/rates/datagram-client", test_datagram_client);

  return g_test_run ();
}
