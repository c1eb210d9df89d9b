# The kernel's own memory-hotplug selftest
# (tools/testing/selftests/memory-hotplug/mem-on-off-test.sh, from the
# kernel source 'make kernel' fetches; tests/selftests/) on standby
# storage: its hot-pluggable offline blocks are our standby increments,
# which onlining assigns and offlining unassigns through SCLP. Its exit
# code is the verdict (0 pass, 4 skip, else fail).
. /lib.sh

if [ -d /sys/firmware/memory ]; then
    # 7.x: standby blocks exist once configured; leave them offline
    echo offline >/sys/devices/system/memory/auto_online_blocks
    for f in /sys/firmware/memory/memory*/config; do
        [ "$(cat "$f")" = 0 ] && echo 1 >"$f"
    done
fi
value standby-offline-mib "$(lsmem_mib offline)"
mkdir -p /sbin && ln -sf /bin/busybox /sbin/modprobe
echo "ZVM-MARK: selftest-start"
bash /selftests/mem-on-off-test.sh
value selftest-rc $?
value online-after-mib "$(lsmem_mib online)"
