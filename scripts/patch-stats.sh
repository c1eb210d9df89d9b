#!/usr/bin/env bash
# patch-stats.sh: size of the hook patches qemu-zvm applies to QEMU, one
# table per patch series (subprojects/patches/S/), whether each series
# stays within the budget of 220 added lines, and QEMU's own
# scripts/checkpatch.pl of that series on each patch (--no-signoff: the
# person who sends a patch upstream adds the Signed-off-by). The edat
# series (subprojects/edat/S/: PFMF and EDAT-1 for TCG, meant for
# upstream, not z/VM-specific) gets a table of its own, checked the same
# way but outside the budget. Exit 1 when a hook series is over the
# budget, a patch has a checkpatch error or warning, or checkpatch could
# not be run for want of that QEMU's source.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
budget=${PATCH_BUDGET:-220}
rc=0

# checkpatch.pl of the QEMU a patch series is for: from the prepared tree
# of a track whose locked version takes that series, else from the
# track's source tarball (download cache)
checkpatch_of() {
    local series=$1 track v sfx tarball
    for track in $("$top/scripts/qemu-series" tracks); do
        v=$("$top/scripts/qemu-series" version "$track")
        [[ -n $v && $(basename "$("$top/scripts/qemu-series" patches "$v" 2>/dev/null)") == "$series" ]] ||
            continue
        sfx=$("$top/scripts/qemu-series" suffix "$track")
        if [[ -e $build/qemu$sfx-src/scripts/checkpatch.pl ]]; then
            echo "$build/qemu$sfx-src/scripts/checkpatch.pl"
            return
        fi
        tarball=$("$top/scripts/zvm-assets" qemu-source "$track" 2>/dev/null) || continue
        mkdir -p "$build/checkpatch/$series"
        tar -xOf "$tarball" --wildcards --no-wildcards-match-slash \
            --occurrence=1 '*/scripts/checkpatch.pl' \
            >"$build/checkpatch/$series/checkpatch.pl"
        echo "$build/checkpatch/$series/checkpatch.pl"
        return
    done
}

# table KIND SUBDIR SERIES CHECKPATCH: one row per patch of
# subprojects/SUBDIR/SERIES; sets total_add, n and clean
table() {
    local kind=$1 sub=$2 dir=$3 cp=$4 total_del=0 p add del out verdict
    total_add=0 clean=0
    n=$(ls "$top/subprojects/$sub/$dir"/*.patch | wc -l)
    echo "== $kind patches for QEMU $dir (subprojects/$sub/$dir)"
    printf '%-66s %5s %5s  %s\n' patch added removed checkpatch
    for p in "$top/subprojects/$sub/$dir"/*.patch; do
        add=$(sed -n '/^---$/,$p' "$p" | grep -cE '^\+[^+]|^\+$' || true)
        del=$(sed -n '/^---$/,$p' "$p" | grep -cE '^-[^-]|^-$' || true)
        if [[ -z $cp ]]; then
            verdict="not run (no QEMU $dir source here)"
            rc=1
        elif out=$(perl "$cp" --no-tree --no-signoff "$p" 2>&1); then
            verdict=$(grep -m1 '^total:' <<<"$out" | sed 's/, [0-9]* lines checked//')
            grep -q '^total: 0 errors, 0 warnings' <<<"$out" || rc=1
            clean=$((clean + 1))
        else
            verdict=$(grep -m1 '^total:' <<<"$out" || echo failed)
            grep -E '^(ERROR|WARNING)' <<<"$out" | sed 's/^/    /' >&2
            rc=1
        fi
        printf '%-66s %5d %5d  %s\n' "$(basename "$p")" "$add" "$del" "$verdict"
        total_add=$((total_add + add)) total_del=$((total_del + del))
    done
    printf '%-66s %5d %5d\n' "total ($n patches)" "$total_add" "$total_del"
}

for dir in $("$top/scripts/qemu-series" list); do
    cp=$(checkpatch_of "$dir")
    table hook patches "$dir" "$cp"
    verdict="within the budget of $budget"
    ((total_add <= budget)) || { verdict="OVER the budget of $budget"; rc=1; }
    printf '   %s: %s added lines, %s; checkpatch clean: %d of %d\n' "$dir" \
        "$total_add" "$verdict" "$clean" "$n"
    if [[ -d $top/subprojects/edat/$dir ]]; then
        table edat edat "$dir" "$cp"
        printf '   %s edat: %s added lines, outside the budget; checkpatch clean: %d of %d\n' \
            "$dir" "$total_add" "$clean" "$n"
    fi
done
exit $rc
