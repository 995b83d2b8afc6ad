/* se-lab-strings.c: the labs' translatable strings, for xgettext
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generated from the JSON files of data/labs/ by data/labs/update-strings.py: do not
 * edit. se-lab.c translates the strings of the JSON files with gettext;
 * this table is what puts them in the template.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "se-lab-private.h"

const char * const _se_lab_strings[] = {
  /* Translators: lab “tcp-server”, its title and summary */
  N_("The TCP server's six steps"),
  N_("A TCP server creates a socket, binds it to an address, listens, accepts a connection, talks over the new socket and closes it. Do each step in the app and watch it appear in the traffic log."),
  /* Translators: lab “tcp-server”, step 1 */
  N_("Start a TCP listener on 127.0.0.1 with the echo responder (New Listener…). The app calls socket(), bind() and listen(): steps 1 to 3."),
  /* Translators: lab “tcp-server”, step 2 */
  N_("Connect a TCP client to the listener. The listener's accept() returns a new socket that serves only this connection: step 4."),
  /* Translators: lab “tcp-server”, step 3 */
  N_("Send a message from the client. The server's recv() returns the bytes that arrived: step 5."),
  /* Translators: lab “tcp-server”, step 4 */
  N_("The echo responder sends the bytes back with send(), and the client's recv() reads them: step 5 the other way."),
  /* Translators: lab “tcp-server”, step 5 */
  N_("Disconnect the client. The server's recv() returns 0 bytes, which means the peer closed, and the server closes its socket: step 6."),
  /* Translators: lab “tcp-client”, its title and summary */
  N_("The TCP client's four steps"),
  N_("A TCP client creates a socket, connects it to the server's address, sends and receives, and closes it. The workspace starts a timestamp server for it to talk to."),
  /* Translators: lab “tcp-client”, step 1 */
  N_("Open the workspace, then make a TCP client for the listener it started (New Client…). Connecting calls socket() and connect(): steps 1 and 2."),
  /* Translators: lab “tcp-client”, step 2 */
  N_("Send a line such as “hello”. send() hands the bytes to the kernel, which delivers them to the server: step 3."),
  /* Translators: lab “tcp-client”, step 3 */
  N_("Read the reply: the server put the time in front of what you sent, like the tutorials' ctime server. recv() returns it: step 3 the other way."),
  /* Translators: lab “tcp-client”, step 4 */
  N_("Disconnect the client: close() ends the connection and the server sees the end of the stream: step 4."),
  /* Translators: lab “timestamp”, its title and summary */
  N_("The timestamp server over TCP and UDP"),
  N_("The tutorials' first server answers every message with the time and the message: “[ctime] data”. Run it over TCP, where a connection comes first, and over UDP, where each datagram stands alone."),
  /* Translators: lab “timestamp”, step 1 */
  N_("Start a TCP listener with the timestamp responder, or open the workspace."),
  /* Translators: lab “timestamp”, step 2 */
  N_("Connect a TCP client and send a message: the reply starts with the time in brackets."),
  /* Translators: lab “timestamp”, step 3 */
  N_("Start a UDP listener with the timestamp responder. UDP has no listen() and no accept(): the socket is bound and waits for datagrams."),
  /* Translators: lab “timestamp”, step 4 */
  N_("Make a UDP client for it and send a message. sendto() sends one datagram without any connection, and the reply comes back as one datagram."),
  /* Translators: lab “greeting”, its title and summary */
  N_("The greeting server"),
  N_("The tutorials' simplest server accepts a connection, sends “Thank you for connection” and closes it at once; its client prints what recv(1024) returns."),
  /* Translators: lab “greeting”, step 1 */
  N_("Start a TCP listener with the greeting responder, or open the workspace."),
  /* Translators: lab “greeting”, step 2 */
  N_("Connect a TCP client. Without sending anything, it receives the greeting."),
  /* Translators: lab “greeting”, step 3 */
  N_("The server closed the connection after the greeting: the client's recv() returned 0 bytes, the end of the stream."),
  /* Translators: lab “boundaries”, its title and summary */
  N_("Message boundaries and framing"),
  N_("TCP carries a stream of bytes, not messages: one recv() may return two sends run together, or part of one. UDP keeps each datagram whole. A protocol over TCP marks where a message ends, with a delimiter or a length sent first, like the tutorials' CMD_RESULT_SIZE exchange."),
  /* Translators: lab “boundaries”, step 1 */
  N_("Run the demonstration, or send five short messages quickly to a TCP listener. A recv() that returns more bytes than one send means the messages ran together."),
  /* Translators: lab “boundaries”, step 2 */
  N_("A recv() returned fewer bytes than one send: the listener read only as many bytes as its read size, recv(bufsize), allows, and the rest came in the next reads. Send a message longer than the read size to see it."),
  /* Translators: lab “boundaries”, step 3 */
  N_("Send five messages to a UDP listener: it receives five datagrams of the size they were sent, because UDP keeps message boundaries."),
  /* Translators: lab “boundaries”, step 4 */
  N_("Frame the messages with a length: start a TCP listener with the framed responder and send it a command from a client. The reply is only a header, CMD_RESULT_SIZE|n, saying how many bytes will follow."),
  /* Translators: lab “boundaries”, step 5 */
  N_("Send any go-ahead, such as CMD_RESULT, like the tutorials' client. Only then does the server send the n bytes of the body, and the client reads until it has all n."),
  /* Translators: lab “lookups”, its title and summary */
  N_("getaddrinfo and the other lookups"),
  N_("Before a program can connect to a name it asks the system for the addresses: getaddrinfo(), or gethostbyname() in the tutorials. The same family of calls turns an address back into a name, a service name into a port and a protocol name into its number. Use the Resolve page."),
  /* Translators: lab “lookups”, step 1 */
  N_("Look up the name localhost. getaddrinfo() returns one entry per address and socket type: 127.0.0.1 and usually ::1."),
  /* Translators: lab “lookups”, step 2 */
  N_("Look up the address 127.0.0.1, as gethostbyaddr() does: the system finds its name in /etc/hosts."),
  /* Translators: lab “lookups”, step 3 */
  N_("Look up the service http over tcp, as getservbyname('http', 'tcp') does: the answer, port 80, comes from /etc/services."),
  /* Translators: lab “lookups”, step 4 */
  N_("Look up the protocol tcp, as getprotobyname('tcp') does: its number, 6, is what socket() gets as its third argument."),
  /* Translators: lab “errors”, its title and summary */
  N_("When a socket call fails"),
  N_("Each failure has a name, the errno or EAI_ code that Python turns into an exception: ConnectionRefusedError, OSError “Address already in use”, PermissionError, socket.timeout, socket.gaierror. Provoke each one and read what the log says."),
  /* Translators: lab “errors”, step 1 */
  N_("Connect a TCP client to a port where nothing listens, such as tcp://127.0.0.1:9. The other side answers the handshake with a reset: connect() fails with ECONNREFUSED."),
  /* Translators: lab “errors”, step 2 */
  N_("Start two TCP listeners on the same address and port, such as tcp://127.0.0.1:9999. The second bind() fails with EADDRINUSE: only one socket may own a port."),
  /* Translators: lab “errors”, step 3 */
  N_("Start a listener on port 80. Ports below 1024 are reserved for the system: without privileges bind() fails with EACCES."),
  /* Translators: lab “errors”, step 4 */
  N_("Connect to an address where no one answers, such as 192.0.2.1, a range kept for documentation, with a connect timeout of two seconds. The handshake never completes and the attempt ends with ETIMEDOUT."),
  /* Translators: lab “errors”, step 5 */
  N_("Connect to a name that does not exist, such as no-such-host.invalid. getaddrinfo() fails, which Python raises as socket.gaierror: EAI_NONAME, or EAI_AGAIN when no name server answers."),
  /* Translators: lab “unix”, its title and summary */
  N_("Unix domain sockets"),
  N_("AF_UNIX sockets connect programs on the same machine through a path in the file system instead of an address and port. They come in the same two kinds: a stream, like TCP, and datagrams, like UDP."),
  /* Translators: lab “unix”, step 1 */
  N_("Start a Unix stream listener on a path such as /tmp/lab.sock with the echo responder. bind() creates the socket file and listen() waits for connections."),
  /* Translators: lab “unix”, step 2 */
  N_("Connect a client to the same path: accept() returns a new socket for it, as with TCP."),
  /* Translators: lab “unix”, step 3 */
  N_("Send a message and read the echo: the bytes never leave the kernel, there are no ports and no handshake on the wire."),
  /* Translators: lab “unix”, step 4 */
  N_("Start a Unix datagram listener on another path, such as /tmp/lab-dgram.sock, and send it a datagram from a client."),
  NULL
};
