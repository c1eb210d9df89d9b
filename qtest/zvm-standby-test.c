/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm standby storage on bare metal: the SCLP storage-increment
 * commands (READ SCP INFO, READ STORAGE ELEMENT INFO, ATTACH STORAGE
 * ELEMENT, ASSIGN and UNASSIGN STORAGE) issued by the driver payload
 * with SERVICE CALL, their SCCB checks and response codes, what an
 * assigned and an unassigned increment look like to the CPU, reset,
 * migration, QMP, HMP and the startup checks of the machine options.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "zvm-bare.h"

#define MiB (1024 * 1024ULL)

/* boot 256 MiB + standby 512 MiB: 1 MiB increments, rn 257-768 standby */
#define BOOT_MIB      256
#define STANDBY_OPT   ",standby-mem=512M"
#define RN_FIRST      257
#define RN_MAX        768
#define RN_ADDR(rn)   (((uint64_t)(rn) - 1) * MiB)

#define SCCB          0x20000ULL

#define CMD_READ_SCP_INFO     0x00020001
#define CMD_READ_STOR_INFO    0x00040001
#define CMD_ATTACH            0x00080001
#define CMD_ASSIGN            0x000d0001
#define CMD_UNASSIGN          0x000c0001

#define RC_READ_OK            0x0010
#define RC_OK                 0x0020
#define RC_BOUNDARY           0x0100
#define RC_NO_ACTION          0x0120
#define RC_INVALID_COMMAND    0x01f0
#define RC_SHORT              0x0300
#define RC_NO_ELEMENT         0x0310
#define RC_STANDBY_READ       0x0410
#define RC_BAD_INCREMENT      0x09f0

#define FC_STORAGE            0x0000e00000000000ULL

static ZvmBare *start(bool zvm, const char *opts)
{
    g_autofree char *extra = g_strdup_printf(",zvm=%s%s", zvm ? "on" : "off",
                                             opts);

    return zvm_bare_start_m(extra, BOOT_MIB);
}

/* SERVICE CALL @cmd with an SCCB of @len bytes at @addr; response code */
static uint16_t servc_at(ZvmBare *b, uint32_t cmd, uint64_t addr,
                         uint16_t len, uint16_t rn)
{
    uint64_t regs[14] = { [2] = cmd, [3] = addr };
    g_autofree uint8_t *zero = g_malloc0(4096);

    qtest_memwrite(b->qts, addr, zero, MIN(len + 8, 4096));
    qtest_writew(b->qts, addr, len);
    if (cmd == CMD_ATTACH) {
        qtest_writeb(b->qts, addr + 2, 0x40);
    }
    qtest_writew(b->qts, addr + 8, rn);
    zvm_bare_op(b, OP_SERVC, 0, 0, 0, regs);
    if (b->pgm != PGM_NONE) {
        g_test_message("SERVC 0x%08x at 0x%" PRIx64 ": program check, "
                       "PSW address 0x%" PRIx64, cmd, addr,
                       qtest_readq(b->qts, 0x158));
    }
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    return qtest_readw(b->qts, addr + 6);
}

static uint16_t servc(ZvmBare *b, uint32_t cmd, uint16_t rn)
{
    return servc_at(b, cmd, SCCB, 4096, rn);
}

static uint32_t entry(ZvmBare *b, int i)
{
    return qtest_readl(b->qts, SCCB + 16 + 4 * i);
}

static int64_t qmp_int(QTestState *qts, const char *key)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'query-standby-storage' }");
    QDict *ret = qdict_get_qdict(rsp, "return");
    int64_t v;

    g_assert_nonnull(ret);
    v = qdict_get_int(ret, key);
    qobject_unref(rsp);
    return v;
}

static bool qmp_attached(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'query-standby-storage' }");
    bool v = qdict_get_bool(qdict_get_qdict(rsp, "return"), "attached");

    qobject_unref(rsp);
    return v;
}

static void test_read_scp_info(const void *data)
{
    const bool zvm = GPOINTER_TO_INT(data);
    ZvmBare *b = start(zvm, STANDBY_OPT);

    g_assert_cmphex(servc(b, CMD_READ_SCP_INFO, 0), ==, RC_READ_OK);
    /* rnmax counts boot and standby increments, rnsize in MiB */
    g_assert_cmpuint(qtest_readw(b->qts, SCCB + 8), ==, RN_MAX);
    g_assert_cmpuint(qtest_readb(b->qts, SCCB + 10), ==, 1);
    g_assert_cmphex(qtest_readq(b->qts, SCCB + 48) & FC_STORAGE, ==,
                    FC_STORAGE);
    zvm_bare_quit(b);

    /* without standby storage the SCLP is QEMU's */
    b = start(zvm, "");
    g_assert_cmphex(servc(b, CMD_READ_SCP_INFO, 0), ==, RC_READ_OK);
    g_assert_cmpuint(qtest_readw(b->qts, SCCB + 8), ==, BOOT_MIB);
    g_assert_cmphex(qtest_readq(b->qts, SCCB + 48) & FC_STORAGE, ==, 0);
    g_assert_cmphex(servc(b, CMD_READ_STOR_INFO, 0), ==, RC_INVALID_COMMAND);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST), ==, RC_INVALID_COMMAND);
    zvm_bare_quit(b);
}

static void test_storage_info(void)
{
    ZvmBare *b = start(false, STANDBY_OPT);

    /* element 0: boot storage, all assigned */
    g_assert_cmphex(servc(b, CMD_READ_STOR_INFO, 0), ==, RC_READ_OK);
    g_assert_cmpuint(qtest_readw(b->qts, SCCB + 8), ==, 1);     /* max_id */
    g_assert_cmpuint(qtest_readw(b->qts, SCCB + 10), ==, BOOT_MIB);
    g_assert_cmphex(entry(b, 0), ==, 0x00010001);
    g_assert_cmphex(entry(b, BOOT_MIB - 1), ==, 0x01000001);
    g_assert_cmphex(entry(b, BOOT_MIB), ==, 0);
    /* element 1 (id in the command word): standby, not attached */
    g_assert_cmphex(servc(b, CMD_READ_STOR_INFO | 1 << 8, 0), ==,
                    RC_STANDBY_READ);
    g_assert_cmpuint(qtest_readw(b->qts, SCCB + 10), ==, RN_MAX - BOOT_MIB);
    g_assert_cmpuint(qtest_readw(b->qts, SCCB + 12), ==, RN_MAX - BOOT_MIB);
    g_assert_cmphex(entry(b, 0) >> 16, ==, RN_FIRST);
    g_assert_cmphex(entry(b, RN_MAX - RN_FIRST) >> 16, ==, RN_MAX);
    /* no element 2 */
    g_assert_cmphex(servc(b, CMD_READ_STOR_INFO | 2 << 8, 0), ==,
                    RC_NO_ELEMENT);
    /* an SCCB too short for the entries, one crossing a page */
    g_assert_cmphex(servc_at(b, CMD_READ_STOR_INFO, SCCB, 16, 0), ==,
                    RC_SHORT);
    g_assert_cmphex(servc_at(b, CMD_READ_STOR_INFO, SCCB + 0xff8, 4096, 0),
                    ==, RC_BOUNDARY);
    g_assert_cmphex(servc_at(b, CMD_ASSIGN, SCCB + 0xff8, 16, RN_FIRST), ==,
                    RC_BOUNDARY);
    g_assert_cmpint(qmp_int(b->qts, "assigned-increments"), ==, 0);
    zvm_bare_quit(b);
}

static void test_assign(const void *data)
{
    const bool zvm = GPOINTER_TO_INT(data);
    ZvmBare *b = start(zvm, STANDBY_OPT);
    const uint64_t addr = RN_ADDR(RN_FIRST + 3) + 0x1238;
    uint64_t regs[14] = { [2] = addr };

    /* unassigned: no storage there */
    zvm_bare_load(b, addr);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    zvm_bare_store(b, addr, 1);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    zvm_bare_op(b, OP_TPROT, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);

    g_assert_cmphex(servc(b, CMD_ATTACH | 1 << 8, 0), ==, RC_OK);
    g_assert_cmpuint(qtest_readw(b->qts, SCCB + 10), ==, 0);
    g_assert_cmphex(servc(b, CMD_ATTACH | 1 << 8, 0), ==, RC_NO_ACTION);
    g_assert_cmphex(servc(b, CMD_ATTACH, 0), ==, RC_NO_ACTION);
    g_assert_cmphex(servc(b, CMD_ATTACH | 2 << 8, 0), ==, RC_NO_ELEMENT);
    /* increment 0, above rnmax, an SCCB without room for rn */
    g_assert_cmphex(servc(b, CMD_ASSIGN, 0), ==, RC_BAD_INCREMENT);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_MAX + 1), ==, RC_BAD_INCREMENT);
    g_assert_cmphex(servc_at(b, CMD_ASSIGN, SCCB, 8, RN_FIRST), ==, RC_SHORT);

    /* assigned: storage that reads as zero */
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 3), ==, RC_OK);
    g_assert_cmphex(zvm_bare_load(b, addr), ==, 0);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    zvm_bare_store(b, addr, 0x5354414e44425900ULL);
    g_assert_cmphex(zvm_bare_load(b, addr), ==, 0x5354414e44425900ULL);
    zvm_bare_op(b, OP_TPROT, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    /* its neighbours are still unassigned */
    zvm_bare_load(b, RN_ADDR(RN_FIRST + 4));
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    zvm_bare_load(b, RN_ADDR(RN_FIRST + 3) - 8);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 3), ==, RC_NO_ACTION);
    g_assert_cmphex(servc(b, CMD_ASSIGN, 1), ==, RC_NO_ACTION);
    g_assert_cmpint(qmp_int(b->qts, "assigned-increments"), ==, 1);
    g_assert_cmpint(qmp_int(b->qts, "assigned-size"), ==, MiB);

    /* attached element 1 lists its assigned increments */
    g_assert_cmphex(servc(b, CMD_READ_STOR_INFO | 1 << 8, 0), ==, RC_READ_OK);
    g_assert_cmpuint(qtest_readw(b->qts, SCCB + 10), ==, 1);
    g_assert_cmphex(entry(b, 0) >> 16, ==, RN_FIRST + 3);

    /* unassigned again: gone, and its contents with it */
    g_assert_cmphex(servc(b, CMD_UNASSIGN, RN_FIRST + 3), ==, RC_OK);
    zvm_bare_load(b, addr);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    g_assert_cmphex(servc(b, CMD_UNASSIGN, RN_FIRST + 3), ==, RC_NO_ACTION);
    g_assert_cmphex(servc(b, CMD_UNASSIGN, 1), ==, RC_BAD_INCREMENT);
    g_assert_cmphex(servc(b, CMD_UNASSIGN, RN_MAX + 1), ==, RC_BAD_INCREMENT);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 3), ==, RC_OK);
    g_assert_cmphex(zvm_bare_load(b, addr), ==, 0);
    zvm_bare_quit(b);
}

/*
 * UNASSIGN STORAGE with its SCCB in the increment it unassigns: the
 * command takes effect, the SCCB cannot be stored back any more, and the
 * guest gets an addressing exception (QEMU goes on). An SCCB in an
 * unassigned increment is refused before anything happens.
 */
/*
 * Fault injection: ASSIGN STORAGE of one increment answers the chosen
 * response code once and assigns nothing; the retry, and the other
 * increments, get the model's answer.
 */
static void test_fault_injection(void)
{
    ZvmBare *b = start(true, STANDBY_OPT);
    QDict *rsp;

    g_assert_cmphex(servc(b, CMD_ATTACH | 1 << 8, 0), ==, RC_OK);
    qtest_qmp_assert_success(b->qts, "{ 'execute': 'zvm-inject-fault', "
                             "'arguments': { 'target': 'sclp', 'code': %d, "
                             "'increment': %d, 'response': 64 } }",
                             CMD_ASSIGN, RN_FIRST + 1);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST), ==, RC_OK);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 1), ==, 0x0040);
    g_assert_cmpint(qmp_int(b->qts, "assigned-size"), ==, MiB);
    zvm_bare_load(b, RN_ADDR(RN_FIRST + 1));
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 1), ==, RC_OK);
    g_assert_cmpint(qmp_int(b->qts, "assigned-size"), ==, 2 * MiB);
    /* READ STORAGE ELEMENT INFO of any element, twice */
    qtest_qmp_assert_success(b->qts, "{ 'execute': 'zvm-inject-fault', "
                             "'arguments': { 'target': 'sclp', 'code': %d, "
                             "'response': 496, 'count': 2 } }",
                             CMD_READ_STOR_INFO);
    g_assert_cmphex(servc(b, CMD_READ_STOR_INFO | 1 << 8, 0), ==,
                    RC_INVALID_COMMAND);
    g_assert_cmphex(servc(b, CMD_READ_STOR_INFO, 0), ==, RC_INVALID_COMMAND);
    g_assert_cmphex(servc(b, CMD_READ_STOR_INFO, 0), ==, RC_READ_OK);
    rsp = qtest_qmp(b->qts, "{ 'execute': 'query-zvm-faults' }");
    g_assert_cmpint(qlist_size(qdict_get_qlist(rsp, "return")), ==, 2);
    qobject_unref(rsp);
    zvm_bare_quit(b);
}

static void test_sccb_in_own_increment(void)
{
    ZvmBare *b = start(true, STANDBY_OPT);
    const uint64_t at = RN_ADDR(RN_FIRST + 5);
    uint64_t regs[14] = { [2] = CMD_UNASSIGN, [3] = at };

    g_assert_cmphex(servc(b, CMD_ATTACH | 1 << 8, 0), ==, RC_OK);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 5), ==, RC_OK);
    qtest_memset(b->qts, at, 0, 16);
    qtest_writew(b->qts, at, 16);
    qtest_writew(b->qts, at + 8, RN_FIRST + 5);
    zvm_bare_op(b, OP_SERVC, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    g_assert_cmpint(qmp_int(b->qts, "assigned-increments"), ==, 0);

    regs[2] = CMD_ASSIGN;
    zvm_bare_op(b, OP_SERVC, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    g_assert_cmpint(qmp_int(b->qts, "assigned-increments"), ==, 0);
    g_assert_cmphex(servc(b, CMD_READ_SCP_INFO, 0), ==, RC_READ_OK);
    zvm_bare_quit(b);
}

static void test_problem_state(void)
{
    ZvmBare *b = start(true, STANDBY_OPT);
    uint64_t regs[14] = { [2] = CMD_ASSIGN, [3] = SCCB };

    qtest_writew(b->qts, SCCB, 16);
    qtest_writew(b->qts, SCCB + 8, RN_FIRST);
    zvm_bare_op(b, OP_SERVC_PROBLEM, 0, 0, 0, regs);
    g_assert_cmphex(b->pgm, ==, PGM_PRIVILEGED);
    g_assert_cmpint(qmp_int(b->qts, "assigned-increments"), ==, 0);
    zvm_bare_quit(b);
}

/* system_reset: an IPL with clear, all standby storage unassigned */
static void test_reset(void)
{
    ZvmBare *b = start(true, STANDBY_OPT);
    QDict *ev;

    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST), ==, RC_OK);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_MAX), ==, RC_OK);
    ev = qtest_qmp_eventwait_ref(b->qts, "STANDBY_STORAGE_CHANGE");
    qobject_unref(ev);
    g_assert_cmpint(qmp_int(b->qts, "assigned-increments"), ==, 2);
    g_assert_true(qmp_attached(b->qts));
    qtest_qmp_assert_success(b->qts, "{ 'execute': 'system_reset' }");
    g_assert_cmpint(qmp_int(b->qts, "assigned-increments"), ==, 0);
    g_assert_false(qmp_attached(b->qts));
    zvm_bare_quit(b);
}

static void test_qmp_hmp(void)
{
    ZvmBare *b = start(true, STANDBY_OPT);
    QDict *rsp, *ret, *r;
    QList *ranges;
    g_autofree char *hmp = NULL;

    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 10), ==, RC_OK);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 11), ==, RC_OK);
    rsp = qtest_qmp(b->qts, "{ 'execute': 'query-standby-storage' }");
    ret = qdict_get_qdict(rsp, "return");
    g_assert_cmpint(qdict_get_int(ret, "boot-size"), ==, BOOT_MIB * MiB);
    g_assert_cmpint(qdict_get_int(ret, "standby-size"), ==, 512 * MiB);
    g_assert_cmpint(qdict_get_int(ret, "increment-size"), ==, MiB);
    g_assert_cmpint(qdict_get_int(ret, "standby-base"), ==, BOOT_MIB * MiB);
    g_assert_cmpint(qdict_get_int(ret, "standby-increments"), ==, 512);
    g_assert_cmpint(qdict_get_int(ret, "assigned-increments"), ==, 2);
    ranges = qdict_get_qlist(ret, "assigned");
    g_assert_cmpint(qlist_size(ranges), ==, 1);
    r = qobject_to(QDict, qlist_peek(ranges));
    g_assert_cmphex(qdict_get_int(r, "start"), ==, RN_ADDR(RN_FIRST + 10));
    g_assert_cmphex(qdict_get_int(r, "end"), ==, RN_ADDR(RN_FIRST + 12) - 1);
    qobject_unref(rsp);

    hmp = qtest_hmp(b->qts, "info standby");
    g_test_message("%s", hmp);
    g_assert_nonnull(strstr(hmp, "Standby storage: 512 MiB at 0x10000000, "
                                 "512 increments of 1 MiB"));
    g_assert_nonnull(strstr(hmp, "element 1: attached, 2 increments "
                                 "assigned (2 MiB), 510 standby"));
    g_assert_nonnull(strstr(hmp, "0000000010a00000-0000000010bfffff        "
                                 "2 MiB  standby storage, assigned"));
    g_free(hmp);
    hmp = qtest_hmp(b->qts, "info dcss");
    g_assert_nonnull(strstr(hmp, "standby storage, unassigned"));
    zvm_bare_quit(b);

    /* without standby storage */
    b = start(false, "");
    g_assert_cmpint(qmp_int(b->qts, "standby-size"), ==, 0);
    g_free(hmp);
    hmp = qtest_hmp(b->qts, "info standby");
    g_assert_nonnull(strstr(hmp, "no standby storage"));
    zvm_bare_quit(b);
}

/*
 * Migration (to a file, as savevm does) carries the assigned increments
 * and their contents; a destination with other standby storage refuses.
 */
static void test_migration(void)
{
    g_autofree char *dir = g_dir_make_tmp("zvm-standby-mig-XXXXXX", NULL);
    g_autofree char *uri = g_strdup_printf("file:%s/migration.bin", dir);
    ZvmBare *a = start(false, STANDBY_OPT), b = { 0 };

    g_assert_cmphex(servc(a, CMD_ASSIGN, RN_FIRST + 1), ==, RC_OK);
    g_assert_cmphex(servc(a, CMD_ASSIGN, RN_MAX), ==, RC_OK);
    zvm_bare_store(a, RN_ADDR(RN_FIRST + 1) + 0x800, 0x1122334455667788ULL);
    zvm_bare_store(a, RN_ADDR(RN_MAX) + 0xfff00, 0x99aabbccddeeff00ULL);
    b.req = zvm_bare_migrate_and_quit(a, uri);

    b.qts = zvm_bare_start_incoming(",zvm=off" STANDBY_OPT, BOOT_MIB, uri);
    zvm_bare_wait_migration(b.qts, "completed");
    qtest_qmp_assert_success(b.qts, "{'execute': 'cont'}");
    g_assert_cmpint(qmp_int(b.qts, "assigned-increments"), ==, 2);
    g_assert_cmphex(zvm_bare_load(&b, RN_ADDR(RN_FIRST + 1) + 0x800), ==,
                    0x1122334455667788ULL);
    g_assert_cmphex(zvm_bare_load(&b, RN_ADDR(RN_MAX) + 0xfff00), ==,
                    0x99aabbccddeeff00ULL);
    zvm_bare_load(&b, RN_ADDR(RN_FIRST));
    g_assert_cmphex(b.pgm, ==, PGM_ADDRESSING);
    g_assert_cmphex(servc(&b, CMD_UNASSIGN, RN_MAX), ==, RC_OK);
    qtest_quit(b.qts);

    /* other standby storage on the destination: the layout check fails */
    b.qts = zvm_bare_start_incoming(",zvm=off,standby-mem=256M", BOOT_MIB,
                                     uri);
    qtest_set_expected_status(b.qts, 1);
    qtest_wait_qemu(b.qts);
    qtest_quit(b.qts);
    g_assert_cmpint(unlink(uri + 5), ==, 0);
    g_assert_cmpint(rmdir(dir), ==, 0);
}

/* Machine options QEMU refuses before the guest runs */
static void expect_startup_error(const char *opts, int mem_mib,
                                 const char *message)
{
    g_autofree char *cmd = g_strdup_printf(
        "%s -machine s390-ccw-virtio%s -accel tcg -nodefaults "
        "-display none -S -m %d", g_getenv("QTEST_QEMU_BINARY"), opts,
        mem_mib);
    g_autofree char *err = NULL;
    int status;

    g_assert_true(g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL));
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) != 0);
    if (!strstr(err, message)) {
        g_error("'%s' lacks '%s'", err, message);
    }
}

static void test_startup_validation(void)
{
    expect_startup_error(",standby-mem=100M", 256,
                         "'standby-mem' has to be a multiple of 0x10000000");
    expect_startup_error(",standby-mem=1G", 300,
                         "'standby-mem' needs boot storage (-m) in multiples "
                         "of 0x10000000");
    /* 300 GiB of standby: 512 MiB increments, and blocks */
    expect_startup_error(",standby-mem=300G", 256,
                         "needs boot storage (-m) in multiples of 0x20000000");
}

#define EXT_ADDR      0x30000ULL
#define DIAG260_CONFIG 0x10

/* DIAGNOSE X'260' with Rx = @rx (list at @addr, @len bytes), Ry = @ry */
static void diag260(ZvmBare *b, int rx, int ry, uint64_t subcode,
                    uint64_t addr, uint64_t len)
{
    uint64_t regs[14] = { 0 };

    regs[rx] = addr;
    if (rx < 13) {
        regs[rx + 1] = len;
    }
    regs[ry] = subcode;
    qtest_memset(b->qts, EXT_ADDR, 0xaa, 128);
    zvm_bare_op(b, OP_DIAG, 0x260, rx, ry, regs);
}

static uint64_t ext(ZvmBare *b, int i)
{
    return qtest_readq(b->qts, EXT_ADDR + 8 * i);
}

/*
 * DIAGNOSE X'260' subcode X'10' under zvm=on: the storage extents are
 * boot storage and the assigned standby increments, adjacent ones
 * merged, as many as fit stored, Ry = how many there are. Hostile
 * register contents get a specification or addressing exception;
 * zvm=off answers as upstream QEMU (specification exception).
 */
static void test_diag260(void)
{
    ZvmBare *b = start(true, STANDBY_OPT);
    ZvmBare *off = start(false, STANDBY_OPT);

    diag260(b, 2, 4, DIAG260_CONFIG, EXT_ADDR, 128);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmpuint(b->regs[4], ==, 1);
    g_assert_cmphex(ext(b, 0), ==, 0);
    g_assert_cmphex(ext(b, 1), ==, BOOT_MIB * MiB - 1);
    g_assert_cmphex(ext(b, 2), ==, 0xaaaaaaaaaaaaaaaaULL);   /* no more */

    /* the first standby increment joins boot storage, two more apart */
    g_assert_cmphex(servc(b, CMD_ATTACH | 1 << 8, 0), ==, RC_OK);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST), ==, RC_OK);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 10), ==, RC_OK);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_FIRST + 11), ==, RC_OK);
    g_assert_cmphex(servc(b, CMD_ASSIGN, RN_MAX), ==, RC_OK);
    diag260(b, 2, 4, DIAG260_CONFIG, EXT_ADDR, 128);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmpuint(b->regs[4], ==, 3);
    g_assert_cmphex(ext(b, 1), ==, RN_ADDR(RN_FIRST + 1) - 1);
    g_assert_cmphex(ext(b, 2), ==, RN_ADDR(RN_FIRST + 10));
    g_assert_cmphex(ext(b, 3), ==, RN_ADDR(RN_FIRST + 12) - 1);
    g_assert_cmphex(ext(b, 4), ==, RN_ADDR(RN_MAX));
    g_assert_cmphex(ext(b, 5), ==, RN_ADDR(RN_MAX + 1) - 1);

    /* a list with room for two: two stored, Ry still says three */
    diag260(b, 6, 3, DIAG260_CONFIG, EXT_ADDR, 47);
    g_assert_cmpint(b->cc, ==, 0);
    g_assert_cmpuint(b->regs[3], ==, 3);
    g_assert_cmphex(ext(b, 3), ==, RN_ADDR(RN_FIRST + 12) - 1);
    g_assert_cmphex(ext(b, 4), ==, 0xaaaaaaaaaaaaaaaaULL);
    /* no room: nothing stored, not even at an address that is not there */
    diag260(b, 2, 4, DIAG260_CONFIG, RN_ADDR(RN_FIRST + 20), 0);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmpuint(b->regs[4], ==, 3);

    /* what the architecture refuses */
    diag260(b, 3, 4, DIAG260_CONFIG, EXT_ADDR, 128);        /* odd Rx */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag260(b, 2, 3, DIAG260_CONFIG, EXT_ADDR, 128);        /* Ry = Rx+1 */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag260(b, 2, 4, DIAG260_CONFIG, EXT_ADDR + 4, 128);    /* unaligned */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    diag260(b, 2, 4, 0x0c, EXT_ADDR, 128);                   /* subcode */
    g_assert_cmphex(b->pgm, ==, PGM_SPECIFICATION);
    /* a list in unassigned standby storage, or beyond all storage */
    diag260(b, 2, 4, DIAG260_CONFIG, RN_ADDR(RN_FIRST + 20), 128);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    diag260(b, 2, 4, DIAG260_CONFIG, 1ULL << 40, 128);
    g_assert_cmphex(b->pgm, ==, PGM_ADDRESSING);
    /* the list in the assigned increment at the top works */
    diag260(b, 2, 4, DIAG260_CONFIG, RN_ADDR(RN_MAX), 16);
    g_assert_cmphex(b->pgm, ==, PGM_NONE);
    g_assert_cmphex(qtest_readq(b->qts, RN_ADDR(RN_MAX) + 8), ==,
                    BOOT_MIB * MiB + MiB - 1);

    /* zvm=off: QEMU's answer to every DIAGNOSE X'260' */
    diag260(off, 2, 4, DIAG260_CONFIG, EXT_ADDR, 128);
    g_assert_cmphex(off->pgm, ==, PGM_SPECIFICATION);
    zvm_bare_quit(off);
    zvm_bare_quit(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_data_func("/zvm/standby/read-scp-info/zvm-off",
                        GINT_TO_POINTER(false), test_read_scp_info);
    qtest_add_data_func("/zvm/standby/read-scp-info/zvm-on",
                        GINT_TO_POINTER(true), test_read_scp_info);
    qtest_add_func("/zvm/standby/storage-info", test_storage_info);
    qtest_add_data_func("/zvm/standby/assign/zvm-off",
                        GINT_TO_POINTER(false), test_assign);
    qtest_add_data_func("/zvm/standby/assign/zvm-on",
                        GINT_TO_POINTER(true), test_assign);
    qtest_add_func("/zvm/standby/problem-state", test_problem_state);
    qtest_add_func("/zvm/standby/fault-injection", test_fault_injection);
    qtest_add_func("/zvm/standby/diag260", test_diag260);
    qtest_add_func("/zvm/standby/sccb-in-own-increment",
                   test_sccb_in_own_increment);
    qtest_add_func("/zvm/standby/reset", test_reset);
    qtest_add_func("/zvm/standby/qmp-hmp", test_qmp_hmp);
    qtest_add_func("/zvm/standby/migration", test_migration);
    qtest_add_func("/zvm/standby/startup-validation",
                   test_startup_validation);
    return g_test_run();
}
