#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# kernel-tree-check.sh - prove the kernel-tree copy builds: unpack
# Debian's linux-source-6.1 into the build directory (once), install its
# UAPI headers, copy barebpf in with kernel-tree-copy.sh and build
# everything there against the tree's headers and kselftest harness,
# then run the loader tests built that way.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
out=${BB_BUILD:-$src/build}/ktree
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1 || true)

if [ -z "$tarball" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends linux-source-6.1 \
		bc bison flex rsync >/dev/null
	tarball=$(ls /usr/src/linux-source-6.1.tar.* | head -1)
fi
mkdir -p "$out"
kdir=$out/linux-source-6.1
if [ ! -f "$kdir/Makefile" ]; then
	echo "kernel-tree-check: unpacking $tarball" >&2
	tar -C "$out" -xf "$tarball"
fi
if [ ! -f "$kdir/usr/include/linux/bpf.h" ]; then
	make -s -C "$kdir" headers_install >/dev/null
fi
KDIR=$kdir "$src/scripts/kernel-tree-copy.sh"
make -s -C "$kdir/samples/bpf/barebpf" -j"$(nproc)"
# Built against the kernel's harness, the loader tests must still pass.
for t in test_loader test_loader_exact test_load_failures test_elf_malformed; do
	"$kdir/samples/bpf/barebpf/build/selftests/$t" >"$out/$t.log" 2>&1 || {
		tail -20 "$out/$t.log" >&2
		echo "kernel-tree-check: $t failed when built against the kernel's harness." >&2
		exit 1
	}
done
echo "kernel-tree-check: barebpf builds inside $kdir against its headers and kselftest harness, and its loader tests pass there."
