#!/usr/bin/env bash
# sanitize.sh: qemu-system-s390x and the qtests built with AddressSanitizer
# and UndefinedBehaviorSanitizer in their own build directory
# (build/qemu-asan), then the bare-metal tests and a fuzz run on that
# build. Any sanitizer report fails the run.
#
#   make sanitize [N=100000] [SEED=20261126]
#
# Leak detection is off: QEMU does not free everything at exit, and the
# question here is memory errors and undefined behaviour while it runs.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
export QEMU_BUILD_DIR=$build/qemu-asan
export QEMU_CONFIGURE_EXTRA="--enable-asan --enable-ubsan"
# what the runs below need, not all of QEMU's tests and tools
export QEMU_TARGETS="qemu-system-s390x trace/trace-events-all
    zvm/qtest/zvm-diag-test zvm/qtest/zvm-dcss-test zvm/qtest/zvm-standby-test
    zvm/qtest/zvm-machine-test zvm/qtest/zvm-pfmf-test zvm/qtest/zvm-cmm-test
    zvm/qtest/zvm-wdt-test zvm/qtest/zvm-hypfs-test zvm/qtest/zvm-appldata-test
    zvm/qtest/zvm-fuzz zvm/qtest/payloads/driver.elf zvm/qtest/payloads/diag.elf"
"$top/scripts/build-qemu.sh"

qb=$QEMU_BUILD_DIR
export QTEST_QEMU_BINARY=$qb/qemu-system-s390x ZVM_TOP=$top
export ZVM_PAYLOADS=$qb/zvm/qtest/payloads
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
log=$qb/sanitize.log
: >"$log"
rc=0
for t in zvm-diag-test zvm-dcss-test zvm-standby-test zvm-machine-test \
         zvm-pfmf-test zvm-cmm-test zvm-wdt-test zvm-hypfs-test \
         zvm-appldata-test; do
    echo "== $t (ASan+UBSan)"
    "$qb/zvm/qtest/$t" --tap -k >>"$log" 2>&1 || rc=1
done
echo "== zvm-fuzz (ASan+UBSan)"
N=${N:-100000} SEED=${SEED:-20261126} "$top/scripts/fuzz.sh" >>"$log" 2>&1 ||
    rc=1
reports=$(grep -cE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log" || true)
oks=$(grep -c '^ok' "$log" || true)
fails=$(grep -c '^not ok' "$log" || true)
grep -E '^zvm-fuzz: [0-9]+ requests|MISMATCH' "$log" || true
echo "sanitize: $oks bare-metal subtests passed, $fails failed, $reports sanitizer reports (log: $log)"
[[ $rc == 0 && $reports == 0 && $fails == 0 ]]
