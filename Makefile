# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# barebpf top-level Makefile.
#
#   make              build the loader, every BPF object, tool and test
#   make run_tests    build, then run every selftest (TAP) and summarise
#   make demo         a short tour of the tools
#   make checkpatch   the kernel's checkpatch.pl over every .c and .h
#   make bench        the benchmarks: Documentation/bench.rst, JSON
#   make bench-compare OLD=A.json NEW=B.json   what changed between two
#   make gcc_bpf      compile every BPF program with GCC's BPF back end too
#   make O=DIR        build out of tree (default: ./build)
#   make V=1          show the commands
#   make SANITIZE=1   build user space with ASan and UBSan
#   make KDIR=DIR     build inside a kernel tree: UAPI headers from
#                     DIR/usr/include (make headers_install there first),
#                     test harness from DIR/tools/testing/selftests
#
# Layout of the source tree (README.md says more):
#   loader/                   the loader, libbarebpf.a
#   bpf/                      headers the BPF programs share
#   samples/TOOL/             one tool: TOOL.bpf.c, TOOL_user.c (or TOOL.c),
#                             TOOL.h between the two, modules only it uses
#   samples/include/          headers both sides of several tools include
#   samples/lib/              user-space code several tools share
#   tools/testing/selftests/  the tests (kselftest), bench/, fuzz/, parity/
#
# Layout of the build directory:
#   $(O)/libbarebpf.a         the loader
#   $(O)/bpf/*.bpf.o          BPF objects of the tools; BPF_OUT=DIR
#                             puts them elsewhere
#   $(O)/bin/*                the tools (BPF object embedded in each);
#                             BIN_DIR=DIR puts them elsewhere
#   $(O)/selftests/*          test programs, progs/*.bpf.o beside them;
#                             SELFTEST_OUT=DIR puts them elsewhere (the
#                             kselftest Makefile does, and TEST_DIR=DIR
#                             for test sources outside this tree)

O ?= build
override O := $(abspath $(O))
BPF_OUT ?= $(O)/bpf
override BPF_OUT := $(abspath $(BPF_OUT))
BIN_DIR ?= $(O)/bin
override BIN_DIR := $(abspath $(BIN_DIR))
SELFTEST_OUT ?= $(O)/selftests
override SELFTEST_OUT := $(abspath $(SELFTEST_OUT))

CC ?= gcc
CLANG ?= clang
AR ?= ar

ifeq ($(V),1)
Q :=
msg :=
else
Q := @
msg = @printf '  %-8s %s\n' '$(1)' '$(patsubst $(O)/%,%,$(2))';
endif

MULTIARCH := $(shell $(CC) -dumpmachine)
SELFTESTS := tools/testing/selftests
TEST_DIR ?= $(SELFTESTS)/barebpf

# Inside a kernel tree the tree's own UAPI headers and kselftest harness
# are used instead of the system's and ours (scripts/kernel-tree-copy.sh).
ifneq ($(KDIR),)
override KDIR := $(abspath $(KDIR))
UAPI_INC := -isystem $(KDIR)/usr/include
# The kernel's harness is written for the selftests' -Wall, not -Wextra.
HARNESS_INC := -I$(KDIR)/tools/testing/selftests -Wno-sign-compare \
	       -Wno-unused-parameter
else
UAPI_INC :=
HARNESS_INC :=
endif

CFLAGS_COMMON := $(UAPI_INC) -O2 -g -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror \
		 -Wno-missing-field-initializers -Iloader -Isamples/lib \
		 -Isamples/include
ifeq ($(SANITIZE),1)
CFLAGS_COMMON += -fsanitize=address,undefined -fno-omit-frame-pointer \
		 -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
CFLAGS_USER := $(CFLAGS_COMMON) $(EXTRA_CFLAGS)
# libelf and zlib are linked in statically where their archives are
# installed (Debian's libelf-dev and zlib1g-dev ship them): the dynamic
# linker's share of every tool's start goes, some 0.5 ms on the VM the
# tools are measured on.
static_lib = $(filter /%,$(shell $(CC) -print-file-name=$(1)))
ifneq ($(and $(call static_lib,libelf.a),$(call static_lib,libz.a)),)
LDLIBS := -Wl,-Bstatic -lelf -lz -Wl,-Bdynamic -lpthread
else
LDLIBS := -lelf -lz -lpthread
endif

# BPF objects: UAPI headers only, BTF on, no -D__KERNEL__.
BPF_CFLAGS := -O2 -g -target bpf -mcpu=v3 -Wall -Werror \
	      -Wno-unused-function -Ibpf -Iloader -Isamples/include $(UAPI_INC) \
	      -idirafter /usr/include/$(MULTIARCH) $(EXTRA_BPF_CFLAGS)

LOADER_SRCS := $(wildcard loader/*.c)
LOADER_OBJS := $(patsubst %.c,$(O)/%.o,$(LOADER_SRCS))
LIB := $(O)/libbarebpf.a

COMMON_SRCS := $(wildcard samples/lib/*.c)
COMMON_OBJS := $(patsubst %.c,$(O)/%.o,$(COMMON_SRCS))
COMMON_LIB := $(O)/libsamples.a

# One folder per tool: samples/TOOL/ holds TOOL_user.c (or TOOL.c), its
# other modules, and TOOL.bpf.c if it has a BPF side.
TOOLS := $(filter-out include lib,$(notdir $(patsubst %/,%,\
	$(wildcard samples/*/))))
BPF_SRCS := $(wildcard $(foreach t,$(TOOLS),samples/$(t)/$(t).bpf.c))
BPF_OBJS := $(patsubst %.bpf.c,$(BPF_OUT)/%.bpf.o,$(notdir $(BPF_SRCS)))
SAMPLE_BINS := $(addprefix $(BIN_DIR)/,$(TOOLS))

TEST_SRCS := $(wildcard $(TEST_DIR)/test_*.c)
TEST_BINS := $(patsubst $(TEST_DIR)/%.c,$(SELFTEST_OUT)/%,$(TEST_SRCS))
TEST_PROG_SRCS := $(wildcard $(TEST_DIR)/progs/*.bpf.c)
TEST_PROG_OBJS := $(patsubst $(TEST_DIR)/progs/%.bpf.c,\
	$(SELFTEST_OUT)/progs/%.bpf.o,$(TEST_PROG_SRCS))
# CO-RE tests relocate against the BTF of progs/*_target.bpf.c as if it
# were another kernel's /sys/kernel/btf/vmlinux.
TEST_BTFS := $(patsubst $(TEST_DIR)/progs/%.bpf.c,$(SELFTEST_OUT)/progs/%.btf,\
	$(wildcard $(TEST_DIR)/progs/*_target.bpf.c))
# xdp_udp9.bpf.c once more, the way other build systems make objects:
# at -O2 without BTF and at -O1 with it (test_bpfobj.sh loads both).
FOREIGN_OBJS := $(SELFTEST_OUT)/progs/xdp_udp9.nobtf.o \
		$(SELFTEST_OUT)/progs/xdp_udp9.O1.o
LLVM_OBJCOPY ?= llvm-objcopy
TEST_SCRIPTS := $(wildcard $(TEST_DIR)/test_*.sh)
# Helper programs the tests run as workloads (no loader, no harness).
WORKLOAD_SRCS := $(wildcard $(TEST_DIR)/workloads/*.c)
WORKLOAD_BINS := $(patsubst $(TEST_DIR)/workloads/%.c,\
	$(SELFTEST_OUT)/workloads/%,$(WORKLOAD_SRCS))
HARNESS_SRCS := $(wildcard $(SELFTESTS)/harness/*.c)
HARNESS_BINS := $(patsubst $(SELFTESTS)/harness/%.c,$(SELFTEST_OUT)/harness/%,\
	$(HARNESS_SRCS))
HARNESS_TESTS := $(filter $(SELFTEST_OUT)/harness/test_%,$(HARNESS_BINS))

.DELETE_ON_ERROR:
.SECONDARY:
.PHONY: all clean deps run_tests demo bench bench-compare fuzz fuzz_build \
	kernel_tree_check checkpatch gcc_bpf

all: $(LIB) $(BPF_OBJS) $(SAMPLE_BINS) $(TEST_BINS) $(TEST_PROG_OBJS) \
	$(FOREIGN_OBJS) \
	$(TEST_BTFS) $(HARNESS_BINS) $(WORKLOAD_BINS)

deps:
	$(Q)scripts/install-deps.sh

$(O)/loader/%.o: loader/%.c $(wildcard loader/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_USER) -c $< -o $@

$(LIB): $(LOADER_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(O)/samples/lib/%.o: samples/lib/%.c $(wildcard samples/lib/*.h \
		samples/include/*.h loader/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_USER) -c $< -o $@

$(COMMON_LIB): $(COMMON_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

# A tool's BPF side includes its own folder's header (TOOL.h, shared
# with its user side) and bpf/ and samples/include/.
define bpf_rule
$(BPF_OUT)/$(1).bpf.o: samples/$(1)/$(1).bpf.c $(wildcard bpf/*.h \
		samples/include/*.h samples/$(1)/*.h)
	$$(call msg,CLANG,$$@)
	$(Q)mkdir -p $$(@D)
	$(Q)$$(CLANG) $$(BPF_CFLAGS) -Isamples/$(1) -c $$< -o $$@
endef
$(foreach s,$(BPF_SRCS),$(eval $(call bpf_rule,$(basename $(basename \
	$(notdir $(s)))))))

# The same programs through GCC's BPF back end (make gcc_bpf): they must
# compile; Documentation/testing.rst says what gcc 12's objects lack.
# "#pragma clang loop" keeps clang from unrolling a loop for the verifier
# to walk copy by copy; gcc does not unroll those loops at -O2.
BPF_GCC ?= bpf-gcc
GCC_BPF_CFLAGS := -O2 -gbtf -mcpu=v3 -Wall -Werror -Wno-unused-function \
		  -Wno-unknown-pragmas \
		  -Ibpf -Iloader -Isamples/include $(UAPI_INC) \
		  -idirafter /usr/include -idirafter /usr/include/$(MULTIARCH)
# core_kinds.bpf.c is left out: it exercises clang's CO-RE builtins
# (__builtin_preserve_field_info and friends), which gcc 12 lacks.
GCC_BPF_SKIP := $(TEST_DIR)/progs/core_kinds.bpf.c
GCC_BPF_OBJS := $(patsubst %.bpf.c,$(O)/gcc-bpf/%.bpf.o,$(notdir $(BPF_SRCS))) \
	$(patsubst $(TEST_DIR)/progs/%.bpf.c,$(O)/gcc-bpf/progs/%.bpf.o,\
		$(filter-out $(GCC_BPF_SKIP),$(TEST_PROG_SRCS)))
define gcc_bpf_rule
$(O)/gcc-bpf/$(1).bpf.o: samples/$(1)/$(1).bpf.c $(wildcard bpf/*.h \
		samples/include/*.h samples/$(1)/*.h)
	$$(call msg,BPF-GCC,$$@)
	$(Q)mkdir -p $$(@D)
	$(Q)$$(BPF_GCC) $$(GCC_BPF_CFLAGS) -Isamples/$(1) -c $$< -o $$@
endef
$(foreach s,$(BPF_SRCS),$(eval $(call gcc_bpf_rule,$(basename $(basename \
	$(notdir $(s)))))))

$(O)/gcc-bpf/progs/%.bpf.o: $(TEST_DIR)/progs/%.bpf.c \
		$(wildcard bpf/*.h $(TEST_DIR)/progs/*.h)
	$(call msg,BPF-GCC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(BPF_GCC) $(GCC_BPF_CFLAGS) -I$(TEST_DIR)/progs -c $< -o $@

gcc_bpf:
	$(Q)command -v $(BPF_GCC) >/dev/null || scripts/install-deps.sh gcc-bpf
	$(Q)$(MAKE) --no-print-directory $(GCC_BPF_OBJS)
	@echo "gcc_bpf: $(words $(GCC_BPF_OBJS)) BPF programs compile with $$($(BPF_GCC) -dumpversion 2>/dev/null | sed 's/^/gcc /')."

$(SELFTEST_OUT)/progs/%.bpf.o: $(TEST_DIR)/progs/%.bpf.c \
		$(wildcard bpf/*.h $(TEST_DIR)/progs/*.h)
	$(call msg,CLANG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -I$(TEST_DIR)/progs -c $< -o $@

FOREIGN_CFLAGS_nobtf := -O2
FOREIGN_CFLAGS_O1 := -O1 -g
$(FOREIGN_OBJS): $(SELFTEST_OUT)/progs/xdp_udp9.%.o: \
		$(TEST_DIR)/progs/xdp_udp9.bpf.c \
		$(wildcard bpf/*.h)
	$(call msg,CLANG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(FOREIGN_CFLAGS_$*) -target bpf -Ibpf -Iloader $(UAPI_INC) \
		-idirafter /usr/include/$(MULTIARCH) -c $< -o $@

$(SELFTEST_OUT)/progs/%.btf: $(SELFTEST_OUT)/progs/%.bpf.o
	$(call msg,BTF,$@)
	$(Q)$(LLVM_OBJCOPY) --dump-section .BTF=$@ $<

# Embed a tool's BPF object so the binary is self-contained; see
# samples/lib/embed.h for the symbols this defines.
$(O)/samples/%.embed.o: $(BPF_OUT)/%.bpf.o
	$(call msg,EMBED,$@)
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' '.section .rodata' '.balign 8' \
		'.global bb_embed_$*' 'bb_embed_$*:' '.incbin "$<"' \
		'.global bb_embed_$*_end' 'bb_embed_$*_end:' \
		'.section .note.GNU-stack,"",@progbits' | \
		$(CC) -c -x assembler -o $@ -

# A tool's user side: every .c of its folder but the BPF one, linked
# with its embedded object, the shared code and the loader.
define tool_rule
$(1)_OBJS := $(patsubst %.c,$(O)/%.o,$(filter-out %.bpf.c,\
	$(wildcard samples/$(1)/*.c)))
$(O)/samples/$(1)/%.o: samples/$(1)/%.c $(wildcard samples/$(1)/*.h \
		samples/lib/*.h samples/include/*.h loader/*.h)
	$$(call msg,CC,$$@)
	$(Q)mkdir -p $$(@D)
	$(Q)$$(CC) $$(CFLAGS_USER) -Isamples/$(1) -c $$< -o $$@
$(BIN_DIR)/$(1): $$($(1)_OBJS) $(if $(wildcard samples/$(1)/$(1).bpf.c),\
		$(O)/samples/$(1).embed.o) $(COMMON_LIB) $(LIB)
	$$(call msg,LD,$$@)
	$(Q)mkdir -p $$(@D)
	$(Q)$$(CC) $$(LDFLAGS) -o $$@ $$(filter %.o %.a,$$^) $$(LDLIBS) \
		$$(LDLIBS_$(1))
endef
$(foreach t,$(TOOLS),$(eval $(call tool_rule,$(t))))

LDLIBS_openfiles := -lpthread

$(SELFTEST_OUT)/%: $(TEST_DIR)/%.c $(wildcard $(TEST_DIR)/*.h \
		$(SELFTESTS)/*.h loader/*.h bpf/*.h samples/lib/*.h \
		samples/include/*.h) $(LIB) $(COMMON_LIB)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_USER) $(HARNESS_INC) -I$(SELFTESTS) -I$(TEST_DIR) \
		-Ibpf $(LDFLAGS) \
		-o $@ $< $(COMMON_LIB) $(LIB) $(LDLIBS) -lpthread

# Workloads are what the tests observe, not code under test: never
# sanitized, so that they open the same files with or without SANITIZE=1
# (and LeakSanitizer, which refuses to run under strace, stays out).
$(SELFTEST_OUT)/workloads/%: $(TEST_DIR)/workloads/%.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(filter-out -fsanitize% -fno-sanitize%,$(CFLAGS_USER)) \
		-o $@ $< -lpthread

# The malformed-ELF test always runs the loader under ASan and UBSan, so
# it is built from the loader's sources rather than from libbarebpf.a.
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer \
	      -fno-sanitize-recover=undefined
$(SELFTEST_OUT)/test_elf_malformed: $(TEST_DIR)/test_elf_malformed.c \
		$(LOADER_SRCS) $(wildcard loader/*.h $(SELFTESTS)/*.h $(TEST_DIR)/*.h)
	$(call msg,CC,$@ [asan])
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(filter-out -fsanitize%,$(CFLAGS_USER)) $(ASAN_FLAGS) \
		-DBB_FUZZ_REGRESSIONS='"$(CURDIR)/tools/testing/fuzz/corpus-loader"' \
		$(HARNESS_INC) -I$(SELFTESTS) -I$(TEST_DIR) -o $@ $< \
		$(LOADER_SRCS) $(LDLIBS)

$(SELFTEST_OUT)/harness/%: $(SELFTESTS)/harness/%.c $(wildcard $(SELFTESTS)/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_USER) -I$(SELFTESTS) $(LDFLAGS) -o $@ $<

run_tests: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BB_BUILD=$(O) BB_SRC=$(CURDIR) scripts/run_tests.sh -o $(O)/logs \
		$(HARNESS_TESTS) $(TEST_BINS) $(TEST_SCRIPTS)

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BB_BUILD=$(O) scripts/demo.sh

# Benchmarks: tools/testing/bench/*.c and progs/, run by scripts/bench.sh.
BENCH_DIR := tools/testing/bench
BENCH_SRCS := $(wildcard $(BENCH_DIR)/*.c)
BENCH_BINS := $(patsubst $(BENCH_DIR)/%.c,$(O)/bench/%,$(BENCH_SRCS))
BENCH_PROG_OBJS := $(patsubst $(BENCH_DIR)/progs/%.bpf.c,\
	$(O)/bench/progs/%.bpf.o,$(wildcard $(BENCH_DIR)/progs/*.bpf.c))

$(O)/bench/progs/%.bpf.o: $(BENCH_DIR)/progs/%.bpf.c $(wildcard bpf/*.h)
	$(call msg,CLANG,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(O)/bench/%: $(BENCH_DIR)/%.c $(LIB) $(COMMON_LIB) $(wildcard loader/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_USER) -Ibpf $(LDFLAGS) -o $@ $< $(COMMON_LIB) \
		$(LIB) $(LDLIBS) -lpthread

# make bench writes Documentation/bench.rst, bench-filter.png and the
# table as JSON, bench.json; BENCH_JSON=FILE puts the JSON elsewhere.
bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BENCH_BINS) $(BENCH_PROG_OBJS)
	$(Q)BB_BUILD=$(O) BB_SRC=$(CURDIR) scripts/bench.sh \
		$(if $(BENCH_JSON),--json $(BENCH_JSON))

# make bench-compare OLD=old.json NEW=new.json: what got better or worse
# beyond the noise between two runs of make bench. "make bench-compare
# old.json new.json" works too: the two goals after bench-compare are
# taken as OLD and NEW, and not built.
ifeq ($(firstword $(MAKECMDGOALS)),bench-compare)
COMPARE_ARGS := $(wordlist 2,3,$(MAKECMDGOALS))
OLD ?= $(word 1,$(COMPARE_ARGS))
NEW ?= $(word 2,$(COMPARE_ARGS))
$(eval $(COMPARE_ARGS):;@:)
endif
bench-compare:
	$(Q)python3 scripts/bench-compare.py $(or $(OLD),OLD.json) $(or $(NEW),NEW.json)

# libFuzzer targets in tools/testing/fuzz/fuzz_NAME.c, each seeded from
# tools/testing/fuzz/corpus-NAME/ (its regressions live there too; the
# loader's two targets share corpus-loader) and, for those two, every BPF
# object we build. make fuzz FUZZ_SECONDS=N runs each for N seconds; a
# crash is saved as $(O)/fuzz/crash-* and fails the target. FUZZ_SEED=N
# makes a run repeatable (0: random).
FUZZ_SECONDS ?= 60
FUZZ_SEED ?= 0
FUZZ_SRCS := $(wildcard tools/testing/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tools/testing/fuzz/%.c,$(O)/fuzz/%,$(FUZZ_SRCS))
fuzz_build: $(FUZZ_BINS)

$(O)/fuzz/fuzz_%: tools/testing/fuzz/fuzz_%.c $(LOADER_SRCS) $(COMMON_SRCS) \
		$(wildcard loader/*.h samples/lib/*.h) $(TEST_BTFS)
	$(call msg,CLANG,$@ [libFuzzer])
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) -g -O1 -std=gnu11 -D_GNU_SOURCE -Iloader -Isamples/lib \
		-Isamples/include \
		-DBB_FUZZ_BTF='"$(SELFTEST_OUT)/progs/core_target.btf"' \
		-Ibpf -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -o $@ $< $(LOADER_SRCS) \
		$(COMMON_SRCS) $(LDLIBS) -lpthread

fuzz: all $(FUZZ_BINS)
	$(Q)set -e; cd $(O)/fuzz; for f in $(notdir $(FUZZ_BINS)); do \
		n=$${f#fuzz_}; corpus=$$n; \
		[ "$$n" = prepare ] && corpus=loader; \
		mkdir -p work-$$n; \
		[ "$$corpus" = loader ] && \
			cp $(BPF_OBJS) $(TEST_PROG_OBJS) work-$$n/; \
		echo "  FUZZ     $$f for $(FUZZ_SECONDS) s"; \
		./$$f -max_total_time=$(FUZZ_SECONDS) -seed=$(FUZZ_SEED) \
			-print_final_stats=1 \
			-max_len=65536 work-$$n \
			$(CURDIR)/tools/testing/fuzz/corpus-$$corpus >$$f.log 2>&1 || \
			{ tail -30 $$f.log; exit 1; }; \
		grep -E 'Done|number_of_executed_units' $$f.log; \
	done

# ---- parity: barebpf against libbpf (tools/testing/parity/) -------------
# make parity compiles the kernel's BPF selftest programs, loads each with
# libbpf and with barebpf and compares what the kernel got; see
# tools/testing/parity/README.rst. Not part of run_tests. The parity tool
# is the only program here that links libbpf: it is the reference.
.PHONY: parity
PARITY_BIN := $(O)/parity/parity

$(PARITY_BIN): tools/testing/parity/parity.c $(LIB) $(wildcard loader/*.h)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_USER) $(LDFLAGS) -o $@ $< $(LIB) -lbpf $(LDLIBS)

# PARITY_KDIR=DIR: take the programs from that tree (KDIR means a build
# inside a kernel tree here, so it is not passed on).
parity:
	$(Q)BB_BUILD=$(O) BB_SRC=$(CURDIR) MAKE="$(MAKE)" KDIR=$(PARITY_KDIR) \
		tools/testing/parity/parity.sh
# ---- end of parity --------------------------------------------------------

# Copy barebpf into Debian's linux-source-6.1 and build it there.
kernel_tree_check:
	$(Q)BB_BUILD=$(O) scripts/kernel-tree-check.sh

checkpatch:
	$(Q)BB_BUILD=$(O) scripts/checkpatch.sh

clean:
	$(call msg,CLEAN,$(O))
	$(Q)rm -rf $(O)
