/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm saved segments on bare metal: DIAGNOSE X'64' registers,
 * condition codes and return codes, the SEGEXT blocks, mapping at the
 * fixed address, type semantics (read-only, shared between two QEMU
 * processes, exclusive), overlap policies, startup validation of the
 * segment store, QMP. The guest is payloads/driver.S, 128 MiB.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qjson.h"
#include "qapi/error.h"
#include "qemu/bswap.h"
#include "zvm-bare.h"

#define MiB         (1024 * 1024ULL)
#define NAME_ADDR   0x20000     /* segment name */
#define QIN_ADDR    0x21000     /* SEGEXT input block */
#define QOUT_ADDR   0x22000     /* SEGEXT output area */

#define RC_NOT_FOUND    44
#define RC_IN_USE       251
#define RC_OVERLAP      252
#define RC_ABOVE_2G     253

enum {
    LOADSHR = 0x00, LOADNSR = 0x04, PURGESEG = 0x08, FINDSEG = 0x0c,
    SEGEXT = 0x18, LOADSHRX = 0x20, LOADNSRX = 0x24, FINDSEGX = 0x2c,
    SEGEXTX = 0x38,
};

static char *store;

/* Contents of segment images: every doubleword names its offset */
static uint64_t pattern(uint64_t seed, uint64_t off)
{
    return seed << 48 | off;
}

static void make_segment_in(const char *dir, const char *name,
                            const char *ops, uint64_t size, uint64_t seed)
{
    g_autofree char *def = g_strdup_printf("%s/%s.defseg", dir, name);
    g_autofree char *img = g_strdup_printf("%s/%s.img", dir, name);
    g_autofree uint64_t *buf = g_new(uint64_t, size / 8);

    for (uint64_t i = 0; i < size / 8; i++) {
        buf[i] = cpu_to_be64(pattern(seed, i * 8));
    }
    g_assert_true(g_file_set_contents(def, ops, -1, NULL));
    g_assert_true(g_file_set_contents(img, (char *)buf, size, NULL));
}

static void make_segment(const char *name, const char *ops, uint64_t size,
                         uint64_t seed)
{
    make_segment_in(store, name, ops, size, seed);
}

static uint64_t host_word(const char *name, uint64_t off)
{
    g_autofree char *img = g_strdup_printf("%s/%s.img", store, name);
    g_autofree char *data = NULL;
    gsize len;

    g_assert_true(g_file_get_contents(img, &data, &len, NULL));
    g_assert_cmpuint(off + 8, <=, len);
    return be64_to_cpu(*(uint64_t *)(data + off));
}

static char *start_args(const char *more)
{
    return g_strdup_printf(",zvm-dcss-store=%s%s", store, more ? more : "");
}

static ZvmBare *start(const char *more)
{
    g_autofree char *args = start_args(more);

    return zvm_bare_start(args);
}

/* DIAGNOSE X'64' @subcode on @name (at NAME_ADDR) */
static void diag64(ZvmBare *b, int subcode, const char *name)
{
    zvm_bare_put_ebcdic(b, NAME_ADDR, name, 8);
    zvm_bare_diag(b, 0x64, NAME_ADDR, subcode);
}

static void assert_loaded(ZvmBare *b, uint64_t start, uint64_t end, int cc)
{
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, cc);
    g_assert_cmphex(b->regs[2], ==, start);     /* Rx: first byte */
    g_assert_cmphex(b->regs[4], ==, end);       /* Ry: last byte */
}

static void assert_rc(ZvmBare *b, uint64_t rc)
{
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 2);
    g_assert_cmpuint(b->regs[4], ==, rc);
}

/* SEGEXT: Linux's qin64 -> qout64 (qtest accesses are big-endian) */
static void segext(ZvmBare *b, int subcode, const char *name, int16_t outlen)
{
    uint8_t qin[24] = { 0x0c };

    qtest_memwrite(b->qts, QIN_ADDR, qin, sizeof(qin));
    zvm_bare_put_ebcdic(b, QIN_ADDR + 8, name, 8);
    qtest_writel(b->qts, QIN_ADDR + 16, QOUT_ADDR);
    qtest_writew(b->qts, QIN_ADDR + 20, outlen);
    qtest_memset(b->qts, QOUT_ADDR, 0xee, 256);
    zvm_bare_diag(b, 0x64, QIN_ADDR, subcode);
}

static uint64_t qout64(ZvmBare *b, int off)
{
    return qtest_readq(b->qts, QOUT_ADDR + off);
}

static uint32_t qout32(ZvmBare *b, int off)
{
    return qtest_readl(b->qts, QOUT_ADDR + off);
}

static void test_segext(void)
{
    ZvmBare *b = start(NULL);

    segext(b, SEGEXTX, "SEGSR", 120);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmphex(qout64(b, 0), ==, 0x10000000);          /* segstart */
    g_assert_cmphex(qout64(b, 8), ==, 0x100fffff);          /* segend */
    g_assert_cmpuint(qout32(b, 16), ==, 1);                 /* segcnt */
    g_assert_cmphex(qout64(b, 24), ==, 0x10000000 | 2);     /* SR */
    g_assert_cmphex(qout64(b, 32), ==, 0x100fffff);
    g_assert_cmphex(qtest_readb(b->qts, QOUT_ADDR + 40), ==, 0xee);

    /* two contiguous ranges, EW then EN */
    segext(b, SEGEXTX, "SEGMULTI", 120);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmpuint(qout32(b, 16), ==, 2);
    g_assert_cmpuint(qout32(b, 20), ==, 2);
    g_assert_cmphex(qout64(b, 24), ==, 0x10400000 | 1);     /* EW */
    g_assert_cmphex(qout64(b, 32), ==, 0x104fffff);
    g_assert_cmphex(qout64(b, 40), ==, 0x10500000 | 5);     /* EN */
    g_assert_cmphex(qout64(b, 48), ==, 0x105fffff);

    /* room for one range only: cc 1, segrcnt 1, nothing beyond */
    segext(b, SEGEXTX, "SEGMULTI", 40);
    g_assert_cmpint(b->cc, ==, 1);
    g_assert_cmpuint(qout32(b, 16), ==, 2);
    g_assert_cmpuint(qout32(b, 20), ==, 1);
    g_assert_cmphex(qtest_readb(b->qts, QOUT_ADDR + 40), ==, 0xee);

    /* the 31-bit block: 4-byte addresses */
    segext(b, SEGEXT, "SEGSR", 64);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmphex(qout32(b, 0), ==, 0x10000000);
    g_assert_cmphex(qout32(b, 4), ==, 0x100fffff);
    g_assert_cmphex(qout32(b, 16), ==, 0x10000002);
    segext(b, SEGEXT, "SEGHI", 64);
    assert_rc(b, RC_ABOVE_2G);
    zvm_bare_quit(b);
}

static void test_segext_errors(void)
{
    ZvmBare *b = start(NULL);

    segext(b, SEGEXTX, "NOSUCH", 120);
    assert_rc(b, RC_NOT_FOUND);
    segext(b, SEGEXTX, "segsr", 120);           /* CP names: upper case */
    assert_rc(b, RC_NOT_FOUND);
    segext(b, SEGEXTX, "", 120);
    assert_rc(b, RC_NOT_FOUND);
    segext(b, SEGEXTX, "SEGSR", 16);            /* shorter than a header */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    /* input block misaligned, across a page, beyond storage */
    zvm_bare_diag(b, 0x64, QIN_ADDR + 4, SEGEXTX);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_diag(b, 0x64, QIN_ADDR + 0xff8, SEGEXTX);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_diag(b, 0x64, 200 * MiB, SEGEXTX);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    zvm_bare_quit(b);
}

static void test_bad_calls(void)
{
    ZvmBare *b = start(NULL);
    uint64_t regs[14] = { [2] = NAME_ADDR, [4] = LOADSHRX };

    diag64(b, 0x30, "SEGSR");                   /* no such subcode */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_diag(b, 0x64, NAME_ADDR + 4, LOADSHRX);  /* name misaligned */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_diag(b, 0x64, 200 * MiB, LOADSHRX);      /* beyond storage */
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    zvm_bare_op(b, OP_DIAG_PROBLEM, 0x64, 2, 4, regs);
    g_assert_cmphex(b->pgm, ==, PGM_PRIVILEGED);
    diag64(b, LOADSHRX, "NOSUCH");
    assert_rc(b, RC_NOT_FOUND);
    diag64(b, PURGESEG, "NOSUCH");
    assert_rc(b, RC_NOT_FOUND);
    diag64(b, LOADSHRX, "        ");
    assert_rc(b, RC_NOT_FOUND);
    zvm_bare_quit(b);
}

/* Without the personality DIAGNOSE X'64' is upstream's spec. exception */
static void test_personality_off(void)
{
    g_autofree char *elf = zvm_payload("driver");
    QTestState *qts = qtest_initf("-machine s390-ccw-virtio -accel tcg "
                                  "-nodefaults -m 128 -kernel %s", elf);
    ZvmBare b = { .qts = qts };

    while (qtest_readq(qts, PAYLOAD_RESULTS + MB_READY) != PAYLOAD_DONE) {
        g_usleep(1000);
    }
    diag64(&b, FINDSEGX, "SEGSR");
    g_assert_cmphex(b.pgm, ==, PGM_SPECIFICATION);
    qtest_quit(qts);
}

/* Load shared, read the image, a store is refused, purge unmaps */
static void test_load_sr(void)
{
    ZvmBare *b = start(NULL);

    g_assert_cmphex(zvm_bare_load(b, 0x10000000), ==, 0xdeadbeefdeadbeef);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);         /* never loaded */
    diag64(b, FINDSEGX, "SEGSR");
    assert_loaded(b, 0x10000000, 0x100fffff, 1);         /* not loaded */
    diag64(b, LOADSHRX, "SEGSR");
    assert_loaded(b, 0x10000000, 0x100fffff, 0);
    diag64(b, FINDSEGX, "SEGSR");
    assert_loaded(b, 0x10000000, 0x100fffff, 0);         /* loaded */
    g_assert_cmphex(zvm_bare_load(b, 0x10000000 + 0x5008), ==,
                    pattern(1, 0x5008));
    g_assert_cmphex(zvm_bare_load(b, 0x100ffff8), ==, pattern(1, 0xffff8));
    zvm_bare_store(b, 0x10000000 + 0x5008, 0x1234);
    g_assert_cmphex(b->pgm, ==, PGM_PROTECTION);
    g_assert_cmphex(zvm_bare_load(b, 0x10000000 + 0x5008), ==,
                    pattern(1, 0x5008));
    g_assert_cmphex(host_word("SEGSR", 0x5008), ==, pattern(1, 0x5008));

    diag64(b, PURGESEG, "SEGSR");
    g_assert_cmpint(b->cc, ==, 0);
    zvm_bare_load(b, 0x10000000);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    diag64(b, PURGESEG, "SEGSR");               /* not loaded: ignored */
    g_assert_cmpint(b->cc, ==, 1);
    zvm_bare_quit(b);
}

/* QMP zvm-inject-fault with @args, the fault it returns (unref it) */
static QDict *inject(QTestState *qts, const char *args)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'zvm-inject-fault', "
                           "'arguments': %p }",
                           qobject_from_json(args, &error_abort));
    QDict *ret = qdict_get_qdict(rsp, "return");

    if (!ret) {
        g_test_message("zvm-inject-fault %s: %s", args,
                       qdict_get_str(qdict_get_qdict(rsp, "error"), "desc"));
    }
    g_assert_nonnull(ret);
    qobject_ref(ret);
    qobject_unref(rsp);
    return ret;
}

static void inject_error(QTestState *qts, const char *args, const char *msg)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'zvm-inject-fault', "
                           "'arguments': %p }",
                           qobject_from_json(args, &error_abort));
    QDict *err = qdict_get_qdict(rsp, "error");

    g_assert_nonnull(err);
    g_assert_cmpstr(qdict_get_str(err, "desc"), ==, msg);
    qobject_unref(rsp);
}

/*
 * Fault injection: the next matching DIAGNOSE X'64' requests get the
 * chosen answer and change nothing; other subcodes and segments, and the
 * requests after the count, get the model's answers.
 */
static void test_fault_injection(void)
{
    ZvmBare *b = start(NULL);
    QDict *f, *rsp;
    QList *list;

    f = inject(b->qts, "{ 'target': 'diag64', 'code': 32, "
               "'segment': 'segsr', 'rc': 44, 'count': 2 }");
    g_assert_cmpint(qdict_get_int(f, "id"), ==, 1);
    g_assert_cmpstr(qdict_get_str(f, "segment"), ==, "SEGSR");
    g_assert_cmpint(qdict_get_int(f, "cc"), ==, 2);
    g_assert_cmpint(qdict_get_int(f, "remaining"), ==, 2);
    qobject_unref(f);
    f = inject(b->qts, "{ 'target': 'diag64', 'code': 56, 'cc': 3, "
               "'rc': 7 }");
    qobject_unref(f);

    /* LOADSHRX of SEGSR fails twice, loading nothing */
    for (int i = 0; i < 2; i++) {
        diag64(b, LOADSHRX, "SEGSR");
        assert_rc(b, 44);
        zvm_bare_load(b, 0x10000000);
        g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    }
    /* FINDSEGX is another subcode: the model answers */
    diag64(b, FINDSEGX, "SEGSR");
    assert_loaded(b, 0x10000000, 0x100fffff, 1);
    /* then it loads */
    diag64(b, LOADSHRX, "SEGSR");
    assert_loaded(b, 0x10000000, 0x100fffff, 0);
    /* any segment's SEGEXTX, once, with cc 3 */
    segext(b, SEGEXTX, "SEGMULTI", 120);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 3);
    g_assert_cmpuint(b->regs[4], ==, 7);
    g_assert_cmphex(qout64(b, 0), ==, 0xeeeeeeeeeeeeeeeeULL);   /* no output */
    segext(b, SEGEXTX, "SEGMULTI", 120);
    g_assert_cmpint(b->cc, ==, 0);

    rsp = qtest_qmp(b->qts, "{ 'execute': 'query-zvm-faults' }");
    list = qdict_get_qlist(rsp, "return");
    g_assert_cmpint(qlist_size(list), ==, 2);
    f = qobject_to(QDict, qlist_peek(list));
    g_assert_cmpint(qdict_get_int(f, "injected"), ==, 2);
    g_assert_cmpint(qdict_get_int(f, "remaining"), ==, 0);
    qobject_unref(rsp);

    /* what the command refuses */
    inject_error(b->qts, "{ 'target': 'diag64', 'code': 32 }",
                 "target 'diag64' needs 'rc'");
    inject_error(b->qts, "{ 'target': 'diag64', 'code': 32, 'rc': 1, "
                 "'cc': 0 }", "'cc' must be 1, 2 or 3");
    inject_error(b->qts, "{ 'target': 'diag64', 'code': 32, 'rc': 1, "
                 "'response': 64 }", "'response' is for target 'sclp'");
    inject_error(b->qts, "{ 'target': 'sclp', 'code': 851969, "
                 "'segment': 'X', 'response': 64 }",
                 "'segment' is for target 'diag64'");
    inject_error(b->qts, "{ 'target': 'sclp', 'code': 851969 }",
                 "target 'sclp' needs 'response'");
    inject_error(b->qts, "{ 'target': 'sclp', 'code': 851969, "
                 "'response': 64, 'count': 0 }",
                 "'count' must be at least 1");

    qtest_qmp_assert_success(b->qts, "{ 'execute': 'zvm-clear-faults' }");
    rsp = qtest_qmp(b->qts, "{ 'execute': 'query-zvm-faults' }");
    g_assert_cmpint(qlist_size(qdict_get_qlist(rsp, "return")), ==, 0);
    qobject_unref(rsp);
    zvm_bare_quit(b);
}

/* HMP @cmd's output, which must contain @expect */
static void assert_hmp(QTestState *qts, const char *cmd, const char *expect)
{
    g_autofree char *out = qtest_hmp(qts, "%s", cmd);

    if (!strstr(out, expect)) {
        g_test_message("'%s' printed '%s', not '%s'", cmd, out, expect);
    }
    g_assert_nonnull(strstr(out, expect));
}

/*
 * The HMP twin: "zvm_fault" lists, injects with the keys of
 * zvm-inject-fault and clears; what QMP refuses it refuses with the same
 * message.
 */
static void test_fault_injection_hmp(void)
{
    ZvmBare *b = start(NULL);

    assert_hmp(b->qts, "zvm_fault", "no faults injected");
    assert_hmp(b->qts, "zvm_fault target=diag64,code=32,segment=segsr,"
               "rc=44,count=2",
               "1: diag64 code=0x20 segment=SEGSR cc=2 rc=44 injected=0 "
               "remaining=2");
    assert_hmp(b->qts, "zvm_fault target=sclp,code=0x000d0001,"
               "increment=257,response=0x40",
               "2: sclp code=0xd0001 increment=257 response=0x0040 "
               "injected=0 remaining=1");
    diag64(b, LOADSHRX, "SEGSR");
    assert_rc(b, 44);
    assert_hmp(b->qts, "zvm_fault",
               "1: diag64 code=0x20 segment=SEGSR cc=2 rc=44 injected=1 "
               "remaining=1\r\n2: sclp code=0xd0001 increment=257 "
               "response=0x0040 injected=0 remaining=1");
    /* refused: by the command, by the schema, by the key=value syntax */
    assert_hmp(b->qts, "zvm_fault target=diag64,code=32",
               "Error: target 'diag64' needs 'rc'");
    assert_hmp(b->qts, "zvm_fault target=diag64,code=32,rc=1,cc=4",
               "Error: 'cc' must be 1, 2 or 3");
    assert_hmp(b->qts, "zvm_fault target=diag65,code=32,rc=1",
               "Error: Parameter 'target' does not accept value 'diag65'");
    assert_hmp(b->qts, "zvm_fault target=diag64,code=x,rc=1",
               "Error: Parameter 'code' expects");
    assert_hmp(b->qts, "zvm_fault target=diag64,code=32,rc=1,colour=red",
               "Error: Parameter 'colour' is unexpected");
    assert_hmp(b->qts, "zvm_fault code=32,rc=1",
               "Error: Parameter 'target' is missing");
    assert_hmp(b->qts, "zvm_fault", "remaining=1\r\n2: sclp");
    assert_hmp(b->qts, "zvm_fault clear", "");
    assert_hmp(b->qts, "zvm_fault", "no faults injected");
    /* the rest of SEGSR's faults went with them */
    diag64(b, LOADSHRX, "SEGSR");
    assert_loaded(b, 0x10000000, 0x100fffff, 0);
    zvm_bare_quit(b);
}

/* Every byte of segment @name's image file */
static char *host_image(const char *name, gsize *len)
{
    g_autofree char *img = g_strdup_printf("%s/%s.img", store, name);
    char *data = NULL;

    g_assert_true(g_file_get_contents(img, &data, len, NULL));
    return data;
}

/* SERVICE CALL @cmd with the SCCB at @addr, as it is there */
static void servc(ZvmBare *b, uint32_t cmd, uint64_t addr)
{
    uint64_t regs[14] = { [2] = cmd, [3] = addr };

    zvm_bare_op(b, OP_SERVC, 0, 0, 0, regs);
}

#define CMD_READ_SCP_INFO   0x00020001
#define CMD_ATTACH_1        0x00080101      /* element 1: standby */

static bool standby_attached(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'query-standby-storage' }");
    bool v = qdict_get_bool(qdict_get_qdict(rsp, "return"), "attached");

    qobject_unref(rsp);
    return v;
}

/*
 * An SCCB in a read-only segment cannot be stored back: SERVICE CALL
 * gets an addressing exception before the command runs (the command
 * does not take effect), QEMU goes on and the image is unchanged. The
 * image's first halfword is 0x1000, a valid SCCB length.
 */
static void test_sccb_in_readonly_segment(void)
{
    g_autofree char *args = start_args(",standby-mem=256M");
    ZvmBare *b = zvm_bare_start_m(args, 256);
    gsize len, len_after;
    g_autofree char *before = host_image("SEGSCCB", &len);
    g_autofree char *after = NULL;

    diag64(b, LOADSHRX, "SEGSCCB");
    assert_loaded(b, 0x60000000, 0x600fffff, 0);
    g_assert_cmphex(zvm_bare_load(b, 0x60000000) >> 48, ==, 0x1000);

    servc(b, CMD_READ_SCP_INFO, 0x60000000);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    servc(b, CMD_ATTACH_1, 0x60000000);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    g_assert_false(standby_attached(b->qts));
    /* an SCCB 8 bytes before the end of the segment's last page */
    servc(b, CMD_READ_SCP_INFO, 0x600ffff8);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);

    after = host_image("SEGSCCB", &len_after);
    g_assert_cmpuint(len, ==, len_after);
    g_assert_true(memcmp(before, after, len) == 0);

    /* the same command with a writable SCCB works */
    qtest_memset(b->qts, 0x20000, 0, 4096);
    qtest_writew(b->qts, 0x20000, 4096);
    servc(b, CMD_ATTACH_1, 0x20000);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmphex(qtest_readw(b->qts, 0x20006), ==, 0x0020);
    g_assert_true(standby_attached(b->qts));
    zvm_bare_quit(b);
}

/* An SCCB that crosses from storage into a read-only segment */
static void test_sccb_into_readonly_segment(void)
{
    g_autofree char *args = start_args(NULL);
    ZvmBare *b = zvm_bare_start_m(args, 256);

    diag64(b, LOADSHR, "SEGSR");                /* right above storage */
    assert_loaded(b, 0x10000000, 0x100fffff, 0);
    qtest_memset(b->qts, 0x0ffffff8, 0, 8);
    qtest_writew(b->qts, 0x0ffffff8, 16);
    servc(b, CMD_READ_SCP_INFO, 0x0ffffff8);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    g_assert_cmphex(host_word("SEGSR", 0), ==, pattern(1, 0));
    /* still running: the segment reads as before */
    g_assert_cmphex(zvm_bare_load(b, 0x10000008), ==, pattern(1, 8));
    zvm_bare_quit(b);
}

/*
 * TEST PROTECTION: a page of a read-only segment is fetch-only (cc 1),
 * a shared writable one is writable (cc 0), a purged one is no storage.
 */
static void test_tprot(void)
{
    ZvmBare *b = start(NULL);
    uint64_t regs[14] = { [2] = 0x10000000 + 0x3000 };

    diag64(b, LOADSHRX, "SEGSR");
    diag64(b, LOADSHRX, "SEGSW");
    zvm_bare_op(b, OP_TPROT, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 1);
    /* after a load has put the page in the TLB */
    zvm_bare_load(b, 0x10000000 + 0x3000);
    zvm_bare_op(b, OP_TPROT, 0, 0, 0, regs);
    g_assert_cmpint(b->cc, ==, 1);
    regs[2] = 0x10100000 + 0x3000;
    zvm_bare_op(b, OP_TPROT, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    diag64(b, PURGESEG, "SEGSR");
    regs[2] = 0x10000000 + 0x3000;
    zvm_bare_op(b, OP_TPROT, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    zvm_bare_quit(b);
}

/*
 * scripts/mkdcss takes every name character QEMU and z/VM take
 * (A-Z 0-9 @ # $ _ -), and QEMU loads such a segment
 */
static void test_mkdcss_names(void)
{
    const char *good[] = { "A$B_C", "$_", "@#-9", "SEGMKDC$" };
    const char *bad[] = { "lower", "TOOLONG99", "A B", "A*", "" };
    g_autofree char *mkdcss = g_build_filename(g_getenv("ZVM_TOP"), "scripts",
                                               "mkdcss", NULL);
    ZvmBare *b;

    for (int i = 0; i < G_N_ELEMENTS(good); i++) {
        g_autofree char *cmd = g_strdup_printf("'%s' '%s' '%s' '%X-%X SR'"
                                               " >/dev/null", mkdcss, store,
                                               good[i], 0x30000 + i * 0x100,
                                               0x300FF + i * 0x100);

        g_test_message("mkdcss %s", good[i]);
        g_assert_cmpint(system(cmd), ==, 0);
    }
    for (int i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *cmd = g_strdup_printf("'%s' '%s' '%s' '30800-308FF SR'"
                                               " 2>/dev/null", mkdcss, store,
                                               bad[i]);

        g_assert_cmpint(system(cmd), !=, 0);
    }
    b = start(NULL);
    diag64(b, LOADSHRX, "A$B_C");
    assert_loaded(b, 0x30000000, 0x300fffff, 0);
    diag64(b, LOADSHRX, "$_");
    assert_loaded(b, 0x30100000, 0x301fffff, 0);
    zvm_bare_quit(b);
}

/* Nonshared: a private writable copy, discarded by the purge */
static void test_load_nonshared(void)
{
    ZvmBare *b = start(NULL);

    diag64(b, LOADNSRX, "SEGSR");
    assert_loaded(b, 0x10000000, 0x100fffff, 0);
    zvm_bare_store(b, 0x10000010, 0x1234);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(zvm_bare_load(b, 0x10000010), ==, 0x1234);
    g_assert_cmphex(host_word("SEGSR", 0x10), ==, pattern(1, 0x10));
    diag64(b, PURGESEG, "SEGSR");
    diag64(b, LOADSHRX, "SEGSR");
    g_assert_cmphex(zvm_bare_load(b, 0x10000010), ==, pattern(1, 0x10));
    zvm_bare_quit(b);
}

/* SW: a store of one guest is seen by another QEMU process and the file */
static void test_shared_writable(void)
{
    ZvmBare *a = start(NULL), *b = start(NULL);

    diag64(a, LOADSHRX, "SEGSW");
    assert_loaded(a, 0x10100000, 0x101fffff, 0);
    diag64(b, LOADSHRX, "SEGSW");
    assert_loaded(b, 0x10100000, 0x101fffff, 0);
    zvm_bare_store(a, 0x10100100, 0x1122334455667788ULL);
    g_assert_cmphex(a->pgm, ==, PGM_NONE);
    g_assert_cmphex(zvm_bare_load(b, 0x10100100), ==, 0x1122334455667788ULL);
    g_assert_cmphex(host_word("SEGSW", 0x100), ==, 0x1122334455667788ULL);
    zvm_bare_quit(a);
    zvm_bare_quit(b);
}

/*
 * Two QEMUs loading and purging the same shared segment at once, LOADS
 * times each, both payloads running together: every load must succeed.
 */
static void shared_load_race(const char *name, uint64_t loads)
{
    ZvmBare *b[2] = { start(NULL), start(NULL) };
    uint64_t regs[14] = { [2] = NAME_ADDR, [3] = loads };
    const gint64 t0 = g_get_monotonic_time();

    for (int i = 0; i < 2; i++) {
        zvm_bare_put_ebcdic(b[i], NAME_ADDR, name, 8);
    }
    for (int i = 0; i < 2; i++) {
        zvm_bare_op_start(b[i], OP_DIAG64_LOOP, 0x64, 0, 0, regs);
    }
    for (int i = 0; i < 2; i++) {
        zvm_bare_op_wait(b[i], 300);
        g_test_message("%s, guest %d: %" PRIu64 " of %" PRIu64 " loads done"
                       " (last cc %d, rc %" PRIu64 ")", name, i,
                       loads - b[i]->regs[3], loads, b[i]->cc, b[i]->regs[4]);
    }
    g_test_message("%" PRIu64 " loads and purges per guest in %.1f s", loads,
                   (g_get_monotonic_time() - t0) / 1e6);
    for (int i = 0; i < 2; i++) {
        g_assert_cmphex(b[i]->pgm, ==, PGM_NONE);
        g_assert_cmpuint(b[i]->regs[3], ==, 0);
        g_assert_cmpint(b[i]->cc, ==, 0);
        zvm_bare_quit(b[i]);
    }
}

/* A shared read-only and a shared "no data saved" segment */
static void test_shared_load_race_sr(void)
{
    shared_load_race("SEGSR", 20000);
}

static void test_shared_load_race_sn(void)
{
    shared_load_race("SEGSN", 20000);
}

/*
 * Four QEMUs on one store, each looping: load the shared SEGSR (must
 * always work), try the exclusive SEGEW (rc 251 while another holds
 * it), and while holding it write a marker of its own into it and read
 * it back 64 times (a second holder would change it). Runs for
 * $ZVM_STRESS_SECONDS (10 in make check; make stress: 60).
 */
static void test_stress(void)
{
    const char *env = g_getenv("ZVM_STRESS_SECONDS");
    const int seconds = env ? atoi(env) : 10;
    const gint64 end = g_get_monotonic_time() + seconds * G_USEC_PER_SEC;
    uint64_t rounds = 0, acquired = 0, refused = 0;
    ZvmBare *b[4];

    for (int i = 0; i < 4; i++) {
        b[i] = start(NULL);
        zvm_bare_put_ebcdic(b[i], NAME_ADDR, "SEGSR", 8);
        zvm_bare_put_ebcdic(b[i], NAME_ADDR + 8, "SEGEW", 8);
    }
    while (g_get_monotonic_time() < end) {
        for (int i = 0; i < 4; i++) {
            uint64_t regs[14] = { [2] = NAME_ADDR, [3] = 200,
                                  [6] = 0x4d41524b00000000ULL | i,
                                  [7] = 0x10200000 + 0x800 };

            zvm_bare_op_start(b[i], OP_EXCL_LOOP, 0x64, 0, 0, regs);
        }
        for (int i = 0; i < 4; i++) {
            zvm_bare_op_wait(b[i], 120);
            if (b[i]->regs[8]) {
                g_test_message("guest %d: stage %" PRIu64 " failed, rc %"
                               PRIu64, i, b[i]->regs[8], b[i]->regs[4]);
            }
            g_assert_cmphex(b[i]->pgm, ==, PGM_NONE);
            g_assert_cmpuint(b[i]->regs[8], ==, 0);
            g_assert_cmpuint(b[i]->regs[3], ==, 0);
            acquired += b[i]->regs[9];
            refused += b[i]->regs[10];
            rounds += 200;
        }
    }
    g_test_message("4 QEMUs, %d s: %" PRIu64 " rounds, shared loads all "
                   "done, exclusive segment taken %" PRIu64 " times, "
                   "refused with rc 251 %" PRIu64 " times, never two "
                   "holders", seconds, rounds, acquired, refused);
    /* the guests really contended */
    g_assert_cmpuint(acquired, >, 0);
    g_assert_cmpuint(refused, >, 0);
    for (int i = 0; i < 4; i++) {
        zvm_bare_quit(b[i]);
    }
}

/* EW: one holder at a time; released by purge and by process exit */
static void test_exclusive(void)
{
    ZvmBare *a = start(NULL), *b = start(NULL);

    diag64(a, LOADSHRX, "SEGEW");
    assert_loaded(a, 0x10200000, 0x102fffff, 0);
    diag64(b, LOADSHRX, "SEGEW");
    assert_rc(b, RC_IN_USE);
    diag64(b, LOADNSRX, "SEGEW");
    assert_rc(b, RC_IN_USE);
    diag64(a, PURGESEG, "SEGEW");
    diag64(b, LOADSHRX, "SEGEW");
    assert_loaded(b, 0x10200000, 0x102fffff, 0);
    diag64(a, LOADSHRX, "SEGEW");
    assert_rc(a, RC_IN_USE);
    zvm_bare_quit(b);
    diag64(a, LOADSHRX, "SEGEW");
    assert_loaded(a, 0x10200000, 0x102fffff, 0);
    zvm_bare_quit(a);
}

/* SN/EN pages read as zeros, whatever the image holds */
static void test_no_data_saved(void)
{
    ZvmBare *b = start(NULL);

    diag64(b, LOADSHRX, "SEGMULTI");
    assert_loaded(b, 0x10400000, 0x105fffff, 0);
    g_assert_cmphex(zvm_bare_load(b, 0x10400008), ==, pattern(3, 8));
    g_assert_cmphex(zvm_bare_load(b, 0x10500008), ==, 0);
    zvm_bare_quit(b);
}

/* Default policy: overlaps with storage or a loaded segment are refused */
static void test_overlap_reject(void)
{
    ZvmBare *b = start(NULL);

    diag64(b, LOADSHRX, "SEGLOW");              /* inside the 128 MiB */
    assert_rc(b, RC_OVERLAP);
    g_assert_cmphex(zvm_bare_load(b, 0x100000), ==, 0);   /* storage */
    diag64(b, LOADSHRX, "SEGSR");
    g_assert_cmpint(b->cc, ==, 0);
    diag64(b, LOADSHRX, "SEGOVL");              /* covers SEGSR, SEGSW */
    assert_rc(b, RC_OVERLAP);
    g_assert_cmphex(zvm_bare_load(b, 0x10000000), ==, pattern(1, 0));
    zvm_bare_quit(b);
}

/* VM/370 overlay: cc 1, the segment covers storage, overlaid ones purged */
static void test_overlap_overlay(void)
{
    ZvmBare *b = start(",zvm-dcss-overlap=overlay");

    diag64(b, LOADSHRX, "SEGLOW");
    assert_loaded(b, 0x100000, 0x1fffff, 1);
    g_assert_cmphex(zvm_bare_load(b, 0x100008), ==, pattern(6, 8));
    diag64(b, PURGESEG, "SEGLOW");
    g_assert_cmphex(zvm_bare_load(b, 0x100008), ==, 0);   /* storage again */
    diag64(b, LOADSHRX, "SEGSR");
    diag64(b, LOADSHRX, "SEGOVL");
    assert_loaded(b, 0x10000000, 0x101fffff, 1);
    diag64(b, FINDSEGX, "SEGSR");
    g_assert_cmpint(b->cc, ==, 1);              /* purged by the overlay */
    g_assert_cmphex(zvm_bare_load(b, 0x10000008), ==, pattern(7, 8));
    zvm_bare_quit(b);
}

/* The 31-bit subcodes work below 2 GiB only */
static void test_31bit_subcodes(void)
{
    ZvmBare *b = start(NULL);

    diag64(b, LOADSHR, "SEGSR");
    assert_loaded(b, 0x10000000, 0x100fffff, 0);
    diag64(b, FINDSEG, "SEGSR");
    assert_loaded(b, 0x10000000, 0x100fffff, 0);
    diag64(b, LOADSHR, "SEGHI");
    assert_rc(b, RC_ABOVE_2G);
    diag64(b, LOADSHRX, "SEGHI");
    assert_loaded(b, 0x80000000, 0x800fffff, 0);
    zvm_bare_quit(b);
}

/* A system reset releases the segments */
static void test_reset_purges(void)
{
    ZvmBare *b = start(NULL);

    diag64(b, LOADSHRX, "SEGSR");
    g_assert_cmpint(b->cc, ==, 0);
    qtest_qmp_assert_success(b->qts, "{'execute': 'stop'}");
    qtest_qmp_assert_success(b->qts, "{'execute': 'system_reset'}");
    g_assert_cmphex(qtest_readq(b->qts, 0x10000000), ==, 0);   /* unmapped */
    qtest_quit(b->qts);
    g_free(b);
}

static QDict *find_segment(QList *list, const char *name)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(list, e) {
        QDict *seg = qobject_to(QDict, qlist_entry_obj(e));

        if (!strcmp(qdict_get_str(seg, "name"), name)) {
            return seg;
        }
    }
    g_assert_not_reached();
}

/* QMP: the store, what is loaded where and by how many guests; events */
static void test_qmp(void)
{
    ZvmBare *a = start(NULL), *b = start(NULL);
    QDict *rsp, *seg, *ev;
    QList *list, *ranges;
    g_autofree char *hmp = NULL;

    diag64(a, LOADSHRX, "SEGSW");
    ev = qtest_qmp_eventwait_ref(a->qts, "ZVM_DCSS_STATE_CHANGE");
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(ev, "data"), "name"), ==,
                    "SEGSW");
    g_assert_true(qdict_get_bool(qdict_get_qdict(ev, "data"), "loaded"));
    qobject_unref(ev);
    diag64(b, LOADNSRX, "SEGSW");

    rsp = qtest_qmp(a->qts, "{'execute': 'query-zvm-dcss'}");
    list = qdict_get_qlist(rsp, "return");
    seg = find_segment(list, "SEGSW");
    g_assert_true(qdict_get_bool(seg, "loaded"));
    g_assert_false(qdict_get_bool(seg, "nonshared"));
    g_assert_cmpint(qdict_get_int(seg, "holders"), ==, 2);
    g_assert_cmphex(qdict_get_int(seg, "start"), ==, 0x10100000);
    ranges = qdict_get_qlist(seg, "ranges");
    g_assert_cmpstr(qdict_get_str(qobject_to(QDict,
                    qlist_peek(ranges)), "type"), ==, "sw");
    seg = find_segment(list, "SEGSR");
    g_assert_false(qdict_get_bool(seg, "loaded"));
    g_assert_cmpint(qdict_get_int(seg, "holders"), ==, 0);
    qobject_unref(rsp);

    hmp = qtest_hmp(b->qts, "info dcss");
    g_assert_nonnull(strstr(hmp, "DCSS SEGSW (loaded nonshared)"));
    g_assert_nonnull(strstr(hmp, "storage"));
    zvm_bare_quit(a);
    zvm_bare_quit(b);
}

static QTestState *start_incoming_store(const char *dir, const char *uri)
{
    g_autofree char *opts = g_strdup_printf(",zvm=on,zvm-dcss-store=%s", dir);

    return zvm_bare_start_incoming(opts, 128, uri);
}

/*
 * Migration (to a file, as savevm does): the destination loads the same
 * segments before the guest runs; without them it fails.
 */
static void test_migration(void)
{
    g_autofree char *uri = g_strdup_printf("file:%s/migration.bin", store);
    g_autofree char *empty = g_dir_make_tmp("zvm-dcss-empty-XXXXXX", NULL);
    ZvmBare *a = start(NULL), b = { 0 };

    diag64(a, LOADSHRX, "SEGSR");
    diag64(a, LOADNSRX, "SEGSW");
    b.req = zvm_bare_migrate_and_quit(a, uri);

    b.qts = start_incoming_store(store, uri);
    zvm_bare_wait_migration(b.qts, "completed");
    qtest_qmp_assert_success(b.qts, "{'execute': 'cont'}");
    diag64(&b, FINDSEGX, "SEGSR");
    assert_loaded(&b, 0x10000000, 0x100fffff, 0);
    g_assert_cmphex(zvm_bare_load(&b, 0x10000008), ==, pattern(1, 8));
    zvm_bare_store(&b, 0x10000008, 0);
    g_assert_cmphex(b.pgm, ==, PGM_PROTECTION);          /* still SR */
    diag64(&b, FINDSEGX, "SEGSW");
    g_assert_cmpint(b.cc, ==, 0);
    qtest_quit(b.qts);

    /* a store without the segments: the incoming side gives up */
    b.qts = start_incoming_store(empty, uri);
    qtest_set_expected_status(b.qts, 1);
    qtest_wait_qemu(b.qts);
    qtest_quit(b.qts);
    g_assert_cmpint(rmdir(empty), ==, 0);
    g_assert_cmpint(unlink(uri + 5), ==, 0);
}

/* Make the zvm-dcss section of migration file @path name 2^32 - 1 segments */
static void corrupt_count(const char *path)
{
    g_autofree char *data = NULL;
    gsize len;
    char *sec;

    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    /* idstr, instance and version id, then the first field: mig_count */
    sec = memmem(data, len, "zvm-dcss", 8);
    g_assert_nonnull(sec);
    g_assert_cmpint(sec + 16 + 4 - data, <=, len);
    memset(sec + 16, 0xff, 4);
    g_assert_true(g_file_set_contents(path, data, len, NULL));
}

/*
 * The destination checks the source's segments against its own store:
 * a segment defined elsewhere there fails the migration with a message
 * naming both ranges, and nothing is loaded from it.
 */
static void test_migration_definitions(void)
{
    g_autofree char *other = g_dir_make_tmp("zvm-dcss-other-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s/migration.bin", other);
    g_autofree char *log = g_strdup_printf("%s/stderr", other);
    g_autofree char *opts = g_strdup_printf(",zvm=on,zvm-dcss-store=%s "
                                            "2>%s", other, log);
    g_autofree char *mk = g_strdup_printf("%s/scripts/mkdcss %s SEGSR "
                                          "'20000-200FF SR' >/dev/null",
                                          g_getenv("ZVM_TOP"), other);
    g_autofree char *rm = g_strdup_printf("rm -rf %s", other);
    g_autofree char *err = NULL;
    ZvmBare *a = start(NULL);
    QTestState *dst;

    diag64(a, LOADSHRX, "SEGSR");
    assert_loaded(a, 0x10000000, 0x100fffff, 0);
    zvm_bare_migrate_and_quit(a, uri);

    /* SEGSR 1 MiB at 512 MiB here, not at 256 MiB */
    g_assert_cmpint(system(mk), ==, 0);
    dst = zvm_bare_start_incoming(opts, 128, uri);
    qtest_set_expected_status(dst, 1);
    qtest_wait_qemu(dst);
    qtest_quit(dst);
    g_assert_true(g_file_get_contents(log, &err, NULL, NULL));
    g_assert_nonnull(strstr(err, "zvm-dcss: segment SEGSR is "
                            "0x10000000-0x100fffff on the source but "
                            "0x20000000-0x200fffff here"));

    /* a stream naming 2^32 - 1 loaded segments is refused before use */
    corrupt_count(uri + 5);
    g_free(opts);
    opts = g_strdup_printf(",zvm=on,zvm-dcss-store=%s 2>%s", store, log);
    dst = zvm_bare_start_incoming(opts, 128, uri);
    qtest_set_expected_status(dst, 1);
    qtest_wait_qemu(dst);
    qtest_quit(dst);
    g_free(err);
    g_assert_true(g_file_get_contents(log, &err, NULL, NULL));
    g_test_message("destination: %s", err);
    g_assert_nonnull(strstr(err, "zvm-dcss: loaded segments"));
    g_assert_cmpint(system(rm), ==, 0);
}

/* QEMU's status (query-status): running or not */
static bool vm_running(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{'execute': 'query-status'}");
    bool running = qdict_get_bool(qdict_get_qdict(rsp, "return"), "running");

    qobject_unref(rsp);
    return running;
}

#define RETURN_PATH " -global migration.x-return-path=on"

/*
 * A live migration (over a socket, with the return path) to a QEMU whose
 * store lacks a loaded segment: the destination refuses it, the
 * migration fails and the source goes on running the guest.
 */
static void test_migration_refused(void)
{
    g_autofree char *empty = g_dir_make_tmp("zvm-dcss-empty-XXXXXX", NULL);
    g_autofree char *sock = g_strdup_printf("unix:%s/migrate.sock", empty);
    g_autofree char *args = start_args(RETURN_PATH);
    g_autofree char *dopts = g_strdup_printf(",zvm=on,zvm-dcss-store=%s"
                                             RETURN_PATH, empty);
    ZvmBare *a = zvm_bare_start(args);
    QTestState *dst;

    diag64(a, LOADSHRX, "SEGSR");
    assert_loaded(a, 0x10000000, 0x100fffff, 0);
    dst = zvm_bare_start_incoming(dopts, 128, sock);
    qtest_set_expected_status(dst, 1);
    qtest_qmp_assert_success(a->qts, "{'execute': 'migrate',"
                             " 'arguments': {'uri': %s}}", sock);
    zvm_bare_wait_migration(a->qts, "failed");
    qtest_wait_qemu(dst);
    qtest_quit(dst);
    g_assert_true(vm_running(a->qts));
    /* the guest runs on, with its segment */
    g_assert_cmphex(zvm_bare_load(a, 0x10000008), ==, pattern(1, 8));
    diag64(a, FINDSEGX, "SEGSR");
    assert_loaded(a, 0x10000000, 0x100fffff, 0);
    zvm_bare_quit(a);

    /* without the return path a running guest with a segment stays */
    a = start(NULL);
    diag64(a, LOADSHRX, "SEGSR");
    dst = zvm_bare_start_incoming(dopts, 128, sock);
    qtest_qmp_assert_success(a->qts, "{'execute': 'migrate',"
                             " 'arguments': {'uri': %s}}", sock);
    zvm_bare_wait_migration(a->qts, "failed");
    g_assert_true(vm_running(a->qts));
    g_assert_cmphex(zvm_bare_load(a, 0x10000008), ==, pattern(1, 8));
    qtest_set_expected_status(dst, 1);      /* the stream ended at once */
    qtest_wait_qemu(dst);
    qtest_quit(dst);
    zvm_bare_quit(a);
    unlink(sock + 5);
    g_assert_cmpint(rmdir(empty), ==, 0);
}

/*
 * A guest holding an exclusive segment migrates live to a QEMU on the
 * same store: the source gives the segment up once its guest stopped, the
 * destination takes it with the guest's data, and a third guest still
 * finds it held. A migration that fails after the hand-over point gives
 * it back to the source.
 */
static void test_migration_exclusive_same_store(void)
{
    g_autofree char *dir = g_dir_make_tmp("zvm-dcss-mig-XXXXXX", NULL);
    g_autofree char *sock = g_strdup_printf("unix:%s/migrate.sock", dir);
    g_autofree char *args = start_args(RETURN_PATH);
    g_autofree char *dopts = g_strdup_printf(",zvm=on,zvm-dcss-store=%s"
                                             RETURN_PATH, store);
    ZvmBare *a = zvm_bare_start(args), b = { 0 }, *c = start(NULL);

    diag64(a, LOADSHRX, "SEGEW");
    assert_loaded(a, 0x10200000, 0x102fffff, 0);
    zvm_bare_store(a, 0x10200100, 0x4558434c55534956ULL);
    diag64(c, LOADSHRX, "SEGEW");
    assert_rc(c, RC_IN_USE);

    b.qts = zvm_bare_start_incoming(dopts, 128, sock);
    qtest_qmp_assert_success(a->qts, "{'execute': 'migrate',"
                             " 'arguments': {'uri': %s}}", sock);
    zvm_bare_wait_migration(a->qts, "completed");
    zvm_bare_wait_migration(b.qts, "completed");
    qtest_qmp_assert_success(b.qts, "{'execute': 'cont'}");
    b.req = a->req;
    diag64(&b, FINDSEGX, "SEGEW");
    assert_loaded(&b, 0x10200000, 0x102fffff, 0);
    g_assert_cmphex(zvm_bare_load(&b, 0x10200100), ==, 0x4558434c55534956ULL);
    zvm_bare_store(&b, 0x10200108, 0x4d4f564544);
    diag64(c, LOADSHRX, "SEGEW");
    assert_rc(c, RC_IN_USE);
    zvm_bare_quit(a);
    diag64(c, LOADSHRX, "SEGEW");
    assert_rc(c, RC_IN_USE);
    qtest_quit(b.qts);
    diag64(c, LOADSHRX, "SEGEW");
    assert_loaded(c, 0x10200000, 0x102fffff, 0);
    g_assert_cmphex(zvm_bare_load(c, 0x10200108), ==, 0x4d4f564544);
    diag64(c, PURGESEG, "SEGEW");
    zvm_bare_quit(c);

    /*
     * The destination fails after the source gave the segment up (its
     * store lacks SEGSR, which the source also has loaded): the source
     * takes SEGEW back and runs on.
     */
    a = zvm_bare_start(args);
    c = start(NULL);
    diag64(a, LOADSHRX, "SEGEW");
    diag64(a, LOADSHRX, "SEGSR");
    g_free(dopts);
    dopts = g_strdup_printf(",zvm=on,zvm-dcss-store=%s" RETURN_PATH, dir);
    make_segment_in(dir, "SEGEW", "10200-102FF EW", MiB, 4);
    b.qts = zvm_bare_start_incoming(dopts, 128, sock);
    qtest_set_expected_status(b.qts, 1);
    qtest_qmp_assert_success(a->qts, "{'execute': 'migrate',"
                             " 'arguments': {'uri': %s}}", sock);
    zvm_bare_wait_migration(a->qts, "failed");
    qtest_wait_qemu(b.qts);
    qtest_quit(b.qts);
    g_assert_true(vm_running(a->qts));
    diag64(c, LOADSHRX, "SEGEW");
    assert_rc(c, RC_IN_USE);
    g_assert_cmphex(zvm_bare_load(a, 0x10200108), ==, 0x4d4f564544);
    zvm_bare_quit(a);
    zvm_bare_quit(c);
    unlink(sock + 5);
}

/* A qcow2 node for savevm/loadvm, created through QMP (no qemu-img) */
static void add_snapshot_disk(QTestState *qts, const char *path)
{
    const gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;

    g_assert_true(g_file_set_contents(path, "", 0, NULL));
    qtest_qmp_assert_success(qts, "{'execute': 'blockdev-add', 'arguments':"
                             " {'driver': 'file', 'node-name': 'snapfile',"
                             " 'filename': %s}}", path);
    qtest_qmp_assert_success(qts, "{'execute': 'blockdev-create', "
                             "'arguments': {'job-id': 'mk', 'options': "
                             "{'driver': 'qcow2', 'file': 'snapfile', "
                             "'size': 1048576}}}");
    for (;;) {
        QDict *rsp = qtest_qmp(qts, "{'execute': 'query-jobs'}");
        QList *jobs = qdict_get_qlist(rsp, "return");
        QDict *job = qobject_to(QDict, qlist_peek(jobs));
        bool done = job && !strcmp(qdict_get_str(job, "status"),
                                   "concluded");

        qobject_unref(rsp);
        if (done) {
            break;
        }
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10 * 1000);
    }
    qtest_qmp_assert_success(qts, "{'execute': 'job-dismiss', 'arguments': "
                             "{'id': 'mk'}}");
    qtest_qmp_assert_success(qts, "{'execute': 'blockdev-add', 'arguments':"
                             " {'driver': 'qcow2', 'node-name': 'snap', "
                             "'file': 'snapfile'}}");
}

static void hmp_ok(QTestState *qts, const char *cmd)
{
    g_autofree char *out = qtest_hmp(qts, "%s", cmd);

    if (strstr(out, "Error")) {
        g_error("%s: %s", cmd, out);
    }
}

/*
 * savevm and loadvm in one QEMU with an exclusive segment loaded: savevm
 * keeps it held (another guest still gets rc 251), loadvm loads it again
 * and holds it; its contents are the segment file's (savevm does not
 * save segment contents).
 */
static void test_savevm_exclusive(void)
{
    g_autofree char *dir = g_dir_make_tmp("zvm-dcss-snap-XXXXXX", NULL);
    g_autofree char *disk = g_strdup_printf("%s/snap.qcow2", dir);
    ZvmBare *a = start(NULL), *c = start(NULL);

    add_snapshot_disk(a->qts, disk);
    diag64(a, LOADSHRX, "SEGEW");
    assert_loaded(a, 0x10200000, 0x102fffff, 0);
    zvm_bare_store(a, 0x10200200, 0x534156454d);
    hmp_ok(a->qts, "savevm zvm1");
    diag64(c, LOADSHRX, "SEGEW");
    assert_rc(c, RC_IN_USE);
    zvm_bare_store(a, 0x10200208, 0x4146544552);
    diag64(a, PURGESEG, "SEGEW");
    g_assert_cmpint(a->cc, ==, 0);

    hmp_ok(a->qts, "loadvm zvm1");
    diag64(a, FINDSEGX, "SEGEW");
    assert_loaded(a, 0x10200000, 0x102fffff, 0);
    g_assert_cmphex(zvm_bare_load(a, 0x10200200), ==, 0x534156454d);
    g_assert_cmphex(zvm_bare_load(a, 0x10200208), ==, 0x4146544552);
    diag64(c, LOADSHRX, "SEGEW");
    assert_rc(c, RC_IN_USE);
    diag64(a, PURGESEG, "SEGEW");
    diag64(c, LOADSHRX, "SEGEW");
    assert_loaded(c, 0x10200000, 0x102fffff, 0);
    diag64(c, PURGESEG, "SEGEW");
    zvm_bare_quit(a);
    zvm_bare_quit(c);
    g_assert_cmpint(unlink(disk), ==, 0);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

/* The storage key of the page at @addr (access key, fetch, R, C) */
/*
 * Storage keys of segment pages above the machine's memory limit (128
 * MiB here): set and read back, a store sets the change bit, and they
 * migrate with the segment (before, they had no key storage: ISKE read
 * 0, every TLB fill after a migration logged an error, and a migration
 * with keys in use failed: "Storage key data is incomplete").
 */
static void test_storage_keys(void)
{
    g_autofree char *uri = g_strdup_printf("file:%s/skeys.bin", store);
    const uint64_t sw = 0x10100000 + 0x2000;
    ZvmBare *a = start(NULL), b = { 0 };

    diag64(a, LOADSHRX, "SEGSW");
    assert_loaded(a, 0x10100000, 0x101fffff, 0);
    zvm_bare_sske(a, 0x30000, 0x50);                 /* boot storage */
    zvm_bare_sske(a, sw, 0x30);
    g_assert_cmphex(zvm_bare_iske(a, 0x30000), ==, 0x50);
    g_assert_cmphex(zvm_bare_iske(a, sw), ==, 0x30);
    zvm_bare_store(a, sw + 8, 0x4b455953);
    g_assert_cmphex(zvm_bare_iske(a, sw) & 0x02, ==, 0x02);   /* changed */

    b.req = zvm_bare_migrate_and_quit(a, uri);

    b.qts = start_incoming_store(store, uri);
    zvm_bare_wait_migration(b.qts, "completed");
    qtest_qmp_assert_success(b.qts, "{'execute': 'cont'}");
    g_assert_cmphex(zvm_bare_iske(&b, 0x30000), ==, 0x50);
    g_assert_cmphex(zvm_bare_iske(&b, sw) & 0xf8, ==, 0x30);
    g_assert_cmphex(zvm_bare_load(&b, sw + 8), ==, 0x4b455953);
    diag64(&b, PURGESEG, "SEGSW");
    qtest_quit(b.qts);
    g_assert_cmpint(unlink(uri + 5), ==, 0);
}

/* A store QEMU cannot use stops it before the guest runs */
static void expect_startup_error(const char *name, const char *ops,
                                 uint64_t size, const char *message)
{
    g_autofree char *dir = g_dir_make_tmp("zvm-dcss-bad-XXXXXX", NULL);
    g_autofree char *saved = store;
    g_autofree char *cmd = NULL;
    g_autofree char *err = NULL;
    g_autofree char *rm = NULL;
    int status;

    store = dir;
    make_segment(name, ops, size, 9);
    cmd = g_strdup_printf("%s -machine s390-ccw-virtio,zvm=on,"
                          "zvm-dcss-store=%s -accel tcg -nodefaults "
                          "-display none -S -m 128",
                          g_getenv("QTEST_QEMU_BINARY"), dir);
    g_assert_true(g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL));
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) != 0);
    if (!strstr(err, message)) {
        g_error("'%s' lacks '%s'", err, message);
    }
    store = g_steal_pointer(&saved);
    rm = g_strdup_printf("rm -rf %s", dir);
    g_assert_cmpint(system(rm), ==, 0);
}

static void test_startup_validation(void)
{
    expect_startup_error("BAD.NAME", "20000-200FF SR", MiB,
                         "not a saved segment name");
    expect_startup_error("MISALIGN", "20080-200FF SR", MiB,
                         "1 MiB boundaries");
    expect_startup_error("OVERLAP", "20000-201FF SR 20100-202FF EW", 3 * MiB,
                         "overlaps");
    expect_startup_error("HIGH", "8000000-80000FF SR", MiB, "512 GiB");
    expect_startup_error("SMALL", "20000-201FF SR", MiB,
                         "smaller than the segment");
}

int main(int argc, char **argv)
{
    g_autofree char *rm = NULL;
    int ret;

    g_test_init(&argc, &argv, NULL);
    store = g_dir_make_tmp("zvm-dcss-XXXXXX", NULL);
    make_segment("SEGSR", "10000-100FF SR", MiB, 1);
    make_segment("SEGSW", "10100-101FF SW", MiB, 2);
    make_segment("SEGEW", "10200-102FF EW", MiB, 4);
    make_segment("SEGMULTI", "10400-104FF EW\n10500-105FF EN", 2 * MiB, 3);
    make_segment("SEGHI", "80000-800FF SR", MiB, 5);
    make_segment("SEGLOW", "100-1FF SR", MiB, 6);
    make_segment("SEGOVL", "10000-101FF SR", 2 * MiB, 7);
    make_segment("SEGSCCB", "60000-600FF SR", MiB, 8);
    make_segment("SEGSN", "10600-106FF SN", MiB, 9);
    {
        /* an SCCB header at its first byte: length 0x1000 */
        g_autofree char *img = g_strdup_printf("%s/SEGSCCB.img", store);
        FILE *f = fopen(img, "r+b");

        g_assert_nonnull(f);
        g_assert_cmpint(fwrite("\x10\x00", 1, 2, f), ==, 2);
        fclose(f);
    }

    qtest_add_func("/zvm/dcss/segext", test_segext);
    qtest_add_func("/zvm/dcss/segext-errors", test_segext_errors);
    qtest_add_func("/zvm/dcss/bad-calls", test_bad_calls);
    qtest_add_func("/zvm/dcss/personality-off", test_personality_off);
    qtest_add_func("/zvm/dcss/load-sr", test_load_sr);
    qtest_add_func("/zvm/dcss/fault-injection", test_fault_injection);
    qtest_add_func("/zvm/dcss/fault-injection-hmp", test_fault_injection_hmp);
    qtest_add_func("/zvm/dcss/load-nonshared", test_load_nonshared);
    qtest_add_func("/zvm/dcss/sccb-in-readonly-segment",
                   test_sccb_in_readonly_segment);
    qtest_add_func("/zvm/dcss/sccb-into-readonly-segment",
                   test_sccb_into_readonly_segment);
    qtest_add_func("/zvm/dcss/tprot", test_tprot);
    qtest_add_func("/zvm/dcss/mkdcss-names", test_mkdcss_names);
    qtest_add_func("/zvm/dcss/shared-writable", test_shared_writable);
    qtest_add_func("/zvm/dcss/exclusive", test_exclusive);
    qtest_add_func("/zvm/dcss/shared-load-race/sr", test_shared_load_race_sr);
    qtest_add_func("/zvm/dcss/shared-load-race/sn", test_shared_load_race_sn);
    qtest_add_func("/zvm/dcss/stress", test_stress);
    qtest_add_func("/zvm/dcss/no-data-saved", test_no_data_saved);
    qtest_add_func("/zvm/dcss/overlap-reject", test_overlap_reject);
    qtest_add_func("/zvm/dcss/overlap-overlay", test_overlap_overlay);
    qtest_add_func("/zvm/dcss/31bit-subcodes", test_31bit_subcodes);
    qtest_add_func("/zvm/dcss/reset-purges", test_reset_purges);
    qtest_add_func("/zvm/dcss/qmp", test_qmp);
    qtest_add_func("/zvm/dcss/migration", test_migration);
    qtest_add_func("/zvm/dcss/migration-definitions",
                   test_migration_definitions);
    qtest_add_func("/zvm/dcss/storage-keys", test_storage_keys);
    qtest_add_func("/zvm/dcss/migration-refused", test_migration_refused);
    qtest_add_func("/zvm/dcss/migration-exclusive-same-store",
                   test_migration_exclusive_same_store);
    qtest_add_func("/zvm/dcss/savevm-exclusive", test_savevm_exclusive);
    qtest_add_func("/zvm/dcss/startup-validation", test_startup_validation);
    ret = g_test_run();
    rm = g_strdup_printf("rm -rf %s", store);
    g_assert_cmpint(system(rm), ==, 0);
    return ret;
}
