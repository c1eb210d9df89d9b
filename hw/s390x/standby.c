/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: s390x standby storage.
 *
 * Standby storage sits directly above boot storage, in storage
 * increments numbered from 1 at address 0 (the SCLP's "rn"). Boot
 * storage is storage element 0 and stays assigned; standby storage is
 * element 1, which the guest attaches (ATTACH STORAGE ELEMENT) and whose
 * increments it assigns and unassigns (ASSIGN / UNASSIGN STORAGE) when
 * Linux onlines and offlines memory blocks.
 *
 * The model follows virtio-mem: one RAM backend for all of standby
 * storage, a bitmap of assigned increments as the single truth, and
 * one alias per increment, enabled while the increment is assigned.
 * Unassigned increments have no memory behind them (addressing
 * exception), an assigned one reads as zero, an unassigned one gives
 * its host memory back.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qapi/qapi-commands-zvm.h"
#include "qapi/qapi-events-zvm.h"
#include "qemu/bitmap.h"
#include "qemu/error-report.h"
#include "qemu/units.h"
#include "zvm-compat.h"
#include "migration/vmstate.h"
#include "system/reset.h"
#include "system/system.h"
#include "hw/boards.h"
#include "hw/s390x/sclp.h"
#include "hw/s390x/s390-virtio-ccw.h"
#include "hw/qdev-properties.h"
#include "hw/resettable.h"
#include "standby.h"
#include "zvm-machine.h"
#include "zvm-fault.h"
#include "trace.h"

/* Entries of a storage element that fit into a 4 KiB SCCB */
#define ELEMENT_MAX_ENTRIES  MAX_STORAGE_INCREMENTS

/* Linux's MAX_PHYSMEM_BITS on s390 */
#define STANDBY_MAX_END      (64 * TiB)

S390Standby *s390_standby(void)
{
    return S390_STANDBY(zvm_machine_model(S390_STANDBY_CHILD));
}

bool s390_standby_overlaps(uint64_t start, uint64_t end)
{
    const S390Standby *s = s390_standby();

    return s && start < s->base + s->size && end >= s->base;
}

static uint32_t rnmax(const S390Standby *s)
{
    return s->boot_incs + s->nr_incs;
}

/* Increment number of standby increment @idx, and back */
static uint32_t idx_to_rn(const S390Standby *s, int idx)
{
    return s->boot_incs + 1 + idx;
}

static uint32_t entry(uint32_t rn)
{
    /* Linux reads the increment number from the upper halfword */
    return rn * SCLP_INCREMENT_UNIT + (SCLP_STARTING_SUBINCREMENT_ID -
                                       SCLP_INCREMENT_UNIT);
}

static uint32_t nr_assigned(const S390Standby *s)
{
    return bitmap_count_one(s->assigned, s->nr_incs);
}

static void notify_change(const S390Standby *s)
{
    const uint32_t n = nr_assigned(s);

    qapi_event_send_standby_storage_change(n, n * s->increment);
}

/*
 * Give the host memory of increments [@idx, @idx + @n) back. It reads
 * as zero afterwards; an incoming migration must not keep older
 * contents for it, so it is also marked dirty.
 */
static void discard(S390Standby *s, int idx, int n)
{
    const uint64_t offset = idx * s->increment;
    const uint64_t len = n * s->increment;

    if (ram_block_discard_is_disabled() ||
        ram_block_discard_range(s->backend.ram_block, offset, len)) {
        memset(memory_region_get_ram_ptr(&s->backend) + offset, 0, len);
    }
    memory_region_set_dirty(&s->backend, offset, len);
}

/* Make the aliases follow the bitmap, in one memory transaction */
static void update_mapping(S390Standby *s)
{
    memory_region_transaction_begin();
    for (int i = 0; i < s->nr_incs; i++) {
        memory_region_set_enabled(&s->aliases[i], test_bit(i, s->assigned));
    }
    memory_region_transaction_commit();
}

static void set_assigned(S390Standby *s, int idx, bool assign)
{
    if (assign) {
        discard(s, idx, 1);
        set_bit(idx, s->assigned);
    } else {
        clear_bit(idx, s->assigned);
    }
    memory_region_transaction_begin();
    memory_region_set_enabled(&s->aliases[idx], assign);
    memory_region_transaction_commit();
    if (!assign) {
        discard(s, idx, 1);
    }
    notify_change(s);
}

/* SCLP commands */

static bool sccb_fits(const SCCB *sccb, size_t len)
{
    return be16_to_cpu(sccb->h.length) >= len;
}

static void set_rc(SCCB *sccb, uint16_t rc)
{
    sccb->h.response_code = cpu_to_be16(rc);
}

/*
 * READ STORAGE ELEMENT INFO: element 0 lists all of boot storage as
 * assigned (0x0010). Element 1 lists its standby increments (0x0410)
 * until the guest attaches it, then its assigned ones (0x0010).
 */
static void read_element_info(S390Standby *s, SCCB *sccb, uint8_t id)
{
    ReadStorageElementInfo *info = (ReadStorageElementInfo *)sccb;
    uint16_t rc = SCLP_RC_NORMAL_READ_COMPLETION;
    uint32_t n = 0;

    if (id > S390_STANDBY_ELEMENT_STANDBY) {
        rc = S390_STANDBY_RC_NO_ELEMENT;
        goto out;
    }
    if (id == S390_STANDBY_ELEMENT_BOOT) {
        n = s->boot_incs;
    } else if (s->attached) {
        n = nr_assigned(s);
    } else {
        n = s->nr_incs;
        rc = SCLP_RC_STANDBY_READ_COMPLETION;
    }
    if (!sccb_fits(sccb, sizeof(*info) + n * sizeof(uint32_t))) {
        rc = SCLP_RC_INSUFFICIENT_SCCB_LENGTH;
        n = 0;
        goto out;
    }
    info->max_id = cpu_to_be16(S390_STANDBY_ELEMENT_STANDBY);
    info->assigned = cpu_to_be16(n);
    if (id == S390_STANDBY_ELEMENT_BOOT) {
        for (uint32_t i = 0; i < n; i++) {
            info->entries[i] = cpu_to_be32(entry(i + 1));
        }
    } else {
        uint32_t i = 0;

        info->standby = cpu_to_be16(s->nr_incs - nr_assigned(s));
        for (int idx = 0; idx < s->nr_incs; idx++) {
            if (!s->attached || test_bit(idx, s->assigned)) {
                info->entries[i++] = cpu_to_be32(entry(idx_to_rn(s, idx)));
            }
        }
    }
out:
    trace_s390_standby_read_info(id, rc, n);
    set_rc(sccb, rc);
}

/*
 * ATTACH STORAGE ELEMENT: the standby element joins the configuration
 * with no increment assigned (an attach may list assigned increments,
 * which Linux then unassigns; there are none here).
 */
static void attach_element(S390Standby *s, SCCB *sccb, uint8_t id)
{
    AttachStorageElement *attach = (AttachStorageElement *)sccb;
    uint16_t rc = SCLP_RC_NORMAL_COMPLETION;

    if (id > S390_STANDBY_ELEMENT_STANDBY) {
        rc = S390_STANDBY_RC_NO_ELEMENT;
    } else if (!sccb_fits(sccb, sizeof(*attach))) {
        rc = SCLP_RC_INSUFFICIENT_SCCB_LENGTH;
    } else if (id == S390_STANDBY_ELEMENT_BOOT || s->attached) {
        rc = SCLP_RC_NO_ACTION_REQUIRED;
    } else {
        s->attached = true;
        attach->assigned = cpu_to_be16(0);
    }
    trace_s390_standby_attach(id, rc);
    set_rc(sccb, rc);
}

/* ASSIGN STORAGE and UNASSIGN STORAGE of the increment numbered rn */
static void change_state(S390Standby *s, SCCB *sccb, bool assign)
{
    const AssignStorage *req = (const AssignStorage *)sccb;
    uint16_t rc = SCLP_RC_NORMAL_COMPLETION;
    uint32_t rn = 0;
    int idx;

    if (!sccb_fits(sccb, sizeof(*req))) {
        rc = SCLP_RC_INSUFFICIENT_SCCB_LENGTH;
        goto out;
    }
    rn = be16_to_cpu(req->rn);
    if (!rn || rn > rnmax(s)) {
        rc = S390_STANDBY_RC_INVALID_INCREMENT;
        goto out;
    }
    if (rn <= s->boot_incs) {
        /* boot storage stays assigned */
        rc = assign ? SCLP_RC_NO_ACTION_REQUIRED
                    : S390_STANDBY_RC_INVALID_INCREMENT;
        goto out;
    }
    idx = rn - s->boot_incs - 1;
    if (test_bit(idx, s->assigned) == assign) {
        rc = SCLP_RC_NO_ACTION_REQUIRED;
        goto out;
    }
    /* Linux attaches first; a guest that does not gets it done here */
    s->attached = true;
    set_assigned(s, idx, assign);
out:
    trace_s390_standby_change(assign, rn, rc);
    set_rc(sccb, rc);
}

/* SCLP commands of the machine extension (S390CcwMachineExtension) */
bool s390_standby_sclp_handles(uint32_t code)
{
    if (!s390_standby()) {
        return false;
    }
    switch (code & SCLP_CMD_CODE_MASK) {
    case SCLP_READ_STORAGE_ELEMENT_INFO:
    case SCLP_ATTACH_STORAGE_ELEMENT:
    case SCLP_ASSIGN_STORAGE:
    case SCLP_UNASSIGN_STORAGE:
        return true;
    }
    return false;
}

void s390_standby_sclp_execute(SCLPDevice *sclp, SCCB *sccb, uint32_t code)
{
    S390Standby *s = s390_standby();
    const uint8_t id = (code & 0xff00) >> 8;
    const AssignStorage *req = (const AssignStorage *)sccb;
    uint16_t response;
    uint32_t rn = 0;

    /* an injected fault (zvm-inject-fault) answers instead */
    if (((code & SCLP_CMD_CODE_MASK) == SCLP_ASSIGN_STORAGE ||
         (code & SCLP_CMD_CODE_MASK) == SCLP_UNASSIGN_STORAGE) &&
        sccb_fits(sccb, sizeof(*req))) {
        rn = be16_to_cpu(req->rn);
    }
    if (zvm_fault_sclp(code, rn, &response)) {
        set_rc(sccb, response);
        return;
    }
    switch (code & SCLP_CMD_CODE_MASK) {
    case SCLP_READ_STORAGE_ELEMENT_INFO:
        read_element_info(s, sccb, id);
        break;
    case SCLP_ATTACH_STORAGE_ELEMENT:
        attach_element(s, sccb, id);
        break;
    case SCLP_ASSIGN_STORAGE:
        change_state(s, sccb, true);
        break;
    case SCLP_UNASSIGN_STORAGE:
        change_state(s, sccb, false);
        break;
    }
}

/*
 * READ SCP INFO: rnmax counts boot and standby increments (Linux sizes
 * its identity map from rnmax * rnsize), and the storage facilities
 * tell Linux to ask for the assigned increments instead of taking all
 * of that as online memory.
 */
void s390_standby_read_scp_info(SCLPDevice *sclp, ReadInfo *read_info)
{
    const S390Standby *s = s390_standby();
    uint32_t rnsize;

    if (!s) {
        return;
    }
    rnsize = s->increment / MiB;
    read_info->facilities |= cpu_to_be64(SCLP_FC_ASSIGN_ATTACH_READ_STOR);
    if (rnsize <= 128) {
        read_info->rnsize = rnsize;
        read_info->rnsize2 = 0;
    } else {
        read_info->rnsize = 0;
        read_info->rnsize2 = cpu_to_be32(rnsize);
    }
    if (rnmax(s) < 0x10000) {
        read_info->rnmax = cpu_to_be16(rnmax(s));
        read_info->rnmax2 = 0;
    } else {
        read_info->rnmax = 0;
        read_info->rnmax2 = cpu_to_be64(rnmax(s));
    }
}

/*
 * Reset: QEMU runs device resets for system_reset (QMP, HMP) and for a
 * re-IPL by the guest with DIAGNOSE X'308' subcode 3 (load clear, what
 * Linux's reboot does). As after an IPL with clear on LPAR and z/VM,
 * all standby storage is unassigned and its element detached. The
 * resets that keep storage contents (subcodes 0 and 1: kexec, kdump)
 * leave the increments assigned, as they leave all other storage.
 */
static void standby_reset_hold(Object *obj, ResetType type)
{
    S390Standby *s = S390_STANDBY(obj);
    const bool changed = nr_assigned(s) != 0;

    trace_s390_standby_reset(nr_assigned(s));
    s->attached = false;
    bitmap_zero(s->assigned, s->nr_incs);
    update_mapping(s);
    if (changed) {
        discard(s, 0, s->nr_incs);
        notify_change(s);
    }
}

/* Migration: the bitmap, after a check that the layout is the same */

typedef struct StandbyLayoutTmp {
    S390Standby *parent;
    uint64_t base;
    uint64_t increment;
    int32_t nr_incs;
} StandbyLayoutTmp;

static int layout_pre_save(void *opaque)
{
    StandbyLayoutTmp *t = opaque;

    t->base = t->parent->base;
    t->increment = t->parent->increment;
    t->nr_incs = t->parent->nr_incs;
    return 0;
}

static int layout_post_load(void *opaque, int version_id)
{
    StandbyLayoutTmp *t = opaque;
    const S390Standby *s = t->parent;

    if (t->base != s->base || t->increment != s->increment ||
        t->nr_incs != s->nr_incs) {
        error_report("standby storage differs: source has %" PRId32
                     " increments of 0x%" PRIx64 " bytes at 0x%" PRIx64
                     ", here %" PRId32 " of 0x%" PRIx64 " at 0x%" PRIx64,
                     t->nr_incs, t->increment, t->base, s->nr_incs,
                     s->increment, s->base);
        return -EINVAL;
    }
    return 0;
}

static const VMStateDescription vmstate_standby_layout = {
    .name = "s390-standby-storage/layout",
    .pre_save = layout_pre_save,
    .post_load = layout_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(base, StandbyLayoutTmp),
        VMSTATE_UINT64(increment, StandbyLayoutTmp),
        VMSTATE_INT32(nr_incs, StandbyLayoutTmp),
        VMSTATE_END_OF_LIST()
    },
};

static int standby_post_load(void *opaque, int version_id)
{
    update_mapping(opaque);
    return 0;
}

static const VMStateDescription vmstate_standby = {
    .name = "s390-standby-storage",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = standby_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_WITH_TMP(S390Standby, StandbyLayoutTmp,
                         vmstate_standby_layout),
        VMSTATE_BOOL(attached, S390Standby),
        VMSTATE_BITMAP(assigned, S390Standby, 1, nr_incs),
        VMSTATE_END_OF_LIST()
    },
};

/* QMP */

StandbyStorageInfo *qmp_query_standby_storage(Error **errp)
{
    const S390Standby *s = s390_standby();
    StandbyStorageInfo *info = g_new0(StandbyStorageInfo, 1);
    StandbyStorageRangeList **tail = &info->assigned;
    unsigned long idx = 0;

    info->boot_size = current_machine->ram_size;
    info->standby_base = current_machine->ram_size;
    if (!s) {
        return info;
    }
    info->standby_size = s->size;
    info->increment_size = s->increment;
    info->standby_base = s->base;
    info->standby_increments = s->nr_incs;
    info->assigned_increments = nr_assigned(s);
    info->assigned_size = info->assigned_increments * s->increment;
    info->attached = s->attached;
    while ((idx = find_next_bit(s->assigned, s->nr_incs, idx)) <
           s->nr_incs) {
        const unsigned long end = find_next_zero_bit(s->assigned, s->nr_incs,
                                                     idx);
        StandbyStorageRange *r = g_new0(StandbyStorageRange, 1);

        r->start = s->base + idx * s->increment;
        r->end = s->base + end * s->increment - 1;
        QAPI_LIST_APPEND(tail, r);
        idx = end;
    }
    return info;
}

/* Machine setup */

/*
 * The smallest increment (a power of two, at least 1 MiB) with which
 * each storage element lists all its increments in a 4 KiB SCCB.
 */
static uint64_t choose_increment(uint64_t boot, uint64_t standby)
{
    uint64_t inc = 1 * MiB;

    while (boot / inc > ELEMENT_MAX_ENTRIES ||
           standby / inc > ELEMENT_MAX_ENTRIES) {
        inc *= 2;
    }
    return inc;
}

static bool check_layout(uint64_t boot, uint64_t standby, uint64_t inc,
                         Error **errp)
{
    const uint64_t block = MAX(S390_STANDBY_MIN_BLOCK, inc);

    if (!QEMU_IS_ALIGNED(standby, block)) {
        error_setg(errp, "'%s' has to be a multiple of 0x%" PRIx64 " (%"
                   PRIu64 " MiB, Linux's memory block size here)",
                   S390_STANDBY_MEM_PROP, block, block / MiB);
        return false;
    }
    if (!QEMU_IS_ALIGNED(boot, block)) {
        error_setg(errp, "'%s' needs boot storage (-m) in multiples of 0x%"
                   PRIx64 " (%" PRIu64 " MiB): standby storage starts "
                   "right above it, at a memory block boundary",
                   S390_STANDBY_MEM_PROP, block, block / MiB);
        return false;
    }
    if (boot + standby > STANDBY_MAX_END || boot + standby < boot) {
        error_setg(errp, "boot storage and '%s' end above 0x%" PRIx64
                   " (64 TiB, the most Linux can address)",
                   S390_STANDBY_MEM_PROP, STANDBY_MAX_END);
        return false;
    }
    return true;
}

bool s390_standby_layout_valid(uint64_t boot, uint64_t size, Error **errp)
{
    return check_layout(boot, size, choose_increment(boot, size), errp);
}

static bool init_regions(S390Standby *s, Error **errp)
{
    if (!memory_region_init_ram_nomigrate(&s->backend, OBJECT(s),
                                          "s390.standby", s->size, errp)) {
        return false;
    }
    vmstate_register_ram_global(&s->backend);
    memory_region_init(&s->container, OBJECT(s), "s390.standby-container",
                       s->size);
    s->aliases = g_new0(MemoryRegion, s->nr_incs);
    for (int i = 0; i < s->nr_incs; i++) {
        g_autofree char *name = g_strdup_printf("s390.standby-%u",
                                                idx_to_rn(s, i));

        memory_region_init_alias(&s->aliases[i], OBJECT(s), name, &s->backend,
                                 i * s->increment, s->increment);
        memory_region_set_enabled(&s->aliases[i], false);
        memory_region_add_subregion(&s->container, i * s->increment,
                                    &s->aliases[i]);
    }
    return true;
}

/*
 * Realized by the machine extension (zvm-machine.c) while the machine
 * lays out its memory, before the memory limit is set, with @base the
 * end of boot storage. All increments are unassigned then: the container
 * maps no RAM yet.
 */
static void standby_realize(DeviceState *dev, Error **errp)
{
    S390Standby *s = S390_STANDBY(dev);

    s->increment = choose_increment(s->base, s->size);
    if (!check_layout(s->base, s->size, s->increment, errp)) {
        return;
    }
    s->boot_incs = s->base / s->increment;
    s->nr_incs = s->size / s->increment;
    s->assigned = bitmap_new(s->nr_incs);
    if (!init_regions(s, errp)) {
        g_clear_pointer(&s->assigned, g_free);
        return;
    }
    memory_region_add_subregion(get_system_memory(), s->base, &s->container);
    qemu_register_resettable(OBJECT(s));
}

static void standby_unrealize(DeviceState *dev)
{
    S390Standby *s = S390_STANDBY(dev);

    qemu_unregister_resettable(OBJECT(s));
    memory_region_del_subregion(get_system_memory(), &s->container);
    vmstate_unregister_ram(&s->backend, dev);
    g_clear_pointer(&s->assigned, g_free);
}

static void standby_finalize(Object *obj)
{
    S390Standby *s = S390_STANDBY(obj);

    g_free(s->aliases);
    g_free(s->assigned);
}

static const Property standby_properties[] = {
    DEFINE_PROP_SIZE("size", S390Standby, size, 0),
};

static void standby_class_init(ObjectClass *oc, ZvmClassData *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    ResettableClass *rc = RESETTABLE_CLASS(oc);

    dc->desc = "s390x standby storage (SCLP storage increments)";
    dc->realize = standby_realize;
    dc->unrealize = standby_unrealize;
    dc->vmsd = &vmstate_standby;
    /* created with the machine, configured by its standby-mem option */
    dc->user_creatable = false;
    rc->phases.hold = standby_reset_hold;
    device_class_set_props(dc, standby_properties);
    object_class_property_set_description(oc, "size",
            "standby storage above boot storage, which the guest assigns "
            "in storage increments (Linux: memory hotplug); a multiple of "
            "256 MiB, as is -m then");
}

static const TypeInfo standby_type = {
    .name = TYPE_S390_STANDBY,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(S390Standby),
    .instance_finalize = standby_finalize,
    .class_init = standby_class_init,
};

static void standby_register_types(void)
{
    type_register_static(&standby_type);
}

type_init(standby_register_types)
