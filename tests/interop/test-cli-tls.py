# test-cli-tls.py: tls:// endpoints of socket-explorer-cli against
# `openssl s_server`, `openssl s_client`, Python's ssl module and itself
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Skipped (77) only when GIO has no TLS backend (glib-networking is not
# installed); the openssl cases are skipped one by one without openssl.

import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import SKIP, WAIT, CliProcess, _LineReader, free_port, run_cli  # noqa: E402

HOST = '127.0.0.1'
FINGERPRINT_RE = r'certificate SHA-256 ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})$'


def make_certificate(directory, san='DNS:localhost,IP:127.0.0.1'):
    """A self-signed certificate and key made by openssl (PEM files)."""
    cert = os.path.join(directory, 'cert.pem')
    key = os.path.join(directory, 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec',
                    '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
                    '-keyout', key, '-out', cert, '-days', '1',
                    '-subj', '/CN=localhost', '-addext', 'subjectAltName=' + san],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=30)
    return cert, key


def openssl_fingerprint(cert):
    out = subprocess.run(['openssl', 'x509', '-in', cert, '-noout', '-fingerprint', '-sha256'],
                         check=True, stdout=subprocess.PIPE, timeout=30).stdout.decode()
    return out.strip().split('=', 1)[1]


class TlsListener:
    """socket-explorer-cli listen tls://127.0.0.1:0 …: its port and fingerprint."""

    def __init__(self, *args):
        self.cli = CliProcess('listen', 'tls://%s:0' % HOST, *args)

    def __enter__(self):
        self.cli.__enter__()
        first = self.cli.first_line()
        m = re.search(r'listening on tls://127\.0\.0\.1:(\d+)$', first)
        if not m:
            raise AssertionError('unexpected first line %r; stderr %s' % (first, self.cli.stderr()))
        self.port = int(m.group(1))
        second = self.cli.next_line()
        m = re.search(FINGERPRINT_RE, second)
        if not m:
            raise AssertionError('no fingerprint line: %r' % second)
        self.fingerprint = m.group(1)
        return self

    def __exit__(self, *exc):
        return self.cli.__exit__(*exc)

    def lines_until(self, pattern, timeout=WAIT):
        deadline = time.monotonic() + timeout
        seen = []
        while time.monotonic() < deadline:
            line = self.cli.next_line(max(deadline - time.monotonic(), 0.01))
            seen.append(line)
            if re.search(pattern, line):
                return seen
        raise AssertionError('no line like %r in %r' % (pattern, seen))


class SelfSigned(unittest.TestCase):
    """A listener with a certificate made on the spot, and the CLI as client."""

    def test_insecure_echo_shows_handshake(self):
        with TlsListener('--respond', 'echo') as server:
            r = run_cli('send', '--insecure', 'tls://%s:%d' % (HOST, server.port),
                        'hello tls\\n', '--wait', '1000')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'hello tls\n')
            err = r.stderr.decode()
            # Version, cipher, the chain and the failed check in plain words.
            self.assertRegex(err, r'TLS: TLS 1\.[23], TLS_\w+')
            self.assertIn('subject: O=Socket Explorer (self-signed),CN=localhost\n', err)
            self.assertIn('SHA-256: ' + server.fingerprint, err)
            self.assertIn('No trusted certificate authority signed this certificate (TLS_UNKNOWN_CA)', err)
            self.assertIn('accepted because checking was turned off', err)
            # The server logs its side of the handshake, then the data.
            lines = server.lines_until(r' receive tcp #\d+ ')
            self.assertTrue(any(re.search(r' tls tcp #\d+ .*TLS 1\.[23], TLS_', l) for l in lines), lines)

    def test_pinned_fingerprint(self):
        with TlsListener('--respond', 'upper') as server:
            pin = server.fingerprint.replace(':', '').lower()
            r = run_cli('send', '--pin', pin, 'tls://localhost:%d' % server.port,
                        'pinned', '--wait', '1000')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'PINNED')
            self.assertIn('accepted because its fingerprint is the pinned one', r.stderr.decode())

    def test_wrong_pin_is_refused(self):
        with TlsListener('--respond', 'echo') as server:
            r = run_cli('send', '--pin', 'ab' * 32, 'tls://%s:%d' % (HOST, server.port),
                        'never sent', '--wait', '1000')
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stdout, b'')
            self.assertIn('not the pinned one', r.stderr.decode())

    def test_verification_failure_explained(self):
        with TlsListener('--respond', 'echo') as server:
            r = run_cli('send', '--json', 'tls://%s:%d' % (HOST, server.port), 'x', '--wait', '1000')
            self.assertEqual(r.returncode, 1)
            events = [__import__('json').loads(l) for l in r.stdout.decode().splitlines()]
            errors = [e for e in events if e['kind'] == 'error']
            self.assertTrue(errors, events)
            self.assertIn('No trusted certificate authority signed this certificate (TLS_UNKNOWN_CA)',
                          errors[0]['detail'])
            self.assertNotIn('tls', [e['kind'] for e in events])
            # The name in brackets is what `explain` takes.
            e = run_cli('explain', 'TLS_UNKNOWN_CA')
            self.assertEqual(e.returncode, 0, e.stderr)
            self.assertIn(b'self-signed', e.stdout)

    def test_plain_tcp_client_is_a_handshake_failure(self):
        with TlsListener('--respond', 'echo') as server:
            with socket.create_connection((HOST, server.port), timeout=WAIT) as s:
                s.sendall(b'GET / HTTP/1.0\r\n\r\n')
                s.settimeout(WAIT)
                try:
                    while s.recv(4096):
                        pass
                except ConnectionResetError:
                    pass
            lines = server.lines_until(r' error tcp #\d+ .*TLS handshake failed')
            self.assertIn('TLS_HANDSHAKE_FAILED', lines[-1])

    def test_silent_peer_times_out(self):
        """A peer that connects and says nothing gives up its handshake
        after 10 s, logged, instead of holding a worker thread for ever."""
        with TlsListener('--respond', 'echo') as server:
            with socket.create_connection((HOST, server.port), timeout=WAIT):
                started = time.monotonic()
                lines = server.lines_until(r' error tcp #\d+ .*TLS handshake failed', timeout=20)
                self.assertGreater(time.monotonic() - started, 8)
                self.assertRegex(lines[-1], r'(?i)timed out')

    def test_relay_terminates_tls(self):
        """relay tls://… tcp://…: a TLS front for a plain server, both legs logged."""
        with CliProcess('listen', 'tcp://%s:0' % HOST, '--respond', 'upper') as plain:
            target = plain.bound_endpoint()
            with CliProcess('relay', 'tls://%s:0' % HOST, target) as relay:
                m = re.search(r'listening on tls://127\.0\.0\.1:(\d+)$', relay.first_line())
                self.assertIsNotNone(m)
                self.assertRegex(relay.next_line(), FINGERPRINT_RE)
                r = run_cli('send', '--insecure', 'tls://%s:%s' % (HOST, m.group(1)),
                            'through a tls relay\\n', '--wait', '1000')
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout, b'THROUGH A TLS RELAY\n')

    def test_bad_input(self):
        r = run_cli('listen', 'tls://%s:0' % HOST, '--cert', '/nonexistent/cert.pem')
        self.assertEqual(r.returncode, 1)
        self.assertIn(b'/nonexistent/cert.pem', r.stderr)
        r = run_cli('listen', 'tcp://%s:0' % HOST, '--cert', 'x.pem')
        self.assertEqual(r.returncode, 2)
        r = run_cli('relay', 'tls://%s:0' % HOST, 'tcp://%s:1' % HOST, '--cert', '/nonexistent/cert.pem')
        self.assertEqual(r.returncode, 1)
        self.assertIn(b'/nonexistent/cert.pem', r.stderr)
        r = run_cli('send', '--insecure', 'tcp://%s:1' % HOST, 'x')
        self.assertEqual(r.returncode, 2)
        r = run_cli('send', '--pin', 'not-a-fingerprint', 'tls://%s:1' % HOST, 'x')
        self.assertEqual(r.returncode, 2)
        with tempfile.TemporaryDirectory(prefix='se-tls-') as tmp:
            junk = os.path.join(tmp, 'junk.pem')
            with open(junk, 'w') as f:
                f.write('not a certificate\n')
            r = run_cli('listen', 'tls://%s:0' % HOST, '--cert', junk)
            self.assertEqual(r.returncode, 1)
            self.assertIn(b'Cannot use the certificate', r.stderr)


@unittest.skipIf(shutil.which('openssl') is None, 'openssl is not installed')
class OpenSsl(unittest.TestCase):
    """openssl s_server as the server, openssl s_client and Python's ssl as clients."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='se-tls-')
        self.cert, self.key = make_certificate(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_cafile_verifies_and_explains_a_wrong_name(self):
        """--cafile: the chain leads to a trusted authority, so the check
        passes, or names only what is still wrong (the host name)."""
        with TlsListener('--respond', 'echo', '--cert', self.cert, '--key', self.key) as server:
            r = run_cli('send', '--cafile', self.cert, 'tls://127.0.0.1:%d' % server.port,
                        'trusted\\n', '--wait', '1000')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'trusted\n')
            self.assertIn('verified: a trusted authority signed it, for this host name',
                          r.stderr.decode())
        only_name = tempfile.mkdtemp(dir=self.tmp.name)
        cert, key = make_certificate(only_name, san='DNS:localhost')
        with TlsListener('--respond', 'echo', '--cert', cert, '--key', key) as server:
            r = run_cli('send', '--cafile', cert, 'tls://127.0.0.1:%d' % server.port, 'x',
                        '--wait', '1000')
            self.assertEqual(r.returncode, 1)
            err = r.stderr.decode()
            self.assertIn('The certificate is for another host name (TLS_BAD_IDENTITY)', err)
            self.assertNotIn('TLS_UNKNOWN_CA', err)
            r = run_cli('send', '--cafile', cert, 'tls://localhost:%d' % server.port, 'by name\\n',
                        '--wait', '1000')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'by name\n')
            # A CA file that is not there fails the connect, with the reason
            r = run_cli('send', '--cafile', os.path.join(self.tmp.name, 'none.pem'),
                        'tls://localhost:%d' % server.port, 'x')
            self.assertEqual(r.returncode, 1)
            self.assertIn(b'Cannot use the certificate authorities of', r.stderr)

    def test_cli_client_against_s_server(self):
        port = free_port()
        proc = subprocess.Popen(['openssl', 's_server', '-accept', '%s:%d' % (HOST, port),
                                 '-cert', self.cert, '-key', self.key, '-rev', '-naccept', '1'],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        out = _LineReader(proc.stdout)
        out.start()
        try:
            deadline = time.monotonic() + WAIT
            while 'ACCEPT' not in out.all and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertIn('ACCEPT', out.all)
            r = run_cli('send', '--pin', openssl_fingerprint(self.cert),
                        'tls://%s:%d' % (HOST, port), 'hello openssl\\n', '--wait', '1000')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'lssnepo olleh\n')
            err = r.stderr.decode()
            self.assertIn('subject: CN=localhost\n', err)
            self.assertIn('SHA-256: ' + openssl_fingerprint(self.cert), err)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(WAIT)
            proc.stdout.close()

    def test_s_client_against_cli_listener(self):
        with TlsListener('--respond', 'greeting=hello from socket explorer',
                         '--cert', self.cert, '--key', self.key) as server:
            self.assertEqual(server.fingerprint, openssl_fingerprint(self.cert))
            r = subprocess.run(['openssl', 's_client', '-connect', '%s:%d' % (HOST, server.port),
                                '-servername', 'localhost', '-CAfile', self.cert,
                                '-verify_return_error', '-quiet'],
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=30)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'hello from socket explorer')
            self.assertIn(b'verify return:1', r.stderr)

    def test_python_ssl_echo_verified(self):
        with TlsListener('--respond', 'echo', '--cert', self.cert, '--key', self.key) as server:
            context = ssl.create_default_context(cafile=self.cert)
            with socket.create_connection((HOST, server.port), timeout=WAIT) as raw:
                with context.wrap_socket(raw, server_hostname='localhost') as s:
                    # Larger than one TLS record: the stream is read whole.
                    data = bytes(range(256)) * 400
                    s.sendall(data)
                    got = b''
                    while len(got) < len(data):
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        got += chunk
                    self.assertEqual(got, data)
                    s.unwrap()


@unittest.skipIf(shutil.which('openssl') is None, 'openssl is not installed')
class GeneratedCode(unittest.TestCase):
    """`code` for tls:// endpoints: Python's ssl module, against the CLI."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix='se-tls-code-')
        self.cert, self.key = make_certificate(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_python_server(self):
        r = run_cli('code', 'listen', 'tls://127.0.0.1:0', '--respond', 'upper')
        self.assertEqual(r.returncode, 0, r.stderr)
        program = os.path.join(self.tmp.name, 'server.py')
        with open(program, 'wb') as f:
            f.write(r.stdout)
        # It reads cert.pem and key.pem from where it runs
        proc = subprocess.Popen([sys.executable, program], cwd=self.tmp.name,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        out = _LineReader(proc.stdout)
        out.start()
        try:
            first = out.lines.get(timeout=WAIT)
            m = re.match(r'listening on tls://127\.0\.0\.1:(\d+)$', first or '')
            self.assertIsNotNone(m, first)
            r = run_cli('send', '--pin', openssl_fingerprint(self.cert),
                        'tls://127.0.0.1:%s' % m.group(1), 'hello python\\n', '--wait', '1000')
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b'HELLO PYTHON\n')
        finally:
            proc.kill()
            proc.wait(WAIT)
            proc.stdout.close()
            proc.stderr.close()

    def test_python_client_verifies(self):
        with TlsListener('--respond', 'echo', '--cert', self.cert, '--key', self.key) as server:
            r = run_cli('code', 'send', 'tls://127.0.0.1:%d' % server.port, 'checked', '--eol', 'lf')
            self.assertEqual(r.returncode, 0, r.stderr)
            program = os.path.join(self.tmp.name, 'client.py')
            with open(program, 'wb') as f:
                f.write(r.stdout)
            # Trusting this certificate as the authority: verified, echoed
            env = dict(os.environ, SSL_CERT_FILE=self.cert)
            ok = subprocess.run([sys.executable, program], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, timeout=30)
            self.assertEqual(ok.returncode, 0, ok.stderr)
            self.assertEqual(ok.stdout, b'checked\n')
            # An empty list of authorities: refused, as the comment says
            empty = os.path.join(self.tmp.name, 'empty.pem')
            open(empty, 'w').close()
            env = dict(os.environ, SSL_CERT_FILE=empty, SSL_CERT_DIR=self.tmp.name)
            refused = subprocess.run([sys.executable, program], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, timeout=30)
            self.assertNotEqual(refused.returncode, 0)
            self.assertIn(b'CERTIFICATE_VERIFY_FAILED', refused.stderr)

    def test_c_says_it_is_plain_tcp(self):
        r = run_cli('code', '--lang', 'c', 'send', 'tls://127.0.0.1:443', 'x')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b'this program speaks plain TCP', r.stdout)


def tls_backend_missing():
    r = run_cli('listen', 'tls://%s:0' % HOST, '--cert', os.devnull)
    return b'no TLS backend' in r.stderr


if __name__ == '__main__':
    if tls_backend_missing():
        print('GIO has no TLS backend (install glib-networking); skipping')
        sys.exit(SKIP)
    unittest.main(verbosity=2)
