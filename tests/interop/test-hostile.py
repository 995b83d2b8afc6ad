# test-hostile.py: socket-explorer-cli listen against hostile peers: more
# clients than descriptors, slowloris, peers that never read, resets in
# the middle of a transfer, too many connections, idle and half-closed
# peers, a datagram flood. After each, the listener must still serve a
# fresh client, and its descriptors and memory must come back.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Memory is VmRSS from /proc/PID/status, descriptors are the entries of
# /proc/PID/fd. Both are taken as a baseline after one warm-up client, so
# that what GLib and the engine set up once (thread pools, the reactor's
# buffer) does not count as growth. The measured values are printed, so
# that the test log shows how far from its bounds a run was.

import json
import os
import resource
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import (WAIT, CliProcess, _LineReader, cli_path,  # noqa: E402
                     recv_exactly)

HOST = '127.0.0.1'
MiB = 1024 * 1024

# Descriptors must come back to the baseline within this many (an fd a
# client leaked would show as hundreds here, not one or two) ...
FD_SLACK = 2
# ... within this many seconds of the last peer being gone.
FD_WAIT = 10.0
# Ordinary growth of the listener's RSS over a scenario: the log's events
# for a few thousand connections are well under 4 MiB; the rest is room
# for malloc's arenas and a loaded machine.
RSS_SLACK = 16 * MiB


def _raise_own_nofile(wanted):
    """Lets this process (and the listeners it starts, which inherit the
    limit) hold `wanted` descriptors; returns the soft limit obtained."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= wanted:
        return soft
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    except (ValueError, OSError):
        return soft
    return target


def need_fds(case, n):
    """Skips the test if this process cannot hold n descriptors."""
    if _raise_own_nofile(n) < n:
        case.skipTest('cannot open %d descriptors here' % n)


def tcp_wmem_max():
    """The most a TCP socket's send buffer grows to (tcp_wmem's third
    value); 4 MiB, Linux's default, if it cannot be read."""
    try:
        with open('/proc/sys/net/ipv4/tcp_wmem') as f:
            return int(f.read().split()[2])
    except (OSError, ValueError, IndexError):
        return 4 * MiB


def proc_fds(pid):
    return len(os.listdir('/proc/%d/fd' % pid))


def proc_rss(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) * 1024
    raise AssertionError('no VmRSS for %d' % pid)


def open_files_limit(pid):
    """(soft, hard) "Max open files" of a process."""
    with open('/proc/%d/limits' % pid) as f:
        for line in f:
            if line.startswith('Max open files'):
                soft, hard = line.split()[3:5]
                return int(soft), int(hard)
    raise AssertionError('no open-files limit for %d' % pid)


def proc_cpu(pid):
    """Seconds of CPU (user + system) a process has used."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def kind_of(line):
    """The event kind of a printed line, text ("12:46:36.123456 receive
    tcp #3 ...") or JSON; None for a line that is not an event."""
    if line.startswith('{'):
        try:
            return json.loads(line).get('kind')
        except ValueError:
            return None
    fields = line.split(None, 2)
    return fields[1] if len(fields) > 1 else None


def mib(n):
    return '%.1f MiB' % (n / MiB)


def note(text):
    """A measured value, for the test log."""
    print('  [measured] ' + text, flush=True)


class Server(CliProcess):
    """`socket-explorer-cli listen` in the background, optionally under
    an open-files limit; its stdout is read continuously by a thread (a
    full pipe would stall the listener's main loop)."""

    def __init__(self, *args, nofile=None):
        def limit():
            if nofile is not None:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        self.args = [cli_path(), 'listen'] + [str(a) for a in args]
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE,
                                     preexec_fn=limit)
        self.out = _LineReader(self.proc.stdout)
        self.err = _LineReader(self.proc.stderr)
        self.out.start()
        self.err.start()
        self.consumed = 0
        self.pid = self.proc.pid
        try:
            self.port = self.bound_port()
        except BaseException:
            self.kill()
            raise
        self.json = '--json' in args

    def lines(self):
        with self.out.lock:
            return list(self.out.all[1:])

    def events(self):
        """The JSON events printed so far (--json); lines that are not
        events (a note that some were not printed) are left out."""
        events = []
        for line in self.lines():
            if line.startswith('{'):
                event = json.loads(line)
                if 'kind' in event:
                    events.append(event)
        return events

    def alive(self):
        return self.proc.poll() is None

    def fds(self):
        return proc_fds(self.pid)

    def rss(self):
        return proc_rss(self.pid)

    def wait_lines(self, predicate, timeout=WAIT):
        """Waits until some printed line satisfies predicate; returns it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines():
                if predicate(line):
                    return line
            if not self.alive():
                break
            time.sleep(0.05)
        return None

    def wait_fds(self, target, timeout=FD_WAIT):
        """Waits until the descriptor count is within FD_SLACK of target;
        returns the last count seen."""
        deadline = time.monotonic() + timeout
        while True:
            n = self.fds()
            if abs(n - target) <= FD_SLACK or time.monotonic() >= deadline:
                return n
            time.sleep(0.05)


def tcp_connect(port, timeout=WAIT, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    if rcvbuf is not None:
        # Before connect(), so that the window offered is small from the
        # start.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    try:
        s.connect((HOST, port))
    except BaseException:
        s.close()
        raise
    return s


def reset_close(s):
    """close() with SO_LINGER 0: the peer gets RST, not FIN."""
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
    s.close()


def echo_round_trip(port, data, timeout=WAIT):
    """Connects, sends data, reads it back; returns the seconds the round
    trip took (connect included)."""
    start = time.monotonic()
    s = tcp_connect(port, timeout)
    try:
        s.sendall(data)
        got = recv_exactly(s, len(data))
    finally:
        s.close()
    if got != data:
        raise AssertionError('echo: sent %r, got %r' % (data, got))
    return time.monotonic() - start


def closed_by_peer(s, timeout):
    """True if the server closed s (EOF or RST) within timeout; data that
    comes first is skipped."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        s.settimeout(left)
        try:
            if s.recv(4096) == b'':
                return True
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True


class HostileCase(unittest.TestCase):
    """Starts a listener, warms it up with one fresh client and takes the
    baseline of its descriptors and RSS."""

    counter = 0

    def start(self, *args, nofile=None, warm=True):
        server = Server(*args, nofile=nofile)
        self.addCleanup(server.kill)
        self.server = server
        if warm:
            self.assert_served()
        time.sleep(0.1)
        self.fd0 = server.fds()
        self.rss0 = server.rss()
        note('%s: baseline %d fds, RSS %s' % (self.id().rsplit('.', 1)[-1], self.fd0, mib(self.rss0)))
        return server

    def token(self):
        HostileCase.counter += 1
        return b'fresh-%d-%d' % (os.getpid(), HostileCase.counter)

    def assert_served(self, timeout=WAIT):
        """A fresh TCP client is served: its echo comes back (responders),
        or it is accepted and its bytes show up as a receive event."""
        server = self.server
        self.assertTrue(server.alive(), 'the listener died: %s' % server.stderr())
        data = self.token()
        if '--respond' in server.args:
            return echo_round_trip(server.port, data, timeout)
        start = time.monotonic()
        s = tcp_connect(server.port, timeout)
        try:
            s.sendall(data)
            if server.json:
                want = '"data":"%s"' % data.hex()
            else:
                want = '"%s"' % data.decode('ascii')
            line = server.wait_lines(lambda l: want in l and kind_of(l) == 'receive', timeout)
            self.assertIsNotNone(line, 'the fresh client was not heard; stderr: %s'
                                 % server.stderr())
        finally:
            s.close()
        return time.monotonic() - start

    def assert_fds_back(self):
        n = self.server.wait_fds(self.fd0)
        note('%s: %d fds after the peers left (baseline %d)'
             % (self.id().rsplit('.', 1)[-1], n, self.fd0))
        self.assertLessEqual(abs(n - self.fd0), FD_SLACK,
                             'descriptors did not come back: %d, baseline %d' % (n, self.fd0))

    def assert_rss_within(self, bound, what):
        rss = self.server.rss()
        note('%s: RSS %s (%s over the baseline; bound %s) %s'
             % (self.id().rsplit('.', 1)[-1], mib(rss), mib(rss - self.rss0), mib(bound), what))
        self.assertLess(rss - self.rss0, bound,
                        'RSS grew by %s %s' % (mib(rss - self.rss0), what))
        return rss


class ManyShortClients(HostileCase):

    CLIENTS = 1100
    AT_ONCE = 4

    def test_more_clients_than_descriptors(self):
        """Scenario 1: 1,100 tutorial-style clients (connect, send, close)
        against a listener without a responder under a 1,024 open-files
        limit: with close-on-eof none of them is left half-closed."""
        server = self.start('tcp://%s:0' % HOST, nofile=1024)
        self.assertEqual(open_files_limit(server.pid), (1024, 1024))
        for first in range(0, self.CLIENTS, self.AT_ONCE):
            batch = [tcp_connect(server.port) for _ in range(min(self.AT_ONCE, self.CLIENTS - first))]
            for s in batch:
                s.sendall(b'hello from a tutorial client\n')
            for s in batch:
                s.close()
        self.assertTrue(server.alive(), server.stderr())
        self.assert_fds_back()
        self.assert_served()
        self.assert_rss_within(RSS_SLACK, 'after 1,100 clients')
        lines = server.lines()
        self.assertNotIn('Too many open files', '\n'.join(lines))
        # The warm-up, the 1,100 and the fresh client, each heard.
        self.assertEqual(sum(kind_of(l) == 'receive' for l in lines), self.CLIENTS + 2)

    def test_more_clients_at_once_than_descriptors(self):
        """1,100 clients that hold their connections open at once under a
        1,024 open-files limit: accept() fails with EMFILE, the listener
        logs it and retries without spinning, and takes the peers waiting
        in the backlog once descriptors are free again."""
        need_fds(self, self.CLIENTS + 200)
        server = self.start('tcp://%s:0' % HOST, nofile=1024)
        held = []
        try:
            # ~1,017 get a descriptor; the rest wait in the backlog (128).
            for i in range(self.CLIENTS):
                s = tcp_connect(server.port)
                held.append(s)
                s.sendall(b'held %d\n' % i)
            self.assertIsNotNone(server.wait_lines(lambda l: kind_of(l) == 'error' and 'EMFILE' in l),
                                 'no EMFILE error was logged')
            cpu0 = proc_cpu(server.pid)
            time.sleep(2.0)
            cpu = proc_cpu(server.pid) - cpu0
            note('emfile: %.2f s of CPU in 2 s out of descriptors; %d fds'
                 % (cpu, server.fds()))
            self.assertLess(cpu, 0.5, 'the listener spins while out of descriptors')
            self.assertTrue(server.alive(), server.stderr())
        finally:
            for s in held:
                s.close()
        self.assert_fds_back()
        self.assert_served()
        accepted = [l for l in server.lines() if kind_of(l) == 'accept']
        self.assertEqual(len(accepted), self.CLIENTS + 2)
        self.assert_rss_within(RSS_SLACK, 'after 1,100 clients at once')



class Slowloris(HostileCase):

    CLIENTS = 1000
    ROUNDS = 3
    FRESH_BOUND = 1.0  # seconds: a fresh client's echo, connect included

    def test_slow_clients(self):
        """Scenario 2: 1,000 connections that each send one byte a second
        do not keep a fresh client from its echo."""
        need_fds(self, self.CLIENTS + 200)
        server = self.start('tcp://%s:0' % HOST, '--respond', 'echo')
        slow = []
        try:
            for _ in range(self.CLIENTS):
                slow.append(tcp_connect(server.port))
            worst = 0.0
            for _ in range(self.ROUNDS):
                second = time.monotonic() + 1.0
                for s in slow:
                    s.sendall(b'x')
                worst = max(worst, self.assert_served())
                time.sleep(max(0.0, second - time.monotonic()))
            note('slowloris: slowest fresh echo %.3f s (bound %.1f s)' % (worst, self.FRESH_BOUND))
            self.assertLess(worst, self.FRESH_BOUND)
            # The slow ones were served too, and none was dropped.
            for s in slow:
                self.assertEqual(recv_exactly(s, self.ROUNDS), b'x' * self.ROUNDS)
            self.assert_rss_within(RSS_SLACK, 'with 1,000 slow connections open')
        finally:
            for s in slow:
                s.close()
        self.assert_fds_back()
        self.assert_served()
        self.assert_rss_within(RSS_SLACK, 'after the slow connections closed')


class NeverRead(HostileCase):
    """Peers that send and never read what the echo sends back.

    2 MiB a peer is not enough on Linux loopback: the listener's socket
    send buffer grows to tcp_wmem's maximum (4 MiB by default) at once,
    and the peer's receive buffer and the listener's receive buffer take
    the rest, so the engine never queues a byte. Each peer here sends
    that maximum + 2 MiB (6 MiB) with a 16 KiB receive buffer: the
    kernel holds the maximum of each echo, and the engine's queue gets
    the next MiB or so (it stops reading a connection at 1 MiB queued) -
    about 42 MiB over 40 peers. The cap is 16 MiB, so that it is what
    stops them, and so that the RSS bound (cap + 16 MiB) fails if it
    did not: without it the per-connection pauses alone would let the
    queues hold those 42 MiB."""

    CAP = 16 * MiB
    PEERS = 40

    def setUp(self):
        wmem = tcp_wmem_max()
        if wmem > 8 * MiB:
            self.skipTest('tcp_wmem allows %s a socket: too much to fill here' % mib(wmem))
        self.EACH = wmem + 2 * MiB
    # Kernel buffers are not RSS; the queue is, up to the cap, plus at
    # most one read (64 KiB) a connection past it (2.5 MiB here). The log
    # (1 MiB capture budget, ~6,000 records) and malloc's slack take the
    # rest: measured cap + 4.8 MiB.
    GROWTH_BOUND = CAP + 16 * MiB
    # A second wave may not need more than this above the first one's
    # peak (measured 0.2 to 2.1 MiB): what the first queued was freed and
    # is reused. A leak of the queues would be the whole cap, 16 MiB.
    REUSE_SLACK = 8 * MiB

    def stuck_peers(self, count, each, tag):
        """Opens count peers with a 16 KiB receive buffer that send each
        bytes (as far as the listener takes them within WAIT) and never
        read; returns them."""
        peers = []
        payload = b'n' * each
        try:
            for _ in range(count):
                peers.append(tcp_connect(self.server.port, rcvbuf=16 * 1024))
            for s in peers:
                s.setblocking(False)
            sent = [0] * count
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline and min(sent) < each:
                progress = False
                for i, s in enumerate(peers):
                    if sent[i] < each:
                        try:
                            sent[i] += s.send(payload[sent[i]:sent[i] + 256 * 1024])
                            progress = True
                        except BlockingIOError:
                            pass
                if not progress:
                    time.sleep(0.02)
            note('never-read %s: peers sent %s of %s' % (tag, mib(sum(sent)), mib(count * each)))
        except BaseException:
            for s in peers:
                s.close()
            raise
        return peers

    def stuck_wave(self, tag):
        """PEERS stuck peers; returns (the peers, the peak RSS seen over
        half a second once the limit was logged, the limit's line)."""
        server = self.server
        peers = self.stuck_peers(self.PEERS, self.EACH, tag)
        line = server.wait_lines(lambda l: kind_of(l) == 'error' and 'the limit is %d' % self.CAP in l)
        peak = 0
        for _ in range(10):
            peak = max(peak, server.rss())
            time.sleep(0.05)
        return peers, peak, line

    def limit_events(self):
        """connection number -> how many "limit" error lines it has."""
        counts = {}
        for line in self.server.lines():
            if kind_of(line) == 'error' and 'the limit is %d' % self.CAP in line:
                conn = line.split()[3]
                counts[conn] = counts.get(conn, 0) + 1
        return counts

    def test_peers_that_never_read(self):
        """Scenario 3: the total send-queue cap bounds the listener's
        memory, is logged, and does not stop a fresh client's echo."""
        # A 1 MiB capture budget: the log would otherwise keep 64 MiB of
        # these payloads, which is the log's bound, not the queue's.
        server = self.start('tcp://%s:0' % HOST, '--respond', 'echo',
                            '--send-queue-limit', self.CAP, '--capture-budget', MiB)
        peers, peak1, line = self.stuck_wave('wave 1')
        try:
            self.assertIsNotNone(line, 'no error event about the send-queue limit')
            self.assertRegex(line, r'Reading paused')
            rtt = self.assert_served(timeout=5)
            note('never-read: fresh echo %.3f s while the peers are stuck' % rtt)
            self.assertLess(rtt, 2.0)
            self.assert_rss_within(self.GROWTH_BOUND, 'with the peers stuck')
            counts = self.limit_events()
            note('never-read: %d connections logged the limit, at most %d times each'
                 % (len(counts), max(counts.values())))
            self.assertEqual(max(counts.values()), 1, counts)
        finally:
            for s in peers:
                s.close()
        self.assert_fds_back()
        self.assert_served()
        after1 = self.assert_rss_within(self.GROWTH_BOUND, 'after the peers closed')
        note('never-read: %s of the peak growth %s stays mapped after the peers closed'
             % (mib(after1 - self.rss0), mib(peak1 - self.rss0)))

        peers, peak2, line = self.stuck_wave('wave 2')
        try:
            self.assertIsNotNone(line, 'no error event about the send-queue limit (wave 2)')
            self.assert_served(timeout=5)
        finally:
            for s in peers:
                s.close()
        note('never-read: peak RSS wave 1 %s, wave 2 %s' % (mib(peak1), mib(peak2)))
        self.assertLess(peak2 - peak1, self.REUSE_SLACK,
                        'the second wave needed new memory: the first one\'s was not freed')
        self.assert_fds_back()
        self.assert_served()
        self.assert_rss_within(self.GROWTH_BOUND, 'after two waves')

    def test_interrupted_while_peers_are_stuck(self):
        """SIGINT while the peers are stuck: the listener does not wait
        for their queues, it exits at once with status 0."""
        server = self.start('tcp://%s:0' % HOST, '--respond', 'echo',
                            '--send-queue-limit', self.CAP, '--capture-budget', MiB)
        peers, _, line = self.stuck_wave('before SIGINT')
        try:
            self.assertIsNotNone(line, 'no error event about the send-queue limit')
            start = time.monotonic()
            rc, _ = server.stop(signal.SIGINT)
            took = time.monotonic() - start
        finally:
            for s in peers:
                s.close()
        note('never-read: SIGINT to exit %.2f s' % took)
        self.assertEqual(rc, 0, server.stderr())
        self.assertLess(took, 3.0)
        self.assertEqual(server.stderr(), '')

    def test_idle_timeout_releases_stuck_peers(self):
        """Peers that send, shut down writing and never read: the echo
        waits on them, so the listener stops reading before their FIN
        and, by design, keeps them as long as they stay (a blocking
        sendall() in the seeds' servers would too). --idle-timeout is
        the remedy: they are closed, their queues dropped, after the
        timeout and the close's 5 s drain."""
        server = self.start('tcp://%s:0' % HOST, '--respond', 'echo', '--idle-timeout', 1,
                            '--capture-budget', MiB)
        peers = self.stuck_peers(10, self.EACH, 'half-closed')
        try:
            for s in peers:
                s.shutdown(socket.SHUT_WR)
            start = time.monotonic()
            # 1 s idle (checked about once a second) + 5 s drain + room.
            n = server.wait_fds(self.fd0, timeout=12.0)
            took = time.monotonic() - start
            note('never-read: half-closed stuck peers released after %.1f s, %d fds (baseline %d)'
                 % (took, n, self.fd0))
            self.assertLessEqual(abs(n - self.fd0), FD_SLACK, 'the stuck peers were not released')
        finally:
            for s in peers:
                s.close()
        self.assert_served()
        # One "closed: ... idle timeout" error a connection. (Engine bug
        # at the time of writing: the idle sweep, every second, logs it
        # again for a connection whose close is still draining, so each
        # stuck peer gets it about six times over the 5 s drain.)
        counts = {}
        for line in server.lines():
            if kind_of(line) == 'error' and 'idle timeout' in line:
                conn = line.split()[3]
                counts[conn] = counts.get(conn, 0) + 1
        note('never-read: idle-timeout errors per stuck connection: %s'
             % sorted(set(counts.values())))
        self.assertEqual(len(counts), 10, counts)
        self.assertEqual(set(counts.values()), {1},
                         'the idle timeout was logged more than once a connection: %s' % counts)


class ResetsMidSend(HostileCase):

    CLIENTS = 50
    AT_ONCE = 10
    EACH = 1 * MiB

    def test_resets_while_the_echo_flows(self):
        """Scenario 4: clients send 1 MiB and reset the connection while
        the echo comes back; the listener logs the errors and goes on."""
        server = self.start('tcp://%s:0' % HOST, '--respond', 'echo', '--capture-budget', MiB)
        payload = b'r' * self.EACH
        for _ in range(self.CLIENTS // self.AT_ONCE):
            batch = []
            try:
                for _ in range(self.AT_ONCE):
                    batch.append(tcp_connect(server.port, rcvbuf=16 * 1024))
                for s in batch:
                    s.sendall(payload)
                for s in batch:
                    # The echo is on its way back.
                    self.assertTrue(s.recv(65536))
            finally:
                for s in batch:
                    reset_close(s)
        self.assert_fds_back()
        self.assertTrue(server.alive(), server.stderr())
        errors = [l for l in server.lines() if kind_of(l) == 'error']
        resets = [l for l in errors if 'ECONNRESET' in l or 'EPIPE' in l]
        note('resets: %d error lines, %d of them ECONNRESET/EPIPE, for %d resets'
             % (len(errors), len(resets), self.CLIENTS))
        self.assertTrue(resets, errors[:5])
        self.assert_served()
        self.assert_rss_within(RSS_SLACK, 'after the resets')


class MaxConnections(HostileCase):

    LIMIT = 5
    PEERS = 8

    def test_peers_past_the_maximum(self):
        """Scenario 5: peers past --max-connections are accepted, logged
        and closed; once the others leave, new peers are taken again."""
        server = self.start('tcp://%s:0' % HOST, '--json', '--max-connections', self.LIMIT,
                            warm=False)
        peers = []
        try:
            for i in range(self.PEERS):
                s = tcp_connect(server.port)
                peers.append(s)
                port = s.getsockname()[1]
                # In order: the first LIMIT are accepted, the rest refused.
                kind = 'accept' if i < self.LIMIT else 'error'
                self.assertIsNotNone(server.wait_lines(
                    lambda l: '"kind":"%s"' % kind in l and '"remote":"%s:%d"' % (HOST, port) in l),
                    'no %s event for peer %d' % (kind, i + 1))
            for i, s in enumerate(peers[self.LIMIT:]):
                self.assertTrue(closed_by_peer(s, 3.0), 'peer %d was not closed' % (self.LIMIT + i + 1))
            for s in peers[:self.LIMIT]:
                self.assertFalse(closed_by_peer(s, 0.2), 'a peer within the limit was closed')
            refused = [e for e in server.events()
                       if e['kind'] == 'error' and 'maximum' in e.get('detail', '')]
            self.assertEqual(len(refused), self.PEERS - self.LIMIT, refused)
        finally:
            for s in peers:
                s.close()
        self.assert_fds_back()
        s = tcp_connect(server.port)
        try:
            self.assertFalse(closed_by_peer(s, 0.5), 'a peer under the limit again was closed')
            s.sendall(b'again')
            self.assertIsNotNone(server.wait_lines(
                lambda l: '"kind":"receive"' in l and '"data":"%s"' % b'again'.hex() in l))
        finally:
            s.close()
        refused = [e for e in server.events() if e['kind'] == 'error' and 'maximum' in e.get('detail', '')]
        self.assertEqual(len(refused), self.PEERS - self.LIMIT)


class IdleTimeout(HostileCase):

    def test_idle_peer_closed_busy_peer_kept(self):
        """Scenario 6: --idle-timeout 1 closes a silent peer within 3 s
        and keeps one that sends every 200 ms."""
        server = self.start('tcp://%s:0' % HOST, '--json', '--idle-timeout', 1)
        idle = tcp_connect(server.port)
        busy = tcp_connect(server.port)
        try:
            start = time.monotonic()
            closed_at = None
            while time.monotonic() - start < 3.0:
                busy.sendall(b'.')
                if closed_at is None and closed_by_peer(idle, 0.2):
                    closed_at = time.monotonic() - start
                elif closed_at is not None:
                    time.sleep(0.2)
            note('idle-timeout: the silent peer was closed after %s s'
                 % ('%.2f' % closed_at if closed_at is not None else 'never'))
            self.assertIsNotNone(closed_at, 'the silent peer was not closed within 3 s')
            self.assertGreater(closed_at, 0.5, 'closed long before its second of silence')
            self.assertFalse(closed_by_peer(busy, 0.1), 'the busy peer was closed')
            busy.sendall(b'still here')
            self.assertIsNotNone(server.wait_lines(
                lambda l: '"kind":"receive"' in l and b'still here'.hex() in l))
        finally:
            idle.close()
            busy.close()
        self.assert_fds_back()
        self.assert_served()


class CloseOnEof(HostileCase):

    def test_half_close_without_responder(self):
        """Scenario 7: without a responder, a peer's FIN still ends the
        connection, and the log tells receive, shutdown and close."""
        server = self.start('tcp://%s:0' % HOST, '--json')
        s = tcp_connect(server.port)
        try:
            remote = '%s:%d' % s.getsockname()
            s.sendall(b'last words')
            s.shutdown(socket.SHUT_WR)
            self.assertTrue(closed_by_peer(s, 3.0), 'the listener did not close after the FIN')
        finally:
            s.close()
        self.assertIsNotNone(server.wait_lines(
            lambda l: '"kind":"close"' in l and '"remote":"%s"' % remote in l))
        mine = [e for e in server.events() if e.get('remote') == remote]
        kinds = [e['kind'] for e in mine]
        for kind in ('accept', 'receive', 'shutdown', 'close'):
            self.assertIn(kind, kinds)
        self.assertLess(kinds.index('receive'), kinds.index('shutdown'))
        self.assertLess(kinds.index('shutdown'), kinds.index('close'))
        self.assertEqual(len({e['conn'] for e in mine}), 1, mine)
        self.assertEqual(bytes.fromhex(''.join(e.get('data', '') for e in mine if e['kind'] == 'receive')),
                         b'last words')
        self.assert_fds_back()


def udp_drops(port):
    """The datagrams the kernel dropped on the socket bound to
    127.0.0.1:port (its receive buffer was full), from /proc/net/udp."""
    local = '0100007F:%04X' % port
    with open('/proc/net/udp') as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if fields[1] == local:
                return int(fields[-1])
    return -1


def udp_echo(port, data, tries=5, timeout=1.0):
    """Sends data from a fresh UDP socket until its echo comes (a
    datagram may be lost); returns the number of tries it took."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(timeout)
    try:
        for attempt in range(1, tries + 1):
            s.sendto(data, (HOST, port))
            try:
                while True:
                    got, _ = s.recvfrom(65536)
                    if got == data:
                        return attempt
            except socket.timeout:
                continue
    finally:
        s.close()
    raise AssertionError('no echo of %r in %d tries' % (data, tries))


class UdpFlood(HostileCase):

    DATAGRAMS = 200000
    SIZE = 64
    # The log keeps every event (64-byte payloads are far from the 64 MiB
    # capture budget): a receive and a send per datagram at most, each a
    # 56-byte record and its own copy of the payload in the log's arena,
    # so 200,000 x 2 x 120 B = 45.8 MiB; plus the usual slack.
    RECORD = 56
    GROWTH_BOUND = DATAGRAMS * 2 * (RECORD + SIZE) + RSS_SLACK

    def test_flood(self):
        """Scenario 8: 200,000 datagrams as fast as one socket can send;
        afterwards a fresh client still gets its echo."""
        server = self.start('udp://%s:0' % HOST, '--respond', 'echo', '--quiet', warm=False)
        self.assertEqual(udp_echo(server.port, b'warm-up'), 1)
        time.sleep(0.1)
        self.fd0, self.rss0 = server.fds(), server.rss()
        flood = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        flood.bind((HOST, 0))
        stop = threading.Event()
        echoed = [0]

        def drain():
            flood.settimeout(0.2)
            while not stop.is_set():
                try:
                    flood.recv(65536)
                    echoed[0] += 1
                except socket.timeout:
                    pass
                except OSError:
                    return

        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
        try:
            payload = b'f' * self.SIZE
            target = (HOST, server.port)
            start = time.monotonic()
            sent = 0
            deadline = start + 30
            while sent < self.DATAGRAMS and time.monotonic() < deadline:
                try:
                    flood.sendto(payload, target)
                    sent += 1
                except (BlockingIOError, OSError):
                    time.sleep(0.001)
            took = time.monotonic() - start
            self.assertEqual(sent, self.DATAGRAMS)
            tries = udp_echo(server.port, self.token())
            time.sleep(0.5)
        finally:
            stop.set()
            reader.join(WAIT)
            flood.close()
        note('udp flood: %d datagrams in %.2f s, %d dropped by the listener\'s socket, '
             '%d echoes drained, fresh echo after %d tries'
             % (sent, took, udp_drops(server.port), echoed[0], tries))
        self.assertTrue(server.alive(), server.stderr())
        self.assert_rss_within(self.GROWTH_BOUND, 'after the flood')
        self.assertLessEqual(abs(server.fds() - self.fd0), FD_SLACK)
        self.assertEqual(udp_echo(server.port, self.token()), 1)


if __name__ == '__main__':
    _raise_own_nofile(4096)
    unittest.main(verbosity=2)
