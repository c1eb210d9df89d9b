/*
 * PERFORM FRAME MANAGEMENT FUNCTION (enhanced-DAT facility 1, -cpu max):
 * set the storage key of a 4K frame and of a 1M frame (R2 advances to
 * the next frame), leave the frame after it alone, clear a 1M frame.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
    .org 0x1d0                         /* program new PSW */
    .quad 0x2000000000000,0            /* disabled wait: failure */
    .org 0x200                         /* lowcore padding */
    .globl _start
_start:
    /* 4K frame at 0x50000: key 0x30 */
    llilf %r1,0x20030                  /* SK, FSC 4K, key 0x30 */
    llilf %r2,0x50000
    pfmf %r1,%r2
    iske %r3,%r2
    nill %r3,0xf8                      /* access key and fetch bit */
    cghi %r3,0x30
    jne failure

    /* 1M frame at 0x100000: key 0x50, R2 at the next frame */
    llilf %r1,0x21050                  /* SK, FSC 1M, key 0x50 */
    llilf %r2,0x100000
    pfmf %r1,%r2
    clgfi %r2,0x200000
    jne failure
    llilf %r2,0x100000
    iske %r3,%r2
    nill %r3,0xf8
    cghi %r3,0x50
    jne failure
    llilf %r2,0x1ff000                 /* its last 4K block */
    iske %r3,%r2
    nill %r3,0xf8
    cghi %r3,0x50
    jne failure
    llilf %r2,0x200000                 /* the next frame: key 0 */
    iske %r3,%r2
    nill %r3,0xf8
    cghi %r3,0
    jne failure

    /* clear the 1M frame at 0x300000; its last byte reads zero */
    llilf %r2,0x3fffff
    mvi 0(%r2),0xa5
    llilf %r1,0x11000                  /* CF, FSC 1M */
    llilf %r2,0x300000
    pfmf %r1,%r2
    llilf %r2,0x3fffff
    cli 0(%r2),0
    jne failure
    lpswe success_psw
failure:
    lpswe failure_psw
    .align 8
success_psw:
    .quad 0x2000000000000,0xfff        /* see is_special_wait_psw() */
failure_psw:
    .quad 0x2000000000000,0            /* disabled wait */
