/* se-diagram-arrows.c: the arrows of the sequence diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pass 5 of building an SeDiagram (se-diagram.c places the steps): the
 * handshake, the bytes of each stream direction cut where the reads cut
 * them, the FINs, and the datagrams.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-diagram-private.h"
#include "se-payload.h"

/* Pass 5: arrows. Their ends are sockets (their index) or peers
 * (sockets->len + the peer's number) until the lifelines are made. */

/* The peer at address on side. An unnamed address (a Unix client's)
 * names no one: such a peer is the other end of our connection alone. */
static guint
peer_node (SeDiagram  *self,
           const char *address,
           PeerSide    side,
           guint       connection)
{
  gboolean named = se_diagram_address_match (address, address);
  Peer *peer;

  for (guint i = 0; i < self->peers->len; i++)
    {
      peer = g_ptr_array_index (self->peers, i);
      if (!peer->others && peer->side == side && g_str_equal (peer->address, address) &&
          (named || peer->connection == connection))
        return self->sockets->len + i;
    }

  /* Past MAX_PEERS, the rest share one lifeline, "other peers" */
  if (self->peers->len >= MAX_PEERS)
    {
      for (guint i = 0; i < self->peers->len; i++)
        {
          peer = g_ptr_array_index (self->peers, i);
          if (peer->others && peer->side == side)
            return self->sockets->len + i;
        }
    }

  peer = g_new0 (Peer, 1);
  peer->others = self->peers->len >= MAX_PEERS;
  peer->address = g_strdup (peer->others ? "" : address);
  peer->side = side;
  peer->connection = connection;
  g_ptr_array_add (self->peers, peer);
  return self->sockets->len + self->peers->len - 1;
}

static PeerSide
side_of_peer_of (Socket *socket)
{
  return socket->kind == SE_DIAGRAM_LIFELINE_CLIENT ? SIDE_SERVER : SIDE_CLIENT;
}

static SeDiagramArrow *
add_arrow (SeDiagram          *self,
           SeDiagramArrowKind  kind,
           guint               from_node,
           guint               from_step,
           guint               to_node,
           guint               to_step,
           char               *label)
{
  SeDiagramArrow arrow = {
    .kind = kind,
    .from_lifeline = from_node,
    .to_lifeline = to_node,
    .from_step = from_step,
    .to_step = to_step,
    .label = label,
    .event_index = SE_DIAGRAM_NONE,
  };

  /* A peer's end is half a row before (it sent) or after (it got) ours;
   * an arrow to nothing read yet ends on the last row. */
  if (from_step != SE_DIAGRAM_NONE)
    {
      arrow.from_row = get_step (self, from_step)->row;
      arrow.event_index = get_step (self, from_step)->event_index;
    }
  if (to_step != SE_DIAGRAM_NONE)
    {
      arrow.to_row = get_step (self, to_step)->row;
      if (arrow.event_index == SE_DIAGRAM_NONE)
        arrow.event_index = get_step (self, to_step)->event_index;
    }
  if (from_step == SE_DIAGRAM_NONE)
    arrow.from_row = arrow.to_row - 0.5;
  if (to_step == SE_DIAGRAM_NONE)
    arrow.to_row = to_node < self->sockets->len ? MAX (arrow.from_row + 0.5, self->n_rows - 0.5)
                                                : arrow.from_row + 0.5;

  g_array_append_val (self->arrows, arrow);
  return &g_array_index (self->arrows, SeDiagramArrow, self->arrows->len - 1);
}

/* "bytes 0–3 “hell”": where in the direction's stream, and what */
static char *
data_label (guint64       start,
            guint64       end,
            const guint8 *data,
            gsize         data_len)
{
  g_autofree char *first = g_strdup_printf ("%" G_GUINT64_FORMAT, start);
  g_autofree char *last = g_strdup_printf ("%" G_GUINT64_FORMAT, end - 1);
  g_autofree char *range = NULL;

  if (end - start == 1)
    /* Translators: where an arrow's bytes are in the stream; %s is a number */
    range = g_strdup_printf (_("byte %s"), first);
  else
    /* Translators: where an arrow's bytes are in the stream, e.g. "bytes 0–3" */
    range = g_strdup_printf (_("bytes %s–%s"), first, last);

  if (data == NULL || data_len == 0)
    return g_steal_pointer (&range);

  {
    g_autofree char *preview = se_payload_to_escaped (data, data_len, PREVIEW_CHARS);

    return g_strdup_printf ("%s “%s”", range, preview);
  }
}

/* The bytes [start, end) of an event whose payload starts at offset. */
static void
slice (SeEvent       *event,
       guint64        offset,
       guint64        start,
       guint64        end,
       const guint8 **data,
       gsize         *len)
{
  gsize retained = 0;
  const guint8 *bytes = g_bytes_get_data (se_event_get_data (event), &retained);
  guint64 from = start - offset;
  guint64 to = MIN (end - offset, (guint64) retained);

  *data = from < to ? bytes + from : NULL;
  *len = from < to ? (gsize) (to - from) : 0;
}

typedef struct
{
  Item    *item;
  guint64  start;
  guint64  end;
} Piece;

static GArray *
pieces_of (SeDiagram   *self,
           guint        socket,
           SeEventKind  kind)
{
  GArray *pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  guint64 offset = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = get_item (self, i);
      Piece piece;

      if (item->socket != socket || item->step == SE_DIAGRAM_NONE ||
          se_event_get_kind (item->event) != kind || se_event_get_size (item->event) == 0)
        continue;
      piece.item = item;
      piece.start = offset;
      offset += se_event_get_size (item->event);
      piece.end = offset;
      g_array_append_val (pieces, piece);
    }
  return pieces;
}

/* One direction of a stream between two of our sockets: the bytes of
 * each send, cut where the reads cut them. */
static void
add_stream_pieces (SeDiagram *self,
                   guint      from,
                   guint      to)
{
  g_autoptr(GArray) sends = pieces_of (self, from, SE_EVENT_SEND);
  g_autoptr(GArray) reads = pieces_of (self, to, SE_EVENT_RECEIVE);
  guint r = 0;

  for (guint s = 0; s < sends->len; s++)
    {
      Piece *send = &g_array_index (sends, Piece, s);
      guint64 at = send->start;

      while (at < send->end)
        {
          Piece *read = r < reads->len ? &g_array_index (reads, Piece, r) : NULL;
          guint64 end = read != NULL ? MIN (send->end, read->end) : send->end;
          const guint8 *data;
          gsize len;
          SeDiagramArrow *arrow;

          slice (send->item->event, send->start, at, end, &data, &len);
          arrow = add_arrow (self, SE_DIAGRAM_ARROW_DATA,
                             from, send->item->step,
                             to, read != NULL ? read->item->step : SE_DIAGRAM_NONE,
                             data_label (at, end, data, len));
          arrow->start = at;
          arrow->end = end;
          arrow->in_flight = read == NULL;
          at = end;
          if (read != NULL && at >= read->end)
            r++;
        }
    }
}

/* One direction between our socket and a peer: an arrow per call. */
static void
add_peer_pieces (SeDiagram   *self,
                 guint        socket,
                 guint        peer,
                 SeEventKind  kind)
{
  g_autoptr(GArray) pieces = pieces_of (self, socket, kind);

  for (guint i = 0; i < pieces->len; i++)
    {
      Piece *piece = &g_array_index (pieces, Piece, i);
      const guint8 *data;
      gsize len;
      SeDiagramArrow *arrow;

      slice (piece->item->event, piece->start, piece->start, piece->end, &data, &len);
      if (kind == SE_EVENT_SEND)
        arrow = add_arrow (self, SE_DIAGRAM_ARROW_DATA, socket, piece->item->step, peer, SE_DIAGRAM_NONE,
                           data_label (piece->start, piece->end, data, len));
      else
        arrow = add_arrow (self, SE_DIAGRAM_ARROW_DATA, peer, SE_DIAGRAM_NONE, socket, piece->item->step,
                           data_label (piece->start, piece->end, data, len));
      arrow->start = piece->start;
      arrow->end = piece->end;
    }
}

typedef enum
{
  FIND_SENT_FIN,   /* close() or shutdown(SHUT_WR) */
  FIND_READ_EOF,   /* recv() returned 0 */
  FIND_CLOSE,
  FIND_CONNECT,
} Find;

/* The first step of socket that is what */
static guint
find_step (SeDiagram *self,
           guint      socket,
           Find       what)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = get_item (self, i);
      SeEventKind kind;
      SeEventDetailCode code;

      if (item->socket != socket || item->step == SE_DIAGRAM_NONE)
        continue;
      kind = se_event_get_kind (item->event);
      code = se_event_get_detail_code (item->event);
      if ((what == FIND_SENT_FIN &&
           (kind == SE_EVENT_CLOSE || (kind == SE_EVENT_SHUTDOWN && code == SE_EVENT_DETAIL_SHUT_WR))) ||
          (what == FIND_READ_EOF && kind == SE_EVENT_SHUTDOWN && code == SE_EVENT_DETAIL_PEER_EOF) ||
          (what == FIND_CLOSE && kind == SE_EVENT_CLOSE) ||
          (what == FIND_CONNECT && kind == SE_EVENT_CONNECT))
        return item->step;
    }
  return SE_DIAGRAM_NONE;
}

/* The FIN of one direction: our shutdown(SHUT_WR) or close() to the
 * other end's read of 0. */
static void
add_fin (SeDiagram *self,
         guint      from,
         guint      to,
         gboolean   to_is_ours)
{
  guint fin = find_step (self, from, FIND_SENT_FIN);
  guint eof = SE_DIAGRAM_NONE;
  SeDiagramArrow *arrow;

  if (fin == SE_DIAGRAM_NONE)
    return;
  if (to_is_ours)
    {
      eof = find_step (self, to, FIND_READ_EOF);
      /* It closed before it read the FIN: nothing to draw */
      if (eof == SE_DIAGRAM_NONE && find_step (self, to, FIND_CLOSE) != SE_DIAGRAM_NONE)
        return;
    }

  arrow = add_arrow (self, SE_DIAGRAM_ARROW_FIN, from, fin, to, eof, g_strdup ("FIN"));
  arrow->in_flight = to_is_ours && eof == SE_DIAGRAM_NONE;
}

static void
add_stream_arrows (SeDiagram *self,
                   guint      i)
{
  Socket *socket = get_socket (self, i);
  guint other = socket->counterpart;

  if (other != SE_DIAGRAM_NONE && get_socket (self, other)->included)
    {
      add_stream_pieces (self, i, other);
      add_fin (self, i, other, TRUE);
    }
  else
    {
      guint peer = peer_node (self, socket->remote, side_of_peer_of (socket), socket->id);
      guint eof = find_step (self, i, FIND_READ_EOF);

      add_peer_pieces (self, i, peer, SE_EVENT_SEND);
      add_peer_pieces (self, i, peer, SE_EVENT_RECEIVE);
      add_fin (self, i, peer, FALSE);
      if (eof != SE_DIAGRAM_NONE)
        add_arrow (self, SE_DIAGRAM_ARROW_FIN, peer, SE_DIAGRAM_NONE, i, eof, g_strdup ("FIN"));
    }
}

/* The handshake: connect() on a client to accept() on the listening
 * socket, and the new socket accept() returns. */
static void
add_connect_arrows (SeDiagram *self)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = get_item (self, i);
      Socket *socket = get_socket (self, item->socket);
      SeEventKind kind = se_event_get_kind (item->event);
      const char *label = socket->protocol == SE_PROTOCOL_TCP ? "SYN, SYN-ACK, ACK" : "";

      if (item->step == SE_DIAGRAM_NONE)
        continue;

      if (kind == SE_EVENT_CONNECT && se_protocol_is_stream (socket->protocol))
        {
          guint accept_step = socket->counterpart != SE_DIAGRAM_NONE ?
                              _se_diagram_accept_step_of (self, socket->counterpart) : SE_DIAGRAM_NONE;

          if (accept_step != SE_DIAGRAM_NONE)
            add_arrow (self, SE_DIAGRAM_ARROW_CONNECT, item->socket, item->step,
                       get_step (self, accept_step)->lifeline, accept_step, g_strdup (label));
          else if (socket->listener != SE_DIAGRAM_NONE && get_socket (self, socket->listener)->included)
            add_arrow (self, SE_DIAGRAM_ARROW_CONNECT, item->socket, item->step,
                       socket->listener, SE_DIAGRAM_NONE, g_strdup (label));
          else
            add_arrow (self, SE_DIAGRAM_ARROW_CONNECT, item->socket, item->step,
                       peer_node (self, socket->remote, SIDE_SERVER, socket->id), SE_DIAGRAM_NONE, g_strdup (label));
        }
      else if (kind == SE_EVENT_ACCEPT && item->created != SE_DIAGRAM_NONE)
        {
          Socket *accepted = get_socket (self, item->created);
          guint client = accepted->counterpart;
          SeDiagramArrow *arrow;

          /* No connect() of ours to draw it from: a peer's */
          if (client == SE_DIAGRAM_NONE || !get_socket (self, client)->included ||
              find_step (self, client, FIND_CONNECT) == SE_DIAGRAM_NONE)
            add_arrow (self, SE_DIAGRAM_ARROW_CONNECT,
                       peer_node (self, accepted->remote, SIDE_CLIENT, accepted->id), SE_DIAGRAM_NONE,
                       item->socket, item->step, g_strdup (label));

          /* Translators: on the sequence diagram, accept() returned the
           * socket of a new connection; %u is its number */
          arrow = add_arrow (self, SE_DIAGRAM_ARROW_NEW_SOCKET, item->socket, item->step,
                             item->created, SE_DIAGRAM_NONE,
                             g_strdup_printf (_("new socket #%u"), accepted->id));
          arrow->to_row = arrow->from_row;
        }
    }
}

/* Our datagram socket that has address, if drawn */
static guint
find_datagram_socket (SeDiagram  *self,
                      SeProtocol  protocol,
                      const char *address)
{
  for (guint i = 0; i < self->sockets->len; i++)
    {
      Socket *s = get_socket (self, i);

      if (s->included && s->protocol == protocol && se_diagram_address_match (s->local, address))
        return i;
    }
  return SE_DIAGRAM_NONE;
}

/* Datagrams: each sendto() to the recvfrom() that got it (the next one
 * of the same size from this sender), or to a peer; each recvfrom() not
 * sent by one of ours comes from a peer. */
static void
add_datagram_arrows (SeDiagram *self)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = get_item (self, i);
      Socket *socket = get_socket (self, item->socket);
      const char *remote = se_event_get_remote (item->event);
      guint64 size = se_event_get_size (item->event);
      g_autofree char *preview = NULL;
      g_autofree char *size_text = NULL;
      g_autofree char *label = NULL;
      gsize len = 0;
      const guint8 *data;
      guint target;

      if (item->step == SE_DIAGRAM_NONE || se_protocol_is_stream (socket->protocol) ||
          se_event_get_kind (item->event) != SE_EVENT_SEND)
        continue;

      data = g_bytes_get_data (se_event_get_data (item->event), &len);
      preview = se_payload_to_escaped (data, len, PREVIEW_CHARS);
      /* Translators: a datagram on the sequence diagram; %s is its size
       * in bytes, the second %s its first characters */
      size_text = g_strdup_printf ("%" G_GUINT64_FORMAT, size);
      label = g_strdup_printf (_("%s B “%s”"), size_text, preview);
      target = find_datagram_socket (self, socket->protocol, remote);
      if (target == SE_DIAGRAM_NONE || target == item->socket)
        {
          add_arrow (self, SE_DIAGRAM_ARROW_DATAGRAM, item->socket, item->step,
                     peer_node (self, remote, side_of_peer_of (socket), 0), SE_DIAGRAM_NONE,
                     g_steal_pointer (&label));
          continue;
        }

      {
        guint read_step = SE_DIAGRAM_NONE;
        SeDiagramArrow *arrow;

        for (guint j = i + 1; j < self->items->len; j++)
          {
            Item *read = get_item (self, j);

            if (read->socket == target && read->step != SE_DIAGRAM_NONE && !read->matched &&
                se_event_get_kind (read->event) == SE_EVENT_RECEIVE &&
                se_event_get_size (read->event) == size &&
                se_diagram_address_match (se_event_get_remote (read->event), socket->local))
              {
                read->matched = TRUE;
                read_step = read->step;
                break;
              }
          }
        arrow = add_arrow (self, SE_DIAGRAM_ARROW_DATAGRAM, item->socket, item->step,
                           target, read_step, g_steal_pointer (&label));
        arrow->in_flight = read_step == SE_DIAGRAM_NONE;
        arrow->end = size;
      }
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = get_item (self, i);
      Socket *socket = get_socket (self, item->socket);
      g_autofree char *preview = NULL;
      g_autofree char *size = NULL;
      gsize len = 0;
      const guint8 *data;
      SeDiagramArrow *arrow;

      if (item->step == SE_DIAGRAM_NONE || se_protocol_is_stream (socket->protocol) ||
          se_event_get_kind (item->event) != SE_EVENT_RECEIVE || item->matched)
        continue;

      data = g_bytes_get_data (se_event_get_data (item->event), &len);
      preview = se_payload_to_escaped (data, len, PREVIEW_CHARS);
      size = g_strdup_printf ("%" G_GUINT64_FORMAT, se_event_get_size (item->event));
      arrow = add_arrow (self, SE_DIAGRAM_ARROW_DATAGRAM,
                         peer_node (self, se_event_get_remote (item->event), side_of_peer_of (socket), 0),
                         SE_DIAGRAM_NONE, item->socket, item->step,
                         g_strdup_printf (_("%s B “%s”"), size, preview));
      arrow->end = se_event_get_size (item->event);
    }
}

void
_se_diagram_add_arrows (SeDiagram *self)
{
  add_connect_arrows (self);

  for (guint i = 0; i < self->sockets->len; i++)
    {
      Socket *socket = get_socket (self, i);

      if (socket->included && socket->has_steps && socket->id != 0 &&
          se_protocol_is_stream (socket->protocol))
        add_stream_arrows (self, i);
    }

  add_datagram_arrows (self);
}
