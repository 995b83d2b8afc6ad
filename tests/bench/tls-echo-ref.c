/* tls-echo-ref.c: the reference and the client of run-all's TLS echo row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   tls-echo-ref server CERT KEY
 *                          a minimal blocking TLS echo server on 127.0.0.1
 *                          (GnuTLS, the library under GIO's TLS streams),
 *                          port chosen by the system and printed first;
 *                          accept, handshake, then read/write records until
 *                          close_notify, one client at a time, until killed
 *   tls-echo-ref client PORT BYTES
 *                          connects to 127.0.0.1:PORT, does the handshake
 *                          (the certificate is not checked: a benchmark),
 *                          writes BYTES on one thread while it reads them
 *                          back on another (GnuTLS allows one sender and
 *                          one receiver at once), and prints "BYTES SECONDS
 *                          MB/s" (1 MB = 10^6 bytes), like echo-ref
 *
 * The same client measures every server, so the numbers compare servers.
 * Only loopback; every wait is bounded (SO_RCVTIMEO, SO_SNDTIMEO).
 */
#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#define BUFFER (256 * 1024)
#define IO_TIMEOUT_S 30

static void
die (const char *what,
     int         ret)
{
  fprintf (stderr, "tls-echo-ref: %s: %s\n", what,
           ret != 0 ? gnutls_strerror (ret) : strerror (errno));
  exit (1);
}

static void
set_timeouts (int fd)
{
  struct timeval timeout = { IO_TIMEOUT_S, 0 };

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

static int
handshake (gnutls_session_t session)
{
  int ret;

  do
    ret = gnutls_handshake (session);
  while (ret < 0 && gnutls_error_is_fatal (ret) == 0);
  return ret;
}

static void
serve (gnutls_certificate_credentials_t credentials,
       int                              c,
       char                            *buffer)
{
  gnutls_session_t session;
  ssize_t n;

  set_timeouts (c);
  if (gnutls_init (&session, GNUTLS_SERVER) < 0)
    return;
  gnutls_set_default_priority (session);
  gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, credentials);
  gnutls_transport_set_int (session, c);
  gnutls_handshake_set_timeout (session, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);

  if (handshake (session) < 0)
    {
      gnutls_deinit (session);
      return;
    }

  for (;;)
    {
      size_t done = 0;

      n = gnutls_record_recv (session, buffer, BUFFER);
      if (n == GNUTLS_E_INTERRUPTED || n == GNUTLS_E_AGAIN)
        continue;
      if (n <= 0)
        break;
      while (done < (size_t) n)
        {
          ssize_t w = gnutls_record_send (session, buffer + done, n - done);

          if (w == GNUTLS_E_INTERRUPTED || w == GNUTLS_E_AGAIN)
            continue;
          if (w < 0)
            break;
          done += (size_t) w;
        }
      if (done < (size_t) n)
        break;
    }
  gnutls_bye (session, GNUTLS_SHUT_WR);
  gnutls_deinit (session);
}

static int
run_server (const char *cert,
            const char *key)
{
  gnutls_certificate_credentials_t credentials;
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;
  char *buffer = malloc (BUFFER);
  int one = 1;
  int ret, s;

  if (buffer == NULL)
    die ("malloc", 0);
  if ((ret = gnutls_certificate_allocate_credentials (&credentials)) < 0)
    die ("credentials", ret);
  if ((ret = gnutls_certificate_set_x509_key_file (credentials, cert, key, GNUTLS_X509_FMT_PEM)) < 0)
    die (cert, ret);

  s = socket (AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    die ("socket", 0);
  setsockopt (s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (bind (s, (struct sockaddr *) &addr, sizeof addr) < 0)
    die ("bind", 0);
  if (listen (s, 16) < 0)
    die ("listen", 0);
  if (getsockname (s, (struct sockaddr *) &addr, &len) < 0)
    die ("getsockname", 0);
  printf ("listening on tls://127.0.0.1:%u\n", ntohs (addr.sin_port));
  fflush (stdout);

  for (;;)
    {
      int c = accept (s, NULL, NULL);

      if (c < 0)
        {
          if (errno == EINTR)
            continue;
          die ("accept", 0);
        }
      serve (credentials, c, buffer);
      close (c);
    }

  return 0;
}

typedef struct
{
  gnutls_session_t session;
  uint64_t         total;
  int              failed;
} Writer;

static void *
writer_thread (void *data)
{
  Writer *w = data;
  char *buffer = malloc (BUFFER);
  uint64_t sent = 0;

  if (buffer == NULL)
    {
      w->failed = 1;
      return NULL;
    }
  for (size_t i = 0; i < BUFFER; i++)
    buffer[i] = (char) ('a' + i % 26);

  while (sent < w->total)
    {
      size_t chunk = w->total - sent < BUFFER ? (size_t) (w->total - sent) : BUFFER;
      ssize_t n = gnutls_record_send (w->session, buffer, chunk);

      if (n == GNUTLS_E_INTERRUPTED || n == GNUTLS_E_AGAIN)
        continue;
      if (n < 0)
        {
          fprintf (stderr, "tls-echo-ref: send: %s\n", gnutls_strerror ((int) n));
          w->failed = 1;
          break;
        }
      sent += (uint64_t) n;
    }
  free (buffer);

  return NULL;
}

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
run_client (const char *port_text,
            const char *bytes_text)
{
  gnutls_certificate_credentials_t credentials;
  gnutls_session_t session;
  struct sockaddr_in addr = { 0 };
  char *buffer = malloc (BUFFER);
  Writer writer = { 0 };
  pthread_t thread;
  uint64_t received = 0;
  double start, elapsed;
  int ret, s;

  if (buffer == NULL)
    die ("malloc", 0);
  writer.total = strtoull (bytes_text, NULL, 10);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons ((uint16_t) atoi (port_text));

  s = socket (AF_INET, SOCK_STREAM, 0);
  if (s < 0)
    die ("socket", 0);
  set_timeouts (s);
  if (connect (s, (struct sockaddr *) &addr, sizeof addr) < 0)
    die ("connect", 0);

  if ((ret = gnutls_certificate_allocate_credentials (&credentials)) < 0 ||
      (ret = gnutls_init (&session, GNUTLS_CLIENT)) < 0)
    die ("init", ret);
  gnutls_set_default_priority (session);
  gnutls_credentials_set (session, GNUTLS_CRD_CERTIFICATE, credentials);
  gnutls_server_name_set (session, GNUTLS_NAME_DNS, "localhost", strlen ("localhost"));
  gnutls_transport_set_int (session, s);
  gnutls_handshake_set_timeout (session, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);
  if ((ret = handshake (session)) < 0)
    die ("handshake", ret);

  start = now_s ();
  writer.session = session;
  if (pthread_create (&thread, NULL, writer_thread, &writer) != 0)
    die ("pthread_create", 0);

  while (received < writer.total)
    {
      ssize_t n = gnutls_record_recv (session, buffer, BUFFER);

      if (n == GNUTLS_E_INTERRUPTED || n == GNUTLS_E_AGAIN)
        continue;
      if (n < 0)
        {
          fprintf (stderr, "tls-echo-ref: recv after %llu of %llu bytes: %s\n",
                   (unsigned long long) received, (unsigned long long) writer.total,
                   gnutls_strerror ((int) n));
          break;
        }
      if (n == 0)
        {
          fprintf (stderr, "tls-echo-ref: the server closed after %llu of %llu bytes\n",
                   (unsigned long long) received, (unsigned long long) writer.total);
          break;
        }
      received += (uint64_t) n;
    }
  elapsed = now_s () - start;
  pthread_join (thread, NULL);
  gnutls_bye (session, GNUTLS_SHUT_WR);
  gnutls_deinit (session);
  gnutls_certificate_free_credentials (credentials);
  close (s);
  free (buffer);

  if (received != writer.total || writer.failed)
    return 1;

  printf ("%llu %.6f %.1f\n", (unsigned long long) received, elapsed,
          elapsed > 0 ? received / elapsed / 1e6 : 0.0);

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  signal (SIGPIPE, SIG_IGN);

  if (argc == 4 && strcmp (argv[1], "server") == 0)
    return run_server (argv[2], argv[3]);
  if (argc == 4 && strcmp (argv[1], "client") == 0)
    return run_client (argv[2], argv[3]);

  fprintf (stderr, "usage: tls-echo-ref server CERT KEY | tls-echo-ref client PORT BYTES\n");
  return 2;
}
