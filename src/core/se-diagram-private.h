/* se-diagram-private.h: what the files of the diagram model share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-diagram.h"

G_BEGIN_DECLS

/* Past this many peers of one diagram, the rest share a lifeline. */
#define MAX_PEERS 8
/* Characters of payload an arrow's label shows. */
#define PREVIEW_CHARS 12

typedef struct
{
  SeDiagramLifelineKind  kind;
  SeProtocol             protocol;
  guint                  id;           /* connection id, 0 for a listening/bound socket */
  char                  *local;
  char                  *remote;
  guint                  listener;     /* socket it connected to or was accepted by */
  guint                  counterpart;  /* the other end of a stream, if in the log */
  guint                  lifeline;
  gboolean               included;
  gboolean               has_steps;
  guint                  last_row;     /* of its latest step, while placing them */
  /* A relay's socket: its listening or bound socket (the relay's one
   * lifeline), SE_DIAGRAM_NONE if not a relay's; the other leg of a
   * stream session; the sender a datagram session's leg carries. */
  guint                  relay;
  guint                  relay_partner;
  char                  *relay_source;
} Socket;

typedef struct
{
  SeEvent  *event;
  guint     socket;
  guint     created;   /* ACCEPT: the socket it made */
  guint     step;      /* SE_DIAGRAM_NONE: not drawn */
  gboolean  matched;   /* a datagram read matched to its send */
} Item;

typedef enum
{
  SIDE_CLIENT,   /* a peer that connected to us, or sent to our bound socket */
  SIDE_SERVER,   /* a peer we connected or sent to */
} PeerSide;

typedef struct
{
  char     *address;
  PeerSide  side;
  guint     connection;  /* ours, whose other end it is (unnamed addresses) */
  gboolean  others;      /* the lifeline of the peers past MAX_PEERS */
} Peer;

static inline void
peer_free (gpointer data)
{
  Peer *peer = data;

  g_free (peer->address);
  g_free (peer);
}

struct _SeDiagram
{
  GObject   parent_instance;

  GArray   *lifelines;  /* SeDiagramLifeline */
  GArray   *steps;      /* SeDiagramStep */
  GArray   *arrows;     /* SeDiagramArrow */
  guint     n_rows;

  /* While building */
  GArray   *sockets;    /* Socket */
  GArray   *items;      /* Item */
  GPtrArray *peers;     /* Peer */
  GPtrArray *relay_notes;  /* SeEvent, borrowed: a relay's notes tying its legs */
};


static inline Socket *
get_socket (SeDiagram *self,
            guint      i)
{
  return &g_array_index (self->sockets, Socket, i);
}

static inline Item *
get_item (SeDiagram *self,
          guint      i)
{
  return &g_array_index (self->items, Item, i);
}

static inline SeDiagramStep *
get_step (SeDiagram *self,
          guint      i)
{
  return &g_array_index (self->steps, SeDiagramStep, i);
}

/* se-diagram.c: the step of the accept() that made socket, or SE_DIAGRAM_NONE */
guint _se_diagram_accept_step_of (SeDiagram *self,
                                  guint      socket);
/* se-diagram.c: the connection socket of id, or SE_DIAGRAM_NONE */
guint _se_diagram_find_connection (SeDiagram *self,
                                   guint      id);
/* … a listening or bound socket by its protocol and address */
guint _se_diagram_find_bound     (SeDiagram  *self,
                                  SeProtocol  protocol,
                                  const char *local);
/* se-diagram-arrows.c: pass 5, the arrows between the steps placed */
void  _se_diagram_add_arrows     (SeDiagram *self);

/* se-diagram-relay.c: a relay drawn as one lifeline */
/* Pass 2b: which sockets are a relay's, from its notes */
void         _se_diagram_link_relays      (SeDiagram *self);
/* Pass 3: with focus on socket, the rest of its relay session */
void         _se_diagram_include_relay    (SeDiagram *self,
                                           guint      socket);
/* The node a socket is drawn on: its relay's, or its own */
guint        _se_diagram_node_of          (SeDiagram *self,
                                           guint      node);
/* The title and address of a relay's lifeline */
void         _se_diagram_relay_lifeline   (SeDiagram         *self,
                                           guint              anchor,
                                           SeDiagramLifeline *lifeline);
/* A step's call as the relay's lifeline shows it: "#2 send(5)" */
char        *_se_diagram_relay_call       (SeDiagram *self,
                                           guint      socket,
                                           char      *call);

G_END_DECLS
