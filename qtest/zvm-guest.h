/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm qtest helpers: boot an s390x kernel (Debian's, or a kernel
 * developer's own, see docs/own-kernel.rst) with a scenario initramfs
 * under TCG and check what the guest printed.
 */
#ifndef QTEST_ZVM_GUEST_H
#define QTEST_ZVM_GUEST_H

#include "libqtest.h"

/*
 * For tests that measure QEMU's RSS: bound what QEMU grows while the
 * guest runs, unrelated to the model under test (docs/standby.rst,
 * "Host memory"): TCG's translation buffer, which keeps all guest code
 * translated so far (by default up to 1 GiB), and glibc's dynamic mmap
 * threshold, which moves large short-lived buffers into malloc arenas
 * that fragment and stay resident.
 */
#define ZVM_GUEST_RSS_ACCEL "tcg,tb-size=64"
#define ZVM_GUEST_RSS_ENV   "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072"

typedef struct ZvmGuestOpts {
    const char *kernel;     /* a kernel of zvm_kernel_names() */
    const char *scenario;   /* tests/guest/scenarios/<name>.sh */
    const char *binaries;   /* userland binaries, space separated */
    const char *modules;    /* kernel modules, space separated */
    const char *machine;    /* extra -machine options, e.g. "zvm=on" */
    const char *args;       /* extra QEMU arguments */
    const char *accel;      /* -accel, default "tcg" */
    const char *cpu;        /* -cpu, default "max" (EDAT-1 under TCG) */
    const char *env;        /* "NAME=VALUE" for QEMU's environment */
    const char *append;     /* extra kernel parameters */
    int mem_mib;            /* -m, default 512 */
    int smp;                /* -smp, default 2 */
    int timeout_s;          /* default 180 */
    const char *tools;      /* guest tools built here (memfill), spaces */
    /* stop once the guest printed @until this often (default: once) */
    const char *until;
    int until_count;
    /* called once QEMU runs, before the guest's first instruction (-S) */
    void (*on_start)(QTestState *qts, void *opaque);
    /* called for every "ZVM-MARK: name" line, as soon as it appears */
    void (*on_mark)(QTestState *qts, const char *name, void *opaque);
    void *opaque;
    /*
     * Let the guest's power off end QEMU (no -no-shutdown): after the
     * scenario, wait at most @poweroff_s seconds for QEMU to exit, and
     * zvm_guest_free() asserts its exit status 0
     */
    int poweroff_s;
} ZvmGuestOpts;

typedef struct ZvmGuest {
    QTestState *qts;
    char *dir;              /* temporary directory (console, initramfs) */
    char *console;          /* everything the guest printed */
    bool ended;             /* ZVM-SCENARIO-END (or @until) seen */
    int rc;                 /* scenario exit code */
    bool exited;            /* poweroff_s: QEMU ended by itself */
    double poweroff_s;      /* ... this long after the scenario's end */
} ZvmGuest;

/*
 * The kernels under test: $ZVM_KERNELS, space separated, each a Debian
 * suite of the guest assets (bookworm, trixie, sid) or NAME=DIR, a
 * directory prepared by scripts/zvm-kernel (vmlinuz, release, config,
 * modules/). Default: the three Debian suites. Test paths end in NAME.
 */
typedef struct ZvmKernel {
    char *name;
    char *dir;
    char *release;          /* uname -r */
    int major, minor;       /* from the release */
    GHashTable *config;     /* option without CONFIG_ -> value; NULL: unknown */
    bool debian;            /* a kernel of the guest assets */
} ZvmKernel;

/* NULL-terminated, owned by the harness */
const char *const *zvm_kernel_names(void);
const ZvmKernel *zvm_kernel(const char *name);
/* Is @k older than @major.@minor? */
bool zvm_kernel_before(const ZvmKernel *k, int major, int minor);
/*
 * Does tests/guest/known-kernel-bugs list @k as affected by @bug? The
 * test expects the bug's symptom where it does, and calls
 * zvm_kernel_bug_seen() when the symptom shows, which names the bug.
 */
bool zvm_kernel_affected(const ZvmKernel *k, const char *bug);
void zvm_kernel_bug_seen(const ZvmKernel *k, const char *bug);

/*
 * Register @fn once per kernel as @path/<name>, for the kernels @want
 * accepts (NULL: all), and only paths the $ZVM_SCENARIO filter selects.
 */
void zvm_guest_add_tests_if(const char *path, GTestDataFunc fn,
                            bool (*want)(const ZvmKernel *k));
/* Does $ZVM_SCENARIO (comma-separated parts of test paths) take @path? */
bool zvm_guest_selected(const char *path);

/*
 * Returns false, and skips the test, if the kernel or the userland is
 * missing (a failure with CI set) or the kernel lacks an option that
 * tests/guest/kernel-requirements lists for the running test (a
 * failure for a Debian kernel of the assets).
 */
bool zvm_guest_ready(const char *kernel);

/* The kernel release (uname -r) of @kernel, g_free it */
char *zvm_guest_kernel_release(const char *kernel);

/* Boot and wait until the scenario has ended, the kernel died or timeout. */
ZvmGuest *zvm_guest_run(const ZvmGuestOpts *opts);

/* The scenario ended with rc 0, no FAIL line and no kernel warning. */
void zvm_guest_assert_clean(const ZvmGuest *g);
/* The same, but kernel warnings only count before "ZVM-MARK: @mark" */
void zvm_guest_assert_clean_until(const ZvmGuest *g, const char *mark);
/* Does the console hold a kernel warning (WARNING:, BUG:, Oops, ...)? */
bool zvm_guest_kernel_trouble(const char *console);

/* A "ZVM-PASS: @name" line was printed. */
void zvm_guest_assert_pass(const ZvmGuest *g, const char *name);

/* The value of a "ZVM-VALUE: @key=..." line (NULL if missing), g_free it. */
char *zvm_guest_value(const ZvmGuest *g, const char *key);
/* Same, in the console after the @n-th (from 1) line "ZVM-MARK: @mark" */
char *zvm_guest_value_after(const ZvmGuest *g, const char *mark, int n,
                            const char *key);

/* Resident set size of the QEMU process in MiB */
uint64_t zvm_guest_rss_mib(QTestState *qts);
/* @field (Rss, Pss, ...) in KiB of QEMU's mappings of the file @file */
uint64_t zvm_guest_file_kib(QTestState *qts, const char *file,
                            const char *field);
/* RSS in MiB of the one mapping of QEMU that is @size bytes long */
uint64_t zvm_guest_mapping_rss_mib(QTestState *qts, uint64_t size);

void zvm_guest_free(ZvmGuest *g);

/* Register @fn once per kernel as @path/<name> (see above). */
void zvm_guest_add_tests(const char *path, GTestDataFunc fn);

#endif
