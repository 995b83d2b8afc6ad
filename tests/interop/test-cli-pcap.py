# test-cli-pcap.py: listen --pcap and send --pcap, read back with tshark
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Real exchanges on loopback (TCP with a Python client, UDP over IPv4 and
# IPv6, Unix stream and datagram) are written as pcapng by the CLI; tshark
# (Wireshark's dissectors, not ours) must find the payload bytes, the
# addresses and ports, and the order. Skipped (77) only when tshark is not
# installed.

import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cliutil import SKIP, WAIT, CliProcess, have_ipv6_loopback, recv_exactly, run_cli  # noqa: E402

TSHARK = shutil.which('tshark')


def tshark_fields(path, fields, display_filter=None, options=()):
    """One tuple of field values per packet, in file order."""
    argv = [TSHARK, '-n', '-r', path, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=f']
    for option in options:
        argv += ['-o', option]
    if display_filter:
        argv += ['-Y', display_filter]
    for field in fields:
        argv += ['-e', field]
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            timeout=60, text=True)
    if result.returncode != 0:
        raise AssertionError('tshark failed (%d): %s' % (result.returncode, result.stderr))
    return [tuple(line.split('\t')) for line in result.stdout.splitlines()]


def tshark_follow_raw(path, stream=0):
    """The two directions of a TCP stream as tshark reassembles them."""
    result = subprocess.run([TSHARK, '-n', '-r', path, '-q', '-z', 'follow,tcp,raw,%d' % stream],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60, text=True)
    if result.returncode != 0:
        raise AssertionError('tshark failed (%d): %s' % (result.returncode, result.stderr))
    # After the header, lines of hex; the server's lines are indented by a tab.
    client, server = b'', b''
    body = result.stdout.split('Node 1:', 1)[1].split('\n', 1)[1]
    for line in body.splitlines():
        if not line.strip() or line.startswith('='):
            continue
        if line.startswith('\t'):
            server += bytes.fromhex(line.strip())
        else:
            client += bytes.fromhex(line.strip())
    return client, server


class PcapExport(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def assert_private(self, path):
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)

    def test_relay_both_legs(self):
        """relay --pcap: the client's leg and the target's, each its own stream."""
        pcap = os.path.join(self.dir, 'relay.pcapng')
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--respond', 'upper', '--quiet') as target:
            target_port = target.bound_port()
            with CliProcess('relay', 'tcp://127.0.0.1:0', 'tcp://127.0.0.1:%d' % target_port,
                            '--quiet', '--pcap', pcap) as relay:
                port = relay.bound_port()
                result = run_cli('send', 'tcp://127.0.0.1:%d' % port, 'through', '--wait', '1000')
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertEqual(result.stdout, b'THROUGH')
                rc, _ = relay.stop()
                self.assertEqual(rc, 0, relay.stderr())
        self.assert_private(pcap)
        streams = {}
        for p in tshark_fields(pcap, ['tcp.stream', 'tcp.dstport', 'data'], 'tcp.len > 0'):
            streams.setdefault(p[0], []).append((int(p[1]), bytes.fromhex(p[2])))
        self.assertEqual(len(streams), 2, streams)
        legs = sorted(streams.values(), key=lambda leg: leg[0][0] == target_port)
        # The client's leg: to the relay's port, and the reply back.
        self.assertEqual(legs[0][0], (port, b'through'))
        self.assertEqual(legs[0][1][1], b'THROUGH')
        # The target's leg: to the target's port, and its reply.
        self.assertEqual(legs[1][0], (target_port, b'through'))
        self.assertEqual(legs[1][1][1], b'THROUGH')

    def test_tcp_listen_and_send(self):
        server_pcap = os.path.join(self.dir, 'server.pcapng')
        client_pcap = os.path.join(self.dir, 'client.pcapng')
        with CliProcess('listen', 'tcp://127.0.0.1:0', '--respond', 'echo', '--quiet',
                        '--pcap', server_pcap) as cli:
            port = cli.bound_port()
            # A Python client: two messages, each echoed, then close.
            with socket.create_connection(('127.0.0.1', port), timeout=WAIT) as s:
                client_port = s.getsockname()[1]
                s.sendall(b'first line\n')
                self.assertEqual(recv_exactly(s, 11), b'first line\n')
                s.sendall(b'\x00\x01binary\xff')
                self.assertEqual(recv_exactly(s, 9), b'\x00\x01binary\xff')
            # And the CLI's own client, with a file of its own.
            result = run_cli('send', 'tcp://127.0.0.1:%d' % port, 'from send', '--wait', '1500',
                             '--pcap', client_pcap)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertEqual(result.stdout, b'from send')
            rc, _ = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())
        self.assert_private(server_pcap)
        self.assert_private(client_pcap)

        packets = tshark_fields(server_pcap, ['tcp.stream', 'ip.src', 'tcp.srcport', 'ip.dst',
                                              'tcp.dstport', 'tcp.flags.syn', 'tcp.flags.fin', 'data'])
        first = [p for p in packets if p[0] == '0']
        # The handshake opens the stream, from the client's port.
        self.assertEqual(first[0][1:6], ('127.0.0.1', str(client_port), '127.0.0.1', str(port), '1'))
        with_data = [(p[1], int(p[2]), p[3], int(p[4]), bytes.fromhex(p[7]))
                     for p in first if p[7]]
        self.assertEqual(with_data, [
            ('127.0.0.1', client_port, '127.0.0.1', port, b'first line\n'),
            ('127.0.0.1', port, '127.0.0.1', client_port, b'first line\n'),
            ('127.0.0.1', client_port, '127.0.0.1', port, b'\x00\x01binary\xff'),
            ('127.0.0.1', port, '127.0.0.1', client_port, b'\x00\x01binary\xff'),
        ])
        self.assertTrue(any(p[6] == '1' for p in first), 'no FIN in %r' % (first,))
        # tshark follows the stream: the bytes each way, in order.
        self.assertEqual(tshark_follow_raw(server_pcap, 0),
                         (b'first line\n\x00\x01binary\xff', b'first line\n\x00\x01binary\xff'))
        # The second connection, from `send`, in the listener's file…
        self.assertEqual(tshark_follow_raw(server_pcap, 1), (b'from send', b'from send'))

        # … and in the client's own file, with the same sequence numbers.
        fields = ['tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.ack_raw', 'data']
        server_side = [p for p in tshark_fields(server_pcap, fields, 'tcp.stream == 1 && tcp.len > 0')]
        client_side = tshark_fields(client_pcap, fields, 'tcp.len > 0')
        self.assertEqual(len(client_side), 2)
        self.assertEqual(client_side, server_side)
        self.assertEqual(bytes.fromhex(client_side[0][4]), b'from send')
        self.assertEqual(int(client_side[0][1]), port)

        # Checksums that Wireshark verifies.
        status = tshark_fields(server_pcap, ['tcp.checksum.status', 'ip.checksum.status'],
                               options=['tcp.check_checksum:TRUE', 'ip.check_checksum:TRUE'])
        self.assertTrue(status)
        self.assertTrue(all(s == ('1', '1') for s in status), status)

    def udp_exchange(self, family, host):
        pcap = os.path.join(self.dir, 'udp.pcapng')
        with CliProcess('listen', 'udp://%s:0' % (('[%s]' % host) if ':' in host else host),
                        '--respond', 'upper', '--pcap', pcap, '--json') as cli:
            port = cli.bound_port()
            with socket.socket(family, socket.SOCK_DGRAM) as s:
                s.settimeout(WAIT)
                s.bind((host, 0))
                peer_port = s.getsockname()[1]
                for message in (b'one', b'two\x00'):
                    s.sendto(message, (host, port))
                    self.assertEqual(s.recvfrom(100)[0], message.upper())
            rc, _ = cli.stop()
            self.assertEqual(rc, 0, cli.stderr())
        ip = 'ip' if family == socket.AF_INET else 'ipv6'
        packets = tshark_fields(pcap, [ip + '.src', 'udp.srcport', ip + '.dst', 'udp.dstport',
                                       'udp.checksum.status', 'data'],
                                options=['udp.check_checksum:TRUE'])
        self.assertEqual([(p[0], int(p[1]), p[2], int(p[3]), p[4], bytes.fromhex(p[5]))
                          for p in packets], [
            (host, peer_port, host, port, '1', b'one'),
            (host, port, host, peer_port, '1', b'ONE'),
            (host, peer_port, host, port, '1', b'two\x00'),
            (host, port, host, peer_port, '1', b'TWO\x00'),
        ])

    def test_udp_ipv4(self):
        self.udp_exchange(socket.AF_INET, '127.0.0.1')

    def test_udp_ipv6(self):
        if not have_ipv6_loopback():
            self.skipTest('no IPv6 loopback')
        self.udp_exchange(socket.AF_INET6, '::1')

    def test_unix_stream_and_datagram(self):
        stream_path = os.path.join(self.dir, 'stream.sock')
        dgram_path = os.path.join(self.dir, 'dgram.sock')
        client_path = os.path.join(self.dir, 'client.sock')
        pcap = os.path.join(self.dir, 'unix.pcapng')
        dgram_pcap = os.path.join(self.dir, 'unix-dgram.pcapng')
        with CliProcess('listen', 'unix://' + stream_path, '--respond', 'echo', '--quiet',
                        '--pcap', pcap) as cli, \
             CliProcess('listen', 'unix-dgram://' + dgram_path, '--respond', 'upper', '--quiet',
                        '--pcap', dgram_pcap) as dgram_cli:
            cli.bound_endpoint()
            dgram_cli.bound_endpoint()
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(WAIT)
                s.connect(stream_path)
                s.sendall(b'over unix')
                self.assertEqual(recv_exactly(s, 9), b'over unix')
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
                s.settimeout(WAIT)
                s.bind(client_path)
                s.sendto(b'dgram', dgram_path)
                self.assertEqual(s.recv(100), b'DGRAM')
            for process in (cli, dgram_cli):
                rc, _ = process.stop()
                self.assertEqual(rc, 0, process.stderr())

        packets = tshark_fields(pcap, ['_ws.col.Protocol', 'frame.comment', 'data'])
        self.assertEqual([(p[0], p[1], bytes.fromhex(p[2])) for p in packets], [
            ('Unix', 'receive unix #1 (unnamed) \u2192 ' + stream_path, b'over unix'),
            ('Unix', 'send unix #1 %s \u2192 (unnamed)' % stream_path, b'over unix'),
        ])
        packets = tshark_fields(dgram_pcap, ['_ws.col.Protocol', 'frame.comment', 'data'])
        self.assertEqual([(p[0], p[1], bytes.fromhex(p[2])) for p in packets], [
            ('Unix-dgram', 'receive unix-dgram #0 %s \u2192 %s' % (client_path, dgram_path), b'dgram'),
            ('Unix-dgram', 'send unix-dgram #0 %s \u2192 %s' % (dgram_path, client_path), b'DGRAM'),
        ])

    def test_unwritable_file_is_a_clear_error(self):
        missing = os.path.join(self.dir, 'no-such-dir', 'x.pcapng')
        result = run_cli('listen', 'tcp://127.0.0.1:0', '--pcap', missing, timeout=WAIT)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b'')  # nothing started
        self.assertIn(missing.encode(), result.stderr)
        self.assertIn(b'No such file or directory', result.stderr)
        result = run_cli('send', 'tcp://127.0.0.1:9', 'x', '--pcap', missing, timeout=WAIT)
        self.assertEqual(result.returncode, 1)
        self.assertIn(b'No such file or directory', result.stderr)


if __name__ == '__main__':
    if TSHARK is None:
        print('tshark is not installed; skipping')
        sys.exit(SKIP)
    unittest.main(verbosity=2)
