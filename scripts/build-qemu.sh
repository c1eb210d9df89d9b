#!/usr/bin/env bash
# build-qemu.sh: prepare the generated QEMU tree, configure it once and
# build qemu-system-s390x with the qemu-zvm overlay, its qtests and the
# s390-ccw.img firmware (cross-built with gcc-s390x-linux-gnu).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
# QEMU_BUILD_DIR: another build of the same tree (make sanitize)
qbuild=${QEMU_BUILD_DIR:-$build/qemu-build}
jobs=${JOBS:-$(nproc)}
configure_args=(--python=/usr/bin/python3 --target-list=s390x-softmmu
                --without-default-features --disable-docs
                --disable-install-blobs --enable-malloc-trim
                --cross-prefix-s390x=s390x-linux-gnu-
                ${QEMU_CONFIGURE_EXTRA:-})

"$top/scripts/prepare-qemu.sh"

want="${configure_args[*]} $(cat "$build/qemu-src/.zvm-prepared")"
if [[ ! -e $qbuild/build.ninja || ! -e $qbuild/.zvm-configured ||
      $(cat "$qbuild/.zvm-configured") != "$want" ]]; then
    rm -rf "$qbuild"
    mkdir -p "$qbuild"
    echo "build-qemu: configuring QEMU $(cat "$build/qemu-src/VERSION")" >&2
    (cd "$qbuild" && ../qemu-src/configure "${configure_args[@]}" \
        >configure.log 2>&1) ||
        { tail -n 30 "$qbuild/configure.log" >&2; exit 1; }
    echo "$want" >"$qbuild/.zvm-configured"
fi

if [[ -n ${QEMU_TARGETS:-} ]]; then
    # only these ninja targets, and the firmware
    ninja -C "$qbuild" -j"$jobs" $QEMU_TARGETS
    make -C "$qbuild" -j"$jobs" --no-print-directory pc-bios/s390-ccw/all
else
    make -C "$qbuild" -j"$jobs" --no-print-directory all
fi

# The s390-ccw machine loads s390-ccw.img even with -kernel; a QEMU run
# from its build tree looks for firmware in qemu-bundle/<datadir>.
img=$qbuild/pc-bios/s390-ccw/s390-ccw.img
if [[ ! -s $img ]]; then
    echo "build-qemu: $img was not built (is gcc-s390x-linux-gnu installed?)" >&2
    exit 1
fi
datadir=$(dirname "$(find "$qbuild/qemu-bundle" -name trace-events-all | head -n 1)")
ln -sf "$img" "$datadir/s390-ccw.img"
echo "build-qemu: $qbuild/qemu-system-s390x ($("$qbuild/qemu-system-s390x" --version | head -n 1))" >&2
