#!/usr/bin/env bash
# mutate-kernel.sh: the mutation campaign (docs/kernel-dev.rst).
#
#   make mutants [MUTANTS=GLOB] [SCENARIO=A,B] [KERNEL_SRC=DIR]
#
# Builds the kernel of 'make kernel' (scripts/build-kernel.sh) unmutated
# and runs the guest suite on it: it must pass. Then, for every mutant in
# tests/kernel/mutants/GLOB.patch (default all): applies it to the source
# tree, rebuilds incrementally, runs the guest suite against the mutated
# kernel (scripts/check.sh, KERNEL_NAME=mutant), reverts it, and notes
# which test cases failed: the mutant is killed when one did. The table
# is printed at the end and kept in $BUILD/kernel/mutants.txt; the logs
# of each run in $BUILD/kernel/mutants/NAME.log.
#
# Exit status: 0 every mutant killed (or, passing the suite, explained
# by an "Equivalent" line in its header), 1 one survived, or the
# unmutated kernel failed. A mutant that does not apply stops the
# campaign.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
out=$build/kernel/mutants
mkdir -p "$out"
table=$build/kernel/mutants.txt

# the kernel and its source tree (build-kernel.sh prints KERNEL=/MODULES=)
build_kernel() {
    local log=$1
    "$top/scripts/build-kernel.sh" >"$log.build" 2>&1 ||
        { tail -n 30 "$log.build" >&2; return 1; }
    eval "$(grep -E '^(KERNEL|MODULES)=' "$log.build")"
}
# the source tree: KERNEL_SRC or the one build-kernel.sh unpacked
if [[ -n ${KERNEL_SRC:-} ]]; then
    srcdir=$(cd "$KERNEL_SRC" && pwd)
else
    "$top/scripts/build-kernel.sh" >"$out/baseline.log.build" 2>&1 ||
        { tail -n 30 "$out/baseline.log.build" >&2; exit 1; }
    srcdir=$(ls -d "$build"/kernel/src-* | tail -n 1)
fi

applied=
revert() {
    if [[ -n $applied ]]; then
        patch -d "$srcdir" -p1 -R -s <"$applied"
        applied=
    fi
}
trap revert EXIT INT TERM

# run NAME: build and test the tree as it is; sets verdict, killers, times
run() {
    local name=$1 t0 t1 t2 rc=0
    t0=$(date +%s)
    build_kernel "$out/$name.log"
    t1=$(date +%s)
    ZVM_FAILED_LIST=$out/$name.failed KERNEL_NAME=$name \
        ZVM_LOGBASE=mutant-$name KERNEL=$KERNEL MODULES=$MODULES \
        "$top/scripts/check.sh" >"$out/$name.log" 2>&1 || rc=$?
    t2=$(date +%s)
    build_s=$((t1 - t0)) test_s=$((t2 - t1)) verdict=$rc
    killers=$(sed 's|^/s390x||; s|/'"$name"'$||' "$out/$name.failed" 2>/dev/null |
              paste -sd, - | sed 's/,/, /g')
}

printf 'build-kernel: [campaign] unmutated kernel\n' >&2
run baseline
if [[ $verdict -ne 0 ]]; then
    echo "mutate-kernel: the unmutated kernel fails the suite (verdict $verdict):" >&2
    cat "$out/baseline.failed" >&2 || true
    exit 1
fi
release=$(cat "$build/kernels/baseline/release")
{
    echo "Mutation campaign, $(date -u +%Y-%m-%d), kernel $release (tests/kernel/zvm.config), $(nproc) cores"
    echo "unmutated: suite passed; rebuild ${build_s} s, suite ${test_s} s"
    printf '%-32s %-8s %7s %7s  %s\n' mutant verdict build_s suite_s "killed by (failed test cases)"
} >"$table"

survivors=0
for p in "$top"/tests/kernel/mutants/${MUTANTS:-*}.patch; do
    name=$(basename "$p" .patch)
    name=${name#[0-9][0-9]-}
    printf 'build-kernel: [campaign] mutant %s\n' "$name" >&2
    patch -d "$srcdir" -p1 -F0 -s --dry-run <"$p" >/dev/null ||
        { echo "mutate-kernel: $p does not apply to $srcdir" >&2; exit 1; }
    patch -d "$srcdir" -p1 -F0 -s <"$p"
    applied=$p
    run "$name"
    revert
    case $verdict in
    0)
        # a mutant whose header explains why no test can see it
        if grep -q '^Equivalent' "$p"; then
            v=equivalent killers="(no guest-visible difference: see its header)"
        else
            v=SURVIVED; survivors=$((survivors + 1))
        fi
        ;;
    1) v=killed ;;
    125) v=killed; killers="${killers:-the kernel did not boot}" ;;
    *) v="error $verdict" ;;
    esac
    printf '%-32s %-8s %7s %7s  %s\n' "$name" "$v" "$build_s" "$test_s" \
        "${killers:--}" >>"$table"
    tail -n 1 "$table" >&2
done
# the tree as it was: the next 'make kernel' rebuilds the unmutated kernel
echo "survivors: $survivors" >>"$table"
cat "$table"
[[ $survivors -eq 0 ]]
