/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm DCSS scenario catalogue (tests/guest/repro, also run one at a
 * time with 'make repro SCENARIO=...'): every scenario on every kernel
 * under test must show the verdict a correct kernel shows.
 */
#include "qemu/osdep.h"
#include "zvm-guest.h"

typedef struct Repro {
    char *name;
    char *path;
    char *suite;
} Repro;

/* Create the segments of "# segment: NAME PAGES TYPE" lines in @store */
static char *prepare(const Repro *r, const char *store)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    char *expect = NULL;

    g_assert_true(g_file_get_contents(r->path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        if (g_str_has_prefix(lines[i], "# segment: ")) {
            g_autofree char *cmd = NULL;
            g_auto(GStrv) w = g_strsplit(lines[i] + 11, " ", 2);

            cmd = g_strdup_printf("%s/scripts/mkdcss %s %s '%s' >/dev/null",
                                  g_getenv("ZVM_TOP"), store, w[0], w[1]);
            g_assert_cmpint(system(cmd), ==, 0);
        } else if (g_str_has_prefix(lines[i], "# expect: ")) {
            expect = g_strdup(lines[i] + 10);
        }
    }
    g_assert_nonnull(expect);
    return expect;
}

static void test_repro(const void *data)
{
    const Repro *r = data;
    g_autofree char *store = g_dir_make_tmp("zvm-repro-XXXXXX", NULL);
    g_autofree char *machine = g_strdup_printf("zvm=on,zvm-dcss-store=%s",
                                               store);
    g_autofree char *expect = NULL;
    g_autofree char *verdict = NULL;
    g_autofree char *rm = g_strdup_printf("rm -rf %s", store);
    ZvmGuestOpts opts = {
        .kernel = r->suite,
        .scenario = r->path,
        .modules = "dcssblk",
        .machine = machine,
        .append = "conmode=sclp console=ttysclp0",
        .mem_mib = 512,
    };
    ZvmGuest *g;

    if (!zvm_guest_ready(r->suite)) {
        return;
    }
    expect = prepare(r, store);
    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean(g);
    verdict = zvm_guest_value(g, "verdict");
    g_assert_cmpstr(verdict, ==, expect);
    zvm_guest_free(g);
    g_assert_cmpint(system(rm), ==, 0);
}

int main(int argc, char **argv)
{
    g_autofree char *dir = g_build_filename(g_getenv("ZVM_TOP"), "tests",
                                            "guest", "repro", NULL);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
    const char *f;

    g_test_init(&argc, &argv, NULL);
    g_assert_nonnull(d);
    while ((f = g_dir_read_name(d))) {
        if (g_str_has_suffix(f, ".sh")) {
            g_ptr_array_add(files, g_strndup(f, strlen(f) - 3));
        }
    }
    g_assert_cmpuint(files->len, >, 0);
    for (guint i = 0; i < files->len; i++) {
        for (const char *const *k = zvm_kernel_names(); *k; k++) {
            Repro *r;
            g_autofree char *path = g_strdup_printf(
                "/zvm/repro/%s/%s", (char *)g_ptr_array_index(files, i), *k);

            if (!zvm_guest_selected(path)) {
                continue;
            }
            r = g_new0(Repro, 1);
            r->name = g_strdup(g_ptr_array_index(files, i));
            r->path = g_strdup_printf("%s/%s.sh", dir, r->name);
            r->suite = g_strdup(*k);
            qtest_add_data_func(path, r, test_repro);
        }
    }
    return g_test_run();
}
