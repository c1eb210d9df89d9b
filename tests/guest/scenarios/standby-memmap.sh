# Standby storage with memmap-on-memory: the struct pages of a hot-added
# block placed in the block itself. 7.x has a per-block switch
# (/sys/firmware/memory/memoryN/memmap_on_memory, set before config=1;
# EBUSY while the block is configured); 6.9 - 6.x use it when booted with
# memory_hotplug.memmap_on_memory=1, but only on a CPU with EDAT-1
# (sclp_cmd.c: cpu_has_edat1()). The scenario onlines the first standby
# block twice and reports how much MemTotal grew; the harness decides.
. /lib.sh

memtotal_kib() { awk '/^MemTotal/ { print $2 }' /proc/meminfo; }
state() { cat /sys/devices/system/memory/memory$b/state; }

block_mib=$(( 0x$(cat /sys/devices/system/memory/block_size_bytes) / 1048576 ))
b=$(( $(lsmem_mib online) / block_mib ))
value block-kib $(( block_mib * 1024 ))
if grep -q '^features.* edat' /proc/cpuinfo; then value edat1 1; else value edat1 0; fi
value memmap-param "$(cat /sys/module/memory_hotplug/parameters/memmap_on_memory 2>/dev/null || echo none)"
before=$(memtotal_kib)

f=/sys/firmware/memory/memory$b
if [ -d /sys/firmware/memory ]; then
    value firmware-memory 1
    echo offline >/sys/devices/system/memory/auto_online_blocks
    check memmap-switch sh -c "echo 1 >$f/memmap_on_memory"
    check configure sh -c "echo 1 >$f/config"
    value memmap-switch-state "$(cat $f/memmap_on_memory)"
    echo 0 >$f/memmap_on_memory 2>/tmp/err
    value switch-while-configured-exit $?
    value switch-while-configured-error "$(sed 's/.*: //' /tmp/err)"
else
    value firmware-memory 0
fi

for round in 1 2; do
    check online-$round chmem -e -z Movable -b $b
    value growth-$round-kib $(( $(memtotal_kib) - before ))
    value lsmem-$round "$(lsmem -a -n -o BLOCK,STATE,ZONES | awk -v b=$b '$1 == b')"
    check offline-$round chmem -d -b $b
    value back-$round-kib $(( $(memtotal_kib) - before ))
done
if [ -d /sys/firmware/memory ]; then
    check deconfigure sh -c "echo 0 >$f/config"
fi
echo "ZVM-MARK: done"
exit ${ZVM_FAILED:-0}
