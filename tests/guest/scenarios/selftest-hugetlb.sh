# The kernel's own hugetlb selftests (tools/testing/selftests/mm of the
# kernel source 'make kernel' fetches, built statically by
# tests/selftests/hugetlb-test.sh) on 1 MiB huge pages, which need the
# EDAT-1 of qemu-zvm's -cpu max. The kernel's run_vmtests.sh -t hugetlb
# runs them; each test's exit code is its verdict there (0 pass, 4 skip,
# else fail), which it prints as TAP lines for the host. The 256 huge
# pages it wants are reserved first: it grows the pool itself, but
# shrinks it back to the size it found before thuge-gen runs.
. /lib.sh

meminfo() { sed -n "s/^$1: *\([0-9]*\).*/\1/p" /proc/meminfo; }

value hugepagesize-kib "$(meminfo Hugepagesize)"
echo 256 >/proc/sys/vm/nr_hugepages
value hugepages-total "$(meminfo HugePages_Total)"
cd /selftests/mm || exit 1
echo "ZVM-MARK: selftest-start"
bash ./run_vmtests.sh -t hugetlb
value selftest-rc $?
value hugepages-free-after "$(meminfo HugePages_Free)"
