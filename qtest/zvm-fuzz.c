/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm guest-side fuzzer: seeded random requests to DIAGNOSE X'08',
 * DIAGNOSE X'64' (every subcode, invalid ones, 31-bit ones, problem
 * state), DIAGNOSE X'260' (storage extents: registers, subcodes, list
 * alignment, length and place), SERVICE CALL (storage-increment and other commands, SCCBs
 * anywhere: storage, segments, standby storage, outside storage), IUCV
 * (CONNECT's IPRCODE by target), DIAGNOSE X'10' (release pages),
 * X'288' (watchdog, against a model of the timer), X'204', X'2FC' and
 * X'0C' (hypervisor data), X'DC' (application data, against a model of
 * the registered buffers),
 * and loads, stores and TEST PROTECTION in segments and standby
 * increments. The driver payload runs them in batches at full TCG speed
 * (OP_BATCH); this side generates them from the seed alone and checks
 * every answer against the documented behaviour (docs/dcss.rst,
 * docs/zvm.rst, docs/standby.rst) and a model of what the guest has
 * loaded and assigned: condition codes, return codes, registers,
 * program exceptions, contents of read-only segments, no store beyond
 * a buffer. After each batch: QEMU alive, QMP agrees with the model; at
 * the end the read-only images are unchanged. For part of the run a
 * second QEMU on the same store runs its own batches at the same time.
 *
 * usage: zvm-fuzz [--seed S] [--requests N] [--batch B]
 * A mismatch prints the seed and request number; the same seed replays
 * the same requests. Exit 0: no crash, hang or mismatch.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qemu/bswap.h"
#include "zvm-bare.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"

#define MiB             (1024 * 1024ULL)
#define BOOT_MIB        256
#define STANDBY         ",standby-mem=256M"
#define STANDBY_BASE    (256 * MiB)
#define STANDBY_END     (512 * MiB)
#define INCREMENT       MiB
#define RN_FIRST        257

#define TABLE           0x200000ULL     /* the batch */
#define SCRATCH         0x400000ULL     /* operands QEMU may store into */
#define SCRATCH_SIZE    0xff000ULL
#define CANARY          (SCRATCH + SCRATCH_SIZE)    /* one page, never */
#define CANARY_BYTE     0xc5                        /* a target */
#define UNMAPPED        0x30000000ULL   /* between standby and segments */
#define DATA            0x600000ULL     /* random loads and stores */
#define DATA_SIZE       0x100000ULL
#define RELEASE         0x800000ULL     /* DIAGNOSE X'10' releases here */
#define RELEASE_SIZE    0x100000ULL
#define HYPBUF          0x900000ULL     /* DIAGNOSE X'204' and X'0C' store */
#define USERID          "LINUX"         /* the fuzzed guests' user ID */
#define BATCH_MAX       4096

#define PGM_NO          PAYLOAD_NO_PGM

typedef struct Seg {
    const char *name;
    const char *ops;
    uint64_t start, end;
    bool exclusive, readonly;
    uint64_t seed;          /* image contents: pattern(seed, offset) */
} Seg;

/* the store: shared, exclusive, no data saved, two ranges, high, bad */
static const Seg segs[] = {
    { "FZSR", "20000-200FF SR", 0x20000000, 0x200fffff, false, true, 1 },
    { "FZSW", "20100-201FF SW", 0x20100000, 0x201fffff, false, false, 2 },
    { "FZEW", "20200-202FF EW", 0x20200000, 0x202fffff, true, false, 3 },
    { "FZSN", "20300-203FF SN", 0x20300000, 0x203fffff, false, false, 4 },
    { "FZ$_#@", "20400-204FF SR", 0x20400000, 0x204fffff, false, true, 5 },
    { "FZHI", "80000-800FF SR", 0x80000000, 0x800fffff, false, true, 6 },
    { "FZLOW", "100-1FF SR", 0x00100000, 0x001fffff, false, true, 7 },
    { "FZOVL", "20000-201FF SR", 0x20000000, 0x201fffff, false, true, 8 },
};
#define NSEGS G_N_ELEMENTS(segs)
static const char *const absent[] = { "NOSUCH", "FZ", "FZSR1", "" };

enum { LOADSHR = 0x00, LOADNSR = 0x04, PURGESEG = 0x08, FINDSEG = 0x0c,
       LOADNOLY = 0x10, SEGEXT = 0x18, LOADSHRX = 0x20, LOADNSRX = 0x24,
       FINDSEGX = 0x2c, SEGEXTX = 0x38 };
static const int subcodes[] = { LOADSHR, LOADNSR, PURGESEG, FINDSEG,
                                LOADNOLY, SEGEXT, LOADSHRX, LOADNSRX,
                                FINDSEGX, SEGEXTX };

#define RC_NOT_FOUND    44
#define RC_IN_USE       251
#define RC_OVERLAP      252
#define RC_ABOVE_2G     253

typedef struct ApplBuf {
    uint64_t product, addr, len;
} ApplBuf;

#define APPL_MAX        255

typedef struct Guest {
    ZvmBare *b;
    bool wdt_enabled;           /* DIAGNOSE X'288': a timer runs */
    ApplBuf appl[APPL_MAX];     /* DIAGNOSE X'DC': registered buffers */
    int nr_appl;
    bool loaded[NSEGS];
    bool nonshared[NSEGS];
    bool attached;
    bool assigned[256];         /* standby increments rn 257-512 */
    uint64_t requests, pgms, ccs[4];
} Guest;

typedef struct Req {
    uint64_t op, code, rxry, r[6], flags;
    /* for the checker */
    int kind;
    int seg;                    /* segment index, or -1 */
    uint64_t addr, len, aux;
} Req;

enum { K_DIAG64, K_DIAG08, K_DIAG260, K_SERVC, K_LOAD, K_STORE, K_TPROT,
       K_IUCV, K_DIAG10, K_DIAG288, K_DIAG204, K_DIAG2FC, K_DIAG0C,
       K_DIAGDC };

static uint64_t rng;
static char *store;
static uint64_t seed;
static bool two_guests;         /* the other QEMU runs batches right now */
static uint64_t batch_first, batch_end;     /* the batch running now */

/* QEMU died or hung (libqtest aborts): say which requests to replay */
static void on_abort(int sig)
{
    char msg[256];
    int n = snprintf(msg, sizeof(msg), "zvm-fuzz: QEMU crashed or hung in "
                     "requests %" PRIu64 "-%" PRIu64 " (seed %" PRIu64 "); "
                     "replay: make fuzz SEED=%" PRIu64 " N=%" PRIu64 "\n",
                     batch_first, batch_end - 1, seed, seed, batch_end);

    if (write(2, msg, n) < 0) {
        /* nothing more to do */
    }
    raise(sig);         /* SA_RESETHAND: the default action now */
}

static uint64_t next(void)
{
    /* xorshift64* */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 0x2545f4914f6cdd1dULL;
}

static uint64_t below(uint64_t n)
{
    return next() % n;
}

static uint64_t pattern(uint64_t s, uint64_t off)
{
    return s << 48 | off;
}

static void make_store(void)
{
    store = g_dir_make_tmp("zvm-fuzz-XXXXXX", NULL);
    for (unsigned int i = 0; i < NSEGS; i++) {
        const uint64_t size = segs[i].end - segs[i].start + 1;
        g_autofree char *def = g_strdup_printf("%s/%s.defseg", store,
                                               segs[i].name);
        g_autofree char *img = g_strdup_printf("%s/%s.img", store,
                                               segs[i].name);
        g_autofree uint64_t *buf = g_new(uint64_t, size / 8);

        for (uint64_t o = 0; o < size / 8; o++) {
            buf[o] = cpu_to_be64(pattern(segs[i].seed, o * 8));
        }
        g_assert_true(g_file_set_contents(def, segs[i].ops, -1, NULL));
        g_assert_true(g_file_set_contents(img, (char *)buf, size, NULL));
    }
}

static char *image_sum(unsigned int i)
{
    g_autofree char *img = g_strdup_printf("%s/%s.img", store, segs[i].name);
    g_autofree char *data = NULL;
    gsize len;

    g_assert_true(g_file_get_contents(img, &data, &len, NULL));
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)data, len);
}

static void start_guest(Guest *g)
{
    /* an expiring watchdog changes nothing ("none"), as the model */
    g_autofree char *args = g_strdup_printf(",zvm-dcss-store=%s" STANDBY
                                            " -action watchdog=none",
                                            store);

    memset(g, 0, sizeof(*g));
    g->b = zvm_bare_start_m(args, BOOT_MIB);
    qtest_memset(g->b->qts, CANARY, CANARY_BYTE, 4096);
}

/* -- generating ---------------------------------------------------------- */

static const char *name_of(int seg)
{
    return seg >= 0 ? segs[seg].name : absent[-seg - 1];
}

/* an address of one of the classes the checker knows */
static uint64_t any_addr(int *seg)
{
    uint64_t a;

    *seg = -1;
    switch (below(8)) {
    case 0:
    case 1:
        *seg = below(NSEGS);
        a = segs[*seg].start + (below(segs[*seg].end - segs[*seg].start) & ~7);
        return a;
    case 2:
        return STANDBY_BASE + (below(STANDBY_END - STANDBY_BASE) & ~7);
    case 3:
        return UNMAPPED + (below(MiB) & ~7);
    case 4:
        return 0x100000000ULL + (below(MiB) & ~7);     /* above 4 GiB */
    default:
        return DATA + (below(DATA_SIZE - 8) & ~7);
    }
}

static void put_name(QTestState *qts, uint64_t addr, const char *name)
{
    g_autofree char *padded = g_strdup_printf("%-8s", name);
    uint8_t e[8];

    zvm_ascii_to_ebcdic(e, padded, 8);
    qtest_memwrite(qts, addr, e, 8);
}

static void gen_diag64(QTestState *qts, Req *q, uint64_t *scratch)
{
    const int rx = 2 + below(4);
    int ry = 2 + below(4);
    uint64_t name_addr = *scratch;
    int seg = below(10) ? (int)below(NSEGS) : -1 - (int)below(4);

    if (ry == rx) {
        ry = rx == 5 ? 2 : rx + 1;
    }
    *scratch += 64;
    q->kind = K_DIAG64;
    q->op = OP_DIAG;
    q->code = 0x64;
    q->rxry = rx << 4 | ry;
    q->aux = below(12) ? subcodes[below(G_N_ELEMENTS(subcodes))] : next();
    q->seg = seg;
    if (q->aux == SEGEXT || q->aux == SEGEXTX) {
        /* input block; the output area ends right at the canary page */
        int16_t outlen = below(4) ? 24 + 16 * below(4) : (int16_t)next();
        uint8_t in[24] = { 0x0c };

        if (below(16) == 0) {
            name_addr += 4;                     /* misaligned */
        }
        memcpy(in + 16, (uint32_t[]) { cpu_to_be32(CANARY - outlen) }, 4);
        memcpy(in + 20, (uint16_t[]) { cpu_to_be16(outlen) }, 2);
        qtest_memwrite(qts, name_addr & ~7ULL, in, sizeof(in));
        put_name(qts, (name_addr & ~7ULL) + 8, name_of(seg));
        q->len = outlen;
    } else {
        switch (below(16)) {
        case 0:
            name_addr += 1 + below(7);          /* misaligned */
            break;
        case 1:
            name_addr = UNMAPPED;               /* outside storage */
            break;
        default:
            put_name(qts, name_addr, name_of(seg));
        }
    }
    q->addr = name_addr;
    q->r[rx] = name_addr;
    q->r[ry] = q->aux;
}

static const char *const cp_commands[] = {
    "QUERY USERID", "QUERY CPLEVEL", "Q V STOR", "QUERY CPUS",
    "TERMINAL CONMODE 3215", "QUERY NSS MAP", "QUERY NSS FZSR",
    "DEFSEG FZNEW 30000-300FF SW", "SAVESEG FZNEW", "PURGE NSS FZNEW",
    "SET SMSG ON", "XYZZY", "QUERY", "",
};

static void gen_diag08(QTestState *qts, Req *q, uint64_t *scratch)
{
    const char *cmd = cp_commands[below(G_N_ELEMENTS(cp_commands))];
    const bool response = below(2);
    uint64_t len = strlen(cmd);
    uint64_t buflen = below(3) ? below(512) : below(4096);
    int rx = 2, ry = 4;
    g_autofree uint8_t *e = g_malloc(len + 1);

    zvm_ascii_to_ebcdic(e, cmd, len);
    qtest_memwrite(qts, *scratch, e, len);
    q->kind = K_DIAG08;
    q->op = OP_DIAG;
    q->code = 0x08;
    q->addr = *scratch;
    *scratch += 256;
    switch (below(12)) {
    case 0:
        len = 241 + below(100);                 /* too long */
        break;
    case 1:
        q->addr = UNMAPPED;
        break;
    case 2:
        rx = 3;                                 /* odd with a response */
        break;
    case 3:
        ry = rx;                                /* Rx = Ry */
        break;
    }
    q->len = len;
    q->aux = response;
    q->rxry = rx << 4 | ry;
    q->r[rx] = q->addr;
    q->r[ry] = len | (response ? 0x40000000ULL : 0);
    if (response && !(rx & 1) && !(ry & 1) && rx != ry) {
        /* the response buffer ends right at the canary page */
        q->r[rx + 1] = CANARY - buflen;
        q->r[ry + 1] = buflen;
    }
}

/*
 * DIAGNOSE X'260' subcode X'10': the extent list ends right at the canary
 * page (it holds what fits in its length, never more); hostile register
 * choices, subcodes, alignment and addresses
 */
static void gen_diag260(Req *q)
{
    uint64_t len = below(2) ? 16 * below(9) : below(200);
    uint64_t addr = (CANARY - len) & ~7ULL;
    uint64_t sub = 0x10;
    int rx = 2, ry = 4;

    switch (below(12)) {
    case 0:
        rx = 3;                                 /* odd */
        break;
    case 1:
        ry = 3;                                 /* Ry = Rx + 1 */
        break;
    case 2:
        ry = rx;
        break;
    case 3:
        addr += 4;                              /* not doubleword aligned */
        break;
    case 4:
        sub = below(4) ? below(0x20) : next();  /* other subcodes */
        break;
    case 5:
        addr = UNMAPPED;                        /* outside storage */
        break;
    }
    q->kind = K_DIAG260;
    q->op = OP_DIAG;
    q->code = 0x260;
    q->rxry = rx << 4 | ry;
    q->addr = addr;
    q->len = len;
    q->aux = sub;
    q->r[rx] = addr;
    if (rx < 5) {
        q->r[rx + 1] = len;
    }
    q->r[ry] = sub;
}

static const uint32_t sclp_cmds[] = {
    0x00020001, 0x00120001, 0x00040001, 0x00040101, 0x00040201,
    0x00080101, 0x000d0001, 0x000c0001, 0x00770005, 0x00f00001,
};

/*
 * SCCB pages: each SERVC of a batch gets its own, in the upper half of
 * scratch; the page below the canary is for response and output areas
 */
#define SCCB_BASE       (SCRATCH + 0x80000)
#define SCCB_PAGES      ((CANARY - 4096 - SCCB_BASE) / 4096 - 1)
static unsigned int sccb_next;

static void gen_servc(QTestState *qts, Req *q)
{
    const uint32_t cmd = below(8) ? sclp_cmds[below(G_N_ELEMENTS(sclp_cmds))]
                                  : (uint32_t)next();
    const uint16_t lens[] = { 4096, 4096, 16, 8, 4, 2048 };
    uint16_t len = lens[below(G_N_ELEMENTS(lens))];
    uint64_t sccb = 0;
    int seg = -1;

    switch (below(10)) {
    case 0:
        sccb = any_addr(&seg);                  /* contents not ours */
        break;
    case 1:
        sccb = below(0x2000) & ~7ULL;           /* low core */
        break;
    case 2:
        sccb = SCRATCH + 9 + below(7);          /* misaligned */
        break;
    default:
        if (sccb_next == SCCB_PAGES) {
            sccb = any_addr(&seg);
            break;
        }
        sccb = SCCB_BASE + 4096ULL * sccb_next++;
        if (below(8) == 0) {
            sccb += 4096 - 8;                   /* crosses a page */
            len = 16;
        }
        {
            g_autofree uint8_t *zero = g_malloc0(len);

            qtest_memwrite(qts, sccb, zero, len);
        }
        qtest_writew(qts, sccb, len);
        q->len = len;                           /* written by us */
        if (len >= 10) {
            q->aux = RN_FIRST + below(300);
            qtest_writew(qts, sccb + 8, q->aux);
        }
        if ((cmd & 0xffff00ff) == 0x00080001) {
            qtest_writeb(qts, sccb + 2, 0x40);
        }
    }
    q->kind = K_SERVC;
    q->op = OP_SERVC;
    q->r[2] = cmd;
    q->r[3] = sccb;
    q->addr = sccb;
    q->seg = seg;
}

static void gen_access(Req *q, int kind)
{
    int seg;

    q->kind = kind;
    q->op = kind == K_LOAD ? OP_LOAD : kind == K_STORE ? OP_STORE : OP_TPROT;
    q->addr = any_addr(&seg);
    q->seg = seg;
    q->r[2] = q->addr;
    q->r[3] = kind == K_STORE ? next() : 0xdeadbeefdeadbeefULL;
}

/* CONNECT's targets: CP's system services, this user, others */
static const char *const iucv_targets[] = {
    "*MSG", "*MONITOR", "*LOGREC", USERID, "PEER", "*NOSUCH", "" };

static void gen_iucv(QTestState *qts, Req *q, uint64_t *scratch)
{
    q->kind = K_IUCV;
    q->op = OP_IUCV;
    q->r[0] = below(4) ? below(20) : next();
    q->r[1] = below(8) ? *scratch : UNMAPPED;
    q->addr = q->r[1];
    q->aux = below(ARRAY_SIZE(iucv_targets));
    if (q->addr != UNMAPPED) {
        put_name(qts, q->addr + 8, iucv_targets[q->aux]);
    }
    *scratch += 64;
}

/* DIAGNOSE X'10': ranges in RELEASE, and every kind of refused one */
static void gen_diag10(Req *q)
{
    uint64_t first = RELEASE + (below(RELEASE_SIZE) & ~0xfffULL);
    uint64_t last = first + (below(16) << 12);
    int rx = 2, ry = below(8) ? 4 : 2;

    last = MIN(last, RELEASE + RELEASE_SIZE - 4096);
    switch (below(10)) {
    case 0:
        first += 1 + below(0xfff);              /* unaligned */
        break;
    case 1:
        last += 1 + below(0xfff);
        break;
    case 2:
        first = last + 4096;                    /* first beyond last */
        break;
    case 3:
        first = below(2) << 12;                 /* the lowcore */
        break;
    case 4:
        last = UNMAPPED;                        /* beyond storage */
        break;
    case 5:
        last = STANDBY_BASE + below(256) * INCREMENT;  /* maybe assigned */
        first = last;
        break;
    }
    if (ry == rx) {
        last = first;
    }
    q->kind = K_DIAG10;
    q->op = OP_DIAG;
    q->code = 0x10;
    q->rxry = rx << 4 | ry;
    q->r[rx] = first;
    q->r[ry] = last;
    q->addr = first;
    q->aux = last;
}

/* DIAGNOSE X'288': the z/VM form, with every operand CP checks */
static void gen_diag288(QTestState *qts, Req *q, uint64_t *scratch)
{
    static const uint64_t funcs[] = { 0, 0, 1, 1, 2, 2, 0x80000000,
                                      0x80000001, 3 };
    static const uint64_t timeouts[] = { 15, 30, 3600, 14, 0 };
    static const uint64_t lens[] = { 3, 14, 240, 0, 241 };
    int rx = below(12) ? 2 : 3, ry = below(12) ? 4 : 5;

    q->kind = K_DIAG288;
    q->op = OP_DIAG;
    q->code = 0x288;
    q->rxry = rx << 4 | ry;
    q->r[rx] = below(8) ? funcs[below(ARRAY_SIZE(funcs))] : next();
    q->r[rx + (rx < 5)] = below(8) ? timeouts[below(ARRAY_SIZE(timeouts))]
                                   : next();
    q->addr = below(10) ? *scratch : UNMAPPED;
    q->r[ry] = q->addr;
    q->r[ry + (ry < 5)] = below(8) ? lens[below(ARRAY_SIZE(lens))] : next();
    if (q->addr != UNMAPPED) {
        put_name(qts, q->addr, "IPL");
    }
    *scratch += 256;
}

/* DIAGNOSE X'204': the subcodes of Linux's probe, others, odd Ry */
static void gen_diag204(Req *q)
{
    static const uint64_t subcodes[] = { 4, 4, 0x10005, 0x10006, 0x10007 };
    int ry = below(12) ? 4 : 5;

    q->kind = K_DIAG204;
    q->op = OP_DIAG;
    q->code = 0x204;
    q->rxry = 2 << 4 | ry;
    q->addr = below(10) ? HYPBUF : below(2) ? HYPBUF + 8 : UNMAPPED;
    q->r[2] = q->addr;
    q->r[ry] = below(8) ? subcodes[below(ARRAY_SIZE(subcodes))] : next();
    if (ry < 5) {
        q->r[ry + 1] = below(8) ? 1 : below(2) ? 0 : next();
    }
}

/* DIAGNOSE X'2FC': the queries Linux makes, others, sizes, formats */
static const char *const d2fc_users[] = { "*", "", USERID, "OTHER" };

static void gen_diag2fc(QTestState *qts, Req *q, uint64_t *scratch)
{
    static const uint32_t sizes[] = { 0, 112, 50, 200, 111 };
    const uint64_t parms = below(12) ? *scratch : UNMAPPED;
    const uint64_t buf = below(10) ? *scratch + 64 : UNMAPPED;
    const uint32_t size = below(8) ? sizes[below(ARRAY_SIZE(sizes))]
                                   : below(256);
    const uint32_t fmt = below(10) ? 2 : next();
    uint8_t p[32];

    q->kind = K_DIAG2FC;
    q->op = OP_DIAG;
    q->code = 0x2fc;
    q->rxry = 2 << 4 | 4;
    q->r[2] = parms;
    q->r[4] = -1;
    q->aux = below(ARRAY_SIZE(d2fc_users));
    q->addr = parms;
    q->len = size;
    if (parms != UNMAPPED) {
        char id[9];

        snprintf(id, sizeof(id), "%-8s", d2fc_users[q->aux]);
        zvm_ascii_to_ebcdic(p, id, 8);
        zvm_ascii_to_ebcdic(p + 8, "*       ", 8);
        stq_be_p(p + 16, buf);
        stl_be_p(p + 24, size);
        stl_be_p(p + 28, fmt);
        qtest_memwrite(qts, parms, p, sizeof(p));
    }
    q->r[5] = buf;      /* for the checker only */
    q->r[3] = fmt;
    *scratch += 320;
}

static void gen_diag0c(Req *q)
{
    q->kind = K_DIAG0C;
    q->op = OP_DIAG;
    q->code = 0x00c;
    q->rxry = 2 << 4 | 2;
    q->addr = below(10) ? HYPBUF + 0x800 : below(2) ? HYPBUF + 0x804
                                                    : UNMAPPED;
    q->r[2] = q->addr;
}

/* DIAGNOSE X'DC': three products, eight buffers, every field varied */
static void gen_diagdc(QTestState *qts, Req *q, uint64_t *scratch)
{
    static const uint16_t lens[] = { 8, 144, 4012, 0, 4013 };
    const uint64_t parms = below(16) ? *scratch : UNMAPPED;
    const uint64_t product = below(16) ? *scratch + 32 : UNMAPPED;
    const uint64_t buf = below(16) ? DATA + 64 * below(8) : UNMAPPED;
    const uint8_t fn = below(10) ? 0x80 + below(4) : next();
    const uint16_t len = below(8) ? lens[below(3)] :
                         below(2) ? lens[3 + below(2)] : next();
    const int ry = below(8) ? 4 : 2;
    uint8_t p[48] = { 0 };

    q->kind = K_DIAGDC;
    q->op = OP_DIAG;
    q->code = 0x0dc;
    q->rxry = 2 << 4 | ry;
    q->r[ry] = next();
    q->r[2] = parms;                            /* Ry may be Rx */
    q->addr = buf;
    q->len = len;
    q->aux = below(3);                          /* the product */
    if (parms != UNMAPPED) {
        stw_be_p(p, below(16) ? 0xdc : next());
        p[2] = fn;
        p[3] = below(16) ? 32 : next();
        stw_be_p(p + 10, len);
        stq_be_p(p + 16, product);
        stq_be_p(p + 24, buf);
        memcpy(p + 32, "LNXAPPL", 7);
        p[41] = q->aux;
        qtest_memwrite(qts, parms, p, sizeof(p));
    }
    /* for the checker: what the parameter list says */
    q->r[3] = parms == UNMAPPED ? 0 : lduw_be_p(p) << 16 | p[2] << 8 | p[3];
    q->r[5] = product;
    *scratch += 64;
}

/* names, commands, IUCV parameters: lower half of scratch, per batch */
static uint64_t scratch_next;

static void generate(QTestState *qts, Req *q)
{
    uint64_t *scratch = &scratch_next;

    g_assert_cmpuint(scratch_next, <=, SCCB_BASE - 256);
    memset(q, 0, sizeof(*q));
    q->seg = -1;
    switch (below(28)) {
    case 21:
        gen_diag10(q);
        break;
    case 22:
        gen_diag288(qts, q, scratch);
        break;
    case 23:
        gen_diag204(q);
        break;
    case 24:
        gen_diag2fc(qts, q, scratch);
        break;
    case 25:
        gen_diag0c(q);
        break;
    case 26:
        gen_diagdc(qts, q, scratch);
        break;
    case 0 ... 6:
        gen_diag64(qts, q, scratch);
        break;
    case 7 ... 8:
        gen_diag08(qts, q, scratch);
        break;
    case 20:
        gen_diag260(q);
        break;
    case 9 ... 11:
        gen_servc(qts, q);
        break;
    case 12 ... 14:
        gen_access(q, K_LOAD);
        break;
    case 15 ... 16:
        gen_access(q, K_STORE);
        break;
    case 17 ... 18:
        gen_access(q, K_TPROT);
        break;
    default:
        gen_iucv(qts, q, scratch);
    }
    if (below(32) == 0) {
        q->flags = BE_FLAGS_PROBLEM;
    }
}

/* -- checking ------------------------------------------------------------ */

typedef struct Res {
    int64_t cc;
    uint64_t pgm;
    uint64_t r[6];
} Res;

static QTestState *checking;    /* the QEMU whose batch is checked */

static G_NORETURN void mismatch(uint64_t n, const Req *q, const Res *r,
                                const char *what)
{
    if (q->kind == K_DIAG64 && checking) {
        uint8_t op[24];

        qtest_memread(checking, q->addr & ~7ULL, op, sizeof(op));
        fprintf(stderr, "  operand now:");
        for (int i = 0; i < 24; i++) {
            fprintf(stderr, " %02x", op[i]);
        }
        fprintf(stderr, "\n");
    }
    fprintf(stderr, "zvm-fuzz: MISMATCH at request %" PRIu64 " (seed %"
            PRIu64 "): %s\n  request (segment %s): op %" PRIu64
            " code 0x%" PRIx64
            " rxry 0x%" PRIx64 " flags %" PRIu64 " addr 0x%" PRIx64
            " aux 0x%" PRIx64 " r0-r5 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
            " 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 "\n"
            "  answer: cc %" PRId64 " pgm 0x%" PRIx64 " r0-r5 0x%" PRIx64
            " 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
            " 0x%" PRIx64 "\n  replay: make fuzz SEED=%" PRIu64
            " N=%" PRIu64 "\n",
            n, seed, what, q->seg >= -4 ? name_of(q->seg) : "-", q->op,
            q->code, q->rxry, q->flags, q->addr,
            q->aux, q->r[0], q->r[1], q->r[2], q->r[3], q->r[4], q->r[5],
            r->cc, r->pgm, r->r[0], r->r[1], r->r[2], r->r[3], r->r[4],
            r->r[5], seed, n + 1);
    exit(1);
}

#define EXPECT(cond, what) do { if (!(cond)) { mismatch(n, q, r, what); } \
                           } while (0)

static bool overlaps(uint64_t s1, uint64_t e1, uint64_t s2, uint64_t e2)
{
    return s1 <= e2 && s2 <= e1;
}

/* the segment that maps @addr for @g, or -1 */
static int mapped_seg(const Guest *g, uint64_t addr)
{
    for (unsigned int i = 0; i < NSEGS; i++) {
        if (g->loaded[i] && addr >= segs[i].start && addr <= segs[i].end) {
            return i;
        }
    }
    return -1;
}

static bool standby_assigned(const Guest *g, uint64_t addr)
{
    /* ASSIGN needs no ATTACH first (docs/standby.rst) */
    return addr >= STANDBY_BASE && addr < STANDBY_END &&
           g->assigned[(addr - STANDBY_BASE) / INCREMENT];
}

/* what the CPU finds at @addr: 0 none, 1 read-only, 2 read-write */
static int storage_at(const Guest *g, uint64_t addr)
{
    const int s = mapped_seg(g, addr);

    if (addr < BOOT_MIB * MiB || standby_assigned(g, addr)) {
        return 2;
    }
    if (s >= 0) {
        return segs[s].readonly && !g->nonshared[s] ? 1 : 2;
    }
    return 0;
}

static void check_diag64(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const uint64_t sub = q->aux;
    const int rx = q->rxry >> 4, ry = q->rxry & 15;
    const bool known = q->seg >= 0;
    const bool wide = sub != LOADSHR && sub != LOADNSR && sub != LOADNOLY &&
                      sub != FINDSEG && sub != SEGEXT;
    bool valid = false;

    for (unsigned int i = 0; i < G_N_ELEMENTS(subcodes); i++) {
        valid |= (uint64_t)subcodes[i] == sub;
    }
    if (!valid) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "unknown subcode: spec. exc.");
        return;
    }
    if (sub == SEGEXT || sub == SEGEXTX) {
        const int16_t len = q->len;

        if (q->addr & 7 || len < (wide ? 24 : 16) || len & 7 || len > 4096) {
            EXPECT(r->pgm == PGM_SPECIFICATION, "SEGEXT block: spec. exc.");
            return;
        }
        EXPECT(r->pgm == PGM_NO, "SEGEXT: no exception");
        if (!known) {
            EXPECT(r->cc == 2 && r->r[ry] == RC_NOT_FOUND, "SEGEXT: rc 44");
        } else if (!wide && segs[q->seg].end >= 0x80000000ULL) {
            EXPECT(r->cc == 2 && r->r[ry] == RC_ABOVE_2G, "SEGEXT: rc 253");
        } else {
            EXPECT(r->cc == 0 || r->cc == 1, "SEGEXT: cc 0 or 1");
        }
        return;
    }
    if (q->addr & 7) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "misaligned name: spec. exc.");
        return;
    }
    if (q->addr == UNMAPPED) {
        EXPECT(r->pgm == PGM_ADDRESSING, "name outside storage: addressing");
        return;
    }
    EXPECT(r->pgm == PGM_NO, "DIAG X'64': no exception");
    if (!known) {
        EXPECT(r->cc == 2 && r->r[ry] == RC_NOT_FOUND, "unknown name: rc 44");
        return;
    }
    if (!wide && segs[q->seg].end >= 0x80000000ULL) {
        EXPECT(r->cc == 2 && r->r[ry] == RC_ABOVE_2G, "31-bit: rc 253");
        return;
    }
    switch (sub) {
    case FINDSEG:
    case FINDSEGX:
        EXPECT(r->cc == !g->loaded[q->seg], "FINDSEG cc = loaded?");
        EXPECT(r->r[rx] == segs[q->seg].start && r->r[ry] == segs[q->seg].end,
               "FINDSEG Rx/Ry");
        return;
    case PURGESEG:
        EXPECT(r->cc == !g->loaded[q->seg], "PURGESEG cc = loaded?");
        g->loaded[q->seg] = false;
        return;
    }
    /* a load, shared or not */
    {
        const bool ns = sub == LOADNSR || sub == LOADNSRX;
        const Seg *s = &segs[q->seg];
        bool overlap = overlaps(s->start, s->end, 0, STANDBY_END - 1);

        for (unsigned int i = 0; i < NSEGS; i++) {
            if (i != (unsigned)q->seg && g->loaded[i] &&
                overlaps(s->start, s->end, segs[i].start, segs[i].end)) {
                overlap = true;
            }
        }
        if (overlap) {
            EXPECT(r->cc == 2 && r->r[ry] == RC_OVERLAP, "overlap: rc 252");
            return;
        }
        if (r->cc == 2 && r->r[ry] == RC_IN_USE) {
            /* held by the other QEMU: exclusive segments only */
            EXPECT(two_guests && s->exclusive, "rc 251 for a shared segment "
                   "or without another guest");
            /* a reload in the other mode purged it first */
            g->loaded[q->seg] = false;
            return;
        }
        EXPECT(r->cc == 0, "load: cc 0");
        EXPECT(r->r[rx] == s->start && r->r[ry] == s->end, "load: Rx/Ry");
        g->loaded[q->seg] = true;
        g->nonshared[q->seg] = ns;
    }
}

static void check_diag08(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const int rx = q->rxry >> 4, ry = q->rxry & 15;

    if (q->len > 240 || rx == ry || (q->aux && ((rx & 1) || (ry & 1)))) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'08' operands: spec.");
        return;
    }
    if (q->addr == UNMAPPED && q->len) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'08' command: addressing");
        return;
    }
    EXPECT(r->pgm == PGM_NO, "DIAG X'08': no exception");
    EXPECT(r->cc == 0 || r->cc == 1, "DIAG X'08': cc 0 or 1");
    if (q->aux) {
        const uint64_t buflen = q->r[ry + 1];

        if (r->cc == 0) {
            EXPECT(r->r[ry + 1] <= buflen, "response: stored <= buffer");
        } else {
            EXPECT(r->r[ry + 1] > 0, "response: cc 1 with bytes left over");
        }
    }
}

/* DIAGNOSE X'260' X'10': boot storage and the runs of assigned increments */
static void check_diag260(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const int rx = q->rxry >> 4, ry = q->rxry & 15;
    uint64_t extents = 1, fit;

    if ((rx & 1) || ry == rx || ry == rx + 1 || q->aux != 0x10 ||
        (q->addr & 7)) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'260' operands: spec.");
        return;
    }
    /* the first standby increment continues boot storage */
    for (int i = 1; i < 256; i++) {
        extents += g->assigned[i] && !g->assigned[i - 1];
    }
    fit = MIN(extents, q->len / 16);
    if (fit && storage_at(g, q->addr) != 2) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'260' list: addressing");
        return;
    }
    EXPECT(r->pgm == PGM_NO, "DIAG X'260': no exception");
    EXPECT(r->cc == 0, "DIAG X'260': cc 0");
    EXPECT(r->r[ry] == extents, "DIAG X'260': Ry = number of extents");
}

/* the model follows ATTACH, ASSIGN and UNASSIGN that were carried out */
static void follow_sclp(Guest *g, uint32_t cmd, const Res *r)
{
    const uint64_t rn = r->r[5];

    if (r->r[4] != 0x0020) {
        return;
    }
    if ((cmd & 0xffff00ff) == 0x00080001) {
        g->attached = true;
    } else if ((cmd == 0x000d0001 || cmd == 0x000c0001) &&
               rn >= RN_FIRST && rn < RN_FIRST + 256) {
        g->assigned[rn - RN_FIRST] = cmd == 0x000d0001;
    }
}

static void check_servc(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const uint64_t sccb = q->addr;
    const uint32_t cmd = q->r[2];
    const int st = storage_at(g, sccb);

    if (!st) {
        EXPECT(r->pgm == PGM_ADDRESSING, "SCCB outside storage: addressing");
        return;
    }
    if ((sccb & ~0x1fffULL) == 0 || (sccb & ~0x7ffffff8ULL) != 0) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "SCCB address: spec. exc.");
        return;
    }
    if (!q->len) {
        /*
         * Contents not written by us (a segment, standby storage): the
         * header may be too short (specification), the SCCB may reach
         * storage that is not there or is read-only (addressing); an
         * SCCB in read-only storage is never executed.
         */
        EXPECT(r->pgm == PGM_NO || r->pgm == PGM_SPECIFICATION ||
               r->pgm == PGM_ADDRESSING, "SERVC: spec., addressing or done");
        EXPECT(st != 1 || r->pgm != PGM_NO,
               "SCCB in read-only storage was executed");
        EXPECT(r->pgm != PGM_NO || r->cc == 0, "SERVC: cc 0");
        if (r->pgm == PGM_NO) {
            follow_sclp(g, cmd, r);
        }
        return;
    }
    if (q->len < 8) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "SCCB length < 8: spec. exc.");
        return;
    }
    EXPECT(r->pgm == PGM_NO, "SERVC: no exception");
    EXPECT(r->cc == 0, "SERVC: cc 0");
    follow_sclp(g, cmd, r);
}

static void check_access(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const int st = storage_at(g, q->addr);

    if (!st) {
        EXPECT(r->pgm == PGM_ADDRESSING, "no storage there: addressing");
        return;
    }
    switch (q->kind) {
    case K_LOAD:
        EXPECT(r->pgm == PGM_NO, "load: no exception");
        if (st == 1) {
            const int s = mapped_seg(g, q->addr);

            EXPECT(r->r[3] == pattern(segs[s].seed, q->addr - segs[s].start),
                   "read-only segment contents changed");
        }
        break;
    case K_STORE:
        EXPECT(r->pgm == (st == 1 ? PGM_PROTECTION : PGM_NO),
               "store: protection exception exactly in read-only storage");
        break;
    default:
        EXPECT(r->pgm == PGM_NO && r->cc == (st == 1 ? 1 : 0),
               "TPROT: cc 1 in read-only storage, else cc 0");
    }
}

static void check_iucv(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const uint64_t fn = q->r[0] & 0xff;
    uint8_t iprcode;

    if (fn == 0) {
        EXPECT(r->pgm == PGM_NO, "IUCV QUERY: no exception");
        EXPECT(r->cc == 0 && r->r[1] == 64 && r->r[0] == 40,
               "IUCV QUERY: cc 0, 40, 64");
        return;
    }
    if (fn > 17 || fn == 1 || fn == 3 || fn == 7) {
        EXPECT(r->pgm == PGM_NO && r->cc == 3, "IUCV: unknown function: cc 3");
        return;
    }
    if (q->addr == UNMAPPED) {
        EXPECT(r->pgm == PGM_ADDRESSING, "IUCV: parameter list: addressing");
        return;
    }
    EXPECT(r->pgm == PGM_NO, "IUCV: no exception");
    EXPECT(r->cc <= 1, "IUCV: cc 0 or 1");
    iprcode = r->cc ? qtest_readb(checking, q->addr + 3) : 0;
    switch (fn) {
    case 2: case 16: case 17:
        EXPECT(r->cc == 0, "IUCV: cc 0");
        break;
    case 12:    /* a second buffer on the CPU: X'13' */
        EXPECT(!r->cc || iprcode == 0x13, "IUCV DECLARE BUFFER");
        break;
    case 11: {
        const char *t = iucv_targets[q->aux];
        const uint8_t want = t[0] == '*' ? (strcmp(t, "*NOSUCH") ? 0x0f : 0x10)
                             : !strcmp(t, USERID) ? 0x0f : 0x0b;

        if (!strcmp(t, "*MSG") || !strcmp(t, "*MONITOR")) {
            /*
             * connected (*MONITOR then completes or severs the path
             * itself), or one path already, or IPMSGLIM over 255
             */
            EXPECT(!r->cc || iprcode == 0x0e || iprcode == 0x12,
                   "IUCV CONNECT *MSG, *MONITOR");
            break;
        }
        EXPECT(r->cc == 1, "IUCV CONNECT refused: cc 1");
        EXPECT(iprcode == want, "IUCV CONNECT: IPRCODE by target");
        break;
    }
    default:    /* on a path: not connected X'01', no message X'09' ... */
        EXPECT(!r->cc || iprcode == 0x01 || iprcode == 0x03 ||
               iprcode == 0x09, "IUCV on a path: IPRCODE");
    }
}

static void check_diag10(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const uint64_t first = q->addr, last = q->aux;

    if ((first | last) & 0xfff || first > last || first < 0x2000) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'10' range: spec.");
    } else if (!storage_at(g, last)) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'10' beyond storage: addr.");
    } else {
        EXPECT(r->pgm == PGM_NO, "DIAG X'10': no exception");
    }
}

static void check_diag288(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const int rx = q->rxry >> 4, ry = q->rxry & 15;
    const uint64_t code = q->r[rx] & 0xffffffff;
    const uint64_t func = code & ~0x80000000ULL;
    const uint64_t timeout = q->r[rx + 1] & 0xffffffff;
    const uint64_t len = ry < 5 ? q->r[ry + 1] : 0;

    if ((rx & 1) || (ry & 1) || (func != 0 && code != func) ||
        (func != 2 && timeout < 15) || (func == 0 && (!len || len > 240))) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'288' operands: spec.");
        return;
    }
    if (func == 0 && q->addr == UNMAPPED) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'288' command: addressing");
        return;
    }
    if (func == 0 || (func <= 2 && g->wdt_enabled)) {
        EXPECT(r->pgm == PGM_NO, "DIAG X'288': no exception");
        g->wdt_enabled = func != 2;
    } else {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'288' not running / "
               "no such function: spec.");
    }
}

static void check_diag204(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const int ry = q->rxry & 15;

    if (ry & 1) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'204' odd Ry: spec.");
    } else if ((q->r[ry] & 0xffffffff) != 4) {
        EXPECT(r->pgm == PGM_NO && r->r[ry] == 4, "DIAG X'204': rc 4");
    } else if (q->addr & 0xfff) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'204' unaligned: spec.");
    } else if (!(q->r[ry + 1] & 0xffffffff)) {
        EXPECT(r->pgm == PGM_NO && r->r[ry] == 4, "DIAG X'204' 0 pages: rc 4");
    } else if (q->addr == UNMAPPED) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'204' buffer: addressing");
    } else {
        EXPECT(r->pgm == PGM_NO && r->r[ry] == 0, "DIAG X'204' 4: rc 0");
    }
}

static void check_diag2fc(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const uint64_t need = q->aux < 3 ? 112 : 0, size = q->len;

    if (q->addr == UNMAPPED) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'2FC' list: addressing");
    } else if (q->r[3] != 2) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'2FC' format: spec.");
    } else if (size && size >= need && need && q->r[5] == UNMAPPED) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'2FC' buffer: addressing");
    } else {
        EXPECT(r->pgm == PGM_NO, "DIAG X'2FC': no exception");
        EXPECT(r->r[2] == size - need, "DIAG X'2FC': residual count");
        EXPECT(r->r[4] == (size && size < need ? (uint64_t)-2 : 0),
               "DIAG X'2FC': return code");
    }
}

static void check_diag0c(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    if (q->addr & 7) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'0C' unaligned: spec.");
    } else if (q->addr == UNMAPPED) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'0C' area: addressing");
    } else {
        EXPECT(r->pgm == PGM_NO, "DIAG X'0C': no exception");
    }
}

/* DIAGNOSE X'DC' against the model of the registered buffers */
static void check_diagdc(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    const int ry = q->rxry & 15;
    const uint64_t diag = q->r[3] >> 16, fn = (q->r[3] >> 8) & 0xff;
    const uint64_t len = q->len;
    int i, rc = 0;

    if (q->r[2] == UNMAPPED) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'DC' list: addressing");
        return;
    }
    if (diag != 0xdc || (q->r[3] & 0xff) != 32 || fn < 0x80 || fn > 0x83) {
        EXPECT(r->pgm == PGM_SPECIFICATION, "DIAG X'DC' list: spec.");
        return;
    }
    if (q->r[5] == UNMAPPED ||
        (len && len <= 4012 && q->addr == UNMAPPED)) {
        EXPECT(r->pgm == PGM_ADDRESSING, "DIAG X'DC' operand: addressing");
        return;
    }
    for (i = 0; i < g->nr_appl; i++) {
        if (g->appl[i].product == q->aux && g->appl[i].addr == q->addr &&
            g->appl[i].len == len) {
            break;
        }
    }
    if (!len || len > 4012) {
        rc = 6;
    } else if (fn == 0x80 || fn == 0x83) {
        if (i == g->nr_appl && g->nr_appl == APPL_MAX) {
            rc = 7;
        } else if (i == g->nr_appl) {
            g->appl[g->nr_appl++] = (ApplBuf) { q->aux, q->addr, len };
        }
    } else if (fn == 0x81 && i < g->nr_appl) {
        g->appl[i] = g->appl[--g->nr_appl];
    }
    EXPECT(r->pgm == PGM_NO, "DIAG X'DC': no exception");
    EXPECT(r->r[ry] == rc && r->cc == (rc ? 1 : 0), "DIAG X'DC': rc, cc");
}

static void check(uint64_t n, Guest *g, const Req *q, const Res *r)
{
    g->requests++;
    if (r->pgm != PGM_NO) {
        g->pgms++;
    } else if (r->cc >= 0 && r->cc < 4) {
        g->ccs[r->cc]++;
    }
    if (q->flags & BE_FLAGS_PROBLEM) {
        /* privileged in problem state, or ended in our operation check */
        if (q->kind == K_LOAD || q->kind == K_STORE) {
            EXPECT(r->pgm != PGM_PRIVILEGED,
                   "problem state load/store: not privileged");
        } else if (q->kind != K_IUCV && q->kind != K_TPROT) {
            EXPECT(r->pgm == PGM_PRIVILEGED, "problem state: privileged "
                   "operation exception");
        }
        return;
    }
    switch (q->kind) {
    case K_DIAG64:
        check_diag64(n, g, q, r);
        break;
    case K_DIAG08:
        check_diag08(n, g, q, r);
        break;
    case K_DIAG260:
        check_diag260(n, g, q, r);
        break;
    case K_SERVC:
        check_servc(n, g, q, r);
        break;
    case K_IUCV:
        check_iucv(n, g, q, r);
        break;
    case K_DIAG10:
        check_diag10(n, g, q, r);
        break;
    case K_DIAG288:
        check_diag288(n, g, q, r);
        break;
    case K_DIAG204:
        check_diag204(n, g, q, r);
        break;
    case K_DIAG2FC:
        check_diag2fc(n, g, q, r);
        break;
    case K_DIAG0C:
        check_diag0c(n, g, q, r);
        break;
    case K_DIAGDC:
        check_diagdc(n, g, q, r);
        break;
    default:
        check_access(n, g, q, r);
    }
}

/* QEMU agrees with the model; the canary page was not written */
static void check_host(Guest *g, uint64_t n)
{
    QDict *rsp = qtest_qmp(g->b->qts, "{'execute': 'query-zvm-dcss'}");
    QList *list = qdict_get_qlist(rsp, "return");
    QListEntry *e;
    uint8_t canary[4096];
    int assigned = 0;

    QLIST_FOREACH_ENTRY(list, e) {
        QDict *seg = qobject_to(QDict, qlist_entry_obj(e));
        const char *name = qdict_get_str(seg, "name");

        for (unsigned int i = 0; i < NSEGS; i++) {
            if (!strcmp(name, segs[i].name) &&
                qdict_get_bool(seg, "loaded") != g->loaded[i]) {
                fprintf(stderr, "zvm-fuzz: MISMATCH after request %" PRIu64
                        " (seed %" PRIu64 "): QMP says %s is %sloaded\n",
                        n, seed, name, g->loaded[i] ? "not " : "");
                exit(1);
            }
        }
    }
    qobject_unref(rsp);
    for (unsigned int i = 0; i < 256; i++) {
        assigned += g->assigned[i];
    }
    rsp = qtest_qmp(g->b->qts, "{'execute': 'query-standby-storage'}");
    if (qdict_get_int(qdict_get_qdict(rsp, "return"),
                      "assigned-increments") != assigned) {
        fprintf(stderr, "zvm-fuzz: MISMATCH after request %" PRIu64
                " (seed %" PRIu64 "): QMP assigned increments differ\n",
                n, seed);
        exit(1);
    }
    qobject_unref(rsp);
    rsp = qtest_qmp(g->b->qts, "{ 'execute': 'qom-get', 'arguments': {"
                    " 'path': '/machine/zvm-personality/appldata',"
                    " 'property': 'buffers' } }");
    if (qlist_size(qdict_get_qlist(rsp, "return")) != g->nr_appl) {
        fprintf(stderr, "zvm-fuzz: MISMATCH after request %" PRIu64
                " (seed %" PRIu64 "): %zu application data buffers, the "
                "model has %d\n", n,
                seed, qlist_size(qdict_get_qlist(rsp, "return")), g->nr_appl);
        exit(1);
    }
    qobject_unref(rsp);
    qtest_memread(g->b->qts, CANARY, canary, sizeof(canary));
    for (unsigned int i = 0; i < sizeof(canary); i++) {
        if (canary[i] != CANARY_BYTE) {
            fprintf(stderr, "zvm-fuzz: MISMATCH after request %" PRIu64
                    " (seed %" PRIu64 "): a store beyond a buffer reached "
                    "0x%" PRIx64 "\n", n, seed, (uint64_t)(CANARY + i));
            exit(1);
        }
    }
}

static void write_batch(Guest *g, Req *reqs, unsigned int count)
{
    g_autofree uint8_t *t = g_malloc0(count * BATCH_ENTRY);

    sccb_next = 0;
    scratch_next = SCRATCH;
    for (unsigned int i = 0; i < count; i++) {
        uint64_t *e = (uint64_t *)(t + i * BATCH_ENTRY);

        generate(g->b->qts, &reqs[i]);
        e[BE_OP / 8] = cpu_to_be64(reqs[i].op);
        e[BE_CODE / 8] = cpu_to_be64(reqs[i].code);
        e[BE_RXRY / 8] = cpu_to_be64(reqs[i].rxry);
        for (int r = 0; r < 6; r++) {
            e[BE_REGS_IN / 8 + r] = cpu_to_be64(reqs[i].r[r]);
        }
        e[BE_FLAGS / 8] = cpu_to_be64(reqs[i].flags);
    }
    qtest_memwrite(g->b->qts, TABLE, t, count * BATCH_ENTRY);
}

static void start_batch(Guest *g, unsigned int count)
{
    uint64_t regs[14] = { [2] = TABLE, [3] = count };

    zvm_bare_op_start(g->b, OP_BATCH, 0, 0, 0, regs);
}

static void finish_batch(Guest *g, Req *reqs, unsigned int count,
                         uint64_t first)
{
    g_autofree uint8_t *t = g_malloc(count * BATCH_ENTRY);

    zvm_bare_op_wait(g->b, 120);
    g_assert_cmphex(g->b->pgm, ==, PGM_NO);
    checking = g->b->qts;
    qtest_memread(g->b->qts, TABLE, t, count * BATCH_ENTRY);
    for (unsigned int i = 0; i < count; i++) {
        const uint64_t *e = (const uint64_t *)(t + i * BATCH_ENTRY);
        Res r = {
            .cc = be64_to_cpu(e[BE_CC / 8]),
            .pgm = be64_to_cpu(e[BE_PGM / 8]),
        };

        for (int k = 0; k < 6; k++) {
            r.r[k] = be64_to_cpu(e[BE_REGS_OUT / 8 + k]);
        }
        check(first + i, g, &reqs[i], &r);
    }
    check_host(g, first + count);
}

int main(int argc, char **argv)
{
    uint64_t requests = 100000, batch = 2048, done = 0;
    g_autofree Req *ra = NULL, *rb = NULL;
    g_autofree char *sums[NSEGS] = { 0 };
    Guest a, b;
    gint64 t0;
    GOptionEntry opts[] = {
        { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "seed (0: random)",
          "S" },
        { "requests", 'n', 0, G_OPTION_ARG_INT64, &requests,
          "requests (default 100000)", "N" },
        { "batch", 'b', 0, G_OPTION_ARG_INT64, &batch,
          "requests per batch (default 2048)", "B" },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);

    g_option_context_add_main_entries(ctx, opts, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, NULL) || !batch ||
        batch > BATCH_MAX) {
        fprintf(stderr, "%s", g_option_context_get_help(ctx, true, NULL));
        return 2;
    }
    if (!seed) {
        seed = g_get_real_time() ^ getpid();
    }
    rng = seed * 0x9e3779b97f4a7c15ULL | 1;
    printf("zvm-fuzz: seed %" PRIu64 ", %" PRIu64 " requests, batches of %"
           PRIu64 "\n", seed, requests, batch);
    fflush(stdout);

    sigaction(SIGABRT, &(struct sigaction) { .sa_handler = on_abort,
                                             .sa_flags = SA_RESETHAND }, NULL);
    make_store();
    for (unsigned int i = 0; i < NSEGS; i++) {
        sums[i] = image_sum(i);
    }
    ra = g_new(Req, batch);
    rb = g_new(Req, batch);
    start_guest(&a);
    b.b = NULL;
    t0 = g_get_monotonic_time();
    for (uint64_t round = 0; done < requests; round++) {
        const unsigned int n = MIN(batch, requests - done);

        batch_first = done;
        batch_end = done + n;
        /* every fourth round, a second QEMU on the store at once */
        two_guests = round % 4 == 3 && n >= 2;
        if (two_guests) {
            const unsigned int half = n / 2;

            if (!b.b) {
                start_guest(&b);
            }
            write_batch(&a, ra, half);
            write_batch(&b, rb, n - half);
            start_batch(&a, half);
            start_batch(&b, n - half);
            finish_batch(&a, ra, half, done);
            finish_batch(&b, rb, n - half, done + half);
            /* never two holders of an exclusive segment */
            for (unsigned int i = 0; i < NSEGS; i++) {
                if (segs[i].exclusive && a.loaded[i] && b.loaded[i]) {
                    fprintf(stderr, "zvm-fuzz: MISMATCH (seed %" PRIu64
                            "): both guests hold %s\n", seed, segs[i].name);
                    exit(1);
                }
            }
        } else {
            if (b.b) {
                zvm_bare_quit(b.b);     /* its exclusive segments go */
                b.b = NULL;
            }
            write_batch(&a, ra, n);
            start_batch(&a, n);
            finish_batch(&a, ra, n, done);
        }
        done += n;
    }
    if (b.b) {
        zvm_bare_quit(b.b);
    }
    zvm_bare_quit(a.b);
    for (unsigned int i = 0; i < NSEGS; i++) {
        g_autofree char *now = image_sum(i);

        if (segs[i].readonly && strcmp(now, sums[i])) {
            fprintf(stderr, "zvm-fuzz: MISMATCH (seed %" PRIu64 "): "
                    "read-only image %s changed\n", seed, segs[i].name);
            return 1;
        }
    }
    printf("zvm-fuzz: %" PRIu64 " requests in %.1f s (seed %" PRIu64 "): "
           "0 crashes, 0 hangs, 0 mismatches; guest 1: %" PRIu64
           " program checks, cc 0/1/2/3: %" PRIu64 "/%" PRIu64 "/%" PRIu64
           "/%" PRIu64 "; read-only images unchanged\n", done,
           (g_get_monotonic_time() - t0) / 1e6, seed, a.pgms, a.ccs[0],
           a.ccs[1], a.ccs[2], a.ccs[3]);
    g_autofree char *rm = g_strdup_printf("rm -rf %s", store);
    return system(rm) ? 1 : 0;
}
