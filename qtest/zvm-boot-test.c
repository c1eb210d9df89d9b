/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm boot test: each Debian s390x kernel of the matrix boots under
 * TCG to the scenario's /init, and what it sees in /proc/sysinfo,
 * /proc/meminfo and the memory block devices matches the QEMU command
 * line.
 */
#include "qemu/osdep.h"
#include "zvm-guest.h"

#define BOOT_MEM_MIB 768
#define BOOT_SMP     3

/* The /proc/sysinfo the boot scenario printed, carriage returns dropped */
static char *console_sysinfo(const ZvmGuest *g)
{
    g_auto(GStrv) parts = g_strsplit(g->console, "\r", -1);
    g_autofree char *console = g_strjoinv("", parts);
    const char *begin = strstr(console, "--- /proc/sysinfo\n");
    const char *end = begin ? strstr(begin, "--- /proc/meminfo") : NULL;

    g_assert_nonnull(end);
    begin += strlen("--- /proc/sysinfo\n");
    return g_strndup(begin, end - begin);
}

/*
 * Say where @got first differs from @expect, and what that means: the
 * expectation is per suite, so a kernel that moved within its series
 * (a new point release in the lock) is compared with what an earlier one
 * printed.
 */
static void explain_sysinfo_diff(const char *suite, const char *file,
                                 const char *got, const char *expect)
{
    g_auto(GStrv) g = g_strsplit(got, "\n", -1);
    g_auto(GStrv) e = g_strsplit(expect, "\n", -1);
    g_autofree char *release = zvm_guest_kernel_release(suite);
    int i;

    for (i = 0; g[i] && e[i] && !strcmp(g[i], e[i]); i++) {
        /* the first line that differs */
    }
    g_test_message("/proc/sysinfo of Debian %s kernel %s differs from "
                   "tests/guest/expected/%s at line %d: expected \"%s\", "
                   "got \"%s\". The file holds what the %s kernel printed "
                   "under an unpatched QEMU 10.0: if only the kernel moved "
                   "(tests/guest/assets.lock) and changed how it formats "
                   "/proc/sysinfo, re-record it with "
                   "tests/tools/record-stock-sysinfo.sh; otherwise QEMU's "
                   "STSI answer with zvm=off is no longer upstream's",
                   suite, release, file, i + 1, e[i] ? e[i] : "(end)",
                   g[i] ? g[i] : "(end)", suite);
}

/*
 * With the personality off the guest's /proc/sysinfo is byte for byte
 * what stock QEMU 10.0 gives it: tests/guest/expected/ holds what the
 * same suite's kernel printed under an unpatched build, recorded by
 * tests/tools/record-stock-sysinfo.sh.
 */
static void check_sysinfo(const ZvmGuest *g, const char *suite)
{
    g_autofree char *sysinfo = console_sysinfo(g);
    g_autofree char *file = g_strdup_printf("sysinfo-%s.txt", suite);
    g_autofree char *path = NULL;
    g_autofree char *expect = NULL;
    const char *record = g_getenv("ZVM_RECORD_SYSINFO");

    if (record) {
        path = g_build_filename(record, file, NULL);
        g_assert_true(g_file_set_contents(path, sysinfo, -1, NULL));
        return;
    }
    path = g_build_filename(g_getenv("ZVM_TOP"), "tests", "guest",
                            "expected", file, NULL);
    g_assert_true(g_file_get_contents(path, &expect, NULL, NULL));
    if (strcmp(sysinfo, expect)) {
        explain_sysinfo_diff(suite, file, sysinfo, expect);
    }
    g_assert_cmpstr(sysinfo, ==, expect);
}

static void test_boot(const void *data)
{
    const char *suite = data;
    ZvmGuestOpts opts = {
        .suite = suite,
        .scenario = "boot",
        .mem_mib = BOOT_MEM_MIB,
        .smp = BOOT_SMP,
    };
    ZvmGuest *g;
    g_autofree char *cpus = NULL;
    g_autofree char *cp = NULL;
    g_autofree char *online = NULL;
    g_autofree char *memtotal = NULL;
    uint64_t total_kib;

    if (!zvm_guest_assets_present(suite)) {
        return;
    }
    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean(g);
    zvm_guest_assert_pass(g, "init-reached");

    cpus = zvm_guest_value(g, "cpus-configured");
    g_assert_cmpstr(cpus, ==, G_STRINGIFY(BOOT_SMP));
    /* personality off: exactly what upstream QEMU reports */
    cp = zvm_guest_value(g, "control-program");
    g_assert_cmpstr(cp, ==, "KVM/Linux");
    g_assert_nonnull(strstr(g->console, "Manufacturer:         QEMU"));
    check_sysinfo(g, suite);

    /* the memory blocks cover exactly -m */
    online = zvm_guest_value(g, "memory-online-bytes");
    g_assert_nonnull(online);
    g_assert_cmpuint(g_ascii_strtoull(online, NULL, 10), ==,
                     (uint64_t)BOOT_MEM_MIB << 20);
    /* MemTotal is -m less the kernel's own reservations */
    memtotal = zvm_guest_value(g, "memtotal-kib");
    g_assert_nonnull(memtotal);
    total_kib = g_ascii_strtoull(memtotal, NULL, 10);
    g_assert_cmpuint(total_kib, <=, BOOT_MEM_MIB * 1024);
    g_assert_cmpuint(total_kib, >=, BOOT_MEM_MIB * 1024 * 8 / 10);
    zvm_guest_free(g);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    zvm_guest_add_tests("/zvm/boot", test_boot);
    return g_test_run();
}
