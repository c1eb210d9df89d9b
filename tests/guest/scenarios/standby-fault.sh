# SCLP storage commands failing where the kernel did not expect it: the
# harness makes the first ASSIGN STORAGE and the first UNASSIGN STORAGE
# of the first standby increment fail once (zvm-inject-fault, response
# 0x0040). The scenario brings the first standby block online (7.x:
# configures it first), retries, takes it offline (7.x: deconfigures
# it) and reports what the kernel said and did at each step; the harness
# compares that with what QEMU has assigned.
. /lib.sh

# The harness samples QEMU's assigned increments when it sees a mark: the
# guest waits before it changes them again.
mark() { echo "ZVM-MARK: $1"; sleep 2; }

block_mib=$(( 0x$(cat /sys/devices/system/memory/block_size_bytes) / 1048576 ))
b=$(( $(lsmem_mib online) / block_mib ))
m=/sys/devices/system/memory/memory$b
f=/sys/firmware/memory/memory$b
value block-mib $block_mib
if [ -d /sys/firmware/memory ]; then
    value firmware-memory 1
    echo offline >/sys/devices/system/memory/auto_online_blocks
    echo 1 >$f/config 2>/tmp/err
    value first-exit $?
    value first-error "$(sed 's/.*: //' /tmp/err)"
    value first-config "$(cat $f/config)"
    mark failed
    check retry sh -c "echo 1 >$f/config"
    check online chmem -e -z Movable -b $b
else
    value firmware-memory 0
    chmem -e -z Movable -b $b 2>/tmp/err
    value first-exit $?
    value first-error "$(sed 's/.*: //' /tmp/err | head -n 1)"
    value first-state "$(cat $m/state)"
    mark failed
    check retry chmem -e -z Movable -b $b
fi
value online-state "$(cat $m/state)"
mark online
chmem -d -b $b 2>/tmp/err
value offline-exit $?
value offline-state "$(cat $m/state 2>/dev/null || echo removed)"
if [ -d /sys/firmware/memory ]; then
    echo 0 >$f/config 2>/tmp/err
    value deconfig-exit $?
    value deconfig-error "$(sed 's/.*: //' /tmp/err)"
    value deconfig-config "$(cat $f/config)"
fi
mark offline
lsmem
dmesg | grep -iE 'sclp|memory' | grep -viE 'zone|node|Memory:|Freeing' | sed 's/^\[[^]]*\] //' | tail -n 8
exit ${ZVM_FAILED:-0}
