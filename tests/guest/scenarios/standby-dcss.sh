# A saved segment (GSTB, 0x30000000-0x300FFFFF) inside standby storage
# (boot 512 MiB, standby 512 MiB at 0x20000000). 6.x adds all standby
# memory at boot, so its own resource check refuses the segment; 7.x
# adds it only when configured, so the load reaches DIAGNOSE X'64' and
# qemu-zvm refuses it (standby storage is guest storage, rc 252). On
# 7.x the block then configures; once configured, the kernel refuses
# the segment itself.
. /lib.sh

seg_add() {
    echo GSTB >/sys/devices/dcssblk/add 2>/tmp/err
    echo "ZVM-VALUE: $1-exit=$?"
    echo "ZVM-VALUE: $1-error=$(sed 's/.*: //' /tmp/err)"
}
block_mib=$(( 0x$(cat /sys/devices/system/memory/block_size_bytes) / 1048576 ))
b=$(( 0x30000000 / 1048576 / block_mib ))

if [ -d /sys/firmware/memory ]; then value firmware-memory 1; else value firmware-memory 0; fi
load_module dcssblk || fail dcssblk-module "modprobe failed"
grep -i 'system ram' /proc/iomem
seg_add before
dmesg | grep -E 'extmem|dcssblk' | sed 's/^\[[^]]*\] //'
if [ -d /sys/firmware/memory ]; then
    echo offline >/sys/devices/system/memory/auto_online_blocks
    check configure-block sh -c "echo 1 >/sys/firmware/memory/memory$b/config"
    seg_add configured
    dmesg | grep -E 'extmem|dcssblk' | sed 's/^\[[^]]*\] //'
fi
exit ${ZVM_FAILED:-0}
