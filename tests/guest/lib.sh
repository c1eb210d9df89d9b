# Helpers for scenario scripts: one verdict line per check, parsed by the
# qtests ("ZVM-PASS: name" / "ZVM-FAIL: name: why") and values for the
# harness to compare with the QEMU command line ("ZVM-VALUE: key=value").
pass() { echo "ZVM-PASS: $1"; }
fail() { echo "ZVM-FAIL: $1: $2"; ZVM_FAILED=1; }
value() { echo "ZVM-VALUE: $1=$2"; }
check() {  # check NAME COMMAND...: pass if COMMAND succeeds
    local name=$1
    shift
    if "$@"; then pass "$name"; else fail "$name" "'$*' failed"; fi
}
# load_module NAME: a module of the kernel, unless it is built in
load_module() { [ -d "/sys/module/$1" ] || modprobe "$1"; }
# lsmem_mib online|offline: lsmem's summary of that memory in MiB
lsmem_mib() {
    lsmem -b --summary=only | awk -v w="$1" '$0 ~ "Total " w " memory" {
        print int($NF / 1048576) }'
}
