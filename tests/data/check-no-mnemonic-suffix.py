#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that no translation of a language carries an "(_X)" or "(X)" suffix.

Chinese GNOME applications leave the mnemonic out of a label rather than
append the Latin letter in brackets ("打开(_O)"): the suffix is noise on
screen and in screen readers. A label without an underscore simply has no
mnemonic, which GTK accepts.

usage: check-no-mnemonic-suffix.py PO_FILE
"""

import re
import sys

# A bracketed letter or digit, with or without the underscore, in ASCII or
# full-width brackets, at the end of the text or just before a trailing
# ellipsis or colon ("新建监听器(_L)…").
SUFFIX = re.compile(r'[(（]_?[A-Za-z0-9][)）](…|\.\.\.|:|：)?$')


def unquote(text):
    return text.strip()[1:-1].replace('\\"', '"')


def translations(path):
    """Yield (line number, text) of every msgstr (and msgstr[N]) of a .po file."""
    start, parts = None, None
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            if line.startswith('msgstr'):
                if parts is not None:
                    yield start, ''.join(parts)
                start, parts = number, [unquote(line.split(' ', 1)[1])]
            elif line.startswith('"') and parts is not None:
                parts.append(unquote(line))
            else:
                if parts is not None:
                    yield start, ''.join(parts)
                start, parts = None, None
    if parts is not None:
        yield start, ''.join(parts)


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    path = sys.argv[1]
    bad = []
    for number, text in translations(path):
        for piece in text.split('\\n'):
            if SUFFIX.search(piece):
                bad.append('%s:%d: %s' % (path, number, text))
                break
    if bad:
        print('translations with a mnemonic suffix such as "(_O)":')
        print('\n'.join(bad))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
