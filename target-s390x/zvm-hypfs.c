/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: what Linux's s390_hypfs asks CP for under z/VM: DIAGNOSE
 * X'204' (its probe; z/VM offers the simplified format, subcode 4),
 * X'2FC' (guest performance data, the files of the mount) and X'0C'
 * (pseudo timer, hypfs's debugfs file diag_0c that hyptop reads).
 *
 * DIAGNOSE X'204': Rx = real address of the buffer, Ry (even) = subcode
 * in and return code out, Ry+1 = buffer size in pages. Subcode 4 (simple
 * format) stores a header, this partition ("QEMUZVM", its CPUs) and the
 * "PHYSICAL" partition and returns 0; every other subcode returns 4
 * (not available) and stores nothing.
 *
 * DIAGNOSE X'2FC': Rx = logical address of the parameter list {user ID,
 * access group, buffer address, buffer size, format 2}, translated as
 * the CPU translates it; Rx returns the residual count (size given minus
 * size needed), Ry the return code (0, or -2 when the buffer is too
 * small). The guest is of privilege class G: "*", blanks or its own user
 * ID give one 112-byte record, its own; another user ID gives none.
 *
 * DIAGNOSE X'0C': Rx = real address of a 32-byte area (doubleword
 * aligned): date and time (EBCDIC MM/DD/YY, HH:MM:SS), the virtual CPU
 * time and the total CPU time of the issuing CPU in microseconds.
 *
 * Times are the host CPU time of the vCPU threads; online time is the
 * machine's virtual clock, which runs while the guest runs.
 */
#include "qemu/osdep.h"
#include "cpu.h"
#include "s390x-internal.h"
#include "exec/target_page.h"
#include "qemu/timer.h"
#include "qemu/units.h"
#include "hw/boards.h"
#include "hw/core/cpu.h"
#include "zvm/hw/s390x/zvm.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"
#include "zvm/hw/s390x/trace.h"
#include "zvm-cpu.h"

#define DIAG204_SIMPLE_STIB    4
#define DIAG204_RC_OK          0
#define DIAG204_RC_NOT_AVAIL   4
#define DIAG2FC_FORMAT         2
#define DIAG2FC_RC_TOO_SMALL   ((uint64_t)-2)

typedef struct QEMU_PACKED Diag204Header {
    uint8_t npar;
    uint8_t flags;              /* 0x80: a PHYSICAL block follows */
    uint16_t tslice;
    uint16_t phys_cpus;
    uint16_t this_part;         /* offset of this partition's block */
    uint64_t curtod;
} Diag204Header;

typedef struct QEMU_PACKED Diag204Part {
    uint8_t pn;
    uint8_t cpus;
    uint8_t reserved[6];
    uint8_t name[8];            /* EBCDIC */
} Diag204Part;

typedef struct QEMU_PACKED Diag204Cpu {
    uint16_t cpu_addr;
    uint16_t reserved;
    uint8_t ctidx;
    uint8_t cflag;
    uint16_t weight;
    uint64_t acc_time;          /* microseconds */
    uint64_t lp_time;
} Diag204Cpu;

typedef struct QEMU_PACKED Diag2fcParms {
    uint8_t userid[8];          /* EBCDIC, blank padded; "*": all guests */
    uint8_t aci_grp[8];
    uint64_t addr;
    uint32_t size;
    uint32_t fmt;
} Diag2fcParms;

typedef struct QEMU_PACKED Diag2fcData {
    uint32_t version;
    uint32_t flags;
    uint64_t used_cpu;          /* microseconds */
    uint64_t el_time;           /* microseconds since logon */
    uint64_t mem_min_kb;
    uint64_t mem_max_kb;
    uint64_t mem_share_kb;
    uint64_t mem_used_kb;
    uint32_t pcpus;
    uint32_t lcpus;
    uint32_t vcpus;
    uint32_t ocpus;
    uint32_t cpu_max;
    uint32_t cpu_shares;
    uint32_t cpu_use_samp;
    uint32_t cpu_delay_samp;
    uint32_t page_wait_samp;
    uint32_t idle_samp;
    uint32_t other_samp;
    uint32_t total_samp;
    uint8_t guest_name[8];      /* EBCDIC, blank padded */
} Diag2fcData;
QEMU_BUILD_BUG_ON(sizeof(Diag2fcData) != 112);

/* z/VM's defaults: relative share 100, no maximum share */
#define ZVM_SHARE_RELATIVE  100
#define ZVM_SHARE_NOLIMIT   10000

/* Host CPU time of @cs's thread, in microseconds (0 where unknown) */
static uint64_t cpu_time_us(CPUState *cs)
{
#ifdef CONFIG_POSIX
    clockid_t clk;
    struct timespec ts;

    if (cs->thread && !pthread_getcpuclockid(cs->thread->thread, &clk) &&
        !clock_gettime(clk, &ts)) {
        return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
    }
#endif
    return 0;
}

/* Does @cs run in a thread of a CPU before it (one thread, several CPUs)? */
static bool thread_counted(CPUState *cs)
{
#ifdef CONFIG_POSIX
    CPUState *other;

    CPU_FOREACH(other) {
        if (other == cs) {
            break;
        }
        if (other->thread && cs->thread &&
            pthread_equal(other->thread->thread, cs->thread->thread)) {
            return true;
        }
    }
#endif
    return false;
}

/* ... of all vCPU threads */
static uint64_t guest_cpu_time_us(void)
{
    uint64_t sum = 0;
    CPUState *cs;

    CPU_FOREACH(cs) {
        if (!thread_counted(cs)) {
            sum += cpu_time_us(cs);
        }
    }
    return sum;
}

static void put_ebcdic(uint8_t *dst, const char *s, size_t len)
{
    g_autofree char *padded = g_strdup_printf("%-*.*s", (int)len, (int)len, s);

    zvm_ascii_to_ebcdic(dst, padded, len);
}

static void zvm_diag_204(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    const uint64_t subcode = env->regs[ry] & 0xffffffff;
    const uint64_t addr = env->regs[rx];
    const uint64_t pages = ry & 1 ? 0 : env->regs[ry + 1] & 0xffffffff;
    g_autoptr(GByteArray) buf = g_byte_array_new();
    Diag204Header hdr = { 0 };
    Diag204Part part = { 0 };
    Diag204Cpu c = { 0 };
    CPUState *cs;
    int n = 0;

    if (ry & 1) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    if (subcode != DIAG204_SIMPLE_STIB) {
        trace_zvm_diag_204(subcode, DIAG204_RC_NOT_AVAIL);
        env->regs[ry] = DIAG204_RC_NOT_AVAIL;
        return;
    }
    if (addr & ~TARGET_PAGE_MASK) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    CPU_FOREACH(cs) {
        n++;
    }
    hdr.npar = 1;
    hdr.flags = 0x80;
    hdr.phys_cpus = cpu_to_be16(n);
    hdr.this_part = cpu_to_be16(sizeof(hdr));
    g_byte_array_append(buf, (uint8_t *)&hdr, sizeof(hdr));
    part.pn = 1;
    part.cpus = n;
    put_ebcdic(part.name, "QEMUZVM", sizeof(part.name));
    g_byte_array_append(buf, (uint8_t *)&part, sizeof(part));
    CPU_FOREACH(cs) {
        c.cpu_addr = cpu_to_be16(cs->cpu_index);
        c.acc_time = c.lp_time = cpu_to_be64(cpu_time_us(cs));
        g_byte_array_append(buf, (uint8_t *)&c, sizeof(c));
    }
    /* the hypervisor's own share: none measured */
    memset(&part, 0, sizeof(part));
    part.cpus = 1;
    put_ebcdic(part.name, "PHYSICAL", sizeof(part.name));
    g_byte_array_append(buf, (uint8_t *)&part, sizeof(part));
    memset(&c, 0, sizeof(c));
    g_byte_array_append(buf, (uint8_t *)&c, sizeof(c));

    if (buf->len > pages * TARGET_PAGE_SIZE) {
        trace_zvm_diag_204(subcode, DIAG204_RC_NOT_AVAIL);
        env->regs[ry] = DIAG204_RC_NOT_AVAIL;
        return;
    }
    if (!zvm_real_rw(cpu, addr, buf->data, buf->len, true)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
        return;
    }
    trace_zvm_diag_204(subcode, DIAG204_RC_OK);
    env->regs[ry] = DIAG204_RC_OK;
}

/* This guest's record */
static void guest_record(ZvmPersonality *zvm, Diag2fcData *d)
{
    MachineState *ms = MACHINE(qdev_get_machine());
    const uint64_t storage_kb = ms->ram_size / KiB;
    g_autofree char *statm = NULL;
    unsigned long size_pages, resident_pages = 0;
    uint32_t defined = 0, operating = 0;
    CPUState *cs;

    CPU_FOREACH(cs) {
        defined++;
        operating += !cs->stopped && !cs->halted;
    }
    if (g_file_get_contents("/proc/self/statm", &statm, NULL, NULL)) {
        sscanf(statm, "%lu %lu", &size_pages, &resident_pages);
    }
    memset(d, 0, sizeof(*d));
    d->version = cpu_to_be32(1);
    d->used_cpu = cpu_to_be64(guest_cpu_time_us());
    d->el_time = cpu_to_be64(qemu_clock_get_us(QEMU_CLOCK_VIRTUAL));
    d->mem_min_kb = cpu_to_be64(storage_kb);
    d->mem_max_kb = cpu_to_be64(storage_kb);
    d->mem_share_kb = cpu_to_be64(storage_kb);
    d->mem_used_kb = cpu_to_be64(MIN(storage_kb, resident_pages *
                                     (qemu_real_host_page_size() / KiB)));
    d->pcpus = cpu_to_be32(sysconf(_SC_NPROCESSORS_ONLN));
    d->lcpus = d->pcpus;
    d->vcpus = cpu_to_be32(defined);
    d->ocpus = cpu_to_be32(MAX(operating, 1));
    d->cpu_max = cpu_to_be32(ZVM_SHARE_NOLIMIT);
    d->cpu_shares = cpu_to_be32(ZVM_SHARE_RELATIVE);
    put_ebcdic(d->guest_name, zvm->userid, sizeof(d->guest_name));
}

static void zvm_diag_2fc(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    ZvmPersonality *zvm = zvm_personality();
    Diag2fcParms p;
    Diag2fcData d;
    char userid[9];
    uint64_t size, need = 0;

    if (s390_cpu_virt_mem_read(cpu, env->regs[rx], 0, &p, sizeof(p))) {
        s390_cpu_virt_mem_handle_exc(cpu, ra);
        return;
    }
    if (be32_to_cpu(p.fmt) != DIAG2FC_FORMAT) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    zvm_ebcdic_to_ascii(userid, p.userid, 8);
    userid[8] = 0;
    g_strchomp(userid);
    if (!*userid || !strcmp(userid, "*") ||
        !g_ascii_strcasecmp(userid, zvm->userid)) {
        guest_record(zvm, &d);
        need = sizeof(d);
    }
    size = be32_to_cpu(p.size);
    trace_zvm_diag_2fc(userid, size, need);
    /* a size query (0) stores nothing; a buffer too small neither */
    if (size >= need && need && s390_cpu_virt_mem_write(cpu,
                                        be64_to_cpu(p.addr), 0, &d, need)) {
        s390_cpu_virt_mem_handle_exc(cpu, ra);
        return;
    }
    env->regs[rx] = size - need;
    env->regs[ry] = size && size < need ? DIAG2FC_RC_TOO_SMALL : 0;
}

static void zvm_diag_0c(S390CPU *cpu, uint8_t rx, uint8_t ry, uintptr_t ra)
{
    CPUS390XState *env = &cpu->env;
    const uint64_t addr = env->regs[rx];
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *date = g_date_time_format(now, "%m/%d/%y");
    g_autofree char *time = g_date_time_format(now, "%H:%M:%S");
    struct QEMU_PACKED {
        uint8_t date[8];
        uint8_t time[8];
        uint64_t virtcpu;
        uint64_t totalproc;
    } area;

    if (addr & 7) {
        s390_program_interrupt(env, PGM_SPECIFICATION, ra);
        return;
    }
    put_ebcdic(area.date, date, sizeof(area.date));
    put_ebcdic(area.time, time, sizeof(area.time));
    area.virtcpu = cpu_to_be64(cpu_time_us(CPU(cpu)));
    area.totalproc = area.virtcpu;
    if (!zvm_real_rw(cpu, addr, &area, sizeof(area), true)) {
        s390_program_interrupt(env, PGM_ADDRESSING, ra);
    }
}

static void zvm_hypfs_register(void)
{
    zvm_register_diag(0x00c, zvm_diag_0c);
    zvm_register_diag(0x204, zvm_diag_204);
    zvm_register_diag(0x2fc, zvm_diag_2fc);
}

type_init(zvm_hypfs_register)
