/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm qtest helpers: boot a Debian s390x kernel with a scenario
 * initramfs under TCG and check what the guest printed.
 *
 * Assets come from scripts/zvm-assets ($ZVM_ASSETS); the
 * initramfs is built per test by tests/guest/mkinitramfs.sh ($ZVM_TOP).
 */
#include "qemu/osdep.h"
#include "zvm-guest.h"

const char *const zvm_kernel_suites[] = { "bookworm", "trixie", "sid", NULL };

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

static char *zvm_assets(void)
{
    const char *a = g_getenv("ZVM_ASSETS");

    return a ? g_strdup(a) : g_build_filename(zvm_top(), "build", "assets",
                                              NULL);
}

static char *kernel_dir(const char *suite)
{
    g_autofree char *assets = zvm_assets();

    return g_build_filename(assets, "kernels", suite, NULL);
}

bool zvm_guest_assets_present(const char *suite)
{
    g_autofree char *kdir = kernel_dir(suite);
    g_autofree char *kernel = g_build_filename(kdir, "vmlinuz", NULL);
    g_autofree char *assets = zvm_assets();
    g_autofree char *bb = g_build_filename(assets, "userland", "usr", "bin",
                                           "busybox", NULL);
    g_autofree char *msg = NULL;

    if (g_file_test(kernel, G_FILE_TEST_EXISTS) &&
        g_file_test(bb, G_FILE_TEST_EXISTS)) {
        return true;
    }
    msg = g_strdup_printf("guest assets for %s missing in %s "
                          "(make assets)", suite, assets);
    if (g_getenv("CI")) {
        g_test_message("%s", msg);
        g_test_fail();
    } else {
        g_test_skip(msg);
    }
    return false;
}

char *zvm_guest_kernel_release(const char *suite)
{
    g_autofree char *kdir = kernel_dir(suite);
    g_autofree char *path = g_build_filename(kdir, "release", NULL);
    char *release = NULL;

    if (!g_file_get_contents(path, &release, NULL, NULL)) {
        return g_strdup("(unknown)");
    }
    return g_strstrip(release);
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

uint64_t zvm_guest_mapping_rss_mib(QTestState *qts, uint64_t size)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/smaps",
                                            (int)qtest_pid(qts));
    g_autofree char *smaps = NULL;
    g_auto(GStrv) lines = NULL;
    int found = 0;
    uint64_t rss = 0;
    bool in = false;

    g_assert_true(g_file_get_contents(path, &smaps, NULL, NULL));
    lines = g_strsplit(smaps, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        uint64_t start, end;

        /* a mapping's header line: "start-end perms offset dev inode" */
        if (sscanf(lines[i], "%" SCNx64 "-%" SCNx64 " ", &start, &end) == 2) {
            in = end - start == size;
            found += in;
        } else if (in && g_str_has_prefix(lines[i], "Rss:")) {
            rss = g_ascii_strtoull(lines[i] + 4, NULL, 10) / 1024;
        }
    }
    g_assert_cmpint(found, ==, 1);
    return rss;
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

ZvmGuest *zvm_guest_run(const ZvmGuestOpts *o)
{
    ZvmGuest *g = g_new0(ZvmGuest, 1);
    g_autofree char *kdir = kernel_dir(o->suite);
    g_autofree char *initrd = NULL;
    g_autofree char *con = NULL;
    g_autofree char *release = NULL;
    g_autofree char *kver = NULL;
    int timeout = o->timeout_s ? o->timeout_s : 180;
    int marks_seen = 0;
    gint64 deadline;
    g_autofree char *env_name = NULL, *env_saved = NULL;

    g->dir = g_dir_make_tmp("zvm-guest-XXXXXX", NULL);
    g_assert_nonnull(g->dir);
    initrd = g_build_filename(g->dir, "initrd.gz", NULL);
    con = g_build_filename(g->dir, "console.log", NULL);
    build_initramfs(o, kdir, initrd);
    release = g_build_filename(kdir, "release", NULL);
    g_file_get_contents(release, &kver, NULL, NULL);
    g_test_message("booting Debian %s kernel %s", o->suite,
                   g_strstrip(kver));

    if (o->env) {
        g_auto(GStrv) kv = g_strsplit(o->env, "=", 2);

        g_assert_nonnull(kv[1]);
        env_name = g_strdup(kv[0]);
        env_saved = g_strdup(g_getenv(kv[0]));
        g_setenv(kv[0], kv[1], true);
    }
    g->qts = qtest_initf("-machine s390-ccw-virtio%s%s -accel %s "
                         "-nodefaults -no-shutdown -m %d -smp %d "
                         "-chardev file,id=con0,path=%s "
                         "-device sclpconsole,chardev=con0 "
                         "-kernel %s/vmlinuz -initrd %s "
                         "-append 'console=ttysclp0 panic=-1 %s' %s",
                         o->machine ? "," : "", o->machine ? o->machine : "",
                         o->accel ? o->accel : "tcg",
                         o->mem_mib ? o->mem_mib : 512,
                         o->smp ? o->smp : 2, con, kdir, initrd,
                         o->append ? o->append : "", o->args ? o->args : "");
    if (env_saved) {
        g_setenv(env_name, env_saved, true);
    } else if (env_name) {
        g_unsetenv(env_name);
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
        if (console_done(g, o) || g_get_monotonic_time() > deadline) {
            break;
        }
        g_usleep(o->on_mark ? 20 * 1000 : 100 * 1000);
    }
    if (g_test_verbose() || !g->ended || g->rc) {
        g_test_message("guest console (%s):\n%s", o->suite, g->console);
    }
    return g;
}

void zvm_guest_assert_clean(const ZvmGuest *g)
{
    for (int i = 0; kernel_trouble[i]; i++) {
        if (strstr(g->console, kernel_trouble[i])) {
            g_test_message("guest console:\n%s", g->console);
            g_test_message("kernel printed '%s'", kernel_trouble[i]);
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

void zvm_guest_add_tests(const char *path, GTestDataFunc fn)
{
    for (int i = 0; zvm_kernel_suites[i]; i++) {
        g_autofree char *p = g_strdup_printf("%s/%s", path,
                                             zvm_kernel_suites[i]);

        qtest_add_data_func(p, zvm_kernel_suites[i], fn);
    }
}
