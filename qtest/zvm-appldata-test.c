/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm DIAGNOSE X'DC' (application monitor data) tests on bare
 * metal: sample buffers registered and stopped, event records, CP's
 * return codes, the checks of the parameter list, a reset.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "libqtest.h"
#include "zvm-bare.h"

#define PARMS       0x20000
#define PRODUCT     0x20100
#define BUF         0x21000

#define START_INTERVAL  0x80
#define STOP            0x81
#define GEN_EVENT       0x82
#define START_CONFIG    0x83

/* the parameter list Linux's appldata_asm() builds */
static void parms(ZvmBare *b, uint16_t diag, uint8_t fn, uint8_t parlen,
                  uint16_t len, uint64_t buf, uint8_t record)
{
    /* "LINUXKR" in EBCDIC, function "NL", record, version 26, 01, 00 */
    static const uint8_t product[16] = {
        0xd3, 0xc9, 0xd5, 0xe4, 0xe7, 0xd2, 0xd9, 0xd5, 0xd3, 0,
        0xf2, 0xf6, 0xf0, 0xf1, 0xf0, 0xf0 };

    qtest_memwrite(b->qts, PRODUCT, product, sizeof(product));
    qtest_writeb(b->qts, PRODUCT + 9, record);
    qtest_memset(b->qts, PARMS, 0x5a, 32);      /* the unused fields */
    qtest_writew(b->qts, PARMS, diag);
    qtest_writeb(b->qts, PARMS + 2, fn);
    qtest_writeb(b->qts, PARMS + 3, parlen);
    qtest_writew(b->qts, PARMS + 10, len);
    qtest_writeq(b->qts, PARMS + 16, PRODUCT);
    qtest_writeq(b->qts, PARMS + 24, buf);
}

/* DIAGNOSE X'DC' with Rx = 2 (and Ry = @ry) */
static void diag_dc(ZvmBare *b, int ry)
{
    uint64_t regs[14] = { [2] = PARMS, [4] = 0xdead };

    zvm_bare_op(b, OP_DIAG, 0xdc, 2, ry, regs);
}

static void call(ZvmBare *b, uint8_t fn, uint16_t len, uint64_t buf,
                 uint8_t record)
{
    parms(b, 0xdc, fn, 32, len, buf, record);
    diag_dc(b, 4);
}

static QList *prop(ZvmBare *b, const char *name)
{
    QDict *rsp = qtest_qmp(b->qts, "{ 'execute': 'qom-get', 'arguments': {"
                           " 'path': '/machine/zvm-personality/appldata',"
                           " 'property': %s } }", name);
    QList *l = qdict_get_qlist(rsp, "return");

    g_assert_nonnull(l);
    qobject_ref(l);
    qobject_unref(rsp);
    return l;
}

static QDict *find_buffer(QList *l, uint64_t addr, uint64_t len)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(l, e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));

        if (qdict_get_int(d, "address") == addr &&
            qdict_get_int(d, "length") == len) {
            return d;
        }
    }
    return NULL;
}

static int nr_buffers(ZvmBare *b)
{
    QList *l = prop(b, "buffers");
    int n = qlist_size(l);

    qobject_unref(l);
    return n;
}

static void assert_rc(ZvmBare *b, int rc)
{
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpuint(b->regs[4], ==, rc);
    g_assert_cmpint(b->cc, ==, rc ? 1 : 0);
}

static void test_buffers(void)
{
    ZvmBare *b = zvm_bare_start("");
    QList *l;
    QDict *d;

    qtest_memwrite(b->qts, BUF, "SAMPLE", 6);
    call(b, START_INTERVAL, 144, BUF, 1);
    assert_rc(b, 0);
    call(b, START_CONFIG, 96, BUF + 0x100, 3);
    assert_rc(b, 0);
    /* the same buffer again: still one registration */
    call(b, START_INTERVAL, 144, BUF, 1);
    assert_rc(b, 0);
    l = prop(b, "buffers");
    g_assert_cmpint(qlist_size(l), ==, 2);
    d = qobject_to(QDict, qlist_peek(l));
    g_assert_cmpstr(qdict_get_str(d, "product"), ==,
                    "LINUXKR d5d3 01 f2f6 f0f1 f0f0");
    g_assert_cmpstr(qdict_get_str(d, "function"), ==, "interval");
    g_assert_cmpuint(qdict_get_int(d, "address"), ==, BUF);
    g_assert_cmpuint(qdict_get_int(d, "length"), ==, 144);
    qobject_unref(l);
    /* appldata_os with a new length: START new, then STOP old */
    call(b, START_INTERVAL, 180, BUF, 1);
    call(b, STOP, 144, BUF, 1);
    assert_rc(b, 0);
    l = prop(b, "buffers");
    g_assert_cmpint(qlist_size(l), ==, 2);
    g_assert_nonnull(find_buffer(l, BUF, 180));
    g_assert_null(find_buffer(l, BUF, 144));
    qobject_unref(l);
    call(b, STOP, 180, BUF, 1);
    call(b, STOP, 96, BUF + 0x100, 3);
    g_assert_cmpint(nr_buffers(b), ==, 0);
    /* a reset ends all monitoring */
    call(b, START_INTERVAL, 144, BUF, 1);
    g_assert_cmpint(nr_buffers(b), ==, 1);
    qtest_system_reset(b->qts);
    g_assert_cmpint(nr_buffers(b), ==, 0);
    zvm_bare_quit(b);
}

static void test_event(void)
{
    ZvmBare *b = zvm_bare_start("");
    QList *l;
    QDict *d;

    qtest_memwrite(b->qts, BUF, "EVENT-1", 7);
    call(b, GEN_EVENT, 7, BUF, 8);
    assert_rc(b, 0);
    /* copied when given: a later change is not in it */
    qtest_memwrite(b->qts, BUF, "CHANGED", 7);
    l = prop(b, "events");
    g_assert_cmpint(qlist_size(l), ==, 1);
    d = qobject_to(QDict, qlist_peek(l));
    g_assert_cmpstr(qdict_get_str(d, "data"), ==, "4556454e542d31");
    g_assert_cmpuint(qdict_get_int(d, "length"), ==, 7);
    g_assert_cmpuint(qdict_get_int(d, "number"), ==, 0);
    qobject_unref(l);
    g_assert_cmpint(nr_buffers(b), ==, 0);
    zvm_bare_quit(b);
}

static void test_refused(void)
{
    ZvmBare *b = zvm_bare_start("");

    call(b, START_INTERVAL, 0, BUF, 1);                 /* length 0 */
    assert_rc(b, 6);
    call(b, GEN_EVENT, 4013, BUF, 1);                   /* over 4012 */
    assert_rc(b, 6);
    call(b, START_INTERVAL, 4012, BUF, 1);              /* 4012: fine */
    assert_rc(b, 0);
    parms(b, 0xdd, START_INTERVAL, 32, 8, BUF, 1);      /* not X'00DC' */
    diag_dc(b, 4);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    parms(b, 0xdc, START_INTERVAL, 16, 8, BUF, 1);      /* 31-bit list */
    diag_dc(b, 4);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    parms(b, 0xdc, 0x84, 32, 8, BUF, 1);                /* no function */
    diag_dc(b, 4);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    call(b, START_INTERVAL, 8, 1ULL << 40, 1);          /* buffer */
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    parms(b, 0xdc, START_INTERVAL, 32, 8, BUF, 1);      /* product ID */
    qtest_writeq(b->qts, PARMS + 16, 1ULL << 40);
    diag_dc(b, 4);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    /* Rx = Ry, as the compiler may choose: read before written */
    parms(b, 0xdc, STOP, 32, 4012, BUF, 1);
    diag_dc(b, 2);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpuint(b->regs[2], ==, 0);
    g_assert_cmpint(nr_buffers(b), ==, 0);
    zvm_bare_quit(b);
}

/* 255 buffers at most: the next gets return code 7 */
static void test_too_many(void)
{
    ZvmBare *b = zvm_bare_start("");

    for (int i = 0; i < 255; i++) {
        call(b, START_INTERVAL, 8, BUF + 8 * i, 1);
        assert_rc(b, 0);
    }
    call(b, START_INTERVAL, 8, BUF + 8 * 255, 1);
    assert_rc(b, 7);
    call(b, STOP, 8, BUF, 1);
    call(b, START_INTERVAL, 8, BUF + 8 * 255, 1);
    assert_rc(b, 0);
    zvm_bare_quit(b);
}

/* Without OPTION APPLMON: return code 5 */
static void test_not_authorized(void)
{
    ZvmBare *b = zvm_bare_start(" -global zvm-appldata.applmon=off");

    call(b, START_INTERVAL, 144, BUF, 1);
    assert_rc(b, 5);
    call(b, GEN_EVENT, 8, BUF, 1);
    assert_rc(b, 5);
    g_assert_cmpint(nr_buffers(b), ==, 0);
    zvm_bare_quit(b);
}

/*
 * Migration (to a file) carries the registered buffers and the events;
 * a destination without the personality refuses the stream
 */
static void test_migration(void)
{
    g_autofree char *dir = g_dir_make_tmp("zvm-appldata-mig-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s/migration.bin", dir);
    ZvmBare *a = zvm_bare_start(""), b = { 0 };
    QList *l;

    call(a, START_INTERVAL, 144, BUF, 1);
    call(a, START_CONFIG, 96, BUF + 0x100, 3);
    qtest_memwrite(a->qts, BUF + 0x200, "EV", 2);
    call(a, GEN_EVENT, 2, BUF + 0x200, 8);
    b.req = zvm_bare_migrate_and_quit(a, uri);

    b.qts = zvm_bare_start_incoming(",zvm=on", 128, uri);
    zvm_bare_wait_migration(b.qts, "completed");
    qtest_qmp_assert_success(b.qts, "{'execute': 'cont'}");
    g_assert_cmpint(nr_buffers(&b), ==, 2);
    l = prop(&b, "buffers");
    g_assert_nonnull(find_buffer(l, BUF, 144));
    g_assert_nonnull(find_buffer(l, BUF + 0x100, 96));
    qobject_unref(l);
    l = prop(&b, "events");
    g_assert_cmpint(qlist_size(l), ==, 1);
    g_assert_cmpstr(qdict_get_str(qobject_to(QDict, qlist_peek(l)), "data"),
                    ==, "4556");
    qobject_unref(l);
    /* the guest goes on: STOP of a migrated buffer */
    call(&b, STOP, 144, BUF, 1);
    assert_rc(&b, 0);
    g_assert_cmpint(nr_buffers(&b), ==, 1);
    qtest_quit(b.qts);

    /* a destination with zvm=off has no such devices: refused */
    b.qts = zvm_bare_start_incoming(",zvm=off", 128, uri);
    qtest_set_expected_status(b.qts, 1);
    qtest_wait_qemu(b.qts);
    qtest_quit(b.qts);
    g_assert_cmpint(unlink(uri + 5), ==, 0);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

static void test_zvm_off(void)
{
    ZvmBare *b = zvm_bare_start(",zvm=off");

    call(b, START_INTERVAL, 144, BUF, 1);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_quit(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/zvm/appldata/buffers", test_buffers);
    qtest_add_func("/zvm/appldata/event", test_event);
    qtest_add_func("/zvm/appldata/refused", test_refused);
    qtest_add_func("/zvm/appldata/too-many", test_too_many);
    qtest_add_func("/zvm/appldata/not-authorized", test_not_authorized);
    qtest_add_func("/zvm/appldata/migration", test_migration);
    qtest_add_func("/zvm/appldata/zvm-off", test_zvm_off);
    return g_test_run();
}
