/* se-diagram-relay.c: a relay drawn as one lifeline of the sequence diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A relay (se-relay.c) is a listener whose every accepted connection (or
 * datagram sender) is paired with a client socket to the target, each
 * leg logged with its own connection id. What a learner wants to see is
 * three parties: the real client, the relay, the real server. So the
 * relay's listening or bound socket and both legs of each session are
 * drawn on one lifeline between them: arrows from the client to the
 * relay, from the relay to the server and back, each step labelled with
 * the leg it is a call of ("#2 send(5)").
 *
 * The legs are tied by the relay's notes (se_event_get_relayed_to()): on
 * a stream relay's, the accepted leg's connection and the target's leg;
 * on a datagram relay's, the bound socket (local), the sender (remote)
 * and the target's leg.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-diagram-private.h"

static void
include (SeDiagram *self,
         guint      i)
{
  if (i != SE_DIAGRAM_NONE)
    get_socket (self, i)->included = TRUE;
}

/* A socket in focus, its other end and the listening sockets between */
static void
include_connection (SeDiagram *self,
                    guint      i)
{
  Socket *s;

  if (i == SE_DIAGRAM_NONE)
    return;
  s = get_socket (self, i);
  include (self, i);
  include (self, s->counterpart);
  include (self, s->listener);
  if (s->counterpart != SE_DIAGRAM_NONE)
    include (self, get_socket (self, s->counterpart)->listener);
}

void
_se_diagram_link_relays (SeDiagram *self)
{
  for (guint i = 0; i < self->relay_notes->len; i++)
    {
      SeEvent *note = g_ptr_array_index (self->relay_notes, i);
      guint target = _se_diagram_find_connection (self, se_event_get_relayed_to (note));
      guint id = se_event_get_connection_id (note);
      guint anchor;

      /* The leg to the target made no call the log still has */
      if (target == SE_DIAGRAM_NONE)
        continue;

      if (id != 0)
        {
          guint accepted = _se_diagram_find_connection (self, id);

          if (accepted == SE_DIAGRAM_NONE)
            continue;
          /* Its listening socket, or (its accept() no longer in the log)
           * the accepted socket itself holds the relay's lifeline */
          anchor = get_socket (self, accepted)->listener;
          if (anchor == SE_DIAGRAM_NONE)
            anchor = accepted;
          get_socket (self, accepted)->relay = anchor;
          get_socket (self, accepted)->relay_partner = target;
          get_socket (self, target)->relay_partner = accepted;
        }
      else
        {
          Socket *leg = get_socket (self, target);

          anchor = _se_diagram_find_bound (self, se_event_get_protocol (note), se_event_get_local (note));
          if (anchor == SE_DIAGRAM_NONE)
            continue;
          g_free (leg->relay_source);
          leg->relay_source = g_strdup (se_event_get_remote (note));
        }

      get_socket (self, target)->relay = anchor;
      get_socket (self, anchor)->relay = anchor;
    }
}

void
_se_diagram_include_relay (SeDiagram *self,
                           guint      socket)
{
  Socket *s = get_socket (self, socket);

  if (s->relay == SE_DIAGRAM_NONE)
    return;

  /* The session of a leg: the other leg, the relay's listening or bound
   * socket, and what each leg reaches */
  include_connection (self, socket);
  include_connection (self, s->relay_partner);
  include (self, s->relay);
}

guint
_se_diagram_node_of (SeDiagram *self,
                     guint      node)
{
  if (node < self->sockets->len && get_socket (self, node)->relay != SE_DIAGRAM_NONE)
    return get_socket (self, node)->relay;
  return node;
}

char *
_se_diagram_relay_call (SeDiagram *self,
                        guint      socket,
                        char      *call)
{
  Socket *s = get_socket (self, socket);
  char *shown;

  /* On the relay's lifeline, a leg's calls say whose they are */
  if (s->relay == SE_DIAGRAM_NONE || s->relay == socket || s->id == 0)
    return call;
  shown = g_strdup_printf ("#%u %s", s->id, call);
  g_free (call);
  return shown;
}

void
_se_diagram_relay_lifeline (SeDiagram         *self,
                            guint              anchor,
                            SeDiagramLifeline *lifeline)
{
  guint n_sessions = 0;
  guint first = 0, second = 0;
  const char *target = NULL;

  /* The sessions drawn: each by its leg to the target (the one that
   * has a relay and is not the anchor nor an accepted leg) */
  for (guint i = 0; i < self->sockets->len; i++)
    {
      Socket *s = get_socket (self, i);

      if (s->relay != anchor || i == anchor || !s->included ||
          s->kind != SE_DIAGRAM_LIFELINE_CLIENT)
        continue;
      n_sessions++;
      second = s->id;
      first = s->relay_partner != SE_DIAGRAM_NONE ? get_socket (self, s->relay_partner)->id : 0;
      if (s->remote[0] != '\0')
        target = s->remote;
    }

  lifeline->kind = SE_DIAGRAM_LIFELINE_RELAY;
  lifeline->connection_id = 0;
  g_free (lifeline->title);
  if (n_sessions == 1 && first != 0)
    /* Translators: a lifeline of the sequence diagram: a relay that joins
     * connection #%u (from its client) to connection #%u (to its target) */
    lifeline->title = g_strdup_printf (_("relay #%u → #%u"), first, second);
  else if (n_sessions == 1)
    /* Translators: a lifeline of the sequence diagram: a datagram relay
     * whose socket #%u sends to its target */
    lifeline->title = g_strdup_printf (_("relay → #%u"), second);
  else
    /* Translators: a lifeline of the sequence diagram */
    lifeline->title = g_strdup (_("relay"));

  if (target != NULL)
    {
      g_autofree char *bound = g_steal_pointer (&lifeline->address);

      lifeline->address = g_strdup_printf ("%s → %s", bound, target);
    }
}
