#!/usr/bin/env bash
# coverage.sh: line and branch coverage of qemu-zvm's C (hw/s390x/ and
# target-s390x/) from the tests (make coverage).
#
# QEMU is built with --enable-gcov in its own directory (build/qemu-gcov),
# make check runs on that build (every test: unit, bare-metal, fixed-seed
# fuzz, guests, QEMU's own qtests; TESTS= narrows it), then gcovr (Debian's
# package) reports: a line per file, the totals, the functions never
# entered, and HTML under build/coverage/.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
export QEMU_BUILD_DIR=$build/qemu-gcov ZVM_BUILD_DIR=$build/zvm-gcov
export QEMU_CONFIGURE_EXTRA="--enable-gcov"
. "$top/scripts/qemu-dirs.sh"
out=$build/coverage

command -v gcovr >/dev/null || {
    [[ $(id -u) == 0 ]] || { echo "coverage: install gcovr (Debian package)" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcovr >/dev/null
}
"$top/scripts/build-qemu.sh"
find "$qbuild" -name '*.gcda' -delete
rc=0
"$top/scripts/check.sh" ${TESTS:-} || rc=$?

rm -rf "$out" && mkdir -p "$out"
filters=(-f ".*/zvm/hw/s390x/.*\.c$" -f ".*/zvm/target-s390x/.*\.c$"
         -f "$top/hw/s390x/.*\.c$" -f "$top/target-s390x/.*\.c$")
gcovr -r "$top" --object-directory "$qbuild" "${filters[@]}" \
    --json "$out/coverage.json" --html-details "$out/index.html" \
    --txt "$out/lines.txt" -s >"$out/summary.txt" 2>"$out/gcovr.log" ||
    { tail -n 5 "$out/gcovr.log" >&2; exit 1; }
gcovr -r "$top" --object-directory "$qbuild" "${filters[@]}" -b >"$out/branches.txt" 2>>"$out/gcovr.log"
echo "== lines"
cat "$out/lines.txt"
echo "== branches"
cat "$out/branches.txt"
/usr/bin/python3 - "$out/coverage.json" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))
print("== functions never entered")
n = 0
for f in sorted(data["files"], key=lambda f: f["file"]):
    for fn in f.get("functions", []):
        if fn.get("execution_count", 0) == 0:
            n += 1
            print(f"{f['file']}:{fn.get('lineno', '?')}: {fn.get('name')}")
print(f"coverage: {n} functions never entered")
EOF
echo "coverage: HTML in $out/index.html; make check on the gcov build: exit $rc"
exit $rc
