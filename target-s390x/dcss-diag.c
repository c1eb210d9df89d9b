/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: DIAGNOSE X'64', finding, loading and purging z/VM saved
 * segments (VM/SP System Programmer's Guide, "DIAGNOSE Code X'64'";
 * Linux arch/s390/mm/extmem.c is the client).
 *
 * Ry holds the subcode. Rx holds the real address of the segment name
 * (8 EBCDIC bytes, blank padded, on a doubleword boundary), or for
 * SEGEXT of the input block. Results: the condition code, Rx and Ry.
 * With the z/VM personality off, DIAGNOSE X'64' is a specification
 * exception, as in upstream QEMU.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "s390x-internal.h"
#include "exec/target_page.h"
#include "zvm/hw/s390x/dcss.h"
#include "zvm/hw/s390x/zvm-fault.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"
#include "zvm-cpu.h"

#define DIAG64_LOADSHR   0x00   /* 31-bit interface */
#define DIAG64_LOADNSR   0x04
#define DIAG64_PURGESEG  0x08
#define DIAG64_FINDSEG   0x0c
#define DIAG64_LOADNOLY  0x10
#define DIAG64_SEGEXT    0x18
#define DIAG64_LOADSHRX  0x20   /* 64-bit interface */
#define DIAG64_LOADNSRX  0x24
#define DIAG64_FINDSEGX  0x2c
#define DIAG64_SEGEXTX   0x38

#define ADDR_2G          0x80000000ULL

/* SEGEXT input block (SXIDABK as Linux lays it out) */
typedef struct QEMU_PACKED Diag64SegextIn {
    uint8_t opcode;         /* 0x00: X'0C', find segment */
    uint8_t rsv1[3];
    uint8_t rcode;          /* 0x04 */
    uint8_t rsv2[3];
    uint8_t name[8];        /* 0x08: EBCDIC, blank padded */
    uint32_t outptr;        /* 0x10: real address of the output area */
    int16_t outlen;         /* 0x14: its length */
    uint16_t pad;
} Diag64SegextIn;
QEMU_BUILD_BUG_ON(sizeof(Diag64SegextIn) != 24);

static uint64_t operand_addr(CPUS390XState *env, uint64_t addr)
{
    return (env->psw.mask & PSW_MASK_64) ? addr : addr & 0x7fffffff;
}

/* Is [addr, addr + len) doubleword aligned and within one page? */
static bool block_ok(uint64_t addr, uint64_t len)
{
    return !(addr & 7) && (addr & ~TARGET_PAGE_MASK) + len <= TARGET_PAGE_SIZE;
}

static void ebcdic_name(char *name, const uint8_t *ebcdic)
{
    zvm_ebcdic_to_ascii(name, ebcdic, ZVM_DCSS_NAME_MAX);
    name[ZVM_DCSS_NAME_MAX] = 0;
    g_strchomp(name);
}

static bool read_name(S390CPU *cpu, uint8_t rx, char *name, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    const uint64_t addr = operand_addr(env, env->regs[rx]);
    uint8_t ebcdic[ZVM_DCSS_NAME_MAX];

    if (addr & 7) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return false;
    }
    if (!zvm_real_rw(cpu, addr, ebcdic, sizeof(ebcdic), false)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return false;
    }
    ebcdic_name(name, ebcdic);
    return true;
}

/* Output of SEGEXT: Linux's qout64 (X'38') or 31-bit qout64_old (X'18') */
static size_t segext_output(const ZvmDcssDef *def, bool wide, size_t room,
                            uint8_t *out, unsigned int *stored)
{
    const size_t hdr = wide ? 24 : 16, rsz = wide ? 16 : 8;
    const unsigned int n = MIN(def->nranges, (room - hdr) / rsz);
    uint8_t *p = out + hdr;

    if (wide) {
        stq_be_p(out, zvm_dcss_start(def));
        stq_be_p(out + 8, zvm_dcss_end(def));
        stl_be_p(out + 16, def->nranges);
        stl_be_p(out + 20, n);
    } else {
        stl_be_p(out, zvm_dcss_start(def));
        stl_be_p(out + 4, zvm_dcss_end(def));
        stl_be_p(out + 8, def->nranges);
        stl_be_p(out + 12, n);
    }
    for (unsigned int i = 0; i < n; i++, p += rsz) {
        /* the type code is in the low byte of the start address */
        const uint64_t start = def->range[i].start | def->range[i].type;

        if (wide) {
            stq_be_p(p, start);
            stq_be_p(p + 8, def->range[i].end);
        } else {
            stl_be_p(p, start);
            stl_be_p(p + 4, def->range[i].end);
        }
    }
    *stored = n;
    return hdr + n * rsz;
}

/* An injected fault (zvm-inject-fault) answers instead of the model */
static bool injected(S390CPU *cpu, uint8_t ry, uint32_t subcode,
                     const char *name)
{
    uint64_t rc;
    int cc;

    if (!zvm_fault_diag64(subcode, name, &cc, &rc)) {
        return false;
    }
    setcc(cpu, cc);
    cpu->env.regs[ry] = rc;
    return true;
}

/*
 * SEGEXT: the page ranges of a segment. Both blocks must be doubleword
 * aligned and within a page; an output area too short for the header is
 * a specification exception, one too short for all ranges gets the
 * ranges that fit (segrcnt) and cc 1.
 */
static void diag64_segext(S390CPU *cpu, uint8_t rx, uint8_t ry, bool wide,
                          uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    const uint64_t in_addr = operand_addr(env, env->regs[rx]);
    uint8_t out[24 + 16 * ZVM_DCSS_RANGES_MAX];
    char name[ZVM_DCSS_NAME_MAX + 1];
    Diag64SegextIn in;
    ZvmDcssDef def;
    uint64_t out_addr;
    unsigned int stored;
    size_t len;
    int16_t room;
    int rc;

    if (!block_ok(in_addr, sizeof(in))) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    if (!zvm_real_rw(cpu, in_addr, &in, sizeof(in), false)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return;
    }
    out_addr = be32_to_cpu(in.outptr);
    room = be16_to_cpu(in.outlen);
    if (room < (wide ? 24 : 16) || !block_ok(out_addr, room)) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    ebcdic_name(name, in.name);
    if (injected(cpu, ry, wide ? DIAG64_SEGEXTX : DIAG64_SEGEXT, name)) {
        return;
    }
    if (!zvm_dcss_query(zvm_dcss(), name, &def, &rc)) {
        setcc(cpu, 2);
        env->regs[ry] = rc;
        return;
    }
    if (!wide && zvm_dcss_end(&def) >= ADDR_2G) {
        setcc(cpu, 2);
        env->regs[ry] = ZVM_DCSS_RC_ABOVE_2G;
        return;
    }
    len = segext_output(&def, wide, MIN(room, sizeof(out)), out, &stored);
    if (!zvm_real_rw(cpu, out_addr, out, len, true)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return;
    }
    setcc(cpu, stored < def.nranges);
}

static void zvm_diag_64(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    ZvmDcss *d = zvm_dcss();
    const uint64_t subcode = env->regs[ry];
    char name[ZVM_DCSS_NAME_MAX + 1];
    ZvmDcssResult r;
    bool wide = true;

    if (!d) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    switch (subcode) {
    case DIAG64_SEGEXT:
    case DIAG64_SEGEXTX:
        diag64_segext(cpu, rx, ry, subcode == DIAG64_SEGEXTX, ra);
        return;
    case DIAG64_LOADSHR:
    case DIAG64_LOADNSR:
    case DIAG64_LOADNOLY:
    case DIAG64_FINDSEG:
        wide = false;
        /* fall through */
    case DIAG64_LOADSHRX:
    case DIAG64_LOADNSRX:
    case DIAG64_FINDSEGX:
    case DIAG64_PURGESEG:
        break;
    default:
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    if (!read_name(cpu, rx, name, ra) || injected(cpu, ry, subcode, name)) {
        return;
    }
    r = zvm_dcss_find(d, name);
    if (r.cc < 2 && !wide && r.ry >= ADDR_2G) {
        /* the 31-bit interface cannot address the segment */
        r = (ZvmDcssResult) { .cc = 2, .ry = ZVM_DCSS_RC_ABOVE_2G };
    } else if (r.cc < 2 || subcode == DIAG64_PURGESEG) {
        switch (subcode) {
        case DIAG64_LOADSHR:
        case DIAG64_LOADNOLY:
        case DIAG64_LOADSHRX:
            r = zvm_dcss_load(d, name, false);
            break;
        case DIAG64_LOADNSR:
        case DIAG64_LOADNSRX:
            r = zvm_dcss_load(d, name, true);
            break;
        case DIAG64_PURGESEG:
            r = zvm_dcss_purge(d, name);
            break;
        }
    }
    setcc(cpu, r.cc);
    if (r.cc < 2 && subcode != DIAG64_PURGESEG) {
        env->regs[rx] = r.rx;
    }
    if (r.cc == 2 || subcode != DIAG64_PURGESEG) {
        env->regs[ry] = r.ry;
    }
}

static void zvm_dcss_diag_register(void)
{
    zvm_register_diag(0x064, zvm_diag_64);
}

type_init(zvm_dcss_diag_register)
