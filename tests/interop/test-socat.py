# test-socat.py: socket-explorer-cli against socat, as its client and as its
# server, over TCP, UDP and Unix stream sockets
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import (SKIP, TIMESTAMP_RE, WAIT, CliProcess, _LineReader,  # noqa: E402
                     events_of, joined_data, run_cli)

HOST = '127.0.0.1'


def socat_client(*address, data, timeout=2):
    """socat - ADDRESS: sends data (then EOF) and returns what came back."""
    return subprocess.run(['socat', '-t', str(timeout), '-'] + list(address),
                          input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=30)


class SocatServer:
    """socat ADDRESS EXEC:cat in the background: an echo server."""

    def __init__(self, address):
        self.proc = subprocess.Popen(['socat', '-d', '-d', address, 'EXEC:cat'],
                                     stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        self.err = _LineReader(self.proc.stderr)
        self.err.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(WAIT)
        self.proc.stderr.close()
        return False

    def wait_for(self, pattern, timeout=WAIT):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                line = self.err.lines.get(timeout=max(left, 0.01))
            except queue.Empty:
                line = None
            if line is not None:
                m = re.search(pattern, line)
                if m:
                    return m
            elif left <= 0 or self.proc.poll() is not None:
                raise AssertionError('socat did not say %r' % pattern)

    def port(self):
        return int(self.wait_for(r'listening on .*AF=2 127\.0\.0\.1:(\d+)').group(1))


class SocatAsClient(unittest.TestCase):
    """socat - TCP:… / UDP:… / UNIX-CONNECT:… against socket-explorer-cli listen."""

    def test_tcp_echo(self):
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--respond', 'echo', '--json') as cli:
            port = cli.bound_port()
            data = b'hello socat\n\x00\xff binary too\n'
            r = socat_client('TCP:%s:%d' % (HOST, port), data=data)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, data)
            events = cli.events_until(lambda e: e['kind'] == 'close')
            rc, rest = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())
        self.assertEqual(joined_data(events_of(events, 'receive')), data)
        self.assertEqual(joined_data(events_of(events, 'send')), data)

    def test_udp_upper(self):
        with CliProcess('listen', 'udp://%s:0' % HOST, '--respond', 'upper') as cli:
            port = cli.bound_port()
            r = socat_client('UDP:%s:%d' % (HOST, port), data=b'hello udp', timeout=1)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'HELLO UDP')
            rc, rest = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())

    def test_unix_timestamp(self):
        with tempfile.TemporaryDirectory(prefix='se-socat-') as tmp:
            path = os.path.join(tmp, 'ts.sock')
            with CliProcess('listen', 'unix://' + path, '--respond', 'timestamp') as cli:
                cli.bound_endpoint()
                r = socat_client('UNIX-CONNECT:' + path, data=b'hello', timeout=1)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertRegex(r.stdout.decode('utf-8'), TIMESTAMP_RE % 'hello')
                rc, rest = cli.stop()
                self.assertEqual(rc, 0, cli.stderr())
                self.assertFalse(os.path.exists(path))


class SocatAsServer(unittest.TestCase):
    """socket-explorer-cli send against socat … EXEC:cat."""

    def test_tcp(self):
        with SocatServer('TCP-LISTEN:0,bind=%s,reuseaddr' % HOST) as server:
            port = server.port()
            r = run_cli('send', 'tcp://%s:%d' % (HOST, port), 'hello\\r\\nworld', '--eol', 'crlf',
                        '--wait', '500')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'hello\r\nworld\r\n')

    def test_tcp_hex(self):
        with SocatServer('TCP-LISTEN:0,bind=%s,reuseaddr' % HOST) as server:
            port = server.port()
            r = run_cli('send', 'tcp://%s:%d' % (HOST, port), '00 01 fe ff', '--hex',
                        '--wait', '500')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'\x00\x01\xfe\xff')

    def test_udp(self):
        with SocatServer('UDP-LISTEN:0,bind=%s' % HOST) as server:
            port = server.port()
            r = run_cli('send', 'udp://%s:%d' % (HOST, port), 'hello', '--wait', '500')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'hello')

    def test_unix(self):
        with tempfile.TemporaryDirectory(prefix='se-socat-') as tmp:
            path = os.path.join(tmp, 'cat.sock')
            with SocatServer('UNIX-LISTEN:' + path) as server:
                server.wait_for(r'listening on')
                r = run_cli('send', 'unix://' + path, 'hello unix', '--wait', '500')
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout, b'hello unix')


if __name__ == '__main__':
    if shutil.which('socat') is None:
        print('socat is not installed; skipping')
        sys.exit(SKIP)
    unittest.main(verbosity=2)
