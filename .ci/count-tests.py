#!/usr/bin/env python3
# Counts the results in meson's testlog.json: each TAP subtest of a TAP
# test, and each other test once. Prints "N skipped" (if any), then
# "N passed, N failed" alone on the last line.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import re
import sys

passed = failed = skipped = 0
details = []

with open(sys.argv[1], encoding='utf-8') as f:
    for line in f:
        line = line.strip()
        if not line:
            continue
        t = json.loads(line)
        result = t.get('result', '')
        name = t.get('name', '?')
        out = t.get('stdout') or ''
        tap = [l for l in out.splitlines() if re.match(r'^(not )?ok\b', l)]
        if tap:
            bad = 0
            for l in tap:
                directive = l.split('#', 1)[1].strip().upper() if '#' in l else ''
                if l.startswith('not ok'):
                    if directive.startswith('TODO'):
                        skipped += 1
                    else:
                        failed += 1
                        bad += 1
                        details.append(f'{name}: {l}')
                elif directive.startswith('SKIP'):
                    skipped += 1
                else:
                    passed += 1
            # A crash or timeout after the last ok line is a failure too.
            if result not in ('OK', 'SKIP', 'EXPECTEDFAIL') and bad == 0:
                failed += 1
                details.append(f'{name}: {result}')
        elif result in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif result == 'SKIP':
            skipped += 1
        else:
            failed += 1
            details.append(f'{name}: {result}')

for d in details:
    print('FAILED', d, file=sys.stderr)
# The last line is what CI reads: "N passed, N failed", alone.
if skipped:
    print(f'{skipped} skipped')
print(f'{passed} passed, {failed} failed')
