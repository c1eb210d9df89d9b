#!/usr/bin/env bash
# prepare-qemu.sh: produce the generated QEMU tree that qemu-zvm builds.
#
#   default          Debian's orig tarball of the qemu source package
#                    (suite from subprojects/qemu.pin), the version of
#                    tests/guest/assets.lock, resolved, verified and
#                    cached by scripts/zvm-assets (~/.cache/qemu-zvm/qemu)
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
src=$build/qemu-src
# shellcheck source=/dev/null
. "$top/subprojects/qemu.pin"

patches_hash=$(cat "$top"/subprojects/patches/*.patch | sha256sum | cut -c1-16)
# the QEMU source the lock names (its SHA256)
locked=$(awk '$1 == "qemu" { print substr($5, 1, 16) }' \
         "${ZVM_LOCK:-$top/tests/guest/assets.lock}" 2>/dev/null || true)
# Default source already prepared from the locked tarball with these
# patches: nothing to resolve.
if [[ -z ${QEMU_SRC:-}${QEMU_TARBALL:-} && -e $src/.zvm-prepared &&
      $(cut -d' ' -f1,3,4 "$src/.zvm-prepared") == "debian $patches_hash ${locked:--}" ]]; then
    exit 0
fi

if [[ -n ${QEMU_SRC:-} ]]; then
    origin=$(cd "$QEMU_SRC" && pwd)
    ident="tree:$origin:$(cd "$origin" && git rev-parse HEAD 2>/dev/null || cat VERSION)"
elif [[ -n ${QEMU_TARBALL:-} ]]; then
    origin=$(realpath "$QEMU_TARBALL")
    ident="tarball:$origin:$(stat -c %s "$origin")"
else
    origin=$("$top/scripts/zvm-assets" qemu-source)
    ident="tarball:$origin:$(stat -c %s "$origin")"
fi

kind=debian
[[ -z ${QEMU_SRC:-}${QEMU_TARBALL:-} ]] || kind=user
stamp="$kind $(printf '%s' "$ident" | sha256sum | cut -c1-16) $patches_hash ${locked:--}"
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
# The QAPI schema modules of the overlay (hook patch 0005 lists them)
for m in zvm zvm-target; do
    ln -s ../zvm/qapi/$m.json "$src.tmp/qapi/$m.json"
done
mv "$src.tmp" "$src"
echo "$stamp" >"$src/.zvm-prepared"
echo "prepare-qemu: QEMU $version ($(basename "$origin")) with $(ls "$top"/subprojects/patches/*.patch | wc -l) hook patches" >&2
