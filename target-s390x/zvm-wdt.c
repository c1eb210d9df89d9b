/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: DIAGNOSE X'288' (watchdog timer) as CP offers it to every
 * virtual machine, the form Linux's diag288_wdt uses under z/VM.
 *
 * Rx/Rx+1 (an even-odd pair): the function code (0 INIT, 1 CHANGE,
 * 2 CANCEL; bit X'80000000', conceal, is allowed with INIT) and the
 * timeout in seconds (at least 15 for INIT and CHANGE). Ry/Ry+1 (an
 * even-odd pair), for INIT: the real address and length (1 to 240) of
 * the CP command to run when the timer expires, in EBCDIC. CHANGE or
 * CANCEL of a timer that is not running, or anything else out of these
 * bounds, is a specification exception; a command not in storage an
 * addressing exception.
 *
 * The timer is QEMU's diag288 device, a child of the personality
 * (/machine/zvm-personality/watchdog): on expiry QEMU takes its
 * -action watchdog= (default: reset, where the "IPL" or "SYSTEM
 * RESTART" command Linux gives leads).
 * QEMU's own DIAGNOSE X'288' is the LPAR form (action 0, no command);
 * with "zvm=off" it answers alone, as before.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "s390x-internal.h"
#include "hw/watchdog/wdt_diag288.h"
#include "zvm/hw/s390x/zvm.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"
#include "zvm/hw/s390x/trace.h"
#include "zvm-cpu.h"

#define DIAG288_CONCEAL      0x80000000ULL
#define DIAG288_MIN_TIMEOUT  15
#define DIAG288_CMD_MAX      240

static void zvm_diag_288(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    const uint64_t code = env->regs[rx] & 0xffffffff;
    const uint64_t func = code & ~DIAG288_CONCEAL;
    const uint64_t timeout = env->regs[rx + 1] & 0xffffffff;
    const uint64_t cmd_addr = env->regs[ry], cmd_len = env->regs[ry + 1];
    uint8_t ebcdic[DIAG288_CMD_MAX];
    char cmd[DIAG288_CMD_MAX + 1] = "";
    ZvmPersonality *zvm = zvm_personality();
    DeviceState *wdt = zvm ? zvm->watchdog : NULL;

    if ((rx & 1) || (ry & 1) || !wdt ||
        (func != WDT_DIAG288_INIT && code & DIAG288_CONCEAL) ||
        (func != WDT_DIAG288_CANCEL && timeout < DIAG288_MIN_TIMEOUT) ||
        (func == WDT_DIAG288_INIT &&
         (!cmd_len || cmd_len > DIAG288_CMD_MAX))) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    if (func == WDT_DIAG288_INIT) {
        if (!zvm_real_rw(cpu, cmd_addr, ebcdic, cmd_len, false)) {
            s390_program_interrupt(env, PGM_ADDRESSING, ra);
            return;
        }
        zvm_ebcdic_to_ascii(cmd, ebcdic, cmd_len);
        cmd[cmd_len] = 0;
    }
    trace_zvm_diag_288(func, timeout, cmd);
    if (DIAG288_GET_CLASS(wdt)->handle_timer(DIAG288(wdt), func, timeout)) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
    }
}

static void zvm_wdt_register(void)
{
    zvm_register_diag(0x288, zvm_diag_288);
}

type_init(zvm_wdt_register)
