#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a command on an Xvfb screen of a given size.

xvfb-run's screen is 1280×1024; the layout tests also need a 1920×1080
screen and a 1280×800 one at 2× scale. This starts Xvfb on a free display
(-displayfd), runs the command with DISPLAY set to it and SE_TEST_SCREEN
set (so that a screen too small fails rather than skips), and stops Xvfb.

usage: run-on-xvfb.py WIDTHxHEIGHT COMMAND [ARG...]
Exit status: the command's, or 77 (skip) when there is no Xvfb.
"""

import os
import shutil
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    size, command = sys.argv[1], sys.argv[2:]
    xvfb = shutil.which('Xvfb')
    if xvfb is None:
        print('no Xvfb: skipping', file=sys.stderr)
        return 77

    read_fd, write_fd = os.pipe()
    server = subprocess.Popen([xvfb, '-displayfd', str(write_fd), '-screen', '0', size + 'x24',
                               '-nolisten', 'tcp', '-noreset'],
                              pass_fds=[write_fd], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            display = pipe.readline().strip()
        if not display:
            print('Xvfb did not start', file=sys.stderr)
            return 1
        env = dict(os.environ, DISPLAY=':' + display, SE_TEST_SCREEN=size)
        env.pop('WAYLAND_DISPLAY', None)
        return subprocess.run(command, env=env, timeout=170).returncode
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == '__main__':
    sys.exit(main())
