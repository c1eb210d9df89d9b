/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: HMP commands (hmp-commands-info.hx and hmp-commands.hx, hook
 * patch 0005).
 */
#ifndef HW_S390X_ZVM_MONITOR_H
#define HW_S390X_ZVM_MONITOR_H

#include "qobject/qdict.h"

typedef struct Monitor Monitor;

void hmp_info_zvm(Monitor *mon, const QDict *qdict);
void hmp_info_dcss(Monitor *mon, const QDict *qdict);
void hmp_info_standby(Monitor *mon, const QDict *qdict);
void hmp_zvm_fault(Monitor *mon, const QDict *qdict);
void hmp_zvm_smsg(Monitor *mon, const QDict *qdict);

#endif
