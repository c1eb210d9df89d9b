/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: what the parts of the DCSS model share (dcss.c: store, locks,
 * the guest-facing model, QMP, migration, QOM; dcss-cp.c: the CP
 * commands). Not for use outside hw/s390x/dcss*.c.
 */
#ifndef HW_S390X_DCSS_INTERNAL_H
#define HW_S390X_DCSS_INTERNAL_H

#include "qemu/queue.h"
#include "migration/misc.h"
#include "system/runstate.h"
#include "dcss.h"

/* DEFSEG'ed segments not yet saved, per guest (bounds guest-driven memory) */
#define DCSS_SKELETONS_MAX 64

/* A loaded segment as a migration carries it */
typedef struct ZvmDcssMigSeg {
    uint8_t name[ZVM_DCSS_NAME_MAX];    /* blank padded */
    uint8_t nonshared;                  /* LOADNSR */
    uint64_t first, last;               /* as the source defines it */
} ZvmDcssMigSeg;

typedef struct ZvmDcssLoaded {
    ZvmDcssDef def;
    bool nonshared;         /* LOADNSR: private view */
    bool overlay;           /* mapped over guest storage (overlay policy) */
    int fd;                 /* NAME.img; carries the locks */
    Object *map[ZVM_DCSS_RANGES_MAX];
    QTAILQ_ENTRY(ZvmDcssLoaded) next;
} ZvmDcssLoaded;

struct ZvmDcss {
    DeviceState parent_obj;

    /* Properties (machine options zvm-dcss-store, zvm-dcss-overlap) */
    char *store;            /* segment store directory, NULL: none */
    bool overlay;           /* overlap policy: VM/370 overlay, not reject */

    /* Runtime state */
    QTAILQ_HEAD(, ZvmDcssLoaded) loaded;
    GHashTable *skeletons;  /* DEFSEG'ed, not saved: name -> ZvmDcssDef */

    /* Migration: the loaded segments (filled by pre_save, or loaded) */
    int32_t mig_count;
    ZvmDcssMigSeg *mig_segs;
    /* an outgoing migration gave up the exclusive locks (see below) */
    bool excl_released;
    /* an incoming migration waits for exclusive locks the source frees */
    bool excl_wait;
    NotifierWithReturn migration_notifier;
    VMChangeStateEntry *vmstate_change;
};

/* dcss-store.c: the store and its host file locks */

/* The store: STORE/NAME.ext */
char *zvm_dcss_store_path(ZvmDcss *d, const char *name, const char *ext);
/*
 * Read the definition of @name: -ENOENT if the store has none, -EINVAL
 * (with @errp) if it is not valid.
 */
int zvm_dcss_read_def(ZvmDcss *d, const char *name, ZvmDcssDef *def,
                      Error **errp);
/* The names of the segments defined in the store, sorted */
GPtrArray *zvm_dcss_store_names(ZvmDcss *d);
/* Number of guests holding @name, this one included if @self */
int zvm_dcss_count_holders(ZvmDcss *d, const char *name, bool self);
/*
 * Open NAME.img of @def (read/write if it can, *@writable says) and check
 * that it covers the segment. Returns the fd, or -1 with @errp.
 */
int zvm_dcss_open_image(ZvmDcss *d, const ZvmDcssDef *def, bool *writable,
                        Error **errp);
/* Every segment of the store must be usable before the guest starts */
bool zvm_dcss_check_store(ZvmDcss *d, Error **errp);
/*
 * Lock the ranges of @l as its type says and take a holder slot: 0, or
 * the DIAGNOSE X'64' return code (ZVM_DCSS_RC_IN_USE, _PAGING_ERROR).
 * @excl_wait: exclusive ranges are waited for (a migration hands them
 * over).
 */
int zvm_dcss_lock_ranges(ZvmDcssLoaded *l, bool writable, bool excl_wait);
/* A write lock on an exclusive range, waited for 5 s with @wait */
bool zvm_dcss_lock_exclusive(int fd, uint64_t off, uint64_t len, bool wait);

/* dcss.c: the model */

/* The segment @name if this guest has it loaded */
ZvmDcssLoaded *zvm_dcss_find_loaded(ZvmDcss *d, const char *name);

#endif
