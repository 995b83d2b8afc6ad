#!/usr/bin/env python3
# test-command-line.py: the socket-explorer binary with --listen/--respond,
# as a teacher (or a benchmark) runs it: exit status 2 for a bad option,
# listeners a client can use, a second instance that adds listeners to the
# running window, and the D-Bus probe (org.gtk.Actions.DescribeAll).
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Needs a display (run under xvfb-run) and dbus-run-session: the test
# re-runs itself on a private session bus, so that it never talks to a
# Socket Explorer the developer has open. Without either it is skipped.
# Standard library only; every wait is bounded, every process is stopped.

import os
import shutil
import socket
import subprocess
import sys
import time

SKIP = 77
WAIT = 10.0  # seconds: the bound of every wait
APP_ID = 'io.github.socketexplorer.SocketExplorer'
OBJECT_PATH = '/io/github/socketexplorer/SocketExplorer'
PRIVATE_BUS = 'SE_TEST_PRIVATE_BUS'


def gui_path():
    path = os.environ.get('SE_GUI')
    if not path or not os.path.exists(path):
        print('SE_GUI is not set to the built socket-explorer; skipping')
        sys.exit(SKIP)
    return path


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def round_trip(port, data, expected, timeout=WAIT):
    """Connects to 127.0.0.1:port until it accepts (the window starts its
    listeners once it runs), sends data, returns what came back, at least
    len(expected) bytes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=timeout) as s:
                s.sendall(data)
                reply = b''
                while len(reply) < len(expected):
                    chunk = s.recv(1024)
                    if not chunk:
                        break
                    reply += chunk
                return reply
        except ConnectionRefusedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def gdbus(method, *args):
    return subprocess.run(['gdbus', 'call', '--session', '--dest', APP_ID,
                           '--object-path', OBJECT_PATH,
                           '--method', method] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=WAIT)


def wait_for_name():
    """Until the primary instance owns its name on the bus"""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        probe = gdbus('org.gtk.Actions.DescribeAll')
        if probe.returncode == 0:
            return probe
        time.sleep(0.1)
    raise AssertionError('the application never answered on D-Bus: ' + probe.stderr)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def test_bad_options(gui):
    for args, words in [(['--listen', 'bogus://x'], ['--listen bogus://x', 'bogus']),
                        (['--listen', 'tcp://127.0.0.1:0', '--respond', 'shout'],
                         ['--respond shout', 'echo']),
                        (['--respond', 'echo'], ['--respond echo', '--listen'])]:
        # A window would keep the process running: the timeout is the failure
        result = subprocess.run([gui] + args, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, timeout=WAIT)
        check(result.returncode == 2,
              f'{args}: exit status {result.returncode}, not 2; stderr: {result.stderr}')
        for word in words:
            check(word in result.stderr, f'{args}: “{word}” not in stderr: {result.stderr!r}')
        print(f'ok: {" ".join(args)} -> 2: {result.stderr.strip()}')


def test_running(gui):
    echo_port = free_port()
    upper_port = free_port()
    first = subprocess.Popen([gui, '--listen', f'tcp://127.0.0.1:{echo_port}', '--respond', 'echo'],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        check(round_trip(echo_port, b'hello\n', b'hello\n') == b'hello\n', 'no echo')
        print('ok: the first instance echoes')

        # The probe a benchmark uses to see that the main thread answers
        probe = wait_for_name()
        check("'quit'" in probe.stdout, 'DescribeAll does not list app.quit: ' + probe.stdout)
        start = time.monotonic()
        gdbus('org.gtk.Actions.DescribeAll')
        print(f'ok: DescribeAll answers ({(time.monotonic() - start) * 1000:.0f} ms with gdbus)')

        # A second socket-explorer hands its listeners to the running one
        # and exits
        second = subprocess.run([gui, '--listen', f'tcp://127.0.0.1:{upper_port}', '--respond', 'upper'],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                timeout=WAIT)
        check(second.returncode == 0, f'second instance: {second.returncode} {second.stderr}')
        check(round_trip(upper_port, b'hello\n', b'HELLO\n') == b'HELLO\n', 'no UPPERCASE echo')
        print('ok: a second instance added a listener to the running window')

        # A listener that cannot start (address in use) is a toast in the
        # window; neither process fails
        third = subprocess.run([gui, '--listen', f'tcp://127.0.0.1:{echo_port}'],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               timeout=WAIT)
        check(third.returncode == 0, f'third instance: {third.returncode} {third.stderr}')
        time.sleep(0.5)
        check(first.poll() is None, 'the window exited after an address in use')
        check(round_trip(echo_port, b'again\n', b'again\n') == b'again\n', 'no echo after the failure')
        print('ok: address in use leaves the window running')

        quit = gdbus('org.gtk.Actions.Activate', 'quit', '[]', '{}')
        check(quit.returncode == 0, 'app.quit over D-Bus: ' + quit.stderr)
        _, stderr = first.communicate(timeout=WAIT)
        check(first.returncode == 0, f'the window exited with {first.returncode}: {stderr}')
        for bad in ('WARNING', 'CRITICAL'):
            check(bad not in stderr, 'the window logged: ' + stderr)
        print('ok: app.quit over D-Bus closes the window')
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


def main():
    if not os.environ.get('DISPLAY') and not os.environ.get('WAYLAND_DISPLAY'):
        print('No display: skipping (run under xvfb-run)')
        return SKIP
    gui = gui_path()
    if not os.environ.get(PRIVATE_BUS):
        if shutil.which('dbus-run-session') is None or shutil.which('gdbus') is None:
            print('dbus-run-session or gdbus is missing; skipping')
            return SKIP
        env = dict(os.environ, **{PRIVATE_BUS: '1'})
        return subprocess.run(['dbus-run-session', '--', sys.executable, __file__],
                              env=env, timeout=120).returncode

    test_bad_options(gui)
    test_running(gui)
    return 0


if __name__ == '__main__':
    sys.exit(main())
