/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm standby storage benchmark ('make bench'): a stock Debian
 * kernel (BENCH_SUITE, default trixie) with 1 GiB of boot storage and
 * 3 GiB of standby storage runs tests/guest/scenarios/standby.sh, and
 * this prints, measured in one run, QEMU's resident set size before
 * onlining, right after onlining all 3 GiB, after the guest filled
 * 1 GiB of it, and after offlining it again, with ratios to the first;
 * and how long the guest took to online the 3 GiB (chmem and sysfs,
 * one SCLP ASSIGN per storage increment). It runs twice: with QEMU's
 * defaults, and with TCG's translation buffer and glibc's mmap threshold
 * bounded as docs/standby.rst recommends, so that the second shows what
 * standby storage costs without what TCG grows meanwhile.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "zvm-guest.h"

#define BOOT_MIB     1024
#define STANDBY_MIB  3072
#define FILL_MIB     1024

typedef struct Bench {
    const char *name;
    const char *accel;
    const char *env;
    uint64_t rss[4];            /* QEMU process, MiB */
    uint64_t backend[4];        /* its standby storage backend, MiB */
    int64_t increment;
    double online_s;
} Bench;

static void on_mark(QTestState *qts, const char *name, void *opaque)
{
    static const char *const names[] = { "booted", "onlined", "online",
                                         "offline" };
    Bench *b = opaque;

    for (int i = 0; i < 4; i++) {
        if (g_str_equal(name, names[i])) {
            b->rss[i] = zvm_guest_rss_mib(qts);
            b->backend[i] = zvm_guest_mapping_rss_mib(qts,
                                                      (uint64_t)STANDBY_MIB
                                                      << 20);
        }
    }
    if (!b->increment) {
        QDict *rsp = qtest_qmp(qts, "{'execute': 'query-standby-storage'}");

        b->increment = qdict_get_int(qdict_get_qdict(rsp, "return"),
                                     "increment-size");
        qobject_unref(rsp);
    }
}

static double value(ZvmGuest *g, const char *key)
{
    g_autofree char *v = zvm_guest_value(g, key);

    g_assert_nonnull(v);
    return g_ascii_strtod(v, NULL);
}

static void run(const char *suite, Bench *b)
{
    g_autofree char *machine = g_strdup_printf("zvm=off,standby-mem=%dM",
                                               STANDBY_MIB);
    g_autofree char *append = g_strdup_printf(
        "zvmtest.standby_mib=%d zvmtest.fill_mib=%d", STANDBY_MIB, FILL_MIB);
    ZvmGuestOpts opts = {
        .kernel = suite,
        .scenario = "standby",
        .binaries = "/usr/bin/lsmem /usr/sbin/chmem",
        .tools = "memfill",
        .machine = machine,
        .accel = b->accel,
        .env = b->env,
        .append = append,
        .mem_mib = BOOT_MIB,
        .timeout_s = 600,
        .on_mark = on_mark,
        .opaque = b,
    };
    ZvmGuest *g = zvm_guest_run(&opts);

    zvm_guest_assert_clean(g);
    b->online_s = value(g, "t-online-end") - value(g, "t-online-start");
    zvm_guest_free(g);
}

static void row(const char *what, Bench *b, int n, int i)
{
    printf("  %-32s", what);
    for (int k = 0; k < n; k++) {
        g_autofree char *cell = g_strdup_printf(
            "%5" PRIu64 " MiB %4.2f x (%4" PRIu64 ")", b[k].rss[i],
            (double)b[k].rss[i] / b[k].rss[0], b[k].backend[i]);

        printf(k + 1 < n ? "  %-26s" : "  %s", cell);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    const char *suite = g_getenv("BENCH_SUITE") ?: "trixie";
    Bench b[] = {
        { .name = "QEMU defaults", .accel = "tcg" },
        { .name = "bounded TCG buffer + malloc",
          .accel = ZVM_GUEST_RSS_ACCEL, .env = ZVM_GUEST_RSS_ENV },
    };
    const int n = ARRAY_SIZE(b);
    g_autofree char *what = NULL;
    int64_t assigns;

    g_test_init(&argc, &argv, NULL);
    for (int k = 0; k < n; k++) {
        run(suite, &b[k]);
    }
    assigns = STANDBY_MIB / (b[0].increment >> 20);
    printf("standby storage, Debian %s kernel, %d MiB boot + %d MiB standby "
           "(increments of %" PRId64 " MiB)\n", suite, BOOT_MIB,
           STANDBY_MIB, b[0].increment >> 20);
    printf("QEMU RSS, ratio to before onlining, (standby backend RSS):\n");
    for (int k = 0; k < n; k++) {
        printf("  [%d] %s: -accel %s%s%s\n", k + 1, b[k].name, b[k].accel,
               b[k].env ? ", " : "", b[k].env ? b[k].env : "");
    }
    printf("  %-32s", "");
    for (int k = 0; k < n; k++) {
        g_autofree char *cell = g_strdup_printf("[%d]", k + 1);

        printf(k + 1 < n ? "  %-26s" : "  %s", cell);
    }
    printf("\n");
    row("before onlining", b, n, 0);
    what = g_strdup_printf("after onlining all %d MiB", STANDBY_MIB);
    row(what, b, n, 1);
    g_free(what);
    what = g_strdup_printf("after the guest filled %d MiB", FILL_MIB);
    row(what, b, n, 2);
    row("after offlining it all", b, n, 3);
    printf("  %-32s", "guest time to online it");
    for (int k = 0; k < n; k++) {
        g_autofree char *cell = g_strdup_printf(
            "%5.2f s (%.0f us/ASSIGN)", b[k].online_s,
            b[k].online_s * 1e6 / assigns);

        printf(k + 1 < n ? "  %-26s" : "  %s", cell);
    }
    printf("\n  (%" PRId64 " ASSIGN STORAGE commands each)\n", assigns);
    return 0;
}
