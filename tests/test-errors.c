/* test-errors.c: the SE_ERROR domain and the errno explanations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "se-error.h"

static void
test_quark (void)
{
  g_assert_cmpstr (g_quark_to_string (SE_ERROR), ==, "se-error-quark");
  g_assert_cmpuint (SE_ERROR, ==, se_error_quark ());
}

static void
test_names (void)
{
  static const struct
  {
    int         errsv;
    const char *name;
  } cases[] = {
    { ECONNREFUSED, "ECONNREFUSED" },
    { EADDRINUSE, "EADDRINUSE" },
    { EACCES, "EACCES" },
    { EPERM, "EPERM" },
    { ETIMEDOUT, "ETIMEDOUT" },
    { ENETUNREACH, "ENETUNREACH" },
    { EHOSTUNREACH, "EHOSTUNREACH" },
    { ECONNRESET, "ECONNRESET" },
    { EPIPE, "EPIPE" },
    { ENOENT, "ENOENT" },
    { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
    { EAFNOSUPPORT, "EAFNOSUPPORT" },
    { EINVAL, "EINVAL" },
    { EMFILE, "EMFILE" },
    { ENFILE, "ENFILE" },
    { ENOTCONN, "ENOTCONN" },
    { EISCONN, "EISCONN" },
    { ECONNABORTED, "ECONNABORTED" },
    { EINPROGRESS, "EINPROGRESS" },
    { EAGAIN, "EAGAIN" },
    { EBADF, "EBADF" },
    { ENOBUFS, "ENOBUFS" },
    { ENOMEM, "ENOMEM" },
    { EMSGSIZE, "EMSGSIZE" },
    { EPROTONOSUPPORT, "EPROTONOSUPPORT" },
    { ENAMETOOLONG, "ENAMETOOLONG" },
    { ENOTDIR, "ENOTDIR" },
    { EROFS, "EROFS" },
    { ENOTSOCK, "ENOTSOCK" },
    { EINTR, "EINTR" },
    { EALREADY, "EALREADY" },
    { ECANCELED, "ECANCELED" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (se_errno_name (cases[i].errsv), ==, cases[i].name);

  g_assert_cmpstr (se_errno_name (EWOULDBLOCK), ==, "EAGAIN");
  g_assert_cmpstr (se_errno_name (9999), ==, "errno 9999");
  g_assert_cmpstr (se_errno_name (-3), ==, "errno -3");
  g_assert_cmpstr (se_errno_name (0), ==, "errno 0");
  /* The same unknown value gives the same string each time. */
  g_assert_true (se_errno_name (12345) == se_errno_name (12345));
}

static void
test_codes (void)
{
  static const struct
  {
    int     errsv;
    SeError code;
  } cases[] = {
    { ECONNREFUSED, SE_ERROR_CONNECTION_REFUSED },
    { ENETUNREACH, SE_ERROR_UNREACHABLE },
    { EHOSTUNREACH, SE_ERROR_UNREACHABLE },
    { ETIMEDOUT, SE_ERROR_TIMED_OUT },
    { EADDRINUSE, SE_ERROR_ADDRESS_IN_USE },
    { EADDRNOTAVAIL, SE_ERROR_ADDRESS_NOT_AVAILABLE },
    { EACCES, SE_ERROR_PERMISSION_DENIED },
    { EPERM, SE_ERROR_PERMISSION_DENIED },
    { ECONNRESET, SE_ERROR_CONNECTION_RESET },
    { EPIPE, SE_ERROR_BROKEN_PIPE },
    { ENOENT, SE_ERROR_NOT_FOUND },
    { EBADF, SE_ERROR_CLOSED },
    { ECANCELED, SE_ERROR_CANCELLED },
    { EINVAL, SE_ERROR_FAILED },
    { EMSGSIZE, SE_ERROR_FAILED },
    { 9999, SE_ERROR_FAILED },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = se_error_new_errno (cases[i].errsv, "connect", "127.0.0.1:1");

      g_assert_cmpint (se_error_code_from_errno (cases[i].errsv), ==, cases[i].code);
      g_assert_error (error, SE_ERROR, (gint) cases[i].code);
    }
}

static void
test_messages_exact (void)
{
  g_autoptr(GError) refused = se_error_new_errno (ECONNREFUSED, "connect", "127.0.0.1:9");
  g_autoptr(GError) in_use = se_error_new_errno (EADDRINUSE, "bind", "127.0.0.1:7000");

  g_assert_cmpstr (refused->message, ==,
                   "Connection refused: nothing is listening on 127.0.0.1:9 (ECONNREFUSED)");
  g_assert_cmpstr (in_use->message, ==,
                   "Address already in use: another socket is already bound to 127.0.0.1:7000 (EADDRINUSE)");
}

/* Every message says what happened (the "starts" part), mentions the
 * address when there is one, and ends with the errno name. */
static void
test_messages (void)
{
  static const struct
  {
    int         errsv;
    const char *context;
    const char *address;
    const char *starts;
    const char *mentions;
  } cases[] = {
    { ECONNREFUSED, NULL, NULL, "Connection refused", "nothing is listening" },
    { EADDRINUSE, "bind", "[::1]:7000", "Address already in use", "[::1]:7000" },
    { EACCES, "bind", "127.0.0.1:80", "Permission denied", "ports below 1024" },
    { EACCES, "bind", "[::1]:1023", "Permission denied", "ports below 1024" },
    { EPERM, "bind", "0.0.0.0:22", "Operation not permitted", "ports below 1024" },
    { EACCES, "bind", "127.0.0.1:8080", "Permission denied", "127.0.0.1:8080" },
    { EACCES, "connect", "/run/secret.sock", "Permission denied", "/run/secret.sock" },
    { EACCES, NULL, NULL, "Permission denied", "rights" },
    { ETIMEDOUT, "connect", "127.0.0.1:7000", "Timed out", "127.0.0.1:7000" },
    { ENETUNREACH, "connect", "127.0.0.1:7000", "Network unreachable", "127.0.0.1:7000" },
    { EHOSTUNREACH, "connect", "127.0.0.1:7000", "Host unreachable", "127.0.0.1:7000" },
    { ENETUNREACH, NULL, NULL, "Network unreachable", "unreachable" },
    { ECONNRESET, "recv", "127.0.0.1:7000", "Connection reset by the peer", "127.0.0.1:7000" },
    { ECONNRESET, NULL, NULL, "Connection reset by the peer", "abruptly" },
    { EPIPE, "send", "127.0.0.1:7000", "Broken pipe", "127.0.0.1:7000" },
    { ENOENT, "connect", "/tmp/nope.sock", "No such file or directory", "/tmp/nope.sock" },
    { EADDRNOTAVAIL, "bind", "127.0.0.1:7000", "Address not available", "not an address of this computer" },
    { EMSGSIZE, "sendto", "127.0.0.1:7000", "Message too long", "datagram" },
    { EMFILE, NULL, NULL, "Too many open files", "close" },
    { ENFILE, "socket", "127.0.0.1:7000", "Too many open files", "close" },
    { ECONNABORTED, "accept", "127.0.0.1:7000", "Connection aborted", "accepted" },
    { ENOTCONN, "send", "127.0.0.1:7000", "Not connected", "not connected" },
    { EISCONN, "connect", "127.0.0.1:7000", "Already connected", "already connected" },
    { EAGAIN, "recv", "127.0.0.1:7000", "Resource temporarily unavailable", "does not block" },
    { EINPROGRESS, "connect", "127.0.0.1:7000", "Operation in progress", "not finished" },
    { EAFNOSUPPORT, "socket", "[::1]:7000", "Address family not supported", "addresses like" },
    { ENAMETOOLONG, "bind", "/tmp/long", "File name too long", "107" },
    { ENAMETOOLONG, NULL, NULL, "File name too long", "107" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = se_error_new_errno (cases[i].errsv, cases[i].context, cases[i].address);
      g_autofree char *suffix = g_strdup_printf ("(%s)", se_errno_name (cases[i].errsv));

      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, cases[i].starts));
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
      g_assert_true (g_str_has_suffix (error->message, suffix));
      if (cases[i].address != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].address));
      g_assert_cmpint (error->code, ==, se_error_code_from_errno (cases[i].errsv));
    }
}

/* Errnos without an explanation of their own use the system's words. */
static void
test_messages_fallback (void)
{
  const int errnos[] = { EINVAL, ENOBUFS, EROFS, ENOTDIR, EPROTONOSUPPORT, 9999 };

  for (gsize i = 0; i < G_N_ELEMENTS (errnos); i++)
    {
      g_autoptr(GError) full = se_error_new_errno (errnos[i], "bind", "127.0.0.1:7000");
      g_autoptr(GError) bare = se_error_new_errno (errnos[i], NULL, NULL);
      g_autoptr(GError) only_context = se_error_new_errno (errnos[i], "listen", NULL);
      g_autoptr(GError) only_address = se_error_new_errno (errnos[i], NULL, "/tmp/s");
      const char *system = g_strerror (errnos[i]);
      g_autofree char *suffix = g_strdup_printf ("(%s)", se_errno_name (errnos[i]));

      g_test_message ("%s", full->message);
      g_assert_nonnull (strstr (full->message, system));
      g_assert_nonnull (strstr (full->message, "bind"));
      g_assert_nonnull (strstr (full->message, "127.0.0.1:7000"));
      g_assert_true (g_str_has_suffix (full->message, suffix));

      g_assert_nonnull (strstr (bare->message, system));
      g_assert_true (g_str_has_suffix (bare->message, suffix));

      g_assert_nonnull (strstr (only_context->message, "listen"));
      g_assert_nonnull (strstr (only_address->message, "/tmp/s"));
      g_assert_cmpint (full->code, ==, se_error_code_from_errno (errnos[i]));
    }
}

static void
test_set_error (void)
{
  g_autoptr(GError) error = NULL;

  /* NULL is allowed and ignored. */
  se_set_error_errno (NULL, ECONNREFUSED, "connect", "127.0.0.1:9");

  se_set_error_errno (&error, ETIMEDOUT, "connect", "127.0.0.1:9");
  g_assert_error (error, SE_ERROR, SE_ERROR_TIMED_OUT);
  g_assert_true (g_str_has_suffix (error->message, "(ETIMEDOUT)"));
  g_assert_nonnull (strstr (error->message, "127.0.0.1:9"));
}

/* Real failures on loopback: the errno the kernel gives maps as expected. */
static void
test_real_errors (void)
{
  struct sockaddr_in sin = { 0 };
  socklen_t len = sizeof sin;
  int a, b, c;
  int errsv;
  g_autofree char *address = NULL;
  g_autoptr(GError) in_use = NULL;
  g_autoptr(GError) refused = NULL;

  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);

  a = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (a, >=, 0);
  g_assert_cmpint (bind (a, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  g_assert_cmpint (listen (a, 1), ==, 0);
  g_assert_cmpint (getsockname (a, (struct sockaddr *) &sin, &len), ==, 0);
  address = g_strdup_printf ("127.0.0.1:%u", (guint) ntohs (sin.sin_port));

  /* A second bind to the same address and port. */
  b = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (b, >=, 0);
  g_assert_cmpint (bind (b, (struct sockaddr *) &sin, sizeof sin), ==, -1);
  errsv = errno;
  g_assert_cmpint (errsv, ==, EADDRINUSE);
  in_use = se_error_new_errno (errsv, "bind", address);
  g_assert_error (in_use, SE_ERROR, SE_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (in_use->message, address));
  g_assert_true (g_str_has_suffix (in_use->message, "(EADDRINUSE)"));
  close (b);

  /* Close the listener; a blocking connect to loopback is refused at once. */
  close (a);
  c = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (c, >=, 0);
  g_assert_cmpint (connect (c, (struct sockaddr *) &sin, sizeof sin), ==, -1);
  errsv = errno;
  g_assert_cmpint (errsv, ==, ECONNREFUSED);
  refused = se_error_new_errno (errsv, "connect", address);
  g_assert_error (refused, SE_ERROR, SE_ERROR_CONNECTION_REFUSED);
  {
    g_autofree char *expected = g_strdup_printf ("Connection refused: nothing is listening on %s (ECONNREFUSED)", address);
    g_assert_cmpstr (refused->message, ==, expected);
  }
  close (c);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/errors/quark", test_quark);
  g_test_add_func ("/errors/names", test_names);
  g_test_add_func ("/errors/codes", test_codes);
  g_test_add_func ("/errors/messages/exact", test_messages_exact);
  g_test_add_func ("/errors/messages/explained", test_messages);
  g_test_add_func ("/errors/messages/fallback", test_messages_fallback);
  g_test_add_func ("/errors/set-error", test_set_error);
  g_test_add_func ("/errors/real", test_real_errors);

  return g_test_run ();
}
