#!/usr/bin/env bash
# bench.sh: run qemu-zvm's benchmarks and print the measured figures.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
qb=$qbuild
export QTEST_QEMU_BINARY=$qb/qemu-system-s390x ZVM_TOP=$top
export ZVM_PAYLOADS=$qb/zvm/qtest/payloads
"$qb/zvm/qtest/zvm-dcss-bench" | grep -v '^#'
"$qb/zvm/qtest/zvm-standby-bench" | grep -v '^#'
"$top/tests/tools/memory-cost.sh"
# CMM: the guest (Debian's trixie kernel) holds 64 MiB of pages it had
# touched in cmm_pages (DIAGNOSE X'10'); how much of it QEMU gives back
echo "== CMM: host memory returned for 64 MiB released by the guest"
ZVM_KERNELS=trixie ZVM_ASSETS=${ZVM_ASSETS:-$build/assets} \
    "$qb/zvm/qtest/zvm-facilities-test" --tap -p /s390x/zvm/facilities/full \
    | sed -n 's/^# QEMU RSS /QEMU RSS /p'
