/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: where QEMU's API differs between the series qemu-zvm builds
 * on (10.0 and 10.2; subprojects/qemu.pin), so that the models need no
 * version conditionals of their own. Everything else is the same API.
 */
#ifndef HW_S390X_ZVM_COMPAT_H
#define HW_S390X_ZVM_COMPAT_H

/* 10.1 moved the memory API headers from exec/ to system/ */
#if __has_include("system/memory.h")
#include "system/memory.h"
#include "system/address-spaces.h"
#else
#include "exec/memory.h"
#include "exec/address-spaces.h"
#endif

/* and ram_block_discard_range() from exec/cpu-common.h to its own header */
#if __has_include("system/ramblock.h")
#include "system/ramblock.h"
#else
#include "exec/cpu-common.h"
#endif

/* 10.1 made the class data of TypeInfo.class_init const */
#if QEMU_VERSION_MAJOR > 10 || \
    (QEMU_VERSION_MAJOR == 10 && QEMU_VERSION_MINOR >= 1)
typedef const void ZvmClassData;
#else
typedef void ZvmClassData;
#endif

#endif
