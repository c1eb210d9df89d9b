#!/usr/bin/python3
# qemu-check-report.py: the verdicts of QEMU's own test suites
# (scripts/qemu-check.sh).
#
#   meson SUITE TESTLOG.json   one line per test: SUITE NAME VERDICT
#   tcg SUITE MAKE.log         the same from 'make -k check-tcg' output
#   compare [--known FILE] [--suites "unit qtest tcg"] [--version V]
#           [--defaults-logs DIR] VANILLA OFF ON
#       per-suite counts of every run, the verdicts that differ from
#       unpatched QEMU (exit 1 unless FILE names them: lines of
#       RUN SUITE NAME VANILLA-VERDICT VERDICT  cause...), and in how many
#       QEMU starts of the 'on' run each QEMU_ZVM_DEFAULTS option was in
#       effect (exit 1 if the personality was in effect in none).
import argparse
import collections
import glob
import json
import os
import re
import sys


def meson(suite, path):
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line:
                t = json.loads(line)
                print(suite, t['name'].split(' / ')[-1].replace(' ', '_'),
                      t['result'])


def tcg(suite, path):
    tests, verdict = [], {}
    with open(path, errors='replace') as f:
        for line in f:
            m = re.match(r'\s+TEST\s+(\S+) on s390x', line)
            if m:
                tests.append(m.group(1))
                verdict.setdefault(m.group(1), 'OK')
            m = re.match(r'\s*SKIPPED\s+(\S+) on s390x', line)
            if m:
                tests.append(m.group(1))
                verdict[m.group(1)] = 'SKIP'
            m = re.search(r'\*\*\* \[\S*: run-(\S+)\] Error', line)
            if m and not m.group(1).startswith('tcg-tests-'):
                name = m.group(1)
                if name not in verdict:
                    tests.append(name)
                verdict[name] = 'FAIL'
    if not tests:
        sys.exit(f'{path}: no TCG test ran')
    for t in dict.fromkeys(tests):
        print(suite, t, verdict[t])


def load(path):
    res = {}
    with open(path) as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                suite, name, verdict = line.split()[:3]
                res[(suite, name)] = verdict
    return res


def counts(res, suite):
    c = collections.Counter(v for (s, _), v in res.items() if s == suite)
    other = sum(n for v, n in c.items() if v not in ('OK', 'SKIP'))
    return sum(c.values()), c['OK'], c['SKIP'], other


def defaults_in_effect(logdir):
    starts = collections.Counter()
    for path in sorted(glob.glob(os.path.join(logdir, 'on-*'))):
        if not (path.endswith('.testlog.txt') or path.endswith('tcg.log')):
            continue
        with open(path, errors='replace') as f:
            for line in f:
                m = re.search(r'QEMU_ZVM_DEFAULTS: zvm=(\w+) standby-mem=(\d+)'
                              r' zvm-dcss-store=(\S*); left out:', line)
                if m:
                    starts['machines'] += 1
                    starts['zvm=on'] += m.group(1) == 'on'
                    starts['standby-mem'] += m.group(2) != '0'
                    starts['zvm-dcss-store'] += m.group(3) != ''
    return starts


def compare(args):
    vanilla, off, on = load(args.vanilla), load(args.off), load(args.on)
    known = {}
    if args.known and os.path.exists(args.known):
        with open(args.known) as f:
            for line in f:
                if line.strip() and not line.startswith('#'):
                    w = line.split(None, 5)
                    known[tuple(w[:5])] = w[5].strip() if len(w) > 5 else ''
    suites = args.suites.split()
    print(f'== QEMU {args.version}: verdicts of QEMU\'s own tests '
          '(tests, ok, skipped, failed)')
    print(f'   {"suite":8} {"unpatched":>22} {"qemu-zvm, off":>22} '
          f'{"qemu-zvm, on":>22}')
    for s in suites:
        cols = []
        for res in (vanilla, off, on):
            n, ok, skip, bad = counts(res, s)
            cols.append(f'{n:4} {ok:4} {skip:4} {bad:4}' if n else
                        f'{"(not run)":>19}')
        print(f'   {s:8} ' + ' '.join(f'{c:>22}' for c in cols))

    unexplained, explained, ours_only = [], [], []
    for run, res in (('off', off), ('on', on)):
        for key in sorted(res):
            if key[0] not in suites:
                continue
            v = vanilla.get(key)
            if v is None:
                ours_only.append((run,) + key + (res[key],))
            elif res[key] != v:
                k = (run, key[0], key[1], v, res[key])
                (explained if k in known else unexplained).append(k)
        for key in sorted(vanilla):
            if key[0] in suites and key not in res and \
                    not (run == 'on' and key[0] == 'unit'):
                unexplained.append((run, key[0], key[1], vanilla[key],
                                    'MISSING'))
    for k in explained:
        print(f'   known difference: {" ".join(k)}: {known[k]}')
    for k in ours_only:
        print(f'   not in unpatched QEMU: {" ".join(k)}')
    for k in unexplained:
        print(f'   DIFFERS from unpatched QEMU: {" ".join(k)}')
    rc = 0
    if unexplained:
        rc = 1
    if args.defaults_logs and on:
        starts = defaults_in_effect(args.defaults_logs)
        print(f'   run "on": {starts["machines"]} s390-ccw-virtio machines '
              f'started with QEMU_ZVM_DEFAULTS; in effect: zvm=on in '
              f'{starts["zvm=on"]}, zvm-dcss-store in '
              f'{starts["zvm-dcss-store"]}, standby-mem in '
              f'{starts["standby-mem"]}')
        if any(s != 'unit' for s in suites) and not starts['zvm=on']:
            print('   the z/VM personality was in effect in no machine')
            rc = 1
    print(f'== {len(unexplained)} verdicts differ from unpatched QEMU'
          f'{"" if not explained else f", {len(explained)} known"}')
    return rc


def main():
    if len(sys.argv) > 1 and sys.argv[1] in ('meson', 'tcg'):
        {'meson': meson, 'tcg': tcg}[sys.argv[1]](sys.argv[2], sys.argv[3])
        return 0
    p = argparse.ArgumentParser()
    p.add_argument('cmd', choices=['compare'])
    p.add_argument('--known')
    p.add_argument('--suites', default='unit qtest tcg')
    p.add_argument('--version', default='?')
    p.add_argument('--defaults-logs')
    p.add_argument('vanilla')
    p.add_argument('off')
    p.add_argument('on')
    return compare(p.parse_args())


if __name__ == '__main__':
    sys.exit(main())
