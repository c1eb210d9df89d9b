#!/usr/bin/env python3
# series-layout.py: put qemu-zvm's models, schema, tests and payloads into
# a QEMU tree in QEMU's own layout (scripts/series.sh, docs/upstream.rst).
#
#   series-layout.py TOP QEMU PAYLOADS
#
# TOP: this repository; QEMU: the tree of the series (the registration
# points applied); PAYLOADS: the directory of the cross-built bare-metal
# payloads (driver.elf, diag.elf) of the qemu-zvm build. The overlay's
# directories map to QEMU's: hw/s390x/*.c -> hw/s390x/, its headers ->
# include/hw/s390x/, target-s390x/ -> target/s390x/, qapi/zvm.json ->
# qapi/, the bare-metal qtests -> tests/qtest/ (payload sources and their
# generated header in tests/qtest/s390x-zvm/, as QEMU keeps
# migration/s390x/a-b-bios.h), unit tests -> tests/unit/, scripts/mkdcss
# -> scripts/. Every edit below checks that it found what it edits: a
# change on either side stops the generation instead of going unnoticed.
import os
import re
import shutil
import sys

top, qemu, payloads = sys.argv[1:4]

HW = os.path.join(top, "hw/s390x")
headers = sorted(f for f in os.listdir(HW)
                 if f.endswith(".h") and f != "trace.h")
# zvm-compat.h bridges QEMU 10.0 and 10.1+; a series for one QEMU needs
# none of it: its includes and typedef are written in place, as the QEMU
# of the series has them
headers.remove("zvm-compat.h")
if os.path.exists(os.path.join(qemu, "include/system/memory.h")):
    COMPAT_INCLUDES = ("system/memory.h", "system/address-spaces.h",
                       "system/ramblock.h")
    COMPAT_CLASS_DATA = "const void"
else:       # QEMU 10.0
    COMPAT_INCLUDES = ("exec/memory.h", "exec/address-spaces.h",
                       "exec/cpu-common.h")
    COMPAT_CLASS_DATA = "void"
BARE_QTESTS = ["zvm-diag-test", "zvm-machine-test", "zvm-dcss-test", "zvm-pfmf-test",
               "zvm-standby-test", "zvm-wdt-test", "zvm-cmm-test",
               "zvm-hypfs-test", "zvm-appldata-test"]
UNIT_TESTS = {"test-zvm-ebcdic": "hw/s390x/zvm-ebcdic.c",
              "test-zvm-dcss-def": "hw/s390x/dcss-def.c"}


def read(path):
    with open(path) as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def edit(path, old, new):
    s = read(path)
    if old not in s:
        sys.exit(f"series-layout: {path}: not found: {old!r}")
    write(path, s.replace(old, new, 1))


def upstream_words(text):
    """comments that speak of QEMU, not of qemu-zvm"""
    text = re.sub(r"^( \*|#) qemu-zvm:? (.)",
                  lambda m: f"{m.group(1)} {m.group(2).upper()}", text,
                  flags=re.M)
    return re.sub(r"This (command|event) is part of qemu-zvm, not of QEMU.",
                  r"This \1 is experimental.", text)


def includes(text):
    """the overlay's include paths as QEMU's"""
    text = upstream_words(text)
    text = re.sub(r'#include "(?:zvm/hw/s390x/)?zvm-compat.h"\n',
                  "".join(f'#include "{h}"\n' for h in COMPAT_INCLUDES), text)
    text = text.replace("ZvmClassData", COMPAT_CLASS_DATA)
    text = text.replace('"zvm/hw/s390x/trace.h"', '"hw/s390x/trace.h"')
    text = re.sub(r'#include "(?:zvm/hw/s390x/)?(%s)"'
                  % "|".join(map(re.escape, headers)),
                  r'#include "hw/s390x/\1"', text)
    return text.replace('#include "payloads/zvm-payload.h"',
                        '#include "s390x-zvm/zvm-payload.h"')


def copy(src, dst, transform=includes):
    write(os.path.join(qemu, dst), transform(read(os.path.join(top, src))))


# models
hw_c = sorted(f for f in os.listdir(HW) if f.endswith(".c"))
for f in hw_c:
    copy(f"hw/s390x/{f}", f"hw/s390x/{f}")
for f in headers:
    copy(f"hw/s390x/{f}", f"include/hw/s390x/{f}")
for f in sorted(os.listdir(HW)):
    if f.endswith(".h.inc"):
        copy(f"hw/s390x/{f}", f"hw/s390x/{f}")
target = [f for f in sorted(os.listdir(os.path.join(top, "target-s390x")))
          if f.endswith((".c", ".h"))]
for f in target:
    copy(f"target-s390x/{f}", f"target/s390x/{f}")
ours = read(os.path.join(HW, "trace-events"))
# (QEMU's file has the pointer to the syntax already)
ours = re.sub(r"^# See docs/devel/tracing.rst.*\n\n", "", ours)
write(os.path.join(qemu, "hw/s390x/trace-events"),
      read(os.path.join(qemu, "hw/s390x/trace-events")).rstrip("\n") +
      "\n\n" + ours)
copy("qapi/zvm.json", "qapi/zvm.json", upstream_words)

hw_files = [f for f in hw_c]
edit(os.path.join(qemu, "hw/s390x/meson.build"),
     "s390x_ss.add(when: 'CONFIG_TERMINAL3270'",
     "s390x_ss.add(when: 'CONFIG_S390_CCW_VIRTIO', if_true: files(\n" +
     "".join(f"  '{f}',\n" for f in hw_files) + "))\n" +
     "s390x_ss.add(when: 'CONFIG_TERMINAL3270'")
edit(os.path.join(qemu, "target/s390x/meson.build"),
     "  'cpu_models_system.c',\n",
     "  'cpu_models_system.c',\n" +
     "".join(f"  '{f}',\n" for f in target if f.endswith(".c")))

# documentation
copy("subprojects/series/zvm.rst", "docs/system/s390x/zvm.rst", lambda t: t)
edit(os.path.join(qemu, "docs/system/target-s390x.rst"),
     "   s390x/cpu-topology\n", "   s390x/cpu-topology\n   s390x/zvm\n")

# unit tests
for t, src in UNIT_TESTS.items():
    copy(f"tests/unit/{t}.c", f"tests/unit/{t}.c")
edit(os.path.join(qemu, "tests/unit/meson.build"),
     "    'test-yank': ['socket-helpers.c', qom, io, chardev]\n  }\n",
     "    'test-yank': ['socket-helpers.c', qom, io, chardev]\n  }\n"
     "  if 's390x-softmmu' in target_dirs\n    tests += {\n" +
     "".join(f"      '{t}': [meson.project_source_root() / '{src}'],\n"
             for t, src in UNIT_TESTS.items()) + "    }\n  endif\n")

# the bare-metal payloads: sources, their Makefile, the generated header
pdir = "tests/qtest/s390x-zvm"
for f in ("driver.S", "diag.S", "zvm-payload.h"):
    copy(f"qtest/payloads/{f}", f"{pdir}/{f}", lambda t: t)
write(os.path.join(qemu, pdir, "Makefile"), """\
# SPDX-License-Identifier: GPL-2.0-or-later
# The bare-metal payloads of the z/VM qtests, cross-built; the result,
# payloads.h, is committed. To rebuild it:
#   $ make CROSS_PREFIX=s390x-linux-gnu-

.PHONY: all clean
all: payloads.h

%.elf: %.S zvm-payload.h
\t$(CROSS_PREFIX)gcc -nostdlib -static -Wl,-Ttext=0x10000 \\
\t\t-Wl,--build-id=none -I. -o $@ $<

payloads.h: driver.elf diag.elf
\t(printf '/* %s: %s */\\n' SPDX-License-Identifier GPL-2.0-or-later; \\
\t echo '/* generated from driver.S and diag.S by the Makefile beside it */'; \\
\t for p in driver diag; do \\
\t   echo "static const unsigned char zvm_$${p}_elf[] = {"; \\
\t   xxd -i < $$p.elf; echo '};'; \\
\t done) > $@

clean:
\trm -f *.elf
""")


def hexarray(name, data):
    lines = []
    for i in range(0, len(data), 12):
        lines.append("  " + ", ".join(f"0x{b:02x}" for b in data[i:i + 12]))
    return (f"static const unsigned char zvm_{name}_elf[] = {{\n" +
            ",\n".join(lines) + "\n};\n")


header = "/* SPDX-License-Identifier: GPL-2.0-or-later */\n"
header += "/* generated from driver.S and diag.S by the Makefile beside it */\n"
for p in ("driver", "diag"):
    with open(os.path.join(payloads, f"{p}.elf"), "rb") as f:
        header += hexarray(p, f.read())
write(os.path.join(qemu, pdir, "payloads.h"), header)

# the qtests, with the payloads embedded
EMBEDDED = '''#include "s390x-zvm/payloads.h"

static char *payload_path[2];

static void remove_payloads(void)
{
    for (int i = 0; i < ARRAY_SIZE(payload_path); i++) {
        if (payload_path[i]) {
            unlink(payload_path[i]);
        }
    }
}

char *zvm_payload(const char *name)
{
    int i = g_str_equal(name, "diag");
    const unsigned char *elf = i ? zvm_diag_elf : zvm_driver_elf;
    size_t len = i ? sizeof(zvm_diag_elf) : sizeof(zvm_driver_elf);

    g_assert_true(i || g_str_equal(name, "driver"));
    if (!payload_path[i]) {
        int fd = g_file_open_tmp("zvm-payload-XXXXXX", &payload_path[i], NULL);

        g_assert_cmpint(fd, >=, 0);
        g_assert_cmpint(write(fd, elf, len), ==, len);
        close(fd);
        if (!payload_path[!i]) {
            atexit(remove_payloads);
        }
    }
    return g_strdup(payload_path[i]);
}
'''


def embed(text):
    text = includes(text).replace('#include "zvm-bare.h"',
                                  '#include "s390x-zvm-bare.h"')
    m = re.search(r"char \*zvm_payload\(const char \*name\)\n\{\n.*?\n\}\n",
                  text, re.S)
    if not m:
        sys.exit("series-layout: qtest/zvm-bare.c: no zvm_payload()")
    return text[:m.start()] + EMBEDDED + text[m.end():]


copy("qtest/zvm-bare.c", "tests/qtest/s390x-zvm-bare.c", embed)
copy("qtest/zvm-bare.h", "tests/qtest/s390x-zvm-bare.h",
     lambda t: includes(t))
for t in BARE_QTESTS:
    copy(f"qtest/{t}.c", f"tests/qtest/{t}.c",
         lambda s: includes(s).replace('#include "zvm-bare.h"',
                                       '#include "s390x-zvm-bare.h"'))
bare_deps = ("['s390x-zvm-bare.c', "
             "meson.project_source_root() / 'hw/s390x/zvm-ebcdic.c']")
qm = os.path.join(qemu, "tests/qtest/meson.build")
text = read(qm)
m = re.search(r"\nqtests_s390x = \\\n[^\]]*\]\n", text)
if not m:
    sys.exit("series-layout: tests/qtest/meson.build: no qtests_s390x")
# one line each, before the list's last entry
last = text.rindex("\n   '", m.start(), m.end()) + 1
write(qm, text[:last] + "".join(f"   '{t}',\n" for t in BARE_QTESTS) +
      text[last:])
edit(qm, "\nqtests = {\n",
     "\nqtests = {\n" +
     "".join(f"  '{t}': {bare_deps},\n" for t in BARE_QTESTS
             if t != "zvm-machine-test"))
edit(qm, "slow_qtests = {\n",
     "slow_qtests = {\n  'zvm-dcss-test': 300,\n  'zvm-standby-test': 300,\n")
# scripts/mkdcss, which the saved-segment qtest runs from the source tree
edit(qm, "  qtest_env.set('PYTHON', python.full_path())\n",
     "  qtest_env.set('PYTHON', python.full_path())\n"
     "  qtest_env.set('ZVM_TOP', meson.project_source_root())\n")
shutil.copy(os.path.join(top, "scripts/mkdcss"),
            os.path.join(qemu, "scripts/mkdcss"))
