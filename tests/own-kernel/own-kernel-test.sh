#!/usr/bin/env bash
# own-kernel-test.sh: the own-kernel path of 'make check KERNEL=...'
# (scripts/check.sh, scripts/zvm-kernel) run for real, with Debian's
# trixie kernel given as if it were a kernel developer's build: its
# modules as a build tree (modules.dep generated), a configuration with
# DCSSBLK off, a kernel that does not boot, an image with an embedded
# configuration. TAP on stdout.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top/build}
assets=${ZVM_ASSETS:-$build/assets}
kdir=$assets/kernels/trixie
zk=$top/scripts/zvm-kernel
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
check() {  # check NAME COMMAND...
    local name=$1
    shift
    if "$@"; then ok "$name"; else not_ok "$name" "'$*' failed"; fi
}
# run_check NAME VAR=VALUE...: scripts/check.sh with an own kernel, its
# output in $tmp/NAME.log and its exit status in $rc
run_check() {
    local name=$1
    shift
    env "$@" KERNEL_NAME="$name" ZVM_LOGBASE="own-$name" \
        BUILD="$build" ZVM_ASSETS="$assets" \
        "$top/scripts/check.sh" --num-processes 1 >"$tmp/$name.log" 2>&1
    rc=$?
    sed 's/^/# /' "$tmp/$name.log" | grep -E '^# (==|   |ok |not ok )' | head -n 60
}

[[ -e $kdir/vmlinuz ]] || { echo "1..0 # SKIP no trixie kernel (make assets)"; exit 1; }
rel=$(cat "$kdir/release")
config=$kdir/root/boot/config-$rel

# 1. a modules_install tree: taken as it is
"$zk" prepare --kernel "$kdir/vmlinuz" --modules "$kdir/root" \
    --out "$tmp/k1" >"$tmp/p1.log" 2>&1
check "install tree: release, configuration and modules found" \
    grep -q "own kernel $rel (release from the modules tree)" "$tmp/p1.log"
check "install tree: modules.dep used in place" \
    test "$(readlink -f "$tmp/k1/modules")" = "$(readlink -f "$kdir/modules")"

# 1b. a distribution's modules package unpacked (as Debian sid's
# linux-modules-7.x: lib/modules/RELEASE/kernel/..., neither modules.order
# nor modules.dep): modules.dep generated
mkdir -p "$tmp/pkg/usr/lib/modules/$rel"
cp -rs "$(readlink -f "$kdir/modules")/kernel" "$tmp/pkg/usr/lib/modules/$rel/"
"$zk" prepare --kernel "$kdir/vmlinuz" --modules "$tmp/pkg" \
    --out "$tmp/k1b" >"$tmp/p1b.log" 2>&1
check "unpacked modules package: taken, modules.dep generated" \
    grep -q "modules: install tree $tmp/pkg/usr/lib/modules/$rel (modules.dep generated)" "$tmp/p1b.log"
check "... with dcssblk in it" \
    grep -q 'kernel/drivers/s390/block/dcssblk.ko.*:' "$tmp/k1b/modules/modules.dep"

# 2. a kernel build tree: the modules where kbuild leaves them, no
# modules.dep; the release and .config from the tree
bt=$tmp/linux
mkdir -p "$bt/include/config" "$bt/arch/s390/boot" "$bt/drivers/s390/block"
echo "$rel" >"$bt/include/config/kernel.release"
cp "$config" "$bt/.config"
ln -s "$(readlink -f "$kdir/vmlinuz")" "$bt/arch/s390/boot/bzImage"
cp "$kdir/modules/kernel/drivers/s390/block/dcssblk.ko"* "$bt/drivers/s390/block/"
mkdir -p "$bt/drivers/s390/char"
cp "$kdir/modules/kernel/drivers/s390/char/monreader.ko"* "$bt/drivers/s390/char/"
printf 'drivers/s390/char/vmcp.ko\n' >"$bt/modules.builtin"
"$zk" prepare --kernel "$bt/arch/s390/boot/bzImage" --modules "$bt" \
    --out "$tmp/k2" >"$tmp/p2.log" 2>&1
check "build tree: release from include/config/kernel.release" \
    grep -q "own kernel $rel (release from the build tree" "$tmp/p2.log"
check "build tree: .config found" grep -q "config:  $bt/.config" "$tmp/p2.log"
check "build tree: modules.dep generated with dcssblk" \
    grep -q 'kernel/drivers/s390/block/dcssblk.ko.*:' "$tmp/k2/modules/modules.dep"
check "build tree: modules.builtin in install form" \
    grep -qx 'kernel/drivers/s390/char/vmcp.ko' "$tmp/k2/modules/modules.builtin"

# 3. an image with its configuration embedded (IKCONFIG) and no tree
/usr/bin/python3 - "$tmp/ikconfig.img" <<'EOF'
import gzip, lzma, sys
cfg = b'CONFIG_BLK_DEV_INITRD=y\nCONFIG_DCSSBLK=y\n# CONFIG_VMCP is not set\n'
vmlinux = (b'\0' * 5000 + b'Linux version 6.99.0-own (dev@host) #1\0' +
           b'IKCFG_ST' + gzip.compress(cfg) + b'IKCFG_ED' + b'\0' * 5000)
# a raw s390 image: the S390EP mark at 0x10008, where QEMU looks for it
data = (b'\0' * 4096 + lzma.compress(vmlinux)).ljust(0x10008, b'\0')
with open(sys.argv[1], 'wb') as f:
    f.write(data + b'S390EP' + b'\0' * 512)
EOF
"$zk" prepare --kernel "$tmp/ikconfig.img" --out "$tmp/k3" >"$tmp/p3.log" 2>&1
check "image only: release from the banner" \
    grep -q 'own kernel 6.99.0-own (release from the image banner)' "$tmp/p3.log"
check "image only: configuration from IKCONFIG" \
    grep -qx 'CONFIG_DCSSBLK=y' "$tmp/k3/config"
"$zk" check "$tmp/k3" >"$tmp/c3.log"
rc=$?
check "a kernel lacking what every scenario needs: 125 before any boot" \
    test $rc -eq 125
check "... naming the options" grep -q 'lacks what every scenario needs: CONFIG_RD_GZIP, CONFIG_DEVTMPFS' "$tmp/c3.log"

# 4. the real thing: the guest suite's boot and DCSS tests against the
# build tree of 2 (dcssblk from the generated modules.dep)
run_check trixie-tree KERNEL="$bt/arch/s390/boot/bzImage" MODULES="$bt" \
    SCENARIO=/zvm/boot,/zvm/dcss-guest
check "own kernel, boot and dcssblk: exit 0" test $rc -eq 0
check "... TAP of each test case" \
    grep -q '^ok [0-9]* /s390x/zvm/dcss-guest/trixie-tree$' "$tmp/trixie-tree.log"
check "... meson's JUnit file names the test case" \
    grep -q 'dcss-guest/trixie-tree' "$build/zvm/meson-logs/own-trixie-tree.junit.xml"
check "... verdict line" grep -q '^== verdict: 0 (all passed)' "$tmp/trixie-tree.log"

# 5. the same kernel with DCSSBLK off in its configuration
sed 's/^CONFIG_DCSSBLK=.*/# CONFIG_DCSSBLK is not set/' "$config" >"$tmp/nodcss.config"
run_check no-dcssblk KERNEL="$kdir/vmlinuz" MODULES="$kdir/root" \
    CONFIG="$tmp/nodcss.config" SCENARIO=/zvm/boot,/zvm/dcss-guest
check "DCSSBLK off: exit 125" test $rc -eq 125
check "... the DCSS test skipped with the reason" grep -q \
    "SKIP /s390x/zvm/dcss-guest/no-dcssblk: kernel no-dcssblk ($rel) lacks CONFIG_DCSSBLK" \
    "$tmp/no-dcssblk.log"
check "... the boot test still ran and passed" \
    grep -q '^ok [0-9]* /s390x/zvm/boot/no-dcssblk$' "$tmp/no-dcssblk.log"
run_check no-dcssblk-only KERNEL="$kdir/vmlinuz" MODULES="$kdir/root" \
    CONFIG="$tmp/nodcss.config" SCENARIO=/zvm/dcss-guest
check "DCSSBLK off, only the DCSS test selected: 125 from the check" \
    test $rc -eq 125
check "... before any boot" bash -c "! grep -q 'booting own kernel' '$tmp/no-dcssblk-only.log'"

# 6. a kernel that does not boot (a truncated image: its decompressor
# stops the machine) is not a failing test but an untestable commit
head -c 4000000 "$(readlink -f "$kdir/vmlinuz")" >"$tmp/broken.img"
run_check broken KERNEL="$tmp/broken.img" MODULES="$kdir/root" \
    CONFIG="$config" SCENARIO=/zvm/boot
check "a kernel that does not boot: exit 125" test $rc -eq 125
check "... said so" grep -q 'verdict: 125 (the kernel did not boot to the scenario)' \
    "$tmp/broken.log"

# 7. a file that is no s390x kernel (4 KiB of random bytes), with the
# whole suite selected: 125 at once, naming the image, nothing booted
head -c 4096 /dev/urandom >"$tmp/random.img"
t0=$(date +%s)
run_check random KERNEL="$tmp/random.img" MODULES="$kdir/root"
t1=$(date +%s)
check "a file that is no s390x kernel: exit 125 within a minute ($((t1 - t0)) s)" \
    test $rc -eq 125 -a $((t1 - t0)) -lt 60
check "... naming the image" grep -q \
    "KERNEL=$tmp/random.img is not an s390x Linux kernel: neither an s390 ELF file nor an image with the S390EP mark at 0x10008 (4096 bytes)" \
    "$tmp/random.log"
check "... before any boot" bash -c "! grep -q 'booting own kernel' '$tmp/random.log'"

echo "1..$n"
exit $failed
