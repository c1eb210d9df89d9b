# Saved segments through dcssblk, as a user drives it: add, read, write,
# save, remove, multi-segment devices, and the overlaps the kernel must
# refuse. Phase 2 (zvmtest=2 on the kernel command line) reads back
# what phase 1 saved, opens monreader, and meets a LOADSHRX that fails
# (fault injection). Segments: see qtest/zvm-dcss-guest-test.c.
. /lib.sh

A=/sys/devices/dcssblk
phase=$(sed -n 's/.*zvmtest=\([0-9]*\).*/\1/p' /proc/cmdline)

add() { echo "$1" >$A/add; }
remove() { echo "$1" >$A/remove; }
dev() {  # the block device of the dcssblk device named $1
    for b in $A/$1/block/*; do echo "/dev/${b##*/}"; done
}
head_of() { dd if="$1" bs=4096 count=1 2>/dev/null | head -c "$2"; }

load_module dcssblk
check dcssblk-module test -d $A

if [ "$phase" = 2 ]; then
    check add-saved add GSV
    value saved-head "$(head_of "$(dev GSV)" 17)"
    remove GSV
    dmesg | grep -E 'extmem|dcssblk'
    # monreader: MONDCSS (SC) with the module, *MONITOR on open
    check monreader-module load_module monreader
    check monreader-device test -c /dev/monreader
    # no guest gives monitor data: the open connects, a read waits
    timeout 3 dd if=/dev/monreader of=/dev/null bs=4096 count=1 2>/tmp/err
    value monreader-exit $?
    dmesg | grep -E 'monreader|MONDCSS' | sed 's/^\[[^]]*\] //'
    grep -q MONDCSS /proc/iomem && value mondcss-mapped yes ||
        value mondcss-mapped no
    # the harness made the first LOADSHRX of GSR fail (zvm-inject-fault)
    # after SEGEXT: the kernel must undo its mapping; the retry works
    grep -i 'system ram' /proc/iomem >/tmp/ram-before
    add GSR 2>/tmp/err
    value fault-add-exit $?
    value fault-add-error "$(sed 's/.*: //' /tmp/err)"
    value fault-in-iomem "$(grep -c GSR /proc/iomem)"
    if grep -i 'system ram' /proc/iomem | cmp -s - /tmp/ram-before; then
        pass fault-ram-unchanged
    else
        fail fault-ram-unchanged "System RAM in /proc/iomem changed"
    fi
    check fault-retry add GSR
    value fault-md5 "$(md5sum <"$(dev GSR)" | cut -d' ' -f1)"
    remove GSR
    dmesg | grep -E 'Loading DCSS GSR' | sed 's/^\[[^]]*\] //'
    exit ${ZVM_FAILED:-0}
fi

echo "--- SR: read-only, shared"
check add-sr add GSR
value sr-seglist "$(cat $A/GSR/seglist)"
value sr-shared "$(cat $A/GSR/shared)"
grep DCSS /proc/iomem
value sr-iomem "$(grep GSR /proc/iomem | sed 's/^ *//')"
value sr-md5 "$(md5sum <"$(dev GSR)" | cut -d' ' -f1)"
d=$(dev GSR)
value sr-ro "$(cat /sys/block/${d#/dev/}/ro)"
dd if=/dev/zero of="$d" bs=4096 count=1 conv=fsync 2>/tmp/err
value sr-write-exit $?
value sr-write-error "$(sed -n 's/.*: //p' /tmp/err | head -n 1)"
cat /tmp/err
check remove-sr remove GSR
check readd-sr add GSR
value sr-md5-again "$(md5sum <"$(dev GSR)" | cut -d' ' -f1)"
remove GSR

echo "--- SW: written in place"
check add-sw add GSW
printf 'ZVM-SW-WRITTEN-BY-GUEST' |
    dd of="$(dev GSW)" bs=4096 conv=sync,notrunc,fsync 2>/dev/null
check sw-write test $? = 0
check remove-sw remove GSW

echo "--- save: exclusive copy, DEFSEG + SAVESEG"
check add-save add GSV
echo 0 >$A/GSV/shared
value sv-shared "$(cat $A/GSV/shared)"
printf 'ZVM-SAVED-CONTENT' |
    dd of="$(dev GSV)" bs=4096 conv=sync,notrunc,fsync 2>/dev/null
check save-write test $? = 0
echo 1 >$A/GSV/save
check save test $? = 0
remove GSV

echo "--- overlaps the kernel must refuse"
add GLOW 2>/tmp/err
value low-exit $?
cat /tmp/err
check add-ov1 add GOV1
add GOV2 2>/tmp/err
value ov2-exit $?
cat /tmp/err
remove GOV1

echo "--- two contiguous EW segments as one device"
check add-multi add GEW1:GEW2
value multi-seglist "$(tr '\n' ' ' <$A/GEW1/seglist)"
d=$(dev GEW1)
value multi-sectors "$(cat /sys/block/${d#/dev/}/size)"
check remove-multi remove GEW1

echo "--- dmesg"
dmesg | grep -E 'extmem|dcssblk'
exit ${ZVM_FAILED:-0}
