# test-cli-rules.py: listen --rule and workspaces with rules, answered to
# plain Python sockets
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import socket
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, run_cli  # noqa: E402

HOST = '127.0.0.1'


def recv_exactly(s, n):
    data = b''
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


class Rules(unittest.TestCase):
    def test_http_like_regex_with_capture(self):
        rule = r'regex:^GET (\S+)=>HTTP/1.0 200 OK\r\n\r\nyou asked for \1'
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--rule', rule, '--json') as cli:
            port = cli.bound_port()
            with socket.create_connection((HOST, port), timeout=WAIT) as s:
                s.sendall(b'GET /index.html HTTP/1.0\r\n\r\n')
                expected = b'HTTP/1.0 200 OK\r\n\r\nyou asked for /index.html'
                self.assertEqual(recv_exactly(s, len(expected)), expected)
            # The reply is a send event in the log, like any other.
            events = cli.events_until(lambda e: e.get('kind') == 'send')
            self.assertEqual(bytes.fromhex(events[-1]['data']), expected)

    def test_order_fallback_delay_and_close(self):
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--respond', 'upper',
                        '--rule', 'prefix:HELO=>250 hello #{{counter}}\\r\\n',
                        '--rule', 'contains:HELO=>never (the first match answers)',
                        '--rule', 'exact,delay=300:wait=>done',
                        '--rule', 'exact,close:QUIT\\r\\n=>221 bye\\r\\n',
                        '--quiet') as cli:
            port = cli.bound_port()
            with socket.create_connection((HOST, port), timeout=WAIT) as s:
                s.sendall(b'HELO there')
                self.assertEqual(recv_exactly(s, 14), b'250 hello #1\r\n')
                s.sendall(b'other')
                self.assertEqual(recv_exactly(s, 5), b'OTHER')
                start = time.monotonic()
                s.sendall(b'wait')
                self.assertEqual(recv_exactly(s, 4), b'done')
                self.assertGreaterEqual(time.monotonic() - start, 0.28)
                s.sendall(b'QUIT\r\n')
                self.assertEqual(recv_exactly(s, 9), b'221 bye\r\n')
                self.assertEqual(s.recv(100), b'')  # closed after the reply

    def test_udp(self):
        with CliProcess('listen', 'udp://127.0.0.1:0', '--rule', r'regex:^(\d+)\+(\d+)$=>\2+\1',
                        '--quiet') as cli:
            port = cli.bound_port()
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.settimeout(WAIT)
                s.sendto(b'1+2', (HOST, port))
                self.assertEqual(s.recvfrom(100)[0], b'2+1')

    def test_bad_rules_are_refused_at_start(self):
        for rule, says in [('regex:^GET (=>x', 'missing terminating )'),
                           ('prefix:a=>{{nope}}', '{{nope}}'),
                           ('glob:a=>b', 'glob'),
                           ('no arrow', 'TYPE:MATCH=>REPLY')]:
            out = run_cli('listen', 'tcp://127.0.0.1:0', '--rule', rule)
            self.assertEqual(out.returncode, 2, (rule, out.stderr))
            self.assertIn(says, out.stderr.decode())
            self.assertEqual(out.stdout, b'')  # nothing started

    def test_open_workspace_with_rules(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'rules.sews')
            with open(path, 'w') as f:
                f.write('{"format": "socket-explorer-workspace", "version": 1, "listeners": ['
                        '{"endpoint": "tcp://127.0.0.1:0", "responder": "echo", "rules": ['
                        '{"type": "exact", "match": "ping", "reply": "pong", "delay": 0, "close": false}]}]}')
            with CliProcess('open', path, '--quiet') as cli:
                port = cli.bound_port()
                with socket.create_connection((HOST, port), timeout=WAIT) as s:
                    s.sendall(b'ping')
                    self.assertEqual(recv_exactly(s, 4), b'pong')
                    s.sendall(b'echo me')
                    self.assertEqual(recv_exactly(s, 7), b'echo me')


    def test_send_rule_answers_the_server(self):
        # A server that greets, then reports what the client answered
        server = socket.socket()
        server.bind((HOST, 0))
        server.listen(1)
        server.settimeout(WAIT)
        port = server.getsockname()[1]
        got = {}

        def serve():
            conn, _ = server.accept()
            with conn:
                conn.settimeout(WAIT)
                conn.sendall(b'220 mail.example ESMTP\r\n')
                got['reply'] = recv_exactly(conn, len(b'EHLO client\r\n'))

        import threading
        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        out = run_cli('send', f'tcp://{HOST}:{port}', '', '--rule', r'regex:^220 (\S+)=>EHLO client\r\n',
                      '--wait', 500)
        thread.join(WAIT)
        server.close()
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(got.get('reply'), b'EHLO client\r\n')
        self.assertEqual(out.stdout, b'220 mail.example ESMTP\r\n')

    def test_send_rule_answers_a_udp_server(self):
        # A UDP server that asks a question back and reports the answer
        server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        server.bind((HOST, 0))
        server.settimeout(WAIT)
        port = server.getsockname()[1]
        got = {}

        def serve():
            data, client = server.recvfrom(100)
            got['first'] = data
            server.sendto(b'name? 7', client)
            got['reply'] = server.recvfrom(100)[0]

        import threading
        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        out = run_cli('send', f'udp://{HOST}:{port}', 'hi', '--rule', r'regex:^name\? (\d+)=>ada \1 #{{counter}}',
                      '--wait', 500)
        thread.join(WAIT)
        server.close()
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(got.get('first'), b'hi')
        # {{counter}}: the client's second datagram
        self.assertEqual(got.get('reply'), b'ada 7 #2')

if __name__ == '__main__':
    unittest.main()
