# A filesystem in a saved segment, as z/VM sites share one read-only
# copy of programs among guests: segment GFS (ext4, scripts/mkdcss-fs)
# through dcssblk, mounted read-only, a file read and a program run from
# it; then mounted with -o dax, where the kernel maps the segment's pages
# into the program instead of copying them (kernels differ: see
# docs/dcss.rst). The harness decides what each kernel should show.
. /lib.sh

A=/sys/devices/dcssblk
dev() { for b in $A/$1/block/*; do echo "/dev/${b##*/}"; done; }
add() { echo "$1" >$A/add; }
remove() { echo "$1" >$A/remove; }

# ext4 wants crc32c, a soft dependency: 6.1 and 6.12 have it as a module
load_module crc32c_generic 2>/dev/null
load_module dcssblk
load_module ext4
check add add GFS
d=$(dev GFS)
mkdir -p /mnt
check mount-ro mount -t ext4 -o ro "$d" /mnt
check read-file [ "$(cat /mnt/hello.txt)" = "hello from a saved segment" ]
check run-program [ "$(/mnt/busybox echo ran-from-segment)" = ran-from-segment ]
umount /mnt

echo "ZVM-MARK: dax"
if mount -t ext4 -o ro,dax "$d" /mnt 2>/tmp/err; then
    value dax-mount ok
    value dax-read "$(cat /mnt/hello.txt)"
    value dax-run "$(/mnt/busybox echo ran-from-dax)"
    grep -q ' /mnt .*dax' /proc/mounts && value dax-option yes
    umount /mnt
else
    value dax-mount failed
    value dax-error "$(sed 's/.*: //' /tmp/err)"
fi
dmesg | grep -iE 'dax|ext4|dcssblk' | sed 's/^\[[^]]*\] //'
check remove remove GFS
exit ${ZVM_FAILED:-0}
