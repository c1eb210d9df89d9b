/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: IUCV, the model behind the IUCV instruction (B2F0) and its
 * external interruptions: the interrupt buffers and masks each virtual
 * CPU declared, the paths to CP system services, the interruptions CP
 * queued for the virtual machine and the messages waiting for RECEIVE.
 * A child of the personality, /machine/zvm-personality/iucv. It connects
 * *MSG (special messages, CP's SMSG command) itself; other CP system
 * services register with it (zvm_iucv_add_service()).
 */
#ifndef HW_S390X_ZVM_IUCV_H
#define HW_S390X_ZVM_IUCV_H

#include "hw/qdev-core.h"

#define TYPE_ZVM_IUCV "zvm-iucv"
OBJECT_DECLARE_SIMPLE_TYPE(ZvmIucv, ZVM_IUCV)

#define ZVM_IUCV_MAX_CPUS       248     /* S390_MAX_CPUS */
#define ZVM_IUCV_MAX_PATHS      64      /* QUERY's R1: OPTION MAXCONN */
#define ZVM_IUCV_IRQ_LEN        40      /* the external interrupt buffer */
#define ZVM_IUCV_QUEUE          64      /* interruptions CP holds */
#define ZVM_IUCV_MSGS           16      /* messages waiting for RECEIVE */
#define ZVM_IUCV_MSG_MAX        (8 + 240)   /* sender + CP command text */

/* IPTYPE of an interruption */
#define ZVM_IUCV_PATH_COMPLETE  0x02
#define ZVM_IUCV_PATH_SEVERED   0x03
#define ZVM_IUCV_MSG_PENDING    0x09    /* non-priority message */

/* *MSG's message class of a special message (CP's SMSG) */
#define ZVM_IUCV_CLASS_SMSG     4

/* SET SMSG */
#define ZVM_IUCV_SMSG_OFF       0
#define ZVM_IUCV_SMSG_ON        1
#define ZVM_IUCV_SMSG_IUCV      2

/* A path's peer: 0 free */
#define ZVM_IUCV_SERVICE_MSG        1
#define ZVM_IUCV_SERVICE_MONITOR    2   /* hw/s390x/zvm-monsvc.c */
#define ZVM_IUCV_SERVICES           3

#define ZVM_IUCV_IPUSER_LEN     16      /* IPUSER of CONNECT and SEVER */
#define ZVM_IUCV_PRM_LEN        8       /* data in the parameter list */

/* IPFLAGS1 */
#define ZVM_IUCV_IPRMDATA       0x80    /* data in the parameter list */
#define ZVM_IUCV_IPNORPY        0x10    /* one-way message */

/*
 * A CP system service other than *MSG, registered by its model: CONNECT
 * to it made path @pathid, and @connect queues its answer, a
 * connection-complete or a severed interruption (zvm_iucv_path_irq()).
 * @reply answers the guest's REPLY to message @msgid with an IPRCODE
 * (0: done); @severed says the guest's path is gone (SEVER, RETRIEVE
 * BUFFER).
 */
typedef struct ZvmIucvService {
    const char *name;
    void (*connect)(void *opaque, uint16_t pathid, const uint8_t *ipuser);
    uint8_t (*reply)(void *opaque, uint16_t pathid, uint32_t msgid);
    void (*severed)(void *opaque, uint16_t pathid);
} ZvmIucvService;

typedef struct ZvmIucvPath {
    uint8_t service;
    uint8_t flags;          /* IPFLAGS1 as connected */
    uint16_t msglim;
} ZvmIucvPath;

typedef struct ZvmIucvMsg {
    uint32_t id;            /* 0: free slot */
    uint16_t pathid;
    uint32_t class;
    uint32_t len;
    uint32_t done;          /* bytes received so far (IPRCODE 5) */
    uint8_t data[ZVM_IUCV_MSG_MAX];
} ZvmIucvMsg;

struct ZvmIucv {
    DeviceState parent_obj;

    /* Per virtual CPU (DECLARE BUFFER, SETMASK, SETCONTROLMASK) */
    bool declared[ZVM_IUCV_MAX_CPUS];
    uint64_t buffer[ZVM_IUCV_MAX_CPUS];     /* real address */
    uint8_t mask[ZVM_IUCV_MAX_CPUS];
    uint8_t cmask[ZVM_IUCV_MAX_CPUS];

    ZvmIucvPath paths[ZVM_IUCV_MAX_PATHS];
    /* interruptions, oldest first; a taken one leaves a hole (iptype 0) */
    uint8_t queue[ZVM_IUCV_QUEUE][ZVM_IUCV_IRQ_LEN];
    uint32_t queued;
    ZvmIucvMsg msgs[ZVM_IUCV_MSGS];
    uint32_t next_msgid;
    uint8_t smsg;           /* SET SMSG */
    uint64_t nr_smsgs;      /* special messages delivered */

    /* The services registered (not migrated: each registers again) */
    const ZvmIucvService *services[ZVM_IUCV_SERVICES];
    void *service_opaque[ZVM_IUCV_SERVICES];
};

/* The model of the machine's personality, or NULL with "zvm=off" */
ZvmIucv *zvm_iucv(void);

/*
 * The next interruption CPU @cpu takes with its masks (the caller checked
 * the PSW and CR0). With @take, it is removed and its 40 bytes copied to
 * @buf, to be stored at *@addr.
 */
bool zvm_iucv_next(ZvmIucv *iucv, int cpu, bool take, uint8_t *buf,
                   uint64_t *addr);

/* Queue an interruption (40 bytes) and tell the CPUs; false if full */
bool zvm_iucv_queue(ZvmIucv *iucv, const uint8_t *irq);

/* The path @pathid connected, or NULL */
ZvmIucvPath *zvm_iucv_path(ZvmIucv *iucv, uint64_t pathid);

/* Register service @id (ZVM_IUCV_SERVICE_*); NULL @s unregisters it */
void zvm_iucv_add_service(ZvmIucv *iucv, uint8_t id, const ZvmIucvService *s,
                          void *opaque);

/* The id of the service called @name (e.g. "*MONITOR"), 0 if none */
uint8_t zvm_iucv_find_service(ZvmIucv *iucv, const char *name);

/*
 * CONNECT to a CP system service: IPRCODE, or 0 with the new pathid; the
 * service has its connect hook called with the 16 bytes of @ipuser.
 */
uint8_t zvm_iucv_connect(ZvmIucv *iucv, uint8_t service, uint8_t flags,
                         uint16_t msglim, const uint8_t *ipuser,
                         uint16_t *pathid);

/*
 * Queue a connection-complete (ZVM_IUCV_PATH_COMPLETE) or severed
 * (ZVM_IUCV_PATH_SEVERED) interruption for @pathid with @ipuser (16
 * bytes, or NULL for zeros); false if the queue is full.
 */
bool zvm_iucv_path_irq(ZvmIucv *iucv, uint16_t pathid, uint8_t iptype,
                       const uint8_t *ipuser);

/*
 * A message from the service on @pathid with its 8 bytes of data in the
 * parameter list (IPRMDATA), expecting a reply: the message-pending
 * interruption; false if the queue is full.
 */
bool zvm_iucv_send_prm(ZvmIucv *iucv, uint16_t pathid, uint32_t msgid,
                       uint32_t class, const uint8_t *prm);

/* SEVER: the path, its messages and its interruptions go */
void zvm_iucv_sever(ZvmIucv *iucv, uint16_t pathid);

/* The message @msgid on @pathid (any, when @match_id is false) */
ZvmIucvMsg *zvm_iucv_msg(ZvmIucv *iucv, uint16_t pathid, bool match_id,
                         uint32_t msgid);

/*
 * CP's SMSG from @from (a user ID) to this virtual machine: @text, ASCII,
 * goes to *MSG when the guest set SMSG IUCV and has a path to it. Returns
 * 0 or CP's return code with its message in @err (57: not receiving).
 */
int zvm_iucv_smsg(ZvmIucv *iucv, const char *from, const char *text,
                  Error **errp);

#endif
