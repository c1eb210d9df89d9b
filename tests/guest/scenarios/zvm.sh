# z/VM personality: the guest sees z/VM, and s390-tools' vmcp (the real
# client of /dev/vmcp) gets z/VM-format answers from CP.
. /lib.sh

echo "--- /proc/sysinfo (VM level)"
grep '^VM00' /proc/sysinfo
value control-program "$(sed -n 's/^VM00 Control Program: *//p' /proc/sysinfo)"
value vm-name "$(sed -n 's/^VM00 Name: *//p' /proc/sysinfo)"
echo "--- /proc/service_levels"
cat /proc/service_levels
value service-level "$(sed -n 's/^VM: //p' /proc/service_levels)"

for cmd in "q userid" "q cplevel" "q v stor" "query cpus" "q term"; do
    echo "--- vmcp $cmd"
    out=$(vmcp $cmd 2>&1)
    rc=$?
    echo "$out"
    echo "(exit $rc)"
    [ $rc = 0 ] && pass "vmcp $cmd" || fail "vmcp $cmd" "exit $rc"
done
value vmcp-userid "$(vmcp q userid)"
value vmcp-stor "$(vmcp q v stor)"

echo "--- vmcp nosuchcmd"
out=$(vmcp nosuchcmd 2>&1)
rc=$?
echo "$out"
echo "(exit $rc)"
value vmcp-unknown-exit "$rc"
value vmcp-unknown-out "$(echo "$out" | tr '\n' ' ')"

echo "--- dmesg (z/VM paths)"
dmesg | grep -iE 'z/VM|iucv|vmcp|smsg|conmode' || true
dmesg | grep -iE 'iucv.*fail|error' && fail dmesg-clean "error lines" || pass dmesg-clean
exit ${ZVM_FAILED:-0}
