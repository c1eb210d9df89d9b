# SPDX-License-Identifier: GPL-2.0-or-later
# The models of qemu-zvm as one patch per concept (scripts/series-split.py,
# docs/upstream.rst). Paths and text are those of the QEMU tree the
# series makes (after scripts/series-layout.py).
#
# PATCHES: in series order, each with its commit message (a file beside
# this one) and the new files it brings. FRAGMENTS: the parts of files
# that a later patch than the file's own (or, for QEMU's files, than the
# first model patch) brings. A fragment is found by its first lines (all
# of them, exactly, once in the file) and ends at the first line equal to
# `last` from there on (or where `last` says); `head` takes the lines
# directly above it too (a comment, its defines); `instead` is what the
# earlier patches have in its place; `within` looks for it only in the
# function that begins with that line.

PATCHES = [
    ("personality", "model-personality.txt", [
        "hw/s390x/zvm.c", "include/hw/s390x/zvm.h",
        "hw/s390x/zvm-machine.c", "include/hw/s390x/zvm-machine.h",
        "target/s390x/zvm-cpu.c", "docs/system/s390x/zvm.rst",
        "tests/qtest/zvm-machine-test.c"]),
    ("cp", "model-cp.txt", [
        "hw/s390x/zvm-cp.c", "hw/s390x/zvm-ebcdic.c",
        "include/hw/s390x/zvm-ebcdic.h", "target/s390x/zvm-cpu.h",
        "tests/unit/test-zvm-ebcdic.c", "tests/qtest/zvm-diag-test.c",
        "tests/qtest/s390x-zvm-bare.*", "tests/qtest/s390x-zvm/*"]),
    ("watchdog", "model-watchdog.txt", [
        "target/s390x/zvm-wdt.c", "tests/qtest/zvm-wdt-test.c"]),
    ("cmm", "model-cmm.txt", [
        "target/s390x/zvm-cmm.c", "tests/qtest/zvm-cmm-test.c"]),
    ("hypfs", "model-hypfs.txt", [
        "target/s390x/zvm-hypfs.c", "tests/qtest/zvm-hypfs-test.c"]),
    ("appldata", "model-appldata.txt", [
        "hw/s390x/zvm-appldata.c", "include/hw/s390x/zvm-appldata.h",
        "target/s390x/zvm-appldata.c", "tests/qtest/zvm-appldata-test.c"]),
    ("iucv", "model-iucv.txt", [
        "hw/s390x/zvm-iucv.c", "include/hw/s390x/zvm-iucv.h",
        "target/s390x/zvm-iucv.c"]),
    ("standby", "model-standby.txt", [
        "hw/s390x/standby.c", "include/hw/s390x/standby.h", "qapi/zvm.json",
        "tests/qtest/zvm-standby-test.c", "tests/qtest/zvm-pfmf-test.c"]),
    ("dcss", "model-dcss.txt", [
        "hw/s390x/dcss*.c", "include/hw/s390x/dcss*.h",
        "target/s390x/dcss-diag.c", "scripts/mkdcss",
        "tests/qtest/zvm-dcss-test.c", "tests/unit/test-zvm-dcss-def.c"]),
    ("monsvc", "model-monsvc.txt", [
        "hw/s390x/zvm-monsvc.c", "include/hw/s390x/zvm-monsvc.h"]),
    ("monitor", "model-monitor.txt", [
        "hw/s390x/zvm-monitor.c", "include/hw/s390x/zvm-monitor.h",
        "hw/s390x/zvm-hmp-commands-info.h.inc"]),
    ("fault", "model-fault.txt", [
        "hw/s390x/zvm-fault.c", "include/hw/s390x/zvm-fault.h",
        "hw/s390x/zvm-hmp-commands.h.inc"]),
    ("defaults", "model-defaults.txt", []),
]


class Frag:
    def __init__(self, patch, path, first, last=None, instead=None,
                 head=False, within=None):
        self.patch, self.path, self.first = patch, path, first
        self.last, self.instead, self.head = last, instead, head
        self.within = within


FRAGMENTS = []


def frag(patch, path, first, last=None, instead=None, head=False,
         within=None):
    FRAGMENTS.append(Frag(patch, path, first, last, instead, head, within))


def lines(patch, path, *firsts, within=None):
    """whole lines (or runs of lines), each as it is"""
    for f in firsts:
        frag(patch, path, f, within=within)


def func(patch, path, sig, head=True, instead=None):
    """a function from its first line to its closing brace, with the
    comment above it"""
    frag(patch, path, sig, "}", instead=instead, head=head)


def qtest(patch, path, fn, add):
    """a test function and the line that adds it"""
    func(patch, path, f"static void {fn}(void)")
    lines(patch, path, add)


def qapi_end(lines_, b):
    """the end of a QAPI definition: its '{' line on, the line ending '}'"""
    i = b
    while not lines_[i].startswith("{ '"):
        i += 1
    while not lines_[i].rstrip().endswith("}"):
        i += 1
    return i


def qapi(patch, *names):
    for n in names:
        frag(patch, "qapi/zvm.json", f"##\n# @{n}:", qapi_end)


def inc(path):
    return f'#include "{path}"'


# --- QEMU's own files: each line where its model comes ---------------

M = "hw/s390x/meson.build"
lines("cp", M, "  'zvm-cp.c',", "  'zvm-ebcdic.c',")
lines("standby", M, "  'standby.c',")
lines("dcss", M, "  'dcss-cp.c',", "  'dcss-def.c',", "  'dcss-store.c',",
      "  'dcss.c',")
lines("monitor", M, "  'zvm-monitor.c',")
lines("fault", M, "  'zvm-fault.c',")
lines("dcss", "target/s390x/meson.build", "  'dcss-diag.c',")
lines("watchdog", "target/s390x/meson.build", "  'zvm-wdt.c',")
lines("cmm", "target/s390x/meson.build", "  'zvm-cmm.c',")
# a range that ends in a loaded segment needs the segments (dcss patch)
qtest("dcss", "tests/qtest/zvm-cmm-test.c", "test_hole_and_segment",
      "    qtest_add_func(\"/zvm/cmm/hole-and-segment\", "
      "test_hole_and_segment);")
lines("hypfs", "target/s390x/meson.build", "  'zvm-hypfs.c',")
lines("appldata", "target/s390x/meson.build", "  'zvm-appldata.c',")
lines("appldata", M, "  'zvm-appldata.c',")
lines("iucv", M, "  'zvm-iucv.c',")
lines("iucv", "target/s390x/meson.build", "  'zvm-iucv.c',")
lines("monsvc", M, "  'zvm-monsvc.c',")

T = "hw/s390x/trace-events"
frag("cp", T, "\n# zvm-cp.c", "zvm_cp_command(const char *cmd, int rc, "
     "size_t len) \"cmd=\\\"%s\\\" rc=%d response_len=%zu\"")
lines("iucv", T, "zvm_iucv(int cpu, uint64_t fn, int cc, uint8_t iprcode) "
      "\"cpu=%d fn=%\" PRIu64 \" cc=%d iprcode=0x%x\"")
frag("iucv", T, "\n# zvm-iucv.c", "zvm_iucv_smsg(const char *from, uint32_t "
     "msgid, uint32_t len) \"from=\\\"%s\\\" msgid=%u length=%u\"")
frag("monsvc", T, "\n# zvm-monsvc.c", "zvm_monsvc_reply(uint32_t msgid, "
     "uint32_t pending) \"msgid=%u pending=%u\"")
lines("cp", T, "zvm_diag_260(unsigned extents, unsigned stored) \"storage "
      "configuration: %u extents, %u stored\"")
frag("cmm", T, "\n# zvm-cmm.c", "zvm_diag_10(uint64_t first, uint64_t last, "
     "uint64_t released) \"release pages 0x%\" PRIx64 \"-0x%\" PRIx64 \": %\" "
     "PRIu64 \" bytes released\"")
frag("watchdog", T, "\n# zvm-wdt.c", "zvm_diag_288(uint64_t func, uint64_t "
     "timeout, const char *cmd) \"func=%\" PRIu64 \" timeout=%\" PRIu64 \" "
     "cmd=\\\"%s\\\"\"")
frag("hypfs", T, "\n# zvm-hypfs.c", "zvm_diag_2fc(const char *userid, uint64_t "
     "size, uint64_t need) \"userid=\\\"%s\\\" size=%\" PRIu64 \" need=%\" "
     "PRIu64")
frag("appldata", T, "\n# zvm-appldata.c", "zvm_diag_dc(uint8_t function, "
     "uint8_t record, uint64_t addr, uint32_t len, int rc) \"function=0x%x "
     "record=%u buffer=0x%\" PRIx64 \" length=%u rc=%d\"")
frag("dcss", T, "\n# dcss.c", "zvm_dcss_saveseg(const char *name, uint64_t start) "
     "\"name=%s start=0x%\" PRIx64")
frag("standby", T, "\n# standby.c", "s390_standby_reset(uint32_t assigned) "
     "\"assigned=%u\"")
frag("fault", T, "\n# zvm-fault.c", "zvm_fault_injected(uint32_t id, const "
     "char *target, uint32_t code, uint32_t remaining) \"fault %u: %s code "
     "0x%x answered, %u more\"")

Q = "tests/qtest/meson.build"
BARE_DEPS = ("['s390x-zvm-bare.c', meson.project_source_root() "
             "/ 'hw/s390x/zvm-ebcdic.c'],")
for p_, t_ in (("watchdog", "zvm-wdt-test"), ("cmm", "zvm-cmm-test"),
               ("hypfs", "zvm-hypfs-test"),
               ("appldata", "zvm-appldata-test")):
    lines(p_, Q, f"   '{t_}',", f"  '{t_}': " + BARE_DEPS)
lines("cp", Q, "   'zvm-diag-test',",
      "  'zvm-diag-test': ['s390x-zvm-bare.c', meson.project_source_root() "
      "/ 'hw/s390x/zvm-ebcdic.c'],")
lines("standby", Q, "   'zvm-standby-test',", "   'zvm-pfmf-test',",
      "  'zvm-standby-test': 300,",
      "  'zvm-standby-test': ['s390x-zvm-bare.c', meson.project_source_root() "
      "/ 'hw/s390x/zvm-ebcdic.c'],",
      "  'zvm-pfmf-test': ['s390x-zvm-bare.c', meson.project_source_root() "
      "/ 'hw/s390x/zvm-ebcdic.c'],")
lines("dcss", Q, "   'zvm-dcss-test',", "  'zvm-dcss-test': 300,",
      "  'zvm-dcss-test': ['s390x-zvm-bare.c', meson.project_source_root() "
      "/ 'hw/s390x/zvm-ebcdic.c'],",
      "  qtest_env.set('ZVM_TOP', meson.project_source_root())")

U = "tests/unit/meson.build"
frag("cp", U, "  if 's390x-softmmu' in target_dirs", "  endif")
lines("dcss", U, "      'test-zvm-dcss-def': [meson.project_source_root() / "
      "'hw/s390x/dcss-def.c'],")

MA = "MAINTAINERS"
lines("cp", MA, "F: tests/qtest/s390x-zvm*", "F: tests/unit/test-zvm-*")
lines("standby", MA, "F: hw/s390x/standby.c", "F: include/hw/s390x/standby.h",
      "F: qapi/zvm.json")
lines("dcss", MA, "F: hw/s390x/dcss*", "F: include/hw/s390x/dcss*",
      "F: target/s390x/dcss-diag.c", "F: scripts/mkdcss")

lines("standby", "qapi/meson.build", "qapi_all_modules += [ 'zvm' ]")
lines("standby", "qapi/qapi-schema.json", "{ 'include': 'zvm.json' }")
lines("standby", "monitor/monitor.c",
      "    [QAPI_EVENT_STANDBY_STORAGE_CHANGE] = { 1000 * SCALE_MS },")
frag("monitor", "hmp-commands-info.hx", "#if defined(TARGET_S390X)\n"
     + inc("hw/s390x/zvm-hmp-commands-info.h.inc"), "#endif")
lines("monitor", "monitor/hmp-target.c", inc("hw/s390x/zvm-monitor.h"))
frag("fault", "hmp-commands.hx", "#if defined(TARGET_S390X)\n"
     + inc("hw/s390x/zvm-hmp-commands.h.inc"), "#endif")

# --- the personality --------------------------------------------------

H = "include/hw/s390x/zvm.h"
lines("cp", H, "#define ZVM_CP_COMMAND_MAX  240   /* longest DIAG X'08' command */")
frag("cp", H, "\n    /* Runtime state */",
     "    const char *cp_line;    /* the CP command executing, as given */")
frag("cp", H, "/*\n * Execute one CP command (ASCII, as the guest typed it) and "
     "append the", "GList *zvm_cp_command_names(ZvmPersonality *zvm);")

lines("watchdog", H, "    DeviceState *watchdog;  /* DIAGNOSE X'288', "
      "QEMU's diag288 device */")
lines("appldata", H, "    struct ZvmAppldata *appldata;   /* DIAGNOSE X'DC' */")
lines("iucv", H, "    struct ZvmIucv *iucv;           /* IUCV, *MSG */")
lines("monsvc", H, "    DeviceState *monsvc;            /* *MONITOR */")

C = "hw/s390x/zvm.c"
lines("watchdog", C, inc("hw/watchdog/wdt_diag288.h"))
lines("appldata", C, inc("hw/s390x/zvm-appldata.h"),
      "static void zvm_unrealize(DeviceState *dev);")
lines("iucv", C, inc("hw/s390x/zvm-iucv.h"))
func("watchdog", C, "static DeviceState *zvm_child(ZvmPersonality *zvm, "
     "const char *name,")
frag("watchdog", C, "    /* CP offers every virtual machine its watchdog "
     "(DIAGNOSE X'288') */", "    }")
frag("appldata", C, "    /* and its monitor (DIAGNOSE X'DC') */", "    }")
frag("iucv", C, "    /* and IUCV, with the system service *MSG */", "    }")
frag("iucv", C, "    if (zvm->iucv) {", "    }")
lines("monsvc", C, inc("hw/s390x/zvm-monsvc.h"))
frag("monsvc", C, "    /* and the system service *MONITOR, which hands out "
     "monitor records */", "    }")
frag("monsvc", C, "    if (zvm->monsvc) {", "    }")
DC = "hw/s390x/dcss.c"
func("monsvc", DC, "bool zvm_dcss_loaded_range(ZvmDcss *d, const char *name, "
     "int type,", head=False)
func("monsvc", DC, "bool zvm_dcss_cp_write(ZvmDcss *d, const char *name, "
     "uint64_t addr,", head=False)
frag("monsvc", "include/hw/s390x/dcss.h", "/*\n * Loaded segment @name (one "
     "page range) of @type: its first and last", "                       "
     "const void *buf, uint64_t len);")
frag("watchdog", C, "    if (zvm->watchdog) {", "    }")
frag("appldata", C, "    if (zvm->appldata) {", "    }")
func("cp", C, "static gint cmp_names(gconstpointer a, gconstpointer b, "
     "gpointer opaque)")
func("cp", C, "GList *zvm_cp_command_names(ZvmPersonality *zvm)")
lines("dcss", C, inc("hw/s390x/dcss-def.h"))
func("dcss", C, "bool zvm_userid_valid(const char *userid)", instead="""\
/* A CP user ID: 1 to 8 characters of A-Z, 0-9, @, #, $, _ and - */
bool zvm_userid_valid(const char *userid)
{
    const size_t len = strlen(userid);

    if (len < 1 || len > ZVM_USERID_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!g_ascii_isupper(userid[i]) && !g_ascii_isdigit(userid[i]) &&
            !strchr("@#$_-", userid[i])) {
            return false;
        }
    }
    return true;
}""")
func("cp", C, "static void zvm_get_counts(Object *obj, Visitor *v, "
     "const char *name,")
func("cp", C, "static void zvm_instance_init(Object *obj)")
func("cp", C, "static void zvm_unrealize(DeviceState *dev)")
func("cp", C, "static char *zvm_get_conmode(Object *obj, Error **errp)")
lines("cp", C, "    dc->unrealize = zvm_unrealize;",
      "    object_class_property_add_str(oc, \"conmode\", zvm_get_conmode, "
      "NULL);")
frag("cp", C, "    object_class_property_add(oc, \"cp-commands\", "
     "\"ZvmCpCounts\",",
     "            \"number of CP commands executed, by command\");")
func("cp", C, "static void zvm_finalize(Object *obj)")
lines("cp", C, "    .instance_init = zvm_instance_init,",
      "    .instance_finalize = zvm_finalize,")

ZM = "hw/s390x/zvm-machine.c"
lines("standby", ZM, " *   /machine/standby-storage  s390-standby-storage  "
      "standby-mem")
lines("dcss", ZM, " *   /machine/zvm-dcss         zvm-dcss              "
      "zvm-dcss-store,\n *                                                   "
      "zvm-dcss-overlap")
lines("dcss", ZM, inc("hw/s390x/dcss.h"), inc("hw/s390x/dcss-internal.h"))
lines("standby", ZM, inc("hw/s390x/standby.h"))
frag("standby", ZM, "    }, {\n        .name = S390_STANDBY_MEM_PROP, "
     ".type = \"size\",", "                \"of 256 MiB, as is -m then\",")
frag("dcss", ZM, "    }, {\n        .name = ZVM_DCSS_STORE_PROP, "
     ".type = \"str\",", "                \"purged)\",")
lines("standby", ZM, "        { S390_STANDBY_CHILD, TYPE_S390_STANDBY },")
lines("dcss", ZM, "        { ZVM_DCSS_CHILD, TYPE_ZVM_DCSS },")
DCSS_DECL = ("    ZvmDcss *d = ZVM_DCSS(\n"
             "        object_resolve_path_component(machine, ZVM_DCSS_CHILD));")
frag("dcss", ZM, DCSS_DECL + "\n", DCSS_DECL.split("\n")[1])
frag("dcss", ZM, "    if (d->store) {", "    }")
lines("standby", ZM, "    S390Standby *s = S390_STANDBY(\n"
      "        object_resolve_path_component(machine, S390_STANDBY_CHILD));")
frag("dcss", ZM, DCSS_DECL + "\n    /* the models, in the order of realize */",
     DCSS_DECL.split("\n")[1])
lines("standby", ZM, "        OBJECT(s),", "    models[1] = s->size ? DEVICE(s) : NULL;")
lines("dcss", ZM, "        OBJECT(d),", "    models[2] = zvm->enabled ? DEVICE(d) : NULL;")
frag("standby", ZM, "    /* standby storage lies directly above boot storage */\n"
     "    s->base = ram_end;", "    end += s->size;")
lines("dcss", ZM, "    .storage_end = zvm_dcss_storage_end,")
lines("standby", ZM, "    .sclp_handles = s390_standby_sclp_handles,",
      "    .sclp_execute = s390_standby_sclp_execute,",
      "    .sclp_read_scp_info = s390_standby_read_scp_info,")
# QEMU_ZVM_DEFAULTS
lines("defaults", ZM, inc("qobject/qdict.h"), inc("qobject/qstring.h"),
      inc("qemu/error-report.h"), inc("qemu/keyval.h"), inc("system/tcg.h"))
frag("defaults", ZM, "/*\n * QEMU_ZVM_DEFAULTS: defaults for the options above, "
     "as -machine takes", "static bool applying_env;")
lines("defaults", ZM,
      "    option_from_env[o - machine_options] = applying_env;",
      "    const char *env = g_getenv(ZVM_DEFAULTS_ENV);",
      "    if (env && *env) {\n        apply_env_defaults(machine, env);\n    }",
      "    fit_env_defaults(ram_end, zvm, s, d);")
func("defaults", ZM, "static const ZvmMachineOption *find_option(const char "
     "*name)")
func("defaults", ZM, "static void apply_env_defaults(Object *machine, const "
     "char *env)")
func("defaults", ZM, "static bool option_is_env_default(const char *name)")
func("defaults", ZM, "static void fit_env_defaults(uint64_t ram_end, "
     "ZvmPersonality *zvm,")

# --- the CPU side -----------------------------------------------------

Z = "target/s390x/zvm-cpu.c"
lines("cp", Z, inc("exec/target_page.h"), inc("hw/s390x/zvm-ebcdic.h"),
      inc("hw/s390x/trace.h"), inc("zvm-cpu.h"))
lines("dcss", Z, inc("hw/s390x/dcss.h"))
lines("standby", Z, inc("hw/s390x/standby.h"))
frag("cp", Z, "/* DIAGNOSE X'08' Ry flag: Rx+1/Ry+1 describe a response "
     "buffer */", "#define DIAG8_LEN_MASK  0x00ffffffULL")
func("cp", Z, "bool zvm_real_rw(S390CPU *cpu, uint64_t raddr, void *buf,")
func("cp", Z, "static void zvm_diag_08(S390CPU *cpu, uint8_t rx, uint8_t ry, "
     "uintptr_t ra)")
frag("cp", Z, "/*\n * DIAGNOSE X'260' subcode X'10' (storage configuration): "
     "Rx/Rx+1 (an", "#define DIAG260_STORAGE_CONFIGURATION 0x10")
func("cp", Z, "static void zvm_diag_260(S390CPU *cpu, uint8_t rx, uint8_t ry, "
     "uintptr_t ra)")
lines("standby", Z, "    S390Standby *sb = s390_standby();")
frag("standby", Z, "    for (int32_t i = 0; sb && i < sb->nr_incs; i++) {",
     "    }")
frag("cp", Z, "/*\n * DIAGNOSE codes of the personality, each registered by "
     "the file that", "static size_t zvm_nr_diags;")
func("cp", Z, "void zvm_register_diag(uint16_t code, ZvmDiagHandler fn)",
     head=False)
func("cp", Z, "static bool zvm_diag(S390CPU *cpu, uint16_t code, uint8_t rx, "
     "uint8_t ry,", head=False)
lines("cp", Z, "    zvm_register_diag(0x008, zvm_diag_08);",
      "    zvm_register_diag(0x260, zvm_diag_260);")
lines("cp", Z, "    .diag = zvm_diag,")
lines("iucv", Z, "    .iucv = zvm_iucv_insn,", "    .ext_int = zvm_iucv_ext_int,")
frag("iucv", "target/s390x/zvm-cpu.h", "/* IUCV (zvm-iucv.c): the instruction, "
     "the external interruptions */", "bool zvm_iucv_ext_int(S390CPU *cpu, "
     "LowCore *lowcore);")
lines("dcss", Z, "    .store_protected = zvm_dcss_store_protected,")


# --- CP commands of the segments --------------------------------------

CP = "hw/s390x/zvm-cp.c"
lines("dcss", CP, inc("hw/s390x/dcss.h"),
      "    { \"NSS\", 3, zvm_dcss_cp_query_nss },",
      "    { \"DEFSEG\", 6, zvm_dcss_cp_defseg },",
      "    { \"SAVESEG\", 7, zvm_dcss_cp_saveseg },",
      "    { \"PURGE\", 3, cp_purge, true },")
frag("dcss", CP, "/* PURGE ... */", "}")

# --- standby storage and segments: fault injection --------------------

S = "hw/s390x/standby.c"
lines("fault", S, inc("hw/s390x/zvm-fault.h"))
lines("fault", S, "    const AssignStorage *req = (const AssignStorage *)sccb;\n"
      "    uint16_t response;\n    uint32_t rn = 0;")
frag("fault", S, "    /* an injected fault (zvm-inject-fault) answers instead */",
     "        rn = be16_to_cpu(req->rn);")
lines("fault", S, "    }\n    if (zvm_fault_sclp(code, rn, &response)) {\n"
      "        set_rc(sccb, response);\n        return;\n    }")

DD = "target/s390x/dcss-diag.c"
lines("fault", DD, inc("hw/s390x/zvm-fault.h"))
func("fault", DD, "static bool injected(S390CPU *cpu, uint8_t ry, uint32_t "
     "subcode,")
frag("fault", DD, "    if (injected(cpu, ry, wide ? DIAG64_SEGEXTX : "
     "DIAG64_SEGEXT, name)) {", "    }")
frag("fault", DD, "    if (!read_name(cpu, rx, name, ra) || injected(cpu, ry, "
     "subcode, name)) {", instead="    if (!read_name(cpu, rx, name, ra)) {")

# --- the schema -------------------------------------------------------

qapi("dcss", "ZvmDcssPageType", "ZvmDcssRangeInfo", "ZvmDcssInfo",
     "query-zvm-dcss", "ZVM_DCSS_STATE_CHANGE")
qapi("monitor", "ZvmCpCommandCount", "ZvmInfo", "query-zvm")
qapi("fault", "zvm-smsg")
qapi("fault", "ZvmFaultTarget", "ZvmFault", "zvm-inject-fault",
     "query-zvm-faults", "zvm-clear-faults")

lines("fault", "include/hw/s390x/zvm-monitor.h",
      "void hmp_zvm_fault(Monitor *mon, const QDict *qdict);")

# --- the tests ---------------------------------------------------------

MT = "tests/qtest/zvm-machine-test.c"
E = "static void test_errors(void)"
lines("dcss", MT, "    g_autofree char *dir = NULL, *def = NULL, *opts = NULL;\n",
      within=E)
frag("dcss", MT, "    expect_startup_error(\",zvm-dcss-store=/tmp\",",
     "                         \"(zvm=on)\");", within=E)
frag("dcss", MT, "    expect_startup_error(\",zvm=on,zvm-dcss-store=/nonexistent/store\",",
     "                         \"'zvm-dcss-store': cannot open segment store\");",
     within=E)
frag("dcss", MT, "    /* the personality and standby storage, realized, are "
     "unrealized */", "                         \"'zvm-dcss-store': cannot open "
     "segment store\");", within=E)
frag("dcss", MT, "    /* a store whose contents are not valid is refused naming "
     "the option */", "    g_assert_cmpint(rmdir(dir), ==, 0);", within=E)
frag("standby", MT, "    expect_startup_error(\",standby-mem=lots\",",
     "                         \"Parameter 'standby-mem' expects size\");",
     within=E)
frag("dcss", MT, "    expect_startup_error(\",zvm=on,zvm-dcss-overlap=sometimes\",",
     "                         \"'sometimes'\");", within=E)
lines("dcss", MT, "    expect_startup_error(\" -device zvm-dcss\", \"zvm-dcss\");",
      within=E)
frag("standby", MT, "    expect_startup_error(\" -device s390-standby-storage\",",
     "                         \"s390-standby-storage\");", within=E)
func("standby", MT, "static int64_t standby_mem(QTestState *qts)")
qtest("dcss", MT, "test_all_models",
      "    qtest_add_func(\"/zvm/machine/all-models\", test_all_models);")
N = "static void test_no_models(void)"
lines("dcss", MT, "    g_autofree char *store = NULL, *overlap = NULL;\n",
      "    g_assert_false(has_child(qts, \"zvm-dcss\"));", within=N)
lines("standby", MT, "    g_assert_false(has_child(qts, \"standby-storage\"));",
      within=N)
frag("dcss", MT, "    store = qom_get_str(qts, \"/machine\", \"zvm-dcss-store\");",
     "    g_assert_cmpstr(overlap, ==, \"reject\");", within=N)
O = "static void test_one_model(void)"
lines("dcss", MT, "    g_assert_true(has_child(qts, \"zvm-dcss\"));",
      "    g_assert_false(has_child(qts, \"zvm-dcss\"));", within=O)
lines("standby", MT, "    g_assert_false(has_child(qts, \"standby-storage\"));",
      within=O)
frag("standby", MT, "\n    /* standby storage alone */", "    qtest_quit(qts);",
     within=O)
qtest("defaults", MT, "test_env_defaults",
      "    qtest_add_func(\"/zvm/machine/env-defaults\", test_env_defaults);")
lines("standby", MT, "    g_assert_nonnull(strstr(out, \"standby-mem=<size>\"));",
      within="static void test_help(void)")
lines("dcss", MT, "    g_assert_nonnull(strstr(out, \"zvm-dcss-store=<str>\"));",
      "    g_assert_nonnull(strstr(out, \"zvm-dcss-overlap=<ZvmDcssOverlap>\"));",
      within="static void test_help(void)")

D = "tests/qtest/zvm-diag-test.c"
frag("iucv", D, "/*\n * IUCV answers as CP does for a user whose directory "
     "authorises no IUCV", "#define IUCV_BATCH  0x50000     /* the batch entry */")
func("iucv", D, "static void iucv(ZvmBare *b, uint64_t fn, uint64_t parms)",
     head=False)
qtest("iucv", D, "test_iucv", "    qtest_add_func(\"/zvm/iucv\", test_iucv);")
func("iucv", D, "static uint64_t model_count(ZvmBare *b, const char *model, "
     "const char *name)")
func("iucv", D, "static uint64_t iucv_count(ZvmBare *b, const char *name)",
     head=False)
func("iucv", D, "static int iucv_path(ZvmBare *b, uint64_t fn, uint16_t "
     "pathid, uint8_t flags)")
qtest("iucv", D, "test_iucv_msg",
      "    qtest_add_func(\"/zvm/iucv/msg\", test_iucv_msg);")
frag("monsvc", D, "/*\n * *MONITOR (hw/s390x/zvm-monsvc.c): CONNECT gives "
     "cc 0 and the service", "#define MON_BUF     0x21000")
for f_ in ("static uint64_t monitor_count(ZvmBare *b, const char *name)",
           "static bool monitor_connected(ZvmBare *b)",
           "static int monitor_connect(ZvmBare *b, uint8_t version, "
           "uint16_t msglim)",
           "static void monitor_appldata(ZvmBare *b, uint8_t fn, "
           "const char *data)",
           "static uint8_t monitor_set(ZvmBare *b, int slot, uint16_t "
           "record,"):
    func("monsvc", D, f_)
qtest("monsvc", D, "test_iucv_monitor",
      "    qtest_add_func(\"/zvm/iucv/monitor\", test_iucv_monitor);")
qtest("iucv", D, "test_iucv_migration",
      "    qtest_add_func(\"/zvm/iucv/migration\", test_iucv_migration);")
# zvm-smsg (QMP, HMP) comes with the other commands that act on the
# guest, in the fault patch, where the HMP command table begins
IU = "hw/s390x/zvm-iucv.c"
lines("fault", IU, inc("qapi/qapi-commands-zvm.h"), inc("monitor/monitor.h"),
      inc("monitor/hmp.h"), inc("qobject/qdict.h"),
      inc("hw/s390x/zvm-monitor.h"))
func("fault", IU, "void qmp_zvm_smsg(const char *from, const char *text, "
     "Error **errp)")
func("fault", IU, "void hmp_zvm_smsg(Monitor *mon, const QDict *qdict)",
     head=False)
lines("fault", "include/hw/s390x/zvm-monitor.h",
      "void hmp_zvm_smsg(Monitor *mon, const QDict *qdict);")
CPI = "hw/s390x/zvm-cp.c"
lines("iucv", CPI, inc("hw/s390x/zvm-iucv.h"), inc("qapi/error.h"),
      "    { \"SMSG\", 4, cp_set_smsg },", "    { \"SMSG\", 2, cp_smsg },")
func("iucv", CPI, "static int cp_set_smsg(ZvmPersonality *zvm, char **args, "
     "GString *out)")
func("iucv", CPI, "static int cp_smsg(ZvmPersonality *zvm, char **args, "
     "GString *out)")

ST = "tests/qtest/zvm-standby-test.c"
qtest("fault", ST, "test_fault_injection",
      "    qtest_add_func(\"/zvm/standby/fault-injection\", test_fault_injection);")
qtest("monitor", ST, "test_qmp_hmp",
      "    qtest_add_func(\"/zvm/standby/qmp-hmp\", test_qmp_hmp);")

PT = "tests/qtest/zvm-pfmf-test.c"
qtest("dcss", PT, "test_dcss", "    qtest_add_func(\"/zvm/pfmf/dcss\", test_dcss);")

DT = "tests/qtest/zvm-dcss-test.c"
func("fault", DT, "static QDict *inject(QTestState *qts, const char *args)")
func("fault", DT, "static void inject_error(QTestState *qts, const char *args, "
     "const char *msg)")
qtest("fault", DT, "test_fault_injection",
      "    qtest_add_func(\"/zvm/dcss/fault-injection\", test_fault_injection);")
func("fault", DT, "static void assert_hmp(QTestState *qts, const char *cmd, "
     "const char *expect)")
qtest("fault", DT, "test_fault_injection_hmp",
      "    qtest_add_func(\"/zvm/dcss/fault-injection-hmp\", "
      "test_fault_injection_hmp);")
Q2 = "static void test_qmp(void)"
lines("monitor", DT, "    g_autofree char *hmp = NULL;", within=Q2)
frag("monitor", DT, "    hmp = qtest_hmp(b->qts, \"info dcss\");",
     "    g_assert_nonnull(strstr(hmp, \"storage\"));", within=Q2)

R = "docs/system/s390x/zvm.rst"
frag("cp", R, "CP commands\n-----------", "X'10' reports the storage extents "
     "of the guest.")
frag("iucv", R, "IUCV\n----", "``SMSG IUCV``, which is how Linux's CMM takes "
     "its commands.")
frag("watchdog", R, "Watchdog\n--------", "creates; on expiry QEMU takes "
     "its ``-action watchdog=``.")
frag("cmm", R, "Released pages\n--------------", "read as zero when next "
     "touched.")
frag("hypfs", R, "Hypervisor data\n---------------", "``s390_hypfs`` and "
     "``hyptop`` read.")
frag("monsvc", R, "Monitor records\n---------------", "message tells "
     "where; the guest's REPLY frees the space.")
frag("appldata", R, "Application monitor data\n------------------------",
     "show them.")
frag("standby", R, "Standby storage\n---------------", "assigned migrates with "
     "the machine.")
frag("dcss", R, "Saved segments\n--------------", "standby increment online.")
frag("monitor", R, "Monitor\n-------", "storage.")
frag("fault", R, "Fault injection\n---------------", "must survive.")
frag("defaults", R, "Defaults from the environment\n"
     "-----------------------------", "and a default the machine cannot take "
     "is left out and said so.")
