#!/usr/bin/env bash
# libvirt-test.sh: a libvirt domain on the installed qemu-zvm (TAP).
# tests/integration/libvirt-domain.xml is validated (virt-xml-validate),
# defined and started with virsh on a libvirtd of Debian's packages; the
# guest (the make-run demo on Debian's 6.12) shows z/VM in /proc/sysinfo,
# reads a saved segment and onlines its standby storage, and powers off.
#
# libvirtd runs here as root in a mount namespace of its own, with its
# configuration, sockets, state and logs on bind mounts from a temporary
# directory: the host's /etc/libvirt and /var/*/libvirt stay untouched
# (only empty mount points are created). Its qemu.conf runs QEMU as root
# without cgroups, namespaces or a security driver, which this machine
# (a container without systemd) cannot give; the user libvirt-qemu that
# the driver wants to exist is in the namespace's copy of /etc/passwd.
if [[ -z ${ZVM_IN_NS:-} ]]; then
    exec unshare -m --propagation private env ZVM_IN_NS=1 "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

host_pkgs libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients
ok "$(libvirtd --version), $(virsh --version | sed 's/^/virsh /')"

suite=trixie
kdir=${ZVM_ASSETS:-$build/assets}/kernels/$suite
[[ -e $kdir/vmlinuz ]] || bail "no kernel in $kdir (make assets)"
printf 'Hello from DEMO, a z/VM saved segment at 0x80000000\n' >"$tmp/demo.txt"
"$top/scripts/mkdcss" "$tmp/store" DEMO '80000-800FF SR' "$tmp/demo.txt" >/dev/null
"$top/tests/guest/mkinitramfs.sh" -o "$tmp/initrd.gz" -s demo -k "$kdir" \
    -b /usr/bin/lsmem -b /usr/sbin/chmem -b /usr/sbin/vmcp -m dcssblk \
    -t "$qbuild/zvm/qtest/payloads/memfill" >"$tmp/mkinitramfs.log" 2>&1 ||
    bail "mkinitramfs failed: $(tail -n 2 "$tmp/mkinitramfs.log")"

xml=$tmp/domain.xml
sed -e "s|@KERNEL@|$kdir/vmlinuz|" -e "s|@INITRD@|$tmp/initrd.gz|" \
    -e "s|@EMULATOR@|$qemu_zvm|" -e "s|@CONSOLE@|$tmp/console.log|" \
    -e "s|@STORE@|$tmp/store|" "$top/tests/integration/libvirt-domain.xml" >"$xml"
if out=$(virt-xml-validate "$xml" domain 2>&1); then ok "virt-xml-validate: $out"
else not_ok "virt-xml-validate accepts the domain" "$out"; fi
sed 's|<target type=.sclp./>|<target type="3270-nonsuch"/>|' "$xml" >"$tmp/bad.xml"
if virt-xml-validate "$tmp/bad.xml" domain >/dev/null 2>&1; then
    not_ok "virt-xml-validate refuses a console target libvirt does not have"
else ok "virt-xml-validate refuses a console target libvirt does not have"; fi

# libvirtd on private directories
for d in /etc/libvirt /run/libvirt /var/lib/libvirt /var/log/libvirt /var/cache/libvirt; do
    mkdir -p "$d" "$tmp/ns$d"
    mount --bind "$tmp/ns$d" "$d" || bail "cannot bind-mount $d"
done
# the QEMU driver looks up its compiled-in default user before it reads
# qemu.conf: the user Debian's libvirt-daemon-system would create, in
# this namespace's copy of /etc/passwd and /etc/group only
for f in passwd group; do
    cp "/etc/$f" "$tmp/$f"
    mount --bind "$tmp/$f" "/etc/$f" || bail "cannot bind-mount /etc/$f"
done
grep -q '^libvirt-qemu:' /etc/passwd ||
    echo 'libvirt-qemu:x:64055:64055:libvirt qemu:/var/lib/libvirt:/usr/sbin/nologin' >>/etc/passwd
grep -q '^libvirt-qemu:' /etc/group || echo 'libvirt-qemu:x:64055:' >>/etc/group
cat >/etc/libvirt/libvirtd.conf <<'EOF'
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
EOF
cat >/etc/libvirt/qemu.conf <<'EOF'
user = "root"
group = "root"
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
remember_owner = 0
stdio_handler = "file"
EOF
libvirtd -d --pid-file "$tmp/libvirtd.pid" >"$tmp/libvirtd.out" 2>&1
for _ in $(seq 60); do [[ -S /run/libvirt/libvirt-sock ]] && break; sleep 0.5; done
stop_libvirtd() { [[ -e $tmp/libvirtd.pid ]] && kill "$(cat "$tmp/libvirtd.pid")" 2>/dev/null; }
trap 'stop_libvirtd; rm -rf "$tmp"' EXIT
[[ -S /run/libvirt/libvirt-sock ]] ||
    bail "libvirtd did not start: $(tail -n 3 /var/log/libvirt/libvirtd.log "$tmp/libvirtd.out" 2>/dev/null)"
ok "libvirtd runs (private /etc/libvirt, /run/libvirt, /var/*/libvirt)"

v() { virsh -q -c qemu:///system "$@"; }
caps=$(v domcapabilities --emulatorbin "$qemu_zvm" --arch s390x --virttype qemu 2>&1)
if grep -q "<path>$qemu_zvm</path>" <<<"$caps" && grep -q '<machine>s390-ccw-virtio' <<<"$caps"; then
    ok "domcapabilities probes the installed binary ($(grep -o '<machine>s390-ccw-virtio[^<]*' <<<"$caps" | head -n 1 | cut -d'>' -f2))"
else not_ok "domcapabilities probes the installed binary" "$(head -n 5 <<<"$caps")"; fi
if out=$(v define "$xml" 2>&1); then ok "virsh define"
else not_ok "virsh define" "$out"; fi
start=$(date +%s)
if out=$(v start qemu-zvm-demo 2>&1); then ok "virsh start"
else not_ok "virsh start" "$out" "$(tail -n 5 /var/log/libvirt/qemu/qemu-zvm-demo.log 2>/dev/null)"; fi
state=
: >>"$tmp/console.log"
for _ in $(seq 300); do
    state=$(v domstate qemu-zvm-demo 2>&1)
    # "in shutdown": QEMU reported the guest's shutdown and libvirt has
    # not yet reaped it (seen in CI)
    [[ $state == running || $state == "in shutdown" ]] || break
    sleep 1
done
secs=$(( $(date +%s) - start ))
if [[ $state == "shut off" ]] && grep -q '=== demo done' "$tmp/console.log"; then
    ok "the guest ran the demo and powered off: domain shut off after ${secs} s"
else not_ok "the guest ran the demo and powered off" "state '$state' after ${secs} s" \
    "$(v domstate --reason qemu-zvm-demo 2>&1)" "$(tail -n 8 "$tmp/console.log" 2>/dev/null)" \
    "$(tail -n 5 /var/log/libvirt/qemu/qemu-zvm-demo.log 2>/dev/null)"; fi
# the command line libvirt logged, one argument a line: joined
cmdline=$(sed -e ':a' -e 'N' -e '$!ba' -e 's/ \\\n/ /g' /var/log/libvirt/qemu/qemu-zvm-demo.log 2>/dev/null |
          grep -m1 -- '-machine')
if [[ $cmdline == *"$qemu_zvm"* && $cmdline == *"-machine zvm=on,standby-mem=1G"* ]]; then
    ok "libvirt ran $qemu_zvm with $(grep -o -- '-machine s390-ccw-virtio[^ ]*' <<<"$cmdline") plus our -machine options"
else not_ok "libvirt ran the installed binary with our -machine options" "${cmdline:0:400}"; fi
tr -d '\r' <"$tmp/console.log" >"$tmp/out"
grep -q 'VM00 Control Program: z/VM' "$tmp/out" && ok "/proc/sysinfo: z/VM" ||
    not_ok "/proc/sysinfo: z/VM" "$(grep -m3 'VM00\|Manufacturer' "$tmp/out")"
grep -q 'Hello from DEMO' "$tmp/out" && ok "segment DEMO loaded and read (dcssblk)" ||
    not_ok "segment DEMO loaded and read" "$(grep -m3 -i 'dcss\|extmem' "$tmp/out")"
grep -Eq '^Total online memory: +2G$' "$tmp/out" && ok "standby storage onlined: 2G online" ||
    not_ok "standby storage onlined: 2G online" "$(grep -E '^Total' "$tmp/out")"
v undefine qemu-zvm-demo >/dev/null 2>&1

done_testing
