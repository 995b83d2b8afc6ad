/* test-sender.c: auto-send on a timer and files in bounded memory, over
 * loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets only: 127.0.0.1, port 0, bounded waits.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  SeTrafficLog *log;
  SeListener   *listener;
  SeClient     *client;
  SeConnection *accepted;  /* streams: the listener's side */
  GByteArray   *received;  /* what the listener's side read */
  guint64       received_bytes;
  gboolean      keep;      /* keep the bytes, not only count them */
} Pair;

static void
accepted_received_cb (SeConnection *connection,
                      GBytes       *bytes,
                      Pair         *pair)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  pair->received_bytes += len;
  if (pair->keep)
    g_byte_array_append (pair->received, data, len);
}

static void
client_received_cb (SeClient   *client,
                    GBytes     *bytes,
                    const char *from,
                    Pair       *pair)
{
  accepted_received_cb (NULL, bytes, pair);
}

static void
datagram_received_cb (SeListener *listener,
                      GBytes     *bytes,
                      const char *from,
                      Pair       *pair)
{
  accepted_received_cb (NULL, bytes, pair);
}

static Pair *
pair_new (const char *endpoint_text,
          gboolean    keep)
{
  Pair *pair = g_new0 (Pair, 1);
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse ("none", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pair->log = se_traffic_log_new ();
  /* The payloads of a large file are not what these tests look at */
  se_traffic_log_set_capture_budget (pair->log, 1024 * 1024);
  pair->received = g_byte_array_new ();
  pair->keep = keep;
  pair->listener = se_listener_new (endpoint, responder, pair->log);
  se_listener_set_close_on_eof (pair->listener, FALSE);
  g_signal_connect (pair->listener, "datagram-received", G_CALLBACK (datagram_received_cb), pair);
  se_listener_start_async (pair->listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_listener_start_finish (pair->listener, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  pair->client = se_client_new (se_listener_get_endpoint (pair->listener), pair->log);
  se_client_connect_async (pair->client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_client_connect_finish (pair->client, result, &error);
  g_assert_no_error (error);

  if (se_endpoint_is_stream (endpoint))
    {
      GListModel *connections = se_listener_get_connections (pair->listener);

      g_assert_true (se_test_wait_n_items (connections, 1, WAIT_MS));
      pair->accepted = g_list_model_get_item (connections, 0);
      g_signal_connect (pair->accepted, "received", G_CALLBACK (accepted_received_cb), pair);
    }
  return pair;
}

static void
pair_free (Pair *pair)
{
  if (pair->accepted != NULL)
    g_signal_handlers_disconnect_by_data (pair->accepted, pair);
  g_signal_handlers_disconnect_by_data (pair->listener, pair);
  g_clear_object (&pair->accepted);
  se_client_close (pair->client);
  g_assert_finalize_object (pair->client);
  se_listener_stop (pair->listener);
  g_assert_finalize_object (pair->listener);
  g_object_unref (pair->log);
  g_byte_array_unref (pair->received);
  g_free (pair);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pair, pair_free)

typedef struct
{
  guint   n;
  GError *error;
} Finished;

static void
finished_cb (SeSender     *sender,
             const GError *error,
             Finished     *finished)
{
  finished->n++;
  g_clear_error (&finished->error);
  if (error != NULL)
    finished->error = g_error_copy (error);
}

static gboolean
finished_once_cb (gpointer data)
{
  return ((Finished *) data)->n > 0;
}

typedef struct
{
  Pair   *pair;
  guint64 bytes;
} WaitBytes;

static gboolean
received_bytes_cb (gpointer data)
{
  WaitBytes *wait = data;

  return wait->pair->received_bytes >= wait->bytes;
}

/* N times on the ticker: each message its own {{counter}}, the last one
 * about (N - 1) intervals after the first */
static void
test_repeat (void)
{
  g_autoptr(Pair) pair = pair_new ("tcp://127.0.0.1:0", TRUE);
  g_autoptr(SeSavedMessage) message = se_saved_message_new ("tick", "m{{counter}};", FALSE, SE_EOL_NONE);
  SeSender *sender = se_sender_get_for (G_OBJECT (pair->client), NULL);
  Finished finished = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  static const char expected[] = "m1;m2;m3;m4;m5;";
  WaitBytes wait = { pair, strlen (expected) };

  /* The same sender for whoever asks again */
  g_assert_true (se_sender_get_for (G_OBJECT (pair->client), NULL) == sender);
  g_signal_connect (sender, "finished", G_CALLBACK (finished_cb), &finished);

  g_assert_true (se_sender_start_repeat (sender, message, 1, 5, 40, &error));
  g_assert_no_error (error);
  g_assert_true (se_sender_get_running (sender));
  g_assert_cmpint (se_sender_get_mode (sender), ==, SE_SENDER_REPEAT);
  g_assert_cmpuint (se_sender_get_total (sender), ==, 5);
  /* The first at once */
  g_assert_cmpuint (se_sender_get_done (sender), ==, 1);

  /* A second run waits for the first */
  g_assert_false (se_sender_start_repeat (sender, message, 1, 5, 40, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_true (se_test_wait_until (finished_once_cb, &finished, WAIT_MS));
  g_assert_no_error (finished.error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 4 * 40 * 1000 - 2000);
  g_assert_cmpuint (se_sender_get_done (sender), ==, 5);
  g_assert_false (se_sender_get_running (sender));
  g_assert_true (se_test_wait_until (received_bytes_cb, &wait, WAIT_MS));
  se_test_spin (60);
  g_assert_cmpmem (pair->received->data, pair->received->len, expected, strlen (expected));
  g_assert_cmpuint (finished.n, ==, 1);
  g_assert_null (se_sender_get_error_message (sender));

  /* Bad intervals are refused before anything starts */
  g_assert_false (se_sender_start_repeat (sender, message, 1, 5, 0, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (se_sender_get_running (sender));
}

/* Count 0: until stopped; Stop ends it with SE_ERROR_CANCELLED and sends
 * nothing more */
static void
test_until_stopped (void)
{
  g_autoptr(Pair) pair = pair_new ("udp://127.0.0.1:0", FALSE);
  g_autoptr(SeSavedMessage) message = se_saved_message_new ("x", "x", FALSE, SE_EOL_NONE);
  SeSender *sender = se_sender_get_for (G_OBJECT (pair->client), NULL);
  Finished finished = { 0 };
  g_autoptr(GError) error = NULL;
  WaitBytes wait = { pair, 20 };
  guint64 done;

  g_signal_connect (sender, "finished", G_CALLBACK (finished_cb), &finished);
  g_assert_true (se_sender_start_repeat (sender, message, 1, 0, 2, &error));
  g_assert_no_error (error);
  g_assert_true (se_test_wait_until (received_bytes_cb, &wait, WAIT_MS));
  g_assert_true (se_sender_get_running (sender));
  g_assert_cmpuint (se_sender_get_total (sender), ==, 0);

  se_sender_stop (sender);
  g_assert_cmpuint (finished.n, ==, 1);
  g_assert_error (finished.error, SE_ERROR, SE_ERROR_CANCELLED);
  g_assert_false (se_sender_get_running (sender));
  /* Stopping is not a failure */
  g_assert_null (se_sender_get_error_message (sender));
  done = se_sender_get_done (sender);
  g_assert_cmpuint (done, >=, 20);
  se_test_spin (50);
  g_assert_cmpuint (se_sender_get_done (sender), ==, done);
  g_assert_cmpuint (pair->received_bytes, <=, done);
  g_clear_error (&finished.error);
}

/* A failed send ends the run and says why */
static void
test_failure (void)
{
  g_autoptr(Pair) pair = pair_new ("tcp://127.0.0.1:0", FALSE);
  g_autoptr(SeSavedMessage) message = se_saved_message_new ("x", "x", FALSE, SE_EOL_NONE);
  SeSender *sender = se_sender_get_for (G_OBJECT (pair->client), NULL);
  Finished finished = { 0 };
  g_autoptr(GError) error = NULL;

  g_signal_connect (sender, "finished", G_CALLBACK (finished_cb), &finished);
  g_assert_true (se_sender_start_repeat (sender, message, 1, 0, 5, &error));
  se_client_close (pair->client);
  g_assert_true (se_test_wait_until (finished_once_cb, &finished, WAIT_MS));
  g_assert_nonnull (finished.error);
  g_assert_nonnull (se_sender_get_error_message (sender));
  g_assert_false (se_sender_get_running (sender));
  g_clear_error (&finished.error);

  /* An unknown macro: refused at start */
  {
    g_autoptr(SeSavedMessage) bad = se_saved_message_new ("bad", "{{nope}}", FALSE, SE_EOL_NONE);

    g_assert_false (se_sender_start_repeat (sender, bad, 1, 3, 5, &error));
    g_assert_nonnull (error);
    g_assert_false (se_sender_get_running (sender));
  }
}

static guint64
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmHWM:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + 6, NULL, 10);
}

/* A 1 GiB file (sparse: it takes no disk) goes through the send queue in
 * bounded memory: the queue never holds more than its bound and a chunk,
 * and the process's peak resident size grows by far less than the file. */
static void
test_large_file (void)
{
  g_autoptr(Pair) pair = pair_new ("tcp://127.0.0.1:0", FALSE);
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "large.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SeSender *sender = se_sender_get_for (G_OBJECT (pair->accepted), NULL);
  Finished finished = { 0 };
  g_autoptr(GError) error = NULL;
  guint64 size = G_GUINT64_CONSTANT (1) << 30;
  guint64 rss_before;
  WaitBytes wait = { pair, size };
  int fd;

  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) size), ==, 0);
  close (fd);

  rss_before = peak_rss_kib ();
  g_signal_connect (sender, "finished", G_CALLBACK (finished_cb), &finished);
  /* From the listener's side this time: an accepted connection sends */
  g_assert_true (se_sender_start_file (sender, file, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (se_sender_get_mode (sender), ==, SE_SENDER_FILE);
  g_assert_cmpuint (se_sender_get_total (sender), ==, size);
  g_assert_cmpstr (se_sender_get_name (sender), ==, "large.bin");

  /* The client reads it: count what the client's side receives */
  g_signal_connect (pair->client, "received", G_CALLBACK (client_received_cb), pair);
  g_assert_true (se_test_wait_until (finished_once_cb, &finished, 120 * 1000));
  g_assert_no_error (finished.error);
  g_assert_cmpuint (se_sender_get_done (sender), ==, size);
  g_assert_true (se_test_wait_until (received_bytes_cb, &wait, 60 * 1000));
  g_assert_cmpuint (pair->received_bytes, ==, size);

  g_test_message ("peak queue %" G_GUINT64_FORMAT " bytes, peak RSS +%" G_GUINT64_FORMAT " KiB",
                  se_sender_get_peak_queued (sender), peak_rss_kib () - rss_before);
  g_assert_cmpuint (se_sender_get_peak_queued (sender), >, 0);
  g_assert_cmpuint (se_sender_get_peak_queued (sender), <=, SE_SENDER_QUEUE_HIGH + SE_SENDER_CHUNK);
  g_assert_cmpuint (peak_rss_kib () - rss_before, <, 64 * 1024);

  g_signal_handlers_disconnect_by_data (pair->client, pair);
  se_test_remove_dir (dir);
}

/* A file over UDP: one datagram per datagram_size bytes */
static void
test_datagram_file (void)
{
  g_autoptr(Pair) pair = pair_new ("udp://127.0.0.1:0", TRUE);
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "small.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_get_child (file, "missing");
  g_autoptr(GByteArray) contents = g_byte_array_new ();
  SeSender *sender = se_sender_get_for (G_OBJECT (pair->client), NULL);
  Finished finished = { 0 };
  g_autoptr(GError) error = NULL;
  WaitBytes wait = { pair, 10000 };

  for (guint i = 0; i < 10000; i++)
    g_byte_array_append (contents, (const guint8 *) &"0123456789abcdef"[i % 16], 1);
  g_assert_true (g_file_set_contents (path, (const char *) contents->data, contents->len, NULL));

  g_signal_connect (sender, "finished", G_CALLBACK (finished_cb), &finished);
  g_assert_true (se_sender_start_file (sender, file, 1000, &error));
  g_assert_no_error (error);
  g_assert_true (se_test_wait_until (finished_once_cb, &finished, WAIT_MS));
  g_assert_no_error (finished.error);
  g_assert_true (se_test_wait_until (received_bytes_cb, &wait, WAIT_MS));
  g_assert_cmpmem (pair->received->data, pair->received->len, contents->data, contents->len);
  g_assert_cmpuint (se_client_get_datagrams_sent (pair->client), ==, 10);

  /* A file that is not there: an error at once, nothing running */
  g_assert_false (se_sender_start_file (sender, missing, 1000, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_clear_error (&error);
  g_assert_false (se_sender_get_running (sender));

  /* A whole listener's peers: a file goes to one */
  g_assert_false (se_sender_start_file (se_sender_get_for (G_OBJECT (pair->listener), NULL), file, 0, &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_FAILED);

  se_test_remove_dir (dir);
}

/* A listener's sender: to every connection, or to one datagram peer */
static void
test_listener_targets (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse ("tcp://127.0.0.1:0", NULL);
  g_autoptr(SeResponder) responder = se_responder_parse ("none", NULL);
  g_autoptr(SeListener) listener = se_listener_new (endpoint, responder, log);
  g_autoptr(SeSavedMessage) message = se_saved_message_new ("all", "a", FALSE, SE_EOL_NONE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SeClient *clients[2];
  guint64 received[2] = { 0, 0 };
  Finished finished = { 0 };
  SeSender *sender;

  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&result);
      clients[i] = se_client_new (se_listener_get_endpoint (listener), log);
      se_client_connect_async (clients[i], NULL, se_test_store_result, &result);
      se_test_wait_result (&result, WAIT_MS);
      g_assert_true (se_client_connect_finish (clients[i], result, &error));
    }
  g_clear_object (&result);
  g_assert_true (se_test_wait_n_items (se_listener_get_connections (listener), 2, WAIT_MS));

  sender = se_sender_get_for (G_OBJECT (listener), NULL);
  g_assert_true (se_sender_get_for (G_OBJECT (listener), "127.0.0.1:1") != sender);
  g_signal_connect (sender, "finished", G_CALLBACK (finished_cb), &finished);
  g_assert_true (se_sender_start_repeat (sender, message, 1, 3, 10, &error));
  g_assert_no_error (error);
  g_assert_true (se_test_wait_until (finished_once_cb, &finished, WAIT_MS));
  g_assert_no_error (finished.error);
  for (guint i = 0; i < 100 && (received[0] < 3 || received[1] < 3); i++)
    {
      se_test_spin (10);
      for (guint c = 0; c < 2; c++)
        {
          SeConnection *connection = se_client_get_connection (clients[c]);

          received[c] = connection != NULL ? se_connection_get_bytes_received (connection) : 0;
        }
    }
  g_assert_cmpuint (received[0], ==, 3);
  g_assert_cmpuint (received[1], ==, 3);

  se_listener_stop (listener);
  g_assert_finalize_object (g_steal_pointer (&listener));
  for (guint i = 0; i < 2; i++)
    {
      se_client_close (clients[i]);
      g_assert_finalize_object (clients[i]);
    }
}

/* Macros in another encoding, as the composer sends them: {{len}} counts
 * the bytes that go out (é is two bytes in GB18030, A8 A6) */
static void
test_encoded_macros (void)
{
  g_autoptr(Pair) pair = pair_new ("tcp://127.0.0.1:0", TRUE);
  g_autoptr(SeSavedMessage) message = se_saved_message_new ("len", "{{len}}\u00e9", FALSE, SE_EOL_NONE);
  SeSender *sender = se_sender_get_for (G_OBJECT (pair->client), NULL);
  Finished finished = { 0 };
  g_autoptr(GError) error = NULL;
  static const guint8 expected[] = { '2', 0xa8, 0xa6, '2', 0xa8, 0xa6 };
  WaitBytes wait = { pair, sizeof expected };

  se_saved_message_set_encoding (message, "gb18030");
  g_signal_connect (sender, "finished", G_CALLBACK (finished_cb), &finished);
  g_assert_true (se_sender_start_repeat (sender, message, 1, 2, 5, &error));
  g_assert_no_error (error);
  g_assert_true (se_test_wait_until (finished_once_cb, &finished, WAIT_MS));
  g_assert_no_error (finished.error);
  g_assert_true (se_test_wait_until (received_bytes_cb, &wait, WAIT_MS));
  g_assert_cmpmem (pair->received->data, pair->received->len, expected, sizeof expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sender/repeat", test_repeat);
  g_test_add_func ("/sender/until-stopped", test_until_stopped);
  g_test_add_func ("/sender/encoded-macros", test_encoded_macros);
  g_test_add_func ("/sender/failure", test_failure);
  g_test_add_func ("/sender/large-file", test_large_file);
  g_test_add_func ("/sender/datagram-file", test_datagram_file);
  g_test_add_func ("/sender/listener-targets", test_listener_targets);

  return g_test_run ();
}
