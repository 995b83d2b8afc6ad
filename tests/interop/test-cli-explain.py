# test-cli-explain.py: socket-explorer-cli explain, as a learner runs it
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import run_cli  # noqa: E402


class Explain(unittest.TestCase):
    def test_call(self):
        out = run_cli('explain', 'accept')
        self.assertEqual(out.returncode, 0, out.stderr)
        text = out.stdout.decode()
        self.assertIn('accept()', text.splitlines()[0])
        self.assertIn('In Python:\n    conn, addr = s.accept()\n', text)

    def test_errno_and_eai(self):
        for name, python in (('ECONNREFUSED', 'ConnectionRefusedError'),
                             ('econnrefused', 'ConnectionRefusedError'),
                             ('EAI_NONAME', 'socket.gaierror')):
            out = run_cli('explain', name)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertIn(python, out.stdout.decode())

    def test_list(self):
        out = run_cli('explain')
        self.assertEqual(out.returncode, 0)
        names = [line.split()[0] for line in out.stdout.decode().splitlines()
                 if line.startswith('  ')]
        for name in ('socket', 'bind', 'listen', 'accept', 'connect', 'send', 'recv',
                     'sendto', 'recvfrom', 'shutdown', 'close', 'getaddrinfo',
                     'ECONNREFUSED', 'EADDRINUSE', 'EACCES', 'ETIMEDOUT', 'EAI_NONAME'):
            self.assertIn(name, names)
        # Each one it lists, it explains.
        for name in names:
            self.assertEqual(run_cli('explain', name).returncode, 0, name)

    def test_unknown_and_usage(self):
        out = run_cli('explain', 'acept')
        self.assertEqual(out.returncode, 1)
        self.assertIn('acept', out.stderr.decode())
        self.assertEqual(out.stdout, b'')
        self.assertEqual(run_cli('explain', 'a', 'b').returncode, 2)

    def test_help_lists_it(self):
        out = run_cli('--help')
        self.assertIn('explain', out.stdout.decode())


if __name__ == '__main__':
    unittest.main()
