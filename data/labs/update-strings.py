#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write src/core/se-lab-strings.c from the labs' JSON files.

The labs are data (data/labs/*.json), but xgettext reads C: this keeps
every translatable string of them (title, summary, each step's text) in
a C table that po/POTFILES.in lists. tests/test-labs.c fails when the
table and the files differ; run this script after editing a lab.

usage: data/labs/update-strings.py [SOURCE_ROOT]
"""

import glob
import json
import os
import sys


def c_string(text):
    out = text.replace('\\', '\\\\').replace('"', '\\"')
    return '"' + out + '"'


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..')
    lines = [
        '/* se-lab-strings.c: the labs\' translatable strings, for xgettext',
        ' *',
        ' * SPDX-License-Identifier: GPL-3.0-or-later',
        ' *',
        ' * Generated from the JSON files of data/labs/ by data/labs/update-strings.py: do not',
        ' * edit. se-lab.c translates the strings of the JSON files with gettext;',
        ' * this table is what puts them in the template.',
        ' */',
        '#include "config.h"',
        '',
        '#include <glib/gi18n-lib.h>',
        '',
        '#include "se-lab-private.h"',
        '',
        'const char * const _se_lab_strings[] = {',
    ]
    for path in sorted(glob.glob(os.path.join(root, 'data', 'labs', '*.json'))):
        with open(path, encoding='utf-8') as f:
            lab = json.load(f)
        lines.append('  /* Translators: lab “%s”, its title and summary */' % lab['id'])
        lines.append('  N_(%s),' % c_string(lab['title']))
        lines.append('  N_(%s),' % c_string(lab['summary']))
        for i, step in enumerate(lab['steps']):
            lines.append('  /* Translators: lab “%s”, step %d */' % (lab['id'], i + 1))
            lines.append('  N_(%s),' % c_string(step['text']))
    lines.append('  NULL')
    lines.append('};')
    with open(os.path.join(root, 'src', 'core', 'se-lab-strings.c'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
