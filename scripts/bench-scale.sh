#!/usr/bin/env bash
# bench-scale.sh: many guests on one host sharing one saved segment, as
# z/VM sites share one read-only copy of programs (make bench-scale).
#
#   N=32          the largest number of guests; the run measures 1, 2, 4,
#                 8, ... up to N (64 if N=64)
#   SUITE=trixie  the Debian kernel (KERNEL=/MODULES= an own one, as for
#                 make run)
#   MODES="segment copy"  segment: every guest mounts the same read-only
#                 ext4 segment; copy: the same files in each guest's
#                 initramfs instead
#   READY_TIMEOUT=1800  seconds for all guests of a step to be ready
#   BENCH_SCALE_DIR=DIR  where it works (default build/bench-scale)
#   GOAL=1        exit 1 also when the ratio misses the goal (the test
#                 bench-scale-smoke); FIGURE=0: no figure
#
# Each guest (tests/guest/scenarios/scale.sh, 256 MiB, one CPU, 256 MiB
# of standby storage) runs busybox from the files, reads and checks every
# file, and half of them online and offline their standby block; all stay
# up while the host's memory is measured. The QEMUs run in a memory
# cgroup of their own, which is charged each page they bring into memory
# once, whoever maps it (anonymous memory, page cache, kernel memory):
#   charged  the cgroup's memory.usage_in_bytes: all the guests use
#   private  the sum over the QEMUs of their anonymous memory (guest RAM,
#            TCG's code buffer, QEMU's heap; smaps_rollup Anonymous)
#   kernel   the kernel memory charged to them (page tables, slabs,
#            stacks; memory.kmem.usage_in_bytes)
#   shared   charged - private - kernel: the file pages they map, the
#            segment above all
#   segment  the segment's pages in host memory (fincore of its image)
#   used     the machine's memory in use (MemTotal - MemFree of
#            /proc/meminfo) against the idle machine (page cache dropped,
#            then QEMU, its libraries, the kernel and initramfs read
#            once): the same figure system-wide, which other work on the
#            machine disturbs
# The goal (docs/performance.rst): at the largest N, shared <= 1.1 x
# segment, i.e. the machine holds one copy of the segment for all
# guests. Results: build/bench-scale/results.tsv, the table, the ratios
# and a figure (build/bench-scale/bench-scale.svg).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
. "$top/scripts/qemu-dirs.sh"
qemu=${QEMU:-$qbuild/qemu-system-s390x}
assets=${ZVM_ASSETS:-$build/assets}
nmax=${N:-32}
modes=${MODES:-segment copy}
ready_timeout=${READY_TIMEOUT:-1800}
work=${BENCH_SCALE_DIR:-$build/bench-scale}
[[ $(id -u) == 0 ]] || { echo "bench-scale: needs root (drop_caches)" >&2; exit 1; }
command -v fincore >/dev/null || { echo "bench-scale: no fincore (util-linux)" >&2; exit 1; }

kdir=$assets/kernels/${SUITE:-trixie}
if [[ -n ${KERNEL:-} ]]; then
    kdir=$build/kernels/bench-scale
    "$top/scripts/zvm-kernel" prepare --kernel "$KERNEL" \
        ${MODULES:+--modules "$MODULES"} ${CONFIG:+--config "$CONFIG"} --out "$kdir" >&2
fi
[[ -e $kdir/vmlinuz ]] || { echo "bench-scale: no kernel in $kdir (make assets)" >&2; exit 1; }

# --- the files: busybox and 64 MiB of data, with their MD5SUMS ----------
rm -rf "$work" && mkdir -p "$work/files/bin" "$work/files/data" "$work/logs"
cp "$assets/userland/usr/bin/busybox" "$work/files/bin/busybox"
/usr/bin/python3 - "$work/files/data" <<'EOF'
import random, sys
for i in range(64):
    with open(f"{sys.argv[1]}/f{i:02d}", "wb") as f:
        f.write(random.Random(i).randbytes(1 << 20))
EOF
(cd "$work/files" && find bin data -type f | sort | xargs md5sum >MD5SUMS)
files_mib=$(( $(du -sk --apparent-size "$work/files" | cut -f1) / 1024 ))
ops=$("$top/scripts/mkdcss-fs" "$work/store" SCALE 80000 SR "$work/files")
img=$work/store/SCALE.img

# --- the initramfs: the scenario, and for 'copy' the files in /data ------
"$top/tests/guest/mkinitramfs.sh" -o "$work/initrd-segment.gz" -s scale -k "$kdir" \
    -b /usr/bin/lsmem -b /usr/sbin/chmem \
    -m 'crc32c_generic?' -m 'crc32c?' -m 'dcssblk?' -m 'ext4?' >"$work/mkinitramfs.log" 2>&1 ||
    { tail -n 3 "$work/mkinitramfs.log" >&2; exit 1; }
mkdir -p "$work/copy"
ln -s ../files "$work/copy/data"
(cd "$work/copy" && find -L data | cpio -o -L -H newc --quiet) >"$work/data.cpio"
# the kernel takes a second archive only on a 4-byte boundary
cp "$work/initrd-segment.gz" "$work/initrd-copy" && truncate -s %4 "$work/initrd-copy"
cat "$work/data.cpio" >>"$work/initrd-copy"
rm "$work/data.cpio"

echo "bench-scale: $(uname -n), $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo); $("$qemu" --version | head -n 1)"
echo "bench-scale: kernel $(cat "$kdir/release"); segment SCALE $ops ($files_mib MiB of files: busybox and 64 x 1 MiB)"

meminfo() { awk -v k="$1" '$1 == k ":" { print $2 }' /proc/meminfo; }
kib_used() { echo $(( $(meminfo MemTotal) - $(meminfo MemFree) )); }
cg=/sys/fs/cgroup/memory/qemu-zvm-bench-scale
[[ -d ${cg%/*} ]] || { echo "bench-scale: no memory cgroup (v1) at ${cg%/*}" >&2; exit 1; }
# the idle machine: nothing cached but what every guest reads anyway
settle() {
    sync
    echo 3 >/proc/sys/vm/drop_caches
    cat "$qemu" "$kdir/vmlinuz" "$work/initrd-segment.gz" "$work/initrd-copy" \
        "$(dirname "$qemu")/pc-bios/s390-ccw/s390-ccw.img" >/dev/null 2>&1 || true
    ldd "$qemu" | awk '/=>/ { print $3 }' | xargs cat >/dev/null
    sleep 2
}

results=$work/results.tsv
printf 'mode\tn\tready\tfailed\tstart_s_max\tcharged_mib\tprivate_mib\tkernel_mib\tshared_mib\tsegment_mib\tused_mib\tmount\tbad_page_map\n' >"$results"
pids=()
stop_all() {    # QEMUs that already ended are no error here
    [[ ${#pids[@]} == 0 ]] || { kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null; } || true
    pids=()
}
trap stop_all EXIT

sizes=()
for n in 1 2 4 8 16 32 64; do (( n <= nmax )) && sizes+=("$n"); done
for mode in $modes; do
    initrd=$work/initrd-segment.gz
    [[ $mode == copy ]] && initrd=$work/initrd-copy
    for n in "${sizes[@]}"; do
        settle
        rmdir "$cg" 2>/dev/null || true
        mkdir "$cg"
        used0=$(kib_used)
        start=$(date +%s.%N)
        for i in $(seq 1 "$n"); do
            log=$work/logs/$mode-$n-$i.log
            (echo "$BASHPID" >"$cg/cgroup.procs"
             exec "$qemu" -machine "s390-ccw-virtio,zvm=on,standby-mem=256M,zvm-dcss-store=$work/store" \
                -accel tcg -m 256 -smp 1 -nodefaults -nographic -no-reboot \
                -chardev "file,id=con0,path=$log" -device sclpconsole,chardev=con0 \
                -kernel "$kdir/vmlinuz" -initrd "$initrd" \
                -append "console=ttysclp0 conmode=sclp panic=-1 quiet zvmscale=$mode zvmscale.hotplug=$(( i % 2 ))" \
                >"$log.qemu" 2>&1) &
            pids+=($!)
        done
        # all ready (or ended, or failed), and when each was
        declare -A ready_at=()
        while (( ${#ready_at[@]} < n )); do
            for i in $(seq 1 "$n"); do
                [[ -n ${ready_at[$i]:-} ]] && continue
                log=$work/logs/$mode-$n-$i.log
                if grep -q 'ZVM-MARK: scale-ready\|ZVM-SCENARIO-END\|Kernel panic' "$log" 2>/dev/null ||
                   ! kill -0 "${pids[$((i - 1))]}" 2>/dev/null; then
                    ready_at[$i]=$(date +%s.%N)
                fi
            done
            if (( $(date +%s) - ${start%.*} > ready_timeout )); then
                echo "bench-scale: $mode N=$n: not all ready after $ready_timeout s" >&2
                break
            fi
            sleep 1
        done
        sleep 3
        used=$(( $(kib_used) - used0 ))
        charged=$(( $(cat "$cg/memory.usage_in_bytes") / 1024 ))
        kernel=$(( $(cat "$cg/memory.kmem.usage_in_bytes") / 1024 ))
        private=0
        for p in "${pids[@]}"; do
            kill -0 "$p" 2>/dev/null || continue
            private=$(( private + $(awk '/^Anonymous:/ { print $2 }' "/proc/$p/smaps_rollup") ))
        done
        segment=0
        [[ $mode == segment ]] && segment=$(( $(fincore -b -n -o RES "$img" | tr -d ' ') / 1024 ))
        logs() { cat "$work/logs/$mode-$n-"*.log | tr -d '\r'; }
        ready=$(logs | grep -c 'ZVM-MARK: scale-ready failed=0' || true)
        failed=$(logs | grep -c 'ZVM-FAIL' || true)
        for i in $(seq 1 "$n"); do     # the first guest that did not get ready
            grep -q 'ZVM-MARK: scale-ready failed=0' "$work/logs/$mode-$n-$i.log" 2>/dev/null && continue
            echo "bench-scale: $mode N=$n guest $i not ready:" >&2
            tail -n 5 "$work/logs/$mode-$n-$i.log" "$work/logs/$mode-$n-$i.log.qemu" >&2
            break
        done
        mount=$(logs | sed -n 's/^ZVM-VALUE: mount=//p' | sort | uniq -c |
                awk '{ printf "%s%s:%s", (NR > 1 ? "," : ""), $2, $1 }')
        bpm=$(logs | sed -n 's/^ZVM-VALUE: bad-page-map=//p' |
              awk '{ s += $1 } END { print s + 0 }')
        tmax=$(printf '%s\n' "${ready_at[@]}" | awk -v s="$start" '{ t = $1 - s; if (t > m) m = t } END { print m + 0 }')
        stop_all
        unset ready_at
        printf '%s\t%d\t%d\t%d\t%.0f\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%d\n' "$mode" "$n" "$ready" "$failed" "$tmax" \
            $(( charged / 1024 )) $(( private / 1024 )) $(( kernel / 1024 )) \
            $(( (charged - private - kernel) / 1024 )) $(( segment / 1024 )) $(( used / 1024 )) \
            "${mount:--}" "$bpm" >>"$results"
        rmdir "$cg" 2>/dev/null || true
        tail -n 1 "$results" | awk -F'\t' '{ printf "bench-scale: %-7s N=%-2s ready %s/%s, failed checks %s, last ready after %s s; charged %s MiB = private %s + kernel %s + shared %s (segment in memory %s); machine %s MiB more in use\n", $1, $2, $3, $2, $4, $5, $6, $7, $8, $9, $10, $11 }'
    done
done

echo
column -t -s $'\t' "$results"
report=("$top/tests/tools/scale-report.py")
[[ -n ${GOAL:-} ]] && report+=(--goal)
report+=("$results")
if [[ ${FIGURE:-1} != 0 ]]; then
    /usr/bin/python3 -c 'import matplotlib' 2>/dev/null ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            python3-matplotlib >/dev/null
    report+=("$work/bench-scale.svg")
fi
exec /usr/bin/python3 "${report[@]}"
