/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the CP system service *MONITOR, as Linux's monreader uses it
 * (z/VM Performance, "The *MONITOR System Service").
 *
 * CONNECT's IPUSER names the monitor segment: version X'01' (shared),
 * what to collect (X'80' sample, X'40' event data) and the segment's
 * name in EBCDIC. The guest must have loaded it shared, type SC, one
 * page range below 2 GiB; otherwise *MONITOR severs the path with a
 * code in IPUSER byte 0 (see zvm-monsvc.h). One path at a time.
 *
 * The first page of the segment holds the monitor control area, a
 * 12-byte monitor control element (MCE) for each data set: its type
 * (EBCDIC 'S' sample, 'E' event), the domains in it (a bit for each,
 * domain 10 being X'0020' of bytes 1-2) and the absolute addresses of
 * its first and last byte of records. The records follow in the rest of
 * the segment, used as a ring: monitor record header (MRHDR: length,
 * domain, record, TOD clock) and, for domain 10, the user ID (8 bytes
 * EBCDIC), the product ID (16 bytes as given) and the application's
 * data. Each data set becomes a message with its MCE's first and last
 * address in the parameter list; the space is CP's again when the
 * guest replies. Sample data sets, every sample interval, hold a record
 * 2 of each buffer the guests registered with DIAGNOSE X'DC', read at
 * that moment; an event record (GEN EVENT) becomes a data set with its
 * record 1 at once. A set without room, or beyond the path's message
 * limit, is lost and counted, as records a slow reader misses on z/VM.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qom/object.h"
#include "system/reset.h"
#include "hw/qdev-properties.h"
#include "hw/s390x/tod.h"
#include "migration/vmstate.h"
#include "zvm-compat.h"
#include "zvm.h"
#include "zvm-monsvc.h"
#include "zvm-iucv.h"
#include "zvm-appldata.h"
#include "zvm-ebcdic.h"
#include "dcss.h"
#include "trace.h"

#define SEG_31BIT   0x80000000ULL
#define EBCDIC_S    0xe2
#define EBCDIC_E    0xc5
#define EBCDIC_D    0xc4

static ZvmIucv *find_iucv(void)
{
    return ZVM_IUCV(object_resolve_path_type("", TYPE_ZVM_IUCV, NULL));
}

static uint64_t tod_now(void)
{
    S390TODState *td = s390_get_todstate();
    S390TOD tod = { 0 };

    if (td) {
        S390_TOD_GET_CLASS(td)->get(td, &tod, NULL);
    }
    return tod.low;
}

static void segment_name(ZvmMonsvc *m, char *name)
{
    zvm_ebcdic_to_ascii(name, m->segment, sizeof(m->segment));
    name[sizeof(m->segment)] = 0;
    g_strchomp(name);
}

/* Where @len bytes of records go: an offset in the segment, 0 if full */
static uint32_t place(ZvmMonsvc *m, uint32_t len)
{
    const uint32_t size = m->seg_end - m->seg_start + 1;
    const uint32_t base = ZVM_MONSVC_MCA_LEN;
    uint32_t oldest;

    if (len > size - base) {
        return 0;
    }
    if (!m->count) {
        return m->head + len <= size ? m->head : base;
    }
    oldest = m->sets[m->first].start;
    if (m->head > oldest) {             /* the sets do not wrap */
        if (m->head + len <= size) {
            return m->head;
        }
        return base + len <= oldest ? base : 0;
    }
    return m->head + len <= oldest ? m->head : 0;
}

/* Send @len bytes of records as a data set of @type ('S' or 'E') */
static void send_set(ZvmMonsvc *m, uint8_t type, const uint8_t *recs,
                     uint32_t len)
{
    ZvmIucv *iucv = find_iucv();
    ZvmIucvPath *path = iucv ? zvm_iucv_path(iucv, m->pathid) : NULL;
    uint32_t slot = (m->first + m->count) % ZVM_MONSVC_SETS;
    uint64_t mce_addr = m->seg_start + slot * ZVM_MONSVC_MCE_LEN;
    uint8_t mce[ZVM_MONSVC_MCE_LEN] = { type, 0x00, 0x20 };
    uint8_t prm[ZVM_IUCV_PRM_LEN];
    char name[sizeof(m->segment) + 1];
    uint32_t pos, msgid;
    ZvmDcss *d;

    segment_name(m, name);
    d = ZVM_DCSS(object_resolve_path_type("", TYPE_ZVM_DCSS, NULL));
    pos = place(m, len);
    if (!path || path->service != ZVM_IUCV_SERVICE_MONITOR || !d ||
        m->count >= MIN(path->msglim, ZVM_MONSVC_SETS) || !pos) {
        goto lost;
    }
    stl_be_p(mce + 4, m->seg_start + pos);
    stl_be_p(mce + 8, m->seg_start + pos + len - 1);
    if (!zvm_dcss_cp_write(d, name, m->seg_start + pos, recs, len) ||
        !zvm_dcss_cp_write(d, name, mce_addr, mce, sizeof(mce))) {
        goto lost;
    }
    msgid = ++m->next_msgid ? m->next_msgid : ++m->next_msgid;
    stl_be_p(prm, mce_addr);
    stl_be_p(prm + 4, mce_addr + ZVM_MONSVC_MCE_LEN - 1);
    if (!zvm_iucv_send_prm(iucv, m->pathid, msgid,
                           (type << 24) | (EBCDIC_D << 16), prm)) {
        goto lost;
    }
    m->sets[slot] = (ZvmMonsvcSet) { .msgid = msgid, .start = pos,
                                     .len = len };
    m->count++;
    m->head = pos + len;
    trace_zvm_monsvc_set(type == EBCDIC_S ? 'S' : 'E', msgid, mce_addr,
                         m->seg_start + pos, len);
    return;
lost:
    m->nr_lost++;
    trace_zvm_monsvc_lost(type == EBCDIC_S ? 'S' : 'E', len, m->count);
}

/* Append a domain 10 record @rec to @recs */
static void put_record(GByteArray *recs, uint16_t rec, const uint8_t *product,
                       const uint8_t *data, uint32_t len)
{
    ZvmPersonality *zvm = zvm_personality();
    uint32_t total = ZVM_MONSVC_MRHDR_LEN + 8 + ZVM_APPLDATA_PRODUCT_LEN + len;
    uint8_t hdr[ZVM_MONSVC_MRHDR_LEN + 8] = { 0 };

    stw_be_p(hdr, total);
    hdr[4] = ZVM_MONSVC_DOMAIN_APPL;
    stw_be_p(hdr + 6, rec);
    stq_be_p(hdr + 8, tod_now());
    memset(hdr + ZVM_MONSVC_MRHDR_LEN, 0x40, 8);
    if (zvm && zvm->userid) {
        zvm_ascii_to_ebcdic(hdr + ZVM_MONSVC_MRHDR_LEN, zvm->userid,
                            MIN(strlen(zvm->userid), 8));
    }
    g_byte_array_append(recs, hdr, sizeof(hdr));
    g_byte_array_append(recs, product, ZVM_APPLDATA_PRODUCT_LEN);
    g_byte_array_append(recs, data, len);
}

/* The sample interval: a record of each buffer registered, as it reads */
static void sample(void *opaque)
{
    ZvmMonsvc *m = opaque;
    ZvmAppldata *a;
    g_autoptr(GByteArray) recs = g_byte_array_new();
    uint8_t *data = g_malloc(ZVM_APPLDATA_MAX_LEN);

    if (!m->connected) {
        g_free(data);
        return;
    }
    a = ZVM_APPLDATA(object_resolve_path_type("", TYPE_ZVM_APPLDATA, NULL));
    for (int i = 0; a && i < ZVM_APPLDATA_MAX_BUFFERS; i++) {
        ZvmAppldataBuffer *b = &a->buffers[i];

        if (b->function && b->len <= ZVM_APPLDATA_MAX_LEN &&
            address_space_read(&address_space_memory, b->addr,
                               MEMTXATTRS_UNSPECIFIED, data,
                               b->len) == MEMTX_OK) {
            put_record(recs, ZVM_MONSVC_REC_SAMPLE, b->product, data, b->len);
        }
    }
    g_free(data);
    if (recs->len) {
        m->nr_samples++;
        send_set(m, EBCDIC_S, recs->data, recs->len);
    }
    timer_mod(m->timer, qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) +
              m->interval_ms);
}

/* GEN EVENT: its record at once */
static void event(Notifier *n, void *opaque)
{
    ZvmMonsvc *m = container_of(n, ZvmMonsvc, event_notifier);
    ZvmAppldataEvent *e = opaque;
    g_autoptr(GByteArray) recs = NULL;

    if (!m->connected || !(m->collect & ZVM_MONSVC_EVENT)) {
        return;
    }
    recs = g_byte_array_new();
    put_record(recs, ZVM_MONSVC_REC_EVENT, e->product, e->data, e->len);
    m->nr_events++;
    send_set(m, EBCDIC_E, recs->data, recs->len);
}

static void disconnect(ZvmMonsvc *m)
{
    m->connected = false;
    m->first = m->count = 0;
    memset(m->sets, 0, sizeof(m->sets));
    m->head = ZVM_MONSVC_MCA_LEN;
    timer_del(m->timer);
}

static void monsvc_connect(void *opaque, uint16_t pathid,
                           const uint8_t *ipuser)
{
    ZvmMonsvc *m = opaque;
    ZvmIucv *iucv = find_iucv();
    ZvmDcss *d = ZVM_DCSS(object_resolve_path_type("", TYPE_ZVM_DCSS, NULL));
    uint8_t answer[ZVM_IUCV_IPUSER_LEN] = { 0 };
    char name[sizeof(m->segment) + 1];
    uint64_t start = 0, end = 0;
    uint8_t code = 0;

    zvm_ebcdic_to_ascii(name, ipuser + 8, sizeof(m->segment));
    name[sizeof(m->segment)] = 0;
    g_strchomp(name);
    if (ipuser[0] != ZVM_MONSVC_VERSION) {
        code = ZVM_MONSVC_SEVER_VERSION;
    } else if (m->connected) {
        code = ZVM_MONSVC_SEVER_CONNECTED;
    } else if (!d || !zvm_dcss_loaded_range(d, name, ZVM_DCSS_PAGE_TYPE_SC,
                                            &start, &end)) {
        code = ZVM_MONSVC_SEVER_NOT_LOADED;
    } else if (end >= SEG_31BIT) {
        code = ZVM_MONSVC_SEVER_ABOVE_2G;
    } else if (end - start + 1 <= ZVM_MONSVC_MCA_LEN) {
        code = ZVM_MONSVC_SEVER_TOO_SMALL;
    }
    trace_zvm_monsvc_connect(pathid, name, ipuser[1], code);
    if (code) {
        answer[0] = code;
        zvm_iucv_path_irq(iucv, pathid, ZVM_IUCV_PATH_SEVERED, answer);
        return;
    }
    disconnect(m);
    m->connected = true;
    m->pathid = pathid;
    m->collect = ipuser[1] & (ZVM_MONSVC_SAMPLE | ZVM_MONSVC_EVENT);
    memcpy(m->segment, ipuser + 8, sizeof(m->segment));
    m->seg_start = start;
    m->seg_end = end;
    answer[0] = ZVM_MONSVC_VERSION;
    answer[1] = !!(m->collect & ZVM_MONSVC_EVENT);
    answer[2] = !!(m->collect & ZVM_MONSVC_SAMPLE);
    zvm_iucv_path_irq(iucv, pathid, ZVM_IUCV_PATH_COMPLETE, answer);
    if (m->collect & ZVM_MONSVC_SAMPLE) {
        timer_mod(m->timer, qemu_clock_get_ms(QEMU_CLOCK_VIRTUAL) +
                  m->interval_ms);
    }
}

static uint8_t monsvc_reply(void *opaque, uint16_t pathid, uint32_t msgid)
{
    ZvmMonsvc *m = opaque;

    for (uint32_t i = 0; msgid && i < m->count; i++) {
        ZvmMonsvcSet *s = &m->sets[(m->first + i) % ZVM_MONSVC_SETS];

        if (s->msgid == msgid) {
            s->msgid = 0;
            while (m->count && !m->sets[m->first].msgid) {
                m->first = (m->first + 1) % ZVM_MONSVC_SETS;
                m->count--;
            }
            trace_zvm_monsvc_reply(msgid, m->count);
            return 0;
        }
    }
    return 0x09;        /* no such message */
}

static void monsvc_severed(void *opaque, uint16_t pathid)
{
    ZvmMonsvc *m = opaque;

    if (m->connected && m->pathid == pathid) {
        disconnect(m);
    }
}

static const ZvmIucvService monsvc_service = {
    .name = "*MONITOR",
    .connect = monsvc_connect,
    .reply = monsvc_reply,
    .severed = monsvc_severed,
};

static void zvm_monsvc_reset(void *opaque)
{
    disconnect(opaque);
}

static void zvm_monsvc_realize(DeviceState *dev, Error **errp)
{
    ZvmMonsvc *m = ZVM_MONSVC(dev);
    ZvmIucv *iucv = find_iucv();
    ZvmAppldata *a;

    if (m->interval_ms < 100 || m->interval_ms > 3600 * 1000) {
        error_setg(errp, "sample-interval must be 100 to 3600000 ms");
        return;
    }
    a = ZVM_APPLDATA(object_resolve_path_type("", TYPE_ZVM_APPLDATA, NULL));
    if (!iucv || !a) {
        error_setg(errp, "*MONITOR needs the IUCV and DIAGNOSE X'DC' "
                   "models");
        return;
    }
    m->timer = timer_new_ms(QEMU_CLOCK_VIRTUAL, sample, m);
    m->event_notifier.notify = event;
    notifier_list_add(&a->event_notifiers, &m->event_notifier);
    zvm_iucv_add_service(iucv, ZVM_IUCV_SERVICE_MONITOR, &monsvc_service, m);
    disconnect(m);
    qemu_register_reset(zvm_monsvc_reset, m);
}

static void zvm_monsvc_unrealize(DeviceState *dev)
{
    ZvmMonsvc *m = ZVM_MONSVC(dev);
    ZvmIucv *iucv = find_iucv();

    qemu_unregister_reset(zvm_monsvc_reset, m);
    if (iucv) {
        zvm_iucv_add_service(iucv, ZVM_IUCV_SERVICE_MONITOR, NULL, NULL);
    }
    notifier_remove(&m->event_notifier);
    timer_free(m->timer);
    m->timer = NULL;
    m->connected = false;
}

static int zvm_monsvc_post_load(void *opaque, int version_id)
{
    ZvmMonsvc *m = opaque;
    uint64_t size = m->seg_end - m->seg_start + 1;

    if (!m->connected) {
        return 0;
    }
    if (m->seg_end < m->seg_start || m->seg_end >= SEG_31BIT ||
        size <= ZVM_MONSVC_MCA_LEN || m->first >= ZVM_MONSVC_SETS ||
        m->count > ZVM_MONSVC_SETS || m->head < ZVM_MONSVC_MCA_LEN ||
        m->head > size || m->pathid >= ZVM_IUCV_MAX_PATHS) {
        return -EINVAL;
    }
    for (uint32_t i = 0; i < m->count; i++) {
        ZvmMonsvcSet *s = &m->sets[(m->first + i) % ZVM_MONSVC_SETS];

        if (s->start < ZVM_MONSVC_MCA_LEN || s->len > size ||
            s->start > size - s->len) {
            return -EINVAL;
        }
    }
    return 0;
}

static const VMStateDescription vmstate_monsvc_set = {
    .name = "zvm-monitor-service/set",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(msgid, ZvmMonsvcSet),
        VMSTATE_UINT32(start, ZvmMonsvcSet),
        VMSTATE_UINT32(len, ZvmMonsvcSet),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_monsvc = {
    .name = "zvm-monitor-service",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zvm_monsvc_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(connected, ZvmMonsvc),
        VMSTATE_UINT16(pathid, ZvmMonsvc),
        VMSTATE_UINT8(collect, ZvmMonsvc),
        VMSTATE_UINT8_ARRAY(segment, ZvmMonsvc, 8),
        VMSTATE_UINT64(seg_start, ZvmMonsvc),
        VMSTATE_UINT64(seg_end, ZvmMonsvc),
        VMSTATE_STRUCT_ARRAY(sets, ZvmMonsvc, ZVM_MONSVC_SETS, 1,
                             vmstate_monsvc_set, ZvmMonsvcSet),
        VMSTATE_UINT32(first, ZvmMonsvc),
        VMSTATE_UINT32(count, ZvmMonsvc),
        VMSTATE_UINT32(head, ZvmMonsvc),
        VMSTATE_UINT32(next_msgid, ZvmMonsvc),
        VMSTATE_TIMER_PTR(timer, ZvmMonsvc),
        VMSTATE_UINT64(nr_samples, ZvmMonsvc),
        VMSTATE_UINT64(nr_events, ZvmMonsvc),
        VMSTATE_UINT64(nr_lost, ZvmMonsvc),
        VMSTATE_END_OF_LIST()
    }
};

static const Property zvm_monsvc_properties[] = {
    DEFINE_PROP_UINT32("sample-interval", ZvmMonsvc, interval_ms, 60000),
};

static bool get_connected(Object *obj, Error **errp)
{
    return ZVM_MONSVC(obj)->connected;
}

static void zvm_monsvc_init(Object *obj)
{
    ZvmMonsvc *m = ZVM_MONSVC(obj);

    object_property_add_bool(obj, "connected", get_connected, NULL);
    object_property_add_uint32_ptr(obj, "pending", &m->count,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "samples", &m->nr_samples,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "events", &m->nr_events,
                                   OBJ_PROP_FLAG_READ);
    object_property_add_uint64_ptr(obj, "lost", &m->nr_lost,
                                   OBJ_PROP_FLAG_READ);
}

static void zvm_monsvc_class_init(ObjectClass *oc, ZvmClassData *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "z/VM *MONITOR system service (monitor records over IUCV)";
    dc->realize = zvm_monsvc_realize;
    dc->unrealize = zvm_monsvc_unrealize;
    dc->vmsd = &vmstate_monsvc;
    dc->user_creatable = false;
    device_class_set_props(dc, zvm_monsvc_properties);
    object_class_property_set_description(oc, "sample-interval",
            "milliseconds between sample data sets (z/VM's default: 60000)");
}

static const TypeInfo zvm_monsvc_info = {
    .name = TYPE_ZVM_MONSVC,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(ZvmMonsvc),
    .instance_init = zvm_monsvc_init,
    .class_init = zvm_monsvc_class_init,
};

static void zvm_monsvc_register_types(void)
{
    type_register_static(&zvm_monsvc_info);
}

type_init(zvm_monsvc_register_types)
