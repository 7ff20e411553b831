#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# kernel-tree-copy.sh - copy barebpf into a kernel tree: the loader and
# the tools next to the BPF samples, as samples/bpf/barebpf/, and the
# tests into the kselftest framework, as tools/testing/selftests/barebpf/.
#
#   KDIR=/path/to/linux scripts/kernel-tree-copy.sh
#   make -C /path/to/linux headers_install
#   make -C /path/to/linux/tools/testing/selftests TARGETS=barebpf run_tests
#
# Both build against the tree's own UAPI headers (usr/include, after
# "make headers_install") and its own tools/testing/selftests/
# kselftest_harness.h: our harness is deliberately not copied, so the
# tests prove they are source-compatible with the kernel's. The tests
# that check this repository itself (its documentation, its demo) stay
# behind.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
: "${KDIR:?set KDIR to the kernel tree}"
if [ ! -f "$KDIR/Makefile" ] ||
   [ ! -f "$KDIR/tools/testing/selftests/lib.mk" ]; then
	echo "kernel-tree-copy.sh: $KDIR is not a kernel source tree." >&2
	exit 1
fi
dst=$KDIR/samples/bpf/barebpf
tests=$KDIR/tools/testing/selftests/barebpf

rm -rf "$dst" "$tests"
mkdir -p "$dst/tools/testing" "$dst/scripts"
cp -r "$src/loader" "$src/bpf" "$src/samples" "$src/Documentation" "$dst/"
cp "$src/README.md" "$dst/"
cp "$src/scripts/run_tests.sh" "$src/scripts/install-deps.sh" \
	"$src/scripts/demo.sh" "$src/scripts/bench.sh" \
	"$src/scripts/bench-report.py" "$src/scripts/bench-compare.py" \
	"$dst/scripts/"
cp -r "$src/tools/testing/bench" "$src/tools/testing/fuzz" \
	"$dst/tools/testing/"
cp "$src/Makefile" "$dst/Makefile.barebpf"

cp -r "$src/tools/testing/selftests/barebpf" "$tests"
rm -f "$tests/test_docs.sh" "$tests/test_demo.sh"

cat >"$dst/Makefile" <<'MK'
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# barebpf inside a kernel tree (made by barebpf's kernel-tree-copy.sh).
# Run "make headers_install" at the top of the tree first. The tests are
# in tools/testing/selftests/barebpf; the kselftest Makefile there
# builds them through this one.
KDIR ?= $(abspath $(CURDIR)/../../..)
TEST_DIR ?= $(KDIR)/tools/testing/selftests/barebpf
include Makefile.barebpf
MK
echo "barebpf copied to $dst and $tests"
