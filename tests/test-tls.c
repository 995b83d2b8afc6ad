/* test-tls.c: tls:// endpoints, certificates, and TLS streams between a
 * listener and a client of the engine on loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Skipped when GIO has no TLS backend: glib-networking is missing.
 */
#include "config.h"

#include <string.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

#define WAIT_MS 10000

static void
test_endpoint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeEndpoint) tls = se_endpoint_parse ("TLS://[::1]:443", &error);
  g_autoptr(SeEndpoint) tcp = se_endpoint_parse ("tcp://[::1]:443", NULL);
  g_autoptr(SeEndpoint) moved = NULL;
  g_autofree char *text = NULL;
  g_autofree char *moved_text = NULL;

  g_assert_no_error (error);
  g_assert_true (se_endpoint_get_tls (tls));
  g_assert_false (se_endpoint_get_tls (tcp));
  g_assert_cmpint (se_endpoint_get_protocol (tls), ==, SE_PROTOCOL_TCP);
  g_assert_true (se_endpoint_is_stream (tls));
  text = se_endpoint_to_string (tls);
  g_assert_cmpstr (text, ==, "tls://[::1]:443");
  g_assert_false (se_endpoint_equal (tls, tcp));

  moved = se_endpoint_with_port (tls, 0);
  moved_text = se_endpoint_to_string (moved);
  g_assert_cmpstr (moved_text, ==, "tls://[::1]:0");

  g_assert_null (se_endpoint_parse ("tls://localhost", &error));
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT);
  g_clear_error (&error);
  g_assert_null (se_endpoint_parse ("tsl://localhost:1", &error));
  g_assert_nonnull (strstr (error->message, "tls"));
}

static void
test_fingerprints (void)
{
  const char *colons = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

  g_assert_true (se_tls_fingerprint_matches (colons, colons));
  g_assert_true (se_tls_fingerprint_matches (colons, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"));
  g_assert_true (se_tls_fingerprint_matches (colons, "sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"));
  g_assert_false (se_tls_fingerprint_matches (colons, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678"));
  g_assert_false (se_tls_fingerprint_matches (colons, "zz"));
  g_assert_false (se_tls_fingerprint_matches (colons, NULL));
}

static void
test_errors_explained (void)
{
  g_autofree char *none = se_tls_describe_errors (0, "; ");
  g_autofree char *two = se_tls_describe_errors (G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_EXPIRED, "; ");
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeEvent) error_event = NULL;
  g_autoptr(SeEvent) tls_event = NULL;

  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (two, ==,
                   "No trusted certificate authority signed this certificate (TLS_UNKNOWN_CA); "
                   "The certificate has expired (TLS_EXPIRED)");
  g_assert_cmpint (se_explain_lookup ("TLS_BAD_IDENTITY")->kind, ==, SE_EXPLAIN_TLS);
  g_assert_true (se_explain_lookup ("tls") == se_explain_lookup ("do_handshake"));
  g_assert_true (se_explain_lookup ("handshake()") == se_explain_lookup ("do_handshake"));

  /* An error event is explained by the name in its text, a handshake
   * event by the handshake. */
  se_traffic_log_append (log, SE_EVENT_ERROR, SE_PROTOCOL_TCP, 1, "127.0.0.1:1", "127.0.0.1:2", 0, NULL, 0,
                         "TLS handshake failed: the server's certificate was rejected: The certificate is for another host name (TLS_BAD_IDENTITY)");
  se_traffic_log_append (log, SE_EVENT_TLS, SE_PROTOCOL_TCP, 1, "127.0.0.1:1", "127.0.0.1:2", 0, NULL, 0,
                         "TLS 1.3, TLS_AES_128_GCM_SHA256");
  se_traffic_log_flush (log);
  error_event = g_list_model_get_item (G_LIST_MODEL (log), 0);
  tls_event = g_list_model_get_item (G_LIST_MODEL (log), 1);
  g_assert_cmpstr (se_explain_for_event (error_event)->name, ==, "TLS_BAD_IDENTITY");
  g_assert_cmpstr (se_explain_for_event (tls_event)->name, ==, "do_handshake");
  /* On the sequence diagram: what the handshake agreed on */
  {
    g_autofree char *label = se_diagram_call_label (tls_event);

    g_assert_cmpstr (label, ==, "TLS 1.3, TLS_AES_128_GCM_SHA256");
  }
  g_assert_cmpstr (se_event_kind_to_string (SE_EVENT_TLS), ==, "tls");
}

static void
test_self_signed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = se_tls_make_self_signed (&error);
  g_autoptr(GSocketConnectable) loopback = g_network_address_new ("127.0.0.1", 443);
  g_autoptr(GSocketConnectable) localhost = g_network_address_new ("localhost", 443);
  g_autoptr(GSocketConnectable) other = g_network_address_new ("example.org", 443);
  g_autofree char *fingerprint = NULL;
  g_autofree char *chain = NULL;
  g_autofree char *private_key = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (certificate);
  g_object_get (certificate, "private-key-pem", &private_key, NULL);
  g_assert_nonnull (private_key);

  fingerprint = se_tls_certificate_fingerprint (certificate);
  g_assert_cmpuint (strlen (fingerprint), ==, 32 * 3 - 1);
  g_assert_true (se_tls_fingerprint_matches (fingerprint, fingerprint));

  chain = se_tls_describe_chain (certificate, "\n");
  g_assert_nonnull (strstr (chain, "CN=localhost"));
  g_assert_nonnull (strstr (chain, fingerprint));

  /* Its names are this machine's loopback ones, and no other; it is
   * trusted as its own authority. */
  g_assert_false (g_tls_certificate_verify (certificate, loopback, certificate) & G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_false (g_tls_certificate_verify (certificate, localhost, certificate) & G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_true (g_tls_certificate_verify (certificate, other, certificate) & G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_false (g_tls_certificate_verify (certificate, loopback, certificate) & G_TLS_CERTIFICATE_EXPIRED);
}

static void
test_bad_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = se_test_make_temp_dir ();
  g_autofree char *junk = g_build_filename (dir, "junk.pem", NULL);

  g_assert_null (se_tls_load_certificate ("/nonexistent/cert.pem", NULL, &error));
  g_assert_nonnull (strstr (error->message, "/nonexistent/cert.pem"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (junk, "not a certificate\n", -1, NULL));
  g_assert_null (se_tls_load_certificate (junk, NULL, &error));
  g_assert_nonnull (error);
  se_test_remove_dir (dir);
}

typedef struct
{
  SeTrafficLog *log;
  SeListener   *listener;
  SeClient     *client;
  GByteArray   *received;
} Pair;

static void
client_received_cb (SeClient   *client,
                    GBytes     *bytes,
                    const char *from,
                    Pair       *pair)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_byte_array_append (pair->received, data, len);
}

static void
pair_start (Pair       *pair,
            gboolean    insecure,
            const char *pin)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse ("tls://127.0.0.1:0", NULL);
  g_autoptr(SeResponder) echo = se_responder_parse ("echo", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pair->log = se_traffic_log_new ();
  pair->received = g_byte_array_new ();
  pair->listener = se_listener_new (endpoint, echo, pair->log);
  se_listener_start_async (pair->listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (pair->listener, result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (se_listener_get_tls_fingerprint (pair->listener));
  g_clear_object (&result);

  pair->client = se_client_new (se_listener_get_endpoint (pair->listener), pair->log);
  se_client_set_tls_insecure (pair->client, insecure);
  se_client_set_tls_pin (pair->client, pin);
  g_signal_connect (pair->client, "received", G_CALLBACK (client_received_cb), pair);
  se_client_connect_async (pair->client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_client_connect_finish (pair->client, result, &error));
  g_assert_no_error (error);
}

static void
pair_stop (Pair *pair)
{
  se_client_close (pair->client);
  se_listener_stop (pair->listener);
  se_test_spin (50);
  g_clear_object (&pair->client);
  g_clear_object (&pair->listener);
  g_clear_object (&pair->log);
  g_byte_array_unref (pair->received);
}

static gboolean
received_all (gpointer data)
{
  Pair *pair = data;

  return pair->received->len >= GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (pair->client), "expect"));
}

static guint
count_kind (SeTrafficLog *log,
            SeEventKind   kind,
            const char   *detail_part)
{
  guint n = 0;

  se_traffic_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      g_autoptr(SeEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

      if (se_event_get_kind (event) == kind &&
          (detail_part == NULL || strstr (se_event_get_detail (event), detail_part) != NULL))
        n++;
    }
  return n;
}

/* Far more than one TLS record and one read of 64 KiB: what waits in
 * GnuTLS's buffer, where epoll does not see it, must be read too. */
static void
test_echo_insecure (void)
{
  Pair pair = { 0 };
  g_autoptr(GByteArray) sent = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  SeConnection *connection;
  const guint size = 3 * 1024 * 1024 + 17;

  pair_start (&pair, TRUE, NULL);
  for (guint i = 0; i < size; i++)
    {
      guint8 b = (guint8) (i * 7 + i / 251);

      g_byte_array_append (sent, &b, 1);
    }
  bytes = g_bytes_new (sent->data, sent->len);
  g_object_set_data (G_OBJECT (pair.client), "expect", GUINT_TO_POINTER (size));
  g_assert_true (se_client_send (pair.client, bytes, NULL));
  g_assert_true (se_test_wait_until (received_all, &pair, WAIT_MS * 3));
  g_assert_cmpuint (pair.received->len, ==, size);
  g_assert_true (memcmp (pair.received->data, sent->data, size) == 0);

  connection = se_client_get_connection (pair.client);
  g_assert_nonnull (se_connection_get_tls_summary (connection));
  g_assert_nonnull (strstr (se_connection_get_tls_summary (connection), "TLS_UNKNOWN_CA"));
  g_assert_nonnull (strstr (se_connection_get_tls_summary (connection),
                            se_listener_get_tls_fingerprint (pair.listener)));
  /* The listener's certificate, the client's and the server's handshake. */
  g_assert_cmpuint (count_kind (pair.log, SE_EVENT_TLS, "made a self-signed"), ==, 1);
  g_assert_cmpuint (count_kind (pair.log, SE_EVENT_TLS, "TLS 1."), ==, 2);
  g_assert_cmpuint (count_kind (pair.log, SE_EVENT_ERROR, NULL), ==, 0);

  pair_stop (&pair);
}

static gboolean
connection_closed (gpointer data)
{
  SeConnection *connection = data;

  return se_connection_get_state (connection) == SE_CONNECTION_STATE_CLOSED;
}

static void
test_untrusted_is_refused (void)
{
  Pair pair = { 0 };
  g_autoptr(GBytes) bytes = g_bytes_new_static ("secret", 6);
  SeConnection *connection;

  pair_start (&pair, FALSE, NULL);
  connection = se_client_get_connection (pair.client);
  /* Queued until the handshake, then dropped with it. */
  g_assert_true (se_client_send (pair.client, bytes, NULL));
  g_assert_true (se_test_wait_until (connection_closed, connection, WAIT_MS));
  g_assert_nonnull (se_connection_get_error (connection));
  g_assert_nonnull (strstr (se_connection_get_error (connection)->message, "(TLS_UNKNOWN_CA)"));
  g_assert_null (se_connection_get_tls_summary (connection));
  g_assert_cmpuint (pair.received->len, ==, 0);
  g_assert_cmpuint (count_kind (pair.log, SE_EVENT_RECEIVE, NULL), ==, 0);
  pair_stop (&pair);
}

static void
test_pinned (void)
{
  Pair pair = { 0 };
  g_autoptr(GBytes) bytes = g_bytes_new_static ("pinned", 6);
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse ("tls://127.0.0.1:0", NULL);
  g_autoptr(SeResponder) echo = se_responder_parse ("echo", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = se_tls_make_self_signed (NULL);
  g_autofree char *pin = se_tls_certificate_fingerprint (certificate);

  /* A certificate given to the listener, pinned by the client. */
  pair.log = se_traffic_log_new ();
  pair.received = g_byte_array_new ();
  pair.listener = se_listener_new (endpoint, echo, pair.log);
  se_listener_set_tls_certificate (pair.listener, certificate);
  g_assert_cmpstr (se_listener_get_tls_fingerprint (pair.listener), ==, pin);
  se_listener_start_async (pair.listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (pair.listener, result, &error));
  g_clear_object (&result);
  g_assert_cmpuint (count_kind (pair.log, SE_EVENT_TLS, "made a self-signed"), ==, 0);

  pair.client = se_client_new (se_listener_get_endpoint (pair.listener), pair.log);
  se_client_set_tls_pin (pair.client, pin);
  g_signal_connect (pair.client, "received", G_CALLBACK (client_received_cb), &pair);
  se_client_connect_async (pair.client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_client_connect_finish (pair.client, result, &error));

  g_object_set_data (G_OBJECT (pair.client), "expect", GUINT_TO_POINTER (6));
  g_assert_true (se_client_send (pair.client, bytes, NULL));
  g_assert_true (se_test_wait_until (received_all, &pair, WAIT_MS));
  g_assert_cmpmem (pair.received->data, pair.received->len, "pinned", 6);
  g_assert_nonnull (strstr (se_connection_get_tls_summary (se_client_get_connection (pair.client)),
                            "pinned one"));
  pair_stop (&pair);
}

/* Saved and read back: the listener's files, the client's pin and switch;
 * the wrong ones refused with a reason */
static void
test_workspace (void)
{
  const char *pin = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
  g_autoptr(SeWorkspace) workspace = se_workspace_new ();
  g_autoptr(SeWorkspace) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  SeWorkspaceListener *listener = se_workspace_add_listener (workspace, "tls://127.0.0.1:0", "echo");
  SeWorkspaceClient *client = se_workspace_add_client (workspace, "tls://localhost:7443");
  SeWorkspaceListener *plain;
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) made = NULL;
  g_autofree char *cert_file = NULL;

  listener->tls_cert = g_strdup ("/etc/ssl/server.pem");
  listener->tls_key = g_strdup ("/etc/ssl/server.key");
  client->tls_insecure = TRUE;
  client->tls_pin = g_strdup (pin);
  se_workspace_add_client (workspace, "tls://localhost:7444");

  data = se_workspace_to_data (workspace, NULL);
  back = se_workspace_new_from_data (data, -1, &error);
  g_assert_no_error (error);
  plain = g_ptr_array_index (se_workspace_get_listeners (back), 0);
  g_assert_cmpstr (plain->endpoint, ==, "tls://127.0.0.1:0");
  g_assert_cmpstr (plain->tls_cert, ==, "/etc/ssl/server.pem");
  g_assert_cmpstr (plain->tls_key, ==, "/etc/ssl/server.key");
  g_assert_true (((SeWorkspaceClient *) g_ptr_array_index (se_workspace_get_clients (back), 0))->tls_insecure);
  g_assert_cmpstr (((SeWorkspaceClient *) g_ptr_array_index (se_workspace_get_clients (back), 0))->tls_pin, ==, pin);
  g_assert_false (((SeWorkspaceClient *) g_ptr_array_index (se_workspace_get_clients (back), 1))->tls_insecure);
  g_assert_null (((SeWorkspaceClient *) g_ptr_array_index (se_workspace_get_clients (back), 1))->tls_pin);

  /* The listener made from it reads the files when it starts */
  made = se_workspace_listener_create (plain, log, &error);
  g_assert_no_error (error);
  g_object_get (made, "tls-cert-file", &cert_file, NULL);
  g_assert_cmpstr (cert_file, ==, "/etc/ssl/server.pem");
  {
    g_autoptr(GAsyncResult) result = NULL;

    se_listener_start_async (made, NULL, se_test_store_result, &result);
    se_test_wait_result (&result, WAIT_MS);
    g_assert_false (se_listener_start_finish (made, result, &error));
    g_assert_nonnull (strstr (error->message, "/etc/ssl/server.pem"));
    g_clear_error (&error);
    g_assert_false (se_listener_get_running (made));
  }

  g_assert_null (se_workspace_new_from_data ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,"
                                             " \"listeners\": [{\"endpoint\": \"tcp://127.0.0.1:0\", \"tls-cert\": \"a.pem\"}]}",
                                             -1, &error));
  g_assert_nonnull (strstr (error->message, "tls-cert"));
  g_clear_error (&error);
  g_assert_null (se_workspace_new_from_data ("{\"format\": \"socket-explorer-workspace\", \"version\": 1,"
                                             " \"clients\": [{\"endpoint\": \"tls://127.0.0.1:1\", \"tls-pin\": \"abc\"}]}",
                                             -1, &error));
  g_assert_nonnull (strstr (error->message, "tls-pin"));
}

static gboolean
some_held (gpointer data)
{
  return se_stepper_get_n_held (se_stepper_get_default ()) > 0;
}

static gboolean
result_or_held (gpointer data)
{
  return *(GAsyncResult **) data != NULL || some_held (NULL);
}

/* Step mode holds a TLS client's connect() and the listener's accept(),
 * plain socket calls; the TLS stream's reads and writes are not held
 * (GnuTLS reads and writes records of its own, the handshake first), so
 * the echo comes back with no Next and nothing waits behind it. */
static void
test_step_mode (void)
{
  SeStepper *stepper = se_stepper_get_default ();
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse ("tls://127.0.0.1:0", NULL);
  g_autoptr(SeResponder) echo = se_responder_parse ("echo", NULL);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = NULL;
  g_autoptr(SeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  Pair pair = { 0 };
  guint nexts = 0;

  listener = se_listener_new (endpoint, echo, log);
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  se_stepper_set_enabled (stepper, TRUE);
  client = se_client_new (se_listener_get_endpoint (listener), log);
  se_client_set_tls_insecure (client, TRUE);
  pair.client = client;
  pair.received = g_byte_array_new ();
  g_signal_connect (client, "received", G_CALLBACK (client_received_cb), &pair);
  se_client_connect_async (client, NULL, se_test_store_result, &result);
  /* connect(), then accept(): each waits for a Next */
  while (result == NULL)
    {
      g_assert_true (se_test_wait_until (result_or_held, &result, WAIT_MS));
      if (result == NULL)
        {
          g_assert_cmpuint (++nexts, <=, 4);
          g_assert_true (se_stepper_next (stepper));
        }
    }
  g_assert_true (se_client_connect_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nexts, >=, 1);

  g_object_set_data (G_OBJECT (client), "expect", GUINT_TO_POINTER (5));
  g_assert_true (se_client_send (client, hello, NULL));
  while (pair.received->len < 5)
    {
      /* Only the accept() may still wait; no recv() or send() of TLS */
      if (some_held (NULL))
        {
          g_assert_true (g_str_has_prefix (se_stepper_get_next_description (stepper), "accept()"));
          g_assert_true (se_stepper_next (stepper));
        }
      g_assert_true (se_test_wait_until (received_all, &pair, WAIT_MS) || some_held (NULL));
    }
  g_assert_cmpmem (pair.received->data, pair.received->len, "hello", 5);
  g_assert_cmpuint (se_stepper_get_n_held (stepper), ==, 0);

  se_stepper_set_enabled (stepper, FALSE);
  se_client_close (client);
  se_listener_stop (listener);
  se_test_spin (50);
  g_byte_array_unref (pair.received);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (!se_tls_check_backend (NULL))
    {
      /* TAP's way to say the whole file was skipped. */
      g_print ("1..0 # SKIP GIO has no TLS backend (install glib-networking)\n");
      return 0;
    }

  g_test_add_func ("/tls/endpoint", test_endpoint);
  g_test_add_func ("/tls/fingerprints", test_fingerprints);
  g_test_add_func ("/tls/errors-explained", test_errors_explained);
  g_test_add_func ("/tls/self-signed", test_self_signed);
  g_test_add_func ("/tls/bad-files", test_bad_files);
  g_test_add_func ("/tls/echo-insecure", test_echo_insecure);
  g_test_add_func ("/tls/untrusted-is-refused", test_untrusted_is_refused);
  g_test_add_func ("/tls/pinned", test_pinned);
  g_test_add_func ("/tls/workspace", test_workspace);
  g_test_add_func ("/tls/step-mode", test_step_mode);

  return g_test_run ();
}
