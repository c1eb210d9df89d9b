/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm standby storage from every kernel under test: lsmem shows
 * boot storage online and standby storage offline (7.x: after
 * configuring it through /sys/firmware/memory), chmem -e and the memory
 * sysfs online it, MemTotal grows by exactly the standby size, a pattern
 * fills it, and it goes offline again, QEMU's RSS sampled at each step;
 * a reboot leaves standby storage unassigned; a saved segment inside
 * standby storage is refused (by 6.x itself, by qemu-zvm under 7.x);
 * memmap-on-memory; injected ASSIGN/UNASSIGN failures; and the CMA
 * boundary bug where a kernel has it (see cma_boundary()). The
 * personality is off where it plays no part.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "zvm-guest.h"

#define BOOT_MIB     256
#define STANDBY_MIB  512
/* what the pattern fills once standby storage is online: enough to see */
#define FILL_MIB     128
/* the saved-segment test: standby storage 0x20000000-0x3fffffff */
#define DCSS_BOOT_MIB 512

typedef struct Sample {
    uint64_t rss_mib;           /* QEMU process */
    uint64_t standby_rss_mib;   /* its standby storage backend */
    int64_t assigned_mib;
} Sample;

typedef struct Samples {
    Sample booted, onlined, online, offline;
} Samples;

static int64_t assigned_mib(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'query-standby-storage' }");
    QDict *ret = qdict_get_qdict(rsp, "return");
    int64_t mib;

    g_assert_nonnull(ret);
    mib = qdict_get_int(ret, "assigned-size") >> 20;
    qobject_unref(rsp);
    return mib;
}

static void on_mark(QTestState *qts, const char *name, void *opaque)
{
    Samples *s = opaque;
    Sample *t = g_str_equal(name, "booted") ? &s->booted :
                g_str_equal(name, "onlined") ? &s->onlined :
                g_str_equal(name, "online") ? &s->online :
                g_str_equal(name, "offline") ? &s->offline : NULL;

    g_assert_nonnull(t);
    t->rss_mib = zvm_guest_rss_mib(qts);
    t->standby_rss_mib = zvm_guest_mapping_rss_mib(qts, STANDBY_MIB << 20);
    t->assigned_mib = assigned_mib(qts);
    g_test_message("%s: QEMU RSS %" PRIu64 " MiB (standby backend %"
                   PRIu64 " MiB), standby assigned %" PRId64 " MiB", name,
                   t->rss_mib, t->standby_rss_mib, t->assigned_mib);
}

static char *machine_opts(bool zvm, const char *extra)
{
    return g_strdup_printf("zvm=%s,standby-mem=%dM%s", zvm ? "on" : "off",
                           STANDBY_MIB, extra ? extra : "");
}

static char *append_opts(bool zvm)
{
    return g_strdup_printf("%szvmtest.standby_mib=%d zvmtest.fill_mib=%d",
                           zvm ? "conmode=sclp " : "", STANDBY_MIB,
                           FILL_MIB);
}

/*
 * A kernel with the vmcp-cma-boundary bug (tests/guest/known-kernel-bugs)
 * may put vmcp's CMA area right below standby storage under z/VM and
 * then cannot offline the first standby block (see cma_boundary()): the
 * lsmem/chmem test does without that area there.
 */
static char *append_opts_for(const char *kernel, bool zvm)
{
    g_autofree char *append = append_opts(zvm);

    if (zvm && zvm_kernel_affected(zvm_kernel(kernel), "vmcp-cma-boundary")) {
        return g_strconcat(append, " vmcp_cma=0", NULL);
    }
    return g_steal_pointer(&append);
}

/*
 * Does the kernel configure standby storage through /sys/firmware/memory
 * (7.x), as it said? Decided by what the guest found, not by version.
 */
static bool firmware_memory(const ZvmGuest *g)
{
    g_autofree char *v = zvm_guest_value(g, "firmware-memory");

    g_assert_nonnull(v);
    return g_str_equal(v, "1");
}

static void assert_value_int(ZvmGuest *g, const char *key, int64_t expect)
{
    g_autofree char *v = zvm_guest_value(g, key);

    g_assert_nonnull(v);
    g_assert_cmpint(g_ascii_strtoll(v, NULL, 10), ==, expect);
}

static void lsmem_chmem(const char *suite, bool zvm)
{
    g_autofree char *machine = machine_opts(zvm, NULL);
    g_autofree char *append = append_opts_for(suite, zvm);
    Samples s = { 0 };
    bool v7;
    ZvmGuestOpts opts = {
        .kernel = suite,
        .scenario = "standby",
        .binaries = "/usr/bin/lsmem /usr/sbin/chmem",
        .tools = "memfill",
        .machine = machine,
        .accel = ZVM_GUEST_RSS_ACCEL,
        .env = ZVM_GUEST_RSS_ENV,
        .append = append,
        .mem_mib = BOOT_MIB,
        .timeout_s = 300,
        .on_mark = on_mark,
        .opaque = &s,
    };
    ZvmGuest *g;

    if (!zvm_guest_ready(suite)) {
        return;
    }
    g = zvm_guest_run(&opts);
    v7 = firmware_memory(g);
    assert_value_int(g, "boot-mib", BOOT_MIB);
    assert_value_int(g, "offline-mib", STANDBY_MIB);
    assert_value_int(g, "memtotal-growth-kib", STANDBY_MIB * 1024);
    if (v7) {
        assert_value_int(g, "unconfigured-mib", STANDBY_MIB);
        zvm_guest_assert_pass(g, "lsmem-nothing-offline-before-config");
        zvm_guest_assert_pass(g, "deconfigured");
    }
    for (const char *const *p = (const char *const[]) {
            "standby-offline", "chmem-enable", "all-online", "memtotal-grew",
            "pattern", NULL }; *p; p++) {
        zvm_guest_assert_pass(g, *p);
    }
    zvm_guest_assert_clean(g);
    for (const char *const *p = (const char *const[]) {
            "chmem-disable", "standby-offline-again", "memtotal-back",
            NULL }; *p; p++) {
        zvm_guest_assert_pass(g, *p);
    }
    g_assert_nonnull(strstr(g->console, "Standby memory at 0x10000000 "
                                        "(512M of 512M usable)"));
    /* 7.x assigns when a block is configured, 6.x when it goes online */
    g_assert_cmpint(s.booted.assigned_mib, ==, v7 ? STANDBY_MIB : 0);
    g_assert_cmpint(s.onlined.assigned_mib, ==, STANDBY_MIB);
    g_assert_cmpint(s.online.assigned_mib, ==, STANDBY_MIB);
    g_assert_cmpint(s.offline.assigned_mib, ==, 0);
    /*
     * Host memory: none for standby storage until the guest uses it,
     * not even once onlined; given back when it is offline again.
     */
    g_assert_cmpuint(s.booted.rss_mib, <, BOOT_MIB + 256);
    g_assert_cmpuint(s.booted.standby_rss_mib, ==, 0);
    g_assert_cmpuint(s.onlined.rss_mib, <, s.booted.rss_mib + 32);
    g_assert_cmpuint(s.online.standby_rss_mib, >=, FILL_MIB * 3 / 4);
    g_assert_cmpuint(s.online.rss_mib, >=,
                     s.booted.rss_mib + FILL_MIB * 3 / 4);
    g_assert_cmpuint(s.offline.standby_rss_mib * 100, <=,
                     s.online.standby_rss_mib * 5);
    /* and the process as a whole is back within 5% of where it was */
    g_assert_cmpuint(s.offline.rss_mib * 100, <=, s.booted.rss_mib * 105);
    zvm_guest_free(g);
}

static void test_zvm_on(const void *data)
{
    lsmem_chmem(data, true);
}

static void reboot(const char *suite, bool zvm)
{
    g_autofree char *machine = machine_opts(zvm, NULL);
    g_autofree char *append = append_opts(zvm);
    ZvmGuestOpts opts = {
        .kernel = suite,
        .scenario = "standby-reboot",
        .binaries = "/usr/bin/lsmem /usr/sbin/chmem",
        .machine = machine,
        .append = append,
        .mem_mib = BOOT_MIB,
        .until = "ZVM-MARK: rebooting",
        .until_count = 2,
    };
    ZvmGuest *g;
    g_autofree char *memtotal1 = NULL, *memtotal2 = NULL;
    g_autofree char *standby2 = NULL, *online2 = NULL;
    g_autofree char *online_before = NULL;

    if (!zvm_guest_ready(suite)) {
        return;
    }
    g = zvm_guest_run(&opts);
    g_assert_true(g->ended);
    memtotal1 = zvm_guest_value(g, "boot-memtotal");
    online_before = zvm_guest_value(g, "online-before-reboot-mib");
    memtotal2 = zvm_guest_value_after(g, "rebooting", 1, "boot-memtotal");
    standby2 = zvm_guest_value_after(g, "rebooting", 1, "boot-standby-mib");
    online2 = zvm_guest_value_after(g, "rebooting", 1, "boot-online-mib");
    /* the first boot did online all of it */
    g_assert_cmpint(atoi(online_before), ==, BOOT_MIB + STANDBY_MIB);
    /* after the reboot all of it is standby again */
    g_assert_nonnull(memtotal2);
    g_assert_cmpstr(memtotal2, ==, memtotal1);
    g_assert_cmpint(atoi(standby2), ==, STANDBY_MIB);
    g_assert_cmpint(atoi(online2), ==, BOOT_MIB);
    zvm_guest_free(g);
}

static void test_reboot_zvm_on(const void *data)
{
    reboot(data, true);
}

/* A saved segment at 0x30000000, inside standby storage */
static void dcss(const void *data)
{
    const char *suite = data;
    g_autofree char *store = g_dir_make_tmp("zvm-standby-dcss-XXXXXX",
                                            NULL);
    g_autofree char *def = g_build_filename(store, "GSTB.defseg", NULL);
    g_autofree char *img = g_build_filename(store, "GSTB.img", NULL);
    g_autofree char *extra = g_strdup_printf(",zvm-dcss-store=%s", store);
    g_autofree char *machine = machine_opts(true, extra);
    g_autofree char *append = append_opts(true);
    g_autofree char *rm = g_strdup_printf("rm -rf %s", store);
    g_autofree char *exit1 = NULL, *err1 = NULL, *exit2 = NULL;
    g_autofree char *err2 = NULL;
    g_autofree char *zero_mib = g_malloc0(1 << 20);
    ZvmGuestOpts opts = {
        .kernel = suite,
        .scenario = "standby-dcss",
        .modules = "dcssblk",
        .machine = machine,
        .append = append,
        .mem_mib = DCSS_BOOT_MIB,
    };
    ZvmGuest *g;

    if (!zvm_guest_ready(suite)) {
        return;
    }
    g_assert_true(g_file_set_contents(def, "30000-300FF SR", -1, NULL));
    g_assert_true(g_file_set_contents(img, zero_mib, 1 << 20, NULL));
    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean(g);
    exit1 = zvm_guest_value(g, "before-exit");
    err1 = zvm_guest_value(g, "before-error");
    g_assert_cmpstr(exit1, ==, "1");
    if (firmware_memory(g)) {
        /* 7.x asks qemu-zvm, which refuses: rc 252, -EIO */
        g_assert_nonnull(strstr(g->console,
                                "Loading DCSS GSTB failed with rc=252"));
        g_assert_cmpstr(err1, ==, "Input/output error");
        zvm_guest_assert_pass(g, "configure-block");
        exit2 = zvm_guest_value(g, "configured-exit");
        err2 = zvm_guest_value(g, "configured-error");
        g_assert_cmpstr(exit2, ==, "1");
        g_assert_cmpstr(err2, ==, "Device or resource busy");
    } else {
        /* 6.x added standby storage as System RAM at boot */
        g_assert_null(strstr(g->console, "rc=252"));
        g_assert_cmpstr(err1, ==, "Device or resource busy");
    }
    g_assert_nonnull(strstr(g->console, "GSTB needs used memory resources"));
    zvm_guest_free(g);
    g_assert_cmpint(system(rm), ==, 0);
}

/*
 * Debian's 6.1 under z/VM reserves vmcp's CMA area (4 MiB) at the top of
 * boot storage, ending where standby storage begins, and its s390
 * memory notifier counts an area ending at a block's first byte as part
 * of the block (the vmcp-cma-boundary bug of tests/guest/known-kernel-
 * bugs). So the first standby block goes online but never offline
 * again, the second one does; without the personality there is no vmcp
 * area and both do. This reproduces a guest bug, as it would show on
 * z/VM, where standby storage also begins right above boot storage.
 * The expectation follows from where the kernel put the area and
 * whether its version is listed as affected.
 */
static void cma_boundary(const char *kernel, bool zvm)
{
    const ZvmKernel *k = zvm_kernel(kernel);
    g_autofree char *machine = machine_opts(zvm, NULL);
    g_autofree char *append = g_strdup_printf(
        "%sdyndbg=\"file mm/memory_hotplug.c +p\"",
        zvm ? "conmode=sclp " : "");
    ZvmGuestOpts opts = {
        .kernel = kernel,
        .scenario = "standby-cma",
        .binaries = "/usr/bin/lsmem /usr/sbin/chmem",
        .machine = machine,
        .append = append,
        .mem_mib = BOOT_MIB,
    };
    g_autofree char *start = NULL, *first = NULL, *second = NULL;
    g_autofree char *state = NULL;
    const char *cma;
    unsigned long long cma_mib = 0, cma_base = 0;
    bool at_boundary, expect_bug;
    ZvmGuest *g;

    if (!zvm_guest_ready(kernel)) {
        return;
    }
    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean(g);
    zvm_guest_assert_pass(g, "chmem-enable");
    start = zvm_guest_value(g, "standby-start");
    g_assert_cmpstr(start, ==, "0x10000000");
    first = zvm_guest_value(g, "offline-block1");
    second = zvm_guest_value(g, "offline-block2");
    state = zvm_guest_value(g, "state-block1");
    g_assert_cmpstr(second, ==, "ok");
    /* the kernel may reserve several areas (7.x: a global one too) */
    cma = strstr(g->console, "cma: Reserved ");
    at_boundary = false;
    for (const char *p = cma; p; p = strstr(p + 1, "cma: Reserved ")) {
        g_assert_cmpint(sscanf(p, "cma: Reserved %llu MiB at %llx",
                               &cma_mib, &cma_base), ==, 2);
        at_boundary |= cma_base + (cma_mib << 20) == BOOT_MIB << 20;
    }
    if (!zvm) {
        /* no z/VM, no vmcp area: at most a global one, elsewhere */
        g_assert_false(at_boundary);
    } else if (k->config && g_hash_table_lookup(k->config, "VMCP") &&
               g_hash_table_lookup(k->config, "CMA")) {
        g_assert_nonnull(cma);
    }
    expect_bug = at_boundary && zvm_kernel_affected(k, "vmcp-cma-boundary");
    g_test_message("CMA areas: %s; kernel %s listed as affected by "
                   "vmcp-cma-boundary: the first block %s", !cma ? "none" :
                   at_boundary ? "one ends where standby storage begins" :
                   "elsewhere", zvm_kernel_affected(k, "vmcp-cma-boundary")
                   ? "is" : "is not", expect_bug ? "stays online" :
                   "goes offline");
    if (expect_bug) {
        g_assert_cmpstr(first, ==, "failed");
        g_assert_cmpstr(state, ==, "online");
        g_assert_nonnull(strstr(g->console, "memory offlining [mem "
                                "0x10000000-0x1fffffff] failed due to "
                                "notifier failure"));
        zvm_kernel_bug_seen(k, "vmcp-cma-boundary");
    } else {
        g_assert_cmpstr(first, ==, "ok");
        g_assert_cmpstr(state, ==, "offline");
    }
    zvm_guest_free(g);
}

static void test_cma_zvm_off(const void *data)
{
    cma_boundary(data, false);
}

static void test_cma_zvm_on(const void *data)
{
    cma_boundary(data, true);
}

static int64_t value_int(const ZvmGuest *g, const char *key)
{
    g_autofree char *v = zvm_guest_value(g, key);

    g_assert_nonnull(v);
    return g_ascii_strtoll(v, NULL, 10);
}

static void on_memmap_mark(QTestState *qts, const char *name, void *opaque)
{
    uint64_t *rss = opaque;

    *rss = zvm_guest_mapping_rss_mib(qts, STANDBY_MIB << 20);
}

/*
 * memmap-on-memory (docs/standby.rst): where the kernel puts the struct
 * pages of a standby block decides how much MemTotal grows. 7.x with
 * the per-block switch: in the block, which then adds its size less
 * 1/64 (64-byte struct page per 4 KiB page), whatever the CPU. 6.9 to
 * 6.x booted with memory_hotplug.memmap_on_memory=1: the same, but only
 * on a CPU with EDAT-1, which the `max` model offers under TCG (the edat
 * patch series); with edat=off, and on 6.1 (no s390 support for it),
 * the whole block is added.
 */
static void memmap_on_memory(const char *kernel, bool edat)
{
    const ZvmKernel *k = zvm_kernel(kernel);
    g_autofree char *machine = machine_opts(false, NULL);
    uint64_t rss_after = UINT64_MAX;
    ZvmGuestOpts opts = {
        .kernel = kernel,
        .scenario = "standby-memmap",
        .binaries = "/usr/bin/lsmem /usr/sbin/chmem",
        .machine = machine,
        .cpu = edat ? "max" : "max,edat=off",
        .append = "memory_hotplug.memmap_on_memory=1",
        .mem_mib = BOOT_MIB,
        .on_mark = on_memmap_mark,
        .opaque = &rss_after,
    };
    g_autofree char *param = NULL;
    int64_t block_kib, expect;
    bool in_block;
    ZvmGuest *g;

    if (!zvm_guest_ready(kernel)) {
        return;
    }
    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean(g);
    block_kib = value_int(g, "block-kib");
    param = zvm_guest_value(g, "memmap-param");
    /* the guest sees EDAT-1 exactly when the CPU model offers it */
    g_assert_cmpint(value_int(g, "edat1"), ==, edat);
    if (firmware_memory(g)) {
        g_autofree char *err = zvm_guest_value(g, "switch-while-configured-"
                                               "error");

        zvm_guest_assert_pass(g, "memmap-switch");
        zvm_guest_assert_pass(g, "configure");
        g_assert_cmpint(value_int(g, "memmap-switch-state"), ==, 1);
        g_assert_cmpint(value_int(g, "switch-while-configured-exit"), !=, 0);
        g_assert_cmpstr(err, ==, "Device or resource busy");
        zvm_guest_assert_pass(g, "deconfigure");
        in_block = true;
    } else {
        /* 6.9 to 6.x have the parameter, and it took */
        if (k->major == 6 && !zvm_kernel_before(k, 6, 9)) {
            g_assert_cmpstr(param, ==, "Y");
        }
        in_block = g_str_equal(param, "Y") && edat;
    }
    expect = in_block ? block_kib - block_kib / 64 : block_kib;
    g_test_message("block %" PRId64 " KiB, memmap_on_memory=%s, EDAT-1 %s: "
                   "MemTotal grows by %" PRId64 " KiB", block_kib, param,
                   edat ? "yes" : "no", expect);
    for (int round = 1; round <= 2; round++) {
        g_autofree char *growth = g_strdup_printf("growth-%d-kib", round);
        g_autofree char *back = g_strdup_printf("back-%d-kib", round);
        g_autofree char *lsmem = g_strdup_printf("lsmem-%d", round);
        g_autofree char *line = zvm_guest_value(g, lsmem);

        g_assert_cmpint(value_int(g, growth), ==, expect);
        g_assert_cmpint(value_int(g, back), ==, 0);
        /* lsmem's BLOCK STATE ZONES of the block while it was online */
        g_assert_nonnull(line);
        g_assert_nonnull(strstr(line, "online"));
        g_assert_nonnull(strstr(line, "Movable"));
    }
    /* and QEMU gave the block's memory back */
    g_assert_cmpuint(rss_after, ==, 0);
    zvm_guest_free(g);
}

static void memmap_on_memory_edat(const void *data)
{
    memmap_on_memory(data, true);
}

static void memmap_on_memory_no_edat(const void *data)
{
    memmap_on_memory(data, false);
}

typedef struct FaultSamples {
    int64_t failed, online, offline;    /* assigned MiB at the marks */
} FaultSamples;

static void inject_assign_faults(QTestState *qts, void *opaque)
{
    /* 1 MiB increments: the first standby increment is number 257 */
    for (int i = 0; i < 2; i++) {
        qtest_qmp_assert_success(qts, "{ 'execute': 'zvm-inject-fault', "
                                 "'arguments': { 'target': 'sclp', "
                                 "'code': %d, 'increment': 257, "
                                 "'response': 64 } }",
                                 i ? 0x000c0001 : 0x000d0001);
    }
}

static void on_fault_mark(QTestState *qts, const char *name, void *opaque)
{
    FaultSamples *s = opaque;
    int64_t mib = assigned_mib(qts);

    if (g_str_equal(name, "failed")) {
        s->failed = mib;
    } else if (g_str_equal(name, "online")) {
        s->online = mib;
    } else if (g_str_equal(name, "offline")) {
        s->offline = mib;
    }
}

/*
 * Fault injection (docs/reliability.rst): ASSIGN STORAGE fails once while
 * the first standby block goes online (7.x: is configured), UNASSIGN
 * STORAGE once while it goes offline (7.x: is deconfigured).
 */
static void assign_faults(const void *data)
{
    const char *kernel = data;
    g_autofree char *machine = machine_opts(false, NULL);
    FaultSamples s = { -1, -1, -1 };
    int64_t block;
    ZvmGuestOpts opts = {
        .kernel = kernel,
        .scenario = "standby-fault",
        .binaries = "/usr/bin/lsmem /usr/sbin/chmem",
        .machine = machine,
        .mem_mib = BOOT_MIB,
        .on_start = inject_assign_faults,
        .on_mark = on_fault_mark,
        .opaque = &s,
    };
    ZvmGuest *g;

    if (!zvm_guest_ready(kernel)) {
        return;
    }
    g = zvm_guest_run(&opts);
    g_test_message("assigned MiB: after the failed ASSIGN %" PRId64
                   ", online %" PRId64 ", after the failed UNASSIGN %"
                   PRId64, s.failed, s.online, s.offline);
    zvm_guest_assert_clean(g);
    block = value_int(g, "block-mib");
    /* the first attempt fails and leaves the block as it was */
    g_assert_cmpint(value_int(g, "first-exit"), !=, 0);
    if (firmware_memory(g)) {
        g_assert_cmpint(value_int(g, "first-config"), ==, 0);
        /* and deconfiguring ignores the failed UNASSIGN */
        g_assert_cmpint(value_int(g, "deconfig-exit"), ==, 0);
        g_assert_cmpint(value_int(g, "deconfig-config"), ==, 0);
    } else {
        g_autofree char *state = zvm_guest_value(g, "first-state");

        g_assert_cmpstr(state, ==, "offline");
    }
    /* every kernel logs both failures */
    g_assert_nonnull(strstr(g->console, "assign storage failed (cmd="
                            "0x000d0001, response=0x0040, rn=0x0101)"));
    g_assert_nonnull(strstr(g->console, "assign storage failed (cmd="
                            "0x000c0001, response=0x0040, rn=0x0101)"));
    /* the increment that failed is never assigned */
    g_assert_cmpint(s.failed, <, block);
    /* the retry onlines all of it, offline leaves at most the increment
     * whose UNASSIGN failed assigned (docs/reliability.rst) */
    zvm_guest_assert_pass(g, "retry");
    g_assert_cmpint(s.online, ==, block);
    g_assert_cmpint(value_int(g, "offline-exit"), ==, 0);
    g_assert_cmpint(s.offline, <=, 1);
    zvm_guest_free(g);
}

/* READ STORAGE ELEMENT INFO fails once, after @opaque (int) pass */
static void inject_storage_info_fault(QTestState *qts, void *opaque)
{
    /* response 0x0040 */
    qtest_qmp_assert_success(qts, "{ 'execute': 'zvm-inject-fault', "
                             "'arguments': { 'target': 'sclp', "
                             "'code': %d, 'skip': %d, 'response': 64 } }",
                             0x00040001, GPOINTER_TO_INT(opaque));
}

static int64_t faults_injected(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'query-zvm-faults' }");
    QDict *f = qobject_to(QDict, qlist_peek(qdict_get_qlist(rsp, "return")));
    int64_t n = qdict_get_int(f, "injected");

    qobject_unref(rsp);
    return n;
}

/*
 * A Linux decompressor asks READ STORAGE ELEMENT INFO for elements 0 and
 * 1 before the kernel's memory hotplug code asks again (sclp_cmd.c,
 * 7.x sclp_mem.c): skipping 2 fails the kernel's first request, skipping
 * none the decompressor's.
 */
#define DECOMPRESSOR_STORAGE_INFO 2

static ZvmGuest *storage_info_fault(const char *kernel, int skip)
{
    g_autofree char *machine = machine_opts(true, NULL);
    ZvmGuestOpts opts = {
        .kernel = kernel,
        .scenario = "standby-storage-info-fault",
        .binaries = "/usr/bin/lsmem",
        .tools = "memfill",
        .machine = machine,
        .mem_mib = BOOT_MIB,
        .on_start = inject_storage_info_fault,
        .opaque = GINT_TO_POINTER(skip),
    };
    ZvmGuest *g = zvm_guest_run(&opts);

    g_assert_cmpint(faults_injected(g->qts), ==, 1);
    return g;
}

/* what the scenario reports: boot storage all there and usable */
static void assert_boot_storage(ZvmGuest *g, int64_t standby_mib)
{
    const int64_t blocks = standby_mib / value_int(g, "block-mib");

    zvm_guest_assert_clean(g);
    zvm_guest_assert_pass(g, "fill");
    assert_value_int(g, "online-mib", BOOT_MIB);
    if (firmware_memory(g)) {
        /* 7.x: standby blocks are listed, not added, until configured */
        assert_value_int(g, "firmware-blocks", blocks);
        assert_value_int(g, "offline-mib", 0);
    } else {
        assert_value_int(g, "offline-mib", standby_mib);
        assert_value_int(g, "offline-blocks", blocks);
    }
    g_assert_cmpint(assigned_mib(g->qts), ==, 0);
}

/*
 * Fault injection: the kernel's first READ STORAGE ELEMENT INFO fails.
 * Every kernel gives up on standby storage for this boot (its initcall
 * returns -EIO, without a message): no memory block beyond boot storage,
 * nothing assigned, boot storage intact.
 */
static void storage_info_fault_kernel(const void *data)
{
    ZvmGuest *g;

    if (!zvm_guest_ready(data)) {
        return;
    }
    g = storage_info_fault(data, DECOMPRESSOR_STORAGE_INFO);
    assert_boot_storage(g, 0);
    zvm_guest_free(g);
}

/*
 * Fault injection: the decompressor's READ STORAGE ELEMENT INFO fails.
 * Kernels before 6.13 ask DIAGNOSE X'260' for the storage extents, as
 * under z/VM, boot on boot storage and find standby storage when the
 * kernel asks again. From 6.13 a kernel sees QEMU's DIAGNOSE X'500'
 * storage limit, takes all of boot and standby storage as online and
 * stops with an addressing exception (known bug
 * storage-limit-online-fallback).
 */
static void storage_info_fault_decompressor(const void *data)
{
    const ZvmKernel *k = zvm_kernel(data);
    ZvmGuest *g;
    QDict *rsp;

    if (!zvm_guest_ready(data)) {
        return;
    }
    g = storage_info_fault(data, 0);
    if (zvm_kernel_affected(k, "storage-limit-online-fallback")) {
        g_assert_null(strstr(g->console, "ZVM-SCENARIO-BEGIN"));
        g_assert_nonnull(strstr(g->console,
                                "Kernel fault: interruption code 0005"));
        rsp = qtest_qmp(g->qts, "{ 'execute': 'query-status' }");
        g_assert_cmpstr(qdict_get_str(qdict_get_qdict(rsp, "return"),
                                      "status"), ==, "guest-panicked");
        qobject_unref(rsp);
        zvm_kernel_bug_seen(k, "storage-limit-online-fallback");
    } else {
        assert_boot_storage(g, STANDBY_MIB);
    }
    zvm_guest_free(g);
}

static bool cma_bug_listed(const ZvmKernel *k)
{
    return zvm_kernel_affected(k, "vmcp-cma-boundary");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    zvm_guest_add_tests("/zvm/standby-guest/lsmem-chmem/zvm-on", test_zvm_on);
    zvm_guest_add_tests("/zvm/standby-guest/reboot/zvm-on",
                        test_reboot_zvm_on);
    zvm_guest_add_tests("/zvm/standby-guest/dcss", dcss);
    zvm_guest_add_tests("/zvm/standby-guest/memmap-on-memory",
                        memmap_on_memory_edat);
    zvm_guest_add_tests("/zvm/standby-guest/memmap-edat-off",
                        memmap_on_memory_no_edat);
    zvm_guest_add_tests("/zvm/standby-guest/fault", assign_faults);
    zvm_guest_add_tests("/zvm/standby-guest/storage-info-fault/kernel",
                        storage_info_fault_kernel);
    zvm_guest_add_tests("/zvm/standby-guest/storage-info-fault/decompressor",
                        storage_info_fault_decompressor);
    zvm_guest_add_tests("/zvm/standby-guest/cma-boundary/zvm-on",
                        test_cma_zvm_on);
    /* the control experiment, where the bug may show */
    zvm_guest_add_tests_if("/zvm/standby-guest/cma-boundary/zvm-off",
                           test_cma_zvm_off, cma_bug_listed);
    return g_test_run();
}
