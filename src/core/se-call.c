/* se-call.c: the system calls of the log, their options and TCP states, by name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an event says about the call it is (SeCall, SeSockopt, SeTcpState
 * in se-event.h), as a program and the kernel name it: "recv",
 * "SO_REUSEADDR", "CLOSE_WAIT"; and the compact form of a call the text
 * line and the views show, "recv(65536)=5", "connect()=-1 ECONNREFUSED".
 */
#include "config.h"

#include "se-call-private.h"
#include "se-error.h"

static const char * const call_names[SE_CALL_N_CALLS] = {
  [SE_CALL_NONE] = "",
  [SE_CALL_SOCKET] = "socket",
  [SE_CALL_SETSOCKOPT] = "setsockopt",
  [SE_CALL_BIND] = "bind",
  [SE_CALL_LISTEN] = "listen",
  [SE_CALL_ACCEPT] = "accept",
  [SE_CALL_CONNECT] = "connect",
  [SE_CALL_SEND] = "send",
  [SE_CALL_SENDTO] = "sendto",
  [SE_CALL_RECV] = "recv",
  [SE_CALL_RECVFROM] = "recvfrom",
  [SE_CALL_SHUTDOWN] = "shutdown",
  [SE_CALL_CLOSE] = "close",
};

/* The kernel's names, as `ss` and the tutorials write them. */
static const char * const tcp_state_names[SE_TCP_STATE_N_STATES] = {
  [SE_TCP_STATE_NONE] = NULL,
  [SE_TCP_STATE_ESTABLISHED] = "ESTABLISHED",
  [SE_TCP_STATE_SYN_SENT] = "SYN_SENT",
  [SE_TCP_STATE_SYN_RECV] = "SYN_RECV",
  [SE_TCP_STATE_FIN_WAIT1] = "FIN_WAIT1",
  [SE_TCP_STATE_FIN_WAIT2] = "FIN_WAIT2",
  [SE_TCP_STATE_TIME_WAIT] = "TIME_WAIT",
  [SE_TCP_STATE_CLOSE] = "CLOSE",
  [SE_TCP_STATE_CLOSE_WAIT] = "CLOSE_WAIT",
  [SE_TCP_STATE_LAST_ACK] = "LAST_ACK",
  [SE_TCP_STATE_LISTEN] = "LISTEN",
  [SE_TCP_STATE_CLOSING] = "CLOSING",
  [SE_TCP_STATE_NEW_SYN_RECV] = "NEW_SYN_RECV",
};

static const char * const sockopt_names[SE_SOCKOPT_N_OPTIONS] = {
  [SE_SOCKOPT_NONE] = NULL,
  [SE_SOCKOPT_SO_REUSEADDR] = "SO_REUSEADDR",
  [SE_SOCKOPT_SO_RCVBUF] = "SO_RCVBUF",
  [SE_SOCKOPT_SO_RCVBUFFORCE] = "SO_RCVBUFFORCE",
  [SE_SOCKOPT_SO_SNDBUF] = "SO_SNDBUF",
  [SE_SOCKOPT_SO_BROADCAST] = "SO_BROADCAST",
  [SE_SOCKOPT_SO_KEEPALIVE] = "SO_KEEPALIVE",
  [SE_SOCKOPT_SO_LINGER] = "SO_LINGER",
  [SE_SOCKOPT_TCP_NODELAY] = "TCP_NODELAY",
  [SE_SOCKOPT_IPV6_V6ONLY] = "IPV6_V6ONLY",
  [SE_SOCKOPT_IP_MULTICAST_TTL] = "IP_MULTICAST_TTL",
  [SE_SOCKOPT_IP_MULTICAST_LOOP] = "IP_MULTICAST_LOOP",
  [SE_SOCKOPT_IPV6_MULTICAST_HOPS] = "IPV6_MULTICAST_HOPS",
  [SE_SOCKOPT_IPV6_MULTICAST_LOOP] = "IPV6_MULTICAST_LOOP",
  [SE_SOCKOPT_MCAST_JOIN_GROUP] = "MCAST_JOIN_GROUP",
  [SE_SOCKOPT_MCAST_LEAVE_GROUP] = "MCAST_LEAVE_GROUP",
  [SE_SOCKOPT_MCAST_JOIN_SOURCE_GROUP] = "MCAST_JOIN_SOURCE_GROUP",
  [SE_SOCKOPT_MCAST_LEAVE_SOURCE_GROUP] = "MCAST_LEAVE_SOURCE_GROUP",
  [SE_SOCKOPT_SO_RCVTIMEO] = "SO_RCVTIMEO",
  [SE_SOCKOPT_SO_SNDTIMEO] = "SO_SNDTIMEO",
};

/* Decimal digits without printf: the text line of every event has one. */
static void
append_uint (GString *out,
             guint64  value)
{
  char digits[24];
  char *p = digits + sizeof digits;

  do
    {
      *--p = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);

  _se_string_put (out, p, digits + sizeof digits - p);
}

gboolean
_se_call_has_asked (SeCall call)
{
  switch (call)
    {
    case SE_CALL_SETSOCKOPT:
    case SE_CALL_LISTEN:
    case SE_CALL_SEND:
    case SE_CALL_SENDTO:
    case SE_CALL_RECV:
    case SE_CALL_RECVFROM:
    case SE_CALL_SHUTDOWN:
      return TRUE;
    case SE_CALL_NONE:
    case SE_CALL_SOCKET:
    case SE_CALL_BIND:
    case SE_CALL_ACCEPT:
    case SE_CALL_CONNECT:
    case SE_CALL_CLOSE:
    default:
      return FALSE;
    }
}

void
_se_call_append (GString    *out,
                 SeCall      call,
                 SeProtocol  protocol,
                 const char *local,
                 const char *remote,
                 SeSockopt   option,
                 guint32     asked,
                 gint64      ret,
                 int         error_number)
{
  _se_string_put_str (out, call_names[call]);
  g_string_append_c (out, '(');

  switch (call)
    {
    case SE_CALL_SOCKET:
      {
        gboolean unix_family = protocol == SE_PROTOCOL_UNIX || protocol == SE_PROTOCOL_UNIX_DGRAM;
        gboolean stream = protocol == SE_PROTOCOL_TCP || protocol == SE_PROTOCOL_UNIX;
        const char *address = local != NULL && local[0] != '\0' ? local : remote;

        _se_string_put_str (out, unix_family ? "AF_UNIX" :
                              (address != NULL && address[0] == '[') ? "AF_INET6" : "AF_INET");
        _se_string_put_str (out, stream ? ", SOCK_STREAM, 0" : ", SOCK_DGRAM, 0");
      }
      break;

    case SE_CALL_SETSOCKOPT:
      {
        gboolean ipv6 = local != NULL && local[0] == '[';
        gboolean group = option >= SE_SOCKOPT_MCAST_JOIN_GROUP && option <= SE_SOCKOPT_MCAST_LEAVE_SOURCE_GROUP;

        if (option == SE_SOCKOPT_TCP_NODELAY)
          _se_string_put_str (out, "IPPROTO_TCP, ");
        else if (option == SE_SOCKOPT_IPV6_V6ONLY || option == SE_SOCKOPT_IPV6_MULTICAST_HOPS ||
                 option == SE_SOCKOPT_IPV6_MULTICAST_LOOP || (group && ipv6))
          _se_string_put_str (out, "IPPROTO_IPV6, ");
        else if (option == SE_SOCKOPT_IP_MULTICAST_TTL || option == SE_SOCKOPT_IP_MULTICAST_LOOP || group)
          _se_string_put_str (out, "IPPROTO_IP, ");
        else
          _se_string_put_str (out, "SOL_SOCKET, ");
        _se_string_put_str (out, sockopt_names[option] != NULL ? sockopt_names[option] : "?");
        _se_string_put_str (out, ", ");
        /* A group_req: the group and interface are in the detail */
        if (group)
          _se_string_put_str (out, "{…}");
        else
          append_uint (out, asked);
      }
      break;

    case SE_CALL_LISTEN:
    case SE_CALL_SEND:
    case SE_CALL_SENDTO:
    case SE_CALL_RECV:
    case SE_CALL_RECVFROM:
      append_uint (out, asked);
      break;

    case SE_CALL_SHUTDOWN:
      _se_string_put_str (out, asked == 0 ? "SHUT_RD" : asked == 1 ? "SHUT_WR" : "SHUT_RDWR");
      break;

    case SE_CALL_NONE:
    case SE_CALL_BIND:
    case SE_CALL_ACCEPT:
    case SE_CALL_CONNECT:
    case SE_CALL_CLOSE:
    default:
      break;
    }

  _se_string_put_str (out, ")=");
  if (error_number != 0)
    {
      _se_string_put_str (out, "-1 ");
      _se_string_put_str (out, se_errno_name (error_number));
    }
  else
    append_uint (out, (guint64) MAX (ret, 0));
}

const char *
se_call_to_string (SeCall call)
{
  g_return_val_if_fail (call < SE_CALL_N_CALLS, NULL);

  return call_names[call];
}

gboolean
se_call_from_string (const char *text,
                     SeCall     *call)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = SE_CALL_NONE + 1; i < SE_CALL_N_CALLS; i++)
    {
      if (g_ascii_strcasecmp (text, call_names[i]) == 0)
        {
          if (call != NULL)
            *call = (SeCall) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
se_tcp_state_to_string (SeTcpState state)
{
  g_return_val_if_fail (state < SE_TCP_STATE_N_STATES, NULL);

  return tcp_state_names[state];
}

gboolean
se_tcp_state_from_string (const char *text,
                          SeTcpState *state)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = SE_TCP_STATE_NONE + 1; i < SE_TCP_STATE_N_STATES; i++)
    {
      if (g_ascii_strcasecmp (text, tcp_state_names[i]) == 0)
        {
          if (state != NULL)
            *state = (SeTcpState) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
se_sockopt_to_string (SeSockopt option)
{
  g_return_val_if_fail (option < SE_SOCKOPT_N_OPTIONS, NULL);

  return sockopt_names[option];
}
