#!/usr/bin/env bash
# hugetlb-test.sh: the Linux kernel's own hugetlb selftests,
# tools/testing/selftests/mm run by its run_vmtests.sh -t hugetlb, inside
# each guest kernel on 1 MiB huge pages, which s390 offers only with
# EDAT-1: qemu-zvm's -cpu max (TAP, one test a kernel). The tests come
# from the kernel source 'make kernel' fetches (Debian's linux-source,
# scripts/build-kernel.sh SOURCE_ONLY=1), built here statically with
# s390x-linux-gnu-gcc against that kernel's uapi headers ('make headers'
# into a directory of our own), each with vm_util.c and thp_settings.c as
# the kernel's Makefile does; bash from Debian's s390x package
# (scripts/s390x-deb); the guest runs
# tests/guest/scenarios/selftest-hugetlb.sh. Each test's exit code is its
# verdict: 0 passes, 4 (KSFT_SKIP) is a skip reported with its reason,
# anything else fails. A test that is missing or does not build is named
# and fails in every kernel (run_vmtests.sh finds no binary).
# Not run, named in the output: the cgroup-v2 scripts
# charge_reserved_hugetlb.sh and hugetlb_reparenting_test.sh (they need
# procps' pgrep and psmisc's killall --wait, which busybox lacks, and the
# first ran over 8 minutes under TCG without ending); our copy of
# run_vmtests.sh leaves their lines out.
#
#   ZVM_KERNELS="bookworm trixie sid"  the kernels (suites of the guest
#                                      assets, or NAME=DIR of zvm-kernel)
ZVM_NO_INSTALL=1
. "$(dirname "$0")/../integration/lib.sh"

src=$(SOURCE_ONLY=1 "$top/scripts/build-kernel.sh" 2>"$tmp/src.log") ||
    bail "no kernel source: $(tail -n 2 "$tmp/src.log")"
mm=$src/tools/testing/selftests/mm
[[ -e $mm/run_vmtests.sh ]] || bail "no $mm/run_vmtests.sh"
echo "# tools/testing/selftests/mm of $(cat "$src/.zvm-unpacked" 2>/dev/null || echo "$src")"
cc=s390x-linux-gnu-gcc
command -v "$cc" >/dev/null || bail "no $cc (scripts/install-deps.sh)"
echo 'int main(void) { return 0; }' >"$tmp/static.c"
"$cc" -static "$tmp/static.c" -o "$tmp/static" 2>"$tmp/static.log" ||
    bail "$cc -static links nothing (libc6-dev-s390x-cross, scripts/install-deps.sh): $(tail -n 1 "$tmp/static.log")"

# the kernel's uapi headers, in a directory of ours (the source stays as it is)
make -s -C "$src" O="$tmp/hdr" ARCH=s390 headers >"$tmp/headers.log" 2>&1 ||
    bail "make headers: $(tail -n 2 "$tmp/headers.log")"

# the hugetlb category as run_vmtests.sh runs it without -d (destructive)
extra=$tmp/extra
mkdir -p "$extra/selftests/mm"
notrun="charge_reserved_hugetlb.sh hugetlb_reparenting_test.sh"
sed "/CATEGORY=\"hugetlb\" run_test \.\/\(${notrun// /\\|}\)/d" "$mm/run_vmtests.sh" \
    >"$extra/selftests/mm/run_vmtests.sh"
chmod 755 "$extra/selftests/mm/run_vmtests.sh"
tests=$(sed -n '/RUN_DESTRUCTIVE; then/q; s/^[[:space:]]*CATEGORY="hugetlb" run_test \.\/\([^ ]*\).*/\1/p' \
        "$extra/selftests/mm/run_vmtests.sh")
ntests=$(wc -w <<<"$tests")
built=() missing=()
for t in $tests; do
    if [[ $t == *.sh ]]; then
        if [[ -e $mm/$t ]]; then install -m 755 "$mm/$t" "$extra/selftests/mm/"; built+=("$t")
        else missing+=("$t: no such script"); fi
    elif [[ ! -e $mm/$t.c ]]; then
        missing+=("$t: no $t.c")
    elif (cd "$mm" && "$cc" -static -Wall -O2 -U_FORTIFY_SOURCE -I "$src" \
              -isystem "$tmp/hdr/usr/include" -isystem "$src/tools/include/uapi" \
              "$t.c" vm_util.c thp_settings.c -lrt -lpthread -lm \
              -o "$extra/selftests/mm/$t") >"$tmp/cc-$t.log" 2>&1; then
        built+=("$t")
    else
        missing+=("$t: does not build: $(grep -m 1 'error' "$tmp/cc-$t.log")")
    fi
done
echo "# built: ${built[*]}"
for m in "${missing[@]}"; do echo "# NOT BUILT: $m (fails in every kernel)"; done
echo "# NOT RUN: $notrun (cgroup v2; need pgrep, killall --wait; too slow under TCG)"

# what the guest needs beyond the scenario initramfs: bash and the tests
dpkg-deb -x "$("$top/scripts/s390x-deb" bash)" "$tmp/bash"
install -D -m 755 "$tmp/bash/usr/bin/bash" "$extra/usr/bin/bash"
# charge_reserved_hugetlb.sh and the other scripts say #!/bin/bash
mkdir -p "$extra/bin" && ln -s /usr/bin/bash "$extra/bin/bash"
(cd "$extra" && find . | cpio -o -H newc --quiet) >"$tmp/extra.cpio"

# results NAME.out: "TEST VERDICT [REASON]" a line, from run_vmtests.sh's
# TAP lines, the reason of a skip being the test's last line of output
results() {
    awk '
        /^# running / { t = $3; sub(/^\.\//, "", t); last = ""; next }
        /^# (\[(PASS|SKIP|FAIL)\]|-+)$/ { next }
        /^# ./ { if (t != "") { last = substr($0, 3) }; next }
        /^ok [0-9]+ .* # SKIP/ { print t, "skip", last; t = ""; next }
        /^ok [0-9]+ / { print t, "pass"; t = ""; next }
        /^not ok [0-9]+ / { r = $0; sub(/.*# /, "", r); print t, "fail", r; t = ""; next }
    ' "$1"
}

for spec in ${ZVM_KERNELS:-bookworm trixie sid}; do
    name=${spec%%=*} kdir=${ZVM_ASSETS:-$build/assets}/kernels/$spec
    [[ $spec == *=* ]] && kdir=${spec#*=}
    rel=$(cat "$kdir/release" 2>/dev/null) || { not_ok "hugetlb/$name: no kernel in $kdir"; continue; }
    selftest_guest hugetlb "$name" "$kdir" selftest-hugetlb zvm=on \
        -b /usr/lib/s390x-linux-gnu/libtinfo.so.6 || continue
    rc=$(sed -n 's/^ZVM-VALUE: selftest-rc=//p' "$tmp/$name.out")
    hpsize=$(sed -n 's/^ZVM-VALUE: hugepagesize-kib=//p' "$tmp/$name.out")
    results "$tmp/$name.out" >"$tmp/$name.res"
    # known kernel bugs (tests/guest/known-kernel-bugs): asserted and named
    known=0
    if [[ $rel == 6.1.* ]] && grep -q '^hugetlb_madv_vs_map fail' "$tmp/$name.res"; then
        sed -i 's/^hugetlb_madv_vs_map fail/hugetlb_madv_vs_map known-bug hugetlb-madv-vs-map-race,/' "$tmp/$name.res"
        echo "# known kernel bug hugetlb-madv-vs-map-race (tests/guest/known-kernel-bugs) shows on $rel"
        known=1
    elif [[ $rel == 6.1.* ]]; then
        echo "# known kernel bug hugetlb-madv-vs-map-race did not show on $rel this time (a race)"
    fi
    npass=$(grep -c ' pass$' "$tmp/$name.res") nskip=$(grep -c ' skip' "$tmp/$name.res")
    nfail=$(grep -c ' fail' "$tmp/$name.res") nrun=$(wc -l <"$tmp/$name.res")
    summary="$npass passed, $nskip skipped, $nfail failed, $nrun of $ntests run, ${hpsize:-no} KiB huge pages"
    if ! grep -q '^ZVM-SCENARIO-BEGIN' "$tmp/$name.out"; then
        # as the guest harness says it: scripts/zvm-kernel's verdict 125
        echo "# ZVM-NO-BOOT: kernel $name ($rel) did not boot to the scenario"
        not_ok "hugetlb/$name: run_vmtests.sh -t hugetlb passes" "the kernel did not boot (${secs} s)"
        tail -n 5 "$tmp/$name.out" | sed 's/^/# /'
    elif [[ ($rc == 0 || $rc == 4 || ($rc == 1 && $known == 1)) && $nfail == 0 && $nrun == "$ntests" && -n $hpsize ]]; then
        ok "hugetlb/$name ($rel): run_vmtests.sh -t hugetlb passes: $summary (${secs} s)"
        grep ' skip\| known-bug' "$tmp/$name.res" |
            sed 's/ skip / SKIP: /; s/ known-bug / KNOWN BUG: /; s/^/#   /'
    else
        not_ok "hugetlb/$name ($rel): run_vmtests.sh -t hugetlb passes" \
            "exit code '${rc:-none}': $summary, ${secs} s"
        # (every line a comment: the guest's own TAP lines are not ours)
        sed 's/ fail / FAIL: /; s/ skip / SKIP: /; s/^/#   /' "$tmp/$name.res"
        sed -n '/ZVM-MARK: selftest-start/,$p' "$tmp/$name.out" |
            grep -v '^# \(-*\|\[PASS\]\)$' | tail -n 40 | sed 's/^/# /'
    fi
done
done_testing
