/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm DIAGNOSE tests on bare metal: with nothing registered for a
 * code, DIAGNOSE behaves exactly as in upstream QEMU (specification
 * exception) and codes QEMU handles itself keep the guest's condition
 * code; under zvm=on, DIAGNOSE X'08' follows CP's register protocol in
 * every edge case (payloads/driver.S runs each call).
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "libqtest.h"
#include "payloads/zvm-payload.h"
#include "zvm-bare.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"

#define CMD_ADDR    0x20000     /* command text */
#define BUF_ADDR    0x30000     /* response buffer */
#define DIAG8_RESPONSE 0x40000000ULL

#define PGM_SPECIFICATION 0x0006

static QTestState *run_payload(const char *name, const char *extra)
{
    g_autofree char *elf = zvm_payload(name);
    QTestState *qts;
    gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;

    qts = qtest_initf("-machine s390-ccw-virtio -accel tcg -nodefaults "
                      "-no-shutdown -m 128 -kernel %s %s", elf, extra);
    while (qtest_readq(qts, PAYLOAD_RESULTS) != PAYLOAD_DONE) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10 * 1000);
    }
    return qts;
}

static uint64_t slot(QTestState *qts, int n)
{
    return qtest_readq(qts, PAYLOAD_RESULTS + 8 * n);
}

static void test_unregistered_codes(void)
{
    QTestState *qts = run_payload("diag", "");

    g_assert_cmphex(slot(qts, DIAG_SLOT_PGM_64), ==, PGM_SPECIFICATION);
    g_assert_cmphex(slot(qts, DIAG_SLOT_PGM_08), ==, PGM_SPECIFICATION);
    g_assert_cmphex(slot(qts, DIAG_SLOT_PGM_FFF), ==, PGM_SPECIFICATION);
    qtest_quit(qts);
}

static void test_yield_keeps_cc(void)
{
    QTestState *qts = run_payload("diag", "");

    g_assert_cmphex(slot(qts, DIAG_SLOT_PGM_44), ==, PAYLOAD_NO_PGM);
    g_assert_cmpuint(slot(qts, DIAG_SLOT_CC_44), ==, 2);
    qtest_quit(qts);
}

/* DIAGNOSE X'08' of @cmd at @cmd_addr, response form with @buflen bytes */
static void diag8(ZvmBare *b, const char *cmd, uint64_t cmd_addr,
                  uint64_t buf_addr, uint64_t buflen, int rx, int ry)
{
    uint64_t regs[14] = { 0 };
    const size_t len = strlen(cmd);

    zvm_bare_put_ebcdic(b, cmd_addr, cmd, len);
    regs[rx] = cmd_addr;
    regs[ry] = (buflen ? DIAG8_RESPONSE : 0) | len;
    if (rx < 13 && ry < 13) {
        regs[rx + 1] = buf_addr;
        regs[ry + 1] = buflen;
    }
    zvm_bare_op(b, OP_DIAG, 0x08, rx, ry, regs);
}

static char *read_response(ZvmBare *b, uint64_t addr, size_t len)
{
    g_autofree uint8_t *e = g_malloc(len);
    char *s = g_malloc(len + 1);

    qtest_memread(b->qts, addr, e, len);
    zvm_ebcdic_to_ascii(s, e, len);
    s[len] = 0;
    return s;
}

static void test_diag8_response(void)
{
    ZvmBare *b = zvm_bare_start(",zvm-userid=BARE");
    g_autofree char *resp = NULL;

    diag8(b, "QUERY USERID", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmpuint(b->regs[4], ==, 0);             /* CP return code */
    resp = read_response(b, BUF_ADDR, b->regs[5]);
    g_assert_cmpstr(resp, ==, "BARE     AT QEMUZVM\n");
    g_assert_cmpuint(b->regs[5], ==, 20);            /* bytes stored */
    zvm_bare_quit(b);
}

/* A buffer too small: cc 1, Ry+1 = bytes that did not fit, no overrun */
static void test_diag8_small_buffer(void)
{
    ZvmBare *b = zvm_bare_start(",zvm-userid=BARE");
    g_autofree char *resp = NULL;

    qtest_memset(b->qts, BUF_ADDR, 0xaa, 64);
    diag8(b, "Q USERID", CMD_ADDR, BUF_ADDR, 8, 2, 4);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 1);
    g_assert_cmpuint(b->regs[5], ==, 20 - 8);
    resp = read_response(b, BUF_ADDR, 8);
    g_assert_cmpstr(resp, ==, "BARE    ");
    g_assert_cmphex(qtest_readb(b->qts, BUF_ADDR + 8), ==, 0xaa);
    zvm_bare_quit(b);
}

/* Unknown command: rc 1 in Ry, HCPCMD001E in the buffer */
static void test_diag8_unknown(void)
{
    ZvmBare *b = zvm_bare_start("");
    g_autofree char *resp = NULL;

    diag8(b, "FROBNICATE", CMD_ADDR, BUF_ADDR, 256, 6, 8);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmpuint(b->regs[8], ==, 1);
    resp = read_response(b, BUF_ADDR, b->regs[9]);
    g_assert_cmpstr(resp, ==, "HCPCMD001E Unknown CP command: FROBNICATE\n");
    zvm_bare_quit(b);
}

/* A command without its operand: rc 26 in Ry, HCPxxx026E in the buffer */
static void test_diag8_missing_operand(void)
{
    ZvmBare *b = zvm_bare_start("");
    g_autofree char *resp = NULL;

    diag8(b, "QUERY VIRTUAL", CMD_ADDR, BUF_ADDR, 256, 6, 8);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmpuint(b->regs[8], ==, 26);
    resp = read_response(b, BUF_ADDR, b->regs[9]);
    g_assert_cmpstr(resp, ==, "HCPQVI026E Operand missing or invalid\n");
    zvm_bare_quit(b);
}

/* Length 0 is an empty command (rc 0); more than 240 is a spec. exc. */
static void test_diag8_lengths(void)
{
    ZvmBare *b = zvm_bare_start("");
    g_autofree char *longcmd = g_strnfill(241, 'Q');
    uint64_t regs[14] = { [2] = CMD_ADDR, [4] = 0 };

    zvm_bare_op(b, OP_DIAG, 0x08, 2, 4, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpuint(b->regs[4], ==, 0);

    diag8(b, longcmd, CMD_ADDR, 0, 0, 2, 4);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    longcmd[240] = 0;
    diag8(b, longcmd, CMD_ADDR, 0, 0, 2, 4);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpuint(b->regs[4], ==, 1);             /* unknown command */
    zvm_bare_quit(b);
}

/* The response form needs even registers for both pairs */
static void test_diag8_odd_registers(void)
{
    ZvmBare *b = zvm_bare_start("");

    diag8(b, "Q USERID", CMD_ADDR, BUF_ADDR, 64, 3, 4);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag8(b, "Q USERID", CMD_ADDR, BUF_ADDR, 64, 2, 5);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    /* without a response buffer any registers do */
    diag8(b, "Q USERID", CMD_ADDR, 0, 0, 3, 5);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpuint(b->regs[5], ==, 0);
    zvm_bare_quit(b);
}

/* Command or buffer beyond guest storage: addressing exception */
static void test_diag8_beyond_storage(void)
{
    ZvmBare *b = zvm_bare_start("");
    uint64_t regs[14] = { [2] = 128 * 1024 * 1024 - 4, [4] = 8 };

    zvm_bare_op(b, OP_DIAG, 0x08, 2, 4, regs);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    diag8(b, "Q USERID", CMD_ADDR, 128 * 1024 * 1024 - 8, 64, 2, 4);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    zvm_bare_quit(b);
}

/* DIAGNOSE is privileged: in problem state, a privileged-operation exc. */
static void test_diag8_problem_state(void)
{
    ZvmBare *b = zvm_bare_start("");
    uint64_t regs[14] = { [2] = CMD_ADDR, [4] = 0 };

    zvm_bare_op(b, OP_DIAG_PROBLEM, 0x08, 2, 4, regs);
    g_assert_cmphex(b->pgm, ==, PGM_PRIVILEGED);
    zvm_bare_quit(b);
}

/* A command that crosses a page boundary is read from both pages */
static void test_diag8_page_crossing(void)
{
    ZvmBare *b = zvm_bare_start(",zvm-userid=CROSS");
    g_autofree char *resp = NULL;

    diag8(b, "QUERY USERID", 0x20ffa, BUF_ADDR + 0xffc, 64, 2, 4);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    resp = read_response(b, BUF_ADDR + 0xffc, b->regs[5]);
    g_assert_cmpstr(resp, ==, "CROSS    AT QEMUZVM\n");
    zvm_bare_quit(b);
}

/* The DIAGNOSE X'08' of @cmd, without waiting: it may stop the machine */
static void diag8_start(ZvmBare *b, const char *cmd)
{
    uint64_t regs[14] = { [2] = CMD_ADDR, [4] = strlen(cmd) };

    zvm_bare_put_ebcdic(b, CMD_ADDR, cmd, strlen(cmd));
    zvm_bare_op_start(b, OP_DIAG, 0x08, 2, 4, regs);
}

static void assert_event_reason(QTestState *qts, const char *event,
                                const char *reason)
{
    QDict *ev = qtest_qmp_eventwait_ref(qts, event);
    QDict *data = qdict_get_qdict(ev, "data");

    g_assert_true(qdict_get_bool(data, "guest"));
    g_assert_cmpstr(qdict_get_str(data, "reason"), ==, reason);
    qobject_unref(ev);
}

/* LOGOFF (vmpoff=LOGOFF, vmhalt=LOGOFF) ends the machine as a power off */
static void test_cp_logoff(void)
{
    ZvmBare *b = zvm_bare_start("");

    diag8_start(b, "LOG");
    assert_event_reason(b->qts, "SHUTDOWN", "guest-shutdown");
    zvm_bare_quit(b);
}

/* IPL and SYSTEM RESET (vmreboot=, vmpanic=) reset the machine */
static void test_cp_reset(void)
{
    ZvmBare *b = zvm_bare_start("");

    diag8_start(b, "IPL CMS");
    assert_event_reason(b->qts, "RESET", "guest-reset");
    zvm_bare_quit(b);

    b = zvm_bare_start("");
    diag8_start(b, "system reset");
    assert_event_reason(b->qts, "RESET", "guest-reset");
    zvm_bare_quit(b);
}

/* ... and CP's answers to what they cannot do */
static void test_cp_reset_refused(void)
{
    ZvmBare *b = zvm_bare_start("");
    g_autofree char *resp = NULL, *resp2 = NULL;
    QDict *rsp;

    diag8(b, "IPL", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpuint(b->regs[4], ==, 26);
    resp = read_response(b, BUF_ADDR, b->regs[5]);
    g_assert_cmpstr(resp, ==, "HCPCIP026E Operand missing or invalid\n");
    diag8(b, "SYSTEM STOP", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    g_assert_cmpuint(b->regs[4], ==, 3);
    resp2 = read_response(b, BUF_ADDR, b->regs[5]);
    g_assert_cmpstr(resp2, ==, "HCPSYS003E Invalid option - STOP\n");
    /* the machine ran on */
    rsp = qtest_qmp(b->qts, "{ 'execute': 'query-status' }");
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(rsp, "return"), "status"),
                    ==, "running");
    qobject_unref(rsp);
    zvm_bare_quit(b);
}

/*
 * STSI storing into a low-address-protected page: a protection
 * exception through s390_cpu_virt_mem_rw() (before the fix, QEMU's TCG
 * aborted on its assertion of the tlb_fill exception).
 */
static void test_stsi_low_address_protection(void)
{
    ZvmBare *b = zvm_bare_start("");
    uint64_t regs[14] = { [0] = 0x10000001, [1] = 1, [2] = 0x1000 };

    qtest_memset(b->qts, 0x1000, 0xa5, 512);
    zvm_bare_op(b, OP_STSI_LAP, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_PROTECTION);
    g_assert_cmphex(qtest_readq(b->qts, 0x1000), ==, 0xa5a5a5a5a5a5a5a5ULL);
    /* the translation-exception code names page 1 and a store */
    g_assert_cmphex(qtest_readq(b->qts, 0xa8) & ~0xfffULL, ==, 0x1000);
    g_assert_cmphex(qtest_readq(b->qts, 0xa8) & 0xc00, ==, 0x400);
    /* outside the protected range STSI 1.1.1 stores as usual */
    regs[2] = 0x30000;
    zvm_bare_op(b, OP_STSI_LAP, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    zvm_bare_quit(b);
}

/*
 * IUCV answers as CP does for a user whose directory authorises no IUCV
 * connection; with zvm=off it is the operation exception of QEMU without
 * the personality. The driver runs IUCV in a batch of one entry.
 */
#define IUCV_PARMS  0x40000     /* IUCV parameter list */
#define IUCV_BATCH  0x50000     /* the batch entry */

static void iucv(ZvmBare *b, uint64_t fn, uint64_t parms)
{
    uint64_t regs[14] = { [2] = IUCV_BATCH, [3] = 1 };

    qtest_memset(b->qts, IUCV_BATCH, 0, BATCH_ENTRY);
    qtest_writeq(b->qts, IUCV_BATCH + BE_OP, OP_IUCV);
    qtest_writeq(b->qts, IUCV_BATCH + BE_REGS_IN, fn);
    qtest_writeq(b->qts, IUCV_BATCH + BE_REGS_IN + 8, parms);
    zvm_bare_op(b, OP_BATCH, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    b->cc = qtest_readq(b->qts, IUCV_BATCH + BE_CC);
    b->pgm = qtest_readq(b->qts, IUCV_BATCH + BE_PGM);
    for (int i = 0; i < 6; i++) {
        b->regs[i] = qtest_readq(b->qts, IUCV_BATCH + BE_REGS_OUT + 8 * i);
    }
}

static void test_iucv(void)
{
    ZvmBare *b = zvm_bare_start(",zvm-userid=BARE");

    /* QUERY: cc 0, the maximum number of connections in r1 */
    iucv(b, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmpuint(b->regs[1], ==, 64);
    /* DECLARE BUFFER and SETMASK succeed */
    for (uint64_t fn = 12; fn <= 16; fn += 4) {
        iucv(b, fn, IUCV_PARMS);
        g_assert_cmphex(b->pgm, ==, PGM_NONE);
        g_assert_cmpint(b->cc, ==, 0);
    }
    /*
     * CONNECT: cc 1 and an IPRCODE in the parameter list: X'0B' (not
     * logged on) for another user, X'0F' (not authorized) for CP's system
     * services and this user, X'10' for a system service CP has not
     */
    for (int i = 0; i < 5; i++) {
        static const struct {
            const char *target;
            uint8_t iprcode;
        } t[] = {
            { "PEER", 0x0b }, { "*LOGREC", 0x0f }, { "*ACCOUNT", 0x0f },
            { "BARE", 0x0f }, { "*NOSUCH", 0x10 },
        };

        qtest_memset(b->qts, IUCV_PARMS, 0, 64);
        zvm_bare_put_ebcdic(b, IUCV_PARMS + 8, t[i].target, 8);
        iucv(b, 11, IUCV_PARMS);
        g_assert_cmphex(b->pgm, ==, PGM_NONE);
        g_assert_cmpint(b->cc, ==, 1);
        g_assert_cmphex(qtest_readb(b->qts, IUCV_PARMS + 3), ==,
                        t[i].iprcode);
        g_assert_cmphex(qtest_readq(b->qts, IUCV_PARMS) & ~0xff00000000ULL,
                        ==, 0);
    }
    /* a parameter list beyond storage: addressing exception */
    iucv(b, 11, 1ULL << 40);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    /* a function CP does not have: cc 3 */
    iucv(b, 99, IUCV_PARMS);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 3);
    zvm_bare_quit(b);

    b = zvm_bare_start(",zvm=off");
    iucv(b, 0, 0);
    g_assert_cmphex(b->pgm, ==, PGM_OPERATION);
    zvm_bare_quit(b);
}

/* QOM counter @name of the personality's child @model */
static uint64_t model_count(ZvmBare *b, const char *model, const char *name)
{
    g_autofree char *path = g_strdup_printf("/machine/zvm-personality/%s",
                                            model);
    QDict *rsp = qtest_qmp(b->qts, "{ 'execute': 'qom-get', 'arguments': {"
                           " 'path': %s, 'property': %s } }", path, name);
    uint64_t n = qdict_get_int(rsp, "return");

    qobject_unref(rsp);
    return n;
}

static uint64_t iucv_count(ZvmBare *b, const char *name)
{
    return model_count(b, "iucv", name);
}

/* IUCV function @fn on the parameter list, path @pathid: its IPRCODE */
static int iucv_path(ZvmBare *b, uint64_t fn, uint16_t pathid, uint8_t flags)
{
    qtest_writew(b->qts, IUCV_PARMS, pathid);
    qtest_writeb(b->qts, IUCV_PARMS + 2, flags);
    iucv(b, fn, IUCV_PARMS);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    return b->cc ? qtest_readb(b->qts, IUCV_PARMS + 3) : 0;
}

/*
 * *MSG: CONNECT completes (a connection-complete interruption queued),
 * one path only; CP's SMSG from the guest (DIAGNOSE X'08') reaches it
 * only after SET SMSG IUCV (QMP's zvm-smsg: /zvm/facilities); RECEIVE
 * in two parts (IPRCODE 5, then the rest), the sender and the text in
 * EBCDIC; SEVER.
 */
static void test_iucv_msg(void)
{
    ZvmBare *b = zvm_bare_start(",zvm-userid=BARE");
    g_autofree char *text = NULL;

    /* a second DECLARE BUFFER on the CPU: X'13' */
    qtest_memset(b->qts, IUCV_PARMS, 0, 64);
    qtest_writel(b->qts, IUCV_PARMS + 12, 0x48000);
    g_assert_cmpint(iucv_path(b, 12, 0, 0), ==, 0);
    g_assert_cmpint(iucv_path(b, 12, 0, 0), ==, 0x13);
    g_assert_cmpuint(iucv_count(b, "buffers"), ==, 1);
    /* CONNECT *MSG: IPMSGLIM over 255 X'12', then cc 0, pathid 0 */
    qtest_memset(b->qts, IUCV_PARMS, 0, 64);
    zvm_bare_put_ebcdic(b, IUCV_PARMS + 8, "*MSG    ", 8);
    qtest_writew(b->qts, IUCV_PARMS + 4, 256);
    g_assert_cmpint(iucv_path(b, 11, 0, 0), ==, 0x12);
    qtest_writew(b->qts, IUCV_PARMS + 4, 255);
    g_assert_cmpint(iucv_path(b, 11, 0, 0), ==, 0);
    g_assert_cmpuint(qtest_readw(b->qts, IUCV_PARMS), ==, 0);
    g_assert_cmpuint(iucv_count(b, "paths"), ==, 1);
    g_assert_cmpuint(iucv_count(b, "queued"), ==, 1);   /* CR0 masks it */
    g_assert_cmpint(iucv_path(b, 11, 0, 0), ==, 0x0e);
    /* SMSG before SET SMSG IUCV: HCPMFS057I, rc 57; to another user 45 */
    diag8(b, "SMSG * CMM SHRINK 1", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    g_assert_cmpuint(b->regs[4], ==, 57);
    diag8(b, "SMSG PEER hi", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    g_assert_cmpuint(b->regs[4], ==, 45);
    diag8(b, "SET SMSG IUCV", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    g_assert_cmpuint(b->regs[4], ==, 0);
    diag8(b, "SMSG * Hello, guest", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    g_assert_cmpuint(b->regs[4], ==, 0);
    g_assert_cmpuint(iucv_count(b, "queued"), ==, 2);
    /* RECEIVE into 10 bytes: X'05', 10 bytes left; then the rest */
    qtest_memset(b->qts, IUCV_PARMS, 0, 64);
    qtest_writel(b->qts, IUCV_PARMS + 12, BUF_ADDR);
    qtest_writel(b->qts, IUCV_PARMS + 16, 10);
    g_assert_cmpint(iucv_path(b, 5, 0, 0x03), ==, 0x05);
    g_assert_cmpuint(qtest_readl(b->qts, IUCV_PARMS + 16), ==, 10);
    qtest_writel(b->qts, IUCV_PARMS + 12, BUF_ADDR + 10);
    qtest_writel(b->qts, IUCV_PARMS + 16, 100);
    g_assert_cmpint(iucv_path(b, 5, 0, 0x03), ==, 0);
    g_assert_cmpuint(qtest_readl(b->qts, IUCV_PARMS + 16), ==, 90);
    text = read_response(b, BUF_ADDR, 20);
    g_assert_cmpstr(text, ==, "BARE    Hello, guest");
    /* nothing more: X'09'; a pathid not connected: X'01' */
    g_assert_cmpint(iucv_path(b, 5, 0, 0x03), ==, 0x09);
    g_assert_cmpint(iucv_path(b, 5, 7, 0x03), ==, 0x01);
    g_assert_cmpint(iucv_path(b, 4, 0, 0), ==, 0x03);  /* *MSG takes none */
    /* SEVER: the path and its interruptions go; a second one: X'01' */
    g_assert_cmpint(iucv_path(b, 15, 0, 0), ==, 0);
    g_assert_cmpuint(iucv_count(b, "paths"), ==, 0);
    g_assert_cmpuint(iucv_count(b, "queued"), ==, 0);
    g_assert_cmpint(iucv_path(b, 15, 0, 0), ==, 0x01);
    diag8(b, "SMSG BARE hello", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    g_assert_cmpuint(b->regs[4], ==, 57);
    /* a parameter list not doubleword aligned: specification */
    iucv(b, 15, IUCV_PARMS + 4);
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    /* a system reset forgets the buffer */
    qtest_system_reset(b->qts);
    g_assert_cmpuint(iucv_count(b, "buffers"), ==, 0);
    zvm_bare_quit(b);
}

/*
 * Migration (to a file) carries the path to *MSG, the interruptions not
 * yet presented and the message waiting: RECEIVE on the destination
 */
static void test_iucv_migration(void)
{
    g_autofree char *dir = g_dir_make_tmp("zvm-iucv-mig-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s/migration.bin", dir);
    ZvmBare *a = zvm_bare_start(",zvm-userid=BARE"), b = { 0 };
    g_autofree char *text = NULL;

    qtest_memset(a->qts, IUCV_PARMS, 0, 64);
    zvm_bare_put_ebcdic(a, IUCV_PARMS + 8, "*MSG    ", 8);
    qtest_writew(a->qts, IUCV_PARMS + 4, 255);
    g_assert_cmpint(iucv_path(a, 11, 0, 0), ==, 0);
    diag8(a, "SET SMSG IUCV", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    diag8(a, "SMSG * Migrated", CMD_ADDR, BUF_ADDR, 256, 2, 4);
    g_assert_cmpuint(a->regs[4], ==, 0);
    b.req = zvm_bare_migrate_and_quit(a, uri);

    b.qts = zvm_bare_start_incoming(",zvm=on,zvm-userid=BARE", 128, uri);
    zvm_bare_wait_migration(b.qts, "completed");
    qtest_qmp_assert_success(b.qts, "{'execute': 'cont'}");
    g_assert_cmpuint(iucv_count(&b, "paths"), ==, 1);
    g_assert_cmpuint(iucv_count(&b, "queued"), ==, 2);
    g_assert_cmpuint(iucv_count(&b, "smsgs"), ==, 1);
    qtest_memset(b.qts, IUCV_PARMS, 0, 64);
    qtest_writel(b.qts, IUCV_PARMS + 12, BUF_ADDR);
    qtest_writel(b.qts, IUCV_PARMS + 16, 16);
    g_assert_cmpint(iucv_path(&b, 5, 0, 0x03), ==, 0);
    g_assert_cmpuint(qtest_readl(b.qts, IUCV_PARMS + 16), ==, 0);
    text = read_response(&b, BUF_ADDR, 16);
    g_assert_cmpstr(text, ==, "BARE    Migrated");
    /* the path goes on: a second CONNECT is still refused */
    zvm_bare_put_ebcdic(&b, IUCV_PARMS + 8, "*MSG    ", 8);
    qtest_writew(b.qts, IUCV_PARMS + 4, 255);
    g_assert_cmpint(iucv_path(&b, 11, 0, 0), ==, 0x0e);
    qtest_quit(b.qts);
    g_assert_cmpint(unlink(uri + 5), ==, 0);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

/*
 * *MONITOR (hw/s390x/zvm-monsvc.c): CONNECT gives cc 0 and the service
 * completes the path or severs it (IPUSER byte 0: 4 version, 8 no SC
 * segment loaded); connected, each sample interval is a data set with
 * a record of each DIAGNOSE X'DC' buffer, an event one at once: its MCE
 * in the first page of the segment, the records after it; REPLY frees
 * it, beyond the path's message limit a set is lost; SEVER and a reset
 * end the connection.
 */
#define MON_SEG     0x10000000ULL   /* MONDCSS: 1 MiB beyond the 128 MiB */
#define MON_PARMS   0x20000         /* DIAGNOSE X'DC' */
#define MON_PRODUCT 0x20100
#define MON_BUF     0x21000

static uint64_t monitor_count(ZvmBare *b, const char *name)
{
    return model_count(b, "monitor", name);
}

static bool monitor_connected(ZvmBare *b)
{
    QDict *rsp = qtest_qmp(b->qts, "{ 'execute': 'qom-get', 'arguments': {"
                           " 'path': '/machine/zvm-personality/monitor',"
                           " 'property': 'connected' } }");
    bool c = qdict_get_bool(rsp, "return");

    qobject_unref(rsp);
    return c;
}

/* CONNECT to *MONITOR as monreader does: its IPRCODE */
static int monitor_connect(ZvmBare *b, uint8_t version, uint16_t msglim)
{
    qtest_memset(b->qts, IUCV_PARMS, 0, 64);
    zvm_bare_put_ebcdic(b, IUCV_PARMS + 8, "*MONITOR", 8);
    qtest_writew(b->qts, IUCV_PARMS + 4, msglim);
    qtest_writeb(b->qts, IUCV_PARMS + 16, version);
    qtest_writeb(b->qts, IUCV_PARMS + 17, 0xc0);    /* sample, event */
    qtest_memset(b->qts, IUCV_PARMS + 18, 0xff, 6);
    zvm_bare_put_ebcdic(b, IUCV_PARMS + 24, "MONDCSS", 8);
    return iucv_path(b, 11, 0, 0x80);               /* IPRMDATA */
}

/* DIAGNOSE X'DC' function @fn, monwriter's product ID, @len at MON_BUF */
static void monitor_appldata(ZvmBare *b, uint8_t fn, const char *data)
{
    uint64_t regs[14] = { [2] = MON_PARMS };
    static const uint8_t product[16] = {
        'L', 'N', 'X', 'A', 'P', 'P', 'L', 0, 1, 9, 0, 1, 0, 0, 0, 0 };

    qtest_memwrite(b->qts, MON_PRODUCT, product, sizeof(product));
    qtest_memwrite(b->qts, MON_BUF, data, strlen(data));
    qtest_memset(b->qts, MON_PARMS, 0, 32);
    qtest_writew(b->qts, MON_PARMS, 0xdc);
    qtest_writeb(b->qts, MON_PARMS + 2, fn);
    qtest_writeb(b->qts, MON_PARMS + 3, 32);
    qtest_writew(b->qts, MON_PARMS + 10, strlen(data));
    qtest_writeq(b->qts, MON_PARMS + 16, MON_PRODUCT);
    qtest_writeq(b->qts, MON_PARMS + 24, MON_BUF);
    zvm_bare_op(b, OP_DIAG, 0xdc, 2, 4, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpuint(b->regs[4], ==, 0);
}

/* The data set of MCE @slot: its type; its first record checked */
static uint8_t monitor_set(ZvmBare *b, int slot, uint16_t record,
                           const char *data)
{
    uint64_t mce = MON_SEG + 12 * slot;
    uint32_t start = qtest_readl(b->qts, mce + 4);
    uint32_t end = qtest_readl(b->qts, mce + 8);
    g_autofree char *user = NULL, *got = NULL;

    /* domains 0-7 none, 8-15 domain 10 */
    g_assert_cmphex(qtest_readw(b->qts, mce + 1), ==, 0x0020);
    g_assert_cmphex(start, >=, MON_SEG + 4096);
    g_assert_cmphex(end, <, MON_SEG + 0x100000);
    /* MRHDR: length, zeros, domain 10, record; user ID; product; data */
    g_assert_cmpuint(qtest_readw(b->qts, start), ==, 44 + strlen(data));
    g_assert_cmpuint(end - start + 1, >=, 44 + strlen(data));
    g_assert_cmpuint(qtest_readb(b->qts, start + 4), ==, 10);
    g_assert_cmpuint(qtest_readw(b->qts, start + 6), ==, record);
    g_assert_cmphex(qtest_readq(b->qts, start + 8), !=, 0);  /* TOD */
    user = read_response(b, start + 20, 8);
    g_assert_cmpstr(user, ==, "BARE    ");
    got = g_malloc0(strlen(data) + 1);
    qtest_memread(b->qts, start + 44, got, strlen(data));
    g_assert_cmpstr(got, ==, data);
    g_assert_cmpuint(qtest_readb(b->qts, start + 28), ==, 'L');
    g_assert_cmpuint(qtest_readb(b->qts, start + 37), ==, 9);
    return qtest_readb(b->qts, mce);
}

static void test_iucv_monitor(void)
{
    g_autofree char *store = g_dir_make_tmp("zvm-monitor-XXXXXX", NULL);
    g_autofree char *def = g_build_filename(store, "MONDCSS.defseg", NULL);
    g_autofree char *img = g_build_filename(store, "MONDCSS.img", NULL);
    g_autofree char *log = g_build_filename(store, "trace.log", NULL);
    g_autofree char *args = g_strdup_printf(
        ",zvm-userid=BARE,zvm-dcss-store=%s -global zvm-monitor-service."
        "sample-interval=200 -d trace:zvm_monsvc_connect -D %s", store, log);
    g_autofree char *zero = g_malloc0(1024 * 1024);
    g_autofree char *trace = NULL;
    ZvmBare *b;
    gint64 t0;

    g_assert_true(g_file_set_contents(def, "10000-100FF SC", -1, NULL));
    g_assert_true(g_file_set_contents(img, zero, 1024 * 1024, NULL));
    b = zvm_bare_start(args);
    /* the segment not loaded: the path is severed (code 8) */
    g_assert_cmpint(monitor_connect(b, 1, 255), ==, 0);
    g_assert_false(monitor_connected(b));
    g_assert_cmpuint(iucv_count(b, "queued"), ==, 1);
    g_assert_cmpint(iucv_path(b, 15, 0, 0), ==, 0);
    zvm_bare_put_ebcdic(b, 0x30000, "MONDCSS", 8);
    zvm_bare_diag(b, 0x64, 0x30000, 0x20);              /* LOADSHRX */
    g_assert_cmpint(b->cc, ==, 0);
    /* version 2: severed (code 4); version 1: connected */
    g_assert_cmpint(monitor_connect(b, 2, 255), ==, 0);
    g_assert_false(monitor_connected(b));
    g_assert_cmpint(iucv_path(b, 15, 0, 0), ==, 0);
    g_assert_cmpint(monitor_connect(b, 1, 255), ==, 0);
    g_assert_true(monitor_connected(b));
    g_assert_cmpint(monitor_connect(b, 1, 255), ==, 0x0e);  /* one path */
    /* a sample buffer: a data set each interval, MCE slot 0 first */
    monitor_appldata(b, 0x80, "BARE-SAMPLE-0001");
    t0 = g_get_monotonic_time();
    while (!monitor_count(b, "samples") &&
           g_get_monotonic_time() - t0 < 10 * G_USEC_PER_SEC) {
        g_usleep(20 * 1000);
    }
    g_assert_cmpuint(monitor_count(b, "samples"), >=, 1);
    g_assert_cmphex(monitor_set(b, 0, 2, "BARE-SAMPLE-0001"), ==, 0xe2);
    monitor_appldata(b, 0x81, "BARE-SAMPLE-0001");     /* STOP */
    /* REPLY to message 1 frees its set; an unknown message: X'09' */
    qtest_writel(b->qts, IUCV_PARMS + 4, 1);
    g_assert_cmpint(iucv_path(b, 6, 0, 0x80), ==, 0);
    qtest_writel(b->qts, IUCV_PARMS + 4, 999999);
    g_assert_cmpint(iucv_path(b, 6, 0, 0x80), ==, 0x09);
    /* an event: its set at once, in the next MCE */
    monitor_appldata(b, 0x82, "BARE-EVENT");
    g_assert_cmpuint(monitor_count(b, "events"), ==, 1);
    g_assert_cmphex(monitor_set(b, monitor_count(b, "samples"), 1,
                                "BARE-EVENT"), ==, 0xc5);
    g_assert_cmpuint(monitor_count(b, "lost"), ==, 0);
    /* the segment purged under the connection: the next set is lost */
    zvm_bare_diag(b, 0x64, 0x30000, 0x08);              /* PURGESEG */
    g_assert_cmpint(b->cc, ==, 0);
    monitor_appldata(b, 0x82, "BARE-EVENT");
    g_assert_cmpuint(monitor_count(b, "lost"), ==, 1);
    zvm_bare_diag(b, 0x64, 0x30000, 0x20);              /* LOADSHRX */
    g_assert_cmpint(b->cc, ==, 0);
    /* SEVER ends the connection; with IPMSGLIM 1 a second set is lost */
    g_assert_cmpint(iucv_path(b, 15, 0, 0), ==, 0);
    g_assert_false(monitor_connected(b));
    g_assert_cmpuint(monitor_count(b, "pending"), ==, 0);
    g_assert_cmpint(monitor_connect(b, 1, 1), ==, 0);
    monitor_appldata(b, 0x82, "BARE-EVENT");
    monitor_appldata(b, 0x82, "BARE-EVENT");
    g_assert_cmpuint(monitor_count(b, "pending"), ==, 1);
    g_assert_cmpuint(monitor_count(b, "lost"), ==, 2);
    /* a system reset ends it too */
    qtest_system_reset(b->qts);
    g_assert_false(monitor_connected(b));
    zvm_bare_quit(b);
    g_assert_true(g_file_get_contents(log, &trace, NULL, NULL));
    g_assert_nonnull(strstr(trace, "segment=MONDCSS collect=0xc0 sever=0x8"));
    g_assert_nonnull(strstr(trace, "segment=MONDCSS collect=0xc0 sever=0x4"));
    g_assert_nonnull(strstr(trace, "segment=MONDCSS collect=0xc0 sever=0x0"));
    for (const char *f = def; f; f = f == def ? img : f == img ? log : NULL) {
        g_assert_cmpint(unlink(f), ==, 0);
    }
    g_assert_cmpint(rmdir(store), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/zvm/diag/unregistered-codes", test_unregistered_codes);
    qtest_add_func("/zvm/diag/yield-keeps-cc", test_yield_keeps_cc);
    qtest_add_func("/zvm/stsi/low-address-protection",
                   test_stsi_low_address_protection);
    qtest_add_func("/zvm/diag08/response", test_diag8_response);
    qtest_add_func("/zvm/diag08/small-buffer", test_diag8_small_buffer);
    qtest_add_func("/zvm/diag08/unknown-command", test_diag8_unknown);
    qtest_add_func("/zvm/diag08/missing-operand", test_diag8_missing_operand);
    qtest_add_func("/zvm/diag08/lengths", test_diag8_lengths);
    qtest_add_func("/zvm/diag08/odd-registers", test_diag8_odd_registers);
    qtest_add_func("/zvm/diag08/beyond-storage", test_diag8_beyond_storage);
    qtest_add_func("/zvm/diag08/problem-state", test_diag8_problem_state);
    qtest_add_func("/zvm/diag08/page-crossing", test_diag8_page_crossing);
    qtest_add_func("/zvm/iucv", test_iucv);
    qtest_add_func("/zvm/iucv/msg", test_iucv_msg);
    qtest_add_func("/zvm/iucv/migration", test_iucv_migration);
    qtest_add_func("/zvm/iucv/monitor", test_iucv_monitor);
    qtest_add_func("/zvm/cp/logoff", test_cp_logoff);
    qtest_add_func("/zvm/cp/reset", test_cp_reset);
    qtest_add_func("/zvm/cp/reset-refused", test_cp_reset_refused);
    return g_test_run();
}
