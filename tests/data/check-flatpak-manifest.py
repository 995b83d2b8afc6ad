#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest: runtime, build, and least-privilege sandbox.

usage: check-flatpak-manifest.py SOURCE_ROOT APP_ID
"""

import json
import os
import re
import sys

# GNOME runtimes that Flathub supports today. GNOME supports a runtime until
# the second release after it (47 ended on 2025-10-15, 48 on 2026-03-24), so
# update this set, and the manifest, when a new GNOME comes out.
SUPPORTED_GNOME_RUNTIMES = {'50', '51'}

# Exactly these permissions: the network for the sockets, a display, the GPU
# for GTK's renderer and shared memory for X11. No file system access: files
# are opened and saved through the file chooser portal.
FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}

# pkg-config names the GNOME Platform runtime provides. A dependency() of the
# project that is not here must be built from source by a module of the
# manifest that carries its name.
RUNTIME_PROVIDES = {
    'glib-2.0', 'gobject-2.0', 'gio-2.0', 'gio-unix-2.0', 'gmodule-2.0',
    'gthread-2.0', 'gtk4', 'libadwaita-1', 'json-glib-1.0', 'libsoup-3.0',
    'libxml-2.0', 'gnutls', 'pango', 'pangocairo', 'cairo', 'gdk-pixbuf-2.0',
    'graphene-gobject-1.0', 'gtksourceview-5', 'libsecret-1', 'sqlite3',
    'zlib',
}

failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
    return cond


def project_dependencies(root):
    deps = set()
    pattern = re.compile(r"(?<![\w])dependency\(\s*'([^']+)'")
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        # Skip build trees, subprojects and hidden folders.
        dirnames[:] = [d for d in dirnames
                       if not d.startswith(('.', 'build', '_build'))
                       and not (rel == '.' and d == 'subprojects')]
        if 'meson.build' in filenames:
            with open(os.path.join(dirpath, 'meson.build'), encoding='utf-8') as f:
                deps.update(pattern.findall(f.read()))
    return deps


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, app_id = sys.argv[1], sys.argv[2]
    path = os.path.join(root, 'flatpak', app_id + '.json')
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)

    ids = [manifest[k] for k in ('app-id', 'id') if k in manifest]
    check(ids == [app_id], 'the manifest must name the app once, as app-id "%s" (found %r)' % (app_id, ids))
    check(manifest.get('runtime') == 'org.gnome.Platform',
          'runtime must be org.gnome.Platform, not %r' % manifest.get('runtime'))
    check(manifest.get('sdk') == 'org.gnome.Sdk',
          'sdk must be org.gnome.Sdk, not %r' % manifest.get('sdk'))
    check(manifest.get('runtime-version') in SUPPORTED_GNOME_RUNTIMES,
          'runtime-version %r is not a supported GNOME runtime (%s)'
          % (manifest.get('runtime-version'), ', '.join(sorted(SUPPORTED_GNOME_RUNTIMES))))
    check(manifest.get('command') == 'socket-explorer',
          'command must be socket-explorer, not %r' % manifest.get('command'))

    args = manifest.get('finish-args', [])
    check(len(args) == len(set(args)), 'finish-args has duplicates: %r' % args)
    check(set(args) == FINISH_ARGS,
          'finish-args must be exactly %s; extra: %s; missing: %s'
          % (sorted(FINISH_ARGS), sorted(set(args) - FINISH_ARGS) or 'none',
             sorted(FINISH_ARGS - set(args)) or 'none'))
    check(not any(a.startswith(('--filesystem', '--persist')) for a in args),
          'no file system access: use the file chooser portal')

    modules = manifest.get('modules', [])
    if not check(modules and isinstance(modules[-1], dict), 'the last module must be the app'):
        return report()
    app = modules[-1]
    check(app.get('name') == 'socket-explorer', 'the app module must be named socket-explorer')
    check(app.get('buildsystem') == 'meson', 'the app must be built with meson')
    check('-Dwerror=false' in app.get('config-opts', []),
          'the app module must pass -Dwerror=false (newer compilers and libraries warn more)')
    sources = app.get('sources', [])
    check(len(sources) == 1 and sources[0].get('type') == 'dir',
          'the app must be built from this repository (one source of type "dir")')
    if sources and sources[0].get('type') == 'dir':
        src = os.path.realpath(os.path.join(os.path.dirname(path), sources[0].get('path', '')))
        check(src == os.path.realpath(root),
              'the app source "%s" must be the repository root' % sources[0].get('path'))

    # Every other module must be built from pinned sources.
    names = set()
    for module in modules[:-1]:
        if isinstance(module, str):
            failures.append('module %s is a separate file; keep the manifest self-contained' % module)
            continue
        names.add(module.get('name'))
        for s in module.get('sources', []):
            kind = s.get('type')
            if kind in ('archive', 'file'):
                check('sha256' in s or 'sha512' in s, 'module %s: %s source without a checksum' % (module.get('name'), kind))
            elif kind == 'git':
                check('commit' in s or 'tag' in s, 'module %s: git source without a commit or tag' % module.get('name'))

    for dep in sorted(project_dependencies(root)):
        check(dep in RUNTIME_PROVIDES or dep in names,
              'meson depends on "%s", which the GNOME runtime does not provide: '
              'add a module named "%s" that builds it from source' % (dep, dep))
    return report()


def report():
    if failures:
        for f in failures:
            print('FAIL: ' + f, file=sys.stderr)
        return 1
    print('flatpak manifest ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
