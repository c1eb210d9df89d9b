#!/usr/bin/env bash
# check.sh: run every qemu-zvm test through the top-level meson.build,
# print the guest asset versions and meson's summary.
# usage: check.sh [meson test arguments, e.g. a test name or --suite zvm]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
zbuild=$build/zvm
assets=${ZVM_ASSETS:-$build/assets}
meson=(/usr/bin/python3 -m mesonbuild.mesonmain)

if [[ ! -e $zbuild/build.ninja ]]; then
    "${meson[@]}" setup "$zbuild" "$top" -Dqemu_build="$build/qemu-build" \
        -Dassets="$assets" >/dev/null
else
    "${meson[@]}" configure "$zbuild" -Dqemu_build="$build/qemu-build" \
        -Dassets="$assets" >/dev/null
fi

echo "== guest assets (Debian s390x packages; tests/guest/assets.lock)"
sed 's/^/   /' "$assets/manifest"
echo "== $("$build/qemu-build/qemu-system-s390x" --version | head -n 1)"
"${meson[@]}" test -C "$zbuild" --print-errorlogs --num-processes "$(nproc)" "$@"
