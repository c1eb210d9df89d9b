#!/usr/bin/env bash
# fuzz.sh: run the guest-side fuzzer (qtest/zvm-fuzz.c) against the QEMU
# of $QEMU_BUILD_DIR (default: the build of QEMU_SERIES, scripts/qemu-dirs.sh).
#
#   make fuzz [N=1000000] [SEED=S] [BATCH=2048]
#
# Without SEED a new seed is taken and printed; a mismatch prints the
# seed and request number to replay it with.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
qb=$qbuild
export QTEST_QEMU_BINARY=$qb/qemu-system-s390x ZVM_TOP=$top
export ZVM_PAYLOADS=$qb/zvm/qtest/payloads
args=(--requests "${N:-1000000}" --batch "${BATCH:-2048}")
[[ -z ${SEED:-} ]] || args+=(--seed "$SEED")
exec "$qb/zvm/qtest/zvm-fuzz" "${args[@]}"
