/* bench-workload.h: the events bench-log and bench-pcapng fill a log with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "se-traffic-log.h"

G_BEGIN_DECLS

#define BENCH_PAYLOAD_SIZE  64
#define BENCH_N_CONNECTIONS 1000

typedef struct
{
  char        *local;
  char        *remote;
  SeProtocol   protocol;
} BenchConnection;

extern BenchConnection bench_connections[BENCH_N_CONNECTIONS];

/* Mostly IPv4 TCP to a few servers, some IPv6, UDP and Unix (whose
 * remote is unix_remote: "" or "(unnamed)"). */
void bench_connections_make (const char *unix_remote);
void bench_connections_free (void);
/* A line of text different for every event, made cheaply so the loop
 * measures the log and not printf: BENCH_PAYLOAD_SIZE bytes. */
void bench_fill_payload     (guint8     *payload,
                             guint       i);

G_END_DECLS
