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
