#!/usr/bin/env bash
# record-stock-sysinfo.sh: record what the kernels under test show in
# /proc/sysinfo under stock QEMU 10.0 (no hook patches), for
# zvm-boot-test's "personality off = upstream" check.
#
# usage: tests/tools/record-stock-sysinfo.sh
#
# Builds an unpatched qemu-system-s390x from the same QEMU source in
# build/stock (a few minutes), then runs zvm-boot-test against it with
# ZVM_RECORD_SYSINFO, writing tests/guest/expected/sysinfo-X.Y.txt (X.Y: each kernel's version).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
src=$build/stock-src bld=$build/stock
tarball=$("$top/scripts/zvm-assets" qemu-source)

if [[ ! -x $bld/qemu-system-s390x ]]; then
    rm -rf "$src" "$bld" && mkdir -p "$src" "$bld"
    tar -xf "$tarball" -C "$src" --strip-components=1
    (cd "$bld" && "$src/configure" --python=/usr/bin/python3 \
        --target-list=s390x-softmmu --without-default-features \
        --disable-docs --disable-install-blobs >/dev/null &&
     ninja qemu-system-s390x >/dev/null)
fi
# the firmware of the patched build (Debian's source has no binary)
datadir=$(dirname "$(find "$bld/qemu-bundle" -name trace-events-all | head -n 1)")
ln -sf "$build/qemu-build/pc-bios/s390-ccw/s390-ccw.img" "$datadir/s390-ccw.img"

ZVM_RECORD_SYSINFO=$top/tests/guest/expected \
QTEST_QEMU_BINARY=$bld/qemu-system-s390x ZVM_TOP=$top \
ZVM_ASSETS=${ZVM_ASSETS:-$build/assets} \
    "$build/qemu-build/zvm/qtest/zvm-boot-test"
ls -l "$top"/tests/guest/expected/
