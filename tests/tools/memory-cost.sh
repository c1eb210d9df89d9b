#!/usr/bin/env bash
# memory-cost.sh: what the z/VM personality and standby storage cost a
# guest and the host, measured in one run ('make bench'). Boots the
# Debian trixie kernel (SUITE=) with 1 GiB four times -- personality off
# and on, each without and with 1 GiB of standby storage -- and prints
# the guest's MemFree and the kernel's reserved memory at /init, and
# QEMU's peak RSS, with the differences to the plain machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/scenario.sh" <<'SCEN'
. /lib.sh
value memfree-kib "$(awk '/^MemFree/ { print $2 }' /proc/meminfo)"
value pagetables-kib "$(awk '/^PageTables/ { print $2 }' /proc/meminfo)"
value cma-kib "$(awk '/^CmaTotal/ { print $2 }' /proc/meminfo)"
value reserved-kib "$(dmesg | sed -n 's/.* \([0-9]*\)K reserved.*/\1/p')"
SCEN

printf '%-28s %12s %12s %12s %8s %14s\n' "machine (-m 1024)" "MemFree kB" \
    "reserved kB" "PageTables" "CMA kB" "QEMU peak MiB"
base_free= base_rss=
for m in zvm=off zvm=on zvm=off,standby-mem=1G zvm=on,standby-mem=1G; do
    out=$(MEM=1024 MACHINE_OPTS=$m /usr/bin/time -f 'peak-rss-kib=%M' \
          "$top/scripts/run-guest.sh" "$tmp/scenario.sh" 2>&1)
    get() { echo "$out" | sed -n "s/^\(ZVM-VALUE: \)\?$1=//p" | tr -d '\r' | head -n 1; }
    free=$(get memfree-kib) rss=$(( $(get peak-rss-kib) / 1024 ))
    [[ -n $base_free ]] || base_free=$free base_rss=$rss
    printf '%-28s %12s %12s %12s %8s %8s (%+d)\n' "$m" \
        "$free ($(( free - base_free )))" "$(get reserved-kib)" \
        "$(get pagetables-kib)" "$(get cma-kib)" "$rss" $(( rss - base_rss ))
done
