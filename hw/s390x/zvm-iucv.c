/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: IUCV, the model behind the IUCV instruction and its external
 * interruptions (target-s390x/zvm-iucv.c decodes the instruction and
 * presents the interruptions).
 *
 * CP queues interruptions for the virtual machine; a virtual CPU takes
 * the first its masks allow, once it declared an interrupt buffer
 * (CP Programming Services, "IUCV"). Other system services register
 * their hooks for CONNECT, REPLY and SEVER. A CONNECT to *MSG completes at
 * once: cc 0 with the pathid and a connection-complete interruption. A
 * special message (CP's SMSG, from the guest or from QMP's zvm-smsg)
 * then becomes a message-pending interruption of class 4 on that path
 * when the guest set SMSG IUCV; the guest receives the 8-byte sender
 * and the text, both EBCDIC. A system reset severs every path and
 * forgets buffers, masks, interruptions and messages, as a virtual
 * machine reset does in CP.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qapi/qapi-commands-zvm.h"
#include "qom/object.h"
#include "system/reset.h"
#include "hw/core/cpu.h"
#include "exec/cpu-interrupt.h"
#include "migration/vmstate.h"
#include "monitor/monitor.h"
#include "monitor/hmp.h"
#include "qobject/qdict.h"
#include "zvm.h"
#include "zvm-iucv.h"
#include "zvm-ebcdic.h"
#include "zvm-monitor.h"
#include "zvm-compat.h"
#include "trace.h"

#define IUCV_IPRCODE_MAX_CONN   0x0d    /* this user's connections */
#define IUCV_IPRCODE_TARGET_MAX 0x0e    /* the target's connections */

ZvmIucv *zvm_iucv(void)
{
    ZvmPersonality *zvm = zvm_personality();

    return zvm ? zvm->iucv : NULL;
}

/* May CPU @cpu take an interruption of @iptype? (SETMASK, SETCMASK) */
static bool enabled(ZvmIucv *iucv, int cpu, uint8_t iptype)
{
    switch (iptype) {
    case 0x01 ... 0x05:     /* control: IUCV bit and its own */
        return (iucv->mask[cpu] & 0x08) &&
               (iucv->cmask[cpu] & (0x80 >> (iptype - 1)));
    case 0x06 ... 0x09:     /* completion and pending, priority or not */
        return iucv->mask[cpu] & (0x10 << (iptype - 6));
    default:
        return false;
    }
}

bool zvm_iucv_next(ZvmIucv *iucv, int cpu, bool take, uint8_t *buf,
                   uint64_t *addr)
{
    if (cpu < 0 || cpu >= ZVM_IUCV_MAX_CPUS || !iucv->declared[cpu]) {
        return false;
    }
    for (uint32_t i = 0; i < iucv->queued; i++) {
        uint8_t *irq = iucv->queue[i];

        if (!enabled(iucv, cpu, irq[3])) {
            continue;
        }
        if (take) {
            memcpy(buf, irq, ZVM_IUCV_IRQ_LEN);
            *addr = iucv->buffer[cpu];
            memmove(irq, irq + ZVM_IUCV_IRQ_LEN,
                    (iucv->queued - i - 1) * ZVM_IUCV_IRQ_LEN);
            iucv->queued--;
            trace_zvm_iucv_irq(cpu, buf[3], lduw_be_p(buf), iucv->queued);
        }
        return true;
    }
    return false;
}

bool zvm_iucv_queue(ZvmIucv *iucv, const uint8_t *irq)
{
    CPUState *cs;

    if (iucv->queued == ZVM_IUCV_QUEUE) {
        return false;
    }
    memcpy(iucv->queue[iucv->queued++], irq, ZVM_IUCV_IRQ_LEN);
    CPU_FOREACH(cs) {
        cpu_interrupt(cs, CPU_INTERRUPT_HARD);
    }
    return true;
}

ZvmIucvPath *zvm_iucv_path(ZvmIucv *iucv, uint64_t pathid)
{
    if (pathid >= ZVM_IUCV_MAX_PATHS || !iucv->paths[pathid].service) {
        return NULL;
    }
    return &iucv->paths[pathid];
}

void zvm_iucv_add_service(ZvmIucv *iucv, uint8_t id, const ZvmIucvService *s,
                          void *opaque)
{
    assert(id > ZVM_IUCV_SERVICE_MSG && id < ZVM_IUCV_SERVICES);
    iucv->services[id] = s;
    iucv->service_opaque[id] = opaque;
}

uint8_t zvm_iucv_find_service(ZvmIucv *iucv, const char *name)
{
    if (!strcmp(name, "*MSG")) {
        return ZVM_IUCV_SERVICE_MSG;
    }
    for (uint8_t id = ZVM_IUCV_SERVICE_MSG + 1; id < ZVM_IUCV_SERVICES; id++) {
        if (iucv->services[id] && !strcmp(iucv->services[id]->name, name)) {
            return id;
        }
    }
    return 0;
}

bool zvm_iucv_path_irq(ZvmIucv *iucv, uint16_t pathid, uint8_t iptype,
                       const uint8_t *ipuser)
{
    uint8_t irq[ZVM_IUCV_IRQ_LEN] = { 0 };
    ZvmIucvPath *path = zvm_iucv_path(iucv, pathid);

    stw_be_p(irq, pathid);
    irq[3] = iptype;
    if (iptype == ZVM_IUCV_PATH_COMPLETE && path) {
        irq[2] = path->flags;
        stw_be_p(irq + 4, path->msglim);
    }
    if (ipuser) {
        memcpy(irq + 16, ipuser, ZVM_IUCV_IPUSER_LEN);
    }
    return zvm_iucv_queue(iucv, irq);
}

bool zvm_iucv_send_prm(ZvmIucv *iucv, uint16_t pathid, uint32_t msgid,
                       uint32_t class, const uint8_t *prm)
{
    uint8_t irq[ZVM_IUCV_IRQ_LEN] = { 0 };

    stw_be_p(irq, pathid);
    irq[2] = ZVM_IUCV_IPRMDATA;
    irq[3] = ZVM_IUCV_MSG_PENDING;
    stl_be_p(irq + 4, msgid);
    stl_be_p(irq + 8, class);
    memcpy(irq + 12, prm, ZVM_IUCV_PRM_LEN);
    return zvm_iucv_queue(iucv, irq);
}

uint8_t zvm_iucv_connect(ZvmIucv *iucv, uint8_t service, uint8_t flags,
                         uint16_t msglim, const uint8_t *ipuser,
                         uint16_t *pathid)
{
    const ZvmIucvService *s = iucv->services[service];
    int free = -1;

    for (int i = ZVM_IUCV_MAX_PATHS - 1; i >= 0; i--) {
        if (iucv->paths[i].service == service) {
            return IUCV_IPRCODE_TARGET_MAX;     /* one path per service */
        }
        if (!iucv->paths[i].service) {
            free = i;
        }
    }
    if (free < 0 || iucv->queued == ZVM_IUCV_QUEUE) {
        return IUCV_IPRCODE_MAX_CONN;
    }
    iucv->paths[free].service = service;
    /* *MSG sends no data in the parameter list; other services may */
    iucv->paths[free].flags = service == ZVM_IUCV_SERVICE_MSG &&
                              (flags & ZVM_IUCV_IPRMDATA) ? 0 : flags;
    iucv->paths[free].msglim = msglim;
    *pathid = free;
    if (s) {
        s->connect(iucv->service_opaque[service], free, ipuser);
    } else {
        zvm_iucv_path_irq(iucv, free, ZVM_IUCV_PATH_COMPLETE, NULL);
    }
    return 0;
}

/* Drop the interruptions for @pathid that CP has not presented yet */
static void unqueue(ZvmIucv *iucv, uint16_t pathid)
{
    uint32_t j = 0;

    for (uint32_t i = 0; i < iucv->queued; i++) {
        if (lduw_be_p(iucv->queue[i]) != pathid) {
            memmove(iucv->queue[j++], iucv->queue[i], ZVM_IUCV_IRQ_LEN);
        }
    }
    iucv->queued = j;
}

void zvm_iucv_sever(ZvmIucv *iucv, uint16_t pathid)
{
    const ZvmIucvService *s;

    if (pathid >= ZVM_IUCV_MAX_PATHS) {
        return;
    }
    s = iucv->services[iucv->paths[pathid].service];
    if (s) {
        s->severed(iucv->service_opaque[iucv->paths[pathid].service], pathid);
    }
    memset(&iucv->paths[pathid], 0, sizeof(iucv->paths[pathid]));
    unqueue(iucv, pathid);
    for (int i = 0; i < ZVM_IUCV_MSGS; i++) {
        if (iucv->msgs[i].id && iucv->msgs[i].pathid == pathid) {
            memset(&iucv->msgs[i], 0, sizeof(iucv->msgs[i]));
        }
    }
}

ZvmIucvMsg *zvm_iucv_msg(ZvmIucv *iucv, uint16_t pathid, bool match_id,
                         uint32_t msgid)
{
    for (int i = 0; i < ZVM_IUCV_MSGS; i++) {
        ZvmIucvMsg *m = &iucv->msgs[i];

        if (m->id && m->pathid == pathid && (!match_id || m->id == msgid)) {
            return m;
        }
    }
    return NULL;
}

static uint32_t msg_count(ZvmIucv *iucv, uint16_t pathid)
{
    uint32_t n = 0;

    for (int i = 0; i < ZVM_IUCV_MSGS; i++) {
        n += iucv->msgs[i].id && iucv->msgs[i].pathid == pathid;
    }
    return n;
}

int zvm_iucv_smsg(ZvmIucv *iucv, const char *from, const char *text,
                  Error **errp)
{
    ZvmPersonality *zvm = zvm_personality();
    uint8_t irq[ZVM_IUCV_IRQ_LEN] = { 0 };
    g_autofree char *sender = g_ascii_strup(from, -1);
    ZvmIucvMsg *m = NULL;
    int pathid = -1;
    size_t len = strlen(text);

    for (int i = 0; i < ZVM_IUCV_MAX_PATHS; i++) {
        if (iucv->paths[i].service == ZVM_IUCV_SERVICE_MSG) {
            pathid = i;
        }
    }
    if (iucv->smsg != ZVM_IUCV_SMSG_IUCV || pathid < 0) {
        /* HCPMFS057I: SET SMSG ON alone only lets them through to *MSG */
        error_setg(errp, "HCPMFS057I %s not receiving; SMSG off",
                   zvm->userid);
        return 57;
    }
    if (!zvm_userid_valid(sender) || len > ZVM_IUCV_MSG_MAX - 8) {
        error_setg(errp, "HCPMSG003E Invalid option - %s",
                   len > ZVM_IUCV_MSG_MAX - 8 ? "text" : from);
        return 3;
    }
    for (int i = 0; !m && i < ZVM_IUCV_MSGS; i++) {
        if (!iucv->msgs[i].id) {
            m = &iucv->msgs[i];
        }
    }
    if (!m || iucv->queued == ZVM_IUCV_QUEUE ||
        msg_count(iucv, pathid) >= iucv->paths[pathid].msglim) {
        /* HCPMFS057I as well: *MSG's path is at its message limit */
        error_setg(errp, "HCPMFS057I %s not receiving; message limit "
                   "reached", zvm->userid);
        return 57;
    }
    memset(m, 0, sizeof(*m));
    m->id = ++iucv->next_msgid ? iucv->next_msgid : ++iucv->next_msgid;
    m->pathid = pathid;
    m->class = ZVM_IUCV_CLASS_SMSG;
    m->len = 8 + len;
    memset(m->data, 0x40, 8);
    zvm_ascii_to_ebcdic(m->data, sender, strlen(sender));
    zvm_ascii_to_ebcdic(m->data + 8, text, len);
    stw_be_p(irq, pathid);
    irq[2] = 0x10;                      /* IPNORPY: no reply */
    irq[3] = ZVM_IUCV_MSG_PENDING;
    stl_be_p(irq + 4, m->id);
    stl_be_p(irq + 8, m->class);
    stl_be_p(irq + 16, m->len);
    zvm_iucv_queue(iucv, irq);
    iucv->nr_smsgs++;
    trace_zvm_iucv_smsg(sender, m->id, m->len);
    return 0;
}

static void zvm_iucv_reset(void *opaque)
{
    ZvmIucv *iucv = opaque;
    uint64_t nr_smsgs = iucv->nr_smsgs;

    memset(&iucv->declared, 0,
           offsetof(ZvmIucv, services) - offsetof(ZvmIucv, declared));
    iucv->nr_smsgs = nr_smsgs;
}

static void zvm_iucv_realize(DeviceState *dev, Error **errp)
{
    qemu_register_reset(zvm_iucv_reset, dev);
}

static void zvm_iucv_unrealize(DeviceState *dev)
{
    ZvmIucv *iucv = ZVM_IUCV(dev);

    qemu_unregister_reset(zvm_iucv_reset, dev);
    zvm_iucv_reset(iucv);
    iucv->nr_smsgs = 0;
}

static int zvm_iucv_post_load(void *opaque, int version_id)
{
    ZvmIucv *iucv = opaque;

    if (iucv->queued > ZVM_IUCV_QUEUE || iucv->smsg > ZVM_IUCV_SMSG_IUCV) {
        return -EINVAL;
    }
    for (int i = 0; i < ZVM_IUCV_MAX_PATHS; i++) {
        if (iucv->paths[i].service >= ZVM_IUCV_SERVICES) {
            return -EINVAL;
        }
    }
    for (int i = 0; i < ZVM_IUCV_MSGS; i++) {
        ZvmIucvMsg *m = &iucv->msgs[i];

        if (m->id && (m->len > ZVM_IUCV_MSG_MAX || m->done > m->len ||
                      !zvm_iucv_path(iucv, m->pathid))) {
            return -EINVAL;
        }
    }
    return 0;
}

static const VMStateDescription vmstate_iucv_path = {
    .name = "zvm-iucv/path",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(service, ZvmIucvPath),
        VMSTATE_UINT8(flags, ZvmIucvPath),
        VMSTATE_UINT16(msglim, ZvmIucvPath),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_iucv_msg = {
    .name = "zvm-iucv/msg",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(id, ZvmIucvMsg),
        VMSTATE_UINT16(pathid, ZvmIucvMsg),
        VMSTATE_UINT32(class, ZvmIucvMsg),
        VMSTATE_UINT32(len, ZvmIucvMsg),
        VMSTATE_UINT32(done, ZvmIucvMsg),
        VMSTATE_UINT8_ARRAY(data, ZvmIucvMsg, ZVM_IUCV_MSG_MAX),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_iucv = {
    .name = "zvm-iucv",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = zvm_iucv_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL_ARRAY(declared, ZvmIucv, ZVM_IUCV_MAX_CPUS),
        VMSTATE_UINT64_ARRAY(buffer, ZvmIucv, ZVM_IUCV_MAX_CPUS),
        VMSTATE_UINT8_ARRAY(mask, ZvmIucv, ZVM_IUCV_MAX_CPUS),
        VMSTATE_UINT8_ARRAY(cmask, ZvmIucv, ZVM_IUCV_MAX_CPUS),
        VMSTATE_STRUCT_ARRAY(paths, ZvmIucv, ZVM_IUCV_MAX_PATHS, 1,
                             vmstate_iucv_path, ZvmIucvPath),
        VMSTATE_BUFFER_UNSAFE(queue, ZvmIucv, 0,
                              ZVM_IUCV_QUEUE * ZVM_IUCV_IRQ_LEN),
        VMSTATE_UINT32(queued, ZvmIucv),
        VMSTATE_STRUCT_ARRAY(msgs, ZvmIucv, ZVM_IUCV_MSGS, 1,
                             vmstate_iucv_msg, ZvmIucvMsg),
        VMSTATE_UINT32(next_msgid, ZvmIucv),
        VMSTATE_UINT8(smsg, ZvmIucv),
        VMSTATE_UINT64(nr_smsgs, ZvmIucv),
        VMSTATE_END_OF_LIST()
    }
};

static void get_uint(Object *obj, Visitor *v, const char *name,
                     void *opaque, Error **errp)
{
    ZvmIucv *iucv = ZVM_IUCV(obj);
    uint64_t n = 0;

    if (!strcmp(name, "paths")) {
        for (int i = 0; i < ZVM_IUCV_MAX_PATHS; i++) {
            n += !!iucv->paths[i].service;
        }
    } else if (!strcmp(name, "buffers")) {
        for (int i = 0; i < ZVM_IUCV_MAX_CPUS; i++) {
            n += iucv->declared[i];
        }
    } else if (!strcmp(name, "queued")) {
        n = iucv->queued;
    } else {
        n = iucv->nr_smsgs;
    }
    visit_type_uint64(v, name, &n, errp);
}

static void zvm_iucv_class_init(ObjectClass *oc, ZvmClassData *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    static const char *const counts[][2] = {
        { "paths", "IUCV paths connected" },
        { "buffers", "virtual CPUs with an interrupt buffer declared" },
        { "queued", "interruptions not yet presented" },
        { "smsgs", "special messages given to *MSG" },
    };

    dc->desc = "z/VM IUCV (the IUCV instruction, *MSG)";
    dc->realize = zvm_iucv_realize;
    dc->unrealize = zvm_iucv_unrealize;
    dc->vmsd = &vmstate_iucv;
    dc->user_creatable = false;
    for (int i = 0; i < ARRAY_SIZE(counts); i++) {
        object_class_property_add(oc, counts[i][0], "uint64", get_uint,
                                  NULL, NULL, NULL);
        object_class_property_set_description(oc, counts[i][0],
                                              counts[i][1]);
    }
}

static const TypeInfo zvm_iucv_info = {
    .name = TYPE_ZVM_IUCV,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(ZvmIucv),
    .class_init = zvm_iucv_class_init,
};

/* QMP zvm-smsg: CP's SMSG from another virtual machine */
void qmp_zvm_smsg(const char *from, const char *text, Error **errp)
{
    ZvmIucv *iucv = zvm_iucv();

    if (!iucv) {
        error_setg(errp, "the machine has no z/VM personality (zvm=on)");
        return;
    }
    zvm_iucv_smsg(iucv, from, text, errp);
}

void hmp_zvm_smsg(Monitor *mon, const QDict *qdict)
{
    Error *err = NULL;

    qmp_zvm_smsg(qdict_get_str(qdict, "from"), qdict_get_str(qdict, "text"),
                 &err);
    hmp_handle_error(mon, err);
}

static void zvm_iucv_register_types(void)
{
    type_register_static(&zvm_iucv_info);
}

type_init(zvm_iucv_register_types)
