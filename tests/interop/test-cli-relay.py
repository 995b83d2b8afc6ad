# test-cli-relay.py: socket-explorer-cli relay between Python clients and
# Python or socat servers, over TCP, Unix stream sockets and UDP
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import (WAIT, CliProcess, ServerThread, events_of,  # noqa: E402
                     joined_data, recv_exactly, run_cli)

HOST = '127.0.0.1'


def tcp_server():
    """A listening socket and a thread that serves one client like the
    seeds' servers: read to EOF, then answer with what came, uppercased."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind((HOST, 0))
    srv.listen(1)
    srv.settimeout(WAIT)

    def serve():
        conn, _ = srv.accept()
        with conn:
            conn.settimeout(WAIT)
            data = b''
            while True:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            # The client's FIN arrived through the relay; the reply still
            # goes back through it.
            conn.sendall(data.upper())
        srv.close()
        return data

    thread = ServerThread(serve)
    thread.start()
    return srv.getsockname()[1], thread


def events_counting(cli, predicate, n):
    """Reads events until n of them satisfy predicate; returns them all."""
    matched = []

    def enough(event):
        if predicate(event):
            matched.append(event)
        return len(matched) >= n

    return cli.events_until(enough)


class RelayTcp(unittest.TestCase):

    def test_tcp_to_tcp_half_close(self):
        port, server = tcp_server()
        with CliProcess('relay', 'tcp://%s:0' % HOST, 'tcp://%s:%d' % (HOST, port), '--json') as cli:
            relay_port = cli.bound_port()
            with socket.create_connection((HOST, relay_port), timeout=WAIT) as c:
                c.sendall(b'hello through the relay')
                c.shutdown(socket.SHUT_WR)
                reply = recv_exactly(c, 100)
            self.assertEqual(reply, b'HELLO THROUGH THE RELAY')
            self.assertEqual(server.finish(), b'hello through the relay')

            # Both legs close: the client's and the one to the target.
            everything = events_counting(cli, lambda e: e['kind'] == 'close' and e.get('conn'), 2)
            rc, _ = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())

        accepts = events_of(everything, 'accept')
        self.assertEqual(len(accepts), 1)
        client_leg = accepts[0]['conn']
        relayed = [e for e in events_of(everything, 'connect', client_leg)
                   if 'relayed to connection' in e['detail']]
        self.assertEqual(len(relayed), 1)
        target_leg = int(relayed[0]['detail'].split('#')[1].split()[0])
        self.assertNotEqual(target_leg, client_leg)
        self.assertEqual(joined_data(events_of(everything, 'receive', client_leg)),
                         b'hello through the relay')
        self.assertEqual(joined_data(events_of(everything, 'send', target_leg)),
                         b'hello through the relay')
        self.assertEqual(joined_data(events_of(everything, 'receive', target_leg)),
                         b'HELLO THROUGH THE RELAY')
        self.assertEqual(joined_data(events_of(everything, 'send', client_leg)),
                         b'HELLO THROUGH THE RELAY')
        # The client's FIN, passed on as shutdown(SHUT_WR) to the target.
        self.assertTrue(any('SHUT_WR' in e['detail']
                            for e in events_of(everything, 'shutdown', target_leg)))

    def test_tcp_to_unix_socat(self):
        if shutil.which('socat') is None:
            self.skipTest('socat is not installed')
        tmp = tempfile.mkdtemp()
        path = os.path.join(tmp, 'echo.sock')
        socat = subprocess.Popen(['socat', 'UNIX-LISTEN:%s,fork' % path, 'EXEC:cat'],
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + WAIT
            while not os.path.exists(path) and time.monotonic() < deadline:
                time.sleep(0.02)
            with CliProcess('relay', 'tcp://%s:0' % HOST, 'unix://' + path, '--quiet') as cli:
                relay_port = cli.bound_port()
                data = os.urandom(256 * 1024)
                with socket.create_connection((HOST, relay_port), timeout=WAIT) as c:
                    c.sendall(data)
                    c.shutdown(socket.SHUT_WR)
                    back = recv_exactly(c, len(data) + 1)
                self.assertEqual(back, data)
                rc, _ = cli.stop()
                self.assertEqual(rc, 0, cli.stderr())
        finally:
            socat.kill()
            socat.wait(WAIT)
            shutil.rmtree(tmp, ignore_errors=True)

    def test_target_refused(self):
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            port = probe.getsockname()[1]
            with CliProcess('relay', 'tcp://%s:0' % HOST, 'tcp://%s:%d' % (HOST, port), '--json') as cli:
                relay_port = cli.bound_port()
                with socket.create_connection((HOST, relay_port), timeout=WAIT) as c:
                    try:
                        self.assertEqual(c.recv(10), b'')
                    except ConnectionResetError:
                        pass
                events = cli.events_until(lambda e: e['kind'] == 'error' and
                                          e['detail'].startswith('Relay: cannot reach'))
                self.assertTrue(any('refused' in e['detail'].lower()
                                    for e in events_of(events, 'error')))
                cli.stop()


class RelayUdp(unittest.TestCase):

    def test_two_sources_and_expiry(self):
        target = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        target.bind((HOST, 0))
        target.settimeout(WAIT)

        def echo(n):
            senders = set()
            for _ in range(n):
                data, addr = target.recvfrom(2048)
                senders.add(addr)
                target.sendto(b'echo:' + data, addr)
            return senders

        server = ServerThread(echo, 2)
        server.start()
        with CliProcess('relay', 'udp://%s:0' % HOST, 'udp://%s:%d' % target.getsockname(),
                        '--json', '--idle-timeout', '0.3') as cli:
            relay_port = cli.bound_port()
            a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            for s in (a, b):
                s.settimeout(WAIT)
            a.sendto(b'from a', (HOST, relay_port))
            self.assertEqual(a.recvfrom(2048)[0], b'echo:from a')
            b.sendto(b'from b', (HOST, relay_port))
            self.assertEqual(b.recvfrom(2048)[0], b'echo:from b')
            # Each source had a socket of its own towards the target.
            self.assertEqual(len(server.finish()), 2)

            events = events_counting(cli, lambda e: e['kind'] == 'close' and
                                     'without a datagram' in e['detail'], 2)
            a.close()
            b.close()
            rc, _ = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())
        target.close()
        conns = {e['conn'] for e in events_of(events, 'send') if e.get('conn')}
        self.assertEqual(len(conns), 2)


class RelayUsage(unittest.TestCase):

    def test_help(self):
        r = run_cli('--help')
        self.assertEqual(r.returncode, 0)
        self.assertIn(b'relay LISTEN-ENDPOINT TARGET-ENDPOINT', r.stdout)
        for args in (['relay', '--help'], ['help', 'relay']):
            r = run_cli(*args)
            self.assertEqual(r.returncode, 0, r.stderr)
            for option in (b'--idle-timeout', b'--json', b'--quiet', b'LISTEN-ENDPOINT TARGET-ENDPOINT'):
                self.assertIn(option, r.stdout)

    def test_bad_command_lines(self):
        r = run_cli('relay', 'tcp://%s:0' % HOST, 'udp://%s:9' % HOST)
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'like with like', r.stderr)
        r = run_cli('relay', 'tcp://%s:0' % HOST)
        self.assertEqual(r.returncode, 2)
        r = run_cli('relay', 'tcp://%s:0' % HOST, 'tcp://%s:9' % HOST, '--idle-timeout', 'soon')
        self.assertEqual(r.returncode, 2)
        self.assertIn(b'--idle-timeout', r.stderr)


if __name__ == '__main__':
    unittest.main()
