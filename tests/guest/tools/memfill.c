/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memfill MIB [huge]: a guest tool of qemu-zvm's scenarios. Maps MIB MiB
 * of anonymous memory (with "huge": of huge pages, MAP_HUGETLB), writes
 * a pattern that depends on the address into
 * one doubleword of every STRIDE bytes (16 per 4 KiB page: every page
 * is touched, and the loop stays quick under TCG), reads it back and
 * exits 0 if it all matched.
 * Filling almost all free memory puts part of the pattern into memory
 * that was just hot-plugged. Freestanding (the cross toolchain has no
 * s390x libc): raw system calls, entry point _start.
 */
#include <stdint.h>

#define NR_EXIT_GROUP  248
#define NR_WRITE       4
#define NR_OLD_MMAP    90

#define PROT_RW        3
#define MAP_PRIV_ANON  0x22
#define MAP_HUGETLB    0x40000
#define MIB            (1024 * 1024)
#define STRIDE         256

static long sys3(long nr, long a, long b, long c)
{
    register long r1 asm("1") = nr;
    register long r2 asm("2") = a;
    register long r3 asm("3") = b;
    register long r4 asm("4") = c;

    asm volatile("svc 0" : "+d"(r2) : "d"(r1), "d"(r3), "d"(r4) : "memory");
    return r2;
}

static void out(const char *s)
{
    long n = 0;

    while (s[n]) {
        n++;
    }
    sys3(NR_WRITE, 1, (long)s, n);
}

static char *utoa(unsigned long v, char *end)
{
    *--end = 0;
    do {
        *--end = '0' + v % 10;
        v /= 10;
    } while (v);
    return end;
}

static uint64_t pattern(const uint64_t *p)
{
    return ((uint64_t)p * 0x9e3779b97f4a7c15ULL) ^ 0x5a5a5a5a5a5a5a5aULL;
}

void cmain(long argc, char **argv);

void cmain(long argc, char **argv)
{
    unsigned long mib = 0, bad = 0;
    long args[6];
    uint64_t *mem;
    char buf[24];

    for (const char *s = argc > 1 ? argv[1] : ""; *s >= '0' && *s <= '9';
         s++) {
        mib = mib * 10 + (*s - '0');
    }
    if (!mib) {
        out("usage: memfill MIB [huge]\n");
        sys3(NR_EXIT_GROUP, 2, 0, 0);
    }
    args[0] = 0;
    args[1] = mib * MIB;
    args[2] = PROT_RW;
    args[3] = MAP_PRIV_ANON | (argc > 2 && argv[2][0] == 'h' ? MAP_HUGETLB : 0);
    args[4] = -1;
    args[5] = 0;
    mem = (uint64_t *)sys3(NR_OLD_MMAP, (long)args, 0, 0);
    if ((unsigned long)mem > -4096UL) {
        out("memfill: mmap failed\n");
        sys3(NR_EXIT_GROUP, 1, 0, 0);
    }
    for (uint64_t *p = mem; p < mem + mib * MIB / 8; p += STRIDE / 8) {
        *p = pattern(p);
    }
    for (uint64_t *p = mem; p < mem + mib * MIB / 8; p += STRIDE / 8) {
        bad += *(volatile uint64_t *)p != pattern(p);
    }
    out("memfill: ");
    out(utoa(mib, buf + sizeof(buf)));
    out(" MiB, ");
    out(utoa(bad, buf + sizeof(buf)));
    out(" bad doublewords\n");
    sys3(NR_EXIT_GROUP, bad != 0, 0, 0);
}

asm(".globl _start\n"
    "_start:\n"
    "  lg    %r2,0(%r15)\n"         /* argc */
    "  la    %r3,8(%r15)\n"         /* argv */
    "  aghi  %r15,-160\n"
    "  brasl %r14,cmain\n");
