/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the z/VM personality, a device of the machine (zvm-machine.c).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qom/object.h"
#include "qemu/cutils.h"
#include "system/system.h"
#include "hw/qdev-properties.h"
#include "hw/watchdog/wdt_diag288.h"
#include "zvm-appldata.h"
#include "zvm-iucv.h"
#include "zvm-monsvc.h"
#include "zvm.h"
#include "zvm-machine.h"
#include "dcss-def.h"
#include "zvm-compat.h"

#define ZVM_DEFAULT_USERID  "LINUX"
#define ZVM_DEFAULT_CPLEVEL "7.4.0"

ZvmPersonality *zvm_personality(void)
{
    return ZVM_PERSONALITY(zvm_machine_model(ZVM_PERSONALITY_CHILD));
}

static gint cmp_names(gconstpointer a, gconstpointer b, gpointer opaque)
{
    return strcmp(a, b);
}

GList *zvm_cp_command_names(ZvmPersonality *zvm)
{
    return g_list_sort_with_data(g_hash_table_get_keys(zvm->cp_counts),
                                 cmp_names, NULL);
}

/* CP user IDs follow the rule of saved segment names */
bool zvm_userid_valid(const char *userid)
{
    return zvm_dcss_name_valid(userid);
}

/* The default user ID: -name in upper case, reduced to valid characters */
static char *zvm_userid_from_name(void)
{
    GString *id = g_string_new(NULL);

    for (const char *p = qemu_name; p && *p && id->len < ZVM_USERID_MAX; p++) {
        const char c = g_ascii_toupper(*p);

        if (g_ascii_isupper(c) || g_ascii_isdigit(c) || strchr("@#$_-", c)) {
            g_string_append_c(id, c);
        }
    }
    if (!id->len) {
        g_string_append(id, ZVM_DEFAULT_USERID);
    }
    return g_string_free(id, false);
}

static bool zvm_cplevel_valid(const char *level)
{
    unsigned v, r, m;
    char end;

    return sscanf(level, "%u.%u.%u%c", &v, &r, &m, &end) == 3 &&
           v < 100 && r < 10 && m < 10;
}

static void zvm_get_counts(Object *obj, Visitor *v, const char *name,
                           void *opaque, Error **errp)
{
    ZvmPersonality *zvm = ZVM_PERSONALITY(obj);
    g_autoptr(GList) keys = zvm_cp_command_names(zvm);

    if (!visit_start_struct(v, name, NULL, 0, errp)) {
        return;
    }
    for (GList *k = keys; k; k = k->next) {
        uint64_t n = GPOINTER_TO_SIZE(g_hash_table_lookup(zvm->cp_counts,
                                                          k->data));

        if (!visit_type_uint64(v, k->data, &n, errp)) {
            break;
        }
    }
    visit_check_struct(v, errp);
    visit_end_struct(v, NULL);
}

static void zvm_instance_init(Object *obj)
{
    ZvmPersonality *zvm = ZVM_PERSONALITY(obj);

    zvm->conmode = g_strdup("3215");
    zvm->cp_counts = g_hash_table_new_full(g_str_hash, g_str_equal,
                                           g_free, NULL);
}

/* A device of the personality's own, realized as its child @name */
static DeviceState *zvm_child(ZvmPersonality *zvm, const char *name,
                              const char *type, Error **errp)
{
    DeviceState *dev = qdev_new(type);

    object_property_add_child(OBJECT(zvm), name, OBJECT(dev));
    if (!qdev_realize_and_unref(dev, NULL, errp)) {
        object_unparent(OBJECT(dev));
        return NULL;
    }
    return dev;
}

static void zvm_unrealize(DeviceState *dev);

/*
 * Identity is fixed when the machine lays out its memory (its extension's
 * memory_init): -name and the options may come in any order on the
 * command line.
 */
static void zvm_realize(DeviceState *dev, Error **errp)
{
    ZvmPersonality *zvm = ZVM_PERSONALITY(dev);

    if (zvm->userid && !zvm_userid_valid(zvm->userid)) {
        error_setg(errp, "'%s' must be a z/VM user ID: 1 to %d characters "
                   "of A-Z, 0-9, @, #, $, _ and -", ZVM_USERID_PROP,
                   ZVM_USERID_MAX);
        return;
    }
    if (zvm->cplevel && !zvm_cplevel_valid(zvm->cplevel)) {
        error_setg(errp, "'%s' must be a z/VM version as V.R.M, e.g. %s",
                   ZVM_CPLEVEL_PROP, ZVM_DEFAULT_CPLEVEL);
        return;
    }
    if (!zvm->userid) {
        zvm->userid = zvm_userid_from_name();
    }
    if (!zvm->cplevel) {
        zvm->cplevel = g_strdup(ZVM_DEFAULT_CPLEVEL);
    }
    /* CP offers every virtual machine its watchdog (DIAGNOSE X'288') */
    zvm->watchdog = zvm_child(zvm, "watchdog", TYPE_WDT_DIAG288, errp);
    if (!zvm->watchdog) {
        return;
    }
    /* and its monitor (DIAGNOSE X'DC') */
    zvm->appldata = ZVM_APPLDATA(zvm_child(zvm, "appldata", TYPE_ZVM_APPLDATA,
                                           errp));
    if (!zvm->appldata) {
        zvm_unrealize(dev);
        return;
    }
    /* and IUCV, with the system service *MSG */
    zvm->iucv = ZVM_IUCV(zvm_child(zvm, "iucv", TYPE_ZVM_IUCV, errp));
    if (!zvm->iucv) {
        zvm_unrealize(dev);
        return;
    }
    /* and the system service *MONITOR, which hands out monitor records */
    zvm->monsvc = zvm_child(zvm, "monitor", TYPE_ZVM_MONSVC, errp);
    if (!zvm->monsvc) {
        zvm_unrealize(dev);
    }
}

/* What the guest changed goes with it */
static void zvm_unrealize(DeviceState *dev)
{
    ZvmPersonality *zvm = ZVM_PERSONALITY(dev);

    if (zvm->monsvc) {
        object_unparent(OBJECT(zvm->monsvc));
        zvm->monsvc = NULL;
    }
    if (zvm->iucv) {
        object_unparent(OBJECT(zvm->iucv));
        zvm->iucv = NULL;
    }
    if (zvm->appldata) {
        object_unparent(OBJECT(zvm->appldata));
        zvm->appldata = NULL;
    }
    if (zvm->watchdog) {
        object_unparent(OBJECT(zvm->watchdog));
        zvm->watchdog = NULL;
    }
    g_free(zvm->conmode);
    zvm->conmode = g_strdup("3215");
    g_hash_table_remove_all(zvm->cp_counts);
}

static char *zvm_get_conmode(Object *obj, Error **errp)
{
    return g_strdup(ZVM_PERSONALITY(obj)->conmode);
}

static const Property zvm_properties[] = {
    DEFINE_PROP_BOOL("enabled", ZvmPersonality, enabled, false),
    DEFINE_PROP_STRING("cp-userid", ZvmPersonality, userid),
    DEFINE_PROP_STRING("cp-level", ZvmPersonality, cplevel),
};

static void zvm_class_init(ObjectClass *oc, ZvmClassData *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "z/VM personality of the s390-ccw-virtio machine";
    dc->realize = zvm_realize;
    dc->unrealize = zvm_unrealize;
    /* created with the machine, configured by its zvm* options */
    dc->user_creatable = false;
    device_class_set_props(dc, zvm_properties);
    object_class_property_add_str(oc, "conmode", zvm_get_conmode, NULL);
    object_class_property_add(oc, "cp-commands", "ZvmCpCounts",
                              zvm_get_counts, NULL, NULL, NULL);
    object_class_property_set_description(oc, "cp-commands",
            "number of CP commands executed, by command");
}

static void zvm_finalize(Object *obj)
{
    ZvmPersonality *zvm = ZVM_PERSONALITY(obj);

    g_free(zvm->conmode);
    g_hash_table_destroy(zvm->cp_counts);
}

static const TypeInfo zvm_info = {
    .name = TYPE_ZVM_PERSONALITY,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(ZvmPersonality),
    .instance_init = zvm_instance_init,
    .instance_finalize = zvm_finalize,
    .class_init = zvm_class_init,
};

static void zvm_register_types(void)
{
    type_register_static(&zvm_info);
}

type_init(zvm_register_types)
