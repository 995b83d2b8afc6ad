/* test-diagram-relay.c: a relay on the sequence diagram, three lifelines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real relay over loopback (port 0, bounded waits) between a plain
 * socket of the test and a target whose events go to another log, so
 * that the relay's log is what `socket-explorer-cli relay --json`
 * writes: the diagram draws the real client, the relay and the real
 * server, read from the log and from its JSON Lines alike. Next to
 * test-diagram.c, which would pass 1,000 lines with these.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "socket-explorer-core.h"
#include "se-diagram.h"
#include "se-diagram-svg.h"
#include "se-event-json.h"
#include "se-test-util.h"

#define WAIT_MS 5000

static SeListener *
start_listener (const char   *endpoint_text,
                const char   *relay_to,
                SeTrafficLog *log)
{
  g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (endpoint_text, NULL);
  g_autoptr(SeResponder) responder = se_responder_parse (relay_to != NULL ? "none" : "echo", NULL);
  g_autoptr(SeListener) listener = se_listener_new (endpoint, responder, log);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (relay_to != NULL)
    {
      g_autoptr(SeEndpoint) target = se_endpoint_parse (relay_to, NULL);
      g_autoptr(SeRelay) relay = se_relay_attach (listener, target, &error);

      g_assert_no_error (error);
    }
  se_listener_start_async (listener, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);
  g_assert_true (se_listener_start_finish (listener, result, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&listener);
}

static char *
bound_address (SeListener *listener)
{
  return se_endpoint_to_address (se_listener_get_endpoint (listener));
}

/* A non-blocking socket of the test to the listener: the real client */
static int
client_socket (SeListener *listener,
               gboolean    stream)
{
  struct sockaddr_in addr = { .sin_family = AF_INET };
  int fd = socket (AF_INET, (stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  int rc;

  g_assert_cmpint (fd, >=, 0);
  addr.sin_port = g_htons (se_endpoint_get_port (se_listener_get_endpoint (listener)));
  addr.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  rc = connect (fd, (struct sockaddr *) &addr, sizeof addr);
  g_assert_true (rc == 0 || errno == EINPROGRESS);
  return fd;
}

static char *
local_address (int fd)
{
  struct sockaddr_in addr;
  socklen_t len = sizeof addr;
  char host[INET_ADDRSTRLEN];

  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &addr, &len), ==, 0);
  inet_ntop (AF_INET, &addr.sin_addr, host, sizeof host);
  return g_strdup_printf ("%s:%u", host, g_ntohs (addr.sin_port));
}

static void
send_all (int         fd,
          const char *text)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  gsize len = strlen (text);

  while (len > 0)
    {
      ssize_t n = send (fd, text, len, MSG_NOSIGNAL);

      if (n > 0)
        text += n, len -= n;
      else
        g_assert_true (errno == EAGAIN || errno == ENOTCONN);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
}

/* Reads until len bytes came (or, with len 0, until EOF). */
static void
recv_exact (int         fd,
            const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  gsize len = strlen (expected), got = 0;
  char buffer[256];

  while (g_get_monotonic_time () < deadline)
    {
      ssize_t n = recv (fd, buffer + got, sizeof buffer - got, 0);

      if (n > 0)
        got += n;
      if ((len > 0 && got >= len) || (len == 0 && n == 0))
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  g_assert_cmpmem (buffer, got, expected, len);
}

static gboolean
no_sessions (gpointer data)
{
  return se_relay_get_n_sessions (se_relay_get_for_listener (data)) == 0;
}

static GPtrArray *
events_of (SeTrafficLog *log)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (log);

  se_traffic_log_flush (log);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (events, g_list_model_get_item (model, i));
  return events;
}

/* The log as `relay --json` writes it, read back */
static GPtrArray *
through_json (GPtrArray *events)
{
  g_autoptr(GString) text = g_string_new ("{\"listening\":\"ignored\"}\n");
  g_autoptr(GError) error = NULL;
  guint notes = 0;
  GPtrArray *read;

  for (guint i = 0; i < events->len; i++)
    {
      g_autofree char *line = se_event_format_json (g_ptr_array_index (events, i));

      notes += strstr (line, "\"relayed_to\":") != NULL;
      g_string_append (text, line);
      g_string_append_c (text, '\n');
    }
  g_assert_cmpuint (notes, >, 0);

  read = se_event_parse_json_lines (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, events->len);
  return read;
}

/* Arrows of kind from lifeline to lifeline, and the bytes they carry */
static guint
count_arrows (SeDiagram          *diagram,
              SeDiagramArrowKind  kind,
              guint               from,
              guint               to,
              guint64            *bytes)
{
  guint n_arrows, n = 0;
  const SeDiagramArrow *arrows = se_diagram_get_arrows (diagram, &n_arrows);

  if (bytes != NULL)
    *bytes = 0;
  for (guint i = 0; i < n_arrows; i++)
    {
      if (arrows[i].kind != kind || arrows[i].from_lifeline != from || arrows[i].to_lifeline != to)
        continue;
      n++;
      if (bytes != NULL)
        *bytes += arrows[i].end - arrows[i].start;
    }
  return n;
}

static guint
count (const char *text,
       const char *part)
{
  guint n = 0;

  for (const char *p = strstr (text, part); p != NULL; p = strstr (p + 1, part))
    n++;
  return n;
}

/* Three lifelines, left to right: the client (a peer), the relay, the
 * server (a peer); and the SVG draws what the model has, no golden file:
 * a group per lifeline and per arrow. */
static void
assert_three_lifelines (SeDiagram  *diagram,
                        const char *client,
                        const char *title,
                        const char *server)
{
  guint n, n_arrows;
  const SeDiagramLifeline *lifelines = se_diagram_get_lifelines (diagram, &n);
  g_autofree char *svg = se_diagram_to_svg (diagram, NULL);

  se_diagram_get_arrows (diagram, &n_arrows);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (lifelines[0].kind, ==, SE_DIAGRAM_LIFELINE_PEER);
  g_assert_cmpstr (lifelines[0].address, ==, client);
  g_assert_cmpint (lifelines[1].kind, ==, SE_DIAGRAM_LIFELINE_RELAY);
  g_assert_cmpstr (lifelines[1].title, ==, title);
  g_assert_true (g_str_has_suffix (lifelines[1].address, server));
  g_assert_cmpint (lifelines[2].kind, ==, SE_DIAGRAM_LIFELINE_PEER);
  g_assert_cmpstr (lifelines[2].address, ==, server);

  g_assert_cmpuint (count (svg, "<g class=\"lifeline\">"), ==, 3);
  g_assert_cmpuint (count (svg, "<g class=\"arrow\""), ==, n_arrows);
  g_assert_cmpuint (count (svg, title), ==, 1);
}

/* Client → relay → server and back, the handshakes, and each FIN */
static void
assert_tcp_session (SeDiagram  *diagram,
                    const char *client,
                    const char *title,
                    const char *server)
{
  guint64 bytes;

  assert_three_lifelines (diagram, client, title, server);
  g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_CONNECT, 0, 1, NULL), ==, 1);
  g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_CONNECT, 1, 2, NULL), ==, 1);
  g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_NEW_SOCKET, 1, 1, NULL), ==, 0);
  for (guint from = 0; from < 3; from++)
    for (guint to = 0; to < 3; to++)
      {
        gboolean adjacent = from + 1 == to || to + 1 == from;

        g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_DATA, from, to, &bytes), >=, adjacent);
        g_assert_cmpuint (bytes, ==, adjacent ? strlen ("hello relay") : 0);
        g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_FIN, from, to, NULL), ==, adjacent);
      }
}

static void
test_tcp_loopback (void)
{
  g_autoptr(SeTrafficLog) target_log = se_traffic_log_new ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) target = start_listener ("tcp://127.0.0.1:0", NULL, target_log);
  g_autofree char *server = bound_address (target);
  g_autofree char *target_text = g_strdup_printf ("tcp://%s", server);
  g_autoptr(SeListener) relay = start_listener ("tcp://127.0.0.1:0", target_text, log);
  g_autofree char *relay_address = bound_address (relay);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(SeDiagram) whole = NULL;
  g_autoptr(SeDiagram) from_json = NULL;
  g_autofree char *client = NULL;
  g_autofree char *title = NULL;
  guint accepted = 0, outgoing = 0;
  int fd = client_socket (relay, TRUE);

  send_all (fd, "hello");
  recv_exact (fd, "hello");
  send_all (fd, " relay");
  recv_exact (fd, " relay");
  client = local_address (fd);
  g_assert_cmpint (shutdown (fd, SHUT_WR), ==, 0);
  recv_exact (fd, "");
  close (fd);
  g_assert_true (se_test_wait_until (no_sessions, relay, WAIT_MS));

  events = events_of (log);
  for (guint i = 0; i < events->len; i++)
    {
      SeEvent *event = g_ptr_array_index (events, i);

      if (se_event_get_relayed_to (event) != 0)
        {
          accepted = se_event_get_connection_id (event);
          outgoing = se_event_get_relayed_to (event);
        }
    }
  g_assert_cmpuint (accepted, !=, 0);
  g_assert_cmpuint (outgoing, !=, 0);
  title = g_strdup_printf ("relay #%u → #%u", accepted, outgoing);

  whole = se_diagram_new (events, 0, NULL);
  assert_tcp_session (whole, client, title, server);

  /* Either leg in focus, or the relay's listener: the same session */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SeDiagram) focused = se_diagram_new (events, i == 0 ? accepted : i == 1 ? outgoing : 0,
                                                     i == 2 ? relay_address : NULL);
      guint n_whole, n_focused;

      assert_tcp_session (focused, client, title, server);
      se_diagram_get_arrows (whole, &n_whole);
      se_diagram_get_arrows (focused, &n_focused);
      g_assert_cmpuint (n_focused, ==, n_whole);
    }

  read = through_json (events);
  from_json = se_diagram_new (read, 0, NULL);
  assert_tcp_session (from_json, client, title, server);

  se_listener_stop (relay);
  se_listener_stop (target);
}

/* Two senders through a datagram relay: one lifeline for the relay, a
 * session per sender; a focus on one session's leg draws its own. */
static void
test_udp_loopback (void)
{
  g_autoptr(SeTrafficLog) target_log = se_traffic_log_new ();
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(SeListener) target = start_listener ("udp://127.0.0.1:0", NULL, target_log);
  g_autofree char *server = bound_address (target);
  g_autofree char *target_text = g_strdup_printf ("udp://%s", server);
  g_autoptr(SeListener) relay = start_listener ("udp://127.0.0.1:0", target_text, log);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) whole = NULL;
  int fds[2] = { client_socket (relay, FALSE), client_socket (relay, FALSE) };
  const char *texts[2] = { "ping", "other" };
  /* Two names: g_autofree on an array would free only its first item */
  g_autofree char *sender0 = local_address (fds[0]);
  g_autofree char *sender1 = local_address (fds[1]);
  const char *senders[2] = { sender0, sender1 };
  guint legs[2] = { 0, 0 };
  guint n;

  for (guint i = 0; i < 2; i++)
    {
      send_all (fds[i], texts[i]);
      recv_exact (fds[i], texts[i]);
    }
  send_all (fds[0], "pong!");
  recv_exact (fds[0], "pong!");

  events = events_of (log);
  for (guint i = 0; i < events->len; i++)
    {
      SeEvent *event = g_ptr_array_index (events, i);
      g_autofree char *line = NULL;

      if (se_event_get_relayed_to (event) == 0)
        continue;
      /* The note names the sender, which came to the relay */
      g_assert_cmpuint (se_event_get_connection_id (event), ==, 0);
      line = se_event_format_text (event);
      for (guint k = 0; k < 2; k++)
        if (g_str_equal (se_event_get_remote (event), senders[k]))
          legs[k] = se_event_get_relayed_to (event);
      g_assert_nonnull (strstr (line, "<- 127.0.0.1:"));
    }
  g_assert_cmpuint (legs[0], !=, 0);
  g_assert_cmpuint (legs[1], !=, 0);
  g_assert_cmpuint (legs[0], !=, legs[1]);

  /* The whole log: two senders, the relay, the server */
  whole = se_diagram_new (events, 0, NULL);
  se_diagram_get_lifelines (whole, &n);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpint (se_diagram_get_lifelines (whole, NULL)[2].kind, ==, SE_DIAGRAM_LIFELINE_RELAY);
  g_assert_cmpstr (se_diagram_get_lifelines (whole, NULL)[2].title, ==, "relay");
  g_assert_cmpuint (count_arrows (whole, SE_DIAGRAM_ARROW_DATAGRAM, 2, 3, NULL), ==, 3);
  g_assert_cmpuint (count_arrows (whole, SE_DIAGRAM_ARROW_DATAGRAM, 3, 2, NULL), ==, 3);

  /* One sender's session, from the log and from its JSON Lines */
  for (guint json = 0; json < 2; json++)
    {
      g_autoptr(GPtrArray) read = json ? through_json (events) : g_ptr_array_ref (events);
      g_autoptr(SeDiagram) focused = se_diagram_new (read, legs[0], NULL);
      g_autofree char *title = g_strdup_printf ("relay → #%u", legs[0]);
      guint n_arrows;
      const SeDiagramArrow *arrows = se_diagram_get_arrows (focused, &n_arrows);

      assert_three_lifelines (focused, senders[0], title, server);
      for (guint from = 0; from < 3; from++)
        for (guint to = 0; to < 3; to++)
          g_assert_cmpuint (count_arrows (focused, SE_DIAGRAM_ARROW_DATAGRAM, from, to, NULL), ==,
                            from + 1 == to || to + 1 == from ? 2 : 0);
      for (guint i = 0; i < n_arrows; i++)
        g_assert_null (strstr (arrows[i].label, "other"));
    }

  close (fds[0]);
  close (fds[1]);
  se_listener_stop (relay);
  se_listener_stop (target);
}

static void
add (SeTrafficLog *log,
     SeEventKind   kind,
     guint         conn,
     const char   *local,
     const char   *remote,
     const char   *data,
     guint         relayed_to)
{
  SeEventInfo info = {
    .kind = kind,
    .protocol = SE_PROTOCOL_TCP,
    .connection_id = conn,
    .local = local,
    .remote = remote,
    .size = data != NULL ? strlen (data) : 0,
    .data = (const guint8 *) data,
    .data_len = data != NULL ? strlen (data) : 0,
    .detail = relayed_to != 0 ? SE_EVENT_DETAIL_RELAYED : SE_EVENT_DETAIL_TEXT,
    .detail_arg = relayed_to,
  };

  se_traffic_log_append_info (log, &info);
}

#define CLIENT "127.0.0.1:40000"
#define RELAY "127.0.0.1:8080"
#define LEG "127.0.0.1:40001"
#define SERVER "127.0.0.1:7000"

/* The window's own client (#3) through a relay (#1 accepted, #2 to a
 * server outside the log): its sends are cut where the relay's reads
 * cut them, as on any connection. */
static void
test_chunking (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  const SeDiagramLifeline *lifelines;
  const SeDiagramStep *steps;
  guint n, n_steps;

  add (log, SE_EVENT_BIND, 0, RELAY, NULL, NULL, 0);
  add (log, SE_EVENT_LISTEN, 0, RELAY, NULL, NULL, 0);
  add (log, SE_EVENT_CONNECT, 3, CLIENT, RELAY, NULL, 0);
  add (log, SE_EVENT_ACCEPT, 1, RELAY, CLIENT, NULL, 0);
  add (log, SE_EVENT_CONNECT, 2, LEG, SERVER, NULL, 0);
  add (log, SE_EVENT_CONNECT, 1, RELAY, SERVER, NULL, 2);
  add (log, SE_EVENT_SEND, 3, CLIENT, RELAY, "abcde", 0);
  add (log, SE_EVENT_SEND, 3, CLIENT, RELAY, "fghij", 0);
  add (log, SE_EVENT_SEND, 3, CLIENT, RELAY, "klmno", 0);
  add (log, SE_EVENT_RECEIVE, 1, RELAY, CLIENT, "abcd", 0);
  add (log, SE_EVENT_SEND, 2, LEG, SERVER, "abcd", 0);
  add (log, SE_EVENT_RECEIVE, 1, RELAY, CLIENT, "efghijklmno", 0);
  add (log, SE_EVENT_SEND, 2, LEG, SERVER, "efghijklmno", 0);
  add (log, SE_EVENT_RECEIVE, 2, LEG, SERVER, "OK", 0);
  add (log, SE_EVENT_SEND, 1, RELAY, CLIENT, "OK", 0);
  add (log, SE_EVENT_RECEIVE, 3, CLIENT, RELAY, "O", 0);
  add (log, SE_EVENT_RECEIVE, 3, CLIENT, RELAY, "K", 0);

  events = events_of (log);
  diagram = se_diagram_new (events, 3, NULL);
  lifelines = se_diagram_get_lifelines (diagram, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (lifelines[0].title, ==, "client socket #3");
  g_assert_cmpstr (lifelines[1].title, ==, "relay #1 → #2");
  g_assert_cmpstr (lifelines[1].address, ==, RELAY " → " SERVER);
  g_assert_cmpstr (lifelines[2].address, ==, SERVER);

  /* 5+5+5 read as 4+11: bytes 0–3, 4, 5–9, 10–14; the relay sends its
   * two reads on; the server's 2 bytes come back read as 1+1. */
  g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_DATA, 0, 1, NULL), ==, 4);
  g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_DATA, 1, 2, NULL), ==, 2);
  g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_DATA, 2, 1, NULL), ==, 1);
  g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_DATA, 1, 0, NULL), ==, 2);
  g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_CONNECT, 0, 1, NULL), ==, 1);
  g_assert_cmpuint (count_arrows (diagram, SE_DIAGRAM_ARROW_CONNECT, 1, 2, NULL), ==, 1);

  /* The relay's steps say which leg made the call; its note is none */
  steps = se_diagram_get_steps (diagram, &n_steps);
  g_assert_cmpuint (n_steps, ==, events->len - 1);
  for (guint i = 0; i < n_steps; i++)
    if (steps[i].lifeline == 1 && steps[i].kind == SE_EVENT_SEND)
      g_assert_true (g_str_has_prefix (steps[i].call, "#1 ") || g_str_has_prefix (steps[i].call, "#2 "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/diagram-relay/tcp-loopback", test_tcp_loopback);
  g_test_add_func ("/diagram-relay/udp-loopback", test_udp_loopback);
  g_test_add_func ("/diagram-relay/chunking", test_chunking);

  return g_test_run ();
}
