/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm qtest helpers: boot an s390x kernel with a scenario
 * initramfs under TCG and check what the guest printed.
 *
 * Debian's kernels and the userland come from scripts/zvm-assets
 * ($ZVM_ASSETS), own kernels from scripts/zvm-kernel ($ZVM_KERNELS); the
 * initramfs is built per test by tests/guest/mkinitramfs.sh ($ZVM_TOP).
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "zvm-guest.h"

/* Lines that mean the kernel hit a problem, whatever the scenario says. */
static const char *const kernel_trouble[] = {
    "WARNING:", "BUG:", "Oops", "Kernel panic", "kernel BUG", "Call Trace:",
    NULL
};

static const char *zvm_top(void)
{
    const char *top = g_getenv("ZVM_TOP");

    g_assert_nonnull(top);
    return top;
}

/* The kernels under test, parsed once from $ZVM_KERNELS */
static GPtrArray *kernels;
static const char **kernel_names;

static char *read_trimmed(const char *path)
{
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return NULL;
    }
    return g_strstrip(text);
}

/* A kernel configuration file: option (without CONFIG_) -> value */
static GHashTable *read_config(const char *path)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    GHashTable *config;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return NULL;
    }
    config = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        char *eq = strchr(lines[i], '=');

        if (g_str_has_prefix(lines[i], "CONFIG_") && eq) {
            g_hash_table_insert(config,
                                g_strndup(lines[i] + 7, eq - lines[i] - 7),
                                g_strdup(eq + 1));
        }
    }
    return config;
}

/*
 * The configuration of the kernel in @dir: its config file, or where
 * Debian's packages put it (next to the image, or in the modules tree).
 */
static GHashTable *kernel_config(const char *dir, const char *release)
{
    g_autofree char *image = g_build_filename(dir, "vmlinuz", NULL);
    g_autofree char *real = g_canonicalize_filename(image, NULL);
    g_autofree char *target = g_file_read_link(image, NULL);
    g_autofree char *image_dir = NULL;
    g_autofree char *cfg = g_strdup_printf("config-%s", release);
    char *candidates[5] = { NULL };
    GHashTable *config = NULL;

    if (target) {
        g_free(real);
        real = g_path_is_absolute(target) ? g_strdup(target)
                                          : g_build_filename(dir, target, NULL);
    }
    image_dir = g_path_get_dirname(real);
    candidates[0] = g_build_filename(dir, "config", NULL);
    candidates[1] = g_build_filename(dir, "modules", "config", NULL);
    candidates[2] = g_build_filename(image_dir, cfg, NULL);
    candidates[3] = g_build_filename(image_dir, "config", NULL);
    for (int i = 0; candidates[i]; i++) {
        if (!config && g_file_test(candidates[i], G_FILE_TEST_IS_REGULAR)) {
            config = read_config(candidates[i]);
        }
        g_free(candidates[i]);
    }
    return config;
}

static char *assets_dir(void)
{
    const char *a = g_getenv("ZVM_ASSETS");

    return a ? g_strdup(a) : g_build_filename(zvm_top(), "build", "assets",
                                              NULL);
}

static ZvmKernel *kernel_new(const char *spec)
{
    ZvmKernel *k = g_new0(ZvmKernel, 1);
    const char *eq = strchr(spec, '=');
    g_autofree char *release = NULL;

    if (eq) {
        k->name = g_strndup(spec, eq - spec);
        k->dir = g_strdup(eq + 1);
    } else {
        g_autofree char *assets = assets_dir();

        k->name = g_strdup(spec);
        k->dir = g_build_filename(assets, "kernels", spec, NULL);
        k->debian = true;
    }
    release = g_build_filename(k->dir, "release", NULL);
    k->release = read_trimmed(release);
    if (!k->release) {
        k->release = g_strdup("(unknown)");
    }
    if (sscanf(k->release, "%d.%d", &k->major, &k->minor) != 2) {
        k->major = k->minor = 0;
    }
    k->config = kernel_config(k->dir, k->release);
    return k;
}

static void kernels_init(void)
{
    const char *env = g_getenv("ZVM_KERNELS");
    g_auto(GStrv) specs = NULL;

    if (kernels) {
        return;
    }
    specs = g_strsplit_set(env && *env ? env : "bookworm trixie sid", " ,",
                           -1);
    kernels = g_ptr_array_new();
    for (int i = 0; specs[i]; i++) {
        if (*specs[i]) {
            g_ptr_array_add(kernels, kernel_new(specs[i]));
        }
    }
    kernel_names = g_new0(const char *, kernels->len + 1);
    for (guint i = 0; i < kernels->len; i++) {
        kernel_names[i] = ((ZvmKernel *)g_ptr_array_index(kernels, i))->name;
    }
}

const char *const *zvm_kernel_names(void)
{
    kernels_init();
    return kernel_names;
}

const ZvmKernel *zvm_kernel(const char *name)
{
    kernels_init();
    for (guint i = 0; i < kernels->len; i++) {
        ZvmKernel *k = g_ptr_array_index(kernels, i);

        if (g_str_equal(k->name, name)) {
            return k;
        }
    }
    g_error("no kernel '%s' in ZVM_KERNELS", name);
}

bool zvm_kernel_before(const ZvmKernel *k, int major, int minor)
{
    return k->major < major || (k->major == major && k->minor < minor);
}

/* Is @k's version within "A-B", "A-", "-B" or "A" (major.minor each)? */
static bool version_in(const ZvmKernel *k, const char *range)
{
    g_auto(GStrv) ends = g_strsplit(range, "-", 2);
    int lo_major = 0, lo_minor = 0, hi_major = 1 << 30, hi_minor = 0;

    if (*ends[0]) {
        g_assert_cmpint(sscanf(ends[0], "%d.%d", &lo_major, &lo_minor), ==, 2);
    }
    if (!ends[1]) {
        hi_major = lo_major;
        hi_minor = lo_minor;
    } else if (*ends[1]) {
        g_assert_cmpint(sscanf(ends[1], "%d.%d", &hi_major, &hi_minor), ==, 2);
    }
    return !zvm_kernel_before(k, lo_major, lo_minor) &&
           zvm_kernel_before(k, hi_major, hi_minor + 1);
}

/* The fields of @bug's line in tests/guest/known-kernel-bugs */
static GStrv known_bug(const char *bug)
{
    g_autofree char *path = g_build_filename(zvm_top(), "tests", "guest",
                                             "known-kernel-bugs", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        GStrv f = g_strsplit(lines[i], " | ", 5);

        if (lines[i][0] != '#' && g_strv_length(f) == 5 &&
            g_str_equal(g_strstrip(f[0]), bug)) {
            return f;
        }
        g_strfreev(f);
    }
    g_error("no bug '%s' in %s", bug, path);
}

bool zvm_kernel_affected(const ZvmKernel *k, const char *bug)
{
    g_auto(GStrv) f = known_bug(bug);
    g_auto(GStrv) ranges = g_strsplit(f[1], ",", -1);

    for (int i = 0; ranges[i]; i++) {
        if (version_in(k, g_strstrip(ranges[i]))) {
            return true;
        }
    }
    return false;
}

void zvm_kernel_bug_seen(const ZvmKernel *k, const char *bug)
{
    g_auto(GStrv) f = known_bug(bug);
    const char *r = g_strstrip(f[1]);
    const size_t n = strlen(r);
    g_autofree char *range =
        r[0] == '-' ? g_strdup_printf("up to %s", r + 1) :
        n && r[n - 1] == '-' ? g_strdup_printf("from %.*s", (int)n - 1, r) :
        g_strdup(r);

    g_test_message("ZVM-KNOWN-BUG: %s reproduced on %s (%s), as expected "
                   "for kernels %s; %s%s", bug, k->name, k->release, range,
                   g_str_has_prefix(f[2], "not fixed") ? "" : "fixed by ",
                   f[2]);
}

bool zvm_guest_selected(const char *path)
{
    const char *filter = g_getenv("ZVM_SCENARIO");
    g_auto(GStrv) parts = NULL;

    if (!filter || !*filter) {
        return true;
    }
    parts = g_strsplit(filter, ",", -1);
    for (int i = 0; parts[i]; i++) {
        if (*parts[i] && strstr(path, parts[i])) {
            return true;
        }
    }
    return false;
}

/*
 * Options of tests/guest/kernel-requirements for the running test that
 * @k lacks, as a message (NULL: none, or the configuration is unknown).
 */
static char *missing_options(const ZvmKernel *k)
{
    g_autofree char *path = g_build_filename(zvm_top(), "tests", "guest",
                                             "kernel-requirements", NULL);
    const char *test;
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GString) missing = g_string_new("");
    g_autofree char *modules = g_build_filename(k->dir, "modules",
                                                "modules.dep", NULL);
    bool have_modules = g_file_test(modules, G_FILE_TEST_EXISTS);

    if (!k->config) {
        return NULL;
    }
    /* GLib 2.68; QEMU builds against the 2.66 API, the library is newer */
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    test = g_test_get_path();
    G_GNUC_END_IGNORE_DEPRECATIONS
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    test += g_str_has_prefix(test, "/s390x") ? strlen("/s390x") : 0;
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        g_auto(GStrv) w = NULL;
        size_t n;

        if (lines[i][0] == '#' || !*g_strstrip(lines[i])) {
            continue;
        }
        w = g_strsplit_set(lines[i], " \t", -1);
        n = strlen(w[0]);
        if (strncmp(test, w[0], n) || (test[n] && test[n] != '/')) {
            continue;
        }
        for (int j = 1; w[j]; j++) {
            const char *v = *w[j] ? g_hash_table_lookup(k->config, w[j])
                                  : "y";

            if (!v) {
                g_string_append_printf(missing, "%sCONFIG_%s",
                                       missing->len ? ", " : "", w[j]);
            } else if (g_str_equal(v, "m") && !have_modules) {
                g_string_append_printf(missing, "%sCONFIG_%s=m (no modules "
                                       "tree: MODULES=)",
                                       missing->len ? ", " : "", w[j]);
            }
        }
    }
    return missing->len ? g_strdup(missing->str) : NULL;
}

bool zvm_guest_ready(const char *name)
{
    const ZvmKernel *k = zvm_kernel(name);
    g_autofree char *kernel = g_build_filename(k->dir, "vmlinuz", NULL);
    g_autofree char *assets = assets_dir();
    g_autofree char *bb = g_build_filename(assets, "userland", "usr", "bin",
                                           "busybox", NULL);
    g_autofree char *msg = NULL;
    g_autofree char *missing = NULL;

    if (!g_file_test(kernel, G_FILE_TEST_EXISTS) ||
        !g_file_test(bb, G_FILE_TEST_EXISTS)) {
        msg = g_strdup_printf("guest assets for %s missing (%s, %s): make "
                              "assets", name, kernel, bb);
        if (g_getenv("CI")) {
            g_test_message("%s", msg);
            g_test_fail();
        } else {
            g_test_skip(msg);
        }
        return false;
    }
    missing = missing_options(k);
    if (!missing) {
        return true;
    }
    msg = g_strdup_printf("kernel %s (%s) lacks %s", name, k->release,
                          missing);
    if (k->debian) {
        /* the suite exists to test these kernels: never skip one */
        g_test_message("%s: Debian's kernel no longer has what this test "
                       "needs (tests/guest/kernel-requirements)", msg);
        g_test_fail();
    } else {
        g_test_skip(msg);
    }
    return false;
}

char *zvm_guest_kernel_release(const char *name)
{
    return g_strdup(zvm_kernel(name)->release);
}

static void build_initramfs(const ZvmGuestOpts *o, const char *kdir,
                            const char *out)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *err = NULL;
    g_auto(GStrv) tools = g_strsplit(o->tools ? o->tools : "", " ", -1);
    g_auto(GStrv) bins = g_strsplit(o->binaries ? o->binaries : "", " ", -1);
    g_auto(GStrv) mods = g_strsplit(o->modules ? o->modules : "", " ", -1);
    GError *error = NULL;
    int status;

    g_ptr_array_add(argv, g_build_filename(zvm_top(), "tests", "guest",
                                           "mkinitramfs.sh", NULL));
    g_ptr_array_add(argv, g_strdup("-o"));
    g_ptr_array_add(argv, g_strdup(out));
    g_ptr_array_add(argv, g_strdup("-s"));
    g_ptr_array_add(argv, g_strdup(o->scenario));
    g_ptr_array_add(argv, g_strdup("-k"));
    g_ptr_array_add(argv, g_strdup(kdir));
    for (int i = 0; bins[i]; i++) {
        if (*bins[i]) {
            g_ptr_array_add(argv, g_strdup("-b"));
            g_ptr_array_add(argv, g_strdup(bins[i]));
        }
    }
    for (int i = 0; mods[i]; i++) {
        if (*mods[i]) {
            g_ptr_array_add(argv, g_strdup("-m"));
            g_ptr_array_add(argv, g_strdup(mods[i]));
        }
    }
    for (int i = 0; tools[i]; i++) {
        if (*tools[i]) {
            g_ptr_array_add(argv, g_strdup("-t"));
            g_ptr_array_add(argv, g_build_filename(g_getenv("ZVM_PAYLOADS"),
                                                   tools[i], NULL));
        }
    }
    g_ptr_array_add(argv, NULL);
    g_spawn_sync(NULL, (char **)argv->pdata, NULL, 0, NULL, NULL, NULL,
                 &err, &status, &error);
    g_assert_no_error(error);
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
        g_test_message("mkinitramfs: %s", err);
        g_assert_not_reached();
    }
}

static int count_lines(const char *console, const char *line)
{
    int n = 0;

    for (const char *p = strstr(console, line); p; p = strstr(p + 1, line)) {
        n++;
    }
    return n;
}

static bool console_done(ZvmGuest *g, const ZvmGuestOpts *o)
{
    const char *end = strstr(g->console, "ZVM-SCENARIO-END rc=");

    if (o->until &&
        count_lines(g->console, o->until) >= MAX(o->until_count, 1)) {
        g->ended = true;
        return true;
    }
    if (end) {
        g->ended = true;
        g->rc = atoi(end + strlen("ZVM-SCENARIO-END rc="));
        return true;
    }
    return strstr(g->console, "Kernel panic") != NULL;
}

/* Call o->on_mark for the complete mark lines after the first @seen */
static void console_marks(ZvmGuest *g, const ZvmGuestOpts *o, int *seen)
{
    const char *tag = "ZVM-MARK: ";
    int n = 0;

    for (const char *p = strstr(g->console, tag); p;
         p = strstr(p + 1, tag)) {
        const char *eol = strpbrk(p, "\r\n");
        g_autofree char *name = NULL;

        if (!eol) {
            break;
        }
        if (++n <= *seen) {
            continue;
        }
        name = g_strndup(p + strlen(tag), eol - p - strlen(tag));
        o->on_mark(g->qts, name, o->opaque);
        *seen = n;
    }
}

/*
 * Sum of @field (Rss, Pss, ...) in KiB over QEMU's mappings that are
 * @size bytes long (if @size) or map a file ending in @file (if @file);
 * *@found counts them.
 */
static uint64_t smaps_kib(QTestState *qts, uint64_t size, const char *file,
                          const char *field, int *found)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/smaps",
                                            (int)qtest_pid(qts));
    g_autofree char *smaps = NULL;
    g_auto(GStrv) lines = NULL;
    size_t flen = strlen(field);
    uint64_t kib = 0;
    bool in = false;

    *found = 0;
    g_assert_true(g_file_get_contents(path, &smaps, NULL, NULL));
    lines = g_strsplit(smaps, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        uint64_t start, end;

        /* a mapping's header line: "start-end perms offset dev inode path" */
        if (sscanf(lines[i], "%" SCNx64 "-%" SCNx64 " ", &start, &end) == 2) {
            in = file ? g_str_has_suffix(g_strstrip(lines[i]), file)
                      : end - start == size;
            *found += in;
        } else if (in && !strncmp(lines[i], field, flen) &&
                   lines[i][flen] == ':') {
            kib += g_ascii_strtoull(lines[i] + flen + 1, NULL, 10);
        }
    }
    return kib;
}

uint64_t zvm_guest_mapping_rss_mib(QTestState *qts, uint64_t size)
{
    int found;
    uint64_t kib = smaps_kib(qts, size, NULL, "Rss", &found);

    g_assert_cmpint(found, ==, 1);
    return kib / 1024;
}

uint64_t zvm_guest_file_kib(QTestState *qts, const char *file,
                            const char *field)
{
    int found;

    return smaps_kib(qts, 0, file, field, &found);
}

uint64_t zvm_guest_rss_mib(QTestState *qts)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/status",
                                            (int)qtest_pid(qts));
    g_autofree char *status = NULL;
    const char *p;

    g_assert_true(g_file_get_contents(path, &status, NULL, NULL));
    p = strstr(status, "VmRSS:");
    g_assert_nonnull(p);
    return g_ascii_strtoull(p + strlen("VmRSS:"), NULL, 10) / 1024;
}

/* Is the guest still running (not stopped by a crash or a shutdown)? */
static bool guest_running(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'query-status' }");
    QDict *ret = qdict_get_qdict(rsp, "return");
    bool running;

    g_assert_nonnull(ret);
    running = qdict_get_bool(ret, "running");
    qobject_unref(rsp);
    return running;
}

ZvmGuest *zvm_guest_run(const ZvmGuestOpts *o)
{
    ZvmGuest *g = g_new0(ZvmGuest, 1);
    const ZvmKernel *k = zvm_kernel(o->kernel);
    const char *kdir = k->dir;
    g_autofree char *initrd = NULL;
    g_autofree char *con = NULL;
    int timeout = o->timeout_s ? o->timeout_s : 180;
    int marks_seen = 0;
    gint64 deadline, next_status = 0;
    bool stopped = false;
    g_autofree char *env_name = NULL, *env_saved = NULL;

    g->dir = g_dir_make_tmp("zvm-guest-XXXXXX", NULL);
    g_assert_nonnull(g->dir);
    initrd = g_build_filename(g->dir, "initrd.gz", NULL);
    con = g_build_filename(g->dir, "console.log", NULL);
    build_initramfs(o, kdir, initrd);
    g_test_message("booting %s kernel %s (%s)", k->debian ? "Debian" : "own",
                   k->name, k->release);

    if (o->env) {
        g_auto(GStrv) kv = g_strsplit(o->env, "=", 2);

        g_assert_nonnull(kv[1]);
        env_name = g_strdup(kv[0]);
        env_saved = g_strdup(g_getenv(kv[0]));
        g_setenv(kv[0], kv[1], true);
    }
    g->qts = qtest_initf("-machine s390-ccw-virtio%s%s -accel %s -cpu %s "
                         "-nodefaults %s -m %d -smp %d "
                         "-chardev file,id=con0,path=%s "
                         "-device sclpconsole,chardev=con0 "
                         "-kernel %s/vmlinuz -initrd %s "
                         "-append 'console=ttysclp0 panic=-1 %s' %s%s",
                         o->machine ? "," : "", o->machine ? o->machine : "",
                         o->accel ? o->accel : "tcg",
                         o->cpu ? o->cpu : "max",
                         o->poweroff_s ? "" : "-no-shutdown",
                         o->mem_mib ? o->mem_mib : 512,
                         o->smp ? o->smp : 2, con, kdir, initrd,
                         o->append ? o->append : "", o->args ? o->args : "",
                         o->on_start ? " -S" : "");
    if (env_saved) {
        g_setenv(env_name, env_saved, true);
    } else if (env_name) {
        g_unsetenv(env_name);
    }
    if (o->on_start) {
        /* QEMU waits (-S) until on_start has done its part */
        o->on_start(g->qts, o->opaque);
        qtest_qmp_assert_success(g->qts, "{ 'execute': 'cont' }");
    }

    deadline = g_get_monotonic_time() + timeout * G_USEC_PER_SEC;
    for (;;) {
        g_free(g->console);
        g->console = NULL;
        g_file_get_contents(con, &g->console, NULL, NULL);
        if (!g->console) {
            g->console = g_strdup("");
        }
        if (o->on_mark) {
            console_marks(g, o, &marks_seen);
        }
        if (console_done(g, o) || stopped ||
            g_get_monotonic_time() > deadline) {
            break;
        }
        if (o->poweroff_s && !qtest_probe_child(g->qts)) {
            g->exited = true;
            stopped = true;
            continue;       /* read what it printed last */
        }
        /*
         * a kernel that died early (disabled wait) ends the wait too;
         * (not asked of a QEMU that may end at any time)
         */
        if (!o->poweroff_s && g_get_monotonic_time() > next_status) {
            stopped = !guest_running(g->qts);
            next_status = g_get_monotonic_time() + G_USEC_PER_SEC;
            if (stopped) {
                continue;   /* read what it printed last */
            }
        }
        g_usleep(o->on_mark ? 20 * 1000 : 100 * 1000);
    }
    if (o->poweroff_s && g->ended) {
        const gint64 end = g_get_monotonic_time();

        while (!g->exited &&
               g_get_monotonic_time() < end + o->poweroff_s * G_USEC_PER_SEC) {
            g->exited = !qtest_probe_child(g->qts);
            g_usleep(20 * 1000);
        }
        g->poweroff_s = (g_get_monotonic_time() - end) / 1e6;
        g_test_message("QEMU %s %.1f s after the scenario's end",
                       g->exited ? "ended" : "still runs", g->poweroff_s);
    }
    if (!strstr(g->console, "ZVM-SCENARIO-BEGIN")) {
        /* read by scripts/zvm-kernel: exit status 125 for git bisect */
        g_test_message("ZVM-NO-BOOT: kernel %s (%s) did not boot to the "
                       "scenario (%s)", k->name, k->release,
                       stopped ? "it stopped" : "timeout");
    }
    if (g_test_verbose() || !g->ended || g->rc) {
        g_test_message("guest console (%s):\n%s", o->kernel, g->console);
    }
    return g;
}

/* @g's console up to the line "ZVM-MARK: @mark" (all of it if NULL) */
static char *console_until(const ZvmGuest *g, const char *mark)
{
    g_autofree char *tag = mark ? g_strdup_printf("ZVM-MARK: %s", mark)
                                : NULL;
    const char *end = tag ? strstr(g->console, tag) : NULL;

    if (tag) {
        g_assert_nonnull(end);
    }
    return end ? g_strndup(g->console, end - g->console)
               : g_strdup(g->console);
}

bool zvm_guest_kernel_trouble(const char *console)
{
    for (int i = 0; kernel_trouble[i]; i++) {
        if (strstr(console, kernel_trouble[i])) {
            return true;
        }
    }
    return false;
}

void zvm_guest_assert_clean_until(const ZvmGuest *g, const char *mark)
{
    g_autofree char *console = console_until(g, mark);

    for (int i = 0; kernel_trouble[i]; i++) {
        if (strstr(console, kernel_trouble[i])) {
            g_test_message("guest console:\n%s", g->console);
            g_test_message("kernel printed '%s'%s%s", kernel_trouble[i],
                           mark ? " before ZVM-MARK: " : "",
                           mark ? mark : "");
            g_test_fail();
            return;
        }
    }
    if (!g->ended) {
        g_test_message("scenario did not end (timeout or kernel death)");
        g_test_fail();
        return;
    }
    if (strstr(g->console, "ZVM-FAIL: ")) {
        g_test_message("guest console:\n%s", g->console);
        g_test_message("scenario reported a failure");
        g_test_fail();
        return;
    }
    g_assert_cmpint(g->rc, ==, 0);
}

void zvm_guest_assert_clean(const ZvmGuest *g)
{
    zvm_guest_assert_clean_until(g, NULL);
}

/* Is there a line that is exactly @line (the console ends lines in CRLF)? */
static bool console_has_line(const ZvmGuest *g, const char *line)
{
    size_t len = strlen(line);

    for (const char *p = strstr(g->console, line); p;
         p = strstr(p + 1, line)) {
        if ((p == g->console || p[-1] == '\n') &&
            (p[len] == '\r' || p[len] == '\n' || !p[len])) {
            return true;
        }
    }
    return false;
}

void zvm_guest_assert_pass(const ZvmGuest *g, const char *name)
{
    g_autofree char *line = g_strdup_printf("ZVM-PASS: %s", name);

    if (!console_has_line(g, line)) {
        g_test_message("no 'ZVM-PASS: %s' from the guest", name);
        g_test_fail();
    }
}

static char *value_in(const char *console, const char *key)
{
    g_autofree char *tag = g_strdup_printf("ZVM-VALUE: %s=", key);
    const char *p = strstr(console, tag);
    const char *eol;

    if (!p) {
        return NULL;
    }
    p += strlen(tag);
    eol = strpbrk(p, "\r\n");
    return g_strstrip(eol ? g_strndup(p, eol - p) : g_strdup(p));
}

char *zvm_guest_value(const ZvmGuest *g, const char *key)
{
    return value_in(g->console, key);
}

char *zvm_guest_value_after(const ZvmGuest *g, const char *mark, int n,
                            const char *key)
{
    g_autofree char *tag = g_strdup_printf("ZVM-MARK: %s", mark);
    const char *p = g->console;

    for (int i = 0; i < n && p; i++) {
        p = strstr(p, tag);
        p = p ? p + strlen(tag) : NULL;
    }
    return p ? value_in(p, key) : NULL;
}

void zvm_guest_free(ZvmGuest *g)
{
    g_autofree char *con = g_build_filename(g->dir, "console.log", NULL);
    g_autofree char *initrd = g_build_filename(g->dir, "initrd.gz", NULL);

    qtest_quit(g->qts);
    unlink(con);
    unlink(initrd);
    rmdir(g->dir);
    g_free(g->dir);
    g_free(g->console);
    g_free(g);
}

void zvm_guest_add_tests_if(const char *path, GTestDataFunc fn,
                            bool (*want)(const ZvmKernel *k))
{
    const char *const *names = zvm_kernel_names();

    for (int i = 0; names[i]; i++) {
        g_autofree char *p = g_strdup_printf("%s/%s", path, names[i]);

        if ((!want || want(zvm_kernel(names[i]))) && zvm_guest_selected(p)) {
            qtest_add_data_func(p, names[i], fn);
        }
    }
}

void zvm_guest_add_tests(const char *path, GTestDataFunc fn)
{
    zvm_guest_add_tests_if(path, fn, NULL);
}
