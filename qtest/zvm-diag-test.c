/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm DIAGNOSE dispatch test: with nothing registered for a code,
 * DIAGNOSE behaves exactly as in upstream QEMU (specification exception),
 * and codes QEMU handles itself keep the guest's condition code.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "payloads/zvm-payload.h"

#define PGM_SPECIFICATION 0x0006

static QTestState *run_payload(const char *name, const char *extra)
{
    g_autofree char *elf = g_strdup_printf("%s/%s.elf",
                                           g_getenv("ZVM_PAYLOADS"), name);
    QTestState *qts;
    gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;

    g_assert_true(g_file_test(elf, G_FILE_TEST_EXISTS));
    qts = qtest_initf("-machine s390-ccw-virtio -accel tcg -nodefaults "
                      "-no-shutdown -m 128 -kernel %s %s", elf, extra);
    while (qtest_readq(qts, PAYLOAD_RESULTS) != PAYLOAD_DONE) {
        g_assert_cmpint(g_get_monotonic_time(), <, deadline);
        g_usleep(10 * 1000);
    }
    return qts;
}

static uint64_t slot(QTestState *qts, int n)
{
    return qtest_readq(qts, PAYLOAD_RESULTS + 8 * n);
}

static void test_unregistered_codes(void)
{
    QTestState *qts = run_payload("diag", "");

    g_assert_cmphex(slot(qts, DIAG_SLOT_PGM_64), ==, PGM_SPECIFICATION);
    g_assert_cmphex(slot(qts, DIAG_SLOT_PGM_08), ==, PGM_SPECIFICATION);
    g_assert_cmphex(slot(qts, DIAG_SLOT_PGM_FFF), ==, PGM_SPECIFICATION);
    qtest_quit(qts);
}

static void test_yield_keeps_cc(void)
{
    QTestState *qts = run_payload("diag", "");

    g_assert_cmphex(slot(qts, DIAG_SLOT_PGM_44), ==, PAYLOAD_NO_PGM);
    g_assert_cmpuint(slot(qts, DIAG_SLOT_CC_44), ==, 2);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/zvm/diag/unregistered-codes", test_unregistered_codes);
    qtest_add_func("/zvm/diag/yield-keeps-cc", test_yield_keeps_cc);
    return g_test_run();
}
