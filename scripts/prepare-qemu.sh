#!/usr/bin/env bash
# prepare-qemu.sh: produce the generated QEMU tree that qemu-zvm builds.
#
#   default          Debian's orig tarball of the qemu source package
#                    (suite from subprojects/qemu.pin), fetched with a
#                    private apt configuration and cached in .cache/qemu
#   QEMU_TARBALL=F   an upstream 10.0.x release tarball
#   QEMU_SRC=DIR     an existing 10.0.x tree or checkout (copied, never
#                    modified)
#
# The tree is unpacked into $BUILD/qemu-src, the numbered hook patches
# from subprojects/patches are applied without fuzz, and this repository
# is linked in as zvm/. Nothing in that tree is edited by hand; it is
# regenerated whenever the source or a patch changes.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
cache=${ZVM_CACHE:-$top/.cache}
src=$build/qemu-src
# shellcheck source=/dev/null
. "$top/subprojects/qemu.pin"

fetch_debian_tarball() {
    local dir=$cache/qemu ver tarball
    mkdir -p "$dir"
    "$top/scripts/papt" "$suite" amd64 update
    ver=$("$top/scripts/papt" "$suite" amd64 apt-cache showsrc "$package" |
          sed -n 's/^Version: //p' | sort -V | tail -n 1)
    ver=${ver#*:}
    tarball=$dir/${package}_${ver%-*}.orig.tar.xz
    if [[ ! -s $tarball ]]; then
        echo "prepare-qemu: fetching $package $ver source from Debian $suite" >&2
        (cd "$dir" && "$top/scripts/papt" "$suite" amd64 apt-get -q \
            source --download-only --tar-only "$package/$suite" >&2)
    fi
    [[ -s $tarball ]] || { echo "prepare-qemu: $tarball missing" >&2; exit 1; }
    echo "$tarball"
}

patches_hash=$(cat "$top"/subprojects/patches/*.patch | sha256sum | cut -c1-16)
# Default source already prepared with these patches: nothing to fetch.
if [[ -z ${QEMU_SRC:-}${QEMU_TARBALL:-} && -e $src/.zvm-prepared &&
      $(cut -d' ' -f1,3 "$src/.zvm-prepared") == "debian $patches_hash" ]]; then
    exit 0
fi

if [[ -n ${QEMU_SRC:-} ]]; then
    origin=$(cd "$QEMU_SRC" && pwd)
    ident="tree:$origin:$(cd "$origin" && git rev-parse HEAD 2>/dev/null || cat VERSION)"
elif [[ -n ${QEMU_TARBALL:-} ]]; then
    origin=$(realpath "$QEMU_TARBALL")
    ident="tarball:$origin:$(stat -c %s "$origin")"
else
    origin=$(fetch_debian_tarball)
    ident="tarball:$origin:$(stat -c %s "$origin")"
fi

kind=debian
[[ -z ${QEMU_SRC:-}${QEMU_TARBALL:-} ]] || kind=user
stamp="$kind $(printf '%s' "$ident" | sha256sum | cut -c1-16) $patches_hash"
if [[ -e $src/.zvm-prepared && $(cat "$src/.zvm-prepared") == "$stamp" ]]; then
    exit 0
fi

rm -rf "$src" "$src.tmp"
mkdir -p "$src.tmp"
if [[ -n ${QEMU_SRC:-} ]]; then
    tar -C "$origin" --exclude=.git --exclude='./build' -cf - . |
        tar -C "$src.tmp" -xf -
else
    echo "prepare-qemu: unpacking $(basename "$origin")" >&2
    tar -C "$src.tmp" --strip-components=1 -xf "$origin"
fi

version=$(cat "$src.tmp/VERSION")
case $version in
"$series".*) ;;
*)  echo "prepare-qemu: QEMU $version is not of the $series series" >&2
    exit 1 ;;
esac

for p in "$top"/subprojects/patches/*.patch; do
    if ! patch -d "$src.tmp" -p1 -F0 --batch --quiet --no-backup-if-mismatch <"$p"; then
        echo "prepare-qemu: $(basename "$p") does not apply cleanly to QEMU $version" >&2
        exit 1
    fi
done
ln -s "$top" "$src.tmp/zvm"
# The QAPI schema module of the overlay (hook patch 0008 includes it)
ln -s ../zvm/qapi/zvm-target.json "$src.tmp/qapi/zvm-target.json"
mv "$src.tmp" "$src"
echo "$stamp" >"$src/.zvm-prepared"
echo "prepare-qemu: QEMU $version ($(basename "$origin")) with $(ls "$top"/subprojects/patches/*.patch | wc -l) hook patches" >&2
