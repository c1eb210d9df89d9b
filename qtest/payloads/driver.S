/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bare-metal driver payload: runs one privileged operation at a time
 * on request of the qtest, through the mailbox at PAYLOAD_RESULTS
 * (layout in zvm-payload.h). The qtest fills in the operation and
 * registers 0-13, bumps MB_REQ and waits for MB_ACK; the payload stores
 * registers 0-13 after the operation, the condition code and the program
 * interruption code (PAYLOAD_NO_PGM if none).
 *
 * DIAGNOSE runs through EXECUTE so that the qtest chooses its register
 * fields (r14: the DIAGNOSE template, r15: the r1/r3 byte). Mailbox
 * fields are addressed with 20-bit displacements and no base register,
 * since the operation may load any value into registers 0-13.
 */
#include "zvm-payload.h"

#define MB(off)  (PAYLOAD_RESULTS + (off))
#define PROBLEM_PSW 0xe00                   /* unused lowcore */
#define CR0_SAVED   0xe10                   /* CR0 as at start */
#define CR0_LAP     0x10000000              /* low-address protection */

        .text
        .globl  _start
_start:
        stctg   %c0, %c0, CR0_SAVED
        larl    %r1, pgm_new_psw
        mvc     0x1d0(16, %r0), 0(%r1)      /* program new PSW */
        larl    %r1, done
        lg      %r1, 0(%r1)
        stg     %r1, MB(MB_READY)

loop:
        lg      %r1, MB(MB_REQ)
        cg      %r1, MB(MB_ACK)
        je      loop
        llill   %r1, PAYLOAD_NO_PGM
        stg     %r1, MB(MB_PGM)
        lghi    %r1, -1
        stg     %r1, MB(MB_CC)
        lg      %r15, MB(MB_RXRY)
        lg      %r0, MB(MB_CODE)
        larl    %r14, diag_08
        cghi    %r0, 0x08
        je      1f
        larl    %r14, diag_64
1:      lg      %r0, MB(MB_OP)
        cghi    %r0, OP_DIAG
        je      op_diag
        cghi    %r0, OP_STORE
        je      op_store
        cghi    %r0, OP_LOAD
        je      op_load
        cghi    %r0, OP_DIAG_PROBLEM
        je      op_diag_problem
        cghi    %r0, OP_TOUCH
        je      op_touch
        cghi    %r0, OP_SERVC
        je      op_servc
        cghi    %r0, OP_SERVC_PROBLEM
        je      op_servc_problem
        cghi    %r0, OP_TPROT
        je      op_tprot
        cghi    %r0, OP_STSI_LAP
        je      op_stsi_lap
        cghi    %r0, OP_DIAG64_LOOP
        je      op_diag64_loop
        cghi    %r0, OP_SSKE
        je      op_sske
        cghi    %r0, OP_ISKE
        je      op_iske
        j       finish

op_diag:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        ex      %r15, 0(%r14)
        j       store_results

op_store:                                   /* 8 bytes of r3 at r2 */
        lmg     %r0, %r13, MB(MB_REGS_IN)
        stg     %r3, 0(%r2)
        j       store_results

op_load:                                    /* r3 = 8 bytes at r2 */
        lmg     %r0, %r13, MB(MB_REGS_IN)
        lg      %r3, 0(%r2)
        j       store_results

op_touch:                                   /* read a byte of r3 pages at r2 */
        lmg     %r0, %r13, MB(MB_REGS_IN)
3:      cli     0(%r2), 0
        la      %r2, 4095(%r2)
        la      %r2, 1(%r2)
        brctg   %r3, 3b
        j       store_results

op_servc:                                   /* SERVC is RRE: no EXECUTE */
        lmg     %r0, %r13, MB(MB_REGS_IN)
        .insn   rre, 0xb2200000, %r2, %r3   /* SERVC */
        j       store_results

op_tprot:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        tprot   0(%r2), 0
        j       store_results

op_diag64_loop:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        lgr     %r6, %r2
5:      lgr     %r2, %r6
        lghi    %r4, 0x00                   /* LOADSHR */
        diag    %r2, %r4, 0x64
        jnz     6f
        lgr     %r2, %r6
        lghi    %r4, 0x08                   /* PURGESEG */
        diag    %r2, %r4, 0x64
        brctg   %r3, 5b
6:      j       store_results

op_sske:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        sske    %r3, %r2
        j       store_results

op_iske:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        iske    %r3, %r2
        j       store_results

op_stsi_lap:                                /* CR0 comes back in finish */
        lg      %r1, CR0_SAVED
        oilh    %r1, CR0_LAP >> 16
        stg     %r1, CR0_SAVED + 8
        lctlg   %c0, %c0, CR0_SAVED + 8
        lmg     %r0, %r13, MB(MB_REGS_IN)
        stsi    0(%r2)
        j       store_results

op_servc_problem:
        larl    %r1, problem_psw
        mvc     PROBLEM_PSW(8, %r0), 0(%r1)
        larl    %r2, 4f
        stg     %r2, PROBLEM_PSW + 8
        lmg     %r0, %r13, MB(MB_REGS_IN)
        lpswe   PROBLEM_PSW
4:      .insn   rre, 0xb2200000, %r2, %r3
        .long   0                           /* not reached */

op_diag_problem:                            /* DIAGNOSE in problem state */
        larl    %r1, problem_psw
        mvc     PROBLEM_PSW(8, %r0), 0(%r1)
        larl    %r2, 2f
        stg     %r2, PROBLEM_PSW + 8
        lmg     %r0, %r13, MB(MB_REGS_IN)
        lpswe   PROBLEM_PSW                 /* no base: r0-r13 are the test's */
2:      ex      %r15, 0(%r14)
        .long   0                           /* not reached: operation exc. */

store_results:
        ipm     %r15
        stmg    %r0, %r13, MB(MB_REGS_OUT)
        llgfr   %r15, %r15
        srl     %r15, 28
        nill    %r15, 3
        stg     %r15, MB(MB_CC)
finish:
        lctlg   %c0, %c0, CR0_SAVED
        lg      %r1, MB(MB_REQ)
        stg     %r1, MB(MB_ACK)
        j       loop

pgm_handler:
        stmg    %r0, %r13, MB(MB_REGS_OUT)
        llgh    %r0, 0x8e                   /* program interruption code */
        stg     %r0, MB(MB_PGM)
        j       finish

diag_08:
        diag    %r0, %r0, 0x08
diag_64:
        diag    %r0, %r0, 0x64

        .align  8
done:
        .quad   PAYLOAD_DONE
pgm_new_psw:
        .quad   0x0000000180000000, pgm_handler
problem_psw:
        .quad   0x0001000180000000, 0
