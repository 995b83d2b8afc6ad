# test-cli-calls.py: the calls as the CLI prints them (call, ret, errno,
# asked, tcp_state in JSON Lines), and --read-size, --nodelay, --sendall
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
from cliutil import WAIT, CliProcess, run_cli, events_of  # noqa: E402

HOST = '127.0.0.1'


def json_events(out):
    return [json.loads(line) for line in out.decode('utf-8').splitlines()]


class ReplyServer(threading.Thread):
    """Accepts one connection, reads until it has want bytes or the peer
    closes, answers reply and closes."""

    def __init__(self, reply=b'', want=1):
        super().__init__(daemon=True)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind((HOST, 0))
        self.sock.listen(1)
        self.sock.settimeout(WAIT)
        self.port = self.sock.getsockname()[1]
        self.reply = reply
        self.want = want
        self.got = b''

    def run(self):
        try:
            conn, _ = self.sock.accept()
            with conn:
                conn.settimeout(WAIT)
                while len(self.got) < self.want:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    self.got += chunk
                if self.reply:
                    conn.sendall(self.reply)
        finally:
            self.sock.close()


class ListenCallsTest(unittest.TestCase):
    def test_listen_calls_and_read_size(self):
        """With --read-size 8, five quick 'msg|' sends are read as recv(8)
        events of at most 8 bytes; the listening socket's own calls come
        first, each with call and ret, and listen() reports LISTEN."""
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--read-size', '8', '--json') as server:
            port = server.bound_port()
            setup = server.events_until(lambda e: e.get('kind') == 'listen')
            self.assertEqual([e['call'] for e in setup], ['socket', 'setsockopt', 'bind', 'listen'])
            self.assertTrue(all(e['ret'] >= 0 and 'errno' not in e for e in setup), setup)
            self.assertEqual(setup[1]['option'], 'SO_REUSEADDR')
            self.assertEqual(setup[-1]['tcp_state'], 'LISTEN')
            self.assertEqual(setup[-1]['asked'], 128)

            with socket.create_connection((HOST, port), timeout=WAIT) as c:
                c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                for _ in range(5):
                    c.send(b'msg|')
            events = server.events_until(lambda e: e.get('call') == 'recv' and e['ret'] == 0)

            accept = events_of(events, 'accept')[0]
            self.assertEqual(accept['call'], 'accept')
            # The kernel finished the handshake before accept(); if the
            # client was already gone by then, its FIN had arrived too.
            self.assertIn(accept['tcp_state'], ('ESTABLISHED', 'CLOSE_WAIT'))
            reads = events_of(events, 'receive')
            self.assertGreaterEqual(len(reads), 3)
            for e in reads:
                self.assertEqual(e['call'], 'recv')
                self.assertEqual(e['asked'], 8)
                self.assertLessEqual(e['size'], 8)
                self.assertEqual(e['ret'], e['size'])
            self.assertEqual(b''.join(bytes.fromhex(e['data']) for e in reads), b'msg|' * 5)
            fin = events[-1]
            self.assertEqual(fin['kind'], 'shutdown')
            self.assertEqual(fin['tcp_state'], 'CLOSE_WAIT')

    def test_text_line_shows_the_call(self):
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--read-size', '3') as server:
            port = server.bound_port()
            with socket.create_connection((HOST, port), timeout=WAIT) as c:
                c.sendall(b'hello')
                line = ''
                while ' receive ' not in line:
                    line = server.next_line()
            self.assertIn(' recv(3)=3', line)

    def test_read_size_range(self):
        for value in ('0', '65537', 'x'):
            out = run_cli('listen', 'tcp://%s:0' % HOST, '--read-size', value)
            self.assertEqual(out.returncode, 2, out.stderr)
            self.assertIn(b'--read-size', out.stderr)


class OpenReadSizeTest(unittest.TestCase):
    def reads_of(self, path, *extra):
        with CliProcess('open', path, '--json', *extra) as server:
            port = server.bound_port()
            with socket.create_connection((HOST, port), timeout=WAIT) as c:
                c.sendall(b'0123456789')
            events = server.events_until(lambda e: e.get('call') == 'recv' and e['ret'] == 0)
        return events_of(events, 'receive')

    def test_workspace_read_size_and_override(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 'w.sews')
            with open(path, 'w') as f:
                json.dump({'format': 'socket-explorer-workspace', 'version': 1,
                           'listeners': [{'endpoint': 'tcp://%s:0' % HOST, 'read-size': 4}]}, f)
            reads = self.reads_of(path)
            self.assertEqual({e['asked'] for e in reads}, {4})
            self.assertEqual(b''.join(bytes.fromhex(e['data']) for e in reads), b'0123456789')
            reads = self.reads_of(path, '--read-size', '3')
            self.assertEqual({e['asked'] for e in reads}, {3})
            self.assertTrue(all(e['size'] <= 3 for e in reads), reads)


class SendCallsTest(unittest.TestCase):
    def test_send_read_size_and_nodelay(self):
        server = ReplyServer(reply=b'0123456789', want=2)
        server.start()
        out = run_cli('send', 'tcp://%s:%d' % (HOST, server.port), 'hi',
                      '--read-size', '4', '--nodelay', '--json', '--wait', '500')
        server.join(WAIT)
        self.assertEqual(out.returncode, 0, out.stderr)
        events = json_events(out.stdout)
        calls = [e.get('call') for e in events]
        self.assertEqual(calls[:3], ['socket', 'setsockopt', 'connect'])
        self.assertEqual(events[1]['option'], 'TCP_NODELAY')
        self.assertEqual(events[1]['asked'], 1)
        self.assertEqual(events[2]['tcp_state'], 'ESTABLISHED')
        reads = events_of(events, 'receive')
        self.assertGreaterEqual(len(reads), 3)
        self.assertTrue(all(e['asked'] == 4 and e['size'] <= 4 for e in reads), reads)
        self.assertEqual(events[-1]['call'], 'close')

    def test_sendall_one_call(self):
        server = ReplyServer(want=15)
        server.start()
        out = run_cli('send', 'tcp://%s:%d' % (HOST, server.port), 'msg|',
                      '--repeat', '3', '--sendall', '--json', '--wait', '200')
        server.join(WAIT)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(server.got, b'msg|' * 3)
        sends = events_of(json_events(out.stdout), 'send')
        self.assertEqual(len(sends), 1)
        self.assertEqual(sends[0]['asked'], 12)
        self.assertEqual(sends[0]['ret'], 12)

    def test_one_send_per_repeat(self):
        server = ReplyServer(want=12)
        server.start()
        out = run_cli('send', 'tcp://%s:%d' % (HOST, server.port), 'msg|',
                      '--repeat', '3', '--json', '--wait', '200')
        server.join(WAIT)
        self.assertEqual(out.returncode, 0, out.stderr)
        sends = events_of(json_events(out.stdout), 'send')
        self.assertEqual([(e['call'], e['asked'], e['ret']) for e in sends], [('send', 4, 4)] * 3)

    def test_refused_has_errno(self):
        # Bound but not listening: the kernel answers the SYN with RST.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
            out = run_cli('send', 'tcp://%s:%d' % (HOST, port), 'x', '--json')
        self.assertNotEqual(out.returncode, 0)
        events = json_events(out.stdout)
        failed = [e for e in events if e.get('errno')]
        self.assertEqual(len(failed), 1, events)
        self.assertEqual(failed[0]['call'], 'connect')
        self.assertEqual(failed[0]['ret'], -1)
        self.assertEqual(failed[0]['errno'], 'ECONNREFUSED')

    def test_nodelay_conflict(self):
        out = run_cli('send', 'tcp://%s:1' % HOST, 'x', '--nodelay', '--no-nodelay')
        self.assertEqual(out.returncode, 2, out.stderr)


if __name__ == '__main__':
    unittest.main()
