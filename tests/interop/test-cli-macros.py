# test-cli-macros.py: send --macros against a plain Python server
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import select
import socket
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, run_cli  # noqa: E402


class Collect(threading.Thread):
    """A TCP server on 127.0.0.1 that keeps every byte of every connection."""

    def __init__(self):
        super().__init__(daemon=True)
        self.server = socket.socket()
        self.server.bind(('127.0.0.1', 0))
        self.server.listen(5)
        self.server.settimeout(WAIT)
        self.port = self.server.getsockname()[1]
        self.data = b''
        self.connections = 0

    def run(self):
        try:
            conn, _ = self.server.accept()
        except OSError:  # the timeout, or the test closed the server
            return
        self.connections += 1
        with conn:
            conn.settimeout(WAIT)
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                self.data += chunk


class Macros(unittest.TestCase):
    def test_counter_and_len(self):
        server = Collect()
        server.start()
        out = run_cli('send', f'tcp://127.0.0.1:{server.port}', '{{len}}|n={{counter}}',
                      '--macros', '--repeat', 3, '--wait', 200)
        self.assertEqual(out.returncode, 0, out.stderr)
        server.join(WAIT)
        self.assertEqual(server.data, b'4|n=14|n=24|n=3')

    def test_counter_with_an_interval_and_an_encoding(self):
        # On a timer (the core's sender, as the window's auto-send): each
        # send its own expansion, {{len}} counting the GB18030 bytes
        server = Collect()
        server.start()
        out = run_cli('send', f'tcp://127.0.0.1:{server.port}', '{{len}}\u00e9{{counter}};',
                      '--macros', '--encoding', 'gb18030', '--repeat', 3, '--interval', 20, '--wait', 200)
        self.assertEqual(out.returncode, 0, out.stderr)
        server.join(WAIT)
        self.assertEqual(server.data, b''.join(b'4\xa8\xa6%d;' % n for n in (1, 2, 3)))

    def test_without_the_option_nothing_is_expanded(self):
        server = Collect()
        server.start()
        out = run_cli('send', f'tcp://127.0.0.1:{server.port}', '{{counter}}', '--wait', 100)
        self.assertEqual(out.returncode, 0, out.stderr)
        server.join(WAIT)
        self.assertEqual(server.data, b'{{counter}}')

    def test_unknown_macro_sends_nothing(self):
        with socket.socket() as server:
            server.bind(('127.0.0.1', 0))
            server.listen(5)
            port = server.getsockname()[1]
            out = run_cli('send', f'tcp://127.0.0.1:{port}', 'a {{count}}', '--macros')
            self.assertEqual(out.returncode, 2)
            self.assertIn('{{count}}', out.stderr.decode())
            # No connection is waiting to be accepted: nothing was opened.
            readable, _, _ = select.select([server], [], [], 0.2)
            self.assertEqual(readable, [])

if __name__ == '__main__':
    unittest.main()
