#!/usr/bin/env bash
# install-test.sh: 'make install' as a user meets it (TAP). Installs into
# a temporary PREFIX, runs the installed binary from another directory,
# checks that it takes its firmware from PREFIX (strace), that a copy of
# the PREFIX elsewhere still works (relocatable), boots the demo with it,
# stages a DESTDIR install, and uninstalls to an empty tree.
ZVM_NO_INSTALL=1
. "$(dirname "$0")/../integration/lib.sh"

prefix=$tmp/qz
bin=$prefix/bin/qemu-zvm-system-s390x
version=$(cat "$qsrc/VERSION")

if PREFIX=$prefix "$top/scripts/install.sh" install >"$tmp/install.log" 2>&1; then
    ok "install into $prefix"
else
    not_ok "install into $prefix" "$(tail -n 5 "$tmp/install.log")"
fi
missing=()
while read -r f; do [[ -e $prefix/$f ]] || missing+=("$f"); done < <("$top/scripts/install.sh" list)
if [[ ${#missing[@]} == 0 ]]; then ok "every listed file installed ($("$top/scripts/install.sh" list | wc -l))"
else not_ok "every listed file installed" "missing: ${missing[*]}"; fi

cd /
out=$("$bin" --version 2>&1 | head -n 1)
if [[ $out == "QEMU emulator version $version (qemu-zvm)" ]]; then ok "--version from / says qemu-zvm and QEMU $version"
else not_ok "--version says qemu-zvm and QEMU $version" "got: $out"; fi
out=$("$bin" -machine help 2>&1)
check "-machine help lists s390-ccw-virtio" grep -q '^s390-ccw-virtio ' <<<"$out"
out=$("$bin" -machine s390-ccw-virtio,help 2>&1)
check "-machine s390-ccw-virtio,help lists zvm, standby-mem and zvm-dcss-store" \
    bash -c 'grep -q "^  zvm=" <<<"$1" && grep -q "^  standby-mem=" <<<"$1" && grep -q "^  zvm-dcss-store=" <<<"$1"' _ "$out"

# the firmware is read from PREFIX, nothing from the build tree
fw_open() {     # fw_open BINARY: the s390-ccw.img it opens at machine init
    strace -f -e trace=openat -o "$tmp/strace" "$1" -machine s390-ccw-virtio \
        -accel tcg -nodefaults -display none -S -qmp stdio \
        <<<'{"execute":"qmp_capabilities"} {"execute":"quit"}' >/dev/null 2>&1
    grep -E 's390-ccw\.img' "$tmp/strace" | grep -v ENOENT | sed -E 's/.*openat\([^"]*"([^"]*)".*/\1/' | head -n 1
}
got=$(fw_open "$bin")
if [[ $got == "$prefix/bin/../share/qemu-zvm/s390-ccw.img" || $got == "$prefix/share/qemu-zvm/s390-ccw.img" ]]; then
    ok "firmware from PREFIX/share/qemu-zvm"
else not_ok "firmware from PREFIX/share/qemu-zvm" "opened: ${got:-nothing}"; fi
if grep -F "\"$build/" "$tmp/strace" | grep -v ENOENT | grep -q .; then
    not_ok "opens nothing in the build tree" "$(grep -F "\"$build/" "$tmp/strace" | head -n 3)"
else ok "opens nothing in the build tree"; fi

# relocatable: the same files under another PREFIX
cp -a "$prefix" "$tmp/moved"
got=$(fw_open "$tmp/moved/bin/qemu-zvm-system-s390x")
if [[ $got == "$tmp/moved/"* ]]; then ok "a moved PREFIX finds its own firmware"
else not_ok "a moved PREFIX finds its own firmware" "opened: ${got:-nothing}"; fi
rm -rf "$tmp/moved"

# the demo boots on the installed binary (its firmware from PREFIX, as
# the strace above showed; the build's stays in place for the tests that
# run beside this one)
(cd / && QEMU=$bin "$top/scripts/run-guest.sh" demo) >"$tmp/demo.log" 2>&1
if grep -q "run-guest: QEMU emulator version $version (qemu-zvm)" "$tmp/demo.log" &&
   grep -q 'VM00 Control Program: z/VM' "$tmp/demo.log" &&
   grep -q 'Hello from DEMO' "$tmp/demo.log" && grep -q '=== demo done' "$tmp/demo.log"; then
    ok "the demo boots on the installed binary (z/VM, segment DEMO read)"
else not_ok "the demo boots on the installed binary" "$(tail -n 8 "$tmp/demo.log")"; fi

# the tools and the man page
check "installed mkdcss makes a segment" \
    bash -c '"$1" "$2" TEST "40000-400FF SR" >/dev/null' _ "$prefix/bin/mkdcss" "$tmp/store"
check "segment files written" test -e "$tmp/store/TEST.defseg" -a -e "$tmp/store/TEST.img"
out=$(MANWIDTH=200 man -l "$prefix/share/man/man1/qemu-zvm-system-s390x.1" 2>/dev/null | col -bx | tr -s " ")
check "man page renders NAME and the machine options" \
    bash -c 'grep -q "qemu-zvm-system-s390x - QEMU for s390x" <<<"$1" && grep -q "zvm-dcss-store=DIR" <<<"$1"' _ "$out"

# refused: a relative PREFIX
PREFIX=rel "$top/scripts/install.sh" install >/dev/null 2>&1
rc=$?
check "a relative PREFIX is refused (exit 2, got $rc)" test $rc = 2

# DESTDIR stages PREFIX below it
DESTDIR=$tmp/stage PREFIX=/opt/qemu-zvm "$top/scripts/install.sh" install >/dev/null 2>&1
check "DESTDIR=D PREFIX=/opt/qemu-zvm installs into D/opt/qemu-zvm" \
    test -x "$tmp/stage/opt/qemu-zvm/bin/qemu-zvm-system-s390x" -a \
         -e "$tmp/stage/opt/qemu-zvm/share/qemu-zvm/s390-ccw.img"

# uninstall leaves nothing of ours; a file of someone else's stays
echo keep >"$prefix/bin/other-tool"
PREFIX=$prefix "$top/scripts/install.sh" uninstall >/dev/null 2>&1
left=$(cd "$prefix" && find . -type f ! -name other-tool | sort)
check "uninstall removes every installed file" test -z "$left"
check "uninstall keeps files it did not install" test -e "$prefix/bin/other-tool"
check "uninstall removes share/qemu-zvm and share/doc/qemu-zvm" \
    test ! -e "$prefix/share/qemu-zvm" -a ! -e "$prefix/share/doc/qemu-zvm"

done_testing
