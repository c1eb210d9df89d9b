/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-zvm: CP commands of the z/VM personality.
 *
 * A table of commands, each with its shortest abbreviation as in z/VM's
 * "CP Commands and Utilities Reference" (QUERY: Q, TERMINAL: TERM, ...).
 * Responses follow z/VM's formats where Linux parses them (QUERY CONSOLE
 * must carry "SUBCHANNEL =", QUERY TERMINAL "CONMODE"). Adding a command
 * is one function and one table line.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/units.h"
#include "hw/boards.h"
#include "hw/core/cpu.h"
#include "system/runstate.h"
#include "hw/s390x/css.h"
#include "cpu.h"
#include "zvm.h"
#include "dcss.h"
#include "zvm-iucv.h"
#include "qapi/error.h"
#include "trace.h"

/* Handlers return the CP return code and append the response to @out. */
typedef int (*ZvmCpHandler)(ZvmPersonality *zvm, char **args, GString *out);

typedef struct ZvmCpCommand {
    const char *name;       /* full name, upper case */
    int minlen;             /* shortest accepted abbreviation */
    ZvmCpHandler fn;
    bool subcommands;       /* fn dispatches to a table, which counts */
} ZvmCpCommand;

#define CP_RC_UNKNOWN_COMMAND   1
#define CP_RC_INVALID_OPTION    3
#define CP_RC_MISSING_OPERAND   26

static const ZvmCpCommand *cp_lookup(const ZvmCpCommand *table,
                                     const char *word)
{
    const size_t len = strlen(word);

    for (const ZvmCpCommand *c = table; c->name; c++) {
        if (len >= c->minlen && len <= strlen(c->name) &&
            !strncmp(c->name, word, len)) {
            return c;
        }
    }
    return NULL;
}

int zvm_cp_invalid_option(GString *out, const char *msgid, const char *opt)
{
    g_string_append_printf(out, "%s003E Invalid option - %s\n", msgid, opt);
    return CP_RC_INVALID_OPTION;
}

int zvm_cp_missing_operand(GString *out, const char *msgid)
{
    g_string_append_printf(out, "%s026E Operand missing or invalid\n", msgid);
    return CP_RC_MISSING_OPERAND;
}

/* Run @args[0] from @table, counting it as "@prefix NAME". */
static int cp_dispatch(ZvmPersonality *zvm, const ZvmCpCommand *table,
                       const char *prefix, const char *msgid, char **args,
                       GString *out);

static void cp_size(GString *out, uint64_t bytes)
{
    if (bytes && !(bytes % GiB)) {
        g_string_append_printf(out, "%" PRIu64 "G", bytes / GiB);
    } else {
        g_string_append_printf(out, "%" PRIu64 "M", bytes / MiB);
    }
}

/* QUERY ... */

/*
 * The subchannel of the virtual console, 0009. QEMU has no 3215 device:
 * the number is one that no device has (the highest free one), so that
 * Linux, which drives the subchannel CP names as its 3215 console, finds
 * none there (and uses the SCLP console with conmode=sclp) instead of
 * writing 3215 channel programs to another device, a virtio device at
 * subchannel 0 of the default machine, and waiting for them for ever.
 */
static unsigned console_subchannel(void)
{
    unsigned sch = 0xffff;

    while (sch && css_find_subch(0, 0, 0, sch)) {
        sch--;
    }
    return sch;
}

static int cp_query_console(ZvmPersonality *zvm, char **args, GString *out)
{
    g_string_append_printf(out,
        "CONS 0009 ON LDEV L0004   TERM START\n"
        "     0009 CL T NOCONT NOHOLD COPY 001    READY FORM STANDARD\n"
        "     0009 TO %-8s DIST OFF   FLASHC 000 DEST OFF\n"
        "     0009 FLASH       CHAR       MDFY       0 FCB\n"
        "     0009 %s NOEOF OPEN 0000 NOKEEP NOMSG NONAME\n"
        "     0009 SUBCHANNEL = %04X\n", zvm->userid, zvm->conmode,
        console_subchannel());
    return 0;
}

static int cp_query_terminal(ZvmPersonality *zvm, char **args, GString *out)
{
    g_string_append_printf(out,
        "LINEND #, LINEDEL OFF, CHARDEL OFF, ESCAPE OFF, TABCHAR OFF\n"
        "LINESIZE 080, ATTN OFF, APL OFF, TEXT OFF, MODE VM, HILIGHT OFF\n"
        "CONMODE %s, BREAKIN IMMED, BRKKEY PA1, SCROLL CONT\n"
        "CPCONIO OFF, VMCONIO OFF, MORE 050 010, HOLD ON, AUTOCR ON\n",
        zvm->conmode);
    return 0;
}

static int cp_query_userid(ZvmPersonality *zvm, char **args, GString *out)
{
    g_string_append_printf(out, "%-8s AT QEMUZVM\n", zvm->userid);
    return 0;
}

static int cp_query_cplevel(ZvmPersonality *zvm, char **args, GString *out)
{
    unsigned v = 0, r = 0, m = 0;

    sscanf(zvm->cplevel, "%u.%u.%u", &v, &r, &m);
    g_string_append_printf(out,
        "z/VM Version %u Release %u.%u, service level 0000 (64-bit)\n"
        "Generated at 01/01/25 00:00:00 UTC\n"
        "IPL at 01/01/25 00:00:00 UTC\n", v, r, m);
    return 0;
}

static int cp_query_storage(ZvmPersonality *zvm, char **args, GString *out)
{
    g_string_append(out, "STORAGE = ");
    cp_size(out, current_machine->ram_size);
    g_string_append(out, "\n");
    return 0;
}

static int cp_query_cpus(ZvmPersonality *zvm, char **args, GString *out)
{
    CPUState *cs;

    CPU_FOREACH(cs) {
        g_string_append_printf(out, "CPU %02X  ID  FF%02X000000008561 %s CP"
                               "   CPUAFF ON\n", cs->cpu_index,
                               cs->cpu_index,
                               cs->cpu_index ? "      " : "(BASE)");
    }
    return 0;
}

static const ZvmCpCommand cp_query_virtual_table[] = {
    { "STORAGE", 4, cp_query_storage },
    { "CPUS", 3, cp_query_cpus },
    { NULL }
};

static int cp_query_virtual(ZvmPersonality *zvm, char **args, GString *out)
{
    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPQVI");
    }
    return cp_dispatch(zvm, cp_query_virtual_table, "QUERY VIRTUAL",
                       "HCPQVI", args, out);
}

static const ZvmCpCommand cp_query_table[] = {
    { "CONSOLE", 4, cp_query_console },
    { "TERMINAL", 4, cp_query_terminal },
    { "USERID", 6, cp_query_userid },
    { "CPLEVEL", 5, cp_query_cplevel },
    { "CPUS", 4, cp_query_cpus },
    { "STORAGE", 4, cp_query_storage },
    { "VIRTUAL", 1, cp_query_virtual, true },
    { "NSS", 3, zvm_dcss_cp_query_nss },
    { NULL }
};

static int cp_query(ZvmPersonality *zvm, char **args, GString *out)
{
    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPCQU");
    }
    return cp_dispatch(zvm, cp_query_table, "QUERY", "HCPCQU", args, out);
}

/* TERMINAL ... */

static int cp_terminal_conmode(ZvmPersonality *zvm, char **args, GString *out)
{
    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPTRM");
    }
    if (strcmp(args[0], "3215") && strcmp(args[0], "3270")) {
        return zvm_cp_invalid_option(out, "HCPTRM", args[0]);
    }
    g_free(zvm->conmode);
    zvm->conmode = g_strdup(args[0]);
    return 0;
}

static int cp_terminal_onoff(ZvmPersonality *zvm, char **args, GString *out)
{
    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPTRM");
    }
    if (strcmp(args[0], "ON") && strcmp(args[0], "OFF")) {
        return zvm_cp_invalid_option(out, "HCPTRM", args[0]);
    }
    return 0;
}

static const ZvmCpCommand cp_terminal_table[] = {
    { "CONMODE", 3, cp_terminal_conmode },
    { "AUTOCR", 6, cp_terminal_onoff },
    { "HOLD", 4, cp_terminal_onoff },
    { "MORE", 4, cp_terminal_onoff },
    { NULL }
};

static int cp_terminal(ZvmPersonality *zvm, char **args, GString *out)
{
    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPTRM");
    }
    return cp_dispatch(zvm, cp_terminal_table, "TERMINAL", "HCPTRM", args,
                       out);
}

/* SET ... */

/* special messages: refused (OFF), accepted (ON), to *MSG (IUCV) */
static int cp_set_smsg(ZvmPersonality *zvm, char **args, GString *out)
{
    static const char *const modes[] = { "OFF", "ON", "IUCV", NULL };

    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPSET");
    }
    for (int i = 0; modes[i]; i++) {
        if (!strcmp(args[0], modes[i])) {
            zvm->iucv->smsg = i;
            return 0;
        }
    }
    return zvm_cp_invalid_option(out, "HCPSET", args[0]);
}

static const ZvmCpCommand cp_set_table[] = {
    { "SMSG", 4, cp_set_smsg },
    { NULL }
};

static int cp_set(ZvmPersonality *zvm, char **args, GString *out)
{
    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPSET");
    }
    return cp_dispatch(zvm, cp_set_table, "SET", "HCPSET", args, out);
}

/* PURGE ... */

static const ZvmCpCommand cp_purge_table[] = {
    { "NSS", 3, zvm_dcss_cp_purge_nss },
    { NULL }
};

static int cp_purge(ZvmPersonality *zvm, char **args, GString *out)
{
    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPCSP");
    }
    return cp_dispatch(zvm, cp_purge_table, "PURGE", "HCPCSP", args, out);
}

/* LOGOFF, IPL, SYSTEM ...: the virtual machine's own state */

static int cp_logoff(ZvmPersonality *zvm, char **args, GString *out)
{
    /* the virtual machine ends: QEMU shuts down as on a guest power off */
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
    return 0;
}

static int cp_ipl(ZvmPersonality *zvm, char **args, GString *out)
{
    /* the machine IPLs again from the device it was IPLed from */
    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPCIP");
    }
    qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    return 0;
}

static int cp_system_reset(ZvmPersonality *zvm, char **args, GString *out)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
    return 0;
}

static int cp_system_restart(ZvmPersonality *zvm, char **args, GString *out)
{
    /* a restart interruption on the base CPU, as the PSW RESTART key */
    s390_cpu_restart(S390_CPU(qemu_get_cpu(0)));
    return 0;
}

static const ZvmCpCommand cp_system_table[] = {
    { "RESET", 5, cp_system_reset },
    { "CLEAR", 5, cp_system_reset },
    { "RESTART", 7, cp_system_restart },
    { NULL }
};

static int cp_system(ZvmPersonality *zvm, char **args, GString *out)
{
    if (!args[0]) {
        return zvm_cp_missing_operand(out, "HCPSYS");
    }
    return cp_dispatch(zvm, cp_system_table, "SYSTEM", "HCPSYS", args, out);
}

/*
 * SMSG userid text: a special message, to this virtual machine ("*" or
 * its user ID; its text as typed) or to another, which is not logged on
 */
static int cp_smsg(ZvmPersonality *zvm, char **args, GString *out)
{
    const char *text = zvm->cp_line;
    g_autoptr(Error) err = NULL;
    int rc;

    if (!args[0] || !args[1]) {
        return zvm_cp_missing_operand(out, "HCPMSG");
    }
    if (strcmp(args[0], "*") && strcmp(args[0], zvm->userid)) {
        g_string_append_printf(out, "HCPMSG045E %s not logged on\n",
                               args[0]);
        return 45;
    }
    /* the text after the second word, case kept */
    for (int w = 0; w < 2; w++) {
        text += strspn(text, " ");
        text += strcspn(text, " ");
    }
    text += strspn(text, " ");
    rc = zvm_iucv_smsg(zvm->iucv, zvm->userid, text, &err);
    if (rc) {
        g_string_append_printf(out, "%s\n", error_get_pretty(err));
    }
    return rc;
}

static const ZvmCpCommand cp_table[] = {
    { "QUERY", 1, cp_query, true },
    { "TERMINAL", 4, cp_terminal, true },
    { "SET", 3, cp_set, true },
    { "DEFSEG", 6, zvm_dcss_cp_defseg },
    { "SAVESEG", 7, zvm_dcss_cp_saveseg },
    { "PURGE", 3, cp_purge, true },
    { "LOGOFF", 3, cp_logoff },
    { "LOGOUT", 6, cp_logoff },
    { "IPL", 3, cp_ipl },
    { "SYSTEM", 3, cp_system, true },
    { "SMSG", 2, cp_smsg },
    { NULL }
};

static void cp_count(ZvmPersonality *zvm, const char *name)
{
    gpointer n = g_hash_table_lookup(zvm->cp_counts, name);

    g_hash_table_replace(zvm->cp_counts, g_strdup(name),
                         GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
}

static int cp_dispatch(ZvmPersonality *zvm, const ZvmCpCommand *table,
                       const char *prefix, const char *msgid, char **args,
                       GString *out)
{
    const ZvmCpCommand *c = cp_lookup(table, args[0]);
    g_autofree char *name = NULL;

    if (!c) {
        if (prefix) {
            cp_count(zvm, prefix);
            return zvm_cp_invalid_option(out, msgid, args[0]);
        }
        cp_count(zvm, "unknown");
        g_string_append_printf(out, "HCPCMD001E Unknown CP command: %s\n",
                               args[0]);
        return CP_RC_UNKNOWN_COMMAND;
    }
    name = prefix ? g_strdup_printf("%s %s", prefix, c->name)
                  : g_strdup(c->name);
    /* subcommand tables count themselves */
    if (!c->subcommands) {
        cp_count(zvm, name);
    }
    return c->fn(zvm, args + 1, out);
}

int zvm_cp_execute(ZvmPersonality *zvm, const char *cmd, GString *out)
{
    g_autofree char *upper = g_ascii_strup(cmd, -1);
    g_auto(GStrv) words = NULL;
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    int rc;

    /* CP folds commands to upper case and separates operands by blanks */
    words = g_strsplit(upper, " ", -1);
    for (int i = 0; words[i]; i++) {
        if (*words[i]) {
            g_ptr_array_add(args, words[i]);
        }
    }
    g_ptr_array_add(args, NULL);
    if (!args->pdata[0]) {
        return 0;
    }
    zvm->cp_line = cmd;
    rc = cp_dispatch(zvm, cp_table, NULL, NULL, (char **)args->pdata, out);
    zvm->cp_line = NULL;
    trace_zvm_cp_command(cmd, rc, out->len);
    return rc;
}
