/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the qtest side of the bare-metal driver payload.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "zvm-bare.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"

#define BARE_TIMEOUT_S 30

char *zvm_payload(const char *name)
{
    char *elf = g_strdup_printf("%s/%s.elf", g_getenv("ZVM_PAYLOADS"), name);

    g_assert_true(g_file_test(elf, G_FILE_TEST_EXISTS));
    return elf;
}

ZvmBare *zvm_bare_start(const char *extra)
{
    return zvm_bare_start_m(extra, 128);
}

ZvmBare *zvm_bare_start_m(const char *extra, int mem_mib)
{
    g_autofree char *elf = zvm_payload("driver");
    const gint64 deadline = g_get_monotonic_time() +
                            BARE_TIMEOUT_S * G_USEC_PER_SEC;
    ZvmBare *b = g_new0(ZvmBare, 1);

    b->qts = qtest_initf("-machine s390-ccw-virtio,zvm=on%s -accel tcg "
                         "-nodefaults -no-shutdown -m %d -kernel %s",
                         extra ? extra : "", mem_mib, elf);
    while (qtest_readq(b->qts, PAYLOAD_RESULTS + MB_READY) != PAYLOAD_DONE) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(1000);
    }
    return b;
}

void zvm_bare_quit(ZvmBare *b)
{
    qtest_quit(b->qts);
    g_free(b);
}

void zvm_bare_op(ZvmBare *b, int op, int code, int r1, int r3,
                 const uint64_t *regs)
{
    zvm_bare_op_start(b, op, code, r1, r3, regs);
    zvm_bare_op_wait(b, BARE_TIMEOUT_S);
}

void zvm_bare_op_start(ZvmBare *b, int op, int code, int r1, int r3,
                       const uint64_t *regs)
{
    g_assert(r1 >= 0 && r1 < 14 && r3 >= 0 && r3 < 14);
    for (int i = 0; i < 14; i++) {
        qtest_writeq(b->qts, PAYLOAD_RESULTS + MB_REGS_IN + 8 * i,
                     regs ? regs[i] : 0);
    }
    qtest_writeq(b->qts, PAYLOAD_RESULTS + MB_OP, op);
    qtest_writeq(b->qts, PAYLOAD_RESULTS + MB_CODE, code);
    qtest_writeq(b->qts, PAYLOAD_RESULTS + MB_RXRY, r1 << 4 | r3);
    qtest_writeq(b->qts, PAYLOAD_RESULTS + MB_REQ, ++b->req);
}

void zvm_bare_op_wait(ZvmBare *b, int timeout_s)
{
    const gint64 deadline = g_get_monotonic_time() +
                            timeout_s * G_USEC_PER_SEC;

    while (qtest_readq(b->qts, PAYLOAD_RESULTS + MB_ACK) != b->req) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(200);
    }
    for (int i = 0; i < 14; i++) {
        b->regs[i] = qtest_readq(b->qts, PAYLOAD_RESULTS + MB_REGS_OUT +
                                 8 * i);
    }
    b->cc = qtest_readq(b->qts, PAYLOAD_RESULTS + MB_CC);
    b->pgm = qtest_readq(b->qts, PAYLOAD_RESULTS + MB_PGM);
}

void zvm_bare_sske(ZvmBare *b, uint64_t addr, uint8_t key)
{
    uint64_t regs[14] = { [2] = addr, [3] = key };

    zvm_bare_op(b, OP_SSKE, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
}

/* bits 56-62 of R1 hold the key, bit 63 is set to zero */
uint8_t zvm_bare_iske(ZvmBare *b, uint64_t addr)
{
    uint64_t regs[14] = { [2] = addr, [3] = 0xff };

    zvm_bare_op(b, OP_ISKE, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    return b->regs[3] & 0xff;
}

void zvm_bare_diag(ZvmBare *b, int code, uint64_t rx, uint64_t ry)
{
    uint64_t regs[14] = { 0 };

    regs[2] = rx;
    regs[4] = ry;
    zvm_bare_op(b, OP_DIAG, code, 2, 4, regs);
}

uint64_t zvm_bare_load(ZvmBare *b, uint64_t addr)
{
    uint64_t regs[14] = { [2] = addr, [3] = 0xdeadbeefdeadbeefULL };

    zvm_bare_op(b, OP_LOAD, 0, 0, 0, regs);
    return b->regs[3];
}

void zvm_bare_store(ZvmBare *b, uint64_t addr, uint64_t val)
{
    uint64_t regs[14] = { [2] = addr, [3] = val };

    zvm_bare_op(b, OP_STORE, 0, 0, 0, regs);
}

void zvm_bare_put_ebcdic(ZvmBare *b, uint64_t addr, const char *s,
                         size_t len)
{
    g_autofree char *padded = g_strdup_printf("%-*s", (int)len, s);
    g_autofree uint8_t *e = g_malloc(len);

    zvm_ascii_to_ebcdic(e, padded, len);
    qtest_memwrite(b->qts, addr, e, len);
}

void zvm_bare_wait_migration(QTestState *qts, const char *want)
{
    const gint64 deadline = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;

    for (;;) {
        QDict *rsp = qtest_qmp(qts, "{'execute': 'query-migrate'}");
        QDict *ret = qdict_get_qdict(rsp, "return");
        bool done = qdict_haskey(ret, "status") &&
                    !strcmp(qdict_get_str(ret, "status"), want);

        qobject_unref(rsp);
        if (done) {
            return;
        }
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10 * 1000);
    }
}

uint64_t zvm_bare_migrate_and_quit(ZvmBare *b, const char *uri)
{
    uint64_t req = b->req;

    qtest_qmp_assert_success(b->qts, "{'execute': 'stop'}");
    qtest_qmp_assert_success(b->qts, "{'execute': 'migrate',"
                             " 'arguments': {'uri': %s}}", uri);
    zvm_bare_wait_migration(b->qts, "completed");
    zvm_bare_quit(b);
    return req;
}

QTestState *zvm_bare_start_incoming(const char *opts, int mem_mib,
                                    const char *uri)
{
    g_autofree char *elf = zvm_payload("driver");
    QTestState *qts = qtest_initf("-machine s390-ccw-virtio%s -accel tcg "
                                  "-nodefaults -no-shutdown -m %d -kernel %s "
                                  "-incoming defer", opts, mem_mib, elf);

    qtest_qmp_assert_success(qts, "{'execute': 'migrate-incoming',"
                             " 'arguments': {'uri': %s}}", uri);
    return qts;
}
