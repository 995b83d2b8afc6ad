# cliutil.py: helpers for the interop tests of socket-explorer-cli
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Standard library only. Every wait is bounded, every subprocess is killed
# in the end, and every socket is on loopback or in a temporary directory.

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time

SKIP = 77  # meson: the test was skipped

# What the seeds' ctime servers send back: "[Thu Dec 19 12:46:36 2013] hello"
TIMESTAMP_RE = r'^\[\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\] %s$'

WAIT = 10.0  # seconds: the bound of every wait


def cli_path():
    path = os.environ.get('SE_CLI')
    if not path or not os.path.exists(path):
        print('SE_CLI is not set to the built socket-explorer-cli; skipping')
        sys.exit(SKIP)
    return path


def run_cli(*args, timeout=30, input=None):
    """Runs the CLI to the end; returns the CompletedProcess (bytes)."""
    return subprocess.run([cli_path()] + [str(a) for a in args],
                          stdin=subprocess.DEVNULL if input is None else None,
                          input=input,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout)


def free_port(kind=socket.SOCK_STREAM, family=socket.AF_INET, host='127.0.0.1'):
    """A port that was free a moment ago (for peers that cannot bind port 0)."""
    with socket.socket(family, kind) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def have_ipv6_loopback():
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(('::1', 0))
        return True
    except OSError:
        return False


class _LineReader(threading.Thread):
    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream = stream
        self.lines = queue.Queue()
        self.all = []
        self.lock = threading.Lock()

    def run(self):
        for raw in iter(self.stream.readline, b''):
            line = raw.decode('utf-8', 'replace').rstrip('\n')
            with self.lock:
                self.all.append(line)
            self.lines.put(line)
        self.lines.put(None)


class CliProcess:
    """socket-explorer-cli running in the background (listen)."""

    def __init__(self, *args):
        self.args = [cli_path()] + [str(a) for a in args]
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.out = _LineReader(self.proc.stdout)
        self.err = _LineReader(self.proc.stderr)
        self.out.start()
        self.err.start()
        self.consumed = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        return False

    def next_line(self, timeout=WAIT):
        try:
            line = self.out.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError('no line from %s within %.0f s; stderr: %s'
                                 % (self.args, timeout, self.stderr()))
        if line is None:
            raise AssertionError('%s ended (exit %s); stderr: %s'
                                 % (self.args, self.proc.poll(), self.stderr()))
        return line

    def first_line(self, timeout=WAIT):
        return self.next_line(timeout)

    def bound_endpoint(self, timeout=WAIT):
        """Reads the first line ("listening on ENDPOINT" or JSON) and
        returns the endpoint."""
        line = self.first_line(timeout)
        if line.startswith('{'):
            return json.loads(line)['listening']
        m = re.search(r'(\S+://\S+)$', line)
        if not m:
            raise AssertionError('unexpected first line %r' % line)
        return m.group(1)

    def bound_port(self, timeout=WAIT):
        endpoint = self.bound_endpoint(timeout)
        return int(endpoint.rsplit(':', 1)[1])

    def next_event(self, timeout=WAIT):
        return json.loads(self.next_line(timeout))

    def events_until(self, predicate, timeout=WAIT):
        """Reads JSON events until predicate(event) holds; returns them all."""
        deadline = time.monotonic() + timeout
        events = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError('the awaited event did not come; got %r' % events)
            ev = self.next_event(left)
            events.append(ev)
            if predicate(ev):
                return events

    def stop(self, sig=signal.SIGINT, timeout=WAIT):
        """Signals the CLI and waits for it; returns (exit code, the lines
        printed after the ones already read)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=timeout)
        self.out.join(timeout)
        rest = []
        while True:
            try:
                line = self.out.lines.get_nowait()
            except queue.Empty:
                break
            if line is None:
                break
            rest.append(line)
        return rc, rest

    def stderr(self):
        with self.err.lock:
            return '\n'.join(self.err.all)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            try:
                self.proc.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                pass
        for stream in (self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass


class ServerThread(threading.Thread):
    """Runs one seed-style server function in a thread; exceptions are
    kept and raised again by finish()."""

    def __init__(self, func, *args):
        super().__init__(daemon=True)
        self.func = func
        self.args = args
        self.error = None
        self.result = None

    def run(self):
        try:
            self.result = self.func(*self.args)
        except BaseException as e:  # noqa: B902 - reported by finish()
            self.error = e

    def finish(self, timeout=WAIT):
        self.join(timeout)
        if self.is_alive():
            raise AssertionError('the Python server did not finish in time')
        if self.error is not None:
            raise self.error
        return self.result


def recv_exactly(sock, n):
    data = b''
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def events_of(events, kind, conn=None):
    return [e for e in events
            if e.get('kind') == kind and (conn is None or e.get('conn') == conn)]


def joined_data(events):
    return bytes.fromhex(''.join(e.get('data', '') for e in events))
