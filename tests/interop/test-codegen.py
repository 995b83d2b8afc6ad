# test-codegen.py: the programs of `socket-explorer-cli code` run against
# socket-explorer-cli, and the same bytes go both ways as between the CLI
# and itself
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   python3 test-codegen.py tcp|udp|unix|unix-dgram
#
# For each responder, the generated server (Python and C) answers
# `socket-explorer-cli send` with exactly what `socket-explorer-cli listen`
# answers; the generated clients send to `socket-explorer-cli listen
# --respond echo` exactly what `send` sends, and print the same replies.
# The C is built with gcc -Wall -Wextra -Werror. Skips (77) only without
# python3's peer, gcc.

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import SKIP, WAIT, CliProcess, cli_path, have_ipv6_loopback, run_cli  # noqa: E402

PROTOCOL = sys.argv[1] if len(sys.argv) > 1 else 'tcp'
STREAM = PROTOCOL in ('tcp', 'unix')
GCC = shutil.which('gcc')
PYTHON = sys.executable or shutil.which('python3')

RESPONDERS = ['echo', 'upper', 'timestamp', 'greeting', 'greeting=Hi\\x00 there\\n',
              'discard', 'none', 'framed', 'framed=LEN']

# ctime() in a reply: the one thing that may differ between two runs
STAMP = re.compile(rb'\[\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\]')

# What the listener tests send: two lines, 150 ms apart (the second is the
# framed responder's go-ahead)
SEND_ARGS = ['Hello, socket\\n', '--repeat', '2', '--interval', '150', '--wait', '300']

# What the client tests send: text with every kind of escape, hex, UTF-8,
# and bytes that are not UTF-8; (DATA, options)
MESSAGES = [
    ('hello', ['--eol', 'lf', '--wait', '300']),
    ('say "hi"??=\\t\\\\ it\'s \\x41BC\\x00', ['--eol', 'crlf', '--repeat', '3', '--interval', '50',
                                         '--wait', '300']),
    ('你好, 世界', ['--repeat', '2', '--wait', '300']),
    ('\\xff\\xfeA', ['--wait', '300']),
    ('48 65 6c 6c 6f 0a', ['--hex', '--wait', '300']),
]


def endpoint(tmp, name):
    if PROTOCOL in ('tcp', 'udp'):
        return '%s://127.0.0.1:0' % PROTOCOL
    return '%s://%s' % (PROTOCOL, os.path.join(tmp, name))


def normalize(data):
    return STAMP.sub(b'[STAMP]', data)


class Program:
    """A generated program, written out (and built, for C)."""

    def __init__(self, tmp, lang, *code_args):
        r = run_cli('code', *code_args, '--lang', lang)
        if r.returncode != 0:
            raise AssertionError('code %r failed: %s' % (code_args, r.stderr.decode()))
        self.source = r.stdout
        base = tempfile.mktemp(prefix='prog', dir=tmp)
        if lang == 'python':
            path = base + '.py'
            with open(path, 'wb') as f:
                f.write(self.source)
            self.argv = [PYTHON, path]
        else:
            path = base + '.c'
            with open(path, 'wb') as f:
                f.write(self.source)
            cc = subprocess.run([GCC, '-Wall', '-Wextra', '-Werror', '-o', base, path],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
            if cc.returncode != 0:
                raise AssertionError('gcc failed:\n%s\n%s' % (cc.stdout.decode(), self.source.decode()))
            self.argv = [base]


class Server:
    """A generated server running; its first line gives the endpoint."""

    def __init__(self, program):
        self.proc = subprocess.Popen(program.argv, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.program = program

    def bound_endpoint(self):
        line = self.proc.stdout.readline().decode().strip()
        m = re.fullmatch(r'listening on (\S+://\S+)', line)
        if not m:
            self.proc.kill()
            raise AssertionError('first line %r; stderr: %s'
                                 % (line, self.proc.stderr.read().decode()))
        return m.group(1)

    def stop(self):
        """Stops it as Ctrl+C would; returns its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError('the generated server did not stop')
        self.proc.stdout.close()
        self.proc.stderr.close()
        return rc


class CodegenTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix='se-codegen-')
        self.progs = tempfile.mkdtemp(prefix='se-codegen-progs-')

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        shutil.rmtree(self.progs, ignore_errors=True)

    def send_args(self, respond):
        # The greeting server of the seeds closes without reading: a client
        # that sent something would get a reset (the kernel's answer to a
        # close with unread data) or not, by chance. Its client sends nothing.
        if STREAM and respond.startswith('greeting'):
            return ['', '--wait', '300']
        return SEND_ARGS

    def cli_replies(self, respond, name):
        """What `send` gets from `listen --respond R`."""
        with CliProcess('listen', endpoint(self.tmp, name), '--respond', respond, '--quiet') as srv:
            bound = srv.bound_endpoint()
            r = run_cli('send', bound, *self.send_args(respond))
            srv.stop()
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def check_server(self, respond, index):
        """Both generated servers against the CLI's own; returns problems."""
        problems = []
        expected = normalize(self.cli_replies(respond, 'ref%d.sock' % index))
        for lang in ('python', 'c'):
            where = endpoint(self.tmp, 'gen%d-%s.sock' % (index, lang))
            program = Program(self.progs, lang, 'listen', where, '--respond', respond)
            server = Server(program)
            try:
                bound = server.bound_endpoint()
                if PROTOCOL in ('tcp', 'udp'):
                    self.assertRegex(bound, r'^%s://127\.0\.0\.1:[1-9]\d*$' % PROTOCOL)
                else:
                    self.assertEqual(bound, where)
                r = run_cli('send', bound, *self.send_args(respond))
            finally:
                rc = server.stop()
            what = '%s in %s' % (respond, lang)
            if r.returncode != 0:
                problems.append('%s: send failed: %s' % (what, r.stderr))
            elif normalize(r.stdout) != expected:
                problems.append('%s: got %r, the CLI\'s listener sends %r' % (what, r.stdout, expected))
            elif respond == 'timestamp' and not re.match(rb'^\[\w{3} \w{3} [ \d]\d .*\] Hello, socket\n',
                                                         r.stdout):
                problems.append('%s: not a ctime stamp: %r' % (what, r.stdout))
            if PROTOCOL.startswith('unix') and (rc != 0 or os.path.exists(where)):
                # Stopped by SIGTERM, it ends well and removes its socket file
                problems.append('%s: exit %d, socket file left: %s' % (what, rc, os.path.exists(where)))
        return problems

    def test_servers(self):
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(self.check_server, RESPONDERS, range(len(RESPONDERS))))
        problems = [p for result in results for p in result]
        self.assertEqual(problems, [])

    def sent_by(self, lang, data, options, index):
        """Runs a client (the CLI's send with lang None) against `listen
        --respond echo --json`; returns (its stdout, its exit code and
        stderr, the bytes the listener received, per receive)."""
        with CliProcess('listen', endpoint(self.tmp, 'echo%d-%s.sock' % (index, lang)),
                        '--respond', 'echo', '--json') as srv:
            bound = srv.bound_endpoint()
            if lang is None:
                r = run_cli('send', bound, data, *options)
                out, rc, err = r.stdout, r.returncode, r.stderr
            else:
                # The generated client has the endpoint inside: give it the port
                program = Program(self.progs, lang, 'send', bound, data, *options)
                p = subprocess.run(program.argv, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
                out, rc, err = p.stdout, p.returncode, p.stderr
            srv.stop()
            events = [json.loads(line) for line in srv.out.all[1:] if line.startswith('{')]
        received = [bytes.fromhex(e.get('data', '')) for e in events if e.get('kind') == 'receive']
        return out, (rc, err), received

    def check_client(self, message, index):
        data, options = message
        problems = []
        expected_out, status, expected_in = self.sent_by(None, data, options, index)
        if status[0] != 0 or not expected_out:
            return ['%r: the CLI\'s send failed: %r' % (data, status)]
        for lang in ('python', 'c'):
            out, status, received = self.sent_by(lang, data, options, index)
            what = '%r in %s' % (data, lang)
            if status[0] != 0:
                problems.append('%s: exit %d: %s' % (what, status[0], status[1]))
            if out != expected_out:
                problems.append('%s: printed %r, the CLI %r' % (what, out, expected_out))
            # A stream has no message boundaries: compare the bytes
            if STREAM and b''.join(received) != b''.join(expected_in):
                problems.append('%s: sent %r, the CLI %r' % (what, received, expected_in))
            if not STREAM and received != expected_in:
                problems.append('%s: sent %r, the CLI %r' % (what, received, expected_in))
        return problems

    def test_clients(self):
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(self.check_client, MESSAGES, range(len(MESSAGES))))
        problems = [p for result in results for p in result]
        self.assertEqual(problems, [])

    def test_read_size(self):
        # recv(4) cuts "Hello, socket\n" into pieces of 4 bytes at most
        for lang in ('python', 'c'):
            with self.subTest(lang=lang):
                where = endpoint(self.tmp, 'small-%s.sock' % lang)
                program = Program(self.progs, lang, 'listen', where, '--respond', 'framed',
                                  '--read-size', '4')
                self.assertIn(b'4', program.source)
                server = Server(program)
                try:
                    bound = server.bound_endpoint()
                    r = run_cli('send', bound, 'Hello, socket\\n', '--wait', '300')
                finally:
                    server.stop()
                self.assertEqual(r.returncode, 0, r.stderr)
                if STREAM:
                    # Header for "Hell", then "o, s" is the go-ahead: "Hell"…
                    self.assertTrue(r.stdout.startswith(b'CMD_RESULT_SIZE|4Hell'), r.stdout)
                else:
                    # A datagram is cut to the read size, the rest is lost
                    self.assertEqual(r.stdout, b'CMD_RESULT_SIZE|4Hell')

    def test_ipv6(self):
        if PROTOCOL not in ('tcp', 'udp') or not have_ipv6_loopback():
            self.skipTest('IPv6 loopback only, for TCP and UDP')
        for lang in ('python', 'c'):
            with self.subTest(lang=lang):
                program = Program(self.progs, lang, 'listen', '%s://[::1]:0' % PROTOCOL,
                                  '--respond', 'upper')
                server = Server(program)
                try:
                    bound = server.bound_endpoint()
                    self.assertRegex(bound, r'^%s://\[::1\]:[1-9]\d*$' % PROTOCOL)
                    r = run_cli('send', bound, 'hi\\n', '--wait', '300')
                finally:
                    server.stop()
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(r.stdout, b'HI\n')

    def test_translated_comments(self):
        # Comments in Chinese for a zh_CN user; the code still builds and
        # prints the same untranslated first line
        localedir = os.path.join(os.environ.get('SE_BUILD_ROOT', ''), 'po')
        if not os.path.exists(os.path.join(localedir, 'zh_CN', 'LC_MESSAGES')):
            self.skipTest('the zh_CN catalog is not built')
        env = dict(os.environ, LANGUAGE='zh_CN', LC_ALL='C.UTF-8', SE_LOCALEDIR=localedir)
        for lang, suffix in (('python', '.py'), ('c', '.c')):
            with self.subTest(lang=lang):
                r = subprocess.run([cli_path(), 'code', 'listen', endpoint(self.tmp, 'zh.sock'),
                                    '--respond', 'timestamp', '--lang', lang],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, timeout=30)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn('第 1 步'.encode(), r.stdout)
                path = os.path.join(self.progs, 'zh' + suffix)
                with open(path, 'wb') as f:
                    f.write(r.stdout)
                if lang == 'python':
                    check = [PYTHON, '-m', 'py_compile', path]
                else:
                    check = [GCC, '-Wall', '-Wextra', '-Werror', '-o', path[:-2], path]
                done = subprocess.run(check, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
                self.assertEqual(done.returncode, 0, done.stdout)
                program = Program.__new__(Program)
                program.argv = [PYTHON, path] if lang == 'python' else [path[:-2]]
                server = Server(program)
                try:
                    self.assertRegex(server.bound_endpoint(), r'^%s://' % PROTOCOL)
                finally:
                    server.stop()


if __name__ == '__main__':
    cli_path()
    if GCC is None:
        print('gcc is not installed; skipping')
        sys.exit(SKIP)
    if PROTOCOL not in ('tcp', 'udp', 'unix', 'unix-dgram'):
        sys.exit('usage: test-codegen.py tcp|udp|unix|unix-dgram')
    unittest.main(argv=sys.argv[:1], verbosity=2)
