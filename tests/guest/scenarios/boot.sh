# Boot scenario: the guest reached /init; report what it sees of the
# machine so the qtest can compare it with the QEMU command line.
. /lib.sh

check init-reached test -e /proc/self
echo "--- /proc/sysinfo"
cat /proc/sysinfo
echo "--- /proc/meminfo"
head -n 3 /proc/meminfo

cpus=$(sed -n 's/^CPUs Configured: *//p' /proc/sysinfo)
value cpus-configured "$cpus"
value control-program "$(sed -n 's/^VM00 Control Program: *//p' /proc/sysinfo)"
value memtotal-kib "$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
# the kernel's 1:1 mapping in 1 MiB frames (EDAT-1), kB
value directmap-1m-kib "$(sed -n 's/^DirectMap1M: *\([0-9]*\) kB/\1/p' /proc/meminfo)"

# The memory block devices cover exactly the online storage.
bs=$(( 0x$(cat /sys/devices/system/memory/block_size_bytes) ))
online=0
for b in /sys/devices/system/memory/memory*; do
    [ "$(cat "$b/state")" = online ] && online=$((online + bs))
done
value memory-block-bytes "$bs"
value memory-online-bytes "$online"
check cpus-online test "$(cat /sys/devices/system/cpu/online)" != ""
exit ${ZVM_FAILED:-0}
