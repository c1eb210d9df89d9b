# make run: what the guest sees of its machine.
. /lib.sh

echo
echo "=== qemu-zvm demo: Linux $(uname -r) on $(uname -m)"
echo
echo "--- /proc/sysinfo (STSI: machine, LPAR and VM levels)"
grep -E '^(Manufacturer|Type|Model:|LPAR Name|VM00 Name|VM00 Control Program|VM00 CPUs Total)' /proc/sysinfo
echo
echo "--- storage as the kernel sees it (lsmem from util-linux)"
lsmem
echo
echo "--- /proc/iomem"
cat /proc/iomem
echo
grep -E '^(MemTotal|MemFree)' /proc/meminfo
echo
echo "=== demo done"
