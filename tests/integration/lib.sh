# tests/integration/lib.sh: shared by the integration tests (TAP).
# Sourced; sets top, build, cache, tmp (removed on exit), the TAP helpers
# ok, not_ok, check, bail, done_testing, and qz, a 'make install' of the
# built qemu-zvm (scripts/install.sh) unless ZVM_NO_INSTALL is set (the
# test of the installation itself).
set -uo pipefail
top=${ZVM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BUILD:-$top/build}
cache=${ZVM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/qemu-zvm}
. "$top/scripts/qemu-dirs.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 fails=0
# (no "-" after the number: scripts/zvm-kernel names a case by the word
# that follows it)
ok() { n=$((n + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
check() { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d" "failed: $*"; fi; }
bail() { echo "Bail out! $*"; exit 1; }
# a run without a single test case is a failure, not a skip (1..0)
done_testing() {
    ((n > 0)) || not_ok "no test case ran"
    echo "1..$n"
    [[ $fails == 0 ]]
}

# host_pkgs PKG...: install the host's (Debian's) packages that are missing
host_pkgs() {
    local p need=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || need+=("$p")
    done
    [[ ${#need[@]} == 0 ]] && return 0
    [[ $(id -u) == 0 ]] || bail "missing host packages: ${need[*]} (run as root)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >"$tmp/apt.log" 2>&1 ||
        { apt-get update -q >/dev/null 2>&1 &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >"$tmp/apt.log" 2>&1; } ||
        bail "cannot install ${need[*]}: $(tail -n 1 "$tmp/apt.log")"
}

# amd64_deb PKG SUITE...: a Debian package for this host that its own
# suite may lack: the cached .deb, else the first of SUITEs that serves it
amd64_deb() {
    local pkg=$1 suite f
    shift
    f=$(ls "$cache/debs/${pkg}_"*_{all,amd64}.deb 2>/dev/null | sort -V | tail -n 1)
    for suite in "$@"; do
        [[ -z $f ]] || break
        mkdir -p "$cache/debs"
        "$top/scripts/papt" "$suite" amd64 update >/dev/null 2>&1 || continue
        (cd "$cache/debs" && "$top/scripts/papt" "$suite" amd64 apt-get -q download "$pkg" \
            >/dev/null 2>&1) || continue
        f=$(ls "$cache/debs/${pkg}_"*_{all,amd64}.deb 2>/dev/null | sort -V | tail -n 1)
    done
    [[ -n $f ]] || bail "no suite of $* serves $pkg"
    echo "$f"
}

# selftest_guest TEST NAME KDIR SCENARIO MACHINE_OPTS [mkinitramfs args]:
# boot kernel KDIR (1 GiB) into SCENARIO's initramfs with $tmp/extra.cpio
# appended (the kernel's selftests); the console goes to $tmp/NAME.out
# and build/selftests/TEST-NAME.log, the time in $secs. Returns 1, after
# a not_ok line, when the initramfs cannot be made.
selftest_guest() {
    local test=$1 name=$2 kdir=$3 scenario=$4 opts=$5 start
    shift 5
    "$top/tests/guest/mkinitramfs.sh" -o "$tmp/initrd.gz" -s "$scenario" -k "$kdir" "$@" \
        >"$tmp/mkinitramfs.log" 2>&1 ||
        { not_ok "$test/$name: initramfs" "$(tail -n 2 "$tmp/mkinitramfs.log")"; return 1; }
    # the kernel takes a second archive only on a 4-byte boundary
    cp "$tmp/initrd.gz" "$tmp/initrd" && truncate -s %4 "$tmp/initrd"
    cat "$tmp/extra.cpio" >>"$tmp/initrd"
    start=$(date +%s)
    # --foreground: QEMU stays in the test's process group, which meson
    # kills on its timeout; -k: SIGKILL for a QEMU that does not end on
    # SIGTERM (docs/reliability.rst, the vCPU deadlock)
    SUITE=$name INITRD=$tmp/initrd MEM=1024 MACHINE_OPTS=$opts \
        timeout --foreground -k 30 600 "$top/scripts/run-guest.sh" "$scenario" \
        </dev/null >"$tmp/$name.log" 2>&1
    secs=$(( $(date +%s) - start ))
    tr -d '\r' <"$tmp/$name.log" >"$tmp/$name.out"
    mkdir -p "$build/selftests"
    cp "$tmp/$name.out" "$build/selftests/$test-$name.log"
}

[[ -n ${ZVM_NO_INSTALL:-} ]] && return 0
qz=$tmp/qz
PREFIX=$qz "$top/scripts/install.sh" install >"$tmp/install.log" 2>&1 ||
    bail "make install failed: $(tail -n 3 "$tmp/install.log")"
qemu_zvm=$qz/bin/qemu-zvm-system-s390x
