# The z/VM facilities a stock kernel uses, each as its users use it:
# CMM (cmm_pages), the diag288 watchdog, hypfs, appldata, monwriter and
# the IUCV users; the harness checks the host side at each mark and that
# the power off at the end ends QEMU. "facilities=light" on the kernel
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
for m in netiucv af_iucv smsgiucv_app vmlogrdr vmur monreader dasd_diag_mod; do
    if load_module $m; then pass "module-$m"; else echo "($m: not loaded)"; fi
done
# system services this guest may not use: refused at once, never a hang
timeout 20 cat /dev/logrec >/dev/null 2>&1
value logrec-exit "$?"
timeout 20 cat /dev/monreader >/dev/null 2>&1
value monreader-exit "$?"
# a peer that does not exist: the connection fails
if [ -w /sys/bus/iucv/drivers/netiucv/connection ]; then
    echo NOSUCHID >/sys/bus/iucv/drivers/netiucv/connection
    ip link set iucv0 up 2>/dev/null
    sleep 1
fi
dmesg | grep -iE 'iucv|netiucv|monreader|vmlogrdr|vmur' || true

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
