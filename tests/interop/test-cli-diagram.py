# test-cli-diagram.py: socket-explorer-cli diagram, on a log of a real run
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# `listen --json` serves two Python clients over loopback; its log is
# drawn as SVG, which must parse as XML and show the calls, the peers and
# the bytes; --conn keeps one connection; a bad line is named.

import json
import os
import socket
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, run_cli  # noqa: E402

SVG = '{http://www.w3.org/2000/svg}'


def texts(svg_bytes):
    root = ET.fromstring(svg_bytes)
    assert root.tag == SVG + 'svg', root.tag
    return [t.text or '' for t in root.iter(SVG + 'text')]


class Diagram(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.log = os.path.join(self.tmp.name, 'server.jsonl')

    def tearDown(self):
        self.tmp.cleanup()

    def record_two_clients(self):
        """Runs listen --json with echo; two clients: the first sends
        'hello', the second 'abc' then 'def'. Returns the client ports."""
        ports = []
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--respond', 'echo', '--json') as server:
            port = server.bound_port()
            lines = []
            for messages in ((b'hello',), (b'abc', b'def')):
                with socket.create_connection(('127.0.0.1', port), timeout=WAIT) as s:
                    ports.append(s.getsockname()[1])
                    got = b''
                    for m in messages:
                        s.sendall(m)
                        want = len(got) + len(m)
                        deadline = time.monotonic() + WAIT
                        while len(got) < want and time.monotonic() < deadline:
                            got += s.recv(1024)
                    self.assertEqual(got, b''.join(messages))
                    s.shutdown(socket.SHUT_WR)
                    self.assertEqual(s.recv(1024), b'')
                # Its close is logged before the next client comes
                lines += server.events_until(lambda ev: ev.get('kind') == 'close')
            rc, rest = server.stop()
        with open(self.log, 'w') as f:
            f.write('{"listening":"tcp://127.0.0.1:%d"}\n' % port)
            for ev in lines:
                f.write(json.dumps(ev) + '\n')
            for line in rest:
                f.write(line + '\n')
        return port, ports

    def test_listen_log(self):
        port, ports = self.record_two_clients()
        out = run_cli('diagram', self.log)
        self.assertEqual(out.returncode, 0, out.stderr)
        words = texts(out.stdout)
        # The calls as the log has them, with their return values, and the
        # kernel's TCP state where it was read.
        for label in ('listening socket', 'connection socket #1', 'connection socket #2',
                      'bind()=0', 'listen(128)=0', 'send(5)=5', 'recv(65536)=5', 'recv(65536)=0',
                      'close()=0', 'LISTEN', 'ESTABLISHED', 'CLOSE_WAIT',
                      'SYN, SYN-ACK, ACK', 'FIN', '127.0.0.1:%d' % port,
                      '127.0.0.1:%d' % ports[0], '127.0.0.1:%d' % ports[1]):
            self.assertIn(label, words)
        self.assertEqual(words.count('peer'), 2)
        self.assertEqual(len([w for w in words if w.startswith('accept()=')]), 2, words)
        self.assertTrue(any(w.startswith('bytes 0–4 “hello”') for w in words), words)

        # -o writes the same file
        svg = os.path.join(self.tmp.name, 'out.svg')
        out2 = run_cli('diagram', self.log, '-o', svg)
        self.assertEqual(out2.returncode, 0, out2.stderr)
        self.assertEqual(out2.stdout, b'')
        with open(svg, 'rb') as f:
            self.assertEqual(f.read(), out.stdout)

        # From standard input
        with open(self.log, 'rb') as f:
            out3 = run_cli('diagram', '-', input=f.read())
        self.assertEqual(out3.returncode, 0, out3.stderr)
        self.assertEqual(out3.stdout, out.stdout)

    def test_conn_filter(self):
        port, ports = self.record_two_clients()
        out = run_cli('diagram', self.log, '--conn', '2')
        self.assertEqual(out.returncode, 0, out.stderr)
        words = texts(out.stdout)
        self.assertIn('connection socket #2', words)
        self.assertNotIn('connection socket #1', words)
        self.assertIn('127.0.0.1:%d' % ports[1], words)
        self.assertNotIn('127.0.0.1:%d' % ports[0], words)
        self.assertEqual(len([w for w in words if w.startswith('accept()=')]), 1, words)
        self.assertEqual(words.count('peer'), 1)

        out = run_cli('diagram', self.log, '--conn', '7')
        self.assertEqual(out.returncode, 1)
        self.assertIn('#7', out.stderr.decode())
        self.assertEqual(out.stdout, b'')

        out = run_cli('diagram', self.log, '--conn', 'x')
        self.assertEqual(out.returncode, 2)

        # --listener: the listening socket of that address and its connections
        out = run_cli('diagram', self.log, '--listener', '127.0.0.1:%d' % port)
        self.assertEqual(out.returncode, 0, out.stderr)
        words = texts(out.stdout)
        self.assertIn('connection socket #1', words)
        self.assertIn('connection socket #2', words)
        out = run_cli('diagram', self.log, '--listener', '127.0.0.1:1')
        self.assertEqual(out.returncode, 1)
        self.assertIn('127.0.0.1:1', out.stderr.decode())
        self.assertEqual(run_cli('diagram', self.log, '--conn', '1',
                                 '--listener', '127.0.0.1:%d' % port).returncode, 2)

    def test_malformed(self):
        with open(self.log, 'w') as f:
            f.write('{"listening":"tcp://127.0.0.1:7000"}\n')
            f.write('{"index":0,"kind":"bind","proto":"tcp","conn":0,"local":"127.0.0.1:7000"}\n')
            f.write('{"index":1,"kind":"listen",\n')
        out = run_cli('diagram', self.log)
        self.assertEqual(out.returncode, 1)
        err = out.stderr.decode()
        self.assertIn('line 3', err)
        self.assertIn(self.log, err)
        self.assertEqual(out.stdout, b'')

        out = run_cli('diagram', os.path.join(self.tmp.name, 'missing.jsonl'))
        self.assertEqual(out.returncode, 1)
        self.assertIn('missing.jsonl', out.stderr.decode())

    def test_help_lists_it(self):
        self.assertIn('diagram', run_cli('--help').stdout.decode())


if __name__ == '__main__':
    unittest.main()
