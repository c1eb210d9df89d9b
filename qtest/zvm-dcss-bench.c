/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm DCSS benchmark ('make bench'): prints, measured in one run,
 *  1. the host-side time of DIAGNOSE X'64' LOADSHR + PURGESEG of a 1 GiB
 *     and of a 1 MiB segment, and their ratio (a load maps, it does not
 *     copy: the ratio should be about 1);
 *  2. the memory of four QEMU processes that loaded one 256 MiB SR
 *     segment and read every page of it: the proportional set size
 *     (PSS) of the segment's mappings summed over the four, against the
 *     segment size (one shared copy: about 1.0).
 * Times include one qtest round trip per DIAGNOSE, the same for both.
 */
#include "qemu/osdep.h"
#include "zvm-bare.h"

#define MiB     (UINT64_C(1024) * 1024)
#define ROUNDS  20
#define GUESTS  4

static char *store;

static void make_segment(const char *name, const char *ops, uint64_t size,
                         bool fill)
{
    g_autofree char *cmd = g_strdup_printf("%s/scripts/mkdcss %s %s '%s' "
                                           ">/dev/null", g_getenv("ZVM_TOP"),
                                           store, name, ops);
    g_autofree char *img = g_strdup_printf("%s/%s.img", store, name);

    g_assert_cmpint(system(cmd), ==, 0);
    if (fill) {
        g_autofree char *dd = g_strdup_printf(
            "dd if=/dev/urandom of=%s bs=1M count=%" PRIu64
            " conv=notrunc status=none", img, size / MiB);
        g_assert_cmpint(system(dd), ==, 0);
    }
}

static void diag64(ZvmBare *b, int subcode, const char *name)
{
    zvm_bare_put_ebcdic(b, 0x20000, name, 8);
    zvm_bare_diag(b, 0x64, 0x20000, subcode);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, <=, 1);
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Median time of LOADSHR, and of the following PURGESEG, in µs */
static void time_load(ZvmBare *b, const char *name, double *load,
                      double *purge)
{
    double l[ROUNDS], p[ROUNDS];

    for (int i = 0; i < ROUNDS; i++) {
        gint64 t0 = g_get_monotonic_time(), t1;

        diag64(b, 0x20, name);
        t1 = g_get_monotonic_time();
        diag64(b, 0x08, name);
        l[i] = t1 - t0;
        p[i] = g_get_monotonic_time() - t1;
    }
    qsort(l, ROUNDS, sizeof(double), cmp_double);
    qsort(p, ROUNDS, sizeof(double), cmp_double);
    *load = l[ROUNDS / 2];
    *purge = p[ROUNDS / 2];
}

/* PSS (KiB) of the mappings of @file in process @pid */
static uint64_t pss_of(pid_t pid, const char *file)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/smaps", pid);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    bool in = false;
    uint64_t kib = 0;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        if (g_ascii_isxdigit(lines[i][0]) && strchr(lines[i], '-')) {
            in = g_str_has_suffix(lines[i], file);
        } else if (in && g_str_has_prefix(lines[i], "Pss:")) {
            kib += g_ascii_strtoull(lines[i] + 4, NULL, 10);
        }
    }
    return kib;
}

int main(int argc, char **argv)
{
    g_autofree char *args = NULL;
    g_autofree char *img = NULL;
    g_autofree char *rm = NULL;
    ZvmBare *b, *g[GUESTS];
    double l1g, p1g, l1m, p1m;
    uint64_t total = 0;

    g_test_init(&argc, &argv, NULL);
    store = g_dir_make_tmp("zvm-dcss-bench-XXXXXX", NULL);
    make_segment("BIG", "40000-7FFFF SR", 1024 * MiB, false);
    make_segment("SMALL", "80000-800FF SR", MiB, false);
    make_segment("SHARED", "90000-9FFFF SR", 256 * MiB, true);
    args = g_strdup_printf(",zvm-dcss-store=%s", store);

    b = zvm_bare_start(args);
    time_load(b, "SMALL", &l1m, &p1m);          /* warm up */
    time_load(b, "BIG", &l1g, &p1g);
    time_load(b, "SMALL", &l1m, &p1m);
    zvm_bare_quit(b);
    printf("DCSS load (LOADSHR) of 1 GiB: %.0f us, of 1 MiB: %.0f us, "
           "ratio %.2f (median of %d)\n", l1g, l1m, l1g / l1m, ROUNDS);
    printf("DCSS purge (PURGESEG) of 1 GiB: %.0f us, of 1 MiB: %.0f us, "
           "ratio %.2f\n", p1g, p1m, p1g / p1m);

    img = g_strdup_printf("%s/SHARED.img", store);
    for (int i = 0; i < GUESTS; i++) {
        uint64_t regs[14] = { [2] = 0x90000000, [3] = 256 * MiB / 4096 };

        g[i] = zvm_bare_start(args);
        diag64(g[i], 0x20, "SHARED");
        zvm_bare_op(g[i], OP_TOUCH, 0, 0, 0, regs);
        g_assert_cmphex(g[i]->pgm, ==, PGM_NONE);
    }
    for (int i = 0; i < GUESTS; i++) {
        uint64_t kib = pss_of(qtest_pid(g[i]->qts), img);

        printf("guest %d: PSS of the 256 MiB segment %" PRIu64 " KiB\n",
               i + 1, kib);
        total += kib;
    }
    printf("%d guests read all of one 256 MiB SR segment: PSS sum %" PRIu64
           " MiB = %.2f x the segment (1.00: one shared copy)\n", GUESTS,
           total / 1024, total / 1024.0 / 256);
    for (int i = 0; i < GUESTS; i++) {
        zvm_bare_quit(g[i]);
    }
    rm = g_strdup_printf("rm -rf %s", store);
    return system(rm);
}
