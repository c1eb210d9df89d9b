#!/usr/bin/env bash
# vng-test.sh: virtme-ng (vng, Debian's package) boots a kernel built with
# 'make kernel' on the installed qemu-zvm, with the z/VM personality and
# standby storage, and lsmem/chmem inside see and assign the standby
# storage (TAP). docs/integrations.rst shows the same commands.
#
#   KERNEL=IMAGE   another kernel (default: make kernel's, built if absent;
#                  it needs virtio-9p built in, as tests/kernel/zvm.config has)
. "$(dirname "$0")/lib.sh"

host_pkgs python3-argcomplete python3-requests python3-pkg-resources
deb=$(amd64_deb virtme-ng trixie sid)
vng_dir=$build/integration/virtme-ng
rm -rf "$vng_dir" && mkdir -p "$vng_dir" && dpkg-deb -x "$deb" "$vng_dir"
# as installed: vng runs virtme-run from PATH
export PATH=$vng_dir/usr/bin:$PATH PYTHONPATH=$vng_dir/usr/lib/python3/dist-packages
vng() { /usr/bin/python3 "$vng_dir/usr/bin/vng" "$@"; }
version=$(vng --version 2>&1)
[[ $version == "virtme-ng "* ]] && ok "$version from $(basename "$deb")" ||
    bail "vng does not run: $version"

kimg=${KERNEL:-$build/kernel/obj/arch/s390/boot/bzImage}
if [[ -z ${KERNEL:-} ]] && ! grep -qs '^CONFIG_9P_FS=y' "$build/kernel/obj/.config"; then
    echo "# no make-kernel build with virtio-9p: building it (make kernel)"
    "$top/scripts/build-kernel.sh" >"$tmp/kernel.log" 2>&1 ||
        bail "make kernel failed: $(tail -n 3 "$tmp/kernel.log")"
fi
[[ -e $kimg ]] || bail "no kernel $kimg"
ok "kernel $kimg"

root=$build/integration/vng-root
"$top/scripts/mkroot-s390x" "$root" 2>"$tmp/root.log" ||
    bail "mkroot-s390x failed: $(tail -n 2 "$tmp/root.log")"
ok "root filesystem $root ($(du -sh "$root" | cut -f1))"

# the commands a developer types: vng with our binary and machine options
args=(--arch s390x --root "$root" --qemu "$qemu_zvm" --run "$kimg"
      --skip-modules --force-9p --disable-kvm --memory 1G --cpus 2
      --append conmode=sclp
      --qemu-opts='-machine zvm=on,standby-mem=1G')
vng "${args[@]}" --dry-run >"$tmp/dry" 2>&1
if grep -q -- "$qemu_zvm" "$tmp/dry" && grep -q -- '-machine zvm=on,standby-mem=1G' "$tmp/dry"; then
    ok "vng --dry-run: the installed binary with -machine zvm=on,standby-mem=1G"
else not_ok "vng --dry-run names our binary and options" "$(tail -n 3 "$tmp/dry")"; fi

start=$(date +%s)
/usr/bin/python3 "$top/tests/integration/console.py" 300 "$tmp/console" -- \
    /usr/bin/python3 "$vng_dir/usr/bin/vng" "${args[@]}" <<'STEPS'
expect CTRL\+d to exit
send grep -E '^VM00 Control Program' /proc/sysinfo; lsmem; chmem -e 256M; echo "chmem rc $?"; lsmem -o RANGE,SIZE,STATE; echo END-$((6*7))
expect END-42
send poweroff -f
STEPS
rc=$?
secs=$(( $(date +%s) - start ))
tr -d '\r' <"$tmp/console" >"$tmp/out"
cp "$tmp/out" "$build/integration/vng-console.log"
if [[ $rc == 0 ]]; then ok "vng booted, ran the commands and powered off (${secs} s)"
else not_ok "vng booted, ran the commands and powered off" "console.py exit $rc after ${secs} s" "$(tail -n 15 "$tmp/out")"; fi
grep -q 'VM00 Control Program: z/VM' "$tmp/out" && ok "the guest runs under z/VM (/proc/sysinfo)" ||
    not_ok "the guest runs under z/VM" "$(grep -m3 -i 'sysinfo\|VM00' "$tmp/out")"
grep -Eq '^Total offline memory: +1G$' "$tmp/out" &&
    ok "lsmem: 1G of standby storage offline" ||
    not_ok "lsmem: 1G of standby storage offline" "$(grep -E '^Total' "$tmp/out")"
grep -q '^chmem rc 0$' "$tmp/out" && ok "chmem -e 256M" ||
    not_ok "chmem -e 256M" "$(grep -m2 chmem "$tmp/out")"
if [[ $(grep -Ec '^Total offline memory: +768M$' "$tmp/out") == 1 &&
      $(grep -Ec '^Total online memory: +1\.3G$' "$tmp/out") == 1 ]]; then
    ok "lsmem after chmem: 1.3G online, 768M offline"
else not_ok "lsmem after chmem: 1.3G online, 768M offline" "$(grep -E '^Total' "$tmp/out")"; fi

done_testing
