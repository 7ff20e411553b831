#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# kernel-tree-check.sh - prove the kernel-tree copy works: unpack
# Debian's linux-source-6.1 into the build directory (once), install its
# UAPI headers, copy barebpf in with kernel-tree-copy.sh, then build and
# run the selftests with the kernel's own kselftest runner:
#
#	make -C tools/testing/selftests TARGETS=barebpf run_tests
#
# Every test must pass; with CI=true a skipped one fails the check too.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
out=${BB_BUILD:-$src/build}/ktree
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1 || true)

# What headers_install and the kselftest build need, each checked on its
# own: the tarball may be here already (make checkpatch fetches it alone).
missing=""
[ -n "$tarball" ] || missing="linux-source-6.1"
for tool in bc bison flex rsync; do
	command -v "$tool" >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086	# one package per word
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
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

log=$out/kselftest.log
make -s -C "$kdir/tools/testing/selftests" TARGETS=barebpf run_tests \
	>"$log" 2>&1 || true
want=$(cd "$kdir/tools/testing/selftests/barebpf" &&
       ls test_*.c test_*.sh | wc -l)
# The runner's own lines: "ok N selftests: barebpf: test_x [# SKIP]".
results=$(grep -E '^(not )?ok [0-9]+ selftests: barebpf: ' "$log" || true)
failed=$(grep -c '^not ok' <<<"$results" || true)
skipped=$(grep -c '# SKIP' <<<"$results" || true)
ran=$(grep -c . <<<"$results" || true)
if [ "$ran" -ne "$want" ] || [ "$failed" -ne 0 ] ||
   { [ "${CI:-}" = true ] && [ "$skipped" -ne 0 ]; }; then
	grep -E '^(not ok|# not ok|ok .*# SKIP)' "$log" | head -20 >&2
	tail -5 "$log" >&2
	echo "kernel-tree-check: kselftest run in $kdir: $ran of $want tests ran, $failed failed, $skipped skipped (log: $log)." >&2
	exit 1
fi
echo "kernel-tree-check: in $kdir, make -C tools/testing/selftests TARGETS=barebpf run_tests ran all $want barebpf tests with the kernel's runner: $failed failed, $skipped skipped."
