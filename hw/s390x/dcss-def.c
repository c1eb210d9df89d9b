/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: parsing and checking of saved-segment definitions, with the
 * rules of CP's DEFSEG command ("z/VM: CP Commands and Utilities
 * Reference", DEFSEG): page ranges in hexadecimal page numbers, a DCSS
 * begins and ends on a megabyte boundary, pages of one megabyte are all
 * shared or all exclusive, page numbers up to X'7FFFFFF'.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "dcss-def.h"

static const char *const type_names[ZVM_DCSS_PAGE_TYPE__MAX] = {
    [ZVM_DCSS_PAGE_TYPE_SW] = "SW",
    [ZVM_DCSS_PAGE_TYPE_EW] = "EW",
    [ZVM_DCSS_PAGE_TYPE_SR] = "SR",
    [ZVM_DCSS_PAGE_TYPE_ER] = "ER",
    [ZVM_DCSS_PAGE_TYPE_SN] = "SN",
    [ZVM_DCSS_PAGE_TYPE_EN] = "EN",
    [ZVM_DCSS_PAGE_TYPE_SC] = "SC",
};

const char *zvm_dcss_type_name(ZvmDcssPageType type)
{
    return type < ZVM_DCSS_PAGE_TYPE__MAX ? type_names[type] : "??";
}

bool zvm_dcss_name_valid(const char *name)
{
    const size_t len = strlen(name);

    if (len < 1 || len > ZVM_DCSS_NAME_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!g_ascii_isupper(name[i]) && !g_ascii_isdigit(name[i]) &&
            !strchr("@#$_-", name[i])) {
            return false;
        }
    }
    return true;
}

static bool parse_type(const char *word, ZvmDcssPageType *type)
{
    for (int t = 0; t < ZVM_DCSS_PAGE_TYPE__MAX; t++) {
        if (!g_ascii_strcasecmp(word, type_names[t])) {
            *type = t;
            return true;
        }
    }
    return false;
}

/* "first-last" or "first.count", hexadecimal page numbers */
static bool parse_pages(const char *word, uint64_t *first, uint64_t *last)
{
    const char *sep = strpbrk(word, "-.");
    g_autofree char *a = NULL;
    uint64_t b;

    if (!sep) {
        return false;
    }
    a = g_strndup(word, sep - word);
    if (qemu_strtou64(a, NULL, 16, first) ||
        qemu_strtou64(sep + 1, NULL, 16, &b)) {
        return false;
    }
    if (*sep == '.') {
        if (!b || b - 1 > UINT64_MAX - *first) {
            return false;
        }
        b = *first + b - 1;
    }
    *last = b;
    return *first <= *last;
}

static bool check_range(const ZvmDcssDef *def, const ZvmDcssRange *r,
                        Error **errp)
{
    const ZvmDcssRange *prev = def->nranges ? &def->range[def->nranges - 1]
                                            : NULL;

    if (r->end >= ZVM_DCSS_ADDR_LIMIT) {
        error_setg(errp, "segment %s: range 0x%" PRIx64 "-0x%" PRIx64
                   " reaches above the 512 GiB limit of saved segments",
                   def->name, r->start, r->end);
        return false;
    }
    if (r->start % ZVM_DCSS_MEGABYTE || (r->end + 1) % ZVM_DCSS_MEGABYTE) {
        error_setg(errp, "segment %s: range 0x%" PRIx64 "-0x%" PRIx64
                   " does not begin and end on 1 MiB boundaries",
                   def->name, r->start, r->end);
        return false;
    }
    if (prev && r->start <= prev->end) {
        error_setg(errp, "segment %s: range 0x%" PRIx64 "-0x%" PRIx64
                   " overlaps or precedes range 0x%" PRIx64 "-0x%" PRIx64,
                   def->name, r->start, r->end, prev->start, prev->end);
        return false;
    }
    return true;
}

bool zvm_dcss_parse_ranges(ZvmDcssDef *def, const char *name,
                           const char *operands, Error **errp)
{
    g_auto(GStrv) words = g_strsplit_set(operands, " \t\r\n", -1);
    const char *pages = NULL;

    memset(def, 0, sizeof(*def));
    if (!zvm_dcss_name_valid(name)) {
        error_setg(errp, "'%s' is not a saved segment name: 1 to %d "
                   "characters of A-Z, 0-9, @, #, $, _ and -", name,
                   ZVM_DCSS_NAME_MAX);
        return false;
    }
    pstrcpy(def->name, sizeof(def->name), name);

    for (int i = 0; words[i]; i++) {
        ZvmDcssRange r;
        uint64_t first = 0, last = 0;

        if (!*words[i]) {
            continue;
        }
        if (!pages) {
            pages = words[i];
            continue;
        }
        if (!parse_pages(pages, &first, &last) ||
            last >= ZVM_DCSS_ADDR_LIMIT / ZVM_DCSS_PAGE_SIZE) {
            if (last >= ZVM_DCSS_ADDR_LIMIT / ZVM_DCSS_PAGE_SIZE) {
                error_setg(errp, "segment %s: pages %s reach above the "
                           "512 GiB limit of saved segments", name, pages);
            } else {
                error_setg(errp, "segment %s: '%s' is not a page range "
                           "(hexadecimal first-last or first.count)",
                           name, pages);
            }
            return false;
        }
        if (!parse_type(words[i], &r.type)) {
            error_setg(errp, "segment %s: '%s' is not a page-range type "
                       "(SW, EW, SR, ER, SN, EN or SC)", name, words[i]);
            return false;
        }
        if (def->nranges == ZVM_DCSS_RANGES_MAX) {
            error_setg(errp, "segment %s: more than %d page ranges", name,
                       ZVM_DCSS_RANGES_MAX);
            return false;
        }
        r.start = first * ZVM_DCSS_PAGE_SIZE;
        r.end = (last + 1) * ZVM_DCSS_PAGE_SIZE - 1;
        if (!check_range(def, &r, errp)) {
            return false;
        }
        def->range[def->nranges++] = r;
        pages = NULL;
    }
    if (pages) {
        error_setg(errp, "segment %s: page range %s has no type", name,
                   pages);
        return false;
    }
    if (!def->nranges) {
        error_setg(errp, "segment %s: no page ranges", name);
        return false;
    }
    return true;
}

char *zvm_dcss_format_ranges(const ZvmDcssDef *def)
{
    GString *s = g_string_new(NULL);

    for (unsigned int i = 0; i < def->nranges; i++) {
        g_string_append_printf(s, "%s%" PRIX64 "-%" PRIX64 " %s",
                               i ? " " : "",
                               def->range[i].start / ZVM_DCSS_PAGE_SIZE,
                               def->range[i].end / ZVM_DCSS_PAGE_SIZE,
                               zvm_dcss_type_name(def->range[i].type));
    }
    return g_string_free(s, false);
}
