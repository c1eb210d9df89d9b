# Two segments in adjacent megabytes: no overlap, so both load, and as
# one dcssblk device (dcssblk_is_continuous()).
# segment: ADJA 40000-400FF EW
# segment: ADJB 40100-401FF EW
# expect: loaded
. /lib.sh
load_module dcssblk
echo ADJA:ADJB >/sys/devices/dcssblk/add && value verdict loaded || value verdict refused
cat /sys/devices/dcssblk/ADJA/seglist 2>/dev/null
dmesg | grep -E 'extmem|dcssblk'
