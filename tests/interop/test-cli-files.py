# test-cli-files.py: send --file and listen --save-dir, with plain Python
# sockets on 127.0.0.1 and files in a temporary directory
#
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import os
import socket
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, run_cli  # noqa: E402

HOST = '127.0.0.1'


class Collect(threading.Thread):
    """A TCP server that keeps the bytes of one connection."""

    def __init__(self):
        super().__init__(daemon=True)
        self.server = socket.socket()
        self.server.bind((HOST, 0))
        self.server.listen(1)
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
                chunk = conn.recv(1 << 16)
                if not chunk:
                    break
                self.data += chunk


class Files(unittest.TestCase):
    def test_send_file_exact_bytes(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'blob')
            blob = os.urandom(3 * 1024 * 1024 + 17)
            with open(path, 'wb') as f:
                f.write(blob)
            server = Collect()
            server.start()
            out = run_cli('send', f'tcp://{HOST}:{server.port}', '--file', path, '--wait', 100)
            self.assertEqual(out.returncode, 0, out.stderr)
            server.join(WAIT)
            self.assertEqual(server.data, blob)

    def test_send_file_errors(self):
        out = run_cli('send', f'tcp://{HOST}:9', '--file', '/nonexistent/file')
        self.assertEqual(out.returncode, 2)
        self.assertIn('/nonexistent/file', out.stderr.decode())
        with tempfile.TemporaryDirectory() as tmp:
            out = run_cli('send', f'tcp://{HOST}:9', '--file', tmp)
            self.assertEqual(out.returncode, 2)
            self.assertIn('regular file', out.stderr.decode())
            path = os.path.join(tmp, 'x')
            open(path, 'w').close()
            out = run_cli('send', f'tcp://{HOST}:9', '--file', path, '--hex')
            self.assertEqual(out.returncode, 2)
            out = run_cli('send', f'tcp://{HOST}:9', 'DATA', '--file', path)
            self.assertEqual(out.returncode, 2)

    def test_save_dir_one_file_per_connection(self):
        with tempfile.TemporaryDirectory() as tmp:
            save = os.path.join(tmp, 'received', 'here')
            with CliProcess('listen', f'tcp://{HOST}:0', '--save-dir', save, '--quiet') as cli:
                port = cli.bound_port()
                sent = []
                for i in range(3):
                    data = (b'connection %d\n' % i) * (1000 * (i + 1))
                    with socket.create_connection((HOST, port), timeout=WAIT) as s:
                        s.sendall(data)
                    sent.append(data)
                deadline = time.monotonic() + WAIT
                while time.monotonic() < deadline:
                    files = sorted(glob.glob(os.path.join(save, 'conn-*.bin')))
                    sizes = sorted(os.path.getsize(f) for f in files)
                    if sizes == sorted(len(d) for d in sent):
                        break
                    time.sleep(0.05)
            files = glob.glob(os.path.join(save, 'conn-*.bin'))
            self.assertEqual(len(files), 3, files)
            contents = sorted(open(f, 'rb').read() for f in files)
            self.assertEqual(contents, sorted(sent))
            for f in files:
                self.assertRegex(os.path.basename(f), r'^conn-\d+-127\.0\.0\.1_\d+\.bin$')

    def test_save_dir_refused_for_udp(self):
        out = run_cli('listen', f'udp://{HOST}:0', '--save-dir', '/tmp/unused-by-this-test')
        self.assertEqual(out.returncode, 2)
        self.assertIn('stream', out.stderr.decode())
        self.assertEqual(out.stdout, b'')


if __name__ == '__main__':
    unittest.main()
