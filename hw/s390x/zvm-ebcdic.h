/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * EBCDIC code page 037, the code page of z/VM CP command text
 * (Linux: _ascebc/_ebcasc in arch/s390/kernel/ebcdic.c).
 */
#ifndef HW_S390X_ZVM_EBCDIC_H
#define HW_S390X_ZVM_EBCDIC_H

/* CP separates the lines of a response with EBCDIC NL */
#define ZVM_EBCDIC_NL 0x15

/* ASCII to EBCDIC 037; '\n' becomes NL, unmapped characters SUB (0x3f) */
void zvm_ascii_to_ebcdic(uint8_t *dst, const char *src, size_t len);

/* EBCDIC 037 to ASCII; NL and LF become '\n', unmapped bytes '?' */
void zvm_ebcdic_to_ascii(char *dst, const uint8_t *src, size_t len);

#endif
