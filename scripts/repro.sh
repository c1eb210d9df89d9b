#!/usr/bin/env bash
# repro.sh: run one scenario of the DCSS overlap catalogue
# (tests/guest/repro/NAME.sh) and print the kernel's messages and a
# verdict. Without a NAME, list the catalogue.
#
# usage: repro.sh [NAME]   (SUITE=bookworm|trixie|sid or KERNEL= [MODULES=],
#                           OVERLAP=overlay)
#
# A scenario names its segments ('# segment: NAME PAGES TYPE') and the
# outcome a correct kernel shows ('# expect: loaded|refused').
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/tests/guest/repro
name=${1:-}
if [[ -z $name ]]; then
    echo "DCSS scenarios (make repro SCENARIO=NAME [SUITE=...]):"
    for f in "$dir"/*.sh; do
        printf '  %-22s %s\n' "$(basename "$f" .sh)" "$(sed -n '1s/^# //p' "$f")"
    done
    exit 0
fi
file=$dir/$name.sh
[[ -f $file ]] || { echo "repro: no scenario $name" >&2; exit 2; }

store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT
while read -r _ _ seg ops; do
    "$top/scripts/mkdcss" "$store" "$seg" "$ops" >/dev/null
done < <(grep '^# segment:' "$file")
expect=$(sed -n 's/^# expect: *//p' "$file")

echo "=== scenario $name: $(sed -n '1s/^# //p' "$file")"
out=$(MEM=512 LOAD_MODULES=dcssblk DCSS_STORE=$store APPEND=quiet \
      MACHINE_OPTS="zvm=on${OVERLAP:+,zvm-dcss-overlap=$OVERLAP}" \
      "$top/scripts/run-guest.sh" "$file" 2>&1) || true
echo "$out" | grep -vE '^ZVM-(SCENARIO|VALUE)'
verdict=$(echo "$out" | sed -n 's/^ZVM-VALUE: verdict=//p' | tr -d '\r')
if [[ $verdict == "$expect" ]] && ! echo "$out" | grep -q '^ZVM-FAIL'; then
    echo "=== verdict: $verdict (a correct kernel: $expect) - as expected"
else
    echo "=== verdict: ${verdict:-none} (a correct kernel: $expect) - NOT as expected"
    exit 1
fi
