# Standby storage next to a CMA area: under z/VM, Linux reserves a CMA
# area for vmcp (4 MiB, vmcp_cma=) and 6.1 places it at the top of boot
# storage, so it ends exactly where standby storage begins. 6.1's s390
# memory notifier (s390_cma_check_range) treats an area that ends at a
# block's start as inside the block and refuses to offline it. The
# scenario onlines the first two standby blocks (7.x: configures them
# first), offlines them one by one and reports what the kernel says; the harness decides what is
# expected (kernel parameter dyndbg makes 6.1 print why offlining failed).
. /lib.sh


block_mib=$(( 0x$(cat /sys/devices/system/memory/block_size_bytes) / 1048576 ))
first=$(( $(lsmem_mib online) / block_mib ))
second=$(( first + 1 ))
value standby-start "$(printf '0x%x' $(( first * block_mib * 1048576 )))"
dmesg | grep -E 'cma: Reserved' | sed 's/^\[[^]]*\] //'

if [ -d /sys/firmware/memory ]; then
    # 7.x: standby blocks are only added once configured
    echo offline >/sys/devices/system/memory/auto_online_blocks
    for b in $first $second; do
        echo 1 >/sys/firmware/memory/memory$b/config || fail configure "memory$b"
    done
fi
check chmem-enable chmem -e -z Movable -b $first-$second
# reported as block1 (the first standby block) and block2
i=2
for b in $second $first; do
    if echo offline >/sys/devices/system/memory/memory$b/state; then
        value offline-block$i ok
    else
        value offline-block$i failed
    fi
    value state-block$i "$(cat /sys/devices/system/memory/memory$b/state)"
    i=1
done
dmesg | grep -E 'memory offlining' | sed 's/^\[[^]]*\] //'
lsmem
exit ${ZVM_FAILED:-0}
