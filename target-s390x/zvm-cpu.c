/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: CPU side of the z/VM personality: DIAGNOSE X'08' (CP command
 * interface), DIAGNOSE X'260' (storage extents) and the VM level of STSI
 * 3.2.2; the registration of the IUCV instruction and its interruptions
 * (zvm-iucv.c) and of the DIAGNOSE codes of the other files.
 *
 * One S390HypervisorOps is registered with QEMU for the whole process
 * (s390_register_hypervisor_ops()); while the machine has "zvm=off" it
 * answers exactly as upstream QEMU does (specification or operation
 * exception, the "KVM/Linux" SYSIB, stores as QEMU does them).
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "qemu/main-loop.h"
#include "s390x-internal.h"
#include "exec/target_page.h"
#include "zvm/hw/s390x/zvm-compat.h"
#include "hw/boards.h"
#include "hw/s390x/ebcdic.h"
#include "zvm/hw/s390x/zvm.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"
#include "zvm/hw/s390x/dcss.h"
#include "zvm/hw/s390x/standby.h"
#include "zvm/hw/s390x/trace.h"
#include "zvm-cpu.h"

/* DIAGNOSE X'08' Ry flag: Rx+1/Ry+1 describe a response buffer */
#define DIAG8_RESPONSE  0x40000000ULL
#define DIAG8_LEN_MASK  0x00ffffffULL

bool zvm_real_rw(S390CPU *cpu, uint64_t raddr, void *buf,
                        uint64_t len, bool is_write)
{
    CPUS390XState *env = &cpu->env;
    uint8_t *p = buf;

    while (len) {
        const uint64_t chunk = MIN(len, TARGET_PAGE_SIZE -
                                        (raddr & ~TARGET_PAGE_MASK));
        const hwaddr abs = mmu_real2abs(env, raddr);

        if (address_space_rw(&address_space_memory, abs,
                             MEMTXATTRS_UNSPECIFIED, p, chunk,
                             is_write) != MEMTX_OK) {
            return false;
        }
        raddr += chunk;
        p += chunk;
        len -= chunk;
    }
    return true;
}

/*
 * DIAGNOSE X'08': Rx = real address of the EBCDIC command, Ry = its
 * length (0..240). With DIAG8_RESPONSE in Ry, Rx/Ry are even-odd pairs:
 * Rx+1 = real address and Ry+1 = length of the response buffer; CP
 * stores the response (lines ended by X'15'), Ry+1 = bytes stored (cc 0)
 * or bytes that did not fit (cc 1). Ry = the CP return code.
 */
static void zvm_diag_08(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    ZvmPersonality *zvm = zvm_personality();
    const bool response = env->regs[ry] & DIAG8_RESPONSE;
    const uint64_t len = env->regs[ry] & DIAG8_LEN_MASK;
    uint8_t ebcdic[ZVM_CP_COMMAND_MAX];
    char cmd[ZVM_CP_COMMAND_MAX + 1];
    g_autoptr(GString) out = g_string_new(NULL);
    g_autofree uint8_t *resp = NULL;
    uint64_t buf, buflen;
    int rc;

    if (!zvm || len > ZVM_CP_COMMAND_MAX || rx == ry ||
        (response && ((rx & 1) || (ry & 1)))) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    if (!zvm_real_rw(cpu, env->regs[rx], ebcdic, len, false)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return;
    }
    zvm_ebcdic_to_ascii(cmd, ebcdic, len);
    cmd[len] = 0;
    rc = zvm_cp_execute(zvm, cmd, out);

    if (response) {
        buf = env->regs[rx + 1];
        buflen = env->regs[ry + 1];
        resp = g_malloc(out->len);
        zvm_ascii_to_ebcdic(resp, out->str, out->len);
        if (!zvm_real_rw(cpu, buf, resp, MIN(out->len, buflen), true)) {
            s390_program_interrupt(env, PGM_ADDRESSING, ra);
            return;
        }
        if (out->len > buflen) {
            env->regs[ry + 1] = out->len - buflen;
            setcc(cpu, 1);
        } else {
            env->regs[ry + 1] = out->len;
            setcc(cpu, 0);
        }
    }
    env->regs[ry] = rc;
}

/*
 * DIAGNOSE X'260' subcode X'10' (storage configuration): Rx/Rx+1 (an
 * even-odd pair) = real address (doubleword aligned) and length of a
 * list of 16-byte extents {first byte, last byte}; CP stores as many
 * extents as fit and returns in Ry how many there are, cc 0. They are
 * the guest's configured storage: boot storage and the standby
 * increments it has assigned, adjacent ones merged; what a Linux
 * decompressor falls back to when READ STORAGE ELEMENT INFO fails.
 * Other subcodes, and any subcode with "zvm=off": specification
 * exception, as upstream QEMU answers every DIAGNOSE X'260'.
 */
#define DIAG260_STORAGE_CONFIGURATION 0x10

static void zvm_diag_260(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    S390Standby *sb = s390_standby();
    g_autoptr(GArray) ext = g_array_new(false, false, sizeof(uint64_t));
    uint64_t addr = env->regs[rx], len = rx & 1 ? 0 : env->regs[rx + 1];
    guint n, fit;

    if (!zvm_personality() || (rx & 1) || ry == rx || ry == rx + 1 ||
        env->regs[ry] != DIAG260_STORAGE_CONFIGURATION || (addr & 7)) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    /* pairs of big-endian {first, last}, in address order */
    g_array_append_val(ext, (uint64_t){ 0 });
    g_array_append_val(ext, (uint64_t){ current_machine->ram_size - 1 });
    for (int32_t i = 0; sb && i < sb->nr_incs; i++) {
        const uint64_t first = sb->base + i * sb->increment;
        const uint64_t last = first + sb->increment - 1;

        if (!test_bit(i, sb->assigned)) {
            continue;
        }
        if (g_array_index(ext, uint64_t, ext->len - 1) + 1 == first) {
            g_array_index(ext, uint64_t, ext->len - 1) = last;
        } else {
            g_array_append_val(ext, first);
            g_array_append_val(ext, last);
        }
    }
    n = ext->len / 2;
    fit = MIN(n, len / 16);
    for (guint i = 0; i < ext->len; i++) {
        g_array_index(ext, uint64_t, i) =
            cpu_to_be64(g_array_index(ext, uint64_t, i));
    }
    trace_zvm_diag_260(n, fit);
    if (fit && !zvm_real_rw(cpu, addr, ext->data, fit * 16, true)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return;
    }
    env->regs[ry] = n;
    setcc(cpu, 0);
}

/* STSI 3.2.2 as z/VM fills it: CP "z/VM    V.R.M   ", name = user ID */
static void zvm_stsi_322(SysIB_322 *sysib)
{
    ZvmPersonality *zvm;
    g_autofree char *cpi = NULL;

    /*
     * The personality is looked up in the machine's QOM tree, under the
     * BQL: TCG's STSI helper runs without it, KVM's exit handler with it.
     */
    BQL_LOCK_GUARD();
    zvm = zvm_personality();
    if (!zvm) {
        return;
    }
    cpi = g_strdup_printf("z/VM    %-8.8s", zvm->cplevel);
    ebcdic_put(sysib->vm[0].cpi, cpi, sizeof(sysib->vm[0].cpi));
    memset(sysib->vm[0].name, 0x40, sizeof(sysib->vm[0].name));
    ebcdic_put(sysib->vm[0].name, zvm->userid, strlen(zvm->userid));
    sysib->vm[0].ext_name_encoding = 0;
    memset(sysib->ext_names[0], 0, sizeof(sysib->ext_names[0]));
}

/*
 * DIAGNOSE codes of the personality, each registered by the file that
 * answers it (zvm_register_diag()); with "zvm=off" upstream QEMU's.
 */
#define ZVM_DIAG_MAX 16
static struct {
    uint16_t code;
    ZvmDiagHandler fn;
} zvm_diags[ZVM_DIAG_MAX];
static size_t zvm_nr_diags;

void zvm_register_diag(uint16_t code, ZvmDiagHandler fn)
{
    g_assert(zvm_nr_diags < ZVM_DIAG_MAX);
    zvm_diags[zvm_nr_diags].code = code;
    zvm_diags[zvm_nr_diags++].fn = fn;
}

static bool zvm_diag(S390CPU *cpu, uint16_t code, uint8_t rx, uint8_t ry,
                     uintptr_t ra)
{
    if (!zvm_personality()) {
        return false;
    }
    for (size_t i = 0; i < zvm_nr_diags; i++) {
        if (zvm_diags[i].code == code) {
            zvm_diags[i].fn(cpu, rx, ry, ra);
            return true;
        }
    }
    return false;
}

/* The one registration of the CPU side */
static const S390HypervisorOps zvm_hv_ops = {
    .diag = zvm_diag,
    .stsi_322 = zvm_stsi_322,
    .iucv = zvm_iucv_insn,
    .ext_int = zvm_iucv_ext_int,
    .store_protected = zvm_dcss_store_protected,
};

static void zvm_cpu_register(void)
{
    s390_register_hypervisor_ops(&zvm_hv_ops);
    zvm_register_diag(0x008, zvm_diag_08);
    zvm_register_diag(0x260, zvm_diag_260);
}

type_init(zvm_cpu_register)
