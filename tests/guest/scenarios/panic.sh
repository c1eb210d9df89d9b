# A kernel panic (SysRq c) on a guest whose kernel command line says
# vmpanic=CMD: under z/VM the kernel runs CMD through CP as its on_panic
# action; the harness sees what CP did.
. /lib.sh
echo "ZVM-MARK: panicking"
echo c >/proc/sysrq-trigger
