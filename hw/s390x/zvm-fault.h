/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: faults injected over QMP (zvm-inject-fault), answered by
 * DIAGNOSE X'64' and the SCLP storage commands instead of the models.
 */
#ifndef HW_S390X_ZVM_FAULT_H
#define HW_S390X_ZVM_FAULT_H

/*
 * Does an injected fault answer DIAGNOSE X'64' @subcode for segment
 * @name? Then it counts the request and gives its @cc and @rc.
 */
bool zvm_fault_diag64(uint32_t subcode, const char *name, int *cc,
                      uint64_t *rc);

/*
 * Does one answer SCLP command @code (for ASSIGN/UNASSIGN STORAGE of
 * increment @rn, 0 otherwise)? Then it gives the @response code.
 */
bool zvm_fault_sclp(uint32_t code, uint32_t rn, uint16_t *response);

#endif
