#!/usr/bin/python3
"""console.py: drive an interactive guest console on a pseudo-terminal.

usage: console.py TIMEOUT LOG -- COMMAND...  (steps on stdin)

Runs COMMAND on a new pty and reads its output into LOG. The steps are
lines of the form 'expect REGEX' (wait until the output so far matches)
or 'send TEXT' (type TEXT and a newline). Exits 0 when every step was
taken and COMMAND ended by itself with status 0, 1 on a step that timed
out or a failed COMMAND (the log names which), 124 on the overall
TIMEOUT (COMMAND is killed).
"""
import os
import pty
import re
import select
import signal
import sys
import time


def main():
    timeout = float(sys.argv[1])
    log = open(sys.argv[2], "wb")
    cmd = sys.argv[sys.argv.index("--") + 1:]
    steps = [line.rstrip("\n").split(" ", 1) for line in sys.stdin if line.strip()]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    deadline = time.monotonic() + timeout
    seen = b""
    mark = 0                # expectations match after this offset

    def read(until):
        nonlocal seen
        while time.monotonic() < until:
            r, _, _ = select.select([fd], [], [], 0.5)
            if not r:
                continue
            try:
                data = os.read(fd, 4096)
            except OSError:
                return False
            if not data:
                return False
            seen += data
            log.write(data)
            log.flush()
            return True
        return None

    for kind, arg in steps:
        if kind == "send":
            os.write(fd, arg.encode() + b"\r")
            continue
        rx = re.compile(arg.encode())
        while True:
            m = rx.search(seen, mark)
            if m:
                mark = m.end()
                break
            got = read(deadline)
            if got is None:
                os.kill(pid, signal.SIGKILL)
                log.write(b"\n[console.py: timeout waiting for %s]\n" % arg.encode())
                sys.exit(124)
            if got is False:
                log.write(b"\n[console.py: the command ended before %s]\n" % arg.encode())
                os.waitpid(pid, 0)
                sys.exit(1)
    while read(deadline):
        pass
    if time.monotonic() >= deadline:
        os.kill(pid, signal.SIGKILL)
        log.write(b"\n[console.py: timeout waiting for the end]\n")
        sys.exit(124)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    log.write(b"\n[console.py: exit %d]\n" % code)
    sys.exit(0 if code == 0 else 1)


if __name__ == "__main__":
    main()
