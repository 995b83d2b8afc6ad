# test-cli-encoding.py: send and listen --encoding against plain Python peers
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, run_cli  # noqa: E402

NIHAO_GB18030 = bytes.fromhex('c4e3bac3')


class Reply(threading.Thread):
    """A TCP server on 127.0.0.1: keeps what one client sends (up to
    `expect` bytes), answers with `answer` and closes."""

    def __init__(self, expect, answer=b''):
        super().__init__(daemon=True)
        self.server = socket.socket()
        self.server.bind(('127.0.0.1', 0))
        self.server.listen(1)
        self.server.settimeout(WAIT)
        self.port = self.server.getsockname()[1]
        self.expect = expect
        self.answer = answer
        self.data = b''

    def run(self):
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(WAIT)
            while len(self.data) < self.expect:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                self.data += chunk
            conn.sendall(self.answer)
        self.server.close()


class Send(unittest.TestCase):
    def test_gb18030_bytes_and_decoded_reply(self):
        server = Reply(4, '再见'.encode('gb18030'))
        server.start()
        out = run_cli('send', f'tcp://127.0.0.1:{server.port}', '你好',
                      '--encoding', 'gb18030', '--wait', 2000)
        server.join(WAIT)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(server.data, NIHAO_GB18030)
        # The reply, printed as text, is decoded from GB18030.
        self.assertEqual(out.stdout.decode('utf-8'), '再见')

    def test_alias_and_utf16(self):
        server = Reply(4)
        server.start()
        out = run_cli('send', f'tcp://127.0.0.1:{server.port}', 'Hi',
                      '--encoding', 'UTF-16BE', '--wait', 200)
        server.join(WAIT)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(server.data, b'\0H\0i')

    def test_refused_with_hex(self):
        out = run_cli('send', 'tcp://127.0.0.1:9', '41', '--hex', '--encoding', 'gbk')
        self.assertEqual(out.returncode, 2)
        self.assertIn(b'--hex', out.stderr)

    def test_with_macros(self):
        # The text and {{counter}} in GB18030; {{len}} counts the bytes
        # sent after it: ":" (1) + 你好 (4) + "1" (1) + "\n" (1) = 7
        expected = b'7:' + NIHAO_GB18030 + b'1\n'
        server = Reply(len(expected))
        server.start()
        out = run_cli('send', f'tcp://127.0.0.1:{server.port}', '{{len}}:你好{{counter}}',
                      '--macros', '--encoding', 'gb18030', '--eol', 'lf', '--wait', 200)
        server.join(WAIT)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(server.data, expected)

    def test_with_macros_utf16(self):
        # In UTF-16 every character is two bytes, the digits of {{len}}
        # too: it counts the 4 bytes of "Hi"
        expected = '4Hi'.encode('utf-16le')
        server = Reply(len(expected))
        server.start()
        out = run_cli('send', f'tcp://127.0.0.1:{server.port}', '{{len}}Hi',
                      '--macros', '--encoding', 'utf-16le', '--wait', 200)
        server.join(WAIT)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(server.data, expected)

    def test_unknown_encoding(self):
        out = run_cli('send', 'tcp://127.0.0.1:9', 'x', '--encoding', 'klingon')
        self.assertEqual(out.returncode, 2)
        self.assertIn(b'klingon', out.stderr)

    def test_unrepresentable_character_sends_nothing(self):
        with socket.socket() as server:
            server.bind(('127.0.0.1', 0))
            server.listen(1)
            port = server.getsockname()[1]
            out = run_cli('send', f'tcp://127.0.0.1:{port}', 'a你',
                          '--encoding', 'latin1', '--wait', 100)
            self.assertEqual(out.returncode, 2)
            self.assertIn('U+4F60'.encode(), out.stderr)
            # The text is checked before any socket is opened.
            server.settimeout(0.2)
            with self.assertRaises(socket.timeout):
                server.accept()


class Listen(unittest.TestCase):
    def test_gb18030_shown_decoded(self):
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--encoding', 'gb18030') as cli:
            port = cli.bound_port()
            with socket.create_connection(('127.0.0.1', port), timeout=WAIT) as s:
                s.sendall(NIHAO_GB18030)
            deadline = time.monotonic() + WAIT
            while True:
                line = cli.next_line(max(0.1, deadline - time.monotonic()))
                if ' receive ' in line:
                    break
            self.assertIn(r'"\xc4\xe3\xba\xc3"', line)
            self.assertTrue(line.endswith(' gb18030 "你好"'), line)

    def test_unknown_encoding(self):
        out = run_cli('listen', 'tcp://127.0.0.1:0', '--encoding', 'klingon')
        self.assertEqual(out.returncode, 2)
        self.assertIn(b'klingon', out.stderr)


if __name__ == '__main__':
    unittest.main()
