/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: application monitor data, the model behind DIAGNOSE X'DC'
 * (target-s390x/zvm-appldata.c decodes the instruction).
 *
 * START INTERVAL and START CONFIG register a buffer in guest storage
 * whose contents CP's monitor samples; STOP ends that (matched by
 * product ID, address and length, as Linux's appldata_os restarts with
 * a new length and then stops the old one); GEN EVENT gives one event
 * record, copied at once. A virtual machine without OPTION APPLMON in
 * its directory entry ("applmon=off") gets return code 5 for each. A
 * system reset ends all monitoring, as a virtual storage reset does in
 * CP. The buffers registered and the events are properties
 * ("buffers", "events") for QMP's qom-get.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qom/object.h"
#include "system/reset.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "zvm-appldata.h"
#include "zvm-ebcdic.h"
#include "zvm-compat.h"

static ZvmAppldataBuffer *find(ZvmAppldata *a, const uint8_t *product,
                               uint64_t addr, uint32_t len)
{
    for (int i = 0; i < ZVM_APPLDATA_MAX_BUFFERS; i++) {
        ZvmAppldataBuffer *b = &a->buffers[i];

        if (b->function && b->addr == addr && b->len == len &&
            !memcmp(b->product, product, ZVM_APPLDATA_PRODUCT_LEN)) {
            return b;
        }
    }
    return NULL;
}

int zvm_appldata_call(ZvmAppldata *a, uint8_t function,
                      const uint8_t *product, uint64_t addr, uint32_t len,
                      const uint8_t *data)
{
    ZvmAppldataBuffer *b;
    ZvmAppldataEvent *e;

    if (!a->applmon) {
        return ZVM_APPLDATA_RC_NOT_AUTHORIZED;
    }
    if (!len || len > ZVM_APPLDATA_MAX_LEN) {
        return ZVM_APPLDATA_RC_LENGTH;
    }
    b = find(a, product, addr, len);
    switch (function) {
    case ZVM_APPLDATA_START_INTERVAL:
    case ZVM_APPLDATA_START_CONFIG:
        for (int i = 0; !b && i < ZVM_APPLDATA_MAX_BUFFERS; i++) {
            if (!a->buffers[i].function) {
                b = &a->buffers[i];
            }
        }
        if (!b) {
            return ZVM_APPLDATA_RC_TOO_MANY;
        }
        memcpy(b->product, product, ZVM_APPLDATA_PRODUCT_LEN);
        b->addr = addr;
        b->len = len;
        b->function = function;
        break;
    case ZVM_APPLDATA_STOP:
        if (b) {
            memset(b, 0, sizeof(*b));
        }
        break;
    case ZVM_APPLDATA_GEN_EVENT:
        e = &a->events[a->nr_events++ % ZVM_APPLDATA_EVENTS_KEPT];
        memcpy(e->product, product, ZVM_APPLDATA_PRODUCT_LEN);
        e->len = len;
        memcpy(e->data, data, len);
        notifier_list_notify(&a->event_notifiers, e);
        break;
    default:
        g_assert_not_reached();
    }
    return ZVM_APPLDATA_RC_OK;
}

/*
 * The product ID "pppppppffnvvrrmm": the product number (Linux: EBCDIC
 * LINUXKR for appldata, ASCII LNXAPPL for monwriter, shown as it reads),
 * then its fields in hex: "LINUXKR d5d3 01 f2f6 f0f1 f0f0"
 */
static char *product_str(const uint8_t *p)
{
    char name[8];
    bool ebcdic = p[0] >= 0x80;
    g_autoptr(GString) s = g_string_new(NULL);

    if (ebcdic) {
        zvm_ebcdic_to_ascii(name, p, 7);
    } else {
        memcpy(name, p, 7);
    }
    for (int i = 0; i < 7; i++) {
        g_string_append_c(s, g_ascii_isprint(name[i]) ? name[i] : '.');
    }
    /* function, record, version, release, modification level */
    g_string_append_printf(s, " %02x%02x %02x %02x%02x %02x%02x %02x%02x",
                           p[7], p[8], p[9], p[10], p[11], p[12], p[13],
                           p[14], p[15]);
    return g_string_free(g_steal_pointer(&s), false);
}

static void visit_str_field(Visitor *v, const char *name, char *str,
                            Error **errp)
{
    g_autofree char *s = str;

    visit_type_str(v, name, &s, errp);
}

static void get_buffers(Object *obj, Visitor *v, const char *name,
                        void *opaque, Error **errp)
{
    ZvmAppldata *a = ZVM_APPLDATA(obj);

    if (!visit_start_list(v, name, NULL, 0, errp)) {
        return;
    }
    for (int i = 0; i < ZVM_APPLDATA_MAX_BUFFERS; i++) {
        ZvmAppldataBuffer *b = &a->buffers[i];
        uint64_t addr = b->addr, len = b->len;

        if (!b->function) {
            continue;
        }
        if (!visit_start_struct(v, NULL, NULL, 0, errp)) {
            break;
        }
        visit_str_field(v, "product", product_str(b->product), errp);
        visit_str_field(v, "function", g_strdup(b->function ==
                        ZVM_APPLDATA_START_CONFIG ? "config" : "interval"),
                        errp);
        visit_type_uint64(v, "address", &addr, errp);
        visit_type_uint64(v, "length", &len, errp);
        visit_check_struct(v, errp);
        visit_end_struct(v, NULL);
    }
    visit_end_list(v, NULL);
}

/* The events, oldest of those kept first: product, length, data (hex) */
static void get_events(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    ZvmAppldata *a = ZVM_APPLDATA(obj);
    const uint64_t first = a->nr_events > ZVM_APPLDATA_EVENTS_KEPT ?
                           a->nr_events - ZVM_APPLDATA_EVENTS_KEPT : 0;

    if (!visit_start_list(v, name, NULL, 0, errp)) {
        return;
    }
    for (uint64_t n = first; n < a->nr_events; n++) {
        ZvmAppldataEvent *e = &a->events[n % ZVM_APPLDATA_EVENTS_KEPT];
        uint64_t seq = n, len = e->len;
        g_autoptr(GString) hex = g_string_new(NULL);

        for (uint32_t i = 0; i < e->len; i++) {
            g_string_append_printf(hex, "%02x", e->data[i]);
        }
        if (!visit_start_struct(v, NULL, NULL, 0, errp)) {
            break;
        }
        visit_type_uint64(v, "number", &seq, errp);
        visit_str_field(v, "product", product_str(e->product), errp);
        visit_type_uint64(v, "length", &len, errp);
        visit_str_field(v, "data", g_string_free(g_steal_pointer(&hex), false),
                        errp);
        visit_check_struct(v, errp);
        visit_end_struct(v, NULL);
    }
    visit_end_list(v, NULL);
}

/* A virtual storage reset ends all monitoring */
static void zvm_appldata_reset(void *opaque)
{
    ZvmAppldata *a = opaque;

    memset(a->buffers, 0, sizeof(a->buffers));
}

static void zvm_appldata_realize(DeviceState *dev, Error **errp)
{
    notifier_list_init(&ZVM_APPLDATA(dev)->event_notifiers);
    qemu_register_reset(zvm_appldata_reset, dev);
}

static void zvm_appldata_unrealize(DeviceState *dev)
{
    ZvmAppldata *a = ZVM_APPLDATA(dev);

    qemu_unregister_reset(zvm_appldata_reset, dev);
    zvm_appldata_reset(a);
    a->nr_events = 0;
}

static bool buffer_valid(const ZvmAppldataBuffer *b)
{
    return !b->function || ((b->function == ZVM_APPLDATA_START_INTERVAL ||
                             b->function == ZVM_APPLDATA_START_CONFIG) &&
                            b->len && b->len <= ZVM_APPLDATA_MAX_LEN);
}

static int zvm_appldata_post_load(void *opaque, int version_id)
{
    ZvmAppldata *a = opaque;

    for (int i = 0; i < ZVM_APPLDATA_MAX_BUFFERS; i++) {
        if (!buffer_valid(&a->buffers[i])) {
            return -EINVAL;
        }
    }
    for (int i = 0; i < ZVM_APPLDATA_EVENTS_KEPT; i++) {
        if (a->events[i].len > ZVM_APPLDATA_MAX_LEN) {
            return -EINVAL;
        }
    }
    return 0;
}

static const VMStateDescription vmstate_appldata_buffer = {
    .name = "zvm-appldata/buffer",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(product, ZvmAppldataBuffer,
                            ZVM_APPLDATA_PRODUCT_LEN),
        VMSTATE_UINT64(addr, ZvmAppldataBuffer),
        VMSTATE_UINT32(len, ZvmAppldataBuffer),
        VMSTATE_UINT8(function, ZvmAppldataBuffer),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_appldata_event = {
    .name = "zvm-appldata/event",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8_ARRAY(product, ZvmAppldataEvent,
                            ZVM_APPLDATA_PRODUCT_LEN),
        VMSTATE_UINT32(len, ZvmAppldataEvent),
        VMSTATE_UINT8_ARRAY(data, ZvmAppldataEvent, ZVM_APPLDATA_MAX_LEN),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_appldata = {
    .name = "zvm-appldata",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zvm_appldata_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT_ARRAY(buffers, ZvmAppldata, ZVM_APPLDATA_MAX_BUFFERS,
                             1, vmstate_appldata_buffer, ZvmAppldataBuffer),
        VMSTATE_UINT64(nr_events, ZvmAppldata),
        VMSTATE_STRUCT_ARRAY(events, ZvmAppldata, ZVM_APPLDATA_EVENTS_KEPT,
                             1, vmstate_appldata_event, ZvmAppldataEvent),
        VMSTATE_END_OF_LIST()
    }
};

static const Property zvm_appldata_properties[] = {
    DEFINE_PROP_BOOL("applmon", ZvmAppldata, applmon, true),
};

static void zvm_appldata_class_init(ObjectClass *oc, ZvmClassData *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "z/VM application monitor data (DIAGNOSE X'DC')";
    dc->realize = zvm_appldata_realize;
    dc->unrealize = zvm_appldata_unrealize;
    dc->vmsd = &vmstate_appldata;
    dc->user_creatable = false;
    device_class_set_props(dc, zvm_appldata_properties);
    object_class_property_add(oc, "buffers", "ZvmAppldataBuffers",
                              get_buffers, NULL, NULL, NULL);
    object_class_property_set_description(oc, "buffers",
            "the sample and configuration buffers the guest registered");
    object_class_property_add(oc, "events", "ZvmAppldataEvents",
                              get_events, NULL, NULL, NULL);
    object_class_property_set_description(oc, "events",
            "the last event records the guest generated");
}

static const TypeInfo zvm_appldata_info = {
    .name = TYPE_ZVM_APPLDATA,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(ZvmAppldata),
    .class_init = zvm_appldata_class_init,
};

static void zvm_appldata_register_types(void)
{
    type_register_static(&zvm_appldata_info);
}

type_init(zvm_appldata_register_types)
