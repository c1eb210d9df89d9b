/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: application monitor data (DIAGNOSE X'DC'), what a guest
 * gives CP's monitor: sample buffers it registers (START INTERVAL, START
 * CONFIG) and event records (GEN EVENT). A child of the personality,
 * /machine/zvm-personality/appldata.
 */
#ifndef HW_S390X_ZVM_APPLDATA_H
#define HW_S390X_ZVM_APPLDATA_H

#include "hw/qdev-core.h"
#include "qemu/notify.h"

#define TYPE_ZVM_APPLDATA "zvm-appldata"
OBJECT_DECLARE_SIMPLE_TYPE(ZvmAppldata, ZVM_APPLDATA)

/* DIAGNOSE X'DC' functions (64-bit parameter list) */
#define ZVM_APPLDATA_START_INTERVAL 0x80
#define ZVM_APPLDATA_STOP           0x81
#define ZVM_APPLDATA_GEN_EVENT      0x82
#define ZVM_APPLDATA_START_CONFIG   0x83

/* CP's return codes */
#define ZVM_APPLDATA_RC_OK             0
#define ZVM_APPLDATA_RC_NOT_AUTHORIZED 5   /* no OPTION APPLMON */
#define ZVM_APPLDATA_RC_LENGTH         6   /* buffer length not 1..4012 */
#define ZVM_APPLDATA_RC_TOO_MANY       7   /* no room for another buffer */

#define ZVM_APPLDATA_PRODUCT_LEN    16
#define ZVM_APPLDATA_MAX_LEN        4012
#define ZVM_APPLDATA_MAX_BUFFERS    255
#define ZVM_APPLDATA_EVENTS_KEPT    16

typedef struct ZvmAppldataBuffer {
    uint8_t product[ZVM_APPLDATA_PRODUCT_LEN];  /* as the guest gave it */
    uint64_t addr;          /* guest real address */
    uint32_t len;
    uint8_t function;       /* START INTERVAL or START CONFIG; 0: free */
} ZvmAppldataBuffer;

typedef struct ZvmAppldataEvent {
    uint8_t product[ZVM_APPLDATA_PRODUCT_LEN];
    uint32_t len;
    uint8_t data[ZVM_APPLDATA_MAX_LEN];
} ZvmAppldataEvent;

struct ZvmAppldata {
    DeviceState parent_obj;

    /* Property: OPTION APPLMON of the directory entry (default on) */
    bool applmon;

    /* Runtime state */
    ZvmAppldataBuffer buffers[ZVM_APPLDATA_MAX_BUFFERS];
    uint64_t nr_events;     /* event records generated */
    ZvmAppldataEvent events[ZVM_APPLDATA_EVENTS_KEPT];  /* the last ones */

    /* Told of each event record (its ZvmAppldataEvent): *MONITOR */
    NotifierList event_notifiers;
};

/*
 * One DIAGNOSE X'DC' call, its parameters read from the guest; for GEN
 * EVENT @data holds the record. Returns CP's return code.
 */
int zvm_appldata_call(ZvmAppldata *a, uint8_t function,
                      const uint8_t *product, uint64_t addr, uint32_t len,
                      const uint8_t *data);

#endif
