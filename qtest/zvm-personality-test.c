/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm z/VM personality test: with "zvm=on" each Debian kernel of
 * the matrix boots as a z/VM guest, /proc/sysinfo and
 * /proc/service_levels show z/VM, and s390-tools' vmcp gets z/VM-format
 * answers from CP through DIAGNOSE X'08'. The CP command counters are
 * read back over QMP.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "zvm-guest.h"

static void assert_value(ZvmGuest *g, const char *key, const char *expect)
{
    g_autofree char *v = zvm_guest_value(g, key);

    g_assert_cmpstr(v, ==, expect);
}

static int64_t command_count(QList *list, const char *command)
{
    const QListEntry *e;

    QLIST_FOREACH_ENTRY(list, e) {
        QDict *c = qobject_to(QDict, qlist_entry_obj(e));

        if (!strcmp(qdict_get_str(c, "command"), command)) {
            return qdict_get_int(c, "count");
        }
    }
    return 0;
}

static void test_personality(const void *data)
{
    const char *suite = data;
    ZvmGuestOpts opts = {
        .kernel = suite,
        .scenario = "zvm",
        .binaries = "/usr/sbin/vmcp",
        .machine = "zvm=on",
        .args = "-name linux001",
        .append = "conmode=sclp console=ttysclp0",
        .mem_mib = 512,
    };
    g_autofree char *level = NULL;
    g_autofree char *unknown = NULL;
    g_autofree char *hmp = NULL;
    QDict *rsp, *counts, *info;
    ZvmGuest *g;

    if (!zvm_guest_ready(suite)) {
        return;
    }
    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean(g);
    g_assert_nonnull(strstr(g->console, "Linux is running as a z/VM guest"));

    assert_value(g, "control-program", "z/VM    7.4.0");
    assert_value(g, "vm-name", "LINUX001");
    level = zvm_guest_value(g, "service-level");
    g_assert_true(g_str_has_prefix(level, "z/VM Version 7 Release 4.0"));

    zvm_guest_assert_pass(g, "vmcp q userid");
    zvm_guest_assert_pass(g, "vmcp q cplevel");
    zvm_guest_assert_pass(g, "vmcp q v stor");
    zvm_guest_assert_pass(g, "vmcp query cpus");
    zvm_guest_assert_pass(g, "dmesg-clean");
    assert_value(g, "vmcp-userid", "LINUX001 AT QEMUZVM");
    assert_value(g, "vmcp-stor", "STORAGE = 512M");
    /* CP return code 1, reported by vmcp as its non-zero exit */
    assert_value(g, "vmcp-unknown-exit", "1");
    unknown = zvm_guest_value(g, "vmcp-unknown-out");
    g_assert_nonnull(strstr(unknown,
                            "HCPCMD001E Unknown CP command: NOSUCHCMD"));
    g_assert_nonnull(strstr(unknown, "#1"));

    /* the kernel's own boot-time CP commands were counted */
    rsp = qtest_qmp(g->qts, "{ 'execute': 'qom-get', 'arguments': {"
                    " 'path': '/machine/zvm-personality',"
                    " 'property': 'cp-commands' } }");
    counts = qdict_get_qdict(rsp, "return");
    g_assert_nonnull(counts);
    g_assert_cmpint(qdict_get_int(counts, "QUERY CONSOLE"), >=, 1);
    g_assert_cmpint(qdict_get_int(counts, "TERMINAL CONMODE"), >=, 1);
    g_assert_cmpint(qdict_get_int(counts, "QUERY USERID"), >=, 2);
    g_assert_cmpint(qdict_get_int(counts, "unknown"), ==, 1);
    qobject_unref(rsp);

    /* the same through query-zvm and HMP info zvm */
    rsp = qtest_qmp(g->qts, "{ 'execute': 'query-zvm' }");
    info = qdict_get_qdict(rsp, "return");
    g_assert_true(qdict_get_bool(info, "enabled"));
    g_assert_cmpstr(qdict_get_str(info, "userid"), ==, "LINUX001");
    g_assert_cmpstr(qdict_get_str(info, "cplevel"), ==, "7.4.0");
    g_assert_cmpint(command_count(qdict_get_qlist(info, "cp-commands"),
                                  "QUERY CPLEVEL"), >=, 1);
    qobject_unref(rsp);
    hmp = qtest_hmp(g->qts, "info zvm");
    g_assert_nonnull(strstr(hmp, "user ID: LINUX001"));
    g_assert_nonnull(strstr(hmp, "TERMINAL CONMODE"));
    zvm_guest_free(g);
}

/* query-zvm without the personality: enabled false, nothing else */
static void test_query_off(void)
{
    QTestState *qts = qtest_init("-machine s390-ccw-virtio -nodefaults");
    QDict *rsp = qtest_qmp(qts, "{ 'execute': 'query-zvm' }");
    QDict *info = qdict_get_qdict(rsp, "return");
    g_autofree char *hmp = qtest_hmp(qts, "info zvm");

    g_assert_false(qdict_get_bool(info, "enabled"));
    g_assert_false(qdict_haskey(info, "userid"));
    g_assert_nonnull(strstr(hmp, "z/VM personality: off"));
    qobject_unref(rsp);
    qtest_quit(qts);
}

static void test_properties(void)
{
    QTestState *qts = qtest_init("-machine s390-ccw-virtio,zvm=on,"
                                 "zvm-userid=TEST1,zvm-cplevel=7.3.0 "
                                 "-nodefaults");

    g_assert_true(qtest_qom_get_bool(qts, "/machine", "zvm"));
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    if (zvm_guest_selected("/zvm/personality/properties")) {
        qtest_add_func("/zvm/personality/properties", test_properties);
        qtest_add_func("/zvm/personality/query-off", test_query_off);
    }
    zvm_guest_add_tests("/zvm/personality", test_personality);
    return g_test_run();
}
