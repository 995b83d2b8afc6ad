/* se-labels.c: what the window calls event kinds, protocols, responders
 * and connection states, and how it counts traffic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "se-labels.h"
#include "se-payload.h"

/* Event kinds ------------------------------------------------------------- */

const char *
se_labels_event_kind (SeEventKind kind)
{
  /* Not translated: the names of the socket calls and of the CLI's
   * --kind filter, so what the learner reads in the window is what they
   * type in a terminal and see in an export. */
  return se_event_kind_to_string (kind);
}

static gboolean
event_is_peer_eof (SeEvent *event)
{
  return se_event_get_kind (event) == SE_EVENT_SHUTDOWN &&
         se_event_get_detail_code (event) == SE_EVENT_DETAIL_PEER_EOF;
}

const char *
se_labels_event (SeEvent *event)
{
  g_return_val_if_fail (SE_IS_EVENT (event), "");

  /* The peer's FIN is logged as a shutdown, like our own half-close, but
   * it is something that happened to us, not something we did. */
  if (event_is_peer_eof (event))
    /* Translators: the kind of event when the peer sent FIN (recv() returned 0) */
    return C_("event kind", "peer closed");

  return se_labels_event_kind (se_event_get_kind (event));
}

const char *
se_labels_event_kind_icon (SeEventKind kind)
{
  switch (kind)
    {
    case SE_EVENT_BIND:
      return "mark-location-symbolic";
    case SE_EVENT_LISTEN:
      return "network-server-symbolic";
    case SE_EVENT_ACCEPT:
      return "list-add-symbolic";
    case SE_EVENT_CONNECT:
      return "network-wired-symbolic";
    case SE_EVENT_SEND:
      return "go-up-symbolic";
    case SE_EVENT_RECEIVE:
      return "go-down-symbolic";
    case SE_EVENT_SHUTDOWN:
      return "media-playback-pause-symbolic";
    case SE_EVENT_CLOSE:
      return "window-close-symbolic";
    case SE_EVENT_ERROR:
      return "dialog-error-symbolic";
    case SE_EVENT_RESOLVE:
      return "system-search-symbolic";
    case SE_EVENT_JOIN:
      return "list-add-symbolic";
    case SE_EVENT_LEAVE:
      return "list-remove-symbolic";
    case SE_EVENT_TLS:
      return "channel-secure-symbolic";
    case SE_EVENT_SOCKET:
      return "document-new-symbolic";
    case SE_EVENT_SETSOCKOPT:
      return "emblem-system-symbolic";
    default:
      return "dialog-question-symbolic";
    }
}

const char *
se_labels_event_icon (SeEvent *event)
{
  g_return_val_if_fail (SE_IS_EVENT (event), "dialog-question-symbolic");

  /* Incoming, like a receive: the peer's side ended */
  if (event_is_peer_eof (event))
    return "go-bottom-symbolic";

  return se_labels_event_kind_icon (se_event_get_kind (event));
}

const char *
se_labels_event_kind_style (SeEventKind kind)
{
  /* libadwaita's own color classes, which follow the light and dark
   * styles and the high-contrast one. */
  switch (kind)
    {
    case SE_EVENT_SEND:
      return "accent";
    case SE_EVENT_RECEIVE:
    case SE_EVENT_ACCEPT:
    case SE_EVENT_CONNECT:
    case SE_EVENT_TLS:
      return "success";
    case SE_EVENT_SHUTDOWN:
    case SE_EVENT_CLOSE:
      return "warning";
    case SE_EVENT_ERROR:
      return "error";
    case SE_EVENT_BIND:
    case SE_EVENT_LISTEN:
    case SE_EVENT_RESOLVE:
    case SE_EVENT_JOIN:
    case SE_EVENT_LEAVE:
    case SE_EVENT_SOCKET:
    case SE_EVENT_SETSOCKOPT:
    default:
      return "dim-label";
    }
}

/* Protocols --------------------------------------------------------------- */

const char *
se_labels_protocol (SeProtocol protocol)
{
  switch (protocol)
    {
    case SE_PROTOCOL_TCP:
      return _("TCP");
    case SE_PROTOCOL_UDP:
      return _("UDP");
    case SE_PROTOCOL_UNIX:
      return _("Unix stream");
    case SE_PROTOCOL_UNIX_DGRAM:
      return _("Unix datagram");
    case SE_PROTOCOL_NONE:
    default:
      return "";
    }
}

const char *
se_labels_protocol_short (SeProtocol protocol)
{
  switch (protocol)
    {
    case SE_PROTOCOL_UNIX:
      /* Translators: short for Unix stream socket, in a narrow column */
      return _("Unix");
    case SE_PROTOCOL_UNIX_DGRAM:
      /* Translators: short for Unix datagram socket, in a narrow column */
      return _("Unix dgram");
    case SE_PROTOCOL_TCP:
    case SE_PROTOCOL_UDP:
    case SE_PROTOCOL_NONE:
    default:
      return se_labels_protocol (protocol);
    }
}

const char *
se_labels_listener_title (SeProtocol protocol)
{
  switch (protocol)
    {
    case SE_PROTOCOL_TCP:
      return _("TCP Listener");
    case SE_PROTOCOL_UDP:
      return _("UDP Listener");
    case SE_PROTOCOL_UNIX:
      return _("Unix Stream Listener");
    case SE_PROTOCOL_UNIX_DGRAM:
      return _("Unix Datagram Listener");
    case SE_PROTOCOL_NONE:
    default:
      return _("Listener");
    }
}

const char *
se_labels_relay_title (SeProtocol protocol)
{
  switch (protocol)
    {
    case SE_PROTOCOL_TCP:
      return _("TCP Relay");
    case SE_PROTOCOL_UDP:
      return _("UDP Relay");
    case SE_PROTOCOL_UNIX:
      return _("Unix Stream Relay");
    case SE_PROTOCOL_UNIX_DGRAM:
      return _("Unix Datagram Relay");
    case SE_PROTOCOL_NONE:
    default:
      return _("Relay");
    }
}

const char *
se_labels_client_title (SeProtocol protocol)
{
  switch (protocol)
    {
    case SE_PROTOCOL_TCP:
      return _("TCP Client");
    case SE_PROTOCOL_UDP:
      return _("UDP Client");
    case SE_PROTOCOL_UNIX:
      return _("Unix Stream Client");
    case SE_PROTOCOL_UNIX_DGRAM:
      return _("Unix Datagram Client");
    case SE_PROTOCOL_NONE:
    default:
      return _("Client");
    }
}

/* Responders -------------------------------------------------------------- */

const char *
se_labels_responder (SeResponderKind kind,
                     gboolean        stream)
{
  switch (kind)
    {
    case SE_RESPONDER_NONE:
      return _("None (reply by hand)");
    case SE_RESPONDER_ECHO:
      return _("Echo");
    case SE_RESPONDER_UPPER:
      return _("UPPERCASE echo");
    case SE_RESPONDER_TIMESTAMP:
      return _("Timestamp");
    case SE_RESPONDER_GREETING:
      return stream ? _("Greeting, then close") : _("Greeting");
    case SE_RESPONDER_DISCARD:
      return _("Discard");
    case SE_RESPONDER_FRAMED:
      return _("Size-prefixed framing");
    default:
      return "";
    }
}

const char *
se_labels_responder_explain (SeResponderKind kind,
                             gboolean        stream)
{
  switch (kind)
    {
    case SE_RESPONDER_NONE:
      return _("Only logs what arrives; you answer from the composer.");
    case SE_RESPONDER_ECHO:
      return _("Sends every message back as it came.");
    case SE_RESPONDER_UPPER:
      return _("Sends every message back in capital letters.");
    case SE_RESPONDER_TIMESTAMP:
      return _("Answers “[time] message”, like the tutorials’ timestamp servers.");
    case SE_RESPONDER_GREETING:
      return stream ? _("Sends the greeting as a client connects, then closes the connection.")
                    : _("Answers every datagram with the greeting.");
    case SE_RESPONDER_DISCARD:
      return _("Reads everything and answers nothing.");
    case SE_RESPONDER_FRAMED:
      return _("Answers “CMD_RESULT_SIZE|n”, waits for any go-ahead, then sends the message back as the n-byte body.");
    default:
      return "";
    }
}

char *
se_labels_responder_describe (const SeResponder *responder,
                              gboolean           stream)
{
  if (responder == NULL)
    return g_strdup (se_labels_responder (SE_RESPONDER_NONE, stream));

  if (se_responder_get_kind (responder) == SE_RESPONDER_GREETING)
    {
      const char *greeting = se_responder_get_greeting (responder);
      g_autofree char *escaped = NULL;

      greeting = greeting ? greeting : "";
      escaped = se_payload_to_escaped ((const guint8 *) greeting, strlen (greeting), 40);
      if (stream)
        /* Translators: %s is the greeting text the listener sends */
        return g_strdup_printf (_("Greeting “%s”, then close"), escaped);
      else
        /* Translators: %s is the greeting text a datagram listener sends back to each datagram */
        return g_strdup_printf (_("Greeting “%s” to each datagram"), escaped);
    }

  return g_strdup (se_labels_responder (se_responder_get_kind (responder), stream));
}

/* Connection states ------------------------------------------------------- */

const char *
se_labels_connection_state (SeConnectionState state)
{
  switch (state)
    {
    case SE_CONNECTION_STATE_CONNECTED:
      return _("Connected");
    case SE_CONNECTION_STATE_HALF_CLOSED_LOCAL:
      return _("Half-closed by us");
    case SE_CONNECTION_STATE_HALF_CLOSED_REMOTE:
      return _("Half-closed by the peer");
    case SE_CONNECTION_STATE_CLOSED:
      return _("Closed");
    default:
      return se_connection_state_to_string (state);
    }
}

const char *
se_labels_connection_state_long (SeConnectionState state)
{
  switch (state)
    {
    case SE_CONNECTION_STATE_HALF_CLOSED_LOCAL:
      return _("Half-closed: we shut down sending, replies can still arrive");
    case SE_CONNECTION_STATE_HALF_CLOSED_REMOTE:
      return _("Half-closed: the peer closed its side, we can still send");
    case SE_CONNECTION_STATE_CONNECTED:
    case SE_CONNECTION_STATE_CLOSED:
    default:
      return se_labels_connection_state (state);
    }
}

/* Traffic ----------------------------------------------------------------- */

static gulong
plural_n (guint64 n)
{
  /* ngettext takes an unsigned long; a count past it is plural anyway */
  return (gulong) MIN (n, G_MAXULONG);
}

char *
se_labels_format_traffic (gboolean stream,
                          gboolean sent,
                          guint64  bytes,
                          guint64  count)
{
  g_autofree char *b = g_strdup_printf ("%" G_GUINT64_FORMAT, bytes);
  g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, count);
  g_autofree char *amount = NULL;

  /* Translators: a number of bytes, the first part of "115 bytes in 2 reads" */
  amount = g_strdup_printf (ngettext ("%s byte", "%s bytes", plural_n (bytes)), b);

  if (!stream)
    /* Translators: "115 bytes" in a number of datagrams */
    return g_strdup_printf (ngettext ("%s in %s datagram", "%s in %s datagrams", plural_n (count)),
                            amount, n);
  if (sent)
    /* Translators: "115 bytes" in a number of send() calls on a byte stream */
    return g_strdup_printf (ngettext ("%s in %s send", "%s in %s sends", plural_n (count)),
                            amount, n);

  /* Translators: "115 bytes" in a number of recv() calls on a byte stream */
  return g_strdup_printf (ngettext ("%s in %s read", "%s in %s reads", plural_n (count)),
                          amount, n);
}
