#!/usr/bin/env python3
# test-i18n-devenv.py: the binaries speak Chinese from the build tree.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs socket-explorer-cli and socket-explorer the way the README says,
# with the environment `meson devenv -C BUILD` gives them (read with
# --dump, so a devenv that loses SE_LOCALEDIR fails here) plus
# LANGUAGE=zh_CN, and checks known messages come out in Chinese; the same
# runs with LANGUAGE=en must stay English, so the check cannot pass by
# accident. Only --help and a rejected endpoint are used: no display, no
# socket.
#
# usage: test-i18n-devenv.py MESON

import os
import re
import shlex
import subprocess
import sys

TIMEOUT = 30  # seconds for each process


def devenv(meson, build_root):
    """The variables `meson devenv --dump` sets, expanded over os.environ."""
    out = subprocess.run([meson, 'devenv', '-C', build_root, '--dump'],
                         capture_output=True, text=True, timeout=TIMEOUT, check=True).stdout
    env = dict(os.environ)
    for line in out.splitlines():
        m = re.match(r'^([A-Za-z_][A-Za-z0-9_]*)=(.*)$', line)
        if m:
            value = shlex.split(m.group(2))[0] if m.group(2) else ''
            env[m.group(1)] = re.sub(r'\$([A-Za-z_][A-Za-z0-9_]*)',
                                     lambda v: env.get(v.group(1), ''), value)
    return env


def run(env, language, *argv):
    env = dict(env, LANGUAGE=language, LC_ALL='C.UTF-8')
    proc = subprocess.run(list(argv), capture_output=True, text=True, env=env, timeout=TIMEOUT)
    return proc.stdout + proc.stderr


def expect(output, present, absent, what):
    if present not in output or absent in output:
        sys.exit('%s: expected “%s” and not “%s”, got:\n%s' % (what, present, absent, output))


def main():
    meson = sys.argv[1]
    env = devenv(meson, os.environ['SE_BUILD_ROOT'])
    if not env.get('SE_LOCALEDIR'):
        sys.exit('meson devenv does not set SE_LOCALEDIR')
    # Found on the devenv's PATH, as `meson devenv -C build socket-explorer` does
    for exe in ('socket-explorer-cli', 'socket-explorer'):
        if exe not in os.path.basename(subprocess.run(
                ['sh', '-c', 'command -v ' + exe], env=env, capture_output=True,
                text=True).stdout.strip()):
            sys.exit('%s is not on the devenv PATH' % exe)

    cli_help = run(env, 'zh_CN', 'socket-explorer-cli', '--help')
    expect(cli_help, '用法：', 'Usage:', 'socket-explorer-cli --help')
    cli_error = run(env, 'zh_CN', 'socket-explorer-cli', 'send', 'nowhere', 'x')
    expect(cli_error, '无效的端点“nowhere”', 'Invalid endpoint', 'socket-explorer-cli send nowhere')

    gui_help = run(env, 'zh_CN', 'socket-explorer', '--help')
    # The option summary is translated as the application is created
    expect(gui_help, '看套接字如何工作', 'Watch sockets work', 'socket-explorer --help')
    gui_error = run(env, 'zh_CN', 'socket-explorer', '--listen', 'nowhere')
    expect(gui_error, '无效的端点“nowhere”', 'nvalid endpoint', 'socket-explorer --listen nowhere')

    # The control: the same runs in English
    expect(run(env, 'en', 'socket-explorer-cli', '--help'), 'Usage:', '用法：',
           'socket-explorer-cli --help in English')
    expect(run(env, 'en', 'socket-explorer', '--help'), 'Watch sockets work', '看套接字如何工作',
           'socket-explorer --help in English')
    print('ok: both binaries speak Chinese under meson devenv with LANGUAGE=zh_CN')


if __name__ == '__main__':
    main()
