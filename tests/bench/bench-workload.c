/* bench-workload.c: the events bench-log and bench-pcapng fill a log with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-workload.h"

BenchConnection bench_connections[BENCH_N_CONNECTIONS];

void
bench_connections_make (const char *unix_remote)
{
  for (guint i = 0; i < BENCH_N_CONNECTIONS; i++)
    {
      BenchConnection *c = &bench_connections[i];

      switch (i % 10)
        {
        case 0:
          c->protocol = SE_PROTOCOL_TCP;
          c->local = g_strdup ("[::1]:8443");
          c->remote = g_strdup_printf ("[::1]:%u", 40000 + i);
          break;
        case 1:
          c->protocol = SE_PROTOCOL_UDP;
          c->local = g_strdup ("127.0.0.1:9999");
          c->remote = g_strdup_printf ("127.0.0.1:%u", 50000 + i);
          break;
        case 2:
          c->protocol = SE_PROTOCOL_UNIX;
          c->local = g_strdup ("/run/user/1000/socket-explorer/echo.sock");
          c->remote = g_strdup (unix_remote);
          break;
        default:
          c->protocol = SE_PROTOCOL_TCP;
          c->local = g_strdup_printf ("127.0.0.1:%u", 7000 + i % 3);
          c->remote = g_strdup_printf ("127.0.0.1:%u", 40000 + i);
          break;
        }
    }
}

void
bench_connections_free (void)
{
  for (guint i = 0; i < BENCH_N_CONNECTIONS; i++)
    {
      g_clear_pointer (&bench_connections[i].local, g_free);
      g_clear_pointer (&bench_connections[i].remote, g_free);
    }
}

void
bench_fill_payload (guint8 *payload,
                    guint   i)
{
  static const char template[BENCH_PAYLOAD_SIZE + 1] =
    "GET /item/00000000 HTTP/1.1\r\nHost: 127.0.0.1:7000\r\nX-Seq: 123\r\n\n";
  static const char digits[] = "0123456789abcdef";

  G_STATIC_ASSERT (sizeof template == BENCH_PAYLOAD_SIZE + 1);

  memcpy (payload, template, BENCH_PAYLOAD_SIZE);
  for (guint d = 0; d < 8; d++)
    payload[10 + 7 - d] = (guint8) digits[(i >> (4 * d)) & 0xf];
}
