#!/usr/bin/env bash
# run-guest.sh: boot a Debian s390x kernel under qemu-zvm's QEMU (TCG).
#
# usage: run-guest.sh [demo|shell|SCENARIO]
#
#   SUITE=trixie        kernel of this suite (bookworm, trixie, sid)
#   KERNEL=FILE         own kernel image instead (scripts/zvm-kernel)
#   MODULES=TREE        its modules: a modules_install tree or the build
#                       tree (without it, modules must be built in)
#   CONFIG=FILE         its configuration (else from the trees or image)
#   INITRD=FILE         own initramfs instead of the scenario one
#   MEM=1024 SMP=2      guest size (MiB, CPUs)
#   CPU=max             -cpu (max: EDAT-1 under TCG, as the guest suite;
#                       docs/standby.rst)
#   MACHINE_OPTS=...    -machine options (default zvm=on,standby-mem=1G:
#                       the z/VM personality and 1 GiB of standby
#                       storage; MACHINE_OPTS= for plain QEMU)
#   APPEND=...          extra kernel parameters
#   QEMU_ARGS=...       extra QEMU arguments
#   QEMU=BINARY         another qemu-zvm binary (e.g. an installed one)
#   LOAD_MODULES=...    kernel modules for the initramfs (demo: dcssblk)
#   DCSS_STORE=DIR      segment store (zvm-dcss-store); the demo makes
#                       build/demo-dcss with segment DEMO if unset
#
# demo and scenarios end by themselves (the guest powers off); shell
# gives an interactive shell on the console (leave with 'poweroff -f').
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
qemu=${QEMU:-$qbuild/qemu-system-s390x}
assets=${ZVM_ASSETS:-$build/assets}
scenario=${1:-demo}
suite=${SUITE:-trixie}
kdir=$assets/kernels/$suite

[[ -x $qemu ]] || { echo "run-guest: build QEMU first (make)" >&2; exit 1; }
if [[ -n ${KERNEL:-} ]]; then
    # an own kernel with its modules, as 'make check KERNEL=' takes it
    kdir=$build/kernels/run
    "$top/scripts/zvm-kernel" prepare --kernel "$KERNEL" \
        ${MODULES:+--modules "$MODULES"} ${CONFIG:+--config "$CONFIG"} \
        --out "$kdir" >&2
fi
kernel=$kdir/vmlinuz
[[ -e $kernel ]] || { echo "run-guest: no kernel $kernel (make assets)" >&2; exit 1; }

machine_opts=${MACHINE_OPTS-zvm=on,standby-mem=1G}
modules=${LOAD_MODULES-}
store=${DCSS_STORE:-}
if [[ $scenario == demo && -z $store && ,$machine_opts, == *,zvm=on,* ]]; then
    # a saved segment for the demo: 1 MiB, read-only, at 2 GiB
    store=$build/demo-dcss
    printf 'Hello from DEMO, a z/VM saved segment at 0x80000000\n' >"$build/demo.txt"
    "$top/scripts/mkdcss" "$store" DEMO '80000-800FF SR' "$build/demo.txt" >/dev/null
    modules=${LOAD_MODULES-dcssblk}
fi
[[ -n $store ]] && machine_opts+=",zvm-dcss-store=$store"
# a z/VM guest on an SCLP console (docs/zvm.rst)
zvm_append=
[[ ,$machine_opts, == *,zvm=on,* ]] && zvm_append="conmode=sclp console=ttysclp0 "

# the demo shows what the guest sees, not its boot log (VERBOSE=1 for it)
quiet=
[[ $scenario == demo && -z ${VERBOSE:-} ]] && quiet="quiet "

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
initrd=${INITRD:-}
if [[ -z $initrd ]]; then
    initrd=$tmp/initrd.gz
    mods=()
    for m in $modules; do mods+=(-m "$m"); done
    "$top/tests/guest/mkinitramfs.sh" -o "$initrd" -s "$scenario" -k "$kdir" \
        -b /usr/bin/lsmem -b /usr/sbin/chmem -b /usr/sbin/vmcp "${mods[@]}" \
        -t "$qbuild/zvm/qtest/payloads/memfill"
fi

if [[ -n ${KERNEL:-} ]]; then
    echo "run-guest: own kernel $KERNEL ($(cat "$kdir/release"))" >&2
else
    echo "run-guest: Debian $suite kernel $(cat "$kdir/release")" >&2
fi
echo "run-guest: $("$qemu" --version | head -n 1)" >&2
exec "$qemu" -machine "s390-ccw-virtio${machine_opts:+,$machine_opts}" \
    -accel tcg -nodefaults -nographic -no-reboot \
    -cpu "${CPU:-max}" -m "${MEM:-1024}" -smp "${SMP:-2}" \
    -chardev stdio,id=con0,signal=off -device sclpconsole,chardev=con0 \
    -kernel "$kernel" -initrd "$initrd" \
    -append "console=ttysclp0 panic=-1 ${quiet}${zvm_append}${APPEND:-}" ${QEMU_ARGS:-}
