# READ STORAGE ELEMENT INFO failing at boot: the harness makes one fail
# (zvm-inject-fault, response 0x0040) before the guest's first
# instruction, the decompressor's or the kernel's. The scenario reports
# what memory the kernel then offers and whether boot storage is usable.
. /lib.sh

value block-mib $(( 0x$(cat /sys/devices/system/memory/block_size_bytes) / 1048576 ))
value online-mib "$(lsmem_mib online)"
value offline-mib "$(lsmem_mib offline)"
value offline-blocks "$(grep -l offline /sys/devices/system/memory/memory*/state | wc -l)"
if [ -d /sys/firmware/memory ]; then
    value firmware-memory 1
    value firmware-blocks "$(ls -d /sys/firmware/memory/memory* 2>/dev/null | wc -l)"
else
    value firmware-memory 0
fi
# boot storage is all there and usable
check fill memfill 64
lsmem
exit ${ZVM_FAILED:-0}
