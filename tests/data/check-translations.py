#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that a translation is complete for the strings in the sources today.

Extracts the strings of the files in po/POTFILES.in with xgettext (the
keywords of meson's glib preset), merges them into po/LANG.po in a temp
dir, and fails, listing them, when a message is untranslated or fuzzy, or
when msgfmt --check rejects the result.

usage: check-translations.py SOURCE_ROOT LANG
"""

import os
import subprocess
import sys
import tempfile

XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments', '--force-po',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3',
    '--keyword=g_dpgettext2:2c,3', '--keyword=ngettext:1,2',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
    '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
    '--flag=g_strdup_printf:1:c-format', '--flag=g_string_printf:2:c-format',
    '--flag=g_string_append_printf:2:c-format', '--flag=g_error_new:3:c-format',
    '--flag=g_set_error:4:c-format', '--flag=g_markup_printf_escaped:1:c-format',
    '--flag=g_log:3:c-format', '--flag=g_print:1:c-format',
    '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format',
    '--flag=g_snprintf:3:c-format',
]


def run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)
    if proc.returncode != 0:
        raise SystemExit('%s failed:\n%s%s' % (' '.join(cmd), proc.stdout, proc.stderr))
    return proc


def messages(po):
    """The msgids of a .po file, as text (first line of each)."""
    out, cur = [], None
    with open(po, encoding='utf-8') as f:
        for line in f:
            if line.startswith('msgid '):
                cur = line[6:].strip()
            elif line.startswith('"') and cur is not None:
                cur += line.strip()
            else:
                if cur is not None and cur != '""':
                    out.append(cur.replace('""', ''))
                cur = None
    if cur is not None and cur != '""':
        out.append(cur.replace('""', ''))
    return out


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, lang = sys.argv[1], sys.argv[2]
    po = os.path.join(root, 'po', lang + '.po')
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'current.pot')
        merged = os.path.join(tmp, lang + '.po')
        run(['xgettext'] + XGETTEXT_ARGS + ['-D', root,
             '--files-from=' + os.path.join(root, 'po', 'POTFILES.in'), '-o', pot])
        run(['msgmerge', '--quiet', '-o', merged, po, pot])
        stats = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, merged]).stderr.strip()
        untranslated = os.path.join(tmp, 'untranslated.po')
        fuzzy = os.path.join(tmp, 'fuzzy.po')
        run(['msgattrib', '--untranslated', '--no-obsolete', '--force-po', '-o', untranslated, merged])
        run(['msgattrib', '--only-fuzzy', '--no-obsolete', '--force-po', '-o', fuzzy, merged])
        missing = messages(untranslated)
        unsure = messages(fuzzy)
    print('%s: %s' % (lang, stats))
    if missing or unsure:
        for m in missing:
            print('untranslated: ' + m, file=sys.stderr)
        for m in unsure:
            print('fuzzy: ' + m, file=sys.stderr)
        print('%s is not complete: %d untranslated, %d fuzzy; run '
              '`ninja socket-explorer-update-po` and translate them'
              % (po, len(missing), len(unsure)), file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
