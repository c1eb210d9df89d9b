/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: s390x standby storage - SCLP storage increments the guest
 * assigns and unassigns (Linux: memory hotplug through sclp_cmd.c or
 * sclp_mem.c). See docs/standby.rst.
 */
#ifndef HW_S390X_STANDBY_H
#define HW_S390X_STANDBY_H

#include "hw/qdev-core.h"
#include "hw/s390x/sclp.h"
#include "zvm-compat.h"

#define S390_STANDBY_MEM_PROP "standby-mem"

/* Storage elements: 0 is boot storage, 1 is standby storage */
#define S390_STANDBY_ELEMENT_BOOT     0
#define S390_STANDBY_ELEMENT_STANDBY  1

/*
 * Linux's memory block size on s390 is max(256 MiB, increment size);
 * standby storage is only usable in whole blocks.
 */
#define S390_STANDBY_MIN_BLOCK        (256 * MiB)

/*
 * SCLP response code of this model for an increment number that is 0,
 * above rnmax, or (UNASSIGN STORAGE) one of boot storage, which this
 * model keeps assigned. The architecture's code for this is not
 * documented where we could read it; 0x09F0 is the SCLP's "resource
 * identifier not recognized".
 */
#define S390_STANDBY_RC_INVALID_INCREMENT  0x09f0
/* READ STORAGE ELEMENT INFO / ATTACH of an element that does not exist */
#define S390_STANDBY_RC_NO_ELEMENT         0x0310

#define TYPE_S390_STANDBY "s390-standby-storage"
OBJECT_DECLARE_SIMPLE_TYPE(S390Standby, S390_STANDBY)

struct S390Standby {
    DeviceState parent_obj;

    /* Property (machine option standby-mem): bytes of standby storage */
    uint64_t size;

    /* Layout, fixed when the machine's memory is set up */
    /* guest absolute address of the first standby byte (= boot size) */
    uint64_t base;
    /* storage increment size (rzm), a power of two */
    uint64_t increment;
    /* increments of boot storage: increment numbers 1..boot_incs */
    uint32_t boot_incs;
    /* increments of standby storage, numbered after boot storage */
    int32_t nr_incs;

    /* Runtime state */
    /* assigned standby increments: the single source of truth */
    unsigned long *assigned;
    /* whether the guest attached the standby storage element */
    bool attached;
    /* all of standby storage; host memory only where it was touched */
    MemoryRegion backend;
    /* at @base in system memory, holding the aliases */
    MemoryRegion container;
    /* one alias of @backend per increment, enabled while assigned */
    MemoryRegion *aliases;
};

/* The standby storage of the machine, NULL if it has none */
S390Standby *s390_standby(void);

/* Does [@start, @end] overlap standby storage (assigned or not)? */
bool s390_standby_overlaps(uint64_t start, uint64_t end);

/*
 * Can @size bytes of standby storage lie above @boot bytes of boot
 * storage? Otherwise @errp says why.
 */
bool s390_standby_layout_valid(uint64_t boot, uint64_t size, Error **errp);

/* The storage-increment SCLP commands (S390CcwMachineExtension) */
bool s390_standby_sclp_handles(uint32_t code);
void s390_standby_sclp_execute(SCLPDevice *sclp, SCCB *sccb, uint32_t code);
void s390_standby_read_scp_info(SCLPDevice *sclp, ReadInfo *read_info);

#endif
