/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm boot test: each Debian s390x kernel of the matrix boots under
 * TCG to the scenario's /init, and what it sees in /proc/sysinfo,
 * /proc/meminfo and the memory block devices matches the QEMU command
 * line.
 */
#include "qemu/osdep.h"
#include "zvm-guest.h"

#define BOOT_MEM_MIB 768
#define BOOT_SMP     3

static void test_boot(const void *data)
{
    const char *suite = data;
    ZvmGuestOpts opts = {
        .suite = suite,
        .scenario = "boot",
        .mem_mib = BOOT_MEM_MIB,
        .smp = BOOT_SMP,
    };
    ZvmGuest *g;
    g_autofree char *cpus = NULL;
    g_autofree char *cp = NULL;
    g_autofree char *online = NULL;
    g_autofree char *memtotal = NULL;
    uint64_t total_kib;

    if (!zvm_guest_assets_present(suite)) {
        return;
    }
    g = zvm_guest_run(&opts);
    zvm_guest_assert_clean(g);
    zvm_guest_assert_pass(g, "init-reached");

    cpus = zvm_guest_value(g, "cpus-configured");
    g_assert_cmpstr(cpus, ==, G_STRINGIFY(BOOT_SMP));
    /* personality off: exactly what upstream QEMU reports */
    cp = zvm_guest_value(g, "control-program");
    g_assert_cmpstr(cp, ==, "KVM/Linux");
    g_assert_nonnull(strstr(g->console, "Manufacturer:         QEMU"));

    /* the memory blocks cover exactly -m */
    online = zvm_guest_value(g, "memory-online-bytes");
    g_assert_nonnull(online);
    g_assert_cmpuint(g_ascii_strtoull(online, NULL, 10), ==,
                     (uint64_t)BOOT_MEM_MIB << 20);
    /* MemTotal is -m less the kernel's own reservations */
    memtotal = zvm_guest_value(g, "memtotal-kib");
    g_assert_nonnull(memtotal);
    total_kib = g_ascii_strtoull(memtotal, NULL, 10);
    g_assert_cmpuint(total_kib, <=, BOOT_MEM_MIB * 1024);
    g_assert_cmpuint(total_kib, >=, BOOT_MEM_MIB * 1024 * 8 / 10);
    zvm_guest_free(g);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    zvm_guest_add_tests("/zvm/boot", test_boot);
    return g_test_run();
}
