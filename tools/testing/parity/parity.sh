#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# parity.sh - barebpf's parity with libbpf, measured on the kernel's own
# BPF selftest programs (make parity; see README.rst here). As root:
# install what is missing, build the corpus and the parity tool, load
# every object with both loaders and print what they did.
#
#   BB_BUILD=DIR          build directory (default: <source>/build)
#   KDIR=DIR              kernel tree to take the programs from (default:
#                         unpack linux-source-6.1 into DIR/parity/);
#                         make parity PARITY_KDIR=DIR sets it
#   PARITY_TIMEOUT=SECS   time one object may take (default 120)
#   PARITY_ARGS="-w"      more options for the parity tool
#
# Output: the tool's report on stdout (also DIR/parity/parity.log), its
# tables in DIR/parity/{objects,programs,summary}.tsv, and a count of
# barebpf's first error for the objects only libbpf loads.
set -eu -o pipefail

src=${BB_SRC:-$(cd "$(dirname "$0")/../../.." && pwd)}
build=${BB_BUILD:-$src/build}
out=$build/parity
MAKE=${MAKE:-make}
here=$src/tools/testing/parity

die()
{
	echo "parity: $*" >&2
	exit 1
}

# The reference and the corpus, plus what building barebpf needs.
install_missing()
{
	local pkgs="libbpf-dev linux-source-6.1 bpftool clang llvm gcc make
		    libc6-dev libelf-dev zlib1g-dev" missing="" p

	for p in $pkgs; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || missing="$missing $p"
	done
	[ -z "$missing" ] && return
	echo "parity: installing$missing." >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# barebpf's first error for each object only libbpf loads, with the
# names of programs, maps and attach targets and the numbers taken out.
only_libbpf_errors()
{
	awk -F'\t' 'NR > 1 && $2 == "loaded" && $3 == "no" { print $11 }' \
		"$out/objects.tsv" |
		sed -E -e 's/^program [^ :]+ \(section ([^/ )]+)[^)]*\)/program P (section \1)/' \
		    -e 's/^program [^ :]+/program P/' \
		    -e 's/section ([^/ :]+)\/[^ ]* names/section \1\/... names/' \
		    -e 's/^map [^ :]+/map M/' \
		    -e 's/\(the first: [^ ]+ in ([^ )]+)\)/(the first: X in \1)/' \
		    -e 's/symbol [^ :,]+/symbol X/g' \
		    -e 's/\b[0-9]+\b/N/g'
}

# The same, one line per kind of refusal.
error_kind()
{
	awk '
	/names no program type the loader knows/ {
		print "a section name barebpf does not know"; next }
	/CO-RE relocation/ { print "CO-RE relocations"; next }
	/extern reference/ { print "externs (.kconfig, .ksyms, kfuncs)"; next }
	/BPF_PROG_LOAD failed/ {
		sub(/.*BPF_PROG_LOAD failed: /, "")
		print "the kernel refused a program: " $0; next }
	/BPF_MAP_CREATE failed/ {
		sub(/.*BPF_MAP_CREATE failed: /, "")
		print "the kernel refused a map: " $0; next }
	/not supported/ { sub(/^[^:]*: /, ""); print; next }
	{ print }'
}

histograms()
{
	echo "barebpf's first error, objects only libbpf loads, by kind:"
	only_libbpf_errors | error_kind | sort | uniq -c | sort -rn
	echo
	echo "the same in detail:"
	only_libbpf_errors | sort | uniq -c | sort -rn
}

[ "$(id -u)" -eq 0 ] || die "run as root: loading BPF needs CAP_BPF and more."
install_missing
mkdir -p "$out"
BB_BUILD=$build KDIR=${KDIR:-} "$here/build-corpus.sh" | tee "$out/corpus.log"
# KDIR means "build inside a kernel tree" to the Makefile: not here.
$MAKE --no-print-directory -C "$src" O="$build" KDIR= "$out/parity"

# shellcheck disable=SC2086
"$out/parity" -o "$out" -t "${PARITY_TIMEOUT:-120}" ${PARITY_ARGS:-} \
	"$out"/objs/*.bpf.o | tee "$out/parity.log"

echo
histograms | tee "$out/only-libbpf-errors.txt"
echo
tail -1 "$out/corpus.log"
echo "Tables: $out/objects.tsv, programs.tsv, summary.tsv; report: $out/parity.log"
