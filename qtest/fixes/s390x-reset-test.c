/*
 * QTest testcase for the translated code of a guest across machine
 * resets (TCG)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qemu/bswap.h"
#include "qobject/qdict.h"

/* A raw IPL image: the short IPL PSW at 0, a loop at 0x200 */
static char *write_image(void)
{
    uint8_t image[0x210] = { 0 };
    char *path;
    int fd;

    stl_be_p(image, 0x00080000);            /* short IPL PSW */
    stl_be_p(image + 4, 0x80000200);
    stl_be_p(image + 0x200, 0xa7f40000);    /* j . */

    fd = g_file_open_tmp("s390x-reset-test-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, image, sizeof(image)), ==, sizeof(image));
    close(fd);
    return path;
}

/* "TB flush count" of HMP's info jit */
static int tb_flush_count(QTestState *qts)
{
    g_autofree char *jit = qtest_hmp(qts, "info jit");
    const char *line = strstr(jit, "TB flush count");

    g_assert_nonnull(line);
    return atoi(line + strlen("TB flush count"));
}

/*
 * Nothing translated before a machine reset is of use after it: the
 * translation cache is flushed once for every reset.
 */
static void test_reset_tb_flush(void)
{
    g_autofree char *image = NULL;
    QTestState *qts;
    int before;

    if (!qtest_has_accel("tcg")) {
        g_test_skip("TCG is not available");
        return;
    }

    image = write_image();
    qts = qtest_initf("-machine s390-ccw-virtio -accel tcg -nodefaults "
                      "-kernel %s", image);
    before = tb_flush_count(qts);
    for (int i = 1; i <= 3; i++) {
        gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;

        qtest_qmp_assert_success(qts, "{ 'execute': 'system_reset' }");
        qtest_qmp_eventwait(qts, "RESET");
        /* the flush is queued work of the vCPU */
        while (tb_flush_count(qts) < before + i) {
            g_assert_cmpint(g_get_monotonic_time(), <, deadline);
            g_usleep(10 * 1000);
        }
        g_assert_cmpint(tb_flush_count(qts), ==, before + i);
    }
    qtest_quit(qts);
    unlink(image);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/reset/tb-flush", test_reset_tb_flush);
    return g_test_run();
}
