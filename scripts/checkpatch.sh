#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# checkpatch.sh - the kernel's scripts/checkpatch.pl over our C code.
#
#   scripts/checkpatch.sh [FILE...]	(default: every .c and .h in git)
#
# Uses $CHECKPATCH if set, else the checkpatch.pl of the linux-source-6.1
# tree that "make kernel_tree_check" unpacks, else takes it (with the
# spelling list it reads) out of Debian's linux-source-6.1 tarball. Fails
# on any ERROR except the false positives that the kernel's own BPF and
# kselftest headers share; Documentation/testing.rst lists them.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
out=${BB_BUILD:-$src/build}

find_checkpatch()
{
	local dir=$out/checkpatch tarball

	if [ -n "${CHECKPATCH:-}" ]; then
		echo "$CHECKPATCH"
		return
	fi
	if [ -x "$out/ktree/linux-source-6.1/scripts/checkpatch.pl" ]; then
		echo "$out/ktree/linux-source-6.1/scripts/checkpatch.pl"
		return
	fi
	if [ ! -f "$dir/scripts/checkpatch.pl" ]; then
		tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1 || true)
		if [ -z "$tarball" ]; then
			export DEBIAN_FRONTEND=noninteractive
			apt-get update -qq
			apt-get install -y -qq --no-install-recommends \
				linux-source-6.1 >/dev/null
			tarball=$(ls /usr/src/linux-source-6.1.tar.* | head -1)
		fi
		mkdir -p "$dir"
		tar -C "$dir" --strip-components=1 -xf "$tarball" \
			linux-source-6.1/scripts/checkpatch.pl \
			linux-source-6.1/scripts/spelling.txt \
			linux-source-6.1/scripts/const_structs.checkpatch
	fi
	echo "$dir/scripts/checkpatch.pl"
}

# is_known FILE LINE TYPE: an ERROR the kernel's own headers get too.
#  - COMPLEX_MACRO on SEC(), __uint(), __type(), __array(),
#    __always_inline and the helper declarations: attribute and
#    declarator macros cannot be wrapped in parentheses or do-while
#    (the kernel's bpf_helpers.h has the same reports);
#  - SPACING "need consistent spacing around '*'" after FIXTURE_DATA(x):
#    checkpatch reads the macro call as an expression and the '*' as a
#    multiplication (the kernel's selftests using the harness get it too);
#  - MULTISTATEMENT_MACRO_USE_DO_WHILE on the harness's check loop: an
#    ASSERT_*() must be open-ended so that a TH_LOG() can follow it, as
#    in the kernel's kselftest_harness.h.
is_known()
{
	local text

	text=$(sed -n "$2p" "$1")
	case "$3" in
	COMPLEX_MACRO)
		[[ $text =~ ^#define\ ((SEC|__uint|__type|__array|BB_HELPER)\(|__always_inline[[:space:]]) ]] ;;
	SPACING)
		[[ $text == *"FIXTURE_DATA("*") *"* ]] ;;
	MULTISTATEMENT_MACRO_USE_DO_WHILE)
		[[ $text =~ ^#define\ __BB_ON_FAILURE\( ]] ;;
	*)
		return 1 ;;
	esac
}

cp=$(find_checkpatch)
cd "$src"
if [ $# -eq 0 ]; then
	mapfile -t files < <(git ls-files '*.c' '*.h')
else
	files=("$@")
fi

# One checkpatch per file, as many at once as there are CPUs.
reports=$(mktemp)
trap 'rm -f "$reports"' EXIT
printf '%s\0' "${files[@]}" |
	xargs -0 -n 1 -P "$(nproc)" "$cp" --no-tree -f --terse --no-summary \
		--show-types --ignore PREFER_DEFINED_ATTRIBUTE_MACRO \
		>"$reports" 2>/dev/null || true

errors=0
known=0
warnings=0
while IFS= read -r line; do
	# FILE:LINE: ERROR:TYPE: text   (--terse --show-types)
	if [[ $line =~ ^([^:]+):([0-9]+):\ ERROR:([A-Z_]+): ]]; then
		if is_known "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" \
			    "${BASH_REMATCH[3]}"; then
			known=$((known + 1))
		else
			echo "$line" >&2
			errors=$((errors + 1))
		fi
	elif [[ $line == *": WARNING:"* ]]; then
		warnings=$((warnings + 1))
	fi
done <"$reports"
echo "checkpatch: ${#files[@]} files, $errors errors, $known known false positives, $warnings warnings."
[ "$errors" -eq 0 ]
