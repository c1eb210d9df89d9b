# Standby storage through the guest's own tools: lsmem and chmem
# (util-linux), the memory sysfs and, on 7.x kernels, the configure
# interface /sys/firmware/memory. The harness passes the standby size
# (zvmtest.standby_mib=N) and samples QEMU's RSS at each ZVM-MARK line;
# zvmtest.fill_mib=N (default 3/4 of standby) sets how much memory the
# pattern fills once standby is online (in the movable zone, where user
# memory goes first); zvmtest.sample=0 says the harness does not sample
# host memory (no touching of boot memory, no pause at the marks).
. /lib.sh

arg() { tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p"; }
memtotal_kib() { awk '/^MemTotal/ { print $2 }' /proc/meminfo; }
memfree_mib() { awk '/^MemFree/ { print int($2 / 1024) }' /proc/meminfo; }
sample=$(arg zvmtest.sample)
# let the harness sample host memory use before the guest goes on
mark() { echo "ZVM-MARK: $1"; [ "$sample" = 0 ] || sleep 2; }
stamp() { echo "ZVM-VALUE: t-$1=$(cut -d' ' -f1 /proc/uptime)"; }

standby_mib=$(arg zvmtest.standby_mib)
block_mib=$(( 0x$(cat /sys/devices/system/memory/block_size_bytes) / 1048576 ))
boot_mib=$(lsmem_mib online)
first=$(( boot_mib / block_mib ))
last=$(( first + standby_mib / block_mib - 1 ))
value block-mib "$block_mib"
value boot-mib "$boot_mib"
dmesg | grep -i 'standby memory' | sed 's/^\[[^]]*\] //'
if [ -d /sys/firmware/memory ]; then value firmware-memory 1; else value firmware-memory 0; fi

if [ -d /sys/firmware/memory ]; then
    # 7.x: standby blocks are only added once configured
    n=$(grep -l '^0$' /sys/firmware/memory/memory*/config | wc -l)
    value unconfigured-mib $(( n * block_mib ))
    check lsmem-nothing-offline-before-config [ "$(lsmem_mib offline)" -eq 0 ]
    # Debian's 7.x onlines added memory at once (into the normal zone,
    # where it may not be offlined again): leave that to chmem here
    echo offline >/sys/devices/system/memory/auto_online_blocks
    for b in $(seq $first $last); do
        echo 1 >/sys/firmware/memory/memory$b/config ||
            fail configure "memory$b"
    done
    check configured [ "$(grep -l '^1$' /sys/firmware/memory/memory*/config |
                          wc -l)" -eq $(( last + 1 )) ]
fi
lsmem
value offline-mib "$(lsmem_mib offline)"
check standby-offline [ "$(lsmem_mib offline)" -eq "$standby_mib" ]

fill_mib=$(arg zvmtest.fill_mib)
[ -n "$fill_mib" ] || fill_mib=$(( standby_mib * 3 / 4 ))
# touch free boot memory once: the RSS samples then differ by what
# standby storage costs the host, not by where the kernel put things
[ "$sample" = 0 ] || memfill $(( $(memfree_mib) - 32 )) >/dev/null
boot_kib=$(memtotal_kib)
mark booted
stamp online-start

# online half with chmem, the rest through sysfs; into the movable
# zone, so that the kernel can empty the blocks again to offline them
check chmem-enable chmem -e -z Movable $(( standby_mib / 2 ))M
for b in $(seq $first $last); do
    if [ "$(cat /sys/devices/system/memory/memory$b/state)" = offline ]; then
        echo online_movable >/sys/devices/system/memory/memory$b/state ||
            fail sysfs-online "memory$b"
    fi
done
stamp online-end
mark onlined
lsmem
check all-online [ "$(lsmem_mib offline)" -eq 0 ]
value memtotal-growth-kib $(( $(memtotal_kib) - boot_kib ))
check memtotal-grew [ $(( $(memtotal_kib) - boot_kib )) -eq $(( standby_mib * 1024 )) ]
check pattern memfill $fill_mib
stamp pattern-end
mark online

# offlining migrates what is left in the blocks; pages briefly pinned
# make it fail with EBUSY, and chmem's answer is to try again
tries=1
until chmem -d -b $first-$last; do
    [ $tries -lt 5 ] || break
    tries=$((tries + 1))
    sleep 1
done
value chmem-disable-tries $tries
check chmem-disable [ "$(lsmem_mib offline)" -eq "$standby_mib" ]
lsmem
check standby-offline-again [ "$(lsmem_mib offline)" -eq "$standby_mib" ]
check memtotal-back [ "$(memtotal_kib)" -eq "$boot_kib" ]
if [ -d /sys/firmware/memory ]; then
    for b in $(seq $first $last); do
        echo 0 >/sys/firmware/memory/memory$b/config ||
            fail deconfigure "memory$b"
    done
    check deconfigured [ "$(lsmem_mib offline)" -eq 0 ]
fi
mark offline
exit ${ZVM_FAILED:-0}
