/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for saved-segment definitions: names and DEFSEG operands.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "zvm/hw/s390x/dcss-def.h"

static void test_names(void)
{
    g_assert_true(zvm_dcss_name_valid("MYDCSS"));
    g_assert_true(zvm_dcss_name_valid("A"));
    g_assert_true(zvm_dcss_name_valid("SEG_1$#@"));
    g_assert_false(zvm_dcss_name_valid(""));
    g_assert_false(zvm_dcss_name_valid("NINECHARS"));
    g_assert_false(zvm_dcss_name_valid("mydcss"));
    g_assert_false(zvm_dcss_name_valid("MY DCSS"));
    g_assert_false(zvm_dcss_name_valid("../ETC"));
}

static void test_parse_one(void)
{
    ZvmDcssDef def;

    g_assert_true(zvm_dcss_parse_ranges(&def, "MYDCSS", "20000-200ff sr",
                                        &error_abort));
    g_assert_cmpstr(def.name, ==, "MYDCSS");
    g_assert_cmpuint(def.nranges, ==, 1);
    g_assert_cmphex(def.range[0].start, ==, 0x20000000);
    g_assert_cmphex(def.range[0].end, ==, 0x200fffff);
    g_assert_cmpint(def.range[0].type, ==, ZVM_DCSS_PAGE_TYPE_SR);
    g_assert_cmphex(zvm_dcss_end(&def), ==, 0x200fffff);
}

/* "first.count" form and several ranges, as DEFSEG takes them */
static void test_parse_multi(void)
{
    g_autofree char *ops = NULL;
    ZvmDcssDef def;

    g_assert_true(zvm_dcss_parse_ranges(&def, "EWEN",
                                        "30000.100 EW\n30100-301FF EN",
                                        &error_abort));
    g_assert_cmpuint(def.nranges, ==, 2);
    g_assert_cmphex(def.range[0].end, ==, 0x300fffff);
    g_assert_cmphex(def.range[1].start, ==, 0x30100000);
    g_assert_cmpint(def.range[1].type, ==, ZVM_DCSS_PAGE_TYPE_EN);
    ops = zvm_dcss_format_ranges(&def);
    /* the same text Linux's segment_save() builds for DEFSEG */
    g_assert_cmpstr(ops, ==, "30000-300FF EW 30100-301FF EN");
}

static void expect_error(const char *name, const char *ops,
                         const char *fragment)
{
    Error *err = NULL;
    ZvmDcssDef def;

    g_assert_false(zvm_dcss_parse_ranges(&def, name, ops, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), fragment)) {
        g_error("'%s' lacks '%s'", error_get_pretty(err), fragment);
    }
    error_free(err);
}

static void test_parse_errors(void)
{
    expect_error("lower", "20000-200FF SR", "not a saved segment name");
    expect_error("SEG", "20010-200FF SR", "1 MiB boundaries");
    expect_error("SEG", "20000-2000F SR", "1 MiB boundaries");
    expect_error("SEG", "20000-201FF SR 20100-202FF SR", "overlaps");
    expect_error("SEG", "30000-300FF SR 20000-200FF SR", "precedes");
    expect_error("SEG", "7FFFF00-8000FFF SW", "512 GiB");
    expect_error("SEG", "8000000-80000FF SW", "512 GiB");
    expect_error("SEG", "20000-200FF XX", "not a page-range type");
    expect_error("SEG", "20000-200FF", "has no type");
    expect_error("SEG", "", "no page ranges");
    expect_error("SEG", "200FF-20000 SR", "not a page range");
    expect_error("SEG", "ZZ-20000 SR", "not a page range");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/zvm/dcss-def/names", test_names);
    g_test_add_func("/zvm/dcss-def/parse-one", test_parse_one);
    g_test_add_func("/zvm/dcss-def/parse-multi", test_parse_multi);
    g_test_add_func("/zvm/dcss-def/parse-errors", test_parse_errors);
    return g_test_run();
}
