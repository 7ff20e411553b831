# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib.sh - helpers for shell selftests that print KTAP/TAP 13.
#
# Source it from a bash test:
#
#	source "$(dirname "$0")/lib.sh"	# path relative to the test
#	require_root
#	require_cmd ip ping
#	ktap_header
#	ktap_plan 2
#	netns_create ns1 ns2		# sets $ns1="bb-<pid>-ns1", $ns2 ...
#	veth_pair "$ns1" veth0 "$ns2" veth1
#	ip -n "$ns1" addr add 192.0.2.1/24 dev veth0
#	ip -n "$ns2" addr add 192.0.2.2/24 dev veth1
#	run_test ping ip netns exec "$ns1" ping -c1 -W1 192.0.2.2
#	ktap_skip ipv6 "not written yet"
#	ktap_finish			# Totals line, exit 0, 1 or 4
#
# Everything registered with cleanup_push runs, last in first out, when
# the script exits for any reason, including a failed command under
# "set -e" or a signal; so do not install your own EXIT trap.
# Use only documentation addresses in tests: 192.0.2.0/24,
# 198.51.100.0/24, 203.0.113.0/24 and 2001:db8::/32.

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4

# ---- where things are -------------------------------------------------------
#
# BB_BIN holds the tools (openfiles, fw, ...), BB_TESTS the test programs
# with progs/ and workloads/ beside them. Two layouts:
#  - this repository: $BB_BUILD/bin and $BB_BUILD/selftests, BB_BUILD
#    being the build directory ("make run_tests" sets it; default build/);
#  - a kernel tree's kselftest output (or "make install" of it): bin/ and
#    the programs beside this file, BB_BUILD unset.

__bb_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -z "${BB_BUILD:-}" ] && [ -d "$__bb_here/bin" ]; then
	BB_BIN=$__bb_here/bin
	BB_TESTS=$__bb_here
else
	BB_BUILD=${BB_BUILD:-$__bb_here/../../../../build}
	BB_BIN=$BB_BUILD/bin
	BB_TESTS=$BB_BUILD/selftests
fi

KTAP_NUM=0		# results printed so far
KTAP_PLAN=""		# set by ktap_plan
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0

__BB_CLEANUP=()		# shell snippets, run in reverse order on exit

# ---- TAP output -----------------------------------------------------------

ktap_header()
{
	echo "TAP version 13"
}

# ktap_plan N: announce how many results follow.
ktap_plan()
{
	KTAP_PLAN=$1
	echo "1..$1"
}

# ktap_print_msg MSG...: a diagnostic line.
ktap_print_msg()
{
	echo "# $*"
}

# ktap_ok NAME: record a pass.
ktap_ok()
{
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_PASS=$((KTAP_PASS + 1))
	echo "ok $KTAP_NUM $1"
}

# ktap_fail NAME [WHY...]: record a failure, explaining it if WHY is given.
ktap_fail()
{
	local name=$1

	shift
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_FAIL=$((KTAP_FAIL + 1))
	[ $# -gt 0 ] && echo "# $name: $*"
	echo "not ok $KTAP_NUM $name"
}

# ktap_skip NAME REASON...: record a skip.
ktap_skip()
{
	local name=$1

	shift
	KTAP_NUM=$((KTAP_NUM + 1))
	KTAP_SKIP=$((KTAP_SKIP + 1))
	echo "ok $KTAP_NUM $name # SKIP $*"
}

# ktap_finish: print the totals and exit.  Any failure, or fewer/more
# results than planned, exits 1; all skipped exits 4; otherwise 0.
ktap_finish()
{
	local rc=$KSFT_PASS

	if [ -n "$KTAP_PLAN" ] && [ "$KTAP_PLAN" -ne "$KTAP_NUM" ]; then
		echo "# Planned tests != run tests ($KTAP_PLAN != $KTAP_NUM)"
		rc=$KSFT_FAIL
	fi
	echo "# Totals: pass:$KTAP_PASS fail:$KTAP_FAIL xfail:0 xpass:0" \
	     "skip:$KTAP_SKIP error:0"
	if [ "$KTAP_FAIL" -gt 0 ]; then
		rc=$KSFT_FAIL
	elif [ "$rc" -eq "$KSFT_PASS" ] && [ "$KTAP_PASS" -eq 0 ]; then
		rc=$KSFT_SKIP		# nothing passed: all skipped or empty
	fi
	exit "$rc"
}

# ktap_skip_all REASON...: give up on the whole script as skipped.
# Before a plan this is "1..0 # SKIP reason"; after one, every result
# still outstanding is reported as skipped so the stream stays complete.
ktap_skip_all()
{
	if [ -z "$KTAP_PLAN" ]; then
		echo "1..0 # SKIP $*"
		exit "$KSFT_SKIP"
	fi
	while [ "$KTAP_NUM" -lt "$KTAP_PLAN" ]; do
		ktap_skip "skipped" "$*"
	done
	ktap_finish
}

# run_test NAME CMD [ARGS...]: run a command as one test case.  Its output
# becomes "# " diagnostics; exit 0 passes, 4 skips, anything else fails.
run_test()
{
	local name=$1 rc out

	shift
	# Run in this shell (functions and variables work) with the output
	# kept aside: a background job the command leaves behind can then
	# neither hold the output open nor be mistaken for it.
	out=$(mktemp)
	"$@" >"$out" 2>&1 && rc=0 || rc=$?
	sed 's/^/# /' "$out"
	rm -f "$out"
	case "$rc" in
	0) ktap_ok "$name" ;;
	"$KSFT_SKIP") ktap_skip "$name" "command exited with KSFT_SKIP" ;;
	*) ktap_fail "$name" "exit code $rc from: $*" ;;
	esac
}

# ---- requirements ---------------------------------------------------------

require_root()
{
	[ "$(id -u)" -eq 0 ] || ktap_skip_all "requires root"
}

# require_cmd CMD...: skip the script unless every CMD is in $PATH.
require_cmd()
{
	local cmd

	for cmd in "$@"; do
		command -v "$cmd" >/dev/null 2>&1 ||
			ktap_skip_all "requires command: $cmd"
	done
}

# ---- cleanup --------------------------------------------------------------

# cleanup_push CMD [ARGS...]: run this at exit.  One argument is taken
# as shell code (cleanup_push "rm -rf $dir"); several are a command and
# its arguments, quoted so that spaces survive.
cleanup_push()
{
	if [ $# -eq 1 ]; then
		__BB_CLEANUP+=("$1")
	else
		__BB_CLEANUP+=("$(printf '%q ' "$@")")
	fi
}

# The EXIT trap: run every registered cleanup, newest first, without
# letting a failing cleanup stop the others or change the exit code.
__bb_cleanup_run()
{
	local rc=$? i

	set +e
	for ((i = ${#__BB_CLEANUP[@]} - 1; i >= 0; i--)); do
		eval "${__BB_CLEANUP[i]}" >/dev/null 2>&1
	done
	__BB_CLEANUP=()
	exit "$rc"
}

trap __bb_cleanup_run EXIT
# Signals become ordinary exits, so the EXIT trap does the cleanup.
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- network namespaces -----------------------------------------------------

# netns_create NAME...: create one namespace per NAME, named
# "bb-<pid>-NAME" so parallel runs cannot collide, store that name in
# the shell variable NAME, bring its loopback up and delete it at exit.
netns_create()
{
	# Odd local names: the caller's NAME must not be shadowed.
	local __bb_var __bb_ns

	for __bb_var in "$@"; do
		__bb_ns="bb-$$-$__bb_var"
		ip netns add "$__bb_ns" || return 1
		cleanup_push ip netns del "$__bb_ns"
		ip -n "$__bb_ns" link set lo up || return 1
		printf -v "$__bb_var" '%s' "$__bb_ns"
	done
}

# veth_pair NS1 IF1 NS2 IF2: a veth pair with IF1 in NS1 and IF2 in NS2,
# both up.  "-" or "" as a namespace means the current one; the pair is
# then deleted at exit (in a namespace it dies with the namespace).
veth_pair()
{
	local ns1=$1 if1=$2 ns2=$3 if2=$4
	local -a at1=() at2=() in1=() in2=()

	if [ -n "$ns1" ] && [ "$ns1" != "-" ]; then
		at1=(netns "$ns1")
		in1=(-n "$ns1")
	fi
	if [ -n "$ns2" ] && [ "$ns2" != "-" ]; then
		at2=(netns "$ns2")
		in2=(-n "$ns2")
	fi
	ip link add "$if1" "${at1[@]}" type veth \
		peer name "$if2" "${at2[@]}" || return 1
	[ ${#in1[@]} -eq 0 ] && cleanup_push ip link del "$if1"
	ip "${in1[@]}" link set "$if1" up || return 1
	ip "${in2[@]}" link set "$if2" up || return 1
}
