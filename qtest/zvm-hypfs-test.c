/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm tests of what Linux's s390_hypfs asks CP, on bare metal:
 * DIAGNOSE X'204' (simplified format only), X'2FC' (this guest's record,
 * the two-call protocol, a buffer too small) and X'0C'.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "zvm-bare.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"

#define PARMS       0x20000
#define BUF         0x30000
#define REC_LEN     112

static void diag(ZvmBare *b, int code, uint64_t rx, uint64_t ry,
                 uint64_t ry1)
{
    uint64_t regs[14] = { [2] = rx, [4] = ry, [5] = ry1 };

    zvm_bare_op(b, OP_DIAG, code, 2, 4, regs);
}

static void test_diag204(void)
{
    ZvmBare *b = zvm_bare_start(",zvm-userid=BARE");
    uint64_t regs[14] = { [2] = BUF };
    char name[9] = "";
    uint8_t e[8];

    /* the extended format's subcodes: not available, nothing stored */
    qtest_memset(b->qts, BUF, 0xaa, 64);
    for (uint64_t sc = 0x10005; sc <= 0x10007; sc++) {
        diag(b, 0x204, BUF, sc, 1);
        g_assert_cmphex(b->pgm, ==, PGM_NONE);
        g_assert_cmphex(b->regs[4], ==, 4);
    }
    g_assert_cmphex(qtest_readb(b->qts, BUF), ==, 0xaa);
    /* simplified format: header, this partition, its CPU, PHYSICAL */
    diag(b, 0x204, BUF, 4, 1);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[4], ==, 0);
    g_assert_cmphex(qtest_readb(b->qts, BUF), ==, 1);            /* npar */
    g_assert_cmphex(qtest_readb(b->qts, BUF + 1), ==, 0x80);
    g_assert_cmphex(qtest_readw(b->qts, BUF + 6), ==, 16);       /* ours */
    g_assert_cmphex(qtest_readb(b->qts, BUF + 17), ==, 1);       /* CPUs */
    qtest_memread(b->qts, BUF + 24, e, 8);
    zvm_ebcdic_to_ascii(name, e, 8);
    g_assert_cmpstr(name, ==, "QEMUZVM ");
    qtest_memread(b->qts, BUF + 32 + 24 + 8, e, 8);
    zvm_ebcdic_to_ascii(name, e, 8);
    g_assert_cmpstr(name, ==, "PHYSICAL");
    /* an odd Ry, an unaligned buffer */
    regs[5] = 4;
    zvm_bare_op(b, OP_DIAG, 0x204, 2, 5, regs);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag(b, 0x204, BUF + 8, 4, 1);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_quit(b);
}

/* The DIAGNOSE X'2FC' parameter list for @userid, @size bytes at BUF */
static void diag2fc(ZvmBare *b, const char *userid, uint32_t size,
                    uint32_t fmt)
{
    zvm_bare_put_ebcdic(b, PARMS, userid, 8);
    zvm_bare_put_ebcdic(b, PARMS + 8, "*", 8);
    qtest_writeq(b->qts, PARMS + 16, BUF);
    qtest_writel(b->qts, PARMS + 24, size);
    qtest_writel(b->qts, PARMS + 28, fmt);
    diag(b, 0x2fc, PARMS, -1, 0);
}

static void test_diag2fc(void)
{
    ZvmBare *b = zvm_bare_start_m(",zvm-userid=BARE", 256);
    const char *const queries[] = { "*", "", "BARE" };
    char name[9] = "";
    uint8_t e[8];

    for (int i = 0; i < ARRAY_SIZE(queries); i++) {
        /* size query: residual = minus the size needed */
        diag2fc(b, queries[i], 0, 2);
        g_assert_cmphex(b->pgm, ==, PGM_NONE);
        g_assert_cmphex(b->regs[4], ==, 0);
        g_assert_cmpint((int64_t)b->regs[2], ==, -REC_LEN);
    }
    /* fetch: one record, residual 0 */
    qtest_memset(b->qts, BUF, 0xaa, 2 * REC_LEN);
    diag2fc(b, "*", REC_LEN, 2);
    g_assert_cmphex(b->regs[4], ==, 0);
    g_assert_cmphex(b->regs[2], ==, 0);
    qtest_memread(b->qts, BUF + 104, e, 8);
    zvm_ebcdic_to_ascii(name, e, 8);
    g_assert_cmpstr(name, ==, "BARE    ");
    g_assert_cmpuint(qtest_readq(b->qts, BUF + 32), ==, 256 * 1024); /* KiB */
    g_assert_cmpuint(qtest_readl(b->qts, BUF + 60), ==,
                     g_get_num_processors());                  /* lcpus */
    g_assert_cmpuint(qtest_readl(b->qts, BUF + 64), ==, 1);    /* vcpus */
    g_assert_cmpuint(qtest_readl(b->qts, BUF + 76), ==, 100);  /* share */
    g_assert_cmphex(qtest_readb(b->qts, BUF + REC_LEN), ==, 0xaa);
    /* a buffer too small: rc -2, the residual negative, nothing stored */
    qtest_memset(b->qts, BUF, 0xaa, REC_LEN);
    diag2fc(b, "*", 50, 2);
    g_assert_cmphex(b->regs[4], ==, (uint64_t)-2);
    g_assert_cmpint((int64_t)b->regs[2], ==, 50 - REC_LEN);
    g_assert_cmphex(qtest_readb(b->qts, BUF), ==, 0xaa);
    /* a class G guest gets no other guest's data */
    diag2fc(b, "OTHER", 0, 2);
    g_assert_cmphex(b->regs[4], ==, 0);
    g_assert_cmphex(b->regs[2], ==, 0);
    /* another format; a parameter list outside storage */
    diag2fc(b, "*", 0, 3);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag(b, 0x2fc, 1ULL << 40, -1, 0);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    zvm_bare_quit(b);
}

/* The CPU time grows while the guest runs */
static void test_cpu_time(void)
{
    ZvmBare *b = zvm_bare_start("");
    uint64_t t0, t1;

    diag2fc(b, "*", REC_LEN, 2);
    t0 = qtest_readq(b->qts, BUF + 8);
    g_usleep(300 * 1000);       /* the payload polls its mailbox meanwhile */
    diag2fc(b, "*", REC_LEN, 2);
    t1 = qtest_readq(b->qts, BUF + 8);
    g_test_message("used_cpu %" PRIu64 " -> %" PRIu64 " us", t0, t1);
    g_assert_cmpuint(t1, >, t0);
    g_assert_cmpuint(qtest_readq(b->qts, BUF + 16), >, 0);     /* el_time */
    zvm_bare_quit(b);
}

static void test_diag0c(void)
{
    ZvmBare *b = zvm_bare_start("");
    char date[9] = "", time[9] = "";
    uint8_t e[8];

    diag(b, 0x00c, BUF, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    qtest_memread(b->qts, BUF, e, 8);
    zvm_ebcdic_to_ascii(date, e, 8);
    qtest_memread(b->qts, BUF + 8, e, 8);
    zvm_ebcdic_to_ascii(time, e, 8);
    g_assert_true(g_regex_match_simple("^\\d\\d/\\d\\d/\\d\\d$", date, 0, 0));
    g_assert_true(g_regex_match_simple("^\\d\\d:\\d\\d:\\d\\d$", time, 0, 0));
    g_assert_cmpuint(qtest_readq(b->qts, BUF + 16), >, 0);
    diag(b, 0x00c, BUF + 4, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_quit(b);
}

/* With zvm=off, upstream QEMU's specification exception for each */
static void test_zvm_off(void)
{
    ZvmBare *b = zvm_bare_start(",zvm=off");

    diag(b, 0x204, BUF, 4, 1);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag2fc(b, "*", 0, 2);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag(b, 0x00c, BUF, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_quit(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/zvm/hypfs/diag204", test_diag204);
    qtest_add_func("/zvm/hypfs/diag2fc", test_diag2fc);
    qtest_add_func("/zvm/hypfs/cpu-time", test_cpu_time);
    qtest_add_func("/zvm/hypfs/diag0c", test_diag0c);
    qtest_add_func("/zvm/hypfs/zvm-off", test_zvm_off);
    return g_test_run();
}
