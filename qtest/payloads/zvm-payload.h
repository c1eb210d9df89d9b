/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared layout of qemu-zvm's bare-metal test payloads: the payload
 * records one 8-byte result per check at PAYLOAD_RESULTS + 8 * n and
 * writes PAYLOAD_DONE to PAYLOAD_RESULTS when it has finished; the qtest
 * reads them with qtest_readq().
 */
#ifndef ZVM_PAYLOAD_H
#define ZVM_PAYLOAD_H

#define PAYLOAD_RESULTS   0x7000
#define PAYLOAD_DONE      0x600dc0de600dc0deULL
#define PAYLOAD_NO_PGM    0xffff

/* result slots of diag.S */
#define DIAG_SLOT_PGM_64     1   /* program interruption code, DIAG X'64' */
#define DIAG_SLOT_PGM_08     2   /* program interruption code, DIAG X'08' */
#define DIAG_SLOT_PGM_44     3   /* program interruption code, DIAG X'44' */
#define DIAG_SLOT_CC_44      4   /* condition code after DIAG X'44' */
#define DIAG_SLOT_PGM_FFF    5   /* program interruption code, DIAG X'FFF' */

/*
 * Mailbox of driver.S at PAYLOAD_RESULTS: offsets of 8-byte fields.
 * MB_READY holds PAYLOAD_DONE once the payload waits for requests.
 */
#define MB_READY        0x000
#define MB_REQ          0x008   /* qtest: request number */
#define MB_ACK          0x010   /* payload: last request done */
#define MB_OP           0x018   /* OP_* */
#define MB_CODE         0x020   /* DIAGNOSE code (0 to 0xfff) */
#define MB_RXRY         0x028   /* register fields of DIAGNOSE: r1 << 4 | r3 */
#define MB_CC           0x030   /* condition code, -1 if not reached */
#define MB_PGM          0x038   /* program interruption code */
#define MB_REGS_IN      0x040   /* registers 0-13 before */
#define MB_REGS_OUT     0x0b0   /* registers 0-13 after */
#define MB_RESUME       0x120   /* OP_BATCH: where a program check goes on */
#define MB_BATCH_PTR    0x128   /* OP_BATCH: the current entry */
#define MB_BATCH_LEFT   0x130   /* OP_BATCH: entries left */
#define MB_BATCH_PROB   0x138   /* OP_BATCH: the current entry's BE_FLAGS */
#define MB_END          0x140

#define OP_DIAG         1       /* DIAGNOSE MB_CODE with MB_RXRY */
#define OP_STORE        2       /* store r3 (8 bytes) at r2 */
#define OP_LOAD         3       /* load r3 (8 bytes) from r2 */
#define OP_DIAG_PROBLEM 4       /* OP_DIAG in problem state */
#define OP_TOUCH        5       /* read one byte of each of r3 pages at r2 */
#define OP_SERVC        6       /* SERVICE CALL: command r2, SCCB at r3 */
#define OP_SERVC_PROBLEM 7      /* OP_SERVC in problem state */
#define OP_TPROT        8       /* TEST PROTECTION of r2, key 0 */
#define OP_STSI_LAP     9       /* STSI r0/r1 at r2 with low-address prot. */
/*
 * r3 times DIAGNOSE X'64' LOADSHR then PURGESEG of the name at r2; stops
 * at a load with cc != 0: r3 = the loads left, r4 = its return code
 */
#define OP_DIAG64_LOOP  10
#define OP_SSKE         11      /* SET STORAGE KEY EXTENDED r3 for page r2 */
#define OP_ISKE         12      /* r3 = INSERT STORAGE KEY EXTENDED of r2 */
/*
 * Run the r3 entries of BATCH_ENTRY bytes at r2 one after another at full
 * speed (the fuzzer's requests): each names an operation and registers
 * 0-5 (others are 0, r14/r15 are the DIAGNOSE template and fields), the
 * payload stores the condition code (-1 after a program check), the
 * program interruption code and registers 0-5 after it into the entry.
 * BE_FLAGS_PROBLEM runs the operation in problem state; one that ends
 * without a program check then gets an SVC back to supervisor state.
 */
#define OP_BATCH        13
#define OP_IUCV         14      /* IUCV (B2F0): function r0, parameters r1 */
/*
 * r3 rounds of: LOADSHRX the shared segment named at r2, LOADSHRX the
 * exclusive one named at r2 + 8; when that is loaded, store r6 at r7 in
 * it, read it back 64 times (another holder would change it) and purge
 * it; then purge the shared one. Stops at the first unexpected answer:
 * r3 = rounds left, r4 = return code, r8 = 1 shared load failed, 2
 * exclusive load gave other than cc 0 or rc 251, 3 the marker changed;
 * r9 = exclusive loads that succeeded, r10 = those refused with rc 251.
 */
#define OP_EXCL_LOOP    15
/*
 * PERFORM FRAME MANAGEMENT FUNCTION with the controls in r1 and the
 * frame address in r2: as it is, with low-address protection on, in
 * problem state, in the 31-bit addressing mode, and with the prefix
 * set to r4 (the 8 KiB at 0 copied there first; prefix 0 again after)
 */
#define OP_PFMF         16
#define OP_PFMF_LAP     17
#define OP_PFMF_PROBLEM 18
#define OP_PFMF_31      19
#define OP_PFMF_PREFIX  20

#define BATCH_ENTRY     160
#define BE_OP           0       /* OP_DIAG, OP_STORE, OP_LOAD, OP_SERVC, */
                                /* OP_TPROT, OP_IUCV */
#define BE_CODE         8       /* DIAGNOSE code */
#define BE_RXRY         16      /* DIAGNOSE register fields */
#define BE_REGS_IN      24      /* registers 0-5 before */
#define BE_FLAGS        72
#define BE_FLAGS_PROBLEM 1
#define BE_CC           80      /* condition code, -1: program check */
#define BE_PGM          88      /* program interruption code or NO_PGM */
#define BE_REGS_OUT     96      /* registers 0-5 after; SERVC with cc 0: */
                                /* r4/r5 = the SCCB's halfwords at 6/8 */

#endif
