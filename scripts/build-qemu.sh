#!/usr/bin/env bash
# build-qemu.sh: prepare the generated QEMU tree, configure it once and
# build qemu-system-s390x with the qemu-zvm overlay, its qtests and the
# s390-ccw.img firmware (cross-built with gcc-s390x-linux-gnu).
#
# QEMU_SERIES selects the QEMU track (scripts/qemu-dirs.sh); QEMU_BUILD_DIR
# another build of the same tree (make sanitize). A build that fails
# names the QEMU version, the hook patch series and the first file that
# did not compile, and exits 1.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
jobs=${JOBS:-$(nproc)}
configure_args=("${qemu_configure_args[@]}")

"$top/scripts/prepare-qemu.sh"

want="${configure_args[*]} $(cat "$qsrc/.zvm-prepared")"
read -r version pseries <"$qsrc/.zvm-version"
failed() {      # failed LOG: name the first file that did not compile
    local err f
    err=$(sed -n '/^FAILED: /,$p' "$1" |
          grep -m1 -E '^[^ :]+:[0-9]+(:[0-9]+)?: ((fatal )?error:|[A-Z])' || true)
    f=${err%%:*}
    # relative to the QEMU tree (zvm/... for the overlay's files)
    [[ -z $f ]] || f=$(cd "$qbuild" && realpath -ms --relative-to="$qsrc" "$f")
    [[ -z $err ]] || echo "$err" >&2
    echo "build-qemu: QEMU $version with the hook patches of $pseries does not build${f:+: first failure in $f}" >&2
    exit 1
}
if [[ ! -e $qbuild/build.ninja || ! -e $qbuild/.zvm-configured ||
      $(cat "$qbuild/.zvm-configured") != "$want" ]]; then
    rm -rf "$qbuild"
    mkdir -p "$qbuild"
    echo "build-qemu: configuring QEMU $version in $qbuild" >&2
    (cd "$qbuild" && "$qsrc/configure" "${configure_args[@]}" \
        >configure.log 2>&1) ||
        { tail -n 30 "$qbuild/configure.log" >&2
          echo "build-qemu: QEMU $version with the hook patches of $pseries does not configure" >&2
          exit 1; }
    echo "$want" >"$qbuild/.zvm-configured"
fi

log=$qbuild/build.log
if [[ -n ${QEMU_TARGETS:-} ]]; then
    # only these ninja targets, and the firmware
    ninja -C "$qbuild" -j"$jobs" $QEMU_TARGETS 2>&1 | tee "$log" ||
        failed "$log"
    make -C "$qbuild" -j"$jobs" --no-print-directory pc-bios/s390-ccw/all
else
    make -C "$qbuild" -j"$jobs" --no-print-directory all 2>&1 | tee "$log" ||
        failed "$log"
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
