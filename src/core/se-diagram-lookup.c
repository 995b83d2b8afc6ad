/* se-diagram-lookup.c: finding a diagram's sockets and steps while it is built
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * se-diagram.c builds the sockets and steps from the log; the arrows
 * (se-diagram-arrows.c) and the relay's lifeline (se-diagram-relay.c)
 * look them up here: by connection id, by bound address, by the accept()
 * that made a socket, and whether two addresses name the same one.
 */
#include "config.h"

#include <string.h>

#include "se-diagram-private.h"

/* Addresses */

static gboolean
split_address (const char  *address,
               const char **host_end,
               const char **port)
{
  const char *colon = strrchr (address, ':');

  if (colon == NULL || colon == address || colon[1] == '\0')
    return FALSE;
  for (const char *p = colon + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  *host_end = colon;
  *port = colon + 1;
  return TRUE;
}

static gboolean
is_wildcard_host (const char *host,
                  gsize       len)
{
  return (len == 7 && strncmp (host, "0.0.0.0", 7) == 0) ||
         (len == 4 && strncmp (host, "[::]", 4) == 0) ||
         (len == 2 && strncmp (host, "::", 2) == 0);
}

gboolean
se_diagram_address_match (const char *a,
                           const char *b)
{
  const char *a_end, *a_port, *b_end, *b_port;

  if (a == NULL || b == NULL || a[0] == '\0' || b[0] == '\0')
    return FALSE;
  /* An unnamed Unix socket is not one address */
  if (a[0] == '(' || b[0] == '(')
    return FALSE;
  if (g_str_equal (a, b))
    return TRUE;
  if (!split_address (a, &a_end, &a_port) || !split_address (b, &b_end, &b_port))
    return FALSE;
  if (!g_str_equal (a_port, b_port))
    return FALSE;
  return is_wildcard_host (a, a_end - a) || is_wildcard_host (b, b_end - b);
}

guint
_se_diagram_find_connection (SeDiagram *self,
                             guint      id)
{
  for (guint i = 0; i < self->sockets->len; i++)
    if (get_socket (self, i)->id == id)
      return i;
  return SE_DIAGRAM_NONE;
}

/* A listening or bound socket is known by its protocol and address. */
guint
_se_diagram_find_bound (SeDiagram  *self,
                        SeProtocol  protocol,
                        const char *local)
{
  for (guint i = 0; i < self->sockets->len; i++)
    {
      Socket *s = get_socket (self, i);

      if (s->id == 0 && s->protocol == protocol && g_str_equal (s->local, local))
        return i;
    }
  return SE_DIAGRAM_NONE;
}

/* The row of the accept() that made socket, or SE_DIAGRAM_NONE */
guint
_se_diagram_accept_step_of (SeDiagram *self,
                            guint      socket)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = get_item (self, i);

      if (item->created == socket)
        return item->step;
    }
  return SE_DIAGRAM_NONE;
}
