#!/usr/bin/env bash
# Install the host packages qemu-zvm needs to build QEMU and run its tests.
#
# Debian 13 (trixie) has everything in main. Debian 12 (bookworm) needs
# meson >= 1.5 and python3-pycotap from bookworm-backports; the backports
# suite is added as its own sources file and is NotAutomatic in Debian, so
# no other host package is upgraded from it.
set -euo pipefail

# ccache: the QEMU and kernel builds (scripts/qemu-dirs.sh)
# socat, xorriso: QEMU's own tests use them (make qemu-check)
# libc6-dev-s390x-cross: static s390x programs (the hugetlb selftests)
# python3-sphinx, python3-sphinx-rtd-theme: QEMU's manual with the
# upstream series in it (make series-check)
pkgs=(build-essential ninja-build pkg-config libglib2.0-dev libfdt-dev
      libpixman-1-dev zlib1g-dev python3 python3-venv python3-setuptools
      gcc-s390x-linux-gnu binutils-s390x-linux-gnu libc6-dev-s390x-cross
      cpio xz-utils zstd lz4 e2fsprogs dpkg-dev apt-utils python3-apt kmod ca-certificates
      bzip2 flex bison patch device-tree-compiler
      python3-docutils man-db bsdextrautils strace
      socat xorriso python3-sphinx python3-sphinx-rtd-theme ccache)
backport_pkgs=(meson python3-pycotap)

need=()
for p in "${pkgs[@]}" "${backport_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
        need+=("$p")
done
meson_ok() {
    local v
    v=$(/usr/bin/python3 -c 'import mesonbuild.coredata as c; print(c.version)' 2>/dev/null) || return 1
    printf '1.5.0\n%s\n' "$v" | sort -V -C
}
if [[ ${#need[@]} == 0 ]] && meson_ok; then
    exit 0
fi

if [[ $(id -u) != 0 ]]; then
    echo "install-deps: missing packages: ${need[*]:-meson>=1.5}" >&2
    echo "install-deps: run 'make deps' as root (or install them yourself)" >&2
    exit 1
fi

. /etc/os-release
export DEBIAN_FRONTEND=noninteractive
target=()
if [[ ${VERSION_CODENAME:-} == bookworm ]]; then
    f=/etc/apt/sources.list.d/qemu-zvm-bookworm-backports.sources
    if [[ ! -e $f ]] && ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        echo "install-deps: adding bookworm-backports for meson >= 1.5 and python3-pycotap"
        cat >"$f" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    fi
    target=(-t bookworm-backports)
fi
apt-get update -q
apt-get install -y -q --no-install-recommends "${pkgs[@]}"
apt-get install -y -q --no-install-recommends "${target[@]}" "${backport_pkgs[@]}"
meson_ok || { echo "install-deps: meson >= 1.5 still missing" >&2; exit 1; }
