/* test-rules.c: match-and-reply rules over loopback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets only: 127.0.0.1, port 0, bounded waits.
 */
#include "config.h"

#include <string.h>

#include <gio/gunixsocketaddress.h>

#include "socket-explorer-core.h"
#include "se-test-util.h"

#define WAIT_MS 5000

typedef struct
{
  SeClient   *client;
  GByteArray *received;
  gboolean    closed;
} Peer;

static void
peer_received_cb (SeClient   *client,
                  GBytes     *bytes,
                  const char *from,
                  Peer       *peer)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_byte_array_append (peer->received, data, len);
}

static void
peer_closed_cb (SeClient *client,
                Peer     *peer)
{
  peer->closed = TRUE;
}

static Peer *
peer_connect (SeEndpoint   *target,
              SeTrafficLog *log,
              SeRuleSet    *rules)
{
  Peer *peer = g_new0 (Peer, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  peer->client = se_client_new (target, log);
  peer->received = g_byte_array_new ();
  se_client_set_rules (peer->client, rules);
  g_signal_connect (peer->client, "received", G_CALLBACK (peer_received_cb), peer);
  g_signal_connect (peer->client, "closed", G_CALLBACK (peer_closed_cb), peer);
  se_client_connect_async (peer->client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_client_connect_finish (peer->client, result, &error);
  g_assert_no_error (error);
  return peer;
}

static void
peer_free (Peer *peer)
{
  g_signal_handlers_disconnect_by_data (peer->client, peer);
  se_client_close (peer->client);
  g_assert_finalize_object (peer->client);
  g_byte_array_unref (peer->received);
  g_free (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

static void
peer_send (Peer       *peer,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  se_client_send (peer->client, bytes, &error);
  g_assert_no_error (error);
}

typedef struct
{
  Peer  *peer;
  gsize  len;
} WaitLen;

static gboolean
has_len (gpointer data)
{
  WaitLen *w = data;

  return w->peer->received->len >= w->len;
}

/* Waits for exactly expected (and a little more, to catch extra bytes),
 * then forgets what was received. */
static void
peer_expect (Peer       *peer,
             const char *expected)
{
  WaitLen w = { peer, strlen (expected) };

  g_assert_true (se_test_wait_until (has_len, &w, WAIT_MS));
  se_test_spin (30);
  g_assert_cmpmem (peer->received->data, peer->received->len, expected, strlen (expected));
  g_byte_array_set_size (peer->received, 0);
}

static SeRuleSet *
rules_from (const char * const *texts)
{
  g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify) se_rule_unref);

  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      SeRule *rule = se_rule_parse (texts[i], &error);

      g_assert_no_error (error);
      g_ptr_array_add (rules, rule);
    }
  return se_rule_set_new (rules);
}

static SeListener *
start_listener (const char   *endpoint_text,
                const char   *responder_text,
                SeRuleSet    *rules,
                SeTrafficLog *log)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse (responder_text, NULL);
  g_autoptr(SeListener) listener = se_listener_new (endpoint, responder, log);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  se_listener_set_rules (listener, rules);
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  se_listener_start_finish (listener, result, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&listener);
}

static void
test_parse (void)
{
  static const struct
  {
    const char *text;
    SeRuleKind  kind;
    const char *match;
    const char *reply;
    guint       delay;
    gboolean    close_after;
    const char *canonical;
  } cases[] = {
    { "exact:ping=>pong", SE_RULE_EXACT, "ping", "pong", 0, FALSE, "exact:ping=>pong" },
    { "PREFIX:HELO=>250 Hello\\r\\n", SE_RULE_PREFIX, "HELO", "250 Hello\\r\\n", 0, FALSE, "prefix:HELO=>250 Hello\\r\\n" },
    { "contains,delay=250:a=>b=>c", SE_RULE_CONTAINS, "a", "b=>c", 250, FALSE, "contains,delay=250:a=>b=>c" },
    { "regex, close ,delay=5:^x:y$=>", SE_RULE_REGEX, "^x:y$", "", 5, TRUE, "regex,delay=5,close:^x:y$=>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeRule) rule = se_rule_parse (cases[i].text, &error);
      g_autoptr(SeRule) again = NULL;
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (se_rule_get_kind (rule), ==, cases[i].kind);
      g_assert_cmpstr (se_rule_get_match (rule), ==, cases[i].match);
      g_assert_cmpstr (se_rule_get_reply (rule), ==, cases[i].reply);
      g_assert_cmpuint (se_rule_get_delay (rule), ==, cases[i].delay);
      g_assert_cmpint (se_rule_get_close_after (rule), ==, cases[i].close_after);
      text = se_rule_to_string (rule);
      g_assert_cmpstr (text, ==, cases[i].canonical);
      again = se_rule_parse (text, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (se_rule_get_match (again), ==, cases[i].match);
    }
}

static void
test_parse_errors (void)
{
  static const struct
  {
    const char *text;
    const char *mentions;
  } cases[] = {
    { "regex:^GET (=>x", "missing terminating )" },
    { "regex:a{2,1}=>x", "rule “a{2,1}”" },
    { "prefix:a=>{{nope}}", "{{nope}}" },
    { "prefix:bad\\q=>x", "\\q" },
    { "prefix:a=>bad\\q", "\\q" },
    { "exact:=>x", "exact rule needs" },
    { "glob:a=>b", "“glob”" },
    { "exact,later:a=>b", "“later”" },
    { "exact,delay=3600001:a=>b", "delay=3600001" },
    { "no separator", "TYPE:MATCH=>REPLY" },
    { "exact:no arrow", "TYPE:MATCH=>REPLY" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeRule) rule = se_rule_parse (cases[i].text, &error);

      g_test_message ("%s: %s", cases[i].text, error ? error->message : "(no error)");
      g_assert_null (rule);
      g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER);
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
    }
}

static void
assert_match (const char *rule_text,
              const char *data,
              gsize       len,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeRule) rule = se_rule_parse (rule_text, &error);
  g_autoptr(GBytes) reply = NULL;
  gboolean matched;

  g_assert_no_error (error);
  g_test_message ("%s", rule_text);
  matched = se_rule_match (rule, (const guint8 *) data, len, 7, &reply, &error);
  g_assert_no_error (error);
  if (expected == NULL)
    {
      g_assert_false (matched);
      return;
    }
  g_assert_true (matched);
  g_assert_cmpmem (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), expected, strlen (expected));
}

static void
test_match (void)
{
  assert_match ("exact:ping\\n=>pong", "ping\n", 5, "pong");
  assert_match ("exact:ping=>pong", "ping\n", 5, NULL);
  assert_match ("prefix:HELO=>250 \\0", "HELO there", 10, "250 HELO");
  assert_match ("prefix:HELO=>x", "HEL", 3, NULL);
  assert_match ("contains:\\x00\\xff=>found", "ab\0\xff" "cd", 6, "found");
  assert_match ("contains:\\x00\\xff=>found", "ab\0" "cd", 5, NULL);
}

static void
test_match_bytes (void)
{
  /* Captured bytes go out as they are: no escape or macro in them is
   * read, binary and invalid UTF-8 included. */
  assert_match ("regex:^say (.*)$=>[\\1]", "say {{uuid}}\\n", 14, "[{{uuid}}\\n]");
  assert_match ("regex:^(\\S+) (\\S+)=>\\2 \\1 #{{counter}}", "hello world", 11, "world hello #7");
  assert_match ("regex:^a(x)?b=>[\\1][\\9]", "ab", 2, "[][]");
  assert_match ("regex:^GET (\\S+)=>HTTP/1.0 200 OK\\r\\n\\r\\nyou asked for \\1",
                "GET /index.html HTTP/1.0\r\n\r\n", 28,
                "HTTP/1.0 200 OK\r\n\r\nyou asked for /index.html");
  assert_match ("regex:\\xff(.)=>\\1\\1", "\x01\xff\xfe", 3, "\xfe\xfe");
  assert_match ("contains:\\x00\\xff=>found \\\\0", "ab\0\xff" "cd", 6, "found \\0");
  assert_match ("regex:^x=>{{len}}:abc", "x", 1, "4:abc");
}

/* Each kind on a real TCP connection, the first match answering and the
 * responder taking the rest. */
static void
test_stream (void)
{
  const char * const texts[] = {
    "exact:ping=>pong",
    "prefix:HELO=>250 Hello\\r\\n",
    "contains:needle=>found it",
    "regex:^GET (\\S+)=>you asked for \\1 ({{counter}})",
    "prefix:GET /first=>never: the regex comes first",
    NULL,
  };
  g_autoptr(SeRuleSet) rules = rules_from (texts);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "upper", rules, log);
  g_autoptr(Peer) peer = peer_connect (se_listener_get_endpoint (listener), log, NULL);

  peer_send (peer, "ping");
  peer_expect (peer, "pong");
  peer_send (peer, "HELO example.org");
  peer_expect (peer, "250 Hello\r\n");
  peer_send (peer, "a haystack with a needle in it");
  peer_expect (peer, "found it");
  peer_send (peer, "GET /first HTTP/1.0");
  peer_expect (peer, "you asked for /first (4)");
  /* Nothing matches: the responder. */
  peer_send (peer, "pingx");
  peer_expect (peer, "PINGX");
  g_assert_false (peer->closed);

  se_listener_stop (listener);
  g_clear_pointer (&peer, peer_free);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

static void
test_delay_and_close (void)
{
  const char * const texts[] = {
    "exact,delay=300:slow=>late",
    "exact,close:quit=>bye",
    NULL,
  };
  g_autoptr(SeRuleSet) rules = rules_from (texts);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", rules, log);
  g_autoptr(Peer) peer = peer_connect (se_listener_get_endpoint (listener), log, NULL);
  gint64 start;

  start = g_get_monotonic_time ();
  peer_send (peer, "slow");
  se_test_spin (150);
  g_assert_cmpuint (peer->received->len, ==, 0);
  peer_expect (peer, "late");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  peer_send (peer, "quit");
  peer_expect (peer, "bye");
  /* The server closed its end: the client reads EOF. */
  g_assert_true (se_test_wait_n_items (se_listener_get_connections (listener), 0, WAIT_MS));
  for (guint i = 0; i < 100 && se_connection_get_state (se_client_get_connection (peer->client)) ==
                               SE_CONNECTION_STATE_CONNECTED; i++)
    se_test_spin (20);
  g_assert_cmpint (se_connection_get_state (se_client_get_connection (peer->client)), ==,
                   SE_CONNECTION_STATE_HALF_CLOSED_REMOTE);

  se_listener_stop (listener);
  g_clear_pointer (&peer, peer_free);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

/* A delayed reply to a connection that is gone is dropped quietly. */
static void
test_delay_after_close (void)
{
  const char * const texts[] = { "exact,delay=200:slow=>late", NULL };
  g_autoptr(SeRuleSet) rules = rules_from (texts);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", rules, log);
  g_autoptr(Peer) peer = peer_connect (se_listener_get_endpoint (listener), log, NULL);
  GListModel *connections = se_listener_get_connections (listener);

  g_assert_true (se_test_wait_n_items (connections, 1, WAIT_MS));
  peer_send (peer, "slow");
  se_test_spin (50);
  g_clear_pointer (&peer, peer_free);
  se_listener_stop (listener);
  se_test_spin (300);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

static void
test_datagram (void)
{
  const char * const texts[] = {
    "regex:^time\\?$=>it is {{counter}}",
    "exact,delay=100:later=>now",
    NULL,
  };
  g_autoptr(SeRuleSet) rules = rules_from (texts);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("udp://127.0.0.1:0", "echo", rules, log);
  g_autoptr(Peer) peer = peer_connect (se_listener_get_endpoint (listener), log, NULL);

  peer_send (peer, "time?");
  peer_expect (peer, "it is 1");
  peer_send (peer, "time?");
  peer_expect (peer, "it is 2");
  peer_send (peer, "later");
  peer_expect (peer, "now");
  peer_send (peer, "other");
  peer_expect (peer, "other");

  se_listener_stop (listener);
  g_clear_pointer (&peer, peer_free);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

/* Rules on a client answer what the server sends: a greeting. */
static void
test_client_rules (void)
{
  const char * const texts[] = { "prefix:Thank you=>you are welcome", NULL };
  g_autoptr(SeRuleSet) rules = rules_from (texts);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", NULL, log);
  g_autoptr(Peer) peer = NULL;
  SeConnection *accepted;

  se_listener_set_close_on_eof (listener, FALSE);
  peer = peer_connect (se_listener_get_endpoint (listener), log, rules);
  g_assert_true (se_test_wait_n_items (se_listener_get_connections (listener), 1, WAIT_MS));
  accepted = g_list_model_get_item (se_listener_get_connections (listener), 0);
  {
    g_autoptr(GBytes) greeting = g_bytes_new_static ("Thank you for connection", 24);

    se_connection_send (accepted, greeting, NULL);
  }
  peer_expect (peer, "Thank you for connection");
  for (guint i = 0; i < 100 && se_connection_get_bytes_received (accepted) < 15; i++)
    se_test_spin (20);
  g_assert_cmpuint (se_connection_get_bytes_received (accepted), ==, 15);
  g_object_unref (accepted);

  se_listener_stop (listener);
  g_clear_pointer (&peer, peer_free);
  g_assert_finalize_object (g_steal_pointer (&listener));
}

/* A server of plain sockets for the datagram clients' tests: it learns
 * the client's address from its first datagram. */
static GBytes *
server_receive (GSocket         *server,
                GSocketAddress **from)
{
  char buffer[512];
  g_autoptr(GError) error = NULL;
  gssize n;

  g_socket_set_timeout (server, WAIT_MS / 1000);
  /* The client's socket lives on this thread's main loop: let it run
   * while the server waits. */
  for (guint i = 0; i < WAIT_MS / 10; i++)
    {
      if (g_socket_condition_check (server, G_IO_IN) & G_IO_IN)
        break;
      se_test_spin (10);
    }
  n = g_socket_receive_from (server, from != NULL ? from : NULL, buffer, sizeof buffer, NULL, &error);
  g_assert_no_error (error);
  return g_bytes_new (buffer, n);
}

static void
assert_bytes (GBytes     *bytes,
              const char *expected)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpmem (data, len, expected, strlen (expected));
}

/* Rules on a UDP or Unix datagram client answer each datagram the
 * target sends back; "close" closes the client's socket. */
static void
test_datagram_client_rules (gconstpointer data)
{
  gboolean unix_dgram = GPOINTER_TO_INT (data);
  const char * const texts[] = {
    "regex:^hello (\\w+)$=>hi \\1 #{{counter}}",
    "exact,close:bye=>ok",
    NULL,
  };
  g_autoptr(SeRuleSet) rules = rules_from (texts);
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autofree char *dir = NULL;
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocketAddress) client_address = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(Peer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) got = NULL;

  if (unix_dgram)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;

      dir = se_test_make_temp_dir ();
      path = g_build_filename (dir, "server", NULL);
      server = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
      g_assert_no_error (error);
      bound = g_unix_socket_address_new (path);
      g_socket_bind (server, bound, FALSE, &error);
      g_assert_no_error (error);
      text = g_strconcat ("unix-dgram://", path, NULL);
      target = se_endpoint_parse (text, &error);
    }
  else
    {
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
      g_autofree char *text = NULL;

      server = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
      g_assert_no_error (error);
      g_socket_bind (server, any, FALSE, &error);
      g_assert_no_error (error);
      bound = g_socket_get_local_address (server, &error);
      text = g_strdup_printf ("udp://127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
      target = se_endpoint_parse (text, &error);
    }
  g_assert_no_error (error);

  peer = peer_connect (target, log, rules);
  peer_send (peer, "start");
  got = server_receive (server, &client_address);
  assert_bytes (got, "start");
  g_clear_pointer (&got, g_bytes_unref);

  /* The server speaks; the client's rule answers, {{counter}} counting
   * the client's datagrams (its first was "start"). */
  g_socket_send_to (server, client_address, "hello bob", 9, NULL, &error);
  g_assert_no_error (error);
  got = server_receive (server, NULL);
  assert_bytes (got, "hi bob #2");
  g_clear_pointer (&got, g_bytes_unref);
  g_assert_cmpmem (peer->received->data, peer->received->len, "hello bob", 9);
  g_byte_array_set_size (peer->received, 0);

  /* Nothing matches: no answer, the client stays open. */
  g_socket_send_to (server, client_address, "other", 5, NULL, &error);
  g_assert_no_error (error);
  se_test_spin (100);
  g_assert_false (g_socket_condition_check (server, G_IO_IN) & G_IO_IN);
  g_assert_true (se_client_get_connected (peer->client));

  /* "close": the reply, then the client's socket closes. */
  g_socket_send_to (server, client_address, "bye", 3, NULL, &error);
  g_assert_no_error (error);
  got = server_receive (server, NULL);
  assert_bytes (got, "ok");
  for (guint i = 0; i < 100 && !peer->closed; i++)
    se_test_spin (10);
  g_assert_true (peer->closed);
  g_assert_false (se_client_get_connected (peer->client));

  g_clear_pointer (&peer, peer_free);
  g_socket_close (server, NULL);
  if (dir != NULL)
    se_test_remove_dir (dir);
}

static void
test_json (void)
{
  const char * const texts[] = {
    "regex,delay=20,close:^GET (\\S+)=>ok \\1",
    "exact:a=>b",
    NULL,
  };
  g_autoptr(SeRuleSet) rules = rules_from (texts);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(SeRuleSet) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(SeRuleSet) none = NULL;

  se_rule_set_to_json (rules, builder);
  node = json_builder_get_root (builder);
  again = se_rule_set_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (se_rule_set_get_n_rules (again), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *a = se_rule_to_string (se_rule_set_get_rule (rules, i));
      g_autofree char *b = se_rule_to_string (se_rule_set_get_rule (again, i));

      g_assert_cmpstr (a, ==, b);
    }

  bad = json_from_string ("[{\"type\":\"regex\",\"match\":\"(\",\"reply\":\"x\"}]", &error);
  g_assert_no_error (error);
  none = se_rule_set_new_from_json (bad, &error);
  g_assert_null (none);
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_RESPONDER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/parse", test_parse);
  g_test_add_func ("/rules/parse-errors", test_parse_errors);
  g_test_add_func ("/rules/match", test_match);
  g_test_add_func ("/rules/match-bytes", test_match_bytes);
  g_test_add_func ("/rules/stream", test_stream);
  g_test_add_func ("/rules/delay-and-close", test_delay_and_close);
  g_test_add_func ("/rules/delay-after-close", test_delay_after_close);
  g_test_add_func ("/rules/datagram", test_datagram);
  g_test_add_func ("/rules/client", test_client_rules);
  g_test_add_data_func ("/rules/client-udp", GINT_TO_POINTER (FALSE), test_datagram_client_rules);
  g_test_add_data_func ("/rules/client-unix-dgram", GINT_TO_POINTER (TRUE), test_datagram_client_rules);
  g_test_add_func ("/rules/json", test_json);

  return g_test_run ();
}
