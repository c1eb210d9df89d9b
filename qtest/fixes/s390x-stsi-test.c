/*
 * QTest testcase for STORE SYSTEM INFORMATION into a page protected by
 * low-address protection (TCG)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "libqtest.h"
#include "qemu/bswap.h"
#include "qobject/qdict.h"

#define PROGRAM_CHECK_ADDR 0x1234
#define NO_EXCEPTION_ADDR  0x5678

/*
 * A raw IPL image: the short IPL PSW at 0 points at the code at 0x200,
 * which turns on low-address protection and stores system information
 * block 1.1.1 at address 0. The program new PSW is a disabled wait at
 * PROGRAM_CHECK_ADDR; had the STSI no exception, the code would load a
 * disabled wait at NO_EXCEPTION_ADDR.
 */
static const uint8_t code[] = {
    0xeb, 0x00, 0x03, 0x00, 0x00, 0x25, /* stctg %c0,%c0,0x300          */
    0x96, 0x10, 0x03, 0x04,             /* oi    0x304,0x10 (LAP)      */
    0xeb, 0x00, 0x03, 0x00, 0x00, 0x2f, /* lctlg %c0,%c0,0x300          */
    0xc0, 0x0f, 0x10, 0x00, 0x00, 0x01, /* llilf %r0,0x10000001 (1.1.1) */
    0xa7, 0x19, 0x00, 0x01,             /* lghi  %r1,1                  */
    0xb2, 0x7d, 0x00, 0x00,             /* stsi  0                      */
    0xb2, 0xb2, 0x03, 0x10,             /* lpswe 0x310                  */
};

static void put_psw(uint8_t *image, size_t offset, uint64_t addr)
{
    /* 64-bit addressing mode, disabled wait */
    stq_be_p(image + offset, 0x0002000180000000ULL);
    stq_be_p(image + offset + 8, addr);
}

static char *write_image(void)
{
    uint8_t image[0x400] = { 0 };
    char *path;
    int fd;

    stl_be_p(image, 0x00080000);            /* short IPL PSW */
    stl_be_p(image + 4, 0x80000200);
    put_psw(image, 0x1d0, PROGRAM_CHECK_ADDR);
    put_psw(image, 0x310, NO_EXCEPTION_ADDR);
    memcpy(image + 0x200, code, sizeof(code));

    fd = g_file_open_tmp("s390x-stsi-test-XXXXXX", &path, NULL);
    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(write(fd, image, sizeof(image)), ==, sizeof(image));
    close(fd);
    return path;
}

/*
 * The store is an access exception found while QEMU itself accesses the
 * operand (s390_cpu_virt_mem_rw()): the guest must get its protection
 * exception, not QEMU an abort.
 */
static void test_stsi_low_address_protection(void)
{
    g_autofree char *image = NULL;
    QTestState *qts;
    QDict *ev, *info;

    if (!qtest_has_accel("tcg")) {
        g_test_skip("TCG is not available");
        return;
    }

    image = write_image();
    qts = qtest_initf("-machine s390-ccw-virtio -accel tcg -nodefaults "
                      "-action panic=pause -S -kernel %s", image);
    qtest_qmp_assert_success(qts, "{ 'execute': 'cont' }");
    ev = qtest_qmp_eventwait_ref(qts, "GUEST_PANICKED");
    info = qdict_get_qdict(qdict_get_qdict(ev, "data"), "info");
    g_assert_cmpstr(qdict_get_str(info, "reason"), ==, "disabled-wait");
    g_assert_cmphex(qdict_get_int(info, "psw-addr"), ==, PROGRAM_CHECK_ADDR);
    qobject_unref(ev);

    /* program interruption code: protection; nothing stored at 0 */
    g_assert_cmphex(qtest_readw(qts, 0x8e), ==, 0x0004);
    g_assert_cmphex(qtest_readl(qts, 0), ==, 0x00080000);

    qtest_quit(qts);
    unlink(image);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/stsi/low-address-protection",
                   test_stsi_low_address_protection);
    return g_test_run();
}
