/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm DIAGNOSE X'288' (watchdog) tests on bare metal: the z/VM form
 * (a CP command to run on expiry) with every check CP makes, and an
 * expiring timer taking QEMU's -action watchdog=.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "libqtest.h"
#include "zvm-bare.h"

#define CMD_ADDR        0x20000
#define WDT_INIT        0
#define WDT_CHANGE      1
#define WDT_CANCEL      2
#define WDT_CONCEAL     0x80000000ULL

/* DIAGNOSE X'288' with Rx = 2/3, Ry = 4/5 unless @rx is odd */
static void diag288(ZvmBare *b, int rx, uint64_t func, uint64_t timeout,
                    uint64_t cmd_addr, uint64_t cmd_len)
{
    uint64_t regs[14] = { 0 };

    regs[rx] = func;
    regs[rx + 1] = timeout;
    regs[4] = cmd_addr;
    regs[5] = cmd_len;
    zvm_bare_op(b, OP_DIAG, 0x288, rx, 4, regs);
}

static void init_ipl(ZvmBare *b, uint64_t func, uint64_t timeout)
{
    zvm_bare_put_ebcdic(b, CMD_ADDR, "IPL", 3);
    diag288(b, 2, func, timeout, CMD_ADDR, 3);
}

/* INIT, CHANGE, CANCEL as Linux's diag288_wdt runs them */
static void test_cycle(void)
{
    ZvmBare *b = zvm_bare_start("");

    init_ipl(b, WDT_INIT, 15);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    diag288(b, 2, WDT_CHANGE, 30, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    diag288(b, 2, WDT_CANCEL, 0, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    /* nothing running: CHANGE and CANCEL are refused */
    diag288(b, 2, WDT_CHANGE, 30, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag288(b, 2, WDT_CANCEL, 0, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    /* concealed INIT, as diag288_wdt's conceal=1 */
    init_ipl(b, WDT_INIT | WDT_CONCEAL, 60);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    diag288(b, 2, WDT_CANCEL, 0, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_true(qtest_qom_get_bool(b->qts,
                                     "/machine/zvm-personality/watchdog",
                                     "realized"));
    zvm_bare_quit(b);
}

/* Each operand CP refuses: specification, or addressing for the command */
static void test_refused(void)
{
    ZvmBare *b = zvm_bare_start("");

    diag288(b, 3, WDT_INIT, 15, CMD_ADDR, 3);           /* odd Rx */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    init_ipl(b, WDT_INIT, 14);                           /* too short */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag288(b, 2, WDT_INIT, 15, CMD_ADDR, 0);            /* no command */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag288(b, 2, WDT_INIT, 15, CMD_ADDR, 241);          /* too long */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag288(b, 2, 3, 15, CMD_ADDR, 3);                   /* no function 3 */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag288(b, 2, WDT_CANCEL | WDT_CONCEAL, 0, 0, 0);    /* conceal: INIT */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag288(b, 2, WDT_INIT, 15, 1ULL << 40, 3);          /* not in storage */
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    /* nothing was started by any of them */
    diag288(b, 2, WDT_CANCEL, 0, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_quit(b);
}

/* A running timer migrates: the destination's CANCEL finds it */
static void test_migration(void)
{
    g_autofree char *dir = g_dir_make_tmp("zvm-wdt-mig-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s/migration.bin", dir);
    ZvmBare *a = zvm_bare_start(""), b = { 0 };

    init_ipl(a, WDT_INIT, 60);
    g_assert_cmphex(a->pgm, ==, PGM_NONE);
    b.req = zvm_bare_migrate_and_quit(a, uri);
    b.qts = zvm_bare_start_incoming(",zvm=on", 128, uri);
    zvm_bare_wait_migration(b.qts, "completed");
    qtest_qmp_assert_success(b.qts, "{'execute': 'cont'}");
    diag288(&b, 2, WDT_CANCEL, 0, 0, 0);
    g_assert_cmphex(b.pgm, ==, PGM_NONE);
    diag288(&b, 2, WDT_CANCEL, 0, 0, 0);
    g_assert_cmphex(b.pgm, ==, PGM_SPECIFICATION);
    qtest_quit(b.qts);
    g_assert_cmpint(unlink(uri + 5), ==, 0);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

/* With zvm=off, QEMU's own DIAGNOSE X'288' (LPAR form) refuses a command */
static void test_zvm_off(void)
{
    ZvmBare *b = zvm_bare_start(",zvm=off");

    init_ipl(b, WDT_INIT, 15);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_quit(b);
}

/* A timer left running expires: QEMU takes -action watchdog= */
static void test_expiry(void)
{
    ZvmBare *b = zvm_bare_start(" -action watchdog=pause");
    const gint64 start = g_get_monotonic_time();
    QDict *ev;

    init_ipl(b, WDT_INIT, 15);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    ev = qtest_qmp_eventwait_ref(b->qts, "WATCHDOG");
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(ev, "data"), "action"), ==,
                    "pause");
    /* not before its 15 seconds */
    g_assert_cmpint(g_get_monotonic_time() - start, >=, 15 * G_USEC_PER_SEC);
    qobject_unref(ev);
    zvm_bare_quit(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/zvm/wdt/cycle", test_cycle);
    qtest_add_func("/zvm/wdt/refused", test_refused);
    qtest_add_func("/zvm/wdt/zvm-off", test_zvm_off);
    qtest_add_func("/zvm/wdt/migration", test_migration);
    qtest_add_func("/zvm/wdt/expiry", test_expiry);
    return g_test_run();
}
