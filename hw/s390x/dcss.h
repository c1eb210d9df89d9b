/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: z/VM discontiguous saved segments (DCSS).
 *
 * Segments live in a store directory shared by QEMU processes, like
 * z/VM's system data files: NAME.defseg holds the DEFSEG operands
 * (page ranges and types), NAME.img the contents, mapped into every
 * guest that loads the segment at its fixed guest absolute address.
 * See docs/dcss.rst.
 */
#ifndef HW_S390X_DCSS_H
#define HW_S390X_DCSS_H

#include "hw/qdev-core.h"
#include "dcss-def.h"
#include "zvm.h"

#define ZVM_DCSS_STORE_PROP    "zvm-dcss-store"
#define ZVM_DCSS_OVERLAP_PROP  "zvm-dcss-overlap"

/*
 * DIAGNOSE X'64' return codes in Ry with cc 2. 44 and 177 are z/VM's
 * (VM/SP System Programmer's Guide, DIAGNOSE X'64'); the others are
 * this model's for conditions the z/VM documentation available to us
 * does not number. Linux reports 44 as -ENOENT and all others as -EIO.
 */
#define ZVM_DCSS_RC_NOT_FOUND     44   /* no such segment */
#define ZVM_DCSS_RC_PAGING_ERROR  177  /* backing file unusable */
#define ZVM_DCSS_RC_IN_USE        251  /* exclusive, held by another guest */
#define ZVM_DCSS_RC_OVERLAP       252  /* overlaps storage or a segment */
#define ZVM_DCSS_RC_ABOVE_2G      253  /* 31-bit subcode, segment >= 2G */

/* Outcome of a DIAGNOSE X'64' function: the condition code, Rx and Ry */
typedef struct ZvmDcssResult {
    int cc;
    uint64_t rx;
    uint64_t ry;
} ZvmDcssResult;

#define TYPE_ZVM_DCSS "zvm-dcss"
OBJECT_DECLARE_SIMPLE_TYPE(ZvmDcss, ZVM_DCSS)

/* The segment model of the machine, or NULL without the personality */
ZvmDcss *zvm_dcss(void);

/* DIAGNOSE X'64' functions, called under the BQL with a checked name */
ZvmDcssResult zvm_dcss_load(ZvmDcss *d, const char *name, bool nonshared);
ZvmDcssResult zvm_dcss_purge(ZvmDcss *d, const char *name);
ZvmDcssResult zvm_dcss_find(ZvmDcss *d, const char *name);
/* Definition of @name for SEGEXT; false with *rc if there is none */
bool zvm_dcss_query(ZvmDcss *d, const char *name, ZvmDcssDef *def, int *rc);

/* CP commands (zvm-cp.c table): args are upper-case operands */
int zvm_dcss_cp_query_nss(ZvmPersonality *zvm, char **args, GString *out);
int zvm_dcss_cp_defseg(ZvmPersonality *zvm, char **args, GString *out);
int zvm_dcss_cp_saveseg(ZvmPersonality *zvm, char **args, GString *out);
int zvm_dcss_cp_purge_nss(ZvmPersonality *zvm, char **args, GString *out);

/*
 * Loaded segment @name (one page range) of @type: its first and last
 * byte; false if the guest has not loaded it shared or it is not @type.
 */
bool zvm_dcss_loaded_range(ZvmDcss *d, const char *name, int type,
                           uint64_t *start, uint64_t *end);

/*
 * CP stores @len bytes at absolute @addr of loaded segment @name (the
 * monitor writes its SC segment): into the segment's file, which every
 * guest holding the segment maps. False if the range is not in it or
 * the store failed.
 */
bool zvm_dcss_cp_write(ZvmDcss *d, const char *name, uint64_t addr,
                       const void *buf, uint64_t len);

/* Is the absolute page @addr in a segment the guest may not store to? */
bool zvm_dcss_store_protected(uint64_t addr);

/* zvm-dcss-overlap: reject, overlay */
extern const QEnumLookup zvm_dcss_overlap_lookup;

/* The end of the addresses segments can have, 0 without a store */
uint64_t zvm_dcss_storage_end(void);

#endif
