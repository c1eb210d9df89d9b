/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * EBCDIC code page 037 for z/VM CP command text.
 */
#include "qemu/osdep.h"
#include "zvm-ebcdic.h"

#define EBCDIC_SUB 0x3f

/* EBCDIC 037 of the printable ASCII characters 0x20..0x7e */
static const uint8_t ascii_printable_to_ebcdic[95] = {
    /*  sp    !     "     #     $     %     &     '  */
    0x40, 0x5a, 0x7f, 0x7b, 0x5b, 0x6c, 0x50, 0x7d,
    /*  (     )     *     +     ,     -     .     /  */
    0x4d, 0x5d, 0x5c, 0x4e, 0x6b, 0x60, 0x4b, 0x61,
    /*  0 .. 9 */
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9,
    /*  :     ;     <     =     >     ?     @  */
    0x7a, 0x5e, 0x4c, 0x7e, 0x6e, 0x6f, 0x7c,
    /*  A .. Z */
    0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
    0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9,
    0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
    /*  [     \\    ]     ^     _     `  */
    0xba, 0xe0, 0xbb, 0xb0, 0x6d, 0x79,
    /*  a .. z */
    0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99,
    0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
    /*  {     |     }     ~  */
    0xc0, 0x4f, 0xd0, 0xa1,
};

static uint8_t ascii_to_ebcdic(char c)
{
    const unsigned char u = c;

    if (u >= 0x20 && u <= 0x7e) {
        return ascii_printable_to_ebcdic[u - 0x20];
    }
    if (u == '\n') {
        return ZVM_EBCDIC_NL;
    }
    return u ? EBCDIC_SUB : 0;
}

static char ebcdic_to_ascii(uint8_t e)
{
    if (e == ZVM_EBCDIC_NL || e == 0x25) {
        return '\n';
    }
    if (!e) {
        return 0;
    }
    for (int i = 0; i < ARRAY_SIZE(ascii_printable_to_ebcdic); i++) {
        if (ascii_printable_to_ebcdic[i] == e) {
            return 0x20 + i;
        }
    }
    return '?';
}

void zvm_ascii_to_ebcdic(uint8_t *dst, const char *src, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = ascii_to_ebcdic(src[i]);
    }
}

void zvm_ebcdic_to_ascii(char *dst, const uint8_t *src, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        dst[i] = ebcdic_to_ascii(src[i]);
    }
}
