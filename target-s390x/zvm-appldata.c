/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: DIAGNOSE X'DC' (application monitor data), as Linux's
 * appldata and monwriter issue it (arch/s390/include/asm/appldata.h).
 *
 * Rx holds the real address of the 64-bit parameter list: X'00DC', the
 * function (X'80' START INTERVAL, X'81' STOP, X'82' GEN EVENT, X'83'
 * START CONFIG), its length (32), the buffer length, the real addresses
 * of the 16-byte product ID and of the buffer. CP answers in Ry: 0 with
 * cc 0, else a return code with cc 1 (5: not authorized, 6: buffer
 * length not 1 to 4012, 7: no room for another buffer). A parameter list
 * that is not one, or another function, is a specification exception;
 * a list, product ID or buffer outside storage an addressing exception.
 * The model (hw/s390x/zvm-appldata.c) keeps what the guest registered.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "s390x-internal.h"
#include "zvm/hw/s390x/zvm.h"
#include "zvm/hw/s390x/zvm-appldata.h"
#include "zvm/hw/s390x/trace.h"
#include "zvm-cpu.h"

typedef struct QEMU_PACKED AppldataParms {
    uint16_t diag;              /* X'00DC' */
    uint8_t function;
    uint8_t parlist_length;     /* 32 */
    uint32_t unused01;
    uint16_t reserved;
    uint16_t buffer_length;
    uint32_t unused02;
    uint64_t product_id_addr;
    uint64_t buffer_addr;
} AppldataParms;
QEMU_BUILD_BUG_ON(sizeof(AppldataParms) != 32);

static void zvm_diag_dc(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    ZvmAppldata *a = zvm_personality()->appldata;
    uint8_t product[ZVM_APPLDATA_PRODUCT_LEN];
    g_autofree uint8_t *data = NULL;
    AppldataParms p;
    uint64_t addr;
    uint32_t len;
    int rc;

    if (!zvm_real_rw(cpu, env->regs[rx], &p, sizeof(p), false)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return;
    }
    if (be16_to_cpu(p.diag) != 0xdc || p.parlist_length != sizeof(p) ||
        p.function < ZVM_APPLDATA_START_INTERVAL ||
        p.function > ZVM_APPLDATA_START_CONFIG) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    addr = be64_to_cpu(p.buffer_addr);
    len = be16_to_cpu(p.buffer_length);
    if (!zvm_real_rw(cpu, be64_to_cpu(p.product_id_addr), product,
                     sizeof(product), false)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return;
    }
    if (len && len <= ZVM_APPLDATA_MAX_LEN) {
        /* the buffer must be there; an event record is copied now */
        data = g_malloc(len);
        if (!zvm_real_rw(cpu, addr, data, len, false)) {
            s390_program_interrupt(env, PGM_ADDRESSING, ra);
            return;
        }
    }
    rc = zvm_appldata_call(a, p.function, product, addr, len, data);
    trace_zvm_diag_dc(p.function, product[9], addr, len, rc);
    env->regs[ry] = rc;
    setcc(cpu, rc ? 1 : 0);
}

static void zvm_appldata_diag_register(void)
{
    zvm_register_diag(0x0dc, zvm_diag_dc);
}

type_init(zvm_appldata_diag_register)
