# test-seeds-unix.py: socket-explorer-cli against Python AF_UNIX sockets
# (plain sockets and the seeds' socketserver handlers), stream and datagram
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import signal
import socket
import socketserver
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, events_of, joined_data, run_cli  # noqa: E402


class MyStreamHandler(socketserver.BaseRequestHandler):
    """The seeds' MyTCPHandler: every recv() back in upper case."""

    def handle(self):
        self.request.settimeout(WAIT)
        while True:
            data = self.request.recv(1024).strip()
            if not data:
                break
            self.request.sendall(data.upper())


class MyDatagramHandler(socketserver.BaseRequestHandler):

    def handle(self):
        data, sock = self.request
        sock.sendto(data.upper(), self.client_address)


class UnixTests(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='se-interop-')
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def serve(self, server):
        thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05},
                                  daemon=True)
        thread.start()

        def stop():
            server.shutdown()
            server.server_close()
            thread.join(WAIT)
        self.addCleanup(stop)

    # socket-explorer-cli listen, Python clients

    def test_listen_unix_stream_echo(self):
        path = os.path.join(self.dir, 'echo.sock')
        with CliProcess('listen', 'unix://' + path, '--respond', 'echo', '--json') as cli:
            self.assertEqual(cli.bound_endpoint(), 'unix://' + path)
            self.assertTrue(os.path.exists(path))
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(WAIT)
            try:
                s.connect(path)
                s.sendall(b'hello\n')
                data = b''
                while len(data) < 6:
                    chunk = s.recv(1024)
                    if not chunk:
                        break
                    data += chunk
            finally:
                s.close()
            self.assertEqual(data, b'hello\n')
            events = cli.events_until(lambda e: e['kind'] == 'close' and e['proto'] == 'unix')
            rc, rest = cli.stop(signal.SIGINT)
            self.assertEqual(rc, 0, cli.stderr())
            self.assertFalse(os.path.exists(path), 'the socket file is left behind')
        accept = events_of(events, 'accept')
        self.assertEqual(len(accept), 1)
        self.assertEqual(accept[0]['local'], path)
        self.assertEqual(joined_data(events_of(events, 'receive')), b'hello\n')
        self.assertEqual(joined_data(events_of(events, 'send')), b'hello\n')

    def test_listen_unix_dgram_upper(self):
        path = os.path.join(self.dir, 'upper.sock')
        mine = os.path.join(self.dir, 'client.sock')
        with CliProcess('listen', 'unix-dgram://' + path, '--respond', 'upper', '--json') as cli:
            self.assertEqual(cli.bound_endpoint(), 'unix-dgram://' + path)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            s.settimeout(WAIT)
            try:
                s.bind(mine)  # a Unix datagram client needs an address for the reply
                s.sendto(b'hello, unix', path)
                data, addr = s.recvfrom(1024)
            finally:
                s.close()
            self.assertEqual(data, b'HELLO, UNIX')
            self.assertEqual(addr, path)
            events = cli.events_until(lambda e: e['kind'] == 'send')
            rc, rest = cli.stop(signal.SIGINT)
            self.assertEqual(rc, 0, cli.stderr())
            self.assertFalse(os.path.exists(path), 'the socket file is left behind')
        [received] = events_of(events, 'receive')
        self.assertEqual((received['proto'], received['remote'], received['size']),
                         ('unix-dgram', mine, 11))
        self.assertEqual(received['data'], b'hello, unix'.hex())
        [sent] = events_of(events, 'send')
        self.assertEqual((sent['remote'], sent['data']), (mine, b'HELLO, UNIX'.hex()))

    # Python socketserver servers, socket-explorer-cli send

    def test_send_unix_stream(self):
        path = os.path.join(self.dir, 'server.sock')
        self.serve(socketserver.UnixStreamServer(path, MyStreamHandler))
        r = run_cli('send', 'unix://' + path, 'hello', '--wait', '500')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b'HELLO')

    def test_send_unix_dgram(self):
        path = os.path.join(self.dir, 'server.sock')
        self.serve(socketserver.UnixDatagramServer(path, MyDatagramHandler))
        r = run_cli('send', 'unix-dgram://' + path, 'hello\\tthere', '--wait', '500')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, b'HELLO\tTHERE')

    def test_send_unix_missing(self):
        r = run_cli('send', 'unix://' + os.path.join(self.dir, 'nobody.sock'), 'hello')
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, b'')
        err = r.stderr.decode('utf-8')
        self.assertTrue(err.startswith('socket-explorer-cli: '), err)
        self.assertEqual(err.count('\n'), 1, err)


if __name__ == '__main__':
    unittest.main(verbosity=2)
