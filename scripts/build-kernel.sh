#!/usr/bin/env bash
# build-kernel.sh: cross-build an s390x kernel for the guest suite.
#
#   make kernel [KERNEL_SRC=DIR] [EXTRA_CONFIG=FILE] [KERNEL_BUILD=DIR]
#
#   KERNEL_SRC    a kernel source tree of yours (left clean: the objects go
#                 to KERNEL_BUILD). Default: Debian's linux-source-6.12 of
#                 trixie, fetched under the private apt configuration
#                 (scripts/papt), the version of the locked trixie kernel
#                 first, then the others the archive lists, newest first;
#                 unpacked into $BUILD/kernel/src-VERSION
#   KERNEL_BUILD  the object tree (default $BUILD/kernel/obj, or
#                 $BUILD/kernel/obj-NAME for KERNEL_SRC=.../NAME)
#   EXTRA_CONFIG  a configuration fragment added to tests/kernel/zvm.config
#   KERNEL_SERIES the linux-source-SERIES package (default 6.12)
#   SOURCE_ONLY=1 fetch and unpack the source, print its path, stop
#
# The configuration is 'allnoconfig' with tests/kernel/zvm.config (and
# EXTRA_CONFIG) as KCONFIG_ALLCONFIG; every line of the fragments must hold
# in the result. Built with gcc-s390x-linux-gnu (installed if missing) and
# ccache when it is installed. The result, in KERNEL_BUILD:
#   arch/s390/boot/bzImage   the image       (make check KERNEL=...)
#   modules-root             modules_install (make check MODULES=...)
# and the last lines printed are the make check command for it.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
series=${KERNEL_SERIES:-6.12}
xdg=${XDG_CACHE_HOME:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache}
cache=${ZVM_CACHE:-$xdg/qemu-zvm}/kernel-src
cross=s390x-linux-gnu-
jobs=${JOBS:-$(nproc)}
step() { printf 'build-kernel: [%s] %s\n' "$1" "$2" >&2; }
start=$(date +%s)

if ! command -v ${cross}gcc >/dev/null; then
    step 0/5 "installing gcc-s390x-linux-gnu"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        gcc-s390x-linux-gnu bc bison flex libelf-dev libssl-dev kmod >&2
fi
for tool in bc bison flex depmod; do
    command -v $tool >/dev/null || {
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            bc bison flex libelf-dev libssl-dev kmod >&2
        break
    }
done

# --- 1. the source tree ---------------------------------------------------
if [[ -n ${KERNEL_SRC:-} ]]; then
    src=$(cd "$KERNEL_SRC" && pwd)
    [[ -e $src/arch/s390/Kconfig ]] ||
        { echo "build-kernel: $src is not a kernel tree" >&2; exit 1; }
    obj=${KERNEL_BUILD:-$build/kernel/obj-$(basename "$src")}
    step 1/5 "source: $src"
else
    pkg=linux-source-$series
    mkdir -p "$cache" "$build/kernel"
    # one fetch and unpack at a time: tests run side by side ask for the
    # source together (the selftests of make check)
    exec 9>"$build/kernel/.source.lock"
    flock 9
    "$top/scripts/papt" trixie amd64 update
    # the locked trixie kernel's version first (the Debian kernel the suite
    # passes with, so a difference is ours to find), then the archive's
    locked=$(awk '$1 == "kernel-trixie" { print $4 }' "$top/tests/guest/assets.lock")
    mapfile -t listed < <("$top/scripts/papt" trixie amd64 apt-cache madison "$pkg" |
                          awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
    cands=()
    [[ -z $locked ]] || cands+=("$locked")
    for v in "${listed[@]}"; do [[ $v == "$locked" ]] || cands+=("$v"); done
    [[ ${#cands[@]} -gt 0 ]] ||
        { echo "build-kernel: the archive lists no $pkg" >&2; exit 1; }
    deb= version=
    for v in "${cands[@]}"; do
        f=$cache/${pkg}_${v}_all.deb
        if [[ ! -s $f ]]; then
            step 1/5 "fetching $pkg $v"
            # apt checks the file against the index's SHA256
            if ! (cd "$cache" && "$top/scripts/papt" trixie amd64 apt-get -q \
                     download "$pkg=$v" >&2); then
                echo "build-kernel: $pkg $v not served, next candidate" >&2
                continue
            fi
        fi
        deb=$f version=$v
        break
    done
    [[ -n $deb ]] || { echo "build-kernel: no $pkg could be fetched (tried ${cands[*]})" >&2; exit 1; }
    src=$build/kernel/src-$version
    if [[ ! -e $src/.zvm-unpacked ]]; then
        step 1/5 "unpacking $pkg $version"
        rm -rf "$src" "$src.tmp"
        mkdir -p "$src.tmp"
        dpkg-deb --fsys-tarfile "$deb" |
            tar -xO --wildcards './usr/src/linux-source-*.tar.xz' |
            tar -C "$src.tmp" --strip-components=1 -xJf -
        mv "$src.tmp" "$src"
        echo "$pkg $version" >"$src/.zvm-unpacked"
    else
        step 1/5 "source: $pkg $version (unpacked)"
    fi
    flock -u 9
    obj=${KERNEL_BUILD:-$build/kernel/obj}
fi
# SOURCE_ONLY=1: just the source tree (its tools/testing/selftests for
# tests/selftests/), printed
if [[ -n ${SOURCE_ONLY:-} ]]; then
    echo "$src"
    exit 0
fi
mkdir -p "$obj"
obj=$(cd "$obj" && pwd)

cc=${cross}gcc
if command -v ccache >/dev/null && [[ -z ${NO_CCACHE:-} ]]; then
    cc="ccache ${cross}gcc"
fi
kmake() {
    make -C "$src" O="$obj" ARCH=s390 CROSS_COMPILE=$cross CC="$cc" \
         -j"$jobs" "$@"
}

# --- 2. the configuration -------------------------------------------------
frag=$obj/zvm.config
cat "$top/tests/kernel/zvm.config" ${EXTRA_CONFIG:+"$EXTRA_CONFIG"} >"$frag.new"
if [[ ! -e $obj/.config ]] || ! cmp -s "$frag.new" "$frag"; then
    step 2/5 "configuring: allnoconfig + tests/kernel/zvm.config${EXTRA_CONFIG:+ + $EXTRA_CONFIG}"
    kmake -s KCONFIG_ALLCONFIG="$frag.new" allnoconfig >&2
    missing=()
    while read -r line; do
        [[ $line =~ ^CONFIG_ || $line =~ ^#\ CONFIG_.*\ is\ not\ set$ ]] || continue
        if [[ $line == "# "* ]]; then
            opt=${line#\# }; opt=${opt%% *}
            grep -q "^$opt=" "$obj/.config" && missing+=("$opt (asked off)")
        else
            grep -qxF "$line" "$obj/.config" ||
                missing+=("$line (have: $(grep -E "^(# )?${line%%=*}[= ]" "$obj/.config" || echo unset))")
        fi
    done <"$frag.new"
    if [[ ${#missing[@]} -gt 0 ]]; then
        printf 'build-kernel: the configuration does not hold: %s\n' "${missing[@]}" >&2
        rm -f "$frag"
        exit 1
    fi
    mv "$frag.new" "$frag"
else
    rm -f "$frag.new"
    step 2/5 "configuration unchanged"
fi

# --- 3. build -------------------------------------------------------------
step 3/5 "building with $jobs jobs ($(kmake -s kernelrelease 2>/dev/null))"
kmake bzImage modules >&2

# --- 4. modules_install ---------------------------------------------------
step 4/5 "installing modules into $obj/modules-root"
rm -rf "$obj/modules-root"
kmake -s INSTALL_MOD_PATH="$obj/modules-root" modules_install >/dev/null

# --- 5. result ------------------------------------------------------------
release=$(kmake -s kernelrelease)
step 5/5 "kernel $release built in $(( $(date +%s) - start )) s"
echo "KERNEL=$obj/arch/s390/boot/bzImage"
echo "MODULES=$obj/modules-root"
echo "make check KERNEL=$obj/arch/s390/boot/bzImage MODULES=$obj/modules-root"
