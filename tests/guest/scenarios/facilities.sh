# The z/VM facilities a stock kernel uses, each as its users use it:
# CMM (cmm_pages), the diag288 watchdog, hypfs, appldata, monwriter,
# monreader (*MONITOR), *MSG and the other IUCV users; the harness
# checks the host side at each mark and that the power off at the end
# ends QEMU. "facilities=light" on the kernel
# command line leaves out the CMM part (memory fills, the slow part);
# "facilities.end=halt" or "=reboot" ends with halt -f or reboot -f
# instead of /init's poweroff -f.
. /lib.sh

# mark NAME: the harness acts on it (host RSS, QOM); give it time to
mark() { echo "ZVM-MARK: $1"; sleep 2; }
# wait_value FILE WANT SECONDS: until FILE reads WANT
wait_value() {
    local i=0
    while [ "$(cat "$1")" != "$2" ] && [ $i -lt $(($3 * 10)) ]; do
        sleep 0.1
        i=$((i + 1))
    done
    [ "$(cat "$1")" = "$2" ]
}
light=
grep -q 'facilities=light' /proc/cmdline && light=1

echo "--- console"
# the z/VM console is a 3215 QEMU does not have: none, and no hang
dmesg | grep -i 'ccw console' || true

if [ -z "$light" ]; then
    echo "--- cmm (DIAGNOSE X'10')"
    # touch most free memory, so that CMM takes pages the host holds
    fill=$(awk '/^MemFree:/ { print int($2 / 1024 * 9 / 10) }' /proc/meminfo)
    value cmm-fill-mib "$fill"
    check cmm-touch memfill "$fill"
    mark cmm-touched
    echo 16384 >/proc/sys/vm/cmm_pages
    check cmm-take wait_value /proc/sys/vm/cmm_pages 16384 120
    value cmm-pages "$(cat /proc/sys/vm/cmm_pages)"
    mark cmm-held
    echo 0 >/proc/sys/vm/cmm_pages
    check cmm-give-back wait_value /proc/sys/vm/cmm_pages 0 120
    # the pages given back are usable (and read as what is written)
    check cmm-reuse memfill "$fill"
fi

echo "--- watchdog (DIAGNOSE X'288')"
check wdt-module load_module diag288_wdt
dmesg | grep -i 'watchdog' || true
dmesg | grep -q 'watchdog cannot be' && fail wdt-init "$(dmesg | grep -i 'watchdog cannot')"
check wdt-device test -c /dev/watchdog
# open (INIT), a keepalive, the magic close 'V' (CANCEL)
check wdt-cycle sh -c "printf 'xV' >/dev/watchdog"

echo "--- hypfs (DIAGNOSE X'204', X'2FC', X'0C')"
mkdir -p /hypfs
check hypfs-mount mount -t s390_hypfs none /hypfs
value hypfs-type "$(cat /hypfs/hyp/type)"
value hypfs-systems "$(ls /hypfs/systems | tr '\n' ' ')"
g=$(ls /hypfs/systems | head -n 1)
value hypfs-vcpus "$(cat /hypfs/systems/$g/cpus/count)"
value hypfs-max-kib "$(cat /hypfs/systems/$g/mem/max_KiB)"
t0=$(cat /hypfs/systems/$g/cpus/cputime_us)
o0=$(cat /hypfs/systems/$g/onlinetime_us)
i=0
while [ $i -lt 20000 ]; do i=$((i + 1)); done
sleep 1
check hypfs-update sh -c "echo 1 >/hypfs/update"
t1=$(cat /hypfs/systems/$g/cpus/cputime_us)
o1=$(cat /hypfs/systems/$g/onlinetime_us)
echo "cputime_us $t0 -> $t1, onlinetime_us $o0 -> $o1"
check hypfs-cputime-grows test "$t1" -gt "$t0"
check hypfs-onlinetime-grows test "$o1" -gt "$o0"
check hypfs-umount umount /hypfs
# what hyptop reads: DIAGNOSE X'0C' on every CPU
check hypfs-diag0c sh -c "cat /sys/kernel/debug/s390_hypfs/diag_0c >/dev/null"

echo "--- appldata (DIAGNOSE X'DC')"
for m in appldata_mem appldata_os appldata_net_sum; do
    check "$m-module" load_module $m
done
echo 1000 >/proc/sys/appldata/interval
echo 1 >/proc/sys/appldata/timer
for f in mem os net_sum; do
    check "appldata-$f-on" sh -c "echo 1 >/proc/sys/appldata/$f"
done
value appldata-on "$(cat /proc/sys/appldata/mem /proc/sys/appldata/os /proc/sys/appldata/net_sum | tr -d '\n')"
mark appldata-on
for f in mem os net_sum; do
    check "appldata-$f-off" sh -c "echo 0 >/proc/sys/appldata/$f"
done
echo 0 >/proc/sys/appldata/timer
mark appldata-off

echo "--- monwriter (DIAGNOSE X'DC')"
check monwriter-module load_module monwriter
# struct monwrite_hdr: function, applid, record, version, release,
# mod level, data length, header length (13); then the data
exec 3>/dev/monwriter
printf '\000\000\001\007\000\001\000\000\000\000\000\020\015SAMPLE-DATA-0001' >&3 &&
    pass monwriter-start || fail monwriter-start "write failed"
mark monwriter-started
printf '\002\000\001\010\000\001\000\000\000\000\000\017\015EVENT-DATA-0002' >&3 &&
    pass monwriter-event || fail monwriter-event "write failed"
exec 3>&-
mark monwriter-closed

echo "--- IUCV users"
for m in netiucv af_iucv smsgiucv_app vmlogrdr vmur dasd_diag_mod; do
    if load_module $m; then pass "module-$m"; else echo "($m: not loaded)"; fi
done
# system services this guest may not use: refused at once, never a hang
timeout 20 cat /dev/logrec >/dev/null 2>&1
value logrec-exit "$?"
# a peer that does not exist: the connection fails
if [ -w /sys/bus/iucv/drivers/netiucv/connection ]; then
    echo NOSUCHID >/sys/bus/iucv/drivers/netiucv/connection
    ip link set iucv0 up 2>/dev/null
    sleep 1
fi
dmesg | grep -iE 'iucv|netiucv|monreader|vmlogrdr|vmur' || true

echo "--- *MONITOR (IUCV): monreader reads what appldata and monwriter wrote"
# monreader loads the monitor segment MONDCSS (SC) with the module and
# connects to *MONITOR on open; the harness set a 1 s sample interval
check monreader-module load_module monreader
exec 4</dev/monreader && pass monreader-open || fail monreader-open "open failed"
# monwriter: a sample buffer (record 10) and an event (record 9), applid 1
exec 3>/dev/monwriter
printf '\000\000\001\012\000\001\000\000\000\000\000\023\015MONREADER-SAMPLE-04' >&3
printf '\002\000\001\011\000\001\000\000\000\000\000\022\015MONREADER-EVENT-03' >&3
echo 1 >/proc/sys/appldata/timer
echo 1 >/proc/sys/appldata/mem
# one data set a read loop: MCE, records, then a read of 0 bytes
i=0
while [ $i -lt 6 ]; do
    timeout 15 dd bs=65536 <&4 >/tmp/mon.$i 2>/dev/null || break
    i=$((i + 1))
done
value monreader-sets "$i"
echo 0 >/proc/sys/appldata/mem
echo 0 >/proc/sys/appldata/timer
exec 3>&-
exec 4<&-
# each set: 12-byte MCE (type, domains, first and last address), then
# records: MRHDR (length, domain, record, TOD), user ID, product ID, data
for f in /tmp/mon.*; do od -An -v -tu1 "$f"; done | awk '
function u16(o) { return b[o] * 256 + b[o + 1] }
function u32(o) { return u16(o) * 65536 + u16(o + 2) }
function hex(o, l,   s, k) { s = ""; for (k = 0; k < l; k++) s = s sprintf("%02x", b[o + k]); return s }
{ for (i = 1; i <= NF; i++) b[n++] = $i }
END {
    p = 0
    while (p + 12 <= n) {
        t = b[p] == 226 ? "S" : b[p] == 197 ? "E" : "?"
        len = u32(p + 8) - u32(p + 4) + 1
        printf "MONMCE %s domains=%02x%02x length=%d\n", t, b[p + 1], b[p + 2], len
        p += 12
        for (q = p; q + 44 <= p + len && q + 44 <= n; q += u16(q)) {
            if (u16(q) < 44) break
            prod = hex(q + 28, 16); d = q + 44; dl = u16(q) - 44
            printf "MONREC %s domain=%d record=%d user=%s product=%s length=%d\n", t, b[q + 4], u16(q + 6), hex(q + 20, 8), prod, dl
            printf "MONDATA %s\n", hex(d, dl < 40 ? dl : 40)
            if (substr(prod, 1, 14) == "d3c9d5e4e7d2d9" && b[q + 37] == 1)
                printf "MONMEM sync=%d totalram=%d\n", u32(d + 8) == u32(d + 12), u32(d + 56) * 4294967296 + u32(d + 60)
        }
        p += len
    }
}'
value meminfo-total "$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
dmesg | grep -i 'monreader\|MONITOR' || true

echo "--- *MSG (IUCV): special messages"
# smsgiucv (built in) connected to *MSG at boot and set SMSG IUCV; CMM
# takes its commands from VMRMSVM: the harness sends them at the marks
check smsg-iucv-bus test -d /sys/bus/iucv/drivers/SMSGIUCV
mark smsg-shrink
check smsg-cmm-shrink wait_value /proc/sys/vm/cmm_pages 256 60
value smsg-cmm-pages "$(cat /proc/sys/vm/cmm_pages)"
mark smsg-shrink-0
check smsg-cmm-shrink-0 wait_value /proc/sys/vm/cmm_pages 0 60

echo "--- kernel log"
dmesg | grep -E 'Oops|BUG|WARNING|Call Trace' && fail dmesg-clean "kernel trouble" || pass dmesg-clean
end=$(sed -n 's/.*facilities\.end=\([a-z]*\).*/\1/p' /proc/cmdline)
if [ -n "$end" ]; then
    echo "ZVM-SCENARIO-END rc=${ZVM_FAILED:-0}"
    sync
    $end -f
fi
exit ${ZVM_FAILED:-0}
