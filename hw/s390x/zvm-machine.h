/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the models of the overlay as devices of the s390-ccw-virtio
 * machine (zvm-machine.c).
 */
#ifndef HW_S390X_ZVM_MACHINE_H
#define HW_S390X_ZVM_MACHINE_H

#include "qom/object.h"

/* The models, children of /machine */
#define ZVM_PERSONALITY_CHILD  "zvm-personality"
#define S390_STANDBY_CHILD     "standby-storage"
#define ZVM_DCSS_CHILD         "zvm-dcss"

/*
 * The model /machine/@child once the machine has realized it, NULL if
 * the machine was not configured for it.
 */
Object *zvm_machine_model(const char *child);

#endif
