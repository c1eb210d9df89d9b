#!/usr/bin/env bash
# check.sh: run every qemu-zvm test through the top-level meson.build,
# print the guest asset versions and meson's summary.
# usage: check.sh [meson test arguments, e.g. a test name or --suite zvm]
#
# With KERNEL= (an own s390x kernel image; docs/own-kernel.rst) it runs
# the guest suite against that kernel instead:
#   KERNEL=IMAGE      the kernel (bzImage, vmlinuz)
#   MODULES=TREE      its modules: a 'make modules_install
#                     INSTALL_MOD_PATH=' tree or the kernel build tree
#   CONFIG=FILE       its configuration, if neither the build tree nor
#                     the image (IKCONFIG) has it
#   SCENARIO=A,B      only the guest tests whose path holds A or B
#   KERNEL_NAME=own   the last component of the test paths
# QEMU_SERIES=10.0 runs the tests on that QEMU series' build
# (scripts/qemu-dirs.sh); GUEST_KERNELS=trixie (suites of the guest
# assets, space separated) boots only those kernels in the guest tests.
# TAP on stdout, JUnit in build/zvm/meson-logs/testlog.junit.xml, exit
# status 0 passed, 1 failed, 125 not testable (git bisect run: skip),
# 128 nothing ran ('make check' turns every failure into make's 2: bisect
# with this script).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
assets=${ZVM_ASSETS:-$build/assets}
meson=(/usr/bin/python3 -m mesonbuild.mesonmain)

if [[ ! -e $zbuild/build.ninja ]]; then
    "${meson[@]}" setup "$zbuild" "$top" -Dqemu_build="$qbuild" \
        -Dassets="$assets" >/dev/null
else
    "${meson[@]}" configure "$zbuild" -Dqemu_build="$qbuild" \
        -Dassets="$assets" >/dev/null
fi

if [[ -z ${KERNEL:-} ]]; then
    echo "== guest assets (Debian s390x packages; tests/guest/assets.lock)"
    sed 's/^/   /' "$assets/manifest"
    echo "== $("$qbuild/qemu-system-s390x" --version | head -n 1) (QEMU_SERIES=${QEMU_SERIES:-newest}: $(cat "$qsrc/.zvm-version" | sed 's/ / with the hook and edat patches of /'))"
    [[ -z ${GUEST_KERNELS:-} ]] || export ZVM_KERNELS=$GUEST_KERNELS
    exec "${meson[@]}" test -C "$zbuild" --print-errorlogs \
        --num-processes "$(nproc)" "$@"
fi

# an own kernel: prepare it, check its configuration, run the guest
# suite against it and give the verdict
name=${KERNEL_NAME:-own}
logbase=${ZVM_LOGBASE:-testlog}
kdir=$build/kernels/$name
zk=$top/scripts/zvm-kernel
"$zk" prepare --kernel "$KERNEL" ${MODULES:+--modules "$MODULES"} \
    ${CONFIG:+--config "$CONFIG"} --out "$kdir"
rc=0
"$zk" check "$kdir" --scenario "${SCENARIO:-}" || rc=$?
if [[ $rc -ne 0 ]]; then
    echo "== verdict: $rc"
    exit "$rc"
fi
echo "== $("$qbuild/qemu-system-s390x" --version | head -n 1)"
rm -f "$zbuild/meson-logs/$logbase.json"
ZVM_KERNELS="$name=$kdir" ZVM_SCENARIO=${SCENARIO:-} \
    "${meson[@]}" test -C "$zbuild" --suite guest --verbose \
    --logbase "$logbase" --num-processes "$(nproc)" "$@" || true
echo "== JUnit: $zbuild/meson-logs/$logbase.junit.xml"
exec "$zk" verdict "$zbuild/meson-logs/$logbase.json" --kernel "$name" \
    ${ZVM_FAILED_LIST:+--failed "$ZVM_FAILED_LIST"}
