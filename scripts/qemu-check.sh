#!/usr/bin/env bash
# qemu-check.sh (make qemu-check): QEMU's own tests that concern s390x on
# the qemu-zvm build, compared test by test with unpatched QEMU of the
# same version.
#
# Suites (QEMU_CHECK_SUITES, default "unit qtest tcg"):
#   unit   check-unit: QEMU's unit tests (they start no machine)
#   qtest  check-qtest-s390x: the s390x qtests
#   tcg    check-tcg: tests/tcg/s390x, system mode, built with the s390x
#          cross compiler
# Runs:
#   vanilla  QEMU of the same version without any qemu-zvm patch or code,
#            configured the same (build/qemu-vanilla-build)
#   off      the qemu-zvm build as upstream runs the tests
#   on       the same with QEMU_ZVM_DEFAULTS (hw/s390x/zvm-machine.c): the
#            z/VM personality, a store with a saved segment and 256 MiB of
#            standby storage in every s390-ccw-virtio machine that accepts
#            them (unit tests start none: not run again)
# QEMU_CHECK_DEFAULTS replaces the options of the 'on' run.
# QEMU_CHECK_VANILLA=recorded (CI): do not build unpatched QEMU; compare
# with tests/qemu-check/vanilla-VERSION.txt, the verdicts of such a run
# (QEMU_CHECK_RECORD=1 writes it). A verdict that differs from the
# vanilla one fails the check unless tests/qemu-check/known-differences
# lists it with its cause.
#
# Results in build/qemu-check/ (RUN.txt: suite, test, verdict; the logs).
# Exit status 0: every verdict as on unpatched QEMU.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
out=$build/qemu-check
suites=${QEMU_CHECK_SUITES:-unit qtest tcg}
vanilla_mode=${QEMU_CHECK_VANILLA:-build}
jobs=${JOBS:-$(nproc)}
mkdir -p "$out"

read -r version _ <"$qsrc/.zvm-version"
vsrc=$build/qemu-vanilla-src
vbuild=$build/qemu-vanilla-build

log() { echo "qemu-check: $*" >&2; }

# Unpatched QEMU from the source the qemu-zvm tree was made of
build_vanilla() {
    local origin ident
    if [[ -n ${QEMU_SRC:-} ]]; then
        origin=$(cd "$QEMU_SRC" && pwd)
    elif [[ -n ${QEMU_TARBALL:-} ]]; then
        origin=$(realpath "$QEMU_TARBALL")
    else
        origin=$("$top/scripts/zvm-assets" qemu-source "$zvm_track")
    fi
    ident="$origin $(stat -c %s "$origin") ${qemu_configure_args[*]}"
    if [[ ! -e $vsrc/.vanilla || $(cat "$vsrc/.vanilla") != "$ident" ]]; then
        rm -rf "$vsrc" "$vbuild"
        mkdir -p "$vsrc"
        log "unpacking unpatched QEMU from $origin"
        if [[ -d $origin ]]; then
            tar -C "$origin" --exclude=.git --exclude=./build -cf - . |
                tar -C "$vsrc" -xf -
        else
            tar -C "$vsrc" --strip-components=1 -xf "$origin"
        fi
        [[ $(cat "$vsrc/VERSION") == "$version" ]] ||
            { log "unpatched source is $(cat "$vsrc/VERSION"), the qemu-zvm tree $version"; exit 1; }
        echo "$ident" >"$vsrc/.vanilla"
    fi
    if [[ ! -e $vbuild/build.ninja ]]; then
        mkdir -p "$vbuild"
        log "configuring unpatched QEMU $version in $vbuild"
        (cd "$vbuild" && "$vsrc/configure" "${qemu_configure_args[@]}" \
            >configure.log 2>&1) ||
            { tail -n 20 "$vbuild/configure.log" >&2; exit 1; }
    fi
}

# build what the suites need in build directory $1
build_tests() {
    local b=$1 t0=$SECONDS
    log "building QEMU and its tests in $b"
    make -C "$b" -j"$jobs" --no-print-directory all >"$b/qemu-check-build.log" 2>&1 ||
        { tail -n 30 "$b/qemu-check-build.log" >&2; exit 1; }
    # the test programs of the chosen suites (QEMU's check-build, narrowed)
    local s var deps=()
    for s in $suites; do
        case $s in
        unit) var=.check-unit.deps ;;
        qtest) var=.check-qtest-s390x.deps ;;
        *) continue ;;
        esac
        read -ra more <<<"$(make -C "$b" -s --no-print-directory "print-$var" |
                            sed 's/^[^=]*=//')"
        deps+=("${more[@]}")
    done
    if [[ ${#deps[@]} -gt 0 ]]; then
        ninja -C "$b" -j"$jobs" "${deps[@]}" >>"$b/qemu-check-build.log" 2>&1 ||
            { tail -n 30 "$b/qemu-check-build.log" >&2; exit 1; }
    fi
    # the firmware where QEMU looks for it in its build tree, as
    # build-qemu.sh does (Debian's source carries no pc-bios blobs)
    local datadir
    datadir=$(dirname "$(find "$b/qemu-bundle" -name trace-events-all | head -n 1)")
    ln -sf "$b/pc-bios/s390-ccw/s390-ccw.img" "$datadir/s390-ccw.img"
    log "built in $((SECONDS - t0)) s"
}

# run the suites in build directory $1 as run $2, environment in "$@"
run_suites() {
    local b=$1 run=$2 s t0 rc
    shift 2
    : >"$out/$run.txt"
    for s in $suites; do
        [[ $s != unit || $run != on ]] || continue
        t0=$SECONDS
        rc=0
        case $s in
        unit|qtest)
            local msuite=unit
            [[ $s == unit ]] || msuite=qtest-s390x
            env "$@" "$b/pyvenv/bin/meson" test -C "$b" --no-rebuild \
                --suite "$msuite" --num-processes "$jobs" \
                --logbase "qemu-check-$run-$s" >"$out/$run-$s.log" 2>&1 || rc=$?
            cp "$b/meson-logs/qemu-check-$run-$s.json" "$out/$run-$s.json"
            cp "$b/meson-logs/qemu-check-$run-$s.txt" "$out/$run-$s.testlog.txt"
            /usr/bin/python3 "$top/tests/tools/qemu-check-report.py" meson \
                "$s" "$out/$run-$s.json" >>"$out/$run.txt"
            ;;
        tcg)
            env "$@" make -C "$b" -k --no-print-directory check-tcg \
                >"$out/$run-$s.log" 2>&1 || rc=$?
            /usr/bin/python3 "$top/tests/tools/qemu-check-report.py" tcg \
                "$s" "$out/$run-$s.log" >>"$out/$run.txt"
            ;;
        esac
        log "$run: $s in $((SECONDS - t0)) s (exit $rc)"
    done
}

t_all=$SECONDS
"$top/scripts/build-qemu.sh" >/dev/null
build_tests "$qbuild"
if [[ $vanilla_mode == build ]]; then
    build_vanilla
    build_tests "$vbuild"
fi

# the store of the 'on' run: one saved segment, as make check's tests use
store=$out/store
rm -rf "$store"
mkdir -p "$store"
"$top/scripts/mkdcss" "$store" QCHECK '20000-200FF SR' >/dev/null
defaults=${QEMU_CHECK_DEFAULTS:-zvm=on,zvm-dcss-store=$store,standby-mem=256M}

if [[ $vanilla_mode == build ]]; then
    run_suites "$vbuild" vanilla
    vanilla_txt=$out/vanilla.txt
    if [[ -n ${QEMU_CHECK_RECORD:-} ]]; then
        { echo "# Verdicts of QEMU's own tests on unpatched QEMU $version (Debian's source,"
          echo "# configured as qemu-zvm's build), written by QEMU_CHECK_RECORD=1"
          echo "# make qemu-check on $(date +%F); .ci/run compares with them."
          cat "$vanilla_txt"; } >"$top/tests/qemu-check/vanilla-$version.txt"
    fi
else
    vanilla_txt=$top/tests/qemu-check/vanilla-$version.txt
    [[ -s $vanilla_txt ]] ||
        { log "no recorded verdicts of unpatched QEMU $version ($vanilla_txt): run with QEMU_CHECK_VANILLA=build"; exit 1; }
fi
run_suites "$qbuild" off -u QEMU_ZVM_DEFAULTS
run_suites "$qbuild" on QEMU_ZVM_DEFAULTS="$defaults"

rc=0
/usr/bin/python3 "$top/tests/tools/qemu-check-report.py" compare \
    --known "$top/tests/qemu-check/known-differences" \
    --suites "$suites" --version "$version" --defaults-logs "$out" \
    "$vanilla_txt" "$out/off.txt" "$out/on.txt" || rc=$?
log "$((SECONDS - t_all)) s in all"
exit $rc
