/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: drive the bare-metal driver payload (payloads/driver.S) from
 * a qtest - one privileged operation at a time, with the registers,
 * condition code and program interruption code it ends with.
 */
#ifndef ZVM_BARE_H
#define ZVM_BARE_H

#include "libqtest.h"
#include "payloads/zvm-payload.h"

#define PGM_NONE            PAYLOAD_NO_PGM
#define PGM_OPERATION       0x0001
#define PGM_PRIVILEGED      0x0002
#define PGM_PROTECTION      0x0004
#define PGM_ADDRESSING      0x0005
#define PGM_SPECIFICATION   0x0006

typedef struct ZvmBare {
    QTestState *qts;
    uint64_t req;
    uint64_t regs[14];      /* registers 0-13 after the operation */
    int cc;                 /* -1: the operation did not complete */
    uint16_t pgm;           /* PGM_NONE or the interruption code */
} ZvmBare;

/* the path of bare-metal payload @name ("driver", "diag"), to g_free() */
char *zvm_payload(const char *name);

/* Start QEMU (zvm=on, TCG, 128 MiB) with the driver and @extra args */
ZvmBare *zvm_bare_start(const char *extra);
/* Same with @mem_mib MiB of boot storage */
ZvmBare *zvm_bare_start_m(const char *extra, int mem_mib);
void zvm_bare_quit(ZvmBare *b);

/*
 * Run @op; for DIAGNOSE @code with register fields @r1 and @r3 (0-13).
 * @regs: registers 0-13 before, NULL for zeros.
 */
void zvm_bare_op(ZvmBare *b, int op, int code, int r1, int r3,
                 const uint64_t *regs);

/*
 * The same in two steps: start @op, then wait for its end (at most
 * @timeout_s seconds), so that several QEMUs run their payloads at once
 */
void zvm_bare_op_start(ZvmBare *b, int op, int code, int r1, int r3,
                       const uint64_t *regs);
void zvm_bare_op_wait(ZvmBare *b, int timeout_s);

/* DIAGNOSE @code with rx = @r1 holding @rx and ry = @r3 holding @ry */
void zvm_bare_diag(ZvmBare *b, int code, uint64_t rx, uint64_t ry);

/* SET STORAGE KEY EXTENDED / INSERT STORAGE KEY EXTENDED of @addr */
void zvm_bare_sske(ZvmBare *b, uint64_t addr, uint8_t key);
uint8_t zvm_bare_iske(ZvmBare *b, uint64_t addr);

/* Load and store 8 bytes at guest absolute @addr; see b->pgm */
uint64_t zvm_bare_load(ZvmBare *b, uint64_t addr);
void zvm_bare_store(ZvmBare *b, uint64_t addr, uint64_t val);

/* Write @s to guest memory at @addr in EBCDIC 037, blank padded to @len */
void zvm_bare_put_ebcdic(ZvmBare *b, uint64_t addr, const char *s,
                         size_t len);

/*
 * Stop the guest, migrate it to @uri, wait until that completed and quit;
 * returns the request count the destination's payload goes on from
 */
uint64_t zvm_bare_migrate_and_quit(ZvmBare *b, const char *uri);

/* Poll query-migrate until its status is @want (60 s at most) */
void zvm_bare_wait_migration(QTestState *qts, const char *want);

/*
 * A QEMU with the driver payload (machine options @opts, @mem_mib MiB)
 * waiting for an incoming migration from @uri
 */
QTestState *zvm_bare_start_incoming(const char *opts, int mem_mib,
                                    const char *uri);

#endif
