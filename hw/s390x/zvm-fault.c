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
#include "qapi/qapi-commands-zvm-target.h"
#include "qapi/qapi-visit-zvm-target.h"
#include "qemu/main-loop.h"
#include "hw/s390x/sclp.h"
#include "trace.h"
#include "zvm-fault.h"

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
                               uint32_t increment, bool has_count,
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
