/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the models as devices of the machine (hw/s390x/zvm-machine.c):
 * which exist and are realized for which options, the -machine options
 * forwarded to them, and every configuration error naming its option.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qjson.h"
#include "qapi/error.h"

/* QEMU must refuse to start with @opts, saying @message */
static void expect_startup_error(const char *opts, const char *message)
{
    g_autofree char *cmd = g_strdup_printf(
        "%s -machine s390-ccw-virtio%s -accel tcg -nodefaults "
        "-display none -S -m 256", g_getenv("QTEST_QEMU_BINARY"), opts);
    g_autofree char *err = NULL;
    int status;

    g_assert_true(g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL));
    /* all of it: make sanitize looks for sanitizer reports in the log */
    g_test_message("%s: %s", opts, err);
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    if (!strstr(err, message)) {
        g_error("'%s' lacks '%s'", err, message);
    }
}

static void test_errors(void)
{
    g_autofree char *dir = NULL, *def = NULL, *opts = NULL;

    /* options of the personality's models without it */
    expect_startup_error(",zvm-userid=ABC",
                         "'zvm-userid' needs the z/VM personality (zvm=on)");
    expect_startup_error(",zvm-cplevel=7.3.0",
                         "'zvm-cplevel' needs the z/VM personality (zvm=on)");
    expect_startup_error(",zvm-dcss-store=/tmp",
                         "'zvm-dcss-store' needs the z/VM personality "
                         "(zvm=on)");
    expect_startup_error(",zvm=off,zvm-userid=ABC",
                         "'zvm-userid' needs the z/VM personality (zvm=on)");
    /* values the models refuse when they are realized */
    expect_startup_error(",zvm=on,zvm-userid=lower",
                         "'zvm-userid' must be a z/VM user ID");
    expect_startup_error(",zvm=on,zvm-userid=TOOLONGID",
                         "'zvm-userid' must be a z/VM user ID");
    expect_startup_error(",zvm=on,zvm-cplevel=7.4",
                         "'zvm-cplevel' must be a z/VM version as V.R.M");
    expect_startup_error(",zvm=on,zvm-dcss-store=/nonexistent/store",
                         "'zvm-dcss-store': cannot open segment store");
    /* the personality and standby storage, realized, are unrealized */
    expect_startup_error(",zvm=on,standby-mem=256M,"
                         "zvm-dcss-store=/nonexistent/store",
                         "'zvm-dcss-store': cannot open segment store");
    /* a store whose contents are not valid is refused naming the option */
    dir = g_dir_make_tmp("zvm-machine-XXXXXX", NULL);
    def = g_build_filename(dir, "BAD.NAME.defseg", NULL);
    g_assert_true(g_file_set_contents(def, "20000-200FF SR\n", -1, NULL));
    opts = g_strdup_printf(",zvm=on,zvm-dcss-store=%s", dir);
    expect_startup_error(opts, "'zvm-dcss-store': segment store");
    expect_startup_error(opts, "'BAD.NAME' is not a saved segment name");
    g_assert_cmpint(unlink(def), ==, 0);
    g_assert_cmpint(rmdir(dir), ==, 0);
    /* values of the wrong type, refused while the options are parsed */
    expect_startup_error(",zvm=maybe", "Parameter 'zvm' expects 'on' or 'off'");
    expect_startup_error(",standby-mem=lots",
                         "Parameter 'standby-mem' expects size");
    expect_startup_error(",zvm=on,zvm-dcss-overlap=sometimes",
                         "Parameter 'zvm-dcss-overlap' does not accept value "
                         "'sometimes'");
    /* the models are the machine's, not -device's */
    expect_startup_error(" -device zvm-personality", "zvm-personality");
    expect_startup_error(" -device zvm-dcss", "zvm-dcss");
    expect_startup_error(" -device s390-standby-storage",
                         "s390-standby-storage");
}

static bool has_child(QTestState *qts, const char *name)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-list', 'arguments': {"
                           " 'path': '/machine' } }");
    QList *list = qdict_get_qlist(rsp, "return");
    bool found = false;
    QListEntry *e;

    g_assert_nonnull(list);
    QLIST_FOREACH_ENTRY(list, e) {
        QDict *prop = qobject_to(QDict, qlist_entry_obj(e));

        found |= !strcmp(qdict_get_str(prop, "name"), name);
    }
    qobject_unref(rsp);
    return found;
}

static char *qom_get_str(QTestState *qts, const char *path, const char *prop)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': {"
                           " 'path': %s, 'property': %s } }", path, prop);
    char *s = g_strdup(qdict_get_str(rsp, "return"));

    qobject_unref(rsp);
    return s;
}

/* the machine's standby-mem option */
static int64_t standby_mem(QTestState *qts)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-get', 'arguments': {"
                           " 'path': '/machine',"
                           " 'property': 'standby-mem' } }");
    int64_t size = qdict_get_int(rsp, "return");

    qobject_unref(rsp);
    return size;
}

/*
 * qom-set of @prop on @path (@value: JSON) after the start, refused with
 * @message
 */
static void expect_set_error(QTestState *qts, const char *path,
                             const char *prop, const char *value,
                             const char *message)
{
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'qom-set', 'arguments': {"
                           " 'path': %s, 'property': %s, 'value': %p } }",
                           path, prop, qobject_from_json(value, &error_abort));
    QDict *err = qdict_get_qdict(rsp, "error");

    g_assert_nonnull(err);
    if (!strstr(qdict_get_str(err, "desc"), message)) {
        g_error("'%s' lacks '%s'", qdict_get_str(err, "desc"), message);
    }
    qobject_unref(rsp);
}

/* All three models: realized children of the machine, options read back */
static void test_personality(void)
{
    QTestState *qts = qtest_init("-machine s390-ccw-virtio,zvm=on "
                                 "-name guest7 -m 256 -accel tcg -nodefaults -S");
    g_autofree char *userid = NULL, *level = NULL;

    g_assert_true(has_child(qts, "zvm-personality"));
    g_assert_true(qtest_qom_get_bool(qts, "/machine/zvm-personality",
                                     "realized"));
    g_assert_true(qtest_qom_get_bool(qts, "/machine", "zvm"));
    /* the defaults the personality took when it was realized */
    userid = qom_get_str(qts, "/machine", "zvm-userid");
    g_assert_cmpstr(userid, ==, "GUEST7");
    level = qom_get_str(qts, "/machine/zvm-personality", "cp-level");
    g_assert_cmpstr(level, ==, "7.4.0");
    /* the configuration is fixed once the machine is realized */
    expect_set_error(qts, "/machine", "zvm-userid", "'OTHER'",
                     "'zvm-userid' cannot change while the machine runs");
    qtest_quit(qts);
}

static void test_all_models(void)
{
    QTestState *qts = qtest_init("-machine s390-ccw-virtio,zvm=on,"
                                 "standby-mem=256M,zvm-dcss-overlap=overlay "
                                 "-m 256 -accel tcg -nodefaults -S");
    static const char *const paths[] = {
        "/machine/zvm-personality", "/machine/standby-storage",
        "/machine/zvm-dcss",
    };
    g_autofree char *overlap = NULL, *type = NULL, *conmode = NULL;

    for (size_t i = 0; i < ARRAY_SIZE(paths); i++) {
        g_assert_true(has_child(qts, paths[i] + strlen("/machine/")));
        g_assert_true(qtest_qom_get_bool(qts, paths[i], "realized"));
    }
    type = qom_get_str(qts, "/machine/standby-storage", "type");
    g_assert_cmpstr(type, ==, "s390-standby-storage");
    g_assert_true(qtest_qom_get_bool(qts, "/machine", "zvm"));
    /* the console mode CP's TERMINAL CONMODE sets, 3215 until then */
    conmode = qom_get_str(qts, "/machine/zvm-personality", "conmode");
    g_assert_cmpstr(conmode, ==, "3215");
    overlap = qom_get_str(qts, "/machine", "zvm-dcss-overlap");
    g_assert_cmpstr(overlap, ==, "overlay");

    /* the configuration is fixed once the machine is realized */
    expect_set_error(qts, "/machine", "standby-mem", "536870912",
                     "'standby-mem' cannot change while the machine runs");
    expect_set_error(qts, "/machine/zvm-dcss", "overlap", "'reject'",
                     "'zvm-dcss-overlap' cannot change while the machine "
                     "runs");
    qtest_quit(qts);
}

/* Neither option: no model is left, the options read as their defaults */
static void test_no_models(void)
{
    QTestState *qts = qtest_init("-machine s390-ccw-virtio -accel tcg "
                                 "-nodefaults -S");
    g_autofree char *store = NULL, *overlap = NULL;

    g_assert_false(has_child(qts, "zvm-personality"));
    g_assert_false(has_child(qts, "standby-storage"));
    g_assert_false(has_child(qts, "zvm-dcss"));
    g_assert_false(qtest_qom_get_bool(qts, "/machine", "zvm"));
    store = qom_get_str(qts, "/machine", "zvm-dcss-store");
    g_assert_cmpstr(store, ==, "");
    overlap = qom_get_str(qts, "/machine", "zvm-dcss-overlap");
    g_assert_cmpstr(overlap, ==, "reject");
    expect_set_error(qts, "/machine", "zvm", "true",
                     "'zvm' cannot change while the machine runs");
    qtest_quit(qts);
}

/* Standby storage without the personality; the personality without it */
static void test_one_model(void)
{
    QTestState *qts;

    qts = qtest_init("-machine s390-ccw-virtio,zvm=on -accel tcg "
                     "-nodefaults -S");
    g_assert_true(has_child(qts, "zvm-personality"));
    g_assert_true(has_child(qts, "zvm-dcss"));
    g_assert_false(has_child(qts, "standby-storage"));
    qtest_quit(qts);

    /* standby storage alone */
    qts = qtest_init("-machine s390-ccw-virtio,standby-mem=512M "
                     "-m 256 -accel tcg -nodefaults -S");
    g_assert_true(has_child(qts, "standby-storage"));
    g_assert_false(has_child(qts, "zvm-personality"));
    g_assert_false(has_child(qts, "zvm-dcss"));
    g_assert_cmpint(standby_mem(qts), ==, 512 * 1024 * 1024);
    qtest_quit(qts);
}

static void test_env_defaults(void)
{
    g_autofree char *dir = g_dir_make_tmp("zvm-machine-XXXXXX", NULL);
    g_autofree char *env = g_strdup_printf(
        "zvm=on,standby-mem=256M,zvm-userid=ENVID,zvm-dcss-store=%s", dir);
    g_autofree char *userid = NULL, *store = NULL, *cmd = NULL;
    g_autofree char *err = NULL;
    QTestState *qts;
    int status;

    g_setenv("QEMU_ZVM_DEFAULTS", env, true);
    qts = qtest_init("-machine s390-ccw-virtio -m 256 -accel tcg "
                     "-nodefaults -S");
    g_assert_true(qtest_qom_get_bool(qts, "/machine", "zvm"));
    g_assert_true(has_child(qts, "standby-storage"));
    userid = qom_get_str(qts, "/machine", "zvm-userid");
    g_assert_cmpstr(userid, ==, "ENVID");
    store = qom_get_str(qts, "/machine", "zvm-dcss-store");
    g_assert_cmpstr(store, ==, dir);
    qtest_quit(qts);

    /* the command line wins; zvm=off leaves out the personality's options */
    qts = qtest_init("-machine s390-ccw-virtio,zvm=off,standby-mem=512M "
                     "-m 256 -accel tcg -nodefaults -S");
    g_assert_false(qtest_qom_get_bool(qts, "/machine", "zvm"));
    g_assert_false(has_child(qts, "zvm-personality"));
    g_assert_false(has_child(qts, "zvm-dcss"));
    g_assert_cmpint(standby_mem(qts), ==, 512 * 1024 * 1024);
    qtest_quit(qts);

    /*
     * 128 MiB of boot storage takes no standby storage, the qtest
     * accelerator no segments: both left out, the personality stays
     */
    qts = qtest_init("-machine s390-ccw-virtio -m 128 -nodefaults -S");
    g_assert_true(qtest_qom_get_bool(qts, "/machine", "zvm"));
    g_assert_false(has_child(qts, "standby-storage"));
    g_free(store);
    store = qom_get_str(qts, "/machine", "zvm-dcss-store");
    g_assert_cmpstr(store, ==, "");
    qtest_quit(qts);
    cmd = g_strdup_printf("%s -machine s390-ccw-virtio,zvm-cplevel=7 "
                          "-accel qtest -m 128 -nodefaults -display none -S",
                          g_getenv("QTEST_QEMU_BINARY"));
    g_assert_true(g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL));
    g_test_message("%s", err);
    g_assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    g_assert_nonnull(strstr(err, "QEMU_ZVM_DEFAULTS: zvm=on standby-mem=0 "
                            "zvm-dcss-store=; left out: standby-mem "
                            "zvm-dcss-store"));
    g_assert_nonnull(strstr(err, "'zvm-cplevel' must be a z/VM version"));

    /* what QEMU refuses to start with */
    g_setenv("QEMU_ZVM_DEFAULTS", "zvm=on,bogus=1", true);
    expect_startup_error("", "QEMU_ZVM_DEFAULTS: 'bogus' is not an option "
                         "of qemu-zvm");
    g_setenv("QEMU_ZVM_DEFAULTS", "zvm.on=1", true);
    expect_startup_error("", "QEMU_ZVM_DEFAULTS: 'zvm' is not an option");
    g_setenv("QEMU_ZVM_DEFAULTS", "standby-mem=lots", true);
    expect_startup_error("", "QEMU_ZVM_DEFAULTS: Parameter 'standby-mem' "
                         "expects a non-negative number");
    g_setenv("QEMU_ZVM_DEFAULTS", "zvm=on,zvm-userid=lower", true);
    expect_startup_error("", "'zvm-userid' must be a z/VM user ID");
    g_setenv("QEMU_ZVM_DEFAULTS", "zvm=on,,", true);
    expect_startup_error("", "QEMU_ZVM_DEFAULTS: ");
    g_unsetenv("QEMU_ZVM_DEFAULTS");
    g_assert_cmpint(rmdir(dir), ==, 0);
}

/* -machine help lists the options with their descriptions */
static void test_help(void)
{
    g_autofree char *cmd = g_strdup_printf(
        "%s -machine s390-ccw-virtio,help", g_getenv("QTEST_QEMU_BINARY"));
    g_autofree char *out = NULL;
    int status;

    g_assert_true(g_spawn_command_line_sync(cmd, &out, NULL, &status, NULL));
    g_assert_cmpint(status, ==, 0);
    g_assert_nonnull(strstr(out, "zvm=<bool>"));
    g_assert_nonnull(strstr(out, "zvm-userid=<str>"));
    g_assert_nonnull(strstr(out, "zvm-cplevel=<str>"));
    g_assert_nonnull(strstr(out, "standby-mem=<size>"));
    g_assert_nonnull(strstr(out, "zvm-dcss-store=<str>"));
    g_assert_nonnull(strstr(out, "zvm-dcss-overlap=<ZvmDcssOverlap>"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/zvm/machine/errors", test_errors);
    qtest_add_func("/zvm/machine/personality", test_personality);
    qtest_add_func("/zvm/machine/all-models", test_all_models);
    qtest_add_func("/zvm/machine/no-models", test_no_models);
    qtest_add_func("/zvm/machine/one-model", test_one_model);
    qtest_add_func("/zvm/machine/help", test_help);
    qtest_add_func("/zvm/machine/env-defaults", test_env_defaults);
    return g_test_run();
}
