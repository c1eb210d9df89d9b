/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bare-metal driver payload: runs one privileged operation at a time
 * on request of the qtest, through the mailbox at PAYLOAD_RESULTS
 * (layout in zvm-payload.h). The qtest fills in the operation and
 * registers 0-13, bumps MB_REQ and waits for MB_ACK; the payload stores
 * registers 0-13 after the operation, the condition code and the program
 * interruption code (PAYLOAD_NO_PGM if none).
 *
 * DIAGNOSE runs through EXECUTE so that the qtest chooses its code and
 * register fields (r14: the DIAGNOSE template, whose displacement the
 * payload sets to the code, r15: the r1/r3 byte). Mailbox
 * fields are addressed with 20-bit displacements and no base register,
 * since the operation may load any value into registers 0-13.
 */
#include "zvm-payload.h"

#define MB(off)  (PAYLOAD_RESULTS + (off))
#define PROBLEM_PSW 0xe00                   /* unused lowcore */
#define CR0_SAVED   0xe10                   /* CR0 as at start */
#define PREFIX_WORD 0xe20                   /* operand of SET PREFIX */
#define CR0_LAP     0x10000000              /* low-address protection */

        .text
        .globl  _start
_start:
        j       0f
        /*
         * QEMU takes an ELF entered at 0x10000 for a Linux kernel and
         * writes into it what Linux reads there: the initrd address and
         * size at 0x10408, the command line at 0x10480 (as long as the
         * size at 0x10430 says, 0x380 bytes when that is 0). No code there.
         */
        .org    _start + 0x800
0:
        stctg   %c0, %c0, CR0_SAVED
        larl    %r1, pgm_new_psw
        mvc     0x1d0(16, %r0), 0(%r1)      /* program new PSW */
        larl    %r1, svc_new_psw
        mvc     0x1c0(16, %r0), 0(%r1)      /* SVC new PSW */
        lghi    %r1, 0
        stg     %r1, MB(MB_RESUME)
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
        larl    %r14, diag_any
        sth     %r0, 2(%r14)                /* B2 = 0, D2 = the code */
        lg      %r0, MB(MB_OP)
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
        cghi    %r0, OP_BATCH
        je      op_batch
        cghi    %r0, OP_EXCL_LOOP
        je      op_excl_loop
        cghi    %r0, OP_PFMF
        je      op_pfmf
        cghi    %r0, OP_PFMF_LAP
        je      op_pfmf_lap
        cghi    %r0, OP_PFMF_PROBLEM
        je      op_pfmf_problem
        cghi    %r0, OP_PFMF_31
        je      op_pfmf_31
        cghi    %r0, OP_PFMF_PREFIX
        je      op_pfmf_prefix
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

op_excl_loop:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        lgr     %r11, %r2                   /* the names */
        lghi    %r8, 0
        lghi    %r9, 0
        lghi    %r10, 0
7:      lgr     %r2, %r11                   /* shared: must load */
        lghi    %r4, 0x20                   /* LOADSHRX */
        diag    %r2, %r4, 0x64
        lghi    %r8, 1
        jnz     9f
        la      %r2, 8(%r11)                /* exclusive: may be held */
        lghi    %r4, 0x20
        diag    %r2, %r4, 0x64
        lghi    %r8, 2
        jz      8f
        cghi    %r4, 251
        jne     9f
        aghi    %r10, 1
        j       10f
8:      aghi    %r9, 1
        stg     %r6, 0(%r7)
        lghi    %r12, 64
11:     cg      %r6, 0(%r7)
        lghi    %r8, 3
        jne     9f
        brctg   %r12, 11b
        la      %r2, 8(%r11)
        lghi    %r4, 0x08                   /* PURGESEG */
        diag    %r2, %r4, 0x64
10:     lgr     %r2, %r11
        lghi    %r4, 0x08
        diag    %r2, %r4, 0x64
        lghi    %r8, 0
        brctg   %r3, 7b
9:      j       store_results

op_sske:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        sske    %r3, %r2
        j       store_results

op_iske:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        iske    %r3, %r2
        j       store_results

op_stsi_lap:                                /* CR0 comes back in finish */
        bras    %r14, set_lap
        lmg     %r0, %r13, MB(MB_REGS_IN)
        stsi    0(%r2)
        j       store_results

set_lap:                                    /* CR0 with low-address prot. */
        lg      %r1, CR0_SAVED
        oilh    %r1, CR0_LAP >> 16
        stg     %r1, CR0_SAVED + 8
        lctlg   %c0, %c0, CR0_SAVED + 8
        br      %r14

#define PFMF_R1_R2  .insn rre, 0xb9af0000, %r1, %r2

op_pfmf:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        PFMF_R1_R2
        j       store_results

op_pfmf_lap:                                /* CR0 comes back in finish */
        bras    %r14, set_lap
        lmg     %r0, %r13, MB(MB_REGS_IN)
        PFMF_R1_R2
        j       store_results

op_pfmf_31:                                 /* the code runs below 2G */
        lmg     %r0, %r13, MB(MB_REGS_IN)
        sam31
        PFMF_R1_R2
        sam64
        j       store_results

op_pfmf_prefix:
        lg      %r6, MB(MB_REGS_IN + 4 * 8) /* the new prefix area */
        lghi    %r7, 8192
        lghi    %r8, 0
        lghi    %r9, 8192
        mvcl    %r6, %r8                    /* lowcore and new PSWs */
        lg      %r6, MB(MB_REGS_IN + 4 * 8)
        st      %r6, PREFIX_WORD
        spx     PREFIX_WORD
        lmg     %r0, %r13, MB(MB_REGS_IN)
        PFMF_R1_R2
        stmg    %r0, %r13, MB(MB_REGS_OUT)
        lghi    %r0, 0
        st      %r0, PREFIX_WORD
        spx     PREFIX_WORD
        lmg     %r0, %r13, MB(MB_REGS_OUT)
        j       store_results

/* in problem state, with the test's registers 0-13, on at r2 */
enter_problem:
        larl    %r1, problem_psw
        mvc     PROBLEM_PSW(8, %r0), 0(%r1)
        stg     %r2, PROBLEM_PSW + 8
        lmg     %r0, %r13, MB(MB_REGS_IN)
        lpswe   PROBLEM_PSW                 /* no base: r0-r13 are the test's */

op_pfmf_problem:
        larl    %r2, 12f
        j       enter_problem
12:     PFMF_R1_R2
        .long   0                           /* not reached */

op_servc_problem:
        larl    %r2, 4f
        j       enter_problem
4:      .insn   rre, 0xb2200000, %r2, %r3
        .long   0                           /* not reached */

op_diag_problem:                            /* DIAGNOSE in problem state */
        larl    %r2, 2f
        j       enter_problem
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
        lg      %r1, MB(MB_RESUME)          /* in a batch: on with the next */
        ltgr    %r1, %r1
        jz      finish
        br      %r1

/*
 * OP_BATCH: r12 = the current entry, r13 = the operation's code below,
 * r14/r15 = the DIAGNOSE template and register fields (for EXECUTE)
 */
op_batch:
        lmg     %r0, %r13, MB(MB_REGS_IN)
        stg     %r2, MB(MB_BATCH_PTR)
        stg     %r3, MB(MB_BATCH_LEFT)
        larl    %r1, batch_pgm
        stg     %r1, MB(MB_RESUME)
batch_next:
        lg      %r12, MB(MB_BATCH_LEFT)
        ltgr    %r12, %r12
        jz      batch_done
        lg      %r12, MB(MB_BATCH_PTR)
        lg      %r0, BE_FLAGS(%r12)
        stg     %r0, MB(MB_BATCH_PROB)
        lg      %r15, BE_RXRY(%r12)
        larl    %r14, diag_any
        lg      %r0, BE_CODE(%r12)
        sth     %r0, 2(%r14)                /* B2 = 0, D2 = the code */
        lg      %r0, BE_OP(%r12)
        larl    %r13, b_diag
        cghi    %r0, OP_DIAG
        je      2f
        larl    %r13, b_store
        cghi    %r0, OP_STORE
        je      2f
        larl    %r13, b_load
        cghi    %r0, OP_LOAD
        je      2f
        larl    %r13, b_servc
        cghi    %r0, OP_SERVC
        je      2f
        larl    %r13, b_tprot
        cghi    %r0, OP_TPROT
        je      2f
        larl    %r13, b_iucv
        cghi    %r0, OP_IUCV
        je      2f
        larl    %r13, b_unknown
2:      tm      BE_FLAGS + 7(%r12), BE_FLAGS_PROBLEM
        jz      3f
        larl    %r1, problem_psw
        mvc     PROBLEM_PSW(8, %r0), 0(%r1)
        stg     %r13, PROBLEM_PSW + 8
        lmg     %r0, %r5, BE_REGS_IN(%r12)
        lpswe   PROBLEM_PSW
3:      lmg     %r0, %r5, BE_REGS_IN(%r12)
        br      %r13

b_diag: ex      %r15, 0(%r14)
        ipm     %r14
        j       b_tail
b_store:
        stg     %r3, 0(%r2)
        ipm     %r14
        j       b_tail
b_load: lg      %r3, 0(%r2)
        ipm     %r14
        j       b_tail
b_servc:
        .insn   rre, 0xb2200000, %r2, %r3   /* SERVC */
        ipm     %r14
        jnz     b_tail
        llgh    %r4, 6(%r3)                 /* response code */
        llgh    %r5, 8(%r3)                 /* increment number */
        j       b_tail
b_tprot:
        tprot   0(%r2), 0
        ipm     %r14
        j       b_tail
b_iucv: .long   0xb2f00000                  /* IUCV */
        ipm     %r14
        j       b_tail
b_unknown:
        ipm     %r14
b_tail: cliy    MB(MB_BATCH_PROB) + 7, 0
        je      batch_result
        svc     0                           /* back to supervisor state */
svc_handler:
batch_result:                               /* r14: the IPM result */
        lg      %r12, MB(MB_BATCH_PTR)
        llgfr   %r14, %r14
        srlg    %r14, %r14, 28
        nill    %r14, 3
        stg     %r14, BE_CC(%r12)
        llill   %r14, PAYLOAD_NO_PGM
        stg     %r14, BE_PGM(%r12)
        stmg    %r0, %r5, BE_REGS_OUT(%r12)
        j       batch_advance
batch_pgm:
        lg      %r12, MB(MB_BATCH_PTR)
        lghi    %r14, -1
        stg     %r14, BE_CC(%r12)
        lg      %r14, MB(MB_PGM)
        stg     %r14, BE_PGM(%r12)
        lmg     %r0, %r5, MB(MB_REGS_OUT)
        stmg    %r0, %r5, BE_REGS_OUT(%r12)
batch_advance:
        lg      %r12, MB(MB_BATCH_PTR)
        aghi    %r12, BATCH_ENTRY
        stg     %r12, MB(MB_BATCH_PTR)
        lg      %r12, MB(MB_BATCH_LEFT)
        aghi    %r12, -1
        stg     %r12, MB(MB_BATCH_LEFT)
        j       batch_next
batch_done:
        lghi    %r1, 0
        stg     %r1, MB(MB_RESUME)
        llill   %r1, PAYLOAD_NO_PGM
        stg     %r1, MB(MB_PGM)
        j       store_results

diag_any:                                   /* its code is set first */
        diag    %r0, %r0, 0

        .align  8
done:
        .quad   PAYLOAD_DONE
pgm_new_psw:
        .quad   0x0000000180000000, pgm_handler
svc_new_psw:
        .quad   0x0000000180000000, svc_handler
problem_psw:
        .quad   0x0001000180000000, 0
