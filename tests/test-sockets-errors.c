/* test-sockets-errors.c: what the socket calls refuse, in plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real sockets only: 127.0.0.1, ::1 and Unix sockets in a temp dir, port 0,
 * and bounded waits.
 *
 * Refused connects, an address in use, a privileged port, a missing
 * Unix socket, connect timeouts, a name with several addresses and a
 * full Unix backlog.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <glib/gstdio.h>

#include "socket-explorer-core.h"
#include "se-socket-test-util.h"
#include "se-test-util.h"

static void
test_refused (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_autoptr(SeEndpoint) target = NULL;
  Peer *peer;

  g_assert_no_error (error);
  target = se_endpoint_ref (se_listener_get_endpoint (listener));
  se_listener_stop (listener);

  peer = peer_connect (target, log, &error);
  g_assert_null (peer);
  g_assert_error (error, SE_ERROR, SE_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, "ECONNREFUSED"));
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 1);
}

static void
test_address_in_use (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) first = start_listener ("tcp://127.0.0.1:0", "none", log, &error);
  g_autofree char *same = NULL;
  g_autoptr(SeListener) second = NULL;
  g_autofree char *unix_text = g_strdup_printf ("unix://%s/inuse.sock", tmpdir);
  g_autoptr(SeListener) unix_first = NULL;
  g_autoptr(SeListener) unix_second = NULL;

  g_assert_no_error (error);
  same = se_endpoint_to_string (se_listener_get_endpoint (first));
  second = start_listener (same, "none", log, &error);
  g_assert_null (second);
  g_assert_error (error, SE_ERROR, SE_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, "EADDRINUSE"));
  g_clear_error (&error);

  unix_first = start_listener (unix_text, "none", log, &error);
  g_assert_no_error (error);
  unix_second = start_listener (unix_text, "none", log, &error);
  g_assert_null (unix_second);
  g_assert_error (error, SE_ERROR, SE_ERROR_ADDRESS_IN_USE);
  g_clear_error (&error);

  /* The failed second listener must not remove the first one's file. */
  g_assert_true (g_file_test (se_endpoint_get_path (se_listener_get_endpoint (unix_first)), G_FILE_TEST_EXISTS));
  se_listener_stop (unix_first);
  g_assert_false (g_file_test (se_endpoint_get_path (se_listener_get_endpoint (unix_first)), G_FILE_TEST_EXISTS));
}

static void
test_privileged_port_child (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = NULL;

  listener = start_listener ("tcp://127.0.0.1:7", "none", log, &error);
  g_assert_null (listener);
  g_assert_error (error, SE_ERROR, SE_ERROR_PERMISSION_DENIED);
  g_assert_nonnull (strstr (error->message, "EACCES"));
  g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 1);
}

/* Ports below 1024 need privileges: as root, the check runs in a child
 * that gives them up first. */
static void
test_privileged_port (void)
{
  g_autofree char *contents = NULL;

  if (g_file_get_contents ("/proc/sys/net/ipv4/ip_unprivileged_port_start", &contents, NULL, NULL) &&
      g_ascii_strtoull (contents, NULL, 10) <= 7)
    {
      g_test_skip ("this system lets everybody bind low ports");
      return;
    }

  if (g_test_subprocess ())
    {
      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        {
          g_test_skip ("cannot drop root privileges here");
          return;
        }
      test_privileged_port_child ();
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_unix_missing (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("unix://%s/nobody-here.sock", tmpdir);
  g_autoptr(SeEndpoint) target = se_endpoint_parse (text, NULL);
  Peer *peer = peer_connect (target, log, &error);

  g_assert_null (peer);
  g_assert_error (error, SE_ERROR, SE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ENOENT"));
}

/* A listener whose backlog is full and which never accepts: SYNs are
 * dropped, so a connect times out. */
static void
test_connect_timeout (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  struct sockaddr_in sin;
  int fillers[8];
  g_autoptr(SeEndpoint) target = NULL;
  int lfd = raw_tcp_listen (0, &sin, &target);
  g_autoptr(SeClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start;

  fill_accept_queue (&sin, fillers, G_N_ELEMENTS (fillers));
  client = se_client_new (target, log);
  se_client_set_connect_timeout (client, 300);

  start = g_get_monotonic_time ();
  se_client_connect_async (client, NULL, se_test_store_result, &result);
  se_test_wait_result (&result, WAIT_MS);

  if (se_client_connect_finish (client, result, &error))
    {
      /* The kernel accepted it after all (a larger queue than asked). */
      g_test_skip ("the kernel did not drop the SYN; cannot provoke a timeout here");
    }
  else
    {
      g_assert_error (error, SE_ERROR, SE_ERROR_TIMED_OUT);
      g_assert_nonnull (strstr (error->message, "ETIMEDOUT"));
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 250 * 1000);
      g_assert_cmpuint (count_events (log, SE_EVENT_ERROR), ==, 1);
    }

  se_client_close (client);
  for (guint i = 0; i < G_N_ELEMENTS (fillers); i++)
    close (fillers[i]);
  close (lfd);
}

/* Each address a name resolves to is tried in turn: "localhost" may give
 * ::1 first while only 127.0.0.1 listens. */
static void
test_name_tries_each_address (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeListener) listener = start_listener ("tcp://127.0.0.1:0", "echo", log, &error);
  g_autofree char *text = NULL;
  g_autoptr(SeEndpoint) target = NULL;
  g_autoptr(Peer) peer = NULL;
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  text = g_strdup_printf ("tcp://localhost:%u", se_endpoint_get_port (se_listener_get_endpoint (listener)));
  target = se_endpoint_parse (text, NULL);
  peer = peer_connect (target, log, &error);
  g_assert_no_error (error);
  peer_send (peer, "hi");
  g_assert_true (peer_wait_bytes (peer, 2));
  got = peer_text (peer);
  g_assert_cmpstr (got, ==, "hi");
  g_assert_cmpstr (se_client_get_local_address (peer->client), !=, "");
}

/* A Unix stream listener whose backlog is full: connect() fails at once
 * with EAGAIN, explained. */
static void
test_unix_backlog_full (void)
{
  g_autoptr(SeTrafficLog) log = se_traffic_log_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "full.sock", NULL);
  g_autofree char *text = g_strdup_printf ("unix://%s", path);
  g_autoptr(SeEndpoint) target = se_endpoint_parse (text, NULL);
  struct sockaddr_un sun = { .sun_family = AF_UNIX };
  int lfd = socket (AF_UNIX, SOCK_STREAM, 0);
  int fillers[16];
  guint n_fillers = 0;
  Peer *peer;

  g_strlcpy (sun.sun_path, path, sizeof sun.sun_path);
  g_assert_cmpint (bind (lfd, (struct sockaddr *)&sun, sizeof sun), ==, 0);
  g_assert_cmpint (listen (lfd, 0), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (fillers); i++)
    {
      int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

      fillers[n_fillers++] = fd;
      if (connect (fd, (struct sockaddr *)&sun, sizeof sun) != 0 && errno == EAGAIN)
        break;
    }

  peer = peer_connect (target, log, &error);
  g_assert_null (peer);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "EAGAIN"));
  g_assert_nonnull (strstr (error->message, "backlog"));

  for (guint i = 0; i < n_fillers; i++)
    close (fillers[i]);
  close (lfd);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmpdir = se_test_make_temp_dir ();

  g_test_add_func ("/sockets/name-tries-each-address", test_name_tries_each_address);
  g_test_add_func ("/sockets/errors/refused", test_refused);
  g_test_add_func ("/sockets/errors/address-in-use", test_address_in_use);
  g_test_add_func ("/sockets/errors/privileged-port", test_privileged_port);
  g_test_add_func ("/sockets/errors/unix-missing", test_unix_missing);
  g_test_add_func ("/sockets/errors/connect-timeout", test_connect_timeout);
  g_test_add_func ("/sockets/errors/unix-backlog-full", test_unix_backlog_full);

  ret = g_test_run ();
  se_test_remove_dir (tmpdir);
  g_free (tmpdir);
  return ret;
}
