# Two segments that share megabytes: with the first loaded the kernel
# must refuse the second (segment_overlaps_others(), -EBUSY) without a
# LOAD; the first keeps working.
# segment: OVA 40000-400FF SR
# segment: OVB 40000-401FF SW
# expect: refused
. /lib.sh
load_module dcssblk
echo OVA >/sys/devices/dcssblk/add || fail add-ova "first segment not loaded"
echo OVB >/sys/devices/dcssblk/add && value verdict loaded || value verdict refused
dd if=/dev/dcssblk0 of=/dev/null bs=4096 count=16 2>/dev/null || fail read-ova "OVA unreadable"
dmesg | grep -E 'extmem|dcssblk'
