/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the IUCV instruction (B2F0) and its external interruptions,
 * as CP answers a virtual machine whose directory entry allows the
 * system services *MSG and *MONITOR and no other connection (CP
 * Programming Services, "IUCV Functions"); the model is
 * hw/s390x/zvm-iucv.c, *MONITOR's hw/s390x/zvm-monsvc.c.
 *
 * R0 holds the function, R1 the real address of the 40-byte parameter
 * list (doubleword aligned, else a specification exception; beyond
 * storage an addressing exception); a problem-state caller gets an
 * operation exception. cc 0 is success; cc 1 stores an IPRCODE at byte
 * 3 of the list:
 *   QUERY            cc 0, R0 = 40 (interrupt buffer size), R1 = 64
 *   DECLARE BUFFER   X'13' when this CPU has one already
 *   RETRIEVE BUFFER  cc 0; the last CPU's buffer gone severs every path
 *   SETMASK, SETCONTROLMASK   cc 0
 *   CONNECT          *MSG: cc 0, pathid, a connection-complete interrupt
 *                    (X'0E' for a second path, X'12' for IPMSGLIM > 255);
 *                    *MONITOR: cc 0, pathid, then the service completes
 *                    or severs the path;
 *                    other CP services and this user X'0F', unknown
 *                    services X'10', other users X'0B' (not logged on)
 *   SEVER, QUIESCE, RESUME    cc 0, or X'01' for a pathid not connected
 *   RECEIVE          the message (its buffer or a buffer list); residual
 *                    length in IPBFLN1F; a buffer too short gets X'05'
 *                    and the rest with the next RECEIVE; X'09' when no
 *                    such message is waiting
 *   REJECT           cc 0, or X'09'
 *   SEND, REPLY, ACCEPT, PURGE   X'01' for a pathid not connected; *MSG
 *                    takes no messages (X'03': message limit), has no
 *                    reply pending (X'09') and no path to accept (X'01');
 *                    a REPLY on a *MONITOR path is the service's
 *   TEST MESSAGE, DESCRIBE, TEST COMPLETION, others   cc 3
 *
 * An interruption (code X'4000', CR0 bit 62) is presented to a CPU with
 * a buffer and masks that allow it: CP stores the 40 bytes in that
 * buffer first.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "s390x-internal.h"
#include "zvm/hw/s390x/zvm.h"
#include "zvm/hw/s390x/zvm-iucv.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"
#include "zvm/hw/s390x/trace.h"
#include "zvm-cpu.h"

#define IUCV_QUERY              0
#define IUCV_RETRIEVE_BUFFER    2
#define IUCV_SEND               4
#define IUCV_RECEIVE            5
#define IUCV_REPLY              6
#define IUCV_REJECT             8
#define IUCV_PURGE              9
#define IUCV_ACCEPT             10
#define IUCV_CONNECT            11
#define IUCV_DECLARE_BUFFER     12
#define IUCV_QUIESCE            13
#define IUCV_RESUME             14
#define IUCV_SEVER              15
#define IUCV_SETMASK            16
#define IUCV_SETCONTROLMASK     17

#define IUCV_PLIST_LEN          40
#define IUCV_IPRCODE_PATHID             0x01
#define IUCV_IPRCODE_MSGLIM_EXCEEDED    0x03
#define IUCV_IPRCODE_TOO_SHORT          0x05
#define IUCV_IPRCODE_NO_MESSAGE         0x09
#define IUCV_IPRCODE_NOT_LOGGED_ON      0x0b
#define IUCV_IPRCODE_NOT_AUTHORIZED     0x0f
#define IUCV_IPRCODE_NO_SUCH_SERVICE    0x10
#define IUCV_IPRCODE_MSGLIM             0x12
#define IUCV_IPRCODE_BUFFER_DECLARED    0x13

#define IPFGMID     0x04    /* RECEIVE, REJECT: message ID given */
#define IPBUFLST    0x40    /* RECEIVE: a buffer list */

#define CR0_IUCV    0x2     /* external interruption subclass mask */
#define EXT_IUCV    0x4000

/* CP system services (CP Programming Services, "CP System Services") */
static const char *const iucv_services[] = {
    "*ACCOUNT", "*ASYNCMD", "*BLOCKIO", "*CCS", "*CONFIG", "*CRM",
    "*IDENT", "*LOGREC", "*MONITOR", "*MSG", "*MSGALL", "*RPI", "*SCLP",
    "*SIGNAL", "*SPL", "*SYMPTOM", "*VMEVENT", "*VSWITCH", NULL
};

static uint8_t iucv_connect(ZvmIucv *iucv, uint8_t *p, const char *self)
{
    uint8_t vmid[ZVM_USERID_MAX];
    char target[ZVM_USERID_MAX + 1];
    uint8_t service, rc;
    uint16_t pathid;

    memcpy(vmid, p + 8, sizeof(vmid));
    zvm_ebcdic_to_ascii(target, vmid, sizeof(vmid));
    target[sizeof(vmid)] = 0;
    g_strchomp(target);
    if (target[0] != '*') {
        return !strcmp(target, self) ? IUCV_IPRCODE_NOT_AUTHORIZED
                                     : IUCV_IPRCODE_NOT_LOGGED_ON;
    }
    if (!g_strv_contains(iucv_services, target)) {
        return IUCV_IPRCODE_NO_SUCH_SERVICE;
    }
    service = zvm_iucv_find_service(iucv, target);
    if (!service) {
        return IUCV_IPRCODE_NOT_AUTHORIZED;
    }
    if (lduw_be_p(p + 4) > 255) {
        return IUCV_IPRCODE_MSGLIM;
    }
    rc = zvm_iucv_connect(iucv, service, p[2], lduw_be_p(p + 4), p + 16,
                          &pathid);
    if (!rc) {
        stw_be_p(p, pathid);
        p[2] = zvm_iucv_path(iucv, pathid)->flags;
    }
    return rc;
}

/* Store up to @len bytes of @m at @addr; false: addressing exception */
static bool receive_to(S390CPU *cpu, ZvmIucvMsg *m, uint64_t addr,
                       uint32_t len, uint32_t *copied)
{
    uint32_t n = MIN(len, m->len - m->done);

    if (n && !zvm_real_rw(cpu, addr, m->data + m->done, n, true)) {
        return false;
    }
    m->done += n;
    *copied += n;
    return true;
}

/* RECEIVE: IPRCODE, -1 for an addressing exception */
static int iucv_receive(S390CPU *cpu, ZvmIucvMsg *m, uint8_t *p)
{
    uint64_t addr = ldl_be_p(p + 12) & 0x7fffffff;
    uint32_t len = ldl_be_p(p + 16), copied = 0, entry[2];
    uint32_t left;

    if (!(p[2] & IPBUFLST)) {
        if (!receive_to(cpu, m, addr, len, &copied)) {
            return -1;
        }
    } else {
        /* {address, length} pairs, IPBFLN1F bytes in all */
        for (left = len; left && m->done < m->len; addr += 8) {
            if (!zvm_real_rw(cpu, addr, entry, sizeof(entry), false)) {
                return -1;
            }
            if (!receive_to(cpu, m, be32_to_cpu(entry[0]) & 0x7fffffff,
                            MIN(be32_to_cpu(entry[1]), left), &copied)) {
                return -1;
            }
            left -= MIN(be32_to_cpu(entry[1]), left);
        }
    }
    p[2] = 0x10;                /* the message's flags: one-way */
    if (m->done < m->len) {
        stl_be_p(p + 16, m->len - m->done);
        return IUCV_IPRCODE_TOO_SHORT;
    }
    stl_be_p(p + 16, len - copied);
    memset(m, 0, sizeof(*m));
    return 0;
}

bool zvm_iucv_insn(S390CPU *cpu, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    ZvmIucv *iucv = zvm_iucv();
    const uint64_t fn = env->regs[0] & 0xff;
    const uint64_t plist = env->regs[1];
    const int c = CPU(cpu)->cpu_index;
    uint8_t p[IUCV_PLIST_LEN];
    ZvmIucvPath *path;
    ZvmIucvMsg *m;
    int rc = 0;

    if (!iucv) {
        return false;
    }
    if (env->psw.mask & PSW_MASK_PSTATE) {
        s390_program_interrupt(env, PGM_OPERATION, ra);
        return true;
    }
    if (fn == IUCV_QUERY) {
        env->regs[0] = ZVM_IUCV_IRQ_LEN;
        env->regs[1] = ZVM_IUCV_MAX_PATHS;
        setcc(cpu, 0);
        trace_zvm_iucv(c, fn, 0, 0);
        return true;
    }
    if (fn > IUCV_SETCONTROLMASK || fn == 1 || fn == 3 || fn == 7 ||
        c >= ZVM_IUCV_MAX_CPUS) {
        setcc(cpu, 3);
        trace_zvm_iucv(c, fn, 3, 0);
        return true;
    }
    if (plist & 7) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return true;
    }
    if (!zvm_real_rw(cpu, plist, p, sizeof(p), false)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return true;
    }
    path = zvm_iucv_path(iucv, lduw_be_p(p));
    switch (fn) {
    case IUCV_DECLARE_BUFFER:
        if (iucv->declared[c]) {
            rc = IUCV_IPRCODE_BUFFER_DECLARED;
            break;
        }
        iucv->buffer[c] = ldl_be_p(p + 12) & 0x7fffffff;
        iucv->declared[c] = true;
        iucv->mask[c] = iucv->cmask[c] = 0;
        break;
    case IUCV_RETRIEVE_BUFFER:
        iucv->declared[c] = false;
        iucv->mask[c] = iucv->cmask[c] = 0;
        for (int i = 0; i < ZVM_IUCV_MAX_CPUS; i++) {
            if (iucv->declared[i]) {
                goto done;
            }
        }
        for (int i = 0; i < ZVM_IUCV_MAX_PATHS; i++) {
            zvm_iucv_sever(iucv, i);
        }
        break;
    case IUCV_SETMASK:
        iucv->mask[c] = p[0];
        break;
    case IUCV_SETCONTROLMASK:
        iucv->cmask[c] = p[0];
        break;
    case IUCV_CONNECT:
        rc = iucv_connect(iucv, p, zvm_personality()->userid);
        break;
    case IUCV_SEVER:
        if (!path) {
            rc = IUCV_IPRCODE_PATHID;
            break;
        }
        zvm_iucv_sever(iucv, lduw_be_p(p));
        break;
    case IUCV_QUIESCE:
    case IUCV_RESUME:
    case IUCV_ACCEPT:       /* *MSG offers no connection to accept */
        rc = path && fn != IUCV_ACCEPT ? 0 : IUCV_IPRCODE_PATHID;
        break;
    case IUCV_SEND:
        rc = path ? IUCV_IPRCODE_MSGLIM_EXCEEDED : IUCV_IPRCODE_PATHID;
        break;
    case IUCV_RECEIVE:
    case IUCV_REJECT:
    case IUCV_REPLY:
    case IUCV_PURGE:
        if (!path) {
            rc = IUCV_IPRCODE_PATHID;
            break;
        }
        if (fn == IUCV_REPLY && iucv->services[path->service]) {
            rc = iucv->services[path->service]->reply(
                    iucv->service_opaque[path->service], lduw_be_p(p),
                    ldl_be_p(p + 4));
            break;
        }
        m = zvm_iucv_msg(iucv, lduw_be_p(p), p[2] & IPFGMID,
                         ldl_be_p(p + 4));
        if (!m || fn == IUCV_REPLY || fn == IUCV_PURGE) {
            rc = IUCV_IPRCODE_NO_MESSAGE;
        } else if (fn == IUCV_REJECT) {
            memset(m, 0, sizeof(*m));
        } else {
            rc = iucv_receive(cpu, m, p);
            if (rc < 0) {
                s390_program_interrupt(env, PGM_ADDRESSING, ra);
                return true;
            }
        }
        break;
    }
done:
    if (rc) {
        p[3] = rc;
    }
    if (!zvm_real_rw(cpu, plist, p, sizeof(p), true)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return true;
    }
    setcc(cpu, rc ? 1 : 0);
    trace_zvm_iucv(c, fn, rc ? 1 : 0, rc);
    return true;
}

bool zvm_iucv_ext_int(S390CPU *cpu, LowCore *lowcore)
{
    uint8_t buf[ZVM_IUCV_IRQ_LEN];
    ZvmIucv *iucv;
    uint64_t addr;

    if (!(cpu->env.cregs[0] & CR0_IUCV)) {
        return false;
    }
    iucv = zvm_iucv();
    if (!iucv) {
        return false;
    }
    if (!lowcore) {
        return zvm_iucv_next(iucv, CPU(cpu)->cpu_index, false, NULL, NULL);
    }
    if (!zvm_iucv_next(iucv, CPU(cpu)->cpu_index, true, buf, &addr)) {
        return false;
    }
    /* a buffer no longer in storage: the interruption without its data */
    zvm_real_rw(cpu, addr, buf, sizeof(buf), true);
    lowcore->ext_int_code = cpu_to_be16(EXT_IUCV);
    lowcore->cpu_addr = 0;
    lowcore->ext_params = 0;
    return true;
}
