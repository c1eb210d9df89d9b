/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the extension of the s390-ccw-virtio machine
 * (S390CcwMachineExtension).
 *
 * Each model is a bus-less device, a child of the machine created with
 * it, which holds its own configuration:
 *
 *   /machine/zvm-personality  zvm-personality       zvm, zvm-userid,
 *                                                   zvm-cplevel
 *   /machine/standby-storage  s390-standby-storage  standby-mem
 *   /machine/zvm-dcss         zvm-dcss              zvm-dcss-store,
 *                                                   zvm-dcss-overlap
 *
 * The -machine options are class properties of the machine that forward
 * to a property of one of them, as alias properties do. While the
 * machine lays out its memory (before the memory limit is set and
 * before any CPU exists) the configured models are realized in this
 * order and the others removed; each unrealizes in the mirror order of
 * its realize.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/forward-visitor.h"
#include "qapi/visitor.h"
#include "qobject/qdict.h"
#include "qobject/qstring.h"
#include "qemu/error-report.h"
#include "qemu/keyval.h"
#include "system/tcg.h"
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "hw/s390x/s390-virtio-ccw.h"
#include "zvm.h"
#include "zvm-machine.h"
#include "dcss.h"
#include "dcss-internal.h"
#include "standby.h"

typedef struct ZvmMachineOption {
    const char *name;       /* -machine option */
    const char *type;
    const char *child;      /* the model that holds it */
    const char *prop;       /* and its property */
    const char *unset;      /* str and enum: its value once removed */
    const QEnumLookup *lookup;  /* enum */
    const char *desc;
} ZvmMachineOption;

static const ZvmMachineOption machine_options[] = {
    {
        .name = ZVM_PROP, .type = "bool",
        .child = ZVM_PERSONALITY_CHILD, .prop = "enabled",
        .desc = "present the z/VM personality to the guest (STSI 3.2.2, CP "
                "commands through DIAGNOSE X'08', IUCV, saved segments); off "
                "by default",
    }, {
        .name = ZVM_USERID_PROP, .type = "str",
        .child = ZVM_PERSONALITY_CHILD, .prop = "cp-userid", .unset = "",
        .desc = "z/VM user ID of the guest (default: from -name, else LINUX)",
    }, {
        .name = ZVM_CPLEVEL_PROP, .type = "str",
        .child = ZVM_PERSONALITY_CHILD, .prop = "cp-level", .unset = "",
        .desc = "z/VM version reported by STSI and QUERY CPLEVEL (default "
                "7.4.0)",
    }, {
        .name = S390_STANDBY_MEM_PROP, .type = "size",
        .child = S390_STANDBY_CHILD, .prop = "size",
        .desc = "standby storage above boot storage, which the guest assigns "
                "in storage increments (Linux: memory hotplug); a multiple "
                "of 256 MiB, as is -m then",
    }, {
        .name = ZVM_DCSS_STORE_PROP, .type = "str",
        .child = ZVM_DCSS_CHILD, .prop = "store", .unset = "",
        .desc = "directory of z/VM saved segments (NAME.defseg, NAME.img), "
                "shared by the QEMU processes that use them; needs zvm=on",
    }, {
        .name = ZVM_DCSS_OVERLAP_PROP, .type = "ZvmDcssOverlap",
        .child = ZVM_DCSS_CHILD, .prop = "overlap", .unset = "reject",
        .lookup = &zvm_dcss_overlap_lookup,
        .desc = "a segment load overlapping guest storage or a loaded "
                "segment: reject (default, cc 2 rc 252) or overlay (VM/370 "
                "LOADSYS: cc 1, the storage is covered, overlaid segments "
                "purged)",
    },
};

/*
 * QEMU_ZVM_DEFAULTS: defaults for the options above, as -machine takes
 * them ("zvm=on,standby-mem=256M,zvm-dcss-store=DIR"); the command line
 * overrides them. It lets test suites written for plain QEMU run with
 * the personality on (make qemu-check, docs/reliability.rst). A default
 * that the machine of the test refuses is left out, and said so once:
 * standby storage where boot storage is not a multiple of the memory
 * block size, saved segments without TCG, the personality's options
 * where the command line says zvm=off.
 */
#define ZVM_DEFAULTS_ENV "QEMU_ZVM_DEFAULTS"

/* which options hold the value QEMU_ZVM_DEFAULTS gave them */
static bool option_from_env[ARRAY_SIZE(machine_options)];
static bool applying_env;

Object *zvm_machine_model(const char *child)
{
    Object *obj = object_resolve_path_component(qdev_get_machine(), child);

    return obj && DEVICE(obj)->realized ? obj : NULL;
}

static void option_get(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    const ZvmMachineOption *o = opaque;
    Object *model = object_resolve_path_component(obj, o->child);
    g_autofree char *str = g_strdup(o->unset);
    bool off = false;
    uint64_t zero = 0;
    Visitor *fwd;

    if (model) {
        fwd = visitor_forward_field(v, o->prop, name);
        object_property_get(model, o->prop, fwd, errp);
        visit_free(fwd);
    } else if (!strcmp(o->type, "bool")) {
        /* a model the machine did not need has been removed */
        visit_type_bool(v, name, &off, errp);
    } else if (!strcmp(o->type, "size")) {
        visit_type_size(v, name, &zero, errp);
    } else {
        visit_type_str(v, name, &str, errp);
    }
}

static void option_set(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    const ZvmMachineOption *o = opaque;
    Object *model = object_resolve_path_component(obj, o->child);
    g_autofree char *str = NULL;
    uint64_t size;
    bool on;
    int e;

    if (!model || DEVICE(model)->realized) {
        error_setg(errp, "'%s' cannot change while the machine runs",
                   o->name);
        return;
    }
    option_from_env[o - machine_options] = applying_env;
    /* parsed here, so that an error names the option */
    if (!strcmp(o->type, "bool")) {
        if (visit_type_bool(v, name, &on, errp)) {
            object_property_set_bool(model, o->prop, on, errp);
        }
    } else if (!strcmp(o->type, "size")) {
        if (visit_type_size(v, name, &size, errp)) {
            object_property_set_uint(model, o->prop, size, errp);
        }
    } else if (o->lookup) {
        if (visit_type_enum(v, name, &e, o->lookup, errp)) {
            object_property_set_str(model, o->prop,
                                    qapi_enum_lookup(o->lookup, e), errp);
        }
    } else if (visit_type_str(v, name, &str, errp)) {
        object_property_set_str(model, o->prop, str, errp);
    }
}

static void zvm_machine_class_init(ObjectClass *oc)
{
    for (size_t i = 0; i < ARRAY_SIZE(machine_options); i++) {
        const ZvmMachineOption *o = &machine_options[i];

        object_class_property_add(oc, o->name, o->type, option_get,
                                  option_set, NULL, (void *)o);
        object_class_property_set_description(oc, o->name, o->desc);
    }
}

static const ZvmMachineOption *find_option(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(machine_options); i++) {
        if (!strcmp(machine_options[i].name, name)) {
            return &machine_options[i];
        }
    }
    return NULL;
}

static void apply_env_defaults(Object *machine, const char *env)
{
    g_autoptr(QDict) opts = NULL;
    const QDictEntry *e;
    Error *err = NULL;

    opts = keyval_parse(env, NULL, NULL, &err);
    for (e = opts ? qdict_first(opts) : NULL; e && !err;
         e = qdict_next(opts, e)) {
        QString *val = qobject_to(QString, qdict_entry_value(e));

        if (!find_option(qdict_entry_key(e)) || !val) {
            error_setg(&err, "'%s' is not an option of qemu-zvm",
                       qdict_entry_key(e));
            break;
        }
        applying_env = true;
        object_property_parse(machine, qdict_entry_key(e),
                              qstring_get_str(val), &err);
        applying_env = false;
    }
    if (err) {
        error_prepend(&err, ZVM_DEFAULTS_ENV ": ");
        error_report_err(err);
        exit(1);
    }
}

static void zvm_machine_instance_init(Object *machine)
{
    const char *env = g_getenv(ZVM_DEFAULTS_ENV);
    static const char *const models[][2] = {
        { ZVM_PERSONALITY_CHILD, TYPE_ZVM_PERSONALITY },
        { S390_STANDBY_CHILD, TYPE_S390_STANDBY },
        { ZVM_DCSS_CHILD, TYPE_ZVM_DCSS },
    };

    for (size_t i = 0; i < ARRAY_SIZE(models); i++) {
        Object *obj = object_new(models[i][1]);

        object_property_add_child(machine, models[i][0], obj);
        object_unref(obj);
    }
    if (env && *env) {
        apply_env_defaults(machine, env);
    }
}

static bool option_is_env_default(const char *name)
{
    return option_from_env[find_option(name) - machine_options];
}

/*
 * Leave out the defaults of QEMU_ZVM_DEFAULTS that this machine refuses
 * (see there), and say which are in effect.
 */
static void fit_env_defaults(uint64_t ram_end, ZvmPersonality *zvm,
                             S390Standby *s, ZvmDcss *d)
{
    g_autoptr(GString) left_out = g_string_new("");

    if (!g_getenv(ZVM_DEFAULTS_ENV)) {
        return;
    }
    if (option_is_env_default(S390_STANDBY_MEM_PROP) &&
        !s390_standby_layout_valid(ram_end, s->size, NULL)) {
        s->size = 0;
        g_string_append(left_out, " " S390_STANDBY_MEM_PROP);
    }
    if (option_is_env_default(ZVM_DCSS_STORE_PROP) &&
        (!tcg_enabled() || !zvm->enabled)) {
        g_clear_pointer(&d->store, g_free);
        g_string_append(left_out, " " ZVM_DCSS_STORE_PROP);
    }
    /* the personality's options, where the command line says zvm=off */
    if (option_is_env_default(ZVM_USERID_PROP) && !zvm->enabled) {
        g_clear_pointer(&zvm->userid, g_free);
        g_string_append(left_out, " " ZVM_USERID_PROP);
    }
    if (option_is_env_default(ZVM_CPLEVEL_PROP) && !zvm->enabled) {
        g_clear_pointer(&zvm->cplevel, g_free);
        g_string_append(left_out, " " ZVM_CPLEVEL_PROP);
    }
    info_report(ZVM_DEFAULTS_ENV ": zvm=%s standby-mem=%" PRIu64 " %s=%s; "
                "left out:%s", zvm->enabled ? "on" : "off", s->size,
                ZVM_DCSS_STORE_PROP, d->store ? d->store : "",
                left_out->len ? left_out->str : " nothing");
}

/* An option of the personality's models set while zvm=off */
static const char *needs_zvm(Object *machine)
{
    ZvmPersonality *zvm = ZVM_PERSONALITY(
        object_resolve_path_component(machine, ZVM_PERSONALITY_CHILD));
    ZvmDcss *d = ZVM_DCSS(
        object_resolve_path_component(machine, ZVM_DCSS_CHILD));

    if (zvm->userid) {
        return ZVM_USERID_PROP;
    }
    if (zvm->cplevel) {
        return ZVM_CPLEVEL_PROP;
    }
    if (d->store) {
        return ZVM_DCSS_STORE_PROP;
    }
    return NULL;
}

/*
 * The machine lays out its memory: boot storage ends at @ram_end.
 * Standby storage lies directly above it; saved segments are placed by
 * the guest, anywhere below 512 GiB.
 */
static uint64_t zvm_machine_memory_init(MachineState *ms, uint64_t ram_end,
                                        Error **errp)
{
    Object *machine = OBJECT(ms);
    ZvmPersonality *zvm = ZVM_PERSONALITY(
        object_resolve_path_component(machine, ZVM_PERSONALITY_CHILD));
    S390Standby *s = S390_STANDBY(
        object_resolve_path_component(machine, S390_STANDBY_CHILD));
    ZvmDcss *d = ZVM_DCSS(
        object_resolve_path_component(machine, ZVM_DCSS_CHILD));
    /* the models, in the order of realize */
    Object *all[] = {
        OBJECT(zvm),
        OBJECT(s),
        OBJECT(d),
    };
    DeviceState *models[ARRAY_SIZE(all)];
    const char *opt;
    uint64_t end = ram_end;
    int i;

    fit_env_defaults(ram_end, zvm, s, d);
    models[0] = zvm->enabled ? DEVICE(zvm) : NULL;
    models[1] = s->size ? DEVICE(s) : NULL;
    models[2] = zvm->enabled ? DEVICE(d) : NULL;
    opt = needs_zvm(machine);
    if (!zvm->enabled && opt) {
        error_setg(errp, "'%s' needs the z/VM personality (zvm=on)", opt);
        return ram_end;
    }
    /* standby storage lies directly above boot storage */
    s->base = ram_end;
    end += s->size;
    for (i = 0; i < ARRAY_SIZE(models); i++) {
        if (!models[i]) {
            /* not configured: removed from the machine */
            object_unparent(all[i]);
        } else if (!qdev_realize(models[i], NULL, errp)) {
            break;
        }
    }
    if (i < ARRAY_SIZE(models)) {
        /* undo, in the mirror order, what was realized */
        while (--i >= 0) {
            if (models[i]) {
                qdev_unrealize(models[i]);
            }
        }
        return ram_end;
    }
    return end;
}

static const S390CcwMachineExtension zvm_machine_extension = {
    .class_init = zvm_machine_class_init,
    .instance_init = zvm_machine_instance_init,
    .memory_init = zvm_machine_memory_init,
    .storage_end = zvm_dcss_storage_end,
    .sclp_handles = s390_standby_sclp_handles,
    .sclp_execute = s390_standby_sclp_execute,
    .sclp_read_scp_info = s390_standby_read_scp_info,
};

static void zvm_machine_register(void)
{
    s390_ccw_machine_register_extension(&zvm_machine_extension);
}

type_init(zvm_machine_register)
