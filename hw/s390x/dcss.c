/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: z/VM discontiguous saved segments (DCSS).
 *
 * The segment store (dcss-store.c) is a directory shared by QEMU
 * processes: NAME.defseg holds the DEFSEG operands, NAME.img the
 * contents from the first byte of the segment on. A load maps each page
 * range of NAME.img at its fixed guest absolute address, in one memory
 * transaction and without touching the contents:
 *
 *   loaded shared     SW EW SN EN: the file, MAP_SHARED, writable
 *                     SR ER SC:    the file, MAP_SHARED, read-only;
 *                                  a store is a protection exception
 *   loaded nonshared  all but SN EN: a private copy-on-write view of the
 *                     file, discarded by the purge; SN EN: zero pages
 *
 * Host file locks (dcss-store.c) give the sharing rules between QEMU
 * processes. This file is the guest-facing model: loads, purges and the
 * overlap policy, the map of read-only ranges for the TCG store check,
 * reset, QMP, migration and the device.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-migration.h"
#include "qapi/qapi-commands-zvm.h"
#include "qapi/qapi-events-zvm.h"
#include "qemu/error-report.h"
#include "qemu/cutils.h"
#include "qemu/rcu.h"
#include "qemu/units.h"
#include "zvm-compat.h"
#include "migration/misc.h"
#include "migration/vmstate.h"
#include "system/reset.h"
#include "hw/boards.h"
#include "hw/qdev-properties.h"
#include "hw/resettable.h"
#include "system/runstate.h"
#include "system/system.h"
#include "system/tcg.h"
#include "dcss.h"
#include "dcss-internal.h"
#include "standby.h"
#include "zvm-machine.h"
#include "trace.h"

/*
 * Bound on the loaded segments an incoming migration may name: loaded
 * segments do not overlap and are whole megabytes below 512 GiB
 */
#define DCSS_MIGRATE_MAX ((512 * GiB) / MiB)

/* One mapped page range; freed when the memory API drops its region */
#define TYPE_ZVM_DCSS_MAPPING "zvm-dcss-mapping"
OBJECT_DECLARE_SIMPLE_TYPE(ZvmDcssMapping, ZVM_DCSS_MAPPING)

struct ZvmDcssMapping {
    Object parent_obj;
    MemoryRegion mr;
};

/* Read-only ranges currently mapped, for the TCG store check (RCU) */
typedef struct ZvmDcssProtMap {
    struct rcu_head rcu;
    unsigned int n;
    struct {
        uint64_t start, end;
    } r[];
} ZvmDcssProtMap;

/*
 * The read-only ranges of the machine's segment model, read by TCG
 * vCPU threads without the BQL (RCU): runtime state, not configuration
 */
static ZvmDcssProtMap *prot_map;

ZvmDcss *zvm_dcss(void)
{
    return ZVM_DCSS(zvm_machine_model(ZVM_DCSS_CHILD));
}

bool zvm_dcss_store_protected(uint64_t addr)
{
    ZvmDcssProtMap *p;

    if (!qatomic_read(&prot_map)) {
        return false;
    }
    RCU_READ_LOCK_GUARD();
    p = qatomic_rcu_read(&prot_map);
    for (unsigned int i = 0; p && i < p->n; i++) {
        if (addr >= p->r[i].start && addr <= p->r[i].end) {
            return true;
        }
    }
    return false;
}

static bool loaded_readonly(const ZvmDcssLoaded *l, unsigned int i)
{
    return !l->nonshared && zvm_dcss_type_readonly(l->def.range[i].type);
}

static void update_prot_map(ZvmDcss *d)
{
    ZvmDcssProtMap *old = prot_map, *p = NULL;
    ZvmDcssLoaded *l;
    unsigned int n = 0;

    QTAILQ_FOREACH(l, &d->loaded, next) {
        for (unsigned int i = 0; i < l->def.nranges; i++) {
            n += loaded_readonly(l, i);
        }
    }
    if (n) {
        p = g_malloc0(sizeof(*p) + n * sizeof(p->r[0]));
        QTAILQ_FOREACH(l, &d->loaded, next) {
            for (unsigned int i = 0; i < l->def.nranges; i++) {
                if (loaded_readonly(l, i)) {
                    p->r[p->n].start = l->def.range[i].start;
                    p->r[p->n++].end = l->def.range[i].end;
                }
            }
        }
    }
    qatomic_rcu_set(&prot_map, p);
    if (old) {
        g_free_rcu(old, rcu);
    }
}

ZvmDcssLoaded *zvm_dcss_find_loaded(ZvmDcss *d, const char *name)
{
    ZvmDcssLoaded *l;

    QTAILQ_FOREACH(l, &d->loaded, next) {
        if (!strcmp(l->def.name, name)) {
            return l;
        }
    }
    return NULL;
}

bool zvm_dcss_loaded_range(ZvmDcss *d, const char *name, int type,
                           uint64_t *start, uint64_t *end)
{
    ZvmDcssLoaded *l = zvm_dcss_find_loaded(d, name);

    if (!l || l->nonshared || l->def.nranges != 1 ||
        l->def.range[0].type != type) {
        return false;
    }
    *start = l->def.range[0].start;
    *end = l->def.range[0].end;
    return true;
}

bool zvm_dcss_cp_write(ZvmDcss *d, const char *name, uint64_t addr,
                       const void *buf, uint64_t len)
{
    ZvmDcssLoaded *l = zvm_dcss_find_loaded(d, name);
    uint64_t start;

    if (!l || l->nonshared) {
        return false;
    }
    start = zvm_dcss_start(&l->def);
    if (addr < start || addr > zvm_dcss_end(&l->def) ||
        len > zvm_dcss_end(&l->def) - addr + 1) {
        return false;
    }
    return pwrite(l->fd, buf, len, addr - start) == len;
}

static Object *map_range(ZvmDcss *d, ZvmDcssLoaded *l, unsigned int i,
                         Error **errp)
{
    const ZvmDcssRange *r = &l->def.range[i];
    const uint64_t size = r->end - r->start + 1;
    g_autofree char *name = g_strdup_printf("%s.%u", l->def.name, i);
    ZvmDcssMapping *m = ZVM_DCSS_MAPPING(object_new(TYPE_ZVM_DCSS_MAPPING));
    bool ok;
    int fd;

    object_property_add_child(OBJECT(d), name, OBJECT(m));
    object_unref(OBJECT(m));
    g_free(name);
    name = g_strdup_printf("zvm-dcss.%s.%u", l->def.name, i);
    if (l->nonshared && zvm_dcss_type_nodata(r->type)) {
        ok = memory_region_init_ram_flags_nomigrate(&m->mr, OBJECT(m), name,
                                                    size, 0, errp);
    } else {
        fd = dup(l->fd);
        ok = fd >= 0 && memory_region_init_ram_from_fd(&m->mr, OBJECT(m),
                name, size,
                (l->nonshared ? 0 : RAM_SHARED) |
                (loaded_readonly(l, i) ? RAM_READONLY : 0),
                fd, r->start - zvm_dcss_start(&l->def), errp);
        if (!ok && fd >= 0) {
            close(fd);
        }
    }
    if (!ok) {
        object_unparent(OBJECT(m));
        return NULL;
    }
    memory_region_add_subregion_overlap(get_system_memory(), r->start,
                                        &m->mr, l->overlay ? 1 : 0);
    return OBJECT(m);
}

static void unload(ZvmDcss *d, ZvmDcssLoaded *l)
{
    memory_region_transaction_begin();
    for (unsigned int i = 0; i < l->def.nranges; i++) {
        if (l->map[i]) {
            memory_region_del_subregion(get_system_memory(),
                                        &ZVM_DCSS_MAPPING(l->map[i])->mr);
            object_unparent(l->map[i]);
        }
    }
    memory_region_transaction_commit();
    /* the regions close their own descriptors once the guest is off them */
    qemu_unlock_fd(l->fd, 0, 0);
    close(l->fd);
    QTAILQ_REMOVE(&d->loaded, l, next);
    update_prot_map(d);
    trace_zvm_dcss_purge(l->def.name);
    qapi_event_send_zvm_dcss_state_change(l->def.name, false,
                                          zvm_dcss_start(&l->def),
                                          zvm_dcss_end(&l->def),
                                          l->nonshared);
    g_free(l);
}

/*
 * Guest storage: boot memory, standby storage (assigned or not: the
 * guest may assign any of it at any time) and the memory-device region
 */
static bool overlaps_storage(const ZvmDcssDef *def)
{
    MachineState *ms = current_machine;

    if (zvm_dcss_start(def) < ms->ram_size) {
        return true;
    }
    if (s390_standby_overlaps(zvm_dcss_start(def), zvm_dcss_end(def))) {
        return true;
    }
    return ms->device_memory && ms->device_memory->base &&
           zvm_dcss_overlap(zvm_dcss_start(def), zvm_dcss_end(def),
                            ms->device_memory->base,
                            ms->device_memory->base +
                            memory_region_size(&ms->device_memory->mr) - 1);
}

static ZvmDcssResult fail(const char *name, int rc)
{
    trace_zvm_dcss_fail(name, rc);
    return (ZvmDcssResult) { .cc = 2, .ry = rc };
}

/*
 * Make room for @def: overlaps with guest storage and with segments
 * this guest has loaded are refused, or under the overlay policy
 * (VM/370 LOADSYS) the overlaid segments are purged and the segment
 * covers the storage. Returns 0, or the return code of a refusal.
 */
static int make_room(ZvmDcss *d, const ZvmDcssDef *def, bool *overlay)
{
    ZvmDcssLoaded *l, *tmp;

    *overlay = overlaps_storage(def);
    QTAILQ_FOREACH(l, &d->loaded, next) {
        if (zvm_dcss_overlap(zvm_dcss_start(def), zvm_dcss_end(def),
                             zvm_dcss_start(&l->def), zvm_dcss_end(&l->def))) {
            *overlay = true;
        }
    }
    if (!*overlay) {
        return 0;
    }
    if (!d->overlay) {
        return ZVM_DCSS_RC_OVERLAP;
    }
    QTAILQ_FOREACH_SAFE(l, &d->loaded, next, tmp) {
        if (zvm_dcss_overlap(zvm_dcss_start(def), zvm_dcss_end(def),
                             zvm_dcss_start(&l->def), zvm_dcss_end(&l->def))) {
            unload(d, l);
        }
    }
    return 0;
}

static int do_load(ZvmDcss *d, const ZvmDcssDef *def, bool nonshared,
                   bool *overlay)
{
    Error *err = NULL;
    ZvmDcssLoaded *l;
    bool writable;
    int rc;

    rc = make_room(d, def, overlay);
    if (rc) {
        return rc;
    }
    l = g_new0(ZvmDcssLoaded, 1);
    l->def = *def;
    l->nonshared = nonshared;
    l->overlay = *overlay;
    l->fd = zvm_dcss_open_image(d, def, &writable, &err);
    if (l->fd < 0) {
        goto paging_error;
    }
    rc = zvm_dcss_lock_ranges(l, writable, d->excl_wait);
    if (rc) {
        qemu_unlock_fd(l->fd, 0, 0);
        close(l->fd);
        g_free(l);
        return rc;
    }
    QTAILQ_INSERT_TAIL(&d->loaded, l, next);
    memory_region_transaction_begin();
    for (unsigned int i = 0; i < def->nranges; i++) {
        l->map[i] = map_range(d, l, i, &err);
        if (!l->map[i]) {
            memory_region_transaction_commit();
            unload(d, l);
            goto paging_error_logged;
        }
    }
    memory_region_transaction_commit();
    update_prot_map(d);
    return 0;

paging_error:
    g_free(l);
paging_error_logged:
    error_report_err(err);
    return ZVM_DCSS_RC_PAGING_ERROR;
}

ZvmDcssResult zvm_dcss_load(ZvmDcss *d, const char *name, bool nonshared)
{
    Error *err = NULL;
    ZvmDcssLoaded *l = zvm_dcss_find_loaded(d, name);
    ZvmDcssDef def;
    bool overlay;
    int rc;

    if (l && l->nonshared == nonshared) {
        return (ZvmDcssResult) { .cc = l->overlay,
                                 .rx = zvm_dcss_start(&l->def),
                                 .ry = zvm_dcss_end(&l->def) };
    }
    if (l) {
        unload(d, l);       /* reload in the other mode */
    }
    rc = zvm_dcss_read_def(d, name, &def, &err);
    if (rc) {
        if (err) {
            warn_report_err(err);
        }
        return fail(name, ZVM_DCSS_RC_NOT_FOUND);
    }
    rc = do_load(d, &def, nonshared, &overlay);
    if (rc) {
        return fail(name, rc);
    }
    trace_zvm_dcss_load(name, zvm_dcss_start(&def), zvm_dcss_end(&def),
                        nonshared, overlay);
    qapi_event_send_zvm_dcss_state_change(name, true, zvm_dcss_start(&def),
                                          zvm_dcss_end(&def), nonshared);
    /* cc 1: loaded within the storage of the virtual machine */
    return (ZvmDcssResult) { .cc = overlay, .rx = zvm_dcss_start(&def),
                             .ry = zvm_dcss_end(&def) };
}

ZvmDcssResult zvm_dcss_purge(ZvmDcss *d, const char *name)
{
    ZvmDcssLoaded *l = zvm_dcss_find_loaded(d, name);
    ZvmDcssDef def;

    if (l) {
        unload(d, l);
        return (ZvmDcssResult) { .cc = 0 };
    }
    /* cc 1: exists, not loaded (ignored); cc 2: does not exist */
    if (zvm_dcss_read_def(d, name, &def, NULL)) {
        return fail(name, ZVM_DCSS_RC_NOT_FOUND);
    }
    return (ZvmDcssResult) { .cc = 1 };
}

ZvmDcssResult zvm_dcss_find(ZvmDcss *d, const char *name)
{
    ZvmDcssDef def;

    if (zvm_dcss_read_def(d, name, &def, NULL)) {
        return fail(name, ZVM_DCSS_RC_NOT_FOUND);
    }
    /* cc 0: loaded, cc 1: not loaded; Rx, Ry: first and last byte */
    return (ZvmDcssResult) { .cc = !zvm_dcss_find_loaded(d, name),
                             .rx = zvm_dcss_start(&def),
                             .ry = zvm_dcss_end(&def) };
}

bool zvm_dcss_query(ZvmDcss *d, const char *name, ZvmDcssDef *def, int *rc)
{
    if (zvm_dcss_read_def(d, name, def, NULL)) {
        *rc = ZVM_DCSS_RC_NOT_FOUND;
        trace_zvm_dcss_fail(name, *rc);
        return false;
    }
    trace_zvm_dcss_query(name, zvm_dcss_start(def), def->nranges);
    return true;
}

static void unload_all(ZvmDcss *d)
{
    while (!QTAILQ_EMPTY(&d->loaded)) {
        unload(d, QTAILQ_FIRST(&d->loaded));
    }
}

/* QMP */

ZvmDcssInfoList *qmp_query_zvm_dcss(Error **errp)
{
    ZvmDcss *d = zvm_dcss();
    ZvmDcssInfoList *head = NULL, **tail = &head;
    g_autoptr(GPtrArray) names = NULL;

    if (!d) {
        return NULL;
    }
    names = zvm_dcss_store_names(d);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        ZvmDcssLoaded *l = zvm_dcss_find_loaded(d, name);
        ZvmDcssRangeInfoList **rtail;
        ZvmDcssInfo *info;
        ZvmDcssDef def;

        if (zvm_dcss_read_def(d, name, &def, NULL)) {
            continue;
        }
        info = g_new0(ZvmDcssInfo, 1);
        info->name = g_strdup(name);
        info->start = zvm_dcss_start(&def);
        info->end = zvm_dcss_end(&def);
        info->loaded = l != NULL;
        info->has_nonshared = l != NULL;
        info->nonshared = l && l->nonshared;
        info->holders = zvm_dcss_count_holders(d, name, l != NULL);
        rtail = &info->ranges;
        for (unsigned int r = 0; r < def.nranges; r++) {
            ZvmDcssRangeInfo *ri = g_new0(ZvmDcssRangeInfo, 1);

            ri->start = def.range[r].start;
            ri->end = def.range[r].end;
            ri->type = def.range[r].type;
            QAPI_LIST_APPEND(rtail, ri);
        }
        QAPI_LIST_APPEND(tail, info);
    }
    return head;
}

/* Migration: the destination loads the same segments from its store */

/*
 * Exclusive ranges and migration: once the source's guest has stopped
 * for the last phase of a migration, its device state being saved, the
 * source gives up its exclusive locks (the mappings stay), so that a
 * destination on the same store can take them. A migration that fails
 * afterwards, or a source guest that runs again, takes them back.
 */
static void set_exclusive_locks(ZvmDcss *d, bool held)
{
    ZvmDcssLoaded *l;

    if (d->excl_released != held) {
        return;
    }
    QTAILQ_FOREACH(l, &d->loaded, next) {
        for (unsigned int i = 0; i < l->def.nranges; i++) {
            const ZvmDcssRange *r = &l->def.range[i];
            const uint64_t off = r->start - zvm_dcss_start(&l->def);
            const uint64_t len = r->end - r->start + 1;

            if (!zvm_dcss_type_exclusive(r->type)) {
                continue;
            }
            if (!held) {
                qemu_unlock_fd(l->fd, off, len);
            } else if (!zvm_dcss_lock_exclusive(l->fd, off, len, true)) {
                warn_report("zvm-dcss: segment %s: another guest holds its "
                            "exclusive range %" PRIx64 "-%" PRIx64,
                            l->def.name, r->start, r->end);
            }
        }
        trace_zvm_dcss_exclusive_handover(l->def.name, held);
    }
    d->excl_released = !held;
}

static bool return_path_enabled(void)
{
    g_autoptr(MigrationCapabilityStatusList) caps =
        qmp_query_migrate_capabilities(NULL);

    for (MigrationCapabilityStatusList *c = caps; c; c = c->next) {
        if (c->value->capability == MIGRATION_CAPABILITY_RETURN_PATH) {
            return c->value->state;
        }
    }
    return false;
}

/*
 * A running guest with loaded segments migrates only with the return
 * path: without it, a destination that cannot load a segment (or take
 * an exclusive one) fails after the source has completed, and the guest
 * runs nowhere. A stopped guest (migration to a file, as savevm) needs
 * none: the source stays as it was.
 */
static int dcss_migration_notify(NotifierWithReturn *n, MigrationEvent *e,
                                 Error **errp)
{
    ZvmDcss *d = container_of(n, ZvmDcss, migration_notifier);

    if (e->type == MIG_EVENT_PRECOPY_SETUP && !QTAILQ_EMPTY(&d->loaded) &&
        runstate_is_running() && !return_path_enabled()) {
        error_setg(errp, "zvm-dcss: a running guest with loaded saved "
                   "segments migrates only with the return-path capability, "
                   "so that a destination that cannot load them fails the "
                   "migration while this guest still runs");
        return -EINVAL;
    }
    if (e->type == MIG_EVENT_PRECOPY_FAILED) {
        set_exclusive_locks(d, true);
    }
    return 0;
}

static void dcss_vm_state_change(void *opaque, bool running, RunState state)
{
    if (running) {
        set_exclusive_locks(opaque, true);
    }
}

static int dcss_pre_save(void *opaque)
{
    ZvmDcss *d = opaque;
    ZvmDcssLoaded *l;
    int32_t n = 0;

    QTAILQ_FOREACH(l, &d->loaded, next) {
        n++;
    }
    g_free(d->mig_segs);
    d->mig_segs = g_new0(ZvmDcssMigSeg, n);
    d->mig_count = 0;
    QTAILQ_FOREACH(l, &d->loaded, next) {
        ZvmDcssMigSeg *m = &d->mig_segs[d->mig_count++];

        strpadcpy((char *)m->name, sizeof(m->name), l->def.name, ' ');
        m->nonshared = l->nonshared;
        m->first = zvm_dcss_start(&l->def);
        m->last = zvm_dcss_end(&l->def);
    }
    /* the guest has stopped for good unless the migration fails */
    if (runstate_check(RUN_STATE_FINISH_MIGRATE)) {
        set_exclusive_locks(d, false);
    }
    return 0;
}

static int dcss_post_save(void *opaque)
{
    ZvmDcss *d = opaque;

    g_clear_pointer(&d->mig_segs, g_free);
    d->mig_count = 0;
    return 0;
}

static bool mig_count_valid(void *opaque, int version_id)
{
    const int32_t n = ((ZvmDcss *)opaque)->mig_count;

    return n >= 0 && n <= DCSS_MIGRATE_MAX;
}

/*
 * The destination loads the source's segments from its own store, where
 * each must be defined where the source had it.
 */
static int dcss_post_load(void *opaque, int version_id)
{
    ZvmDcss *d = opaque;
    int ret = 0;

    unload_all(d);
    for (int32_t i = 0; i < d->mig_count && !ret; i++) {
        const ZvmDcssMigSeg *m = &d->mig_segs[i];
        g_autofree char *name = g_strstrip(g_strndup((char *)m->name,
                                                     sizeof(m->name)));
        ZvmDcssDef def;
        ZvmDcssResult r;

        if (zvm_dcss_read_def(d, name, &def, NULL)) {
            error_report("zvm-dcss: segment %s, loaded on the source, is "
                         "not defined in the segment store here", name);
            ret = -ENOENT;
            break;
        }
        if (zvm_dcss_start(&def) != m->first ||
            zvm_dcss_end(&def) != m->last) {
            error_report("zvm-dcss: segment %s is 0x%" PRIx64 "-0x%" PRIx64
                         " on the source but 0x%" PRIx64 "-0x%" PRIx64
                         " here", name, m->first, m->last,
                         zvm_dcss_start(&def), zvm_dcss_end(&def));
            ret = -EINVAL;
            break;
        }
        /* a source on the same store frees exclusive ranges for us */
        d->excl_wait = true;
        r = zvm_dcss_load(d, name, m->nonshared);
        d->excl_wait = false;
        if (r.cc > 1) {
            error_report("zvm-dcss: segment %s cannot be loaded here "
                         "(rc %" PRIu64 ")", name, r.ry);
            ret = -ENOENT;
        }
    }
    g_clear_pointer(&d->mig_segs, g_free);
    d->mig_count = 0;
    return ret;
}

static const VMStateDescription vmstate_zvm_dcss_seg = {
    .name = "zvm-dcss/segment",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BUFFER(name, ZvmDcssMigSeg),
        VMSTATE_UINT8(nonshared, ZvmDcssMigSeg),
        VMSTATE_UINT64(first, ZvmDcssMigSeg),
        VMSTATE_UINT64(last, ZvmDcssMigSeg),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_zvm_dcss = {
    .name = "zvm-dcss",
    .version_id = 2,
    .minimum_version_id = 2,
    .pre_save = dcss_pre_save,
    .post_save = dcss_post_save,
    .post_load = dcss_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_INT32(mig_count, ZvmDcss),
        VMSTATE_VALIDATE("zvm-dcss: loaded segments", mig_count_valid),
        VMSTATE_STRUCT_VARRAY_ALLOC(mig_segs, ZvmDcss, mig_count, 0,
                                    vmstate_zvm_dcss_seg, ZvmDcssMigSeg),
        VMSTATE_END_OF_LIST()
    },
};

/* The device */

/*
 * A system reset (IPL) releases all saved segments of the virtual
 * machine, as CP does: the guest starts with none loaded.
 */
static void dcss_reset_hold(Object *obj, ResetType type)
{
    unload_all(ZVM_DCSS(obj));
}

/*
 * Realized by the machine extension (zvm-machine.c) with the personality,
 * before the guest runs; it maps nothing until the guest loads a segment.
 */
static void dcss_realize(DeviceState *dev, Error **errp)
{
    ZvmDcss *d = ZVM_DCSS(dev);

    if (d->store && !tcg_enabled()) {
        error_setg(errp, "'%s': saved segments need TCG (-accel tcg)",
                   ZVM_DCSS_STORE_PROP);
        return;
    }
    if (d->store && !zvm_dcss_check_store(d, errp)) {
        return;
    }
    migration_add_notifier(&d->migration_notifier, dcss_migration_notify);
    d->vmstate_change = qemu_add_vm_change_state_handler(dcss_vm_state_change,
                                                         d);
    qemu_register_resettable(OBJECT(d));
}

static void dcss_unrealize(DeviceState *dev)
{
    ZvmDcss *d = ZVM_DCSS(dev);

    qemu_unregister_resettable(OBJECT(d));
    qemu_del_vm_change_state_handler(d->vmstate_change);
    d->vmstate_change = NULL;
    migration_remove_notifier(&d->migration_notifier);
    unload_all(d);
    g_hash_table_remove_all(d->skeletons);
}

static int dcss_get_overlap(Object *obj, Error **errp)
{
    return ZVM_DCSS(obj)->overlay;
}

static void dcss_set_overlap(Object *obj, int value, Error **errp)
{
    if (DEVICE(obj)->realized) {
        error_setg(errp, "'%s' cannot change while the machine runs",
                   ZVM_DCSS_OVERLAP_PROP);
        return;
    }
    ZVM_DCSS(obj)->overlay = value;
}

const QEnumLookup zvm_dcss_overlap_lookup = {
    .array = (const char *const[]) { "reject", "overlay" },
    .size = 2,
};

static void dcss_instance_init(Object *obj)
{
    ZvmDcss *d = ZVM_DCSS(obj);

    QTAILQ_INIT(&d->loaded);
    d->skeletons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         g_free);
}

static void dcss_finalize(Object *obj)
{
    ZvmDcss *d = ZVM_DCSS(obj);

    g_free(d->mig_segs);
    g_hash_table_destroy(d->skeletons);
}

static const Property dcss_properties[] = {
    DEFINE_PROP_STRING("store", ZvmDcss, store),
};

static void dcss_class_init(ObjectClass *oc, ZvmClassData *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);

    dc->desc = "z/VM saved segments (DIAGNOSE X'64') of the z/VM personality";
    dc->realize = dcss_realize;
    dc->unrealize = dcss_unrealize;
    dc->vmsd = &vmstate_zvm_dcss;
    /* created with the machine, configured by its zvm-dcss-* options */
    dc->user_creatable = false;
    rc->phases.hold = dcss_reset_hold;
    device_class_set_props(dc, dcss_properties);
    object_class_property_set_description(oc, "store",
            "directory of z/VM saved segments (NAME.defseg, NAME.img), "
            "shared by the QEMU processes that use them");
    object_class_property_add_enum(oc, "overlap", "ZvmDcssOverlap",
                                   &zvm_dcss_overlap_lookup, dcss_get_overlap,
                                   dcss_set_overlap);
    object_class_property_set_description(oc, "overlap",
            "a segment load overlapping guest storage or a loaded segment: "
            "reject (default, cc 2 rc 252) or overlay (VM/370 LOADSYS: "
            "cc 1, the storage is covered, overlaid segments purged)");
}

static const TypeInfo dcss_types[] = {
    {
        .name = TYPE_ZVM_DCSS,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(ZvmDcss),
        .instance_init = dcss_instance_init,
        .instance_finalize = dcss_finalize,
        .class_init = dcss_class_init,
    }, {
        .name = TYPE_ZVM_DCSS_MAPPING,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(ZvmDcssMapping),
    },
};

/*
 * Segments live above the memory limit the storage keys are sized by:
 * let the keys cover every address a segment can have (storage_end of
 * the machine extension).
 * The key array is allocated lazily and only touched pages take memory.
 */
uint64_t zvm_dcss_storage_end(void)
{
    ZvmDcss *d = zvm_dcss();

    return d && d->store ? ZVM_DCSS_ADDR_LIMIT : 0;
}

static void dcss_register_types(void)
{
    type_register_static_array(dcss_types, ARRAY_SIZE(dcss_types));
}

type_init(dcss_register_types)
