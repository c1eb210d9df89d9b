# Filesystems in saved segments, as z/VM sites share one read-only copy
# of programs among guests (segments made by scripts/mkdcss-fs):
# 1. GFW (SW, ext4): an exclusive copy mounted read-write, a file
#    written, unmounted and saved (DEFSEG + SAVESEG).
# 2. GFS (SR, ext4 with a file and busybox) through dcssblk, mounted
#    read-only, the file read and busybox run from it; at the mark
#    "sr-mounted" the harness holds this guest and boots a second one
#    (zvmtest=2) that mounts GFS too and reads GFW as saved.
# 3. GFS mounted with -o dax, where the kernel maps the segment's pages
#    into the program instead of copying them (kernels differ: see
#    docs/dcss.rst). The harness decides what each kernel should show.
. /lib.sh

A=/sys/devices/dcssblk
dev() { for b in $A/$1/block/*; do echo "/dev/${b##*/}"; done; }
add() { echo "$1" >$A/add; }
remove() { echo "$1" >$A/remove; }
mount_sr() {
    check add add GFS
    check mount-ro mount -t ext4 -o ro "$(dev GFS)" /mnt
    check read-file [ "$(cat /mnt/hello.txt)" = "hello from a saved segment" ]
    check run-program [ "$(/mnt/busybox echo ran-from-segment)" = ran-from-segment ]
    cat /mnt/busybox >/dev/null
}

# ext4 wants crc32c, a soft dependency: 6.1 and 6.12 have it as a module
load_module crc32c_generic 2>/dev/null
load_module dcssblk
load_module ext4
mkdir -p /mnt

if grep -q 'zvmtest=2' /proc/cmdline; then
    # the second guest, while the first one has GFS mounted
    mount_sr
    echo "ZVM-MARK: sr-mounted"
    umount /mnt
    remove GFS
    check add-saved add GFW
    check mount-saved mount -t ext4 -o ro "$(dev GFW)" /mnt
    value saved-file "$(cat /mnt/written-by-guest.txt)"
    umount /mnt
    check remove-saved remove GFW
    exit ${ZVM_FAILED:-0}
fi

echo "--- a writable filesystem, saved"
check add-sw add GFW
echo 0 >$A/GFW/shared
check mount-rw mount -t ext4 "$(dev GFW)" /mnt
echo "written by the first guest" >/mnt/written-by-guest.txt
check write-file [ "$(cat /mnt/written-by-guest.txt)" = "written by the first guest" ]
check umount-rw umount /mnt
check save sh -c "echo 1 >$A/GFW/save"
check remove-sw remove GFW

echo "--- a shared read-only filesystem"
mount_sr
echo "ZVM-MARK: sr-mounted"
umount /mnt

echo "ZVM-MARK: dax"
if mount -t ext4 -o ro,dax "$(dev GFS)" /mnt 2>/tmp/err; then
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
