/* se-diagram.h: a sequence diagram of sockets, made from log events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "se-event.h"

G_BEGIN_DECLS

/* No step, lifeline or event. */
#define SE_DIAGRAM_NONE G_MAXUINT

typedef enum
{
  SE_DIAGRAM_LIFELINE_CLIENT,     /* a socket that connected (or sent datagrams) */
  SE_DIAGRAM_LIFELINE_LISTENING,  /* a listening socket */
  SE_DIAGRAM_LIFELINE_SERVER,     /* a bound datagram socket that answers */
  SE_DIAGRAM_LIFELINE_ACCEPTED,   /* a connection socket that accept() returned */
  SE_DIAGRAM_LIFELINE_PEER,       /* the other end, whose calls are not in the log */
  SE_DIAGRAM_LIFELINE_RELAY,      /* a relay: its listening or bound socket and the
                                   * sockets of its sessions, both legs of each */
} SeDiagramLifelineKind;

/* One socket, drawn as a vertical line; time goes down. */
typedef struct
{
  SeDiagramLifelineKind  kind;
  SeProtocol             protocol;
  guint                  connection_id;  /* 0: a listening or bound socket, a peer */
  char                  *title;          /* "client socket #3" (translated) */
  char                  *address;        /* its own address, "" if unknown */
  guint                  first_row;      /* alive from this row… */
  guint                  last_row;       /* …to this one */
  gboolean               closed;         /* close() ends it at last_row */
} SeDiagramLifeline;

/* One call of a socket: a row of the diagram. */
typedef struct
{
  guint        row;
  guint        lifeline;
  guint        event_index;  /* SeEvent:index of the event it draws */
  SeEventKind  kind;
  char        *call;         /* "send(5)", "recv()=5", "accept()" */
  char        *state;        /* the TCP state after the call, or NULL */
} SeDiagramStep;

typedef enum
{
  SE_DIAGRAM_ARROW_CONNECT,     /* connect() to accept() (the handshake) */
  SE_DIAGRAM_ARROW_NEW_SOCKET,  /* accept() returned a new socket */
  SE_DIAGRAM_ARROW_DATA,        /* bytes of a stream */
  SE_DIAGRAM_ARROW_DATAGRAM,    /* one datagram */
  SE_DIAGRAM_ARROW_FIN,         /* the end of one direction of a stream */
} SeDiagramArrowKind;

/* One exchange. A stream's arrow carries the bytes of one send that one
 * read returned: when three sends become two reads, there is an arrow
 * for each piece, each with its byte range. The end at a peer (whose
 * calls the log does not have) is half a row off the step at ours. */
typedef struct
{
  SeDiagramArrowKind  kind;
  guint               from_lifeline;
  guint               to_lifeline;
  double              from_row;
  double              to_row;
  guint               from_step;    /* SE_DIAGRAM_NONE at a peer */
  guint               to_step;      /* SE_DIAGRAM_NONE at a peer, or not read yet */
  guint64             start;        /* DATA: the bytes [start, end) of the direction */
  guint64             end;
  gboolean            in_flight;    /* sent, and not (yet) seen arriving */
  char               *label;        /* "bytes 0–3 “hell”" */
  guint               event_index;  /* the event to select for it */
} SeDiagramArrow;

#define SE_TYPE_DIAGRAM (se_diagram_get_type ())

G_DECLARE_FINAL_TYPE (SeDiagram, se_diagram, SE, DIAGRAM, GObject)

/* Draws the sockets of events (SeEvent, in log order). With
 * focus_connection (not 0), only that connection, its other end and the
 * listening socket between them; with focus_address ("127.0.0.1:7000"),
 * the listening or bound socket of that address, its connections and
 * their other ends; with neither, every socket of the events. A relay
 * (its notes, se_event_get_relayed_to(), tie its legs) is one lifeline
 * between the real client and the real server, holding its listening
 * or bound socket and both legs of each session; a focus on either leg
 * draws the whole session. */
SeDiagram               *se_diagram_new            (GPtrArray   *events,
                                                    guint        focus_connection,
                                                    const char  *focus_address);

guint                    se_diagram_get_n_rows     (SeDiagram   *self);
const SeDiagramLifeline *se_diagram_get_lifelines  (SeDiagram   *self,
                                                    guint       *n_lifelines);
const SeDiagramStep     *se_diagram_get_steps      (SeDiagram   *self,
                                                    guint       *n_steps);
const SeDiagramArrow    *se_diagram_get_arrows     (SeDiagram   *self,
                                                    guint       *n_arrows);

/* What a step says: the call as a program writes it ("send(5)",
 * "recv()=5", "recvfrom()=5", "recv()=0" for the peer's FIN) … */
char                    *se_diagram_call_label     (SeEvent     *event);
/* … and the TCP state of the socket after it, when the event has one
 * (NULL otherwise). */
char                    *se_diagram_state_label    (SeEvent     *event);

/* Whether two socket addresses name the same socket: equal, or one is a
 * wildcard ("0.0.0.0:5000", "[::]:5000") with the other's port. */
gboolean                 se_diagram_address_match  (const char  *a,
                                                    const char  *b);

G_END_DECLS
