# test-cli-output.py: `socket-explorer-cli listen` keeps serving when
# nobody reads its output (a stalled pipe, a closed pipe), says how many
# events it could not print, and exits in bounded time
#
# SPDX-License-Identifier: GPL-3.0-or-later

import fcntl
import json
import os
import re
import select
import signal
import socket
import subprocess
import tempfile
import threading
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, _LineReader, cli_path, recv_exactly  # noqa: E402

HOST = '127.0.0.1'
PREFIX = 'socket-explorer-cli: '
NOT_PRINTED_RE = re.compile(r'^(\d+) events? not printed: the output was not being read$')
# More bytes of log lines than the pipe (64 KiB) and the listener's buffer
# (1 MiB) hold together: text lines show a short preview of the data
# (about 550 bytes of lines per exchange), JSON lines all of it in hex.
PAYLOAD = 300
EXCHANGES = {'text': 4000, 'json': 2000}


class StalledListen:
    """`listen --respond echo` whose stdout is a pipe that this test reads
    only when it chooses to; stderr is read all the time."""

    def __init__(self, *extra):
        self.args = [cli_path(), 'listen', 'tcp://%s:0' % HOST, '--respond', 'echo'] + list(extra)
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.fd = self.proc.stdout.fileno()
        self.err = _LineReader(self.proc.stderr)
        self.err.start()
        self.data = b''

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=WAIT)
        self.proc.stdout.close()
        self.proc.stderr.close()
        return False

    def read_some(self, timeout):
        """Reads what the pipe holds, waiting at most timeout for it;
        False at the end of the output."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        chunk = os.read(self.fd, 1 << 20)
        self.data += chunk
        return chunk != b''

    def first_line(self):
        deadline = time.monotonic() + WAIT
        while b'\n' not in self.data:
            left = deadline - time.monotonic()
            self.assert_(left > 0, 'no first line')
            self.assert_(self.read_some(left), 'the output ended before the first line')
        line, self.data = self.data.split(b'\n', 1)
        return line.decode()

    def port(self):
        line = self.first_line()
        if line.startswith('{'):
            endpoint = json.loads(line)['listening']
        else:
            endpoint = re.search(r'(\S+://\S+)$', line).group(1)
        return int(endpoint.rsplit(':', 1)[1])

    def drain(self, quiet=0.3, timeout=WAIT):
        """Reads what is waiting until nothing more comes for quiet
        seconds: the listener has printed (or counted) all it had, and
        an event from now on finds its output free."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            before = len(self.data)
            if not self.read_some(quiet):
                return
            if len(self.data) == before:
                return

    def read_until(self, marker, timeout=WAIT):
        """Reads until marker (bytes) is in a complete line."""
        deadline = time.monotonic() + timeout
        while True:
            end = self.data.rfind(b'\n')
            if end >= 0 and marker in self.data[:end]:
                return
            left = deadline - time.monotonic()
            self.assert_(left > 0, '%r did not come; stderr: %s' % (marker, self.stderr()))
            self.assert_(self.read_some(left), 'the output ended; stderr: %s' % self.stderr())

    def lines(self):
        return self.data.decode('utf-8', 'replace').splitlines()

    def stderr(self):
        with self.err.lock:
            return '\n'.join(self.err.all)

    def assert_(self, condition, message):
        if not condition:
            raise AssertionError('%s (%s)' % (message, self.args))


def exchange(port, payload):
    """One short echo exchange on a fresh connection; every step bounded."""
    start = time.monotonic()
    with socket.create_connection((HOST, port), timeout=WAIT) as s:
        s.sendall(payload)
        reply = recv_exactly(s, len(payload))
    return reply, time.monotonic() - start


def payload(i):
    return (b'ping %d ' % i).ljust(PAYLOAD - 1, b'x') + b'\n'


class StalledOutput(unittest.TestCase):

    def serve_many(self, port, n):
        """n exchanges while nobody reads the output: each one must be
        answered in bounded time."""
        slowest = 0.0
        for i in range(n):
            reply, took = exchange(port, payload(i))
            self.assertEqual(reply, payload(i), 'exchange %d' % i)
            slowest = max(slowest, took)
        self.assertLess(slowest, WAIT / 2)

    def test_text(self):
        with StalledListen() as cli:
            port = cli.port()
            self.serve_many(port, EXCHANGES['text'])
            self.assertIsNone(cli.proc.poll())

            # Reading again: the buffer comes out, then the count of the
            # dropped events comes before the next event line.
            marker = b'after the stall\n'
            cli.drain()
            self.assertEqual(exchange(port, marker)[0], marker)
            cli.read_until(b'"after the stall\\n"')
            lines = cli.lines()
            notices = [i for i, line in enumerate(lines) if NOT_PRINTED_RE.match(line)]
            self.assertTrue(notices, 'no "not printed" line in %d lines; stderr: %s'
                            % (len(lines), cli.stderr()))
            counts = [int(NOT_PRINTED_RE.match(lines[i]).group(1)) for i in notices]
            self.assertGreater(min(counts), 0)
            # Event lines follow the (last) notice: printing went on.
            after = lines[notices[-1] + 1:]
            self.assertTrue(any(' receive tcp ' in line and '"after the stall\\n"' in line
                                for line in after), after[-5:])
            self.assertTrue(all(re.match(r'^\d\d:\d\d:\d\d\.\d{6} \w+ tcp ', line)
                                for line in after), after[:5])

            cli.proc.send_signal(signal.SIGINT)
            self.assertEqual(cli.proc.wait(timeout=WAIT), 0, cli.stderr())
            self.assertEqual(cli.stderr(), '')

    def test_json_counts_exactly(self):
        with StalledListen('--json') as cli:
            port = cli.port()
            self.serve_many(port, EXCHANGES['json'])

            marker = b'after the stall\n'
            cli.drain()
            self.assertEqual(exchange(port, marker)[0], marker)
            cli.read_until(marker.hex().encode())

            # Every event is either printed or counted, in order: the
            # indexes skip exactly as many as the notices say.
            expected = 0
            dropped = 0
            for line in cli.lines():
                record = json.loads(line)
                if 'not_printed' in record:
                    self.assertEqual(list(record), ['not_printed'])
                    self.assertGreater(record['not_printed'], 0)
                    expected += record['not_printed']
                    dropped += record['not_printed']
                else:
                    self.assertEqual(record['index'], expected, line[:200])
                    expected += 1
            self.assertGreater(dropped, 0)
            # The last line is an event of the exchange after the stall.
            self.assertEqual(record.get('conn'), EXCHANGES['json'] + 1, record)

            cli.proc.send_signal(signal.SIGINT)
            self.assertEqual(cli.proc.wait(timeout=WAIT), 0, cli.stderr())

    def test_exit_while_stalled(self):
        with StalledListen('--json') as cli:
            port = cli.port()
            self.serve_many(port, EXCHANGES['json'])

            # The reader never comes back: SIGTERM must still end the
            # listener after a bounded wait for the output, and stderr
            # says how many events were not printed.
            start = time.monotonic()
            cli.proc.send_signal(signal.SIGTERM)
            rc = cli.proc.wait(timeout=WAIT)
            took = time.monotonic() - start
            self.assertEqual(rc, 0, cli.stderr())
            self.assertLess(took, 2.0 + 3.0)
            cli.err.join(WAIT)
            m = re.fullmatch(PREFIX + r'(\d+) events not printed: the output was not being read',
                             cli.stderr())
            self.assertTrue(m, cli.stderr())
            lost = int(m.group(1))

            # What did come out accounts for every other event: complete
            # lines in order, notices, and then the lost ones (the last
            # line may be cut).
            while cli.read_some(WAIT):
                pass
            lines = cli.lines()
            if not cli.data.endswith(b'\n'):
                lines.pop()
            expected = 0
            for line in lines:
                record = json.loads(line)
                if 'not_printed' in record:
                    expected += record['not_printed']
                else:
                    self.assertEqual(record['index'], expected)
                    expected += 1
            # At least accept, receive, send and close of each exchange.
            self.assertGreater(lost, 0)
            self.assertGreaterEqual(expected + lost, 4 * EXCHANGES['json'])

    def test_shared_pipe_stays_blocking(self):
        # O_NONBLOCK is a flag of the open file description, which the
        # listener shares with whoever handed it stdout (a shell's
        # terminal, the other writers of a pipe): it must not change there.
        r, w = os.pipe()
        try:
            proc = subprocess.Popen([cli_path(), 'listen', 'tcp://%s:0' % HOST,
                                     '--respond', 'echo'],
                                    stdin=subprocess.DEVNULL, stdout=w,
                                    stderr=subprocess.DEVNULL)
            try:
                ready, _, _ = select.select([r], [], [], WAIT)
                self.assertTrue(ready, 'no first line')
                first = os.read(r, 200).split(b'\n')[0].decode()
                port = int(first.rsplit(':', 1)[1])
                for i in range(300):  # fills the pipe: the writes must not block
                    self.assertEqual(exchange(port, payload(i))[0], payload(i))
                self.assertEqual(fcntl.fcntl(w, fcntl.F_GETFL) & os.O_NONBLOCK, 0)
                proc.send_signal(signal.SIGINT)
                self.assertEqual(proc.wait(timeout=WAIT), 0)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait(timeout=WAIT)
        finally:
            os.close(r)
            os.close(w)

    def test_reader_closes_pipe(self):
        with StalledListen() as cli:
            port = cli.port()
            # The reader goes away (like `| head -1`): writes fail with
            # EPIPE, which must not kill the listener (no SIGPIPE).
            cli.proc.stdout.close()
            for i in range(50):
                reply, _ = exchange(port, payload(i))
                self.assertEqual(reply, payload(i))
            self.assertIsNone(cli.proc.poll(), cli.stderr())

            cli.proc.send_signal(signal.SIGINT)
            self.assertEqual(cli.proc.wait(timeout=WAIT), 0, cli.stderr())
            cli.err.join(WAIT)
            err = cli.stderr().splitlines()
            self.assertEqual(err[0], PREFIX + 'The events are no longer printed: Broken pipe', err)
            m = re.fullmatch(PREFIX + r'(\d+) events not printed: the output was closed', err[1])
            self.assertTrue(m, err)
            # At least accept, receive, send and close of each exchange.
            self.assertGreaterEqual(int(m.group(1)), 4 * 50)
            self.assertEqual(len(err), 2, err)


class FileOutputTest(unittest.TestCase):
    """Output to a regular file is always taken: big JSON lines (128 KiB
    of hex for a 64 KiB read) must all be written, none "not printed"."""

    def test_big_lines_to_a_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'log.jsonl')
            with open(path, 'wb') as out:
                proc = subprocess.Popen([cli_path(), 'listen', 'tcp://%s:0' % HOST,
                                         '--respond', 'echo', '--json'],
                                        stdin=subprocess.DEVNULL, stdout=out,
                                        stderr=subprocess.PIPE)
            try:
                deadline = time.monotonic() + WAIT
                first = b''
                while b'\n' not in first and time.monotonic() < deadline:
                    time.sleep(0.02)
                    with open(path, 'rb') as f:
                        first = f.readline()
                port = int(json.loads(first)['listening'].rsplit(':', 1)[1])
                total = 16 << 20
                block = bytes(range(256)) * 256  # 64 KiB
                with socket.create_connection((HOST, port), timeout=WAIT) as s:
                    # One thread writes as fast as it can, so that the
                    # listener reads many 64 KiB pieces per wake-up.
                    data = block * (total // len(block))
                    writer = threading.Thread(target=s.sendall, args=(data,), daemon=True)
                    writer.start()
                    got = 0
                    while got < total and time.monotonic() < deadline + WAIT:
                        chunk = s.recv(1 << 20)
                        self.assertTrue(chunk, 'echo ended early')
                        got += len(chunk)
                    writer.join(WAIT)
                    self.assertEqual(got, total)
            finally:
                proc.send_signal(signal.SIGINT)
                proc.wait(timeout=WAIT)
                proc.stderr.close()
            with open(path, 'rb') as f:
                lines = f.read().splitlines()
            events = [json.loads(line) for line in lines[1:]]
            self.assertFalse([e for e in events if 'not_printed' in e])
            # Every byte is accounted for in the printed receive and send events.
            received = sum(e['size'] for e in events if e.get('kind') == 'receive')
            echoed = sum(e['size'] for e in events if e.get('kind') == 'send')
            self.assertEqual(received, total)
            self.assertEqual(echoed, total)
            # Indexes follow each other: nothing skipped.
            indexes = [e['index'] for e in events]
            self.assertEqual(indexes, list(range(indexes[0], indexes[0] + len(indexes))))


if __name__ == '__main__':
    unittest.main(verbosity=2)
