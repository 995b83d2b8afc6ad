#!/bin/sh
# bench-echo.sh: echo throughput of socket-explorer-cli against a minimal
# blocking C echo server, on loopback
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: tests/bench/bench-echo.sh [PATH/TO/socket-explorer-cli]
#   (default build/src/cli/socket-explorer-cli)
# SE_BENCH_BYTES sets how much goes through each server (default 1 GiB,
# e.g. SE_BENCH_BYTES=67108864 for a quick run).
#
# One client (echo-ref client: a writer thread and a reader thread) pushes
# the bytes through `socket-explorer-cli listen tcp://127.0.0.1:0 --respond
# echo --quiet`, then through `echo-ref server`, and the line printed is
#   socket-explorer: 812.3 MB/s  reference blocking C echo: 1650.2 MB/s  ratio 0.49
# (1 MB = 10^6 bytes). Not a test: nothing here passes or fails on speed.

set -eu

CLI=${1:-build/src/cli/socket-explorer-cli}
BYTES=${SE_BENCH_BYTES:-1073741824}
HERE=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}

if [ ! -x "$CLI" ]; then
  echo "bench-echo.sh: no socket-explorer-cli at $CLI (build first, or pass its path)" >&2
  exit 2
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/se-bench.XXXXXX")
SERVER_PID=

cleanup () {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$CC" -O2 -Wall -pthread -o "$TMP/echo-ref" "$HERE/echo-ref.c"

# Starts a server in the background whose first line is "… tcp://127.0.0.1:PORT",
# and sets PORT (waits at most 10 s).
start_server () {
  "$@" > "$TMP/server.out" &
  SERVER_PID=$!
  tries=0
  PORT=
  while [ -z "$PORT" ]; do
    PORT=$(sed -n '1s/^.*tcp:\/\/127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$TMP/server.out")
    if [ -z "$PORT" ]; then
      tries=$((tries + 1))
      if [ "$tries" -gt 100 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "bench-echo.sh: the server did not start: $*" >&2
        exit 1
      fi
      sleep 0.1
    fi
  done
}

# SIGTERM: a background job of a script ignores SIGINT unless it handles it.
stop_server () {
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# Prints the MB/s of one run of the client against PORT.
measure () {
  if ! result=$("$TMP/echo-ref" client "$PORT" "$BYTES"); then
    echo "bench-echo.sh: the echo of $BYTES bytes failed against $1" >&2
    exit 1
  fi
  echo "$result" | awk '{ print $3 }'
}

start_server "$CLI" listen tcp://127.0.0.1:0 --respond echo --quiet
SE_RATE=$(measure socket-explorer-cli)
stop_server

start_server "$TMP/echo-ref" server
REF_RATE=$(measure echo-ref)
stop_server

awk -v se="$SE_RATE" -v ref="$REF_RATE" 'BEGIN {
  printf "socket-explorer: %.1f MB/s  reference blocking C echo: %.1f MB/s  ratio %.2f\n",
         se, ref, (ref > 0 ? se / ref : 0)
}'
