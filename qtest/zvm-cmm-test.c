/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm DIAGNOSE X'10' (release pages) tests on bare metal: CP's
 * checks of the range, released pages reading as zero, and the host
 * memory behind them given back (QEMU's resident set shrinks).
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "zvm-bare.h"

#define PAGE        4096ULL
#define AREA        (32 * 1024 * 1024ULL)   /* 32 MiB into the guest */
#define AREA_MIB    64

static void diag10(ZvmBare *b, uint64_t first, uint64_t last)
{
    zvm_bare_diag(b, 0x10, first, last);
}

/* VmRSS of the QEMU process, in KiB */
static uint64_t rss_kib(QTestState *qts)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status",
                                            qtest_pid(qts));
    g_autofree char *status = NULL;
    const char *p;

    g_assert_true(g_file_get_contents(path, &status, NULL, NULL));
    p = strstr(status, "VmRSS:");
    g_assert_nonnull(p);
    return g_ascii_strtoull(p + strlen("VmRSS:"), NULL, 10);
}

static void test_refused(void)
{
    ZvmBare *b = zvm_bare_start("");
    uint64_t regs[14] = { [2] = AREA, [4] = AREA };

    diag10(b, AREA + 8, AREA + PAGE);                   /* first unaligned */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag10(b, AREA, AREA + PAGE + 8);                   /* last unaligned */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag10(b, AREA + PAGE, AREA);                       /* first > last */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag10(b, PAGE, AREA);                              /* the lowcore */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag10(b, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag10(b, AREA, 128 * 1024 * 1024ULL);              /* beyond storage */
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    diag10(b, AREA, AREA);                              /* one page: fine */
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    zvm_bare_op(b, OP_DIAG_PROBLEM, 0x10, 2, 4, regs);  /* problem state */
    g_assert_cmphex(b->pgm, ==, PGM_PRIVILEGED);
    zvm_bare_quit(b);
}

/* Released pages read as zero; their neighbours keep what they hold */
static void test_zero(void)
{
    ZvmBare *b = zvm_bare_start("");

    for (int i = 0; i < 4; i++) {
        zvm_bare_store(b, AREA + i * PAGE + 8, 0x1111111111111111ULL * (i + 1));
    }
    diag10(b, AREA + PAGE, AREA + 2 * PAGE);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(zvm_bare_load(b, AREA + 8), ==, 0x1111111111111111ULL);
    g_assert_cmphex(zvm_bare_load(b, AREA + PAGE + 8), ==, 0);
    g_assert_cmphex(zvm_bare_load(b, AREA + 2 * PAGE + 8), ==, 0);
    g_assert_cmphex(zvm_bare_load(b, AREA + 3 * PAGE + 8), ==,
                    0x4444444444444444ULL);
    /* and can be used again */
    zvm_bare_store(b, AREA + PAGE + 8, 42);
    g_assert_cmphex(zvm_bare_load(b, AREA + PAGE + 8), ==, 42);
    zvm_bare_quit(b);
}

/* The host memory behind released pages is freed */
static void test_rss(void)
{
    ZvmBare *b = zvm_bare_start_m("", 256);
    const uint64_t len = AREA_MIB * 1024 * 1024ULL;
    uint64_t before, touched, released;

    before = rss_kib(b->qts);
    qtest_memset(b->qts, AREA, 0x5a, len);
    touched = rss_kib(b->qts);
    g_test_message("RSS %" PRIu64 " KiB, after touching %d MiB %" PRIu64
                   " KiB", before, AREA_MIB, touched);
    g_assert_cmpuint(touched - before, >=, (AREA_MIB - 4) * 1024);
    diag10(b, AREA, AREA + len - PAGE);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    released = rss_kib(b->qts);
    g_test_message("after releasing them %" PRIu64 " KiB", released);
    g_assert_cmpuint(touched - released, >=, (AREA_MIB - 4) * 1024);
    zvm_bare_quit(b);
}

/*
 * A range from boot storage over the hole above it to the end of a
 * loaded read-only segment at 2 GiB: boot storage released, the hole
 * passed at once, the segment (shared with other guests) kept
 */
static void test_hole_and_segment(void)
{
    g_autofree char *store = g_dir_make_tmp("zvm-cmm-XXXXXX", NULL);
    g_autofree char *def = g_build_filename(store, "CMMSEG.defseg", NULL);
    g_autofree char *img = g_build_filename(store, "CMMSEG.img", NULL);
    g_autofree char *args = g_strdup_printf(",zvm-dcss-store=%s", store);
    g_autofree char *data = g_malloc(1024 * 1024);
    const uint64_t seg = 0x7ff00000ULL, seg_last = seg + 0xff000;
    ZvmBare *b;
    gint64 t0;

    memset(data, 0xab, 1024 * 1024);
    g_assert_true(g_file_set_contents(def, "7FF00-7FFFF SR", -1, NULL));
    g_assert_true(g_file_set_contents(img, data, 1024 * 1024, NULL));
    b = zvm_bare_start(args);
    zvm_bare_put_ebcdic(b, 0x20000, "CMMSEG", 8);
    zvm_bare_diag(b, 0x64, 0x20000, 0x20);              /* LOADSHRX */
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    zvm_bare_store(b, AREA + 8, 42);
    zvm_bare_store(b, AREA - PAGE + 8, 43);
    t0 = g_get_monotonic_time();
    diag10(b, AREA, seg_last);
    g_test_message("released 32 MiB to 2 GiB in %" PRId64 " ms",
                   (g_get_monotonic_time() - t0) / 1000);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
    g_assert_cmphex(zvm_bare_load(b, AREA + 8), ==, 0);
    g_assert_cmphex(zvm_bare_load(b, AREA - PAGE + 8), ==, 43);
    g_assert_cmphex(zvm_bare_load(b, seg + 8), ==, 0xababababababababULL);
    g_assert_cmphex(zvm_bare_load(b, seg_last + 8), ==,
                    0xababababababababULL);
    zvm_bare_quit(b);
    unlink(def);
    unlink(img);
    rmdir(store);
}

/* With zvm=off, DIAGNOSE X'10' is upstream QEMU's specification exception */
static void test_zvm_off(void)
{
    ZvmBare *b = zvm_bare_start(",zvm=off");

    diag10(b, AREA, AREA);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_quit(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/zvm/cmm/refused", test_refused);
    qtest_add_func("/zvm/cmm/zero", test_zero);
    qtest_add_func("/zvm/cmm/rss", test_rss);
    qtest_add_func("/zvm/cmm/hole-and-segment", test_hole_and_segment);
    qtest_add_func("/zvm/cmm/zvm-off", test_zvm_off);
    return g_test_run();
}
