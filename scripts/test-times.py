#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""test-times.py [TESTLOG.json]: where a meson test run's time went.

Reads meson's JSON test log (default build/zvm/meson-logs/testlog.json,
what `make check` leaves) and prints an rST table: each test's duration,
its share of the summed durations, and the run's wall time (first start
to last end), the longest first. Tests run in parallel, so the shares
add up to the CPU-side cost, not to the wall time.
"""
import json
import os
import sys


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = (sys.argv[1] if len(sys.argv) > 1 else
            os.path.join(top, "build", "zvm", "meson-logs", "testlog.json"))
    tests = []
    with open(path) as f:
        for line in f:
            if line.strip():
                tests.append(json.loads(line))
    if not tests:
        sys.exit(f"test-times: no tests in {path}")
    total = sum(t["duration"] for t in tests)
    start = min(t["starttime"] for t in tests)
    end = max(t["starttime"] + t["duration"] for t in tests)
    name_w = max(len(t["name"]) for t in tests)
    rule = "=" * name_w + "  ========  =====  ======"
    print(rule)
    print("test".ljust(name_w) + "  seconds   share  result")
    print(rule)
    for t in sorted(tests, key=lambda t: -t["duration"]):
        print(f"{t['name'].ljust(name_w)}  {t['duration']:8.1f}  "
              f"{100 * t['duration'] / total:4.1f}%  {t['result']}")
    print(rule)
    print(f"{len(tests)} tests: {total:.0f} s summed, {end - start:.0f} s "
          f"wall from the first start to the last end")


if __name__ == "__main__":
    main()
