#!/usr/bin/env bash
# memory-hotplug-test.sh: the Linux kernel's own memory-hotplug selftest,
# tools/testing/selftests/memory-hotplug/mem-on-off-test.sh, run inside
# each guest kernel against qemu-zvm's standby storage (TAP, one test a
# kernel). The script comes from the kernel source 'make kernel' fetches
# (Debian's linux-source, scripts/build-kernel.sh SOURCE_ONLY=1), bash
# from Debian's s390x package (scripts/s390x-deb); the guest runs
# tests/guest/scenarios/selftest-memory-hotplug.sh. Its own exit code is
# the verdict: 0 passes; anything else fails, with its output.
#
#   ZVM_KERNELS="bookworm trixie sid"  the kernels (suites of the guest
#                                      assets, or NAME=DIR of zvm-kernel)
ZVM_NO_INSTALL=1
. "$(dirname "$0")/../integration/lib.sh"

src=$(SOURCE_ONLY=1 "$top/scripts/build-kernel.sh" 2>"$tmp/src.log") ||
    bail "no kernel source: $(tail -n 2 "$tmp/src.log")"
selftest=$src/tools/testing/selftests/memory-hotplug/mem-on-off-test.sh
[[ -e $selftest ]] || bail "no $selftest"
echo "# $(basename "$selftest") of $(cat "$src/.zvm-unpacked" 2>/dev/null || echo "$src")"

# what the guest needs beyond the scenario initramfs: bash and the script
extra=$tmp/extra
mkdir -p "$extra/selftests"
dpkg-deb -x "$("$top/scripts/s390x-deb" bash)" "$tmp/bash"
install -D -m 755 "$tmp/bash/usr/bin/bash" "$extra/usr/bin/bash"
install -m 755 "$selftest" "$extra/selftests/"
(cd "$extra" && find . | cpio -o -H newc --quiet) >"$tmp/extra.cpio"

for spec in ${ZVM_KERNELS:-bookworm trixie sid}; do
    name=${spec%%=*} kdir=${ZVM_ASSETS:-$build/assets}/kernels/$spec
    [[ $spec == *=* ]] && kdir=${spec#*=}
    rel=$(cat "$kdir/release" 2>/dev/null) || { not_ok "memory-hotplug/$name: no kernel in $kdir"; continue; }
    selftest_guest memory-hotplug "$name" "$kdir" selftest-memory-hotplug \
        zvm=on,standby-mem=1G -b /usr/bin/lsmem \
        -b /usr/lib/s390x-linux-gnu/libtinfo.so.6 -m 'memory-notifier-error-inject?' ||
        continue
    rc=$(sed -n 's/^ZVM-VALUE: selftest-rc=//p' "$tmp/$name.out")
    onlined=$(grep -c '^offline->online memory' "$tmp/$name.out")
    standby=$(sed -n 's/^ZVM-VALUE: standby-offline-mib=//p' "$tmp/$name.out")
    extra_tests=$(grep -q 'Test with memory notifier error injection' "$tmp/$name.out" &&
                  ! grep -q 'skip extra tests' "$tmp/$name.out" && echo "with" || echo "without")
    if ! grep -q '^ZVM-SCENARIO-BEGIN' "$tmp/$name.out"; then
        # as the guest harness says it: scripts/zvm-kernel's verdict 125
        echo "# ZVM-NO-BOOT: kernel $name ($rel) did not boot to the scenario"
        not_ok "memory-hotplug/$name: mem-on-off-test.sh passes" "the kernel did not boot (${secs} s)" \
            "$(tail -n 5 "$tmp/$name.out")"
    elif [[ $rc == 0 && $onlined -gt 0 ]]; then
        ok "memory-hotplug/$name ($rel): mem-on-off-test.sh passes: ${standby} MiB of standby storage, $onlined onlinings of offline blocks, $extra_tests the notifier error injection (${secs} s)"
    else
        not_ok "memory-hotplug/$name ($rel): mem-on-off-test.sh passes" "exit code '${rc:-none}', $onlined onlinings, ${secs} s" \
            "$(sed -n '/ZVM-MARK: selftest-start/,$p' "$tmp/$name.out" | head -n 40)"
    fi
done
done_testing
