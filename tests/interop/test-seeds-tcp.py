# test-seeds-tcp.py: socket-explorer-cli against the seeds' TCP programs,
# ported to Python 3 (tsTserv.py / tsTclnt.py, the "Thank you for
# connection" server, the CMD_RESULT_SIZE client)
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import socket
import sys
import time
import unittest
from time import ctime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import (TIMESTAMP_RE, WAIT, CliProcess, ServerThread,  # noqa: E402
                     events_of, joined_data, recv_exactly, run_cli)

HOST = '127.0.0.1'
BUFSIZ = 1024


def tsTserv(tcpSerSock):
    """tsTserv.py for one client: '[ctime] data' for every recv()."""
    tcpCliSock, addr = tcpSerSock.accept()
    tcpCliSock.settimeout(WAIT)
    received = []
    try:
        while True:
            data = tcpCliSock.recv(BUFSIZ)
            if not data:
                break
            received.append(data)
            tcpCliSock.send(('[%s] %s' % (ctime(), data.decode('utf-8'))).encode('utf-8'))
    finally:
        tcpCliSock.close()
    return received


def thank_you_server(s):
    """The seeds' first server: greet, then close."""
    c, addr = s.accept()
    c.send(b'Thank you for connection')
    c.close()
    return addr


def listening_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(WAIT)
    s.bind((HOST, 0))
    s.listen(5)
    return s


class PythonServerCliClient(unittest.TestCase):
    """A Python server, socket-explorer-cli send as the client."""

    def test_timestamp_server(self):
        srv = listening_socket()
        try:
            port = srv.getsockname()[1]
            server = ServerThread(tsTserv, srv)
            server.start()
            r = run_cli('send', 'tcp://%s:%d' % (HOST, port), 'hello', '--wait', '500')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, b'')
            self.assertRegex(r.stdout.decode('utf-8'), TIMESTAMP_RE % 'hello')
            self.assertEqual(server.finish(), [b'hello'])
        finally:
            srv.close()

    def test_timestamp_server_repeat(self):
        srv = listening_socket()
        try:
            port = srv.getsockname()[1]
            server = ServerThread(tsTserv, srv)
            server.start()
            r = run_cli('send', 'tcp://%s:%d' % (HOST, port), 'hi', '--eol', 'lf',
                        '--repeat', '3', '--interval', '200', '--wait', '500')
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = r.stdout.decode('utf-8').split('\n')
            self.assertEqual(lines[-1], '')
            self.assertEqual(len(lines[:-1]), 3, lines)
            for line in lines[:-1]:
                self.assertRegex(line, TIMESTAMP_RE % 'hi')
            self.assertEqual(b''.join(server.finish()), b'hi\n' * 3)
        finally:
            srv.close()

    def test_timestamp_server_json(self):
        srv = listening_socket()
        try:
            port = srv.getsockname()[1]
            server = ServerThread(tsTserv, srv)
            server.start()
            r = run_cli('send', 'tcp://%s:%d' % (HOST, port), '\\x00hello', '--json', '--wait', '500')
            self.assertEqual(r.returncode, 0, r.stderr)
            events = [json.loads(line) for line in r.stdout.decode('utf-8').splitlines()]
            kinds = [e['kind'] for e in events]
            self.assertIn('connect', kinds)
            self.assertLess(kinds.index('connect'), kinds.index('send'))
            self.assertLess(kinds.index('send'), kinds.index('receive'))
            self.assertEqual(kinds[-1], 'close')
            sent = events_of(events, 'send')
            self.assertEqual(joined_data(sent), b'\x00hello')
            self.assertEqual(sum(e['size'] for e in sent), 6)
            received = joined_data(events_of(events, 'receive'))
            self.assertRegex(received.decode('utf-8'), TIMESTAMP_RE % '\x00hello')
            connect = events_of(events, 'connect')[0]
            self.assertEqual(connect['proto'], 'tcp')
            self.assertEqual(connect['remote'], '%s:%d' % (HOST, port))
            self.assertEqual(server.finish(), [b'\x00hello'])
        finally:
            srv.close()

    def test_greeting_server(self):
        srv = listening_socket()
        try:
            port = srv.getsockname()[1]
            server = ServerThread(thank_you_server, srv)
            server.start()
            start = time.monotonic()
            # Like the seed's client: connect and read, sending nothing.
            r = run_cli('send', 'tcp://%s:%d' % (HOST, port), '', '--wait', '8000')
            elapsed = time.monotonic() - start
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'Thank you for connection')
            # The peer closed: no need to wait out --wait.
            self.assertLess(elapsed, 6.0)
            server.finish()
        finally:
            srv.close()


class CliServerPythonClient(unittest.TestCase):
    """socket-explorer-cli listen as the server, a seed-style Python client."""

    def test_timestamp_responder(self):
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--respond', 'timestamp', '--json') as cli:
            endpoint = cli.bound_endpoint()
            self.assertRegex(endpoint, r'^tcp://127\.0\.0\.1:\d+$')
            port = int(endpoint.rsplit(':', 1)[1])
            self.assertNotEqual(port, 0)

            # tsTclnt.py with one message
            tcpCliSock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            tcpCliSock.settimeout(WAIT)
            try:
                tcpCliSock.connect((HOST, port))
                me = '%s:%d' % tcpCliSock.getsockname()
                tcpCliSock.send(b'hello')
                data = tcpCliSock.recv(BUFSIZ)
            finally:
                tcpCliSock.close()
            self.assertRegex(data.decode('utf-8'), TIMESTAMP_RE % 'hello')

            events = cli.events_until(lambda e: e['kind'] == 'close' and e.get('remote') == me)
            rc, rest = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())

        kinds = [e['kind'] for e in events]
        self.assertIn('listen', kinds)
        accept = events_of(events, 'accept')
        self.assertEqual(len(accept), 1)
        self.assertEqual(accept[0]['remote'], me)
        self.assertEqual(accept[0]['local'], '%s:%d' % (HOST, port))
        self.assertEqual(accept[0]['proto'], 'tcp')
        conn = accept[0]['conn']
        for kind in ('receive', 'send', 'close'):
            self.assertTrue(events_of(events, kind, conn), kind)
        order = [kinds.index(k) for k in ('listen', 'accept', 'receive', 'send', 'close')]
        self.assertEqual(order, sorted(order))
        received = events_of(events, 'receive', conn)
        self.assertEqual(sum(e['size'] for e in received), 5)
        self.assertEqual(''.join(e['data'] for e in received), '68656c6c6f')
        sent = events_of(events, 'send', conn)
        self.assertEqual(joined_data(sent), data)
        self.assertEqual(sum(e['size'] for e in sent), len(data))
        for e in events:
            for key in ('time', 'kind', 'proto', 'local', 'remote', 'size', 'data'):
                self.assertIn(key, e)
            self.assertEqual(e['data'], e['data'].lower())

    def test_greeting_responder(self):
        greeting = 'Thank you for connection'
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--respond', 'greeting=' + greeting,
                        '--json') as cli:
            port = cli.bound_port()
            s = socket.socket()
            s.settimeout(WAIT)
            try:
                s.connect((HOST, port))
                me = '%s:%d' % s.getsockname()
                data = recv_exactly(s, len(greeting))
                end = s.recv(1024)
            finally:
                s.close()
            self.assertEqual(data, greeting.encode())
            self.assertEqual(end, b'')  # the server closed
            events = cli.events_until(lambda e: e['kind'] == 'close' and e.get('remote') == me)
            rc, rest = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())
        sent = events_of(events, 'send')
        self.assertEqual(joined_data(sent), greeting.encode())
        self.assertEqual(sum(e['size'] for e in sent), 24)

    def test_framed_responder(self):
        # The seed's CMD_RESULT_SIZE client; our responder runs no command:
        # the "result" is the message itself.
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--respond', 'framed') as cli:
            port = cli.bound_port()
            sk = socket.socket()
            sk.settimeout(WAIT)
            try:
                sk.connect((HOST, port))
                for inp in ('ls -l', 'a longer message, ' * 40):
                    sk.send(bytes(inp, 'utf8'))
                    server_ack_msg = sk.recv(100)
                    cmd_res_msg = server_ack_msg.decode().split('|')
                    self.assertEqual(len(cmd_res_msg), 2, cmd_res_msg)
                    # The seed's own check, so that it sends its go-ahead
                    self.assertEqual(cmd_res_msg[0], 'CMD_RESULT_SIZE', cmd_res_msg)
                    cmd_res_size = int(cmd_res_msg[1])
                    sk.send(b'CMD_RESULT')
                    res = b''
                    recv_size = 0
                    while recv_size < cmd_res_size:
                        server_reply = sk.recv(500)
                        if not server_reply:
                            break
                        recv_size += len(server_reply)
                        res += server_reply
                    self.assertEqual(recv_size, cmd_res_size)
                    self.assertEqual(res, inp.encode('utf8'))
            finally:
                sk.close()
            rc, rest = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())


if __name__ == '__main__':
    unittest.main(verbosity=2)
