# make run: what the guest sees of its machine.
. /lib.sh

echo
echo "=== qemu-zvm demo: Linux $(uname -r) on $(uname -m)"
echo
echo "--- /proc/sysinfo (STSI: machine, LPAR and VM levels)"
grep -E '^(Manufacturer|Type|Model:|LPAR Name|VM00 Name|VM00 Control Program|VM00 CPUs Total)' /proc/sysinfo
echo
if grep -q 'z/VM' /proc/sysinfo; then
    echo "--- CP, through DIAGNOSE X'08' (s390-tools vmcp)"
    for cmd in "q userid" "q cplevel" "q v stor"; do
        echo "# vmcp $cmd"
        vmcp $cmd
    done
    echo
fi
if grep -q 'z/VM' /proc/sysinfo && load_module dcssblk 2>/dev/null &&
   vmcp q nss name DEMO >/dev/null 2>&1; then
    echo "--- a saved segment, through DIAGNOSE X'64' (dcssblk)"
    echo "# vmcp q nss map"
    vmcp q nss map
    echo "# echo DEMO > /sys/devices/dcssblk/add"
    echo DEMO >/sys/devices/dcssblk/add
    dmesg | grep -E 'extmem|dcssblk' | sed 's/^\[[^]]*\] //'
    echo "# head -c 60 /dev/dcssblk0"
    head -c 60 /dev/dcssblk0 | tr -d '\0'
    echo
fi
echo "--- storage as the kernel sees it (lsmem from util-linux)"
lsmem
echo
if [ -d /sys/firmware/memory ]; then
    # 7.x: standby blocks are configured (SCLP ASSIGN) before they exist
    echo offline >/sys/devices/system/memory/auto_online_blocks
    for f in /sys/firmware/memory/memory*/config; do
        [ "$(cat "$f")" = 0 ] && echo "# echo 1 > $f" && echo 1 >"$f"
    done
fi
standby=$(lsmem -b --summary=only | awk '/offline memory/ { print $NF }')
if [ "${standby:-0}" -gt 0 ]; then
    echo "--- standby storage, onlined through SCLP storage increments"
    grep -E '^MemTotal' /proc/meminfo
    echo "# chmem -e -z Movable $((standby / 1048576))M"
    chmem -e -z Movable $((standby / 1048576))M
    lsmem
    grep -E '^MemTotal' /proc/meminfo
    echo
fi
echo "--- /proc/iomem"
cat /proc/iomem
echo
grep -E '^(MemTotal|MemFree)' /proc/meminfo
echo
echo "=== demo done"
