/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: the segment store and its host file locks.
 *
 * The store is a directory shared by QEMU processes as z/VM's system
 * data files are shared by its virtual machines: NAME.defseg holds the
 * DEFSEG operands, NAME.img the contents from the first byte of the
 * segment on.
 *
 * Host file locks on NAME.img give the sharing rules between QEMU
 * processes: a range of an exclusive type (EW ER EN) is write-locked by
 * its holder, shared types are read-locked, and each holder also locks
 * one slot byte so that holders can be counted.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "dcss.h"
#include "dcss-internal.h"

/* Holder slots: one byte each, far beyond any image's end */
#define DCSS_SLOT_BASE  (1ULL << 50)
#define DCSS_SLOTS      64
/* an exclusive range a migration hands over: waited for, 5 s at most */
#define DCSS_HANDOVER_TRIES      500
#define DCSS_HANDOVER_WAIT_US    10000
/* a shared range's read lock: conflicts are retried, 1 s at most */
#define DCSS_SHARED_LOCK_TRIES   10000
#define DCSS_SHARED_LOCK_WAIT_US 100

char *zvm_dcss_store_path(ZvmDcss *d, const char *name, const char *ext)
{
    g_autofree char *file = g_strconcat(name, ext, NULL);

    return g_build_filename(d->store, file, NULL);
}

/*
 * Read the definition of @name: -ENOENT if the store has none, -EINVAL
 * (with @errp) if it is not valid.
 */
int zvm_dcss_read_def(ZvmDcss *d, const char *name, ZvmDcssDef *def,
                      Error **errp)
{
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GString) ops = g_string_new(NULL);

    if (!d->store || !zvm_dcss_name_valid(name)) {
        return -ENOENT;
    }
    path = zvm_dcss_store_path(d, name, ".defseg");
    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return -ENOENT;
    }
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        if (lines[i][0] != '#') {
            g_string_append_printf(ops, "%s ", lines[i]);
        }
    }
    return zvm_dcss_parse_ranges(def, name, ops->str, errp) ? 0 : -EINVAL;
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the segments defined in the store, sorted */
GPtrArray *zvm_dcss_store_names(ZvmDcss *d)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GDir) dir = d->store ? g_dir_open(d->store, 0, NULL) : NULL;
    const char *file;

    while (dir && (file = g_dir_read_name(dir))) {
        if (g_str_has_suffix(file, ".defseg")) {
            g_ptr_array_add(names, g_strndup(file, strlen(file) - 7));
        }
    }
    g_ptr_array_sort(names, cmp_names);
    return names;
}

/* Open NAME.img and check that it covers the segment */
int zvm_dcss_open_image(ZvmDcss *d, const ZvmDcssDef *def, bool *writable,
                        Error **errp)
{
    g_autofree char *path = zvm_dcss_store_path(d, def->name, ".img");
    const uint64_t size = zvm_dcss_end(def) - zvm_dcss_start(def) + 1;
    struct stat st;
    int fd;

    *writable = true;
    fd = qemu_open(path, O_RDWR, NULL);
    if (fd < 0) {
        *writable = false;
        fd = qemu_open(path, O_RDONLY, errp);
        if (fd < 0) {
            return -1;
        }
    }
    if (fstat(fd, &st) || st.st_size < size) {
        error_setg(errp, "segment %s: backing file %s is smaller than the "
                   "segment (0x%" PRIx64 " bytes)", def->name, path, size);
        close(fd);
        return -1;
    }
    return fd;
}

/* Every segment of the store must be usable before the guest starts */
bool zvm_dcss_check_store(ZvmDcss *d, Error **errp)
{
    g_autoptr(GDir) dir = g_dir_open(d->store, 0, NULL);
    const char *file;

    if (!dir) {
        error_setg(errp, "'%s': cannot open segment store %s",
                   ZVM_DCSS_STORE_PROP, d->store);
        return false;
    }
    while ((file = g_dir_read_name(dir))) {
        g_autofree char *name = NULL;
        ZvmDcssDef def;
        bool writable;
        int fd;

        if (!g_str_has_suffix(file, ".defseg")) {
            continue;
        }
        name = g_strndup(file, strlen(file) - strlen(".defseg"));
        if (!zvm_dcss_name_valid(name)) {
            error_setg(errp, "'%s': segment store %s: '%s' is not a saved "
                       "segment name: 1 to %d characters of A-Z, 0-9, @, #, "
                       "$, _ and -", ZVM_DCSS_STORE_PROP, d->store, name,
                       ZVM_DCSS_NAME_MAX);
            return false;
        }
        if (zvm_dcss_read_def(d, name, &def, errp)) {
            error_prepend(errp, "'%s': segment store %s: ",
                          ZVM_DCSS_STORE_PROP, d->store);
            return false;
        }
        fd = zvm_dcss_open_image(d, &def, &writable, errp);
        if (fd < 0) {
            error_prepend(errp, "'%s': segment store %s: ",
                          ZVM_DCSS_STORE_PROP, d->store);
            return false;
        }
        close(fd);
    }
    return true;
}

/* Holders: one write-locked slot byte each */

static int take_slot(int fd)
{
    for (int i = 0; i < DCSS_SLOTS; i++) {
        if (!qemu_lock_fd(fd, DCSS_SLOT_BASE + i, 1, true)) {
            return i;
        }
    }
    return -1;
}

/* Number of guests holding @name, this one included */
int zvm_dcss_count_holders(ZvmDcss *d, const char *name, bool self)
{
    g_autofree char *path = zvm_dcss_store_path(d, name, ".img");
    int fd = qemu_open(path, O_RDONLY, NULL);
    int n = 0;

    /* our own slot conflicts too: a new open file description is probing */
    for (int i = 0; fd >= 0 && i < DCSS_SLOTS; i++) {
        n += qemu_lock_fd_test(fd, DCSS_SLOT_BASE + i, 1, false) != 0;
    }
    if (fd >= 0) {
        close(fd);
    }
    return MAX(n, self);
}

/*
 * A read lock on a shared range. Other holders of a shared range hold a
 * write lock on it only for a moment (the first holder of an SN range,
 * while it clears it, see zvm_dcss_lock_ranges()), so a conflict is
 * retried, for a second at most.
 */
static bool lock_retry(int fd, uint64_t off, uint64_t len, bool exclusive,
                       int tries, unsigned long wait_us)
{
    for (int i = 0; i < tries; i++) {
        if (!qemu_lock_fd(fd, off, len, exclusive)) {
            return true;
        }
        g_usleep(wait_us);
    }
    return false;
}

static bool read_lock_shared(int fd, uint64_t off, uint64_t len)
{
    return lock_retry(fd, off, len, false, DCSS_SHARED_LOCK_TRIES,
                      DCSS_SHARED_LOCK_WAIT_US);
}

/*
 * A write lock on an exclusive range: with @wait (a migration hands the
 * range over) retried for 5 s, else tried once.
 */
bool zvm_dcss_lock_exclusive(int fd, uint64_t off, uint64_t len, bool wait)
{
    return lock_retry(fd, off, len, true, wait ? DCSS_HANDOVER_TRIES : 1,
                      DCSS_HANDOVER_WAIT_US);
}

/* Clear an SN/EN range: "no data saved" pages start as zeros */
static bool clear_nodata(ZvmDcssLoaded *l, const ZvmDcssRange *r,
                         uint64_t off, uint64_t len)
{
    return l->nonshared || !zvm_dcss_type_nodata(r->type) ||
           !fallocate(l->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                      off, len);
}

/*
 * Lock the ranges: exclusive types write-locked for this holder alone,
 * shared ones read-locked. Only a shared SN range is probed with a write
 * lock, to find its first holder, which clears it; a shared SR, SW or SC
 * range never is, so that loads of it by other guests never conflict.
 */
int zvm_dcss_lock_ranges(ZvmDcssLoaded *l, bool writable, bool excl_wait)
{
    for (unsigned int i = 0; i < l->def.nranges; i++) {
        const ZvmDcssRange *r = &l->def.range[i];
        const uint64_t off = r->start - zvm_dcss_start(&l->def);
        const uint64_t len = r->end - r->start + 1;

        if (zvm_dcss_type_exclusive(r->type)) {
            if (!writable) {
                return ZVM_DCSS_RC_PAGING_ERROR;
            }
            if (!zvm_dcss_lock_exclusive(l->fd, off, len, excl_wait)) {
                return ZVM_DCSS_RC_IN_USE;
            }
            if (!clear_nodata(l, r, off, len)) {
                return ZVM_DCSS_RC_PAGING_ERROR;
            }
            continue;
        }
        if (writable && !l->nonshared && zvm_dcss_type_nodata(r->type) &&
            !qemu_lock_fd(l->fd, off, len, true) &&
            !clear_nodata(l, r, off, len)) {
            return ZVM_DCSS_RC_PAGING_ERROR;
        }
        if (!read_lock_shared(l->fd, off, len)) {
            return ZVM_DCSS_RC_IN_USE;
        }
    }
    return take_slot(l->fd) < 0 ? ZVM_DCSS_RC_IN_USE : 0;
}
