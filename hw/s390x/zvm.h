/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the z/VM personality of the s390-ccw-virtio machine.
 *
 * With the machine property "zvm=on" the guest sees a z/VM virtual
 * machine: STSI 3.2.2 names the control program "z/VM", CP commands are
 * answered through DIAGNOSE X'08' and IUCV QUERY succeeds. With it off
 * (the default) every guest-visible answer is upstream QEMU's.
 */
#ifndef HW_S390X_ZVM_H
#define HW_S390X_ZVM_H

#include "hw/qdev-core.h"

#define ZVM_PROP          "zvm"
#define ZVM_USERID_PROP   "zvm-userid"
#define ZVM_CPLEVEL_PROP  "zvm-cplevel"

#define ZVM_CP_COMMAND_MAX  240   /* longest DIAG X'08' command */
#define ZVM_USERID_MAX      8

#define TYPE_ZVM_PERSONALITY "zvm-personality"
OBJECT_DECLARE_SIMPLE_TYPE(ZvmPersonality, ZVM_PERSONALITY)

struct ZvmPersonality {
    DeviceState parent_obj;

    /* Properties (machine options zvm, zvm-userid, zvm-cplevel) */
    bool enabled;           /* zvm=on: realized, else removed */
    char *userid;           /* CP user ID, A-Z 0-9 @#$_-, 1..8 chars */
    char *cplevel;          /* z/VM version, "V.R.M" */

    DeviceState *watchdog;  /* DIAGNOSE X'288', QEMU's diag288 device */
    struct ZvmAppldata *appldata;   /* DIAGNOSE X'DC' */
    struct ZvmIucv *iucv;           /* IUCV, *MSG */
    DeviceState *monsvc;            /* *MONITOR */

    /* Runtime state */
    char *conmode;          /* TERMINAL CONMODE: "3215" or "3270" */
    GHashTable *cp_counts;  /* command name -> number of executions */
    const char *cp_line;    /* the CP command executing, as given */
};

/* The personality, or NULL when the machine has "zvm=off" */
ZvmPersonality *zvm_personality(void);

/*
 * Execute one CP command (ASCII, as the guest typed it) and append the
 * response, lines ending in '\n', to @out. Returns the CP return code.
 */
int zvm_cp_execute(ZvmPersonality *zvm, const char *cmd, GString *out);

/*
 * CP's common responses, for commands of other files: "<msgid>003E
 * Invalid option - <opt>" (rc 3) and "<msgid>026E Operand missing or
 * invalid" (rc 26). They append the line to @out and return the rc.
 */
int zvm_cp_invalid_option(GString *out, const char *msgid, const char *opt);
int zvm_cp_missing_operand(GString *out, const char *msgid);

/* The CP commands counted so far, sorted (a list the caller frees) */
GList *zvm_cp_command_names(ZvmPersonality *zvm);

/* Is @userid a valid z/VM user ID? */
bool zvm_userid_valid(const char *userid);

#endif
