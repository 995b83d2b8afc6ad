/* se-diagram.c: a sequence diagram of sockets, made from log events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model behind the window's diagram view and `socket-explorer-cli
 * diagram`: which sockets the events name (lifelines), one row per call
 * (steps), and what went between them (arrows). The window's log has both
 * ends of a connection when both are the app's own sockets; a log of one
 * side (`listen --json` with an outside client) gets a "peer" lifeline
 * for the other end, and the arrows are inferred from the events it has.
 *
 * A stream's bytes are matched by their offset in each direction: the
 * n-th byte sent is the n-th byte read. So three sends of 5 bytes read
 * as 4 and 11 give four arrows: bytes 0–3 to the first read, 4 of the
 * first send and all of the other two to the second.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "se-diagram-private.h"

G_DEFINE_FINAL_TYPE (SeDiagram, se_diagram, G_TYPE_OBJECT)

/* Labels */

char *
se_diagram_call_label (SeEvent *event)
{
  gboolean stream = se_protocol_is_stream (se_event_get_protocol (event));
  guint64 size = se_event_get_size (event);
  char *call = se_event_format_call (event);

  /* The call as the engine logged it: "recv(1024)=5", "connect()=-1 ECONNREFUSED" */
  if (call != NULL)
    return call;

  switch (se_event_get_kind (event))
    {
    case SE_EVENT_BIND:
      return g_strdup ("bind()");
    case SE_EVENT_LISTEN:
      return g_strdup ("listen()");
    case SE_EVENT_ACCEPT:
      return g_strdup ("accept()");
    case SE_EVENT_CONNECT:
      return g_strdup ("connect()");
    case SE_EVENT_SEND:
      return g_strdup_printf (stream ? "send(%" G_GUINT64_FORMAT ")" : "sendto(%" G_GUINT64_FORMAT ")", size);
    case SE_EVENT_RECEIVE:
      return g_strdup_printf (stream ? "recv()=%" G_GUINT64_FORMAT : "recvfrom()=%" G_GUINT64_FORMAT, size);
    case SE_EVENT_SHUTDOWN:
      switch (se_event_get_detail_code (event))
        {
        case SE_EVENT_DETAIL_PEER_EOF:
          return g_strdup ("recv()=0");
        case SE_EVENT_DETAIL_SHUT_WR:
          return g_strdup ("shutdown(SHUT_WR)");
        default:
          return g_strdup ("shutdown()");
        }
    case SE_EVENT_CLOSE:
      return g_strdup ("close()");
    case SE_EVENT_ERROR:
      {
        const char *detail = se_event_get_detail (event);
        g_autofree char *shown = g_utf8_substring (detail, 0, MIN (g_utf8_strlen (detail, -1), 32));

        /* Translators: a failed call on the sequence diagram; %s is the
         * start of the error message */
        return g_strdup_printf (_("error: %s%s"), shown, g_utf8_strlen (detail, -1) > 32 ? "…" : "");
      }
    case SE_EVENT_TLS:
      {
        /* "TLS 1.3, TLS_AES_256_GCM_SHA384", "received close_notify": the
         * detail up to its first ';' or ':' */
        const char *detail = se_event_get_detail (event);
        gsize cut = strcspn (detail, ";:");
        g_autofree char *first = g_strndup (detail, cut);
        glong chars = g_utf8_strlen (first, -1);
        g_autofree char *shown = g_utf8_substring (first, 0, MIN (chars, 40));

        return g_strdup_printf ("%s%s", shown, chars > 40 ? "…" : "");
      }
    case SE_EVENT_RESOLVE:
    default:
      return g_strdup (se_event_kind_to_string (se_event_get_kind (event)));
    }
}

char *
se_diagram_state_label (SeEvent *event)
{
  /* Only what the kernel said (TCP_INFO), on the events that read it:
   * nothing is guessed. */
  const char *state = se_tcp_state_to_string (se_event_get_tcp_state (event));

  return state != NULL ? g_strdup (state) : NULL;
}

/* Building: sockets */

static guint
add_socket (SeDiagram             *self,
            SeDiagramLifelineKind  kind,
            SeProtocol             protocol,
            guint                  id,
            const char            *local)
{
  Socket socket = {
    .kind = kind,
    .protocol = protocol,
    .id = id,
    .local = g_strdup (local),
    .remote = g_strdup (""),
    .listener = SE_DIAGRAM_NONE,
    .counterpart = SE_DIAGRAM_NONE,
    .lifeline = SE_DIAGRAM_NONE,
    .relay = SE_DIAGRAM_NONE,
    .relay_partner = SE_DIAGRAM_NONE,
  };

  g_array_append_val (self->sockets, socket);
  return self->sockets->len - 1;
}

static void
update_addresses (Socket  *socket,
                  SeEvent *event)
{
  const char *local = se_event_get_local (event);
  const char *remote = se_event_get_remote (event);

  /* A socket keeps its first names; a bound datagram socket's remote
   * changes with each peer and is not kept. */
  if (socket->local[0] == '\0' && local[0] != '\0')
    {
      g_free (socket->local);
      socket->local = g_strdup (local);
    }
  if ((se_protocol_is_stream (socket->protocol) || socket->id != 0) &&
      socket->remote[0] == '\0' && remote[0] != '\0')
    {
      g_free (socket->remote);
      socket->remote = g_strdup (remote);
    }
}

/* An address a socket is bound to: not "" and not port 0 (what was
 * asked of bind(), before the system chose a port). */
static gboolean
is_bound_address (const char *address)
{
  return address[0] != '\0' && !g_str_has_suffix (address, ":0");
}

/* The events of a socket not bound yet belong to the socket that the
 * next bind of the same protocol made. */
static void
claim_unbound (SeDiagram  *self,
               SeProtocol  protocol,
               guint       socket)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = get_item (self, i);

      if (item->socket == SE_DIAGRAM_NONE && se_event_get_protocol (item->event) == protocol)
        item->socket = socket;
    }
}

/* Pass 1: the socket of each event. An accept() is a step of the
 * listening socket, and makes the connection's socket. */
static void
collect_sockets (SeDiagram *self,
                 GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      SeEvent *event = g_ptr_array_index (events, i);
      SeProtocol protocol = se_event_get_protocol (event);
      SeEventKind kind = se_event_get_kind (event);
      guint id = se_event_get_connection_id (event);
      Item item = { .event = event, .created = SE_DIAGRAM_NONE, .step = SE_DIAGRAM_NONE };

      if (kind == SE_EVENT_RESOLVE || protocol == SE_PROTOCOL_NONE)
        continue;

      /* A relay's note is no call: it ties the relay's legs */
      if (se_event_get_relayed_to (event) != 0)
        {
          g_ptr_array_add (self->relay_notes, event);
          continue;
        }

      if (kind == SE_EVENT_ACCEPT)
        {
          const char *local = se_event_get_local (event);
          guint listening = _se_diagram_find_bound (self, protocol, local);
          guint accepted;

          if (listening == SE_DIAGRAM_NONE)
            listening = add_socket (self, SE_DIAGRAM_LIFELINE_LISTENING, protocol, 0, local);
          accepted = id != 0 ? _se_diagram_find_connection (self, id) : SE_DIAGRAM_NONE;
          if (id != 0 && accepted == SE_DIAGRAM_NONE)
            accepted = add_socket (self, SE_DIAGRAM_LIFELINE_ACCEPTED, protocol, id, "");
          if (accepted != SE_DIAGRAM_NONE)
            {
              get_socket (self, accepted)->kind = SE_DIAGRAM_LIFELINE_ACCEPTED;
              get_socket (self, accepted)->listener = listening;
              update_addresses (get_socket (self, accepted), event);
            }
          item.socket = listening;
          item.created = accepted;
        }
      else if (id != 0)
        {
          item.socket = _se_diagram_find_connection (self, id);
          if (item.socket == SE_DIAGRAM_NONE)
            item.socket = add_socket (self, SE_DIAGRAM_LIFELINE_CLIENT, protocol, id, "");
          update_addresses (get_socket (self, item.socket), event);
        }
      else if (kind != SE_EVENT_ERROR && !is_bound_address (se_event_get_local (event)))
        {
          /* Not bound yet (socket(), setsockopt() before bind()): it is
           * the socket of the next bind of this protocol. */
          item.socket = SE_DIAGRAM_NONE;
        }
      else
        {
          const char *local = se_event_get_local (event);

          item.socket = _se_diagram_find_bound (self, protocol, local);
          if (item.socket == SE_DIAGRAM_NONE)
            item.socket = add_socket (self,
                                      se_protocol_is_stream (protocol) ? SE_DIAGRAM_LIFELINE_LISTENING
                                                                       : SE_DIAGRAM_LIFELINE_SERVER,
                                      protocol, 0, local);
          claim_unbound (self, protocol, item.socket);
        }

      g_array_append_val (self->items, item);
    }

  /* Never bound: a socket of their own */
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = get_item (self, i);

      if (item->socket == SE_DIAGRAM_NONE)
        {
          SeProtocol protocol = se_event_get_protocol (item->event);
          const char *local = se_event_get_local (item->event);

          item->socket = _se_diagram_find_bound (self, protocol, local);
          if (item->socket == SE_DIAGRAM_NONE)
            item->socket = add_socket (self,
                                       se_protocol_is_stream (protocol) ? SE_DIAGRAM_LIFELINE_LISTENING
                                                                        : SE_DIAGRAM_LIFELINE_SERVER,
                                       protocol, 0, local);
        }
    }
}

/* Pass 2: which listening socket each client went to, and which accepted
 * socket is its other end: by their addresses, and for unnamed Unix
 * sockets by their order. */
static void
pair_sockets (SeDiagram *self)
{
  for (guint i = 0; i < self->sockets->len; i++)
    {
      Socket *client = get_socket (self, i);

      if (client->kind != SE_DIAGRAM_LIFELINE_CLIENT)
        continue;

      for (guint j = 0; j < self->sockets->len; j++)
        {
          Socket *other = get_socket (self, j);

          if (other->id == 0 && other->protocol == client->protocol &&
              client->remote[0] != '\0' &&
              se_diagram_address_match (other->local, client->remote))
            client->listener = j;
        }

      for (guint j = 0; j < self->sockets->len; j++)
        {
          Socket *other = get_socket (self, j);

          if (other->kind == SE_DIAGRAM_LIFELINE_ACCEPTED &&
              other->counterpart == SE_DIAGRAM_NONE &&
              other->protocol == client->protocol &&
              se_diagram_address_match (other->remote, client->local) &&
              se_diagram_address_match (other->local, client->remote))
            {
              client->counterpart = j;
              other->counterpart = i;
              break;
            }
        }
    }

  for (guint i = 0; i < self->sockets->len; i++)
    {
      Socket *client = get_socket (self, i);

      if (client->kind != SE_DIAGRAM_LIFELINE_CLIENT || client->counterpart != SE_DIAGRAM_NONE ||
          client->listener == SE_DIAGRAM_NONE || client->protocol != SE_PROTOCOL_UNIX)
        continue;

      for (guint j = 0; j < self->sockets->len; j++)
        {
          Socket *other = get_socket (self, j);

          if (other->kind == SE_DIAGRAM_LIFELINE_ACCEPTED &&
              other->counterpart == SE_DIAGRAM_NONE &&
              other->listener == client->listener)
            {
              client->counterpart = j;
              other->counterpart = i;
              break;
            }
        }
    }
}

static void
include (SeDiagram *self,
         guint      i)
{
  if (i != SE_DIAGRAM_NONE)
    get_socket (self, i)->included = TRUE;
}

/* Pass 3: the sockets to draw. */
static void
apply_focus (SeDiagram  *self,
             guint       focus_connection,
             const char *focus_address)
{
  if (focus_connection != 0)
    {
      guint i = _se_diagram_find_connection (self, focus_connection);
      Socket *s;

      if (i == SE_DIAGRAM_NONE)
        return;
      s = get_socket (self, i);
      include (self, i);
      include (self, s->counterpart);
      include (self, s->listener);
      if (s->counterpart != SE_DIAGRAM_NONE)
        include (self, get_socket (self, s->counterpart)->listener);
      /* A relay's leg, or the other end of one: the whole session */
      _se_diagram_include_relay (self, i);
      if (s->counterpart != SE_DIAGRAM_NONE)
        _se_diagram_include_relay (self, s->counterpart);
      return;
    }

  for (guint i = 0; i < self->sockets->len; i++)
    {
      Socket *s = get_socket (self, i);

      if (focus_address == NULL || focus_address[0] == '\0' ||
          (s->id == 0 && se_diagram_address_match (s->local, focus_address)))
        s->included = TRUE;
    }

  /* A listener's connections, and the clients that went to it */
  for (guint i = 0; i < self->sockets->len; i++)
    {
      Socket *s = get_socket (self, i);

      if (s->listener != SE_DIAGRAM_NONE && get_socket (self, s->listener)->included)
        {
          s->included = TRUE;
          include (self, s->counterpart);
        }
    }

  /* A relay's sessions, both legs, and what they reach */
  for (guint i = 0; i < self->sockets->len; i++)
    {
      Socket *s = get_socket (self, i);

      if (s->relay != SE_DIAGRAM_NONE && s->relay != i && get_socket (self, s->relay)->included)
        _se_diagram_include_relay (self, i);
    }
}

/* Pass 4: one row per call of the sockets drawn. */

/* Whether an event of an included socket belongs to the focus: the
 * listening socket's accept() of other connections, and a bound datagram
 * socket's exchanges with other peers, do not. */
static gboolean
item_in_focus (SeDiagram *self,
               Item      *item,
               guint      focus_socket)
{
  Socket *socket = get_socket (self, item->socket);
  Socket *focus;

  if (!socket->included)
    return FALSE;
  if (item->created != SE_DIAGRAM_NONE && !get_socket (self, item->created)->included)
    return FALSE;
  if (focus_socket == SE_DIAGRAM_NONE || socket->id != 0 || se_protocol_is_stream (socket->protocol))
    return TRUE;

  focus = get_socket (self, focus_socket);
  /* A datagram relay's bound socket: its exchanges with the sender of
   * the session in focus */
  if (focus->relay == item->socket && focus->relay_source != NULL)
    return se_diagram_address_match (se_event_get_remote (item->event), focus->relay_source);
  return se_event_get_remote (item->event)[0] == '\0' ||
         se_diagram_address_match (se_event_get_remote (item->event), focus->local);
}

static void
place_steps (SeDiagram *self,
             guint      focus_socket)
{
  guint next_row = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = get_item (self, i);
      Socket *socket = get_socket (self, item->socket);
      SeDiagramStep step = { 0 };
      guint row = next_row;

      if (!item_in_focus (self, item, focus_socket))
        continue;

      /* connect() returned after the other side's accept(): the
       * handshake is drawn level, on the accept()'s row, unless the
       * client has a later call (socket(), setsockopt()) drawn already. */
      if (se_event_get_kind (item->event) == SE_EVENT_CONNECT &&
          socket->counterpart != SE_DIAGRAM_NONE)
        {
          guint accept_step = _se_diagram_accept_step_of (self, socket->counterpart);

          if (accept_step != SE_DIAGRAM_NONE &&
              (!socket->has_steps || socket->last_row < get_step (self, accept_step)->row))
            row = get_step (self, accept_step)->row;
        }
      if (row == next_row)
        next_row++;

      step.row = row;
      step.lifeline = item->socket;  /* a socket until the lifelines are made */
      step.event_index = se_event_get_index (item->event);
      step.kind = se_event_get_kind (item->event);
      step.call = _se_diagram_relay_call (self, item->socket, se_diagram_call_label (item->event));
      step.state = se_diagram_state_label (item->event);
      g_array_append_val (self->steps, step);
      item->step = self->steps->len - 1;
      socket->has_steps = TRUE;
      socket->last_row = row;
    }

  self->n_rows = MAX (next_row, 1);
}


/* Pass 6: the lifelines, left to right: clients (and the peers that
 * came to us), listening and bound sockets, the sockets accept()
 * returned, the peers we went to; each group in order of appearance. */

typedef struct
{
  guint   node;
  guint   group;
  double  first;
} Node;

static int
compare_nodes (gconstpointer a,
               gconstpointer b)
{
  const Node *na = a;
  const Node *nb = b;

  if (na->group != nb->group)
    return na->group < nb->group ? -1 : 1;
  if (na->first != nb->first)
    return na->first < nb->first ? -1 : 1;
  return na->node < nb->node ? -1 : na->node > nb->node;
}

static void
note_node (double   *first,
           gboolean *used,
           guint     node,
           double    row)
{
  used[node] = TRUE;
  first[node] = MIN (first[node], row);
}

static void
make_lifelines (SeDiagram *self)
{
  guint n_sockets = self->sockets->len;
  guint n_nodes = n_sockets + self->peers->len;
  g_autofree double *first = g_new (double, n_nodes);
  g_autofree gboolean *used = g_new0 (gboolean, n_nodes);
  g_autofree guint *lifeline_of = g_new (guint, n_nodes);
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (Node));

  for (guint i = 0; i < n_nodes; i++)
    first[i] = G_MAXDOUBLE;
  /* A relay's sockets are drawn on its one lifeline: what went between
   * them (accept()'s new socket) is inside the relay, not an arrow. */
  for (guint i = self->arrows->len; i > 0; i--)
    {
      SeDiagramArrow *arrow = &g_array_index (self->arrows, SeDiagramArrow, i - 1);

      arrow->from_lifeline = _se_diagram_node_of (self, arrow->from_lifeline);
      arrow->to_lifeline = _se_diagram_node_of (self, arrow->to_lifeline);
      if (arrow->from_lifeline == arrow->to_lifeline)
        g_array_remove_index (self->arrows, i - 1);
    }

  for (guint i = 0; i < self->steps->len; i++)
    note_node (first, used, _se_diagram_node_of (self, get_step (self, i)->lifeline), get_step (self, i)->row);
  for (guint i = 0; i < self->arrows->len; i++)
    {
      SeDiagramArrow *arrow = &g_array_index (self->arrows, SeDiagramArrow, i);

      note_node (first, used, arrow->from_lifeline, arrow->from_row);
      note_node (first, used, arrow->to_lifeline, arrow->to_row);
    }

  for (guint i = 0; i < n_nodes; i++)
    {
      Node node = { .node = i, .first = first[i] };

      if (!used[i])
        continue;
      if (i < n_sockets && get_socket (self, i)->relay == i)
        node.group = 1;
      else if (i < n_sockets)
        {
          SeDiagramLifelineKind kind = get_socket (self, i)->kind;

          node.group = kind == SE_DIAGRAM_LIFELINE_CLIENT ? 0 :
                       kind == SE_DIAGRAM_LIFELINE_ACCEPTED ? 3 : 2;
        }
      else
        {
          Peer *peer = g_ptr_array_index (self->peers, i - n_sockets);

          node.group = peer->side == SIDE_CLIENT ? 0 : 4;
        }
      g_array_append_val (nodes, node);
    }
  g_array_sort (nodes, compare_nodes);

  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = &g_array_index (nodes, Node, i);
      SeDiagramLifeline lifeline = {
        .first_row = (guint) MAX (node->first, 0),
        .last_row = self->n_rows - 1,
      };

      if (node->node < n_sockets)
        {
          Socket *socket = get_socket (self, node->node);

          lifeline.kind = socket->kind;
          lifeline.protocol = socket->protocol;
          lifeline.connection_id = socket->id;
          lifeline.address = g_strdup (socket->local);
          if (socket->relay == node->node)
            _se_diagram_relay_lifeline (self, node->node, &lifeline);
          else switch (socket->kind)
            {
            case SE_DIAGRAM_LIFELINE_CLIENT:
              /* Translators: a lifeline of the sequence diagram; %u is the connection number */
              lifeline.title = g_strdup_printf (_("client socket #%u"), socket->id);
              break;
            case SE_DIAGRAM_LIFELINE_LISTENING:
              lifeline.title = g_strdup (_("listening socket"));
              break;
            case SE_DIAGRAM_LIFELINE_SERVER:
              lifeline.title = g_strdup (_("server socket"));
              break;
            case SE_DIAGRAM_LIFELINE_ACCEPTED:
              /* Translators: a lifeline of the sequence diagram; %u is the connection number */
              lifeline.title = g_strdup_printf (_("connection socket #%u"), socket->id);
              break;
            case SE_DIAGRAM_LIFELINE_PEER:
            case SE_DIAGRAM_LIFELINE_RELAY:
            default:
              lifeline.title = g_strdup (_("peer"));
              break;
            }
        }
      else
        {
          Peer *peer = g_ptr_array_index (self->peers, node->node - n_sockets);

          lifeline.kind = SE_DIAGRAM_LIFELINE_PEER;
          lifeline.address = g_strdup (peer->address);
          lifeline.title = g_strdup (peer->others ? _("other peers") : _("peer"));
        }

      lifeline_of[node->node] = i;
      g_array_append_val (self->lifelines, lifeline);
    }

  for (guint i = 0; i < self->steps->len; i++)
    {
      SeDiagramStep *step = get_step (self, i);
      guint node = _se_diagram_node_of (self, step->lifeline);
      /* A relay's lifeline ends with its listening or bound socket, not
       * with a session's */
      gboolean own = node == step->lifeline;
      SeDiagramLifeline *lifeline;

      step->lifeline = lifeline_of[node];
      lifeline = &g_array_index (self->lifelines, SeDiagramLifeline, step->lifeline);
      if (own && step->kind == SE_EVENT_CLOSE && !lifeline->closed)
        {
          lifeline->closed = TRUE;
          lifeline->last_row = step->row;
        }
      /* A session's socket closed after the relay's own */
      else if (lifeline->kind == SE_DIAGRAM_LIFELINE_RELAY && lifeline->closed &&
               step->row > lifeline->last_row)
        lifeline->last_row = step->row;
    }
  for (guint i = 0; i < self->arrows->len; i++)
    {
      SeDiagramArrow *arrow = &g_array_index (self->arrows, SeDiagramArrow, i);

      arrow->from_lifeline = lifeline_of[arrow->from_lifeline];
      arrow->to_lifeline = lifeline_of[arrow->to_lifeline];
    }
}

/* Overrides */

static void
clear_lifeline (gpointer data)
{
  SeDiagramLifeline *lifeline = data;

  g_free (lifeline->title);
  g_free (lifeline->address);
}

static void
clear_step (gpointer data)
{
  SeDiagramStep *step = data;

  g_free (step->call);
  g_free (step->state);
}

static void
clear_arrow (gpointer data)
{
  SeDiagramArrow *arrow = data;

  g_free (arrow->label);
}

static void
clear_socket (gpointer data)
{
  Socket *socket = data;

  g_free (socket->local);
  g_free (socket->remote);
  g_free (socket->relay_source);
}

static void
se_diagram_finalize (GObject *object)
{
  SeDiagram *self = (SeDiagram *)object;

  g_clear_pointer (&self->lifelines, g_array_unref);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->arrows, g_array_unref);
  g_clear_pointer (&self->sockets, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->peers, g_ptr_array_unref);
  g_clear_pointer (&self->relay_notes, g_ptr_array_unref);

  G_OBJECT_CLASS (se_diagram_parent_class)->finalize (object);
}

static void
se_diagram_class_init (SeDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = se_diagram_finalize;
}

static void
se_diagram_init (SeDiagram *self)
{
  self->lifelines = g_array_new (FALSE, TRUE, sizeof (SeDiagramLifeline));
  g_array_set_clear_func (self->lifelines, clear_lifeline);
  self->steps = g_array_new (FALSE, TRUE, sizeof (SeDiagramStep));
  g_array_set_clear_func (self->steps, clear_step);
  self->arrows = g_array_new (FALSE, TRUE, sizeof (SeDiagramArrow));
  g_array_set_clear_func (self->arrows, clear_arrow);
  self->sockets = g_array_new (FALSE, TRUE, sizeof (Socket));
  g_array_set_clear_func (self->sockets, clear_socket);
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  self->peers = g_ptr_array_new_with_free_func (peer_free);
  self->relay_notes = g_ptr_array_new ();
}

/* Public API */

SeDiagram *
se_diagram_new (GPtrArray  *events,
                guint       focus_connection,
                const char *focus_address)
{
  SeDiagram *self;
  guint focus_socket = SE_DIAGRAM_NONE;

  g_return_val_if_fail (events != NULL, NULL);

  self = g_object_new (SE_TYPE_DIAGRAM, NULL);

  collect_sockets (self, events);
  pair_sockets (self);
  _se_diagram_link_relays (self);
  apply_focus (self, focus_connection, focus_address);
  if (focus_connection != 0)
    focus_socket = _se_diagram_find_connection (self, focus_connection);
  place_steps (self, focus_socket);
  _se_diagram_add_arrows (self);
  make_lifelines (self);

  /* What only the building needed; the events are the caller's. */
  g_clear_pointer (&self->sockets, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->peers, g_ptr_array_unref);
  g_clear_pointer (&self->relay_notes, g_ptr_array_unref);

  return self;
}

guint
se_diagram_get_n_rows (SeDiagram *self)
{
  g_return_val_if_fail (SE_IS_DIAGRAM (self), 0);

  return self->n_rows;
}

const SeDiagramLifeline *
se_diagram_get_lifelines (SeDiagram *self,
                          guint     *n_lifelines)
{
  g_return_val_if_fail (SE_IS_DIAGRAM (self), NULL);

  if (n_lifelines != NULL)
    *n_lifelines = self->lifelines->len;
  return (const SeDiagramLifeline *) self->lifelines->data;
}

const SeDiagramStep *
se_diagram_get_steps (SeDiagram *self,
                      guint     *n_steps)
{
  g_return_val_if_fail (SE_IS_DIAGRAM (self), NULL);

  if (n_steps != NULL)
    *n_steps = self->steps->len;
  return (const SeDiagramStep *) self->steps->data;
}

const SeDiagramArrow *
se_diagram_get_arrows (SeDiagram *self,
                       guint     *n_arrows)
{
  g_return_val_if_fail (SE_IS_DIAGRAM (self), NULL);

  if (n_arrows != NULL)
    *n_arrows = self->arrows->len;
  return (const SeDiagramArrow *) self->arrows->data;
}
