/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: DIAGNOSE X'10' (release pages), with which Linux's
 * collaborative memory management (arch/s390/mm/cmm.c) gives pages of
 * its storage back to CP.
 *
 * Rx holds the real address of the first page, Ry the real address of
 * the last one. Either not on a page boundary, the first beyond the
 * last, or a range that starts in the first two pages (the lowcore) is
 * a specification exception; a range that ends beyond the guest's
 * storage an addressing exception. The pages of the range that are the
 * guest's own storage (boot storage and assigned standby storage: the
 * RAM that migrates with the guest) are discarded on the host: they read
 * as zero when next touched, and the host memory behind them is free.
 * Real addresses are prefixed page by page, so the lowcore pages of the
 * CPU that issues it are released at their absolute address. Pages of a
 * loaded saved segment are shared with other guests and stay.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "s390x-internal.h"
#include "exec/target_page.h"
#include "zvm/hw/s390x/zvm-compat.h"
#include "zvm/hw/s390x/trace.h"
#include "zvm-cpu.h"

#define DIAG10_LOWCORE_END  (2 * TARGET_PAGE_SIZE)

/*
 * Release what is the guest's own storage of the first memory region in
 * absolute [@abs, @abs + @len). Returns how far the range is done with:
 * to the end of that region, or all of it where no region is (a hole is
 * skipped at once, not page by page). Adds the bytes released to
 * @released.
 */
static uint64_t release(hwaddr abs, uint64_t len, uint64_t *released)
{
    MemoryRegionSection sec = memory_region_find(get_system_memory(), abs,
                                                 len);
    RAMBlock *rb;
    uint64_t n, done;

    if (!sec.mr) {
        return len;
    }
    rb = sec.mr->ram_block;
    n = int128_get64(sec.size);
    done = sec.offset_within_address_space + n - abs;
    if (rb && memory_region_is_ram(sec.mr) && !memory_region_is_rom(sec.mr) &&
        qemu_ram_is_migratable(rb)) {
        const ram_addr_t off = sec.offset_within_region;

        if (ram_block_discard_is_disabled() ||
            ram_block_discard_range(rb, off, n)) {
            memset(memory_region_get_ram_ptr(sec.mr) + off, 0, n);
        }
        /* an incoming migration must not keep the old contents */
        memory_region_set_dirty(sec.mr, off, n);
        *released += n;
    }
    memory_region_unref(sec.mr);
    return QEMU_ALIGN_UP(MAX(done, 1), TARGET_PAGE_SIZE);
}

static void zvm_diag_10(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    const uint64_t first = env->regs[rx], last = env->regs[ry];
    uint64_t released = 0;

    if ((first | last) & ~TARGET_PAGE_MASK || first > last ||
        first < DIAG10_LOWCORE_END) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    if (!mmu_absolute_addr_valid(last, false)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return;
    }
    for (uint64_t raddr = first; raddr <= last; ) {
        const hwaddr abs = mmu_real2abs(env, raddr);
        uint64_t len = TARGET_PAGE_SIZE;

        if (abs == raddr) {
            /* the pages up to those that prefixing moves */
            len = last - raddr + TARGET_PAGE_SIZE;
            if (env->psa > raddr && env->psa < raddr + len) {
                len = env->psa - raddr;
            }
        }
        raddr += release(abs, len, &released);
    }
    trace_zvm_diag_10(first, last, released);
}

static void zvm_cmm_register(void)
{
    zvm_register_diag(0x010, zvm_diag_10);
}

type_init(zvm_cmm_register)
