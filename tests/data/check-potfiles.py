#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keep po/POTFILES.in honest.

Runs xgettext (with the keywords of meson's glib preset) over every C file
under src/, every GtkBuilder file under ui/ and the translatable data files
under data/, and fails, naming the files, when a file with translatable
strings is missing from po/POTFILES.in, or when POTFILES.in lists a file
that does not exist.

usage: check-potfiles.py SOURCE_ROOT
"""

import os
import subprocess
import sys
import tempfile

C_KEYWORDS = [
    '--keyword=_',
    '--keyword=N_',
    '--keyword=C_:1c,2',
    '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2',
    '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3',
    '--keyword=ngettext:1,2',
]


def candidates(root):
    """Files that could hold translatable strings, relative to root, with
    the xgettext options that read them."""
    found = []
    for top, suffixes, opts in (
            ('src', ('.c', '.h'), ['--language=C'] + C_KEYWORDS),
            ('ui', ('.ui',), ['--language=Glade']),
            ('data', ('.desktop.in',), ['--language=Desktop']),
            ('data', ('.metainfo.xml.in', '.mime.xml.in', '.gschema.xml'), [])):
        base = os.path.join(root, top)
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                if name.endswith(suffixes):
                    rel = os.path.relpath(os.path.join(dirpath, name), root)
                    found.append((rel, opts))
    return found


def has_strings(root, rel, opts, workdir):
    out = os.path.join(workdir, 'out.pot')
    if os.path.exists(out):
        os.unlink(out)
    cmd = ['xgettext', '--from-code=UTF-8', '--force-po', '-o', out] + opts + [rel]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise SystemExit('xgettext failed on %s:\n%s' % (rel, proc.stderr))
    with open(out, encoding='utf-8') as f:
        text = f.read()
    # Every message other than the header counts. A long msgid is written
    # as msgid "" followed by its lines, so count entries, not empty ids:
    # with --force-po the header is always the first one.
    return sum(1 for line in text.splitlines() if line.startswith('msgid ')) > 1


def read_potfiles(root):
    listed = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                listed.append(line)
    return listed


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    listed = read_potfiles(root)
    failures = []

    dupes = sorted({f for f in listed if listed.count(f) > 1})
    if dupes:
        failures.append('listed more than once in po/POTFILES.in:\n  ' + '\n  '.join(dupes))

    gone = [f for f in listed if not os.path.isfile(os.path.join(root, f))]
    if gone:
        failures.append('listed in po/POTFILES.in but missing from the tree:\n  ' + '\n  '.join(gone))

    with tempfile.TemporaryDirectory() as workdir:
        translatable = [rel for rel, opts in candidates(root)
                        if has_strings(root, rel, opts, workdir)]
    missing = [f for f in translatable if f not in listed]
    if missing:
        failures.append('these files have translatable strings but are not in po/POTFILES.in:\n  '
                        + '\n  '.join(missing))

    idle = [f for f in listed if f not in translatable and f not in gone]
    for f in idle:
        # Harmless, so only a note: a listed file with no strings yet.
        print('note: %s is listed but has no translatable strings' % f)

    print('%d files with translatable strings, %d listed' % (len(translatable), len(listed)))
    sys.stdout.flush()
    if failures:
        print('\n\n'.join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
