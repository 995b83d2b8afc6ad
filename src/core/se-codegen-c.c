/* se-codegen-c.c: the C programs, with POSIX sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same steps as the Python programs, with the calls the kernel sees:
 * getaddrinfo(), socket(), bind(), listen(), accept(), recv(), send()…
 * Each program compiles with gcc -Wall -Wextra -Werror and needs nothing
 * but the C library.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "se-codegen-private.h"

/* A failed call: say which and why, and end (a server goes on instead
 * where the failure concerns one client). */
#define FAIL(call) "{ perror (\"" call "\"); return 1; }"

static void
blank (SeCodeWriter *w)
{
  g_string_append_c (w->out, '\n');
}

/* The block after "if (n < 0)" at depth: say what failed and leave
 * (then: "continue;" or "break;"). A Unix server's calls are interrupted
 * by the SIGINT that stops it, which is no failure to print. */
static void
write_failed (SeCodeWriter *w,
              guint         depth,
              const char   *call,
              const char   *then)
{
  _se_code_line (w, depth, "{");
  if (w->is_unix)
    {
      _se_code_line (w, depth + 1, "if (errno != EINTR)");
      _se_code_line (w, depth + 2, "perror (\"%s\");", call);
    }
  else
    _se_code_line (w, depth + 1, "perror (\"%s\");", call);
  _se_code_line (w, depth + 1, "%s", then);
  _se_code_line (w, depth, "}");
}

static void
write_header (SeCodeWriter *w)
{
  g_autofree char *summary = _se_code_summary (w);
  g_autofree char *file_name = se_code_suggest_file_name (w->options);
  g_autofree char *run = se_code_run_command (w->options, file_name);
  g_autofree char *made = NULL;

  /* Translators: a comment in a generated program; %s is a command such
   * as "gcc -Wall -o tcp_client tcp_client.c && ./tcp_client" */
  made = g_strdup_printf (_("Written by Socket Explorer. Build and run it with:\n  %s"), run);
  _se_code_comment (w, 0, summary);
  _se_code_comment (w, 0, made);
  if (w->options->role == SE_CODE_LISTEN)
    _se_code_comment (w, 0, _("It serves one client at a time; Ctrl+C stops it."));
  /* Sockets alone cannot speak TLS: say so rather than pass plain TCP
   * off as the program of a tls:// endpoint */
  if (w->tls)
    _se_code_comment (w, 0, _("Note: this program speaks plain TCP. TLS needs a library on top of the\n"
                              "socket, such as GnuTLS or OpenSSL; the Python version of this program\n"
                              "shows the TLS steps with Python’s ssl module."));
  _se_code_line (w, 0, "#define _POSIX_C_SOURCE 200809L");
  blank (w);
}

static void
write_includes (SeCodeWriter *w,
                gboolean      client)
{
  if (w->is_unix && w->options->role == SE_CODE_LISTEN)
    {
      _se_code_line (w, 0, "#include <errno.h>");
    }
  if (!w->is_unix)
    _se_code_line (w, 0, "#include <netdb.h>");
  if (client)
    _se_code_line (w, 0, "#include <poll.h>");
  if (w->is_unix && w->options->role == SE_CODE_LISTEN)
    _se_code_line (w, 0, "#include <signal.h>");
  _se_code_line (w, 0, "#include <stdio.h>");
  _se_code_line (w, 0, "#include <stdlib.h>");
  _se_code_line (w, 0, "#include <string.h>");
  _se_code_line (w, 0, "#include <sys/socket.h>");
  _se_code_line (w, 0, "#include <sys/types.h>");
  if (w->is_unix)
    _se_code_line (w, 0, "#include <sys/un.h>");
  if (client || w->responder == SE_RESPONDER_TIMESTAMP)
    _se_code_line (w, 0, "#include <time.h>");
  _se_code_line (w, 0, "#include <unistd.h>");
  blank (w);
}

static void
write_address_constants (SeCodeWriter *w)
{
  const SeEndpoint *endpoint = w->options->endpoint;
  g_autoptr(GString) literal = g_string_new (NULL);

  if (w->is_unix)
    {
      const char *path = se_endpoint_get_path (endpoint);

      _se_code_c_string (literal, (const guint8 *) path, strlen (path));
      _se_code_comment (w, 0, _("The path of the socket file"));
      _se_code_line (w, 0, "#define PATH %s", literal->str);
      return;
    }

  _se_code_c_string (literal, (const guint8 *) se_endpoint_get_host (endpoint),
                     strlen (se_endpoint_get_host (endpoint)));
  if (w->options->role == SE_CODE_LISTEN)
    _se_code_comment (w, 0, _("The address to listen on, and the port (0 lets the system choose a free one)"));
  else
    _se_code_comment (w, 0, _("The server’s address and port"));
  _se_code_line (w, 0, "#define HOST %s", literal->str);
  _se_code_line (w, 0, "#define PORT \"%u\"", (guint) se_endpoint_get_port (endpoint));
}

static void
write_send_all (SeCodeWriter *w)
{
  _se_code_comment (w, 0, _("Sends all len bytes: send() may take fewer than asked (Python’s sendall())"));
  _se_code_line (w, 0, "static int");
  _se_code_line (w, 0, "send_all (int fd, const void *data, size_t len)");
  _se_code_line (w, 0, "{");
  _se_code_line (w, 1, "const char *p = data;");
  blank (w);
  _se_code_line (w, 1, "while (len > 0)");
  _se_code_line (w, 2, "{");
  _se_code_comment (w, 3, _("MSG_NOSIGNAL: a peer that has gone is an error, not a SIGPIPE"));
  _se_code_line (w, 3, "ssize_t n = send (fd, p, len, MSG_NOSIGNAL);");
  blank (w);
  _se_code_line (w, 3, "if (n < 0)");
  _se_code_line (w, 4, "return -1;");
  _se_code_line (w, 3, "p += n;");
  _se_code_line (w, 3, "len -= (size_t) n;");
  _se_code_line (w, 2, "}");
  _se_code_line (w, 1, "return 0;");
  _se_code_line (w, 0, "}");
  blank (w);
}

/* getaddrinfo() for HOST and PORT into result, in main(). */
static void
write_getaddrinfo (SeCodeWriter *w,
                   gboolean      passive)
{
  _se_code_comment (w, 1, _("getaddrinfo() turns HOST and PORT into the address bind() or connect() takes"));
  _se_code_line (w, 1, "memset (&hints, 0, sizeof hints);");
  _se_code_line (w, 1, "hints.ai_family = %s;", w->family);
  _se_code_line (w, 1, "hints.ai_socktype = %s;", w->type);
  if (passive)
    _se_code_line (w, 1, "hints.ai_flags = AI_PASSIVE;");
  _se_code_line (w, 1, "error = getaddrinfo (HOST, PORT, &hints, &result);");
  _se_code_line (w, 1, "if (error != 0)");
  _se_code_line (w, 2, "{");
  _se_code_line (w, 3, "fprintf (stderr, \"getaddrinfo: %%s\\n\", gai_strerror (error));");
  _se_code_line (w, 3, "return 1;");
  _se_code_line (w, 2, "}");
  blank (w);
}

static void
write_unix_address (SeCodeWriter *w)
{
  _se_code_line (w, 1, "memset (&addr, 0, sizeof addr);");
  _se_code_line (w, 1, "addr.sun_family = AF_UNIX;");
  _se_code_line (w, 1, "memcpy (addr.sun_path, PATH, sizeof PATH);");
}

/* The responder on the n bytes in buffer; sends on fd (a stream) or to
 * peer (datagrams); on a failed send, what to do is on_error. */
static void
write_responder (SeCodeWriter *w,
                 guint         depth,
                 const char   *on_error)
{
  g_autofree char *send_buffer = NULL;
  const char *reply = NULL;
  const char *reply_len = NULL;

  _se_code_comment (w, depth, _se_code_responder_comment (w));

  switch (w->responder)
    {
    case SE_RESPONDER_ECHO:
      reply = "buffer";
      reply_len = "(size_t) n";
      break;
    case SE_RESPONDER_UPPER:
      _se_code_line (w, depth, "for (ssize_t i = 0; i < n; i++)");
      _se_code_line (w, depth + 1, "if (buffer[i] >= 'a' && buffer[i] <= 'z')");
      _se_code_line (w, depth + 2, "buffer[i] = (char) (buffer[i] - 'a' + 'A');");
      reply = "buffer";
      reply_len = "(size_t) n";
      break;
    case SE_RESPONDER_TIMESTAMP:
      _se_code_line (w, depth, "time_t now = time (NULL);");
      _se_code_line (w, depth, "char stamp[64];");
      _se_code_comment (w, depth, _("ctime() gives “Mon Dec  9 12:46:36 2013\\n”: without the newline"));
      _se_code_line (w, depth, "ctime_r (&now, stamp);");
      _se_code_line (w, depth, "stamp[strcspn (stamp, \"\\n\")] = '\\0';");
      _se_code_line (w, depth, "int stamp_len = snprintf (reply, sizeof reply, \"[%%s] \", stamp);");
      _se_code_line (w, depth, "memcpy (reply + stamp_len, buffer, (size_t) n);");
      reply = "reply";
      reply_len = "(size_t) stamp_len + (size_t) n";
      break;
    case SE_RESPONDER_GREETING:
      reply = "greeting";
      reply_len = "sizeof greeting - 1";
      break;
    case SE_RESPONDER_FRAMED:
      _se_code_line (w, depth, "char header[sizeof PREFIX + 32];");
      _se_code_line (w, depth, "int header_len = snprintf (header, sizeof header, \"%%s|%%zd\", PREFIX, n);");
      if (w->stream)
        {
          _se_code_line (w, depth, "if (pending_len < 0)");
          _se_code_line (w, depth + 1, "{");
          _se_code_line (w, depth + 2, "if (send_all (conn, header, (size_t) header_len) < 0)");
          _se_code_line (w, depth + 3, "%s", on_error);
          _se_code_line (w, depth + 2, "memcpy (pending, buffer, (size_t) n);");
          _se_code_line (w, depth + 2, "pending_len = n;");
          _se_code_line (w, depth + 1, "}");
          _se_code_line (w, depth, "else");
          _se_code_line (w, depth + 1, "{");
          _se_code_comment (w, depth + 2, _("The go-ahead, whatever it says: send the message announced"));
          _se_code_line (w, depth + 2, "if (send_all (conn, pending, (size_t) pending_len) < 0)");
          _se_code_line (w, depth + 3, "%s", on_error);
          _se_code_line (w, depth + 2, "pending_len = -1;");
          _se_code_line (w, depth + 1, "}");
        }
      else
        {
          _se_code_line (w, depth, "if (sendto (server, header, (size_t) header_len, 0, (struct sockaddr *) &peer, peer_len) < 0");
          _se_code_line (w, depth, "    || sendto (server, buffer, (size_t) n, 0, (struct sockaddr *) &peer, peer_len) < 0)");
          _se_code_line (w, depth + 1, "%s", on_error);
        }
      return;
    case SE_RESPONDER_DISCARD:
    case SE_RESPONDER_NONE:
    default:
      return;
    }

  if (w->stream)
    {
      _se_code_line (w, depth, "if (send_all (conn, %s, %s) < 0)", reply, reply_len);
      _se_code_line (w, depth + 1, "%s", on_error);
    }
  else
    {
      _se_code_line (w, depth, "if (sendto (server, %s, %s, 0, (struct sockaddr *) &peer, peer_len) < 0)",
                     reply, reply_len);
      _se_code_line (w, depth + 1, "%s", on_error);
    }
}

static void
write_listener_constants (SeCodeWriter *w)
{
  const SeCodeOptions *o = w->options;
  g_autoptr(GString) literal = g_string_new (NULL);

  write_address_constants (w);
  _se_code_comment (w, 0, _("The most bytes one recv() returns"));
  _se_code_line (w, 0, "#define READ_SIZE %u", o->read_size);
  if (w->stream)
    {
      _se_code_comment (w, 0, _("How many connections may wait to be accepted"));
      _se_code_line (w, 0, "#define BACKLOG %u", o->backlog);
    }
  if (w->responder == SE_RESPONDER_GREETING)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (se_responder_get_greeting_bytes (o->responder), &len);

      _se_code_c_string (literal, data, len);
      _se_code_comment (w, 0, w->stream ? _("What every client gets before the connection is closed")
                                        : _("What every datagram is answered with"));
      _se_code_line (w, 0, "static const char greeting[] = %s;", literal->str);
    }
  else if (w->responder == SE_RESPONDER_FRAMED)
    {
      const char *prefix = se_responder_get_framed_prefix (o->responder);

      _se_code_c_string (literal, (const guint8 *) prefix, strlen (prefix));
      _se_code_comment (w, 0, _("The header before every message is PREFIX|n, n its size in bytes"));
      _se_code_line (w, 0, "#define PREFIX %s", literal->str);
    }
  blank (w);

  /* A stream greeting reads nothing */
  if (!(w->stream && w->responder == SE_RESPONDER_GREETING))
    _se_code_line (w, 0, "static char buffer[READ_SIZE];");
  if (w->responder == SE_RESPONDER_TIMESTAMP)
    _se_code_line (w, 0, "static char reply[READ_SIZE + 64];");
  if (w->responder == SE_RESPONDER_FRAMED && w->stream)
    {
      _se_code_comment (w, 0, _("The message announced, until its go-ahead arrives"));
      _se_code_line (w, 0, "static char pending[READ_SIZE];");
    }
  blank (w);
}

static void
write_stop_handler (SeCodeWriter *w)
{
  _se_code_line (w, 0, "static volatile sig_atomic_t stopping;");
  blank (w);
  _se_code_comment (w, 0, _("Ctrl+C or kill: remember it; the call that waits returns with EINTR"));
  _se_code_line (w, 0, "static void");
  _se_code_line (w, 0, "stop_cb (int signum)");
  _se_code_line (w, 0, "{");
  _se_code_line (w, 1, "(void) signum;");
  _se_code_line (w, 1, "stopping = 1;");
  _se_code_line (w, 0, "}");
  blank (w);
}

static void
write_listener (SeCodeWriter *w)
{
  g_autofree char *step1 = _se_code_socket_comment (w);
  g_autofree char *prefix = _se_code_listening_prefix (w);
  const char *loop = w->is_unix ? "while (!stopping)" : "for (;;)";

  write_header (w);
  write_includes (w, FALSE);
  write_listener_constants (w);
  if (w->stream && w->responder != SE_RESPONDER_NONE && w->responder != SE_RESPONDER_DISCARD)
    write_send_all (w);
  if (w->is_unix)
    write_stop_handler (w);

  _se_code_line (w, 0, "int");
  _se_code_line (w, 0, "main (void)");
  _se_code_line (w, 0, "{");
  if (w->is_unix)
    {
      _se_code_line (w, 1, "struct sockaddr_un addr;");
      _se_code_line (w, 1, "struct sigaction action;");
    }
  else
    {
      _se_code_line (w, 1, "struct addrinfo hints, *result;");
      _se_code_line (w, 1, "struct sockaddr_storage bound;");
      _se_code_line (w, 1, "socklen_t bound_len = sizeof bound;");
      _se_code_line (w, 1, "char port[32];");
      _se_code_line (w, 1, "int error;");
    }
  if (w->stream && !w->is_unix)
    _se_code_line (w, 1, "int one = 1;");
  _se_code_line (w, 1, "int server;");
  blank (w);
  _se_code_comment (w, 1, _("Print every line at once, also into a pipe"));
  _se_code_line (w, 1, "setvbuf (stdout, NULL, _IOLBF, 0);");
  if (w->is_unix)
    {
      _se_code_comment (w, 1, _("No SA_RESTART: a signal interrupts accept() and recv(), so the loop can end"));
      _se_code_line (w, 1, "memset (&action, 0, sizeof action);");
      _se_code_line (w, 1, "action.sa_handler = stop_cb;");
      _se_code_line (w, 1, "sigaction (SIGINT, &action, NULL);");
      _se_code_line (w, 1, "sigaction (SIGTERM, &action, NULL);");
      blank (w);
      write_unix_address (w);
    }
  else
    write_getaddrinfo (w, TRUE);

  _se_code_comment (w, 1, step1);
  if (w->is_unix)
    _se_code_line (w, 1, "server = socket (AF_UNIX, %s, 0);", w->type);
  else
    _se_code_line (w, 1, "server = socket (result->ai_family, result->ai_socktype, result->ai_protocol);");
  _se_code_line (w, 1, "if (server < 0)");
  _se_code_line (w, 2, FAIL ("socket"));
  if (w->stream && !w->is_unix)
    {
      _se_code_comment (w, 1, _("Let a restarted server bind the port at once, while old connections linger in TIME_WAIT"));
      _se_code_line (w, 1, "setsockopt (server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);");
    }
  _se_code_comment (w, 1, w->is_unix ? _("Step 2: bind it to the path: this creates the socket file")
                                     : _("Step 2: bind it to the address and the port"));
  if (w->is_unix)
    _se_code_line (w, 1, "if (bind (server, (struct sockaddr *) &addr, sizeof addr) < 0)");
  else
    _se_code_line (w, 1, "if (bind (server, result->ai_addr, result->ai_addrlen) < 0)");
  _se_code_line (w, 2, FAIL ("bind"));
  if (!w->is_unix)
    _se_code_line (w, 1, "freeaddrinfo (result);");
  if (w->stream)
    {
      _se_code_comment (w, 1, _("Step 3: listen: the system now accepts connections and queues them"));
      _se_code_line (w, 1, "if (listen (server, BACKLOG) < 0)");
      _se_code_line (w, 2, FAIL ("listen"));
    }

  {
    g_autoptr(GString) text = g_string_new (prefix);
    g_autoptr(GString) format = g_string_new (NULL);

    /* A '%' of the host or the path must print as itself */
    g_string_replace (text, "%", "%%", 0);
    g_string_append (text, w->is_unix ? "\n" : "%s\n");
    _se_code_c_string (format, (const guint8 *) text->str, text->len);
    if (w->is_unix)
      _se_code_line (w, 1, "printf (%s);", format->str);
    else
      {
        _se_code_comment (w, 1, _("Ask which port was bound (with port 0 the system chose it)"));
        _se_code_line (w, 1, "getsockname (server, (struct sockaddr *) &bound, &bound_len);");
        _se_code_line (w, 1, "getnameinfo ((struct sockaddr *) &bound, bound_len, NULL, 0, port, sizeof port, NI_NUMERICSERV);");
        _se_code_line (w, 1, "printf (%s, port);", format->str);
      }
  }
  blank (w);

  _se_code_line (w, 1, "%s", loop);
  _se_code_line (w, 2, "{");
  _se_code_line (w, 3, "struct sockaddr_storage peer;");
  _se_code_line (w, 3, "socklen_t peer_len = sizeof peer;");
  if (w->stream)
    {
      _se_code_line (w, 3, "int conn;");
      if (w->responder != SE_RESPONDER_GREETING)
        _se_code_line (w, 3, "ssize_t n;");
      if (w->responder == SE_RESPONDER_FRAMED)
        _se_code_line (w, 3, "ssize_t pending_len = -1;");
      blank (w);
      _se_code_comment (w, 3, _("Step 4: wait for a client and accept it: a new socket for this connection"));
      _se_code_line (w, 3, "conn = accept (server, (struct sockaddr *) &peer, &peer_len);");
      _se_code_line (w, 3, "if (conn < 0)");
      write_failed (w, 4, "accept", "continue;");
      _se_code_line (w, 3, "printf (\"...connected\\n\");");
      if (w->responder == SE_RESPONDER_GREETING)
        {
          _se_code_comment (w, 3, _("Step 5: talk: send the greeting"));
          _se_code_line (w, 3, "if (send_all (conn, greeting, sizeof greeting - 1) < 0)");
          _se_code_line (w, 4, "perror (\"send\");");
        }
      else
        {
          _se_code_line (w, 3, "for (;;)");
          _se_code_line (w, 4, "{");
          _se_code_comment (w, 5, _("Step 5: talk: receive at most READ_SIZE bytes, 0 once the client has closed"));
          _se_code_line (w, 5, "n = recv (conn, buffer, READ_SIZE, 0);");
          _se_code_line (w, 5, "if (n < 0)");
          write_failed (w, 6, "recv", "break;");
          _se_code_line (w, 5, "if (n == 0)");
          _se_code_line (w, 6, "break;");
          _se_code_line (w, 5, "printf (\"received %%zd bytes\\n\", n);");
          write_responder (w, 5, "{ perror (\"send\"); break; }");
          _se_code_line (w, 4, "}");
        }
      _se_code_comment (w, 3, _("Step 6: close the connection"));
      _se_code_line (w, 3, "close (conn);");
      _se_code_line (w, 3, "printf (\"...closed\\n\");");
    }
  else
    {
      _se_code_line (w, 3, "ssize_t n;");
      blank (w);
      _se_code_comment (w, 3, _("Step 3: receive one datagram: at most READ_SIZE bytes, and who sent it"));
      _se_code_line (w, 3, "n = recvfrom (server, buffer, READ_SIZE, 0, (struct sockaddr *) &peer, &peer_len);");
      _se_code_line (w, 3, "if (n < 0)");
      write_failed (w, 4, "recvfrom", "continue;");
      _se_code_line (w, 3, "printf (\"received %%zd bytes\\n\", n);");
      if (w->protocol == SE_PROTOCOL_UNIX_DGRAM && w->responder != SE_RESPONDER_NONE &&
          w->responder != SE_RESPONDER_DISCARD)
        {
          _se_code_comment (w, 3, _("A sender that did not bind an address cannot be answered"));
          _se_code_line (w, 3, "if (peer_len <= sizeof (sa_family_t))");
          _se_code_line (w, 4, "continue;");
        }
      write_responder (w, 3, "perror (\"sendto\");");
    }
  _se_code_line (w, 2, "}");

  if (w->is_unix)
    {
      blank (w);
      _se_code_line (w, 1, "close (server);");
      _se_code_comment (w, 1, _("Remove the socket file, or the next bind() fails with “Address already in use”"));
      _se_code_line (w, 1, "unlink (PATH);");
      _se_code_line (w, 1, "return 0;");
    }
  _se_code_line (w, 0, "}");
}

static void
write_message (SeCodeWriter *w)
{
  const SeCodeOptions *o = w->options;
  g_autofree char *comment = _se_code_message_comment (w);
  gsize len = 0;
  const guint8 *data = o->data != NULL ? g_bytes_get_data (o->data, &len) : NULL;

  _se_code_comment (w, 0, comment);
  if (o->format == SE_PAYLOAD_HEX && len > 0)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      _se_code_line (w, 0, "static const unsigned char message[] = {");
      for (gsize i = 0; i < len; i++)
        {
          g_string_append_printf (line, "0x%02x,", data[i]);
          if ((i + 1) % 12 == 0 || i + 1 == len)
            {
              _se_code_line (w, 1, "%s", line->str);
              g_string_truncate (line, 0);
            }
          else
            g_string_append_c (line, ' ');
        }
      _se_code_line (w, 0, "};");
      _se_code_line (w, 0, "#define MESSAGE_SIZE (sizeof message)");
    }
  else
    {
      g_autoptr(GString) literal = g_string_new (NULL);

      _se_code_c_string (literal, data, len);
      _se_code_line (w, 0, "static const char message[] = %s;", literal->str);
      _se_code_line (w, 0, "#define MESSAGE_SIZE (sizeof message - 1)");
    }
}

static void
write_receive_for (SeCodeWriter *w)
{
  _se_code_line (w, 0, "static long long");
  _se_code_line (w, 0, "now_ms (void)");
  _se_code_line (w, 0, "{");
  _se_code_line (w, 1, "struct timespec now;");
  blank (w);
  _se_code_line (w, 1, "clock_gettime (CLOCK_MONOTONIC, &now);");
  _se_code_line (w, 1, "return (long long) now.tv_sec * 1000 + now.tv_nsec / 1000000;");
  _se_code_line (w, 0, "}");
  blank (w);
  _se_code_comment (w, 0, w->stream ? _("Writes the replies that arrive within ms milliseconds to standard output.\n"
                                        "Returns 0 once the server has closed the connection, else 1.")
                                    : _("Writes the replies that arrive within ms milliseconds to standard output.\n"
                                        "Datagrams have no connection that could close: it returns 1."));
  _se_code_line (w, 0, "static int");
  _se_code_line (w, 0, "receive_for (int fd, int ms)");
  _se_code_line (w, 0, "{");
  _se_code_line (w, 1, "long long deadline = now_ms () + ms;");
  blank (w);
  _se_code_line (w, 1, "for (;;)");
  _se_code_line (w, 2, "{");
  _se_code_line (w, 3, "struct pollfd pfd = { .fd = fd, .events = POLLIN };");
  _se_code_line (w, 3, "long long left = deadline - now_ms ();");
  _se_code_line (w, 3, "ssize_t n;");
  blank (w);
  _se_code_line (w, 3, "if (left <= 0)");
  _se_code_line (w, 4, "return 1;");
  _se_code_comment (w, 3, _("Wait at most that long for the next reply"));
  _se_code_line (w, 3, "if (poll (&pfd, 1, (int) left) <= 0)");
  _se_code_line (w, 4, "return 1;");
  if (w->stream)
    {
      _se_code_line (w, 3, "n = recv (fd, buffer, READ_SIZE, 0);");
      _se_code_line (w, 3, "if (n < 0)");
      _se_code_line (w, 4, "{");
      _se_code_line (w, 5, "perror (\"recv\");");
      _se_code_line (w, 5, "exit (1);");
      _se_code_line (w, 4, "}");
      _se_code_comment (w, 3, _("An empty read: the server has closed the connection"));
      _se_code_line (w, 3, "if (n == 0)");
      _se_code_line (w, 4, "return 0;");
    }
  else
    {
      _se_code_line (w, 3, "n = recvfrom (fd, buffer, READ_SIZE, 0, NULL, NULL);");
      _se_code_line (w, 3, "if (n < 0)");
      _se_code_line (w, 4, "{");
      _se_code_line (w, 5, "perror (\"recvfrom\");");
      _se_code_line (w, 5, "exit (1);");
      _se_code_line (w, 4, "}");
    }
  _se_code_comment (w, 3, _("The reply’s bytes as they are"));
  _se_code_line (w, 3, "fwrite (buffer, 1, (size_t) n, stdout);");
  _se_code_line (w, 3, "fflush (stdout);");
  _se_code_line (w, 2, "}");
  _se_code_line (w, 0, "}");
  blank (w);
}

static void
write_client (SeCodeWriter *w)
{
  const SeCodeOptions *o = w->options;
  g_autofree char *step1 = _se_code_socket_comment (w);

  write_header (w);
  write_includes (w, TRUE);
  write_address_constants (w);
  _se_code_comment (w, 0, _("How many times to send the message, and the milliseconds between two sends"));
  _se_code_line (w, 0, "#define REPEAT %u", o->repeat);
  _se_code_line (w, 0, "#define INTERVAL_MS %u", o->interval_ms);
  _se_code_comment (w, 0, _("Milliseconds to wait for replies after the last send"));
  _se_code_line (w, 0, "#define WAIT_MS %u", o->wait_ms);
  _se_code_comment (w, 0, _("The most bytes one recv() returns"));
  _se_code_line (w, 0, "#define READ_SIZE %u", o->read_size);
  blank (w);
  write_message (w);
  blank (w);
  _se_code_line (w, 0, "static char buffer[READ_SIZE];");
  blank (w);
  if (w->stream)
    write_send_all (w);
  write_receive_for (w);

  _se_code_line (w, 0, "int");
  _se_code_line (w, 0, "main (void)");
  _se_code_line (w, 0, "{");
  if (w->is_unix)
    _se_code_line (w, 1, "struct sockaddr_un addr;");
  else
    {
      _se_code_line (w, 1, "struct addrinfo hints, *result;");
      _se_code_line (w, 1, "int error;");
    }
  _se_code_line (w, 1, "int fd;");
  blank (w);
  if (w->is_unix)
    write_unix_address (w);
  else
    write_getaddrinfo (w, FALSE);
  blank (w);

  _se_code_comment (w, 1, step1);
  if (w->is_unix)
    _se_code_line (w, 1, "fd = socket (AF_UNIX, %s, 0);", w->type);
  else
    _se_code_line (w, 1, "fd = socket (result->ai_family, result->ai_socktype, result->ai_protocol);");
  _se_code_line (w, 1, "if (fd < 0)");
  _se_code_line (w, 2, FAIL ("socket"));

  if (w->stream)
    {
      _se_code_comment (w, 1, _("Step 2: connect to the server"));
      if (w->is_unix)
        _se_code_line (w, 1, "if (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)");
      else
        _se_code_line (w, 1, "if (connect (fd, result->ai_addr, result->ai_addrlen) < 0)");
      _se_code_line (w, 2, FAIL ("connect"));
    }
  else if (w->is_unix)
    {
      _se_code_comment (w, 1, _("Bind to an empty name: Linux gives the socket an abstract address,\n"
                                "so that the server can send replies back"));
      _se_code_line (w, 1, "{");
      _se_code_line (w, 2, "sa_family_t unnamed = AF_UNIX;");
      blank (w);
      _se_code_line (w, 2, "if (bind (fd, (struct sockaddr *) &unnamed, sizeof unnamed) < 0)");
      _se_code_line (w, 3, FAIL ("bind"));
      _se_code_line (w, 1, "}");
    }

  _se_code_comment (w, 1, w->stream ? _("Step 3: send the message and read the replies")
                                    : _("Step 2: send the message in datagrams and read the replies"));
  _se_code_line (w, 1, "for (int i = 0; i < REPEAT; i++)");
  _se_code_line (w, 2, "{");
  if (w->stream)
    {
      _se_code_line (w, 3, "if (send_all (fd, message, MESSAGE_SIZE) < 0)");
      _se_code_line (w, 4, FAIL ("send"));
    }
  else
    {
      if (w->is_unix)
        _se_code_line (w, 3, "if (sendto (fd, message, MESSAGE_SIZE, 0, (struct sockaddr *) &addr, sizeof addr) < 0)");
      else
        _se_code_line (w, 3, "if (sendto (fd, message, MESSAGE_SIZE, 0, result->ai_addr, result->ai_addrlen) < 0)");
      _se_code_line (w, 4, FAIL ("sendto"));
    }
  _se_code_comment (w, 3, _("Until the next send, or for WAIT_MS after the last one"));
  _se_code_line (w, 3, "if (!receive_for (fd, i < REPEAT - 1 ? INTERVAL_MS : WAIT_MS))");
  _se_code_line (w, 4, "break;");
  _se_code_line (w, 2, "}");
  blank (w);
  _se_code_comment (w, 1, w->stream ? _("Step 4: close the socket") : _("Step 3: close the socket"));
  _se_code_line (w, 1, "close (fd);");
  if (!w->is_unix)
    _se_code_line (w, 1, "freeaddrinfo (result);");
  _se_code_line (w, 1, "return 0;");
  _se_code_line (w, 0, "}");
}

void
_se_code_write_c (SeCodeWriter *w)
{
  if (w->options->role == SE_CODE_LISTEN)
    write_listener (w);
  else
    write_client (w);
}
