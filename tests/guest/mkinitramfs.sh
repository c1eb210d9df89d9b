#!/usr/bin/env bash
# mkinitramfs.sh: build a scenario initramfs for a Debian s390x kernel.
#
# usage: mkinitramfs.sh -o OUT.cpio.gz -s SCENARIO [-k KERNEL_DIR]
#                       [-b BINARY]... [-m MODULE]... [-t TOOL]...
#
#   -s  scenario NAME (tests/guest/scenarios/NAME.sh) or a path with /, run by
#       the generic /init; "shell" gives an interactive shell instead
#   -k  a kernel directory of scripts/zvm-assets or scripts/zvm-kernel
#       (for -m)
#   -b  a binary of the userland (e.g. /usr/bin/lsmem) copied with its
#       shared-library closure, resolved with the s390x readelf
#   -m  a module of that kernel (e.g. dcssblk) with its dependencies;
#       NAME? if the kernel may not have it
#   -t  a static guest tool built here (e.g. memfill), put in /usr/bin
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
assets=${ZVM_ASSETS:-${BUILD:-$top/build}/assets}
userland=$assets/userland
readelf=${S390X_READELF:-s390x-linux-gnu-readelf}

out= scenario= kdir= bins=() mods=() tools=()
while getopts "o:s:k:b:m:t:" opt; do
    case $opt in
    o) out=$OPTARG ;;
    s) scenario=$OPTARG ;;
    k) kdir=$OPTARG ;;
    b) bins+=("$OPTARG") ;;
    m) mods+=("$OPTARG") ;;
    t) tools+=("$OPTARG") ;;
    *) exit 2 ;;
    esac
done
[[ -n $out && -n $scenario ]] || { sed -n '4,15p' "$0" >&2; exit 2; }
[[ $scenario == shell || $scenario == */* ]] || scenario=$here/scenarios/$scenario.sh
[[ -x $userland/usr/bin/busybox ]] ||
    { echo "mkinitramfs: no busybox in $userland (make assets)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc,lib,usr/bin,usr/sbin}
cp "$userland/usr/bin/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cp "$here/init" "$root/init"
cp "$here/lib.sh" "$root/lib.sh"
if [[ $scenario == shell ]]; then
    printf 'exec setsid cttyhack sh -l\n' >"$root/scenario"
else
    cp "$scenario" "$root/scenario"
fi

# resolve PATH: PATH inside the userland with every symlink followed there
resolve() {
    local p=${1#/} t
    for _ in 1 2 3 4 5 6 7 8; do
        # a symlinked directory on the way (merged /usr: lib -> usr/lib)
        local d=${p%%/*}
        if [[ $p == */* && -L $userland/$d ]]; then
            t=$(readlink "$userland/$d")
            p=${t#/}/${p#*/}
            continue
        fi
        [[ -L $userland/$p ]] || { echo "$p"; return; }
        t=$(readlink "$userland/$p")
        if [[ $t == /* ]]; then p=${t#/}; else p=$(dirname "$p")/$t; fi
    done
    echo "mkinitramfs: too many links at $1" >&2
    exit 1
}

# copy_file PATH: a file of the userland and the libraries it needs, once
declare -A copied=()
copy_file() {
    local f=$1 real
    [[ -n ${copied[$f]:-} ]] && return 0
    copied[$f]=1
    real=$(resolve "$f")
    mkdir -p "$root/$(dirname "$real")" "$root/$(dirname "$f")"
    cp "$userland/$real" "$root/$real"
    [[ $real == "$f" || -e $root/$f ]] || ln -sf "/$real" "$root/$f"
    needed "$userland/$real"
}
needed() {
    local lib p
    for lib in $("$readelf" -d "$1" 2>/dev/null |
                 sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
        p=
        for d in lib/s390x-linux-gnu usr/lib/s390x-linux-gnu lib usr/lib; do
            if [[ -e $userland/$d/$lib ]]; then p=$d/$lib; break; fi
        done
        [[ -n $p ]] || { echo "mkinitramfs: $lib (for $1) not in userland" >&2; exit 1; }
        copy_file "$p"
    done
    local interp
    interp=$("$readelf" -l "$1" 2>/dev/null |
             sed -n 's/.*interpreter: \(.*\)\]/\1/p')
    if [[ -n $interp && -z ${copied[${interp#/}]:-} ]]; then
        copy_file "${interp#/}"
    fi
}
for t in "${tools[@]}"; do
    [[ -x $t ]] || { echo "mkinitramfs: tool $t not built" >&2; exit 1; }
    cp "$t" "$root/usr/bin/"
done
for b in "${bins[@]}"; do
    [[ -e $userland/$b ]] || { echo "mkinitramfs: $b not in userland" >&2; exit 1; }
    copy_file "${b#/}"
done

# modules: with their dependencies; one built into the kernel
# (modules.builtin, or a kernel without a modules tree) needs none
if [[ ${#mods[@]} -gt 0 && -n $kdir && -e $kdir/modules/modules.dep ]]; then
    kmods=$(cd "$kdir/modules" && pwd -P)
    rel=$(cat "$kdir/release")
    dst=$root/lib/modules/$rel
    mkdir -p "$dst"
    for m in "${mods[@]}"; do
        # NAME? : only if the kernel has it (a soft dependency)
        optional=
        [[ $m == *\? ]] && optional=1 m=${m%\?}
        if ! line=$(grep -E "(^|/)$m\.ko(\.[a-z]+)?:" "$kmods/modules.dep"); then
            grep -qE "(^|/)$m\.ko\$" "$kmods/modules.builtin" 2>/dev/null ||
                [[ -n $optional ]] ||
                { echo "mkinitramfs: module $m not in $rel" >&2; exit 1; }
            continue
        fi
        for f in ${line/:/}; do
            mkdir -p "$dst/$(dirname "$f")"
            cp "$kmods/$f" "$dst/$f"
        done
        echo "$line" >>"$dst/modules.dep"
    done
elif [[ ${#mods[@]} -gt 0 ]]; then
    [[ -n $kdir ]] || { echo "mkinitramfs: -m needs -k KERNEL_DIR" >&2; exit 1; }
    echo "mkinitramfs: no modules tree in $kdir: ${mods[*]} must be built in" >&2
fi

(cd "$root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
    gzip -1 >"$out"
