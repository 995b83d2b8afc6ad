# test-cli-inspect.py: socket-explorer-cli inspect agrees with Python's socket module
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import socket
import struct
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import run_cli  # noqa: E402


def inspect(text):
    out = run_cli('inspect', text)
    if out.returncode != 0:
        raise AssertionError('inspect %r failed: %s' % (text, out.stderr.decode()))
    return out.stdout.decode()


class Inspect(unittest.TestCase):
    def test_addresses(self):
        for family, address in ((socket.AF_INET, '127.0.0.1'), (socket.AF_INET, '192.168.1.10'),
                                (socket.AF_INET, '9.10.13.39'), (socket.AF_INET6, '::1'),
                                (socket.AF_INET6, '2001:db8::8:800:200c:417a'),
                                (socket.AF_INET6, '::ffff:192.0.2.1')):
            text = inspect(address)
            packed = socket.inet_pton(family, address)
            # The bytes, in hex and as Python prints them
            self.assertIn('writes %d bytes in network byte order: %s\n'
                          % (len(packed), ' '.join('%02x' % b for b in packed)), text)
            self.assertIn('# %r\n' % packed, text)
            if family == socket.AF_INET:
                number = struct.unpack('!I', packed)[0]
                self.assertIn('as one 32-bit number: %u (0x%08x)' % (number, number), text)

    def test_ports(self):
        for port in (0, 1, 80, 443, 8080, 65535):
            text = inspect(str(port))
            self.assertIn('htons(%d) in memory: %02x %02x' % (port, port >> 8, port & 0xff), text)
            self.assertIn('socket.htons(%d)   # %d\n' % (port, socket.htons(port)), text)

    def test_sockaddr(self):
        # The sockaddr the kernel gets is what Python hands it: bind() a
        # socket to the address and compare the family and port bytes.
        text = inspect('127.0.0.1:8080')
        self.assertIn('struct sockaddr_in, 16 bytes on this machine:', text)
        family = struct.pack('=H', socket.AF_INET)
        expected = family + struct.pack('!H', 8080) + socket.inet_aton('127.0.0.1') + bytes(8)
        self.assertIn(' '.join('%02x' % b for b in expected) + '\n', text)
        self.assertRegex(text, re.compile(r'^\s+8\s+8\s+sin_zero\s', re.M))

        text = inspect('[::1]:8080')
        self.assertIn('struct sockaddr_in6, 28 bytes on this machine:', text)
        family = struct.pack('=H', socket.AF_INET6)
        expected = (family + struct.pack('!H', 8080) + bytes(4)
                    + socket.inet_pton(socket.AF_INET6, '::1') + bytes(4))
        self.assertIn(' '.join('%02x' % b for b in expected) + '\n', text)

    def test_errors(self):
        for bad in ('256.0.0.1', '65536', 'localhost', '[::1', '::g'):
            out = run_cli('inspect', bad)
            self.assertEqual(out.returncode, 2, bad)
            self.assertEqual(out.stdout, b'')
            self.assertIn(bad.strip('['), out.stderr.decode())
        self.assertEqual(run_cli('inspect').returncode, 2)

    def test_help_lists_it(self):
        self.assertIn('inspect', run_cli('--help').stdout.decode())


if __name__ == '__main__':
    unittest.main()
