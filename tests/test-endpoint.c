/* test-endpoint.c: the endpoint notation parser and sockaddr formatting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "se-endpoint.h"
#include "se-error.h"
#include "se-test-util.h"

static void
test_parse_inet (void)
{
  static const struct
  {
    const char *text;
    SeProtocol  protocol;
    const char *host;
    guint16     port;
  } cases[] = {
    { "tcp://127.0.0.1:7000", SE_PROTOCOL_TCP, "127.0.0.1", 7000 },
    { "udp://127.0.0.1:9999", SE_PROTOCOL_UDP, "127.0.0.1", 9999 },
    { "tcp://localhost:0", SE_PROTOCOL_TCP, "localhost", 0 },
    { "tcp://example.org:65535", SE_PROTOCOL_TCP, "example.org", 65535 },
    { "tcp://[::1]:7000", SE_PROTOCOL_TCP, "::1", 7000 },
    { "udp://[fe80::1%eth0]:53", SE_PROTOCOL_UDP, "fe80::1%eth0", 53 },
    { "TCP://127.0.0.1:80", SE_PROTOCOL_TCP, "127.0.0.1", 80 },
    { "Udp://host:1", SE_PROTOCOL_UDP, "host", 1 },
    { "  tcp://127.0.0.1:7000\n", SE_PROTOCOL_TCP, "127.0.0.1", 7000 },
    { "tcp://0.0.0.0:00080", SE_PROTOCOL_TCP, "0.0.0.0", 80 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeEndpoint) ep = se_endpoint_parse (cases[i].text, &error);

      g_test_message ("parsing “%s”", cases[i].text);
      g_assert_no_error (error);
      g_assert_nonnull (ep);
      g_assert_cmpint (se_endpoint_get_protocol (ep), ==, cases[i].protocol);
      g_assert_cmpstr (se_endpoint_get_host (ep), ==, cases[i].host);
      g_assert_cmpuint (se_endpoint_get_port (ep), ==, cases[i].port);
      g_assert_null (se_endpoint_get_path (ep));
      g_assert_false (se_endpoint_is_unix (ep));
      g_assert_cmpint (se_endpoint_is_stream (ep), ==, cases[i].protocol == SE_PROTOCOL_TCP);
    }
}

static void
test_parse_unix (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeEndpoint) stream = NULL;
  g_autoptr(SeEndpoint) dgram = NULL;
  g_autoptr(SeEndpoint) relative = NULL;
  g_autoptr(SeEndpoint) longest = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  stream = se_endpoint_parse ("unix:///tmp/se.sock", &error);
  g_assert_no_error (error);
  g_assert_cmpint (se_endpoint_get_protocol (stream), ==, SE_PROTOCOL_UNIX);
  g_assert_cmpstr (se_endpoint_get_path (stream), ==, "/tmp/se.sock");
  g_assert_null (se_endpoint_get_host (stream));
  g_assert_cmpuint (se_endpoint_get_port (stream), ==, 0);
  g_assert_true (se_endpoint_is_unix (stream));
  g_assert_true (se_endpoint_is_stream (stream));

  dgram = se_endpoint_parse ("UNIX-DGRAM:///run/user/1000/x", &error);
  g_assert_no_error (error);
  g_assert_cmpint (se_endpoint_get_protocol (dgram), ==, SE_PROTOCOL_UNIX_DGRAM);
  g_assert_cmpstr (se_endpoint_get_path (dgram), ==, "/run/user/1000/x");
  g_assert_true (se_endpoint_is_unix (dgram));
  g_assert_false (se_endpoint_is_stream (dgram));

  relative = se_endpoint_parse ("unix://sock/here", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (se_endpoint_get_path (relative), ==, "sock/here");

  /* Exactly SE_UNIX_PATH_MAX bytes is still fine. */
  path = g_strnfill (SE_UNIX_PATH_MAX, 'a');
  path[0] = '/';
  text = g_strconcat ("unix://", path, NULL);
  longest = se_endpoint_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (se_endpoint_get_path (longest)), ==, SE_UNIX_PATH_MAX);
}

/* Each bad input must fail with SE_ERROR_INVALID_ENDPOINT, quote the
 * input, and say what is wrong (the "mentions" fragment). */
static void
test_parse_errors (void)
{
  static const struct
  {
    const char *text;
    const char *mentions;
  } cases[] = {
    { "ftp://127.0.0.1:21", "ftp" },
    { "http://x:1", "unix-dgram" },
    { "://127.0.0.1:1", "scheme" },
    { "127.0.0.1:7000", "://" },
    { "tcp:/127.0.0.1:7000", "://" },
    { "tcp://127.0.0.1", "port is missing" },
    { "tcp://127.0.0.1:", "port is missing" },
    { "tcp://[::1]", "port is missing" },
    { "tcp://127.0.0.1:http", "not a number" },
    { "tcp://127.0.0.1:-1", "not a number" },
    { "tcp://127.0.0.1:+5", "not a number" },
    { "tcp://127.0.0.1:80/index", "not a number" },
    { "tcp://127.0.0.1:65536", "65535" },
    { "udp://127.0.0.1:99999999999999999999", "out of range" },
    { "tcp://[::1:7000", "never closed" },
    { "tcp://::1]:7000", "“]”" },
    { "tcp://[::1]7000", "after “]”" },
    { "tcp://::1:7000", "brackets" },
    { "tcp://:7000", "host is empty" },
    { "tcp://[]:7000", "host is empty" },
    { "tcp://a b:7000", "space" },
    { "tcp://x[y:7000", "brackets" },
    { "unix://", "path is empty" },
    { "unix-dgram://", "path is empty" },
    { "", "empty" },
    { "   ", "empty" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeEndpoint) ep = se_endpoint_parse (cases[i].text, &error);
      g_autofree char *stripped = g_strstrip (g_strdup (cases[i].text));

      g_test_message ("parsing “%s”: %s", cases[i].text, error ? error->message : "(no error)");
      g_assert_null (ep);
      g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT);
      g_assert_nonnull (strstr (error->message, cases[i].mentions));
      if (*stripped != '\0')
        {
          g_autofree char *quoted = g_strdup_printf ("“%s”", stripped);
          g_assert_nonnull (strstr (error->message, quoted));
        }
    }
}

static void
test_parse_unknown_scheme_lists_known (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeEndpoint) ep = se_endpoint_parse ("sctp://127.0.0.1:9", &error);

  g_assert_null (ep);
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT);
  g_assert_nonnull (strstr (error->message, "“sctp”"));
  g_assert_nonnull (strstr (error->message, "tcp"));
  g_assert_nonnull (strstr (error->message, "udp"));
  g_assert_nonnull (strstr (error->message, "unix"));
  g_assert_nonnull (strstr (error->message, "unix-dgram"));
}

static void
test_parse_unix_path_too_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strnfill (SE_UNIX_PATH_MAX + 1, 'p');
  g_autofree char *text = g_strconcat ("unix-dgram://", path, NULL);
  g_autoptr(SeEndpoint) ep = se_endpoint_parse (text, &error);
  g_autofree char *max = g_strdup_printf ("%d", SE_UNIX_PATH_MAX);
  g_autofree char *got = g_strdup_printf ("%d", SE_UNIX_PATH_MAX + 1);

  g_assert_null (ep);
  g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT);
  g_assert_nonnull (strstr (error->message, max));
  g_assert_nonnull (strstr (error->message, got));
}

/* Random input never crashes the parser; whatever it accepts prints
 * back to text that parses to an equal endpoint. */
static void
test_parse_random_input (void)
{
  static const char * const prefixes[] = { "tcp://", "udp://", "unix://", "unix-dgram://", "TCP://", "", "tcp:/" };
  static const char alphabet[] = "[]:0123456789abc./ -%@\t";
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  for (int round = 0; round < 3000; round++)
    {
      GString *input = g_string_new (prefixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (prefixes))]);
      gsize len = g_rand_int_range (rand, 0, 24);
      g_autoptr(GError) error = NULL;
      g_autoptr(SeEndpoint) ep = NULL;

      for (gsize i = 0; i < len; i++)
        g_string_append_c (input, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);

      ep = se_endpoint_parse (input->str, &error);
      g_assert_true ((ep == NULL) != (error == NULL));
      if (ep != NULL)
        {
          g_autofree char *text = se_endpoint_to_string (ep);
          g_autoptr(GError) error2 = NULL;
          g_autoptr(SeEndpoint) again = se_endpoint_parse (text, &error2);

          g_assert_no_error (error2);
          g_assert_true (se_endpoint_equal (ep, again));
        }
      else
        g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT);

      g_string_free (input, TRUE);
    }

  g_rand_free (rand);
}

static void
test_round_trip (void)
{
  static const struct
  {
    const char *text;
    const char *canonical;
  } cases[] = {
    { "tcp://127.0.0.1:7000", "tcp://127.0.0.1:7000" },
    { "udp://localhost:0", "udp://localhost:0" },
    { "tcp://[::1]:7000", "tcp://[::1]:7000" },
    { "udp://[2001:db8::42]:53", "udp://[2001:db8::42]:53" },
    { "unix:///tmp/a.sock", "unix:///tmp/a.sock" },
    { "unix-dgram:///tmp/b.sock", "unix-dgram:///tmp/b.sock" },
    { " TCP://Example.org:00443 ", "tcp://Example.org:443" },
    { "UNIX://rel", "unix://rel" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeEndpoint) ep = se_endpoint_parse (cases[i].text, &error);
      g_autoptr(SeEndpoint) again = NULL;
      g_autofree char *str = NULL;
      g_autofree char *str2 = NULL;

      g_assert_no_error (error);
      str = se_endpoint_to_string (ep);
      g_assert_cmpstr (str, ==, cases[i].canonical);

      again = se_endpoint_parse (str, &error);
      g_assert_no_error (error);
      g_assert_true (se_endpoint_equal (ep, again));
      str2 = se_endpoint_to_string (again);
      g_assert_cmpstr (str2, ==, str);
    }
}

static void
test_constructors (void)
{
  g_autoptr(SeEndpoint) v6 = se_endpoint_new_inet (SE_PROTOCOL_TCP, "::1", 7000);
  g_autoptr(SeEndpoint) v6b = se_endpoint_new_inet (SE_PROTOCOL_TCP, "[::1]", 7000);
  g_autoptr(SeEndpoint) v4 = se_endpoint_new_inet (SE_PROTOCOL_UDP, "127.0.0.1", 0);
  g_autoptr(SeEndpoint) v4_port = NULL;
  g_autoptr(SeEndpoint) un = se_endpoint_new_unix (SE_PROTOCOL_UNIX, "/tmp/x");
  g_autoptr(SeEndpoint) un2 = se_endpoint_new_unix (SE_PROTOCOL_UNIX_DGRAM, "/tmp/x");
  g_autofree char *s6 = se_endpoint_to_string (v6);
  g_autofree char *s4 = NULL;
  SeEndpoint *ref;

  g_assert_cmpstr (s6, ==, "tcp://[::1]:7000");
  g_assert_cmpstr (se_endpoint_get_host (v6b), ==, "::1");
  g_assert_true (se_endpoint_equal (v6, v6b));
  g_assert_false (se_endpoint_equal (v6, v4));
  g_assert_false (se_endpoint_equal (un, un2));
  g_assert_false (se_endpoint_equal (v6, NULL));
  g_assert_true (se_endpoint_equal (NULL, NULL));

  v4_port = se_endpoint_with_port (v4, 43210);
  g_assert_cmpuint (se_endpoint_get_port (v4_port), ==, 43210);
  g_assert_cmpuint (se_endpoint_get_port (v4), ==, 0);
  g_assert_cmpint (se_endpoint_get_protocol (v4_port), ==, SE_PROTOCOL_UDP);
  g_assert_cmpstr (se_endpoint_get_host (v4_port), ==, "127.0.0.1");
  g_assert_false (se_endpoint_equal (v4, v4_port));
  s4 = se_endpoint_to_string (v4_port);
  g_assert_cmpstr (s4, ==, "udp://127.0.0.1:43210");

  ref = se_endpoint_ref (un);
  g_assert_true (ref == un);
  se_endpoint_unref (ref);
  g_assert_cmpstr (se_endpoint_get_path (un), ==, "/tmp/x");
}

static void
test_boxed (void)
{
  g_autoptr(SeEndpoint) ep = se_endpoint_new_inet (SE_PROTOCOL_TCP, "127.0.0.1", 1);
  SeEndpoint *copy;
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_true (G_TYPE_IS_BOXED (SE_TYPE_ENDPOINT));
  copy = g_boxed_copy (SE_TYPE_ENDPOINT, ep);
  g_assert_true (copy == ep);   /* reference counted, not copied */
  g_boxed_free (SE_TYPE_ENDPOINT, copy);

  g_value_init (&value, SE_TYPE_ENDPOINT);
  g_value_set_boxed (&value, ep);
  g_assert_true (g_value_get_boxed (&value) == ep);
}

static void
test_protocol_strings (void)
{
  static const struct
  {
    SeProtocol  protocol;
    const char *name;
    gboolean    stream;
  } cases[] = {
    { SE_PROTOCOL_TCP, "tcp", TRUE },
    { SE_PROTOCOL_UDP, "udp", FALSE },
    { SE_PROTOCOL_UNIX, "unix", TRUE },
    { SE_PROTOCOL_UNIX_DGRAM, "unix-dgram", FALSE },
  };
  SeProtocol protocol;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *upper = g_ascii_strup (cases[i].name, -1);

      g_assert_cmpstr (se_protocol_to_string (cases[i].protocol), ==, cases[i].name);
      protocol = (SeProtocol) -1;
      g_assert_true (se_protocol_from_string (cases[i].name, &protocol));
      g_assert_cmpint (protocol, ==, cases[i].protocol);
      protocol = (SeProtocol) -1;
      g_assert_true (se_protocol_from_string (upper, &protocol));
      g_assert_cmpint (protocol, ==, cases[i].protocol);
      g_assert_cmpint (se_protocol_is_stream (cases[i].protocol), ==, cases[i].stream);
    }

  g_assert_false (se_protocol_from_string ("sctp", &protocol));
  g_assert_false (se_protocol_from_string ("", &protocol));
  g_assert_false (se_protocol_from_string ("unix-", &protocol));
  g_assert_false (se_protocol_from_string (NULL, &protocol));
}

static void
test_format_sockaddr_structs (void)
{
  struct sockaddr_in sin = { 0 };
  struct sockaddr_in6 sin6 = { 0 };
  struct sockaddr_un sun_named = { 0 };
  struct sockaddr_un sun_abstract = { 0 };
  sa_family_t family_only = AF_UNIX;
  guint8 unaligned[1 + sizeof (struct sockaddr_in)];
  g_autofree char *s4 = NULL;
  g_autofree char *s6 = NULL;
  g_autofree char *s6_any = NULL;
  g_autofree char *sn = NULL;
  g_autofree char *sa = NULL;
  g_autofree char *su = NULL;
  g_autofree char *su2 = NULL;
  g_autofree char *sunaligned = NULL;
  socklen_t named_len;

  sin.sin_family = AF_INET;
  sin.sin_port = htons (7000);
  g_assert_cmpint (inet_pton (AF_INET, "127.0.0.1", &sin.sin_addr), ==, 1);
  s4 = se_format_sockaddr (&sin, sizeof sin);
  g_assert_cmpstr (s4, ==, "127.0.0.1:7000");

  /* The same bytes at an odd address. */
  memcpy (unaligned + 1, &sin, sizeof sin);
  sunaligned = se_format_sockaddr (unaligned + 1, sizeof sin);
  g_assert_cmpstr (sunaligned, ==, "127.0.0.1:7000");

  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons (7000);
  sin6.sin6_addr = in6addr_loopback;
  s6 = se_format_sockaddr (&sin6, sizeof sin6);
  g_assert_cmpstr (s6, ==, "[::1]:7000");

  sin6.sin6_addr = in6addr_any;
  sin6.sin6_port = htons (65535);
  s6_any = se_format_sockaddr (&sin6, sizeof sin6);
  g_assert_cmpstr (s6_any, ==, "[::]:65535");

  sun_named.sun_family = AF_UNIX;
  strcpy (sun_named.sun_path, "/tmp/x.sock");
  named_len = offsetof (struct sockaddr_un, sun_path) + strlen ("/tmp/x.sock") + 1;
  sn = se_format_sockaddr (&sun_named, named_len);
  g_assert_cmpstr (sn, ==, "/tmp/x.sock");
  g_clear_pointer (&sn, g_free);
  /* Without the trailing NUL in the length, as some kernels report it. */
  sn = se_format_sockaddr (&sun_named, named_len - 1);
  g_assert_cmpstr (sn, ==, "/tmp/x.sock");

  sun_abstract.sun_family = AF_UNIX;
  memcpy (sun_abstract.sun_path, "\0demo\n", 6);
  sa = se_format_sockaddr (&sun_abstract, offsetof (struct sockaddr_un, sun_path) + 6);
  g_assert_cmpstr (sa, ==, "@demo\\x0a");

  su = se_format_sockaddr (&family_only, sizeof family_only);
  g_assert_cmpstr (su, ==, "(unnamed)");
  su2 = se_format_sockaddr (NULL, 0);
  g_assert_cmpstr (su2, ==, "(unnamed)");
}

/* Addresses the kernel filled in: real sockets, loopback only, port 0. */
static void
test_format_sockaddr_real (void)
{
  struct sockaddr_storage ss;
  socklen_t len;
  int fd;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  struct sockaddr_in sin = { 0 };
  struct sockaddr_un addr_un = { 0 };

  /* IPv4 TCP bound to 127.0.0.1:0 */
  fd = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (fd, >=, 0);
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &sin, sizeof sin), ==, 0);
  len = sizeof ss;
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &ss, &len), ==, 0);
  text = se_format_sockaddr (&ss, len);
  expected = g_strdup_printf ("127.0.0.1:%u", (guint) ntohs (((struct sockaddr_in *) &ss)->sin_port));
  g_assert_cmpstr (text, ==, expected);
  g_assert_false (g_str_has_suffix (text, ":0"));
  close (fd);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);

  /* IPv6 UDP bound to [::1]:0, if this machine has IPv6 loopback. */
  fd = socket (AF_INET6, SOCK_DGRAM, 0);
  if (fd >= 0)
    {
      struct sockaddr_in6 sin6 = { 0 };

      sin6.sin6_family = AF_INET6;
      sin6.sin6_addr = in6addr_loopback;
      if (bind (fd, (struct sockaddr *) &sin6, sizeof sin6) == 0)
        {
          len = sizeof ss;
          g_assert_cmpint (getsockname (fd, (struct sockaddr *) &ss, &len), ==, 0);
          text = se_format_sockaddr (&ss, len);
          expected = g_strdup_printf ("[::1]:%u", (guint) ntohs (((struct sockaddr_in6 *) &ss)->sin6_port));
          g_assert_cmpstr (text, ==, expected);
          g_clear_pointer (&text, g_free);
          g_clear_pointer (&expected, g_free);
        }
      else
        g_test_message ("no IPv6 loopback; skipping the [::1] part");
      close (fd);
    }

  /* Unix stream socket: unbound, then bound to a path in a temp dir. */
  fd = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (fd, >=, 0);
  len = sizeof ss;
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &ss, &len), ==, 0);
  text = se_format_sockaddr (&ss, len);
  g_assert_cmpstr (text, ==, "(unnamed)");
  g_clear_pointer (&text, g_free);

  dir = se_test_make_temp_dir ();
  path = g_build_filename (dir, "s.sock", NULL);
  g_assert_cmpuint (strlen (path), <, sizeof addr_un.sun_path);
  addr_un.sun_family = AF_UNIX;
  strcpy (addr_un.sun_path, path);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr_un, sizeof addr_un), ==, 0);
  len = sizeof ss;
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &ss, &len), ==, 0);
  text = se_format_sockaddr (&ss, len);
  g_assert_cmpstr (text, ==, path);
  g_clear_pointer (&text, g_free);
  close (fd);

  /* Autobind: binding only the family gets an abstract "@xxxxx" name. */
  fd = socket (AF_UNIX, SOCK_DGRAM, 0);
  g_assert_cmpint (fd, >=, 0);
  memset (&addr_un, 0, sizeof addr_un);
  addr_un.sun_family = AF_UNIX;
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr_un, sizeof (sa_family_t)), ==, 0);
  len = sizeof ss;
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &ss, &len), ==, 0);
  text = se_format_sockaddr (&ss, len);
  g_assert_true (g_regex_match_simple ("^@[0-9a-f]{5}$", text, 0, 0));
  close (fd);

  se_test_remove_dir (dir);
}

static void
test_missing_scheme_hint (void)
{
  const struct { const char *input; const char *hint; } cases[] = {
    { "127.0.0.1:7000", "tcp://127.0.0.1:7000" },
    { "localhost:7000", "udp://localhost:7000" },
    { "/tmp/demo.sock", "unix:///tmp/demo.sock" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (cases[i].input, &error);

      g_assert_null (endpoint);
      g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT);
      g_assert_nonnull (strstr (error->message, cases[i].hint));
    }
}

static void
test_to_address (void)
{
  const struct { const char *text; const char *address; } cases[] = {
    { "tcp://127.0.0.1:7000", "127.0.0.1:7000" },
    { "udp://[::1]:0", "[::1]:0" },
    { "unix:///tmp/demo.sock", "/tmp/demo.sock" },
    { "unix-dgram:///tmp/d.sock", "/tmp/d.sock" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SeEndpoint) endpoint = se_endpoint_parse (cases[i].text, NULL);
      g_autofree char *address = se_endpoint_to_address (endpoint);
      g_autofree char *text = se_endpoint_to_string (endpoint);

      g_assert_cmpstr (address, ==, cases[i].address);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/endpoint/parse/inet", test_parse_inet);
  g_test_add_func ("/endpoint/parse/unix", test_parse_unix);
  g_test_add_func ("/endpoint/parse/errors", test_parse_errors);
  g_test_add_func ("/endpoint/parse/unknown-scheme", test_parse_unknown_scheme_lists_known);
  g_test_add_func ("/endpoint/parse/unix-path-too-long", test_parse_unix_path_too_long);
  g_test_add_func ("/endpoint/parse/random-input", test_parse_random_input);
  g_test_add_func ("/endpoint/round-trip", test_round_trip);
  g_test_add_func ("/endpoint/constructors", test_constructors);
  g_test_add_func ("/endpoint/boxed", test_boxed);
  g_test_add_func ("/endpoint/protocol-strings", test_protocol_strings);
  g_test_add_func ("/endpoint/sockaddr/structs", test_format_sockaddr_structs);
  g_test_add_func ("/endpoint/sockaddr/real", test_format_sockaddr_real);

  g_test_add_func ("/endpoint/missing-scheme-hint", test_missing_scheme_hint);
  g_test_add_func ("/endpoint/to-address", test_to_address);
  return g_test_run ();
}
