# qemu-dirs.sh, sourced by the scripts with $top and $build set: the QEMU
# track chosen with QEMU_SERIES (scripts/qemu-series; default the newest
# series) and its directories under $build. The newest keeps the plain
# names, another series has its own (build/qemu-10.0-src,
# build/qemu-10.0-build, build/zvm-10.0), so both stay built side by side.
#   zvm_track  newest or a pinned series (10.0)
#   qsrc       the generated QEMU tree        (QEMU_SRC_DIR overrides)
#   qbuild     its build directory            (QEMU_BUILD_DIR overrides)
#   zbuild     the meson test registry's      (ZVM_BUILD_DIR overrides)
#   qemu_configure_args  how QEMU is configured (scripts/build-qemu.sh;
#              scripts/qemu-check.sh configures unpatched QEMU the same)
# shellcheck shell=bash
zvm_track=$("$top/scripts/qemu-series" track "${QEMU_SERIES:-newest}") || exit 1
zvm_sfx=$("$top/scripts/qemu-series" suffix "$zvm_track")
qsrc=${QEMU_SRC_DIR:-$build/qemu$zvm_sfx-src}
qbuild=${QEMU_BUILD_DIR:-$build/qemu$zvm_sfx-build}
zbuild=${ZVM_BUILD_DIR:-$build/zvm$zvm_sfx}
# --with-suffix: an installed qemu-zvm keeps its firmware in
# PREFIX/share/qemu-zvm, beside a distribution's QEMU (make install);
# --enable-virtfs: virtio-9p, the root filesystem of virtme-ng
# ccache (make deps installs it; ZVM_NO_CCACHE=1 builds without): the
# builds of .ci/run (newest, 10.0, ASan, the series' prefixes, unpatched
# QEMU) come from the cache the run before filled. Paths under $top are
# hashed relative to it, so a clone elsewhere hits the same entries.
zvm_cc=()
if [[ -z ${ZVM_NO_CCACHE:-} ]] && command -v ccache >/dev/null; then
    zvm_cc=("--cc=ccache gcc")
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$top} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
    export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-16G}
fi
qemu_configure_args=("${zvm_cc[@]}" --python=/usr/bin/python3 --target-list=s390x-softmmu --enable-werror
                     --without-default-features --disable-docs
                     --disable-install-blobs --enable-malloc-trim
                     --with-pkgversion=qemu-zvm --with-suffix=qemu-zvm --enable-attr --enable-virtfs
                     --cross-prefix-s390x=s390x-linux-gnu-
                     ${QEMU_CONFIGURE_EXTRA:-})
