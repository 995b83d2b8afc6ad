/* test-diagram.c: the sequence diagram's model, layout, SVG and JSON reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The events are appended to a real SeTrafficLog, as the engine appends
 * them, and read back as the window's diagram reads them.
 */
#include "config.h"

#include <string.h>

#include "se-diagram.h"
#include "se-diagram-layout.h"
#include "se-diagram-svg.h"
#include "se-event-json.h"
#include "se-error.h"
#include "se-traffic-log.h"

typedef struct
{
  SeTrafficLog *log;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->log = se_traffic_log_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->log);
}

static void
add (Fixture           *f,
     SeEventKind        kind,
     SeProtocol         protocol,
     guint              conn,
     const char        *local,
     const char        *remote,
     const char        *data,
     SeEventDetailCode  detail)
{
  SeEventInfo info = {
    .kind = kind,
    .protocol = protocol,
    .connection_id = conn,
    .local = local,
    .remote = remote,
    .size = data != NULL ? strlen (data) : 0,
    .data = (const guint8 *) data,
    .data_len = data != NULL ? strlen (data) : 0,
    .detail = detail,
  };

  se_traffic_log_append_info (f->log, &info);
}

static GPtrArray *
events_of (Fixture *f)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (f->log);

  se_traffic_log_flush (f->log);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (events, g_list_model_get_item (model, i));
  return events;
}

static guint
find_lifeline (SeDiagram  *diagram,
               const char *title)
{
  guint n;
  const SeDiagramLifeline *lifelines = se_diagram_get_lifelines (diagram, &n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (lifelines[i].title, title))
      return i;
  g_assert_not_reached ();
}

static const SeDiagramStep *
find_step (SeDiagram  *diagram,
           guint       lifeline,
           const char *call,
           guint       nth)
{
  guint n;
  const SeDiagramStep *steps = se_diagram_get_steps (diagram, &n);

  for (guint i = 0; i < n; i++)
    if (steps[i].lifeline == lifeline && g_str_equal (steps[i].call, call) && nth-- == 0)
      return &steps[i];
  return NULL;
}

#define CLIENT "127.0.0.1:40000"
#define SERVER "127.0.0.1:7000"

/* A client (connection 1) and a listener in one log, as in the window:
 * the listener accepted connection 2; the client sent three times 5
 * bytes, which the connection read as 4 and 11. */
static void
add_tcp_chunking (Fixture *f)
{
  add (f, SE_EVENT_BIND, SE_PROTOCOL_TCP, 0, SERVER, NULL, NULL, 0);
  add (f, SE_EVENT_LISTEN, SE_PROTOCOL_TCP, 0, SERVER, NULL, NULL, SE_EVENT_DETAIL_LISTENING);
  add (f, SE_EVENT_ACCEPT, SE_PROTOCOL_TCP, 2, SERVER, CLIENT, NULL, SE_EVENT_DETAIL_ACCEPTED);
  add (f, SE_EVENT_CONNECT, SE_PROTOCOL_TCP, 1, CLIENT, SERVER, NULL, SE_EVENT_DETAIL_CONNECTED);
  add (f, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, CLIENT, SERVER, "abcde", 0);
  add (f, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, CLIENT, SERVER, "fghij", 0);
  add (f, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, CLIENT, SERVER, "klmno", 0);
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 2, SERVER, CLIENT, "abcd", 0);
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 2, SERVER, CLIENT, "efghijklmno", 0);
  add (f, SE_EVENT_SHUTDOWN, SE_PROTOCOL_TCP, 1, CLIENT, SERVER, NULL, SE_EVENT_DETAIL_SHUT_WR);
  add (f, SE_EVENT_SHUTDOWN, SE_PROTOCOL_TCP, 2, SERVER, CLIENT, NULL, SE_EVENT_DETAIL_PEER_EOF);
  add (f, SE_EVENT_CLOSE, SE_PROTOCOL_TCP, 2, SERVER, CLIENT, NULL, 0);
  add (f, SE_EVENT_CLOSE, SE_PROTOCOL_TCP, 1, CLIENT, SERVER, NULL, 0);
}

static void
test_tcp_chunking (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  const SeDiagramArrow *arrows;
  const SeDiagramLifeline *lifelines;
  const SeDiagramStep *read1, *read2, *connect, *accept;
  guint n_arrows, n_lifelines, client, listening, accepted;
  guint n_data = 0;
  struct { const char *send; const char *read; guint64 start, end; } expected[] = {
    { "send(5)", "recv()=4", 0, 4 },
    { "send(5)", "recv()=11", 4, 5 },
    { "send(5)", "recv()=11", 5, 10 },
    { "send(5)", "recv()=11", 10, 15 },
  };

  add_tcp_chunking (f);
  events = events_of (f);
  diagram = se_diagram_new (events, 0, NULL);

  /* One lifeline per socket: the client's, the listening one, the
   * accepted one; in that order, and no peer: both ends are in the log. */
  lifelines = se_diagram_get_lifelines (diagram, &n_lifelines);
  g_assert_cmpuint (n_lifelines, ==, 3);
  client = find_lifeline (diagram, "client socket #1");
  listening = find_lifeline (diagram, "listening socket");
  accepted = find_lifeline (diagram, "connection socket #2");
  g_assert_cmpuint (client, <, listening);
  g_assert_cmpuint (listening, <, accepted);
  g_assert_cmpstr (lifelines[client].address, ==, CLIENT);
  g_assert_cmpstr (lifelines[listening].address, ==, SERVER);
  g_assert_true (lifelines[accepted].closed);

  /* connect() → accept(), drawn level: the accept came first in the log */
  connect = find_step (diagram, client, "connect()", 0);
  accept = find_step (diagram, listening, "accept()", 0);
  g_assert_nonnull (connect);
  g_assert_nonnull (accept);
  g_assert_cmpuint (connect->row, ==, accept->row);
  g_assert_cmpuint (lifelines[accepted].first_row, ==, accept->row);

  read1 = find_step (diagram, accepted, "recv()=4", 0);
  read2 = find_step (diagram, accepted, "recv()=11", 0);
  g_assert_nonnull (read1);
  g_assert_nonnull (read2);

  /* Three sends became two reads: four pieces, each with its bytes */
  arrows = se_diagram_get_arrows (diagram, &n_arrows);
  for (guint i = 0; i < n_arrows; i++)
    {
      const SeDiagramArrow *arrow = &arrows[i];
      const SeDiagramStep *steps = se_diagram_get_steps (diagram, NULL);

      if (arrow->kind != SE_DIAGRAM_ARROW_DATA)
        continue;
      g_assert_cmpuint (n_data, <, G_N_ELEMENTS (expected));
      g_assert_cmpuint (arrow->from_lifeline, ==, client);
      g_assert_cmpuint (arrow->to_lifeline, ==, accepted);
      g_assert_cmpstr (steps[arrow->from_step].call, ==, expected[n_data].send);
      g_assert_cmpstr (steps[arrow->to_step].call, ==, expected[n_data].read);
      g_assert_cmpuint (arrow->start, ==, expected[n_data].start);
      g_assert_cmpuint (arrow->end, ==, expected[n_data].end);
      g_assert_false (arrow->in_flight);
      /* The piece's label says where it is and what it is */
      g_assert_cmpuint (arrow->event_index, ==, steps[arrow->from_step].event_index);
      n_data++;
    }
  g_assert_cmpuint (n_data, ==, 4);
  g_assert_true (strstr (arrows[0].label, "abcd") != NULL ||
                 strstr (arrows[1].label, "abcd") != NULL ||
                 strstr (arrows[2].label, "abcd") != NULL);

  /* The first piece ends at the first read, the rest at the second */
  {
    gboolean seen_label = FALSE;

    for (guint i = 0; i < n_arrows; i++)
      if (arrows[i].kind == SE_DIAGRAM_ARROW_DATA && arrows[i].start == 4)
        {
          g_assert_cmpstr (arrows[i].label, ==, "byte 4 “e”");
          g_assert_cmpfloat (arrows[i].to_row, ==, read2->row);
          seen_label = TRUE;
        }
      else if (arrows[i].kind == SE_DIAGRAM_ARROW_DATA && arrows[i].start == 0)
        {
          g_assert_cmpstr (arrows[i].label, ==, "bytes 0–3 “abcd”");
          g_assert_cmpfloat (arrows[i].to_row, ==, read1->row);
        }
    g_assert_true (seen_label);
  }

  /* The handshake and the FIN */
  {
    guint n_connect = 0, n_fin = 0, n_new = 0;

    for (guint i = 0; i < n_arrows; i++)
      {
        if (arrows[i].kind == SE_DIAGRAM_ARROW_CONNECT)
          {
            g_assert_cmpuint (arrows[i].from_lifeline, ==, client);
            g_assert_cmpuint (arrows[i].to_lifeline, ==, listening);
            n_connect++;
          }
        else if (arrows[i].kind == SE_DIAGRAM_ARROW_FIN)
          {
            const SeDiagramStep *steps = se_diagram_get_steps (diagram, NULL);

            g_assert_cmpstr (steps[arrows[i].from_step].call, ==, "shutdown(SHUT_WR)");
            g_assert_cmpstr (steps[arrows[i].to_step].call, ==, "recv()=0");
            n_fin++;
          }
        else if (arrows[i].kind == SE_DIAGRAM_ARROW_NEW_SOCKET)
          {
            g_assert_cmpuint (arrows[i].to_lifeline, ==, accepted);
            n_new++;
          }
      }
    /* The connection closed first: its FIN to the client is not read
     * in this log, and the client closed right after without reading. */
    g_assert_cmpuint (n_connect, ==, 1);
    g_assert_cmpuint (n_new, ==, 1);
    g_assert_cmpuint (n_fin, ==, 1);
  }
}

/* A client with a call before connect() (its socket()): the handshake is
 * still drawn level with accept() when that call came first, and never
 * upward. */
static void
test_handshake_level (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  const SeDiagramArrow *arrows;
  guint n_arrows, n_connect = 0;

  /* Stands for socket(): any call of connection 1 before its connect() */
  add (f, SE_EVENT_ERROR, SE_PROTOCOL_TCP, 1, "", SERVER, NULL, 0);
  add (f, SE_EVENT_ACCEPT, SE_PROTOCOL_TCP, 2, SERVER, CLIENT, NULL, SE_EVENT_DETAIL_ACCEPTED);
  add (f, SE_EVENT_CONNECT, SE_PROTOCOL_TCP, 1, CLIENT, SERVER, NULL, SE_EVENT_DETAIL_CONNECTED);
  events = events_of (f);
  diagram = se_diagram_new (events, 0, NULL);

  arrows = se_diagram_get_arrows (diagram, &n_arrows);
  for (guint i = 0; i < n_arrows; i++)
    if (arrows[i].kind == SE_DIAGRAM_ARROW_CONNECT)
      {
        g_assert_cmpfloat (arrows[i].from_row, ==, arrows[i].to_row);
        n_connect++;
      }
  g_assert_cmpuint (n_connect, ==, 1);
}

/* Not read yet: the bytes are drawn in flight. */
static void
test_tcp_in_flight (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  const SeDiagramArrow *arrows;
  guint n_arrows, n_in_flight = 0;

  add (f, SE_EVENT_ACCEPT, SE_PROTOCOL_TCP, 2, SERVER, CLIENT, NULL, SE_EVENT_DETAIL_ACCEPTED);
  add (f, SE_EVENT_CONNECT, SE_PROTOCOL_TCP, 1, CLIENT, SERVER, NULL, SE_EVENT_DETAIL_CONNECTED);
  add (f, SE_EVENT_SEND, SE_PROTOCOL_TCP, 1, CLIENT, SERVER, "hello", 0);
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 2, SERVER, CLIENT, "hel", 0);
  events = events_of (f);
  diagram = se_diagram_new (events, 0, NULL);

  arrows = se_diagram_get_arrows (diagram, &n_arrows);
  for (guint i = 0; i < n_arrows; i++)
    if (arrows[i].kind == SE_DIAGRAM_ARROW_DATA && arrows[i].in_flight)
      {
        g_assert_cmpuint (arrows[i].start, ==, 3);
        g_assert_cmpuint (arrows[i].end, ==, 5);
        g_assert_cmpuint (arrows[i].to_step, ==, SE_DIAGRAM_NONE);
        n_in_flight++;
      }
  g_assert_cmpuint (n_in_flight, ==, 1);
}

/* A UDP client and a UDP listener: datagrams with sendto/recvfrom, no
 * connection; each arrives whole, one read per datagram. */
static void
test_udp (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  const SeDiagramArrow *arrows;
  const SeDiagramStep *steps;
  guint n_arrows, n_lifelines, client, server, n_datagrams = 0;

  add (f, SE_EVENT_BIND, SE_PROTOCOL_UDP, 0, SERVER, NULL, NULL, 0);
  add (f, SE_EVENT_SEND, SE_PROTOCOL_UDP, 5, "0.0.0.0:40000", SERVER, "one", 0);
  add (f, SE_EVENT_SEND, SE_PROTOCOL_UDP, 5, "0.0.0.0:40000", SERVER, "two!", 0);
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 0, SERVER, CLIENT, "one", 0);
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 0, SERVER, CLIENT, "two!", 0);
  add (f, SE_EVENT_SEND, SE_PROTOCOL_UDP, 0, SERVER, CLIENT, "ONE", 0);
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 5, "0.0.0.0:40000", SERVER, "ONE", 0);
  /* From someone else: a peer */
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 0, SERVER, "127.0.0.1:50000", "hi", 0);
  events = events_of (f);
  diagram = se_diagram_new (events, 0, NULL);

  se_diagram_get_lifelines (diagram, &n_lifelines);
  g_assert_cmpuint (n_lifelines, ==, 3);
  client = find_lifeline (diagram, "client socket #5");
  server = find_lifeline (diagram, "server socket");
  find_lifeline (diagram, "peer");
  g_assert_nonnull (find_step (diagram, client, "sendto(3)", 0));
  g_assert_nonnull (find_step (diagram, server, "recvfrom()=4", 0));
  g_assert_nonnull (find_step (diagram, client, "recvfrom()=3", 0));

  steps = se_diagram_get_steps (diagram, NULL);
  arrows = se_diagram_get_arrows (diagram, &n_arrows);
  for (guint i = 0; i < n_arrows; i++)
    {
      g_assert_cmpint (arrows[i].kind, ==, SE_DIAGRAM_ARROW_DATAGRAM);
      g_assert_false (arrows[i].in_flight);
      if (arrows[i].from_lifeline == client)
        {
          /* sendto(n) → recvfrom()=n, in order */
          g_autofree char *read = g_strdup_printf ("recvfrom()=%" G_GUINT64_FORMAT, arrows[i].end);

          g_assert_cmpuint (arrows[i].to_lifeline, ==, server);
          g_assert_cmpstr (steps[arrows[i].to_step].call, ==, read);
        }
      n_datagrams++;
    }
  g_assert_cmpuint (n_datagrams, ==, 4);
}

/* `listen --json` with two outside clients: a listening socket, two
 * connection sockets, a peer for each; --conn keeps one. */
static void
test_listener_two_connections (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) all = NULL;
  g_autoptr(SeDiagram) one = NULL;
  g_autoptr(SeDiagram) by_address = NULL;
  const SeDiagramLifeline *lifelines;
  const SeDiagramArrow *arrows;
  guint n, n_arrows, peer_2 = SE_DIAGRAM_NONE, n_from_peer = 0;

  add (f, SE_EVENT_BIND, SE_PROTOCOL_TCP, 0, SERVER, NULL, NULL, 0);
  add (f, SE_EVENT_LISTEN, SE_PROTOCOL_TCP, 0, SERVER, NULL, NULL, SE_EVENT_DETAIL_LISTENING);
  add (f, SE_EVENT_ACCEPT, SE_PROTOCOL_TCP, 1, SERVER, "127.0.0.1:41000", NULL, SE_EVENT_DETAIL_ACCEPTED);
  add (f, SE_EVENT_ACCEPT, SE_PROTOCOL_TCP, 2, SERVER, "127.0.0.1:42000", NULL, SE_EVENT_DETAIL_ACCEPTED);
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 2, SERVER, "127.0.0.1:42000", "x", 0);
  add (f, SE_EVENT_SEND, SE_PROTOCOL_TCP, 2, SERVER, "127.0.0.1:42000", "X", 0);
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_TCP, 1, SERVER, "127.0.0.1:41000", "y", 0);
  add (f, SE_EVENT_SHUTDOWN, SE_PROTOCOL_TCP, 1, SERVER, "127.0.0.1:41000", NULL, SE_EVENT_DETAIL_PEER_EOF);
  add (f, SE_EVENT_CLOSE, SE_PROTOCOL_TCP, 1, SERVER, "127.0.0.1:41000", NULL, 0);
  events = events_of (f);

  all = se_diagram_new (events, 0, NULL);
  lifelines = se_diagram_get_lifelines (all, &n);
  g_assert_cmpuint (n, ==, 5);
  /* Peers left, the listening socket, then the connections */
  g_assert_cmpint (lifelines[0].kind, ==, SE_DIAGRAM_LIFELINE_PEER);
  g_assert_cmpint (lifelines[1].kind, ==, SE_DIAGRAM_LIFELINE_PEER);
  g_assert_cmpint (lifelines[2].kind, ==, SE_DIAGRAM_LIFELINE_LISTENING);
  g_assert_cmpstr (lifelines[3].title, ==, "connection socket #1");
  g_assert_cmpstr (lifelines[4].title, ==, "connection socket #2");
  g_assert_cmpstr (lifelines[0].address, ==, "127.0.0.1:41000");

  by_address = se_diagram_new (events, 0, "0.0.0.0:7000");
  se_diagram_get_lifelines (by_address, &n);
  g_assert_cmpuint (n, ==, 5);

  one = se_diagram_new (events, 2, NULL);
  lifelines = se_diagram_get_lifelines (one, &n);
  g_assert_cmpuint (n, ==, 3);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (lifelines[i].title, !=, "connection socket #1");
      if (lifelines[i].kind == SE_DIAGRAM_LIFELINE_PEER)
        {
          g_assert_cmpstr (lifelines[i].address, ==, "127.0.0.1:42000");
          peer_2 = i;
        }
    }
  g_assert_cmpuint (peer_2, !=, SE_DIAGRAM_NONE);
  /* Only its own accept(): two steps on the listening socket's line
   * (bind, listen) and one accept() */
  g_assert_nonnull (find_step (one, find_lifeline (one, "listening socket"), "accept()", 0));
  g_assert_null (find_step (one, find_lifeline (one, "listening socket"), "accept()", 1));

  arrows = se_diagram_get_arrows (one, &n_arrows);
  for (guint i = 0; i < n_arrows; i++)
    if (arrows[i].from_lifeline == peer_2)
      {
        /* Half a row before the call that got it */
        g_assert_cmpfloat (arrows[i].to_row - arrows[i].from_row, ==, 0.5);
        g_assert_cmpuint (arrows[i].from_step, ==, SE_DIAGRAM_NONE);
        n_from_peer++;
      }
  /* The handshake and one read */
  g_assert_cmpuint (n_from_peer, ==, 2);

  /* A connection that is not in the log: nothing */
  {
    g_autoptr(SeDiagram) none = se_diagram_new (events, 99, NULL);

    se_diagram_get_lifelines (none, &n);
    g_assert_cmpuint (n, ==, 0);
  }
}

/* Calls before bind() (a "wanted" address with port 0, or none) belong to
 * the socket bind() then names: one listening socket, not two. */
static void
test_before_bind (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  const SeDiagramLifeline *lifelines;
  const SeDiagramStep *steps;
  guint n, n_steps;

  /* An event kind that stands for socket(): any event before bind */
  add (f, SE_EVENT_LISTEN, SE_PROTOCOL_TCP, 0, "127.0.0.1:0", NULL, NULL, 0);
  add (f, SE_EVENT_SHUTDOWN, SE_PROTOCOL_TCP, 0, "", NULL, NULL, 0);
  add (f, SE_EVENT_BIND, SE_PROTOCOL_TCP, 0, SERVER, NULL, NULL, 0);
  add (f, SE_EVENT_LISTEN, SE_PROTOCOL_TCP, 0, SERVER, NULL, NULL, SE_EVENT_DETAIL_LISTENING);
  /* A failed bind elsewhere keeps its own line */
  add (f, SE_EVENT_ERROR, SE_PROTOCOL_UDP, 0, "", NULL, NULL, 0);
  events = events_of (f);
  diagram = se_diagram_new (events, 0, NULL);

  lifelines = se_diagram_get_lifelines (diagram, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpstr (lifelines[0].address, ==, SERVER);
  steps = se_diagram_get_steps (diagram, &n_steps);
  g_assert_cmpuint (n_steps, ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (steps[i].lifeline, ==, 0);
  g_assert_cmpuint (steps[0].row, <, steps[2].row);
}

/* Each unnamed Unix client is a peer of its own; past eight peers of a
 * datagram socket, the rest share "other peers". */
static void
test_peers (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) unix_diagram = NULL;
  g_autoptr(SeDiagram) udp_diagram = NULL;
  const SeDiagramLifeline *lifelines;
  guint n, n_peers = 0, n_others = 0;

  add (f, SE_EVENT_ACCEPT, SE_PROTOCOL_UNIX, 1, "/tmp/s.sock", "(unnamed)", NULL, SE_EVENT_DETAIL_ACCEPTED);
  add (f, SE_EVENT_ACCEPT, SE_PROTOCOL_UNIX, 2, "/tmp/s.sock", "(unnamed)", NULL, SE_EVENT_DETAIL_ACCEPTED);
  add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_UNIX, 2, "/tmp/s.sock", "(unnamed)", "hi", 0);
  events = events_of (f);
  unix_diagram = se_diagram_new (events, 0, NULL);
  lifelines = se_diagram_get_lifelines (unix_diagram, &n);
  for (guint i = 0; i < n; i++)
    n_peers += lifelines[i].kind == SE_DIAGRAM_LIFELINE_PEER;
  g_assert_cmpuint (n_peers, ==, 2);
  g_clear_pointer (&events, g_ptr_array_unref);

  se_traffic_log_clear (f->log);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *peer = g_strdup_printf ("127.0.0.1:%u", 50000 + i);

      add (f, SE_EVENT_RECEIVE, SE_PROTOCOL_UDP, 0, SERVER, peer, "x", 0);
    }
  events = events_of (f);
  udp_diagram = se_diagram_new (events, 0, NULL);
  lifelines = se_diagram_get_lifelines (udp_diagram, &n);
  n_peers = 0;
  for (guint i = 0; i < n; i++)
    {
      n_peers += lifelines[i].kind == SE_DIAGRAM_LIFELINE_PEER;
      n_others += g_str_equal (lifelines[i].title, "other peers");
    }
  g_assert_cmpuint (n, ==, 10);
  g_assert_cmpuint (n_peers, ==, 9);
  g_assert_cmpuint (n_others, ==, 1);
}

/* The layout puts the arrows between their lifelines, and a click on an
 * arrow or a call finds its event. */
static void
test_layout_hit (Fixture       *f,
                 gconstpointer  data)
{
  SeDiagramMetrics metrics = { .char_width = 8, .line_height = 18 };
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  g_autoptr(SeDiagramLayout) layout = NULL;
  const SeDiagramArrow *arrows;
  const SeDiagramStep *steps;
  guint n_arrows, n_steps, n_lifelines;

  add_tcp_chunking (f);
  events = events_of (f);
  diagram = se_diagram_new (events, 0, NULL);
  layout = se_diagram_layout_new (diagram, &metrics);
  arrows = se_diagram_get_arrows (diagram, &n_arrows);
  steps = se_diagram_get_steps (diagram, &n_steps);
  se_diagram_get_lifelines (diagram, &n_lifelines);

  for (guint i = 0; i + 1 < n_lifelines; i++)
    g_assert_cmpfloat (layout->lifelines[i].x, <, layout->lifelines[i + 1].x);
  g_assert_cmpfloat (layout->width, >, layout->lifelines[n_lifelines - 1].x);
  g_assert_cmpfloat (layout->height, >, se_diagram_layout_row_y (layout, se_diagram_get_n_rows (diagram) - 1));

  for (guint i = 0; i < n_steps; i++)
    g_assert_cmpuint (se_diagram_layout_hit (layout, layout->steps[i].x, layout->steps[i].y), ==,
                      steps[i].event_index);

  for (guint i = 0; i < n_arrows; i++)
    {
      const SeDiagramLayoutArrow *a = &layout->arrows[i];
      /* A point on the line, a quarter of the way from its start: off
       * the boxes of the calls */
      double x = a->x1 + (a->x2 - a->x1) * 0.25;
      double y = a->y1 + (a->y2 - a->y1) * 0.25;

      if (arrows[i].kind != SE_DIAGRAM_ARROW_DATA)
        continue;
      g_assert_cmpuint (se_diagram_layout_hit (layout, x, y), ==, arrows[i].event_index);
    }

  /* Nowhere near anything */
  g_assert_cmpuint (se_diagram_layout_hit (layout, 1, layout->height - 1), ==, SE_DIAGRAM_NONE);
}

static void
test_svg (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  g_autofree char *svg = NULL;

  add_tcp_chunking (f);
  add (f, SE_EVENT_SEND, SE_PROTOCOL_TCP, 2, SERVER, CLIENT, "<&>\"", 0);
  events = events_of (f);
  diagram = se_diagram_new (events, 0, NULL);
  svg = se_diagram_to_svg (diagram, NULL);

  g_assert_true (g_str_has_prefix (svg, "<?xml"));
  g_assert_true (g_str_has_suffix (svg, "</svg>\n"));
  g_assert_nonnull (strstr (svg, ">connect()</text>"));
  g_assert_nonnull (strstr (svg, ">accept()</text>"));
  g_assert_nonnull (strstr (svg, ">recv()=11</text>"));
  g_assert_nonnull (strstr (svg, ">byte 4 “e”</text>"));
  g_assert_nonnull (strstr (svg, "client socket #1"));
  /* Markup in the payload is escaped */
  g_assert_nonnull (strstr (svg, "&lt;&amp;&gt;"));
  g_assert_null (strstr (svg, "<&>"));
  /* Every arrow and call names its event */
  g_assert_nonnull (strstr (svg, "data-event=\""));
}

/* JSON Lines back into events: what `listen --json` wrote. */
static void
test_json_lines (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GString) text = g_string_new ("{\"listening\":\"tcp://127.0.0.1:7000\"}\n\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(SeDiagram) diagram = NULL;
  const SeDiagramStep *steps;
  guint n_steps;

  add_tcp_chunking (f);
  events = events_of (f);
  for (guint i = 0; i < events->len; i++)
    {
      g_autofree char *line = se_event_format_json (g_ptr_array_index (events, i));

      g_string_append_printf (text, "%s\n", line);
    }
  g_string_append (text, "{\"dropped\":0}\n");

  parsed = se_event_parse_json_lines (text->str, text->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->len, ==, events->len);
  for (guint i = 0; i < events->len; i++)
    {
      SeEvent *a = g_ptr_array_index (events, i);
      SeEvent *b = g_ptr_array_index (parsed, i);

      g_assert_cmpuint (se_event_get_index (a), ==, se_event_get_index (b));
      g_assert_cmpint (se_event_get_time (a), ==, se_event_get_time (b));
      g_assert_cmpint (se_event_get_kind (a), ==, se_event_get_kind (b));
      g_assert_cmpint (se_event_get_protocol (a), ==, se_event_get_protocol (b));
      g_assert_cmpuint (se_event_get_connection_id (a), ==, se_event_get_connection_id (b));
      g_assert_cmpstr (se_event_get_local (a), ==, se_event_get_local (b));
      g_assert_cmpstr (se_event_get_remote (a), ==, se_event_get_remote (b));
      g_assert_cmpuint (se_event_get_size (a), ==, se_event_get_size (b));
      g_assert_true (g_bytes_equal (se_event_get_data (a), se_event_get_data (b)));
      g_assert_cmpstr (se_event_get_detail (a), ==, se_event_get_detail (b));
      /* The codes a diagram tells apart come back */
      if (se_event_get_kind (a) == SE_EVENT_SHUTDOWN)
        g_assert_cmpint (se_event_get_detail_code (a), ==, se_event_get_detail_code (b));
    }

  /* The same diagram */
  diagram = se_diagram_new (parsed, 0, NULL);
  steps = se_diagram_get_steps (diagram, &n_steps);
  g_assert_cmpuint (n_steps, ==, events->len);
  g_assert_nonnull (find_step (diagram, find_lifeline (diagram, "connection socket #2"), "recv()=0", 0));
  (void) steps;
}

static void
test_json_errors (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "{\"kind\":\"send\",\"proto\":\"tcp\"}\nnot json\n", "line 2 " },
    { "\n\n{\"kind\":\"sing\"}\n", "line 3 " },
    { "{\"kind\":\"send\",\"proto\":\"tcp\",\"data\":\"4g\"}\n", "line 1 " },
    { "{\"kind\":\"send\",\"proto\":\"sctp\"}\n", "sctp" },
    { "[1,2]\n", "line 1 " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) parsed = se_event_parse_json_lines (cases[i].text, strlen (cases[i].text), &error);

      g_assert_null (parsed);
      g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_PAYLOAD);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }

  /* Odd but well-formed values are taken as absent, without a warning */
  {
    static const char odd[] =
      "{\"kind\":\"send\",\"proto\":null,\"conn\":-4,\"size\":\"5\",\"data_complete\":[1],"
      "\"local\":7,\"remote\":{},\"detail\":false,\"index\":1.5,\"data\":null}\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) parsed = se_event_parse_json_lines (odd, strlen (odd), &error);
    SeEvent *event;

    g_assert_no_error (error);
    g_assert_cmpuint (parsed->len, ==, 1);
    event = g_ptr_array_index (parsed, 0);
    g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_NONE);
    g_assert_cmpuint (se_event_get_connection_id (event), ==, 0);
    g_assert_cmpuint (se_event_get_size (event), ==, 0);
    g_assert_cmpstr (se_event_get_local (event), ==, "");
    g_assert_true (se_event_get_data_complete (event));
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SeEvent) event = se_event_new_from_json ("{\"kind\":\"receive\",\"proto\":\"udp\",\"conn\":3,"
                                                       "\"size\":2,\"data\":\"6869\",\"future\":[1]}",
                                                       -1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (se_event_get_kind (event), ==, SE_EVENT_RECEIVE);
    g_assert_cmpint (se_event_get_protocol (event), ==, SE_PROTOCOL_UDP);
    g_assert_cmpuint (se_event_get_connection_id (event), ==, 3);
    g_assert_cmpuint (se_event_get_size (event), ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/diagram/tcp-chunking", Fixture, NULL, fixture_setup, test_tcp_chunking, fixture_teardown);
  g_test_add ("/diagram/handshake-level", Fixture, NULL, fixture_setup, test_handshake_level, fixture_teardown);
  g_test_add ("/diagram/tcp-in-flight", Fixture, NULL, fixture_setup, test_tcp_in_flight, fixture_teardown);
  g_test_add ("/diagram/udp", Fixture, NULL, fixture_setup, test_udp, fixture_teardown);
  g_test_add ("/diagram/listener-two-connections", Fixture, NULL, fixture_setup,
              test_listener_two_connections, fixture_teardown);
  g_test_add ("/diagram/before-bind", Fixture, NULL, fixture_setup, test_before_bind, fixture_teardown);
  g_test_add ("/diagram/peers", Fixture, NULL, fixture_setup, test_peers, fixture_teardown);
  g_test_add ("/diagram/layout-hit", Fixture, NULL, fixture_setup, test_layout_hit, fixture_teardown);
  g_test_add ("/diagram/svg", Fixture, NULL, fixture_setup, test_svg, fixture_teardown);
  g_test_add ("/diagram/json-lines", Fixture, NULL, fixture_setup, test_json_lines, fixture_teardown);
  g_test_add_func ("/diagram/json-errors", test_json_errors);

  return g_test_run ();
}
