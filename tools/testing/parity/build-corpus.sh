#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# build-corpus.sh - compile the kernel's own BPF selftest programs
# (tools/testing/selftests/bpf/progs/*.c of Debian's linux-source-6.1)
# into the corpus the parity tool loads with libbpf and with barebpf.
#
#   BB_BUILD=DIR   build directory (default: <source>/build); objects go
#                  to DIR/parity/objs/NAME.bpf.o
#   KDIR=DIR       an unpacked kernel tree to take the programs from;
#                  without it /usr/src/linux-source-6.1.tar.* is unpacked
#                  into DIR/parity/ (its tools/ directory only)
#
# Flags are those of the selftests Makefile for test_progs (the
# CLANG_BPF_BUILD_RULE with BPF_CFLAGS, CLANG_CFLAGS and
# -DENABLE_ATOMICS_TESTS), except that libbpf's headers are Debian's
# (/usr/include/bpf, reached through clang's system include path) and
# vmlinux.h is dumped from the running kernel's BTF. A program that does
# not compile is listed in DIR/parity/compile-failed.txt, with clang's
# messages in DIR/parity/compile-logs/, and left out of the corpus.
set -eu

src=$(cd "$(dirname "$0")/../../.." && pwd)
out=${BB_BUILD:-$src/build}/parity
CLANG=${CLANG:-clang}
BPFTOOL=${BPFTOOL:-bpftool}

die()
{
	echo "build-corpus: $*" >&2
	exit 1
}

# Print the kernel tree to use, unpacking Debian's tarball if need be.
find_tree()
{
	local tarball

	if [ -n "${KDIR:-}" ]; then
		[ -d "$KDIR/tools/testing/selftests/bpf/progs" ] ||
			die "KDIR=$KDIR has no tools/testing/selftests/bpf/progs."
		echo "$KDIR"
		return
	fi
	if [ ! -d "$out/linux-source-6.1/tools/testing/selftests/bpf/progs" ]; then
		tarball=$(find /usr/src -maxdepth 1 -name 'linux-source-6.1.tar.*' | head -1)
		[ -n "$tarball" ] ||
			die "no kernel tree: set KDIR or install linux-source-6.1."
		echo "build-corpus: unpacking tools/ of $tarball into $out." >&2
		mkdir -p "$out"
		tar -C "$out" -xf "$tarball" linux-source-6.1/tools
	fi
	echo "$out/linux-source-6.1"
}

# vmlinux.h of the running kernel, dumped again when the kernel changed.
make_vmlinux_h()
{
	local inc=$out/include stamp release

	release=$(uname -r)
	stamp=$inc/vmlinux.h.release
	mkdir -p "$inc"
	if [ -s "$inc/vmlinux.h" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$release" ]; then
		return
	fi
	[ -r /sys/kernel/btf/vmlinux ] ||
		die "the running kernel has no BTF (/sys/kernel/btf/vmlinux)."
	"$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux format c \
		>"$inc/vmlinux.h.tmp"
	mv "$inc/vmlinux.h.tmp" "$inc/vmlinux.h"
	echo "$release" >"$stamp"
}

# clang's own include path as -idirafter flags (get_sys_includes).
sys_includes()
{
	"$CLANG" -v -E - </dev/null 2>&1 |
		sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }'
}

kdir=$(find_tree)
seldir=$kdir/tools/testing/selftests/bpf
make_vmlinux_h

# shellcheck disable=SC2207
flags=(-g -Werror -D__TARGET_ARCH_x86 -mlittle-endian
	-I"$out/include" -I"$seldir" -I"$kdir/tools/include/uapi"
	$(sys_includes) -Wno-compare-distinct-pointer-types
	-DENABLE_ATOMICS_TESTS -O2 -target bpf -mcpu=v3)
# The Makefile's "test_l4lb_noinline.o: BPF_CFLAGS += -fno-inline" names
# the .o, not the .bpf.o it builds, so it has no effect there: none here.

objs=$out/objs
logs=$out/compile-logs
# Objects built with other flags or from another tree are rebuilt.
key="$kdir ${flags[*]} $($CLANG --version | head -1)"
if [ "$(cat "$out/corpus.flags" 2>/dev/null)" != "$key" ]; then
	rm -rf "$objs" "$logs"
fi
mkdir -p "$objs" "$logs"
echo "$key" >"$out/corpus.flags"

export CLANG out objs logs
compile_one()
{
	local c=$1 name o

	shift
	name=$(basename "$c" .c)
	o=$objs/$name.bpf.o
	# Up to date: newer than its source and than vmlinux.h.
	if [ "$o" -nt "$c" ] && [ "$o" -nt "$out/include/vmlinux.h" ]; then
		return 0
	fi
	rm -f "$o" "$logs/$name.log"
	if ! "$CLANG" "$@" -c "$c" -o "$o" 2>"$logs/$name.log"; then
		rm -f "$o"
		return 0
	fi
	rm -f "$logs/$name.log"
}
export -f compile_one

srcs=("$seldir"/progs/*.c)
total=${#srcs[@]}
echo "build-corpus: compiling $total programs of $seldir/progs" \
	"with $($CLANG --version | head -1)." >&2
printf '%s\0' "${srcs[@]}" |
	xargs -0 -P "$(nproc)" -I{} bash -c 'compile_one "$@"' _ {} "${flags[@]}"

# Record what failed to compile.
: >"$out/compile-failed.txt"
for c in "$seldir"/progs/*.c; do
	name=$(basename "$c" .c)
	[ -f "$objs/$name.bpf.o" ] || echo "$name" >>"$out/compile-failed.txt"
done
failed=$(wc -l <"$out/compile-failed.txt")
built=$((total - failed))
echo "$total programs: $built compiled, $failed failed to compile" \
	"(listed in $out/compile-failed.txt)."
