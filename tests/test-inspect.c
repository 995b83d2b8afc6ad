/* test-inspect.c: addresses and ports as the socket calls see them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

#include "se-error.h"
#include "se-inspect.h"

static void
assert_hex (const guint8 *bytes,
            gsize         n,
            const char   *expected)
{
  g_autofree char *hex = se_inspect_hex (bytes, n);

  g_assert_cmpstr (hex, ==, expected);
}

static void
test_ipv4_with_port (void)
{
  g_auto(SeInspection) inspection = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  struct sockaddr_in sin;

  g_assert_true (se_inspection_parse (&inspection, " 192.168.1.10:8080 ", &error));
  g_assert_no_error (error);
  g_assert_cmpint (inspection.kind, ==, SE_INSPECT_IPV4);
  g_assert_cmpstr (inspection.address, ==, "192.168.1.10");
  g_assert_cmpuint (inspection.n_bytes, ==, 4);
  assert_hex (inspection.bytes, 4, "c0 a8 01 0a");
  g_assert_true (inspection.has_port);
  g_assert_cmpuint (inspection.port, ==, 8080);

  /* The sockaddr is the C library's own, field by field */
  g_assert_cmpuint (inspection.sockaddr_len, ==, sizeof (struct sockaddr_in));
  memcpy (&sin, inspection.sockaddr, sizeof sin);
  g_assert_cmpint (sin.sin_family, ==, AF_INET);
  g_assert_cmpuint (ntohs (sin.sin_port), ==, 8080);
  g_assert_cmpuint (ntohl (sin.sin_addr.s_addr), ==, 0xc0a8010a);
  g_assert_cmpuint (inspection.n_fields, ==, 4);
  g_assert_cmpstr (inspection.fields[1].name, ==, "sin_port");
  g_assert_cmpuint (inspection.fields[1].offset, ==, 2);
  assert_hex (inspection.sockaddr + inspection.fields[1].offset, 2, "1f 90");
  assert_hex (inspection.sockaddr + inspection.fields[2].offset, 4, "c0 a8 01 0a");

  text = se_inspection_format (&inspection);
  g_assert_nonnull (strstr (text, "c0 a8 01 0a"));
  g_assert_nonnull (strstr (text, "3232235786 (0xc0a8010a)"));
  g_assert_nonnull (strstr (text, "htons(8080) in memory: 1f 90"));
  g_assert_nonnull (strstr (text, "02 00 1f 90 c0 a8 01 0a 00 00 00 00 00 00 00 00"));
  g_assert_nonnull (strstr (text, "# b'\\xc0\\xa8\\x01\\n'"));
  g_assert_nonnull (strstr (text, "s.bind(('192.168.1.10', 8080))"));
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    {
      g_assert_nonnull (strstr (text, "would mean port 36895"));
      g_assert_nonnull (strstr (text, "socket.htons(8080)   # 36895"));
    }
}

static void
test_port (void)
{
  g_auto(SeInspection) inspection = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (se_inspection_parse (&inspection, "80", &error));
  g_assert_no_error (error);
  g_assert_cmpint (inspection.kind, ==, SE_INSPECT_PORT);
  g_assert_cmpuint (inspection.port, ==, 80);
  g_assert_cmpuint (inspection.sockaddr_len, ==, 0);

  text = se_inspection_format (&inspection);
  g_assert_nonnull (strstr (text, "Port 80 (0x0050)"));
  g_assert_nonnull (strstr (text, "htons(80) in memory: 00 50"));
  g_assert_null (strstr (text, "sockaddr"));
}

static void
test_ipv6 (void)
{
  g_auto(SeInspection) inspection = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  struct sockaddr_in6 sin6;

  g_assert_true (se_inspection_parse (&inspection, "[2001:DB8::1]:443", &error));
  g_assert_no_error (error);
  g_assert_cmpint (inspection.kind, ==, SE_INSPECT_IPV6);
  g_assert_cmpstr (inspection.address, ==, "2001:db8::1");
  assert_hex (inspection.bytes, 16, "20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01");
  g_assert_cmpuint (inspection.sockaddr_len, ==, sizeof (struct sockaddr_in6));
  memcpy (&sin6, inspection.sockaddr, sizeof sin6);
  g_assert_cmpint (sin6.sin6_family, ==, AF_INET6);
  g_assert_cmpuint (ntohs (sin6.sin6_port), ==, 443);
  g_assert_cmpmem (&sin6.sin6_addr, 16, inspection.bytes, 16);
  g_assert_cmpuint (inspection.n_fields, ==, 5);
  g_assert_cmpstr (inspection.fields[3].name, ==, "sin6_addr");
  g_assert_cmpuint (inspection.fields[3].offset, ==, 8);

  text = se_inspection_format (&inspection);
  g_assert_nonnull (strstr (text, "IPv6 address 2001:db8::1"));
  g_assert_nonnull (strstr (text, "# b' \\x01\\r\\xb8"));
  g_assert_nonnull (strstr (text, "s.bind(('2001:db8::1', 443, 0, 0))"));

  /* Without brackets and port */
  se_inspection_clear (&inspection);
  g_assert_true (se_inspection_parse (&inspection, "::1", &error));
  g_assert_no_error (error);
  g_assert_false (inspection.has_port);
  assert_hex (inspection.bytes + 12, 4, "00 00 00 01");
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "", "   ", "256.1.1.1", "70000", "65536", "abc", "1.2.3", "[::1", "[::1]x",
    "[::1]:99999", "127.0.0.1:", "127.0.0.1:x", "::g", "[1.2.3.4]:80", "localhost:80",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(SeInspection) inspection = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_false (se_inspection_parse (&inspection, bad[i], &error));
      g_assert_error (error, SE_ERROR, SE_ERROR_INVALID_ENDPOINT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/inspect/ipv4-with-port", test_ipv4_with_port);
  g_test_add_func ("/inspect/port", test_port);
  g_test_add_func ("/inspect/ipv6", test_ipv6);
  g_test_add_func ("/inspect/invalid", test_invalid);

  return g_test_run ();
}
