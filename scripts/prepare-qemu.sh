#!/usr/bin/env bash
# prepare-qemu.sh: produce the generated QEMU tree that qemu-zvm builds.
#
#   default          Debian's orig tarball of the qemu source package of
#                    the QEMU track QEMU_SERIES selects (the newest served
#                    release unless QEMU_SERIES=10.0; subprojects/qemu.pin),
#                    the version of tests/guest/assets.lock, resolved,
#                    verified and cached by scripts/zvm-assets
#                    (~/.cache/qemu-zvm/qemu)
#   QEMU_TARBALL=F   an upstream release tarball
#   QEMU_SRC=DIR     an existing QEMU tree or git checkout (copied, never
#                    modified)
#
# The hook patches are those of the source's version (its VERSION file):
# subprojects/patches/S/ for the highest series S not newer than it; a
# version newer than every series gets the newest patches, tried. After
# them come the patches of subprojects/edat/S/ (PERFORM FRAME MANAGEMENT
# FUNCTION and EDAT-1 in the max CPU model under TCG: not z/VM-specific,
# written to be sent upstream on their own). All are applied without
# fuzz; one that does not apply stops the run (exit 1) naming the QEMU
# version, the patch and the file. The tree is unpacked
# into $QEMU_SRC_DIR (scripts/qemu-dirs.sh: build/qemu-src for the newest
# series), and this repository is linked in as zvm/. Nothing in that tree
# is edited by hand; it is regenerated whenever the source or a patch
# changes.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
src=$qsrc
# every patch of every series: a change to any regenerates the tree
patches_hash=$(cat "$top"/subprojects/patches/*/*.patch "$top"/subprojects/edat/*/*.patch |
               sha256sum | cut -c1-16)

# the QEMU source the lock names for this track (its SHA256)
locked=$(awk -v g="qemu-$zvm_track" '$1 == g { print substr($5, 1, 16) }' \
         "${ZVM_LOCK:-$top/tests/guest/assets.lock}" 2>/dev/null || true)
# Default source already prepared from the locked tarball with these
# patches: nothing to resolve.
if [[ -z ${QEMU_SRC:-}${QEMU_TARBALL:-} && -e $src/.zvm-prepared &&
      $(cut -d' ' -f1,2,4,5 "$src/.zvm-prepared") == "debian $zvm_track $patches_hash ${locked:--}" ]]; then
    exit 0
fi

if [[ -n ${QEMU_SRC:-} ]]; then
    origin=$(cd "$QEMU_SRC" && pwd)
    [[ -s $origin/VERSION ]] ||
        { echo "prepare-qemu: $origin has no VERSION file: not a QEMU source tree" >&2; exit 1; }
    ident="tree:$origin:$(cd "$origin" && git rev-parse HEAD 2>/dev/null || true):$(cat "$origin/VERSION")"
elif [[ -n ${QEMU_TARBALL:-} ]]; then
    origin=$(realpath "$QEMU_TARBALL")
    ident="tarball:$origin:$(stat -c %s "$origin")"
else
    origin=$("$top/scripts/zvm-assets" qemu-source "$zvm_track")
    ident="tarball:$origin:$(stat -c %s "$origin")"
fi

kind=debian
[[ -z ${QEMU_SRC:-}${QEMU_TARBALL:-} ]] || kind=user
stamp="$kind $zvm_track $(printf '%s' "$ident" | sha256sum | cut -c1-16) $patches_hash ${locked:--}"
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
version=$(cat "$src.tmp/VERSION" 2>/dev/null || true)
[[ -n $version ]] ||
    { echo "prepare-qemu: $origin has no VERSION file: not a QEMU source" >&2
      rm -rf "$src.tmp"; exit 1; }
pdir=$("$top/scripts/qemu-series" patches "$version") || { rm -rf "$src.tmp"; exit 1; }
pseries=$(basename "$pdir")

# apply_series KIND DIR: the patches of DIR in order, or exit 1 naming
# the first that does not apply
apply_series() {
    local kind=$1 dir=$2 p out file hunk
    for p in "$dir"/*.patch; do
        [[ -e $p ]] || continue
        if ! out=$(patch -d "$src.tmp" -p1 -F0 --batch --no-backup-if-mismatch \
                         -r - <"$p" 2>&1); then
            # the file of the first hunk that failed
            file=$(awk '/^patching file /{ f = $3 } /FAILED|can.t find file|No file to patch/{ print f; exit }' <<<"$out")
            hunk=$(grep -m1 -oE 'Hunk #[0-9]+ FAILED at [0-9]+' <<<"$out" || true)
            echo "prepare-qemu: QEMU $version: $kind patch $pseries/$(basename "$p") does not apply to ${file:-the tree}${hunk:+ ($hunk)}" >&2
            echo "prepare-qemu: (patches of $pseries tried; $(grep -cE "^Hunk #[0-9]+ FAILED" <<<"$out" || true) hunk(s) of that patch failed)" >&2
            rm -rf "$src.tmp"
            exit 1
        fi
    done
}
apply_series hook "$pdir"
edir=$top/subprojects/edat/$pseries
apply_series edat "$edir"
ln -s "$top" "$src.tmp/zvm"
# The QAPI schema module of the overlay (hook patch 0005 lists it)
ln -s ../zvm/qapi/zvm.json "$src.tmp/qapi/zvm.json"
mv "$src.tmp" "$src"
echo "$version $pseries" >"$src/.zvm-version"
echo "$stamp" >"$src/.zvm-prepared"
echo "prepare-qemu: QEMU $version ($(basename "$origin")) with the $(ls "$pdir"/*.patch | wc -l) hook patches and $(ls "$edir"/*.patch 2>/dev/null | wc -l) edat patches of $pseries in $src" >&2
