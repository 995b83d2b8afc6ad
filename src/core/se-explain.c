/* se-explain.c: what each socket call, errno and lookup error means, for learners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One table, shown by the window's event details and printed by
 * `socket-explorer-cli explain NAME`. Each entry says what the call does
 * (or what the error means), why it returns what it does, and the Python
 * line that makes the same call, written like the tutorials the app's
 * users learn from. The texts are translated where they are shown.
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "se-explain.h"

static const SeExplanation explanations[] = {
  /* Calls */
  { SE_EXPLAIN_CALL, "socket",
    N_("socket() makes a new socket and returns its file descriptor"),
    N_("A socket is one end of a conversation. socket() asks the kernel for one of a family (AF_INET for IPv4, AF_INET6 for IPv6, AF_UNIX for a file on this machine) and a type (SOCK_STREAM for TCP, SOCK_DGRAM for UDP). Nothing is sent yet: the socket has no address and no peer until bind() or connect()."),
    "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)" },
  { SE_EXPLAIN_CALL, "setsockopt",
    N_("setsockopt() changes an option of a socket"),
    N_("Options change how the kernel treats a socket: SO_REUSEADDR lets a server bind again to a port whose old connections are still in TIME_WAIT, SO_RCVBUF sets the size of the receive buffer, TCP_NODELAY turns off Nagle's algorithm. It returns 0, or -1 with errno if the option or its value is not accepted."),
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)" },
  { SE_EXPLAIN_CALL, "bind",
    N_("bind() gives a socket its local address and port"),
    N_("A server binds to the address and port its clients will use; port 0 asks the kernel to choose a free one. Binding to 127.0.0.1 accepts only this machine, 0.0.0.0 every network it is on. It fails with EADDRINUSE if another socket has the port, and EACCES for a port below 1024 without privileges."),
    "s.bind(('127.0.0.1', 5000))" },
  { SE_EXPLAIN_CALL, "listen",
    N_("listen() turns a bound TCP socket into a listening socket"),
    N_("From now on the kernel completes TCP handshakes with clients on its own and queues the new connections; the backlog is how many may wait to be accepted. The listening socket itself never carries data: each accepted connection gets a socket of its own."),
    "s.listen(5)" },
  { SE_EXPLAIN_CALL, "accept",
    N_("accept() takes the next connection the kernel has queued"),
    N_("The handshake already happened in the kernel; accept() hands the program a new socket for that one connection, with the peer's address. It blocks while the queue is empty (or fails with EAGAIN on a non-blocking socket). The listening socket stays open for the next client."),
    "conn, addr = s.accept()" },
  { SE_EXPLAIN_CALL, "connect",
    N_("connect() joins a socket to a remote address"),
    N_("For TCP it sends SYN and waits for the server's SYN-ACK: the three-way handshake. It fails with ECONNREFUSED if nothing listens on that port, ETIMEDOUT if nothing answers. For UDP nothing is sent: it only sets the default destination and filters what recv() returns."),
    "s.connect(('127.0.0.1', 5000))" },
  { SE_EXPLAIN_CALL, "send",
    N_("send() copies bytes into the socket's send buffer"),
    N_("It returns how many bytes the kernel took, which can be fewer than asked when the buffer is full; the kernel sends them when it can. On TCP, bytes of several send() calls may arrive in one recv(), or one send() may arrive in pieces: a stream has no message boundaries. sendall() loops until every byte is taken."),
    "s.send(b'hello')" },
  { SE_EXPLAIN_CALL, "sendall",
    N_("sendall() calls send() until every byte is taken"),
    N_("Python's sendall() repeats send() with the rest of the bytes each time send() takes fewer than asked, and returns None when all are in the send buffer. It does not wait for the peer to receive them."),
    "s.sendall(b'hello')" },
  { SE_EXPLAIN_CALL, "sendto",
    N_("sendto() sends one datagram to an address"),
    N_("On UDP each sendto() is one datagram, delivered whole or not at all: no connection, no retransmission, no order. It returns the number of bytes sent, which is all of them; a datagram larger than the path allows fails with EMSGSIZE."),
    "s.sendto(b'hello', ('127.0.0.1', 5000))" },
  { SE_EXPLAIN_CALL, "recv",
    N_("recv() returns bytes the kernel has received, at most the size asked"),
    N_("On TCP it returns whatever has arrived, up to bufsize: it may be part of one send() or several of them together. It returns 0 bytes (b'' in Python) when the peer has closed its side: that is how a program sees the end of the stream. It blocks while nothing has arrived."),
    "data = conn.recv(1024)" },
  { SE_EXPLAIN_CALL, "recvfrom",
    N_("recvfrom() returns one datagram and who sent it"),
    N_("On UDP each call returns exactly one datagram, with the sender's address, so a server knows whom to answer. If the datagram is larger than bufsize, the rest is lost. Datagrams that arrive while the receive buffer is full are dropped by the kernel."),
    "data, addr = s.recvfrom(1024)" },
  { SE_EXPLAIN_CALL, "shutdown",
    N_("shutdown() closes one direction of a connection"),
    N_("shutdown(SHUT_WR) sends FIN: the peer's recv() returns 0 once it has read everything, but this side can still receive. It is how a client says \"that was my whole request\" and still reads the answer. SHUT_RD and SHUT_RDWR stop receiving, or both."),
    "s.shutdown(socket.SHUT_WR)" },
  { SE_EXPLAIN_CALL, "close",
    N_("close() lets go of the socket"),
    N_("On TCP the kernel sends FIN after any bytes still in the send buffer and finishes the connection on its own; the side that closed first waits in TIME_WAIT for a while. If unread bytes were still in the receive buffer, it sends RST instead. The file descriptor can then be reused."),
    "s.close()" },
  { SE_EXPLAIN_CALL, "getaddrinfo",
    N_("getaddrinfo() turns a host name and a service into socket addresses"),
    N_("It asks the system's resolver (the hosts file, then DNS) for the addresses of a name such as localhost or example.org, and the port of a service such as http. It returns one entry per address, family and socket type, ready for connect() or bind(). Failures are EAI_ codes, not errno values."),
    "socket.getaddrinfo('localhost', 'http', proto=socket.IPPROTO_TCP)" },
  { SE_EXPLAIN_CALL, "gethostbyname",
    N_("gethostbyname() returns the IPv4 address of a host name"),
    N_("The older, IPv4-only form of getaddrinfo(): one name in, one dotted address out. The tutorials use it to look a name up; new programs should use getaddrinfo(), which also knows IPv6."),
    "socket.gethostbyname('localhost')" },
  { SE_EXPLAIN_CALL, "getnameinfo",
    N_("getnameinfo() turns an address back into a host name"),
    N_("The reverse of getaddrinfo(): it asks for the name of an address (a reverse DNS lookup, or the hosts file) and the service name of a port. An address without a name is returned as digits."),
    "socket.getnameinfo(('127.0.0.1', 80), 0)" },
  { SE_EXPLAIN_CALL, "getservbyname",
    N_("getservbyname() returns the port of a service name"),
    N_("It reads the system's services list (/etc/services): http is 80 over TCP, domain is 53. It raises an error for a name the list does not have."),
    "socket.getservbyname('http', 'tcp')" },
  { SE_EXPLAIN_CALL, "IP_ADD_MEMBERSHIP",
    N_("setsockopt(IP_ADD_MEMBERSHIP) joins a multicast group"),
    N_("A multicast group is an address (224.0.0.0 to 239.255.255.255, or ff00::/8 for IPv6) that many sockets can receive at once. Joining tells the kernel, and the network's switches and routers, to deliver the group's datagrams to this socket, which must be bound to the group's port. IP_DROP_MEMBERSHIP, or closing the socket, leaves the group. Socket Explorer uses MCAST_JOIN_GROUP, the same for IPv4 and IPv6."),
    "s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton('239.1.2.3') + socket.inet_aton('0.0.0.0'))" },
  { SE_EXPLAIN_CALL, "SO_BROADCAST",
    N_("setsockopt(SO_BROADCAST) allows sending to a broadcast address"),
    N_("A datagram to a broadcast address (255.255.255.255, or a network's last address such as 192.168.1.255) reaches every machine of the local network. The kernel refuses such a sendto() with EACCES unless the socket has SO_BROADCAST set, so that no program floods the network by mistake."),
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)" },

  /* errno */
  { SE_EXPLAIN_ERRNO, "ECONNREFUSED",
    N_("Connection refused: nothing listens on that port"),
    N_("The peer's kernel answered the SYN with RST because no socket is listening on that address and port. The server is not running, listens on another port or address, or is a UDP server. Check the endpoint and start the listener first."),
    "s.connect(('127.0.0.1', 1))  # ConnectionRefusedError" },
  { SE_EXPLAIN_ERRNO, "EADDRINUSE",
    N_("Address in use: another socket has that port"),
    N_("bind() failed because a socket of this machine already has that address and port, possibly the same program started twice, or old connections still in TIME_WAIT. Choose another port, stop the other program, or set SO_REUSEADDR before bind()."),
    "s.bind(('127.0.0.1', port_in_use))  # OSError: [Errno 98]" },
  { SE_EXPLAIN_ERRNO, "EADDRNOTAVAIL",
    N_("Address not available: this machine does not have that address"),
    N_("bind() was given an IP address that belongs to none of this machine's network interfaces, or no local port was free for an outgoing connection. Use 127.0.0.1, 0.0.0.0 or an address the machine has."),
    "s.bind(('192.0.2.1', 5000))  # OSError: [Errno 99]" },
  { SE_EXPLAIN_ERRNO, "EACCES",
    N_("Permission denied"),
    N_("Ports below 1024 are privileged: binding to them needs root or the CAP_NET_BIND_SERVICE capability. A Unix socket in a directory the user cannot write gives the same error, as does sending to a broadcast address without SO_BROADCAST. Use a port of 1024 or more."),
    "s.bind(('127.0.0.1', 80))  # PermissionError" },
  { SE_EXPLAIN_ERRNO, "ETIMEDOUT",
    N_("Timed out: the peer did not answer in time"),
    N_("connect() sent SYN and no answer came: the host is down, a firewall drops the packets, or the address is wrong. With a timeout set on the socket, recv() and connect() raise it after that time too."),
    "s.settimeout(5); s.connect(('192.0.2.1', 80))  # TimeoutError" },
  { SE_EXPLAIN_ERRNO, "ECONNRESET",
    N_("Connection reset by peer"),
    N_("The peer's kernel sent RST: its program closed the socket with unread data, crashed, or aborted the connection on purpose. Anything still in flight is lost; the connection is over."),
    "data = conn.recv(1024)  # ConnectionResetError" },
  { SE_EXPLAIN_ERRNO, "EPIPE",
    N_("Broken pipe: the connection is closed for sending"),
    N_("send() on a TCP socket whose peer has closed the connection, or after this side's own shutdown(SHUT_WR). The first send after the peer closed may still succeed; the kernel learns from the peer's RST, and the next one fails."),
    "s.send(b'x')  # BrokenPipeError" },
  { SE_EXPLAIN_ERRNO, "ENOTCONN",
    N_("Not connected"),
    N_("The call needs a connected socket: send() or recv() on a TCP socket before connect() or after it closed, or shutdown() on a socket that was never connected."),
    "s.send(b'x')  # OSError: [Errno 107]" },
  { SE_EXPLAIN_ERRNO, "ENETUNREACH",
    N_("Network unreachable: no route to that network"),
    N_("The machine has no route to the destination's network, for example an IPv6 address on a machine without IPv6, or no network at all. Nothing was sent."),
    "s.connect(('2001:db8::1', 80))  # OSError: [Errno 101]" },
  { SE_EXPLAIN_ERRNO, "EHOSTUNREACH",
    N_("Host unreachable"),
    N_("The network is known but the host did not answer at the link level, or a router said it cannot reach it. The host is down or the address is wrong."),
    "s.connect(('192.0.2.1', 80))  # OSError: [Errno 113]" },
  { SE_EXPLAIN_ERRNO, "EAGAIN",
    N_("Try again: the call would have blocked"),
    N_("On a non-blocking socket, recv() with nothing to read, send() with a full buffer, or accept() with no connection waiting returns this instead of waiting. Socket Explorer's sockets are all non-blocking: it waits for readiness with epoll and calls again. EWOULDBLOCK is the same value."),
    "s.setblocking(False); s.recv(1024)  # BlockingIOError" },
  { SE_EXPLAIN_ERRNO, "EMSGSIZE",
    N_("Message too long for one datagram"),
    N_("A UDP datagram cannot carry more than 65,507 bytes of data over IPv4 (and a Unix datagram socket has its own limit): sendto() refuses a larger one. Split the data, or use a stream."),
    "s.sendto(b'x' * 70000, addr)  # OSError: [Errno 90]" },
  { SE_EXPLAIN_ERRNO, "ENOENT",
    N_("No such file: the Unix socket path does not exist"),
    N_("connect() to a Unix socket whose file is not there: the server is not running or uses another path. A Unix socket is a file in the file system; the server creates it with bind()."),
    "s = socket.socket(socket.AF_UNIX); s.connect('/tmp/missing.sock')  # FileNotFoundError" },
  { SE_EXPLAIN_ERRNO, "EMFILE",
    N_("Too many open files"),
    N_("The process has as many file descriptors open as its limit allows (ulimit -n), and every socket is one. A server that never closes finished connections reaches it; close them, or raise the limit."),
    "conn, addr = s.accept()  # OSError: [Errno 24]" },
  { SE_EXPLAIN_ERRNO, "EINVAL",
    N_("Invalid argument"),
    N_("The call does not make sense for this socket: listen() on a UDP socket, bind() of a socket that is already bound, or an option value out of range."),
    "s.bind(addr); s.bind(addr)  # OSError: [Errno 22]" },

  /* getaddrinfo */
  { SE_EXPLAIN_EAI, "EAI_NONAME",
    N_("Name or service not known"),
    N_("The resolver found no address for that host name (it is misspelt, or does not exist in DNS or the hosts file), or the service name is unknown. Check the spelling, or use an address such as 127.0.0.1."),
    "socket.getaddrinfo('no-such-host.invalid', 80)  # socket.gaierror" },
  { SE_EXPLAIN_EAI, "EAI_AGAIN",
    N_("Temporary failure in name resolution"),
    N_("The DNS server did not answer or the machine has no network: the name may well exist. Trying again later can work; names in the hosts file, such as localhost, still resolve."),
    "socket.getaddrinfo('example.org', 80)  # socket.gaierror: [Errno -3]" },
  { SE_EXPLAIN_EAI, "EAI_SERVICE",
    N_("Service not supported for this socket type"),
    N_("The service name is not known for the requested protocol, for example a service that exists only over UDP looked up for TCP."),
    "socket.getaddrinfo('localhost', 'no-such-service')  # socket.gaierror" },
  { SE_EXPLAIN_EAI, "EAI_FAMILY",
    N_("Address family not supported"),
    N_("The family asked for (AF_INET6, say) is not supported for that name or on this machine."),
    "socket.getaddrinfo('localhost', 80, socket.AF_INET6)  # socket.gaierror, without ::1" },
  { SE_EXPLAIN_EAI, "EAI_FAIL",
    N_("Non-recoverable failure in name resolution"),
    N_("The DNS server answered with an error that trying again will not fix."),
    "socket.getaddrinfo(name, 80)  # socket.gaierror: [Errno -4]" },

  /* TLS: the handshake, and what a certificate check can find wrong */
  { SE_EXPLAIN_TLS, "do_handshake",
    N_("The TLS handshake agrees on keys and checks the server's certificate"),
    N_("Before any data, the client and the server exchange hello messages: they agree on a protocol version (TLS 1.2 or 1.3) and a cipher suite, the server sends its certificate chain, and both derive the keys that encrypt the rest. The client checks that a certificate authority it trusts signed the chain and that the certificate names the host it asked for. Only then do send() and recv() carry application data, encrypted."),
    "conn = ssl.create_default_context().wrap_socket(s, server_hostname='example.org')" },
  { SE_EXPLAIN_TLS, "TLS_UNKNOWN_CA",
    N_("No trusted certificate authority signed this certificate"),
    N_("The chain the server sent does not lead to a certificate authority in the system's list. A self-signed certificate, such as one a test server makes on the spot, always gets this. Trust it on purpose (pin its fingerprint, or skip the check for a test), or give the server a certificate from a real authority."),
    "conn = ctx.wrap_socket(s, server_hostname='localhost')  # ssl.SSLCertVerificationError: certificate verify failed: self-signed certificate" },
  { SE_EXPLAIN_TLS, "TLS_BAD_IDENTITY",
    N_("The certificate is for another host name"),
    N_("The names in the certificate (its subject alternative names) do not include the host the client connected to. Connecting by address (127.0.0.1) to a server whose certificate names localhost is a common cause; so is a server that answers for several sites and picked the wrong certificate."),
    "conn = ctx.wrap_socket(s, server_hostname='localhost')  # ssl.SSLCertVerificationError: certificate verify failed: Hostname mismatch" },
  { SE_EXPLAIN_TLS, "TLS_NOT_ACTIVATED",
    N_("The certificate is not valid yet"),
    N_("Its validity starts in the future. Either it was just made with a start date ahead of this machine's clock, or this machine's clock is wrong."),
    "conn = ctx.wrap_socket(s, server_hostname='localhost')  # ssl.SSLCertVerificationError: certificate verify failed: certificate is not yet valid" },
  { SE_EXPLAIN_TLS, "TLS_EXPIRED",
    N_("The certificate has expired"),
    N_("Its validity ended in the past: the server's owner must renew it. Check this machine's clock too: a clock far ahead makes every certificate look expired."),
    "conn = ctx.wrap_socket(s, server_hostname='localhost')  # ssl.SSLCertVerificationError: certificate verify failed: certificate has expired" },
  { SE_EXPLAIN_TLS, "TLS_REVOKED",
    N_("The certificate was revoked"),
    N_("Its authority withdrew it before it expired, usually because its private key leaked. Do not trust it."),
    "conn = ctx.wrap_socket(s, server_hostname='localhost')  # ssl.SSLCertVerificationError: certificate verify failed: certificate revoked" },
  { SE_EXPLAIN_TLS, "TLS_INSECURE",
    N_("The certificate uses a weak algorithm"),
    N_("It is signed with an algorithm that is no longer safe (such as MD5 or SHA-1), or its key is too short, so it could be forged."),
    "conn = ctx.wrap_socket(s, server_hostname='localhost')  # ssl.SSLCertVerificationError: certificate verify failed: ca md too weak" },
  { SE_EXPLAIN_TLS, "TLS_GENERIC_ERROR",
    N_("The certificate could not be checked"),
    N_("Something else is wrong with the certificate or its chain, such as a malformed certificate or a broken signature."),
    "conn = ctx.wrap_socket(s, server_hostname='localhost')  # ssl.SSLCertVerificationError: certificate verify failed" },
  { SE_EXPLAIN_TLS, "TLS_HANDSHAKE_FAILED",
    N_("The TLS handshake failed"),
    N_("The two sides could not agree, or one of them gave up: the peer may not speak TLS at all (a plain TCP server), it may have rejected our certificate or found no protocol version or cipher suite in common, or it sent an alert and closed. The log's error says which."),
    "conn = ctx.wrap_socket(s, server_hostname='localhost')  # ssl.SSLError: [SSL: WRONG_VERSION_NUMBER] wrong version number" },
};

static const struct
{
  int         errsv;
  const char *name;
} errnos[] = {
  { ECONNREFUSED, "ECONNREFUSED" },
  { EADDRINUSE, "EADDRINUSE" },
  { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
  { EACCES, "EACCES" },
  { EPERM, "EACCES" },
  { ETIMEDOUT, "ETIMEDOUT" },
  { ECONNRESET, "ECONNRESET" },
  { EPIPE, "EPIPE" },
  { ENOTCONN, "ENOTCONN" },
  { ENETUNREACH, "ENETUNREACH" },
  { EHOSTUNREACH, "EHOSTUNREACH" },
  { EAGAIN, "EAGAIN" },
  { EMSGSIZE, "EMSGSIZE" },
  { ENOENT, "ENOENT" },
  { EMFILE, "EMFILE" },
  { EINVAL, "EINVAL" },
};

const SeExplanation *
se_explain_lookup (const char *name)
{
  g_autofree char *key = NULL;
  gsize len;

  g_return_val_if_fail (name != NULL, NULL);

  /* "accept()" is accept; EWOULDBLOCK is EAGAIN. */
  key = g_strstrip (g_strdup (name));
  len = strlen (key);
  if (len > 2 && g_str_has_suffix (key, "()"))
    key[len - 2] = '\0';
  if (g_ascii_strcasecmp (key, "EWOULDBLOCK") == 0)
    return se_explain_lookup ("EAGAIN");
  if (g_ascii_strcasecmp (key, "EPERM") == 0)
    return se_explain_lookup ("EACCES");
  /* The log's kind of a handshake event */
  if (g_ascii_strcasecmp (key, "tls") == 0 || g_ascii_strcasecmp (key, "handshake") == 0)
    return se_explain_lookup ("do_handshake");

  for (guint i = 0; i < G_N_ELEMENTS (explanations); i++)
    if (g_ascii_strcasecmp (explanations[i].name, key) == 0)
      return &explanations[i];

  return NULL;
}

const SeExplanation *
se_explain_for_event_kind (SeEventKind kind)
{
  static const char * const calls[SE_EVENT_N_KINDS] = {
    [SE_EVENT_BIND] = "bind",
    [SE_EVENT_LISTEN] = "listen",
    [SE_EVENT_ACCEPT] = "accept",
    [SE_EVENT_CONNECT] = "connect",
    [SE_EVENT_SEND] = "send",
    [SE_EVENT_RECEIVE] = "recv",
    [SE_EVENT_SHUTDOWN] = "shutdown",
    [SE_EVENT_CLOSE] = "close",
    [SE_EVENT_ERROR] = NULL,
    [SE_EVENT_RESOLVE] = "getaddrinfo",
    [SE_EVENT_SOCKET] = "socket",
    [SE_EVENT_SETSOCKOPT] = "setsockopt",
    [SE_EVENT_JOIN] = "IP_ADD_MEMBERSHIP",
    [SE_EVENT_LEAVE] = "IP_ADD_MEMBERSHIP",
    [SE_EVENT_TLS] = "do_handshake",
  };

  g_return_val_if_fail (kind < SE_EVENT_N_KINDS, NULL);

  return calls[kind] != NULL ? se_explain_lookup (calls[kind]) : NULL;
}

const SeExplanation *
se_explain_for_event (SeEvent *event)
{
  SeEventKind kind;
  SeProtocol protocol;
  const char *detail;

  g_return_val_if_fail (SE_IS_EVENT (event), NULL);

  kind = se_event_get_kind (event);
  protocol = se_event_get_protocol (event);

  /* An event that is a call says which, and a failed one its errno:
   * no guessing from the kind or the text. */
  if (se_event_get_errno (event) != 0)
    {
      const SeExplanation *explanation = se_explain_for_errno (se_event_get_errno (event));

      if (explanation != NULL)
        return explanation;
    }
  if (se_event_get_call (event) != SE_CALL_NONE)
    return se_explain_lookup (se_call_to_string (se_event_get_call (event)));

  if (kind != SE_EVENT_ERROR)
    {
      gboolean datagram = protocol == SE_PROTOCOL_UDP || protocol == SE_PROTOCOL_UNIX_DGRAM;

      if (datagram && kind == SE_EVENT_SEND)
        return se_explain_lookup ("sendto");
      if (datagram && kind == SE_EVENT_RECEIVE)
        return se_explain_lookup ("recvfrom");
      /* The peer's FIN is logged as a shutdown, but what this side did
       * was a recv() that returned 0, not a shutdown() of its own */
      if (kind == SE_EVENT_SHUTDOWN &&
          se_event_get_detail_code (event) == SE_EVENT_DETAIL_PEER_EOF)
        return se_explain_lookup ("recv");
      return se_explain_for_event_kind (kind);
    }

  /* Error messages name their errno or EAI code, e.g. "(ECONNREFUSED)":
   * the first name of the table found in the text, as a whole word. */
  detail = se_event_get_detail (event);
  for (guint i = 0; i < G_N_ELEMENTS (explanations); i++)
    {
      const char *name = explanations[i].name;
      gsize len = strlen (name);

      if (explanations[i].kind == SE_EXPLAIN_CALL)
        continue;
      for (const char *p = detail; (p = strstr (p, name)) != NULL; p += len)
        if ((p == detail || (!g_ascii_isalnum (p[-1]) && p[-1] != '_')) &&
            !g_ascii_isalnum (p[len]) && p[len] != '_')
          return &explanations[i];
    }

  return NULL;
}

const SeExplanation *
se_explain_for_errno (int errsv)
{
  for (guint i = 0; i < G_N_ELEMENTS (errnos); i++)
    if (errnos[i].errsv == errsv)
      return se_explain_lookup (errnos[i].name);

  return NULL;
}

const SeExplanation *
se_explain_get_all (guint *n_explanations)
{
  if (n_explanations != NULL)
    *n_explanations = G_N_ELEMENTS (explanations);

  return explanations;
}

const char *
se_explanation_get_summary (const SeExplanation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, self->summary);
}

const char *
se_explanation_get_text (const SeExplanation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, self->text);
}

char *
se_explanation_format (const SeExplanation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_strdup_printf ("%s\n\n%s\n\n%s\n    %s\n",
                          se_explanation_get_summary (self),
                          se_explanation_get_text (self),
                          _("In Python:"),
                          self->python);
}
