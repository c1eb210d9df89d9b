/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the CP system service *MONITOR. A virtual machine connected
 * to it over IUCV is told, by messages with the data in the parameter
 * list, where in its monitor segment (a saved segment of type SC it has
 * loaded) CP placed new monitor records; it replies when it has read
 * them. The records are those of the application data domain: what
 * guests give with DIAGNOSE X'DC' (hw/s390x/zvm-appldata.c). A child of
 * the personality, /machine/zvm-personality/monitor.
 */
#ifndef HW_S390X_ZVM_MONSVC_H
#define HW_S390X_ZVM_MONSVC_H

#include "hw/qdev-core.h"
#include "qemu/notify.h"
#include "qemu/timer.h"

#define TYPE_ZVM_MONSVC "zvm-monitor-service"
OBJECT_DECLARE_SIMPLE_TYPE(ZvmMonsvc, ZVM_MONSVC)

/* Data sets waiting for the guest's REPLY: IPMSGLIM's largest value */
#define ZVM_MONSVC_SETS         255

/* The segment: its first page holds the monitor control area */
#define ZVM_MONSVC_MCA_LEN      4096
#define ZVM_MONSVC_MCE_LEN      12

/* Monitor record header (MRHDR), domain and records of application data */
#define ZVM_MONSVC_MRHDR_LEN    20
#define ZVM_MONSVC_DOMAIN_APPL  10
#define ZVM_MONSVC_REC_EVENT    1
#define ZVM_MONSVC_REC_SAMPLE   2

/* CONNECT's IPUSER: version (1: shared), what to collect; 8-15 segment */
#define ZVM_MONSVC_VERSION      0x01
#define ZVM_MONSVC_SAMPLE       0x80
#define ZVM_MONSVC_EVENT        0x40

/* Codes in IPUSER byte 0 when *MONITOR severs a path it refuses */
#define ZVM_MONSVC_SEVER_VERSION    0x04    /* version not 1 */
#define ZVM_MONSVC_SEVER_NOT_LOADED 0x08    /* no such SC segment loaded */
#define ZVM_MONSVC_SEVER_ABOVE_2G   0x0c    /* segment beyond 31 bits */
#define ZVM_MONSVC_SEVER_CONNECTED  0x10    /* another path to *MONITOR */
#define ZVM_MONSVC_SEVER_TOO_SMALL  0x14    /* no room for records */

typedef struct ZvmMonsvcSet {
    uint32_t msgid;         /* 0: replied */
    uint32_t start;         /* its records: offset in the segment */
    uint32_t len;
} ZvmMonsvcSet;

struct ZvmMonsvc {
    DeviceState parent_obj;

    /* Property: the sample interval in milliseconds (z/VM: 1 minute) */
    uint32_t interval_ms;

    /* Runtime state: the one connected path and its segment */
    bool connected;
    uint16_t pathid;
    uint8_t collect;        /* ZVM_MONSVC_SAMPLE | ZVM_MONSVC_EVENT */
    uint8_t segment[8];     /* its name, EBCDIC, blank padded */
    uint64_t seg_start, seg_end;    /* first and last byte */
    /* sets sent, oldest first, in a ring of ZVM_MONSVC_SETS */
    ZvmMonsvcSet sets[ZVM_MONSVC_SETS];
    uint32_t first, count;
    uint32_t head;          /* where the next records go (offset) */
    uint32_t next_msgid;
    QEMUTimer *timer;

    uint64_t nr_samples, nr_events, nr_lost;    /* counters */
    Notifier event_notifier;
};

#endif
