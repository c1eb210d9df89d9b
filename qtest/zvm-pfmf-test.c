/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PERFORM FRAME MANAGEMENT FUNCTION (PFMF, enhanced-DAT facility 1) on
 * bare metal under TCG, against the Principles of Operation: 4K and 1M
 * frames, set key and clear frame, the controls that are ignored, every
 * program exception, the update of R2, and the storage the z/VM models add
 * beyond boot storage (standby storage, saved segments). The edat patch
 * series of subprojects/edat/ implements it; the `max` CPU model offers
 * it, the `qemu` model does not (docs/build.rst).
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "zvm-bare.h"

#define MiB             (1024 * 1024ULL)
#define MEM_MIB         128

/* frame-management controls in R1 */
#define SK              0x20000ULL      /* set key */
#define CF              0x10000ULL      /* clear frame */
#define UI              0x08000ULL      /* usage indication */
#define FSC_4K          0x00000ULL
#define FSC_1M          0x01000ULL
#define FSC(n)          ((uint64_t)(n) << 12)
#define NQ              0x00800ULL      /* nonquiescing */
#define MR              0x00400ULL      /* reference-bit update mask */
#define MC              0x00200ULL      /* change-bit update mask */

/* storage-key bits */
#define KEY_R           0x04
#define KEY_C           0x02

#define FRAME           (16 * MiB)      /* a 1M frame for the tests */
#define PAGE            0x50000ULL      /* a 4K frame for the tests */

static ZvmBare *start(const char *machine, const char *cpu)
{
    g_autofree char *extra = g_strdup_printf("%s -cpu %s", machine, cpu);

    return zvm_bare_start_m(extra, MEM_MIB);
}

static void pfmf_op(ZvmBare *b, int op, uint64_t ctl, uint64_t addr)
{
    uint64_t regs[14] = { [1] = ctl, [2] = addr };

    zvm_bare_op(b, op, 0, 0, 0, regs);
}

static void pfmf(ZvmBare *b, uint64_t ctl, uint64_t addr)
{
    pfmf_op(b, OP_PFMF, ctl, addr);
}

/* the storage keys of the @n 4K blocks from @addr all equal @key */
static void assert_keys(ZvmBare *b, uint64_t addr, int n, uint8_t key)
{
    for (int i = 0; i < n; i++) {
        g_assert_cmphex(zvm_bare_iske(b, addr + i * 4096ULL), ==, key);
    }
}

/* the @len bytes from @addr all equal @byte (sampled every 512 bytes) */
static void assert_bytes(ZvmBare *b, uint64_t addr, uint64_t len,
                         uint8_t byte)
{
    uint64_t word = 0x0101010101010101ULL * byte;

    for (uint64_t off = 0; off < len; off += 512) {
        g_assert_cmphex(qtest_readq(b->qts, addr + off), ==, word);
        g_assert_cmphex(qtest_readq(b->qts, addr + off + 504), ==, word);
    }
}

static bool cpu_model_feature(QTestState *qts, const char *model,
                              const char *feature)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'query-cpu-model-expansion', "
                           "'arguments': { 'type': 'full', "
                           "'model': { 'name': %s } } }", model);
    QDict *props = qdict_get_qdict(qdict_get_qdict(
                       qdict_get_qdict(rsp, "return"), "model"), "props");
    bool on = qdict_get_bool(props, feature);

    qobject_unref(rsp);
    return on;
}

/* Under TCG `max` offers EDAT-1 (not EDAT-2); the `qemu` model does not */
static void test_cpu_model(void)
{
    QTestState *qts = qtest_init("-machine s390-ccw-virtio -accel tcg "
                                 "-nodefaults -S");

    g_assert_true(cpu_model_feature(qts, "max", "edat"));
    g_assert_false(cpu_model_feature(qts, "max", "edat2"));
    g_assert_false(cpu_model_feature(qts, "qemu", "edat"));
    qtest_quit(qts);

    /* the `qemu` model of an older machine type is unchanged too */
    qts = qtest_init("-machine s390-ccw-virtio-9.0 -accel tcg -nodefaults -S");
    g_assert_false(cpu_model_feature(qts, "qemu", "edat"));
    g_assert_true(cpu_model_feature(qts, "qemu", "msa5-base"));
    qtest_quit(qts);
}

/*
 * Without facility 8 PFMF is an unknown instruction (QEMU's TCG decodes
 * every instruction it knows whatever the CPU model; PFMF checks itself)
 */
static void test_operation(void)
{
    const char *cpus[] = { "max,edat=off", "qemu" };

    for (int i = 0; i < ARRAY_SIZE(cpus); i++) {
        ZvmBare *b = start("", cpus[i]);

        pfmf(b, SK | FSC_4K | 0x30, PAGE);
        g_assert_cmphex(b->pgm, ==, PGM_OPERATION);
        /* which takes priority over the privileged-operation exception */
        pfmf_op(b, OP_PFMF_PROBLEM, SK | FSC_4K | 0x30, PAGE);
        g_assert_cmphex(b->pgm, ==, PGM_OPERATION);
        zvm_bare_quit(b);
    }
}

static void test_privileged(void)
{
    ZvmBare *b = start("", "max");

    zvm_bare_sske(b, PAGE, 0x10);
    pfmf_op(b, OP_PFMF_PROBLEM, SK | FSC_4K | 0x30, PAGE);
    g_assert_cmphex(b->pgm, ==, PGM_PRIVILEGED);
    g_assert_cmphex(zvm_bare_iske(b, PAGE), ==, 0x10);
    zvm_bare_quit(b);
}

/* 4K, set key: that block's key (ACC, F, R, C) and no other; R2 kept */
static void test_4k_key(void)
{
    ZvmBare *b = start("", "max");

    for (int i = -1; i <= 1; i++) {
        zvm_bare_sske(b, PAGE + i * 4096, 0x10);
    }
    pfmf(b, SK | FSC_4K | 0x3e, PAGE + 0x123);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, PAGE + 0x123);
    g_assert_cmphex(b->regs[1], ==, SK | FSC_4K | 0x3e);
    g_assert_cmphex(zvm_bare_iske(b, PAGE), ==, 0x3e);
    g_assert_cmphex(zvm_bare_iske(b, PAGE - 4096), ==, 0x10);
    g_assert_cmphex(zvm_bare_iske(b, PAGE + 4096), ==, 0x10);
    /* R and C as R1 gives them, not as they were */
    pfmf(b, SK | FSC_4K | 0x40, PAGE);
    g_assert_cmphex(zvm_bare_iske(b, PAGE), ==, 0x40);
    zvm_bare_quit(b);
}

/*
 * 4K, clear frame: the block reads zero, its neighbours are untouched,
 * the clearing is a store (reference and change bits set); with set key
 * too, the key is the one R1 gives
 */
static void test_4k_clear(void)
{
    ZvmBare *b = start("", "max");

    qtest_memset(b->qts, PAGE - 4096, 0xa5, 3 * 4096);
    zvm_bare_sske(b, PAGE, 0x20);
    pfmf(b, CF | FSC_4K, PAGE + 0xfff);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, PAGE + 0xfff);
    assert_bytes(b, PAGE, 4096, 0);
    assert_bytes(b, PAGE - 4096, 4096, 0xa5);
    assert_bytes(b, PAGE + 4096, 4096, 0xa5);
    g_assert_cmphex(zvm_bare_iske(b, PAGE), ==, 0x20 | KEY_R | KEY_C);

    qtest_memset(b->qts, PAGE, 0x5a, 4096);
    pfmf(b, SK | CF | FSC_4K | 0x70, PAGE);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    assert_bytes(b, PAGE, 4096, 0);
    g_assert_cmphex(zvm_bare_iske(b, PAGE), ==, 0x70);
    zvm_bare_quit(b);
}

/*
 * 1M, set key: from the block R2 designates to the end of its frame;
 * R2 then designates the next frame
 */
static void test_1m_key(void)
{
    ZvmBare *b = start("", "max");

    zvm_bare_sske(b, FRAME - 4096, 0x10);
    zvm_bare_sske(b, FRAME + MiB, 0x10);
    pfmf(b, SK | FSC_1M | 0x30, FRAME);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, FRAME + MiB);
    assert_keys(b, FRAME, 256, 0x30);
    g_assert_cmphex(zvm_bare_iske(b, FRAME - 4096), ==, 0x10);
    g_assert_cmphex(zvm_bare_iske(b, FRAME + MiB), ==, 0x10);

    /* from the middle of the frame: the blocks before it keep their key */
    pfmf(b, SK | FSC_1M | 0x50, FRAME + 0x80abc);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, FRAME + MiB);
    assert_keys(b, FRAME + 0x7f000, 1, 0x30);
    assert_keys(b, FRAME + 0x80000, 128, 0x50);

    /* Linux's loop (__storage_key_init_range()) over two frames */
    for (uint64_t a = FRAME; a < FRAME + 2 * MiB; a = b->regs[2]) {
        pfmf(b, SK | FSC_1M | 0x60, a);
        g_assert_cmphex(b->pgm, ==, PGM_NONE);
        g_assert_cmphex(b->regs[2], >, a);
    }
    assert_keys(b, FRAME, 512, 0x60);
    zvm_bare_quit(b);
}

/* 1M, clear frame: the frame reads zero, the next one is untouched */
static void test_1m_clear(void)
{
    ZvmBare *b = start("", "max");

    qtest_memset(b->qts, FRAME - 4096, 0xa5, MiB + 8192);
    pfmf(b, CF | FSC_1M, FRAME);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, FRAME + MiB);
    assert_bytes(b, FRAME, MiB, 0);
    assert_bytes(b, FRAME - 4096, 4096, 0xa5);
    assert_bytes(b, FRAME + MiB, 4096, 0xa5);

    qtest_memset(b->qts, FRAME, 0x5a, MiB);
    pfmf(b, SK | CF | FSC_1M | 0x20, FRAME);
    assert_bytes(b, FRAME, MiB, 0);
    assert_keys(b, FRAME, 256, 0x20);
    zvm_bare_quit(b);
}

/*
 * Specification exception for reserved bits, a frame size that is not
 * 4K or 1M (2G needs EDAT-2) and NQ (facility 14 is not offered): the
 * instruction changes nothing
 */
static void test_specification(void)
{
    ZvmBare *b = start("", "max");
    const int reserved[] = { 32, 39, 44, 45, 55, 63 };

    qtest_memset(b->qts, FRAME, 0xa5, 4096);
    zvm_bare_sske(b, FRAME, 0x10);
    for (int i = 0; i < ARRAY_SIZE(reserved); i++) {
        pfmf(b, SK | CF | FSC_1M | 1ULL << (63 - reserved[i]), FRAME);
        g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
        g_assert_cmphex(b->regs[2], ==, FRAME);
    }
    for (int fsc = 2; fsc <= 7; fsc++) {
        pfmf(b, SK | CF | FSC(fsc), FRAME);
        g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
        g_assert_cmphex(b->regs[2], ==, FRAME);
    }
    pfmf(b, SK | NQ | FSC_4K, FRAME);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    assert_bytes(b, FRAME, 4096, 0xa5);
    g_assert_cmphex(zvm_bare_iske(b, FRAME), ==, 0x10);

    /* bits 0-31 of R1 are ignored */
    pfmf(b, 0xffffffff00000000ULL | SK | FSC_4K | 0x30, FRAME);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(zvm_bare_iske(b, FRAME), ==, 0x30);
    zvm_bare_quit(b);
}

/*
 * UI is a hint; MR and MC are ignored without the conditional-SSKE
 * facility (not offered under TCG): the key is set as R1 gives it
 */
static void test_ignored_controls(void)
{
    ZvmBare *b = start("", "max");

    zvm_bare_sske(b, PAGE, 0x10 | KEY_R | KEY_C);
    pfmf(b, SK | UI | MR | MC | FSC_4K | 0x30, PAGE);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(zvm_bare_iske(b, PAGE), ==, 0x30);
    /* no control at all: nothing to do, and no exception */
    pfmf(b, FSC_1M, FRAME);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, FRAME + MiB);
    zvm_bare_quit(b);
}

/* Beyond the memory limit: addressing exception, R2 unchanged */
static void test_addressing(void)
{
    ZvmBare *b = start("", "max");
    const uint64_t beyond = MEM_MIB * MiB;

    pfmf(b, SK | FSC_4K | 0x30, beyond);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    pfmf(b, CF | FSC_4K, beyond + 0x5000);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    pfmf(b, SK | FSC_1M | 0x30, beyond);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    g_assert_cmphex(b->regs[2], ==, beyond);
    pfmf(b, CF | FSC_1M, 0x7ff00000);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    g_assert_cmphex(b->regs[2], ==, 0x7ff00000);
    /* the last frame below the limit is fine */
    pfmf(b, SK | CF | FSC_1M | 0x30, beyond - MiB);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, beyond);
    zvm_bare_quit(b);
}

/*
 * Low-address protection: clearing a block with locations 0-511 or
 * 4096-4607 is a protection exception (translation-exception code: a
 * store, bit 56 for low-address protection) that changes nothing;
 * setting the key is no store and is allowed
 */
static void test_low_address_protection(void)
{
    ZvmBare *b = start("", "max");
    const uint64_t blocks[] = { 0x0, 0x1000, 0x1800 };

    qtest_memset(b->qts, 0x1000, 0xa5, 4096);
    for (int i = 0; i < ARRAY_SIZE(blocks); i++) {
        pfmf_op(b, OP_PFMF_LAP, CF | FSC_4K, blocks[i]);
        g_assert_cmphex(b->pgm, ==, PGM_PROTECTION);
        g_assert_cmphex(qtest_readq(b->qts, 0xa8) & 0xc80, ==, 0x480);
    }
    assert_bytes(b, 0x1000, 4096, 0xa5);
    pfmf_op(b, OP_PFMF_LAP, CF | FSC_1M, 0);
    g_assert_cmphex(b->pgm, ==, PGM_PROTECTION);
    g_assert_cmphex(b->regs[2], ==, 0);
    assert_bytes(b, 0x1000, 4096, 0xa5);

    /* the next block is not protected */
    qtest_memset(b->qts, 0x2000, 0xa5, 4096);
    pfmf_op(b, OP_PFMF_LAP, CF | FSC_4K, 0x2000);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    assert_bytes(b, 0x2000, 4096, 0);
    /* set key only */
    pfmf_op(b, OP_PFMF_LAP, SK | FSC_4K | 0x06, 0x1000);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(zvm_bare_iske(b, 0x1000), ==, 0x06);
    zvm_bare_quit(b);
}

/*
 * 31-bit addressing mode: the address in bits 33-63 of R2; after a 1M
 * frame, bits 0-31 of R2 are unchanged and bit 32 is zero
 */
static void test_31bit(void)
{
    ZvmBare *b = start("", "max");
    const uint64_t high = 0xabcdef0100000000ULL;

    pfmf_op(b, OP_PFMF_31, SK | FSC_1M | 0x30, high | 0x80000000 | FRAME);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, high | (FRAME + MiB));
    assert_keys(b, FRAME, 256, 0x30);
    zvm_bare_quit(b);
}

/*
 * A 4K frame is designated by a real address (prefixing applies), a 1M
 * frame by an absolute one (it does not): with the prefix at 1M, block 0
 * of a 4K frame is absolute 1M, block 0 of a 1M frame is absolute 0.
 * (Access-control and fetch-protection bits compared: the payload's own
 * stores into the prefix area set reference and change bits.)
 */
#define ACC_F(key)      ((key) & 0xf8)

static void test_prefixing(void)
{
    ZvmBare *b = start("", "max");
    const uint64_t prefix = MiB;
    uint64_t regs[14] = { [1] = SK | FSC_4K | 0x30, [2] = 0, [4] = prefix };

    zvm_bare_sske(b, 0, 0x10);
    zvm_bare_sske(b, prefix, 0x10);
    zvm_bare_op(b, OP_PFMF_PREFIX, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(ACC_F(zvm_bare_iske(b, prefix)), ==, 0x30);
    g_assert_cmphex(ACC_F(zvm_bare_iske(b, 0)), ==, 0x10);

    regs[1] = SK | FSC_1M | 0x50;
    zvm_bare_op(b, OP_PFMF_PREFIX, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, MiB);
    g_assert_cmphex(ACC_F(zvm_bare_iske(b, 0)), ==, 0x50);
    g_assert_cmphex(ACC_F(zvm_bare_iske(b, MiB - 4096)), ==, 0x50);
    g_assert_cmphex(ACC_F(zvm_bare_iske(b, prefix)), ==, 0x30);
    zvm_bare_quit(b);
}

/*
 * Standby storage (docs/standby.rst): an increment not assigned is no
 * storage (addressing exception); once assigned, PFMF works on it
 */
#define STANDBY_BOOT_MIB 256
#define RN_ADDR(rn)     (((uint64_t)(rn) - 1) * MiB)
#define RN_FIRST        257
#define SCCB            0x20000ULL

static void servc(ZvmBare *b, uint32_t cmd, uint16_t rn)
{
    uint64_t regs[14] = { [2] = cmd, [3] = SCCB };
    g_autofree uint8_t *zero = g_malloc0(4096);

    qtest_memwrite(b->qts, SCCB, zero, 4096);
    qtest_writew(b->qts, SCCB, 4096);
    qtest_writew(b->qts, SCCB + 8, rn);
    zvm_bare_op(b, OP_SERVC, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(qtest_readw(b->qts, SCCB + 6), ==, 0x0020);
}

static void test_standby(void)
{
    ZvmBare *b = zvm_bare_start_m(",zvm=off,standby-mem=512M -cpu max",
                                  STANDBY_BOOT_MIB);
    const uint64_t inc = RN_ADDR(RN_FIRST + 2);

    pfmf(b, SK | FSC_1M | 0x30, inc);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    pfmf(b, CF | FSC_4K, inc);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);

    servc(b, 0x00080101, 0);                    /* attach element 1 */
    servc(b, 0x000d0001, RN_FIRST + 2);         /* assign */
    qtest_memset(b->qts, inc, 0xa5, MiB);
    pfmf(b, SK | CF | FSC_1M | 0x30, inc);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, inc + MiB);
    assert_bytes(b, inc, MiB, 0);
    assert_keys(b, inc, 256, 0x30);
    /* the increments around it are still unassigned */
    pfmf(b, SK | FSC_1M | 0x30, inc + MiB);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    pfmf(b, SK | FSC_4K | 0x30, inc - 4096);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    zvm_bare_quit(b);
}

/*
 * Saved segments (docs/dcss.rst): a segment's pages are storage while it
 * is loaded. Clearing a frame of an exclusive-writable one works; under
 * the z/VM personality, a shared read-only segment cannot be changed
 * (protection exception, nothing cleared, R2 unchanged), but its keys
 * can be set.
 */
static void test_dcss(void)
{
    g_autofree char *store = g_dir_make_tmp("zvm-pfmf-XXXXXX", NULL);
    g_autofree char *extra = g_strdup_printf(",zvm-dcss-store=%s", store);
    const char *names[] = { "SEGEW", "SEGSR" };
    const char *defs[] = { "20000-200FF EW", "20100-201FF SR" };
    const uint64_t ew = 0x20000000, sr = ew + MiB;
    g_autofree char *img_data = g_malloc(MiB);
    ZvmBare *b;

    memset(img_data, 0xa5, MiB);
    for (int i = 0; i < 2; i++) {
        g_autofree char *def = g_strdup_printf("%s/%s.defseg", store,
                                               names[i]);
        g_autofree char *img = g_strdup_printf("%s/%s.img", store, names[i]);

        g_assert_true(g_file_set_contents(def, defs[i], -1, NULL));
        g_assert_true(g_file_set_contents(img, img_data, MiB, NULL));
    }
    b = start(extra, "max");

    pfmf(b, SK | FSC_1M | 0x30, ew);            /* not loaded */
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    for (int i = 0; i < 2; i++) {
        zvm_bare_put_ebcdic(b, 0x20000, names[i], 8);
        zvm_bare_diag(b, 0x64, 0x20000, 0x20);  /* LOADSHRX */
        g_assert_cmphex(b->pgm, ==, PGM_NONE);
        g_assert_cmpint(b->cc, ==, 0);
    }

    pfmf(b, CF | FSC_1M, ew);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, sr);
    assert_bytes(b, ew, MiB, 0);
    pfmf(b, CF | FSC_1M, sr);
    g_assert_cmphex(b->pgm, ==, PGM_PROTECTION);
    g_assert_cmphex(b->regs[2], ==, sr);
    pfmf(b, CF | FSC_4K, sr + 0x5000);
    g_assert_cmphex(b->pgm, ==, PGM_PROTECTION);
    assert_bytes(b, sr, MiB, 0xa5);

    pfmf(b, SK | FSC_1M | 0x30, sr);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(b->regs[2], ==, sr + MiB);
    assert_keys(b, sr, 256, 0x30);
    zvm_bare_quit(b);
    for (int i = 0; i < 2; i++) {
        g_autofree char *def = g_strdup_printf("%s/%s.defseg", store,
                                               names[i]);
        g_autofree char *img = g_strdup_printf("%s/%s.img", store, names[i]);

        unlink(def);
        unlink(img);
    }
    rmdir(store);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/zvm/pfmf/cpu-model", test_cpu_model);
    qtest_add_func("/zvm/pfmf/operation", test_operation);
    qtest_add_func("/zvm/pfmf/privileged", test_privileged);
    qtest_add_func("/zvm/pfmf/4k-key", test_4k_key);
    qtest_add_func("/zvm/pfmf/4k-clear", test_4k_clear);
    qtest_add_func("/zvm/pfmf/1m-key", test_1m_key);
    qtest_add_func("/zvm/pfmf/1m-clear", test_1m_clear);
    qtest_add_func("/zvm/pfmf/specification", test_specification);
    qtest_add_func("/zvm/pfmf/ignored-controls", test_ignored_controls);
    qtest_add_func("/zvm/pfmf/addressing", test_addressing);
    qtest_add_func("/zvm/pfmf/low-address-protection",
                   test_low_address_protection);
    qtest_add_func("/zvm/pfmf/31-bit", test_31bit);
    qtest_add_func("/zvm/pfmf/prefixing", test_prefixing);
    qtest_add_func("/zvm/pfmf/standby", test_standby);
    qtest_add_func("/zvm/pfmf/dcss", test_dcss);
    return g_test_run();
}
