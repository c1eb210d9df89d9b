/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: definitions of z/VM saved segments (DCSS) - names, page
 * ranges and their types, as CP's DEFSEG command takes them.
 *
 * Pure logic without guest or device state, shared by the segment store,
 * the CP commands and the unit tests.
 */
#ifndef HW_S390X_DCSS_DEF_H
#define HW_S390X_DCSS_DEF_H

#include "qapi/error.h"
#include "qapi/qapi-types-zvm.h"

#define ZVM_DCSS_NAME_MAX     8
#define ZVM_DCSS_RANGES_MAX   16          /* page ranges per segment */
#define ZVM_DCSS_PAGE_SIZE    UINT64_C(4096)
#define ZVM_DCSS_MEGABYTE     (UINT64_C(1) << 20)
/* DEFSEG accepts page numbers up to X'7FFFFFF': segments end below 512G */
#define ZVM_DCSS_ADDR_LIMIT   (UINT64_C(512) << 30)

/*
 * Page-range types: the QAPI enum ZvmDcssPageType (qapi/zvm.json), whose
 * values are the codes of DIAGNOSE X'64' SEGEXT and Linux's extmem.c:
 * SW 0, EW 1, SR 2, ER 3, SN 4, EN 5, SC 6.
 */
QEMU_BUILD_BUG_ON(ZVM_DCSS_PAGE_TYPE_SW != 0 || ZVM_DCSS_PAGE_TYPE_SC != 6);

typedef struct ZvmDcssRange {
    uint64_t start;     /* first byte, page aligned */
    uint64_t end;       /* last byte */
    ZvmDcssPageType type;
} ZvmDcssRange;

typedef struct ZvmDcssDef {
    char name[ZVM_DCSS_NAME_MAX + 1];   /* upper case, no blanks */
    unsigned int nranges;
    ZvmDcssRange range[ZVM_DCSS_RANGES_MAX]; /* ascending addresses */
} ZvmDcssDef;

const char *zvm_dcss_type_name(ZvmDcssPageType type);

/* Exclusive types (E*): one holder at a time */
static inline bool zvm_dcss_type_exclusive(ZvmDcssPageType type)
{
    return type == ZVM_DCSS_PAGE_TYPE_EW || type == ZVM_DCSS_PAGE_TYPE_ER ||
           type == ZVM_DCSS_PAGE_TYPE_EN;
}

/* Read-only to a guest that loaded the segment shared */
static inline bool zvm_dcss_type_readonly(ZvmDcssPageType type)
{
    return type == ZVM_DCSS_PAGE_TYPE_SR || type == ZVM_DCSS_PAGE_TYPE_ER ||
           type == ZVM_DCSS_PAGE_TYPE_SC;
}

/* "No data saved": the pages read as zeros when first loaded */
static inline bool zvm_dcss_type_nodata(ZvmDcssPageType type)
{
    return type == ZVM_DCSS_PAGE_TYPE_SN || type == ZVM_DCSS_PAGE_TYPE_EN;
}

/* SAVESEG saves the guest's pages (SC pages are written by CP only) */
static inline bool zvm_dcss_type_saved(ZvmDcssPageType type)
{
    return type <= ZVM_DCSS_PAGE_TYPE_ER;
}

/* Is @name a valid segment name: 1-8 of A-Z 0-9 @ # $ _ - ? */
bool zvm_dcss_name_valid(const char *name);

/*
 * Parse DEFSEG operands "<pages> <type> [<pages> <type> ...]" where
 * <pages> is "first-last" or "first.count" in hexadecimal page numbers,
 * e.g. "20000-200FF SR". Case-insensitive. Checks everything CP checks
 * for a DCSS: 1 MiB boundaries, ascending non-overlapping ranges, the
 * 512 GiB limit, one sharing class per megabyte.
 */
bool zvm_dcss_parse_ranges(ZvmDcssDef *def, const char *name,
                           const char *operands, Error **errp);

/* The DEFSEG operands of @def, as zvm_dcss_parse_ranges() reads them */
char *zvm_dcss_format_ranges(const ZvmDcssDef *def);

static inline uint64_t zvm_dcss_start(const ZvmDcssDef *def)
{
    return def->range[0].start;
}

static inline uint64_t zvm_dcss_end(const ZvmDcssDef *def)
{
    return def->range[def->nranges - 1].end;
}

/* Do the closed intervals [s1, e1] and [s2, e2] share a byte? */
static inline bool zvm_dcss_overlap(uint64_t s1, uint64_t e1,
                                    uint64_t s2, uint64_t e2)
{
    return s1 <= e2 && s2 <= e1;
}

#endif
