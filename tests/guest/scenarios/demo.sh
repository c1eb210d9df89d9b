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
echo "--- storage as the kernel sees it (lsmem from util-linux)"
lsmem
echo
echo "--- /proc/iomem"
cat /proc/iomem
echo
grep -E '^(MemTotal|MemFree)' /proc/meminfo
echo
echo "=== demo done"
