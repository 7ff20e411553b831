#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# test_bench_compare.sh - scripts/bench-compare.py, which make
# bench-compare runs on two JSON tables of make bench, on the fixtures
# in bench_compare/: a row whose ratio ranges moved clear of each other
# downwards is "better", upwards "worse", one whose ranges overlap is
# "same" (noise), a live rate (pkt/s) that rose is "better"; rows of one
# table only are listed; the summary counts them; and a file that is
# not JSON, or not a table of make bench, is refused with exit status 1
# and one line on stderr, nothing on stdout.
source "$(dirname "$0")/lib.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${BB_SRC:-$(cd "$HERE/../../../.." && pwd)}
# In a kernel tree (scripts/kernel-tree-copy.sh) the script sits with
# the rest of barebpf, under samples/bpf/barebpf.
CMP=$SRC/scripts/bench-compare.py
[ -f "$CMP" ] || CMP=$SRC/samples/bpf/barebpf/scripts/bench-compare.py
FIX=$HERE/bench_compare

require_cmd python3
[ -f "$CMP" ] || ktap_skip_all "scripts/bench-compare.py is not here"
tmp=$(mktemp -d)
cleanup_push "rm -rf '$tmp'"

ktap_header
ktap_plan 9

# verdict_of MEASUREMENT: the first word of the line about MEASUREMENT.
verdict_of()
{
	awk -v m=": $1: " 'index($0, m) { print $1; exit }' "$tmp/out"
}

# expect NAME MEASUREMENT VERDICT
expect()
{
	local got

	got=$(verdict_of "$2")
	if [ "$got" = "$3" ]; then
		ktap_ok "$1"
	else
		ktap_fail "$1" "\"$2\" is \"$got\", not \"$3\""
	fi
}

python3 "$CMP" "$FIX/old.json" "$FIX/new.json" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$tmp/err" ]; then
	ktap_ok compare_exit_0
else
	ktap_fail compare_exit_0 "exit $rc: $(cat "$tmp/err")"
fi
expect clear_improvement "filter_packet, v4 host hit" better
expect clear_regression "filter_packet, v4 no match" worse
expect overlap_is_noise "filter_packet, v6 host hit" same
expect higher_rate_is_better "filter_packet, dropping" better
if grep -qx 'gone    loader: only in old' "$tmp/out" &&
   grep -qx 'new     loader: only in new' "$tmp/out"; then
	ktap_ok rows_of_one_side_listed
else
	ktap_fail rows_of_one_side_listed "$(cat "$tmp/out")"
fi
if tail -n 1 "$tmp/out" |
   grep -q '^bench-compare: 2 better, 1 worse, 3 same within the noise, 0 changed, 1 only in .*, 1 only in .*\.$'; then
	ktap_ok summary_counts
else
	ktap_fail summary_counts "$(tail -n 1 "$tmp/out")"
fi

# refused NAME OLD: bench-compare OLD new.json fails with exit 1, one
# sentence on stderr that names the file, nothing on stdout.
refused()
{
	local rc lines

	python3 "$CMP" "$2" "$FIX/new.json" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" = 1 ] && [ "$lines" = 1 ] && [ ! -s "$tmp/out" ] &&
	   grep -q "^bench-compare: .*$(basename "$2").*\.$" "$tmp/err"; then
		ktap_ok "$1"
	else
		ktap_fail "$1" "exit $rc, $lines lines: $(cat "$tmp/err" "$tmp/out")"
	fi
}

refused malformed_json_refused "$FIX/not-json.json"
refused row_without_figures_refused "$FIX/no-figures.json"
ktap_finish
