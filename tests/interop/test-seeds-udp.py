# test-seeds-udp.py: socket-explorer-cli against the seeds' UDP timestamp
# server and client (tsUserv.py / tsUclnt.py), ported to Python 3
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import socket
import sys
import unittest
from time import ctime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import (TIMESTAMP_RE, WAIT, CliProcess, ServerThread,  # noqa: E402
                     events_of, joined_data, run_cli)

HOST = '127.0.0.1'
BUFSIZ = 1024


def tsUserv(udpSerSock, count):
    """tsUserv.py for count messages: '[ctime] data' back to the sender."""
    received = []
    for _ in range(count):
        data, addr = udpSerSock.recvfrom(BUFSIZ)
        udpSerSock.sendto(('[%s] %s' % (ctime(), data.decode('utf-8'))).encode('utf-8'), addr)
        received.append((data, addr))
    return received


def udp_server_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(WAIT)
    s.bind((HOST, 0))
    return s


class PythonServerCliClient(unittest.TestCase):

    def test_timestamp_server(self):
        srv = udp_server_socket()
        try:
            port = srv.getsockname()[1]
            server = ServerThread(tsUserv, srv, 1)
            server.start()
            r = run_cli('send', 'udp://%s:%d' % (HOST, port), 'hello', '--wait', '500')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(r.stdout.decode('utf-8'), TIMESTAMP_RE % 'hello')
            [(data, addr)] = server.finish()
            self.assertEqual(data, b'hello')
            self.assertEqual(addr[0], HOST)
        finally:
            srv.close()

    def test_timestamp_server_repeat_json(self):
        srv = udp_server_socket()
        try:
            port = srv.getsockname()[1]
            server = ServerThread(tsUserv, srv, 3)
            server.start()
            r = run_cli('send', 'udp://%s:%d' % (HOST, port), '68 69', '--hex',
                        '--repeat', '3', '--interval', '100', '--wait', '500', '--json')
            self.assertEqual(r.returncode, 0, r.stderr)
            events = [json.loads(line) for line in r.stdout.decode('utf-8').splitlines()]
            sent = events_of(events, 'send')
            self.assertEqual(len(sent), 3)
            for e in sent:
                self.assertEqual((e['proto'], e['size'], e['data']), ('udp', 2, '6869'))
                self.assertEqual(e['remote'], '%s:%d' % (HOST, port))
            received = events_of(events, 'receive')
            self.assertEqual(len(received), 3)  # datagrams keep their boundaries
            for e in received:
                self.assertRegex(bytes.fromhex(e['data']).decode('utf-8'), TIMESTAMP_RE % 'hi')
                self.assertEqual(e['size'], len(bytes.fromhex(e['data'])))
            messages = server.finish()
            self.assertEqual([m[0] for m in messages], [b'hi'] * 3)
            # One socket for the three datagrams: one source port.
            self.assertEqual(len({m[1] for m in messages}), 1)
        finally:
            srv.close()


class CliServerPythonClient(unittest.TestCase):

    def test_timestamp_responder(self):
        with CliProcess('listen', 'udp://%s:0' % HOST, '--respond', 'timestamp', '--json') as cli:
            endpoint = cli.bound_endpoint()
            self.assertRegex(endpoint, r'^udp://127\.0\.0\.1:\d+$')
            ADDR = (HOST, int(endpoint.rsplit(':', 1)[1]))

            # tsUclnt.py with two messages
            udpCliSock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udpCliSock.settimeout(WAIT)
            replies = []
            try:
                for data in (b'hello', b'how are you?'):
                    udpCliSock.sendto(data, ADDR)
                    reply, addr = udpCliSock.recvfrom(BUFSIZ)
                    self.assertEqual(addr, ADDR)
                    replies.append(reply)
                # unbound before the first sendto(): the system chose 0.0.0.0:PORT
                me = '%s:%d' % (HOST, udpCliSock.getsockname()[1])
            finally:
                udpCliSock.close()
            self.assertRegex(replies[0].decode('utf-8'), TIMESTAMP_RE % 'hello')
            self.assertRegex(replies[1].decode('utf-8'), TIMESTAMP_RE % 'how are you\\?')

            def second_reply(e, seen=[]):
                if e['kind'] == 'send':
                    seen.append(e)
                return len(seen) == 2
            events = cli.events_until(second_reply)
            rc, rest = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())

        self.assertTrue(events_of(events, 'bind'))
        self.assertFalse(events_of(events, 'accept'))  # no connection in UDP
        received = events_of(events, 'receive')
        self.assertEqual([e['data'] for e in received],
                         [b'hello'.hex(), b'how are you?'.hex()])
        self.assertEqual([e['size'] for e in received], [5, 12])
        sent = events_of(events, 'send')
        for e, reply in zip(sent, replies):
            self.assertEqual(e['proto'], 'udp')
            self.assertEqual(e['remote'], me)
            self.assertEqual(e['size'], len(reply))
            self.assertEqual(joined_data([e]), reply)
        for e in received:
            self.assertEqual(e['remote'], me)
            self.assertEqual(e['local'], '%s:%d' % ADDR)


if __name__ == '__main__':
    unittest.main(verbosity=2)
