#!/usr/bin/env python3
# series-split.py: cut the models of qemu-zvm, laid out in a QEMU tree by
# series-layout.py, into one patch per concept (scripts/series.sh,
# docs/upstream.rst).
#
#   series-split.py save  TOP REPO STATE     the tree's uncommitted state
#                                            (the whole models) into STATE
#   series-split.py list  TOP                the patches: NAME MESSAGE-FILE
#   series-split.py apply TOP REPO STATE K   the tree as of patch K (1..N)
#
# subprojects/series/split.py says which patch brings which new file and
# which parts of a file (fragments) come with a later patch than the file
# itself. The state of patch K is the final tree with every file of a
# later patch absent and every fragment of a later patch cut out (or
# replaced by what it says instead); the state of the last patch is the
# final tree itself, so the series adds up to what make check tests.
# Every fragment must be found exactly once, and fragments nest or are
# disjoint: a change on either side stops the generation.
import fnmatch
import importlib.util
import json
import os
import shutil
import subprocess
import sys


def die(msg):
    sys.exit(f"series-split: {msg}")


def load_spec(top):
    path = os.path.join(top, "subprojects/series/split.py")
    spec = importlib.util.spec_from_file_location("split", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    names = [p[0] for p in mod.PATCHES]
    if len(set(names)) != len(names):
        die("split.py: two patches of one name")
    for f in mod.FRAGMENTS:
        if f.patch not in names:
            die(f"split.py: fragment of unknown patch {f.patch!r}")
    return mod, names


def read(path):
    with open(path) as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True,
                          capture_output=True, text=True).stdout


def save(top, repo, state):
    shutil.rmtree(state, ignore_errors=True)
    os.makedirs(os.path.join(state, "final"))
    git(repo, "add", "-A", ".")
    files = {}
    for line in git(repo, "diff", "--cached", "--name-status",
                    "--no-renames", "HEAD").splitlines():
        status, path = line.split("\t", 1)
        if status not in ("A", "M"):
            die(f"{path}: {status}: the models only add and modify files")
        files[path] = status
        shutil.copy(os.path.join(repo, path),
                    os.path.join(state, "final", path.replace("/", "%")))
    git(repo, "reset", "-q")
    write(os.path.join(state, "files.json"), json.dumps(files, indent=1))


def owner_of(mod, names, path):
    for name, _msg, globs in mod.PATCHES:
        if any(fnmatch.fnmatchcase(path, g) for g in globs):
            return names.index(name)
    die(f"{path}: a new file of no patch (split.py PATCHES)")


def locate(lines, frag):
    """line range [a, b] of @frag in @lines"""
    first = frag.first.split("\n")
    n = len(first)
    lo, hi = 0, len(lines)
    if frag.within:
        # only in the function that begins with this line
        w = [i for i, line in enumerate(lines) if line == frag.within]
        if len(w) != 1:
            die(f"{frag.path}: {len(w)} functions (not 1) {frag.within!r}")
        lo = w[0]
        hi = lines.index("}", lo) + 1
    hits = [i for i in range(lo, hi - n + 1) if lines[i:i + n] == first]
    if len(hits) != 1:
        die(f"{frag.path}: {len(hits)} matches (not 1) of {frag.first!r}"
            + (f" in {frag.within!r}" if frag.within else ""))
    a = hits[0]
    b = a + n - 1
    if callable(frag.last):
        b = frag.last(lines, b)
    elif frag.last is not None:
        for j in range(a, len(lines)):
            if lines[j] == frag.last:
                b = j
                break
        else:
            die(f"{frag.path}: no {frag.last!r} after {frag.first!r}")
    if frag.head:
        # with the lines directly above (its comment, its defines)
        while a > 0 and lines[a - 1].strip():
            a -= 1
    return a, b


def cut(path, text, frags, k):
    """@text (final) as of patch @k: fragments of later patches cut"""
    lines = text.split("\n")
    ranges = []
    for f in frags:
        a, b = locate(lines, f)
        ranges.append((a, b, f))
    for a, b, f in ranges:
        for c, d, g in ranges:
            if a < c <= b < d:
                die(f"{path}: fragments overlap: {f.first!r} and {g.first!r}")
    out = []
    i = 0
    # of fragments with one range, the earliest patch's says what is there
    for a, b, f in sorted(ranges, key=lambda r: (r[0], -r[1], r[2].order)):
        if f.order <= k or a < i:
            continue        # in this state, or inside one cut already
        out.extend(lines[i:a])
        if f.instead is not None:
            out.extend(f.instead.split("\n"))
            i = b + 1
            continue
        i = b + 1
        # no two blank lines where the cut was between blank lines
        if (not out or not out[-1].strip()) and i < len(lines) and \
                not lines[i].strip():
            i += 1
    out.extend(lines[i:])
    return "\n".join(out)


def apply(top, repo, state, k):
    mod, names = load_spec(top)
    for i, f in enumerate(mod.FRAGMENTS):
        f.order = names.index(f.patch) + 1
    files = json.loads(read(os.path.join(state, "files.json")))
    by_path = {}
    for f in mod.FRAGMENTS:
        if f.path not in files:
            die(f"{f.path}: a fragment of a file the models do not touch")
        by_path.setdefault(f.path, []).append(f)
    for path, status in files.items():
        final = read(os.path.join(state, "final", path.replace("/", "%")))
        dst = os.path.join(repo, path)
        frags = by_path.get(path, [])
        if status == "A":
            own = owner_of(mod, names, path) + 1
            for f in frags:
                if f.order <= own:
                    die(f"{path}: fragment of {f.patch} not after the file's "
                        f"own patch {names[own - 1]}: {f.first!r}")
            if own > k:
                if os.path.exists(dst):
                    os.unlink(dst)
                continue
        write(dst, cut(path, final, frags, k))
        shutil.copymode(os.path.join(state, "final",
                                     path.replace("/", "%")), dst)


def main():
    cmd, top = sys.argv[1:3]
    if cmd == "save":
        save(top, *sys.argv[3:5])
    elif cmd == "list":
        mod, _ = load_spec(top)
        for name, msg, _globs in mod.PATCHES:
            print(name, msg)
    elif cmd == "apply":
        apply(top, sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        die(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
