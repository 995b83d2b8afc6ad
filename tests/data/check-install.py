#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""After `meson install` into a prefix, the installed app works.

Configures a fresh build of the source tree with --prefix in a temp dir,
builds and installs it (so LOCALEDIR and the data dirs point into that
prefix, as they do in a real install), then checks:

- every file an installed GNOME app needs is there: the binaries, the
  desktop file, the metainfo, the icons, the schema (compiled by the
  post-install step) and the zh_CN message catalog;
- the desktop file and the metainfo carry the zh_CN translations;
- the installed socket-explorer-cli runs, in English and, with
  LANGUAGE=zh_CN, in Chinese, for its own strings and for the core's;
- the compiled schema is found through XDG_DATA_DIRS (gsettings);
- the shipped workspace and the MIME type are installed: a .sews file is
  application/x-socket-explorer-workspace (gio info), the type's name is
  in Chinese too, and the desktop file's MimeType= names it;
- the installed socket-explorer (when built) starts under Xvfb with only
  the prefix's schema and translations, finds its schema, and runs for a
  few seconds without a crash, a critical or a warning.

Every step is bounded by a timeout.

usage: check-install.py MESON SOURCE_ROOT APP_ID GUI(true|false) WERROR(true|false)
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

CJK = re.compile('[\u4e00-\u9fff]')
BAD_LOG = re.compile(r'\b(CRITICAL|WARNING|ERROR)\b|Segmentation fault|Aborted|core dumped')

failures = []


def fail(message):
    print('FAIL: ' + message, file=sys.stderr)
    failures.append(message)


def run(cmd, timeout, env=None, check=True, cwd=None):
    print('$ ' + ' '.join(cmd), flush=True)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              env=env, cwd=cwd)
    except subprocess.TimeoutExpired:
        raise SystemExit('FAIL: timed out after %d s: %s' % (timeout, ' '.join(cmd)))
    if check and proc.returncode != 0:
        raise SystemExit('FAIL: exit status %d: %s\n%s%s'
                         % (proc.returncode, ' '.join(cmd), proc.stdout[-6000:], proc.stderr[-6000:]))
    return proc


def clean_env(prefix, tmp):
    """The environment of a user who installed into PREFIX: nothing from the
    build tree, nothing of the caller's language settings."""
    env = dict(os.environ)
    for var in ('GSETTINGS_SCHEMA_DIR', 'LANGUAGE', 'LANG', 'LC_ALL', 'LC_MESSAGES',
                'GTK_PATH', 'GI_TYPELIB_PATH', 'LD_LIBRARY_PATH', 'XDG_DATA_HOME'):
        env.pop(var, None)
    env['LC_ALL'] = 'C.UTF-8'
    env['XDG_DATA_DIRS'] = os.path.join(prefix, 'share') + ':/usr/local/share:/usr/share'
    env['HOME'] = os.path.join(tmp, 'home')
    for var, sub in (('XDG_CONFIG_HOME', 'config'), ('XDG_CACHE_HOME', 'cache'),
                     ('XDG_STATE_HOME', 'state'), ('XDG_RUNTIME_DIR', 'runtime')):
        env[var] = os.path.join(tmp, 'home', sub)
        os.makedirs(env[var], mode=0o700, exist_ok=True)
    return env


def check_files(prefix, app_id, gui):
    share = os.path.join(prefix, 'share')
    expected = [
        os.path.join(prefix, 'bin', 'socket-explorer-cli'),
        os.path.join(share, 'applications', app_id + '.desktop'),
        os.path.join(share, 'metainfo', app_id + '.metainfo.xml'),
        os.path.join(share, 'icons', 'hicolor', 'scalable', 'apps', app_id + '.svg'),
        os.path.join(share, 'icons', 'hicolor', 'symbolic', 'apps', app_id + '-symbolic.svg'),
        os.path.join(share, 'glib-2.0', 'schemas', app_id + '.gschema.xml'),
        os.path.join(share, 'glib-2.0', 'schemas', 'gschemas.compiled'),
        os.path.join(share, 'locale', 'zh_CN', 'LC_MESSAGES', 'socket-explorer.mo'),
    ]
    if gui:
        expected.append(os.path.join(prefix, 'bin', 'socket-explorer'))
    for path in expected:
        if not os.path.isfile(path):
            fail('not installed: ' + os.path.relpath(path, prefix))
    for binary in ('socket-explorer-cli', 'socket-explorer') if gui else ('socket-explorer-cli',):
        path = os.path.join(prefix, 'bin', binary)
        if os.path.isfile(path) and not os.access(path, os.X_OK):
            fail('%s is not executable' % binary)

    desktop = os.path.join(share, 'applications', app_id + '.desktop')
    if os.path.isfile(desktop):
        with open(desktop, encoding='utf-8') as f:
            text = f.read()
        if not re.search(r'^Name\[zh_CN\]=.*' + CJK.pattern, text, re.M):
            fail('the installed desktop file has no Chinese Name[zh_CN]')
        if not re.search(r'^Comment\[zh_CN\]=.*' + CJK.pattern, text, re.M):
            fail('the installed desktop file has no Chinese Comment[zh_CN]')
    metainfo = os.path.join(share, 'metainfo', app_id + '.metainfo.xml')
    if os.path.isfile(metainfo):
        with open(metainfo, encoding='utf-8') as f:
            text = f.read()
        if not re.search(r'<summary xml:lang="zh_CN">[^<]*' + CJK.pattern, text):
            fail('the installed metainfo has no Chinese summary')
        if not re.search(r'<p xml:lang="zh_CN">[^<]*' + CJK.pattern, text):
            fail('the installed metainfo has no Chinese description')


def check_mime(prefix, app_id, env, tmp):
    """A .sews file is a workspace once installed, and the app says it
    opens them: what a double-click in class needs."""
    share = os.path.join(prefix, 'share')
    desktop = os.path.join(share, 'applications', app_id + '.desktop')
    if os.path.isfile(desktop):
        with open(desktop, encoding='utf-8') as f:
            if not re.search(r'^MimeType=.*application/x-socket-explorer-workspace;', f.read(), re.M):
                fail('the installed desktop file has no MimeType= for workspaces')
    package = os.path.join(share, 'mime', 'packages', app_id + '.mime.xml')
    workspace = os.path.join(share, 'socket-explorer', 'workspaces', 'tutorial-servers.sews')
    for path in (package, workspace):
        if not os.path.isfile(path):
            fail('not installed: ' + os.path.relpath(path, prefix))
            return
    with open(package, encoding='utf-8') as f:
        if not re.search(r'<comment xml:lang="zh_CN">[^<]*' + CJK.pattern, f.read()):
            fail('the installed MIME type has no Chinese comment')
    for tool in ('update-mime-database', 'gio'):
        if shutil.which(tool) is None:
            fail('no %s (Debian packages shared-mime-info, libglib2.0-bin)' % tool)
            return
    run(['update-mime-database', os.path.join(share, 'mime')], 60, env=env)
    sample = os.path.join(tmp, 'demo.sews')
    shutil.copy(workspace, sample)
    info = run(['gio', 'info', '-a', 'standard::content-type', sample], 20, env=env, check=False)
    if 'application/x-socket-explorer-workspace' not in info.stdout:
        fail('a .sews file is not seen as application/x-socket-explorer-workspace:\n%s%s'
             % (info.stdout, info.stderr))


def check_schema(app_id, env):
    """The installed, compiled schema is found through XDG_DATA_DIRS alone."""
    gsettings = shutil.which('gsettings')
    if gsettings is None:
        fail('no gsettings (Debian package libglib2.0-bin)')
        return
    env = dict(env, GSETTINGS_BACKEND='memory')
    keys = run([gsettings, 'list-keys', app_id], 20, env=env, check=False)
    expected = {'window-width', 'window-height', 'window-maximized', 'recent-endpoints'}
    if keys.returncode != 0 or not expected <= set(keys.stdout.split()):
        fail('the installed schema %s is not found, or lacks keys (status %d):\n%s%s'
             % (app_id, keys.returncode, keys.stdout, keys.stderr))
        return
    width = run([gsettings, 'get', app_id, 'window-width'], 20, env=env, check=False)
    if width.stdout.strip() != '1100':
        fail('window-width defaults to %r, not 1100' % width.stdout.strip())


def check_cli(prefix, env):
    cli = os.path.join(prefix, 'bin', 'socket-explorer-cli')
    if not os.path.isfile(cli):
        return
    en = run([cli, '--help'], 20, env=env)
    if 'Usage' not in en.stdout or CJK.search(en.stdout):
        fail('socket-explorer-cli --help in English looks wrong:\n' + en.stdout)

    zh_env = dict(env, LANGUAGE='zh_CN')
    zh = run([cli, '--help'], 20, env=zh_env)
    if not CJK.search(zh.stdout) or zh.stdout == en.stdout:
        fail('with LANGUAGE=zh_CN, the installed socket-explorer-cli --help is not in Chinese '
             '(is the catalog found under %s/share/locale?):\n%s' % (prefix, zh.stdout))

    # A string of the core library (se-endpoint.c), reached through the CLI.
    # Parsing fails before any socket is made.
    bad = run([cli, 'send', 'tcp://127.0.0.1', 'x'], 20, env=zh_env, check=False)
    if bad.returncode == 0 or not CJK.search(bad.stderr):
        fail('with LANGUAGE=zh_CN, a core error message is not in Chinese (status %d):\n%s'
             % (bad.returncode, bad.stderr))


def check_gui(prefix, env, seconds=4):
    app = os.path.join(prefix, 'bin', 'socket-explorer')
    if not os.path.isfile(app):
        return
    # G_MESSAGES_DEBUG=all shows the window's debug message when it finds no
    # schema; an installed app must find it.
    gui_env = dict(env, LANGUAGE='zh_CN', GSETTINGS_BACKEND='memory', G_MESSAGES_DEBUG='all',
                   G_DEBUG='fatal-criticals', GTK_A11Y='none', NO_AT_BRIDGE='1')
    cmd = []
    if not gui_env.get('DISPLAY') and not gui_env.get('WAYLAND_DISPLAY'):
        xvfb = shutil.which('xvfb-run')
        if xvfb is None:
            fail('no display and no xvfb-run (Debian package xvfb) to run the window')
            return
        cmd += [xvfb, '-a', '-s', '-screen 0 1280x800x24']
        gui_env['GDK_BACKEND'] = 'x11'
        gui_env.pop('WAYLAND_DISPLAY', None)
    # A private session bus, so that the app registers as a fresh GApplication
    # and does not hand its window to an instance already running.
    dbus = shutil.which('dbus-run-session')
    if dbus is None:
        fail('no dbus-run-session (Debian package dbus-daemon) to give the window a session bus')
        return
    cmd += [dbus, '--']
    cmd += ['timeout', '-s', 'TERM', str(seconds), app]
    proc = run(cmd, seconds + 60, env=gui_env, check=False)
    log = [line for line in (proc.stdout + proc.stderr).splitlines()
           if BAD_LOG.search(line) and not line.startswith('dbus-daemon[')]
    if re.search(r'schema.*not (found|installed)', proc.stdout + proc.stderr, re.I):
        fail('the installed socket-explorer did not find its GSettings schema')
    if proc.returncode != 124:
        fail('the installed socket-explorer exited with status %d within %d s (124 = still '
             'running when stopped):\n%s%s' % (proc.returncode, seconds, proc.stdout, proc.stderr))
    elif log:
        fail('the installed socket-explorer logged problems:\n' + '\n'.join(log))


def main():
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        return 2
    meson, root, app_id = sys.argv[1], sys.argv[2], sys.argv[3]
    gui, werror = sys.argv[4] == 'true', sys.argv[5] == 'true'
    tmp = tempfile.mkdtemp(prefix='se-install-test-')
    build = os.path.join(tmp, 'build')
    prefix = os.path.join(tmp, 'prefix')
    build_env = dict(os.environ)
    build_env.pop('DESTDIR', None)
    ok = False
    try:
        run([meson, 'setup', '--prefix', prefix, '-Dbuildtype=plain',
             '-Dgui=' + ('true' if gui else 'false'),
             '-Dwerror=' + ('true' if werror else 'false'), build, root], 120, env=build_env)
        run([meson, 'compile', '-C', build], 400, env=build_env)
        run([meson, 'install', '-C', build, '--no-rebuild'], 120, env=build_env)
        check_files(prefix, app_id, gui)
        env = clean_env(prefix, tmp)
        check_schema(app_id, env)
        check_mime(prefix, app_id, env, tmp)
        check_cli(prefix, env)
        if gui:
            check_gui(prefix, env)
        ok = not failures
    finally:
        if ok:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print('kept for inspection: ' + tmp, file=sys.stderr)
    if failures:
        return 1
    print('installed into a prefix: files, translations, CLI%s ok' % (' and window' if gui else ''))
    return 0


if __name__ == '__main__':
    sys.exit(main())
