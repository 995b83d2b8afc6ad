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
from cliutil import WAIT, cli_path, run_cli  # noqa: E402

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
