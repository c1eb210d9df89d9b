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

/*
 * A DIAGNOSE code of the z/VM personality in a file of its own: the file
 * registers its handler from a type_init() function; it is called under
 * the BQL, only while the machine has "zvm=on", and raises its own
 * program interrupts (@ra as for s390_program_interrupt()).
 */
typedef void (*ZvmDiagHandler)(S390CPU *cpu, uint8_t rx, uint8_t ry,
                               uintptr_t ra);
void zvm_register_diag(uint16_t code, ZvmDiagHandler fn);

/* IUCV (zvm-iucv.c): the instruction, the external interruptions */
bool zvm_iucv_insn(S390CPU *cpu, uintptr_t ra);
bool zvm_iucv_ext_int(S390CPU *cpu, LowCore *lowcore);

#endif
