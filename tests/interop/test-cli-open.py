# test-cli-open.py: socket-explorer-cli open, with the shipped tutorial
# workspace, each server answered as the seeds' clients expect
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import socket
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, run_cli  # noqa: E402

HOST = '127.0.0.1'
SHIPPED = os.path.join(os.environ.get('SE_SOURCE_ROOT', '.'), 'data', 'workspaces',
                       'tutorial-servers.sews')
# "[Thu Dec 19 12:46:36 2013] data", as the seeds' timestamp servers answer
TIMESTAMP_RE = r'^\[\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\] %s$'


def port_of(line):
    m = re.match(r'listening on (\w+)://127\.0\.0\.1:(\d+)$', line)
    assert m, line
    return m.group(1), int(m.group(2))


class OpenTutorial(unittest.TestCase):
    def test_each_server_answers_like_the_seeds(self):
        with CliProcess('open', SHIPPED, '--quiet') as cli:
            servers = [port_of(cli.next_line()) for _ in range(5)]
            self.assertEqual([kind for kind, _ in servers], ['tcp', 'udp', 'tcp', 'tcp', 'tcp'])
            (_, tcp_time), (_, udp_time), (_, greeting), (_, echo), (_, framed) = servers

            # The TCP timestamp server: send, read "[ctime] data"
            with socket.create_connection((HOST, tcp_time), timeout=WAIT) as s:
                s.send(b'hello')
                self.assertRegex(s.recv(1024).decode(), TIMESTAMP_RE % 'hello')

            # The UDP one: sendto, recvfrom
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.settimeout(WAIT)
                s.sendto(b'hi', (HOST, udp_time))
                data, addr = s.recvfrom(1024)
                self.assertRegex(data.decode(), TIMESTAMP_RE % 'hi')
                self.assertEqual(addr, (HOST, udp_time))

            # The greeting server: connect and read, sending nothing
            with socket.create_connection((HOST, greeting), timeout=WAIT) as s:
                self.assertEqual(s.recv(1024), b'Thank you for connection')

            # Echo
            with socket.create_connection((HOST, echo), timeout=WAIT) as s:
                s.sendall(b'ping')
                self.assertEqual(s.recv(1024), b'ping')

            # Framed: a size header, a go-ahead, then the body
            with socket.create_connection((HOST, framed), timeout=WAIT) as s:
                s.send(b'ls -l')
                header = s.recv(1024).decode().split('|')
                self.assertEqual(header[0], 'CMD_RESULT_SIZE', header)
                size = int(header[1])
                s.send(b'CMD_RESULT')
                body = b''
                while len(body) < size:
                    body += s.recv(500)
                self.assertEqual(body, b'ls -l')

    def test_a_taken_port_does_not_stop_the_others(self):
        with socket.socket() as taken, tempfile.TemporaryDirectory() as tmp:
            taken.bind((HOST, 0))
            taken.listen(1)
            port = taken.getsockname()[1]
            path = os.path.join(tmp, 'demo.sews')
            with open(path, 'w') as f:
                f.write('{"format": "socket-explorer-workspace", "version": 1, "listeners": ['
                        '{"endpoint": "tcp://127.0.0.1:%d", "responder": "echo"},'
                        '{"endpoint": "tcp://127.0.0.1:0", "responder": "echo"}],'
                        '"clients": [{"endpoint": "tcp://127.0.0.1:1"}]}' % port)
            with CliProcess('open', path, '--quiet') as cli:
                kind, echo = port_of(cli.next_line())
                with socket.create_connection((HOST, echo), timeout=WAIT) as s:
                    s.sendall(b'still here')
                    self.assertEqual(s.recv(1024), b'still here')
                cli.stop()
                err = cli.stderr()
                self.assertIn('127.0.0.1:%d' % port, err)
                self.assertIn('EADDRINUSE', err)
                self.assertIn('1 client', err)

    def test_bad_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'bad.sews')
            with open(path, 'w') as f:
                f.write('{"format": "socket-explorer-workspace", "version": 1,\n'
                        ' "listeners": [\n  {"endpoint": "tcp://nowhere"}\n ]}')
            r = run_cli('open', path)
            self.assertEqual(r.returncode, 1)
            self.assertIn('line 3: listener 1', r.stderr.decode())
            self.assertEqual(r.stdout, b'')
            r = run_cli('open', os.path.join(tmp, 'missing.sews'))
            self.assertEqual(r.returncode, 1)
            self.assertEqual(run_cli('open').returncode, 2)


if __name__ == '__main__':
    unittest.main()
