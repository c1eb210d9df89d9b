#!/usr/bin/env bash
# record-stock-sysinfo.sh: record what the kernels under test show in
# /proc/sysinfo under stock QEMU (no hook patches; the series of
# QEMU_SERIES, default the newest), for
# zvm-boot-test's "personality off = upstream" check.
#
# usage: tests/tools/record-stock-sysinfo.sh
#
# Builds an unpatched qemu-system-s390x from the same QEMU source in
# build/stock[-SERIES] (a few minutes), then runs zvm-boot-test against it with
# ZVM_RECORD_SYSINFO, writing tests/guest/expected/sysinfo-X.Y.txt (X.Y: each kernel's version).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
src=$build/stock$zvm_sfx-src bld=$build/stock$zvm_sfx
tarball=$("$top/scripts/zvm-assets" qemu-source "$zvm_track")

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
ln -sf "$qbuild/pc-bios/s390-ccw/s390-ccw.img" "$datadir/s390-ccw.img"

ZVM_RECORD_SYSINFO=$top/tests/guest/expected \
QTEST_QEMU_BINARY=$bld/qemu-system-s390x ZVM_TOP=$top \
ZVM_ASSETS=${ZVM_ASSETS:-$build/assets} \
    "$qbuild/zvm/qtest/zvm-boot-test"
ls -l "$top"/tests/guest/expected/
