/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for EBCDIC 037, the code page of CP command text.
 */
#include "qemu/osdep.h"
#include "zvm/hw/s390x/zvm-ebcdic.h"

/* "QUERY CPLEVEL" as Linux's _ascebc sends it */
static const uint8_t query_cplevel[] = {
    0xd8, 0xe4, 0xc5, 0xd9, 0xe8, 0x40, 0xc3, 0xd7,
    0xd3, 0xc5, 0xe5, 0xc5, 0xd3,
};

static void test_to_ebcdic(void)
{
    uint8_t out[sizeof(query_cplevel)];

    zvm_ascii_to_ebcdic(out, "QUERY CPLEVEL", sizeof(out));
    g_assert_cmpmem(out, sizeof(out), query_cplevel, sizeof(query_cplevel));
}

static void test_round_trip(void)
{
    char ascii[95], back[95];
    uint8_t e[95];

    for (int i = 0; i < 95; i++) {
        ascii[i] = 0x20 + i;
    }
    zvm_ascii_to_ebcdic(e, ascii, sizeof(ascii));
    zvm_ebcdic_to_ascii(back, e, sizeof(e));
    g_assert_cmpmem(back, sizeof(back), ascii, sizeof(ascii));
}

static void test_specials(void)
{
    const uint8_t e[] = { ZVM_EBCDIC_NL, 0x25, 0x00, 0xff, 0xba, 0xbb };
    char a[sizeof(e)];
    uint8_t sub;

    zvm_ebcdic_to_ascii(a, e, sizeof(e));
    g_assert_cmpmem(a, sizeof(a), "\n\n\0?[]", sizeof(a));
    zvm_ascii_to_ebcdic(&sub, "\x01", 1);
    g_assert_cmphex(sub, ==, 0x3f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/zvm/ebcdic/to-ebcdic", test_to_ebcdic);
    g_test_add_func("/zvm/ebcdic/round-trip", test_round_trip);
    g_test_add_func("/zvm/ebcdic/specials", test_specials);
    return g_test_run();
}
