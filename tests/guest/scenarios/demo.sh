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
if grep -q 'z/VM' /proc/sysinfo && modprobe dcssblk 2>/dev/null &&
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
echo "--- /proc/iomem"
cat /proc/iomem
echo
grep -E '^(MemTotal|MemFree)' /proc/meminfo
echo
echo "=== demo done"
