/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm boot test: each s390x kernel under test boots under
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
 * The recorded /proc/sysinfo for @k: tests/guest/expected/sysinfo-X.Y.txt
 * of the highest version X.Y not newer than the kernel (how the kernel
 * formats /proc/sysinfo changes rarely), NULL if none is.
 */
static char *expected_file(const ZvmKernel *k)
{
    g_autofree char *dir = g_build_filename(g_getenv("ZVM_TOP"), "tests",
                                            "guest", "expected", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *f;
    char *best = NULL;
    int best_major = -1, best_minor = -1;

    g_assert_nonnull(d);
    while ((f = g_dir_read_name(d))) {
        int major, minor;

        if (sscanf(f, "sysinfo-%d.%d.txt", &major, &minor) == 2 &&
            !zvm_kernel_before(k, major, minor) &&
            (major > best_major ||
             (major == best_major && minor > best_minor))) {
            best_major = major;
            best_minor = minor;
            g_free(best);
            best = g_strdup(f);
        }
    }
    return best;
}

/*
 * Say where @got first differs from @expect, and what that means: the
 * expectation is per kernel version, so a kernel that moved (a new point
 * release in the lock, an own kernel) is compared with what an earlier
 * one printed.
 */
static void explain_sysinfo_diff(const ZvmKernel *k, const char *file,
                                 const char *got, const char *expect)
{
    g_auto(GStrv) g = g_strsplit(got, "\n", -1);
    g_auto(GStrv) e = g_strsplit(expect, "\n", -1);
    int i;

    for (i = 0; g[i] && e[i] && !strcmp(g[i], e[i]); i++) {
        /* the first line that differs */
    }
    g_test_message("/proc/sysinfo of kernel %s (%s) differs from "
                   "tests/guest/expected/%s at line %d: expected \"%s\", "
                   "got \"%s\". The file holds what a kernel of that "
                   "version printed under an unpatched QEMU 10.0: if the "
                   "kernel changed how it formats /proc/sysinfo, record "
                   "sysinfo-%d.%d.txt with "
                   "tests/tools/record-stock-sysinfo.sh; otherwise QEMU's "
                   "STSI answer with zvm=off is no longer upstream's",
                   k->name, k->release, file, i + 1, e[i] ? e[i] : "(end)",
                   g[i] ? g[i] : "(end)", k->major, k->minor);
}

/*
 * With the personality off the guest's /proc/sysinfo is byte for byte
 * what stock QEMU 10.0 gives it: tests/guest/expected/ holds what
 * kernels printed under an unpatched build, recorded by
 * tests/tools/record-stock-sysinfo.sh. A kernel older than every
 * recording is checked by the lines that come from QEMU's answer.
 */
static void check_sysinfo(const ZvmGuest *g, const char *name)
{
    const ZvmKernel *k = zvm_kernel(name);
    g_autofree char *sysinfo = console_sysinfo(g);
    g_autofree char *file = NULL;
    g_autofree char *path = NULL;
    g_autofree char *expect = NULL;
    const char *record = g_getenv("ZVM_RECORD_SYSINFO");

    if (record) {
        file = g_strdup_printf("sysinfo-%d.%d.txt", k->major, k->minor);
        path = g_build_filename(record, file, NULL);
        g_assert_true(g_file_set_contents(path, sysinfo, -1, NULL));
        return;
    }
    file = expected_file(k);
    if (!file) {
        g_test_message("no recorded /proc/sysinfo for kernel %s (%s): "
                       "checking QEMU's lines only", name, k->release);
        g_assert_nonnull(strstr(sysinfo, "Manufacturer:         QEMU"));
        g_assert_nonnull(strstr(sysinfo, "LPAR Name:            QEMU"));
        return;
    }
    path = g_build_filename(g_getenv("ZVM_TOP"), "tests", "guest",
                            "expected", file, NULL);
    g_assert_true(g_file_get_contents(path, &expect, NULL, NULL));
    if (strcmp(sysinfo, expect)) {
        explain_sysinfo_diff(k, file, sysinfo, expect);
    }
    g_assert_cmpstr(sysinfo, ==, expect);
}

static void test_boot(const void *data)
{
    const char *suite = data;
    ZvmGuestOpts opts = {
        .kernel = suite,
        .scenario = "boot",
        .mem_mib = BOOT_MEM_MIB,
        .smp = BOOT_SMP,
    };
    ZvmGuest *g;
    g_autofree char *cpus = NULL;
    g_autofree char *cp = NULL;
    g_autofree char *online = NULL;
    g_autofree char *memtotal = NULL;
    g_autofree char *directmap = NULL;
    uint64_t total_kib;

    if (!zvm_guest_ready(suite)) {
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
    /* on -cpu max (EDAT-1) the kernel maps its memory in 1 MiB frames */
    directmap = zvm_guest_value(g, "directmap-1m-kib");
    g_assert_nonnull(directmap);
    g_assert_cmpuint(g_ascii_strtoull(directmap, NULL, 10), >, 0);
    zvm_guest_free(g);
}

/*
 * hugetlbfs: with EDAT-1 (-cpu max) the kernel offers 1 MiB huge pages;
 * a program maps 8 of them (MAP_HUGETLB), fills and checks them, and
 * the kernel gets them all back when it exits
 */
static void test_hugetlb(const void *data)
{
    ZvmGuestOpts opts = {
        .kernel = data,
        .scenario = "hugetlb",
        .tools = "memfill",
        .mem_mib = BOOT_MEM_MIB,
    };
    const char *expect[][2] = {
        { "hugepagesize-kib", "1024" },
        { "hugepages-total", "8" },
        { "hugepages-free", "8" },
    };
    ZvmGuest *g;

    if (!zvm_guest_ready(data)) {
        return;
    }
    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean(g);
    zvm_guest_assert_pass(g, "fill");
    for (int i = 0; i < ARRAY_SIZE(expect); i++) {
        g_autofree char *v = zvm_guest_value(g, expect[i][0]);

        g_assert_cmpstr(v, ==, expect[i][1]);
    }
    zvm_guest_free(g);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    zvm_guest_add_tests("/zvm/boot", test_boot);
    zvm_guest_add_tests("/zvm/hugetlb", test_hugetlb);
    return g_test_run();
}
