/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: fault injection for guest error paths (docs/reliability.rst,
 * "Fault injection"). A fault answers the next matching requests of
 * DIAGNOSE X'64' or an SCLP storage command with a chosen condition
 * code and return code, or response code, before the model sees them:
 * nothing of such a request takes effect. The list is changed by QMP and
 * read by the CPU-side handlers, both under the BQL.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/clone-visitor.h"
#include "qapi/qapi-commands-zvm.h"
#include "qapi/qapi-visit-zvm.h"
#include "qapi/qobject-input-visitor.h"
#include "monitor/hmp.h"
#include "monitor/monitor.h"
#include "qemu/main-loop.h"
#include "hw/s390x/sclp.h"
#include "trace.h"
#include "zvm-fault.h"
#include "zvm-monitor.h"

static GPtrArray *faults;   /* of ZvmFault, in the order of injection */

static ZvmFault *match(ZvmFaultTarget target, uint32_t code,
                       const char *segment, uint32_t rn)
{
    g_assert(bql_locked());
    for (guint i = 0; faults && i < faults->len; i++) {
        ZvmFault *f = g_ptr_array_index(faults, i);

        if (f->target == target && f->code == code && f->remaining &&
            (!f->segment || (segment && g_str_equal(f->segment, segment))) &&
            (!f->has_increment || f->increment == rn)) {
            if (f->skip) {
                f->skip--;
                return NULL;
            }
            f->remaining--;
            f->injected++;
            trace_zvm_fault_injected(f->id, ZvmFaultTarget_str(target), code,
                                     f->remaining);
            return f;
        }
    }
    return NULL;
}

bool zvm_fault_diag64(uint32_t subcode, const char *name, int *cc,
                      uint64_t *rc)
{
    ZvmFault *f = match(ZVM_FAULT_TARGET_DIAG64, subcode, name, 0);

    if (f) {
        *cc = f->cc;
        *rc = f->rc;
    }
    return f != NULL;
}

bool zvm_fault_sclp(uint32_t code, uint32_t rn, uint16_t *response)
{
    ZvmFault *f = match(ZVM_FAULT_TARGET_SCLP, code & SCLP_CMD_CODE_MASK,
                        NULL, rn);

    if (f) {
        *response = f->response;
    }
    return f != NULL;
}

ZvmFault *qmp_zvm_inject_fault(ZvmFaultTarget target, uint32_t code,
                               const char *segment, bool has_increment,
                               uint32_t increment, bool has_skip,
                               uint32_t skip, bool has_count,
                               uint32_t count, bool has_cc, uint8_t cc,
                               bool has_rc, uint32_t rc, bool has_response,
                               uint16_t response, Error **errp)
{
    const bool diag = target == ZVM_FAULT_TARGET_DIAG64;
    ZvmFault *f;

    if (diag && (has_increment || has_response)) {
        error_setg(errp, "'%s' is for target 'sclp'",
                   has_increment ? "increment" : "response");
        return NULL;
    }
    if (!diag && (segment || has_cc || has_rc)) {
        error_setg(errp, "'%s' is for target 'diag64'",
                   segment ? "segment" : has_cc ? "cc" : "rc");
        return NULL;
    }
    if (diag && !has_rc) {
        error_setg(errp, "target 'diag64' needs 'rc'");
        return NULL;
    }
    if (!diag && !has_response) {
        error_setg(errp, "target 'sclp' needs 'response'");
        return NULL;
    }
    if (has_cc && (cc < 1 || cc > 3)) {
        error_setg(errp, "'cc' must be 1, 2 or 3");
        return NULL;
    }
    if (has_count && !count) {
        error_setg(errp, "'count' must be at least 1");
        return NULL;
    }
    if (!faults) {
        faults = g_ptr_array_new_with_free_func(
            (GDestroyNotify)qapi_free_ZvmFault);
    }
    f = g_new0(ZvmFault, 1);
    f->id = faults->len + 1;
    f->target = target;
    f->code = diag ? code : code & SCLP_CMD_CODE_MASK;
    f->segment = segment ? g_ascii_strup(segment, -1) : NULL;
    f->has_increment = has_increment;
    f->increment = increment;
    f->has_cc = diag;
    f->cc = has_cc ? cc : 2;
    f->has_rc = diag;
    f->rc = rc;
    f->has_response = !diag;
    f->response = response;
    f->skip = has_skip ? skip : 0;
    f->remaining = has_count ? count : 1;
    g_ptr_array_add(faults, f);
    return QAPI_CLONE(ZvmFault, f);
}

ZvmFaultList *qmp_query_zvm_faults(Error **errp)
{
    ZvmFaultList *list = NULL, **tail = &list;

    for (guint i = 0; faults && i < faults->len; i++) {
        QAPI_LIST_APPEND(tail, QAPI_CLONE(ZvmFault,
                                          g_ptr_array_index(faults, i)));
    }
    return list;
}

void qmp_zvm_clear_faults(Error **errp)
{
    if (faults) {
        g_ptr_array_set_size(faults, 0);
    }
}

static void hmp_print_fault(Monitor *mon, const ZvmFault *f)
{
    monitor_printf(mon, "%u: %s code=0x%x", f->id,
                   ZvmFaultTarget_str(f->target), f->code);
    if (f->segment) {
        monitor_printf(mon, " segment=%s", f->segment);
    }
    if (f->has_increment) {
        monitor_printf(mon, " increment=%u", f->increment);
    }
    if (f->target == ZVM_FAULT_TARGET_DIAG64) {
        monitor_printf(mon, " cc=%u rc=%u", f->cc, f->rc);
    } else {
        monitor_printf(mon, " response=0x%04x", f->response);
    }
    if (f->skip) {
        monitor_printf(mon, " skip=%u", f->skip);
    }
    monitor_printf(mon, " injected=%u remaining=%u\n", f->injected,
                   f->remaining);
}

/*
 * HMP twin of zvm-inject-fault, query-zvm-faults and zvm-clear-faults:
 * "zvm_fault" lists, "zvm_fault clear" forgets, and "zvm_fault KEY=VALUE,..."
 * injects with the arguments of zvm-inject-fault.
 */
void hmp_zvm_fault(Monitor *mon, const QDict *qdict)
{
    const char *args = qdict_get_try_str(qdict, "args");
    q_obj_zvm_inject_fault_arg a = { 0 };
    Error *err = NULL;
    ZvmFault *f;
    Visitor *v;

    if (!args) {
        for (guint i = 0; faults && i < faults->len; i++) {
            hmp_print_fault(mon, g_ptr_array_index(faults, i));
        }
        if (!faults || !faults->len) {
            monitor_printf(mon, "no faults injected\n");
        }
        return;
    }
    if (g_str_equal(args, "clear")) {
        qmp_zvm_clear_faults(NULL);
        return;
    }
    v = qobject_input_visitor_new_str(args, NULL, &err);
    if (v) {
        if (visit_start_struct(v, NULL, NULL, 0, &err)) {
            if (visit_type_q_obj_zvm_inject_fault_arg_members(v, &a, &err)) {
                visit_check_struct(v, &err);
            }
            visit_end_struct(v, NULL);
        }
        visit_free(v);
    }
    if (!err) {
        f = qmp_zvm_inject_fault(a.target, a.code, a.segment, a.has_increment,
                                 a.increment, a.has_skip, a.skip, a.has_count,
                                 a.count, a.has_cc, a.cc, a.has_rc, a.rc,
                                 a.has_response, a.response, &err);
        if (f) {
            hmp_print_fault(mon, f);
            qapi_free_ZvmFault(f);
        }
    }
    g_free(a.segment);
    hmp_handle_error(mon, err);
}
