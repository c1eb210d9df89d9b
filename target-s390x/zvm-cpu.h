/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: helpers shared by the CPU-side handlers.
 */
#ifndef TARGET_S390X_ZVM_CPU_H
#define TARGET_S390X_ZVM_CPU_H

/*
 * Copy to or from guest real storage, page by page: prefixing applies
 * to each page. Returns false if any byte is not addressable.
 */
bool zvm_real_rw(S390CPU *cpu, uint64_t raddr, void *buf, uint64_t len,
                 bool is_write);

/* DIAGNOSE X'64' (dcss-diag.c), dispatched by zvm-cpu.c */
void zvm_diag_64(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra);

#endif
