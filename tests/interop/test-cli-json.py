# test-cli-json.py: every JSON line the CLI writes is valid, strict UTF-8
# JSON, even when names and paths hold bytes that are not UTF-8: they come
# out as U+FFFD (one JSON path, src/core/se-json.c), payload bytes exact
# in hex
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, cli_path, recv_exactly, run_cli  # noqa: E402

# A lone 0xff and a control character: not UTF-8, and not printable.
ODD = b'\xff\x01"\\'
ODD_SANITIZED = '\ufffd\x01"\\'


def strict_json(raw):
    """Parses one line of bytes as JSON; fails on bad UTF-8 too."""
    text = raw.decode('utf-8')  # strict: no replacement allowed
    assert text.endswith('\n') and '\n' not in text[:-1], raw
    return json.loads(text)


class ReadLines:
    def __init__(self, proc):
        self.proc = proc
        self.buf = b''

    def next(self, timeout=WAIT):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b'\n' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError('no line within %.0f s' % timeout)
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise AssertionError('output ended; got %r' % self.buf)
                self.buf += chunk
        line, self.buf = self.buf.split(b'\n', 1)
        return line + b'\n'


class ListenJsonTest(unittest.TestCase):
    def test_odd_unix_path(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.fsencode(d) + b'/s' + ODD
            endpoint = b'unix://' + path
            proc = subprocess.Popen([os.fsencode(cli_path()), b'listen', endpoint,
                                     b'--respond', b'echo', b'--json'],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE)
            try:
                lines = ReadLines(proc)
                first = strict_json(lines.next())
                self.assertEqual(list(first), ['listening'])
                self.assertEqual(first['listening'],
                                 'unix://' + d + '/s' + ODD_SANITIZED)

                payload = bytes(range(256))
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                    s.settimeout(WAIT)
                    s.connect(path)
                    s.sendall(payload)
                    got = b''
                    while len(got) < len(payload):
                        chunk = s.recv(65536)
                        self.assertTrue(chunk)
                        got += chunk
                    self.assertEqual(got, payload)

                received = b''
                while True:
                    event = strict_json(lines.next())
                    self.assertIn('local', event)
                    if event['local']:
                        self.assertIn(ODD_SANITIZED, event['local'])
                    if event['kind'] == 'receive':
                        received += bytes.fromhex(event['data'])
                        if len(received) >= len(payload):
                            break
                self.assertEqual(received, payload)
            finally:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=WAIT)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
                proc.stdout.close()
                proc.stderr.close()


class DataLimitTest(unittest.TestCase):
    """--data-limit: "data" holds the first N bytes of each event's payload,
    "size" stays whole and "data_complete" says when it was cut."""

    PAYLOAD = bytes((i * 7) % 256 for i in range(20000))

    def echo_through(self, *options):
        """Sends PAYLOAD through `listen --respond echo --json OPTIONS`;
        returns the receive events that cover it."""
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--respond', 'echo', '--json',
                        *options) as cli:
            port = cli.bound_port()
            with socket.create_connection(('127.0.0.1', port), timeout=WAIT) as s:
                s.sendall(self.PAYLOAD)
                self.assertEqual(recv_exactly(s, len(self.PAYLOAD)), self.PAYLOAD)
            received = []
            total = 0
            while total < len(self.PAYLOAD):
                event = cli.next_event()
                if event['kind'] == 'receive':
                    received.append(event)
                    total += event['size']
            self.assertEqual(total, len(self.PAYLOAD))
            return received

    def check_cut(self, events, limit):
        offset = 0
        for event in events:
            data = bytes.fromhex(event['data'])
            shown = event['size'] if limit == 0 else min(event['size'], limit)
            self.assertEqual(len(data), shown, event)
            self.assertEqual(data, self.PAYLOAD[offset:offset + shown])
            self.assertEqual(event['data_complete'], shown == event['size'], event)
            offset += event['size']

    def test_default_is_1024(self):
        events = self.echo_through()
        self.check_cut(events, 1024)

    def test_small_limit(self):
        self.check_cut(self.echo_through('--data-limit', '3'), 3)

    def test_zero_is_all(self):
        events = self.echo_through('--data-limit', '0')
        self.check_cut(events, 0)
        self.assertEqual(b''.join(bytes.fromhex(e['data']) for e in events), self.PAYLOAD)

    def test_bad_value(self):
        r = run_cli('listen', 'tcp://127.0.0.1:0', '--json', '--data-limit', 'lots')
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(b'--data-limit', r.stderr)
        self.assertEqual(r.stdout, b'')


class ResolveJsonTest(unittest.TestCase):
    def test_odd_name(self):
        # No resolver here knows a name with such bytes: the command fails
        # with one line on stderr and writes no half JSON on stdout.
        r = subprocess.run([os.fsencode(cli_path()), b'resolve', b'no-such' + ODD + b'.invalid',
                            b'--json'],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stdout, b'')
        self.assertEqual(r.stderr.count(b'\n'), 1, r.stderr)

    def test_name_parses_strictly(self):
        r = run_cli('resolve', 'localhost', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        result = strict_json(r.stdout)
        self.assertEqual(result['name'], 'localhost')
        self.assertTrue(result['addresses'])
        for entry in result['addresses']:
            self.assertEqual(list(entry), ['family', 'socktype', 'protocol', 'address'])

    def test_protocol(self):
        r = run_cli('resolve', '--protocol', 'tcp', '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(strict_json(r.stdout), {'protocol': 'tcp', 'number': 6})


if __name__ == '__main__':
    unittest.main(verbosity=2)
