#!/usr/bin/env bash
# cross-kvm.sh: build qemu-system-s390x for an s390x host with KVM, from
# the same generated QEMU tree (hook patches and overlay included).
#
#   make cross-kvm
#
# What it proves: the code that only an s390x host compiles -- the KVM
# side of the hook patches (target/s390x/kvm/kvm.c: DIAGNOSE, STSI 3.2.2
# and IUCV through the S390HypervisorOps of patch 0004) and the overlay
# built with CONFIG_KVM -- compiles and links. What it does not: it runs nowhere
# here (no s390x host, no KVM); nothing of it is tested.
#
# The s390x libraries QEMU links with (glib and what it needs, libfdt) are
# Debian's s390x packages of the host's suite, fetched with the private
# apt configuration (scripts/papt) and unpacked into $BUILD/s390x-sysroot:
# nothing is added to the host's dpkg architectures. The compiler is
# Debian's gcc-s390x-linux-gnu with libc6-dev-s390x-cross (installed if
# missing). Output: $BUILD/qemu-cross-s390x/qemu-system-s390x.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
src=$qsrc
out=$build/qemu-cross-s390x
sysroot=$build/s390x-sysroot
suite=${CROSS_SUITE:-$(. /etc/os-release && echo "$VERSION_CODENAME")}
step() { printf 'cross-kvm: [%s] %s\n' "$1" "$2" >&2; }
start=$(date +%s)

missing=()
command -v s390x-linux-gnu-gcc >/dev/null || missing+=(gcc-s390x-linux-gnu)
dpkg -s libc6-dev-s390x-cross >/dev/null 2>&1 || missing+=(libc6-dev-s390x-cross)
dpkg -s linux-libc-dev-s390x-cross >/dev/null 2>&1 || missing+=(linux-libc-dev-s390x-cross)
if [[ ${#missing[@]} -gt 0 ]]; then
    step 0/4 "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
fi

"$top/scripts/prepare-qemu.sh"

# --- 1. the sysroot: glib and its dependencies, s390x ----------------------
pkgs=(libglib2.0-dev libglib2.0-0 libpcre2-dev libpcre2-8-0 libpcre2-16-0
      libpcre2-32-0 libpcre2-posix3 libffi-dev libffi8 zlib1g-dev zlib1g
      libmount-dev libmount1 libblkid-dev libblkid1 libselinux1-dev
      libselinux1 libsepol-dev libsepol2 libfdt-dev libfdt1)
stamp="$suite ${pkgs[*]}"
if [[ $(cat "$sysroot/.zvm-sysroot" 2>/dev/null) != "$stamp" ]]; then
    step 1/4 "fetching ${#pkgs[@]} s390x packages of $suite into $sysroot"
    rm -rf "$sysroot" "$sysroot.debs"
    mkdir -p "$sysroot.debs"
    "$top/scripts/papt" "$suite" s390x update
    (cd "$sysroot.debs" &&
     "$top/scripts/papt" "$suite" s390x apt-get -q download "${pkgs[@]}" >&2)
    for deb in "$sysroot.debs"/*.deb; do
        dpkg-deb -x "$deb" "$sysroot"
    done
    # absolute symlinks (libfoo.so -> /lib/...) point into the sysroot
    find "$sysroot" -type l -lname '/*' | while read -r l; do
        ln -sfn "$sysroot$(readlink "$l")" "$l"
    done
    rm -rf "$sysroot.debs"
    echo "$stamp" >"$sysroot/.zvm-sysroot"
else
    step 1/4 "sysroot $sysroot ($suite)"
fi

# pkg-config that answers from the sysroot only
mkdir -p "$out"
cat >"$out/pkg-config" <<EOF
#!/bin/sh
export PKG_CONFIG_SYSROOT_DIR=$sysroot
export PKG_CONFIG_LIBDIR=$sysroot/usr/lib/s390x-linux-gnu/pkgconfig:$sysroot/usr/share/pkgconfig
exec pkg-config "\$@"
EOF
chmod +x "$out/pkg-config"

# --- 2. configure ------------------------------------------------------------
libdirs="$sysroot/usr/lib/s390x-linux-gnu:$sysroot/lib/s390x-linux-gnu"
args=(--cross-prefix=s390x-linux-gnu- --target-list=s390x-softmmu
      --enable-kvm --enable-tcg --without-default-features
      --disable-docs --disable-tools --disable-pixman --disable-download
      --disable-install-blobs --python=/usr/bin/python3
      --extra-ldflags="-Wl,-rpath-link=$libdirs")
want="${args[*]} $(cat "$src/.zvm-prepared")"
if [[ ! -e $out/build.ninja || $(cat "$out/.zvm-configured" 2>/dev/null) != "$want" ]]; then
    step 2/4 "configuring (s390x host, KVM and TCG, s390x-softmmu only)"
    find "$out" -mindepth 1 -maxdepth 1 ! -name pkg-config -exec rm -rf {} +
    (cd "$out" && PKG_CONFIG=$out/pkg-config "$src/configure" "${args[@]}" \
        >"$out/configure.log" 2>&1) ||
        { tail -n 30 "$out/configure.log" >&2; exit 1; }
    echo "$want" >"$out/.zvm-configured"
else
    step 2/4 "configured ($out)"
fi
grep -q '^#define CONFIG_KVM 1' "$out/s390x-softmmu-config-target.h" ||
    { echo "cross-kvm: KVM is not enabled in $out" >&2; exit 1; }

# --- 3. build ------------------------------------------------------------------
step 3/4 "building qemu-system-s390x"
ninja -C "$out" qemu-system-s390x >&2

# --- 4. what was compiled ------------------------------------------------------
kvm=$(find "$out" -name '*target_s390x_kvm_kvm.c.o' | head -n 1)
[[ -n $kvm ]] || { echo "cross-kvm: target/s390x/kvm/kvm.c was not compiled" >&2; exit 1; }
# the KVM hunks of patch 0004: DIAGNOSE, STSI 3.2.2 and IUCV through
# s390_hv_ops, and the registration in the overlay's zvm-cpu.c
s390x-linux-gnu-nm "$kvm" | grep -q " U s390_hv_ops\$" ||
    { echo "cross-kvm: target/s390x/kvm/kvm.c does not use s390_hv_ops" >&2; exit 1; }
cpu=$(find "$out" -name '*zvm-cpu.c.o' | head -n 1)
s390x-linux-gnu-nm "$cpu" | grep -q " U s390_register_hypervisor_ops\$" ||
    { echo "cross-kvm: zvm-cpu.c does not register its S390HypervisorOps" >&2; exit 1; }
overlay=$(find "$out" -name 'zvm_hw_s390x_*.c.o' -o -name 'zvm_target-s390x_*.c.o' | wc -l)
step 4/4 "done in $(( $(date +%s) - start )) s: $(file -b "$out/qemu-system-s390x" | cut -d, -f1-2); kvm.c uses s390_hv_ops; $overlay overlay sources compiled"
