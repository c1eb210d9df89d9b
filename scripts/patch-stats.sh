#!/usr/bin/env bash
# patch-stats.sh: size of the hook patches qemu-zvm applies to QEMU.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
total_add=0 total_del=0
printf '%-66s %5s %5s\n' patch added removed
for p in "$top"/subprojects/patches/*.patch; do
    add=$(sed -n '/^---$/,$p' "$p" | grep -cE '^\+[^+]|^\+$' || true)
    del=$(sed -n '/^---$/,$p' "$p" | grep -cE '^-[^-]|^-$' || true)
    printf '%-66s %5d %5d\n' "$(basename "$p")" "$add" "$del"
    total_add=$((total_add + add)) total_del=$((total_del + del))
done
printf '%-66s %5d %5d\n' "total ($(ls "$top"/subprojects/patches/*.patch | wc -l) patches)" \
    "$total_add" "$total_del"
