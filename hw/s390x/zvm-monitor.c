/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: QMP query-zvm, and the HMP commands "info zvm", "info dcss"
 * and "info standby" (the latter two with a picture of the guest
 * address map).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-zvm.h"
#include "qemu/bitmap.h"
#include "qemu/units.h"
#include "monitor/monitor.h"
#include "hw/boards.h"
#include "zvm.h"
#include "dcss.h"
#include "standby.h"
#include "zvm-monitor.h"

ZvmInfo *qmp_query_zvm(Error **errp)
{
    ZvmPersonality *zvm = zvm_personality();
    ZvmInfo *info = g_new0(ZvmInfo, 1);
    ZvmCpCommandCountList **tail = &info->cp_commands;
    g_autoptr(GList) keys = NULL;

    info->enabled = zvm != NULL;
    if (!zvm) {
        return info;
    }
    info->userid = g_strdup(zvm->userid);
    info->cplevel = g_strdup(zvm->cplevel);
    info->conmode = g_strdup(zvm->conmode);
    info->has_cp_commands = true;
    keys = zvm_cp_command_names(zvm);
    for (GList *k = keys; k; k = k->next) {
        ZvmCpCommandCount *c = g_new0(ZvmCpCommandCount, 1);

        c->command = g_strdup(k->data);
        c->count = GPOINTER_TO_SIZE(g_hash_table_lookup(zvm->cp_counts,
                                                        k->data));
        QAPI_LIST_APPEND(tail, c);
    }
    return info;
}

void hmp_info_zvm(Monitor *mon, const QDict *qdict)
{
    g_autoptr(ZvmInfo) info = qmp_query_zvm(NULL);

    if (!info->enabled) {
        monitor_printf(mon, "z/VM personality: off (-machine zvm=on)\n");
        return;
    }
    monitor_printf(mon, "z/VM personality: on\n"
                   "  user ID: %s\n  CP level: %s\n  console mode: %s\n"
                   "  CP commands:\n", info->userid, info->cplevel,
                   info->conmode);
    for (ZvmCpCommandCountList *c = info->cp_commands; c; c = c->next) {
        monitor_printf(mon, "    %-24s %" PRIu64 "\n", c->value->command,
                       c->value->count);
    }
}

static void map_line(Monitor *mon, uint64_t start, uint64_t end,
                     const char *what)
{
    monitor_printf(mon, "  %016" PRIx64 "-%016" PRIx64 " %8" PRIu64
                   " MiB  %s\n", start, end, (end - start + 1) / MiB, what);
}

/* Standby storage in runs of assigned and unassigned increments */
static void map_standby(Monitor *mon)
{
    const S390Standby *s = s390_standby();
    int idx = 0;

    while (s && idx < s->nr_incs) {
        const bool assigned = test_bit(idx, s->assigned);
        const int end = assigned ?
            find_next_zero_bit(s->assigned, s->nr_incs, idx) :
            find_next_bit(s->assigned, s->nr_incs, idx);

        map_line(mon, s->base + idx * s->increment,
                 s->base + end * s->increment - 1,
                 assigned ? "standby storage, assigned"
                          : "standby storage, unassigned");
        idx = end;
    }
}

/* The guest absolute address map: storage, memory devices, segments */
static void map_all(Monitor *mon)
{
    g_autoptr(ZvmDcssInfoList) list = qmp_query_zvm_dcss(NULL);
    MachineState *ms = current_machine;

    monitor_printf(mon, "Guest absolute address map:\n");
    map_line(mon, 0, ms->ram_size - 1, "storage");
    map_standby(mon);
    if (ms->device_memory && ms->device_memory->base) {
        map_line(mon, ms->device_memory->base, ms->device_memory->base +
                 memory_region_size(&ms->device_memory->mr) - 1,
                 "memory devices");
    }
    for (ZvmDcssInfoList *s = list; s; s = s->next) {
        g_autofree char *what = NULL;

        if (s->value->loaded) {
            what = g_strdup_printf("DCSS %s (loaded %s)", s->value->name,
                                   s->value->nonshared ? "nonshared"
                                                       : "shared");
            map_line(mon, s->value->start, s->value->end, what);
        }
    }
}

void hmp_info_standby(Monitor *mon, const QDict *qdict)
{
    g_autoptr(StandbyStorageInfo) info = qmp_query_standby_storage(NULL);

    if (!info->standby_size) {
        monitor_printf(mon, "no standby storage (-machine %s=SIZE)\n",
                       S390_STANDBY_MEM_PROP);
        return;
    }
    monitor_printf(mon, "Standby storage: %" PRIu64 " MiB at 0x%" PRIx64
                   ", %u increments of %" PRIu64 " MiB\n"
                   "  boot storage: %" PRIu64 " MiB (element 0)\n"
                   "  element 1: %s, %u increments assigned (%" PRIu64
                   " MiB), %u standby\n", info->standby_size / MiB,
                   info->standby_base, info->standby_increments,
                   info->increment_size / MiB, info->boot_size / MiB,
                   info->attached ? "attached" : "not attached",
                   info->assigned_increments, info->assigned_size / MiB,
                   info->standby_increments - info->assigned_increments);
    map_all(mon);
}

void hmp_info_dcss(Monitor *mon, const QDict *qdict)
{
    g_autoptr(ZvmDcssInfoList) list = qmp_query_zvm_dcss(NULL);
    g_autofree char *store = NULL;

    if (!zvm_dcss()) {
        monitor_printf(mon, "no saved segments: the z/VM personality is "
                       "off (-machine zvm=on)\n");
        return;
    }
    store = object_property_get_str(OBJECT(zvm_dcss()), "store", NULL);
    map_all(mon);
    monitor_printf(mon, "Segment store: %s\n", store ? store : "(none)");
    for (ZvmDcssInfoList *s = list; s; s = s->next) {
        monitor_printf(mon, "  %-8s %016" PRIx64 "-%016" PRIx64
                       " holders %" PRId64 "%s\n", s->value->name,
                       s->value->start, s->value->end, s->value->holders,
                       s->value->loaded ? ", loaded here" : "");
        for (ZvmDcssRangeInfoList *r = s->value->ranges; r; r = r->next) {
            monitor_printf(mon, "    %016" PRIx64 "-%016" PRIx64 " %s\n",
                           r->value->start, r->value->end,
                           ZvmDcssPageType_str(r->value->type));
        }
    }
}
