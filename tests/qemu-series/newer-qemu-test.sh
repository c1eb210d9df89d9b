#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# newer-qemu-test.sh: 'make QEMU_SRC=DIR' with a QEMU tree newer than every
# series qemu-zvm has hook patches for, without a network. The tree is
# the newest track's source (Debian's orig tarball, from the download
# cache) with its VERSION raised to an unreleased number:
#   - detected from VERSION, the newest patch series tried, prepared;
#   - the same tree with hw/s390x/sclp.c changed where a hook patch
#     applies: refused, exit 1, naming the version, the patch and the file;
#   - the same tree with a header the overlay includes gone (as when
#     upstream moves one): configured, and the build refused, exit 1,
#     naming the version, the patch series and the first file that failed;
#   - a tree older than every series, and a directory that is no QEMU
#     tree: refused before anything is unpacked.
# TAP output. Takes about two minutes (one configure of QEMU).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0 failed=0

check() {    # check DESCRIPTION DIAGNOSTIC-FILE COMMAND...
    local desc=$1 diag=$2
    shift 2
    n=$((n + 1))
    if "$@"; then
        echo "ok $n - $desc"
    else
        failed=$((failed + 1))
        echo "not ok $n - $desc"
        [[ ! -e $diag ]] || sed 's/^/# /' "$diag"
    fi
}

newest=$("$top/scripts/qemu-series" list | tail -n 1)
next="$(( ${newest%%.*} + 1 )).0.50"
tarball=$("$top/scripts/zvm-assets" qemu-source newest 2>"$t/assets.err") || {
    echo "Bail out! the newest QEMU source is not cached: $(tail -n 1 "$t/assets.err")"
    exit 1
}
mkdir -p "$t/qemu-next"
tar -C "$t/qemu-next" --strip-components=1 -xf "$tarball"
base=$(cat "$t/qemu-next/VERSION")
echo "$next" >"$t/qemu-next/VERSION"
echo "# QEMU $base from $(basename "$tarball"), VERSION raised to $next"

# run NAME SCRIPT [VAR=VALUE...]: a build script with the tree as
# QEMU_SRC, into $t/NAME.{out,err,rc}; its own source and build dirs
run() {
    local name=$1 script=$2
    shift 2
    env BUILD="$t/build" QEMU_SRC_DIR="$t/src-$name" QEMU_BUILD_DIR="$t/bld-$name" \
        QEMU_SRC="$t/qemu-next" "$@" "$top/scripts/$script" \
        >"$t/$name.out" 2>"$t/$name.err"
    echo $? >"$t/$name.rc"
}

# 1. newer than every series: detected, the newest patches tried, applied
run prepared prepare-qemu.sh
check "QEMU $next is prepared (exit 0)" "$t/prepared.err" \
    test "$(cat "$t/prepared.rc")" = 0
check "... detected as newer than every series, the patches of $newest tried" \
    "$t/prepared.err" grep -q "QEMU $next is newer than every series qemu-zvm was tested on; trying the hook patches of $newest" "$t/prepared.err"
check "... the tree records version and patch series, the overlay linked in" \
    "$t/prepared.err" bash -c "[[ \$(cat $t/src-prepared/.zvm-version) == '$next $newest' &&
        -e $t/src-prepared/zvm/meson.build ]] &&
        grep -q s390_ccw_machine_ext $t/src-prepared/hw/s390x/sclp.c"
check "... the given tree is not modified" "$t/prepared.err" \
    bash -c "[[ ! -e $t/qemu-next/zvm ]] && ! grep -q s390_ccw_machine_ext $t/qemu-next/hw/s390x/sclp.c"

# 2. a hook patch that does not apply: version, patch and file named
cp "$t/qemu-next/hw/s390x/sclp.c" "$t/sclp.c.orig"
sed -i 's/^        return -PGM_PROTECTION;$/        return -PGM_PROTECTION; \/* changed upstream *\//' \
    "$t/qemu-next/hw/s390x/sclp.c"
run refused build-qemu.sh
check "a hook patch that does not apply stops the build with exit 1" \
    "$t/refused.err" test "$(cat "$t/refused.rc")" = 1
check "... naming QEMU $next, the first failing patch and its file" \
    "$t/refused.err" grep -Eq "^prepare-qemu: QEMU $next: hook patch $newest/0008-s390x-sclp-refuse-an-SCCB-[^ ]*\.patch does not apply to hw/s390x/sclp.c \(Hunk #[0-9]+ FAILED at [0-9]+\)$" "$t/refused.err"
check "... before configuring, and no half-patched tree is left" \
    "$t/refused.err" bash -c "[[ ! -e $t/bld-refused && ! -e $t/src-refused && ! -e $t/src-refused.tmp ]]"
cp "$t/sclp.c.orig" "$t/qemu-next/hw/s390x/sclp.c"

# 3. patches apply, the overlay does not compile: version, series, file
mv "$t/qemu-next/include/hw/qdev-properties.h" "$t/qdev-properties.h"
run nobuild build-qemu.sh \
    QEMU_TARGETS="libqemu-s390x-softmmu.a.p/zvm_hw_s390x_zvm.c.o"
check "a tree the overlay does not compile on stops the build with exit 1" \
    "$t/nobuild.err" test "$(cat "$t/nobuild.rc")" = 1
check "... naming QEMU $next, the patch series and the first file that failed" \
    "$t/nobuild.err" grep -q "^build-qemu: QEMU $next with the hook patches of $newest does not build: first failure in zvm/hw/s390x/zvm.c$" "$t/nobuild.err"
check "... after the compiler's own message" "$t/nobuild.err" \
    grep -q "zvm/hw/s390x/zvm.c:[0-9]*:[0-9]*: fatal error: hw/qdev-properties.h: No such file or directory" "$t/nobuild.err"
mv "$t/qdev-properties.h" "$t/qemu-next/include/hw/qdev-properties.h"

# 4. older than every series; not a QEMU tree
oldest=$("$top/scripts/qemu-series" list | head -n 1)
echo "$(( ${oldest%%.*} - 1 )).2.0" >"$t/qemu-next/VERSION"
run old prepare-qemu.sh
check "a QEMU older than every series is refused (exit 1), naming the series" \
    "$t/old.err" bash -c "[[ \$(cat $t/old.rc) == 1 ]] &&
        grep -q 'is older than every series qemu-zvm has hook patches for' $t/old.err &&
        [[ ! -e $t/src-old && ! -e $t/src-old.tmp ]]"
mkdir -p "$t/empty"
env BUILD="$t/build" QEMU_SRC_DIR="$t/src-empty" QEMU_SRC="$t/empty" \
    "$top/scripts/prepare-qemu.sh" >"$t/empty.out" 2>"$t/empty.err"
echo $? >"$t/empty.rc"
check "a directory without VERSION is refused as no QEMU source tree" \
    "$t/empty.err" bash -c "[[ \$(cat $t/empty.rc) == 1 ]] &&
        grep -q 'has no VERSION file: not a QEMU source tree' $t/empty.err"

echo "1..$n"
echo "# $failed of $n failed"
[[ $failed == 0 ]]
