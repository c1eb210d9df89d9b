# qemu-zvm: a thin wrapper around scripts/ and meson; see README.md.
#
#   make            build qemu-system-s390x with the qemu-zvm overlay on
#                   the newest QEMU series (QEMU_SERIES=10.0: on 10.0;
#                   QEMU_SRC=DIR, QEMU_TARBALL=FILE: on your own QEMU)
#   make run        boot a Debian s390x kernel into the demo and exit
#   make shell      the same guest with an interactive shell
#   make check      build what is missing and run every test
#   make check KERNEL=IMAGE MODULES=TREE [CONFIG=] [SCENARIO=]
#                   the guest suite against an own kernel (docs/own-kernel.rst)
#   make check-integration  virtme-ng and libvirt on the installed
#                   qemu-zvm (docs/integrations.rst)
#   make kernel [KERNEL_SRC=DIR] [EXTRA_CONFIG=FILE]  cross-build an s390x
#                   kernel for the suite (docs/kernel-dev.rst)
#   make mutants [MUTANTS=GLOB]  the mutation campaign on that kernel
#   make cross-kvm  qemu-system-s390x for an s390x host with KVM (compiles
#                   the KVM side of the hook patches; runs nowhere here)
#   make repro [SCENARIO=name]  DCSS overlap scenario catalogue
#   make bench      benchmarks (DCSS load time and sharing)
#   make bench-scale [N=32]  N guests sharing one segment, against the
#                   files copied into each (docs/performance.rst)
#   make fuzz [N=] [SEED=]  the guest-side fuzzer, a new seed unless given
#   make sanitize   ASan/UBSan build, bare-metal tests and a fuzz on it
#   make coverage   gcov build, make check on it, gcovr report of our C
#                   (build/coverage/)
#   make qemu-check  QEMU's own check-unit, check-qtest-s390x and s390x TCG
#                   tests on this build, our options off and on, compared
#                   test by test with unpatched QEMU (docs/reliability.rst)
#   make series [QEMU_SRC=DIR] [SIGNOFF="Name <mail>"]  the changes to QEMU
#                   as a git format-patch series against QEMU, the fixes
#                   first (build/series/, docs/upstream.rst); make
#                   series-check also proves it (checkpatch, the fixes'
#                   qtests, every prefix builds, check-qtest-s390x)
#   make stress [STRESS_SECONDS=60]  4 QEMUs on one store, loads and purges
#   make assets     resolve, fetch and unpack the guest assets (the lock)
#   make assets-update  move the lock to the newest served packages
#   make install [PREFIX=/usr/local] [DESTDIR=]  qemu-zvm-system-s390x,
#                   its firmware, mkdcss, mkdcss-fs, man page and docs
#                   (docs/integrations.rst); make uninstall removes them
#   make clean      remove build/ (downloads in ~/.cache/qemu-zvm are kept)

SHELL := /bin/bash
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(TOP)/build
export BUILD
ZVM_ASSETS ?= $(BUILD)/assets
export ZVM_ASSETS
# downloads (guest packages, QEMU source, apt lists), shared by all clones
CACHE = $(or $(ZVM_CACHE),$(or $(XDG_CACHE_HOME),$(HOME)/.cache)/qemu-zvm)
MESON := /usr/bin/python3 -m mesonbuild.mesonmain

PREFIX ?= /usr/local
export PREFIX DESTDIR

.PHONY: all deps qemu qemu-check series series-check install uninstall kernel mutants cross-kvm assets assets-update fuzz sanitize coverage stress run shell check check-integration repro bench bench-scale patch-stats clean distclean

all: qemu

deps:
	@$(TOP)/scripts/install-deps.sh

qemu: deps
	@$(TOP)/scripts/build-qemu.sh

install: qemu
	@$(TOP)/scripts/install.sh install

uninstall:
	@$(TOP)/scripts/install.sh uninstall

assets: deps
	@$(TOP)/scripts/zvm-assets fetch

assets-update: deps
	@$(TOP)/scripts/zvm-assets update

run: qemu assets
	@$(TOP)/scripts/run-guest.sh demo

shell: qemu assets
	@$(TOP)/scripts/run-guest.sh shell

bench: qemu assets
	@$(TOP)/scripts/bench.sh

bench-scale: qemu assets
	@$(TOP)/scripts/bench-scale.sh

fuzz: qemu
	@$(TOP)/scripts/fuzz.sh

stress: qemu
	@top=$(TOP) build=$(BUILD); . $(TOP)/scripts/qemu-dirs.sh; \
	    cd $$qbuild && QTEST_QEMU_BINARY=./qemu-system-s390x \
	    ZVM_TOP=$(TOP) ZVM_PAYLOADS=$$qbuild/zvm/qtest/payloads \
	    ZVM_STRESS_SECONDS=$(or $(STRESS_SECONDS),60) \
	    zvm/qtest/zvm-dcss-test --tap -p /s390x/zvm/dcss/stress

coverage: deps assets
	@$(TOP)/scripts/coverage.sh

qemu-check: qemu
	@$(TOP)/scripts/qemu-check.sh

series: qemu
	@$(TOP)/scripts/series.sh generate

series-check: qemu
	@$(TOP)/scripts/series.sh check

sanitize: deps
	@$(TOP)/scripts/sanitize.sh

kernel: deps
	@$(TOP)/scripts/build-kernel.sh

mutants: qemu assets
	@$(TOP)/scripts/mutate-kernel.sh

cross-kvm: deps
	@$(TOP)/scripts/cross-kvm.sh

repro: qemu assets
	@$(TOP)/scripts/repro.sh $(SCENARIO)

check: qemu assets
	@$(TOP)/scripts/check.sh $(TESTS)

check-integration: qemu assets
	@$(TOP)/scripts/check.sh --setup integration --suite integration

patch-stats:
	@$(TOP)/scripts/patch-stats.sh

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(CACHE)
