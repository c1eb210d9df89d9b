# A segment just below the 512 GiB DCSS limit, far above a 512 MiB
# guest: the kernel maps it (vmem_add_mapping() within its mappable
# range) and reads it.
# segment: HIGH 7F00000-7F000FF SR
# expect: loaded
. /lib.sh
load_module dcssblk
echo HIGH >/sys/devices/dcssblk/add && value verdict loaded || value verdict refused
dd if=/dev/dcssblk0 of=/dev/null bs=4096 count=256 2>/dev/null || fail read-high "unreadable"
grep DCSS /proc/iomem
dmesg | grep -E 'extmem|dcssblk'
