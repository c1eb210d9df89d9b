# DIAGNOSE X'64' failing where the kernel did not expect it: the harness
# makes the first LOADSHRX of segment GSR fail (zvm-inject-fault) after
# the kernel found the segment with SEGEXT and prepared its mapping. The
# kernel must undo that mapping and leave its storage as it was; the
# retry (the fault is used up) must work.
. /lib.sh

A=/sys/devices/dcssblk
load_module dcssblk
grep -i 'system ram' /proc/iomem >/tmp/ram-before
echo GSR >$A/add 2>/tmp/err
value first-add-exit $?
value first-add-error "$(sed 's/.*: //' /tmp/err)"
value segment-in-iomem "$(grep -c GSR /proc/iomem)"
if grep -i 'system ram' /proc/iomem | cmp -s - /tmp/ram-before; then
    pass ram-unchanged
else
    fail ram-unchanged "System RAM in /proc/iomem changed"
fi
check retry-add sh -c "echo GSR >$A/add"
value iomem-after-retry "$(grep GSR /proc/iomem | sed 's/^ *//')"
for b in $A/GSR/block/*; do d=/dev/${b##*/}; done
value head "$(dd if=$d bs=4096 count=1 2>/dev/null | head -c 16)"
check remove sh -c "echo GSR >$A/remove"
dmesg | grep -E 'extmem|dcssblk' | sed 's/^\[[^]]*\] //'
exit ${ZVM_FAILED:-0}
