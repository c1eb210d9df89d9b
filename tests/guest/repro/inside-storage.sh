# A segment inside the guest's boot storage (256 MiB into 512 MiB): the
# kernel must refuse it before it asks CP ("needs used memory
# resources"; request_resource() against System RAM, -EBUSY).
# segment: INSIDE 10000-100FF SR
# expect: refused
. /lib.sh
load_module dcssblk
echo INSIDE >/sys/devices/dcssblk/add && value verdict loaded || value verdict refused
dmesg | grep -E 'extmem|dcssblk'
