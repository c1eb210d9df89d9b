# Huge pages: 1 MiB on s390, available only on a CPU with EDAT-1
# (hugepages_supported()). Reserve 8 of them, fill them with
# memfill through MAP_HUGETLB and report what /proc/meminfo says.
. /lib.sh

meminfo() { sed -n "s/^$1: *\([0-9]*\).*/\1/p" /proc/meminfo; }

value hugepagesize-kib "$(meminfo Hugepagesize)"
echo 8 >/proc/sys/vm/nr_hugepages 2>/dev/null
value hugepages-total "$(meminfo HugePages_Total)"
check fill memfill 8 huge
value hugepages-free "$(meminfo HugePages_Free)"
exit ${ZVM_FAILED:-0}
