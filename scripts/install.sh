#!/usr/bin/env bash
# install.sh: install qemu-zvm beside whatever QEMU the system has.
#
# usage: install.sh install|uninstall|list
#
#   PREFIX=/usr/local   where it goes; DESTDIR= a staging root (packaging)
#
# PREFIX/bin/qemu-zvm-system-s390x is the qemu-system-s390x of the build
# (QEMU_SERIES picks the track), renamed so that it never shadows a
# distribution's QEMU; its --version says "(qemu-zvm)". Its firmware goes
# to PREFIX/share/qemu-zvm: QEMU is configured --with-suffix=qemu-zvm and
# is relocatable, so the binary finds the firmware from its own directory
# wherever PREFIX is. Also: mkdcss and mkdcss-fs, a man page, and the
# documentation (reStructuredText, and HTML where sphinx-build is there).
# 'uninstall' removes exactly what 'install' puts there.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
prefix=${PREFIX:-/usr/local}
[[ $prefix == /* ]] || { echo "install: PREFIX must be an absolute path (got '$prefix')" >&2; exit 2; }
root=${DESTDIR:-}${prefix%/}
name=qemu-zvm-system-s390x
docs=("$top/README.md" "$top"/docs/*.rst)

# the files install writes, relative to PREFIX
files() {
    local f
    echo "bin/$name"
    echo "bin/mkdcss"
    echo "bin/mkdcss-fs"
    echo "share/qemu-zvm/s390-ccw.img"
    echo "share/man/man1/$name.1"
    for f in "${docs[@]}"; do
        echo "share/doc/qemu-zvm/$(basename "$f")"
    done
}

case ${1:-install} in
list)
    files
    ;;
install)
    bin=$qbuild/qemu-system-s390x
    fw=$qbuild/pc-bios/s390-ccw/s390-ccw.img
    [[ -x $bin && -e $fw ]] ||
        { echo "install: no built QEMU in $qbuild (make)" >&2; exit 1; }
    install -D -m 755 "$bin" "$root/bin/$name"
    install -D -m 755 "$top/scripts/mkdcss" "$root/bin/mkdcss"
    install -D -m 755 "$top/scripts/mkdcss-fs" "$root/bin/mkdcss-fs"
    install -D -m 644 "$fw" "$root/share/qemu-zvm/s390-ccw.img"
    mkdir -p "$root/share/man/man1" "$root/share/doc/qemu-zvm"
    rst2man "$top/docs/$name.rst" >"$root/share/man/man1/$name.1"
    for f in "${docs[@]}"; do
        install -m 644 "$f" "$root/share/doc/qemu-zvm/"
    done
    if command -v sphinx-build >/dev/null; then
        rm -rf "$root/share/doc/qemu-zvm/html"
        sphinx-build -q -C -b html -D master_doc=index -D project=qemu-zvm \
            -D html_theme=alabaster "$top/docs" "$root/share/doc/qemu-zvm/html"
        rm -rf "$root/share/doc/qemu-zvm/html/.doctrees"
    fi
    echo "install: $("$root/bin/$name" --version | head -n 1) in $root/bin/$name" >&2
    ;;
uninstall)
    while read -r f; do
        rm -f "$root/$f"
    done < <(files)
    rm -rf "$root/share/doc/qemu-zvm/html"
    rmdir "$root/share/qemu-zvm" "$root/share/doc/qemu-zvm" 2>/dev/null || true
    echo "uninstall: qemu-zvm removed from $root" >&2
    ;;
*)
    sed -n '4,6p' "$0" >&2
    exit 2
    ;;
esac
