/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the z/VM facilities a stock kernel meets, used from the
 * guest as their users use them (tests/guest/scenarios/facilities.sh),
 * each kernel of the matrix with "zvm=on":
 *
 * full        without "quiet" and without conmode=sclp, a virtio device
 *             at subchannel 0 (as on the default machine): CMM gives the
 *             host memory back, the watchdog, hypfs, appldata and
 *             monwriter work, monreader reads their records through
 *             *MONITOR (a store with MONDCSS, a 1 s sample interval),
 *             CMM obeys SMSGs through *MSG, the other IUCV users fail
 *             as on z/VM; the power off ends QEMU with exit status 0
 *             within 10 s.
 * light-quiet with "quiet" and vmpoff=LOGOFF, the same without CMM:
 *             the power off is CP's LOGOFF, and ends QEMU the same way.
 * light-halt  without "quiet", ended by halt -f (the stop action).
 * light-reboot with "quiet", ended by reboot -f (DIAGNOSE X'308'),
 *             which ends QEMU under -no-reboot.
 * panic       a kernel panic with vmpanic=LOGOFF: CP's LOGOFF ends QEMU.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qemu/units.h"
#include "zvm-guest.h"

#define POWEROFF_S          10
#define CMM_RETURNED_MIB    48      /* of the 64 MiB cmm_pages holds */

#define MODULES "diag288_wdt appldata_mem appldata_os appldata_net_sum " \
                "monwriter netiucv? af_iucv? smsgiucv_app? vmlogrdr? " \
                "vmur? monreader dasd_diag_mod?"

typedef struct Host {
    uint64_t rss_touched, rss_held;     /* MiB */
    int appldata_on, appldata_off;      /* buffers registered */
    bool appldata_products;
    bool monwriter_started, monwriter_event;
    int monwriter_after_close;
    int smsg_sent;                      /* zvm-smsg commands accepted */
    bool smsg_refused;                  /* the hostile ones refused */
} Host;

/* QMP zvm-smsg: true if QEMU took it */
static bool smsg(QTestState *qts, const char *from, const char *text)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'zvm-smsg', 'arguments': {"
                           " 'from': %s, 'text': %s } }", from, text);
    bool ok = qdict_haskey(rsp, "return");

    qobject_unref(rsp);
    return ok;
}

static QList *appldata(QTestState *qts, const char *property)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': {"
                           " 'path': '/machine/zvm-personality/appldata',"
                           " 'property': %s } }", property);
    QList *l = qdict_get_qlist(rsp, "return");

    g_assert_nonnull(l);
    qobject_ref(l);
    qobject_unref(rsp);
    return l;
}

/* The entry of @l whose product ID starts @prefix, record @record */
static QDict *find_product(QList *l, const char *prefix, int record)
{
    g_autofree char *rec = g_strdup_printf(" %02x ", record);
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(l, e) {
        QDict *d = qobject_to(QDict, qlist_entry_obj(e));
        const char *p = qdict_get_str(d, "product");

        /* "LINUXKR d5d3 01 f2f6 f0f1 f0f0": the record after the prefix */
        if (g_str_has_prefix(p, prefix) && strstr(p + 7, rec) == p + 12) {
            return d;
        }
    }
    return NULL;
}

static char *read_guest(QTestState *qts, uint64_t addr, size_t len)
{
    char *s = g_malloc0(len + 1);

    qtest_memread(qts, addr, s, len);
    return s;
}

static void on_mark(QTestState *qts, const char *name, void *opaque)
{
    Host *h = opaque;
    QList *l;

    if (!strcmp(name, "cmm-touched")) {
        h->rss_touched = zvm_guest_rss_mib(qts);
    } else if (!strcmp(name, "cmm-held")) {
        h->rss_held = zvm_guest_rss_mib(qts);
    } else if (!strcmp(name, "appldata-on")) {
        l = appldata(qts, "buffers");
        h->appldata_on = qlist_size(l);
        /* appldata_mem, _os, _net_sum: product LINUXKR, records 1-3 */
        h->appldata_products = find_product(l, "LINUXKR", 1) &&
                               find_product(l, "LINUXKR", 2) &&
                               find_product(l, "LINUXKR", 3);
        qobject_unref(l);
    } else if (!strcmp(name, "appldata-off")) {
        l = appldata(qts, "buffers");
        h->appldata_off = qlist_size(l);
        qobject_unref(l);
    } else if (!strcmp(name, "monwriter-started")) {
        QDict *b;

        l = appldata(qts, "buffers");
        b = find_product(l, "LNXAPPL", 7);
        if (b && qdict_get_int(b, "length") == 16) {
            /* the sample buffer CP reads, in the guest's storage */
            g_autofree char *data = read_guest(qts,
                                               qdict_get_int(b, "address"), 16);

            h->monwriter_started = !strcmp(data, "SAMPLE-DATA-0001");
        }
        qobject_unref(l);
    } else if (!strcmp(name, "smsg-shrink")) {
        g_autofree char *long_text = g_strnfill(241, 'X');

        /* not user IDs, a text longer than CP's: refused */
        h->smsg_refused = !smsg(qts, "TOOLONGID", "CMM SHRINK 1") &&
                          !smsg(qts, "", "CMM SHRINK 1") &&
                          !smsg(qts, "VMRMSVM", long_text);
        /* CMM ignores a sender other than VMRMSVM */
        h->smsg_sent += smsg(qts, "OPERATOR", "CMM SHRINK 999");
        h->smsg_sent += smsg(qts, "VMRMSVM", "CMM SHRINK 256");
    } else if (!strcmp(name, "smsg-shrink-0")) {
        h->smsg_sent += smsg(qts, "vmrmsvm", "CMM SHRINK 0");
    } else if (!strcmp(name, "monwriter-closed")) {
        QDict *ev;

        l = appldata(qts, "buffers");
        h->monwriter_after_close = qlist_size(l);
        qobject_unref(l);
        l = appldata(qts, "events");
        ev = find_product(l, "LNXAPPL", 8);
        /* "EVENT-DATA-0002" in hex */
        h->monwriter_event = ev && !strcmp(qdict_get_str(ev, "data"),
                             "4556454e542d444154412d30303032");
        qobject_unref(l);
    }
}

static void assert_value(ZvmGuest *g, const char *key, const char *expect)
{
    g_autofree char *v = zvm_guest_value(g, key);

    g_assert_cmpstr(v, ==, expect);
}

static void assert_poweroff(ZvmGuest *g)
{
    g_assert_true(g->ended);
    g_assert_true(g->exited);
    g_assert_cmpfloat(g->poweroff_s, <=, POWEROFF_S);
}

/* "MONDATA <hex>": the first 40 bytes of a record's data (a line) */
static bool has_data(ZvmGuest *g, const char *text)
{
    g_autoptr(GString) want = g_string_new("MONDATA ");

    for (const char *c = text; *c; c++) {
        g_string_append_printf(want, "%02x", (uint8_t)*c);
    }
    g_string_append(want, "\r\n");
    return strstr(g->console, want->str) != NULL;
}

/*
 * monreader read back, through *MONITOR's messages and the monitor
 * segment, the records monwriter and appldata_mem gave CP: monwriter's
 * event (record 9) as an event record, its sample buffer (record 10)
 * and appldata_mem's in sample records, byte for byte, from user
 * LINUX001 (EBCDIC d3c9d5e4e7f0f0f1); appldata_mem's totalram is the
 * guest's MemTotal and its two sync counts agree.
 */
static void assert_monitor(ZvmGuest *g)
{
    g_autofree char *mem = g_strdup_printf("MONMEM sync=1 totalram=%s\r\n",
                                           zvm_guest_value(g, "meminfo-total"));

    zvm_guest_assert_pass(g, "monreader-module");
    zvm_guest_assert_pass(g, "monreader-open");
    g_assert_cmpint(atoi(zvm_guest_value(g, "monreader-sets") ?: "0"), ==, 6);
    g_assert_nonnull(strstr(g->console, "MONMCE E domains=0020 "));
    g_assert_nonnull(strstr(g->console, "MONMCE S domains=0020 "));
    g_assert_nonnull(strstr(g->console, "MONREC E domain=10 record=1 "
                            "user=d3c9d5e4e7f0f0f1 product=4c4e584150504c"
                            "000109000100000000 length=18\r\n"));
    g_assert_true(has_data(g, "MONREADER-EVENT-03"));
    g_assert_nonnull(strstr(g->console, "MONREC S domain=10 record=2 "
                            "user=d3c9d5e4e7f0f0f1 product=4c4e584150504c"
                            "00010a000100000000 length=19\r\n"));
    g_assert_true(has_data(g, "MONREADER-SAMPLE-04"));
    g_assert_nonnull(strstr(g->console, mem));
    g_assert_null(strstr(g->console, "disconnected with rc"));
}

/* What every run checks of the facilities both variants use */
static void assert_common(ZvmGuest *g, Host *h)
{
    zvm_guest_assert_clean(g);
    for (const char *const *c = (const char *const[]) {
            "wdt-module", "wdt-device", "wdt-cycle", "hypfs-mount",
            "hypfs-update", "hypfs-cputime-grows", "hypfs-onlinetime-grows",
            "hypfs-umount", "hypfs-diag0c", "appldata-mem-on",
            "appldata-os-on", "appldata-net_sum-on", "appldata-mem-off",
            "monwriter-module", "monwriter-start", "monwriter-event",
            "smsg-iucv-bus", "smsg-cmm-shrink", "smsg-cmm-shrink-0",
            "dmesg-clean", NULL }; *c; c++) {
        zvm_guest_assert_pass(g, *c);
    }
    assert_value(g, "hypfs-type", "z/VM Hypervisor");
    assert_value(g, "hypfs-systems", "LINUX001");
    assert_value(g, "hypfs-vcpus", "2");
    assert_value(g, "appldata-on", "111");
    g_assert_cmpint(h->appldata_on, ==, 3);
    g_assert_true(h->appldata_products);
    g_assert_cmpint(h->appldata_off, ==, 0);
    g_assert_true(h->monwriter_started);
    g_assert_true(h->monwriter_event);
    g_assert_cmpint(h->monwriter_after_close, ==, 0);
    /* special messages through *MSG: CMM obeyed VMRMSVM's SHRINK */
    g_assert_true(h->smsg_refused);
    g_assert_cmpint(h->smsg_sent, ==, 3);
    assert_value(g, "smsg-cmm-pages", "256");
    /* refused at once by CP (not authorized), no hang */
    g_assert_cmpint(atoi(zvm_guest_value(g, "logrec-exit") ?: "0"), !=, 0);
    g_assert_null(strstr(g->console, "has been connected successfully"));
    assert_monitor(g);
}

/*
 * Boot @suite into the scenario, the kernel command line ending in
 * @append, QEMU given @args, let it end by itself and check what every
 * variant checks; NULL if the kernel cannot run it (the test skipped).
 * @full: with CMM, whose host side wants a bounded RSS.
 */
/* A segment store with the monitor segment, beyond the 256 MiB */
static char *make_store(char **store)
{
    g_autofree char *def = NULL, *img = NULL;
    g_autofree char *zero = g_malloc0(MiB);

    *store = g_dir_make_tmp("zvm-facilities-XXXXXX", NULL);
    g_assert_nonnull(*store);
    def = g_build_filename(*store, "MONDCSS.defseg", NULL);
    img = g_build_filename(*store, "MONDCSS.img", NULL);
    g_assert_true(g_file_set_contents(def, "20000-200FF SC", -1, NULL));
    g_assert_true(g_file_set_contents(img, zero, MiB, NULL));
    return g_strdup_printf("zvm=on,zvm-dcss-store=%s", *store);
}

static void remove_store(char *store)
{
    for (const char *const *f = (const char *const[]) {
            "MONDCSS.defseg", "MONDCSS.img", NULL }; *f; f++) {
        g_autofree char *path = g_build_filename(store, *f, NULL);

        unlink(path);
    }
    rmdir(store);
    g_free(store);
}

static ZvmGuest *run(const char *suite, Host *h, bool full,
                     const char *append, const char *args)
{
    g_autofree char *machine = NULL, *all_args = NULL;
    char *store = NULL;
    ZvmGuestOpts opts = {
        .kernel = suite,
        .scenario = "facilities",
        .modules = MODULES,
        .tools = full ? "memfill" : NULL,
        .machine = "zvm=on",
        .args = args,
        .append = append,
        .accel = full ? ZVM_GUEST_RSS_ACCEL : NULL,
        .env = full ? ZVM_GUEST_RSS_ENV : NULL,
        .mem_mib = 256,
        .timeout_s = 600,
        .on_mark = on_mark,
        .opaque = h,
        .poweroff_s = POWEROFF_S,
    };
    ZvmGuest *g;

    if (!zvm_guest_ready(suite)) {
        return NULL;
    }
    opts.machine = machine = make_store(&store);
    opts.args = all_args = g_strdup_printf("%s -global zvm-monitor-service."
                                           "sample-interval=1000", args);
    g = zvm_guest_run(&opts);
    remove_store(store);
    assert_common(g, h);
    assert_poweroff(g);
    return g;
}

static void test_full(const void *data)
{
    Host h = { 0 };
    /* what the default machine has at subchannel 0; no conmode= */
    ZvmGuest *g = run(data, &h, true, NULL,
                      "-name linux001 -device virtio-rng-ccw");

    if (!g) {
        return;
    }
    zvm_guest_assert_pass(g, "cmm-touch");
    zvm_guest_assert_pass(g, "cmm-take");
    zvm_guest_assert_pass(g, "cmm-give-back");
    zvm_guest_assert_pass(g, "cmm-reuse");
    assert_value(g, "cmm-pages", "16384");
    g_test_message("QEMU RSS %" PRIu64 " MiB with the memory touched, %"
                   PRIu64 " MiB while cmm_pages holds 64 MiB: host memory "
                   "returned / memory released = %.2f", h.rss_touched,
                   h.rss_held, (double)(h.rss_touched - h.rss_held) / 64);
    g_assert_cmpuint(h.rss_touched, >=, h.rss_held + CMM_RETURNED_MIB);
    /* the SCLP console served, the 3215 console CP names was not found */
    g_assert_nonnull(strstr(g->console, "No CCW console was found"));
    zvm_guest_free(g);
}

/* The light variant ended by @end -f instead of /init's poweroff -f */
static void run_end(const char *suite, const char *end, const char *quiet,
                    const char *args)
{
    g_autofree char *append = g_strdup_printf("%sconmode=sclp "
                                              "console=ttysclp0 facilities="
                                              "light facilities.end=%s",
                                              quiet, end);
    Host h = { 0 };
    ZvmGuest *g = run(suite, &h, false, append, args);

    if (g) {
        zvm_guest_free(g);
    }
}

/* halt -f, without quiet: all CPUs stopped ends QEMU */
static void test_light_halt(const void *data)
{
    run_end(data, "halt", "", "-name linux001");
}

/* reboot -f, quiet: DIAGNOSE X'308' resets; -no-reboot ends QEMU then */
static void test_light_reboot(const void *data)
{
    run_end(data, "reboot", "quiet ", "-name linux001 -no-reboot");
}

/* poweroff -f, quiet, vmpoff=LOGOFF: the power off is CP's LOGOFF */
static void test_light_quiet(const void *data)
{
    g_autofree char *log = g_strdup_printf("%s/zvm-cp-%d.log", g_get_tmp_dir(),
                                           getpid());
    g_autofree char *args = g_strdup_printf("-name linux001 -d trace:"
                                            "zvm_cp_command,trace:zvm_iucv*,"
                                            "trace:zvm_monsvc*"
                                            " -D %s", log);
    g_autofree char *trace = NULL;
    Host h = { 0 };
    ZvmGuest *g = run(data, &h, false, "quiet conmode=sclp console=ttysclp0 "
                      "vmpoff=LOGOFF facilities=light", args);

    if (!g) {
        return;
    }
    zvm_guest_free(g);
    /* the kernel issued it (vmpoff=) and CP ran it */
    g_assert_true(g_file_get_contents(log, &trace, NULL, NULL));
    unlink(log);
    g_assert_nonnull(strstr(trace, "cmd=\"LOGOFF\" rc=0"));
    /* smsgiucv's path to *MSG and the messages, interruptions on it */
    g_assert_nonnull(strstr(trace, "fn=11 cc=0"));
    g_assert_nonnull(strstr(trace, "cmd=\"SET SMSG IUCV\" rc=0"));
    g_assert_nonnull(strstr(trace, "iptype=0x9 pathid=0"));
    g_assert_nonnull(strstr(trace, "fn=5 cc=0"));
    /* monreader's path to *MONITOR, data sets and replies (fn 6) */
    g_assert_nonnull(strstr(trace, "segment=MONDCSS collect=0xc0 sever=0x0"));
    g_assert_nonnull(strstr(trace, "zvm_monsvc_set type=E"));
    g_assert_nonnull(strstr(trace, "zvm_monsvc_set type=S"));
    g_assert_nonnull(strstr(trace, "fn=6 cc=0"));
    g_assert_null(strstr(trace, "zvm_monsvc_lost"));
}

/* A panic with vmpanic=LOGOFF: the on_panic action is CP's LOGOFF */
static void test_panic(const void *data)
{
    const char *suite = data;
    g_autofree char *log = g_strdup_printf("%s/zvm-cp-panic-%d.log",
                                           g_get_tmp_dir(), getpid());
    g_autofree char *args = g_strdup_printf("-name linux001 "
                                            "-d trace:zvm_cp_command -D %s",
                                            log);
    g_autofree char *trace = NULL;
    ZvmGuestOpts opts = {
        .kernel = suite,
        .scenario = "panic",
        .machine = "zvm=on",
        .args = args,
        .append = "conmode=sclp console=ttysclp0 vmpanic=LOGOFF",
        .until = "Kernel panic",
        .poweroff_s = POWEROFF_S,
    };
    ZvmGuest *g;

    if (!zvm_guest_ready(suite)) {
        return;
    }
    g = zvm_guest_run(&opts);
    g_assert_nonnull(strstr(g->console, "sysrq: Trigger a crash"));
    assert_poweroff(g);
    zvm_guest_free(g);
    g_assert_true(g_file_get_contents(log, &trace, NULL, NULL));
    unlink(log);
    g_assert_nonnull(strstr(trace, "cmd=\"LOGOFF\" rc=0"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    zvm_guest_add_tests("/zvm/facilities/full", test_full);
    zvm_guest_add_tests("/zvm/facilities/light-quiet", test_light_quiet);
    zvm_guest_add_tests("/zvm/facilities/light-halt", test_light_halt);
    zvm_guest_add_tests("/zvm/facilities/light-reboot", test_light_reboot);
    zvm_guest_add_tests("/zvm/facilities/panic", test_panic);
    return g_test_run();
}
