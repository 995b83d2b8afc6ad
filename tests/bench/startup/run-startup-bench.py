#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Startup benchmark: how long socket-explorer takes to show its first frame,
compared with a bare libadwaita window, both launched N times in turn under
one fresh Xvfb (and one private D-Bus session).

Each program, run with SE_STARTUP_BENCH=1, prints "first-frame <µs since the
epoch>" when its window's first frame has been painted, then quits. The time
of one run is that moment minus the moment just before the exec.
socket-explorer's first frame is its whole window: the sidebar, the welcome
page and the traffic log view with its toolbar (it prints no time, and the
benchmark fails, if the log view is not in that frame).

  tests/bench/startup/run-startup-bench.py --build-dir build [--runs 10] [--max-ratio 1.25]

Exit status: 0, or 1 if --max-ratio is given and the app's median is more
than that many times the bare window's; 77 if Xvfb is not installed.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def launch(argv, env, timeout):
    """Returns the milliseconds from exec to the first frame."""
    start = time.time_ns()
    proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=timeout, text=True)
    for line in proc.stdout.splitlines():
        words = line.split()
        if len(words) == 2 and words[0] == 'first-frame':
            return (int(words[1]) * 1000 - start) / 1e6
    sys.exit(f'{argv[0]} printed no first-frame line (status {proc.returncode}):\n{proc.stderr}')


def start_xvfb():
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(['Xvfb', '-displayfd', str(write_fd), '-screen', '0', '1280x800x24',
                             '-nolisten', 'tcp'],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as f:
        display = f.readline().strip()
    if not display:
        xvfb.kill()
        sys.exit('Xvfb did not start')
    return xvfb, ':' + display


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--build-dir', default='build')
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--max-ratio', type=float, default=None)
    parser.add_argument('--timeout', type=float, default=30)
    args = parser.parse_args()

    if shutil.which('Xvfb') is None:
        print('Xvfb is not installed: skipping the startup benchmark')
        return 77

    build = os.path.abspath(args.build_dir)
    programs = {
        'bare libadwaita window': [os.path.join(build, 'tests', 'bench', 'startup', 'startup-bare-window')],
        'socket-explorer': [os.path.join(build, 'src', 'socket-explorer')],
    }
    for argv in programs.values():
        if not os.access(argv[0], os.X_OK):
            sys.exit(f'{argv[0]} is not built')

    # A private session bus, so that GApplication registers as it would on
    # a desktop (the same for both programs).
    if 'SE_STARTUP_BENCH_IN_SESSION' not in os.environ and shutil.which('dbus-run-session'):
        env = dict(os.environ, SE_STARTUP_BENCH_IN_SESSION='1')
        return subprocess.call(['dbus-run-session', '--', sys.executable] + sys.argv, env=env)

    xvfb, display = start_xvfb()
    try:
        env = dict(os.environ,
                   DISPLAY=display,
                   SE_STARTUP_BENCH='1',
                   GSETTINGS_BACKEND='memory',
                   GSETTINGS_SCHEMA_DIR=os.path.join(build, 'data'),
                   NO_AT_BRIDGE='1')
        env.pop('WAYLAND_DISPLAY', None)

        # One warm-up run each (page cache, font cache), not counted.
        for argv in programs.values():
            launch(argv, env, args.timeout)

        times = {name: [] for name in programs}
        for i in range(args.runs):
            # Alternate the order, so that neither always runs second.
            order = list(programs.items())
            if i % 2:
                order.reverse()
            for name, argv in order:
                times[name].append(launch(argv, env, args.timeout))
    finally:
        xvfb.terminate()
        xvfb.wait()

    medians = {name: statistics.median(t) for name, t in times.items()}
    print('first frame (the whole window appears):')
    for name, t in times.items():
        print(f'  {name:24s} median {medians[name]:7.1f} ms   '
              f'(min {min(t):.1f}, max {max(t):.1f}, {len(t)} runs)')
    ratio = medians['socket-explorer'] / medians['bare libadwaita window']
    print(f'  ratio socket-explorer / bare window: {ratio:.2f} (target ≤ 1.25)')

    if args.max_ratio is not None and ratio > args.max_ratio:
        print(f'FAIL: the ratio is above {args.max_ratio}')
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
