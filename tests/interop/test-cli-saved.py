# test-cli-saved.py: send --saved against a plain Python server, from the
# shipped library and from an exported file
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import socket
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, run_cli  # noqa: E402


class Collect(threading.Thread):
    """A TCP server on 127.0.0.1 that keeps the bytes of one connection."""

    def __init__(self):
        super().__init__(daemon=True)
        self.server = socket.socket()
        self.server.bind(('127.0.0.1', 0))
        self.server.listen(5)
        self.server.settimeout(WAIT)
        self.port = self.server.getsockname()[1]
        self.data = b''

    def run(self):
        try:
            conn, _ = self.server.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(WAIT)
            while True:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                self.data += chunk


def env_with_data_home(tmp):
    env = dict(os.environ)
    env['XDG_DATA_HOME'] = tmp
    return env


class Saved(unittest.TestCase):
    def setUp(self):
        # The shipped library, never the user's own.
        self.tmp = tempfile.TemporaryDirectory()
        self.old = os.environ.get('XDG_DATA_HOME')
        os.environ['XDG_DATA_HOME'] = self.tmp.name

    def tearDown(self):
        if self.old is None:
            del os.environ['XDG_DATA_HOME']
        else:
            os.environ['XDG_DATA_HOME'] = self.old
        self.tmp.cleanup()

    def test_shipped_http_get(self):
        server = Collect()
        server.start()
        out = run_cli('send', f'tcp://127.0.0.1:{server.port}', '--saved', 'HTTP GET', '--wait', 100)
        self.assertEqual(out.returncode, 0, out.stderr)
        server.join(WAIT)
        self.assertTrue(server.data.startswith(b'GET / HTTP/1.1\r\nHost: '), server.data)
        self.assertTrue(server.data.endswith(b'\r\n\r\n'))
        # Nothing was written to the data dir by reading it.
        self.assertEqual(os.listdir(self.tmp.name), [])

    def test_file_with_target_macros_and_encoding(self):
        server = Collect()
        server.start()
        path = os.path.join(self.tmp.name, 'mine.json')
        with open(path, 'w') as f:
            json.dump({'format': 'socket-explorer-messages', 'version': 1, 'messages': [
                {'name': 'count', 'data': 'n={{counter}}', 'hex': False, 'eol': 'lf',
                 'target': f'tcp://127.0.0.1:{server.port}'},
            ]}, f)
        out = run_cli('send', '--saved', 'count', '--messages', path, '--repeat', 2, '--wait', 100)
        self.assertEqual(out.returncode, 0, out.stderr)
        server.join(WAIT)
        self.assertEqual(server.data, b'n=1\nn=2\n')

    def test_unknown_name_lists_the_names(self):
        out = run_cli('send', 'tcp://127.0.0.1:9', '--saved', 'nope')
        self.assertEqual(out.returncode, 2)
        self.assertIn('“SMTP EHLO”', out.stderr.decode())

    def test_no_target(self):
        out = run_cli('send', '--saved', 'HTTP GET')
        self.assertEqual(out.returncode, 2)
        self.assertIn('ENDPOINT', out.stderr.decode())

    def test_bad_file(self):
        path = os.path.join(self.tmp.name, 'bad.json')
        with open(path, 'w') as f:
            f.write('{"format": "socket-explorer-messages", "version": 1, "messages": [{"name": 1}]}')
        out = run_cli('send', 'tcp://127.0.0.1:9', '--saved', 'x', '--messages', path)
        self.assertEqual(out.returncode, 2)
        self.assertIn('bad.json', out.stderr.decode())
        self.assertIn('message 1', out.stderr.decode())


if __name__ == '__main__':
    unittest.main()
