/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the z/VM personality object and its machine properties.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qom/object.h"
#include "qemu/cutils.h"
#include "system/system.h"
#include "hw/boards.h"
#include "hw/s390x/s390-virtio-ccw.h"
#include "zvm.h"
#include "dcss-def.h"

#define ZVM_DEFAULT_USERID  "LINUX"
#define ZVM_DEFAULT_CPLEVEL "7.4.0"

static ZvmPersonality *zvm_instance;
static char *zvm_userid_opt;
static char *zvm_cplevel_opt;

ZvmPersonality *zvm_personality(void)
{
    return zvm_instance;
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
    g_autoptr(GList) keys = g_hash_table_get_keys(zvm->cp_counts);

    if (!visit_start_struct(v, name, NULL, 0, errp)) {
        return;
    }
    keys = g_list_sort(keys, (GCompareFunc)strcmp);
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

static char *zvm_get_userid(Object *obj, Error **errp)
{
    return g_strdup(ZVM_PERSONALITY(obj)->userid);
}

static char *zvm_get_cplevel(Object *obj, Error **errp)
{
    return g_strdup(ZVM_PERSONALITY(obj)->cplevel);
}

static char *zvm_get_conmode(Object *obj, Error **errp)
{
    return g_strdup(ZVM_PERSONALITY(obj)->conmode);
}

static void zvm_class_init(ObjectClass *oc, void *data)
{
    object_class_property_add_str(oc, "cp-userid", zvm_get_userid, NULL);
    object_class_property_add_str(oc, "cp-level", zvm_get_cplevel, NULL);
    object_class_property_add_str(oc, "conmode", zvm_get_conmode, NULL);
    object_class_property_add(oc, "cp-commands", "ZvmCpCounts",
                              zvm_get_counts, NULL, NULL, NULL);
    object_class_property_set_description(oc, "cp-commands",
            "number of CP commands executed, by command");
}

static void zvm_finalize(Object *obj)
{
    ZvmPersonality *zvm = ZVM_PERSONALITY(obj);

    g_free(zvm->userid);
    g_free(zvm->cplevel);
    g_free(zvm->conmode);
    g_hash_table_destroy(zvm->cp_counts);
}

static const TypeInfo zvm_info = {
    .name = TYPE_ZVM_PERSONALITY,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(ZvmPersonality),
    .instance_init = zvm_instance_init,
    .instance_finalize = zvm_finalize,
    .class_init = zvm_class_init,
};

/* Machine properties */

static bool machine_get_zvm(Object *obj, Error **errp)
{
    return zvm_instance != NULL;
}

/*
 * The personality is created when "zvm=on" is set, before any CPU runs,
 * and lives as long as the machine (/machine/zvm-personality).
 */
static void machine_set_zvm(Object *obj, bool value, Error **errp)
{
    if (!value || zvm_instance) {
        if (!value && zvm_instance) {
            object_unparent(OBJECT(zvm_instance));
            zvm_instance = NULL;
        }
        return;
    }
    zvm_instance = ZVM_PERSONALITY(object_new(TYPE_ZVM_PERSONALITY));
    object_property_add_child(obj, "zvm-personality", OBJECT(zvm_instance));
    object_unref(OBJECT(zvm_instance));
}

static char *machine_get_zvm_userid(Object *obj, Error **errp)
{
    return g_strdup(zvm_userid_opt);
}

static void machine_set_zvm_userid(Object *obj, const char *value,
                                   Error **errp)
{
    if (!zvm_userid_valid(value)) {
        error_setg(errp, "'%s' must be a z/VM user ID: 1 to %d characters "
                   "of A-Z, 0-9, @, #, $, _ and -", ZVM_USERID_PROP,
                   ZVM_USERID_MAX);
        return;
    }
    g_free(zvm_userid_opt);
    zvm_userid_opt = g_strdup(value);
}

static char *machine_get_zvm_cplevel(Object *obj, Error **errp)
{
    return g_strdup(zvm_cplevel_opt ? zvm_cplevel_opt : ZVM_DEFAULT_CPLEVEL);
}

static void machine_set_zvm_cplevel(Object *obj, const char *value,
                                    Error **errp)
{
    if (!zvm_cplevel_valid(value)) {
        error_setg(errp, "'%s' must be a z/VM version as V.R.M, e.g. %s",
                   ZVM_CPLEVEL_PROP, ZVM_DEFAULT_CPLEVEL);
        return;
    }
    g_free(zvm_cplevel_opt);
    zvm_cplevel_opt = g_strdup(value);
}

/*
 * Identity is fixed when the machine is done: -name and the options may
 * come in any order on the command line.
 */
static void zvm_machine_done(Notifier *n, void *unused)
{
    if (!zvm_instance) {
        return;
    }
    zvm_instance->userid = zvm_userid_opt ? g_strdup(zvm_userid_opt)
                                          : zvm_userid_from_name();
    zvm_instance->cplevel = g_strdup(zvm_cplevel_opt ? zvm_cplevel_opt
                                                     : ZVM_DEFAULT_CPLEVEL);
}

static Notifier zvm_machine_done_notifier = {
    .notify = zvm_machine_done,
};

static void zvm_machine_class_init(ObjectClass *oc)
{
    object_class_property_add_bool(oc, ZVM_PROP, machine_get_zvm,
                                   machine_set_zvm);
    object_class_property_set_description(oc, ZVM_PROP,
            "present the z/VM personality to the guest (STSI 3.2.2, CP "
            "commands through DIAGNOSE X'08', IUCV); off by default");
    object_class_property_add_str(oc, ZVM_USERID_PROP,
                                  machine_get_zvm_userid,
                                  machine_set_zvm_userid);
    object_class_property_set_description(oc, ZVM_USERID_PROP,
            "z/VM user ID of the guest (default: from -name, else LINUX)");
    object_class_property_add_str(oc, ZVM_CPLEVEL_PROP,
                                  machine_get_zvm_cplevel,
                                  machine_set_zvm_cplevel);
    object_class_property_set_description(oc, ZVM_CPLEVEL_PROP,
            "z/VM version reported by STSI and QUERY CPLEVEL (default "
            ZVM_DEFAULT_CPLEVEL ")");
    qemu_add_machine_init_done_notifier(&zvm_machine_done_notifier);
}

static void zvm_register_types(void)
{
    type_register_static(&zvm_info);
    s390_ccw_machine_register_class_init(zvm_machine_class_init);
}

type_init(zvm_register_types)
