/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm saved segments from stock Debian kernels (6.1, 6.12, 7.x):
 * dcssblk loads an SR segment and reads the host file's bytes, cannot
 * write it, writes an SW segment into its host file, saves an exclusive
 * copy with DEFSEG/SAVESEG so that it survives a restart, refuses a
 * segment inside its storage and two overlapping segments, and builds
 * one device from two contiguous EW segments. And an ext4 filesystem in
 * a segment (scripts/mkdcss-fs), mounted read-only and with -o dax, a
 * program run from it.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "zvm-guest.h"

#define MiB (1024 * 1024ULL)

typedef struct Segment {
    const char *name;
    const char *ops;        /* DEFSEG operands */
    uint64_t size;
} Segment;

/* The guest has 512 MiB; segments from 1 GiB on, except GLOW */
static const Segment segments[] = {
    { "GSR", "40000-400FF SR", MiB },
    { "GSW", "40100-401FF SW", MiB },
    { "GSV", "40200-402FF SW", MiB },
    { "GLOW", "10000-100FF SR", MiB },
    { "GOV1", "40400-404FF SR", MiB },
    { "GOV2", "40400-405FF SR", 2 * MiB },
    { "GEW1", "40600-406FF EW", MiB },
    { "GEW2", "40700-407FF EW", MiB },
    { "MONDCSS", "40800-408FF SC", MiB },   /* monreader's, phase 2 */
};

static char *img_path(const char *store, const char *name)
{
    return g_strdup_printf("%s/%s.img", store, name);
}

static void make_store(const char *store)
{
    for (size_t i = 0; i < G_N_ELEMENTS(segments); i++) {
        const Segment *s = &segments[i];
        g_autofree char *def = g_strdup_printf("%s/%s.defseg", store,
                                               s->name);
        g_autofree char *img = img_path(store, s->name);
        g_autofree uint8_t *buf = g_malloc(s->size);

        for (uint64_t o = 0; o < s->size; o++) {
            buf[o] = (o * 7 + i * 13 + (o >> 12)) & 0xff;
        }
        g_assert_true(g_file_set_contents(def, s->ops, -1, NULL));
        g_assert_true(g_file_set_contents(img, (char *)buf, s->size, NULL));
    }
}

static char *file_md5(const char *store, const char *name)
{
    g_autofree char *img = img_path(store, name);
    g_autofree char *data = NULL;
    gsize len;

    g_assert_true(g_file_get_contents(img, &data, &len, NULL));
    return g_compute_checksum_for_data(G_CHECKSUM_MD5, (guchar *)data, len);
}

static bool file_starts_with(const char *store, const char *name,
                             const char *prefix)
{
    g_autofree char *img = img_path(store, name);
    g_autofree char *data = NULL;

    g_assert_true(g_file_get_contents(img, &data, NULL, NULL));
    return g_str_has_prefix(data, prefix);
}

static void assert_value(ZvmGuest *g, const char *key, const char *expect)
{
    g_autofree char *v = zvm_guest_value(g, key);

    g_assert_cmpstr(v, ==, expect);
}

static void assert_nonzero_exit(ZvmGuest *g, const char *key)
{
    g_autofree char *v = zvm_guest_value(g, key);

    g_assert_nonnull(v);
    g_assert_cmpstr(v, !=, "0");
}

static void inject_loadshrx(QTestState *qts, void *opaque)
{
    qtest_qmp_assert_success(qts, "{ 'execute': 'zvm-inject-fault', "
                             "'arguments': { 'target': 'diag64', "
                             "'code': 32, 'segment': 'GSR', 'rc': 44 } }");
}

static ZvmGuest *boot(const char *suite, const char *store, int phase)
{
    g_autofree char *machine = g_strdup_printf("zvm=on,zvm-dcss-store=%s",
                                               store);
    g_autofree char *append = g_strdup_printf(
        "conmode=sclp console=ttysclp0 zvmtest=%d", phase);
    ZvmGuestOpts opts = {
        .kernel = suite,
        .scenario = "dcss",
        .modules = "dcssblk monreader",
        .machine = machine,
        .append = append,
        .mem_mib = 512,
        /* phase 2: the first LOADSHRX of GSR fails */
        .on_start = phase == 2 ? inject_loadshrx : NULL,
    };
    ZvmGuest *g = zvm_guest_run(&opts);

    zvm_guest_assert_clean(g);
    return g;
}

/* The segments QEMU has loaded for the guest, space separated */
static char *loaded_segments(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'query-zvm-dcss' }");
    g_autoptr(GString) names = g_string_new(NULL);
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(qdict_get_qlist(rsp, "return"), e) {
        QDict *seg = qobject_to(QDict, qlist_entry_obj(e));

        if (qdict_get_bool(seg, "loaded")) {
            g_string_append_printf(names, "%s%s", names->len ? " " : "",
                                   qdict_get_str(seg, "name"));
        }
    }
    qobject_unref(rsp);
    return g_string_free(g_steal_pointer(&names), false);
}

static void test_dcssblk(const void *data)
{
    const char *suite = data;
    g_autofree char *store = g_dir_make_tmp("zvm-dcss-guest-XXXXXX", NULL);
    QDict *rsp, *f;
    g_autofree char *sr_md5 = NULL;
    g_autofree char *rm = NULL;
    g_autofree char *left = NULL;
    ZvmGuest *g;

    if (!zvm_guest_ready(suite)) {
        return;
    }
    make_store(store);
    sr_md5 = file_md5(store, "GSR");

    g = boot(suite, store, 1);
    zvm_guest_assert_pass(g, "dcssblk-module");
    /* SR: the host file's bytes, read-only, loaded again after remove */
    zvm_guest_assert_pass(g, "add-sr");
    assert_value(g, "sr-seglist", "GSR");
    assert_value(g, "sr-shared", "1");
    assert_value(g, "sr-iomem", "40000000-400fffff : GSR      (DCSS)");
    assert_value(g, "sr-md5", sr_md5);
    /* a read-only block device: writing it fails at open, not in I/O */
    assert_value(g, "sr-ro", "1");
    assert_nonzero_exit(g, "sr-write-exit");
    assert_value(g, "sr-write-error", "Operation not permitted");
    assert_value(g, "sr-md5-again", sr_md5);
    g_assert_nonnull(strstr(g->console, "DCSS GSR of range"));
    g_assert_cmpstr(file_md5(store, "GSR"), ==, sr_md5);
    /* SW: written through to the host file */
    zvm_guest_assert_pass(g, "sw-write");
    g_assert_true(file_starts_with(store, "GSW", "ZVM-SW-WRITTEN-BY-GUEST"));
    /* save: the exclusive copy became the segment */
    assert_value(g, "sv-shared", "0");
    zvm_guest_assert_pass(g, "save");
    g_assert_nonnull(strstr(g->console,
                            "All DCSSs that map to device GSV are saved"));
    g_assert_true(file_starts_with(store, "GSV", "ZVM-SAVED-CONTENT"));
    /* overlaps */
    assert_nonzero_exit(g, "low-exit");
    g_assert_nonnull(strstr(g->console, "GLOW needs used memory resources"));
    zvm_guest_assert_pass(g, "add-ov1");
    assert_nonzero_exit(g, "ov2-exit");
    g_assert_nonnull(strstr(g->console, "GOV2 needs used memory resources"));
    /* two EW segments, one 2 MiB device */
    zvm_guest_assert_pass(g, "add-multi");
    assert_value(g, "multi-seglist", "GEW1 GEW2");
    assert_value(g, "multi-sectors", "4096");
    /* every device removed: the kernel purged every segment (PURGESEG) */
    left = loaded_segments(g->qts);
    g_assert_cmpstr(left, ==, "");
    zvm_guest_free(g);

    /* a new QEMU and kernel load what was saved */
    g = boot(suite, store, 2);
    zvm_guest_assert_pass(g, "add-saved");
    assert_value(g, "saved-head", "ZVM-SAVED-CONTENT");
    /*
     * monreader loads the monitor segment with the module and connects
     * to *MONITOR on open (docs/dcss.rst, "monreader"): with no monitor
     * data given, the read waits until busybox's timeout kills it
     * (SIGTERM: 143), the path stays. /zvm/facilities reads records
     * through it.
     */
    zvm_guest_assert_pass(g, "monreader-device");
    assert_value(g, "monreader-exit", "143");
    assert_value(g, "mondcss-mapped", "yes");
    g_assert_nonnull(strstr(g->console, "DCSS MONDCSS of range "
                            "0000000040800000 to 00000000408fffff and type "
                            "SC loaded in shared access mode"));
    g_assert_null(strstr(g->console, "*MONITOR system service failed"));
    g_assert_null(strstr(g->console, "*MONITOR system service disconnected"));
    /*
     * Fault injection (docs/reliability.rst): LOADSHRX of GSR fails after
     * SEGEXT found it. The kernel removes the mapping it made (extmem
     * maps rc 44, no such segment, to ENOENT) and keeps boot storage as
     * it was; the retry loads the segment.
     */
    g_assert_cmpint(atoi(zvm_guest_value(g, "fault-add-exit")), !=, 0);
    assert_value(g, "fault-add-error", "No such file or directory");
    g_assert_nonnull(strstr(g->console, "Loading DCSS GSR failed with "
                            "rc=44"));
    assert_value(g, "fault-in-iomem", "0");
    zvm_guest_assert_pass(g, "fault-ram-unchanged");
    zvm_guest_assert_pass(g, "fault-retry");
    assert_value(g, "fault-md5", sr_md5);
    rsp = qtest_qmp(g->qts, "{ 'execute': 'query-zvm-faults' }");
    f = qobject_to(QDict, qlist_peek(qdict_get_qlist(rsp, "return")));
    g_assert_cmpint(qdict_get_int(f, "injected"), ==, 1);
    qobject_unref(rsp);
    zvm_guest_free(g);

    rm = g_strdup_printf("rm -rf %s", store);
    g_assert_cmpint(system(rm), ==, 0);
}

/*
 * Is DAX on dcssblk there? Through FS_DAX_LIMITED up to 6.14; 6.15 to
 * 6.17 mark it broken; 6.18 brings it back on ZONE_DEVICE.
 */
static bool dcssblk_dax(const ZvmKernel *k)
{
    if (k->config && !g_hash_table_lookup(k->config, "FS_DAX")) {
        return false;
    }
    return zvm_kernel_before(k, 6, 15) || !zvm_kernel_before(k, 6, 18);
}

static char *sha256_of(const char *path)
{
    g_autofree char *data = NULL;
    gsize len;

    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    return g_compute_checksum_for_data(G_CHECKSUM_SHA256, (guchar *)data,
                                       len);
}

/* Two guests with the same read-only filesystem segment mounted */
typedef struct Sharing {
    ZvmGuestOpts second;    /* the second guest's boot */
    QTestState *first;
    const char *wimg;       /* GFW.img and its checksum before the save */
    const char *wsha;
    uint64_t rss_kib[2], pss_kib[2];
    bool sampled;
} Sharing;

static void on_second_mark(QTestState *qts, const char *name, void *opaque)
{
    Sharing *sh = opaque;

    if (g_str_equal(name, "sr-mounted")) {
        sh->rss_kib[0] = zvm_guest_file_kib(sh->first, "/GFS.img", "Rss");
        sh->pss_kib[0] = zvm_guest_file_kib(sh->first, "/GFS.img", "Pss");
        sh->rss_kib[1] = zvm_guest_file_kib(qts, "/GFS.img", "Rss");
        sh->pss_kib[1] = zvm_guest_file_kib(qts, "/GFS.img", "Pss");
        sh->sampled = true;
    }
}

/* The first guest has GFS mounted: hold it, boot the second one */
static void on_first_mark(QTestState *qts, const char *name, void *opaque)
{
    Sharing *sh = opaque;
    g_autofree char *saved = NULL;
    g_autofree char *wsha = NULL;
    ZvmGuest *g;

    if (!g_str_equal(name, "sr-mounted")) {
        return;
    }
    /* what the first guest saved is in the host file already */
    wsha = sha256_of(sh->wimg);
    g_assert_cmpstr(wsha, !=, sh->wsha);
    qtest_qmp_assert_success(qts, "{ 'execute': 'stop' }");
    sh->first = qts;
    g = zvm_guest_run(&sh->second);
    zvm_guest_assert_clean(g);
    for (const char *const *p = (const char *const[]) {
            "add", "mount-ro", "read-file", "run-program", "add-saved",
            "mount-saved", "remove-saved", NULL }; *p; p++) {
        zvm_guest_assert_pass(g, *p);
    }
    saved = zvm_guest_value(g, "saved-file");
    g_assert_cmpstr(saved, ==, "written by the first guest");
    zvm_guest_free(g);
    qtest_qmp_assert_success(qts, "{ 'execute': 'cont' }");
}

/*
 * An ext4 filesystem with a file and a static program, 2 GiB up (GFS,
 * SR), and an empty one above it (GFW, SW) that the guest writes and
 * saves for the next boot to read.
 */
static void test_filesystem(const void *data)
{
    const char *kernel = data;
    const ZvmKernel *k = zvm_kernel(kernel);
    g_autofree char *store = g_dir_make_tmp("zvm-dcss-fs-XXXXXX", NULL);
    g_autofree char *dir = g_build_filename(store, "fs", NULL);
    g_autofree char *empty = g_build_filename(store, "empty", NULL);
    g_autofree char *img = g_build_filename(store, "GFS.img", NULL);
    g_autofree char *wimg = g_build_filename(store, "GFW.img", NULL);
    g_autofree char *wsha = NULL;
    g_autofree char *machine = g_strdup_printf("zvm=on,zvm-dcss-store=%s",
                                               store);
    g_autofree char *cmd = NULL, *sha = NULL, *sha_after = NULL;
    g_autofree char *mount = NULL, *after = NULL;
    const char *assets = g_getenv("ZVM_ASSETS");
    ZvmGuestOpts opts = {
        .kernel = kernel,
        .scenario = "dcss-fs",
        .modules = "dcssblk ext4 crc32c_generic?",
        .machine = machine,
        .append = "conmode=sclp console=ttysclp0 zvmtest=1",
        .mem_mib = 512,
    };
    Sharing sh = {
        .second = opts,
        .wimg = wimg,
    };
    ZvmGuest *g;
    bool bug;

    if (!zvm_guest_ready(kernel)) {
        return;
    }
    cmd = g_strdup_printf("mkdir %s && echo 'hello from a saved segment' "
                          ">%s/hello.txt && cp %s/userland/usr/bin/busybox "
                          "%s/ && %s/scripts/mkdcss-fs %s GFS 80000 SR %s "
                          ">/dev/null && mkdir %s && %s/scripts/mkdcss-fs "
                          "%s GFW 80400 SW %s 2 >/dev/null", dir, dir, assets,
                          dir, g_getenv("ZVM_TOP"), store, dir, empty,
                          g_getenv("ZVM_TOP"), store, empty);
    g_assert_cmpint(system(cmd), ==, 0);
    sha = sha256_of(img);
    wsha = sha256_of(wimg);
    sh.wsha = wsha;
    sh.second.append = "conmode=sclp console=ttysclp0 zvmtest=2";
    sh.second.on_mark = on_second_mark;
    sh.second.opaque = &sh;
    opts.on_mark = on_first_mark;
    opts.opaque = &sh;

    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean_until(g, "dax");
    for (const char *const *p = (const char *const[]) {
            "add", "mount-ro", "read-file", "run-program", "remove",
            "add-sw", "mount-rw", "write-file", "umount-rw", "save",
            "remove-sw", NULL }; *p; p++) {
        zvm_guest_assert_pass(g, *p);
    }
    /*
     * Both QEMUs map the segment's host file shared: the pages the two
     * guests read are in the host's memory once, each process's PSS
     * half of them.
     */
    g_assert_true(sh.sampled);
    g_test_message("GFS.img in QEMU 1: RSS %" PRIu64 " KiB, PSS %" PRIu64
                   " KiB; QEMU 2: RSS %" PRIu64 " KiB, PSS %" PRIu64 " KiB",
                   sh.rss_kib[0], sh.pss_kib[0], sh.rss_kib[1],
                   sh.pss_kib[1]);
    g_assert_cmpuint(sh.rss_kib[0], >=, 1024);
    g_assert_cmpuint(sh.rss_kib[1], >=, 1024);
    g_assert_cmpuint(sh.pss_kib[0] + sh.pss_kib[1], <=,
                     MAX(sh.rss_kib[0], sh.rss_kib[1]) + 256);
    mount = zvm_guest_value(g, "dax-mount");
    if (!dcssblk_dax(k)) {
        g_assert_cmpstr(mount, ==, "failed");
    } else {
        g_autofree char *read = zvm_guest_value(g, "dax-read");
        g_autofree char *run = zvm_guest_value(g, "dax-run");
        g_autofree char *option = zvm_guest_value(g, "dax-option");

        g_assert_cmpstr(mount, ==, "ok");
        g_assert_cmpstr(option, ==, "yes");
        g_assert_cmpstr(read, ==, "hello from a saved segment");
        g_assert_cmpstr(run, ==, "ran-from-dax");
    }
    /* what the kernel printed once the DAX mount was tried */
    after = g_strdup(strstr(g->console, "ZVM-MARK: dax"));
    bug = strstr(after, "BUG: Bad page map") != NULL;
    if (zvm_kernel_affected(k, "dcssblk-dax-bad-page-map") &&
        dcssblk_dax(k)) {
        if (!bug) {
            g_test_message("kernel %s (%s) is listed as affected by "
                           "dcssblk-dax-bad-page-map but did not show it: "
                           "fixed in this kernel? (tests/guest/"
                           "known-kernel-bugs)", kernel, k->release);
        }
        g_assert_true(bug);
        g_assert_null(strstr(after, "Kernel panic"));
        g_assert_null(strstr(after, "Oops"));
        zvm_kernel_bug_seen(k, "dcssblk-dax-bad-page-map");
    } else {
        g_assert_false(zvm_guest_kernel_trouble(after));
    }
    zvm_guest_free(g);
    /* a shared read-only segment: the host image is untouched */
    sha_after = sha256_of(img);
    g_assert_cmpstr(sha_after, ==, sha);

    g_free(cmd);
    cmd = g_strdup_printf("rm -rf %s", store);
    g_assert_cmpint(system(cmd), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    zvm_guest_add_tests("/zvm/dcss-guest", test_dcssblk);
    zvm_guest_add_tests("/zvm/dcss-fs", test_filesystem);
    return g_test_run();
}
