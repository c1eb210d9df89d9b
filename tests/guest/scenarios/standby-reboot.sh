# Standby storage across a reboot: every boot reports what it finds,
# onlines all standby storage and reboots. The harness stops after the
# second boot's report: the reboot (an IPL with clear) must have left
# all standby storage unassigned, so the kernel finds it offline (6.x)
# or unconfigured (7.x) again.
. /lib.sh

arg() { tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p"; }
standby_mib=$(arg zvmtest.standby_mib)
block_mib=$(( 0x$(cat /sys/devices/system/memory/block_size_bytes) / 1048576 ))
boot_mib=$(lsmem_mib online)
first=$(( boot_mib / block_mib ))
last=$(( first + standby_mib / block_mib - 1 ))

echo "ZVM-VALUE: boot-memtotal=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)"
echo "ZVM-VALUE: boot-online-mib=$boot_mib"
if [ -d /sys/firmware/memory ]; then
    n=$(grep -l '^0$' /sys/firmware/memory/memory*/config | wc -l)
    echo "ZVM-VALUE: boot-standby-mib=$(( n * block_mib ))"
    echo offline >/sys/devices/system/memory/auto_online_blocks
    for b in $(seq $first $last); do
        echo 1 >/sys/firmware/memory/memory$b/config
    done
else
    echo "ZVM-VALUE: boot-standby-mib=$(lsmem_mib offline)"
fi
chmem -e -z Movable -b $first-$last
echo "ZVM-VALUE: online-before-reboot-mib=$(lsmem_mib online)"
echo "ZVM-MARK: rebooting"
sync
reboot -f
