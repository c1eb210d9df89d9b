/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm standby storage benchmark ('make bench'): a stock Debian
 * kernel (BENCH_SUITE, default trixie) with 1 GiB of boot storage and
 * 3 GiB of standby storage runs tests/guest/scenarios/standby.sh, and
 * this prints, measured in one run, QEMU's resident set size before
 * onlining, right after onlining all 3 GiB, after the guest filled
 * 1 GiB of it, and after offlining it again, with ratios to the first;
 * and how long the guest took to online the 3 GiB (chmem and sysfs,
 * one SCLP ASSIGN per storage increment).
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "zvm-guest.h"

#define BOOT_MIB     1024
#define STANDBY_MIB  3072
#define FILL_MIB     1024

typedef struct Bench {
    uint64_t rss[4];
    int64_t increment;
} Bench;

static void on_mark(QTestState *qts, const char *name, void *opaque)
{
    static const char *const names[] = { "booted", "onlined", "online",
                                         "offline" };
    Bench *b = opaque;

    for (int i = 0; i < 4; i++) {
        if (g_str_equal(name, names[i])) {
            b->rss[i] = zvm_guest_rss_mib(qts);
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

int main(int argc, char **argv)
{
    const char *suite = g_getenv("BENCH_SUITE") ?: "trixie";
    g_autofree char *machine = g_strdup_printf("zvm=off,standby-mem=%dM",
                                               STANDBY_MIB);
    g_autofree char *append = g_strdup_printf(
        "zvmtest.standby_mib=%d zvmtest.fill_mib=%d", STANDBY_MIB, FILL_MIB);
    Bench b = { 0 };
    ZvmGuestOpts opts = {
        .suite = suite,
        .scenario = "standby",
        .binaries = "/usr/bin/lsmem /usr/sbin/chmem",
        .tools = "memfill",
        .machine = machine,
        .append = append,
        .mem_mib = BOOT_MIB,
        .timeout_s = 600,
        .on_mark = on_mark,
        .opaque = &b,
    };
    ZvmGuest *g;
    double online_s;

    g_test_init(&argc, &argv, NULL);
    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean(g);
    online_s = value(g, "t-online-end") - value(g, "t-online-start");
    printf("standby storage, Debian %s kernel, %d MiB boot + %d MiB standby "
           "(increments of %" PRId64 " MiB):\n", suite, BOOT_MIB,
           STANDBY_MIB, b.increment >> 20);
    printf("  QEMU RSS before onlining:            %6" PRIu64 " MiB\n",
           b.rss[0]);
    printf("  after onlining all %d MiB:         %6" PRIu64 " MiB  "
           "(%.2f x before)\n", STANDBY_MIB, b.rss[1],
           (double)b.rss[1] / b.rss[0]);
    printf("  after the guest filled %d MiB:     %6" PRIu64 " MiB  "
           "(%.2f x before)\n", FILL_MIB, b.rss[2],
           (double)b.rss[2] / b.rss[0]);
    printf("  after offlining it all:              %6" PRIu64 " MiB  "
           "(%.2f x before)\n", b.rss[3], (double)b.rss[3] / b.rss[0]);
    printf("  guest time to online %d MiB:       %6.2f s  (%" PRId64
           " ASSIGN STORAGE, %.0f us each)\n", STANDBY_MIB, online_s,
           STANDBY_MIB / (b.increment >> 20),
           online_s * 1e6 / (STANDBY_MIB / (b.increment >> 20)));
    zvm_guest_free(g);
    return 0;
}
