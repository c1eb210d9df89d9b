#!/usr/bin/python3
"""scale-report.py: the verdict and figure of make bench-scale.

usage: scale-report.py [--goal] RESULTS.tsv [FIGURE.svg]

Reads the table scripts/bench-scale.sh wrote and prints, for the
largest N of each mode: the ratio of what the guests share on the host
to one copy of the segment's pages in memory (goal: at most 1.1), the
memory of the copied-files run against the shared-segment run, and the
failures. With FIGURE (python3-matplotlib), draws host memory in use
against N for both modes. Exit 1 on any failure (a guest not ready, a
failed check), 0 otherwise; the ratio is a finding, printed with its
verdict, and with --goal a missed goal exits 1 too.
"""
import csv
import sys


def main():
    args = sys.argv[1:]
    goal = "--goal" in args
    args = [a for a in args if a != "--goal"]
    rows = list(csv.DictReader(open(args[0]), delimiter="\t"))
    missed = False
    by = {}
    for r in rows:
        by.setdefault(r["mode"], {})[int(r["n"])] = r
    bad = [r for r in rows if int(r["ready"]) != int(r["n"]) or int(r["failed"]) != 0]
    seg, cp = by.get("segment", {}), by.get("copy", {})
    print()
    if seg:
        n = max(seg)
        r = seg[n]
        shared, segment = int(r["shared_mib"]), int(r["segment_mib"])
        ratio = shared / segment if segment else float("inf")
        verdict = "meets" if ratio <= 1.1 else "misses"
        missed = ratio > 1.1
        print(f"bench-scale: N={n} sharing one segment: the guests hold {r['charged_mib']} MiB "
              f"of host memory, {shared} MiB beyond their private memory ({r['private_mib']} MiB) "
              f"and the kernel's ({r['kernel_mib']} MiB) = {ratio:.2f} x one copy of the segment "
              f"pages in memory ({segment} MiB): {verdict} the goal of <= 1.1 "
              f"(system-wide, /proc/meminfo: {r['used_mib']} MiB more in use)")
        for m in sorted(seg):
            if m > 1 and int(seg[m]["segment_mib"]):
                s = seg[m]
                print(f"bench-scale:   N={m:<2} shared/segment {int(s['shared_mib']) / int(s['segment_mib']):.2f}, "
                      f"host memory per guest {int(s['charged_mib']) / m:.0f} MiB")
    if seg and cp:
        common = sorted(set(seg) & set(cp))
        for m in common:
            u_s, u_c = int(seg[m]["charged_mib"]), int(cp[m]["charged_mib"])
            print(f"bench-scale: N={m:<2} copied files / shared segment: {u_c} / {u_s} MiB = "
                  f"{u_c / u_s:.2f}x" if u_s > 0 else f"bench-scale: N={m} copy {u_c} MiB")
    if bad:
        for r in bad:
            print(f"bench-scale: FAILED {r['mode']} N={r['n']}: {r['ready']} of {r['n']} ready, "
                  f"{r['failed']} failed checks")
    else:
        print(f"bench-scale: every guest ready, no failed check ({len(rows)} steps, "
              f"{sum(int(r['n']) for r in rows)} guests)")
    if len(args) > 1:
        plot(by, args[1])
    return 1 if bad or (goal and missed) else 0


def plot(by, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    style = {"segment": ("o-", "one shared segment (dcssblk)"),
             "copy": ("s--", "the files copied into each guest")}
    for mode, rows in sorted(by.items()):
        ns = sorted(rows)
        ax.plot(ns, [int(rows[n]["charged_mib"]) for n in ns], style[mode][0],
                label=f"host memory of the guests: {style[mode][1]}")
        if mode == "segment":
            ax.plot(ns, [int(rows[n]["private_mib"]) + int(rows[n]["kernel_mib"]) for n in ns],
                    ":", color="grey", label="their private memory + kernel (segment run)")
    ns = sorted({n for rows in by.values() for n in rows})
    ax.set_xticks(ns)
    ax.set_xticklabels([str(n) for n in ns])
    ax.set_xlabel("guests (256 MiB each, TCG)")
    ax.set_ylabel("MiB")
    ax.set_title("qemu-zvm: host memory against the number of guests")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    print(f"bench-scale: figure {path}")


if __name__ == "__main__":
    sys.exit(main())
