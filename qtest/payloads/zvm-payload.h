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

#endif
