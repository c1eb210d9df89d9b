# One guest of 'make bench-scale' (scripts/bench-scale.sh): many of these
# run at once on one host.
#   zvmscale=segment  mount the shared read-only ext4 segment SCALE
#                     (dcssblk; -o ro,dax where the kernel takes it)
#   zvmscale=copy     the same files, copied into this guest's initramfs
#                     (/data)
#   zvmscale.hotplug=1  also online and offline a 256 MiB block of
#                     standby storage (chmem)
# Then: run busybox from the files, which reads every file and checks
# it against MD5SUMS; mark "scale-ready" and stay up until the harness
# ends QEMU.
. /lib.sh

arg() { tr ' ' '\n' </proc/cmdline | sed -n "s/^$1=//p"; }
mode=$(arg zvmscale)
A=/sys/devices/dcssblk

if [ "$mode" = segment ]; then
    load_module crc32c_generic 2>/dev/null
    load_module dcssblk
    load_module ext4
    check add sh -c "echo SCALE >$A/add"
    dev=/dev/$(ls $A/SCALE/block/ 2>/dev/null)
    mkdir -p /mnt
    if mount -t ext4 -o ro,dax "$dev" /mnt 2>/dev/null; then
        value mount dax
    else
        check mount mount -t ext4 -o ro "$dev" /mnt
        value mount ro
    fi
    dir=/mnt
else
    dir=/data
fi
cd "$dir" && check read-all "$dir/bin/busybox" md5sum -c -s MD5SUMS
value files "$(wc -l <MD5SUMS)"
cd /

if [ "$(arg zvmscale.hotplug)" = 1 ]; then
    if [ -d /sys/firmware/memory ]; then
        # 7.x: a standby block exists once configured
        echo offline >/sys/devices/system/memory/auto_online_blocks
        for f in /sys/firmware/memory/memory*/config; do
            [ "$(cat "$f")" = 0 ] && echo 1 >"$f"
        done
    fi
    check standby-online chmem -e 256M
    check standby-online-seen [ "$(lsmem_mib offline)" -eq 0 ]
    check standby-offline chmem -d 256M
    check standby-offline-seen [ "$(lsmem_mib offline)" -eq 256 ]
fi
value bad-page-map "$(dmesg | grep -c 'BUG: Bad page map')"
echo "ZVM-MARK: scale-ready failed=${ZVM_FAILED:-0}"
while :; do sleep 3600; done
