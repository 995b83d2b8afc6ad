# test-cli.py: how socket-explorer-cli behaves as a command: help, exit
# statuses, one-line errors, signals, output modes, and resolve compared
# with Python's socket module
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import re
import signal
import socket
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import WAIT, CliProcess, events_of, recv_exactly, run_cli  # noqa: E402

HOST = '127.0.0.1'
PREFIX = 'socket-explorer-cli: '


def closed_port():
    """A TCP port on which nothing listens any more."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((HOST, 0))
    s.listen(1)
    port = s.getsockname()[1]
    s.close()
    return port


class Errors(unittest.TestCase):

    def assertFails(self, r, status, pattern=None):
        self.assertEqual(r.returncode, status, (r.stdout, r.stderr))
        err = r.stderr.decode('utf-8')
        self.assertTrue(err.startswith(PREFIX), err)
        self.assertTrue(err.endswith('\n'), err)
        self.assertEqual(err.count('\n'), 1, 'not one line: %r' % err)
        if pattern:
            self.assertRegex(err, re.compile(pattern, re.I))
        return err

    def test_refused(self):
        r = run_cli('send', 'tcp://%s:%d' % (HOST, closed_port()), 'hello')
        self.assertFails(r, 1, 'refused')
        self.assertEqual(r.stdout, b'')

    def test_bad_endpoint(self):
        for endpoint in ('foo://bar', 'tcp://127.0.0.1', 'tcp://127.0.0.1:99999', '127.0.0.1:80',
                         'tcp://[::1:80'):
            with self.subTest(endpoint=endpoint):
                self.assertFails(run_cli('send', endpoint, 'hello'), 2)
                self.assertFails(run_cli('listen', endpoint), 2)

    def test_bad_hex(self):
        port = closed_port()
        for data in ('zz', '4', '48 6'):
            with self.subTest(data=data):
                # Rejected before any connection attempt: not "refused".
                err = self.assertFails(run_cli('send', 'tcp://%s:%d' % (HOST, port), data, '--hex'), 2)
                self.assertNotIn('refused', err.lower())

    def test_bad_escape(self):
        self.assertFails(run_cli('send', 'tcp://%s:%d' % (HOST, closed_port()), 'bad \\xZZ'), 2)

    def test_bad_options(self):
        target = 'tcp://%s:%d' % (HOST, closed_port())
        self.assertFails(run_cli('send', target, 'x', '--repeat', '0'), 2, 'repeat')
        self.assertFails(run_cli('send', target, 'x', '--wait', 'soon'), 2, 'wait')
        self.assertFails(run_cli('send', target, 'x', '--eol', 'cr'), 2, 'eol')
        self.assertFails(run_cli('send', target, 'x', '--bogus'), 2, 'bogus')
        self.assertFails(run_cli('send', target), 2)
        self.assertFails(run_cli('send', target, 'x', 'y'), 2)
        self.assertFails(run_cli('listen', 'tcp://%s:0' % HOST, '--respond', 'bogus'), 2)
        self.assertFails(run_cli('listen', 'tcp://%s:0' % HOST, '--backlog', '-1'), 2)
        self.assertFails(run_cli('listen'), 2)
        self.assertFails(run_cli('resolve'), 2)
        self.assertFails(run_cli('resolve', 'localhost', '--hostname'), 2)
        self.assertFails(run_cli('frobnicate'), 2, 'frobnicate')

    def test_no_command(self):
        r = run_cli()
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'listen', r.stderr)

    def test_address_in_use(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind((HOST, 0))
            s.listen(1)
            r = run_cli('listen', 'tcp://%s:%d' % (HOST, s.getsockname()[1]))
            self.assertFails(r, 1, 'in use')
        finally:
            s.close()

    def test_reset_by_peer(self):
        # A peer that resets the connection (SO_LINGER 0) is a failure.
        srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        srv.settimeout(WAIT)
        try:
            srv.bind((HOST, 0))
            srv.listen(1)
            import struct
            import threading

            def reset():
                c, _ = srv.accept()
                c.settimeout(WAIT)
                c.recv(100)
                c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
                c.close()
            t = threading.Thread(target=reset, daemon=True)
            t.start()
            r = run_cli('send', 'tcp://%s:%d' % (HOST, srv.getsockname()[1]), 'hello', '--wait', '3000')
            t.join(WAIT)
            self.assertFails(r, 1, 'reset')
        finally:
            srv.close()


class Help(unittest.TestCase):

    def test_program_help(self):
        for args in (['--help'], ['-h'], ['help']):
            r = run_cli(*args)
            self.assertEqual(r.returncode, 0)
            out = r.stdout.decode('utf-8')
            for command in ('listen', 'send', 'resolve'):
                self.assertIn(command, out)
            self.assertIn('tcp://', out)

    def test_command_help(self):
        expected = {
            'listen': ['--respond', '--backlog', '--json', '--quiet', '--capture-budget', 'ENDPOINT'],
            'send': ['--hex', '--eol', '--repeat', '--interval', '--wait', '--timeout', '--json',
                     '--verbose', 'DATA'],
            'resolve': ['--hostname', '--protocol', '--json'],
        }
        for command, options in expected.items():
            for args in ([command, '--help'], ['help', command]):
                with self.subTest(args=args):
                    r = run_cli(*args)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    out = r.stdout.decode('utf-8')
                    self.assertIn('socket-explorer-cli ' + command, out)
                    for option in options:
                        self.assertIn(option, out)

    def test_version(self):
        r = run_cli('--version')
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout.decode('utf-8'), r'^socket-explorer-cli \d+\.\d+\.\d+\n$')


class Listen(unittest.TestCase):

    def test_sigterm_removes_unix_socket(self):
        with tempfile.TemporaryDirectory(prefix='se-cli-') as tmp:
            path = os.path.join(tmp, 'term.sock')
            with CliProcess('listen', 'unix://' + path, '--respond', 'echo') as cli:
                first = cli.first_line()
                self.assertEqual(first, 'listening on unix://' + path)
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.settimeout(WAIT)
                try:
                    s.connect(path)
                    s.sendall(b'ping')
                    self.assertEqual(recv_exactly(s, 4), b'ping')
                    rc, rest = cli.stop(signal.SIGTERM)
                    self.assertEqual(rc, 0, cli.stderr())
                    # Our connection was closed by the listener.
                    try:
                        self.assertEqual(s.recv(10), b'')
                    except ConnectionResetError:
                        pass
                finally:
                    s.close()
                self.assertFalse(os.path.exists(path), 'the socket file is left behind')
                self.assertEqual(cli.stderr(), '')
                self.assertTrue(any(' close ' in line for line in rest), rest)

    def test_show_options(self):
        # After the bound line, one line per option as getsockopt() reads
        # it, the same values Python reads of a socket made the same way
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--show-options') as cli:
            cli.bound_port()
            options = {}
            while 'O_NONBLOCK' not in options:
                name, value, explanation = cli.next_line().split(None, 2)
                options[name] = int(value)
                self.assertTrue(explanation)
        self.assertEqual(options['SO_REUSEADDR'], 1)
        self.assertEqual(options['O_NONBLOCK'], 1)
        self.assertEqual(options['TCP_NODELAY'], 0)
        self.assertNotIn('SO_BROADCAST', options)
        ref = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self.assertEqual(options['SO_RCVBUF'],
                             ref.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
        finally:
            ref.close()
        with CliProcess('listen', 'udp://%s:0' % HOST, '--show-options', '--json') as cli:
            cli.bound_port()
            options = {}
            while 'O_NONBLOCK' not in options:
                line = json.loads(cli.next_line())
                options[line['option']] = line['value']
        self.assertEqual(options['SO_BROADCAST'], 0)
        self.assertNotIn('TCP_NODELAY', options)

    def test_text_lines(self):
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--respond', 'upper') as cli:
            port = cli.bound_port()
            s = socket.create_connection((HOST, port), timeout=WAIT)
            try:
                s.sendall(b'abc')
                self.assertEqual(recv_exactly(s, 3), b'ABC')
            finally:
                s.close()
            rc, rest = cli.stop()
            self.assertEqual(rc, 0)
        text = '\n'.join(rest)
        for kind in ('listen', 'accept', 'receive', 'send', 'close'):
            self.assertRegex(text, r'\b%s\b' % kind)
        self.assertIn('tcp', text)
        self.assertIn('127.0.0.1:%d' % port, text)

    def test_quiet(self):
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--respond', 'echo', '--quiet') as cli:
            port = cli.bound_port()
            s = socket.create_connection((HOST, port), timeout=WAIT)
            try:
                s.sendall(b'quiet please')
                self.assertEqual(recv_exactly(s, 12), b'quiet please')
            finally:
                s.close()
            rc, rest = cli.stop()
            self.assertEqual(rc, 0)
            self.assertEqual(rest, [])

    def test_capture_budget(self):
        with CliProcess('listen', 'udp://%s:0' % HOST, '--respond', 'discard', '--json',
                        '--capture-budget', '4') as cli:
            port = cli.bound_port()
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.sendto(b'0123456789', (HOST, port))
            [ev] = [e for e in cli.events_until(lambda e: e['kind'] == 'receive')
                    if e['kind'] == 'receive']
            rc, rest = cli.stop()
            self.assertEqual(rc, 0)
        self.assertEqual(ev['size'], 10)  # exact, whatever was kept
        self.assertLessEqual(len(bytes.fromhex(ev['data'])), 4)
        self.assertEqual(b'0123456789'[:len(bytes.fromhex(ev['data']))], bytes.fromhex(ev['data']))
        self.assertIs(ev['data_complete'], False)


class Send(unittest.TestCase):

    def test_verbose(self):
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--respond', 'echo') as cli:
            port = cli.bound_port()
            r = run_cli('send', 'tcp://%s:%d' % (HOST, port), 'hello', '--verbose', '--wait', '300')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'hello')
            err = r.stderr.decode('utf-8')
            for kind in ('connect', 'send', 'receive', 'close'):
                self.assertRegex(err, r'\b%s\b' % kind)
            cli.stop()

    def test_wait_zero_still_sends(self):
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--respond', 'discard', '--json') as cli:
            port = cli.bound_port()
            payload = 'x' * 100000
            r = run_cli('send', 'tcp://%s:%d' % (HOST, port), payload, '--wait', '0')
            self.assertEqual(r.returncode, 0, r.stderr)

            def all_in(e, total=[0]):
                if e['kind'] == 'receive':
                    total[0] += e['size']
                return total[0] >= len(payload)
            cli.events_until(all_in)
            cli.stop()


class Resolve(unittest.TestCase):
    """resolve against what Python's socket module says."""

    def resolve_json(self, *args):
        r = run_cli('resolve', *args, '--json')
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_name(self):
        result = self.resolve_json('localhost')
        self.assertEqual(result['name'], 'localhost')
        ours = {(e['family'], e['socktype'], e['address']) for e in result['addresses']}
        python = {(socket.AddressFamily(ai[0]).name, socket.SocketKind(ai[1]).name, ai[4][0])
                  for ai in socket.getaddrinfo('localhost', None)}
        self.assertEqual(ours, python)

    def test_name_text(self):
        r = run_cli('resolve', 'localhost')
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout.decode('utf-8')
        self.assertIn('127.0.0.1', out)
        self.assertRegex(out, r'AF_INET +SOCK_STREAM +IPPROTO_TCP +127\.0\.0\.1')

    def test_address(self):
        result = self.resolve_json('127.0.0.1')
        name, aliases, addresses = socket.gethostbyaddr('127.0.0.1')
        self.assertEqual(result['reverse']['host_name'], name)
        self.assertIn('127.0.0.1', [e['address'] for e in result['addresses']])

    def test_service(self):
        try:
            http = socket.getservbyname('http', 'tcp')
            domain = socket.getservbyport(53, 'udp')
        except OSError:
            self.skipTest('no services database')
        result = self.resolve_json('http/tcp')
        self.assertEqual((result['port'], result['protocol']), (http, 'tcp'))
        result = self.resolve_json('53/udp')
        self.assertEqual((result['service'], result['port']), (domain, 53))
        r = run_cli('resolve', 'no-such-service/tcp')
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.decode().startswith(PREFIX))

    def test_protocol(self):
        for name in ('tcp', 'udp', 'icmp'):
            result = self.resolve_json('--protocol', name)
            self.assertEqual(result['number'], socket.getprotobyname(name))
        r = run_cli('resolve', '--protocol', 'no-such-protocol')
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode().count('\n'), 1)

    def test_hostname(self):
        hostname = socket.gethostname()
        try:
            with open('/etc/hosts') as f:
                known = hostname in f.read().split()
        except OSError:
            known = False
        if not known:
            # getfqdn() would ask a name server: stay on this machine.
            self.skipTest('the host name is not in /etc/hosts')
        result = self.resolve_json('--hostname')
        self.assertEqual(result['hostname'], hostname)
        self.assertTrue(result['fqdn'])


if __name__ == '__main__':
    unittest.main(verbosity=2)
