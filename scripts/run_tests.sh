#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_tests.sh - run selftest programs and summarise their TAP results.
#
#   scripts/run_tests.sh [-o LOGDIR] TEST...
#
# Each TEST is an executable (a compiled selftest or a .sh script).  It
# runs from its own directory with stdin from /dev/null, under a time
# limit of $BB_TEST_TIMEOUT seconds (default 300); its output is echoed
# with a "# " prefix, the way the kselftest runner nests a program's TAP
# inside its own, and saved verbatim to LOGDIR/<name>.log with -o.
#
# Counting is per TAP test case, read from the program's top-level lines:
# "ok" passes, "ok ... # SKIP" skips, "not ok" fails.  A program whose
# exit code is neither 0 nor 4 (KSFT_SKIP) without printing "not ok"
# counts as one failure, as do results missing from its "1..N" plan; a
# program exiting 4 with no results is one skip, and exiting 0 with no
# results one pass.  The last line is always
#
#   N passed, N failed, N skipped
#
# and the exit code is 1 if anything failed.  With CI=true in the
# environment a skip is a failure too: CI must not go green because the
# machine lacked a feature.

KSFT_SKIP=4

usage()
{
	echo "usage: $0 [-o LOGDIR] TEST..." >&2
	exit 2
}

logdir=""
while getopts "o:h" opt; do
	case "$opt" in
	o) logdir=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || usage

timeout_s=${BB_TEST_TIMEOUT:-300}
if ! [[ "$timeout_s" =~ ^[1-9][0-9]*$ ]]; then
	echo "run_tests.sh: BB_TEST_TIMEOUT must be a positive integer" >&2
	exit 2
fi
if [ -n "$logdir" ]; then
	mkdir -p "$logdir" || exit 2
fi

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/bb-run-tests.XXXXXX") || exit 2
# A test runs in its own process group (timeout(1) puts it there so that
# a timeout kills the whole tree), so ^C at the terminal does not reach
# it: forward INT/TERM by hand, then stop.
# shellcheck disable=SC2317  # invoked by trap
stop()
{
	local pid

	pid=$(cat "$tmpdir/pid" 2>/dev/null)
	[ -n "$pid" ] && kill -TERM -- "-$pid" "$pid" 2>/dev/null
	echo "# interrupted"
	exit 130
}
trap stop INT TERM
trap 'rm -rf "$tmpdir"' EXIT

total_pass=0
total_fail=0
total_skip=0

# run_one PATH RAWFILE: run the program, echo its output prefixed, keep
# it raw in RAWFILE; sets $rc to its exit status.
run_one()
{
	local path=$1 raw=$2
	local -a cmd=("$path")

	[[ "$path" == *.sh && ! -x "$path" ]] && cmd=(bash "$path")
	rm -f "$tmpdir/pid" "$tmpdir/rc"
	(
		cd "$(dirname "$path")" || exit 1
		timeout -k 10 "$timeout_s" "${cmd[@]}" &
		echo $! >"$tmpdir/pid"
		wait $!
		{ echo $? >"$tmpdir/rc"; } 2>/dev/null	# gone after ^C
	) </dev/null 2>&1 | tee "$raw" | sed -u 's/^/# /' &
	# Waiting on a background job lets the INT/TERM trap run meanwhile.
	wait
	rc=$(cat "$tmpdir/rc" 2>/dev/null)
	rc=${rc:-1}
}

# count RAWFILE: print "pass fail skip plan" from top-level TAP lines.
count()
{
	awk '
		/^not ok( |$)/			{ fail++; next }
		/^ok( |$)/ && tolower($0) ~ /# skip/ { skip++; next }
		/^ok( |$)/			{ pass++; next }
		/^1\.\.[0-9]+/ && plan == "" {
			plan = substr($1, 4) + 0
		}
		END { printf "%d %d %d %s\n", pass, fail, skip,
			     plan == "" ? "-" : plan }
	' "$1"
}

echo "TAP version 13"
echo "1..$#"
num=0
for test in "$@"; do
	num=$((num + 1))
	name=$(basename "$test")
	raw=$tmpdir/$name.out
	: >"$raw"
	echo "# selftests: $name"

	path=$(readlink -f -- "$test")
	if [ -z "$path" ] || [ ! -f "$path" ]; then
		echo "# $name: not found: $test" | tee "$raw"
		rc=127
	else
		run_one "$path" "$raw"
	fi

	read -r pass fail skip plan < <(count "$raw")
	seen=$((pass + fail + skip))
	if [ "$plan" != "-" ] && [ "$seen" -lt "$plan" ]; then
		echo "# $name: planned $plan tests, saw $seen"
		fail=$((fail + plan - seen))
	fi
	case "$rc" in
	0) [ "$seen" -eq 0 ] && [ "$fail" -eq 0 ] && pass=1 ;;
	"$KSFT_SKIP") [ "$seen" -eq 0 ] && [ "$fail" -eq 0 ] && skip=1 ;;
	*)
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
			echo "# $name: timed out after $timeout_s s"
		else
			echo "# $name: exit code $rc"
		fi
		[ "$fail" -eq 0 ] && fail=1
		;;
	esac

	if [ "$fail" -gt 0 ]; then
		echo "not ok $num selftests: $name # exit=$rc"
	elif [ "$pass" -eq 0 ] && [ "$skip" -gt 0 ]; then
		echo "ok $num selftests: $name # SKIP"
	else
		echo "ok $num selftests: $name"
	fi
	[ -n "$logdir" ] && cp "$raw" "$logdir/$name.log"

	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
done

status=0
[ "$total_fail" -gt 0 ] && status=1
if [ "${CI:-}" = "true" ] && [ "$total_skip" -gt 0 ]; then
	echo "CI=true: $total_skip skipped tests count as failures."
	status=1
fi
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
exit "$status"
