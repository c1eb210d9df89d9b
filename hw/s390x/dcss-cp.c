/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the CP commands of saved segments -- QUERY NSS, DEFSEG,
 * SAVESEG and PURGE NSS -- run through DIAGNOSE X'08' (zvm-cp.c).
 * Segments are defined in the store shared with other QEMU processes
 * (dcss.c); DEFSEG makes a skeleton that SAVESEG writes into the store
 * from guest storage.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/cutils.h"
#include "zvm-compat.h"
#include "zvm.h"
#include "dcss.h"
#include "dcss-internal.h"
#include "trace.h"

/* A stable four-digit spool file number for QUERY NSS */
static unsigned int spoolid(const char *name)
{
    return 1 + g_str_hash(name) % 9998;
}

static int nss_line(ZvmDcss *d, GString *out, const char *name,
                    const ZvmDcssDef *def, char cl, bool map)
{
    g_autofree char *path = zvm_dcss_store_path(d, name, ".img");
    g_autoptr(GDateTime) t = NULL;
    g_autofree char *when = NULL;
    struct stat st;
    int holders;

    if (!map) {
        t = g_date_time_new_from_unix_local(stat(path, &st) ? 0 : st.st_mtime);
        when = g_date_time_format(t, "%m/%d %H:%M:%S");
        g_string_append_printf(out, "*NSS     %04u DCSS %c  %05" PRIu64
                               " %s %-8s DCSS     QEMUZVM\n",
                               spoolid(name), cl,
                               (zvm_dcss_end(def) - zvm_dcss_start(def) + 1) /
                               ZVM_DCSS_PAGE_SIZE, when, name);
        return 1;
    }
    holders = cl == 'S' ? 0 :
        zvm_dcss_count_holders(d, name, zvm_dcss_find_loaded(d, name) != NULL);
    for (unsigned int i = 0; i < def->nranges; i++) {
        const ZvmDcssRange *r = &def->range[i];

        if (i) {
            g_string_append(out, "                       ");
        } else {
            g_string_append_printf(out, "%04u %-8s DCSS     N/A      ",
                                   spoolid(name), name);
        }
        g_string_append_printf(out, "%05" PRIX64 "  %05" PRIX64 "  %s   %c  "
                               "%05d  N/A      N/A\n",
                               r->start / ZVM_DCSS_PAGE_SIZE,
                               r->end / ZVM_DCSS_PAGE_SIZE,
                               zvm_dcss_type_name(r->type), cl,
                               holders);
    }
    return 1;
}

/* QUERY NSS [ALL | NAME name] [MAP] */
int zvm_dcss_cp_query_nss(ZvmPersonality *zvm, char **args, GString *out)
{
    ZvmDcss *d = zvm_dcss();
    g_autoptr(GPtrArray) names = zvm_dcss_store_names(d);
    const char *only = NULL;
    bool map = false;
    const size_t len = out->len;
    GHashTableIter it;
    gpointer key, value;
    int n = 0;

    for (; *args; args++) {
        if (!strcmp(*args, "NAME") && args[1]) {
            only = *++args;
        } else if (!strcmp(*args, "MAP")) {
            map = true;
        } else if (strcmp(*args, "ALL")) {
            return zvm_cp_invalid_option(out, "HCPQNS", *args);
        }
    }
    g_string_append(out, map ?
        "FILE FILENAME FILETYPE MINSIZE  BEGPAG ENDPAG TYPE CL #USERS "
        "PARMREGS VMGROUP\n" :
        "OWNERID  FILE TYPE CL RECS  DATE  TIME     FILENAME FILETYPE "
        "ORIGINID\n");
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        ZvmDcssDef def;

        if ((!only || !strcmp(only, name)) &&
            !zvm_dcss_read_def(d, name, &def, NULL)) {
            n += nss_line(d, out, name, &def, 'A', map);
        }
    }
    g_hash_table_iter_init(&it, d->skeletons);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (!only || !strcmp(only, key)) {
            n += nss_line(d, out, key, value, 'S', map);
        }
    }
    if (!n) {
        g_string_truncate(out, len);
        g_string_append(out, "NO NSS FILES\n");
    }
    return 0;
}

/* DEFSEG name range type [range type ...]: a skeleton until SAVESEG */
int zvm_dcss_cp_defseg(ZvmPersonality *zvm, char **args, GString *out)
{
    ZvmDcss *d = zvm_dcss();
    g_autofree char *ops = NULL;
    Error *err = NULL;
    ZvmDcssDef *def;
    int rc;

    if (!args[0] || !args[1]) {
        return zvm_cp_missing_operand(out, "HCPNSD");
    }
    if (g_hash_table_size(d->skeletons) >= DCSS_SKELETONS_MAX &&
        !g_hash_table_contains(d->skeletons, args[0])) {
        g_string_append_printf(out, "HCPNSD178E More than %d saved segments "
                               "defined and not saved\n", DCSS_SKELETONS_MAX);
        return 178;
    }
    def = g_new(ZvmDcssDef, 1);
    ops = g_strjoinv(" ", args + 1);
    if (!zvm_dcss_parse_ranges(def, args[0], ops, &err)) {
        rc = zvm_cp_invalid_option(out, "HCPNSD", error_get_pretty(err));
        error_free(err);
        g_free(def);
        return rc;
    }
    g_hash_table_replace(d->skeletons, g_strdup(def->name), def);
    g_string_append_printf(out, "HCPNSD440I Saved segment %s was "
                           "successfully defined in fileid %04u.\n",
                           def->name, spoolid(def->name));
    return 0;
}

/* Write @def's saved pages from guest storage into a new NAME.img */
static bool save_image(ZvmDcss *d, const ZvmDcssDef *def, Error **errp)
{
    g_autofree char *path = zvm_dcss_store_path(d, def->name, ".img");
    g_autofree char *tmp = g_strconcat(path, ".new", NULL);
    g_autofree uint8_t *buf = g_malloc(ZVM_DCSS_MEGABYTE);
    const uint64_t base = zvm_dcss_start(def);
    int fd = qemu_create(tmp, O_RDWR | O_TRUNC, 0644, errp);
    bool ok = fd >= 0;

    if (ok && ftruncate(fd, zvm_dcss_end(def) - base + 1)) {
        error_setg_errno(errp, errno, "cannot size %s", tmp);
        ok = false;
    }
    for (unsigned int i = 0; ok && i < def->nranges; i++) {
        const ZvmDcssRange *r = &def->range[i];

        for (uint64_t a = r->start; ok && zvm_dcss_type_saved(r->type) &&
             a < r->end; a += ZVM_DCSS_MEGABYTE) {
            if (address_space_read(&address_space_memory, a,
                                   MEMTXATTRS_UNSPECIFIED, buf,
                                   ZVM_DCSS_MEGABYTE) != MEMTX_OK) {
                error_setg(errp, "storage at 0x%" PRIx64 " is not "
                           "addressable", a);
                ok = false;
            } else if (pwrite(fd, buf, ZVM_DCSS_MEGABYTE, a - base) !=
                       ZVM_DCSS_MEGABYTE) {
                error_setg_errno(errp, errno, "cannot write %s", tmp);
                ok = false;
            }
        }
    }
    if (ok && (fsync(fd) || rename(tmp, path))) {
        error_setg_errno(errp, errno, "cannot replace %s", path);
        ok = false;
    }
    if (fd >= 0) {
        close(fd);
    }
    if (!ok) {
        unlink(tmp);
    }
    return ok;
}

/*
 * SAVESEG name: the guest's current pages of the defined ranges become
 * the segment. Guests that hold the old version keep it (the old file
 * stays mapped) until they purge it, as with CP.
 */
int zvm_dcss_cp_saveseg(ZvmPersonality *zvm, char **args, GString *out)
{
    ZvmDcss *d = zvm_dcss();
    ZvmDcssDef *def;
    g_autofree char *path = NULL;
    g_autofree char *ops = NULL;
    g_autofree char *text = NULL;
    Error *err = NULL;

    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPNSS");
    }
    def = g_hash_table_lookup(d->skeletons, args[0]);
    if (!def) {
        g_string_append_printf(out, "HCPNSS440E Saved segment %s was not "
                               "found\n", args[0]);
        return 440;
    }
    if (!d->store) {
        g_string_append(out, "HCPNSS178E No segment store: QEMU runs "
                        "without " ZVM_DCSS_STORE_PROP "\n");
        return 178;
    }
    path = zvm_dcss_store_path(d, def->name, ".defseg");
    ops = zvm_dcss_format_ranges(def);
    text = g_strdup_printf("# qemu-zvm saved segment %s (DEFSEG operands)\n"
                           "%s\n", def->name, ops);
    if (!save_image(d, def, &err) ||
        !g_file_set_contents(path, text, -1, NULL)) {
        g_string_append_printf(out, "HCPNSS178E Paging error saving %s: "
                               "%s\n", def->name,
                               err ? error_get_pretty(err) : path);
        error_free(err);
        return 178;
    }
    g_string_append_printf(out, "HCPNSS440I Saved segment %s was "
                           "successfully saved in fileid %04u.\n",
                           def->name, spoolid(def->name));
    trace_zvm_dcss_saveseg(def->name, zvm_dcss_start(def));
    g_hash_table_remove(d->skeletons, args[0]);
    return 0;
}

/* PURGE NSS NAME name | PURGE NSS spoolid-less short form: name */
int zvm_dcss_cp_purge_nss(ZvmPersonality *zvm, char **args, GString *out)
{
    ZvmDcss *d = zvm_dcss();
    const char *name = args[0] && !strcmp(args[0], "NAME") ? args[1]
                                                            : args[0];
    g_autofree char *def = NULL;
    g_autofree char *img = NULL;
    bool found;

    if (!name) {
        return zvm_cp_missing_operand(out, "HCPCSP");
    }
    found = g_hash_table_remove(d->skeletons, name);
    if (d->store && zvm_dcss_name_valid(name)) {
        def = zvm_dcss_store_path(d, name, ".defseg");
        img = zvm_dcss_store_path(d, name, ".img");
        found |= !unlink(def);
        unlink(img);
    }
    if (!found) {
        g_string_append(out, "NO NSS FILES\n");
        return 0;
    }
    g_string_append(out, "0001 FILE PURGED\n");
    return 0;
}

