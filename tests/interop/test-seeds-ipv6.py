# test-seeds-ipv6.py: socket-explorer-cli and Python AF_INET6 sockets on ::1
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import socket
import sys
import unittest
from time import ctime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import (SKIP, TIMESTAMP_RE, WAIT, CliProcess, ServerThread,  # noqa: E402
                     events_of, have_ipv6_loopback, recv_exactly, run_cli)

HOST = '::1'
BUFSIZ = 1024


def tsTserv6(srv):
    c, addr = srv.accept()
    c.settimeout(WAIT)
    try:
        while True:
            data = c.recv(BUFSIZ)
            if not data:
                break
            c.send(('[%s] %s' % (ctime(), data.decode('utf-8'))).encode('utf-8'))
    finally:
        c.close()
    return addr


def tsUserv6(srv):
    data, addr = srv.recvfrom(BUFSIZ)
    srv.sendto(('[%s] %s' % (ctime(), data.decode('utf-8'))).encode('utf-8'), addr)
    return data


class Ipv6Tests(unittest.TestCase):

    def test_send_tcp6(self):
        srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        srv.settimeout(WAIT)
        try:
            srv.bind((HOST, 0))
            srv.listen(5)
            server = ServerThread(tsTserv6, srv)
            server.start()
            r = run_cli('send', 'tcp://[::1]:%d' % srv.getsockname()[1], 'hello', '--wait', '500')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(r.stdout.decode('utf-8'), TIMESTAMP_RE % 'hello')
            self.assertEqual(server.finish()[0], HOST)
        finally:
            srv.close()

    def test_send_udp6(self):
        srv = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        srv.settimeout(WAIT)
        try:
            srv.bind((HOST, 0))
            server = ServerThread(tsUserv6, srv)
            server.start()
            r = run_cli('send', 'udp://[::1]:%d' % srv.getsockname()[1], 'hello', '--wait', '500')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(r.stdout.decode('utf-8'), TIMESTAMP_RE % 'hello')
            self.assertEqual(server.finish(), b'hello')
        finally:
            srv.close()

    def test_listen_tcp6(self):
        with CliProcess('listen', 'tcp://[::1]:0', '--respond', 'echo', '--json') as cli:
            endpoint = cli.bound_endpoint()
            self.assertRegex(endpoint, r'^tcp://\[::1\]:\d+$')
            port = int(endpoint.rsplit(':', 1)[1])
            s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            s.settimeout(WAIT)
            try:
                s.connect((HOST, port))
                me = '[::1]:%d' % s.getsockname()[1]
                s.sendall(b'hello6')
                data = recv_exactly(s, 6)
            finally:
                s.close()
            self.assertEqual(data, b'hello6')
            events = cli.events_until(lambda e: e['kind'] == 'close' and e.get('remote') == me)
            rc, rest = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())
        [accept] = events_of(events, 'accept')
        self.assertEqual((accept['local'], accept['remote']), ('[::1]:%d' % port, me))

    def test_listen_udp6(self):
        with CliProcess('listen', 'udp://[::1]:0', '--respond', 'upper') as cli:
            port = cli.bound_port()
            s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
            s.settimeout(WAIT)
            try:
                s.sendto(b'hello6', (HOST, port))
                data, addr = s.recvfrom(BUFSIZ)
            finally:
                s.close()
            self.assertEqual(data, b'HELLO6')
            self.assertEqual(addr[:2], (HOST, port))
            rc, rest = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())


if __name__ == '__main__':
    if not have_ipv6_loopback():
        print('no IPv6 loopback (::1) on this machine; skipping')
        sys.exit(SKIP)
    unittest.main(verbosity=2)
