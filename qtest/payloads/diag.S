/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Bare-metal DIAGNOSE payload for zvm-diag-test: runs DIAGNOSE codes
 * and records the program interruption code (PAYLOAD_NO_PGM if none)
 * and condition codes in result slots (see zvm-payload.h).
 */
#include "zvm-payload.h"

#define SLOT(n)  (PAYLOAD_RESULTS + 8 * (n))

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
        larl    %r1, pgm_new_psw
        mvc     0x1d0(16, %r0), 0(%r1)      /* program new PSW */

        /* an RS-format DIAGNOSE; r12: slot of its program code */
        .macro  run_diag slot, code
        lghi    %r12, SLOT(\slot)
        llill   %r0, PAYLOAD_NO_PGM
        stg     %r0, 0(%r12)
        larl    %r1, 1f
        larl    %r2, resume_psw
        stg     %r1, 8(%r2)
        diag    %r2, %r4, \code
1:
        .endm

        run_diag DIAG_SLOT_PGM_64, 0x64     /* not registered */
        run_diag DIAG_SLOT_PGM_08, 0x08     /* not registered */
        run_diag DIAG_SLOT_PGM_FFF, 0xfff   /* never a DIAG code */

        /* DIAG X'44' (yield) must leave the condition code alone */
        lghi    %r3, 1
        cghi    %r3, 0                      /* cc 2 */
        run_diag DIAG_SLOT_PGM_44, 0x44
        ipm     %r3
        srl     %r3, 28
        nill    %r3, 3
        stg     %r3, SLOT(DIAG_SLOT_CC_44)

        larl    %r1, done
        lghi    %r2, SLOT(0)
        mvc     0(8, %r2), 0(%r1)
        larl    %r1, wait_psw
        lpswe   0(%r1)

pgm_handler:
        llgh    %r0, 0x8e                   /* program interruption code */
        stg     %r0, 0(%r12)
        larl    %r1, resume_psw
        lpswe   0(%r1)

        .align  8
done:
        .quad   PAYLOAD_DONE
pgm_new_psw:
        .quad   0x0000000180000000, pgm_handler
resume_psw:
        .quad   0x0000000180000000, 0
wait_psw:
        .quad   0x0002000180000000, 0xfff
