#!/usr/bin/env bash
# series.sh (make series): qemu-zvm's changes to QEMU as a git
# format-patch series against QEMU itself (docs/upstream.rst).
#
#   series.sh [generate]  write the series under build/series/
#   series.sh check       generate, then prove it: every patch clean for
#                         QEMU's scripts/checkpatch.pl, every stand-alone
#                         fix applies alone to QEMU, each fix's qtest
#                         fails on QEMU without the fix and passes with
#                         it, every prefix builds and passes the tests its
#                         last patch brings, the whole series passes
#                         check-qtest-s390x, check-tcg and its unit tests,
#                         and QEMU's manual builds with it (Sphinx -W)
#
# The QEMU it is against: QEMU_SRC=DIR (a checkout: its HEAD, or a plain
# tree), else the orig tarball of the newest QEMU series qemu-zvm builds
# on (QEMU_SERIES= picks another), made into a git repository with one
# commit. The series is generated from this repository: the code of the
# fixes is that of the hook patches make check tests
# (subprojects/patches/SERIES/), their qtests are qtest/fixes/, their
# commit messages subprojects/series/.
#
# Output, build/series/:
#   qemu/        the git repository (branches base, fix-N, series)
#   patches/     the series: 0000-cover-letter.patch, 0001-...
#   standalone/  each fix made against QEMU alone (applies without the
#                others)
#   check/       the logs of 'check'
# SIGNOFF="Name <mail>" adds that Signed-off-by to every patch (the
# sender's; nobody else can certify the origin for them).
# SERIES_PAYLOADS=DIR takes the bare-metal payloads (driver.elf,
# diag.elf) from DIR instead of the qemu-zvm build.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
out=$build/series
repo=$out/qemu
msgs=$top/subprojects/series
cmd=${1:-generate}
jobs=${JOBS:-$(nproc)}

log() { echo "series: $*" >&2; }
git_q() { GIT_EDITOR=true git -C "$repo" -c user.name=qemu-zvm -c user.email=dev@qemu-zvm "$@"; }

# The fixes: hook patch (by its number in the series directory), qtest,
# the entry of tests/qtest/meson.build's qtests_s390x it goes after,
# commit message, the MAINTAINERS section the qtest goes in.
fixes=(
    "0003 s390x-stsi-test drive_del-test fix-stsi.txt S390 TCG CPUs"
    "0009 s390x-reset-test virtio-ccw-test fix-reset.txt S390 Virtio-ccw"
)

# the base repository: QEMU as released, one commit, tag 'base'
make_base() {
    local origin ident version
    if [[ -n ${QEMU_SRC:-} ]]; then
        origin=$(cd "$QEMU_SRC" && pwd)
        ident="dir $origin $(git -C "$origin" rev-parse HEAD 2>/dev/null || true)"
    else
        origin=$("$top/scripts/zvm-assets" qemu-source "$zvm_track")
        ident="tarball $origin $(stat -c %s "$origin")"
    fi
    if [[ -e $out/.base && $(cat "$out/.base") == "$ident" ]] &&
       git_q rev-parse -q --verify base >/dev/null; then
        return
    fi
    rm -rf "$repo" "$out/.base"
    mkdir -p "$out"
    if [[ -d $origin/.git ]]; then
        log "cloning $origin"
        git clone -q --shared "$origin" "$repo"
        git_q tag base HEAD
    else
        log "making a git repository of $origin"
        mkdir -p "$repo"
        if [[ -d $origin ]]; then
            tar -C "$origin" --exclude=./build -cf - . | tar -C "$repo" -xf -
        else
            tar -C "$repo" --strip-components=1 -xf "$origin"
        fi
        version=$(cat "$repo/VERSION")
        git_q init -q -b master
        git_q add -A -f .
        GIT_AUTHOR_DATE=2000-01-01T00:00:00Z GIT_COMMITTER_DATE=2000-01-01T00:00:00Z \
            git_q commit -q -m "QEMU $version" --no-verify
        git_q tag base
    fi
    echo "$ident" >"$out/.base"
}

# commit message file $1 with the sender's Signed-off-by
message() {
    cat "$msgs/$1"
    if [[ -n ${SIGNOFF:-} ]]; then
        printf '\nSigned-off-by: %s\n' "$SIGNOFF"
    fi
}

# MAINTAINERS: file $2 as the last F: line of section $1
maintain() {
    local section=$1 file=$2
    grep -qxF "$section" "$repo/MAINTAINERS" ||
        { log "MAINTAINERS: no section '$section'"; exit 1; }
    awk -v sec="$section" -v f="F: $file" '
        $0 == sec { in_sec = 1 }
        in_sec && /^F:/ { last = NR }
        in_sec && /^$/ { in_sec = 0 }
        { line[NR] = $0 }
        END { for (i = 1; i <= NR; i++) { print line[i]; if (i == last) print f } }
    ' "$repo/MAINTAINERS" >"$repo/MAINTAINERS.new"
    mv "$repo/MAINTAINERS.new" "$repo/MAINTAINERS"
}

# one fix on the current branch: "NUM TEST AFTER MSG SECTION"
apply_fix() {
    local num test after msg section hook
    read -r num test after msg section <<<"$1"
    hook=$(ls "$hookdir/$num"-*.patch)
    git_q apply --index "$hook"
    cp "$top/qtest/fixes/$test.c" "$repo/tests/qtest/$test.c"
    grep -q "^   '$after',\$" "$repo/tests/qtest/meson.build" ||
        { log "tests/qtest/meson.build: no '$after' in qtests_s390x"; exit 1; }
    sed -i "/^qtests_s390x = /,/]/ s/^   '$after',\$/&\n   '$test',/" \
        "$repo/tests/qtest/meson.build"
    maintain "$section" "tests/qtest/$test.c"
    git_q add "tests/qtest/$test.c" tests/qtest/meson.build MAINTAINERS
    message "$msg" | git_q commit -q -F - --no-verify
}

# The registration points, in series order after the fixes: hook patch
# numbers, taken as they are (git am: their own commit messages). They
# change nothing until a model registers; the models follow them.
hooks=(0002 0004 0006 0007)
# The SCCB fix (hook patch 0008): reachable once guest storage can be
# read-only, which the segment model brings; its message is its own.
sccb_fix="0008 sclp-readonly.txt"

# hook patch NUM on the current branch, its message from file MSG (or its
# own when MSG is empty)
apply_hook() {
    local hook
    hook=$(ls "$hookdir/$1"-*.patch)
    if [[ -z ${2:-} ]]; then
        git_q am -q "$hook"
        if [[ -n ${SIGNOFF:-} ]]; then
            git_q commit -q --amend --no-edit --no-verify --trailer "Signed-off-by: $SIGNOFF"
        fi
    else
        git_q apply --index "$hook"
        message "$2" | git_q commit -q -F - --no-verify
    fi
}

# The models in QEMU's layout (scripts/series-layout.py) with the schema
# and monitor wiring of hook patch 0005, which names the overlay's paths
apply_models() {
    local payloads=${SERIES_PAYLOADS:-$qbuild/zvm/qtest/payloads}
    [[ -e $payloads/driver.elf && -e $payloads/diag.elf ]] ||
        { log "no bare-metal payloads in $payloads: run make first"; exit 1; }
    git_q apply --index "$(ls "$hookdir"/0005-*.patch)"
    sed -i 's|"zvm/hw/s390x/|"hw/s390x/|' "$repo/hmp-commands.hx" \
        "$repo/hmp-commands-info.hx" "$repo/monitor/hmp-target.c"
    sed -i "/^# qemu-zvm: the overlay's schema module/d" "$repo/qapi/meson.build"
    /usr/bin/python3 "$top/scripts/series-layout.py" "$top" "$repo" "$payloads"
    /usr/bin/python3 -c '
import os, sys
path, section = sys.argv[1:]
s, add = open(path).read(), open(section).read().strip("\n")
signoff = os.environ.get("SIGNOFF")
if signoff:
    # the sender maintains what they send
    add = add.replace("R: qemu-zvm <dev@qemu-zvm>", "M: " + signoff)
anchor = "\nS390-ccw boot\n"
assert anchor in s, "MAINTAINERS: no S390-ccw boot section"
open(path, "w").write(s.replace(anchor, "\n" + add + "\n" + anchor, 1))
' "$repo/MAINTAINERS" "$msgs/maintainers.txt"
    # one patch per concept (subprojects/series/split.py); the last one's
    # tree is the whole of the models as laid out above
    local k=0 name msg split=$out/split
    /usr/bin/python3 "$top/scripts/series-split.py" save "$top" "$repo" "$split"
    while read -r name msg; do
        k=$((k + 1))
        /usr/bin/python3 "$top/scripts/series-split.py" apply "$top" "$repo" "$split" "$k"
        git_q add -A .
        git_q diff --cached --quiet && { log "model patch $name: empty"; exit 1; }
        message "$msg" | git_q commit -q -F - --no-verify
    done < <(/usr/bin/python3 "$top/scripts/series-split.py" list "$top")
}

# the system test of PFMF (tests/tcg-s390x/pfmf.S) into the commit that
# offers EDAT-1 (PFMF's facility) in the max model
add_pfmf_test() {
    local mk=$repo/tests/tcg/s390x/Makefile.softmmu-target
    cp "$top/tests/tcg-s390x/pfmf.S" "$repo/tests/tcg/s390x/pfmf.S"
    /usr/bin/python3 - "$mk" <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p).read()
m = re.search(r"^    per( +)\\\n", s, re.M)
assert m, "Makefile.softmmu-target: no 'per' in ASM_TESTS"
s = s[:m.end()] + "    pfmf" + m.group(1)[:-1] + "\\\n" + s[m.end():]
anchor = "TESTS += $(ASM_TESTS)\n"
assert anchor in s, "Makefile.softmmu-target: no TESTS += $(ASM_TESTS)"
s = s.replace(anchor, anchor + "run-pfmf: QEMU_OPTS:=-cpu max $(QEMU_OPTS)\n", 1)
open(p, "w").write(s)
EOF
    git_q add tests/tcg/s390x/pfmf.S tests/tcg/s390x/Makefile.softmmu-target
    { git_q log -1 --format=%B | sed '/^Signed-off-by:/,$d' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
      echo
      cat "$msgs/edat-test.txt"
      git_q log -1 --format=%B | sed -n '/^Signed-off-by:/,$p'
    } | git_q commit -q --amend --no-verify -F -
}

generate() {
    local f i=0 version
    make_base
    version=$(git -C "$repo" show base:VERSION)
    hookdir=$("$top/scripts/qemu-series" patches "$version")
    git_q checkout -q -f base
    git_q clean -q -fdx
    rm -rf "$out/patches" "$out/standalone"
    mkdir -p "$out/patches" "$out/standalone"

    # each fix alone, against QEMU
    for f in "${fixes[@]}"; do
        i=$((i + 1))
        git_q checkout -q -B "fix-$i" base
        apply_fix "$f"
        git_q format-patch -q --no-signature --start-number "$i" \
            -o "$out/standalone" base..HEAD
    done

    # the series: the fixes first
    git_q checkout -q -B series base
    for f in "${fixes[@]}"; do
        apply_fix "$f"
    done
    # then PFMF and EDAT-1 for TCG (subprojects/edat: upstream-style,
    # not z/VM-specific), the registration points and the SCCB fix
    for f in "$top/subprojects/edat/$(basename "$hookdir")"/*.patch; do
        git_q am -q "$f"
        if [[ -n ${SIGNOFF:-} ]]; then
            git_q commit -q --amend --no-edit --no-verify --trailer "Signed-off-by: $SIGNOFF"
        fi
    done
    add_pfmf_test
    for f in "${hooks[@]}"; do
        apply_hook "$f"
    done
    apply_hook $sccb_fix
    apply_models
    git_q format-patch -q --no-signature --cover-letter --thread=shallow \
        -o "$out/patches" base..series
    cover_letter "$version" "$out/patches/0000-cover-letter.patch"
    log "QEMU $version: $(ls "$out/patches" | wc -l) files in $out/patches" \
        "(cover letter and $(git_q rev-list --count base..series) patches)"
}

# fill in git format-patch's cover letter template
cover_letter() {
    local version=$1 f=$2
    /usr/bin/python3 - "$f" "$msgs/cover-letter.txt" "$version" <<'EOF'
import sys
path, text, version = sys.argv[1:]
subject, _, blurb = open(text).read().replace("@VERSION@", version).partition("\n\n")
s = open(path).read()
s = s.replace("*** SUBJECT HERE ***", subject.strip())
s = s.replace("*** BLURB HERE ***", blurb.rstrip())
open(path, "w").write(s)
EOF
}

# checkpatch's only complaint about patch $1 (output $2) is "added, moved
# or deleted file(s)", and scripts/get_maintainer.pl names a section
# other than the catch-all for each file the patch creates
maintained_new_files() {
    local f
    [[ $(grep -c '^\(ERROR\|WARNING\)' "$2") == 1 ]] &&
        grep -q '^WARNING: added, moved or deleted file(s)' "$2" || return 1
    for f in $(sed -n 's/^ create mode [0-9]* //p' "$1"); do
        (cd "$repo" && perl scripts/get_maintainer.pl --no-git-fallback -f "$f" 2>/dev/null) |
            grep -v 'All patches CC here' | grep -q . || return 1
    done
}

check() {
    local p rc=0 cp i log t0=$SECONDS
    generate
    mkdir -p "$out/check"
    cp=$repo/scripts/checkpatch.pl
    # checkpatch.pl: every patch, with the sender's sign-off left out
    for p in "$out/patches"/0*.patch; do
        [[ $p != */0000-cover-letter.patch ]] || continue
        # (checkpatch.pl exits 0 on warnings: its total line decides)
        perl "$cp" --no-signoff "$p" >"$out/check/$(basename "$p" .patch).checkpatch" 2>&1 || true
        if grep -q '^total: 0 errors, 0 warnings' "$out/check/$(basename "$p" .patch).checkpatch"; then
            echo "ok checkpatch $(basename "$p")"
        elif maintained_new_files "$p" "$out/check/$(basename "$p" .patch).checkpatch"; then
            echo "ok checkpatch $(basename "$p") (its one warning, 'Does MAINTAINERS need" \
                 "updating?': each new file has its section already)"
        else
            echo "not ok checkpatch $(basename "$p")"
            sed -n '/^\(ERROR\|WARNING\)/,/^$/p' "$out/check/$(basename "$p" .patch).checkpatch"
            rc=1
        fi
    done
    # each stand-alone fix applies to QEMU alone
    git_q checkout -q -f base
    for p in "$out/standalone"/*.patch; do
        if git_q apply --check "$p"; then
            echo "ok applies-alone $(basename "$p")"
        else
            echo "not ok applies-alone $(basename "$p")"
            rc=1
        fi
    done
    # each fix's qtest: fails on QEMU without the fix, passes with it
    # (one build directory, rebuilt incrementally between the branches)
    local b=$out/check/build
    git_q checkout -q -f base
    if [[ ! -e $b/build.ninja ]]; then
        mkdir -p "$b"
        log "configuring QEMU in $b"
        (cd "$b" && "$repo/configure" "${qemu_configure_args[@]}" >configure.log 2>&1) ||
            { tail -n 20 "$b/configure.log" >&2; exit 1; }
    fi
    for ((i = 1; i <= ${#fixes[@]}; i++)); do
        read -r _ t _ _ <<<"${fixes[i - 1]}"
        # without: the test on the fix's branch with the fix's code reverted
        git_q checkout -q -f "fix-$i"
        git_q show "fix-$i" -- . ':!tests/qtest' | git_q apply -R
        verdict "$b" "$t" without 1 || rc=1
        git_q checkout -q -f "fix-$i"
        verdict "$b" "$t" with 0 || rc=1
    done
    # every prefix of the series configures and builds (incrementally)
    local c n=0 total
    total=$(git_q rev-list --count base..series)
    for c in $(git_q rev-list --reverse base..series); do
        n=$((n + 1))
        git_q checkout -q -f "$c"
        if ninja -C "$b" -j"$jobs" qemu-system-s390x >"$out/check/prefix-$n.log" 2>&1; then
            echo "ok prefix $n/$total builds: $(git_q log -1 --format=%s "$c")"
            # the tests this patch brings or extends, on this prefix
            for t in $(git_q diff --name-only "$c~1" "$c" -- \
                       'tests/qtest/zvm-*-test.c' 'tests/unit/test-zvm-*.c'); do
                prefix_test "$b" "$t" "$n" || rc=1
            done
        else
            echo "not ok prefix $n/$total builds: $(git_q log -1 --format=%s "$c")"
            grep -m5 -E 'error|ERROR' "$out/check/prefix-$n.log"
            rc=1
        fi
    done
    # the whole series: QEMU's check-qtest-s390x, with the new tests in it,
    # and the new unit tests
    git_q checkout -q -f series
    local datadir
    make -C "$b" -j"$jobs" --no-print-directory all >"$out/check/all.log" 2>&1 ||
        { echo "not ok the series builds (make all)"; tail -n 20 "$out/check/all.log"; return 1; }
    datadir=$(dirname "$(find "$b/qemu-bundle" -name trace-events-all | head -n 1)")
    ln -sf "$b/pc-bios/s390-ccw/s390-ccw.img" "$datadir/s390-ccw.img"
    local suite t1=$SECONDS
    if make -C "$b" -j"$jobs" --no-print-directory check-qtest-s390x \
        >"$out/check/check-qtest-s390x.log" 2>&1; then
        suite=ok
    else
        suite="not ok"
        rc=1
    fi
    echo "$suite check-qtest-s390x on the series: $(grep -E '^(Ok|Fail|Skipped|Timeout):' \
        "$out/check/check-qtest-s390x.log" | tr -s ' ' | paste -sd' ') ($((SECONDS - t1)) s)"
    grep -E '^ *[0-9]+/[0-9]+ .*(zvm|s390x-)' "$out/check/check-qtest-s390x.log" |
        sed 's/^ */#   /' | tr -s ' '
    # and its s390x TCG tests, with the PFMF test in them
    t1=$SECONDS
    if make -C "$b" -k --no-print-directory check-tcg >"$out/check/check-tcg.log" 2>&1 &&
       grep -q '^  TEST    pfmf on s390x' "$out/check/check-tcg.log"; then
        echo "ok check-tcg on the series: $(grep -c '^  TEST' "$out/check/check-tcg.log")" \
             "s390x tests pass, pfmf among them ($((SECONDS - t1)) s)"
    else
        echo "not ok check-tcg on the series"
        grep -E 'Error|FAIL|pfmf' "$out/check/check-tcg.log" | head -n 10
        rc=1
    fi
    if "$b/pyvenv/bin/meson" test -C "$b" --no-rebuild test-zvm-ebcdic test-zvm-dcss-def \
        >"$out/check/unit.log" 2>&1; then
        echo "ok unit tests test-zvm-ebcdic, test-zvm-dcss-def on the series"
    else
        echo "not ok unit tests test-zvm-ebcdic, test-zvm-dcss-def on the series"
        rc=1
    fi
    # QEMU's manual with the series in it: docs/system/s390x/zvm.rst and
    # the zvm QAPI module in the QMP reference, Sphinx warnings fatal
    local d=$out/check/docs
    t1=$SECONDS
    if [[ ! -e $d/build.ninja ]]; then
        mkdir -p "$d"
        (cd "$d" && "$repo/configure" --python=/usr/bin/python3 --target-list=s390x-softmmu \
            --without-default-features --disable-install-blobs --enable-werror \
            --enable-docs >configure.log 2>&1) ||
            { echo "not ok QEMU's manual: configure failed"; tail -n 20 "$d/configure.log"; rc=1; }
    fi
    if [[ -e $d/build.ninja ]] && grep -q -- ' -W ' "$d/build.ninja" &&
       ninja -C "$d" sphinxdocs >"$out/check/docs.log" 2>&1 &&
       grep -q 'z/VM personality' "$d/docs/manual/system/s390x/zvm.html" &&
       grep -q 'query-zvm-dcss' "$d/docs/manual/interop/qemu-qmp-ref.html"; then
        echo "ok QEMU's manual builds with the series (Sphinx -W): system/s390x/zvm.html," \
             "the zvm module in the QMP reference ($((SECONDS - t1)) s)"
    else
        echo "not ok QEMU's manual with the series"
        tail -n 20 "$out/check/docs.log"
        rc=1
    fi
    log "checked in $((SECONDS - t0)) s"
    return $rc
}

# prefix_test BUILD SOURCE N: build the test of SOURCE on prefix N and
# run it as QEMU's test runner would
prefix_test() {
    local b=$1 src=$2 n=$3 name dir logf pass fail
    name=$(basename "$src" .c)
    dir=$(dirname "$src")
    logf=$out/check/prefix-$n-$name.log
    if ! ninja -C "$b" -j"$jobs" "$dir/$name" >"$logf.build" 2>&1; then
        echo "not ok prefix $n: $name does not build"
        grep -m5 -E 'error|ERROR' "$logf.build"
        return 1
    fi
    (cd "$b" && ZVM_TOP=$repo PYTHON=/usr/bin/python3 \
        QTEST_QEMU_BINARY="./qemu-system-s390x -L pc-bios/s390-ccw" \
        timeout 600 "$dir/$name" --tap >"$logf" 2>&1)
    local status=$?
    pass=$(grep -c '^ok ' "$logf")
    fail=$(grep -c '^not ok ' "$logf")
    if [[ $status == 0 && $fail == 0 && $pass -gt 0 ]]; then
        echo "ok prefix $n: $name passes ($pass subtests)"
    else
        echo "not ok prefix $n: $name ($pass passed, $fail failed, exit $status)"
        tail -n 20 "$logf"
        return 1
    fi
}

# verdict BUILD TEST LABEL EXPECTED-FAILURE: build, run the qtest
verdict() {
    local b=$1 t=$2 label=$3 want_fail=$4 got=0 logf
    logf=$out/check/$t-$label.log
    { ninja -C "$b" -j"$jobs" qemu-system-s390x "tests/qtest/$t" &&
      make -C "$b" -j"$jobs" --no-print-directory pc-bios/s390-ccw/all; } \
        >"$logf.build" 2>&1 ||
        { echo "not ok $t $label: does not build"; tail -n 20 "$logf.build"; return 1; }
    # the firmware from the build (Debian's source carries no pc-bios blobs)
    (cd "$b" && QTEST_QEMU_BINARY="./qemu-system-s390x -L pc-bios/s390-ccw" \
        timeout 120 "tests/qtest/$t" --tap >"$logf" 2>&1) || got=1
    if [[ $got == "$want_fail" ]]; then
        echo "ok $t $label the fix: $( ((got)) && echo fails || echo passes)"
    else
        echo "not ok $t $label the fix: $( ((got)) && echo fails || echo passes)"
        tail -n 20 "$logf"
        return 1
    fi
}

case $cmd in
generate) generate ;;
check) check ;;
*) echo "usage: series.sh [generate|check]" >&2; exit 2 ;;
esac
