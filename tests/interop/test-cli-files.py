# test-cli-files.py: send --file and listen --save-dir
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import socket
import stat
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, run_cli  # noqa: E402


def wait_for(predicate, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class Files(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='se-files.')
        self.dir = self.tmp.name
        self.save = os.path.join(self.dir, 'saved')
        self.payload = os.urandom(3 * 1024 * 1024 + 17)   # several queue refills
        self.file = os.path.join(self.dir, 'payload.bin')
        with open(self.file, 'wb') as f:
            f.write(self.payload)

    def tearDown(self):
        self.tmp.cleanup()

    def saved(self, prefix):
        names = sorted(n for n in os.listdir(self.save) if n.startswith(prefix))
        return [os.path.join(self.save, n) for n in names]

    def check_stream(self, endpoint):
        with CliProcess('listen', endpoint, '--save-dir', self.save, '--quiet') as server:
            bound = server.bound_endpoint()
            out = run_cli('send', bound, '--file', self.file, '--wait', 100, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr)
            # Not a terminal and no --progress: nothing on stderr.
            self.assertEqual(out.stderr, b'')

            def complete():
                files = self.saved('conn-')
                return len(files) == 1 and os.path.getsize(files[0]) == len(self.payload)
            self.assertTrue(wait_for(complete), os.listdir(self.save))
            server.stop()
        path = self.saved('conn-')[0]
        with open(path, 'rb') as f:
            self.assertEqual(f.read(), self.payload)
        # It holds captured traffic: the user's only.
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(self.save).st_mode), 0o700)

    def test_tcp(self):
        self.check_stream('tcp://127.0.0.1:0')

    def test_unix(self):
        self.check_stream('unix://' + os.path.join(self.dir, 's.sock'))

    def test_progress(self):
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--quiet') as server:
            out = run_cli('send', server.bound_endpoint(), '--file', self.file, '--progress',
                          '--wait', 0, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr)
        last = out.stderr.decode().replace('\r', '\n').strip().splitlines()[-1]
        self.assertEqual(last, f'socket-explorer-cli: sent {len(self.payload)} of '
                               f'{len(self.payload)} bytes (100%)')

    def test_udp_datagrams(self):
        small = self.payload[:10000]
        with open(self.file, 'wb') as f:
            f.write(small)
        with CliProcess('listen', 'udp://127.0.0.1:0', '--save-dir', self.save, '--json') as server:
            bound = server.bound_endpoint()
            out = run_cli('send', bound, '--file', self.file, '--datagram-size', 1000, '--wait', 100)
            self.assertEqual(out.returncode, 0, out.stderr)
            receives = server.events_until(lambda e: e.get('kind') == 'receive'
                                           and e.get('size') == 1000
                                           and bytes.fromhex(e['data']) == small[9000:])
            server.stop()
        sizes = [e['size'] for e in receives if e.get('kind') == 'receive']
        self.assertEqual(sizes, [1000] * 10)
        files = self.saved('from-')
        self.assertEqual(len(files), 1)
        with open(files[0], 'rb') as f:
            self.assertEqual(f.read(), small)

    def test_two_connections_two_files(self):
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--save-dir', self.save, '--quiet') as server:
            port = server.bound_port()
            for text in (b'first', b'second'):
                with socket.create_connection(('127.0.0.1', port), timeout=WAIT) as s:
                    s.sendall(text)
            self.assertTrue(wait_for(lambda: len(self.saved('conn-')) == 2))
            server.stop()
        contents = set()
        for path in self.saved('conn-'):
            with open(path, 'rb') as f:
                contents.add(f.read())
        self.assertEqual(contents, {b'first', b'second'})

    def test_symlink_is_not_followed(self):
        os.makedirs(self.save)
        victim = os.path.join(self.dir, 'victim')
        with open(victim, 'wb') as f:
            f.write(b'keep me')
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--save-dir', self.save, '--quiet') as server:
            port = server.bound_port()
            with socket.create_connection(('127.0.0.1', port), timeout=WAIT) as s:
                local = s.getsockname()
                name = f'conn-1-127.0.0.1_{local[1]}.bin'
                os.symlink(victim, os.path.join(self.save, name))
                s.sendall(b'overwrite?')
            time.sleep(0.3)
            server.stop()
            self.assertIn('cannot write', server.stderr())
        with open(victim, 'rb') as f:
            self.assertEqual(f.read(), b'keep me')

    def test_errors(self):
        out = run_cli('send', 'tcp://127.0.0.1:9', '--file', os.path.join(self.dir, 'missing'))
        self.assertEqual(out.returncode, 1)
        self.assertIn('No such file', out.stderr.decode())
        out = run_cli('send', 'tcp://127.0.0.1:9', 'data', '--file', self.file)
        self.assertEqual(out.returncode, 2)
        out = run_cli('send', 'tcp://127.0.0.1:9', '--file', self.file, '--hex')
        self.assertEqual(out.returncode, 2)
        out = run_cli('listen', 'tcp://127.0.0.1:0', '--save-dir', self.file)
        self.assertEqual(out.returncode, 2)
        self.assertIn('Cannot use', out.stderr.decode())


if __name__ == '__main__':
    unittest.main(verbosity=2)
