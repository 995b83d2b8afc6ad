/* se-codegen-python.c: the Python 3 programs, written like the seeds' tutorials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain calls on a socket object, one loop, a comment on each step, the
 * six steps of a server and the four of a client numbered as the seeds
 * number them. Only the socket module and the standard library.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "se-codegen-private.h"

#define SEND_STREAM  "conn.sendall(%s)"
#define SEND_DGRAM   "server.sendto(%s, addr)"

/* Milliseconds as Python seconds, whatever the locale: "0.5", "2", "0.125" */
static char *
seconds_text (guint ms)
{
  char *text = g_strdup_printf ("%u.%03u", ms / 1000, ms % 1000);
  gsize len = strlen (text);

  while (text[len - 1] == '0')
    text[--len] = '\0';
  if (text[len - 1] == '.')
    text[--len] = '\0';

  return text;
}

static void
write_header (SeCodeWriter *w)
{
  g_autofree char *summary = _se_code_summary (w);
  g_autofree char *file_name = se_code_suggest_file_name (w->options);
  g_autofree char *run = se_code_run_command (w->options, file_name);
  g_autofree char *made = NULL;

  _se_code_line (w, 0, "#!/usr/bin/env python3");
  _se_code_comment (w, 0, summary);
  /* Translators: a comment in a generated program; %s is a command such
   * as "python3 tcp_client.py" */
  made = g_strdup_printf (_("Written by Socket Explorer. Run it with: %s"), run);
  _se_code_comment (w, 0, made);
  if (w->options->role == SE_CODE_LISTEN)
    _se_code_comment (w, 0, _("It serves one client at a time; Ctrl+C stops it."));
  _se_code_line (w, 0, "%s", "");
}

static void
write_address_constants (SeCodeWriter *w)
{
  const SeEndpoint *endpoint = w->options->endpoint;
  g_autoptr(GString) literal = g_string_new (NULL);

  if (w->is_unix)
    {
      _se_code_python_str (literal, se_endpoint_get_path (endpoint));
      _se_code_comment (w, 0, _("The path of the socket file"));
      _se_code_line (w, 0, "PATH = %s", literal->str);
      return;
    }

  _se_code_python_str (literal, se_endpoint_get_host (endpoint));
  if (w->options->role == SE_CODE_LISTEN)
    {
      _se_code_comment (w, 0, _("The address to listen on, and the port (0 lets the system choose a free one)"));
      _se_code_line (w, 0, "HOST = %s", literal->str);
      _se_code_line (w, 0, "PORT = %u", (guint) se_endpoint_get_port (endpoint));
    }
  else
    {
      _se_code_comment (w, 0, _("The server’s address and port"));
      _se_code_line (w, 0, "HOST = %s", literal->str);
      _se_code_line (w, 0, "PORT = %u", (guint) se_endpoint_get_port (endpoint));
    }
}

static const char *
address_argument (SeCodeWriter *w)
{
  return w->is_unix ? "PATH" : "(HOST, PORT)";
}

/* The code of the responder for the data just received, at depth. */
static void
write_responder (SeCodeWriter *w,
                 guint         depth)
{
  const char *argument;

  _se_code_comment (w, depth, _se_code_responder_comment (w));
  switch (w->responder)
    {
    case SE_RESPONDER_ECHO:
      argument = "data";
      break;
    case SE_RESPONDER_UPPER:
      argument = "data.upper()";
      break;
    case SE_RESPONDER_TIMESTAMP:
      argument = "b'[%s] %s' % (time.ctime().encode(), data)";
      break;
    case SE_RESPONDER_GREETING:
      /* Streams are greeted on accept; only datagrams get here. */
      argument = "GREETING";
      break;
    case SE_RESPONDER_FRAMED:
      if (w->stream)
        {
          _se_code_line (w, depth, "if pending is None:");
          _se_code_line (w, depth + 1, SEND_STREAM, "PREFIX + b'|%d' % len(data)");
          _se_code_line (w, depth + 1, "pending = data");
          _se_code_line (w, depth, "else:");
          _se_code_comment (w, depth + 1, _("The go-ahead, whatever it says: send the message announced"));
          _se_code_line (w, depth + 1, SEND_STREAM, "pending");
          _se_code_line (w, depth + 1, "pending = None");
        }
      else
        {
          _se_code_line (w, depth, SEND_DGRAM, "PREFIX + b'|%d' % len(data)");
          _se_code_line (w, depth, SEND_DGRAM, "data");
        }
      return;
    case SE_RESPONDER_DISCARD:
    case SE_RESPONDER_NONE:
    default:
      return;
    }

  if (w->stream)
    _se_code_line (w, depth, SEND_STREAM, argument);
  else
    _se_code_line (w, depth, SEND_DGRAM, argument);
}

static void
write_responder_constants (SeCodeWriter *w)
{
  g_autoptr(GString) literal = g_string_new (NULL);

  if (w->responder == SE_RESPONDER_GREETING)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (se_responder_get_greeting_bytes (w->options->responder), &len);

      _se_code_python_bytes (literal, data, len);
      _se_code_comment (w, 0, w->stream ? _("What every client gets before the connection is closed")
                                        : _("What every datagram is answered with"));
      _se_code_line (w, 0, "GREETING = %s", literal->str);
    }
  else if (w->responder == SE_RESPONDER_FRAMED)
    {
      const char *prefix = se_responder_get_framed_prefix (w->options->responder);

      _se_code_python_bytes (literal, (const guint8 *) prefix, strlen (prefix));
      _se_code_comment (w, 0, _("The header before every message is PREFIX|n, n its size in bytes"));
      _se_code_line (w, 0, "PREFIX = %s", literal->str);
    }
}

static void
write_listener (SeCodeWriter *w)
{
  const SeCodeOptions *o = w->options;
  g_autofree char *step1 = _se_code_socket_comment (w);
  g_autofree char *prefix = _se_code_listening_prefix (w);
  g_autoptr(GString) literal = g_string_new (NULL);
  guint depth = 0;

  write_header (w);
  _se_code_line (w, 0, "import socket");
  if (w->tls)
    _se_code_line (w, 0, "import ssl");
  if (w->responder == SE_RESPONDER_TIMESTAMP)
    _se_code_line (w, 0, "import time");
  if (w->is_unix)
    {
      _se_code_line (w, 0, "import os");
      _se_code_line (w, 0, "import signal");
    }
  _se_code_line (w, 0, "%s", "");
  write_address_constants (w);
  _se_code_comment (w, 0, _("The most bytes one recv() returns"));
  _se_code_line (w, 0, "BUFSIZE = %u", o->read_size);
  if (w->stream)
    {
      _se_code_comment (w, 0, _("How many connections may wait to be accepted"));
      _se_code_line (w, 0, "BACKLOG = %u", o->backlog);
    }
  write_responder_constants (w);
  if (w->tls)
    {
      _se_code_comment (w, 0, _("TLS: the server’s certificate and its private key, PEM files; make a\n"
                                "self-signed pair for a test with:\n"
                                "  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \\\n"
                                "      -keyout key.pem -out cert.pem -days 30 -subj /CN=localhost"));
      _se_code_line (w, 0, "CERT_FILE = 'cert.pem'");
      _se_code_line (w, 0, "KEY_FILE = 'key.pem'");
      _se_code_line (w, 0, "context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)");
      _se_code_line (w, 0, "context.load_cert_chain(CERT_FILE, KEY_FILE)");
    }
  _se_code_line (w, 0, "%s", "");

  if (w->is_unix)
    {
      _se_code_comment (w, 0, _("kill stops the server as Ctrl+C does, so that it removes its socket file"));
      _se_code_line (w, 0, "signal.signal(signal.SIGTERM, signal.default_int_handler)");
      _se_code_line (w, 0, "%s", "");
    }
  _se_code_comment (w, 0, step1);
  _se_code_line (w, 0, "server = socket.socket(socket.%s, socket.%s)", w->family, w->type);
  if (w->stream && !w->is_unix)
    {
      _se_code_comment (w, 0, _("Let a restarted server bind the port at once, while old connections linger in TIME_WAIT"));
      _se_code_line (w, 0, "server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)");
    }
  _se_code_comment (w, 0, w->is_unix ? _("Step 2: bind it to the path: this creates the socket file")
                                     : _("Step 2: bind it to the address and the port"));
  _se_code_line (w, 0, "server.bind(%s)", address_argument (w));
  /* From the bind on, the socket file is the program's to remove */
  if (w->is_unix)
    {
      _se_code_line (w, 0, "try:");
      depth = 1;
    }
  if (w->stream)
    {
      _se_code_comment (w, depth, _("Step 3: listen: the system now accepts connections and queues them"));
      _se_code_line (w, depth, "server.listen(BACKLOG)");
    }

  _se_code_python_str (literal, prefix);
  if (w->is_unix)
    _se_code_line (w, depth, "print(%s, flush=True)", literal->str);
  else
    {
      _se_code_comment (w, 0, _("Ask which port was bound (with port 0 the system chose it)"));
      _se_code_line (w, 0, "port = server.getsockname()[1]");
      _se_code_line (w, 0, "print(%s + str(port), flush=True)", literal->str);
    }
  _se_code_line (w, 0, "%s", "");

  _se_code_line (w, depth, "while True:");

  if (w->stream)
    {
      _se_code_comment (w, depth + 1, _("Step 4: wait for a client and accept it: a new socket for this connection"));
      _se_code_line (w, depth + 1, "conn, addr = server.accept()");
      _se_code_line (w, depth + 1, "print('...connected from:', addr, flush=True)");
      _se_code_line (w, depth + 1, "try:");
      if (w->tls)
        {
          _se_code_comment (w, depth + 2, _("TLS: the handshake on the accepted socket; from now on its bytes are encrypted"));
          _se_code_line (w, depth + 2, "conn = context.wrap_socket(conn, server_side=True)");
        }
      if (w->responder == SE_RESPONDER_GREETING)
        {
          _se_code_comment (w, depth + 2, _("Step 5: talk: send the greeting"));
          _se_code_line (w, depth + 2, SEND_STREAM, "GREETING");
        }
      else
        {
          if (w->responder == SE_RESPONDER_FRAMED)
            {
              _se_code_comment (w, depth + 2, _("The message announced, until its go-ahead arrives"));
              _se_code_line (w, depth + 2, "pending = None");
            }
          _se_code_line (w, depth + 2, "while True:");
          _se_code_comment (w, depth + 3, _("Step 5: talk: receive at most BUFSIZE bytes, b'' once the client has closed"));
          _se_code_line (w, depth + 3, "data = conn.recv(BUFSIZE)");
          _se_code_line (w, depth + 3, "if not data:");
          _se_code_line (w, depth + 4, "break");
          _se_code_line (w, depth + 3, "print('received %%d bytes: %%r' %% (len(data), data), flush=True)");
          write_responder (w, depth + 3);
        }
      _se_code_line (w, depth + 1, "except OSError as error:");
      _se_code_comment (w, depth + 2, _("A client that resets the connection ends only its own conversation"));
      _se_code_line (w, depth + 2, "print('...error:', error, flush=True)");
      _se_code_comment (w, depth + 1, _("Step 6: close the connection"));
      _se_code_line (w, depth + 1, "conn.close()");
      _se_code_line (w, depth + 1, "print('...closed', flush=True)");
    }
  else
    {
      _se_code_comment (w, depth + 1, _("Step 3: receive one datagram: at most BUFSIZE bytes, and who sent it"));
      _se_code_line (w, depth + 1, "data, addr = server.recvfrom(BUFSIZE)");
      _se_code_line (w, depth + 1, "print('received %%d bytes from %%r: %%r' %% (len(data), addr, data), flush=True)");
      if (w->protocol == SE_PROTOCOL_UNIX_DGRAM && w->responder != SE_RESPONDER_NONE &&
          w->responder != SE_RESPONDER_DISCARD)
        {
          _se_code_comment (w, depth + 1, _("A sender that did not bind an address cannot be answered"));
          _se_code_line (w, depth + 1, "if not addr:");
          _se_code_line (w, depth + 2, "continue");
        }
      write_responder (w, depth + 1);
    }

  if (w->is_unix)
    {
      _se_code_line (w, 0, "except KeyboardInterrupt:");
      _se_code_line (w, 1, "pass");
      _se_code_line (w, 0, "finally:");
      _se_code_line (w, 1, "server.close()");
      _se_code_comment (w, 1, _("Remove the socket file, or the next bind() fails with “Address already in use”"));
      _se_code_line (w, 1, "os.unlink(PATH)");
    }
}

static void
write_message (SeCodeWriter *w)
{
  const SeCodeOptions *o = w->options;
  g_autofree char *comment = _se_code_message_comment (w);
  g_autoptr(GString) literal = g_string_new (NULL);
  gsize len = 0;
  const guint8 *data = o->data != NULL ? g_bytes_get_data (o->data, &len) : NULL;

  _se_code_comment (w, 0, comment);
  if (o->format == SE_PAYLOAD_HEX && len > 0)
    {
      g_autofree char *hex = se_payload_to_hex (data, len, TRUE);

      _se_code_python_str (literal, hex);
      _se_code_line (w, 0, "MESSAGE = bytes.fromhex(%s)", literal->str);
    }
  else if (_se_code_message_is_unicode (w))
    {
      g_autofree char *text = g_strndup ((const char *) data, len);

      _se_code_python_str (literal, text);
      _se_code_line (w, 0, "MESSAGE = %s.encode('utf-8')", literal->str);
    }
  else
    {
      _se_code_python_bytes (literal, data, len);
      _se_code_line (w, 0, "MESSAGE = %s", literal->str);
    }
}

static void
write_client (SeCodeWriter *w)
{
  const SeCodeOptions *o = w->options;
  g_autofree char *step1 = _se_code_socket_comment (w);
  g_autofree char *interval = NULL;
  g_autofree char *wait = NULL;

  write_header (w);
  _se_code_line (w, 0, "import socket");
  if (w->tls)
    _se_code_line (w, 0, "import ssl");
  _se_code_line (w, 0, "import sys");
  _se_code_line (w, 0, "import time");
  _se_code_line (w, 0, "%s", "");
  write_address_constants (w);
  write_message (w);
  _se_code_comment (w, 0, _("How many times to send it, and the seconds between two sends"));
  _se_code_line (w, 0, "REPEAT = %u", o->repeat);
  interval = seconds_text (o->interval_ms);
  wait = seconds_text (o->wait_ms);
  _se_code_line (w, 0, "INTERVAL = %s", interval);
  _se_code_comment (w, 0, _("Seconds to wait for replies after the last send"));
  _se_code_line (w, 0, "WAIT = %s", wait);
  _se_code_comment (w, 0, _("The most bytes one recv() returns"));
  _se_code_line (w, 0, "BUFSIZE = %u", o->read_size);
  _se_code_line (w, 0, "%s", "");
  _se_code_line (w, 0, "%s", "");

  _se_code_line (w, 0, "def receive_for(sock, seconds):");
  _se_code_comment (w, 1, w->stream ? _("Writes the replies that arrive within the seconds to standard output.\n"
                                        "Returns False once the server has closed the connection.")
                                    : _("Writes the replies that arrive within the seconds to standard output.\n"
                                        "Datagrams have no connection that could close: it returns True."));
  _se_code_line (w, 1, "deadline = time.monotonic() + seconds");
  _se_code_line (w, 1, "while True:");
  _se_code_line (w, 2, "left = deadline - time.monotonic()");
  _se_code_line (w, 2, "if left <= 0:");
  _se_code_line (w, 3, "return True");
  _se_code_comment (w, 2, _("Wait at most that long for the next reply"));
  _se_code_line (w, 2, "sock.settimeout(left)");
  _se_code_line (w, 2, "try:");
  if (w->stream)
    {
      _se_code_line (w, 3, "data = sock.recv(BUFSIZE)");
      _se_code_line (w, 2, "except socket.timeout:");
      _se_code_line (w, 3, "return True");
      _se_code_comment (w, 2, _("An empty read: the server has closed the connection"));
      _se_code_line (w, 2, "if not data:");
      _se_code_line (w, 3, "return False");
    }
  else
    {
      _se_code_line (w, 3, "data, addr = sock.recvfrom(BUFSIZE)");
      _se_code_line (w, 2, "except socket.timeout:");
      _se_code_line (w, 3, "return True");
    }
  _se_code_comment (w, 2, _("The reply’s bytes as they are"));
  _se_code_line (w, 2, "sys.stdout.buffer.write(data)");
  _se_code_line (w, 2, "sys.stdout.buffer.flush()");
  _se_code_line (w, 0, "%s", "");
  _se_code_line (w, 0, "%s", "");

  _se_code_comment (w, 0, step1);
  _se_code_line (w, 0, "sock = socket.socket(socket.%s, socket.%s)", w->family, w->type);
  if (w->stream)
    {
      _se_code_comment (w, 0, _("Step 2: connect to the server"));
      _se_code_line (w, 0, "sock.connect(%s)", address_argument (w));
      if (w->tls)
        {
          _se_code_comment (w, 0, _("TLS: the handshake on the connected socket. The server’s certificate is\n"
                                    "checked against the system’s authorities and the host name (run with\n"
                                    "SSL_CERT_FILE=cert.pem to trust a self-signed certificate instead)"));
          _se_code_line (w, 0, "context = ssl.create_default_context()");
          _se_code_line (w, 0, "sock = context.wrap_socket(sock, server_hostname=HOST)");
        }
    }
  else if (w->is_unix)
    {
      _se_code_comment (w, 0, _("Bind to an empty name: Linux gives the socket an abstract address,\n"
                                "so that the server can send replies back"));
      _se_code_line (w, 0, "sock.bind('')");
    }
  _se_code_comment (w, 0, w->stream ? _("Step 3: send the message and read the replies")
                                    : _("Step 2: send the message in datagrams and read the replies"));
  _se_code_line (w, 0, "for i in range(REPEAT):");
  if (w->stream)
    _se_code_line (w, 1, "sock.sendall(MESSAGE)");
  else
    _se_code_line (w, 1, "sock.sendto(MESSAGE, %s)", address_argument (w));
  _se_code_comment (w, 1, _("Until the next send, or for WAIT seconds after the last one"));
  _se_code_line (w, 1, "if not receive_for(sock, INTERVAL if i < REPEAT - 1 else WAIT):");
  _se_code_line (w, 2, "break");
  _se_code_comment (w, 0, w->stream ? _("Step 4: close the socket") : _("Step 3: close the socket"));
  _se_code_line (w, 0, "sock.close()");
}

void
_se_code_write_python (SeCodeWriter *w)
{
  if (w->options->role == SE_CODE_LISTEN)
    write_listener (w);
  else
    write_client (w);
}
