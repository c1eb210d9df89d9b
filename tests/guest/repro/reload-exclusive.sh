# Switching a loaded segment to exclusive-writable (dcssblk shared=0):
# segment_modify_shared() purges and reloads nonshared at the same
# address; the private copy is writable, the shared image unchanged.
# segment: RELOAD 40000-400FF SR
# expect: loaded
. /lib.sh
load_module dcssblk
echo RELOAD >/sys/devices/dcssblk/add || fail add "not loaded"
echo 0 >/sys/devices/dcssblk/RELOAD/shared &&
    printf 'PRIVATE' | dd of=/dev/dcssblk0 bs=4096 conv=sync,notrunc,fsync 2>/dev/null &&
    [ "$(head -c 7 /dev/dcssblk0)" = PRIVATE ] && value verdict loaded || value verdict refused
dmesg | grep -E 'extmem|dcssblk'
