# test-cli-multicast.py: broadcast and multicast through socket-explorer-cli
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Broadcast runs on the loopback network (127.255.255.255 is its broadcast
# address). Multicast needs a route for the groups, which a test must not
# add to the machine: it runs in a private network namespace made with
# `unshare -rn`, holding only its own loopback interface, and is skipped
# with a message where user namespaces are not allowed.

import json
import os
import shutil
import socket
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, cli_path, run_cli  # noqa: E402

INSIDE = '--inside-namespace'


def events(lines):
    return [json.loads(line) for line in lines if line.startswith('{"index"')]


class Broadcast(unittest.TestCase):
    def test_needs_so_broadcast(self):
        with CliProcess('listen', 'udp://127.255.255.255:0', '--json') as server:
            port = server.bound_port()
            target = f'udp://127.255.255.255:{port}'

            out = run_cli('send', target, 'not allowed', '--wait', 100)
            self.assertNotEqual(out.returncode, 0)
            err = out.stderr.decode()
            self.assertIn('EACCES', err)
            self.assertIn('SO_BROADCAST', err)
            self.assertIn('--broadcast', err)

            out = run_cli('send', target, 'to everyone', '--broadcast', '--wait', 100)
            self.assertEqual(out.returncode, 0, out.stderr)
            received = server.events_until(lambda e: e.get('kind') == 'receive')
            self.assertEqual(bytes.fromhex(received[-1]['data']), b'to everyone')


class Options(unittest.TestCase):
    def test_not_a_group(self):
        out = run_cli('listen', 'udp://127.0.0.1:0', '--join', '10.0.0.1')
        self.assertEqual(out.returncode, 2)
        self.assertIn('10.0.0.1 is not a multicast group', out.stderr.decode())

    def test_not_an_address(self):
        out = run_cli('listen', 'udp://127.0.0.1:0', '--join', '239.1.2')
        self.assertEqual(out.returncode, 2)
        self.assertIn('is not an address', out.stderr.decode())

    def test_unknown_interface(self):
        out = run_cli('listen', 'udp://127.0.0.1:0', '--join', '239.1.2.3@no-such-if0')
        self.assertEqual(out.returncode, 2)
        self.assertIn('No network interface named “no-such-if0”', out.stderr.decode())

    def test_bad_source(self):
        out = run_cli('listen', 'udp://127.0.0.1:0', '--join', '232.1.1.1/ff02::1')
        self.assertEqual(out.returncode, 2)
        self.assertIn('source', out.stderr.decode())

    def test_bound_to_one_address_cannot_receive_groups(self):
        out = run_cli('listen', 'udp://127.0.0.1:0', '--join', '239.1.2.3')
        self.assertNotEqual(out.returncode, 0)
        self.assertIn('listen on 0.0.0.0', out.stderr.decode())

    def test_ttl_range(self):
        out = run_cli('send', 'udp://127.0.0.1:9', 'x', '--multicast-ttl', '256')
        self.assertEqual(out.returncode, 2)


def namespace_works():
    if shutil.which('unshare') is None or shutil.which('ip') is None:
        return False
    try:
        return subprocess.run(['unshare', '-rn', 'true'], timeout=WAIT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


class Multicast(unittest.TestCase):
    def test_in_a_private_network_namespace(self):
        if not namespace_works():
            self.skipTest('unshare -rn is not allowed here (no user namespaces): '
                          'multicast delivery is not tested')
        out = subprocess.run(['unshare', '-rn', sys.executable, os.path.abspath(__file__), INSIDE],
                             env=dict(os.environ, SE_CLI=cli_path()),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        text = out.stdout.decode(errors='replace')
        self.assertEqual(out.returncode, 0, text)
        self.assertIn('OK', text)


class InsideNamespace(unittest.TestCase):
    """Runs only in the namespace: its loopback is the only interface."""

    @classmethod
    def setUpClass(cls):
        for cmd in (['ip', 'link', 'set', 'lo', 'up'],
                    ['ip', 'link', 'set', 'lo', 'multicast', 'on'],
                    ['ip', 'route', 'add', '224.0.0.0/4', 'dev', 'lo']):
            subprocess.run(cmd, check=True, timeout=WAIT)

    def test_join_receive_leave(self):
        # 0.0.0.0 reaches nothing but this namespace's loopback.
        with CliProcess('listen', 'udp://0.0.0.0:0', '--join', '239.1.2.3', '--join', '239.1.2.4@lo',
                        '--multicast-ttl', 2, '--respond', 'echo', '--json') as server:
            port = server.bound_port()
            joins = server.events_until(lambda e: e.get('kind') == 'join'
                                        and '239.1.2.4' in e.get('detail', ''))
            details = [e['detail'] for e in joins if e.get('kind') == 'join']
            self.assertEqual({(e['call'], e['option']) for e in joins if e.get('kind') == 'join'},
                             {('setsockopt', 'MCAST_JOIN_GROUP')})
            self.assertEqual(details, ['joined 239.1.2.3',
                                       'joined 239.1.2.4 on lo'])

            for group in ('239.1.2.3', '239.1.2.4'):
                out = run_cli('send', f'udp://{group}:{port}', f'hello {group}', '--wait', 300)
                self.assertEqual(out.returncode, 0, out.stderr)
                self.assertEqual(out.stdout, f'hello {group}'.encode())

            # A group not joined is not delivered.
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(b'not for us', ('239.9.9.9', port))

            server.stop()
            lines = list(server.out.all)
        kinds = [(e['kind'], e.get('detail', '')) for e in events(lines)]
        leaves = [d for k, d in kinds if k == 'leave']
        self.assertEqual(leaves, ['left 239.1.2.3',
                                  'left 239.1.2.4 on lo'])
        received = [e for e in events(lines) if e['kind'] == 'receive']
        self.assertEqual([bytes.fromhex(e['data']) for e in received],
                         [b'hello 239.1.2.3', b'hello 239.1.2.4'])
        ttl = [e for e in events(lines) if e.get('option') == 'IP_MULTICAST_TTL']
        self.assertEqual([(e['call'], e['asked'], e['ret']) for e in ttl], [('setsockopt', 2, 0)])

    def test_bound_to_the_group(self):
        with CliProcess('listen', 'udp://239.1.2.5:0', '--respond', 'upper', '--json') as server:
            port = server.bound_port()
            server.events_until(lambda e: e.get('kind') == 'join')
            out = run_cli('send', f'udp://239.1.2.5:{port}', 'shout', '--wait', 300,
                          '--multicast-ttl', 0)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(out.stdout, b'SHOUT')

    def test_ipv6_join_and_leave_are_logged(self):
        subprocess.run(['ip', '-6', 'route', 'add', 'ff00::/8', 'dev', 'lo', 'table', 'local'],
                       timeout=WAIT)
        with CliProcess('listen', 'udp://[::]:0', '--join', 'ff0e::1234', '--json') as server:
            server.bound_port()
            joined = server.events_until(lambda e: e.get('kind') == 'join')
            self.assertEqual(joined[-1]['detail'], 'joined ff0e::1234')
            server.stop()
            lines = list(server.out.all)
        self.assertIn('leave', [e['kind'] for e in events(lines)])

    def test_family_mismatch(self):
        out = run_cli('listen', 'udp://0.0.0.0:0', '--join', 'ff0e::1234')
        self.assertNotEqual(out.returncode, 0)
        self.assertIn('Cannot join ff0e::1234 on an IPv4 socket', out.stderr.decode())


if __name__ == '__main__':
    if INSIDE in sys.argv:
        sys.argv.remove(INSIDE)
        suite = unittest.defaultTestLoader.loadTestsFromTestCase(InsideNamespace)
        result = unittest.TextTestRunner(verbosity=2).run(suite)
        print('OK' if result.wasSuccessful() else 'FAILED')
        sys.exit(0 if result.wasSuccessful() else 1)
    loader = unittest.defaultTestLoader
    suite = unittest.TestSuite(loader.loadTestsFromTestCase(c) for c in (Broadcast, Options, Multicast))
    sys.exit(0 if unittest.TextTestRunner(verbosity=2).run(suite).wasSuccessful() else 1)
